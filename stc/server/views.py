"""What each review page shows, as plain data for the templates (templates render, Python decides).

Pages are built from one code or one transcript at a time and paginated, so a page over a
corpus of a million words sends only what it shows.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stc.codebook.matcher import Evidence
from stc.coding import CodingResult
from stc.decisions import entry_at
from stc.errors import StcError
from stc.types import Transcript, Turn
from stc.units import Unit

PAGE_SIZE = 20

# Okabe & Ito's palette, made to stay distinguishable under the common colour-vision
# deficiencies; each code also gets an underline style and its number as a label.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
LINES = ("solid", "double", "dotted", "wavy")


@dataclass(frozen=True)
class Piece:
    """A stretch of text: plain, the unit, or a matched word inside the unit."""

    text: str
    kind: str = ""  # "", "unit" or "match"


@dataclass
class CodeInfo:
    id: str
    label: str
    group: str
    description: str
    number: int
    colour: str
    line: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def css(self) -> str:
        """Classes for its colour and underline style (inline styles would break the CSP)."""
        n = self.number - 1
        return f"c{n % len(PALETTE) + 1} l{(n // len(PALETTE)) % len(LINES) + 1}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def decided(self) -> int:
        return self.total - self.counts.get("suggested", 0)

    @property
    def percent(self) -> int:
        return round(100 * self.decided / self.total) if self.total else 100


def codes(result: CodingResult) -> list[CodeInfo]:
    """Every code of the codebook in its order, with its colour, cue and review counts."""
    counts: dict[str, dict[str, int]] = {c: {} for c in result.codebook.code_ids}
    for unit in result.units:
        for code, state in unit.states.items():
            if code in counts:
                counts[code][state] = counts[code].get(state, 0) + 1
    return [
        CodeInfo(
            cid,
            code.label,
            group.label,
            code.description,
            n,
            PALETTE[(n - 1) % len(PALETTE)],
            LINES[((n - 1) // len(PALETTE)) % len(LINES)],
            counts[cid],
        )
        for n, (cid, group, code) in enumerate(result.codebook.codes, 1)
    ]


@dataclass(frozen=True)
class OrphanInfo:
    """A decision in coding.yaml whose text no unit holds now (``CodingResult.orphan_records``)."""

    where: str  # as an editor opens it: coding.yaml:6 [1]
    name: str  # its unit id, or transcript: «quote»
    line: object  # where the transcript holds the passage respelt, if it does ("" if not)
    text: str
    why: str = ""  # why it is orphaned, in words (not when the passage was respelt)
    fix: str = ""  # how to re-attach it


def orphans(result: CodingResult, coding: Path) -> list[OrphanInfo]:
    """The deciding coder's orphaned decisions, named and explained as the command line and
    the report explain them (``stc.wording.orphan_line``)."""
    from stc.decisions import reason_key
    from stc.wording import orphan_fix, orphan_reason

    language = result.project.config.language
    found = []
    for row in result.orphan_records():
        why, n = reason_key(str(row["reason"]))
        respelt = bool(row["now_text"])
        found.append(
            OrphanInfo(
                entry_at(coding, row["index"], row["line"] or None),
                str(row["name"]),
                row["now_line"],
                str(row["now_text"]),
                "" if respelt else orphan_reason(language, why, n, str(row["place"])),
                orphan_fix(language, why, str(row["place"])),
            )
        )
    return found


def evidence_line(evidence: Evidence, ui: Callable[..., str]) -> str:
    """ "nøkkelord «redd» = «redd»": the rule, the researcher's pattern and the words found,
    in the page's language (``ui``)."""
    if evidence.rule in ("manual", "suggest"):
        return ui(f"ev_{evidence.rule}", pattern=evidence.pattern)
    words = ", ".join(ui("quoted", text=m) for m in evidence.matched)
    # keyword, regex or pattern: the rules stc.codebook.matcher.code_evidence gives
    return f"{ui(f'ev_{evidence.rule}')} {ui('quoted', text=evidence.pattern)} = {words}"


def _marked(text: str, words: list[str]) -> list[Piece]:
    """The unit's text with every matched word form marked (whole words, any case)."""
    forms = sorted({w for w in words if w.strip()}, key=len, reverse=True)
    if not forms:
        return [Piece(text, "unit")]
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(f) for f in forms) + r")(?!\w)", re.I)
    pieces: list[Piece] = []
    at = 0
    for match in pattern.finditer(text):
        if match.start() > at:
            pieces.append(Piece(text[at : match.start()], "unit"))
        pieces.append(Piece(match.group(0), "match"))
        at = match.end()
    if at < len(text):
        pieces.append(Piece(text[at:], "unit"))
    return pieces


def question(transcript: Transcript, turn: Turn) -> Turn | None:
    """The interviewer's turn just before ``turn``, if any."""
    earlier = [t for t in transcript.turns if t.index < turn.index]
    return earlier[-1] if earlier and earlier[-1].role == "interviewer" else None


def _text(transcript: Transcript, start: int, end: int) -> str:
    return transcript.text[start:end]


@dataclass
class Card:
    """One pending suggestion in the queue, in its context."""

    unit: Unit
    code: str
    question: str | None
    question_line: int | None
    pieces: list[Piece]
    evidence: list[str]
    flags: tuple[str, ...]
    others: list[tuple[str, str]]  # (code, state) of the unit's other codes


def pending(result: CodingResult, code: str) -> list[Unit]:
    """The code's pending suggestions in review order (``CodingResult.review_queue``'s order)."""
    units = [u for u in result.units if u.states.get(code) == "suggested"]
    units.sort(key=lambda u: (not u.flags.get(code), u.transcript.id, u.start))
    return units


def card(unit: Unit, code: str, ui: Callable[..., str]) -> Card:
    transcript, turn = unit.transcript, unit.turn
    asked = question(transcript, turn)
    matched = [m for e in unit.evidence.get(code, ()) for m in e.matched]
    pieces = [Piece(_text(transcript, turn.start, unit.start))]
    pieces += _marked(unit.text, matched)
    pieces.append(Piece(_text(transcript, unit.end, turn.end)))
    return Card(
        unit,
        code,
        _text(transcript, asked.start, asked.end) if asked else None,
        asked.line if asked else None,
        [p for p in pieces if p.text],
        [evidence_line(e, ui) for e in unit.evidence.get(code, ())],
        unit.flags.get(code, ()),
        [(c, s) for c, s in sorted(unit.states.items()) if c != code],
    )


def page_of(items: int, page: int) -> tuple[int, int]:
    """The page number within range, and the number of pages."""
    pages = max(1, -(-items // PAGE_SIZE))
    return min(max(page, 1), pages), pages


@dataclass
class Segment:
    """A stretch of a turn in the transcript view and the units that cover it."""

    start: int
    text: str
    units: list[Unit]
    state: str  # accepted | suggested | rejected | "" (uncoded)
    code: str | None  # whose colour it carries


def _state(units: list[Unit]) -> tuple[str, str | None]:
    for wanted in (("accepted", "added"), ("suggested",), ("rejected",)):
        for unit in units:
            for code, state in sorted(unit.states.items()):
                if state in wanted:
                    return ("accepted" if state == "added" else state), code
    return "", None


def segments(turn: Turn, transcript: Transcript, units: list[Unit]) -> list[Segment]:
    """The turn cut at every unit boundary; overlapping units (a chosen passage) both cover."""
    inside = [u for u in units if turn.start <= u.start and u.end <= turn.end]
    cuts = sorted({turn.start, turn.end, *(u.start for u in inside), *(u.end for u in inside)})
    found: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        covering = [u for u in inside if u.start <= a and b <= u.end]
        state, code = _state(covering)
        found.append(Segment(a, transcript.text[a:b], covering, state, code))
    return found


def transcript_view(result: CodingResult, transcript: Transcript) -> list[dict[str, Any]]:
    """Every turn of a transcript with its segments, speaker and line number."""
    units = sorted(
        (u for u in result.units if u.transcript.id == transcript.id),
        key=lambda u: (u.start, u.end),
    )
    return [
        {
            "turn": turn,
            "line": turn.line,
            "last_line": transcript.line_of(max(turn.start, turn.end - 1)),
            "segments": segments(turn, transcript, units),
            "starts": {u.start: u for u in units if turn.start <= u.start < turn.end},
        }
        for turn in transcript.turns
    ]


_WORD = re.compile(r"\w", re.UNICODE)


def snap(transcript: Transcript, start: int, end: int) -> tuple[Turn, int, int]:
    """A selection widened to whole words and trimmed of space and punctuation at its ends.

    It must lie in one participant turn; anything else is an error the page shows.
    """
    text = transcript.text
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while (
        start > 0
        and start < len(text)
        and _WORD.match(text[start - 1])
        and _WORD.match(text[start])
    ):
        start -= 1
    while 0 < end < len(text) and _WORD.match(text[end - 1]) and _WORD.match(text[end]):
        end += 1
    while start < end and not _WORD.match(text[start]):
        start += 1
    while end > start and not (_WORD.match(text[end - 1]) or text[end - 1] in ".!?…"):
        end -= 1
    if start >= end:
        raise StcError("the selection holds no words; select the words to code")
    turn = next((t for t in transcript.turns if t.start <= start and end <= t.end), None)
    if turn is None:
        raise StcError("the selection crosses turns; select words within one turn")
    if turn.role != "participant":
        raise StcError("interviewer turns are never coded; select words the participant said")
    return turn, start, end
