"""The common segmentation: every participant sentence, and what each coder decided on it.

Coders' meaning units may be formed differently (a passage coded by quote, a merged unit), so
agreement and learning compare on one segmentation that does not depend on anyone's decisions:
the participant sentences. A sentence takes a coder's state for a code from every unit of that
coder that overlaps it; a confirmation anywhere in the sentence wins.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from stc.codebook import Codebook, CodebookMatcher
from stc.coding import load_matcher
from stc.config import Project
from stc.corpus import load_transcripts
from stc.decisions import Decisions, Review, apply_decisions, load_decisions
from stc.marks import outside_marks
from stc.nlp import Pipeline, parse_transcripts
from stc.types import Transcript
from stc.units import Sentence, Unit, form_units, sentences

if TYPE_CHECKING:
    from spacy.tokens import Token

# A coder's value for a (sentence, code): 1 confirmed, 0 not coded or rejected, None undecided.
Value = int | None


@dataclass(frozen=True)
class Segment:
    """A participant sentence: the unit every coder is compared on."""

    index: int
    transcript: Transcript
    participant: str
    start: int
    end: int
    suggested: frozenset[str]  # codes the codebook suggests here
    lemmas: tuple[str, ...]  # lower-cased lemmas of its words, punctuation left out

    @property
    def text(self) -> str:
        return self.transcript.text[self.start : self.end]

    @property
    def line(self) -> int:
        return self.transcript.line_of(self.start)

    @property
    def where(self) -> str:
        return f"{self.transcript.id}:{self.line}"


@dataclass
class Corpus:
    """A project parsed once: its sentences, the codebook and coding.yaml, ready for any coder."""

    project: Project
    codebook: Codebook
    pipeline: Pipeline
    matcher: CodebookMatcher
    transcripts: list[Transcript]
    decisions: Decisions
    found: dict[str, list[Sentence]]
    segments: list[Segment]
    _starts: dict[str, list[int]] = field(default_factory=dict)
    _by_transcript: dict[str, list[Segment]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for segment in self.segments:
            self._by_transcript.setdefault(segment.transcript.id, []).append(segment)
        self._starts = {t: [s.start for s in ss] for t, ss in self._by_transcript.items()}

    def units(self, coder: str | None) -> list[Unit]:
        """One coder's meaning units, formed afresh so that coders never share state."""
        return self._reviewed(coder)[0]

    def _reviewed(self, coder: str | None) -> tuple[list[Unit], list[Unit], Review]:
        # `stc suggest`'s queue is left out: the corpus is what the codebook and the
        # decisions say, so that suggest learns the same from the same decisions every time.
        config = self.project.config
        units: list[Unit] = []
        uncoded: list[Unit] = []
        for transcript in self.transcripts:
            coded, rest = form_units(
                transcript,
                self.found[transcript.id],
                config.units.mode,
                config.units.max_sentences,
                config.language,
            )
            units.extend(coded)
            uncoded.extend(rest)
        return apply_decisions(self.decisions, coder, units, uncoded, self.transcripts)

    def rejections(self, coder: str | None) -> set[tuple[int, str]]:
        """(sentence, code) pairs a coder rejected where the codebook does not suggest the
        code: rejected `stc suggest` candidates (and suggestions of a rule since changed)."""
        units, uncoded, review = self._reviewed(coder)
        by_id = {u.id: u for u in [*units, *uncoded]}
        found: set[tuple[int, str]] = set()
        for index, ids in review.attached.items():
            for code in self.decisions.entries[index].rejected:
                for unit in (by_id[i] for i in ids if i in by_id):
                    if code not in unit.states:
                        found.update((s.index, code) for s in self.overlapping(unit))
        return found

    def overlapping(self, unit: Unit) -> list[Segment]:
        segments = self._by_transcript.get(unit.transcript.id, [])
        starts = self._starts.get(unit.transcript.id, [])
        first = max(0, bisect.bisect_right(starts, unit.start) - 1)
        last = bisect.bisect_left(starts, unit.end)  # segments from here start after the unit
        return [s for s in segments[first:last] if s.end > unit.start]

    def values(self, coder: str | None) -> dict[tuple[int, str], Value]:
        """A coder's value on every (sentence, code) their units touch."""
        values: dict[tuple[int, str], Value] = {}
        for unit in self.units(coder):
            for code, state in unit.states.items():
                value: Value = (
                    1 if state in ("accepted", "added") else None if state == "suggested" else 0
                )
                for segment in self.overlapping(unit):
                    key = (segment.index, code)
                    old = values.get(key, 0)
                    values[key] = 1 if 1 in (old, value) else None if None in (old, value) else 0
        return values

    def states(self, coder: str | None) -> dict[tuple[int, str], str]:
        """A coder's state word on every (sentence, code) their units touch."""
        rank = {"suggested": 1, "rejected": 0, "accepted": 2, "added": 3}
        found: dict[tuple[int, str], str] = {}
        for unit in self.units(coder):
            for code, state in unit.states.items():
                for segment in self.overlapping(unit):
                    key = (segment.index, code)
                    if key not in found or rank[state] > rank[found[key]]:
                        found[key] = state
        return found


def _said(tokens: Iterable[Token]) -> tuple[str, ...]:
    """The lower-cased lemmas of the words a sentence says: not its punctuation, nor the
    transcriber's marks in brackets ("(griner)", "[pause]": up to four words, closed), which
    `stc suggest` learned as words ("grine"). Longer or unclosed brackets hold the
    participant's words and are read."""
    words = [w for w in tokens if not w.is_space]  # as keywords read a sentence
    return tuple(
        (w.lemma_ or w.text).lower()
        for w in map(words.__getitem__, outside_marks([w.text for w in words]))
        if not w.is_punct
    )


def load_corpus(project: Project) -> Corpus:
    """Parse a project (through the parse cache) into its participant sentences."""
    codebook, pipeline, matcher = load_matcher(project)
    decisions = load_decisions(project.coding_path, codebook.code_ids)
    transcripts = load_transcripts(project)
    parsed = parse_transcripts(transcripts, pipeline, None, project.parse_cache)
    found: dict[str, list[Sentence]] = {}
    segments: list[Segment] = []
    for item in parsed:
        docs = {turn.index: doc for turn, doc in zip(item.transcript.turns, item.docs, strict=True)}
        found[item.transcript.id] = sentences(item, matcher)
        for sentence in found[item.transcript.id]:
            doc = docs[sentence.turn.index]
            span = doc.char_span(
                sentence.start - sentence.turn.start,
                sentence.end - sentence.turn.start,
                alignment_mode="expand",
            )
            lemmas = _said(span or ())
            segments.append(
                Segment(
                    len(segments),
                    item.transcript,
                    sentence.turn.participant,
                    sentence.start,
                    sentence.end,
                    frozenset(sentence.codes),
                    lemmas,
                )
            )
    return Corpus(project, codebook, pipeline, matcher, transcripts, decisions, found, segments)
