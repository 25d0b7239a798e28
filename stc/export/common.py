"""What every export shares: where it goes, condensates to include, byte-identical zips."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from stc.codebook import Codebook
from stc.coding import CodingResult
from stc.condensation_model import still_drafted
from stc.config import Project
from stc.errors import ExportError
from stc.impression import slug_id
from stc.output import write_files
from stc.wording import Count
from stc.yamlio import read_yaml

CONDENSATION = "condensation.yaml"
MAX_NAME = 80
"""The longest file name (without suffix) an export takes from the title."""
# Every zip entry gets this time stamp, so that the same analysis gives the same bytes.
ZIP_TIME = (2026, 1, 1, 0, 0, 0)
# What REFI-QDA exports write as every element's time when stc.yaml has no ``date:``.
DEFAULT_CREATED = "2026-01-01T00:00:00Z"


@dataclass(frozen=True)
class Condensate:
    """A code's condensate from condensation.yaml, with what the researcher marked on it."""

    code_id: str
    text: str
    status: str = ""
    golden_quote: str = ""


def project_name(project: Project) -> str:
    """The project's title, else its folder's name: the name other tools show."""
    return project.config.title.strip() or project.root.resolve().name or "stc"


def default_output(project: Project, suffix: str) -> Path:
    """``<output folder>/<slug of the title>.<suffix>``, e.g. ``out/my-study.qdpx``."""
    name = slug_id(project_name(project))
    if len(name) > MAX_NAME:
        # File systems allow 255 bytes per name; a long title is cut at a word.
        name = name[:MAX_NAME].rsplit("-", 1)[0] or name[:MAX_NAME]
    return project.output_dir / f"{name}.{suffix}"


def check_output(path: Path, force: bool) -> None:
    """Refuse an output path that exists (unless ``force``) or is a folder, before any work."""
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give -o a file path")
    if path.exists() and not force:
        raise ExportError(
            f"{path}: already exists; use --force to replace it, or -o to write elsewhere"
        )


def write_output(path: Path, data: bytes, force: bool) -> Path:
    """Write ``data`` to ``path`` atomically; an existing file is replaced only with ``force``."""
    check_output(path, force)
    write_files(path.parent, {path.name: data})
    return path


def require_units(result: CodingResult) -> None:
    """Refuse to export an analysis without a coded meaning unit."""
    if not result.units:
        codebook = result.project.codebook_path
        raise ExportError(
            f"{codebook}: nothing to export: no meaning units are coded in the "
            f"{Count(len(result.transcripts)):transcript|transcripts}; add keywords to the codebook's codes or "
            "decisions to coding.yaml, and check the coding with `stc code`"
        )


def load_condensates(project: Project, codebook: Codebook) -> dict[str, Condensate]:
    """The non-empty condensates in condensation.yaml next to stc.yaml, by ``group/code`` id.

    No file means no condensates. The file belongs to `stc condense`, which validates it;
    here entries of an unexpected shape, and codes no longer in the codebook, are passed over
    so that an export never fails on them. Only YAML that does not parse is an error.
    """
    path = project.root / CONDENSATION
    if not path.exists():
        return {}
    data = read_yaml(path, ExportError)
    groups = data.get("groups") if isinstance(data, dict) else None
    found: dict[str, Condensate] = {}
    for code_id, _, _ in codebook.codes:
        group_id, code = code_id.split("/", 1)
        group = groups.get(group_id) if isinstance(groups, dict) else None
        codes = group.get("codes") if isinstance(group, dict) else None
        entry = codes.get(code) if isinstance(codes, dict) else None
        if not isinstance(entry, dict):
            continue
        text = entry.get("condensate")
        if not isinstance(text, str) or not text.strip():
            continue
        status, quote = entry.get("status"), entry.get("golden_quote")
        if status == "draft" and not still_drafted(text, entry.get("draft_hash")):
            status = "edited"  # the researcher rewrote stc's draft (``condensate_status``)
        found[code_id] = Condensate(
            code_id,
            text.strip(),
            status if isinstance(status, str) else "",
            quote if isinstance(quote, str) else "",
        )
    return found


def load_analytic_texts(project: Project, codebook: Codebook) -> dict[str, str]:
    """The non-empty analytic texts (step 4) in condensation.yaml, by code group id.

    Passed over like condensates when their shape is unexpected (see ``load_condensates``).
    """
    path = project.root / CONDENSATION
    if not path.exists():
        return {}
    data = read_yaml(path, ExportError)
    groups = data.get("groups") if isinstance(data, dict) else None
    found: dict[str, str] = {}
    for group in codebook.groups:
        entry = groups.get(group.id) if isinstance(groups, dict) else None
        text = entry.get("analytic_text") if isinstance(entry, dict) else None
        if isinstance(text, str) and text.strip():
            found[group.id] = text.strip()
    return found


def created_stamp(project: Project) -> str:
    """The time REFI-QDA exports write on every element: ``date:`` in stc.yaml, else fixed.

    Never the clock: two exports of the same analysis must be byte-identical.
    """
    day = project.config.date
    if day is None:
        return DEFAULT_CREATED
    return f"{day.isoformat()}T00:00:00Z"


def zip_bytes(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of ``entries`` in the order given, the same bytes on every run and platform."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            # ZipInfo records the running system; Unix with rw-r--r-- everywhere instead.
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
