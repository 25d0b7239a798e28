"""What condensation.yaml holds (steps 3 and 4), and its text parsed into that.

The models validate what the researcher may write (``extra="forbid"``: a misspelt key is an
error naming the nearest valid one). ``parse_condensation`` also returns the document split
into keys for the line-by-line editor, each group and code item carrying its validated entry,
so that ``stc.condense`` and ``stc.yamledit.condensation`` read values, never text.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from stc import yamledit
from stc.errors import CondensationError
from stc.yamledit import Document, EditError
from stc.yamlio import check_yaml_bounds, indentation_hint, validate

Status = Literal["draft", "edited", "stale"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _text(value: object) -> object:
    """Researchers write numbers and dates too (`heading: 2024`); they are text here."""
    if isinstance(value, (bool, int, float, datetime.date)):
        return str(value)
    return value


def _empty_list(value: object) -> object:
    return [] if value is None else value


def _empty_dict(value: object) -> object:
    return {} if value is None else value


class Candidate(_Strict):
    """A golden-quote candidate: a unit id with what the researcher needs to choose it."""

    unit: str
    participant: str = ""
    lines: str = ""
    text: str = ""

    _texts = field_validator("unit", "participant", "lines", "text", mode="before")(_text)


class Changes(_Strict):
    """Unit ids added to or removed from a code since its condensate was written."""

    added: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)

    _lists = field_validator("added", "removed", mode="before")(_empty_list)


class CodeEntry(_Strict):
    """A code (subgroup): its condensate, golden quote and the units it was written from."""

    status: Status = "draft"
    condensate: str | None = None
    golden_quote: str | None = None
    quotes: list[str] = Field(default_factory=list)  # more quotes (unit ids), after the golden
    text: str | None = None  # the researcher's own text on this subgroup, for the report
    golden_quote_candidates: list[Candidate] = Field(default_factory=list)
    units: list[str] = Field(default_factory=list)
    changes: Changes | None = None
    fingerprint: str | None = None
    draft_hash: str | None = None

    _texts = field_validator(
        "condensate", "golden_quote", "text", "fingerprint", "draft_hash", mode="before"
    )(_text)
    _lists = field_validator("golden_quote_candidates", "units", "quotes", mode="before")(
        _empty_list
    )

    @property
    def edited(self) -> bool:
        """Whether the researcher has written in this entry (so it is never regenerated)."""
        if self.status != "draft" or self.draft_hash is None:
            return True
        return draft_hash(self.condensate, self.golden_quote) != self.draft_hash

    @property
    def condensate_status(self) -> Status:
        """What the report calls the condensate: ``stale`` as step 3 marked it, else
        ``draft`` while it is stc's draft word for word, else ``edited`` (the researcher's).
        stc drafts no golden quote, so choosing one makes the entry the researcher's for step
        3 (``edited``) but leaves its condensate a draft."""
        if self.status == "stale":
            return "stale"
        return "draft" if still_drafted(self.condensate, self.draft_hash) else "edited"


class GroupEntry(_Strict):
    """A code group: the researcher's heading and analytic text, and its codes."""

    heading: str | None = None
    analytic_text: str | None = None
    codes: dict[str, CodeEntry | None] = Field(default_factory=dict)

    _texts = field_validator("heading", "analytic_text", mode="before")(_text)
    _codes = field_validator("codes", mode="before")(_empty_dict)


class Condensation(_Strict):
    """condensation.yaml: code groups in codebook order, and what left the codebook."""

    groups: dict[str, GroupEntry | None] = Field(default_factory=dict)
    orphaned: dict[str, GroupEntry | None] = Field(default_factory=dict)

    _groups = field_validator("groups", "orphaned", mode="before")(_empty_dict)

    def code(self, code_id: str) -> CodeEntry | None:
        """The entry of ``group/code`` under ``groups:``, if any."""
        group_id, _, code = code_id.partition("/")
        group = self.groups.get(group_id)
        return group.codes.get(code) if group is not None else None


def still_drafted(condensate: str | None, recorded: object) -> bool:
    """Whether a condensate is stc's draft word for word: ``recorded`` is the entry's
    ``draft_hash``, if it has one."""
    return recorded is not None and draft_hash(condensate, None) == recorded


def draft_hash(condensate: str | None, golden_quote: str | None) -> str:
    """What identifies an entry as the tool wrote it; any change by the researcher alters it."""
    return digest(json.dumps([condensate, golden_quote], ensure_ascii=False))


def digest(text: str) -> str:
    """The short hash stc writes in condensation.yaml (``draft_hash``, ``fingerprint``)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _loader() -> YAML:
    return YAML(typ="safe", pure=True)


def parse_condensation(text: str, source: str) -> tuple[Document, Condensation]:
    """The document split into items, and its validated content; errors name line and key."""
    check_yaml_bounds(text, source, CondensationError)  # depth, alias bombs, impossible dates
    try:
        document, node = yamledit.parse(text)
        # Built from the same nodes the editor uses (parsing twice would cost twice).
        data = _loader().constructor.construct_document(node) if node is not None else None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        fix = "fix the syntax (indentation, quotes, colons)"
        if (twice := re.match(r'found duplicate key "([^"\n]*)"', problem)) is not None:
            # ruamel's message goes on with both values, a condensate over many lines.
            problem = f"the key '{twice.group(1)}' stands twice in one mapping"
            fix = "keep one of them (merge the texts into it)"
        elif mark is not None and (hint := indentation_hint(problem, mark.line)) is not None:
            fix = hint  # ("golden_quote:" two spaces short: the key under it is its value)
        raise CondensationError(
            f"{source}: invalid YAML{where}: {problem}; {fix}; the file was not changed"
        ) from None
    except EditError as exc:
        raise CondensationError(f"{source}: {exc}; the file was not changed") from None
    model = validate(Condensation, data, source, CondensationError)
    _attach(document, model)
    return document, model


def _attach(document: Document, model: Condensation) -> None:
    """Give each group and code item its validated entry, so merging reads values not text."""
    for section in ("groups", "orphaned"):
        item = document.root.get(section)
        if item is None or item.children is None:
            continue
        entries: dict[str, GroupEntry | None] = getattr(model, section)
        for group_item in item.children.keyed():
            group = entries.get(group_item.key or "")
            group_item.data = group
            codes_item = group_item.children.get("codes") if group_item.children else None
            if group is None or codes_item is None or codes_item.children is None:
                continue
            for code_item in codes_item.children.keyed():
                code_item.data = group.codes.get(code_item.key or "")
