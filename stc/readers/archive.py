""".docx and .odt files are zip archives of XML: check them before a parser sees them.

A small file can hold gigabytes once uncompressed (a zip bomb), and XML can declare entities
that expand a thousandfold (billion laughs). Both are refused from the zip's own directory and
the raw bytes, before python-docx or odfpy read anything, so time and memory stay bounded.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

from stc.errors import StcError, TranscriptError

MAX_MEMBER = 64 * 1024 * 1024
"""Uncompressed bytes one member may hold; a long transcript's XML is a few megabytes."""
MAX_TOTAL = 256 * 1024 * 1024
"""Uncompressed bytes the whole archive may hold (pictures included)."""
MAX_RATIO = 100
"""How many times larger than compressed a member over ``RATIO_FROM`` bytes may be."""
RATIO_FROM = 1024 * 1024

_DECLARATIONS = [
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
]


def check_archive(path: Path, kind: str, parts: tuple[str, ...], fix: str) -> None:
    """Refuse a zip bomb, entity declarations in any XML member, and malformed XML in ``parts``.

    ``kind`` names the format in messages ("Word .docx"); ``parts`` are the XML members the
    reader needs (a missing one is the reader's to report); ``fix`` says how to repair a file.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            total = 0
            for member in members:
                total += member.file_size
                ratio = member.file_size / max(member.compress_size, 1)
                if too_large(member) or total > MAX_TOTAL:
                    raise TranscriptError(
                        f"{path}: '{member.filename}' would unpack to "
                        f"{member.file_size / 1024 / 1024:,.0f} MB ({ratio:,.0f} times its "
                        f"packed size); that is no {kind} transcript stc will read: {fix}"
                    )
            for member in members:
                name = member.filename
                if not name.endswith((".xml", ".rels")):
                    continue
                data = archive.read(member)
                if declares_entities(data):
                    raise TranscriptError(
                        f"{path}: '{name}' declares a DOCTYPE or entities, which {kind} files "
                        f"do not use and stc does not read: {fix}"
                    )
                if name not in parts:
                    continue
                try:
                    ElementTree.fromstring(data)
                except ElementTree.ParseError as exc:
                    raise TranscriptError(
                        f"{path}: '{name}' is damaged ({exc}); the file may be cut short: {fix}"
                    ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        reason = "not a zip archive" if not zipfile.is_zipfile(path) else str(exc) or "damaged"
        raise TranscriptError(f"{path}: not a valid {kind} file ({reason}); {fix}") from None


MAX_DEPTH = 200
"""How deeply elements of an exchange file (.qdpx, .qdc) may nest: a code tree a person made
is a few levels deep, and a deeper one is only there to exhaust a reader."""


def declares_entities(data: bytes) -> bool:
    """Whether XML ``data`` declares a DOCTYPE or entities (which can expand a thousandfold)."""
    return any(marker in data for marker in _DECLARATIONS)


def too_large(member: zipfile.ZipInfo, limit: int = MAX_MEMBER) -> bool:
    """Whether a zip member would unpack past ``limit``, or to far more than its packed size."""
    ratio = member.file_size / max(member.compress_size, 1)
    return member.file_size > limit or (member.file_size > RATIO_FROM and ratio > MAX_RATIO)


def check_depth(root: ElementTree.Element, where: str, error: type[StcError], fix: str) -> None:
    """Refuse XML nested deeper than ``MAX_DEPTH`` before anything reads it recursively."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise error(
                f"{where}: elements nested more than {MAX_DEPTH} deep; no code tree is that "
                f"deep: {fix}"
            )
        stack.extend((child, depth + 1) for child in element)
