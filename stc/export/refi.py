"""What the REFI-QDA exports (.qdpx, .qdc) share: GUIDs, XML text and the code hierarchy.

GUIDs are derived from stc ids, so two exports of the same analysis are identical and a code
keeps its GUID across exports. Each code's REFI ``Description`` ends with a line
``stc id: group/code``: the REFI schemas have no place for an id, and without it
``stc import-codebook`` could only guess ids from labels.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from stc.codebook import Codebook

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

# Fixed for good: every GUID of every export is derived from it.
_GUID_NAMESPACE = uuid.UUID("8a4c3f2e-61d0-4b9e-9c57-2f1e0b7d5a63")

ID_MARKER = "stc id: "
_MARKED = re.compile(r"(?:\A|\n\n?)[ \t]*stc id: ([a-z0-9-]+(?:/[a-z0-9-]+)?)[ \t\r\n]*\Z")

# Characters XML 1.0 cannot hold, not even escaped; a transcript or condensate may still
# contain one (a form feed from a word processor), and it carries no meaning.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def guid(kind: str, ident: str) -> str:
    """The GUID (8-4-4-4-12 hex) of an object of ``kind`` (code, source, …) with stc id ``ident``."""
    return str(uuid.uuid5(_GUID_NAMESPACE, f"stc:{kind}:{ident}"))


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot represent."""
    return _NOT_XML.sub("", text)


def with_id(description: str, ident: str) -> str:
    """A REFI description: the codebook's description, then the stc id on a line of its own."""
    return f"{description}\n\n{ID_MARKER}{ident}" if description else f"{ID_MARKER}{ident}"


def split_id(description: str) -> tuple[str, str | None]:
    """The description and stc id that ``with_id`` joined; ``None`` when there is no id line."""
    match = _MARKED.search(description)
    if match is None:
        return description.strip(), None
    return description[: match.start()], match.group(1)


def code_names(codebook: Codebook) -> dict[str, str]:
    """The name each code (``group/code``) and code group (by id) gets in an exchange file: its
    label, unless another code has the same label; then its name says its group, "Annet
    (Mestring)". QualCoder keeps one code per name: two codes named "Annet" would merge into
    one, their codings together. A group whose label an earlier group has is numbered
    ("Mestring 2"): QualCoder merges categories of one name as well. (Groups are categories
    there, named apart from codes.)"""
    names: dict[str, str] = {}
    groups: set[str] = set()
    for group in codebook.groups:  # categories of one name would merge too
        name, n = group.label, 1
        while name in groups:
            n += 1
            name = f"{group.label} {n}"
        groups.add(name)
        names[group.id] = name
    labels = [c.label for g in codebook.groups for c in g.codes]
    shared = {label for label in labels if labels.count(label) > 1}
    taken = set(labels)
    for group in codebook.groups:
        for code in group.codes:
            name = code.label
            if name in shared:
                name, n = f"{code.label} ({names[group.id]})", 1
                while name in taken:
                    n += 1
                    name = f"{code.label} ({names[group.id]}) {n}"
            taken.add(name)
            names[f"{group.id}/{code.id}"] = name
    return names


def add_codes(
    parent: ET.Element,
    codebook: Codebook,
    notes: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> ET.Element:
    """Append ``Codes``: each code group with its codes (subgroups) as children.

    Groups are not codable (stc codes units with subgroups only), which QualCoder, for one,
    imports as categories. ``notes`` maps a ``group/code`` or group id to the GUID of a note
    on it; only the project schema allows note references on codes. ``names``: a code's name
    by ``group/code`` when it is not its label (``code_names``). Returns ``Codes``.
    """
    codes = ET.SubElement(parent, "Codes")
    for group in codebook.groups:
        group_element = ET.SubElement(
            codes,
            "Code",
            guid=guid("group", group.id),
            name=xml_text(names.get(group.id, group.label) if names else group.label),
            isCodable="false",
        )
        description = ET.SubElement(group_element, "Description")
        description.text = xml_text(with_id(group.description, group.id))
        if notes and group.id in notes:
            ET.SubElement(group_element, "NoteRef", targetGUID=notes[group.id])
        for code in group.codes:
            code_id = f"{group.id}/{code.id}"
            code_element = ET.SubElement(
                group_element,
                "Code",
                guid=guid("code", code_id),
                name=xml_text(names.get(code_id, code.label) if names else code.label),
                isCodable="true",
            )
            description = ET.SubElement(code_element, "Description")
            description.text = xml_text(with_id(code.description, code_id))
            if notes and code_id in notes:
                ET.SubElement(code_element, "NoteRef", targetGUID=notes[code_id])
    return codes


def root_element(element: str, ns: str, /, **attributes: str) -> ET.Element:
    """A document's root element, declaring ``ns`` as the namespace of every element in it.

    Elements are built with plain names under it: ElementTree's own ``default_namespace``
    refuses the schemas' attributes, which have no namespace.
    """
    return ET.Element(element, {"xmlns": ns, **attributes})


def xml_bytes(root: ET.Element) -> bytes:
    """The document as indented UTF-8 XML."""
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'.encode()
