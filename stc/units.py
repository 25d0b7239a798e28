"""Where meaning units are formed: participant sentences, merged by shared codes, with ids.

``sentences`` mode: adjacent coded sentences within one participant turn that share a code
merge into one unit, up to ``max_sentences``. ``turn`` mode: a coded turn is one unit.
Interviewer turns are never coded.

A unit id is ``<transcript>:<6 hex>`` from a hash of the transcript id and the unit's
whitespace-normalised text, so it survives edits elsewhere in the transcript; identical texts
in one transcript get a counter suffix (``-2``, ``-3`` …) in reading order.
"""

from __future__ import annotations

import bisect
import hashlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeVar

from stc.codebook.matcher import CodebookMatcher, Evidence
from stc.flags import contrast_flag, sentence_flags
from stc.marks import MARK_WORDS, mark_close, outside_marks
from stc.nlp import ParsedTranscript, parse_long_texts
from stc.tokens import TranscriptTokens, WordType, from_docs
from stc.types import Transcript, Turn

CodeEvidence = dict[str, tuple[Evidence, ...]]


@dataclass(frozen=True)
class Sentence:
    """A participant sentence, trimmed of surrounding white space, with its codes."""

    transcript_id: str
    turn: Turn
    start: int
    end: int
    codes: CodeEvidence
    word_starts: tuple[int, ...]
    flags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    first_words: tuple[str, ...] = ()


State = Literal["suggested", "accepted", "rejected", "added"]
STATES: tuple[State, ...] = ("suggested", "accepted", "rejected", "added")
CONFIRMED: frozenset[str] = frozenset({"accepted", "added"})


class _Voiced(Protocol):
    @property
    def voice(self) -> str | None: ...


V = TypeVar("V", bound=_Voiced)


def main_line(units: Iterable[V]) -> list[V]:
    """The units a subgroup rests on: all but Malterud's other voices, the units coding.yaml
    marks ``voice: dissent`` (they nuance the subgroup and are not counted as its support)."""
    return [u for u in units if u.voice != "dissent"]


@dataclass
class Unit:
    """A meaning unit: a span of one participant turn and the codes it carries.

    ``evidence`` holds every code a rule or a decision gave the unit, ``states`` each code's
    review state (DESIGN, "Review"). ``codes`` are the confirmed ones (accepted or added): the
    only codes any count, quote or condensate may rest on.
    """

    id: str
    transcript: Transcript
    turn: Turn
    start: int
    end: int
    evidence: CodeEvidence = field(default_factory=dict)
    states: dict[str, State] = field(default_factory=dict)
    flags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    voice: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return self.transcript.text[self.start : self.end]

    @property
    def line_start(self) -> int:
        return self.transcript.line_of(self.start)

    @property
    def line_end(self) -> int:
        return self.transcript.line_of(max(self.start, self.end - 1))

    @property
    def participant(self) -> str:
        return self.turn.participant

    def in_state(self, *states: State) -> list[str]:
        """The unit's codes in any of ``states``, sorted."""
        return sorted(c for c, s in self.states.items() if s in states)

    @property
    def codes(self) -> CodeEvidence:
        """Confirmed codes (accepted or added) and their evidence."""
        return {c: self.evidence.get(c, ()) for c in self.in_state("accepted", "added")}

    @property
    def code_ids(self) -> list[str]:
        return self.in_state("accepted", "added")

    @property
    def group_ids(self) -> list[str]:
        return sorted({c.split("/", 1)[0] for c in self.code_ids})

    @property
    def pending(self) -> list[str]:
        return self.in_state("suggested")

    def flag_text(self) -> str:
        return ";".join(f"{c}:{','.join(self.flags[c])}" for c in sorted(self.flags))

    def evidence_text(self) -> str:
        return " | ".join(
            f"{code} <- {evidence}"
            for code in sorted(self.evidence)
            for evidence in self.evidence[code]
        )


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def base_id(transcript_id: str, text: str) -> str:
    return normalised_id(transcript_id, normalise_space(text))


def normalised_id(transcript_id: str, normalised: str) -> str:
    """``base_id`` of a text whose white space is already normalised."""
    digest = hashlib.sha1(f"{transcript_id}\n{normalised}".encode()).hexdigest()
    return f"{transcript_id}:{digest[:6]}"


def assign_ids(units: Sequence[Unit], taken: Iterable[str] = ()) -> None:
    """Give units (of one transcript, in reading order) their ids."""
    seen: Counter[str] = Counter(taken)
    for unit in units:
        base = base_id(unit.transcript.id, unit.text)
        seen[base] += 1
        unit.id = base if seen[base] == 1 else f"{base}-{seen[base]}"


def sentences(
    parsed: ParsedTranscript | TranscriptTokens, matcher: CodebookMatcher
) -> list[Sentence]:
    """Every participant sentence of a transcript with the codes the codebook gives it."""
    if isinstance(parsed, ParsedTranscript):
        parsed = from_docs(parsed.transcript, parsed.docs, matcher.pipeline.language)
    return code_tokens(parsed, matcher)


def code_tokens(tokens: TranscriptTokens, matcher: CodebookMatcher) -> list[Sentence]:
    """Every participant sentence of a tokenized transcript, coded through the matcher's index
    (exactly the codes and evidence ``CodebookMatcher.match_sentence`` gives).

    Most sentences have no token any keyword word matches: for them only the regex set is
    asked, and the sentence is recorded for coverage.
    """
    return [sentence for _, sentence in _coded(tokens, matcher, every=True)]


def matched_sentences(
    tokens: TranscriptTokens, matcher: CodebookMatcher
) -> list[tuple[int, Sentence]]:
    """Only the sentences the matcher's codes match, each with its number among every
    sentence ``code_tokens`` gives: what re-coding a few codes needs (``stc.coded_cache``).
    A sentence no keyword word touches is passed over at once when the codes have no regex
    or pattern."""
    return list(_coded(tokens, matcher, every=False))


def _coded(
    tokens: TranscriptTokens, matcher: CodebookMatcher, every: bool
) -> Iterator[tuple[int, Sentence]]:
    index = matcher.index
    language = matcher.pipeline.language
    transcript = tokens.transcript
    words = tokens.words
    # Per word type, read once: white space, punctuation, length, and the keyword hits.
    space = [w.is_space for w in words]
    punct = [w.is_punct for w in words]
    length = [len(w.text) for w in words]
    hits = [() if w.is_space else index.word_hits(w) for w in words]
    # Whether a type holds a keyword's anchor (``CodebookIndex.anchors``): a sentence without
    # one cannot get a keyword's code, so only its regexes and patterns are asked.
    said: Counter[int] = Counter()
    for turn, table in zip(transcript.turns, tokens.turns, strict=True):
        if turn.role == "participant":
            said.update(table.types)
    anchors = index.anchors(hits, said)
    hit = [any(anchors.get(k) == p for k, p, _ in h) for h in hits]
    keywords_only = not every and not index.regexes and not index.has_patterns
    keyword_lemma = matcher.keyword_lemma
    number = -1
    for turn, table in zip(transcript.turns, tokens.turns, strict=True):
        if turn.role != "participant":
            continue
        spans = list(table.sentences())
        types, offsets = table.types, table.offsets
        if keywords_only and not any(hit[t] for t in types):
            number += sum(1 for span in spans if any(not space[types[i]] for i in span))
            continue
        content = turn.content(transcript.text)
        patterns: dict[int, list[tuple[str, str, str]]] = {}
        if index.has_patterns and spans:
            doc = parse_long_texts([content], matcher.pipeline)[0]
            patterns = matcher.pattern_hits(doc, [s.start for s in spans])
        base = turn.start
        # Per token of the turn: whether it is white space, and whether it holds an anchor
        # (white space never does, so a sentence's slice of ``anchored`` can be asked whole).
        blank = [space[t] for t in types]
        anchored = [hit[t] for t in types]
        for n, span in enumerate(spans):
            kept = [i for i in span if not blank[i]]
            if not kept:
                continue
            number += 1
            anchor = any(anchored[span.start : span.stop])
            if keywords_only and not anchor:
                continue
            begin = offsets[span.start]
            last = span[-1]
            text = content[begin : offsets[last] + length[types[last]]]
            pattern_hits = patterns.get(n, ())
            codes: CodeEvidence = {}
            regexes = index.regex_candidates(text)
            if regexes or pattern_hits or anchor:
                # Keywords read the words said, not the transcriber's marks ("(paus)").
                words_said = [kept[j] for j in outside_marks([words[types[i]].text for i in kept])]
                kept_hits = [hits[types[i]] for i in words_said]
                places = [
                    (offsets[i] - begin, offsets[i] - begin + length[types[i]]) for i in words_said
                ]
                codes = index.match(places, kept_hits, text, pattern_hits, regexes)
            if not codes and not every:
                continue
            final = kept[-1]
            spoken = [i for i in kept if not punct[types[i]]]
            opening = [i for i in _past_mark(kept, words, types) if not punct[types[i]]]
            flags = (
                sentence_flags([words[types[i]] for i in span], codes, language, keyword_lemma)
                if codes
                else {}
            )
            yield (
                number,
                Sentence(
                    transcript.id,
                    turn,
                    base + offsets[kept[0]],
                    base + offsets[final] + length[types[final]],
                    codes,
                    tuple([base + offsets[i] for i in spoken]),
                    flags,
                    tuple(words[types[i]].text for i in opening[:2]),
                ),
            )


def _past_mark(kept: list[int], words: Sequence[WordType], types: Sequence[int]) -> list[int]:
    """The tokens past a transcription mark in brackets that opens the sentence ("(griner)
    Men …"), so that the contrast flag reads the participant's first words; all of them when
    nothing follows the mark."""
    if not kept or words[types[kept[0]]].text not in ("(", "["):
        return kept
    close = mark_close([words[types[i]].text for i in kept[: 2 + MARK_WORDS]], 0)
    return kept[close + 1 :] or kept if close is not None else kept


def _merge(codes: CodeEvidence, more: CodeEvidence) -> CodeEvidence:
    merged = dict(codes)
    for code, evidence in more.items():
        merged[code] = merged.get(code, ()) + tuple(
            e for e in evidence if e not in merged.get(code, ())
        )
    return merged


def form_units(
    transcript: Transcript,
    found: Sequence[Sentence],
    mode: str = "sentences",
    max_sentences: int = 4,
    language: str = "nb",
) -> tuple[list[Unit], list[Unit]]:
    """Coded units and uncoded sentences (as units without codes), both with ids."""
    groups: list[tuple[list[Sentence], CodeEvidence]] = []
    if mode == "turn":
        by_turn: dict[int, list[Sentence]] = {}
        for sentence in found:
            by_turn.setdefault(sentence.turn.index, []).append(sentence)
        for turn_sentences in by_turn.values():
            codes: CodeEvidence = {}
            for sentence in turn_sentences:
                codes = _merge(codes, sentence.codes)
            groups.append((turn_sentences, codes))
    else:
        for sentence in found:
            if groups:
                last, codes = groups[-1]
                if (
                    codes
                    and sentence.codes
                    and last[-1].turn.index == sentence.turn.index
                    and len(last) < max_sentences
                    and set(codes) & set(sentence.codes)
                ):
                    last.append(sentence)
                    groups[-1] = (last, _merge(codes, sentence.codes))
                    continue
            groups.append(([sentence], dict(sentence.codes)))
    units = []
    for members, codes in groups:
        unit = Unit("", transcript, members[0].turn, members[0].start, members[-1].end, codes)
        unit.states = dict.fromkeys(sorted(codes), "suggested")
        flags: dict[str, list[str]] = {}
        for sentence in members:
            for code, marks in sentence.flags.items():
                known = flags.setdefault(code, [])
                known.extend(f for f in marks if f not in known)
        contrast = contrast_flag(members[0].first_words, language) if codes else None
        if contrast:
            for code in codes:
                flags.setdefault(code, []).insert(0, contrast)
        unit.flags = {c: tuple(f) for c, f in sorted(flags.items()) if f and c in codes}
        units.append(unit)
    assign_ids(units)
    return [u for u in units if u.evidence], [u for u in units if not u.evidence]


def spoken_words(found: Sequence[Sentence]) -> dict[str, array[int]]:
    """Per participant, the offsets of the words their sentences hold, in reading order: what
    coverage counts (compact, for a worker process to send back)."""
    spoken: dict[str, array[int]] = {}
    for sentence in found:
        spoken.setdefault(sentence.turn.participant, array("l")).extend(sentence.word_starts)
    return spoken


def coded_words(
    spoken: Mapping[str, Mapping[str, Sequence[int]]], units: Sequence[Unit]
) -> dict[str, tuple[int, int]]:
    """Per participant: (words spoken, words inside a coded unit of the same transcript).

    ``spoken``: per transcript id, ``spoken_words`` of its sentences.
    """
    spans: dict[str, list[list[int]]] = {}
    for start, end, transcript in sorted(
        (u.start, u.end, u.transcript.id) for u in units if u.codes
    ):
        merged = spans.setdefault(transcript, [])
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    starts = {t: [m[0] for m in merged] for t, merged in spans.items()}
    counts: dict[str, list[int]] = {}
    for transcript, by_participant in spoken.items():
        merged = spans.get(transcript, [])
        begins = starts.get(transcript, [])
        for participant, offsets in by_participant.items():
            entry = counts.setdefault(participant, [0, 0])
            entry[0] += len(offsets)
            if not merged:
                continue
            for offset in offsets:
                i = bisect.bisect_right(begins, offset) - 1
                if i >= 0 and offset < merged[i][1]:
                    entry[1] += 1
    return {p: (c[0], c[1]) for p, c in counts.items()}
