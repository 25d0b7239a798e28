"""One Excel workbook of the analysis: units, matrix, coverage, codebook and condensates.

Each sheet has a bold, frozen header row with filters, columns as wide as their content
(capped, long text wrapped). Cells are always values: a unit that starts with ``=`` stays
text, never a formula.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from stc.coding import CodingResult
from stc.export.common import Condensate, project_name, zip_bytes
from stc.export.refi import xml_text

SHEETS = ("units", "matrix", "coverage", "codebook", "condensates")
MIN_WIDTH = 6
MAX_WIDTH = 60
# A fixed time in the file's properties: openpyxl would stamp the time of saving.
FIXED_TIME = datetime(2026, 1, 1)


def codebook_frame(result: CodingResult) -> pd.DataFrame:
    """One row per code, in codebook order, with how many units and participants it has."""
    rows = []
    for code_id, group, code in result.codebook.codes:
        units = [u for u in result.units if code_id in u.codes]
        rows.append(
            {
                "code": code_id,
                "group": group.id,
                "group_label": group.label,
                "label": code.label,
                "description": code.description,
                "keywords": "; ".join(code.keywords),
                "units": len(units),
                "participants": len({u.participant for u in units}),
            }
        )
    return pd.DataFrame(rows)


def condensates_frame(result: CodingResult, condensates: Mapping[str, Condensate]) -> pd.DataFrame:
    """One row per code, in codebook order: its condensate and golden quote, if written yet."""
    texts = {u.id: u.text for u in result.units}
    rows = []
    for code_id, _, code in result.codebook.codes:
        found = condensates.get(code_id)
        quote = found.golden_quote if found else ""
        rows.append(
            {
                "code": code_id,
                "label": code.label,
                "status": found.status if found else "",
                "condensate": found.text if found else "",
                "golden_quote": quote,
                "golden_quote_text": texts.get(quote, ""),
            }
        )
    return pd.DataFrame(rows)


def _cell(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars from pandas
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        return xml_text(value)
    return value


def _width(value: Any) -> int:
    text = "" if value is None else str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _fill(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """Write the frame with a header row, then size, wrap, freeze and filter."""
    bold = Font(bold=True)
    for column, name in enumerate(frame.columns, start=1):
        sheet.cell(row=1, column=column, value=str(name)).font = bold
    for row, values in enumerate(frame.itertuples(index=False, name=None), start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=_cell(value))
            if cell.data_type == "f":  # openpyxl reads a leading '=' as a formula
                cell.data_type = "s"
    wrap = Alignment(wrap_text=True, vertical="top")
    for column, cells in enumerate(sheet.iter_cols(min_row=1), start=1):
        widest = max((_width(c.value) for c in cells), default=0)
        sheet.column_dimensions[get_column_letter(column)].width = min(
            max(widest + 2, MIN_WIDTH), MAX_WIDTH
        )
        if widest + 2 > MAX_WIDTH:
            for cell in cells[1:]:
                cell.alignment = wrap
    sheet.freeze_panes = "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"


def xlsx_bytes(result: CodingResult, condensates: Mapping[str, Condensate]) -> bytes:
    """The .xlsx file of a coding result; the same result always gives the same bytes."""
    workbook = Workbook()
    for default in workbook.worksheets:  # a new workbook has an empty "Sheet"
        workbook.remove(default)
    frames = {
        "units": result.units_frame(),
        "matrix": result.matrix(),
        "coverage": result.coverage_frame(),
        "codebook": codebook_frame(result),
        "condensates": condensates_frame(result, condensates),
    }
    for title in SHEETS:
        _fill(workbook.create_sheet(title), frames[title])
    properties = workbook.properties
    properties.title = xml_text(project_name(result.project))
    properties.creator = "stc"
    properties.created = properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps the current time as "modified".
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    with zipfile.ZipFile(buffer) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    return zip_bytes(entries)
