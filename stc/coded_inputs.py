"""What step 2's outputs in out/ were made from, so that step 4 never reports older coding.

`stc synthesize` and `stc export` read the units `stc code` (or `stc run`) wrote. A decision
taken since (`stc review`, an edit of coding.yaml), a change to a code's rules or a new
suggestion queue leaves those files behind, and a report made from them would count what the
researcher no longer says. So whenever step 2 writes out/, it records here a hash of what it
read (the deciding coder's decisions and where they stand in coding.yaml, each code's id and
rules in codebook order, the queue, the settings of stc.yaml it reads) and the deciding
coder; step 4 compares them with the inputs now and reports a validation error naming them.
A comment, a label or a description changes no unit, so it changes no hash. A transcript
edited since is caught apart (``text/`` holds the text step 2 read).

The record lives in the parse cache (it is stc's, and safe to delete): without it there is
nothing to compare. It is removed before step 2 writes and written after, so a run that stops
in between leaves no record older than the outputs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from typing import Any

from stc.codebook import Codebook
from stc.config import Project
from stc.decisions import Decisions
from stc.nlp import write_cache_file

RECORD = "coded-inputs.json"
# The settings in stc.yaml step 2's units depend on (the files it names are hashed apart).
STEP2_SETTINGS = {"language", "model", "speakers", "units"}


def _hash(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def inputs(
    project: Project, codebook: Codebook, decisions: Decisions | None, coder: str | None
) -> dict[str, str]:
    """What step 2 read, hashed per input, by the name the researcher knows it by; and the
    deciding coder as it is."""
    settings = project.config.model_dump(mode="json", include=STEP2_SETTINGS)
    rules = [
        [code_id, code.keywords, code.exclude, code.regex, code.patterns]
        for code_id, _, code in codebook.codes
    ]
    entries = (
        [[i, entry.model_dump(mode="json")] for i, entry in decisions.of(coder)]
        if decisions is not None
        else []
    )
    try:
        queue = project.suggestions_path.read_bytes().decode("utf-8", "replace")
    except OSError:
        queue = ""
    found = {
        f"{project.path.name} ({', '.join(sorted(STEP2_SETTINGS))})": _hash(settings),
        project.codebook_path.name: _hash(rules),
        project.coding_path.name: _hash(entries),
        project.suggestions_path.name: _hash(queue),
        "coder": coder or "",
    }
    return dict(sorted(found.items()))


def forget(project: Project) -> None:
    """Remove the record: step 2 is about to write out/."""
    with contextlib.suppress(OSError):  # a record that stays is only compared, never trusted
        (project.parse_cache / RECORD).unlink(missing_ok=True)


def record(
    project: Project, codebook: Codebook, decisions: Decisions | None, coder: str | None
) -> None:
    """Note what step 2's outputs now in out/ were made from."""
    data = {"inputs": inputs(project, codebook, decisions, coder)}
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False)
    write_cache_file(project.parse_cache / RECORD, text.encode("utf-8"))


def changed_since_coding(
    project: Project, codebook: Codebook, decisions: Decisions | None, coder: str | None
) -> list[str]:
    """The inputs whose content changed since step 2 wrote its outputs in out/, by name (the
    coder with both names); none when nothing did, or when no record says."""
    try:
        recorded = json.loads((project.parse_cache / RECORD).read_text(encoding="utf-8"))
        before = recorded["inputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    if not isinstance(before, dict):
        return []
    now = inputs(project, codebook, decisions, coder)
    changed = []
    for name in sorted(before.keys() | now.keys()):
        if before.get(name) == now.get(name):
            continue
        if name == "coder":  # step 2 used another coder's decisions (`stc code --coder`)
            changed.append(f"coder {before.get(name) or '-'} → {now.get(name) or '-'}")
        else:
            changed.append(name)
    return changed
