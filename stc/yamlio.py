"""Reading YAML files a researcher wrote, and turning validation errors into paths.

Problems are reported as ``file: [groups -> 0 -> codes -> 1 -> regex] message`` so that a
researcher can find the spot; unknown keys come with the nearest valid key.
"""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any, TypeVar, Union

import yaml
from pydantic import BaseModel, ValidationError

from stc.errors import StcError

M = TypeVar("M", bound=BaseModel)


# libyaml's parser where PyYAML was built with it: ten times faster on a long coding.yaml.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[misc]  # base chosen at import
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


def parse_yaml(text: str, source: str, error: type[StcError] = StcError) -> Any:
    """Parse YAML text; a syntax error names the source, line and column."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise error(
            f"{source}: invalid YAML{where}: {problem}; fix the syntax (indentation, quotes, colons)"
        ) from None
    except yaml.YAMLError as exc:
        raise error(f"{source}: invalid YAML: {exc}") from None


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


def validation_problems(
    exc: ValidationError, model: type[BaseModel], source: str, data: Any = None
) -> list[str]:
    """One line per pydantic problem, naming the path and, for unknown keys, the nearest key."""
    problems = []
    for item in exc.errors():
        loc = tuple(p for p in item["loc"] if not (isinstance(p, str) and p.startswith("function")))
        if item["type"] == "extra_forbidden" and loc:
            key = str(loc[-1])
            holder = _model_at(model, loc[:-1])
            valid = sorted(_field_names(holder)) if holder else []
            close = difflib.get_close_matches(key, valid, n=1, cutoff=0.5)
            hint = f"did you mean '{close[0]}'?" if close else f"valid keys: {', '.join(valid)}"
            problems.append(f"{source}: {format_loc(loc, data)} unknown key '{key}'; {hint}")
            continue
        message = item["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        if item["type"] == "missing":
            message = "required key is missing"
        where = format_loc(loc, data) + " " if loc else ""
        problems.append(f"{source}: {where}{message}")
    return problems


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
