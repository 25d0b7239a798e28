"""The codebook as a REFI-QDA codebook (.qdc), and a .qdc back into a YAML codebook skeleton.

``qdc_bytes`` writes code groups as parent codes of their codes, with descriptions.
``import_codebook`` reads a .qdc from stc or any other tool: top-level codes become code
groups and the codes below them their codes (deeper levels are flattened into the group).
A .qdc has no matching rules, so the skeleton's keywords are empty for the researcher to fill.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from stc import __version__
from stc.codebook import Codebook
from stc.config import Project
from stc.errors import ExportError
from stc.export.refi import CODEBOOK_NS, add_codes, root_element, split_id, xml_bytes
from stc.impression import check_new_file, slug_id, write_new_file
from stc.readers.archive import MAX_MEMBER, check_depth, declares_entities

HEADER = """\
# Codebook skeleton made by `stc import-codebook` from
#   {source}
# with its code groups, codes (subgroups) and descriptions. A .qdc has no matching rules:
# give each code keywords (and, where they help, regex, exclude, examples, counterexamples),
# point [codebook] in stc.yaml to this file, then run `stc check`.
"""


def qdc_bytes(codebook: Codebook) -> bytes:
    """The .qdc file of a codebook; the same codebook always gives the same bytes."""
    root = root_element("CodeBook", CODEBOOK_NS, origin=f"stc {__version__}")
    add_codes(root, codebook)
    return xml_bytes(root)


@dataclass
class QdcCode:
    """A code read from a .qdc; ``ident`` is the stc id when stc wrote the file."""

    name: str
    description: str
    ident: str | None
    children: list[QdcCode] = field(default_factory=list)
    guid: str = ""


def _local(element: ET.Element) -> str:
    return element.tag.rpartition("}")[2]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    # By local name: some tools write the codebook without its namespace.
    return [child for child in element if _local(child) == name]


def _code(element: ET.Element) -> QdcCode:
    descriptions = _children(element, "Description")
    description, ident = split_id(descriptions[0].text or "" if descriptions else "")
    return QdcCode(
        element.get("name", ""),
        description,
        ident,
        [_code(child) for child in _children(element, "Code")],
        element.get("guid", ""),
    )


def read_qdc(path: Path) -> list[QdcCode]:
    """The top-level codes of a .qdc file, each with the codes below it."""
    if not path.is_file():
        raise ExportError(f"{path}: file not found; check the path to the .qdc file")
    again = "export the codebook again from your QDA program as a .qdc file"
    try:
        if path.stat().st_size > MAX_MEMBER:
            raise ExportError(
                f"{path}: larger than any codebook ({MAX_MEMBER // 2**20} MB); {again}"
            )
        data = path.read_bytes()
        if declares_entities(data):
            raise ExportError(
                f"{path}: declares a DOCTYPE or entities, which REFI-QDA codebooks do not use "
                f"and stc does not read; {again}"
            )
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise ExportError(
            f"{path}: not a REFI-QDA codebook: invalid XML at line {line}, column {column + 1}; "
            "export the codebook again from your QDA program as a .qdc file"
        ) from None
    except OSError as exc:
        raise ExportError(f"{path}: cannot read ({exc.strerror}); check the path") from None
    except (ValueError, LookupError) as exc:  # an encoding the parser cannot read (utf-7)
        raise ExportError(
            f"{path}: not XML stc can read ({exc}); REFI-QDA files are UTF-8: {again}"
        ) from None
    check_depth(root, str(path), ExportError, again)
    codes = _children(root, "Codes")
    if _local(root) != "CodeBook" or not codes:
        raise ExportError(
            f"{path}: not a REFI-QDA codebook: expected <CodeBook> with <Codes>, found "
            f"<{_local(root)}>; export the codebook from your QDA program as a .qdc file"
        )
    found = [_code(child) for child in _children(codes[0], "Code")]
    if not found:
        raise ExportError(f"{path}: the codebook has no codes; there is nothing to import")
    return found


def _unique(base: str, taken: set[str]) -> str:
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    taken.add(ident)
    return ident


def _ident(code: QdcCode, fallback: str, taken: set[str]) -> str:
    """The stc id the code had, else one made from its name; unique among ``taken``."""
    if code.ident:
        base = code.ident.rpartition("/")[2]
    else:
        base = slug_id(code.name)
        # slug_id falls back to "theme" for a name without letters or digits.
        if base == "theme" and "theme" not in code.name.lower():
            base = fallback
    return _unique(base, taken)


def _flatten(code: QdcCode, prefix: str = "") -> list[QdcCode]:
    """A code and every code below it, deeper names prefixed with their parents' names."""
    name = f"{prefix}{code.name}"
    found = [QdcCode(name, code.description, code.ident, guid=code.guid)]
    for child in code.children:
        found.extend(_flatten(child, f"{name} / "))
    return found


def skeleton(
    codes: list[QdcCode],
    name: str,
    language: str | None = None,
    ids: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Codebook data (as in the YAML) for the codes of a .qdc; it passes ``load_codebook``.

    A top-level code without codes below it becomes a group with one code of the same name,
    since every code group needs a code. ``ids``, when given, is filled with each code's
    and group's REFI GUID → its ``group/code`` or group id.
    """
    groups: list[dict[str, Any]] = []
    group_ids: set[str] = set()
    for top in codes:
        group_id = _ident(top, "group", group_ids)
        members = [m for child in top.children for m in _flatten(child)]
        if not members:
            members = [QdcCode(top.name, "", group_id, guid=top.guid)]
        elif ids is not None and top.guid:
            ids[top.guid] = group_id
        code_ids: set[str] = set()
        entries = []
        for member in members:
            code_id = _ident(member, "code", code_ids)
            if ids is not None and member.guid:
                ids[member.guid] = f"{group_id}/{code_id}"
            entries.append(
                {
                    "id": code_id,
                    "label": member.name or "code",
                    "description": member.description,
                    "keywords": [],
                }
            )
        groups.append(
            {
                "id": group_id,
                "label": top.name or group_id,
                "description": top.description,
                "codes": entries,
            }
        )
    data: dict[str, Any] = {"name": name}
    if language:
        data["language"] = language
    data["groups"] = groups
    return data


def render_skeleton(data: dict[str, Any], source: str, header: str = HEADER) -> str:
    """The skeleton as YAML, with a header (``{source}`` filled in) that says what to add."""
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    # A file name with a line break would end the comment and corrupt the YAML.
    return header.format(source=" ".join(source.split())) + body


def import_codebook(
    source: Path, output: Path | None = None, project: Project | None = None
) -> Path:
    """Write a YAML codebook skeleton from a .qdc (or a .qdpx's codebook); never overwrites.

    Without ``output`` it goes to ``codebooks/<name>.yaml`` in the project, or next to the
    .qdc without a project. The project also gives the codebook its language.
    """
    if output is None:
        stem = slug_id(source.stem)
        output = (
            project.root / "codebooks" / f"{stem}.yaml" if project else source.with_suffix(".yaml")
        )
    check_new_file(output, option="import-codebook")
    if source.suffix.lower() == ".qdpx":
        # The codebook inside a REFI-QDA project; imported here to keep the modules apart.
        from stc.importer.project import qdpx_codes

        codes = qdpx_codes(source)
    else:
        codes = read_qdc(source)
    data = skeleton(codes, source.stem, project.config.language if project else None)
    return write_new_file(output, render_skeleton(data, source.name), option="import-codebook")
