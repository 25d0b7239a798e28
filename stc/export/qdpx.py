"""A REFI-QDA project (.qdpx) of the coded analysis, for NVivo, ATLAS.ti, MAXQDA, QualCoder.

The zip holds ``project.qde`` (schema ``urn:QDA-XML:project:1.0``) and each transcript's
normalised text as ``Sources/<guid>.txt``: ``text/<id>.txt`` after its front matter, whose
id is the source's name and whose attributes are its cases' variables, so that another program
opens the interview itself. Every selection's ``startPosition``/``endPosition`` is the unit's
``char_start``/``char_end`` (code points) less the front matter's length. Code groups are parent codes of their codes; each meaning unit with a
confirmed code is a ``PlainTextSelection`` coded with its codes, its decision's note as the
selection's description (a coding memo); each participant is a case carrying the
transcript attributes as variables; condensates are notes on their codes, analytic texts
notes on their code groups, each also stored as ``Sources/<guid>.txt``.

Every element the schema lets carry them gets ``creatingUser``/``creationDateTime`` (and the
``modifying…`` pair): QualCoder stops its import at the first note without a date. The time
is the analysis's ``date:`` from stc.yaml (``created_stamp``), never the clock.

A case lists its text with ``SourceRef``/``SelectionRef`` as the schema says, and again as a
code with the case's GUID coding that text: QualCoder's importer reads a case's text only in
that form (the one ATLAS.ti writes) and drops such codes once it has linked the case.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from stc import __version__
from stc.coding import CodingResult
from stc.condensation_model import draft_hash
from stc.export.common import DEFAULT_CREATED, Condensate, project_name, zip_bytes
from stc.export.refi import (
    PROJECT_NS,
    add_codes,
    code_names,
    guid,
    root_element,
    xml_bytes,
    xml_text,
)
from stc.readers.text import split_front_matter
from stc.types import Transcript
from stc.units import Unit

USER = "stc"
# How the description of a case's code begins; `stc import qdpx` knows such codes by GUID.
CASE_MARKER = "stc case: "


def _el(parent: ET.Element, element: str, /, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, element, attributes)


def source_path(transcript: Transcript) -> str:
    """Where a transcript's text is stored in the zip."""
    return f"Sources/{guid('source', transcript.id)}.txt"


def body_start(transcript: Transcript) -> int:
    """Where the text after a transcript's front matter begins: the exported source's 0."""
    return split_front_matter(transcript.text, transcript.path)[1]


def qdpx_bytes(
    result: CodingResult,
    condensates: Mapping[str, Condensate],
    analytic: Mapping[str, str] | None = None,
    created: str = DEFAULT_CREATED,
) -> bytes:
    """The .qdpx file of a coding result; the same result always gives the same bytes.

    ``analytic`` maps a code group id to its analytic text; ``created`` is the ISO time
    (``2026-01-01T00:00:00Z``) written on every element.
    """
    notes = _notes(result, condensates, analytic or {}, code_names(result.codebook))
    entries = [("project.qde", project_xml(result, condensates, analytic, created))]
    entries += [
        (source_path(t), t.text[body_start(t) :].encode("utf-8")) for t in result.transcripts
    ]
    entries += [(f"Sources/{note.guid}.txt", note.text.encode("utf-8")) for note in notes]
    return zip_bytes(sorted(entries))


@dataclass(frozen=True)
class _Note:
    guid: str
    target: str  # the ``group/code`` or group id it is attached to
    name: str
    text: str
    description: str = ""


# How a draft condensate's note says it is stc's draft word for word: the draft's hash, which
# `stc import qdpx` checks against the note's text (a draft rewritten elsewhere is the
# researcher's, whatever its name).
DRAFT_MARKER = "stc draft_hash: "


def _notes(
    result: CodingResult,
    condensates: Mapping[str, Condensate],
    analytic: Mapping[str, str],
    names: Mapping[str, str],
) -> list[_Note]:
    """Analytic texts (step 4) and condensates (step 3) as notes, in codebook order."""
    notes: list[_Note] = []
    for group in result.codebook.groups:
        if group.id in analytic:
            name = xml_text(f"Analytic text: {names[group.id]}")
            text = xml_text(analytic[group.id])
            notes.append(_Note(guid("analytic", group.id), group.id, name, text))
        for code in group.codes:
            code_id = f"{group.id}/{code.id}"
            if code_id not in condensates:
                continue
            condensate = condensates[code_id]
            status = f" ({condensate.status})" if condensate.status else ""
            name = xml_text(f"Condensate: {names[code_id]}{status}")
            text = xml_text(condensate.text)
            marker = (
                f"{DRAFT_MARKER}{draft_hash(text, None)}" if condensate.status == "draft" else ""
            )
            notes.append(_Note(guid("note", code_id), code_id, name, text, marker))
    return notes


def _stamp(user: str, created: str) -> dict[str, str]:
    return {
        "creatingUser": user,
        "creationDateTime": created,
        "modifyingUser": user,
        "modifiedDateTime": created,
    }


def project_xml(
    result: CodingResult,
    condensates: Mapping[str, Condensate],
    analytic: Mapping[str, str] | None = None,
    created: str = DEFAULT_CREATED,
) -> bytes:
    """``project.qde``: users, code book, variables, cases, sources and notes."""
    # The codings are the deciding coder's (``coder:``): the user is named for them.
    name = result.coder or USER
    user = guid("user", name)
    root = root_element(
        "Project",
        PROJECT_NS,
        name=xml_text(project_name(result.project)),
        origin=f"stc {__version__}",
        creatingUserGUID=user,
        creationDateTime=created,
        modifyingUserGUID=user,
        modifiedDateTime=created,
    )
    _el(_el(root, "Users"), "User", guid=user, name=xml_text(name), id=xml_text(name))
    names = code_names(result.codebook)  # codings of two codes of one name would merge
    notes = _notes(result, condensates, analytic or {}, names)
    codes = add_codes(
        _el(root, "CodeBook"), result.codebook, {n.target: n.guid for n in notes}, names
    )
    for participant in result.participants:
        case_code = _el(
            codes,
            "Code",
            guid=guid("case", participant),
            name=xml_text(f"Case: {participant}"),
            isCodable="true",
        )
        _el(case_code, "Description").text = xml_text(f"{CASE_MARKER}{participant}")
    variables = _variables(result.transcripts)
    if variables:
        parent = _el(root, "Variables")
        for name, kind in variables.items():
            _el(
                parent,
                "Variable",
                guid=guid("variable", name),
                name=xml_text(name),
                typeOfVariable=kind,
            )
    if result.participants:
        _cases(_el(root, "Cases"), result, variables)
    sources = _el(root, "Sources")
    units = _units_by_transcript(result.units)
    for transcript in result.transcripts:
        _source(sources, transcript, units.get(transcript.id, []), user, created)
    if notes:
        parent = _el(root, "Notes")
        for note in notes:
            element = _el(
                parent,
                "Note",
                guid=note.guid,
                name=note.name,
                plainTextPath=f"internal://{note.guid}.txt",
                **_stamp(user, created),
            )
            if note.description:
                _el(element, "Description").text = note.description
            _el(element, "PlainTextContent").text = note.text
    return xml_bytes(root)


def _units_by_transcript(units: Sequence[Unit]) -> dict[str, list[Unit]]:
    found: dict[str, list[Unit]] = {}
    for unit in sorted(units, key=lambda u: (u.transcript.id, u.start, u.end, u.id)):
        found.setdefault(unit.transcript.id, []).append(unit)
    return found


def _source(
    parent: ET.Element, transcript: Transcript, units: list[Unit], user: str, created: str
) -> None:
    source_guid = guid("source", transcript.id)
    body = body_start(transcript)
    source = _el(
        parent,
        "TextSource",
        guid=source_guid,
        name=xml_text(transcript.id),
        plainTextPath=f"internal://{source_guid}.txt",
        **_stamp(user, created),
    )
    _el(source, "Description").text = xml_text(
        f"{transcript.path.name}, as normalised and coded by stc, without its front matter"
    )
    for unit in units:
        if not unit.code_ids:
            continue  # suggested or rejected only: no coding (QualCoder would make it a memo)
        selection = _el(
            source,
            "PlainTextSelection",
            guid=guid("selection", unit.id),
            name=unit.id,
            startPosition=str(unit.start - body),
            endPosition=str(unit.end - body),
            **_stamp(user, created),
        )
        if unit.notes:  # the decision's note: a coding memo, as QualCoder reads it
            _el(selection, "Description").text = xml_text("\n\n".join(unit.notes))
        for code_id in unit.code_ids:
            coding = _el(
                selection,
                "Coding",
                guid=guid("coding", f"{unit.id} {code_id}"),
                creatingUser=user,
                creationDateTime=created,
            )
            _el(coding, "CodeRef", targetGUID=guid("code", code_id))
    # The case codes (see the module docstring): the whole text for its one participant, a
    # focus group participant's own units otherwise.
    spans = (
        [
            (p, f"{transcript.id} {p}", 0, len(transcript.text) - body)
            for p in transcript.participants
        ]
        if len(transcript.participants) == 1
        else [
            (u.participant, f"{u.id} case", u.start - body, u.end - body)
            for u in units
            if u.participant
        ]
    )
    for participant, ident, start, end in spans:
        selection = _el(
            source,
            "PlainTextSelection",
            guid=guid("case-selection", ident),
            name=xml_text(f"Case: {participant}"),
            startPosition=str(start),
            endPosition=str(end),
            **_stamp(user, created),
        )
        coding = _el(
            selection,
            "Coding",
            guid=guid("case-coding", ident),
            creatingUser=user,
            creationDateTime=created,
        )
        _el(coding, "CodeRef", targetGUID=guid("case", participant))


def _cases(parent: ET.Element, result: CodingResult, variables: Mapping[str, str]) -> None:
    """A case per participant, with the attributes of the transcripts they speak in.

    A transcript with one participant is referenced whole; in a transcript with several
    (a focus group) the case gets only its own units, not the others' speech.
    """
    for participant in result.participants:
        transcripts = [t for t in result.transcripts if participant in t.participants]
        case = _el(parent, "Case", guid=guid("case", participant), name=xml_text(participant))
        for name, kind in variables.items():
            values = [t.attributes[name] for t in transcripts if t.attributes.get(name) is not None]
            if values:
                value = _el(case, "VariableValue")
                _el(value, "VariableRef", targetGUID=guid("variable", name))
                _el(value, f"{kind}Value").text = _value_text(values[0], kind)
        shared = {t.id for t in transcripts if len(t.participants) > 1}
        for transcript in transcripts:
            if transcript.id not in shared:
                _el(case, "SourceRef", targetGUID=guid("source", transcript.id))
        for unit in result.units:
            if unit.participant == participant and unit.transcript.id in shared:
                _el(case, "SelectionRef", targetGUID=guid("case-selection", f"{unit.id} case"))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float) and math.isfinite(value):
        return "Float"
    if isinstance(value, datetime):
        return "DateTime"
    if isinstance(value, date):
        return "Date"
    return "Text"


def _variables(transcripts: Sequence[Transcript]) -> dict[str, str]:
    """Every attribute name, sorted, with the REFI type all its values fit."""
    values: dict[str, list[Any]] = {}
    for transcript in transcripts:
        for name, value in transcript.attributes.items():
            found = values.setdefault(name, [])
            if value is not None:
                found.append(value)
    types: dict[str, str] = {}
    for name in sorted(values):
        kinds = {_kind(v) for v in values[name]}
        if kinds == {"Integer", "Float"}:
            types[name] = "Float"
        else:
            types[name] = kinds.pop() if len(kinds) == 1 else "Text"
    return types


def _value_text(value: Any, kind: str) -> str:
    if kind == "Boolean":
        return "true" if value else "false"
    if kind == "Float":
        # xsd:decimal has no exponent: 1e-05 must be written 0.00001.
        return format(Decimal(repr(float(value))), "f")
    if kind in ("Date", "DateTime"):
        return str(value.isoformat())
    if kind == "Integer":
        return str(value)
    if isinstance(value, list | tuple):
        return xml_text(", ".join(str(v) for v in value))
    return xml_text(str(value))
