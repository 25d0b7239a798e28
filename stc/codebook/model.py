"""The codebook YAML: code groups (kodegrupper) → codes (subgroups) → matching rules."""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from stc.codebook.regex import RulePattern
from stc.errors import CodebookError
from stc.yamlio import check_language_false, read_yaml, validate

ID_HINT = "ids use lower-case letters a-z, digits and '-'"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _string_list(value: object) -> object:
    return [value] if isinstance(value, str) else ([] if value is None else value)


def check_keyword(word: str) -> str:
    stripped = word.strip()
    if not stripped.replace("*", "").strip():
        raise ValueError(f"keyword '{word}' is empty; write a word, e.g. 'group' or 'group*'")
    if "," in stripped:
        items = ", ".join(item for w in stripped.split(",") if (item := _flow_item(w)))
        raise ValueError(
            f"keyword '{word}' holds a comma, so it would be one keyword that never matches; "
            f"write one keyword per item: [{items}]"
        )
    for part in stripped.split():
        if "*" in part.strip("*"):
            raise ValueError(f"keyword '{word}': '*' may stand only at the start or end of a word")
    return stripped


def _flow_item(word: str) -> str:
    """One word of a comma-separated string as a YAML list item: without the brackets and
    quotes the string kept (``keywords: a, "b*", c]`` lost its opening bracket), quoted where
    YAML needs it ("*leder" would be an alias)."""
    bare = word.strip().strip("[]").strip().strip("\"'").strip()
    if bare and (bare[0] in "*&!|>%@`" or ": " in bare or " #" in bare):
        return f'"{bare}"'
    return bare


@functools.cache
def _pattern_vocab() -> Any:
    """A vocabulary to validate Matcher patterns with; spaCy loads only for a codebook that
    has patterns."""
    from spacy.vocab import Vocab

    return Vocab()


class Code(_Strict):
    """A code (subgroup) and the rules that find its meaning units."""

    id: str
    label: str
    description: str = ""
    keywords: list[str] = Field(default_factory=list)
    regex: list[str] = Field(default_factory=list)
    patterns: list[list[dict[str, Any]]] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list)
    counterexamples: list[str] = Field(default_factory=list)

    _lists = field_validator(
        "keywords", "regex", "exclude", "examples", "counterexamples", mode="before"
    )(_string_list)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9-]+", value):
            raise ValueError(f"code id '{value}' is invalid; {ID_HINT}")
        return value

    @field_validator("keywords", "exclude")
    @classmethod
    def _keywords(cls, value: list[str]) -> list[str]:
        return [check_keyword(str(v)) for v in value]

    @field_validator("regex")
    @classmethod
    def _regex(cls, value: list[str]) -> list[str]:
        for pattern in value:
            RulePattern(pattern)  # a ValueError names the construct RE2 cannot run
        return value

    @field_validator("patterns")
    @classmethod
    def _patterns(cls, value: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
        for i, pattern in enumerate(value):
            from spacy.matcher import Matcher

            matcher = Matcher(_pattern_vocab(), validate=True)
            try:
                matcher.add("check", [pattern])
            except Exception as exc:  # spaCy raises ValueError or MatchPatternError
                detail = " ".join(str(exc).split())
                raise ValueError(
                    f"pattern {i} is not a valid spaCy Matcher pattern: {detail}"
                ) from None
        return value


class Group(_Strict):
    """A code group (kodegruppe)."""

    id: str
    label: str
    description: str = ""
    theme: str | list[str] | None = None  # the preliminary theme(s) of step 1 it came from
    codes: list[Code]

    @property
    def themes(self) -> list[str]:
        if self.theme is None:
            return []
        return [self.theme] if isinstance(self.theme, str) else list(self.theme)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9-]+", value):
            raise ValueError(f"group id '{value}' is invalid; {ID_HINT}")
        return value

    @field_validator("codes")
    @classmethod
    def _not_empty(cls, value: list[Code]) -> list[Code]:
        if not value:
            raise ValueError("the group has no codes; add at least one code (a subgroup)")
        duplicates = sorted(k for k, n in Counter(c.id for c in value).items() if n > 1)
        if duplicates:
            raise ValueError(f"duplicate code id '{duplicates[0]}'; give each code its own id")
        return value


class Codebook(_Strict):
    """A whole codebook. ``codes`` lists ``(group/code id, group, code)`` in file order."""

    name: str
    language: str | None = None
    description: str = ""
    groups: list[Group]

    @field_validator("groups")
    @classmethod
    def _groups(cls, value: list[Group]) -> list[Group]:
        if not value:
            raise ValueError("the codebook has no groups; add at least one code group")
        duplicates = sorted(k for k, n in Counter(g.id for g in value).items() if n > 1)
        if duplicates:
            raise ValueError(f"duplicate group id '{duplicates[0]}'; give each group its own id")
        return value

    @property
    def codes(self) -> list[tuple[str, Group, Code]]:
        return [(f"{g.id}/{c.id}", g, c) for g in self.groups for c in g.codes]

    @property
    def code_ids(self) -> list[str]:
        return [cid for cid, _, _ in self.codes]

    def code(self, code_id: str) -> tuple[Group, Code] | None:
        for cid, group, code in self.codes:
            if cid == code_id:
                return group, code
        return None


def _duplicate_ids(items: object, what: str) -> str | None:
    if not isinstance(items, list):
        return None
    ids = Counter(
        str(i["id"]) for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)
    )
    duplicates = sorted(k for k, n in ids.items() if n > 1)
    if duplicates:
        return f"duplicate {what} id '{duplicates[0]}'; give each {what} its own id"
    return None


def _duplicate_problems(data: object, source: str) -> list[str]:
    """Duplicate ids, found in the raw data so they are reported with every other problem."""
    if not isinstance(data, dict):
        return []
    problems = []
    groups = data.get("groups")
    if message := _duplicate_ids(groups, "group"):
        problems.append(f"{source}: [groups] {message}")
    for group in groups if isinstance(groups, list) else []:
        if isinstance(group, dict) and (message := _duplicate_ids(group.get("codes"), "code")):
            problems.append(f"{source}: [groups -> {group.get('id')} -> codes] {message}")
    return problems


def load_codebook(path: Path, language: str | None = None) -> Codebook:
    """Read and validate a codebook, reporting every problem at once."""
    data = read_yaml(path, CodebookError, missing="fix [codebook] in stc.yaml or create the file")
    check_language_false(data, str(path), CodebookError)
    problems = _duplicate_problems(data, str(path))
    try:
        codebook = validate(Codebook, data, str(path), CodebookError)
    except CodebookError as exc:
        problems += [p for p in exc.problems if p not in problems]
    if problems:
        raise CodebookError(*problems)
    if language and codebook.language and codebook.language != language:
        raise CodebookError(
            f"{path}: [language] is '{codebook.language}' but the project's language is "
            f"'{language}'; keywords are lemmatized in the project's language, so make them agree"
        )
    return codebook
