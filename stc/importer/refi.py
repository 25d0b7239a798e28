"""Read a REFI-QDA project (.qdpx) as NVivo, ATLAS.ti, MAXQDA, QualCoder or stc wrote it.

The zip is checked before anything is read from it: it must hold a ``project.qde`` that
follows ``Project.xsd`` (shipped in ``stc/schemas``). A file that fails the schema is refused
with its first schema error, not imported in part: what a half-read project would lose
could not be listed reliably. Within a valid file, what stc cannot use (a PDF or audio source,
a selection outside its text, a text file missing from the zip) is reported and skipped.

Offsets: ``startPosition``/``endPosition`` count code points in the exact stored text, line
endings included (a CRLF is two). ATLAS.ti is the known exception: it counts a CRLF as one,
so for files whose ``origin`` names ATLAS.ti the positions are read that way.
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import xmlschema

from stc.errors import QdpxImportError
from stc.export.refi import split_id
from stc.readers.archive import MAX_MEMBER, MAX_TOTAL, check_depth, declares_entities, too_large

NS = "urn:QDA-XML:project:1.0"
SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "Project.xsd"
# Sources in another format than text, which stc cannot read.
OTHER_SOURCES = {
    "PDFSource": "a PDF",
    "PictureSource": "a picture",
    "AudioSource": "an audio file",
    "VideoSource": "a video",
}


# The most a project.qde may unpack to: a large project's XML (every coding of hundreds of
# interviews) is tens of megabytes, and parsing takes about ten times its size in memory.
MAX_PROJECT = 128 * 1024 * 1024


@dataclass
class RefiCode:
    guid: str
    name: str
    description: str
    ident: str | None  # the stc id, when stc wrote the file
    codable: bool
    notes: list[str] = field(default_factory=list)  # GUIDs of notes on the code
    children: list[RefiCode] = field(default_factory=list)


@dataclass(frozen=True)
class Coding:
    """One code on one span of a source, by one user."""

    start: int
    end: int
    code: str  # GUID
    user: str  # user name
    memo: str = ""  # the selection's description: a coding memo


@dataclass
class RefiSource:
    guid: str
    name: str
    text: str
    codings: list[Coding] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    selections: dict[str, tuple[int, int]] = field(default_factory=dict)  # GUID → span


@dataclass
class RefiCase:
    guid: str
    name: str
    attributes: dict[str, Any]
    sources: list[str]  # GUIDs of the sources (whole, or a selection in them)


@dataclass
class RefiProject:
    name: str
    origin: str
    codes: list[RefiCode]
    sources: list[RefiSource]
    cases: list[RefiCase]
    notes: dict[str, tuple[str, str, str]]  # GUID → (name, text, description)
    problems: list[str]  # what was skipped, and why
    # Text sources that could not be read: `stc import qdpx` stops on them (an interview left
    # out takes its codings with it); `stc import-codebook` reads the code tree only.
    unreadable: list[str] = field(default_factory=list)


@functools.cache
def _schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(SCHEMA)


def _tag(element: ET.Element) -> str:
    return element.tag.rpartition("}")[2]


def _kids(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _tag(child) == name]


def _first(element: ET.Element, name: str) -> ET.Element | None:
    found = _kids(element, name)
    return found[0] if found else None


def _open(path: Path) -> tuple[zipfile.ZipFile, str]:
    """The zip and the name of its project file (``project.qde``, or the one ``.qde``)."""
    if not path.is_file():
        raise QdpxImportError(f"{path}: file not found; check the path to the .qdpx file")
    try:
        archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    except zipfile.BadZipFile:
        raise QdpxImportError(
            f"{path}: is not a .qdpx file (a REFI-QDA project is a zip archive); export the "
            "project again from your QDA program with File > Export > REFI-QDA project"
        ) from None
    except OSError as exc:
        raise QdpxImportError(f"{path}: cannot read ({exc.strerror}); check the file") from None
    names = archive.namelist()
    qde = sorted(n for n in names if "/" not in n and n.lower().endswith(".qde"))
    if "project.qde" in names or len(qde) == 1:
        name = "project.qde" if "project.qde" in names else qde[0]
        member = archive.getinfo(name)
        if too_large(member, MAX_PROJECT):
            raise QdpxImportError(
                f"{path}: {name} would unpack to {member.file_size / 1024 / 1024:,.0f} MB "
                f"({member.file_size / max(member.compress_size, 1):,.0f} times its packed "
                "size); that is no project stc will read: export the project again from the "
                "program that made it"
            )
        return archive, name
    raise QdpxImportError(
        f"{path}: the zip holds no project.qde, so it is not a REFI-QDA project; export "
        "the project again as REFI-QDA (.qdpx), not as a plain zip of its files"
    )


def _validate(path: Path, name: str, data: bytes) -> ET.Element:
    again = "export the project again from the program that made it"
    if declares_entities(data):
        raise QdpxImportError(
            f"{path}: {name} declares a DOCTYPE or entities, which REFI-QDA projects do not "
            f"use and stc does not read: {again}"
        )
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise QdpxImportError(
            f"{path}: {name} is not valid XML (line {line}, column {column + 1}); {again}"
        ) from None
    except (ValueError, LookupError) as exc:  # an encoding the parser cannot read (utf-7)
        raise QdpxImportError(
            f"{path}: {name} is not XML stc can read ({exc}); REFI-QDA files are UTF-8: {again}"
        ) from None
    check_depth(root, f"{path}: {name}", QdpxImportError, again)
    error = next(iter(_schema().iter_errors(root)), None)
    if error is not None:
        at = f" at {re.sub(r'{[^}]*}', '', error.path)}" if error.path else ""
        element = error.elem if isinstance(error.elem, ET.Element) else None
        label = element.get("name") if element is not None else None
        named = f" (name {label!r})" if label else ""
        reason = " ".join(str(error.reason or error.message).split())
        raise QdpxImportError(
            f"{path}: {name} does not follow the REFI-QDA schema{at}{named}: {reason}; "
            "nothing was imported: export the project again, or report the file to the "
            "program that made it"
        )
    return root


def _member(archive: zipfile.ZipFile, reference: str, base: str | None) -> str | None:
    """The zip entry an ``internal://``/``relative://`` path names: None when it points
    outside the zip, "" when it is safe but not in the zip.

    A ``relative://`` path is relative to the project's ``basePath``, a folder beside the
    .qdpx; stc reads only what is inside the zip, where exporters that embed such files put
    them under ``Sources/`` (``sources/`` for MAXQDA).
    """
    scheme, _, rest = reference.partition("://")
    if scheme not in ("internal", "relative") or not rest:
        return None
    rest = rest.replace("\\", "/").lstrip("/")
    if ".." in rest.split("/") or ":" in rest.split("/")[0]:
        return None
    candidates = [rest]
    if scheme == "relative" and base:
        candidates.append(posixpath.join(base.replace("\\", "/").strip("/"), rest))
    names = set(archive.namelist())
    for candidate in candidates:
        for folder in ("Sources/", "sources/", ""):
            if f"{folder}{candidate}" in names:
                return f"{folder}{candidate}"
    return ""


class _Members:
    """The zip's text members, each read and decoded once, and all of them together bounded:
    many sources naming one packed giant must not read it many times."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.texts: dict[str, str | None] = {}
        self.total = 0

    def text(self, member: str) -> str | None:
        """The member's UTF-8 text; None when it is not UTF-8. Raises when it is too large."""
        if member not in self.texts:
            info = self.archive.getinfo(member)
            self.total += info.file_size
            if too_large(info) or self.total > MAX_TOTAL:
                raise _TooLarge(member)
            try:
                self.texts[member] = self.archive.read(member).decode("utf-8")
            except UnicodeDecodeError:
                self.texts[member] = None
        return self.texts[member]


class _TooLarge(Exception):
    pass


def _read_text(
    members: _Members, element: ET.Element, base: str | None, what: str
) -> tuple[str | None, str]:
    """A source's or note's text and, when it cannot be read, why."""
    content = _first(element, "PlainTextContent")
    path = element.get("plainTextPath")
    if path is None:
        if content is not None:
            return content.text or "", ""
        return None, f"{what} has neither plainTextPath nor PlainTextContent"
    archive = members.archive
    member = _member(archive, path, base)
    if not member and content is not None:
        # The text is in the XML as well: nothing outside the zip is needed.
        return content.text or "", ""
    if member is None:
        if path.startswith("absolute://"):
            return None, (
                f"{what}: plainTextPath {path!r} points outside the .qdpx; export the "
                "project again with its sources embedded"
            )
        return None, f"{what}: plainTextPath {path!r} points outside the .qdpx"
    if member == "":
        return None, f"{what}: plainTextPath {path!r} is missing from the .qdpx"
    try:
        text = members.text(member)
    except _TooLarge:
        return None, (
            f"{what}: {member} would unpack to more than stc reads ({MAX_MEMBER // 2**20} MB "
            f"a text, {MAX_TOTAL // 2**20} MB in all)"
        )
    if text is None:
        return None, (
            f"{what}: {member} is not UTF-8 text as REFI-QDA requires; save it as UTF-8 "
            "in the program that made the project and export it again"
        )
    # A byte order mark is the encoding's, not the text's: no position counts it.
    return text.removeprefix("\ufeff"), ""


def _crlf_as_one(text: str) -> list[int]:
    """Where each position of ``text`` with CRLF read as one character lies in ``text``."""
    positions, index = [], 0
    while index < len(text):
        positions.append(index)
        index += 2 if text.startswith("\r\n", index) else 1
    positions.append(len(text))
    return positions


def _value(element: ET.Element) -> tuple[str | None, Any]:
    ref = _first(element, "VariableRef")
    for kind in ("Text", "Boolean", "Integer", "Float", "Date", "DateTime"):
        found = _first(element, f"{kind}Value")
        if found is None or ref is None:
            continue
        # A text value as written (a variable's value may be " x"); a number, a date or a
        # truth value read without the white space around it.
        value: Any = found.text or ""
        text = value.strip()
        try:
            if kind == "Boolean":
                value = text.lower() in ("true", "1")
            elif kind == "Integer":
                value = int(text)
            elif kind == "Float":
                number = float(text)
                value = int(number) if number.is_integer() and "." not in text else number
            elif kind == "Date":
                value = date.fromisoformat(text[:10])
        except ValueError:
            value = text
        return ref.get("targetGUID"), value
    return None, None


def _code(element: ET.Element) -> RefiCode:
    description = _first(element, "Description")
    text, ident = split_id(description.text or "" if description is not None else "")
    return RefiCode(
        guid=element.get("guid", ""),
        name=element.get("name", ""),
        description=text.strip(),
        ident=ident,
        codable=element.get("isCodable", "true") != "false",
        notes=[n.get("targetGUID", "") for n in _kids(element, "NoteRef")],
        children=[_code(child) for child in _kids(element, "Code")],
    )


def _duplicates(root: ET.Element, path: Path) -> None:
    """Refuse a file in which two things share a GUID (a Code may share its Case's)."""
    seen: dict[str, str] = {}
    for element in root.iter():
        guid = element.get("guid")
        if guid is None:
            continue
        kind, key = _tag(element), guid.lower()
        earlier = seen.get(key)
        if earlier is not None and {earlier, kind} != {"Code", "Case"}:
            raise QdpxImportError(
                f"{path}: GUID {guid} is used by two elements (<{earlier}> and <{kind}>); "
                "every element needs its own GUID: export the project again"
            )
        seen[key] = kind


def read_project(path: Path) -> RefiProject:
    """Everything stc can use of a .qdpx, and the list of what it skipped."""
    archive, name = _open(path)
    with archive:
        root = _validate(path, name, archive.read(name))
        _duplicates(root, path)
        return _read(archive, root, path)


def _read(archive: zipfile.ZipFile, root: ET.Element, path: Path) -> RefiProject:
    problems: list[str] = []
    origin = root.get("origin", "")
    base = root.get("basePath")
    users = {
        u.get("guid", ""): u.get("name") or u.get("id") or u.get("guid", "")[:8]
        for users in _kids(root, "Users")
        for u in _kids(users, "User")
    }
    default_user = users.get(root.get("creatingUserGUID", ""), "") or "imported"

    def user_of(*elements: ET.Element) -> str:
        for element in elements:
            for attribute in ("creatingUser", "modifyingUser"):
                guid = element.get(attribute)
                if guid:
                    return users.get(guid, guid[:8])
        return default_user

    codebook = _first(root, "CodeBook")
    codes_element = _first(codebook, "Codes") if codebook is not None else None
    codes = [_code(c) for c in _kids(codes_element, "Code")] if codes_element is not None else []

    variables = {
        v.get("guid", ""): v.get("name", "")
        for parent in _kids(root, "Variables")
        for v in _kids(parent, "Variable")
    }

    def values(element: ET.Element) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for value_element in _kids(element, "VariableValue"):
            guid, value = _value(value_element)
            if guid is not None and variables.get(guid):
                found[variables[guid]] = value
        return found

    members = _Members(archive)
    atlas = "atlas" in origin.lower()
    sources: list[RefiSource] = []
    # A text source stc cannot read would leave an interview and its codings out of the
    # project: nothing is imported then, and every such source is named.
    unreadable: list[str] = []
    for parent in _kids(root, "Sources"):
        for element in parent:
            kind = _tag(element)
            label = element.get("name") or element.get("guid") or ""
            if kind in OTHER_SOURCES:
                problems.append(
                    f"source {label!r} is {OTHER_SOURCES[kind]}; stc reads text only: skipped"
                )
                continue
            if kind != "TextSource":
                continue
            text, why = _read_text(members, element, base, f"source {label!r}")
            if text is None:
                unreadable.append(why)
                continue
            source = RefiSource(element.get("guid", ""), label, text, attributes=values(element))
            positions = _crlf_as_one(text) if atlas and "\r\n" in text else None
            for selection in _kids(element, "PlainTextSelection"):
                _selection(source, selection, positions, user_of, problems)
            sources.append(source)

    by_selection = {g: s.guid for s in sources for g in s.selections}
    cases = []
    for parent in _kids(root, "Cases"):
        for element in _kids(parent, "Case"):
            linked = [r.get("targetGUID", "") for r in _kids(element, "SourceRef")]
            linked += [
                by_selection[g]
                for r in _kids(element, "SelectionRef")
                if (g := r.get("targetGUID", "")) in by_selection
            ]
            cases.append(
                RefiCase(
                    element.get("guid", ""),
                    element.get("name") or "",
                    values(element),
                    list(dict.fromkeys(linked)),
                )
            )

    notes: dict[str, tuple[str, str, str]] = {}  # guid → name, text, description
    for parent in _kids(root, "Notes"):
        for element in _kids(parent, "Note"):
            label = element.get("name") or element.get("guid") or ""
            text, why = _read_text(members, element, base, f"note {label!r}")
            if text is None:
                problems.append(f"{why}: skipped")
                continue
            description = _first(element, "Description")
            notes[element.get("guid", "")] = (
                element.get("name") or "",
                text,
                (description.text or "").strip() if description is not None else "",
            )
    return RefiProject(
        root.get("name", ""),
        origin,
        codes,
        sources,
        cases,
        notes,
        problems,
        [f"{path}: {why}; nothing was imported" for why in unreadable],
    )


def _selection(
    source: RefiSource,
    element: ET.Element,
    positions: list[int] | None,
    user_of: Callable[..., str],
    problems: list[str],
) -> None:
    start, end = int(element.get("startPosition", "0")), int(element.get("endPosition", "0"))
    limit = len(positions) - 1 if positions is not None else len(source.text)
    if not 0 <= start < end <= limit:
        problems.append(
            f"source {source.name!r}: selection {element.get('guid')} at {start}–{end} does not "
            f"fit its text of {limit} characters (positions count characters in the stored "
            "text): skipped, not shifted"
        )
        return
    if positions is not None:
        start, end = positions[start], positions[end]
    source.selections[element.get("guid", "")] = (start, end)
    description = _first(element, "Description")
    memo = (description.text or "").strip() if description is not None else ""
    for coding in _kids(element, "Coding"):
        ref = _first(coding, "CodeRef")
        if ref is not None:
            user = user_of(coding, element)
            source.codings.append(Coding(start, end, ref.get("targetGUID", ""), user, memo))
