"""Reading YAML files a researcher wrote, and turning validation errors into paths.

Problems are reported as ``file: [groups -> 0 -> codes -> 1 -> regex] message`` so that a
researcher can find the spot; unknown keys come with the nearest valid key.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
import types
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, Union

import yaml
from pydantic import BaseModel, ValidationError

from stc.errors import StcError

M = TypeVar("M", bound=BaseModel)


# libyaml's parser where PyYAML was built with it: ten times faster on a long coding.yaml.
if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseLoader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # every scalar a string


class _UniqueKeyLoader(_SafeLoader):
    """A safe loader that refuses duplicate keys instead of silently keeping the last one."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)
        if key in mapping:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (line {mark.line + 1}, column {mark.column + 1})",
                mark,
            )
        mapping[key] = loader.construct_object(value_node)
    return mapping


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def _construct_timestamp(loader: _UniqueKeyLoader, node: yaml.ScalarNode) -> Any:
    """A date or time; an impossible one (2023-02-30) is an error at its line, not a crash."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"'{node.value}' is not a valid date ({exc}); correct it, or quote it to keep it as text",
            node.start_mark,
        ) from None


_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

MAX_DEPTH = 64
"""How deeply collections may nest; a researcher's file needs fewer than ten levels."""
MAX_ALIAS_NODES = 100_000
"""How many nodes aliases (``*name``) may stand for in all: a few anchors are fine, an alias
bomb (each level repeating the one before) would grow to billions when a step walks it."""

_EventParser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_DATE = re.compile(r"(\d{4})-(\d\d?)-(\d\d?)(?=$|[Tt \t])")


def _impossible_date(value: str) -> str:
    """Why a plain scalar that YAML reads as a date is no date (``2023-02-30``); or ''."""
    found = _DATE.match(value)
    if not found:
        return ""
    try:
        datetime.date(*(int(g) for g in found.groups()))
    except ValueError as exc:
        return str(exc)
    return ""


def _line(mark: Any) -> str:
    return str(mark.line + 1) if mark is not None else "?"


def check_yaml_bounds(text: str, source: str, error: type[StcError] = StcError) -> None:
    """Refuse YAML nested deeper than ``MAX_DEPTH`` or whose aliases expand too far.

    Walks the parser's events (both parsers are iterative), so neither check can itself
    exhaust the stack or memory. A syntax error is left to the loader, which reports it with
    line and column.
    """
    try:
        _check_bounds(text, source, error, _EventParser)
    except (yaml.YAMLError, ValueError):  # ValueError: libyaml on text it cannot encode
        # libyaml stops at its own nesting limit (1000) or a syntax error; the pure-Python
        # parser, iterative too, finds how deep the text goes or where the error is.
        try:
            _check_bounds(text, source, error, yaml.SafeLoader)
        except yaml.YAMLError:
            return  # a syntax error: the loader reports it with line and column


def _check_bounds(text: str, source: str, error: type[StcError], loader: Any) -> None:
    sizes: dict[str, int] = {}  # anchor → the number of nodes it stands for
    stack: list[list[Any]] = []  # open collections: [nodes so far, anchor]
    expanded = 0

    def add(size: int) -> None:
        if stack:
            stack[-1][0] += size

    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            size = sizes.get(event.anchor or "", 1)
            expanded += size
            if expanded > MAX_ALIAS_NODES:
                mark = event.start_mark
                raise error(
                    f"{source}: aliases (*{event.anchor}) at line {_line(mark)} expand to "
                    f"more than {MAX_ALIAS_NODES:,} values; write the values out instead of "
                    "repeating anchors"
                )
            add(size)
        elif isinstance(event, yaml.CollectionStartEvent):
            stack.append([1, event.anchor])
            if len(stack) > MAX_DEPTH:
                mark = event.start_mark
                raise error(
                    f"{source}: lists and mappings nested more than {MAX_DEPTH} deep at line "
                    f"{_line(mark)}; flatten the structure"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            size, anchor = stack.pop()
            if anchor:
                sizes[anchor] = size
            add(size)
        elif isinstance(event, yaml.ScalarEvent):
            if event.implicit[0] and (problem := _impossible_date(event.value)):
                mark = event.start_mark
                raise error(
                    f"{source}: '{event.value}' at line {_line(mark)} is not a valid date "
                    f"({problem}); correct it, or quote it to keep it as text"
                )
            if event.anchor:
                sizes[event.anchor] = 1
            add(1)


def parse_yaml(text: str, source: str, error: type[StcError] = StcError) -> Any:
    """Parse YAML text; a syntax error names the source, line and column.

    Nesting depth and alias expansion are capped (``check_yaml_bounds``).
    """
    check_yaml_bounds(text, source, error)
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as exc:
        raise error(_syntax_error(text, source, exc)) from None
    except yaml.YAMLError as exc:
        raise error(f"{source}: invalid YAML: {exc}") from None
    except ValueError as exc:  # e.g. an integer too long to convert
        raise error(f"{source}: invalid value: {exc}") from None


def indentation_hint(problem: str, line: int) -> str | None:
    """The fix for an error YAML notices on the line after the one indented wrong (``line``,
    0-based, is where it noticed), or None for another error."""
    if line and ("mapping values are not allowed" in problem or "expected key" in problem):
        return (
            f"look at the indentation of lines {line} and {line + 1}: a key indented more or "
            "less than the keys beside it"
        )
    return None


def _syntax_error(text: str, source: str, exc: yaml.MarkedYAMLError) -> str:
    """One line for a YAML syntax error: where, what, and how to fix it. A tab is named: a
    researcher who indents with the tab key sees nothing wrong with the line."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return f"{source}: invalid YAML: {exc.problem or exc.context or exc}"
    where = f"line {_line(mark)}, column {mark.column + 1}"
    lines = text.splitlines()
    line = lines[mark.line] if 0 <= mark.line < len(lines) else ""
    at = line[mark.column : mark.column + 1]
    indent = line[: len(line) - len(line.lstrip())]
    if at == "\t" or "\t" in indent:
        return (
            f"{source}: invalid YAML at {where}: a tab; YAML indents and separates with "
            "spaces only: replace the tab with spaces"
        )
    opened = _unclosed(lines, text, exc)
    if opened is not None:
        return f"{source}: invalid YAML at {opened}"
    problem = exc.problem or exc.context or "invalid YAML"
    if "escape" in problem or "hexdecimal" in problem:
        # "C:\Users\kari\codebook.yaml" in double quotes: \U starts an escape there.
        return (
            f"{source}: invalid YAML at {where}: {problem}; a backslash in double quotes starts "
            "an escape: write the path in single quotes ('C:\\Users\\kari\\x.yaml') or with "
            "forward slashes (C:/Users/kari/x.yaml)"
        )
    if (hint := indentation_hint(problem, mark.line)) is not None:
        return f"{source}: invalid YAML at {where}: {problem}; {hint}"
    return f"{source}: invalid YAML at {where}: {problem}; fix the syntax (indentation, quotes, colons)"


# What the parser was reading when a file ran on past where a bracket or quote should have
# closed: the error is told where it opened (the parser notices lines later, or at the end).
_OPENERS = {
    "while parsing a flow sequence": ("the list opened with '['", "close it with ']'"),
    "while parsing a flow mapping": ("the mapping opened with '{'", "close it with '}'"),
    "while scanning a quoted scalar": ("the quotation mark", "close the quote"),
}


def _ran_on(lines: list[str], text: str, opened: Any, problem: Any) -> bool:
    """Whether the parser stopped where a bracket or quote left open shows: at the end of
    the file, or on a line that starts a key no deeper than the line that opened it (the
    field after an unclosed list). Inside a list or mapping that goes on over lines, an error
    is the line's own (a missing comma)."""
    if problem.line >= len(lines) or not text[problem.index :].strip():
        return True
    line = lines[problem.line]
    if _NEW_KEY.match(line) is None:
        return False
    start = lines[opened.line] if opened.line < len(lines) else ""
    return _indent(line) <= _indent(start)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


# A line that opens a mapping key, as the next field after an unclosed list does.
_NEW_KEY = re.compile(r"^\s*(-\s+)?[\w.-]+:(\s|$)")


def _unclosed(lines: list[str], text: str, exc: yaml.MarkedYAMLError) -> str | None:
    """Where and what for a bracket or quote left open, placed where it opened; None for
    other errors."""
    found = _OPENERS.get(exc.context or "")
    mark = exc.context_mark
    if found is None or mark is None:
        return None
    what, fix = found
    problem = exc.problem_mark
    if problem is None or problem.line <= mark.line or not _ran_on(lines, text, mark, problem):
        # An error inside a list that goes on over lines (a missing comma) is its own.
        return None
    later = f" (the parser noticed at line {_line(problem)})"
    return (
        f"line {_line(mark)}, column {mark.column + 1}: {what} here is not closed{later}; "
        f"{fix} on that line"
    )


def parse_yaml_strings(text: str, source: str, error: type[StcError] = StcError) -> Any:
    """Parse YAML keeping every scalar a string (``010`` stays ``"010"``), with the same caps."""
    check_yaml_bounds(text, source, error)
    try:
        return yaml.load(text, Loader=_BaseLoader)
    except yaml.MarkedYAMLError as exc:
        raise error(_syntax_error(text, source, exc)) from None
    except yaml.YAMLError as exc:
        raise error(f"{source}: invalid YAML: {exc}") from None
    except ValueError as exc:  # libyaml on text it cannot encode (a lone surrogate)
        raise error(f"{source}: invalid text: {exc}") from None


def read_yaml(path: Path, error: type[StcError] = StcError, missing: str = "") -> Any:
    """Read and parse a YAML file, with clear errors for a missing or malformed file."""
    if not path.is_file():
        fix = missing or "check the path"
        raise error(f"{path}: file not found; {fix}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text; save it as UTF-8") from None
    return parse_yaml(text, str(path), error)


def check_language_false(data: Any, source: str, error: type[StcError]) -> None:
    """``language: no`` reads as false in YAML 1.1; say so rather than "not a string"."""
    if isinstance(data, dict) and data.get("language") is False:
        raise error(
            f"{source}: [language] reads as false: YAML takes an unquoted no for 'no'; "
            "write language: nb (Bokmål) or nn (Nynorsk), or quote it"
        )


def _field_names(model: type[BaseModel]) -> list[str]:
    names = []
    for name, field in model.model_fields.items():
        names.append(field.alias or name)
    return names


def _unwrap(annotation: Any) -> list[Any]:
    """The candidate types inside Optional/Union/list/dict annotations."""
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        found = []
        for arg in typing.get_args(annotation):
            found.extend(_unwrap(arg))
        return found
    return [annotation]


def _model_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """Walk a model's annotations along an error location; the model that holds the last key."""
    current: Any = model
    for part in loc:
        candidates = _unwrap(current)
        nxt: Any = None
        for cand in candidates:
            origin = typing.get_origin(cand)
            if isinstance(cand, type) and issubclass(cand, BaseModel) and isinstance(part, str):
                field = cand.model_fields.get(part)
                if field is None:
                    for f in cand.model_fields.values():
                        if f.alias == part:
                            field = f
                if field is not None:
                    nxt = field.annotation
                    break
            elif origin is list and isinstance(part, int):
                nxt = typing.get_args(cand)[0]
                break
            elif origin is dict and isinstance(part, str):
                nxt = typing.get_args(cand)[1]
                break
        if nxt is None:
            return None
        current = nxt
    for cand in _unwrap(current):
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            return cand
    return None


def format_loc(loc: tuple[int | str, ...], data: Any = None) -> str:
    """``[groups -> fellesskap -> codes -> 1]``: list items with an ``id`` are named by it."""
    parts = []
    node = data
    for part in loc:
        shown = str(part)
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                shown = node["id"]
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            node = None
        parts.append(shown)
    return "[" + " -> ".join(parts) + "]"


_PLAIN_SCALAR = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./:-]*\Z")


def scalar(value: str) -> str:
    """A YAML scalar for ``value``: plain where that reads back the same, else double-quoted."""
    if _PLAIN_SCALAR.match(value) and yaml.safe_load(value) == value and ": " not in value:
        return value
    return json.dumps(value, ensure_ascii=False)


def _not_a_list(key: str, value: Any) -> str:
    """The fix for one value given where a list goes: the same value in brackets ("a, b"
    written without them: each in brackets)."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        items = [v.strip() for v in str(value).split(",") if v.strip()] or [str(value)]
        listed = ", ".join(scalar(v) for v in items)
        return f"must be a list, even of one; write {key}: [{listed}]"
    if isinstance(value, dict):
        return f"must be a list, not a mapping: one '- item' line per item, or {key}: [a, b]"
    return f"must be a list: one '- item' line per item, or {key}: [a, b]"


def _not_one_value(key: str, value: Any) -> str | None:
    """The fix for a one-item list given where one value goes (golden_quote: [id])."""
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
        return f"must be one value, not a list; write {key}: {scalar(value[0])}"
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return f"must be one value, not a list: keep one, e.g. {key}: {scalar(value[0])}"
    return None


def validation_problems(
    exc: ValidationError, model: type[BaseModel], source: str, data: Any = None
) -> list[str]:
    """One line per pydantic problem, naming the path and, for unknown keys, the nearest key
    or the section the key belongs under (``interviewer:`` not indented under ``speakers:``)."""
    problems = []
    errors = exc.errors()
    # Each unknown key that belongs under a section beside it, and the sections so left empty.
    sections = {
        loc: section
        for loc in (_loc(item) for item in errors if item["type"] == "extra_forbidden")
        if loc and (section := _section_of(model, loc[:-1], str(loc[-1]))) is not None
    }
    moved = {(*loc[:-1], section) for loc, section in sections.items()}
    for item in errors:
        loc = _loc(item)
        if item["type"] == "extra_forbidden" and loc:
            key = str(loc[-1])
            holder = _model_at(model, loc[:-1])
            valid = sorted(_field_names(holder)) if holder else []
            close = difflib.get_close_matches(key, valid, n=1, cutoff=0.7)
            section = sections.get(loc)
            if section is not None and section in _data_at(data, loc[:-1]):
                hint = f"it belongs under '{section}:': indent it by two spaces below that line"
            elif section is not None:
                hint = f"it belongs under '{section}:': write '{section}:' above it and indent it by two spaces"
            elif close:
                hint = f"did you mean '{close[0]}'?"
            else:
                hint = f"valid keys: {', '.join(valid)}"
            problems.append(f"{source}: {format_loc(loc, data)} unknown key '{key}'; {hint}")
            continue
        if item["type"] == "model_type" and loc in moved and item.get("input") is None:
            continue  # said with the key that belongs under it
        message = item["msg"]
        if item["type"] == "model_type":
            message = (
                "is empty: write its keys on the lines below it, each indented by two spaces"
                if item.get("input") is None
                else "must be a mapping: its keys on the lines below it, indented by two spaces"
            )
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        if item["type"] == "missing":
            message = "required key is missing"
        keys = [str(p) for p in loc if isinstance(p, str)]
        if item["type"] == "list_type" and keys:
            message = _not_a_list(keys[-1], item.get("input"))
        if item["type"] == "string_type" and keys and isinstance(loc[-1], str):
            message = _not_one_value(keys[-1], item.get("input")) or message
        where = format_loc(loc, data) + " " if loc else ""
        problems.append(f"{source}: {where}{message}")
    return problems


def _loc(item: Any) -> tuple[int | str, ...]:
    return tuple(p for p in item["loc"] if not (isinstance(p, str) and p.startswith("function")))


def _data_at(data: Any, at: tuple[int | str, ...]) -> Any:
    """The parsed YAML at a location ({} where there is none)."""
    for part in at:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return {}
    return data if isinstance(data, dict) else {}


def _section_of(model: type[BaseModel], at: tuple[int | str, ...], key: str) -> str | None:
    """The section beside an unknown ``key`` whose own keys hold it (``speakers`` for
    ``interviewer``): a line that lost its indentation."""
    holder = _model_at(model, at)
    if holder is None:
        return None
    for name in sorted(_field_names(holder)):
        section = _model_at(holder, (name,))
        if section is not None and key in _field_names(section):
            return name
    return None


def validate(model: type[M], data: Any, source: str, error: type[StcError] = StcError) -> M:
    """Validate parsed YAML against a model, reporting every problem at once."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise error(
            f"{source}: expected a mapping of keys at the top level, found {type(data).__name__}"
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error(*validation_problems(exc, model, source, data)) from None
