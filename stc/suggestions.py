"""The suggestions file: `stc suggest`'s queue, read back by step 2 as a second suggestion source.

`stc suggest` writes it beside stc.yaml (``suggestions:`` in stc.yaml, default
``suggestions.yaml``), sorted and deterministic. It is stc's file, not the researcher's: a
checksum in its header tells it from a file a person wrote or edited, which stc never
overwrites. Step 2 (`stc code`, and so `run`, `review` and the workspace) gives the unit that
holds each candidate's sentence the code in state *suggested*, with evidence whose rule is
``suggest``; decisions in coding.yaml then apply to it as to any suggestion. Nothing here
accepts anything.

A candidate re-attaches by its quote, like a decision: where its offsets no longer hold the
quote, it is looked for in the transcript. A candidate whose text is gone (or whose code or
transcript is) is ignored and counted: it is only a suggestion. The file is an input of
``stc.lock``, so that ``stc run --check`` reproduces the coding it took part in; ``out/``
stays disposable.

```yaml
# Written by `stc suggest` …
# sha256: 3c1f…
coder: kari
suggestions:
- code: sarbarhet/redd-i-starten
  transcript: informant-6
  char_start: 1234
  char_end: 1301
  quote: Jeg sa nesten ingenting den første måneden, bare det jeg måtte i runden.
  score: 0.652
  nearest: informant-1:7f3a9c
  terms: [nesten ingenting, si nesten]
```
"""

from __future__ import annotations

import bisect
import hashlib
import os
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from stc.codebook.matcher import Evidence
from stc.decisions import quote_spans
from stc.errors import SuggestionsError
from stc.types import Transcript
from stc.units import Unit
from stc.yamlio import read_yaml, validate

HEADER = (
    "# Written by `stc suggest`: candidates learned from coding.yaml, waiting for review.\n"
    "# `stc code` shows them as suggestions with source `suggest`; decide them in `stc review`\n"
    "# (accept or reject), not here. stc rewrites this file; it never overwrites one it did\n"
    "# not write, so keep your own notes elsewhere.\n"
)
DIGEST = "# sha256: "


class Queued(BaseModel):
    """One candidate: a participant sentence, the code it may carry, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    transcript: str
    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    quote: str
    score: float = Field(ge=0, le=1)
    nearest: str = ""
    terms: list[str] = Field(default_factory=list)

    def evidence(self) -> Evidence:
        """``suggest: 0.82 (nearest informant-3:7f3a9c; terms: redd, dele)``."""
        terms = f"; terms: {', '.join(self.terms)}" if self.terms else ""
        return Evidence("suggest", f"{self.score:.2f} (nearest {self.nearest}{terms})")


class Queue(BaseModel):
    """The file as a whole: whose review the candidates were learned from, and the candidates."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    coder: str | None = None
    suggestions: list[Queued] = Field(default_factory=list)


def render(queue: Queue) -> str:
    """The file's text: the header, the checksum of the body, the body (keys in a fixed order)."""
    data = {
        "coder": queue.coder,
        "suggestions": [entry.model_dump() for entry in queue.suggestions],
    }
    body = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None
    )
    return f"{HEADER}{DIGEST}{_digest(body)}\n{body}"


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def written_by_stc(text: str) -> bool:
    """Whether ``text`` is a suggestions file exactly as stc wrote it."""
    head, found, rest = text.partition(f"\n{DIGEST}")
    if not found or f"{head}\n" != HEADER:
        return False
    digest, newline, body = rest.partition("\n")
    return bool(newline) and digest == _digest(body)


def check_ours(path: Path) -> None:
    """Refuse, before any work, a file at ``path`` that stc may not replace."""
    if not path.exists():
        return
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SuggestionsError(
            f"{path}: cannot read it ({exc}); stc suggest only replaces its own file there"
        ) from None
    if not written_by_stc(text):
        raise SuggestionsError(
            f"{path}: not written by `stc suggest` (or edited since), so stc does not "
            "overwrite it; move it away, or set `suggestions:` in stc.yaml to another file"
        )


def write_queue(path: Path, queue: Queue) -> bool:
    """Write the queue to ``path`` atomically; False when the file already says exactly that.

    A file at ``path`` that stc did not write, or that was edited since, is never replaced.
    """
    text = render(queue)
    check_ours(path)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SuggestionsError(f"{path}: cannot write ({exc.strerror or exc})") from None
    return True


def load_queue(path: Path) -> Queue:
    """Read the suggestions file; a missing or empty file is an empty queue.

    An edited file is read as it stands (removing a line removes a suggestion); only a file
    that is not a queue at all is an error.
    """
    if not path.exists():
        return Queue()
    data = read_yaml(path, SuggestionsError)
    if data is None:
        return Queue()
    if not isinstance(data, dict):
        raise SuggestionsError(
            f"{path}: not a suggestions file (expected 'suggestions:' with a list); it is "
            "written by `stc suggest`: set `suggestions:` in stc.yaml if this is another file"
        )
    return validate(Queue, data, str(path), SuggestionsError)


@dataclass(frozen=True)
class Merged:
    """What merging the queue did: candidates now suggested on a unit, and those ignored."""

    queued: int = 0
    ignored: int = 0


def _span(transcript: Transcript, entry: Queued) -> tuple[int, int] | None:
    """Where the candidate's sentence stands now: at its offsets, else its one place by quote."""
    if transcript.text[entry.char_start : entry.char_end] == entry.quote:
        return entry.char_start, entry.char_end
    spans = quote_spans(transcript, entry.quote)
    return spans[0] if len(spans) == 1 else None


def merge_queue(
    queue: Queue,
    code_ids: Iterable[str],
    units: Sequence[Unit],
    uncoded: Sequence[Unit],
    transcripts: Sequence[Transcript],
) -> tuple[list[Unit], list[Unit], Merged]:
    """Give the unit holding each candidate's sentence its code as a suggestion.

    Call it after the codebook has matched and before decisions apply, so that accepting a
    candidate is an ``accept:`` like any other. A unit that already has the code (the
    codebook suggests it) keeps its own evidence. Returns the units with codes, those
    without, and the counts.
    """
    known = set(code_ids)
    by_id = {t.id: t for t in transcripts}
    holders: dict[str, list[Unit]] = {}
    for unit in sorted([*units, *uncoded], key=lambda u: (u.transcript.id, u.start, u.end)):
        holders.setdefault(unit.transcript.id, []).append(unit)
    starts = {t: [u.start for u in us] for t, us in holders.items()}
    queued = ignored = 0
    for entry in queue.suggestions:
        transcript = by_id.get(entry.transcript)
        span = _span(transcript, entry) if transcript and entry.code in known else None
        if span is None:
            ignored += 1
            continue
        found = holders.get(entry.transcript, [])
        i = bisect.bisect_right(starts.get(entry.transcript, []), span[0]) - 1
        if i < 0 or span[0] >= found[i].end:  # no unit holds it: not participant speech now
            ignored += 1
            continue
        unit = found[i]
        queued += 1
        if entry.code in unit.states:
            continue
        unit.evidence[entry.code] = (entry.evidence(),)
        unit.states[entry.code] = "suggested"
    return (
        [u for u in units if u.states] + [u for u in uncoded if u.states],
        [u for u in uncoded if not u.states],
        Merged(queued, ignored),
    )
