"""Review: the researcher's decisions on suggestions, written to coding.yaml.

The library functions behind ``stc review`` on the command line and in the browser: take a
decision on a (unit, code) pair, accept every pending suggestion of a code, and read the
status per code. Every write goes through ``write_researcher_file``: line-preserving (only the
lines of the decided entry change), atomic, and compare-and-swap, so that a save made in an
editor or another tab meanwhile is merged, never lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from stc.coding import CodingResult
from stc.decisions import fold_marks, near_code
from stc.errors import CodingError
from stc.messages import message
from stc.units import Unit
from stc.yamledit import EditError, write_researcher_file
from stc.yamledit.coding import LIST_KEYS, CodingDocument, verify
from stc.yamlio import parse_yaml

Kind = Literal["accept", "reject", "add", "clear", "dissent", "consent", "note"]


@dataclass(frozen=True)
class Action:
    """One decision: ``kind`` on ``code`` of the unit (``note`` carries its text).

    ``passage``: the unit is a passage the researcher chose (a selection in the browser); its
    entry names it by ``transcript:`` and ``quote:``, so that it forms its own unit on reading.
    """

    unit: Unit
    kind: Kind
    code: str | None = None
    note: str | None = None
    passage: bool = False


def _entries(text: str | None, path: Path) -> list[dict[str, Any]]:
    data = parse_yaml(text or "", str(path), CodingError) if text else None
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise CodingError(f"{path}: expected a list of decisions ('- unit: …'); fix it first")
    return data


def _mine(entry: dict[str, Any], coder: str | None) -> bool:
    by = entry.get("by")
    return by is None or (coder is not None and str(by) == coder)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _key(entry: dict[str, Any]) -> tuple[str, ...]:
    """What an entry decides: a unit by id, or a passage by its transcript and quote."""
    if "unit" in entry:
        return ("unit", str(entry["unit"]))
    quote = fold_marks(str(entry.get("quote", "")))
    return ("passage", str(entry.get("transcript", "")), quote)


def _keys(unit: Unit) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # A passage typed with straight quotes is the unit whose text has Word's (as stc code
    # finds it): a decision on it changes that entry, not a second one it would outrank.
    return ("unit", unit.id), ("passage", unit.transcript.id, fold_marks(unit.text))


def _apply(entry: dict[str, Any], action: Action) -> dict[str, Any]:
    """The entry after ``action``: a new dict, lists without duplicates."""
    new = dict(entry)
    lists = {key: _as_list(new.get(key)) for key in LIST_KEYS}
    code = action.code
    if action.kind in ("accept", "reject", "add", "clear") and code:
        for key in LIST_KEYS:
            lists[key] = [c for c in lists[key] if c != code]
        suggested = code in action.unit.states and any(
            e.rule != "manual" for e in action.unit.evidence.get(code, ())
        )
        if action.kind == "reject":
            lists["reject"].append(code)
        elif action.kind in ("accept", "add"):
            lists["accept" if suggested else "add"].append(code)
    for key in LIST_KEYS:
        if lists[key]:
            new[key] = lists[key]
        else:
            new.pop(key, None)
    if action.kind == "dissent":
        new["voice"] = "dissent"
    elif action.kind == "consent":
        new.pop("voice", None)
    elif action.kind == "note":
        if action.note:
            new["note"] = action.note
        else:
            new.pop("note", None)
    return new


def apply_actions(
    text: str | None, actions: Sequence[Action], coder: str | None, path: Path
) -> str:
    """coding.yaml's text after ``actions``: only the decided entries' lines change."""
    entries = _entries(text, path)
    try:
        document = CodingDocument(text or "")
    except EditError as exc:
        raise CodingError(f"{path}: {exc}; stc cannot add decisions to it") from None
    expected = [dict(e) for e in entries]
    # The last entry of this coder that names a unit decides it; new entries go at the end.
    latest = {_key(e): i for i, e in enumerate(expected) if _mine(e, coder)}
    for action in actions:
        unit = action.unit
        by_id, as_passage = _keys(unit)
        index = latest.get(by_id, latest.get(as_passage))
        if index is None:
            fresh: dict[str, Any] = (
                {"transcript": unit.transcript.id, "quote": unit.text}
                if action.passage
                else {"unit": unit.id, "quote": unit.text}
            )
            if coder:
                fresh["by"] = coder
            expected.append(fresh)
            index = latest[_key(fresh)] = len(expected) - 1
        after = _apply(expected[index], action)
        after.setdefault("quote", unit.text)
        expected[index] = after
    for index in range(len(entries) - 1, -1, -1):
        if expected[index] != entries[index]:
            document.update(index, entries[index], expected[index])
    for entry in expected[len(entries) :]:
        document.append(entry)
    new = document.render()
    try:
        verify(text or "", new, [_normal(e) for e in expected])
    except EditError as exc:
        raise CodingError(f"{path}: {exc}; nothing was written") from None
    return new


def _normal(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if v is not None and v != [] and v != ""}


def decide(path: Path, actions: Sequence[Action], coder: str | None) -> bool:
    """Write ``actions`` to coding.yaml with compare-and-swap; whether the file changed."""
    if not actions:
        return False

    def build(text: str | None) -> str:
        return apply_actions(text, actions, coder, path)

    _, written = write_researcher_file(path, build, CodingError)
    return written


def unknown_code(code: str, known: Sequence[str]) -> str:
    """The error for a code id the codebook lacks, with the id it most likely means."""
    close = near_code(code, known)
    hint = f"did you mean '{close}'?" if close else "use a group/code id from the codebook"
    return f"unknown code '{code}'; {hint}"


# Flags that may turn a suggestion into its opposite ("ikke redd", "Men …"): a bulk accept
# leaves such a suggestion to be decided in its context.
DOUBTFUL = ("negation", "contrast")


def accept_all(result: CodingResult, code: str) -> tuple[int, int]:
    """Accept every pending suggestion of ``code`` that no negation or contrast flag puts in
    doubt; how many were accepted, and how many flagged ones were left."""
    if code not in result.codebook.code_ids:
        raise CodingError(unknown_code(code, result.codebook.code_ids))
    clear: list[Unit] = []
    doubtful = 0
    for unit in result.units:
        if unit.states.get(code) != "suggested":
            continue
        if any(f.split(":")[0] in DOUBTFUL for f in unit.flags.get(code, ())):
            doubtful += 1
        else:
            clear.append(unit)
    decide(result.project.coding_path, [Action(u, "accept", code) for u in clear], result.coder)
    return len(clear), doubtful


def find_unit(result: CodingResult, unit_id: str) -> Unit:
    """The unit with this id (coded or not), or an error naming the fix."""
    for unit in [*result.units, *result.uncoded]:
        if unit.id == unit_id:
            return unit
    raise CodingError(
        f"unknown unit '{unit_id}'; look it up in meaning_units.csv, review.csv or uncoded.csv"
    )


def summary_line(result: CodingResult) -> str:
    """ "212 of 296 units reviewed; 84 suggestions wait" (by whom, when a coder is named), in
    the project's language."""
    language = result.project.config.language
    units = len(result.units)
    reviewed = len(result.reviewed)
    waiting = sum(len(u.pending) for u in result.units)
    done = (
        message(language, "reviewed_by", reviewed=reviewed, units=units, coder=result.coder)
        if result.coder
        else message(language, "reviewed", reviewed=reviewed, units=units)
    )
    return f"{done}; {message(language, 'waiting', n=waiting)}"


def coder_case_lines(result: CodingResult) -> list[str]:
    """Entries by the coder's name in other capitals ("by: Kari" for kari), not counted."""
    decisions = result.decisions
    if decisions is None:
        return []
    return decisions.case_lines(result.coder, result.project.config.language, decisions.path)
