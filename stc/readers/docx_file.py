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
from collections.abc import Iterator, Sequence
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
from stc.readers.common import TIMESTAMP, RawTurn, clean_label, render_turns
from stc.readers.text import transcript_from_text
from stc.types import Transcript

HEADER_WORDS = {
    "speaker", "taler", "talar", "talare", "navn", "name", "text", "tekst", "ytring",
    "utsagn", "tid", "time", "tidspunkt", "timestamp", "tidskode", "person",
}  # fmt: skip


# What a paragraph's text is inside, besides its own runs: tracked insertions and moves (read
# as accepted), hyperlinks, content controls, smart tags, simple fields. Deleted and moved-away
# text is not read, nor a text box's (it stands inside a run, twice: for Word and a fallback).
_INSIDE = {
    qn(f"w:{tag}")
    for tag in (
        "ins",
        "moveTo",
        "hyperlink",
        "sdt",
        "sdtContent",
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


def _bold(run: Run) -> bool:
    """Whether Word shows the run bold: set on the run, or by its character style (Word's
    "Strong", or a style of the transcriber's own) or a style that one is based on."""
    if run.bold is not None:
        return run.bold
    properties = run._r.rPr
    if properties is None or properties.rStyle is None:
        return False
    style: Any = run.style
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def _is_heading(paragraph: Paragraph) -> bool:
    """Whether the paragraph has one of Word's heading styles (Heading 1–9, Title, Subtitle;
    Word keeps their English names whatever its language shows), or a style based on one."""
    style: Any = paragraph.style
    while style is not None:  # a style of the transcriber's own, based on a heading style
        name = style.name or ""
        if name.startswith("Heading") or name in ("Title", "Subtitle"):
            return True
        style = style.base_style
    return False


def paragraph_turn(paragraph: Paragraph) -> tuple[RawTurn, bool, bool]:
    """The paragraph as a turn; the flags say whether a bold label opened it, and whether a
    colon followed the label."""
    chars: list[tuple[str, bool]] = []
    for run in _runs(paragraph):
        bold = _bold(run)
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
        return RawTurn(label, rest, stamp.group(1) if stamp and start else None), True, colon
    return RawTurn(None, text), False, colon


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


def _blocks(element: Any, parent: Any) -> Iterator[Paragraph | Table]:
    """The body's paragraphs and tables in order, those inside block content controls too
    (``iter_inner_content`` passes over a paragraph in a content control)."""
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent)
        elif child.tag == qn("w:tbl"):
            yield Table(child, parent)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content, parent)


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
    for block in _blocks(document.element.body, document._body):
        if isinstance(block, Paragraph):
            turn, bold, colon = paragraph_turn(block)
            paragraphs.append(_Paragraph(block, [turn], bold, colon, _is_heading(block)))
        else:
            paragraphs.append(_Paragraph(None, table_turns(block), False, False, False))
    asked = {clean_label(i).casefold() for i in interviewer}
    # Where the transcriber writes labels with a colon, a bold word opening a paragraph
    # without one ("**Aldri** hadde jeg …") is emphasis, not a speaker (unless it is the
    # interviewer's label); where labels go without colons, it is a label, as ever.
    colons = Counter(p.colon for p in paragraphs if p.bold and p.label)
    for p in paragraphs:
        emphasis = p.bold and not p.colon and colons[True] > colons[False]
        if p.source is not None and emphasis and p.label.casefold() not in asked:
            p.turns, p.bold = [RawTurn(None, paragraph_text(p.source))], False
    known = {
        clean_label(t.speaker)
        for p in paragraphs
        if p.bold or p.source is None
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
        if not (p.heading and heads[p.opening] < 2 and p.opening not in labels)
        for turn in p.turns
    ]
    rendered, _ = render_turns(turns)
    return transcript_from_text(rendered, path, interviewer, "docx", known)


@dataclass
class _Paragraph:
    """A paragraph's turn (or a table's turns), and what decides whether it opens with a
    label: a bold opening, a colon after it, a heading style."""

    source: Paragraph | None  # None: a table
    turns: list[RawTurn]
    bold: bool
    colon: bool
    heading: bool

    @property
    def label(self) -> str:
        speaker = self.turns[0].speaker if self.source is not None else None
        return clean_label(speaker) if speaker else ""

    @property
    def opening(self) -> str:
        """What the paragraph opens with, as a label is compared: before its colon."""
        if self.source is None:
            return ""
        return clean_label(paragraph_text(self.source).split(":", 1)[0]).casefold()
