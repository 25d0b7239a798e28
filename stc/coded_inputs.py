"""What step 2's outputs in out/ were made from, so that step 4 never reports older coding.

`stc synthesize` and `stc export` read the units `stc code` (or `stc run`) wrote. A decision
taken since (`stc review`, an edit of coding.yaml), a codebook edit or a new suggestion queue
leaves those files behind the researcher's decisions, and a report made from them would count
what the researcher no longer says. So whenever step 2 writes out/, it records here the hash
of each input it read and the deciding coder; step 4 compares them with the inputs now and
reports a validation error naming them (as it does for a transcript edited since step 2:
``text/`` holds the text step 2 read).

The record lives in the parse cache (it is stc's, and safe to delete): without it there is
nothing to compare.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from stc.config import Project
from stc.nlp import write_cache_file

RECORD = "coded-inputs.json"
# The settings in stc.yaml step 2's units depend on (the files it names are hashed apart).
STEP2_SETTINGS = {"language", "model", "speakers", "units"}


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file(path: Path) -> str:
    try:
        return _hash(path.read_bytes()) if path.is_file() else ""
    except OSError:
        return "unreadable"


def inputs(project: Project, coder: str | None) -> dict[str, str]:
    """Per input step 2 reads besides the transcripts, the hash of its content ("" when it is
    missing), by the name the researcher knows it by; and the deciding coder."""
    # Of stc.yaml, only what step 2 reads: a new title is no reason to code again.
    settings = project.config.model_dump(mode="json", include=STEP2_SETTINGS)
    text = json.dumps(settings, sort_keys=True, ensure_ascii=False)
    found = {
        f"{project.path.name} ({', '.join(sorted(STEP2_SETTINGS))})": _hash(text.encode()),
        project.codebook_path.name: _file(project.codebook_path),
        project.coding_path.name: _file(project.coding_path),
        project.suggestions_path.name: _file(project.suggestions_path),
        "coder": coder or "",
    }
    return dict(sorted(found.items()))


def record(project: Project, coder: str | None) -> None:
    """Note what step 2's outputs now in out/ were made from."""
    text = json.dumps({"inputs": inputs(project, coder)}, indent=1, sort_keys=True)
    write_cache_file(project.parse_cache / RECORD, text.encode("utf-8"))


def changed_since_coding(project: Project, coder: str | None) -> list[str]:
    """The inputs that changed since step 2 wrote its outputs in out/, by name; none when
    nothing did, or when no record says."""
    try:
        recorded = json.loads((project.parse_cache / RECORD).read_text(encoding="utf-8"))
        before = recorded["inputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    if not isinstance(before, dict):
        return []
    now = inputs(project, coder)
    return sorted(name for name in before.keys() | now.keys() if before.get(name) != now.get(name))
