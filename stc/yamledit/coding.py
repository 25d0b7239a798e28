"""Editing coding.yaml line by line: a decision changes only the lines it owns.

coding.yaml is the researcher's file. Setting a decision rewrites one key's line of one entry
(``accept: [a, b]``), adds such a line, or appends a new entry at the end; every other line,
comment and blank line stays byte for byte, and a comment at the end of a rewritten line stays
on it. ``edit`` verifies its own result (the same entries but for the change, every comment
kept) and raises ``EditError`` rather than return text that would lose anything.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from stc.yamledit.document import EditError
from stc.yamlio import scalar

KEY_ORDER = ("unit", "transcript", "quote", "accept", "reject", "remove", "add", "voice", "by")
LIST_KEYS = ("accept", "reject", "remove", "add")
_BREAK = re.compile(r"\r\n|\n|\r")
# Lines as YAML counts them (PyYAML's marks also break at NEL, LS and PS).
_LINE = re.compile(
    r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029])|[^\r\n\x85\u2028\u2029]+\Z"
)
# libyaml's parser where PyYAML has it: composing a long coding.yaml in pure Python takes
# most of a second, and the review workspace writes on every click.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(text: str) -> Node | None:
    """The YAML node tree of ``text`` (marks give each node's lines)."""
    return yaml.compose(text, Loader=_Loader)


def load(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)


def flow_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def render_value(key: str, value: Any) -> str:
    if key in LIST_KEYS:
        return flow_list(list(value))
    return scalar(str(value))


@dataclass
class _Entry:
    node: MappingNode
    keys: dict[str, tuple[ScalarNode, Node]]

    @property
    def first_line(self) -> int:
        return int(self.node.start_mark.line)

    @property
    def key_column(self) -> int:
        return int(next(iter(self.keys.values()))[0].start_mark.column)


def _last_line(node: Node, lines: list[str]) -> int:
    """The last line that holds any of ``node``'s text (marks end one past it)."""
    end = node.end_mark
    line = int(end.line)
    # A block list's end mark is the next key's start ("  by: …"): nothing of the node stands
    # before it on that line, so the node ends on a line above.
    if line > node.start_mark.line and (
        line >= len(lines) or not lines[line][: end.column].strip()
    ):
        line -= 1
    # Blank lines and comment lines after the node's last value belong to what follows (a
    # separator comment before the next entry), but for a block scalar that keeps its final
    # line breaks ("note: |+"), whose blank lines are part of its value.
    keeps = _keeps_breaks(node, lines)
    # In a block scalar ("note: |"), a line that opens with "#" is the note's text.
    block = isinstance(node, ScalarNode) and node.style in ("|", ">")
    while line > node.start_mark.line and (
        (not keeps and not lines[line].strip())
        or (not block and lines[line].lstrip().startswith("#"))
    ):
        line -= 1
    return line


def _keeps_breaks(node: Node, lines: list[str]) -> bool:
    """Whether ``node`` is a block scalar with the keep indicator ("|+", ">2+")."""
    if not isinstance(node, ScalarNode) or node.style not in ("|", ">"):
        return False
    header = lines[int(node.start_mark.line)][int(node.start_mark.column) :]
    return "+" in header.split("#", 1)[0]


def _comment_at_end(line: str, value: Node) -> str:
    """A comment after a one-line value: ``  # …`` to keep on the rewritten line."""
    if value.start_mark.line != value.end_mark.line:
        return ""
    rest = line[int(value.end_mark.column) :]
    hash_at = rest.find("#")
    return rest[hash_at:].rstrip("\r\n") if hash_at >= 0 and not rest[:hash_at].strip() else ""


class CodingDocument:
    """coding.yaml as lines plus where each entry and key stands."""

    def __init__(self, text: str) -> None:
        self._read(text)

    def _read(self, text: str) -> None:
        """Lines, entries and their marks from ``text`` (again, after an edit moved lines)."""
        self.bom = text.startswith("\ufeff")
        body = text[1:] if self.bom else text
        match = _BREAK.search(body)
        self.newline = match.group() if match else "\n"
        self.lines: list[str] = _LINE.findall(body)
        node = compose(body)
        self.entries: list[_Entry] = []
        self.dash_column = 0
        if node is None or (isinstance(node, ScalarNode) and node.value in ("", "~", "null")):
            return
        if not isinstance(node, SequenceNode) or node.flow_style:
            if isinstance(node, SequenceNode) and not node.value:
                # `[]`: an empty list written in flow style; new entries replace it.
                line = int(node.start_mark.line)
                self.lines[line] = self.newline if self.lines[line].strip() == "[]" else ""
                if self.lines[line] == "":
                    raise EditError("coding.yaml: an empty flow list '[]' shares its line")
                return
            raise EditError("the top level must be a list of entries written in block style")
        for item in node.value:
            if not isinstance(item, MappingNode) or item.flow_style:
                raise EditError(
                    f"line {item.start_mark.line + 1}: an entry must be a block mapping "
                    "('- unit: …' with one key per line)"
                )
            keys = {str(k.value): (k, v) for k, v in item.value if isinstance(k, ScalarNode)}
            self.entries.append(_Entry(item, keys))
        if node.value:
            first = node.value[0]
            self.dash_column = max(0, int(first.start_mark.column) - 2)

    def render(self) -> str:
        return ("\ufeff" if self.bom else "") + "".join(self.lines)

    def _terminated(self, line: str) -> str:
        return line if line.endswith(("\n", "\r")) else line + self.newline

    def set_key(self, index: int, key: str, value: Any) -> None:
        """Set (or with an empty value remove) one key of entry ``index``: only its lines."""
        entry = self.entries[index]
        empty = value is None or value == "" or (key in LIST_KEYS and not value)
        if key in entry.keys:
            key_node, value_node = entry.keys[key]
            first = int(key_node.start_mark.line)
            last = max(first, _last_line(value_node, self.lines))
            head = self.lines[first]
            comment = _comment_at_end(head, value_node)
            kept = [
                line for line in self.lines[first + 1 : last + 1] if line.lstrip().startswith("#")
            ]
            if not comment and isinstance(value_node, SequenceNode) and value_node.flow_style:
                # A flow list over several lines: the comment after its "]", and those after
                # its items ("[a,  # negert"), which stay on lines of their own.
                end = self.lines[int(value_node.end_mark.line)][int(value_node.end_mark.column) :]
                hash_at = end.find("#")
                if hash_at >= 0 and not end[:hash_at].strip():
                    comment = end[hash_at:].rstrip("\r\n")
                ending = head[len(head.rstrip("\r\n")) :] or self.newline
                pad = head[: len(head) - len(head.lstrip(" "))]
                kept = [f"{pad}{c}{ending}" for c in self._item_comments(value_node)] + kept
            if value_node.start_mark.line != key_node.start_mark.line:
                # A block list ("reject:" with "- code" lines below): comments after the key
                # and after its items stay, each on a line of its own.
                after_key = head[int(key_node.end_mark.column) :].lstrip(" :\t")
                ending = head[len(head.rstrip("\r\n")) :] or self.newline
                found = [after_key.rstrip("\r\n")] if after_key.startswith("#") else []
                found += self._item_comments(value_node)
                pad = head[: len(head) - len(head.lstrip(" "))]
                kept = [f"{pad}{c}{ending}" for c in found] + kept
            indent = head[: len(head) - len(head.lstrip(" "))]
            if first == entry.first_line:
                indent = head[: int(key_node.start_mark.column)]
            if empty and first == entry.first_line:
                raise EditError(f"cannot remove '{key}', the first key of its entry")
            new: list[str] = []
            ending = head[len(head.rstrip("\r\n")) :] or self.newline
            if not empty:
                text = f"{indent}{key}: {render_value(key, value)}"
                text += f"  {comment}" if comment else ""
                new.append(text + ending)
            elif comment:  # the key goes; the researcher's comment on it stays, on its own line
                new.append(f"{indent}{comment}{ending}")
            self.lines[first : last + 1] = new + kept
            return
        if empty:
            return
        # In the usual order: "accept:" after "unit:", above "by:" and a note, not below them.
        rank = _key_rank(key)
        before = [v for k, (_, v) in entry.keys.items() if _key_rank(k) <= rank]
        after = max(
            _last_line(v, self.lines) for v in before or [v for _, v in entry.keys.values()]
        )
        self.lines[after] = self._terminated(self.lines[after])
        line = " " * entry.key_column + f"{key}: {render_value(key, value)}{self.newline}"
        self.lines.insert(after + 1, line)

    def _item_comments(self, value: Node) -> list[str]:
        """Comments after the items of a list over several lines ("- a  # …", "[a,  # …")."""
        if not isinstance(value, SequenceNode):
            return []
        found = []
        for item in value.value:
            if not isinstance(item, ScalarNode) or item.end_mark.line == value.end_mark.line:
                continue  # the list's last line: its comment is the one after the list
            rest = self.lines[int(item.end_mark.line)][int(item.end_mark.column) :].lstrip(" \t")
            rest = rest.removeprefix(",").lstrip(" \t")
            if rest.startswith("#"):
                found.append(rest.rstrip("\r\n"))
        return found

    def update(self, index: int, before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
        """Rewrite entry ``index`` from ``before`` to ``after``, key by key, bottom up.

        Only this entry's lines move, so entries above keep their line numbers: update entries
        from the last to the first.
        """
        changed = [k for k in set(before) | set(after) if before.get(k) != after.get(k)]
        entry = self.entries[index]
        new_keys = sorted((k for k in changed if k not in entry.keys), key=_key_rank)
        old_keys = sorted((k for k in changed if k in entry.keys), key=_key_rank)
        keys = [*new_keys, *old_keys]
        for n, key in enumerate(keys, start=1):
            count = len(self.lines)
            self.set_key(index, key, after.get(key))
            if len(self.lines) != count and n < len(keys):
                # Lines moved and another key of this entry is to be set: read the text
                # again, so that its marks are where its lines are now (a block list before a
                # blank line took the line inserted above it). Entries above did not move.
                self._read(self.render())

    def append(self, values: Mapping[str, Any]) -> None:
        """A new entry at the end of the file, keys in the usual order."""
        if self.lines:
            self.lines[-1] = self._terminated(self.lines[-1])
        pad = " " * self.dash_column
        first = True
        for key in [*KEY_ORDER, "note"]:
            value = values.get(key)
            if value is None or value == "" or (key in LIST_KEYS and not value):
                continue
            lead = f"{pad}- " if first else f"{pad}  "
            self.lines.append(f"{lead}{key}: {render_value(key, value)}{self.newline}")
            first = False


def _key_rank(key: str) -> int:
    return KEY_ORDER.index(key) if key in KEY_ORDER else len(KEY_ORDER)


def _comments(text: str) -> Counter[str]:
    return Counter(
        line.strip()[line.strip().find("#") :]
        for line in text.splitlines()
        if "#" in line and line.strip().startswith("#")
    )


def verify(old: str, new: str, expected: list[dict[str, Any]]) -> None:
    """Refuse an edit whose entries are not ``expected`` or that lost a comment line."""
    data = load(new) or []
    if data != expected:
        raise EditError("the edit did not give the entries it should (a bug in stc)")
    lost = _comments(old) - _comments(new)
    if lost:
        raise EditError(f"the edit would lose the comment {next(iter(lost))!r} (a bug in stc)")
