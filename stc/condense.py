"""STC step 3, condensation: drafts in condensation.yaml, never losing the researcher's text.

``condense`` reads ``condensation.yaml`` (next to stc.yaml), merges the current meaning units
into it and writes it back atomically, keeping the previous file as ``condensation.yaml.bak``.
``merge`` does the same on text, without the file system.

What the researcher wrote is never rewritten: the file is edited line by line
(``stc.yamledit.condensation``; this module decides what goes in, that one where), so
condensates, golden quotes, headings, analytic text, comments, ordering and formatting
survive byte for byte. Per code the tool owns ``status``, ``golden_quote_candidates``,
``units``, ``changes``, ``fingerprint`` and ``draft_hash``, and the ``condensate`` only while
it is an unedited draft:

- ``draft``: generated; refreshed whenever its units change.
- ``edited``: the condensate or golden quote differs from the draft (``draft_hash``); kept.
- ``stale``: edited, and its units changed since (``fingerprint``); ``changes`` lists the
  added and removed unit ids, ``units`` still those it was written from. Setting
  ``status: edited`` again marks it as revised: ``units`` then become the current ones.

A merge that would lose any comment, condensate, golden quote, heading or analytic text raises
instead of returning text (checked by parsing the result), so a bug cannot cost a day's work.

Codes that leave the codebook move, with everything in them, under ``orphaned:``; they move
back when the code returns.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stc import yamledit
from stc.coding import CodingResult
from stc.condensation_model import (
    Candidate,
    Changes,
    CodeEntry,
    Condensation,
    digest,
    draft_hash,
    parse_condensation,
)
from stc.config import Project
from stc.drafts import FILLER, FIRST_PERSON, MIN_WORDS, draft_condensate, golden_candidates
from stc.errors import CondensationError
from stc.messages import message
from stc.units import Unit, main_line, normalise_space
from stc.wording import phrase
from stc.yamledit import Document, EditError, Item
from stc.yamledit.condensation import CondensationEditor

FILENAME = "condensation.yaml"
# A condensate holding a whole unit of at least this many words, or this long a run of a unit's
# words, copies rather than abstracts.
COPY_MIN_UNIT_WORDS = 5
COPY_RUN_WORDS = 15

HEADER = """\
# Step 3 (condensation) and step 4 (synthesis). `stc condense` adds drafts here and never
# rewrites what you write.
# - condensate: rewrite the draft into an artificial quotation in the first person. Once you
#   change a condensate or set a golden_quote, the entry is `status: edited` and stays yours.
# - golden_quote: one unit id, e.g. from golden_quote_candidates; quoted verbatim in the report.
#   quotes: [more unit ids] adds up to two more quotes; text: your own words on the subgroup.
# - status: stale means the meaning units changed since you wrote it (see changes:). When you
#   have revised it, set `status: edited` and leave changes: to stc, which then removes it.
# - heading and analytic_text (step 4) are yours. Entries of codes that leave the codebook move
#   under orphaned:, and back when the code returns. To get a fresh draft, delete the entry.
"""


@dataclass(frozen=True)
class StaleEntry:
    """An edited entry whose units changed since it was written."""

    code: str
    added: list[str]
    removed: list[str]
    new: bool  # became stale in this run


@dataclass
class CondenseReport:
    """What a run of ``condense`` or ``merge`` changed, by ``group/code`` id, codebook order."""

    path: Path | None = None
    written: bool = False
    created: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    stale: list[StaleEntry] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    twice: list[str] = field(default_factory=list)  # under groups: and orphaned: both
    removed: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)

    def lines(self, checks: bool = True, language: str = "en") -> list[str]:
        """The summary the CLI prints: counts, stale entries with their units, method checks.

        The counts are in ``language``; ``stc run`` leaves the checks out: the report's
        validation states them once, in the project's language.
        """
        out = []
        counts: list[tuple[Sequence[object], str]] = [
            (self.created, "new_drafts"),
            (self.refreshed, "refreshed"),
            (self.unchanged, "unchanged"),
            (self.edited, "edited_kept"),
            (self.stale, "stale"),
            (self.orphaned, "moved_orphaned"),
            (self.restored, "restored"),
            (self.removed, "removed"),
        ]
        out.append(
            "; ".join(message(language, key, n=len(items)) for items, key in counts if items)
        )
        out += [message(language, "detail_orphaned", code=code) for code in self.orphaned]
        out += [message(language, "detail_restored", code=code) for code in self.restored]
        out += [message(language, "detail_twice", code=code) for code in self.twice]
        for entry in self.stale:
            parts = []
            if entry.added:
                parts.append(message(language, "detail_added", units=", ".join(entry.added)))
            if entry.removed:
                parts.append(message(language, "detail_removed", units=", ".join(entry.removed)))
            out.append(message(language, "detail_stale", code=entry.code, changes="; ".join(parts)))
        out += [
            message(language, "detail_short", code=code, words=MIN_WORDS) for code in self.short
        ]
        if checks:
            out += [message(language, "detail_check", finding=finding) for finding in self.checks]
        return [line for line in out if line]


def fingerprint(units: Iterable[Unit]) -> str:
    """A hash of the units' ids and texts (white space normalised), in any order."""
    rows = sorted(f"{u.id}\t{normalise_space(u.text)}" for u in units)
    return digest("\n".join(rows))


def condensation_path(project: Project) -> Path:
    """Where a project's condensation.yaml lives: next to stc.yaml."""
    return project.root / FILENAME


# ---------------------------------------------------------------------------------------------
# Reading


def read_text(path: Path) -> str | None:
    """The file's text, or None when there is no file."""
    if not path.exists():
        return None
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise CondensationError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise CondensationError(f"{path}: cannot read ({exc.strerror})") from None


# The last condensation.yaml text validated, and its content: `stc run` reads the file before
# step 1, merges it in step 3, checks the merge, and reads the result in step 4; parsing the
# same text again (ruamel, in pure Python) would give the same content.
_VALIDATED: dict[str, Condensation] = {}


def _remember(text: str, model: Condensation) -> None:
    _VALIDATED.clear()
    _VALIDATED[text] = model.model_copy(deep=True)


def load_condensation(path: Path) -> Condensation | None:
    """Read and validate condensation.yaml; None when there is none yet. Never writes."""
    text = read_text(path)
    if text is None:
        return None
    found = _VALIDATED.get(text)
    if found is None:
        found = parse_condensation(text, str(path))[1]
        _remember(text, found)
    return found.model_copy(deep=True)  # a caller may change its copy


# ---------------------------------------------------------------------------------------------
# Merging


def merge(
    existing: str | None, result: CodingResult, source: str = FILENAME
) -> tuple[str, CondenseReport]:
    """Merge step 2's units into condensation.yaml text; the new text and what changed.

    Pure: reads and writes nothing. Raises ``CondensationError`` when the text is invalid, and
    rather than return text that would lose anything the researcher wrote.
    """
    text = existing if existing is not None else ""
    document, model = parse_condensation(text, source)
    before = (Counter(_researcher_text(model, only_edited=True)), Counter(_comments(document)))
    codebook = {g.id: [c.id for c in g.codes] for g in result.codebook.groups}
    editor = CondensationEditor(document, codebook)
    if not text.strip():
        editor.add_header(HEADER)
    condenser = _Condenser(editor, result)
    try:
        condenser.run()
    except EditError as exc:
        raise CondensationError(f"{source}: {exc}; the file was not changed") from None
    new_text = document.render()
    unchanged = _VALIDATED.get(new_text) if new_text == text else None
    # Text that came back unchanged lost nothing: its content is the one validated before.
    new_model = unchanged.model_copy(deep=True) if unchanged else _verify(before, new_text, source)
    condenser.report.checks = method_checks(new_model, result)
    return new_text, condenser.report


def _verify(
    before: tuple[Counter[tuple[str, str]], Counter[str]], new_text: str, source: str
) -> Condensation:
    """Refuse a merge that lost a comment or anything the researcher wrote (a bug if so)."""
    new_document, new = parse_condensation(new_text, source)
    lost = before[0] - Counter(_researcher_text(new))
    lost_comments = before[1] - Counter(_comments(new_document))
    if lost or lost_comments:
        what = next(iter(lost or lost_comments))
        raise CondensationError(
            f"{source}: stc could not add the drafts without changing text you wrote "
            f"({what!r:.80}); the file was not changed. Please report this as a bug in stc."
        )
    _remember(new_text, new)  # step 4 reads this text next
    return new


def _comments(document: Document) -> list[str]:
    return [text for line in document.root.lines() if (text := line.comment_text) is not None]


def _researcher_text(model: Condensation, only_edited: bool = False) -> list[tuple[str, str]]:
    """Every text the researcher owns, as (field, value); drafts' condensates are the tool's."""
    found: list[tuple[str, str]] = []
    for groups in (model.groups, model.orphaned):
        for group in groups.values():
            if group is None:
                continue
            for name in ("heading", "analytic_text"):
                value = getattr(group, name)
                if value:
                    found.append((name, value))
            for entry in group.codes.values():
                if entry is None:
                    continue
                if entry.golden_quote:
                    found.append(("golden_quote", entry.golden_quote))
                if entry.text:
                    found.append(("text", entry.text))
                found.extend(("quotes", q) for q in entry.quotes)
                if entry.condensate and (entry.edited or not only_edited):
                    found.append(("condensate", entry.condensate))
    return found


def _units_by_code(result: CodingResult) -> dict[str, list[Unit]]:
    by_code: dict[str, list[Unit]] = {cid: [] for cid in result.codebook.code_ids}
    for unit in result.units:
        for code in unit.code_ids:
            by_code.setdefault(code, []).append(unit)
    return by_code


def _lines_of(unit: Unit) -> str:
    start, end = unit.line_start, unit.line_end
    return str(start) if start == end else f"{start}-{end}"


class _Condenser:
    """What each code's entry in condensation.yaml holds; ``CondensationEditor`` writes it.

    A new draft, a refreshed draft, an edited entry kept as it is (stale when its units
    changed), or no entry; ``report`` records which, per code.
    """

    def __init__(self, editor: CondensationEditor, result: CodingResult) -> None:
        self.editor = editor
        self.result = result
        self.report = CondenseReport()
        self.units = _units_by_code(result)

    def run(self) -> None:
        self.editor.arrange()
        for group_id in self.editor.groups:
            for code in self.editor.codes[group_id]:
                self._code(group_id, code)
        self.editor.finish()
        self.report.orphaned = self.editor.orphaned
        self.report.restored = self.editor.restored
        self.report.twice = self.editor.twice

    def _code(self, group_id: str, code: str) -> None:
        code_id = f"{group_id}/{code}"
        units = self.units.get(code_id, [])
        item = self.editor.code(group_id, code)
        if item is None:
            if units:
                self.editor.create(group_id, code, self._draft_fields(code_id, units))
                self.report.created.append(code_id)
            return
        self._update(code_id, item, units)

    def _draft_fields(self, code_id: str, units: list[Unit]) -> dict[str, Any]:
        # The condensate and golden quote speak for the subgroup's main line: the other voices
        # (``voice: dissent``) stay out of them, unless there is nothing else.
        main = main_line(units) or units
        draft = draft_condensate(main, self.result.pipeline)
        if draft.short:
            self.report.short.append(code_id)
        return {
            "status": "draft",
            "condensate": draft.text,
            "golden_quote": None,
            "golden_quote_candidates": self._candidates(main),
            "units": [u.id for u in units],
            "fingerprint": fingerprint(units),
            "draft_hash": draft_hash(draft.text, None),
        }

    def _candidates(self, units: list[Unit]) -> list[dict[str, str]]:
        return [
            {
                "unit": u.id,
                "participant": u.participant,
                "lines": _lines_of(u),
                "text": normalise_space(u.text),
            }
            for u in golden_candidates(units, self.result.pipeline)
        ]

    def _update(self, code_id: str, item: Item, units: list[Unit]) -> None:
        entry: CodeEntry | None = item.data
        if entry is None:
            # An empty entry (`ikke-alene:`): nothing of the researcher's in it but comments.
            if units:
                self.editor.fill(item, self._draft_fields(code_id, units))
                self.report.created.append(code_id)
            return
        if not entry.edited:
            if not units:
                self.editor.remove(item)
                self.report.removed.append(code_id)
                return
            changed = self.editor.set_fields(
                item, {**self._draft_fields(code_id, units), "changes": None}
            )
            if changed & {"condensate", "units", "fingerprint"}:
                self.report.refreshed.append(code_id)
            else:
                self.report.unchanged.append(code_id)
            return
        current = [u.id for u in units]
        recorded = list(entry.units)
        acknowledged = entry.status != "stale" and entry.changes is not None
        if acknowledged and entry.changes is not None:
            removed = set(entry.changes.removed)
            recorded = [u for u in recorded if u not in removed]
            recorded += [u for u in entry.changes.added if u not in recorded]
        if entry.status != "stale" and not recorded and entry.fingerprint is None:
            # Written without stc's record of its units: imported from another program's note
            # on the code (`stc import qdpx`), or written here by hand (with or without a
            # status:). It was written from the units the code has now, and those are
            # recorded: nothing has changed since.
            stale = False
        elif acknowledged or entry.fingerprint is None:
            stale = set(recorded) != set(current)
        else:
            stale = entry.fingerprint != fingerprint(units)
        fields: dict[str, Any]
        if stale:
            added = [u for u in current if u not in set(recorded)]
            gone = [u for u in recorded if u not in set(current)]
            fields = {"status": "stale", "changes": {"added": added, "removed": gone}}
            if acknowledged:
                fields["units"] = recorded
            self.report.stale.append(StaleEntry(code_id, added, gone, entry.status != "stale"))
        else:
            fields = {
                "status": "edited",
                "units": current,
                "changes": None,
                "fingerprint": fingerprint(units),
            }
            self.report.edited.append(code_id)
        fields["golden_quote_candidates"] = self._candidates(units)
        self.editor.set_fields(item, fields)


# ---------------------------------------------------------------------------------------------
# Method checks


def _words(text: str) -> list[str]:
    text = re.sub(r"[\(\[][^\)\]]{0,40}[\)\]]", " ", text)
    return [w for w in re.findall(r"\w+", text.lower()) if not FILLER.match(w)]


# A condensate is an artificial quotation in the participants' first person (Malterud 2012):
# one with none of the words of ``FIRST_PERSON`` is written about them, not as them.


def in_first_person(condensate: str, language: str) -> bool:
    """Whether a condensate says "I" or "we" (or me, my, us …) at least once; True for a
    language without a list."""
    words = FIRST_PERSON.get(language)
    return words is None or any(w in words for w in re.findall(r"\w+", condensate.lower()))


def condensate_findings(
    condensate: str, units: Iterable[tuple[str, str]], language: str
) -> list[tuple[str, dict[str, str]]]:
    """What the method asks of a researcher's condensate, as (message key, its values): it
    abstracts the units (copies none word for word) and speaks in the first person."""
    found: list[tuple[str, dict[str, str]]] = []
    copied = next((uid for uid, text in units if copies_unit(condensate, text)), None)
    if copied is not None:
        found.append(("copies", {"unit": copied}))
    if not in_first_person(condensate, language):
        found.append(("first_person", {}))
    return found


def copies_unit(condensate: str, unit_text: str) -> bool:
    """Whether a condensate holds a whole unit, or a long run of its words, word for word."""
    condensed = " " + " ".join(_words(condensate)) + " "
    words = _words(unit_text)
    if len(words) >= COPY_MIN_UNIT_WORDS and " " + " ".join(words) + " " in condensed:
        return True
    return any(
        " " + " ".join(words[i : i + COPY_RUN_WORDS]) + " " in condensed
        for i in range(0, len(words) - COPY_RUN_WORDS + 1)
    )


def method_checks(condensation: Condensation, result: CodingResult) -> list[str]:
    """STC method checks, in the project's language: subgroups per group, cross-case codes,
    golden quotes, copying."""
    language = result.project.config.language

    def say(key: str, **values: Any) -> str:
        return message(language, key, **values)

    findings: list[str] = []
    by_code = _units_by_code(result)
    unit_ids = {u.id for u in result.units}
    for group in result.codebook.groups:
        with_units = [c.id for c in group.codes if by_code.get(f"{group.id}/{c.id}")]
        if len(with_units) == 1:
            findings.append(say("check_one_subgroup", group=group.id, code=with_units[0]))
        elif len(with_units) > 3:  # Malterud: 2–3 subgroups per code group
            findings.append(say("check_many_subgroups", group=group.id, subgroups=len(with_units)))
        for code in group.codes:
            code_id = f"{group.id}/{code.id}"
            units = by_code.get(code_id, [])
            # The code rests on its main line, as in the report: a participant whose only
            # unit speaks against it (``voice: dissent``) is another voice, not support.
            main = main_line(units)
            participants = sorted({u.participant for u in main})
            if units and not main:
                findings.append(say("check_only_voices", code=code_id, units=len(units)))
            elif len(participants) == 1:
                findings.append(
                    say(
                        "check_one_participant_voices"
                        if len(main) < len(units)
                        else "check_one_participant",
                        code=code_id,
                        units=len(main),
                        participant=participants[0],
                        voices=len(units) - len(main),
                    )
                )
            entry = condensation.code(code_id)
            if entry is None:
                continue
            quote = entry.golden_quote
            if quote and quote not in unit_ids:
                findings.append(say("check_golden_gone", code=code_id, unit=quote))
            elif quote and quote not in {u.id for u in units}:
                findings.append(say("check_golden_uncoded", code=code_id, unit=quote))
            # The researcher's condensate only: stc's draft is the participants' own words (a
            # golden quote chosen alone makes the entry "edited" but leaves it so).
            if entry.condensate_status != "draft" and entry.condensate:
                said = [(u.id, u.text) for u in units]
                for key, values in condensate_findings(entry.condensate, said, language):
                    findings.append(say(f"check_{key}", code=code_id, **values))
    return findings


# ---------------------------------------------------------------------------------------------
# Writing


def condense(result: CodingResult, path: Path | None = None) -> CondenseReport:
    """Step 3: create or update condensation.yaml from step 2's result; what changed.

    ``path`` defaults to condensation.yaml next to stc.yaml. Nothing is written when nothing
    changed; otherwise the previous file is kept as condensation.yaml.bak. A save made by an
    editor while this runs is merged, never lost.
    """
    path = path or condensation_path(result.project)
    reports: list[CondenseReport] = []

    def build(existing: str | None) -> str:
        text, report = merge(existing, result, str(path))
        reports.append(report)
        return text

    _, written = yamledit.write_researcher_file(path, build, CondensationError)
    report = reports[-1]
    report.path = path
    report.written = written
    return report


# ---------------------------------------------------------------------------------------------
# Showing one group or code


@dataclass(frozen=True)
class ShownUnit:
    id: str
    participant: str
    transcript: str
    line_start: int
    line_end: int
    text: str
    voice: str | None = None  # "dissent": another voice (coding.yaml's ``voice:``)


@dataclass(frozen=True)
class ShownCode:
    """One code with its units, condensate and golden quote (verbatim text when it exists)."""

    id: str
    label: str
    units: list[ShownUnit]
    status: str | None = None
    condensate: str | None = None
    golden_quote: str | None = None
    golden_quote_text: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    changes: Changes | None = None
    waiting: int = 0  # suggestions of the code nobody has decided yet


@dataclass(frozen=True)
class ShowData:
    """What ``stc condense --show GROUP[/CODE]`` prints."""

    group: str
    label: str
    heading: str | None
    analytic_text: str | None
    codes: list[ShownCode]
    path: Path
    exists: bool

    def lines(self, language: str = "en") -> list[str]:
        """Plain-text rendering in ``language``: per code its units, condensate and golden
        quote, each named in ``language`` with its key in condensation.yaml beside it."""

        def say(key: str, **values: Any) -> str:
            return message(language, key, **values)

        out = [f"{self.group}: {self.label}"]
        if self.heading:
            out.append(f"{say('show_heading')} {self.heading}")
        if self.analytic_text:
            written = self.analytic_text.splitlines()
            out += [say("show_analytic"), *("  " + line for line in written)]
        if not self.exists:
            out.append(say("show_missing", file=self.path.name))
        for code in self.codes:
            # Counted as the report counts: the main line; other voices apart.
            voiced = main_line(code.units)
            main = voiced or code.units
            participants = len({u.participant for u in main})
            status = (
                f"{phrase(language, 'status_' + code.status)}; status: {code.status}"
                if code.status in ("draft", "edited", "stale")
                else code.status or say("show_no_entry")
            )
            out += ["", f"{code.id}: {code.label} [{status}]"]
            out.append(say("show_units", units=len(main), participants=participants))
            for unit in code.units:
                lines = (
                    say("show_line", line=unit.line_start)
                    if unit.line_start == unit.line_end
                    else say("show_lines", first=unit.line_start, last=unit.line_end)
                )
                voice = f" {say('show_other_voice')}" if unit.voice == "dissent" else ""
                out.append(f"  {unit.participant}, {lines} [{unit.id}]{voice}")
                out.append(f"    {normalise_space(unit.text)}")
            # Below the units, so that none of them reads as one of these.
            if len(main) < len(code.units):
                out.append(say("show_voices", n=len(code.units) - len(main)))
            elif code.units and not voiced:
                out.append(say("show_only_voices"))  # drafted from them: there is nothing else
            if code.waiting:
                out.append(say("show_waiting", n=code.waiting))
            if code.changes is not None:
                added = ", ".join(code.changes.added) or "-"
                removed = ", ".join(code.changes.removed) or "-"
                out.append(say("show_changes", added=added, removed=removed))
            out.append(say("show_condensate"))
            none = say("show_none")
            out += [f"  {line}" for line in (code.condensate or none).splitlines()]
            if code.golden_quote:
                text = code.golden_quote_text
                out.append(f"{say('show_golden')} {code.golden_quote}")
                out.append(f'  "{text}"' if text else f"  {say('show_gone')}")
            else:
                out.append(f"{say('show_golden')} {say('show_unchosen')}")
                out += [f'  {c.unit} ({c.participant}): "{c.text}"' for c in code.candidates]
        return out


def show(result: CodingResult, path: Path | None, target: str) -> ShowData:
    """A code group (``GROUP``) or one code (``GROUP/CODE``) with its units and condensates.

    Reads condensation.yaml without writing it; an unknown group or code is a
    ``CondensationError`` naming the nearest valid one.
    """
    path = path or condensation_path(result.project)
    group_id, _, code = target.strip().strip("/").partition("/")
    groups = {g.id: g for g in result.codebook.groups}
    if group_id not in groups:
        raise CondensationError(_unknown(f"code group '{group_id}'", group_id, list(groups)))
    group = groups[group_id]
    codes = [c for c in group.codes if not code or c.id == code]
    if not codes:
        raise CondensationError(
            _unknown(f"code '{group_id}/{code}'", code, [c.id for c in group.codes])
        )
    condensation = load_condensation(path)
    entry_group = condensation.groups.get(group_id) if condensation else None
    by_code = _units_by_code(result)
    every_unit = {u.id: u for u in result.units}
    shown = []
    for item in codes:
        code_id = f"{group_id}/{item.id}"
        entry = condensation.code(code_id) if condensation else None
        quote = entry.golden_quote if entry else None
        quoted = every_unit.get(quote) if quote else None
        shown.append(
            ShownCode(
                id=code_id,
                label=item.label,
                units=[
                    ShownUnit(
                        u.id,
                        u.participant,
                        u.transcript.id,
                        u.line_start,
                        u.line_end,
                        u.text,
                        u.voice,
                    )
                    for u in by_code.get(code_id, [])
                ],
                status=entry.status if entry else None,
                condensate=entry.condensate if entry else None,
                golden_quote=quote,
                golden_quote_text=quoted.text if quoted else None,
                candidates=list(entry.golden_quote_candidates) if entry else [],
                changes=entry.changes if entry else None,
                waiting=sum(1 for u in result.units if u.states.get(code_id) == "suggested"),
            )
        )
    return ShowData(
        group=group_id,
        label=group.label,
        heading=entry_group.heading if entry_group else None,
        analytic_text=entry_group.analytic_text if entry_group else None,
        codes=shown,
        path=path,
        exists=condensation is not None,
    )


def _unknown(what: str, given: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(given, valid, n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'?" if close else f"valid: {', '.join(valid)}"
    return f"--show: there is no {what} in the codebook; {hint}"
