"""coding.yaml: the researcher's manual decisions, which win over the codebook.

```yaml
- unit: informant-3:7f3a9c          # add or remove codes on a unit
  add: [fellesskap/ikke-alene]
  remove: [gruppeleder/alder]
- transcript: informant-5           # a unit the codebook missed, by verbatim quote
  quote: "det var bedre enn jeg så for meg"
  add: [fellesskap/forventninger]
```
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from stc.codebook.matcher import Evidence
from stc.errors import CodingError
from stc.types import Transcript
from stc.units import Unit, base_id
from stc.yamlio import read_yaml, validate

log = logging.getLogger("stc")


class _Decision(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    add: list[str] = Field(default_factory=list)
    remove: list[str] = Field(default_factory=list)
    note: str = ""

    @field_validator("add", "remove", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else ([] if value is None else value)


class UnitDecision(_Decision):
    """Add or remove codes on an existing unit (coded or not), by its id."""

    unit: str


class QuoteDecision(_Decision):
    """Code a span the codebook missed, found by a verbatim quote in one transcript."""

    transcript: str
    quote: str


Decision = UnitDecision | QuoteDecision


def load_decisions(path: Path) -> list[Decision]:
    """Read coding.yaml; a missing file means no decisions."""
    if not path.exists():
        return []
    data = read_yaml(path, CodingError)
    if data is None:
        return []
    if not isinstance(data, list):
        raise CodingError(
            f"{path}: expected a list of decisions ('- unit: …' or '- transcript: … quote: …')"
        )
    decisions: list[Decision] = []
    problems: list[str] = []
    for i, entry in enumerate(data):
        source = f"{path} [{i}]"
        try:
            if isinstance(entry, dict) and "unit" in entry:
                decisions.append(validate(UnitDecision, entry, source, CodingError))
            elif isinstance(entry, dict) and "transcript" in entry:
                decisions.append(validate(QuoteDecision, entry, source, CodingError))
            else:
                problems.append(
                    f"{source}: an entry needs 'unit: <unit id>', or 'transcript:' and 'quote:'"
                )
        except CodingError as exc:
            problems.extend(exc.problems)
    if problems:
        raise CodingError(*problems)
    return decisions


def _find_quote(transcript: Transcript, quote: str) -> tuple[int, int] | None:
    words = quote.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    for match in pattern.finditer(transcript.text):
        for turn in transcript.turns:
            if (
                turn.role == "participant"
                and turn.start <= match.start()
                and match.end() <= turn.end
            ):
                return match.start(), match.end()
    return None


def free_id(base: str, taken: dict[str, Unit]) -> str:
    """``base``, or the first ``base-N`` not taken yet."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def apply_decisions(
    decisions: Sequence[Decision],
    units: list[Unit],
    uncoded: list[Unit],
    transcripts: Sequence[Transcript],
    code_ids: Sequence[str],
    source: Path,
) -> tuple[list[Unit], list[Unit]]:
    """Apply manual decisions; returns the new coded and uncoded units.

    Every problem (unknown unit, unknown code, quote not found) is reported at once.
    """
    by_id = {u.id: u for u in [*units, *uncoded]}
    by_transcript = {t.id: t for t in transcripts}
    known = set(code_ids)
    problems: list[str] = []
    created: list[Unit] = []
    for i, decision in enumerate(decisions):
        where = f"{source} [{i}]"
        for code in [*decision.add, *decision.remove]:
            if code not in known:
                close = difflib.get_close_matches(code, list(known), n=1, cutoff=0.6)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else "use a group/code id from the codebook"
                )
                problems.append(f"{where}: unknown code '{code}'; {hint}")
        unit: Unit | None
        if isinstance(decision, UnitDecision):
            unit = by_id.get(decision.unit)
            if unit is None:
                problems.append(
                    f"{where}: unknown unit id '{decision.unit}'; the unit's text may have changed "
                    "since: look it up in meaning_units.csv or uncoded.csv and update the id"
                )
                continue
        else:
            transcript = by_transcript.get(decision.transcript)
            if transcript is None:
                close = difflib.get_close_matches(decision.transcript, list(by_transcript), n=1)
                hint = f"did you mean '{close[0]}'?" if close else "use a transcript id"
                problems.append(f"{where}: unknown transcript '{decision.transcript}'; {hint}")
                continue
            span = _find_quote(transcript, decision.quote)
            if span is None:
                problems.append(
                    f'{where}: quote "{decision.quote}" is not in any participant turn of '
                    f"'{transcript.id}'; copy it verbatim from text/{transcript.id}.txt"
                )
                continue
            unit = next(
                (
                    u
                    for u in [*units, *uncoded, *created]
                    if u.transcript.id == transcript.id and (u.start, u.end) == span
                ),
                None,
            )
            if unit is None:
                turn = next(t for t in transcript.turns if t.start <= span[0] and span[1] <= t.end)
                unit = Unit("", transcript, turn, span[0], span[1], {})
                unit.id = free_id(base_id(transcript.id, unit.text), by_id)
                created.append(unit)
                by_id[unit.id] = unit
        evidence = Evidence("manual", f"coding.yaml [{i}]")
        for code in decision.add:
            if code in known:
                unit.codes[code] = (evidence,)
        for code in decision.remove:
            if code in unit.codes:
                del unit.codes[code]
            elif code in known:
                log.warning(f"{where}: unit {unit.id} does not have '{code}'; nothing to remove")
    if problems:
        raise CodingError(*problems)
    everything = sorted(
        {id(u): u for u in [*units, *uncoded, *created]}.values(),
        key=lambda u: (u.transcript.id, u.start, u.end, u.id),
    )
    return [u for u in everything if u.codes], [u for u in everything if not u.codes]
