"""Edit a YAML file line by line, so that every line a person wrote survives byte for byte.

ruamel.yaml composes the document (where each key and value starts and ends) and renders the
pieces a tool adds; nothing a person wrote is ever re-serialized. A block mapping becomes a
``Block`` of ``Item``s. An item owns the blank and comment lines above its key (``pre``), its key
line and value (``head``) and, when the value is itself a block mapping, a nested ``Block``, so
a comment above a key travels with that key when the item moves.

Line breaks are those ruamel.yaml counts (``\\n``, ``\\r\\n``, ``\\r``), so that line numbers in
its marks and here agree; every line keeps its own terminator.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_BREAK = re.compile(r"\r\n|\r|\n")
_NULL = "tag:yaml.org,2002:null"
# A block scalar's indicators: the rest of its first line is blank or a comment.
_HEADER = re.compile(r"[|>][1-9+-]*")
# Long strings stay on one line: the condensates are literal blocks, the rest is metadata.
WIDTH = 4096


class EditError(ValueError):
    """The document cannot be edited line by line (e.g. a mapping written in flow style)."""


@dataclass(frozen=True)
class Line:
    """One line without its terminator; ``comment`` is the column where a comment starts."""

    text: str
    end: str = "\n"
    comment: int | None = None

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def comment_only(self) -> bool:
        return self.comment is not None and not self.text[: self.comment].strip()

    @property
    def comment_text(self) -> str | None:
        """The comment from its ``#`` to the end of the line, trailing blanks removed."""
        return None if self.comment is None else self.text[self.comment :].rstrip()

    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))

    def shifted(self, delta: int) -> Line:
        """The line indented ``delta`` columns more (fewer when negative, never below 0)."""
        if delta >= 0:
            text = " " * delta + self.text if self.text else self.text
            comment = None if self.comment is None else self.comment + delta
        else:
            cut = min(-delta, self.indent())
            text = self.text[cut:]
            comment = None if self.comment is None else self.comment - cut
        return Line(text, self.end, comment)


@dataclass(eq=False)  # items are found and moved by identity: two may hold equal lines
class Item:
    """A key of a block mapping with the lines it owns."""

    key: str | None  # None: loose comment lines left where a removed item was
    col: int
    pre: list[Line]
    head: list[Line]
    children: Block | None = None
    node: Node | None = None
    key_end: int = 0
    data: Any = None  # for callers: the validated model of this item's value

    def lines(self) -> Iterator[Line]:
        yield from self.pre
        yield from self.head
        if self.children is not None:
            yield from self.children.lines()

    def shift(self, delta: int) -> None:
        """Indent the item and everything in it by ``delta`` columns."""
        if delta == 0:
            return
        self.pre = [line.shifted(delta) for line in self.pre]
        self.head = [line.shifted(delta) for line in self.head]
        self.col += delta
        self.key_end += delta
        if self.children is not None:
            self.children.shift(delta)

    def comments(self, with_pre: bool = False) -> list[str]:
        """The text of every comment the item holds (above its key too with ``with_pre``)."""
        lines = self.lines() if with_pre else self._value_lines()
        return [text for line in lines if (text := line.comment_text) is not None]

    def _value_lines(self) -> Iterator[Line]:
        yield from self.head
        if self.children is not None:
            yield from self.children.lines()


@dataclass(eq=False)
class Block:
    """The items of a block mapping and the loose lines after the last one."""

    items: list[Item] = field(default_factory=list)
    tail: list[Line] = field(default_factory=list)

    def lines(self) -> Iterator[Line]:
        for item in self.items:
            yield from item.lines()
        yield from self.tail

    def keyed(self) -> list[Item]:
        return [item for item in self.items if item.key is not None]

    def get(self, key: str) -> Item | None:
        for item in self.items:
            if item.key == key:
                return item
        return None

    def insert(self, index: int, item: Item) -> None:
        """Insert an item; into an empty block, the loose lines there go above it."""
        if not self.keyed() and self.tail:
            item.pre = [*self.tail, *item.pre]
            self.tail = []
        self.items.insert(index, item)

    def take(self, item: Item) -> Item:
        """Remove an item to move it elsewhere (its ``pre`` goes with it)."""
        self.items.remove(item)
        return item

    def drop(self, item: Item, newline: str) -> None:
        """Remove an item; its comments stay where it was, as loose lines."""
        index = self.items.index(item)
        kept = [line for line in item.pre if line.comment_only]
        kept += salvage(item, newline)
        if kept:
            self.items[index] = Item(None, item.col, [], kept)
        else:
            del self.items[index]

    def shift(self, delta: int) -> None:
        for item in self.items:
            item.shift(delta)
        self.tail = [line.shifted(delta) for line in self.tail]


@dataclass
class Document:
    """A YAML document split into items; ``render`` gives the text back."""

    root: Block
    newline: str = "\n"
    bom: bool = False

    def render(self) -> str:
        parts = ["\ufeff"] if self.bom else []
        for line in self.root.lines():
            parts.append(line.text)
            parts.append(line.end or self.newline)
        return "".join(parts)


def split_lines(text: str) -> list[Line]:
    """Lines as ruamel.yaml counts them, each with its terminator; no empty last line."""
    lines: list[Line] = []
    pos = 0
    for match in _BREAK.finditer(text):
        lines.append(Line(text[pos : match.start()], match.group()))
        pos = match.end()
    if pos < len(text):
        lines.append(Line(text[pos:], ""))
    return lines


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and str(node.tag) == _NULL and node.value == ""


def _walk(node: Node, seen: set[int]) -> Iterator[Node]:
    """Every node under ``node``, keys included, each once (aliases repeat nodes)."""
    if id(node) in seen:
        return
    seen.add(id(node))
    yield node
    if isinstance(node, MappingNode):
        for key, value in node.value:
            yield from _walk(key, seen)
            yield from _walk(value, seen)
    elif isinstance(node, SequenceNode):
        for value in node.value:
            yield from _walk(value, seen)


def _last_line(node: Node) -> int | None:
    """The last line a value's own text is on (block collections end with their last child)."""
    last: int | None = None
    for sub in _walk(node, set()):
        flow = isinstance(sub, (MappingNode, SequenceNode)) and sub.flow_style
        if (isinstance(sub, ScalarNode) and not _is_empty(sub)) or flow:
            end = sub.end_mark
            line = end.line if end.column > 0 else max(sub.start_mark.line, end.line - 1)
            last = line if last is None else max(last, line)
    return last


def _column_index(text: str, column: int) -> int:
    """ruamel.yaml does not count U+FEFF in columns; the string index of a mark's column."""
    if "\ufeff" not in text:
        return column
    seen = 0
    for index, ch in enumerate(text):
        if seen == column:
            return index
        if ch != "\ufeff":
            seen += 1
    return len(text)


def _scalar_spans(node: Node | None, lines: list[Line]) -> dict[int, list[tuple[int, int]]]:
    """Per line, the column ranges inside scalars: a ``#`` there is text, not a comment."""
    spans: dict[int, list[tuple[int, int]]] = {}
    if node is None:
        return spans
    for sub in _walk(node, set()):
        if not isinstance(sub, ScalarNode) or _is_empty(sub):
            continue
        start, end = sub.start_mark, sub.end_mark
        block = sub.style in ("|", ">")
        for number in range(start.line, min(end.line, len(lines) - 1) + 1):
            text = lines[number].text
            a = _column_index(text, start.column) if number == start.line else 0
            b = _column_index(text, end.column) if number == end.line else len(text)
            if block and number == start.line:
                # The header of a block scalar (`|`, `>-`, `|2+`) may end with a comment.
                header = _HEADER.search(text, a)
                b = header.end() if header else b
            spans.setdefault(number, []).append((a, b))
    return spans


def _comment_column(text: str, spans: list[tuple[int, int]]) -> int | None:
    position = text.find("#")
    while position != -1:
        starts_comment = position == 0 or text[position - 1] in " \t"
        if starts_comment and not any(a <= position < b for a, b in spans):
            return position
        position = text.find("#", position + 1)
    return None


def parse(text: str, compose: YAML | None = None) -> tuple[Document, Node | None]:
    """Split a YAML document into items. Raises ruamel.yaml's ``MarkedYAMLError`` when invalid.

    The top level must be a block mapping (or empty); an ``EditError`` says so otherwise.
    """
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    first_break = _BREAK.search(body)
    newline = "\r\n" if first_break and first_break.group() == "\r\n" else "\n"
    node = (compose or YAML(typ="rt")).compose(body)
    raw = split_lines(body)
    spans = _scalar_spans(node, raw)
    lines = [
        Line(line.text, line.end or newline, _comment_column(line.text, spans.get(i, [])))
        for i, line in enumerate(raw)
    ]
    if node is None or _is_empty(node):
        return Document(Block([], lines), newline, bom), node
    if not isinstance(node, MappingNode) or node.flow_style:
        raise EditError("the top level must be a mapping of keys written in block style")
    return Document(_block(node, lines, 0, len(lines)), newline, bom), node


def _loose(line: Line, col: int) -> bool:
    """A blank line, or a comment line no deeper than the keys: it belongs to what follows."""
    return line.blank or (line.comment_only and (line.comment or 0) <= col)


def _block(node: MappingNode, lines: list[Line], start: int, end: int) -> Block:
    """The items of a block mapping whose text is ``lines[start:end]``."""
    pairs: list[tuple[Node, Node]] = node.value
    col = pairs[0][0].start_mark.column
    items: list[Item] = []
    previous = start
    for index, (key, value) in enumerate(pairs):
        key_line = key.start_mark.line
        limit = pairs[index + 1][0].start_mark.line if index + 1 < len(pairs) else end
        core = max(key_line, _last_line(key) or key_line, _last_line(value) or key_line) + 1
        split = limit
        while split > core and _loose(lines[split - 1], col):
            split -= 1
        item = Item(
            key=str(key.value),
            col=col,
            pre=lines[previous:key_line],
            head=lines[key_line:split],
            node=value,
            key_end=key.end_mark.column,
        )
        if isinstance(value, MappingNode) and not value.flow_style and value.value:
            if value.value[0][0].start_mark.line <= key_line:
                raise EditError(f"[{item.key}] put the first key of this mapping on its own line")
            item.head = lines[key_line : key_line + 1]
            item.children = _block(value, lines, key_line + 1, split)
        items.append(item)
        previous = split
    return Block(items, lines[previous:end])


def comment_lines(texts: list[str], col: int, newline: str) -> list[Line]:
    """Comments as whole lines at a column."""
    return [Line(" " * col + text, newline, col) for text in texts]


def salvage(item: Item, newline: str) -> list[Line]:
    """The comments inside an item's value as whole lines at the item's column.

    Used before a value is replaced or removed, so that a comment someone put there survives.
    """
    return comment_lines(item.comments(), item.col, newline)


_DUMPERS: dict[int, YAML] = {}


def _dumper(step: int) -> YAML:
    if step not in _DUMPERS:
        yaml = YAML(typ="rt")
        yaml.width = WIDTH
        yaml.indent(mapping=step, sequence=step + 2, offset=step)
        yaml.allow_unicode = True
        _DUMPERS[step] = yaml
    return _DUMPERS[step]


def dump(data: Any, step: int = 2) -> str:
    """YAML text of ``data`` with ``step`` columns per level."""
    buffer = io.StringIO()
    _dumper(step).dump(data, buffer)
    return buffer.getvalue()


def render(key: str, value: Any, col: int, step: int, newline: str) -> Item:
    """A new item ``key: value`` at column ``col``; ``value`` may be any YAML data."""
    lines = [
        Line(" " * col + text if text else text, newline)
        for text in dump({key: value}, step).split("\n")[:-1]
    ]
    return Item(key, col, [], lines, key_end=col + len(dump_key(key)))


def dump_key(key: str) -> str:
    """A mapping key as YAML writes it (quoted when it would read as something else)."""
    return dump({key: None}).rstrip("\n").rstrip(":")


def mapping(key: str, col: int, children: list[Item], newline: str) -> Item:
    """A new item ``key:`` whose value is a block mapping of ``children``."""
    head = [Line(" " * col + dump_key(key) + ":", newline)]
    return Item(key, col, [], head, Block(children), key_end=col + len(dump_key(key)))


def replace(item: Item, value: Any, step: int, newline: str) -> None:
    """Give a tool-owned item a new value; comments inside the old value move above its key."""
    kept = salvage(item, newline)
    fresh = render(item.key or "", value, item.col, step, newline)
    item.pre = [*item.pre, *kept]
    item.head = fresh.head
    item.children = None
    item.node = None


def open_block(item: Item, newline: str) -> Block:
    """The block mapping under an item, turning an empty value (null, ``{}``) into one."""
    if item.children is not None:
        return item.children
    node = item.node
    empty = node is None or _is_empty(node) or (isinstance(node, MappingNode) and not node.value)
    if not empty:
        raise EditError(
            f"[{item.key}] must be a mapping written one key per line (block style), "
            "not {…} or a single value"
        )
    first = item.head[0]
    colon = first.text.index(":", _column_index(first.text, item.key_end))
    text = first.text[: colon + 1]
    comment = first.comment_text if first.comment is not None and first.comment > colon else None
    if comment:
        text += "  " + comment
    kept = [line for line in item.head[1:] if line.comment_only]
    item.head = [Line(text, newline, len(text) - len(comment) if comment else None)]
    item.children = Block([], kept)
    item.node = None
    return item.children
