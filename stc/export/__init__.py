"""Exports of an analysis for other programs: REFI-QDA (.qdpx, .qdc), Excel and Word.

``export`` is what `stc export FORMAT` runs: it codes the project afresh (so an export always
matches the current transcripts, codebook and coding.yaml, never stale CSV files) and writes
one file. The ``*_bytes`` functions build a file's content without writing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from stc.codebook import load_codebook
from stc.coding import code_project
from stc.config import Project
from stc.export.common import (
    check_output,
    created_stamp,
    default_output,
    load_analytic_texts,
    load_condensates,
    require_units,
    write_output,
)
from stc.export.csv_codebook import csv_codebook_bytes
from stc.export.qdc import import_codebook, qdc_bytes, read_qdc
from stc.export.qdpx import qdpx_bytes
from stc.export.xlsx import xlsx_bytes
from stc.types import Transcript

FORMATS = ("qdpx", "qdc", "xlsx", "docx", "csv-codebook")
# The file name ending of each format's default output.
SUFFIXES = {"csv-codebook": "codebook.csv"}

__all__ = [
    "FORMATS",
    "csv_codebook_bytes",
    "export",
    "import_codebook",
    "qdc_bytes",
    "qdpx_bytes",
    "read_qdc",
    "xlsx_bytes",
]


def export(
    project: Project,
    fmt: str,
    output: Path | None = None,
    force: bool = False,
    on_parsed: Callable[[Transcript], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> Path:
    """Write the project as ``fmt`` to ``output`` (default ``<output>/<title>.<fmt>``).

    An existing file is refused unless ``force``, before any work is done. ``qdpx`` and
    ``xlsx`` need at least one coded meaning unit (``ExportError``); ``qdc`` and
    ``csv-codebook`` need only the codebook. ``on_parsed``/``on_start`` report parsing progress as in ``code_project``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    suffix = SUFFIXES.get(fmt, fmt)
    path = output if output is not None else default_output(project, suffix)
    check_output(path, force)
    if fmt in ("qdc", "csv-codebook"):
        codebook = load_codebook(project.codebook_path, project.config.language)
        data = qdc_bytes(codebook) if fmt == "qdc" else csv_codebook_bytes(codebook)
    elif fmt == "docx":
        # The results report of step 4, from what `stc code` wrote, as report.md is.
        from stc.export.docx_report import docx_bytes
        from stc.synthesize import build_report

        data = docx_bytes(build_report(project, pseudonymized=project.config.anonymize.apply))
    else:
        # An export writes its one file and nothing else, not even the parse cache.
        result = code_project(project, on_parsed, on_start, use_cache=False)
        require_units(result)
        condensates = load_condensates(project, result.codebook)
        if fmt == "qdpx":
            analytic = load_analytic_texts(project, result.codebook)
            data = qdpx_bytes(result, condensates, analytic, created_stamp(project))
        else:
            data = xlsx_bytes(result, condensates)
    return write_output(path, data, force)
