"""Word (.docx) transcripts: paragraphs and tables in document order.

Speaker labels are ``Label:`` prefixes, or a bold run opening a paragraph; a table laid out
as speaker | text (optionally timestamp | speaker | text) gives one turn per row. Headers,
footers and comments are not part of the body and are ignored, nor are paragraphs in Word's
heading styles (a section title is nobody's words). Text is read as Word shows it
with tracked changes accepted, hyperlinks and content controls included.
"""

from __future__ import annotations

import zipfile
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from stc.errors import TranscriptError
from stc.readers.archive import check_archive
from stc.readers.common import (
    TIMESTAMP,
    RawTurn,
    clean_label,
    opening_of,
    render_turns,
    section_title,
)
from stc.readers.text import transcript_from_text
from stc.types import Transcript

HEADER_WORDS = {
    "speaker", "taler", "talar", "talare", "navn", "name", "text", "tekst", "ytring",
    "utsagn", "tid", "time", "tidspunkt", "timestamp", "tidskode", "person",
}  # fmt: skip


# What a paragraph's text is inside, besides its own runs: tracked insertions and moves (read
# as accepted), hyperlinks, smart tags, simple fields (content controls are unwrapped first).
# Deleted and moved-away text is not read, nor a text box's (it stands inside a run, twice:
# for Word and a fallback).
_INSIDE = {
    qn(f"w:{tag}")
    for tag in (
        "ins",
        "moveTo",
        "hyperlink",
        "smartTag",
        "fldSimple",
        "customXml",
    )
}
_RUN = qn("w:r")


def _runs(paragraph: Paragraph) -> list[Run]:
    """Every run of the paragraph's text, as Word shows it with its changes accepted: inside
    tracked insertions, hyperlinks and content controls too, which ``paragraph.runs`` passes
    over (their words went missing from transcripts, in silence)."""
    found: list[Run] = []

    def walk(element: Any) -> None:
        for child in element.iterchildren():
            if child.tag == _RUN:
                found.append(Run(child, paragraph))
            elif child.tag in _INSIDE:
                walk(child)

    walk(paragraph._p)
    return found


def paragraph_text(paragraph: Paragraph) -> str:
    return "".join(run.text for run in _runs(paragraph))


def _bold(run: Run, styles: dict[Any, bool]) -> bool:
    """Whether Word shows the run bold: set on the run, or by its character style (Word's
    "Strong", or a style of the transcriber's own) or a style that one is based on;
    ``styles`` keeps the answer per style, as finding a style searches the document's."""
    if run.bold is not None:
        return run.bold
    properties = run._r.rPr
    if properties is None or properties.rStyle is None:
        return False
    key = properties.rStyle.val
    if key not in styles:
        styles[key] = _by_style(run.style, lambda s: s.font.bold)
    return styles[key]


def _is_heading(paragraph: Paragraph, styles: dict[Any, bool]) -> bool:
    """Whether the paragraph has one of Word's heading styles (Heading 1–9, Title, Subtitle;
    Word keeps their English names whatever its language shows), or a style based on one."""
    key = paragraph._p.style
    if key not in styles:
        styles[key] = _by_style(
            paragraph.style,
            lambda s: True if (s.name or "").startswith("Heading") or s.name in HEADINGS else None,
        )
    return styles[key]


HEADINGS = ("Title", "Subtitle")


def _by_style(style: Any, says: Any) -> bool:
    """What the first style in ``style``'s chain (the style, the one it is based on, …) says
    (``says`` gives True, False or None for nothing), or False."""
    while style is not None:
        said = says(style)
        if said is not None:
            return bool(said)
        style = style.base_style
    return False


def paragraph_turn(
    paragraph: Paragraph, styles: dict[Any, bool] | None = None
) -> tuple[RawTurn, bool, bool, str]:
    """The paragraph as a turn; the flags say whether a bold label opened it, and whether a
    colon followed the label; then the paragraph's text."""
    chars: list[tuple[str, bool]] = []
    styles = {} if styles is None else styles
    for run in _runs(paragraph):
        bold = _bold(run, styles)
        chars.extend((ch, bold) for ch in run.text)
    text = "".join(ch for ch, _ in chars)
    stamp = TIMESTAMP.match(text)
    # A timestamp before the label: "[00:01:00] Intervjuer: …", or a bold label with no colon.
    labelled = stamp and (":" in text[stamp.end() :] or chars[min(stamp.end(), len(chars) - 1)][1])
    start = stamp.end() if stamp and stamp.group(1) and labelled else 0
    end = start
    while end < len(chars) and (chars[end][1] or (chars[end][0].isspace() and end > start)):
        end += 1
    label = text[start:end].strip().rstrip(":").strip()
    colon = text[start:end].strip().endswith(":") or text[end:].lstrip().startswith(":")
    rest = text[end:].lstrip().removeprefix(":").lstrip()
    if label and rest and clean_label(label) == label and len(label.split()) <= 4:
        turn = RawTurn(label, rest, stamp.group(1) if stamp and start else None)
        return turn, True, colon, text
    return RawTurn(None, text), False, colon, text


def table_turns(table: Table) -> list[RawTurn]:
    """Rows of a speaker | text (or timestamp | speaker | text) table as turns."""
    turns = []
    for r, row in enumerate(table.rows):
        seen = set()
        cells = []
        for cell in row.cells:  # merged cells repeat; keep each once
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append("\n".join(paragraph_text(p) for p in cell.paragraphs).strip())
        if r == 0 and all(c.casefold() in HEADER_WORDS for c in cells if c):
            continue
        if len(cells) >= 3 and TIMESTAMP.fullmatch(cells[0] + " "):
            stamp = TIMESTAMP.match(cells[0])
            timestamp = stamp.group(1) if stamp else None
            cells = cells[1:]
        else:
            timestamp = None
        if len(cells) < 2:
            turns.append(RawTurn(None, cells[0] if cells else ""))
            continue
        speaker, text = cells[0].rstrip(":").strip(), "\n".join(cells[1:]).strip()
        turns.append(RawTurn(speaker or None, text, timestamp))
    return turns


def _unwrap_content_controls(body: Any) -> None:
    """Put every content control's content where the control stands (in memory only): in a
    table, a control around a row, a cell or a cell's paragraphs hid them from python-docx,
    and a speaker's words went missing or to the next row's speaker."""
    sdt, content_tag = qn("w:sdt"), qn("w:sdtContent")
    for control in list(body.iter(sdt)):
        parent = control.getparent()
        if parent is None:
            continue
        content = control.find(content_tag)
        at = parent.index(control)
        for child in list(content) if content is not None else []:
            parent.insert(at, child)
            at += 1
        parent.remove(control)


def read_docx_transcript(path: Path, interviewer: Sequence[str] = ()) -> Transcript:
    """Read a .docx file into turns."""
    check_archive(
        path, "Word .docx", ("word/document.xml",), "open it in Word and save it as .docx again"
    )
    try:
        document = docx.Document(str(path))
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        zlib.error,
        KeyError,
        ValueError,
        SyntaxError,  # lxml's XMLSyntaxError
    ) as exc:
        reason = "not a zip archive" if isinstance(exc, zipfile.BadZipFile) else str(exc)
        raise TranscriptError(
            f"{path}: not a valid Word .docx file ({reason}); open it in Word and save it "
            "as .docx again"
        ) from None
    _unwrap_content_controls(document.element.body)
    paragraphs: list[_Paragraph] = []
    bold_styles: dict[Any, bool] = {}
    heading_styles: dict[Any, bool] = {}
    for block in document.iter_inner_content():  # content controls are unwrapped above
        if isinstance(block, Paragraph):
            turn, bold, colon, text = paragraph_turn(block, bold_styles)
            heading = _is_heading(block, heading_styles)
            paragraphs.append(_Paragraph(text, [turn], bold, colon, heading))
        else:
            paragraphs.append(_Paragraph(None, table_turns(block), False, False, False))
    asked = {clean_label(i).casefold() for i in interviewer}
    # Where the transcriber writes labels with a colon, a bold word opening a paragraph
    # without one ("**Aldri** hadde jeg …") is emphasis, not a speaker (unless it is the
    # interviewer's label); where labels go without colons, it is a label, as ever.
    colons = Counter(p.colon for p in paragraphs if p.bold and p.label)
    for p in paragraphs:
        emphasis = p.bold and not p.colon and colons[True] > colons[False]
        if p.text is not None and emphasis and p.label.casefold() not in asked:
            p.turns, p.bold = [RawTurn(None, p.text)], False
    known = {
        clean_label(t.speaker)
        for p in paragraphs
        if p.bold or p.text is None
        for t in p.turns
        if t.speaker
    }
    # A paragraph in a heading style is a section title ("Part 2: Diet"), nobody's words,
    # unless it opens with a speaker's label used elsewhere (labels set as headings).
    heads = Counter(p.opening for p in paragraphs if p.heading)
    labels = {k.casefold() for k in known} | asked
    turns = [
        turn
        for p in paragraphs
        if not (p.heading and section_title(p.opening, heads, labels))
        for turn in p.turns
    ]
    rendered, _ = render_turns(turns)
    return transcript_from_text(rendered, path, interviewer, "docx", known)


@dataclass
class _Paragraph:
    """A paragraph's turn (or a table's turns), and what decides whether it opens with a
    label: a bold opening, a colon after it, a heading style."""

    text: str | None  # the paragraph's text; None: a table
    turns: list[RawTurn]
    bold: bool
    colon: bool
    heading: bool

    @property
    def label(self) -> str:
        speaker = self.turns[0].speaker if self.text is not None else None
        return clean_label(speaker) if speaker else ""

    @property
    def opening(self) -> str:
        """What the paragraph opens with, as a label is compared: before its colon."""
        return "" if self.text is None else opening_of(self.text)
