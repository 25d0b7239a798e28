"""OpenDocument (.odt) transcripts: paragraphs, headings, lists and tables in order.

Speaker labels are ``Label:`` prefixes or the first column of a speaker | text table.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError
from xml.sax import SAXException

from odf import teletype
from odf.namespaces import TABLENS, TEXTNS
from odf.opendocument import load

from stc.errors import TranscriptError
from stc.readers.archive import check_archive
from stc.readers.common import RawTurn, clean_label, opening_of, render_turns, section_title
from stc.readers.docx_file import HEADER_WORDS
from stc.readers.text import LABEL_LINE, transcript_from_text
from stc.types import Transcript

_CONTAINERS = {(TEXTNS, "list"), (TEXTNS, "list-item"), (TEXTNS, "section")}


def _blocks(node: Any) -> Iterator[Any]:
    for child in node.childNodes:
        if child.qname in ((TEXTNS, "p"), (TEXTNS, "h"), (TABLENS, "table")):
            yield child
        elif child.qname in _CONTAINERS:
            yield from _blocks(child)


def _cell_text(cell: Any) -> str:
    return "\n".join(teletype.extractText(p) for p in _blocks(cell)).strip()


def read_odt_transcript(path: Path, interviewer: Sequence[str] = ()) -> Transcript:
    """Read an .odt file into turns."""
    check_archive(
        path,
        "OpenDocument .odt",
        ("content.xml", "styles.xml", "meta.xml", "settings.xml"),
        "save it again as .odt",
    )
    printed = io.StringIO()
    try:
        # odfpy prints a part it cannot parse, participant words and all, to stdout and goes
        # on with what it has: catch the print, and treat it as the error it is.
        with contextlib.redirect_stdout(printed):
            document = load(str(path))
    except (zipfile.BadZipFile, zlib.error, KeyError, ExpatError, SAXException, ValueError) as exc:
        reason = "not a zip archive" if isinstance(exc, zipfile.BadZipFile) else str(exc)
        raise TranscriptError(
            f"{path}: not a valid OpenDocument .odt file ({reason}); save it again as .odt"
        ) from None
    if printed.getvalue():
        raise TranscriptError(
            f"{path}: not a valid OpenDocument .odt file (a part could not be parsed); "
            "save it again as .odt"
        )
    turns: list[RawTurn] = []
    known: set[str] = set()
    headings: list[tuple[int, str]] = []  # (place in turns, opening)
    for block in _blocks(document.text):
        if block.qname != (TABLENS, "table"):
            text = teletype.extractText(block)
            if block.qname == (TEXTNS, "h"):
                headings.append((len(turns), opening_of(text)))
            turns.append(RawTurn(None, text))
            continue
        rows = [r for r in block.childNodes if r.qname == (TABLENS, "table-row")]
        for r, row in enumerate(rows):
            cells = [_cell_text(c) for c in row.childNodes if c.qname == (TABLENS, "table-cell")]
            if r == 0 and all(c.casefold() in HEADER_WORDS for c in cells if c):
                continue
            if len(cells) >= 2 and cells[0]:
                speaker = cells[0].rstrip(":").strip()
                known.add(clean_label(speaker))
                turns.append(RawTurn(speaker, "\n".join(cells[1:]).strip()))
            else:
                turns.append(RawTurn(None, "\n".join(cells).strip()))
    # A heading is a section title, nobody's words, unless it opens with a speaker's label
    # (labels set as headings), as in Word.
    titled = {i for i, _ in headings}
    labels = {clean_label(k).casefold() for k in known} | {
        clean_label(i).casefold() for i in interviewer
    }
    labels |= {
        clean_label(match.group("label")).casefold()
        for i, turn in enumerate(turns)
        if i not in titled and (match := LABEL_LINE.match(turn.text))
    }
    heads = Counter(o for _, o in headings)
    titles = {i for i, o in headings if section_title(o, heads, labels)}
    rendered, _ = render_turns([t for i, t in enumerate(turns) if i not in titles])
    return transcript_from_text(rendered, path, interviewer, "odt", known)
