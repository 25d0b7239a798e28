"""Exports: REFI-QDA projects and codebooks other programs import, and an Excel workbook.

Every .qdpx and .qdc is validated against the REFI-QDA schemas shipped in stc/schemas/, then
read back with ElementTree the way an importing program would: the selections must point at
the same text, with the same codes, as the meaning units stc found.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import shutil
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import chardet
import openpyxl
import pytest
import xmlschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stc.codebook import Code, Codebook, Group, load_codebook
from stc.coding import CodingResult, code_project, coding_files
from stc.config import load_config
from stc.export import csv_codebook_bytes, export, import_codebook, qdc_bytes, read_qdc
from stc.export.qdpx import body_start
from stc.export.xlsx import MAX_WIDTH, SHEETS
from tests.conftest import (
    CODEBOOK,
    CONFIG,
    INTERVIEW,
    ROOT,
    MakeProject,
    accept_suggestions,
    copy_sample,
    error_line,
    stc,
)

SCHEMAS = ROOT / "stc" / "schemas"
NS = {"q": "urn:QDA-XML:project:1.0"}
TITLE_SLUG = "brukeres-erfaringer-med-gruppebehandling-i-rusbehandling"


@functools.cache
def schema(name: str) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(SCHEMAS / name)


@dataclass(frozen=True, order=True)
class Selection:
    source: str
    unit_id: str
    start: int
    end: int
    codes: tuple[str, ...]
    text: str


@dataclass
class Qdpx:
    root: ET.Element
    names: list[str]
    sources: dict[str, bytes]  # source name (transcript id) → the stored bytes
    selections: list[Selection]
    code_ids: dict[str, str]  # GUID → stc id
    case_texts: dict[str, list[str]]  # participant → the texts its case code codes


def read_qdpx(data: bytes) -> Qdpx:
    """A .qdpx validated against Project.xsd, then read as an importing program would."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        project = archive.read("project.qde")
        stored = {n: archive.read(n) for n in names if n.startswith("Sources/")}
    schema("Project.xsd").validate(project.decode("utf-8"))
    root = ET.fromstring(project)
    code_ids, case_codes = {}, {}
    for code in root.iter(f"{{{NS['q']}}}Code"):
        description = code.findtext("q:Description", "", NS)
        if description.startswith("stc case: "):
            case_codes[code.get("guid", "")] = description.removeprefix("stc case: ")
        else:
            code_ids[code.get("guid", "")] = description.rsplit("stc id: ", 1)[1]
    case_texts: dict[str, list[str]] = {}
    sources, selections = {}, []
    for source in root.iterfind("q:Sources/q:TextSource", NS):
        path = source.get("plainTextPath", "").replace("internal://", "Sources/")
        sources[source.get("name", "")] = stored[path]
        text = stored[path].decode("utf-8")
        for element in source.iterfind("q:PlainTextSelection", NS):
            start, end = int(element.get("startPosition", "")), int(element.get("endPosition", ""))
            targets = [c.get("targetGUID", "") for c in element.iterfind("q:Coding/q:CodeRef", NS)]
            if targets and all(t in case_codes for t in targets):
                # QualCoder's form of a case's text: a code with the case's GUID.
                for target in targets:
                    case_texts.setdefault(case_codes[target], []).append(text[start:end])
                continue
            codes = tuple(
                sorted(
                    code_ids[c.get("targetGUID", "")]
                    for c in element.iterfind("q:Coding/q:CodeRef", NS)
                )
            )
            name = source.get("name", "")
            selections.append(
                Selection(name, element.get("name", ""), start, end, codes, text[start:end])
            )
    return Qdpx(root, names, sources, selections, code_ids, case_texts)


def expected_selections(result: CodingResult) -> list[Selection]:
    """A selection per unit with a confirmed code: a unit only suggested or rejected has no
    coding, and QualCoder would make an empty selection a memo."""
    return sorted(
        Selection(
            u.transcript.id,
            u.id,
            u.start - body_start(u.transcript),  # the exported source has no front matter
            u.end - body_start(u.transcript),
            tuple(u.code_ids),
            u.text,
        )
        for u in result.units
        if u.code_ids
    )


def same_codebook(a: Codebook, b: Codebook) -> None:
    def shape(codebook: Codebook) -> list[Any]:
        return [
            (g.id, g.label, g.description, [(c.id, c.label, c.description) for c in g.codes])
            for g in codebook.groups
        ]

    assert shape(a) == shape(b)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CodingResult]:
    """The sample project, exported in every format through the CLI, and its coding."""
    config = copy_sample(tmp_path_factory.mktemp("sample") / "transcripts_sample")
    folder = config.parent
    for fmt in ("qdpx", "qdc", "xlsx"):
        code, _, err = stc("export", fmt, "-c", config)
        assert code == 0, err
        assert err == f"Skrev {folder / 'out' / TITLE_SLUG}.{fmt}\n"
    return folder, code_project(load_config(config))


# --- csv-codebook (Taguette) -----------------------------------------------------------------


def as_taguette_imports(data: bytes) -> list[tuple[str, str]]:
    """The tags Taguette's codebook import makes of a CSV (its import_codebook.py, re-read).

    It guesses the encoding with chardet, lower-cases the header, takes the one column of
    ``tag``/``name``/``path`` and an optional ``description``, strips cells and refuses an
    empty path or a short row.
    """
    detector = chardet.UniversalDetector()
    detector.feed(data)
    detector.close()
    charset = detector.result["encoding"] or "utf-8"
    rows = csv.reader(codecs.getreader(charset)(io.BytesIO(data)))
    header = [cell.lower() for cell in next(rows)]
    assert sum(name in header for name in ("tag", "name", "path")) == 1, header
    path, description = header.index("path"), header.index("description")
    tags = []
    for row in rows:
        if not any(row):
            continue
        assert len(row) > max(path, description) and row[path].strip()
        tags.append((row[path].strip(), row[description].strip()))
    return tags


def test_csv_codebook_is_what_taguette_imports(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "sample").parent
    code, _, err = stc("export", "csv-codebook", "-c", folder / "stc.yaml")
    assert code == 0, err
    path = folder / "out" / f"{TITLE_SLUG}.codebook.csv"
    assert err == f"Skrev {path}\n"
    tags = as_taguette_imports(path.read_bytes())
    codebook = load_codebook(load_config(folder / "stc.yaml").codebook_path, "nb")
    assert tags == [
        (f"{g.label}/{c.label}", " ".join(c.description.split()))
        for g in codebook.groups
        for c in g.codes
    ]
    assert len(tags) == 12
    assert tags[0][0] == "Fellesskap og tilhørighet/Ikke alene om problemene"


def test_csv_codebook_keeps_every_character_and_one_level(tmp_path: Path) -> None:
    codebook = Codebook(
        name="x",
        language="nb",
        groups=[
            Group(
                id="a",
                label="Før/etter",
                codes=[Code(id="b", label='Sitat "med, komma"', description="Linje én\nlinje to")],
            )
        ],
    )
    data = csv_codebook_bytes(codebook)
    assert data.startswith(b"\xef\xbb\xbf")  # chardet's guess is then certain
    assert as_taguette_imports(data) == [('Før-etter/Sitat "med, komma"', "Linje én linje to")]


# --- .qdpx ---------------------------------------------------------------------------------


def test_sample_qdpx_validates_and_gives_back_every_coded_unit(
    sample: tuple[Path, CodingResult],
) -> None:
    folder, result = sample
    qdpx = read_qdpx((folder / "out" / f"{TITLE_SLUG}.qdpx").read_bytes())
    assert len(result.units) > 200
    assert sorted(qdpx.selections) == expected_selections(result)
    assert all(s.text.strip() for s in qdpx.selections)


def test_sample_sources_are_exactly_the_text_files_stc_code_writes(
    sample: tuple[Path, CodingResult],
) -> None:
    folder, result = sample
    qdpx = read_qdpx((folder / "out" / f"{TITLE_SLUG}.qdpx").read_bytes())
    text_files = {k: v for k, v in coding_files(result).items() if k.startswith("text/")}
    # Each source is its text/ file after the front matter: another program opens the
    # interview itself, and gets the id as the source's name and the attributes as variables.
    bodies = {
        f"text/{t.id}.txt": text_files[f"text/{t.id}.txt"][body_start(t) :]
        for t in result.transcripts
    }
    assert {f"text/{name}.txt": data.decode() for name, data in qdpx.sources.items()} == bodies
    assert all(not data.startswith(b"---") for data in qdpx.sources.values())
    assert all(text.startswith("---\nid: ") for text in text_files.values())
    assert len(qdpx.sources) == 8  # including the .docx and the .vtt transcript
    assert qdpx.names == sorted(qdpx.names)


def test_sample_code_hierarchy_cases_and_user(sample: tuple[Path, CodingResult]) -> None:
    folder, result = sample
    qdpx = read_qdpx((folder / "out" / f"{TITLE_SLUG}.qdpx").read_bytes())
    root = qdpx.root
    assert root.get("name") == "Brukeres erfaringer med gruppebehandling i rusbehandling"
    users = root.findall("q:Users/q:User", NS)
    assert [(u.get("name"), u.get("guid")) for u in users] == [
        ("kari", root.get("creatingUserGUID"))  # the deciding coder (coder: in stc.yaml)
    ]
    top = root.findall("q:CodeBook/q:Codes/q:Code", NS)
    groups = [g for g in top if g.get("isCodable") == "false"]
    assert [g.get("name") for g in groups] == [g.label for g in result.codebook.groups]
    assert {g.get("isCodable") for g in groups} == {"false"}
    first = groups[0].findall("q:Code", NS)
    assert [(c.get("name"), c.get("isCodable")) for c in first] == [
        ("Ikke alene om problemene", "true"),
        ("Å dele erfaringer", "true"),
    ]
    assert first[0].findtext("q:Description", "", NS).startswith("Deltakeren beskriver at det")
    variables = {
        v.get("guid"): (v.get("name"), v.get("typeOfVariable"))
        for v in root.iterfind("q:Variables/q:Variable", NS)
    }
    assert ("alder", "Integer") in variables.values()
    cases = {c.get("name"): c for c in root.iterfind("q:Cases/q:Case", NS)}
    assert sorted(cases) == result.participants
    values = {}
    for value in cases["informant-1"].iterfind("q:VariableValue", NS):
        ref = value.find("q:VariableRef", NS)
        assert ref is not None
        values[variables[ref.get("targetGUID")][0]] = value[1].text
    assert values == {
        "alder": "34",
        "behandling": "poliklinisk",
        "date": "2024-01-09",
        "gruppe": "A",
        "kjonn": "kvinne",
    }
    sources = {s.get("name"): s.get("guid") for s in root.iterfind("q:Sources/q:TextSource", NS)}
    refs = [r.get("targetGUID") for r in cases["informant-1"].iterfind("q:SourceRef", NS)]
    assert refs == [sources["informant-1"]]
    # QualCoder's form: a code with the case's GUID coding the participant's whole text.
    case_codes = [(c.get("name"), c.get("guid")) for c in top if c.get("isCodable") == "true"]
    assert case_codes == [(f"Case: {p}", cases[p].get("guid")) for p in result.participants]
    assert qdpx.case_texts["informant-1"] == [qdpx.sources["informant-1"].decode()]


@dataclass
class QualCoderImport:
    categories: list[str]
    codes: list[str]
    codings: int
    cases: dict[str, dict[str, str]]  # case name → attribute values
    case_texts: dict[str, list[str]]
    journals: dict[str, str]  # journal name → text


def as_qualcoder_imports(data: bytes) -> QualCoderImport:
    """What QualCoder 3.x's REFI-QDA project import keeps of a .qdpx (its refi.py, re-read).

    It walks the code tree (isCodable="false" → category), reads each TextSource's text from
    ``internal://`` paths and its selections' codings, then every Note: a note without
    ``creationDateTime`` *and* ``modifiedDateTime`` ends the import there (it calls
    ``.replace`` on the missing value); a named note with a ``plainTextPath`` becomes a
    journal read from Sources/. Named cases keep their VariableValues; their SourceRef is not
    read: a case's text comes only from codings of a Code whose GUID is the case's GUID,
    which it then removes from the codes.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        files = {n.removeprefix("Sources/"): archive.read(n) for n in archive.namelist()}
    q = f"{{{NS['q']}}}"
    case_guids = {c.get("guid") for c in root.iterfind("q:Cases/q:Case", NS) if c.get("name")}
    categories, codes, code_guids = [], [], {}
    for code in root.iter(f"{q}Code"):
        if code.get("isCodable") == "false":
            categories.append(code.get("name", ""))
        elif code.get("guid") not in case_guids:
            codes.append(code.get("name", ""))
        code_guids[code.get("guid")] = code.get("name", "")
    codings, case_names = 0, {c.get("guid"): c.get("name", "") for c in root.iter(f"{q}Case")}
    case_texts: dict[str, list[str]] = {}
    for source in root.iterfind("q:Sources/q:TextSource", NS):
        path = source.get("plainTextPath", "").split("internal:/")[1]
        text = files[path.lstrip("/")].decode()
        for selection in source.iterfind("q:PlainTextSelection", NS):
            start, end = (
                int(selection.get("startPosition", "")),
                int(selection.get("endPosition", "")),
            )
            for ref in selection.iterfind("q:Coding/q:CodeRef", NS):
                target = ref.get("targetGUID")
                if target in case_guids:
                    case_texts.setdefault(case_names[target], []).append(text[start:end])
                else:
                    codings += 1
    journals = {}
    for note in root.iterfind("q:Notes/q:Note", NS):
        stamp = note.get("creationDateTime") or note.get("modifiedDateTime")
        assert stamp is not None, "QualCoder's import stops here: a Note without a date"
        if note.get("plainTextPath") and note.get("name"):
            path = note.get("plainTextPath", "").split("internal:/")[1]
            journals[note.get("name", "")] = files[path.lstrip("/")].decode()
    variables = {v.get("guid"): v.get("name", "") for v in root.iter(f"{q}Variable")}
    cases = {}
    for case in root.iterfind("q:Cases/q:Case", NS):
        values = {}
        for value in case.iterfind("q:VariableValue", NS):
            ref = value.find("q:VariableRef", NS)
            assert ref is not None
            values[variables[ref.get("targetGUID")]] = value[1].text or ""
        cases[case.get("name", "")] = values
    return QualCoderImport(categories, codes, codings, cases, case_texts, journals)


def test_qualcoder_imports_the_sample_whole(sample: tuple[Path, CodingResult]) -> None:
    folder, result = sample
    data = (folder / "out" / f"{TITLE_SLUG}.qdpx").read_bytes()
    found = as_qualcoder_imports(data)
    assert found.categories == [g.label for g in result.codebook.groups]
    assert len(found.categories) == 6 and len(found.codes) == 12
    assert found.codings == sum(len(u.code_ids) for u in result.units)
    assert sorted(found.cases) == result.participants
    attributes = sum(len(v) for v in found.cases.values())
    assert attributes == 8 * 5  # alder, behandling, date, gruppe, kjonn
    texts = {t.id: t.text[body_start(t) :] for t in result.transcripts}
    assert found.case_texts == {p: [texts[p]] for p in result.participants}
    condensates = yaml.safe_load((folder / "condensation.yaml").read_text())["groups"]
    written = sum(
        1 for g in condensates.values() for c in g.get("codes", {}).values() if c.get("condensate")
    )
    analytic = sum(1 for g in condensates.values() if g.get("analytic_text"))
    assert len(found.journals) == written + analytic and written >= 12


def test_two_exports_are_byte_identical(sample: tuple[Path, CodingResult], tmp_path: Path) -> None:
    folder, _ = sample
    project = load_config(folder / "stc.yaml")
    for fmt in ("qdpx", "qdc", "xlsx"):
        again = export(project, fmt, tmp_path / f"again.{fmt}")
        assert again.read_bytes() == (folder / "out" / f"{TITLE_SLUG}.{fmt}").read_bytes(), fmt


FOCUS_GROUP = """\
---
id: fokusgruppe
attributes: {gruppe: B, dato: 2024-03-01, vekt: 1.5, ny: true}
---
I: Hvordan var gruppa?
Anna: Jeg var ikke alene lenger.
Bjørn: Gruppa var fin.
Anna: Gruppelederen var flink.
"""


def test_focus_group_participants_are_cases_with_their_own_selections(
    make_project: MakeProject,
) -> None:
    config = make_project({"fokus.txt": FOCUS_GROUP, "informant-1.txt": INTERVIEW})
    path = export(load_config(config), "qdpx")
    qdpx = read_qdpx(path.read_bytes())
    root = qdpx.root
    selections = {
        e.get("guid"): e.get("name") for e in root.iter(f"{{{NS['q']}}}PlainTextSelection")
    }
    cases = {c.get("name"): c for c in root.iterfind("q:Cases/q:Case", NS)}
    assert sorted(cases) == ["fokusgruppe/anna", "fokusgruppe/bjørn", "informant-1"]
    anna = cases["fokusgruppe/anna"]
    assert anna.find("q:SourceRef", NS) is None  # not Bjørn's speech
    # Her own passages, coded or not (the case's selections, not the coded units').
    refs = [selections[r.get("targetGUID")] for r in anna.iterfind("q:SelectionRef", NS)]
    assert refs == ["Case: fokusgruppe/anna"] * 2
    spoken = ["Jeg var ikke alene lenger.", "Gruppelederen var flink."]
    assert qdpx.case_texts["fokusgruppe/anna"] == spoken
    types = {v.get("name"): v.get("typeOfVariable") for v in root.iterfind(".//q:Variable", NS)}
    assert types == {
        "alder": "Integer",
        "dato": "Date",
        "gruppe": "Text",
        "ny": "Boolean",
        "vekt": "Float",
    }


CONDENSATION = """\
groups:
  fellesskap:
    heading: Ikke alene
    codes:
      ikke-alene:
        condensate: |
          Jeg trodde jeg var den eneste, men i gruppa så jeg at jeg ikke var alene.
        golden_quote: {unit}
        status: edited
      gruppe:
        condensate: "=1+1 er ikke en formel"
        status: draft
        draft_hash: cb220fedb9e8  # stc's draft, word for word
      borte:
        condensate: Et kondensat for en kode som ikke lenger finnes.
  ukjent: [ikke, en, mapping]
"""


def test_condensates_become_notes_on_their_codes(make_project: MakeProject) -> None:
    config = accept_suggestions(make_project())
    result = code_project(load_config(config))
    unit = next(u for u in result.units if "fellesskap/ikke-alene" in u.codes)
    (config.parent / "condensation.yaml").write_text(CONDENSATION.format(unit=unit.id))
    root = read_qdpx(export(load_config(config), "qdpx").read_bytes()).root
    notes = {n.get("guid"): n for n in root.iterfind("q:Notes/q:Note", NS)}
    assert [n.get("name") for n in notes.values()] == [
        "Condensate: Ikke alene (edited)",
        "Condensate: Gruppa (draft)",
    ]
    code = next(c for c in root.iter(f"{{{NS['q']}}}Code") if c.get("name") == "Ikke alene")
    ref = code.find("q:NoteRef", NS)
    assert ref is not None
    note = notes[ref.get("targetGUID")]
    assert note.findtext("q:PlainTextContent", "", NS) == (
        "Jeg trodde jeg var den eneste, men i gruppa så jeg at jeg ikke var alene."
    )


ANALYTIC = """\
groups:
  fellesskap:
    analytic_text: |
      De fleste beskrev gruppa som et sted der de ikke var alene.
    codes:
      ikke-alene:
        condensate: Jeg var ikke alene lenger.
"""


def test_notes_are_files_too_and_analytic_texts_are_notes_on_their_groups(
    make_project: MakeProject,
) -> None:
    config = make_project()
    (config.parent / "condensation.yaml").write_text(ANALYTIC)
    data = export(load_config(config), "qdpx").read_bytes()
    root = read_qdpx(data).root
    notes = root.findall("q:Notes/q:Note", NS)
    assert [n.get("name") for n in notes] == [
        "Analytic text: Fellesskap",
        "Condensate: Ikke alene",
    ]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for note in notes:
            path = note.get("plainTextPath", "")
            assert path == f"internal://{note.get('guid')}.txt"
            stored = archive.read(f"Sources/{path.removeprefix('internal://')}").decode()
            assert stored == note.findtext("q:PlainTextContent", "", NS)
    assert stored == "Jeg var ikke alene lenger."
    group = next(c for c in root.iter(f"{{{NS['q']}}}Code") if c.get("name") == "Fellesskap")
    ref = group.find("q:NoteRef", NS)
    assert ref is not None and ref.get("targetGUID") == notes[0].get("guid")


STAMPED = {
    "Project": ("creatingUserGUID", "creationDateTime", "modifyingUserGUID", "modifiedDateTime"),
    "TextSource": ("creatingUser", "creationDateTime", "modifyingUser", "modifiedDateTime"),
    "Note": ("creatingUser", "creationDateTime", "modifyingUser", "modifiedDateTime"),
    "PlainTextSelection": ("creatingUser", "creationDateTime", "modifyingUser", "modifiedDateTime"),
    "Coding": ("creatingUser", "creationDateTime"),
}


def test_every_element_that_can_carry_a_date_has_the_analysis_date(
    make_project: MakeProject,
) -> None:
    config = make_project()
    (config.parent / "condensation.yaml").write_text(ANALYTIC)
    root = read_qdpx(export(load_config(config), "qdpx").read_bytes()).root
    user = root.find("q:Users/q:User", NS)
    assert user is not None
    counts = dict.fromkeys(STAMPED, 0)
    for element in root.iter():
        name = element.tag.split("}")[1]
        if name in STAMPED:
            counts[name] += 1
            stamps = {element.get(a) for a in STAMPED[name]}
            assert stamps == {user.get("guid"), "2026-01-01T00:00:00Z"}, name
    assert all(counts.values()), counts
    # `date:` in stc.yaml is the time other programs show.
    text = config.read_text().replace("language:", "date: 2025-05-17\nlanguage:", 1)
    config.write_text(text)
    dated = export(load_config(config), "qdpx", config.parent / "dated.qdpx").read_bytes()
    root = read_qdpx(dated).root
    assert {n.get("creationDateTime") for n in root.iter(f"{{{NS['q']}}}Note")} == {
        "2025-05-17T00:00:00Z"
    }


def test_without_condensation_there_are_no_notes(make_project: MakeProject) -> None:
    root = read_qdpx(export(load_config(make_project()), "qdpx").read_bytes()).root
    assert root.find("q:Notes", NS) is None
    assert root.find(".//q:NoteRef", NS) is None


# Words the test codebook codes (alene, gruppa, *leder) among words and symbols that trip up
# offsets: æøå, combining accents, emoji of one and of several code points, quotes.
WORDS = st.sampled_from(
    [
        "alene",
        "gruppa",
        "gruppelederen",
        "blåbærsyltetøy",
        "Ærlig",
        "øl",
        "Åsmund",
        "naïve",
        "😀",
        "🇳🇴",
        "👩‍👩‍👧",
        "«sitat»",
        "“quote”",
        "<&>",
        "jeg",
        "var",
        "ikke",
        "redd",
    ]
)
SENTENCE = st.lists(WORDS, min_size=1, max_size=8).map(lambda w: " ".join(w) + ".")
TURN = st.lists(SENTENCE, min_size=1, max_size=3).map(" ".join)
ATTRIBUTE = st.one_of(
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(date(1900, 1, 1), date(2100, 1, 1)),
    st.text(st.sampled_from("abcæøåÆØÅ😀 -"), max_size=10),
)


@st.composite
def transcripts(draw: st.DrawFn) -> dict[str, bytes]:
    files = {}
    for n in range(draw(st.integers(1, 3))):
        attributes = draw(
            st.dictionaries(st.sampled_from(["alder", "gruppe", "røyker"]), ATTRIBUTE, max_size=3)
        )
        front = yaml.safe_dump(
            {"id": f"deltaker-{n}-ø", "attributes": attributes}, allow_unicode=True
        )
        lines = ["---", *front.splitlines(), "---"]
        turns = draw(st.lists(TURN, min_size=1, max_size=4))
        # The first answer always holds a keyword, so every transcript has a unit.
        for i, turn in enumerate(turns):
            lines.append(f"I: Spørsmål {i} 🤔?")
            lines.append(f"Deltaker {n}: " + ("Jeg var alene. " if i == 0 else "") + turn)
        newline = draw(st.sampled_from(["\n", "\r\n"]))
        files[f"t{n}.txt"] = (newline.join(lines) + newline).encode("utf-8")
    return files


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(files=transcripts())
def test_generated_projects_round_trip_through_qdpx(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "transcripts").mkdir()
        for name, data in files.items():
            (root / "transcripts" / name).write_bytes(data)
        (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
        (root / "stc.yaml").write_text(CONFIG, encoding="utf-8")
        project = load_config(root / "stc.yaml")
        result = code_project(project)
        qdpx = read_qdpx(export(project, "qdpx").read_bytes())
        schema("Codebook.xsd").validate(export(project, "qdc").read_text(encoding="utf-8"))
    assert len(qdpx.sources) == len(files)
    for transcript in result.transcripts:
        stored = qdpx.sources[transcript.id]
        assert b"\r" not in stored
        assert stored == transcript.text[body_start(transcript) :].encode("utf-8")
    assert sorted(qdpx.selections) == expected_selections(result)
    for selection in qdpx.selections:
        assert (
            selection.text
            == qdpx.sources[selection.source].decode()[selection.start : selection.end]
        )
        assert "alene" in selection.text or "grupp" in selection.text


# --- .qdc and import-codebook --------------------------------------------------------------


def test_sample_qdc_validates_and_imports_as_the_same_codebook(
    sample: tuple[Path, CodingResult], tmp_path: Path
) -> None:
    folder, result = sample
    qdc = folder / "out" / f"{TITLE_SLUG}.qdc"
    schema("Codebook.xsd").validate(str(qdc))
    target = tmp_path / "imported.yaml"
    code, _, err = stc("import-codebook", qdc, "-c", folder / "stc.yaml", "-o", target)
    assert code == 0, err
    assert err.startswith(f"Wrote {target}; give its codes keywords")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Codebook skeleton made by `stc import-codebook` from\n")
    imported = load_codebook(target, "nb")
    same_codebook(imported, result.codebook)
    assert imported.language == "nb"
    assert all(c.keywords == [] for _, _, c in imported.codes)


def test_import_codebook_defaults_to_the_project_codebooks_folder(
    sample: tuple[Path, CodingResult], tmp_path: Path
) -> None:
    folder, _ = sample
    project = copy_sample(tmp_path / "p").parent
    qdc = folder / "out" / f"{TITLE_SLUG}.qdc"
    code, _, err = stc("import-codebook", qdc, "-c", project / "stc.yaml")
    assert code == 0, err
    assert (project / "codebooks" / f"{TITLE_SLUG}.yaml").is_file()
    # Without a project, next to the .qdc, without a language.
    copy = tmp_path / "Kodebok fra NVivo.qdc"
    shutil.copy(qdc, copy)
    written = import_codebook(copy)
    assert written == tmp_path / "Kodebok fra NVivo.yaml"
    codebook = load_codebook(written)
    assert (codebook.name, codebook.language) == ("Kodebok fra NVivo", None)


LABEL = st.text(st.sampled_from("abcxyzæøåÆØÅé😀🇳🇴 <>&\"'-:#/"), min_size=1, max_size=12)
DESCRIPTION = st.text(st.sampled_from("abcæøå😀 <>&\"'.\n:#-"), max_size=30)
IDENT = st.from_regex(r"[a-z0-9][a-z0-9-]{0,6}", fullmatch=True)


@st.composite
def codebooks(draw: st.DrawFn) -> Codebook:
    groups = []
    for group_id in draw(st.lists(IDENT, min_size=1, max_size=3, unique=True)):
        codes = [
            Code(id=code_id, label=draw(LABEL), description=draw(DESCRIPTION))
            for code_id in draw(st.lists(IDENT, min_size=1, max_size=3, unique=True))
        ]
        groups.append(
            Group(id=group_id, label=draw(LABEL), description=draw(DESCRIPTION), codes=codes)
        )
    return Codebook(name="Generert", groups=groups)


@settings(max_examples=25, deadline=None)
@given(codebook=codebooks())
def test_generated_codebooks_round_trip_through_qdc(codebook: Codebook) -> None:
    with tempfile.TemporaryDirectory() as folder:
        qdc = Path(folder) / "kodebok.qdc"
        qdc.write_bytes(qdc_bytes(codebook))
        schema("Codebook.xsd").validate(str(qdc))
        imported = load_codebook(import_codebook(qdc))
    same_codebook(imported, codebook)


FOREIGN_QDC = """\
<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo">
  <Codes>
    <Code guid="00000000-0000-0000-0000-000000000001" name="Møte med gruppa" isCodable="true">
      <Description>  Første møte.  </Description>
      <Code guid="00000000-0000-0000-0000-000000000002" name="Redsel" isCodable="true">
        <Code guid="00000000-0000-0000-0000-000000000003" name="Skam" isCodable="true"/>
      </Code>
      <Code guid="00000000-0000-0000-0000-000000000004" name="Redsel!" isCodable="true"/>
    </Code>
    <Code guid="00000000-0000-0000-0000-000000000005" name="😀" isCodable="true"/>
    <Code guid="00000000-0000-0000-0000-000000000006" name="Møte med gruppa" isCodable="true"/>
  </Codes>
</CodeBook>
"""


def test_a_codebook_from_another_program_becomes_a_loadable_skeleton(tmp_path: Path) -> None:
    source = tmp_path / "nvivo.qdc"
    source.write_text(FOREIGN_QDC, encoding="utf-8")
    schema("Codebook.xsd").validate(str(source))
    codebook = load_codebook(import_codebook(source))
    assert [(g.id, g.label, g.description) for g in codebook.groups] == [
        ("mote-med-gruppa", "Møte med gruppa", "Første møte."),
        ("group", "😀", ""),
        ("mote-med-gruppa-2", "Møte med gruppa", ""),
    ]
    assert [(c.id, c.label) for c in codebook.groups[0].codes] == [
        ("redsel", "Redsel"),
        ("redsel-skam", "Redsel / Skam"),
        ("redsel-2", "Redsel!"),
    ]
    # A top-level code without codes below it is a group with one code of its own name.
    assert [(c.id, c.label) for c in codebook.groups[1].codes] == [("group", "😀")]


def test_read_qdc_gives_the_hierarchy(tmp_path: Path) -> None:
    source = tmp_path / "nvivo.qdc"
    source.write_text(FOREIGN_QDC, encoding="utf-8")
    codes = read_qdc(source)
    assert [c.name for c in codes] == ["Møte med gruppa", "😀", "Møte med gruppa"]
    assert [c.name for c in codes[0].children[0].children] == ["Skam"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "nvivo.qdc: file not found; check the path to the .qdc file"),
        ("<CodeBook><Codes>", "nvivo.qdc: not a REFI-QDA codebook: invalid XML at line 1"),
        (
            '<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>',
            "nvivo.qdc: not a REFI-QDA codebook: expected <CodeBook> with <Codes>, found <Project>",
        ),
        (
            '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>',
            "nvivo.qdc: the codebook has no codes; there is nothing to import",
        ),
    ],
)
def test_import_codebook_bad_input(tmp_path: Path, content: str | None, message: str) -> None:
    source = tmp_path / "nvivo.qdc"
    if content is not None:
        source.write_text(content, encoding="utf-8")
    code, _, err = stc("import-codebook", source)
    assert code == 1
    assert message in error_line(err)
    assert not (tmp_path / "nvivo.yaml").exists()


def test_import_codebook_never_overwrites(tmp_path: Path) -> None:
    source = tmp_path / "nvivo.qdc"
    source.write_text(FOREIGN_QDC, encoding="utf-8")
    target = tmp_path / "mine.yaml"
    target.write_text("# my codebook\n", encoding="utf-8")
    code, _, err = stc("import-codebook", source, "-o", target)
    assert code == 1
    assert error_line(err) == (
        f"Error: {target}: already exists; import-codebook never overwrites a file: give a new "
        "path or move the existing file away"
    )
    assert target.read_text(encoding="utf-8") == "# my codebook\n"


# --- .xlsx ---------------------------------------------------------------------------------


def test_sample_workbook_has_every_sheet_readable(sample: tuple[Path, CodingResult]) -> None:
    folder, result = sample
    workbook = openpyxl.load_workbook(folder / "out" / f"{TITLE_SLUG}.xlsx")
    assert workbook.sheetnames == list(SHEETS)
    frames = {
        "units": result.units_frame(),
        "matrix": result.matrix(),
        "coverage": result.coverage_frame(),
    }
    for name in SHEETS:
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        for letter, dimension in sheet.column_dimensions.items():
            assert 6 <= dimension.width <= MAX_WIDTH, (name, letter)
    for name, frame in frames.items():
        rows = list(workbook[name].values)
        assert list(rows[0]) == list(frame.columns)
        assert len(rows) == len(frame) + 1
    units = workbook["units"]
    header = [c.value for c in units[1]]
    text = header.index("text") + 1
    assert [units.cell(row=2, column=c).value for c in (1, text)] == [
        result.units[0].id,
        result.units[0].text,
    ]
    assert units.cell(row=2, column=text).alignment.wrap_text
    codebook = list(workbook["codebook"].values)
    assert codebook[0][:4] == ("code", "group", "group_label", "label")
    assert [row[0] for row in codebook[1:]] == result.codebook.code_ids
    condensates = list(workbook["condensates"].values)
    assert condensates[0] == (
        "code",
        "label",
        "status",
        "condensate",
        "golden_quote",
        "golden_quote_text",
    )
    assert len(condensates) == len(result.codebook.code_ids) + 1


def test_workbook_condensates_sheet(make_project: MakeProject) -> None:
    config = accept_suggestions(make_project())
    result = code_project(load_config(config))
    unit = next(u for u in result.units if "fellesskap/ikke-alene" in u.codes)
    (config.parent / "condensation.yaml").write_text(CONDENSATION.format(unit=unit.id))
    sheet = openpyxl.load_workbook(export(load_config(config), "xlsx"))["condensates"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert [c.value for c in rows["fellesskap/ikke-alene"][2:]] == [
        "edited",
        "Jeg trodde jeg var den eneste, men i gruppa så jeg at jeg ikke var alene.",
        unit.id,
        unit.text,
    ]
    formula_like = rows["fellesskap/gruppe"][3]
    assert (formula_like.value, formula_like.data_type) == ("=1+1 er ikke en formel", "s")
    assert [c.value for c in rows["leder/leder"][2:]] == [None, None, None, None]


# --- bad input -----------------------------------------------------------------------------


NOTHING = (
    CODEBOOK.replace('[alene, "den eneste"]', "[sjiraff]")
    .replace("[gruppe]", "[elefant]")
    .replace('["*leder"]', "[flodhest]")
)


@pytest.mark.parametrize("fmt", ["qdpx", "xlsx"])
def test_nothing_coded_is_nothing_to_export(make_project: MakeProject, fmt: str) -> None:
    config = make_project(codebook=NOTHING)
    code, _, err = stc("export", fmt, "-c", config)
    assert code == 1
    assert error_line(err) == (
        f"Error: {config.parent / 'codebook.yaml'}: nothing to export: no meaning units are "
        "coded in the 1 transcript; add keywords to the codebook's codes or decisions to "
        "coding.yaml, and check the coding with `stc code`"
    )
    assert not (config.parent / "out").exists()


@pytest.mark.parametrize("fmt", ["qdpx", "qdc", "xlsx"])
def test_an_existing_file_is_replaced_only_with_force(
    make_project: MakeProject, tmp_path: Path, fmt: str
) -> None:
    config = make_project()
    target = tmp_path / f"mine.{fmt}"
    target.write_bytes(b"mine")
    code, _, err = stc("export", fmt, "-c", config, "-o", target)
    assert code == 1
    assert error_line(err) == (
        f"Error: {target}: already exists; use --force to replace it, or -o to write elsewhere"
    )
    assert target.read_bytes() == b"mine"
    code, _, err = stc("export", fmt, "-c", config, "-o", target, "--force")
    assert code == 0, err
    assert err == f"Skrev {target}\n"
    assert target.read_bytes().startswith(b"PK" if fmt != "qdc" else b"<?xml")


def test_a_tilde_the_shell_left_alone_is_the_home_folder(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """-o "~/x.xlsx" (quoted, or typed in a Windows terminal) made a folder named "~" in the
    project; -c "~/…/stc.yaml" was not found."""
    config = make_project()
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(config.parent)
    (home / "proj").symlink_to(config.parent)
    code, _, err = stc("export", "xlsx", "-c", "~/proj/stc.yaml", "-o", "~/koding.xlsx")
    assert code == 0, err
    assert (home / "koding.xlsx").is_file()
    assert not (config.parent / "~").exists()


def test_export_to_a_folder_is_refused(make_project: MakeProject, tmp_path: Path) -> None:
    code, _, err = stc("export", "qdc", "-c", make_project(), "-o", tmp_path, "--force")
    assert code == 1
    assert error_line(err) == f"Error: {tmp_path}: is a folder; give -o a file path"


def test_unknown_format_is_a_usage_error(make_project: MakeProject) -> None:
    code, _, err = stc("export", "pdf", "-c", make_project())
    assert code == 2
    assert "'pdf' is not one of 'qdpx', 'qdc', 'xlsx', 'docx'" in err


def test_a_broken_condensation_yaml_names_the_file(make_project: MakeProject) -> None:
    config = make_project()
    (config.parent / "condensation.yaml").write_text("groups: [\n")
    code, _, err = stc("export", "qdpx", "-c", config)
    assert code == 1
    assert f"{config.parent / 'condensation.yaml'}: invalid YAML at line 2" in error_line(err)


# --- .docx: the results report in Word --------------------------------------------------------


def test_docx_is_the_results_report_in_word(tmp_path: Path) -> None:
    import docx

    config = copy_sample(tmp_path / "sample")
    assert stc("code", "-c", config)[0] == 0
    code, _, err = stc("export", "docx", "-c", config, "-o", tmp_path / "a.docx")
    assert code == 0, err
    document = docx.Document(str(tmp_path / "a.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Å oppdage at man ikke er alene" in headings
    assert "Vedlegg A. Kondensater: forskerens arbeidstekst" in headings
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert (
        "«Jeg hadde trodd at jeg var den eneste i hele verden som var så dum.» (informant-1, l. 25)"
        in quotes
    )
    # The golden quote is named as such, and the others apart from it.
    texts = [p.text for p in document.paragraphs]
    golden = texts.index(quotes[0])
    assert texts[golden - 1] == "Gullsitat" and texts[golden + 1] == "Andre sitater"
    # Each numbered list counts from 1 (the themes went on from the steps, 5–9), Word reads
    # the text as Norwegian, every page is numbered, and no "generated by python-docx".
    from docx.oxml.ns import qn

    lists = [p._p.pPr.numPr.numId.val for p in document.paragraphs if p.style.name == "List Number"]
    assert len(set(lists)) == 2 and lists == sorted(lists)
    numbering = document.part.numbering_part.element
    for list_id in set(lists):
        override = numbering.num_having_numId(list_id).find(qn("w:lvlOverride"))
        assert override.find(qn("w:startOverride")).get(qn("w:val")) == "1"
    lang = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "nb-NO"
    footer = document.sections[0].footer.paragraphs[0]._p
    assert footer.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"
    assert "python-docx" not in (document.core_properties.comments or "")
    # Not a draft: every page carries the title alone (a draft's says so).
    header = document.sections[0].header.paragraphs[0].text
    assert header == "Brukeres erfaringer med gruppebehandling i rusbehandling"
    # The analysis trail the method text points to ("see the analysis trail") is there too.
    from stc.wording import phrase

    for key in (
        "trail",
        "themes_heading",
        "theme_trace",
        "codebook_heading",
        "saturation",
        "information_power",
    ):
        assert phrase("nb", key) in headings, key
    book = next(t for t in document.tables if t.rows[0].cells[0].text == "kodegruppe")
    rows = [[c.text for c in row.cells] for row in book.rows]
    assert rows[1][:2] == ["Fellesskap og tilhørighet", ""]
    assert rows[2][1] == "Ikke alene om problemene"
    assert rows[2][2].startswith("Deltakeren beskriver at det å møte andre med samme problemer")
    matrix = next(t for t in document.tables if t.rows[0].cells[0].text == "kode")
    assert [c.text for c in matrix.rows[0].cells][:2] == ["kode", "informant-1"]
    assert stc("export", "docx", "-c", config, "-o", tmp_path / "b.docx")[0] == 0
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    # A draft says so on every page: a golden quote taken back makes one.
    path = config.parent / "condensation.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("golden_quote: informant-1:b86ab2", "golden_quote:"), "utf-8")
    assert stc("export", "docx", "-c", config, "-o", tmp_path / "c.docx")[0] == 0
    header = docx.Document(str(tmp_path / "c.docx")).sections[0].header.paragraphs[0].text
    assert header == "UTKAST: Brukeres erfaringer med gruppebehandling i rusbehandling"


def test_docx_before_any_coding(make_project: MakeProject) -> None:
    code, _, err = stc("export", "docx", "-c", make_project())
    assert code == 1
    assert "meaning_units.csv: no coding yet; run `stc code` (step 2) first" in error_line(err)


def test_codes_that_share_a_label_get_names_that_say_their_group(tmp_path: Path) -> None:
    """Two codes named "Annet" (under two parents, as NVivo allows) were exported with one
    name, and QualCoder, which keeps one code per name, merged their codings."""
    from stc.codebook import load_codebook
    from stc.export.refi import code_names

    path = tmp_path / "c.yaml"
    path.write_text(
        "name: T\nlanguage: nb\ngroups:\n"
        "  - {id: a, label: Mestring, codes: [{id: annet, label: Annet, keywords: [x]},"
        " {id: hverdag, label: Hverdag, keywords: [y]}]}\n"
        "  - {id: b, label: Skam, codes: [{id: annet, label: Annet, keywords: [z]},"
        " {id: skam, label: Skam, keywords: [w]}]}\n",
        encoding="utf-8",
    )
    names = code_names(load_codebook(path, "nb"))
    assert names == {
        "a": "Mestring",
        "b": "Skam",
        "a/annet": "Annet (Mestring)",
        "a/hverdag": "Hverdag",
        "b/annet": "Annet (Skam)",
        "b/skam": "Skam",  # a code may share its group's name: groups are categories
    }
