"""STC step 3, condensation: drafts in condensation.yaml, never losing the researcher's text.

``condense`` reads ``condensation.yaml`` (next to stc.yaml), merges the current meaning units
into it and writes it back atomically, keeping the previous file as ``condensation.yaml.bak``.
``merge`` does the same on text, without the file system.

What the researcher wrote is never rewritten: the file is edited line by line
(``stc.yamledit``), so condensates, golden quotes, headings, analytic text, comments,
ordering and formatting survive byte for byte. Per code the tool owns ``status``,
``golden_quote_candidates``, ``units``, ``changes``, ``fingerprint`` and ``draft_hash``, and
the ``condensate`` only while it is an unedited draft:

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

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from stc import yamledit
from stc.coding import CodingResult
from stc.condensation_model import (
    Candidate,
    Changes,
    CodeEntry,
    Condensation,
    GroupEntry,
    digest,
    draft_hash,
    parse_condensation,
)
from stc.config import Project
from stc.drafts import FILLER, MIN_WORDS, draft_condensate, golden_candidates
from stc.errors import CondensationError
from stc.messages import message
from stc.units import Unit, normalise_space
from stc.yamledit import Block, Document, EditError, Item

FILENAME = "condensation.yaml"
# The order of a new entry's keys: what the researcher reads and writes first.
ENTRY_KEYS = (
    "status",
    "changes",
    "condensate",
    "golden_quote",
    "golden_quote_candidates",
    "units",
    "fingerprint",
    "draft_hash",
)
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
#   have revised it, set `status: edited`.
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
        for code in self.orphaned:
            out.append(f"orphaned: {code} is no longer in the codebook; kept under orphaned:")
        for code in self.restored:
            out.append(f"restored: {code} is back in the codebook")
        for entry in self.stale:
            parts = []
            if entry.added:
                parts.append("added " + ", ".join(entry.added))
            if entry.removed:
                parts.append("removed " + ", ".join(entry.removed))
            out.append(f"stale: {entry.code}: {'; '.join(parts)}")
        for code in self.short:
            out.append(
                f"short: {code}: its units hold fewer than {MIN_WORDS} words; the draft uses them all"
            )
        if checks:
            out.extend(f"check: {finding}" for finding in self.checks)
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


def load_condensation(path: Path) -> Condensation | None:
    """Read and validate condensation.yaml; None when there is none yet. Never writes."""
    text = read_text(path)
    if text is None:
        return None
    return parse_condensation(text, str(path))[1]


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
    if not text.strip():
        header = [
            yamledit.Line(line.text, document.newline, 0) for line in yamledit.split_lines(HEADER)
        ]
        document.root.tail = header + document.root.tail
    merger = _Merger(document, result)
    try:
        merger.run()
    except EditError as exc:
        raise CondensationError(f"{source}: {exc}; the file was not changed") from None
    new_text = document.render()
    new_model = _verify(before, new_text, source)
    merger.report.checks = method_checks(new_model, result)
    return new_text, merger.report


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


def _flow(items: Sequence[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


class _Merger:
    """One merge of the codebook and units into a document, recording what it did."""

    def __init__(self, document: Document, result: CodingResult) -> None:
        self.document = document
        self.result = result
        self.newline = document.newline
        self.report = CondenseReport()
        self.groups = [g.id for g in result.codebook.groups]
        self.codes = {g.id: [c.id for c in g.codes] for g in result.codebook.groups}
        self.units = _units_by_code(result)
        self.step = self._step()

    # -- layout helpers ---------------------------------------------------------------------

    def _step(self) -> int:
        """The indentation the researcher's file uses per level (2 unless it says otherwise)."""
        for section in ("groups", "orphaned"):
            item = self.document.root.get(section)
            if item is not None and item.children is not None and item.children.keyed():
                step = item.children.keyed()[0].col - item.col
                if step > 0:
                    return step
        return 2

    def _child_col(self, parent: Item | None, block: Block) -> int:
        keyed = block.keyed()
        if keyed:
            return keyed[0].col
        return (parent.col + self.step) if parent is not None else 0

    @staticmethod
    def _position(block: Block, key: str, order: Sequence[str]) -> int:
        """Where a key goes: after the last item that comes before it in ``order``."""
        rank = {k: i for i, k in enumerate(order)}
        mine = rank.get(key, len(order))
        index = 0
        for i, item in enumerate(block.items):
            if item.key is not None and rank.get(item.key, -1) < mine and item.key in rank:
                index = i + 1
        return index

    def _insert(
        self,
        parent: Item | None,
        block: Block,
        item: Item,
        order: Sequence[str],
        spaced: bool = True,
    ) -> None:
        """Put an item in its place by ``order``, indented like its siblings.

        ``spaced``: entries are set apart by one blank line, except the first under its parent.
        """
        item.shift(self._child_col(parent, block) - item.col)
        index = self._position(block, item.key or "", order)
        if spaced:
            while item.pre and item.pre[0].blank:
                item.pre.pop(0)
            if index > 0:
                item.pre.insert(0, yamledit.Line("", self.newline))
        block.insert(index, item)

    def _top(self, key: str, create: bool) -> tuple[Item, Block] | None:
        root = self.document.root
        item = root.get(key)
        if item is None:
            if not create:
                return None
            item = yamledit.mapping(key, 0, [], self.newline)
            self._insert(None, root, item, ["groups", "orphaned"])
        return item, yamledit.open_block(item, self.newline)

    def _sub(
        self, parent: Item, block: Block, key: str, order: Sequence[str], spaced: bool = True
    ) -> Item:
        """The mapping item ``key`` in a block, created when missing."""
        item = block.get(key)
        if item is None:
            item = yamledit.mapping(key, 0, [], self.newline)
            self._insert(parent, block, item, order, spaced)
        yamledit.open_block(item, self.newline)
        return item

    def _codes_block(self, group: Item) -> tuple[Item, Block]:
        block = yamledit.open_block(group, self.newline)
        codes = self._sub(group, block, "codes", GROUP_KEYS, spaced=False)
        assert codes.children is not None
        return codes, codes.children

    @staticmethod
    def _rename(item: Item, key: str) -> None:
        first = item.head[0]
        colon = first.text.index(":", item.key_end)
        text = " " * item.col + yamledit.dump_key(key) + first.text[colon:]
        shift = len(text) - len(first.text)
        comment = None if first.comment is None else first.comment + shift
        item.head[0] = yamledit.Line(text, first.end, comment)
        item.key = key
        item.key_end = item.col + len(yamledit.dump_key(key))

    @staticmethod
    def _free_key(block: Block, key: str) -> str:
        if block.get(key) is None:
            return key
        n = 2
        while block.get(f"{key}-{n}") is not None:
            n += 1
        return f"{key}-{n}"

    # -- the merge --------------------------------------------------------------------------

    def run(self) -> None:
        top = self._top("groups", create=True)
        assert top is not None
        groups_item, groups = top
        self._restore(groups_item, groups)
        self._orphan(groups)
        for group_id in self.groups:
            for code in self.codes[group_id]:
                self._code(groups_item, groups, group_id, code)
        orphaned = self._top("orphaned", create=False)
        if orphaned is not None and not orphaned[1].keyed() and not orphaned[0].comments(True):
            self.document.root.drop(orphaned[0], self.newline)

    def _restore(self, groups_item: Item, groups: Block) -> None:
        """Bring back entries whose code group or code is in the codebook again."""
        top = self._top("orphaned", create=False)
        if top is None:
            return
        _, orphaned = top
        for group_id in self.groups:
            old = orphaned.get(group_id)
            if old is None:
                continue
            old_codes = _codes_of(old)
            current = groups.get(group_id)
            if current is None:
                # The whole group is back: move it, then return codes still missing.
                self._insert(groups_item, groups, orphaned.take(old), self.groups)
                for code_item in old_codes:
                    if code_item.key in self.codes[group_id]:
                        self.report.restored.append(f"{group_id}/{code_item.key}")
                    else:
                        self._orphan_code(group_id, self._take(old, code_item), report=False)
                continue
            codes_item, codes = self._codes_block(current)
            for code_item in old_codes:
                key = code_item.key or ""
                if key in self.codes[group_id] and codes.get(key) is None:
                    self._insert(
                        codes_item, codes, self._take(old, code_item), self.codes[group_id]
                    )
                    self.report.restored.append(f"{group_id}/{key}")
            self._restore_texts(old, current)
            if not _codes_of(old) and not _has_text(old):
                orphaned.drop(old, self.newline)

    def _restore_texts(self, old: Item, current: Item) -> None:
        """Move an orphaned heading or analytic text back where the group has none."""
        if not isinstance(old.data, GroupEntry) or old.children is None:
            return
        target = yamledit.open_block(current, self.newline)
        mine = current.data if isinstance(current.data, GroupEntry) else GroupEntry()
        for name in ("heading", "analytic_text"):
            field_item = old.children.get(name)
            value = getattr(old.data, name)
            if field_item is None or not value or getattr(mine, name):
                continue
            if (empty := target.get(name)) is not None:
                target.drop(empty, self.newline)
            self._insert(current, target, old.children.take(field_item), GROUP_KEYS, spaced=False)
            old.data = old.data.model_copy(update={name: None})
            current.data = mine = mine.model_copy(update={name: value})

    def _orphan(self, groups: Block) -> None:
        """Move entries whose code group or code left the codebook under ``orphaned:``."""
        for group in list(groups.keyed()):
            key = group.key or ""
            if key not in self.codes:
                self._orphan_group(groups.take(group))
                continue
            for code_item in _codes_of(group):
                if (code_item.key or "") not in self.codes[key]:
                    self._orphan_code(key, self._take(group, code_item))

    def _orphaned(self) -> tuple[Item, Block]:
        top = self._top("orphaned", create=True)
        assert top is not None
        return top

    def _orphan_group(self, group: Item) -> None:
        """Move a whole code group under ``orphaned:``, joining codes orphaned there before.

        Codes always join ``orphaned: GROUP: codes:``, so they come back with the group. Only
        a heading or analytic text that would meet another one there waits under ``GROUP-2``.
        """
        orphaned_item, orphaned = self._orphaned()
        key = group.key or ""
        codes = _codes_of(group)
        self.report.orphaned += [f"{key}/{c.key}" for c in codes] or [key]
        existing = orphaned.get(key)
        if existing is None:
            self._insert(orphaned_item, orphaned, group, _sorted_with(orphaned, key))
            return
        for code_item in codes:
            self._orphan_code(key, self._take(group, code_item), report=False)
        target = yamledit.open_block(existing, self.newline)
        theirs = existing.data if isinstance(existing.data, GroupEntry) else GroupEntry()
        mine = group.data if isinstance(group.data, GroupEntry) else GroupEntry()
        for name in ("heading", "analytic_text"):
            field_item = group.children.get(name) if group.children is not None else None
            value = getattr(mine, name)
            if field_item is None or not value or getattr(theirs, name):
                continue
            if (empty := target.get(name)) is not None:
                target.drop(empty, self.newline)
            assert group.children is not None
            self._insert(
                existing, target, group.children.take(field_item), GROUP_KEYS, spaced=False
            )
            theirs = theirs.model_copy(update={name: value})
            mine = mine.model_copy(update={name: None})
        existing.data, group.data = theirs, mine
        if _has_text(group):
            self._rename(group, self._free_key(orphaned, key))
            self._insert(orphaned_item, orphaned, group, _sorted_with(orphaned, group.key or ""))
            return
        # What is left (empty fields, the key line) keeps its comments, as loose lines.
        col = self._child_col(existing, target)
        comments = yamledit.comment_lines(group.comments(with_pre=True), col, self.newline)
        if comments:
            target.items.append(Item(None, col, [], comments))

    def _orphan_code(self, group_id: str, code: Item, report: bool = True) -> None:
        orphaned_item, orphaned = self._orphaned()
        group = self._sub(orphaned_item, orphaned, group_id, _sorted_with(orphaned, group_id))
        codes_item, codes = self._codes_block(group)
        if codes.get(code.key or "") is not None:
            self._rename(code, self._free_key(codes, code.key or ""))
        self._insert(codes_item, codes, code, _sorted_with(codes, code.key or ""))
        if report:
            self.report.orphaned.append(f"{group_id}/{code.key}")

    @staticmethod
    def _take(group: Item, code: Item) -> Item:
        """Remove a code item from its group (which may itself be on the move)."""
        codes = group.children.get("codes") if group.children is not None else None
        assert codes is not None and codes.children is not None
        return codes.children.take(code)

    def _code(self, groups_item: Item, groups: Block, group_id: str, code: str) -> None:
        code_id = f"{group_id}/{code}"
        units = self.units.get(code_id, [])
        group = groups.get(group_id)
        item = None
        if group is not None and group.children is not None:
            codes = group.children.get("codes")
            if codes is not None and codes.children is not None:
                item = codes.children.get(code)
        if item is None:
            if not units:
                return
            if group is None:
                group = self._new_group(group_id)
                self._insert(groups_item, groups, group, self.groups)
            codes_item, codes_block = self._codes_block(group)
            fresh = yamledit.render(
                code, self._new_entry(code_id, units), 0, self.step, self.newline
            )
            self._insert(codes_item, codes_block, fresh, self.codes[group_id])
            self.report.created.append(code_id)
            return
        self._update(code_id, item, units)

    def _new_group(self, group_id: str) -> Item:
        """A group with an empty heading and analytic text: it shows where the researcher writes."""
        fields = [
            yamledit.render(name, None, 0, self.step, self.newline) for name in GROUP_KEYS[:2]
        ]
        codes = yamledit.mapping("codes", 0, [], self.newline)
        group = yamledit.mapping(group_id, 0, [*fields, codes], self.newline)
        for item in (*fields, codes):
            item.shift(self.step)
        return group

    # -- entries ----------------------------------------------------------------------------

    def _draft_fields(self, code_id: str, units: list[Unit]) -> dict[str, Any]:
        draft = draft_condensate(units, self.result.pipeline)
        if draft.short:
            self.report.short.append(code_id)
        return {
            "status": "draft",
            "condensate": draft.text,
            "golden_quote": None,
            "golden_quote_candidates": self._candidates(units),
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

    @staticmethod
    def _yaml_value(key: str, value: Any) -> Any:
        """How a tool-owned value is written: blocks for condensates, one line for id lists."""
        if key == "condensate" and isinstance(value, str):
            return LiteralScalarString(value)
        if key == "units":
            return _flow(value)
        if key == "golden_quote_candidates":
            # `lines: 46` reads better than `lines: '46'`; both read back as the same text.
            return [
                {**c, "lines": int(c["lines"])} if str(c["lines"]).isdigit() else c for c in value
            ]
        if key == "changes" and value is not None:
            changes = CommentedMap()
            changes["added"] = _flow(value["added"])
            changes["removed"] = _flow(value["removed"])
            return changes
        return value

    def _new_entry(self, code_id: str, units: list[Unit]) -> CommentedMap:
        fields = self._draft_fields(code_id, units)
        entry = CommentedMap()
        for name in ENTRY_KEYS:
            if name in fields:
                entry[name] = self._yaml_value(name, fields[name])
        return entry

    def _set(self, item: Item, entry: CodeEntry | None, fields: dict[str, Any]) -> set[str]:
        """Set tool-owned fields that differ; the names of those that changed."""
        block = yamledit.open_block(item, self.newline)
        col = self._child_col(item, block)
        changed: set[str] = set()
        for name, value in fields.items():
            field_item = block.get(name)
            if field_item is not None and entry is not None:
                current: Any = getattr(entry, name)
                if isinstance(current, BaseModel):
                    current = current.model_dump()
                elif isinstance(current, list):
                    current = [c.model_dump() if isinstance(c, BaseModel) else c for c in current]
                if current == value:
                    continue
            if value is None and name == "changes":
                if field_item is not None:
                    block.drop(field_item, self.newline)
                    changed.add(name)
                continue
            yaml_value = self._yaml_value(name, value)
            if field_item is None:
                fresh = yamledit.render(name, yaml_value, col, self.step, self.newline)
                self._insert(item, block, fresh, ENTRY_KEYS, spaced=False)
            else:
                yamledit.replace(field_item, yaml_value, self.step, self.newline)
            changed.add(name)
        return changed

    def _update(self, code_id: str, item: Item, units: list[Unit]) -> None:
        entry: CodeEntry | None = item.data
        if entry is None:
            # An empty entry (`ikke-alene:`): nothing of the researcher's in it but comments.
            if units:
                yamledit.replace(item, self._new_entry(code_id, units), self.step, self.newline)
                self.report.created.append(code_id)
            return
        if not entry.edited:
            if not units:
                parent = self._parent_block(item)
                parent.drop(item, self.newline)
                self.report.removed.append(code_id)
                return
            changed = self._set(
                item, entry, {**self._draft_fields(code_id, units), "changes": None}
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
        if acknowledged or entry.fingerprint is None:
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
        self._set(item, entry, fields)

    def _parent_block(self, item: Item) -> Block:
        for block in _blocks(self.document.root):
            if item in block.items:
                return block
        raise EditError(f"[{item.key}] not found")


def _blocks(block: Block) -> Iterable[Block]:
    yield block
    for item in block.items:
        if item.children is not None:
            yield from _blocks(item.children)


GROUP_KEYS = ("heading", "analytic_text", "codes")


def _codes_of(group: Item) -> list[Item]:
    """The code items under a group item's ``codes:``."""
    codes = group.children.get("codes") if group.children is not None else None
    if codes is None or codes.children is None:
        return []
    return codes.children.keyed()


def _sorted_with(block: Block, key: str) -> list[str]:
    """The order of orphaned entries: by id."""
    return sorted({*(item.key for item in block.keyed() if item.key is not None), key})


def _has_text(group: Item) -> bool:
    """Whether a group item holds a heading or analytic text the researcher wrote."""
    data = group.data
    return isinstance(data, GroupEntry) and bool(data.heading or data.analytic_text)


# ---------------------------------------------------------------------------------------------
# Method checks


def _words(text: str) -> list[str]:
    text = re.sub(r"[\(\[][^\)\]]{0,40}[\)\]]", " ", text)
    return [w for w in re.findall(r"\w+", text.lower()) if not FILLER.match(w)]


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
    """STC method checks: subgroups per group, cross-case codes, golden quotes, copying."""
    findings: list[str] = []
    by_code = _units_by_code(result)
    unit_ids = {u.id for u in result.units}
    for group in result.codebook.groups:
        with_units = [c.id for c in group.codes if by_code.get(f"{group.id}/{c.id}")]
        if len(with_units) == 1:
            findings.append(
                f"{group.id}: only one subgroup ({with_units[0]}) has meaning units; STC sorts a "
                "code group into 2-3 subgroups: split the code or merge the group"
            )
        elif len(with_units) > 3:  # Malterud: 2–3 subgroups per code group
            findings.append(
                f"{group.id}: {len(with_units)} subgroups have meaning units; STC works with "
                "2-3 per code group: merge codes or split the group"
            )
        for code in group.codes:
            code_id = f"{group.id}/{code.id}"
            units = by_code.get(code_id, [])
            participants = sorted({u.participant for u in units})
            if len(participants) == 1:
                findings.append(
                    f"{code_id}: all {len(units)} meaning units come from one participant "
                    f"({participants[0]}); a condensate describes what several participants share"
                )
            entry = condensation.code(code_id)
            if entry is None:
                continue
            quote = entry.golden_quote
            if quote and quote not in unit_ids:
                findings.append(
                    f"{code_id}: golden_quote {quote} is not a meaning unit any more (its text "
                    "or coding changed); choose another, e.g. from golden_quote_candidates"
                )
            elif quote and quote not in {u.id for u in units}:
                findings.append(
                    f"{code_id}: golden_quote {quote} is no longer coded {code_id}; choose "
                    "another, e.g. from golden_quote_candidates"
                )
            if entry.status != "draft" and entry.condensate:
                copied = next((u for u in units if copies_unit(entry.condensate, u.text)), None)
                if copied is not None:
                    findings.append(
                        f"{code_id}: the condensate copies meaning unit {copied.id} word for "
                        "word; a condensate abstracts (an artificial quotation in the first person)"
                    )
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

    def lines(self) -> list[str]:
        """Plain-text rendering: per code its units, condensate and golden quote."""
        out = [f"{self.group}: {self.label}"]
        if self.heading:
            out.append(f"heading: {self.heading}")
        if self.analytic_text:
            out += ["analytic text:", *("  " + line for line in self.analytic_text.splitlines())]
        if not self.exists:
            out.append(f"({self.path.name} does not exist yet: run `stc condense`)")
        for code in self.codes:
            participants = len({u.participant for u in code.units})
            out += ["", f"{code.id}: {code.label} [{code.status or 'no entry'}]"]
            out.append(f"meaning units: {len(code.units)} from {participants} participants")
            for unit in code.units:
                lines = (
                    f"line {unit.line_start}"
                    if unit.line_start == unit.line_end
                    else f"lines {unit.line_start}-{unit.line_end}"
                )
                out.append(f"  {unit.participant}, {lines} [{unit.id}]")
                out.append(f"    {normalise_space(unit.text)}")
            if code.changes is not None:
                out.append(
                    f"changes since written: added {', '.join(code.changes.added) or '-'}; "
                    f"removed {', '.join(code.changes.removed) or '-'}"
                )
            out.append("condensate:")
            out += [f"  {line}" for line in (code.condensate or "(none)").splitlines()]
            if code.golden_quote:
                text = code.golden_quote_text
                out.append(f"golden quote: {code.golden_quote}")
                out.append(f'  "{text}"' if text else "  (this unit does not exist any more)")
            else:
                out.append("golden quote: (not chosen) candidates:")
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
                        u.id, u.participant, u.transcript.id, u.line_start, u.line_end, u.text
                    )
                    for u in by_code.get(code_id, [])
                ],
                status=entry.status if entry else None,
                condensate=entry.condensate if entry else None,
                golden_quote=quote,
                golden_quote_text=quoted.text if quoted else None,
                candidates=list(entry.golden_quote_candidates) if entry else [],
                changes=entry.changes if entry else None,
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
