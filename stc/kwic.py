"""Keyword in context: try a codebook keyword on the transcripts before putting it in the codebook.

The term is parsed and matched by the codebook's own code (``parse_keyword``, ``Keyword.find_keys``,
per sentence over the same token keys), so a hit here is exactly a sentence the
codebook keyword would code: ``gruppe`` finds *gruppa*, ``grupp*`` *gruppeterapien*,
``*leder`` *gruppelederen*, and several words match consecutive tokens.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

import pandas as pd
from spacy.tokens import Doc

# One implementation of keyword semantics: the matcher's parser, its Keyword.find and the
# token view (forms, lemmas) it matches sentences on.
from stc.codebook.matcher import Keyword, parse_keyword, sentence_view
from stc.codebook.model import check_keyword
from stc.config import Project
from stc.corpus import load_transcripts
from stc.errors import StcError
from stc.nlp import ParsedTranscript, Pipeline, load_pipeline, parse_transcripts
from stc.output import csv_text
from stc.types import Transcript

DEFAULT_WINDOW = 8
COLUMNS = [
    "transcript",
    "line",
    "participant",
    "speaker",
    "turn",
    "char_start",
    "char_end",
    "left",
    "match",
    "right",
]


@dataclass(frozen=True)
class Hit:
    """One match of the keyword, with words of context from the same turn.

    ``char_start``/``char_end`` point into the transcript's normalised text (what ``stc code``
    writes to ``text/<transcript>.txt``); ``line`` is the 1-based line of the match.
    """

    transcript: str
    line: int
    participant: str
    speaker: str
    turn: int
    char_start: int
    char_end: int
    left: str
    match: str
    right: str


def parse_term(term: str, pipeline: Pipeline) -> Keyword:
    """A keyword as the codebook would read it; a malformed one is an ``StcError``."""
    try:
        text = check_keyword(term)
    except ValueError as exc:
        raise StcError(f"TERM: {exc}") from None
    return parse_keyword(text, pipeline)


def _words_before(doc: Doc, index: int, window: int) -> int:
    """The token index where the ``window`` words before token ``index`` begin."""
    start = index
    words = 0
    i = index - 1
    while i >= 0 and words < window:
        if not doc[i].is_space:
            start = i
            if not doc[i].is_punct:
                words += 1
        i -= 1
    return start


def _words_after(doc: Doc, index: int, window: int) -> int:
    """The token index just past the ``window`` words from token ``index`` on."""
    end = index
    words = 0
    i = index
    while i < len(doc) and words < window:
        if not doc[i].is_space:
            end = i + 1
            if not doc[i].is_punct:
                words += 1
        i += 1
    return end


def _text(doc: Doc, start: int, end: int) -> str:
    """Tokens ``start:end`` as one line (masked timestamps and line breaks become spaces)."""
    return " ".join(doc[start:end].text.split()) if end > start else ""


def kwic(
    parsed: Sequence[ParsedTranscript],
    keyword: Keyword,
    window: int = DEFAULT_WINDOW,
    participants_only: bool = True,
    language: str | None = None,
) -> list[Hit]:
    """Every match of ``keyword``, sorted by transcript and position.

    Matching is per sentence, as in the codebook; the context is up to ``window`` words on
    each side within the same turn. Interviewer turns are searched only when
    ``participants_only`` is false. ``language`` (default: the docs' own) picks the other
    lemmas and stems a word is also found by, as in the codebook.
    """
    if window < 0:
        raise ValueError("window must be 0 or more")
    hits = []
    for item in parsed:
        transcript = item.transcript
        for turn, doc in zip(transcript.turns, item.docs, strict=True):
            language = language or doc.lang_
            if participants_only and turn.role != "participant":
                continue
            for sent in doc.sents:
                tokens, lowers, lemmas, keys, forms, pooled = sentence_view(sent, language)
                for a, b, _ in keyword.find_keys(lowers, lemmas, forms, keys, pooled):
                    first, last = tokens[a], tokens[b - 1]
                    start = turn.start + first.idx
                    hits.append(
                        Hit(
                            transcript=transcript.id,
                            line=transcript.line_of(start),
                            participant=turn.participant,
                            speaker=turn.speaker,
                            turn=turn.index,
                            char_start=start,
                            char_end=turn.start + last.idx + len(last.text),
                            left=_text(doc, _words_before(doc, first.i, window), first.i),
                            match=_text(doc, first.i, last.i + 1),
                            right=_text(doc, last.i + 1, _words_after(doc, last.i + 1, window)),
                        )
                    )
    hits.sort(key=lambda h: (h.transcript, h.char_start, h.char_end))
    return hits


def kwic_project(
    project: Project,
    term: str,
    window: int = DEFAULT_WINDOW,
    participants_only: bool = True,
    on_parsed: Callable[[Transcript], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> list[Hit]:
    """Keyword in context over a project's transcripts, with the project's pipeline."""
    config = project.config
    pipeline = load_pipeline(config.language, config.model, str(project.root), str(project.path))
    keyword = parse_term(term, pipeline)
    transcripts = load_transcripts(project)
    if on_start is not None:
        on_start(len(transcripts))
    parsed = parse_transcripts(transcripts, pipeline, on_parsed, project.parse_cache)
    return kwic(parsed, keyword, window, participants_only, pipeline.language)


def hits_frame(hits: Sequence[Hit]) -> pd.DataFrame:
    """The hits as a table with ``COLUMNS``."""
    return pd.DataFrame([asdict(h) for h in hits], columns=COLUMNS)


def hits_csv(hits: Sequence[Hit]) -> str:
    return csv_text(hits_frame(hits))


def hits_json(hits: Sequence[Hit]) -> str:
    """A JSON array of hits, UTF-8 characters kept as they are."""
    return json.dumps([asdict(h) for h in hits], ensure_ascii=False, indent=2) + "\n"
