"""Draft condensates and golden-quote candidates from a code's meaning units (STC step 3).

A draft is assembled only from the participants' own words, so the researcher rewrites rather
than starts from nothing: the most representative sentences (sharing content lemmas with the
code's other units), no near-duplicates, taken in turn from each participant, with hesitations
and back-channels removed, 40 to 120 words. Everything here is deterministic.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from stc.nlp import Pipeline
from stc.units import Unit

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MIN_WORDS = 40
TARGET_WORDS = 60
MAX_WORDS = 120
CANDIDATES = 3
# Jaccard similarity at or above which two sentences say the same thing: of their content
# lemmas, or of all their lemmas ("det var der jeg skjønte/lærte at jeg ikke var alene") when
# neither is so short that two function words decide ("det var skummelt/kjedelig").
NEAR_DUPLICATE = 0.5
NEAR_DUPLICATE_ALL = 0.5

# Hesitations and back-channels, elongated forms included (eeh, hmm, mmm). Words that carry
# meaning in speech ("liksom", "altså", "jo") stay: a condensate keeps the participants' voice.
FILLER = re.compile(
    r"^(?:e+h+m*|æ+h+m*|ø+h+m*|ö+h+m*|ä+h+m*|h+m+|m+h+m+|m{2,}|u+h+m*|u+m+|e+r+m+)$",
    re.IGNORECASE,
)
# "Ja," opening a sentence, following a hesitation or closing it (", ja.") acknowledges the
# interviewer; it is dropped.
LEADING_BACKCHANNEL = {"ja", "jaha", "yeah"}
BREAKS = {"...", "..", "....", "\u2026", "\u2013", "\u2014", "-", "--"}
BRACKETS = {"(": ")", "[": "]"}
CLOSING = {",", ".", "!", "?", ":", ";", ")", "]", "…"}
TERMINAL = {".", "!", "?"}
FIRST_PERSON = {
    "nb": {"jeg", "meg", "min", "mitt", "mine", "vi", "oss", "vår", "vårt", "våre"},
    "nn": {"eg", "meg", "min", "mitt", "mine", "vi", "me", "oss", "vår", "vårt", "våre"},
    "da": {"jeg", "mig", "min", "mit", "mine", "vi", "os", "vores"},
    "sv": {"jag", "mig", "mej", "min", "mitt", "mina", "vi", "oss", "vår", "vårt", "våra"},
    "en": {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours"},
    "de": {"ich", "mich", "mir", "mein", "meine", "meinen", "meinem", "meiner", "meines"}
    | {"wir", "uns", "unser", "unsere", "unseren", "unserem", "unserer"},
}


@dataclass(frozen=True)
class Sentence:
    """A cleaned sentence of one meaning unit."""

    unit: int
    participant: str
    order: int
    text: str
    words: int
    lemmas: frozenset[str]  # content lemmas (no stop words)
    all_lemmas: frozenset[str]
    first_person: bool
    score: float = 0.0


@dataclass(frozen=True)
class Draft:
    """A draft condensate: one sentence per line. ``short`` when the units held under 40 words."""

    text: str
    words: int
    short: bool


def is_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def word_count(text: str) -> int:
    return sum(1 for part in text.split() if is_word(part))


# What drafting reads of a unit's text: per sentence of 3 words or more, its cleaned text,
# its word count, its content lemmas, all its lemmas, and whether it speaks in the first
# person. Kept by pipeline and text (not the parsed docs, which would hold the corpus twice
# in memory), so re-runs and tests parse each unit once.
_Read = tuple[tuple[str, int, frozenset[str], frozenset[str], bool], ...]
_CACHE: dict[tuple[str, str], _Read] = {}
_CACHE_LIMIT = 200_000


def _read_units(pipeline: Pipeline, texts: Sequence[str]) -> list[_Read]:
    """Each text's sentences as drafting reads them, parsed in one batch where not cached."""
    key = pipeline.fingerprint
    missing = sorted({t for t in texts if (key, t) not in _CACHE})
    if len(_CACHE) + len(missing) > _CACHE_LIMIT:
        _CACHE.clear()
        missing = sorted(set(texts))
    if missing:
        stop = _stop_words(pipeline)
        first = FIRST_PERSON.get(pipeline.language, set())
        for text, doc in zip(missing, pipeline.nlp.pipe(missing), strict=True):
            found = []
            for sent in doc.sents:
                kept = _clean(sent)
                words = [t for t in kept if is_word(t.text)]
                if len(words) < 3:
                    continue
                found.append(
                    (
                        _join(kept),
                        len(words),
                        frozenset(
                            (t.lemma_ or t.text).lower()
                            for t in words
                            if t.text.lower() not in stop
                            and (t.lemma_ or t.text).lower() not in stop
                        ),
                        frozenset((t.lemma_ or t.text).lower() for t in words),
                        any(t.text.lower() in first for t in words),
                    )
                )
            _CACHE[(key, text)] = tuple(found)
    return [_CACHE[(key, t)] for t in texts]


def _stop_words(pipeline: Pipeline) -> set[str]:
    words: set[str] = set(pipeline.nlp.Defaults.stop_words)
    if not words and pipeline.language == "nn":
        # spaCy has no Nynorsk stop words; Bokmål's are the closest.
        from spacy.lang.nb.stop_words import STOP_WORDS

        words = set(STOP_WORDS)
    return words


def _clean(sent: Span) -> list[Token]:
    """The tokens of a sentence without hesitations, annotations and repetitions."""
    tokens = [t for t in sent if not t.is_space]
    kept: list[Token] = []
    broken = True  # at the start, or right after a hesitation or a break
    i = 0
    while i < len(tokens):
        token = tokens[i]
        low = token.text.lower()
        closer = BRACKETS.get(token.text)
        if closer is not None:
            # (ler), (pause), [utydelig]: transcriber's annotations, not speech.
            end = next(
                (j for j in range(i + 1, min(i + 8, len(tokens))) if tokens[j].text == closer),
                None,
            )
            if end is not None:
                i, broken = end + 1, True
                continue
        if low in BREAKS or FILLER.match(low):
            i, broken = i + 1, True
            continue
        following = tokens[i + 1].text.lower() if i + 1 < len(tokens) else ""
        if broken and low in LEADING_BACKCHANNEL and (following in {",", ""} | BREAKS):
            i += 2 if following == "," else 1
            continue
        if token.text == "," and (not kept or kept[-1].text in {",", "(", "["}):
            i += 1
            continue
        if kept and is_word(low) and low == kept[-1].text.lower():
            i += 1  # "jeg jeg", "som ... som": a restart, said once
            continue
        if (
            len(kept) >= 2
            and following
            and is_word(low)
            and [low, following] == [kept[-2].text.lower(), kept[-1].text.lower()]
        ):
            i += 2  # "det var det var"
            continue
        kept.append(token)
        broken = False
        i += 1
    while kept and not is_word(kept[0].text) and kept[0].text not in {"«", '"', "“"}:
        kept.pop(0)
    while kept and kept[-1].text in {",", ":", ";", "(", "["}:
        kept.pop()
    # "… litt kjedelig, ja." : a closing back-channel, said to the interviewer.
    words = [k for k, t in enumerate(kept) if is_word(t.text)]
    if words and kept[words[-1]].text.lower() in LEADING_BACKCHANNEL:
        last = words[-1]
        if last > 0 and kept[last - 1].text == ",":
            del kept[last - 1 : last + 1]
    return kept


def _join(tokens: Sequence[Token]) -> str:
    """Tokens as text, spaced as spoken; a dropped token between two leaves one space."""
    parts: list[str] = []
    for k, token in enumerate(tokens):
        if k:
            previous = tokens[k - 1]
            adjacent = previous.i + 1 == token.i
            if token.text in CLOSING:
                parts.append("")
            elif not adjacent or previous.whitespace_:
                parts.append(" ")
        parts.append(token.text)
    text = "".join(parts)
    if text and not any(text.rstrip("»\"”'").endswith(p) for p in TERMINAL | {"…"}):
        text += "."
    return text[:1].upper() + text[1:]


def _sentences(
    units: Sequence[Unit], pipeline: Pipeline
) -> tuple[list[Sentence], list[frozenset[str]]]:
    """The cleaned sentences of every unit, and each unit's content lemmas."""
    found: list[Sentence] = []
    per_unit: list[frozenset[str]] = []
    for index, (unit, read) in enumerate(
        zip(units, _read_units(pipeline, [u.text for u in units]), strict=True)
    ):
        lemmas_of_unit: set[str] = set()
        for text, words, lemmas, all_lemmas, first_person in read:
            lemmas_of_unit |= lemmas
            found.append(
                Sentence(
                    unit=index,
                    participant=unit.participant,
                    order=len(found),
                    text=text,
                    words=words,
                    lemmas=lemmas,
                    all_lemmas=all_lemmas,
                    first_person=first_person,
                )
            )
        per_unit.append(frozenset(lemmas_of_unit))
    return found, per_unit


def _centrality(lemmas: frozenset[str], shared: Counter[str], first_person: bool) -> float:
    """How much a text shares with the code's other units, balanced against its length."""
    score = sum(shared[lemma] - 1 for lemma in lemmas) / math.sqrt(len(lemmas) + 1)
    return score * (1.25 if first_person else 1.0)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _similar(a: Sentence, b: Sentence) -> bool:
    # One shared content lemma is the code's topic ("redd"), not a repetition.
    return (
        (_jaccard(a.lemmas, b.lemmas) >= NEAR_DUPLICATE and len(a.lemmas & b.lemmas) >= 2)
        or (
            _jaccard(a.all_lemmas, b.all_lemmas) >= NEAR_DUPLICATE_ALL
            and min(len(a.all_lemmas), len(b.all_lemmas)) >= 5
        )
        or a.text.lower() == b.text.lower()
    )


def draft_condensate(units: Sequence[Unit], pipeline: Pipeline) -> Draft:
    """A draft condensate of a code's units: their most representative sentences, 40 to 120 words.

    Sentences are ranked by centrality, taken in turn from each participant (best first) and
    skipped when they repeat one already taken. When the units hold fewer than 40 words of
    distinct sentences, the draft is what there is and ``short`` is set.
    """
    sentences, per_unit = _sentences(units, pipeline)
    shared: Counter[str] = Counter(lemma for lemmas in per_unit for lemma in lemmas)
    ranked = sorted(
        (replace(s, score=_centrality(s.lemmas, shared, s.first_person)) for s in sentences),
        key=lambda s: (-s.score, s.order),
    )
    queues: dict[str, list[Sentence]] = {}
    for sentence in ranked:
        queues.setdefault(sentence.participant, []).append(sentence)
    chosen: list[Sentence] = []
    total = 0
    while total < TARGET_WORDS and any(queues.values()):
        for participant in list(queues):
            queue = queues[participant]
            while queue:
                sentence = queue.pop(0)
                if sentence.words + total > MAX_WORDS:
                    continue
                if any(_similar(sentence, c) for c in chosen):
                    continue
                chosen.append(sentence)
                total += sentence.words
                break
            if total >= TARGET_WORDS:
                break
    if not chosen and ranked:
        # One very long sentence: its first 120 words, marked as cut.
        pieces = ranked[0].text.split()
        kept: list[str] = []
        for piece in pieces:
            if word_count(" ".join([*kept, piece])) > MAX_WORDS:
                break
            kept.append(piece)
        text = " ".join(kept).rstrip(",;:") + " …"
        return Draft(text + "\n", word_count(text), False)
    text = "".join(s.text + "\n" for s in chosen)
    return Draft(text, total, total < MIN_WORDS)


def golden_candidates(units: Sequence[Unit], pipeline: Pipeline) -> list[Unit]:
    """The three most representative units, from distinct participants first."""
    _, per_unit = _sentences(units, pipeline)
    shared: Counter[str] = Counter(lemma for lemmas in per_unit for lemma in lemmas)
    first = FIRST_PERSON.get(pipeline.language, set())

    def score(index: int) -> float:
        unit = units[index]
        words = re.findall(r"\w+", unit.text.lower())
        value = _centrality(per_unit[index], shared, any(w in first for w in words))
        # A golden quote is read aloud in the report: neither a fragment nor a monologue.
        if len(words) < 6:
            value *= 0.5
        elif len(words) > 60:
            value *= 0.75
        return value

    order = sorted(range(len(units)), key=lambda i: (-score(i), i))
    picked: list[int] = []
    seen: set[str] = set()
    for index in order:
        if units[index].participant not in seen and len(picked) < CANDIDATES:
            picked.append(index)
            seen.add(units[index].participant)
    for index in order:
        if index not in picked and len(picked) < CANDIDATES:
            picked.append(index)
    return [units[i] for i in picked]
