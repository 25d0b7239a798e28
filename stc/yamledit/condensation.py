"""condensation.yaml's keys moved and filled line by line; ``stc.condense`` decides what they hold.

``CondensationEditor`` works on a document from ``stc.condensation_model.parse_condensation``
(each group and code item carries its validated entry in ``data``). It keeps ``groups:`` in
codebook order, moves the entries of codes that left the codebook, with everything in them,
under ``orphaned:`` and back when the code returns, and writes the tool-owned fields of a
code's entry that the caller hands it. Every line it does not own stays byte for byte; the
indentation per level is the one the file already uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from stc import yamledit
from stc.condensation_model import CodeEntry, GroupEntry
from stc.yamledit import Block, Document, EditError, Item

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
GROUP_KEYS = ("heading", "analytic_text", "codes")


def _flow(items: Sequence[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


class CondensationEditor:
    """One merge of the codebook into a condensation.yaml document, line by line.

    ``codebook`` maps each code group id to its code ids, both in codebook order. Call
    ``arrange`` first (it moves whole entries under ``orphaned:`` and back), then per code
    ``code`` and ``create``, ``fill``, ``set_fields`` or ``remove``, then ``finish``.
    ``orphaned`` and ``restored`` list the ``group/code`` ids that ``arrange`` moved. An edit
    that cannot be made line by line (a mapping written ``{…}``) raises ``EditError``.
    """

    def __init__(self, document: Document, codebook: Mapping[str, Sequence[str]]) -> None:
        self.document = document
        self.newline = document.newline
        self.groups = list(codebook)
        self.codes = {group: list(codes) for group, codes in codebook.items()}
        self.orphaned: list[str] = []
        self.restored: list[str] = []
        self.twice: list[str] = []  # both sections hold the researcher's entry for a code
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

    def add_header(self, text: str) -> None:
        """Put comment lines (``text``, each line starting ``#``) at the top of the file."""
        header = [yamledit.Line(line.text, self.newline, 0) for line in yamledit.split_lines(text)]
        self.document.root.tail = header + self.document.root.tail

    def arrange(self) -> None:
        """Make ``groups:``; restore entries back in the codebook, orphan those that left it."""
        groups_item, groups = self._groups()
        self._restore(groups_item, groups)
        self._orphan(groups)

    def finish(self) -> None:
        """Remove ``orphaned:`` when nothing (not even a comment) is left under it."""
        orphaned = self._top("orphaned", create=False)
        if orphaned is not None and not orphaned[1].keyed() and not orphaned[0].comments(True):
            self.document.root.drop(orphaned[0], self.newline)

    def _groups(self) -> tuple[Item, Block]:
        top = self._top("groups", create=True)
        assert top is not None
        return top

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
                        self.restored.append(f"{group_id}/{code_item.key}")
                    else:
                        self._orphan_code(group_id, self._take(old, code_item), report=False)
                continue
            codes_item, codes = self._codes_block(current)
            for code_item in old_codes:
                key = code_item.key or ""
                present = codes.get(key)
                replaceable = present is not None and _draft_for(present, code_item)
                theirs = isinstance(code_item.data, CodeEntry)
                # Both are the researcher's: they choose which to keep.
                if (
                    present is not None
                    and key in self.codes[group_id]
                    and theirs
                    and not replaceable
                ):
                    self.twice.append(f"{group_id}/{key}")
                if replaceable and present is not None:
                    # The researcher's entry went under orphaned: (a typo in its key, fixed
                    # there since) and stc drafted the code anew: theirs comes back.
                    codes.drop(present, self.newline)
                    present = None
                if key in self.codes[group_id] and present is None:
                    self._insert(
                        codes_item, codes, self._take(old, code_item), self.codes[group_id]
                    )
                    self.restored.append(f"{group_id}/{key}")
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
        self.orphaned += [f"{key}/{c.key}" for c in codes] or [key]
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
            self.orphaned.append(f"{group_id}/{code.key}")

    @staticmethod
    def _take(group: Item, code: Item) -> Item:
        """Remove a code item from its group (which may itself be on the move)."""
        codes = group.children.get("codes") if group.children is not None else None
        assert codes is not None and codes.children is not None
        return codes.children.take(code)

    # -- a code's entry ---------------------------------------------------------------------

    def code(self, group_id: str, code: str) -> Item | None:
        """The item of ``groups: GROUP: codes: CODE``; its ``data`` is the ``CodeEntry``.

        ``data`` is None for an entry written empty (``CODE:``, perhaps with comments).
        """
        group = self._groups()[1].get(group_id)
        if group is not None and group.children is not None:
            codes = group.children.get("codes")
            if codes is not None and codes.children is not None:
                return codes.children.get(code)
        return None

    def create(self, group_id: str, code: str, fields: Mapping[str, Any]) -> None:
        """A new entry with ``fields``, in codebook order; its group too when missing."""
        groups_item, groups = self._groups()
        group = groups.get(group_id)
        if group is None:
            group = self._new_group(group_id)
            self._insert(groups_item, groups, group, self.groups)
        codes_item, codes_block = self._codes_block(group)
        fresh = yamledit.render(code, self._new_entry(fields), 0, self.step, self.newline)
        self._insert(codes_item, codes_block, fresh, self.codes[group_id])

    def fill(self, item: Item, fields: Mapping[str, Any]) -> None:
        """Give an empty entry ``fields``; its comments move above its key."""
        yamledit.replace(item, self._new_entry(fields), self.step, self.newline)

    def remove(self, item: Item) -> None:
        """Remove an entry; comments in it stay where it was."""
        self._parent_block(item).drop(item, self.newline)

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

    # -- an entry's fields -----------------------------------------------------------------

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

    def _new_entry(self, fields: Mapping[str, Any]) -> CommentedMap:
        entry = CommentedMap()
        for name in ENTRY_KEYS:
            if name in fields:
                entry[name] = self._yaml_value(name, fields[name])
        return entry

    def set_fields(self, item: Item, fields: Mapping[str, Any]) -> set[str]:
        """Set the tool-owned fields of an entry that differ; the names of those that changed.

        A field ``changes`` set to None is removed; any other field is added when missing.
        """
        entry: CodeEntry | None = item.data
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


def _draft_for(present: Item, orphaned: Item) -> bool:
    """Whether ``present`` is only stc's draft (nothing of the researcher's in it, no comment)
    where ``orphaned`` holds the researcher's entry for the same code."""
    mine, theirs = present.data, orphaned.data
    return (
        isinstance(mine, CodeEntry)
        and isinstance(theirs, CodeEntry)
        and not mine.edited
        and theirs.edited
        and not present.comments(True)
    )


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
