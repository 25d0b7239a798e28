"""coding.yaml: the researcher's review decisions, and how they attach to meaning units.

Every (unit, code) pair is suggested, accepted, rejected or added (DESIGN, "Review"). An entry
names its unit by id and carries the unit's quote, so that it re-attaches to the unit that holds
the same text after a re-segmentation; an entry whose text is gone is *orphaned*: kept, reported,
never dropped and never an error.

```yaml
- unit: informant-3:7f3a9c
  quote: "Jeg var redd for å dele i starten"
  accept: [sarbarhet/redd-i-starten]
  reject: [fellesskap/dele-erfaringer]      # wave 1's `remove:` reads as `reject:`
  add: [sarbarhet/apne-seg]
  voice: dissent
  by: kari
  note: "negert, men hører hjemme her"
- transcript: informant-5                   # a passage the codebook missed, by its quote
  quote: "det var bedre enn jeg så for meg"
  add: [fellesskap/forventninger]
```
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from stc.codebook.matcher import Evidence
from stc.errors import CodingError
from stc.types import Transcript
from stc.units import State, Unit, base_id, normalise_space
from stc.yamlio import read_yaml, validate


class Entry(BaseModel):
    """One entry of coding.yaml, as the researcher (or stc for them) wrote it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    unit: str | None = None
    transcript: str | None = None
    quote: str | None = None
    accept: list[str] = Field(default_factory=list)
    reject: list[str] = Field(default_factory=list)
    remove: list[str] = Field(default_factory=list)
    add: list[str] = Field(default_factory=list)
    voice: Literal["dissent"] | None = None
    by: str | None = None
    note: str = ""

    @field_validator("accept", "reject", "remove", "add", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else ([] if value is None else value)

    @field_validator("note", mode="before")
    @classmethod
    def _no_null_note(cls, value: object) -> object:
        return "" if value is None else value

    @field_validator("by", "unit", "transcript", "quote", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        # `by: 007` or `unit: 12` are names, not numbers.
        return (
            str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
        )

    @model_validator(mode="after")
    def _where(self) -> Entry:
        if not self.unit and not (self.transcript and self.quote):
            raise ValueError(
                "an entry needs 'unit: <unit id>', or 'transcript:' and 'quote:' for a passage"
            )
        return self

    @property
    def rejected(self) -> list[str]:
        return [*self.reject, *(c for c in self.remove if c not in self.reject)]

    @property
    def codes(self) -> list[str]:
        return [*self.accept, *self.rejected, *self.add]

    @property
    def transcript_id(self) -> str | None:
        if self.transcript:
            return self.transcript
        return self.unit.rsplit(":", 1)[0] if self.unit and ":" in self.unit else None


@dataclass(frozen=True)
class Decisions:
    """coding.yaml read and checked: every entry with its index, in file order."""

    path: Path
    entries: tuple[Entry, ...] = ()

    @property
    def coders(self) -> list[str]:
        return sorted({e.by for e in self.entries if e.by})

    def spelt_otherwise(self, coder: str | None) -> dict[str, int]:
        """Coders whose name is ``coder``'s in other capitals ("Kari" for kari), with their
        entries: names are compared exactly, so their decisions are not ``coder``'s."""
        if not coder:
            return {}
        found: dict[str, int] = {}
        for e in self.entries:
            if e.by and e.by != coder and e.by.casefold() == coder.casefold():
                found[e.by] = found.get(e.by, 0) + 1
        return dict(sorted(found.items()))

    def case_lines(self, coder: str | None, language: str, shown: str | Path) -> list[str]:
        """Per spelling of ``spelt_otherwise``, the warning that its entries are not
        ``coder``'s, naming coding.yaml as ``shown``."""
        from stc.messages import message

        return [
            message(language, "coder_case", path=shown, n=n, other=other, coder=coder)
            for other, n in self.spelt_otherwise(coder).items()
        ]

    def of(self, coder: str | None) -> list[tuple[int, Entry]]:
        """The entries of one coder; entries without ``by`` belong to every coder."""
        return [(i, e) for i, e in enumerate(self.entries) if e.by is None or e.by == coder]


@functools.lru_cache(maxsize=4)
def _entry_lines(text: str) -> tuple[int, ...]:
    """The line (1-based) each top-level entry of a coding.yaml text starts on."""
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        return ()
    return tuple(item.start_mark.line + 1 for item in node.value)


def entry_lines(path: Path) -> tuple[int, ...]:
    """The line each entry of coding.yaml starts on, as the file says now (read once per
    report of problems or orphans, never on the way to a result)."""
    try:
        return _entry_lines(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return ()


def _line_of(lines: tuple[int, ...], index: int) -> int | None:
    return lines[index] if 0 <= index < len(lines) else None


def entry_at(path: Path, index: int, line: int | None) -> str:
    """Where an entry is, as an editor opens it: ``coding.yaml:782 [174]`` (its line, and its
    place in the list)."""
    return f"{path}:{line} [{index}]" if line is not None else f"{path} [{index}]"


def _located(problems: list[str], path: Path) -> list[str]:
    """Problems that name an entry as ``<path> [i]``, with the entry's line put in."""
    prefix = re.compile(re.escape(f"{path} [") + r"(\d+)\]")
    lines = entry_lines(path)

    def at(found: re.Match[str]) -> str:
        index = int(found.group(1))
        return entry_at(path, index, _line_of(lines, index))

    return [prefix.sub(at, p, count=1) for p in problems]


_FOLD = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def _folded(text: str) -> str:
    text = text.lower().translate(_FOLD)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def near_code(code: str, known: Iterable[str]) -> str | None:
    """The codebook id a mistyped code most likely means: the one id whose code part it is
    (``arbete`` for ``vardag/arbete``), or that it is written with å, ä, ö, ø, æ where the id
    has plain letters (``rörelse`` for ``hantering/rorelse``); else the nearest in spelling.
    None when nothing is near, or when the code is in two groups."""
    ids = sorted(known)
    want = _folded(code)
    same = [i for i in ids if want in (_folded(i), _folded(i.split("/", 1)[-1]))]
    if len(same) == 1:
        return same[0]
    if same:
        return None  # a code in two groups: which one is the researcher's to say
    folded = {_folded(i): i for i in ids}
    close = difflib.get_close_matches(want, sorted(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


def load_decisions(path: Path, code_ids: Iterable[str] | None = None) -> Decisions:
    """Read coding.yaml (a missing file means no decisions), checking every entry at once.

    With ``code_ids``, a decision for a code the codebook does not have is an error.
    """
    if not path.exists():
        return Decisions(path)
    data = read_yaml(path, CodingError)
    if data is None:
        return Decisions(path)
    if not isinstance(data, list):
        raise CodingError(
            f"{path}: expected a list of decisions ('- unit: …' or '- transcript: … quote: …')"
        )
    known = set(code_ids) if code_ids is not None else None
    entries: list[Entry] = []
    problems: list[str] = []
    for i, raw in enumerate(data):
        where = f"{path} [{i}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: an entry is a mapping ('- unit: …' with 'accept: […]')")
            continue
        if "voice" in raw and raw["voice"] != "dissent":
            problems.append(
                f"{where} [voice]: '{raw['voice']}' is not a voice; the only one is 'dissent' "
                "(the unit belongs to the code but speaks against its main line); remove it "
                "otherwise"
            )
            continue
        try:
            entry = validate(Entry, raw, where, CodingError)
        except CodingError as exc:
            problems.extend(exc.problems)
            continue
        both = sorted((set(entry.accept) | set(entry.add)) & set(entry.rejected))
        if both:
            kept = "accept:" if both[0] in entry.accept else "add:"
            problems.append(
                f"{where}: '{both[0]}' is both {kept.rstrip(':')}ed and rejected; keep it under "
                f"one of {kept} or reject:"
            )
        if known is not None:
            for code in entry.codes:
                if code not in known:
                    close = near_code(code, known)
                    # Either file may hold the slip: a decision's typo, or a code renamed in
                    # the codebook (then every decision on it would carry the new id).
                    fix = (
                        f"if it is '{close}', write that here; if the codebook renamed it, "
                        "rename it here too or give it its old id back"
                        if close
                        else "use a group/code id from the codebook, or add the code to it"
                    )
                    problems.append(f"{where}: code '{code}' is not in the codebook; {fix}")
        entries.append(entry)
    if problems:
        raise CodingError(*_located(problems, path))
    return Decisions(path, tuple(entries))


def deciding_coder(
    decisions: Decisions, configured: str | None, reviewing: bool = False
) -> str | None:
    """Whose decisions the report uses: ``configured`` (``coder:`` or ``--coder``), else the
    only coder in coding.yaml. Several coders and none chosen is an error naming the fix.

    A configured coder without decisions is a typo when a report is to rest on them; when
    ``reviewing``, it is a second coder starting their review (`stc review --coder NAME`)."""
    coders = decisions.coders
    if configured:
        new = coders and configured not in coders and all(e.by for e in decisions.entries)
        same = [c for c in coders if c.casefold() == configured.casefold()] if new else []
        if same:  # "Kari" for kari: never a new coder, even in a review
            raise CodingError(
                f"{decisions.path}: coder '{configured}' has no decisions, but '{same[0]}' has: "
                f"names are compared exactly; use --coder {same[0]} (or coder: {same[0]} in "
                "stc.yaml)"
            )
        if new and not reviewing:
            close = difflib.get_close_matches(configured, coders, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise CodingError(
                f"{decisions.path}: coder '{configured}' has no decisions (coders: "
                f"{', '.join(coders)}); {hint}set `coder:` in stc.yaml or --coder to one of them"
            )
        return configured
    if len(coders) > 1:
        raise CodingError(
            f"{decisions.path}: decisions by {', '.join(coders)}; say whose the report uses with "
            "`coder: NAME` in stc.yaml (or --coder NAME)"
        )
    return coders[0] if coders else None


# Why a decision is orphaned, when its quote's place does not say it (``PLACES``): the key the
# report's and the command line's wording (``stc.wording.orphan_line``) use, and the English
# reason orphans.csv keeps.
REASONS: dict[str, str] = {
    "transcript_gone": "its transcript is gone",
    "no_quote": "no unit has this id now, and the entry has no quote",
    "not_found": "its quote is no longer in the transcript",
    "places": "its quote stands in {n} places",
}


def reason_key(reason: str) -> tuple[str, int]:
    """The ``REASONS`` key of an English reason, with its number: how step 4 and the review
    workspace, which read orphans.csv, know why a decision is orphaned."""
    for key, text in REASONS.items():
        found = re.fullmatch(re.escape(text).replace(r"\{n\}", r"(\d+)"), reason)
        if found:
            return key, int(found.group(1)) if found.groups() else 0
    return "not_found", 0


@dataclass(frozen=True)
class Orphan:
    """A decision whose text no unit holds any more: kept in coding.yaml and reported."""

    index: int
    entry: Entry
    why: str  # a key of ``REASONS``; a quote's ``place`` says it instead
    at: int | None = None  # the line the entry starts on in coding.yaml
    # The unit whose text differs from the quote by a few edited words (a spelling fixed in
    # the transcript): what the quote would say now. Only shown: the decision stays orphaned.
    edited: Unit | None = None
    place: str = ""  # where the quote stands when no participant turn holds it (``PLACES``)
    spots: int = 0  # where its quote stands in several places: how many

    @property
    def reason(self) -> str:
        """Why, in English, as orphans.csv keeps it."""
        return PLACES[self.place] if self.place else REASONS[self.why].format(n=self.spots)

    def line(self, path: Path, language: str = "en") -> str:
        """The warning ``stc code`` and ``stc check`` give, in the project's language: where
        the entry is, why it is orphaned, and how to re-attach it."""
        from stc.wording import orphan_line

        return orphan_line(
            language,
            where=entry_at(path, self.index, self.at),
            name=self.entry.unit or f"{self.entry.transcript}: \u00ab{self.entry.quote}\u00bb",
            why=self.why,
            n=self.spots,
            place=self.place,
            now_line=self.edited.line_start if self.edited else None,
            now_text=normalise_space(self.edited.text) if self.edited else "",
        )


@dataclass
class Review:
    """What the deciding coder's decisions made of the units, and what did not attach."""

    coder: str | None
    orphans: list[Orphan] = field(default_factory=list)
    attached: dict[int, list[str]] = field(default_factory=dict)  # entry index → unit ids


# A quote typed by hand has the keyboard's straight quotes, hyphens and dots where the
# transcript has a word processor's typographic ones ("don't" for "don’t", "..." for "…",
# "--" for "–"): each finds the others.
_SAME_MARKS = (
    "'\u2018\u2019\u02bc\u201a\u2039\u203a",
    '"\u201c\u201d\u201e\u00ab\u00bb',
    "-\u2010\u2011\u2013\u2014\u2212",
)
_MARK_CLASS = {ch: f"[{re.escape(marks)}]" for marks in _SAME_MARKS for ch in marks}
_ELLIPSIS = r"(?:\.\.\.|\u2026)"
_DASH = r"(?:--|[\u2013\u2014])"
# What a typed word may hold in place of one typographic character, longest first.
_TYPED = re.compile(r"\.\.\.|\u2026|--|[\u2013\u2014]|.", re.S)


def _word_pattern(word: str) -> str:
    parts = []
    for piece in _TYPED.findall(word):
        if piece in ("...", "\u2026"):
            parts.append(_ELLIPSIS)
        elif piece in ("--", "\u2013", "\u2014"):
            parts.append(_DASH if piece == "--" else f"(?:--|{_MARK_CLASS[piece]})")
        else:
            parts.append(_MARK_CLASS.get(piece) or re.escape(piece))
    return "".join(parts)


_FOLD_MARKS = str.maketrans({ch: marks[0] for marks in _SAME_MARKS for ch in marks})


def fold_marks(text: str) -> str:
    """``text`` with straight quotes, hyphens and dots for typographic ones, and single
    spaces: one passage however it was typed ("don't" and "don’t", "..." and "…")."""
    text = text.replace("\u2026", "...").translate(_FOLD_MARKS).replace("--", "-")
    return " ".join(text.split())


def quote_pattern(quote: str) -> re.Pattern[str] | None:
    """Where a quote stands in a text: its words in order, any white space between them,
    straight and typographic quotes, dashes and dots alike."""
    words = quote.split()
    if not words:
        return None
    return re.compile(r"\s+".join(_word_pattern(w) for w in words))


def _in_participant_turn(
    transcript: Transcript, start: int, end: int, starts: Sequence[int] | None = None
) -> bool:
    """Whether ``start:end`` lies in one participant turn; ``starts`` are the turns' starts."""
    turns = transcript.turns  # in reading order, so their starts are sorted
    starts = [t.start for t in turns] if starts is None else starts
    i = bisect.bisect_right(starts, start) - 1
    return i >= 0 and turns[i].role == "participant" and end <= turns[i].end


# Where a quote that no participant turn holds stands, and why that orphans its decision (the
# English reason orphans.csv keeps; ``stc.wording`` says it, and its fix, in each language).
PLACES: dict[str, str] = {
    "interviewer": "its quote is the interviewer's words, and stc codes the participants'",
    "across": "its quote runs across turns, and a meaning unit is one participant's words in "
    "one turn",
    "label": "its quote begins with the speaker's label, which is no one's words",
    "outside": "its quote is in no one's speech (a heading, or the front matter)",
}


def outside_speech(transcript: Transcript, quote: str) -> str | None:
    """Where a quote no participant turn holds stands in the transcript (a key of
    ``PLACES``), as another program may have coded it; None when the transcript does not
    hold it at all."""
    pattern = quote_pattern(quote)
    if pattern is None:
        return None
    turns = transcript.turns
    starts = [t.start for t in turns]
    for match in pattern.finditer(transcript.text):
        begin, end = match.start(), match.end()
        last = bisect.bisect_right(starts, end - 1) - 1  # the turn the quote ends in
        if last < 0 or end > turns[last].end:
            return "outside"  # ends in no turn: a heading, the front matter, a label alone
        turn = turns[last]
        earlier_end = turns[last - 1].end if last > 0 else 0
        if begin < turn.start and begin < earlier_end:
            return "across"
        if turn.role == "interviewer":
            return "interviewer"
        if begin < turn.start:
            return "label"  # "Eva: Ingenting spesielt." as a paragraph is often coded
    return None


def quote_spans(
    transcript: Transcript, quote: str, starts: Sequence[int] | None = None
) -> list[tuple[int, int]]:
    """Every place a quote stands in a participant turn (white space may differ); ``starts``:
    the turns' starts, when the caller has them."""
    pattern = quote_pattern(quote)
    if pattern is None:
        return []
    starts = [t.start for t in transcript.turns] if starts is None else starts
    return [
        (m.start(), m.end())
        for m in pattern.finditer(transcript.text)
        if _in_participant_turn(transcript, m.start(), m.end(), starts)
    ]


def free_id(base: str, taken: dict[str, Unit]) -> str:
    """``base``, or the first ``base-N`` not taken yet."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


# Where two re-attached decisions disagree on one unit, the confirmed passage wins: a unit
# that holds an accepted passage is coded with that code.
_RANK: dict[State, int] = {"suggested": 0, "rejected": 1, "accepted": 2, "added": 3}


def _lead(text: str) -> tuple[str, ...]:
    """The first words of a text: the key a quote and the unit it came from share."""
    return tuple(text.split(maxsplit=LEAD_WORDS)[:LEAD_WORDS])


LEAD_WORDS = 3

_WORDS = re.compile(r"\w+")
# A quote and a unit's text are one passage edited when they have as many words and at most
# one in ten (at least one) differs, each a near spelling of the other ("alene"/"aleine").
EDITED_SHARE = 10
EDITED_SIMILARITY = 0.6


MAX_NEAR = 64  # units compared with one orphan's quote at most


def _near_keys(transcript: str, words: Sequence[str]) -> list[tuple[object, ...]]:
    folded = tuple(w.casefold() for w in words)
    return [
        ("ends", transcript, len(folded), folded[0], folded[-1]),
        ("tail", transcript, folded[1:]),
        ("head", transcript, folded[:-1]),
    ]


def _edited(quote: Sequence[str], text: Sequence[str]) -> bool:
    """Whether word lists ``quote`` and ``text`` differ by a few respelt words only."""
    if len(quote) != len(text):
        return False
    budget = max(1, len(quote) // EDITED_SHARE)
    for a, b in zip(quote, text, strict=True):
        if a == b or a.casefold() == b.casefold():
            continue
        budget -= 1
        if budget < 0 or difflib.SequenceMatcher(None, a, b).ratio() < EDITED_SIMILARITY:
            return False
    return True


class _Units:
    """The units of a project, indexed for attaching decisions: no scan of a transcript's
    units or text per decision, so re-attaching grows with the number of decisions."""

    def __init__(self, units: Sequence[Unit], transcripts: Sequence[Transcript]) -> None:
        self.units = units
        self.by_id: dict[str, Unit] = {u.id: u for u in units}
        self.transcripts = {t.id: t for t in transcripts}
        self.turn_starts: dict[str, list[int]] = {}
        self.created: list[Unit] = []

    # Built on first use: most runs attach every decision by its unit id and need none.
    @functools.cached_property
    def by_transcript(self) -> dict[str, list[Unit]]:
        found: dict[str, list[Unit]] = {}
        for unit in sorted(self.units, key=lambda u: (u.transcript.id, u.start, u.end)):
            found.setdefault(unit.transcript.id, []).append(unit)
        return found

    @functools.cached_property
    def starts(self) -> dict[str, list[int]]:
        return {t: [u.start for u in us] for t, us in self.by_transcript.items()}

    @functools.cached_property
    def leads(self) -> dict[tuple[str, tuple[str, ...]], list[int]]:
        """Units start where sentences start, and so does every quote stc wrote."""
        found: dict[tuple[str, tuple[str, ...]], list[int]] = {}
        for unit in self.units:
            found.setdefault((unit.transcript.id, _lead(unit.text)), []).append(unit.start)
        return found

    def quote_spans(self, transcript: Transcript, quote: str) -> list[tuple[int, int]]:
        """Where an stc-written quote stands: tried at the sentence starts that open with its
        first words, and only when none matches, in the whole transcript."""
        pattern = quote_pattern(quote)
        if pattern is None:
            return []
        starts = sorted(set(self.leads.get((transcript.id, _lead(quote)), [])))
        if transcript.id not in self.turn_starts:
            self.turn_starts[transcript.id] = [t.start for t in transcript.turns]
        turn_starts = self.turn_starts[transcript.id]
        spans = []
        for start in starts:
            match = pattern.match(transcript.text, start)
            if match and _in_participant_turn(transcript, start, match.end(), turn_starts):
                spans.append((match.start(), match.end()))
        return spans or quote_spans(transcript, quote, turn_starts)

    @functools.cached_property
    def near(self) -> dict[tuple[object, ...], list[tuple[Unit, list[str]]]]:
        """The units with their words, each under three keys, so that a quote finds the units
        it may be a respelling of without a scan: a quote with one word respelt shares with
        its unit either the first and last words (a word inside changed), or every word but
        the first, or every word but the last (words case-folded)."""
        found: dict[tuple[object, ...], list[tuple[Unit, list[str]]]] = {}
        for unit in self.units:
            words = _WORDS.findall(unit.text)
            if len(words) < 2:
                continue
            for key in _near_keys(unit.transcript.id, words):
                found.setdefault(key, []).append((unit, words))
        return found

    def edited(self, transcript: Transcript, quote: str) -> Unit | None:
        """The one unit whose text is ``quote`` with a few words respelt, if exactly one is
        (asked of a bounded number of units: a hint is never worth a scan)."""
        words = _WORDS.findall(quote)
        if len(words) < 2:
            return None
        candidates: dict[int, tuple[Unit, list[str]]] = {}
        for key in _near_keys(transcript.id, words):
            for unit, text in self.near.get(key, ()):
                candidates[id(unit)] = (unit, text)
        if len(candidates) > MAX_NEAR:
            return None
        near = {unit.id: unit for unit, text in candidates.values() if _edited(words, text)}
        return next(iter(near.values())) if len(near) == 1 else None

    def exact(self, transcript: Transcript, span: tuple[int, int]) -> Unit | None:
        units = self.by_transcript.get(transcript.id, [])
        i = bisect.bisect_left(self.starts.get(transcript.id, []), span[0])
        while i < len(units) and units[i].start == span[0]:
            if units[i].end == span[1]:
                return units[i]
            i += 1
        return None

    def holders(self, transcript: Transcript, span: tuple[int, int]) -> list[Unit]:
        """The unit whose span holds ``span``, else the units inside it, else a new unit."""
        start, end = span
        exact = self.exact(transcript, span)
        if exact:
            return [exact]
        units = self.by_transcript.get(transcript.id, [])
        starts = self.starts.get(transcript.id, [])
        before = bisect.bisect_right(starts, start)
        containing = [u for u in units[max(0, before - LOOK_BACK) : before] if end <= u.end]
        if containing:
            return [min(containing, key=lambda u: (u.end - u.start, u.start))]
        first = bisect.bisect_left(starts, start)
        last = bisect.bisect_left(starts, end)
        inside = [u for u in units[first:last] if u.end <= end]
        if inside:
            return inside
        return [self.create(transcript, span)]

    def create(self, transcript: Transcript, span: tuple[int, int]) -> Unit:
        turn = next(t for t in transcript.turns if t.start <= span[0] and span[1] <= t.end)
        unit = Unit("", transcript, turn, span[0], span[1])
        unit.id = free_id(base_id(transcript.id, unit.text), self.by_id)
        self.by_id[unit.id] = unit
        units = self.by_transcript.setdefault(transcript.id, [])
        at = bisect.bisect_right([(u.start, u.end) for u in units], span)
        units.insert(at, unit)
        self.starts[transcript.id] = [u.start for u in units]
        self.created.append(unit)
        return unit


# Units of one transcript do not overlap, except a passage a researcher coded by quote; a few
# units back from a span's start are enough to find one that holds it.
LOOK_BACK = 8


def _added(unit: Unit) -> set[str]:
    return {c for c, e in unit.evidence.items() if all(x.rule == "manual" for x in e)}


def _set(
    unit: Unit,
    code: str,
    state: State,
    evidence: Evidence | None,
    ranks: dict[tuple[str, str], int] | None,
) -> None:
    """Give ``code`` a state on ``unit``; with ``ranks``, never lower a re-attached state."""
    if ranks is not None:
        key = (unit.id, code)
        if key in ranks and _RANK[state] < ranks[key]:
            return
        ranks[key] = _RANK[state]
    unit.states[code] = state
    if evidence is not None and code not in unit.evidence:
        unit.evidence[code] = (evidence,)


def _contradictions(
    path: Path, by_unit: Sequence[tuple[int, Entry]], lines: Callable[[], tuple[int, ...]]
) -> list[str]:
    """Two entries of one coder on one unit that accept and reject the same code: the later
    would win unseen (a slip when copying an entry, or a merge of two copies of the file)."""
    first: dict[tuple[str, str, bool], int] = {}  # (unit, code, confirmed) → its first entry
    reported: set[tuple[str, str]] = set()
    problems = []
    for i, entry in by_unit:
        unit = entry.unit or ""
        verdicts = [(c, True) for c in [*entry.accept, *entry.add]]
        verdicts += [(c, False) for c in entry.rejected]
        for code, confirmed in verdicts:
            first.setdefault((unit, code, confirmed), i)
            other = first.get((unit, code, not confirmed))
            if other is None or (unit, code) in reported:
                continue
            reported.add((unit, code))
            a, b = sorted((other, i))
            problems.append(
                f"{entry_at(path, a, _line_of(lines(), a))} and "
                f"{entry_at(path, b, _line_of(lines(), b))}: both decide {unit}, and one "
                f"accepts '{code}' where the other rejects it; keep one entry per unit: delete "
                "or merge the other"
            )
    return problems


def apply_decisions(
    decisions: Decisions,
    coder: str | None,
    units: list[Unit],
    uncoded: list[Unit],
    transcripts: Sequence[Transcript],
) -> tuple[list[Unit], list[Unit], Review]:
    """Apply the deciding coder's decisions; the units with any code, those without, and the
    review (orphans, where each entry attached).

    A hand-written quote that stands in two places is an error (a longer quote fixes it); an
    stc-written quote whose unit id is gone and whose text is ambiguous is orphaned.
    """
    index = _Units([*units, *uncoded], transcripts)
    review = Review(coder)
    problems: list[str] = []

    @functools.cache
    def lines() -> tuple[int, ...]:  # coding.yaml's entry lines, read at the first orphan
        return entry_lines(decisions.path)

    def orphan(
        i: int,
        entry: Entry,
        why: str,
        edited: Unit | None = None,
        place: str = "",
        spots: int = 0,
    ) -> Orphan:
        return Orphan(i, entry, why, _line_of(lines(), i), edited, place, spots)

    ranks: dict[tuple[str, str], int] = {}
    entries = decisions.of(coder)
    # Entries whose unit id no longer exists attach by their quote first, where several may
    # meet on one unit (the confirmed passage wins); then entries that name their unit by id
    # decide it, the later one winning, so that a decision made on a unit is never outranked.
    by_quote = [(i, e) for i, e in entries if not (e.unit and e.unit in index.by_id)]
    by_unit = [(i, e) for i, e in entries if e.unit and e.unit in index.by_id]
    quoted = {i for i, _ in by_quote}
    problems.extend(_contradictions(decisions.path, by_unit, lines))
    for i, entry in [*by_quote, *by_unit]:
        where = f"{decisions.path} [{i}]"
        ranked = i in quoted
        targets: list[Unit] = []
        if entry.unit and entry.unit in index.by_id:
            targets = [index.by_id[entry.unit]]
        else:
            transcript = index.transcripts.get(entry.transcript_id or "")
            if transcript is None:
                if entry.transcript:
                    # Not "did you mean": a near id is another participant, and moving a
                    # decision to them would be wrong. The file is mostly missing from
                    # stc.yaml's patterns, or the interview was taken out of the study.
                    problems.append(
                        f"{where}: unknown transcript '{entry.transcript}': no transcript that "
                        f"stc.yaml's transcripts: finds has this id ({len(index.transcripts)} "
                        "read); add its file to transcripts:, or delete the entry if the "
                        "interview left the study"
                    )
                else:
                    review.orphans.append(orphan(i, entry, "transcript_gone"))
                continue
            if not entry.quote:
                review.orphans.append(orphan(i, entry, "no_quote"))
                continue
            spans = (
                index.quote_spans(transcript, entry.quote)
                if entry.unit
                else quote_spans(transcript, entry.quote)
            )
            if not spans:
                place = outside_speech(transcript, entry.quote)
                if place is not None:
                    review.orphans.append(orphan(i, entry, "not_found", place=place))
                    continue
                edited = index.edited(transcript, entry.quote)
                review.orphans.append(orphan(i, entry, "not_found", edited))
                continue
            if len(spans) > 1:
                if entry.unit:
                    review.orphans.append(orphan(i, entry, "places", spots=len(spans)))
                else:
                    problems.append(
                        f"{where}: the quote stands in {len(spans)} places of '{transcript.id}'; "
                        "make it longer so that it names one passage"
                    )
                continue
            if entry.unit:
                targets = index.holders(transcript, spans[0])
            else:  # a passage the researcher chose: the quote is the unit
                targets = [index.exact(transcript, spans[0]) or index.create(transcript, spans[0])]
        review.attached[i] = [u.id for u in targets]
        manual = Evidence("manual", f"coding.yaml [{i}]")
        rank = ranks if ranked else None
        for unit in targets:
            for code in entry.rejected:
                if code in unit.states:
                    _set(unit, code, "rejected", None, rank)
            for code in entry.accept:
                state: State = (
                    "accepted" if code in unit.evidence and code not in _added(unit) else "added"
                )
                _set(unit, code, state, manual, rank)
            for code in entry.add:
                _set(unit, code, "added", manual, rank)
            if entry.voice:
                unit.voice = entry.voice
            if entry.note and entry.note not in unit.notes:
                unit.notes = (*unit.notes, entry.note)
    if problems:
        raise CodingError(*_located(problems, decisions.path))
    everything = sorted(
        {id(u): u for u in [*units, *uncoded, *index.created]}.values(),
        key=lambda u: (u.transcript.id, u.start, u.end, u.id),
    )
    return (
        [u for u in everything if u.states],
        [u for u in everything if not u.states],
        review,
    )
