"""stc import qdpx: projects coded in NVivo, ATLAS.ti, MAXQDA, QualCoder (or stc) as stc projects.

The fixtures are built by hand in the shapes those programs write (from their documentation
and QualCoder's importer and exporter): ``internal://`` and ``relative://`` paths,
PlainTextContent beside plainTextPath, CRLF texts, several coders, codes nested three levels.
Each is validated against Project.xsd first, so a fixture cannot drift from the standard.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xmlschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stc.codebook import load_codebook
from stc.coding import CodingResult, code_project
from stc.condensation_model import CodeEntry, draft_hash
from stc.config import load_config
from stc.export import export, qdpx_bytes
from stc.export.qdpx import body_start
from stc.importer import import_qdpx, read_project
from stc.readers.text import normalise, read_text_transcript
from tests.conftest import CODEBOOK, CONFIG, ROOT, SAMPLE, accepting, copy_sample, error_line, stc
from tests.test_export import transcripts

SCHEMA = xmlschema.XMLSchema(ROOT / "stc" / "schemas" / "Project.xsd")


def g(name: str) -> str:
    """A fixed GUID per fixture name, so that fixtures are the same on every run."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"stc-test:{name}"))


def qdpx(
    folder: Path, qde: str, files: dict[str, str | bytes], name: str = "p", valid: bool = True
) -> Path:
    """Write a .qdpx of ``project.qde`` and ``files``; the XML must pass the schema."""
    if valid:
        SCHEMA.validate(qde)
    path = folder / f"{name}.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde.encode("utf-8"))
        for member, data in files.items():
            archive.writestr(member, data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def decisions(folder: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load((folder / "coding.yaml").read_text(encoding="utf-8")) or []
    assert isinstance(data, list)
    return data


def codebook_of(folder: Path) -> Any:
    config = yaml.safe_load((folder / "stc.yaml").read_text(encoding="utf-8"))
    return load_codebook(folder / config["codebook"], config["language"])


# --- round trip ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> tuple[CodingResult, Path, Path]:
    """The sample exported as .qdpx by stc, then imported by stc into a new folder."""
    base = tmp_path_factory.mktemp("round")
    folder = copy_sample(base / "sample").parent
    path = export(load_config(folder / "stc.yaml"), "qdpx", base / "sample.qdpx")
    code, _, err = stc("import", "qdpx", path, base / "imported")
    assert code == 0, err
    assert "Warning" not in err
    return code_project(load_config(folder / "stc.yaml")), base / "imported", path


def test_round_trip_gives_the_same_transcripts(
    round_trip: tuple[CodingResult, Path, Path],
) -> None:
    result, imported, _ = round_trip
    files = sorted((imported / "transcripts").iterdir())
    assert [f.stem for f in files] == sorted(t.id for t in result.transcripts)
    for transcript in result.transcripts:
        again = read_text_transcript(imported / "transcripts" / f"{transcript.id}.txt", ["I"])
        assert again.id == transcript.id
        # The text after the front matter exactly (the export leaves the front matter out; the
        # import writes the id and attributes it got as the source's name and variables).
        assert again.text[body_start(again) :] == transcript.text[body_start(transcript) :]
        assert again.attributes == transcript.attributes
        assert [t.speaker for t in again.turns] == [t.speaker for t in transcript.turns]


def test_round_trip_gives_the_same_codes(round_trip: tuple[CodingResult, Path, Path]) -> None:
    result, imported, _ = round_trip
    codebook = codebook_of(imported)
    shape = [
        (g.id, g.label, g.description, [(c.id, c.label, c.description) for c in g.codes])
        for g in codebook.groups
    ]
    assert shape == [
        (g.id, g.label, g.description, [(c.id, c.label, c.description) for c in g.codes])
        for g in result.codebook.groups
    ]
    config = yaml.safe_load((imported / "stc.yaml").read_text(encoding="utf-8"))
    assert config["language"] == "nb"
    assert config["title"] == "Brukeres erfaringer med gruppebehandling i rusbehandling"
    assert config["speakers"] == {"interviewer": ["I"]}


def test_round_trip_gives_the_same_decisions(round_trip: tuple[CodingResult, Path, Path]) -> None:
    result, imported, _ = round_trip
    found = decisions(imported)
    assert {d["by"] for d in found} == {"kari"}  # the sample's deciding coder, by name
    coded = [u for u in result.units if u.code_ids]  # confirmed codes only are exported
    assert sorted((d["transcript"], d["quote"], tuple(d["add"])) for d in found) == sorted(
        (u.transcript.id, u.text.strip(), tuple(u.code_ids)) for u in coded
    )
    assert len(found) == len(coded) > 200


def test_codes_and_groups_of_one_label_keep_their_labels_through_a_round_trip(
    tmp_path: Path,
) -> None:
    """stc's export names codes of one label apart ("Annet (Mestring)") and numbers groups of
    one label, for QualCoder; its import gives stc's codes their labels back."""
    config = copy_sample(tmp_path / "sample")
    folder = config.parent
    path = load_config(config).codebook_path
    text = path.read_text(encoding="utf-8")
    text = text.replace("label: Tilbakefall\n", "label: Redd i starten\n")
    text = text.replace("label: Rammer og forslag\n", "label: Gruppelederen\n")
    path.write_text(text, encoding="utf-8")
    qdpx_file = export(load_config(folder / "stc.yaml"), "qdpx", tmp_path / "s.qdpx")
    names = [c.name for c in read_project(qdpx_file).codes]
    assert names.count("Gruppelederen") == 1 and "Gruppelederen 2" in names
    inner = [c.name for top in read_project(qdpx_file).codes for c in top.children]
    assert "Redd i starten (Frykt og sårbarhet)" in inner
    assert "Redd i starten (Tilbakefall og triggere)" in inner
    code, _, err = stc("import", "qdpx", qdpx_file, tmp_path / "back")
    assert code == 0, err
    labels = [(g.id, [c.label for c in g.codes]) for g in codebook_of(tmp_path / "back").groups]
    original = load_codebook(path, "nb")
    assert labels == [(g.id, [c.label for c in g.codes]) for g in original.groups]


def test_round_trip_keeps_each_decisions_note_as_a_coding_memo(
    round_trip: tuple[CodingResult, Path, Path],
) -> None:
    """coding.yaml's notes were not exported, and a coding memo (a selection's description,
    as QualCoder writes it) was not imported."""
    result, imported, _ = round_trip
    found = {(d["transcript"], d["quote"]): d.get("note", "") for d in decisions(imported)}
    expected = {
        (u.transcript.id, u.text.strip()): "\n\n".join(u.notes) for u in result.units if u.code_ids
    }
    assert found == expected
    assert sum(1 for note in found.values() if note) > 50


def test_the_imported_project_codes_the_same_units(
    round_trip: tuple[CodingResult, Path, Path],
) -> None:
    result, imported, _ = round_trip
    # No parse cache: the folder must stay exactly what the import wrote (see below).
    again = code_project(load_config(imported / "stc.yaml"), use_cache=False)
    assert not any(u.pending for u in again.units)  # every decision is the coder's, by: stc
    assert sorted(
        (u.transcript.id, u.text, tuple(u.code_ids)) for u in again.units if u.code_ids
    ) == sorted((u.transcript.id, u.text, tuple(u.code_ids)) for u in result.units if u.code_ids)


def test_round_trip_keeps_condensates_and_analytic_texts(
    round_trip: tuple[CodingResult, Path, Path],
) -> None:
    _, imported, _ = round_trip
    original = yaml.safe_load((SAMPLE / "condensation.yaml").read_text(encoding="utf-8"))
    again = yaml.safe_load((imported / "condensation.yaml").read_text(encoding="utf-8"))
    for group_id, group in original["groups"].items():
        if group.get("analytic_text"):
            assert again["groups"][group_id]["analytic_text"] == group["analytic_text"].strip()
        for code_id, entry in (group.get("codes") or {}).items():
            if entry and entry.get("condensate"):
                mine = again["groups"][group_id]["codes"][code_id]
                text = entry["condensate"].strip()
                status = CodeEntry.model_validate(entry).condensate_status
                expected: dict[str, Any] = {"status": status, "condensate": text}
                if status == "draft":  # stc's draft comes back as stc's draft
                    expected["draft_hash"] = draft_hash(text, None)
                assert mine == expected


def test_a_note_named_draft_is_stcs_draft_only_while_its_text_is(tmp_path: Path) -> None:
    """A note named "… (draft)" came back as stc's untouched draft, whatever its text, and
    the first `stc condense` replaced the researcher's words with a fresh draft."""
    from stc.condensation_model import draft_hash
    from stc.export.qdpx import DRAFT_MARKER

    text = "I: Hva skjedde?\nEva: Jeg var redd i starten, men det gikk over.\n"
    mine = "Jeg skrev dette selv i NVivo."
    stamp = 'creationDateTime="2024-01-01T00:00:00Z"'

    def project(description: str) -> str:
        qde = simple_project(text, [span(text, "Jeg var redd i starten, men det gikk over.")])
        qde = qde.replace(
            '<Code guid="' + g("o-code") + '" name="K" isCodable="true"/>',
            '<Code guid="' + g("o-code") + '" name="K" isCodable="true">'
            f'<NoteRef targetGUID="{g("n")}"/></Code>',
        )
        note = (
            f'<Notes><Note guid="{g("n")}" name="Condensate: K (draft)" {stamp}>'
            f"{description}<PlainTextContent>{mine}</PlainTextContent></Note></Notes>"
        )
        return qde.replace("</Sources></Project>", f"</Sources>{note}</Project>")

    files = {f"Sources/{g('o-src')}.txt": text}
    rewritten = qdpx(tmp_path, project(""), files, name="rewritten")
    import_qdpx(rewritten, tmp_path / "a", "nb")
    entry = yaml.safe_load((tmp_path / "a" / "condensation.yaml").read_text())["groups"]
    assert entry["g"]["codes"]["k"] == {"status": "edited", "condensate": mine}
    # A stale hash (the draft was rewritten after export) is no draft either.
    stale = f"<Description>{DRAFT_MARKER}{draft_hash('Et annet utkast.', None)}</Description>"
    import_qdpx(qdpx(tmp_path, project(stale), files, name="old"), tmp_path / "b", "nb")
    entry = yaml.safe_load((tmp_path / "b" / "condensation.yaml").read_text())["groups"]
    assert entry["g"]["codes"]["k"]["status"] == "edited"
    # The hash of this very text: stc's draft, refreshed by `stc condense`.
    same = f"<Description>{DRAFT_MARKER}{draft_hash(mine, None)}</Description>"
    import_qdpx(qdpx(tmp_path, project(same), files, name="same"), tmp_path / "c", "nb")
    entry = yaml.safe_load((tmp_path / "c" / "condensation.yaml").read_text())["groups"]
    assert entry["g"]["codes"]["k"]["status"] == "draft"


def test_imported_condensates_are_not_stale_at_the_first_run(
    round_trip: tuple[CodingResult, Path, Path],
) -> None:
    """A condensate imported from a note on a code was marked stale by the first `stc run`
    ("12 stale", and a draft stamp on the report), although nothing had changed: it has no
    record of its units. The units the code has then are recorded as its own."""
    _, imported, _ = round_trip
    original = yaml.safe_load((SAMPLE / "condensation.yaml").read_text(encoding="utf-8"))
    statuses = {
        f"{group_id}/{code_id}": CodeEntry.model_validate(entry).condensate_status
        for group_id, group in original["groups"].items()
        for code_id, entry in (group.get("codes") or {}).items()
        if entry and entry.get("condensate")
    }
    assert "edited" in statuses.values()
    folder = imported.parent / "first-run"
    shutil.copytree(imported, folder)
    code, _, err = stc("condense", "-c", folder / "stc.yaml")
    assert code == 0, err
    again = yaml.safe_load((folder / "condensation.yaml").read_text(encoding="utf-8"))
    for code_id, status in statuses.items():
        group_id, name = code_id.split("/")
        entry = again["groups"][group_id]["codes"][name]
        assert entry["status"] == status, code_id
        if status == "edited":
            assert entry["units"] and entry["fingerprint"] and not entry.get("changes")


def test_import_is_byte_identical_and_never_writes_into_a_project(
    round_trip: tuple[CodingResult, Path, Path], tmp_path: Path
) -> None:
    _, imported, path = round_trip
    code, _, err = stc("import", "qdpx", path, tmp_path / "again")
    assert code == 0, err
    for file in sorted(p for p in imported.rglob("*") if p.is_file()):
        assert (tmp_path / "again" / file.relative_to(imported)).read_bytes() == file.read_bytes()
    before = (imported / "coding.yaml").read_bytes()
    code, _, err = stc("import", "qdpx", path, imported)
    assert code == 1
    assert error_line(err) == (
        f"Error: {imported}: already exists and is not empty; stc import never writes into an "
        "existing folder or project: give a new folder as DIR"
    )
    assert (imported / "coding.yaml").read_bytes() == before


def test_import_codebook_reads_the_codebook_inside_a_qdpx(
    round_trip: tuple[CodingResult, Path, Path], tmp_path: Path
) -> None:
    result, _, path = round_trip
    code, _, err = stc("import-codebook", path, "-o", tmp_path / "codebook.yaml")
    assert code == 0, err
    codebook = load_codebook(tmp_path / "codebook.yaml", "nb")
    assert [c[0] for c in codebook.codes] == [c[0] for c in result.codebook.codes]


# --- the shapes other programs write ---------------------------------------------------------

HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
NS = 'xmlns="urn:QDA-XML:project:1.0"'

NVIVO_TEXT = (
    "Intervjuer: Hvordan var det å starte i gruppa?\r\n"
    "Kari: Jeg var redd i starten. Så kjente jeg meg igjen i de andre.\r\n"
    "Intervjuer: Og lederen?\r\n"
    "Kari: Lederen var trygg å snakke med.\r\n"
)


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def test_nvivo_shape(tmp_path: Path) -> None:
    """NVivo: every code codable, nested three levels, CRLF text, two coders, a memo note."""
    redd, igjen, trygg = (
        span(NVIVO_TEXT, "Jeg var redd i starten."),
        span(NVIVO_TEXT, "Så kjente jeg meg igjen i de andre."),
        span(NVIVO_TEXT, "Lederen var trygg å snakke med."),
    )
    qde = f"""{HEAD}<Project {NS} name="Gruppestudie" origin="NVivo 14.23" creatingUserGUID="{g("u1")}"
  creationDateTime="2024-05-02T10:00:00Z">
<Users><User guid="{g("u1")}" name="Anne"/><User guid="{g("u2")}" name="Bo"/></Users>
<CodeBook><Codes>
  <Code guid="{g("opplevelser")}" name="Opplevelser" isCodable="true" color="#FF0000">
    <Description>Hva deltakerne opplevde.</Description>
    <Code guid="{g("folelser")}" name="Følelser" isCodable="true">
      <Code guid="{g("redd")}" name="Redd" isCodable="true"><Description>Frykt.</Description>
        <NoteRef targetGUID="{g("memo")}"/></Code>
    </Code>
    <Code guid="{g("igjen")}" name="Kjenne seg igjen" isCodable="true"/>
  </Code>
  <Code guid="{g("leder")}" name="Gruppeleder" isCodable="true"/>
</Codes></CodeBook>
<Variables><Variable guid="{g("alder")}" name="Alder" typeOfVariable="Integer"/>
  <Variable guid="{g("kjonn")}" name="Kjønn" typeOfVariable="Text"/></Variables>
<Cases><Case guid="{g("kari")}" name="Kari">
  <VariableValue><VariableRef targetGUID="{g("alder")}"/><IntegerValue>41</IntegerValue></VariableValue>
  <VariableValue><VariableRef targetGUID="{g("kjonn")}"/><TextValue>kvinne</TextValue></VariableValue>
  <SourceRef targetGUID="{g("src")}"/></Case></Cases>
<Sources>
  <TextSource guid="{g("src")}" name="Intervju Kari.docx" richTextPath="internal://{g("rich")}.docx"
    plainTextPath="internal://{g("src")}.txt" creatingUser="{g("u1")}" creationDateTime="2024-05-02T10:00:00Z">
    <PlainTextSelection guid="{g("s1")}" startPosition="{redd[0]}" endPosition="{redd[1]}" creatingUser="{g("u1")}">
      <Coding guid="{g("c1")}" creatingUser="{g("u1")}"><CodeRef targetGUID="{g("redd")}"/></Coding>
    </PlainTextSelection>
    <PlainTextSelection guid="{g("s2")}" startPosition="{redd[0]}" endPosition="{redd[1]}" creatingUser="{g("u2")}">
      <Coding guid="{g("c2")}" creatingUser="{g("u2")}"><CodeRef targetGUID="{g("redd")}"/></Coding>
      <Coding guid="{g("c3")}" creatingUser="{g("u2")}"><CodeRef targetGUID="{g("folelser")}"/></Coding>
    </PlainTextSelection>
    <PlainTextSelection guid="{g("s3")}" startPosition="{igjen[0]}" endPosition="{igjen[1]}" creatingUser="{g("u1")}">
      <Coding guid="{g("c4")}" creatingUser="{g("u1")}"><CodeRef targetGUID="{g("igjen")}"/></Coding>
    </PlainTextSelection>
    <PlainTextSelection guid="{g("s4")}" startPosition="{trygg[0]}" endPosition="{trygg[1]}" creatingUser="{g("u2")}">
      <Coding guid="{g("c5")}" creatingUser="{g("u2")}"><CodeRef targetGUID="{g("leder")}"/></Coding>
    </PlainTextSelection>
  </TextSource>
</Sources>
<Notes><Note guid="{g("memo")}" name="Redd – memo" plainTextPath="internal://{g("memo")}.txt"
  creatingUser="{g("u1")}" creationDateTime="2024-05-03T09:00:00Z"/></Notes>
</Project>"""
    path = qdpx(
        tmp_path,
        qde,
        {
            f"Sources/{g('src')}.txt": NVIVO_TEXT,
            f"Sources/{g('rich')}.docx": b"PK not read",
            f"Sources/{g('memo')}.txt": "Jeg var redd for å bli avvist.",
        },
    )
    code, out, err = stc("import", "qdpx", path, tmp_path / "nvivo")
    assert code == 0, err
    folder = tmp_path / "nvivo"
    # Two coders: the first `stc check` would stop on it, so the import says what to set.
    assert "set coder: to whose review the report uses (Anne or Bo;" in out + err
    config_text = (folder / "stc.yaml").read_text(encoding="utf-8")
    assert "# Several coders coded this project (Anne, Bo)" in config_text
    config_text = config_text.replace("coding: coding.yaml\n", "coding: coding.yaml\ncoder: Anne\n")
    (folder / "stc.yaml").write_text(config_text, encoding="utf-8")
    assert load_config(folder / "stc.yaml").config.coder == "Anne"
    transcript = read_text_transcript(folder / "transcripts" / "intervju-kari.txt", ["Intervjuer"])
    assert transcript.attributes == {"Alder": 41, "Kjønn": "kvinne"}
    raw = (folder / "transcripts" / "intervju-kari.txt").read_bytes().decode()
    assert raw.endswith(NVIVO_TEXT)  # CRLF and all, exactly
    assert [t.speaker for t in transcript.turns] == ["Intervjuer", "Kari", "Intervjuer", "Kari"]
    codebook = codebook_of(folder)
    assert [(g.label, [c.label for c in g.codes]) for g in codebook.groups] == [
        ("Opplevelser", ["Følelser", "Følelser / Redd", "Kjenne seg igjen"]),
        ("Gruppeleder", ["Gruppeleder"]),
    ]
    assert [c[0] for c in codebook.codes] == [
        "opplevelser/folelser",
        "opplevelser/folelser-redd",
        "opplevelser/kjenne-seg-igjen",
        "gruppeleder/gruppeleder",
    ]
    assert decisions(folder) == [
        {
            "transcript": "intervju-kari",
            "quote": "Jeg var redd i starten.",
            "add": ["opplevelser/folelser-redd"],
            "by": "Anne",
        },
        {
            "transcript": "intervju-kari",
            "quote": "Jeg var redd i starten.",
            "add": ["opplevelser/folelser", "opplevelser/folelser-redd"],
            "by": "Bo",
        },
        {
            "transcript": "intervju-kari",
            "quote": "Så kjente jeg meg igjen i de andre.",
            "add": ["opplevelser/kjenne-seg-igjen"],
            "by": "Anne",
        },
        {
            "transcript": "intervju-kari",
            "quote": "Lederen var trygg å snakke med.",
            "add": ["gruppeleder/gruppeleder"],
            "by": "Bo",
        },
    ]
    condensation = yaml.safe_load((folder / "condensation.yaml").read_text(encoding="utf-8"))
    assert condensation["groups"]["opplevelser"]["codes"]["folelser-redd"] == {
        "status": "edited",
        "condensate": "Jeg var redd for å bli avvist.",
    }


ATLAS_TEXT = "I: Hva hjalp?\r\nOla: Å høre de andre 😀 fortelle.\r\nOla: Og kaffen.\r\n"


def atlas_positions(text: str, quote: str) -> tuple[int, int]:
    """Positions as ATLAS.ti counts them: a CRLF is one character."""
    flat = text.replace("\r\n", "\n")
    start = flat.index(quote)
    return start, start + len(quote)


def test_atlas_ti_shape(tmp_path: Path) -> None:
    """ATLAS.ti: CRLF counted as one; a case is also a code with the case's GUID."""
    hore, kaffe = (
        atlas_positions(ATLAS_TEXT, "Å høre de andre 😀 fortelle."),
        atlas_positions(ATLAS_TEXT, "Og kaffen."),
    )
    whole = len(ATLAS_TEXT.replace("\r\n", "\n"))
    qde = f"""{HEAD}<Project {NS} name="Atlas-prosjekt" origin="ATLAS.ti 23.2.1">
<Users><User guid="{g("a-u")}" name="Siri"/></Users>
<CodeBook><Codes>
  <Code guid="{g("a-grp")}" name="Støtte" isCodable="false">
    <Code guid="{g("a-andre")}" name="Andres historier" isCodable="true"/>
    <Code guid="{g("a-kaffe")}" name="Det praktiske" isCodable="true"/>
  </Code>
  <Code guid="{g("a-ola")}" name="Ola" isCodable="true"/>
</Codes></CodeBook>
<Variables><Variable guid="{g("a-by")}" name="Bosted" typeOfVariable="Text"/></Variables>
<Cases><Case guid="{g("a-ola")}" name="Ola">
  <VariableValue><VariableRef targetGUID="{g("a-by")}"/><TextValue>Bergen</TextValue></VariableValue>
</Case></Cases>
<Sources><TextSource guid="{g("a-src")}" name="Ola" plainTextPath="internal://{g("a-src")}.txt">
  <PlainTextSelection guid="{g("a-s0")}" startPosition="0" endPosition="{whole}" creatingUser="{g("a-u")}">
    <Coding guid="{g("a-c0")}"><CodeRef targetGUID="{g("a-ola")}"/></Coding></PlainTextSelection>
  <PlainTextSelection guid="{g("a-s1")}" startPosition="{hore[0]}" endPosition="{hore[1]}" creatingUser="{g("a-u")}">
    <Coding guid="{g("a-c1")}"><CodeRef targetGUID="{g("a-andre")}"/></Coding></PlainTextSelection>
  <PlainTextSelection guid="{g("a-s2")}" startPosition="{kaffe[0]}" endPosition="{kaffe[1]}" creatingUser="{g("a-u")}">
    <Coding guid="{g("a-c2")}"><CodeRef targetGUID="{g("a-kaffe")}"/></Coding></PlainTextSelection>
</TextSource></Sources>
</Project>"""
    path = qdpx(tmp_path, qde, {f"Sources/{g('a-src')}.txt": ATLAS_TEXT})
    code, _, err = stc("import", "qdpx", path, tmp_path / "atlas", "--language", "nb")
    assert code == 0, err
    folder = tmp_path / "atlas"
    codebook = codebook_of(folder)
    assert [g.label for g in codebook.groups] == ["Støtte"]  # the case's code is no code
    transcript = read_text_transcript(folder / "transcripts" / "ola.txt", ["I"])
    assert transcript.attributes == {"Bosted": "Bergen"}
    assert [(d["quote"], d["add"], d["by"]) for d in decisions(folder)] == [
        ("Å høre de andre 😀 fortelle.", ["stotte/andres-historier"], "Siri"),
        ("Og kaffen.", ["stotte/det-praktiske"], "Siri"),
    ]


def test_maxqda_shape(tmp_path: Path) -> None:
    """MAXQDA: a lower-case sources/ folder, document variables, nameless cases, inline text."""
    first = "Intervjuer: Hvordan var det?\nPer: Det var godt å bli hørt.\n"
    second = "Intervjuer: Noe mer?\nLise: Nei, jeg følte meg sett.\n"
    hort, sett = span(first, "Det var godt å bli hørt."), span(second, "jeg følte meg sett.")
    qde = f"""{HEAD}<Project {NS} name="MAXQDA-studie" origin="MAXQDA 2022 (Release 22.7.0)"
  basePath="//PROJECT/Sources">
<Users><User guid="{g("m-u")}" name="Jonas"/></Users>
<CodeBook><Codes><Code guid="{g("m-top")}" name="Anerkjennelse" isCodable="true">
  <Code guid="{g("m-hort")}" name="Bli hørt" isCodable="true"/>
  <Code guid="{g("m-sett")}" name="Bli sett" isCodable="true"/>
</Code></Codes></CodeBook>
<Variables><Variable guid="{g("m-gr")}" name="Gruppe" typeOfVariable="Text"/>
  <Variable guid="{g("m-ny")}" name="Ny i gruppa" typeOfVariable="Boolean"/></Variables>
<Cases><Case guid="{g("m-case")}">
  <VariableValue><VariableRef targetGUID="{g("m-ny")}"/><BooleanValue>true</BooleanValue></VariableValue>
  <SourceRef targetGUID="{g("m-s1")}"/></Case></Cases>
<Sources>
  <TextSource guid="{g("m-s1")}" name="Per" plainTextPath="relative://{g("m-s1")}.txt" creatingUser="{g("m-u")}">
    <PlainTextSelection guid="{g("m-x1")}" startPosition="{hort[0]}" endPosition="{hort[1]}" creatingUser="{g("m-u")}">
      <Coding guid="{g("m-c1")}" creatingUser="{g("m-u")}"><CodeRef targetGUID="{g("m-hort")}"/></Coding>
    </PlainTextSelection>
    <VariableValue><VariableRef targetGUID="{g("m-gr")}"/><TextValue>A</TextValue></VariableValue>
  </TextSource>
  <TextSource guid="{g("m-s2")}" name="Lise" creatingUser="{g("m-u")}">
    <PlainTextContent>{second}</PlainTextContent>
    <PlainTextSelection guid="{g("m-x2")}" startPosition="{sett[0]}" endPosition="{sett[1]}" creatingUser="{g("m-u")}">
      <Coding guid="{g("m-c2")}" creatingUser="{g("m-u")}"><CodeRef targetGUID="{g("m-sett")}"/></Coding>
    </PlainTextSelection>
  </TextSource>
</Sources></Project>"""
    path = qdpx(tmp_path, qde, {f"sources/{g('m-s1')}.txt": first})
    code, _, err = stc("import", "qdpx", path, tmp_path / "maxqda")
    assert code == 0, err
    folder = tmp_path / "maxqda"
    per = read_text_transcript(folder / "transcripts" / "per.txt", ["Intervjuer"])
    assert per.attributes == {"Gruppe": "A", "Ny i gruppa": True}
    lise = read_text_transcript(folder / "transcripts" / "lise.txt", ["Intervjuer"])
    assert lise.text == second
    assert [(d["transcript"], d["quote"], d["add"]) for d in decisions(folder)] == [
        ("lise", "jeg følte meg sett.", ["anerkjennelse/bli-sett"]),
        ("per", "Det var godt å bli hørt.", ["anerkjennelse/bli-hort"]),
    ]


def test_qualcoder_shape(tmp_path: Path) -> None:
    """QualCoder: categories, a code with sub-codes that is coded itself, two coders, journals."""
    text = "Q: Hva endret seg?\nMona: Jeg begynte å stole på folk igjen. Det tok tid.\n"
    stole, tid = span(text, "Jeg begynte å stole på folk igjen."), span(text, "Det tok tid.")
    qde = f"""{HEAD}<Project {NS} name="qc" origin="QualCoder 3.6" creatingUserGUID="{g("q-u1")}">
<Users><User guid="{g("q-u1")}" name="colin"/><User guid="{g("q-u2")}" name="mari"/></Users>
<CodeBook><Codes><Code guid="{g("q-cat")}" name="Endring" isCodable="false">
  <Description>Endring over tid</Description>
  <Code guid="{g("q-tillit")}" name="Tillit" isCodable="true">
    <Code guid="{g("q-folk")}" name="Tillit til folk" isCodable="true"/></Code>
</Code>
<Code guid="{g("q-tid")}" name="Tid" isCodable="true"><Code guid="{g("q-sakte")}" name="Sakte" isCodable="true"/></Code>
</Codes></CodeBook>
<Cases><Case guid="{g("q-case")}" name="Mona"><Description/><SourceRef targetGUID="{g("q-src")}"/></Case></Cases>
<Sources><TextSource guid="{g("q-src")}" name="mona.txt" plainTextPath="internal://{g("q-src")}.txt"
  creatingUser="{g("q-u1")}" creationDateTime="2024-01-01T10:00:00Z">
  <PlainTextSelection guid="{g("q-x1")}" startPosition="{stole[0]}" endPosition="{stole[1]}" creatingUser="{g("q-u1")}"
    creationDateTime="2024-01-01T10:00:00Z"><Description/>
    <Coding guid="{g("q-c1")}" creatingUser="{g("q-u1")}"><CodeRef targetGUID="{g("q-folk")}"/></Coding>
  </PlainTextSelection>
  <PlainTextSelection guid="{g("q-x2")}" startPosition="{stole[0]}" endPosition="{stole[1]}" creatingUser="{g("q-u2")}">
    <Coding guid="{g("q-c2")}" creatingUser="{g("q-u2")}"><CodeRef targetGUID="{g("q-tillit")}"/></Coding>
  </PlainTextSelection>
  <PlainTextSelection guid="{g("q-x3")}" startPosition="{tid[0]}" endPosition="{tid[1]}" creatingUser="{g("q-u2")}">
    <Coding guid="{g("q-c3")}" creatingUser="{g("q-u2")}"><CodeRef targetGUID="{g("q-tid")}"/></Coding>
  </PlainTextSelection>
</TextSource></Sources>
<Notes><Note guid="{g("q-j")}" creatingUser="{g("q-u1")}" creationDateTime="2024-01-02T10:00:00Z"
  name="Refleksjoner" plainTextPath="internal://{g("q-j")}.txt"><Description/></Note></Notes>
</Project>"""
    path = qdpx(
        tmp_path,
        qde,
        {f"Sources/{g('q-src')}.txt": text, f"Sources/{g('q-j')}.txt": "Egen refleksjon."},
    )
    code, _, err = stc("import", "qdpx", path, tmp_path / "qc")
    assert code == 0, err
    assert "Warning: 1 notes are not attached to a code (memos, journals, annotations)" in err
    folder = tmp_path / "qc"
    codebook = codebook_of(folder)
    assert [(g.id, [c.id for c in g.codes]) for g in codebook.groups] == [
        ("endring", ["tillit", "tillit-tillit-til-folk"]),
        ("tid", ["tid", "sakte"]),  # coded itself: a code of its own group, then its sub-codes
    ]
    assert [(d["quote"], d["add"], d["by"]) for d in decisions(folder)] == [
        ("Jeg begynte å stole på folk igjen.", ["endring/tillit-tillit-til-folk"], "colin"),
        ("Jeg begynte å stole på folk igjen.", ["endring/tillit"], "mari"),
        ("Det tok tid.", ["tid/tid"], "mari"),
    ]
    assert not (folder / "condensation.yaml").exists()


def test_coded_interviewer_speech_is_reported(tmp_path: Path) -> None:
    text = "I: Hva skjedde da?\nEva: Ingenting spesielt.\n"
    spans = [span(text, "Hva skjedde da?"), span(text, "Ingenting spesielt.")]
    path = qdpx(tmp_path, simple_project(text, spans), {f"Sources/{g('o-src')}.txt": text})
    code, _, err = stc("import", "qdpx", path, tmp_path / "o", "-l", "nb")
    assert code == 0, err
    assert (
        "Warning: transcript 'eva': 1 coded passages lie outside the participants' speech (the "
        "interviewer's words, or across two turns); `stc code` will report them: check "
        "speakers: in stc.yaml, or move the decisions"
    ) in err
    assert len(decisions(tmp_path / "o")) == 2  # kept: the researcher decides


def test_a_coding_of_the_interviewer_or_across_turns_is_orphaned_for_that_reason(
    tmp_path: Path,
) -> None:
    """Such a decision was reported as "its quote is no longer in the transcript", with the
    advice to set its quote to the sentence as it reads now, although nothing had changed.
    A paragraph coded with its speaker's label ("Eva: …") attaches without the label."""
    from stc.decisions import outside_speech

    text = (
        "Intervju med Eva, mars 2024\n\nI: Hva skjedde da?\nEva: Ingenting spesielt.\n"
        "I: Og skammen?\nEva: Den er borte.\n"
    )
    across = (text.index("Ingenting"), text.index("Og skammen") + len("Og skammen?"))
    spans = [
        span(text, "Intervju med Eva, mars 2024"),
        span(text, "I: Hva skjedde da?"),
        across,
        span(text, "Eva: Den er borte."),
    ]
    path = qdpx(tmp_path, simple_project(text, spans), {f"Sources/{g('o-src')}.txt": text})
    assert stc("import", "qdpx", path, tmp_path / "o", "-l", "nb")[0] == 0
    assert "Den er borte." in [d["quote"] for d in decisions(tmp_path / "o")]
    result = code_project(load_config(tmp_path / "o" / "stc.yaml"))
    assert result.review is not None
    assert sorted(o.place for o in result.review.orphans) == ["across", "interviewer", "outside"]
    assert [u.text for u in result.units if u.code_ids] == ["Den er borte."]
    lines = [o.line(tmp_path / "o" / "coding.yaml") for o in result.review.orphans]
    assert any("its quote is the interviewer's words" in x for x in lines)
    assert any("To re-attach it, quote the participant's answer instead" in x for x in lines)
    assert any("give each turn's participant words an entry of their own" in x for x in lines)
    assert any("in no one's speech: a heading or the front matter" in x for x in lines)
    assert not any("as the transcript says it now" in x for x in lines)
    norwegian = [o.line(tmp_path / "o" / "coding.yaml", "nb") for o in result.review.orphans]
    assert any("siter informantens svar i stedet" in x for x in norwegian)
    transcript = next(t for t in result.transcripts if t.id == "eva")
    assert outside_speech(transcript, "Eva: Ingenting spesielt.") == "label"
    assert outside_speech(transcript, "Ingenting spesielt.") is None  # a participant's words
    assert outside_speech(transcript, "Dette sa ingen.") is None
    # orphans.csv says where, and the report says it in the project's language.
    rows = {row["place"]: row for row in result.orphan_records()}
    assert set(rows) == {"across", "interviewer", "outside"}
    from stc.synthesize import _orphan_lines

    report = _orphan_lines(list(rows.values()), "nb")
    assert any("sitatet er intervjuerens ord" in line for line in report)
    assert any("sitatet går over flere taleturer" in line for line in report)


# --- offsets -------------------------------------------------------------------------------

OFFSET_TEXT = (
    "I: Hei\r\nEva: Det var 😀 fint, cafe\u0301en var god.\r\nEva: 👩‍👩‍👧 familien kom.\r\n"
)


def simple_project(text: str, selections: list[tuple[int, int]], extra: str = "") -> str:
    parts = "".join(
        f'<PlainTextSelection guid="{g(f"o-x{n}")}" startPosition="{s}" endPosition="{e}">'
        f'<Coding guid="{g(f"o-c{n}")}"><CodeRef targetGUID="{g("o-code")}"/></Coding>'
        "</PlainTextSelection>"
        for n, (s, e) in enumerate(selections)
    )
    return f"""{HEAD}<Project {NS} name="o">
<CodeBook><Codes><Code guid="{g("o-grp")}" name="G" isCodable="false">
<Code guid="{g("o-code")}" name="K" isCodable="true"/></Code></Codes></CodeBook>
<Sources><TextSource guid="{g("o-src")}" name="eva" plainTextPath="internal://{g("o-src")}.txt">
{parts}</TextSource>{extra}</Sources></Project>"""


def test_offsets_are_code_points_in_the_exact_text(tmp_path: Path) -> None:
    quotes = ["Det var 😀 fint, cafe\u0301en var god.", "👩‍👩‍👧 familien kom."]
    spans = [span(OFFSET_TEXT, q) for q in quotes]
    path = qdpx(
        tmp_path, simple_project(OFFSET_TEXT, spans), {f"Sources/{g('o-src')}.txt": OFFSET_TEXT}
    )
    result = import_qdpx(path, tmp_path / "o", "nb")
    assert result.problems == []
    found = [d["quote"] for d in decisions(tmp_path / "o")]
    # NFC, as stc reads every transcript: the decision finds its text again.
    assert found == [normalise(q) for q in quotes]
    transcript = read_text_transcript(tmp_path / "o" / "transcripts" / "eva.txt")
    assert all(q in transcript.text for q in found)


def test_a_selection_that_does_not_fit_its_source_is_reported_not_shifted(tmp_path: Path) -> None:
    good = span(OFFSET_TEXT, "familien kom.")
    path = qdpx(
        tmp_path,
        simple_project(OFFSET_TEXT, [good, (60, 90), (5, 5)]),
        {f"Sources/{g('o-src')}.txt": OFFSET_TEXT},
    )
    code, _, err = stc("import", "qdpx", path, tmp_path / "o", "-l", "nb")
    assert code == 0, err
    length = len(OFFSET_TEXT)
    assert (
        f"Warning: source 'eva': selection {g('o-x1')} at 60–90 does not fit its text of "
        f"{length} characters (positions count characters in the stored text): skipped, not "
        "shifted"
    ) in err
    assert f"selection {g('o-x2')} at 5–5 does not fit" in err
    assert [d["quote"] for d in decisions(tmp_path / "o")] == ["familien kom."]


# --- bad input -----------------------------------------------------------------------------


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "p.qdpx"
    path.write_text("<Project/>")
    code, _, err = stc("import", "qdpx", path, tmp_path / "x")
    assert code == 1
    assert error_line(err) == (
        f"Error: {path}: is not a .qdpx file (a REFI-QDA project is a zip archive); export the "
        "project again from your QDA program with File > Export > REFI-QDA project"
    )
    assert not (tmp_path / "x").exists()


def test_a_zip_without_project_qde(tmp_path: Path) -> None:
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Sources/a.txt", "tekst")
    code, _, err = stc("import", "qdpx", path, tmp_path / "x")
    assert code == 1
    assert "the zip holds no project.qde, so it is not a REFI-QDA project" in error_line(err)


def test_a_project_that_fails_the_schema_is_refused_with_its_first_error(tmp_path: Path) -> None:
    qde = simple_project("tekst", [(0, 5)]).replace('name="K" isCodable="true"', 'name="K"')
    path = qdpx(tmp_path, qde, {f"Sources/{g('o-src')}.txt": "tekst"}, valid=False)
    code, _, err = stc("import", "qdpx", path, tmp_path / "x")
    assert code == 1
    assert error_line(err) == (
        f"Error: {path}: project.qde does not follow the REFI-QDA schema at "
        "/Project/CodeBook/Codes/Code/Code (name 'K'): missing required attribute 'isCodable'; "
        "nothing was imported: export the project again, or report the file to the program "
        "that made it"
    )
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("path", "files", "message"),
    [
        (
            "internal://missing.txt",
            {},
            "plainTextPath 'internal://missing.txt' is missing from the .qdpx",
        ),
        (
            "internal://../../etc/passwd",
            {},
            "plainTextPath 'internal://../../etc/passwd' points outside the .qdpx",
        ),
        (
            "absolute:///home/x/a.txt",
            {},
            "plainTextPath 'absolute:///home/x/a.txt' points outside the .qdpx; export the "
            "project again with its sources embedded",
        ),
        (
            "internal://latin.txt",
            {"Sources/latin.txt": "Åse: Det var vanskelig.".encode("latin-1")},
            "Sources/latin.txt is not UTF-8 text as REFI-QDA requires; save it as UTF-8 in the "
            "program that made the project and export it again",
        ),
    ],
)
def test_a_source_text_that_cannot_be_read_is_an_error_and_nothing_is_imported(
    tmp_path: Path, path: str, files: dict[str, str | bytes], message: str
) -> None:
    """It was skipped with a warning and exit 0: an interview and its codings left out of
    the project, the codings not even counted."""
    extra = f'<TextSource guid="{g("bad")}" name="borte" plainTextPath="{path}"/>'
    qde = simple_project("Eva: tekst her.", [(5, 15)], extra)
    files = {f"Sources/{g('o-src')}.txt": "Eva: tekst her.", **files}
    file = qdpx(tmp_path, qde, files)
    code, _, err = stc("import", "qdpx", file, tmp_path / "x", "-l", "nb")
    assert code == 1
    assert error_line(err) == f"Error: {file}: source 'borte': {message}; nothing was imported"
    assert not (tmp_path / "x").exists()


def test_a_user_name_cannot_write_into_stc_yaml(tmp_path: Path) -> None:
    """The several-coders hint put user names raw into a comment of stc.yaml: a name with a
    line break ended the comment and could add keys."""
    text = "Eva: Jeg var redd. Det gikk over.\n"
    qde = simple_project(text, [span(text, "Jeg var redd."), span(text, "Det gikk over.")])
    evil = "kari&#10;transcripts: [&quot;/etc/*&quot;]"
    qde = qde.replace(
        f'<Project {NS} name="o">',
        f'<Project {NS} name="o"><Users><User guid="{g("u1")}" name="{evil}"/>'
        f'<User guid="{g("u2")}" name="per"/></Users>',
    )
    qde = qde.replace(
        f'<Coding guid="{g("o-c0")}">', f'<Coding guid="{g("o-c0")}" creatingUser="{g("u1")}">'
    )
    qde = qde.replace(
        f'<Coding guid="{g("o-c1")}">', f'<Coding guid="{g("o-c1")}" creatingUser="{g("u2")}">'
    )
    file = qdpx(tmp_path, qde, {f"Sources/{g('o-src')}.txt": text})
    code, _, err = stc("import", "qdpx", file, tmp_path / "x", "-l", "nb")
    assert code == 0, err
    config = yaml.safe_load((tmp_path / "x" / "stc.yaml").read_text(encoding="utf-8"))
    assert config["transcripts"] == ["transcripts/*.txt"]
    assert sorted(d["by"] for d in decisions(tmp_path / "x")) == [
        'kari\ntranscripts: ["/etc/*"]',
        "per",
    ]


def test_import_codebook_reads_the_code_tree_whatever_the_sources(tmp_path: Path) -> None:
    """A transcript not embedded in the .qdpx stops `stc import qdpx`, not the import of its
    codebook, which reads no source."""
    extra = f'<TextSource guid="{g("abs")}" name="ute" plainTextPath="absolute:///C:/eva.txt"/>'
    qde = simple_project("Eva: tekst her.", [(5, 15)], extra)
    file = qdpx(tmp_path, qde, {f"Sources/{g('o-src')}.txt": "Eva: tekst her."})
    code, _, err = stc("import-codebook", file, "-o", tmp_path / "c.yaml")
    assert code == 0, err
    assert "K" in (tmp_path / "c.yaml").read_text(encoding="utf-8")
    code, _, err = stc("import", "qdpx", file, tmp_path / "x", "-l", "nb")
    assert code == 1 and "points outside the .qdpx" in error_line(err)


def test_many_sources_naming_one_packed_text_read_it_once_and_in_bounds(tmp_path: Path) -> None:
    """Twenty sources naming one 16 MB member read and decoded it twenty times (500 MB of
    memory from a 200 KB file); what all members unpack to is bounded too."""
    from stc.importer import refi

    big = "Eva: " + "tekst her. " * (16 * 1024 * 1024 // 11)
    extra = "".join(
        f'<TextSource guid="{g(f"same{n}")}" name="s{n}" plainTextPath="internal://big.txt"/>'
        for n in range(20)
    )
    qde = simple_project("Eva: tekst her.", [(5, 15)], extra)
    file = qdpx(tmp_path, qde, {f"Sources/{g('o-src')}.txt": "Eva: tekst her.", "big.txt": big})
    reads: list[str] = []
    real = zipfile.ZipFile.read

    def counting(self: zipfile.ZipFile, name: Any, pwd: Any = None) -> bytes:
        reads.append(str(name))
        return real(self, name, pwd)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(zipfile.ZipFile, "read", counting)
        project = read_project(file)
    assert reads.count("big.txt") == 1
    assert len(project.sources) == 21
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(refi, "MAX_TOTAL", 8 * 1024 * 1024)
        project = read_project(file)
    assert len(project.unreadable) == 20
    assert "would unpack to more than stc reads" in project.unreadable[0]


@pytest.mark.parametrize("encoding", ["utf-7", "utf-32", "klingon"])
def test_an_xml_encoding_the_parser_cannot_read_is_one_error_line(
    tmp_path: Path, encoding: str
) -> None:
    head = f'<?xml version="1.0" encoding="{encoding}"?>'
    file = tmp_path / "p.qdpx"
    with zipfile.ZipFile(file, "w") as archive:
        archive.writestr("project.qde", f"{head}<Project {NS} name='x'/>")
    code, _, err = stc("import", "qdpx", file, tmp_path / "x", "-l", "nb")
    assert code == 1 and "REFI-QDA files are UTF-8" in error_line(err)
    codebook = tmp_path / "c.qdc"
    codebook.write_text(f'{head}<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>', encoding="utf-8")
    code, _, err = stc("import-codebook", codebook, "-o", tmp_path / "c.yaml")
    assert code == 1 and "REFI-QDA files are UTF-8" in error_line(err)


def _nested(depth: int) -> str:
    opening = "".join(
        f'<Code guid="{g(f"d{n}")}" name="K{n}" isCodable="true">' for n in range(depth)
    )
    return opening + "</Code>" * depth


def test_a_code_tree_nested_past_any_real_one_is_one_error_line(tmp_path: Path) -> None:
    """800 levels gave a RecursionError traceback after 13 s (the schema check and the
    readers recurse)."""
    qde = f"""{HEAD}<Project {NS} name="d"><CodeBook><Codes>{_nested(800)}</Codes></CodeBook>
<Sources/></Project>"""
    file = qdpx(tmp_path, qde, {}, valid=False)
    code, _, err = stc("import", "qdpx", file, tmp_path / "x", "-l", "nb")
    assert code == 1
    assert error_line(err).startswith(f"Error: {file}: project.qde: elements nested more than")
    assert not (tmp_path / "x").exists()
    codebook = tmp_path / "deep.qdc"
    codebook.write_text(
        f'{HEAD}<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{_nested(1500)}</Codes>'
        "</CodeBook>",
        encoding="utf-8",
    )
    code, _, err = stc("import-codebook", codebook, "-o", tmp_path / "deep.yaml")
    assert code == 1
    assert error_line(err).startswith(f"Error: {codebook}: elements nested more than")
    assert not (tmp_path / "deep.yaml").exists()


def test_entities_and_a_packed_giant_are_refused_before_they_are_read(tmp_path: Path) -> None:
    """A 431-byte .qdc expanded into a 1 MB description in the codebook, and a 41 KB .qdpx
    unpacked into a 40 MB project.qde (576 MB of memory); DTDs are no part of REFI-QDA."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="'
        + g("e")
        + '" name="K" isCodable="true"><Description>&b;</Description></Code></Codes></CodeBook>'
    )
    codebook = tmp_path / "laughs.qdc"
    codebook.write_text(laughs, encoding="utf-8")
    code, _, err = stc("import-codebook", codebook, "-o", tmp_path / "c.yaml")
    assert code == 1
    assert "declares a DOCTYPE or entities" in error_line(err)
    assert not (tmp_path / "c.yaml").exists()
    file = tmp_path / "laughs.qdpx"
    with zipfile.ZipFile(file, "w") as archive:
        archive.writestr("project.qde", laughs.replace("CodeBook", "Project"))
    code, _, err = stc("import", "qdpx", file, tmp_path / "x", "-l", "nb")
    assert code == 1 and "declares a DOCTYPE or entities" in error_line(err)
    giant = tmp_path / "giant.qdpx"
    with zipfile.ZipFile(giant, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", b" " * (20 * 1024 * 1024))
    code, _, err = stc("import", "qdpx", giant, tmp_path / "y", "-l", "nb")
    assert code == 1
    assert "times its packed size); that is no project stc will read" in error_line(err)
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


def test_a_front_matter_id_that_is_a_path_is_refused(tmp_path: Path) -> None:
    text = "---\nid: ../../utenfor\n---\nEva: tekst her.\n"
    extra = f'<TextSource guid="{g("fm")}" name="fm" plainTextPath="internal://{g("fm")}.txt"/>'
    qde = simple_project("Eva: tekst her.", [(5, 15)], extra)
    files = {f"Sources/{g('o-src')}.txt": "Eva: tekst her.", f"Sources/{g('fm')}.txt": text}
    code, _, err = stc("import", "qdpx", qdpx(tmp_path, qde, files), tmp_path / "x", "-l", "nb")
    assert code == 0, err
    assert (
        "Warning: source 'fm': its front matter id '../../utenfor' is not a valid transcript id"
        in err
    )
    assert sorted(p.name for p in (tmp_path / "x" / "transcripts").iterdir()) == ["eva.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.qdpx", "x"]


def test_a_text_that_opens_like_front_matter_is_kept_as_text(tmp_path: Path) -> None:
    text = "---\ntittel: Intervju\n---\nEva: tekst her.\n"
    qde = simple_project(text, [span(text, "tekst her.")])
    path = qdpx(tmp_path, qde, {f"Sources/{g('o-src')}.txt": text})
    result = import_qdpx(path, tmp_path / "x", "nb")
    assert result.problems == []
    written = (tmp_path / "x" / "transcripts" / "eva.txt").read_text(encoding="utf-8")
    assert written == "---\n---\n" + text
    transcript = read_text_transcript(tmp_path / "x" / "transcripts" / "eva.txt")
    assert transcript.text.endswith(text) and transcript.attributes == {}


def test_an_empty_folder_is_used_and_a_file_refused(tmp_path: Path) -> None:
    path = qdpx(
        tmp_path,
        simple_project("Eva: tekst.", [(5, 10)]),
        {f"Sources/{g('o-src')}.txt": "Eva: tekst."},
    )
    (tmp_path / "tom").mkdir()
    assert import_qdpx(path, tmp_path / "tom", "nb").transcripts == ["eva"]
    (tmp_path / "fil").write_text("mine", encoding="utf-8")
    code, _, err = stc("import", "qdpx", path, tmp_path / "fil")
    assert code == 1
    assert "already exists and is not empty" in error_line(err)
    assert (tmp_path / "fil").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fil", "p.qdpx", "tom"]


def test_an_unknown_language_is_refused(tmp_path: Path) -> None:
    path = qdpx(
        tmp_path,
        simple_project("Eva: tekst.", [(5, 10)]),
        {f"Sources/{g('o-src')}.txt": "Eva: tekst."},
    )
    code, _, err = stc("import", "qdpx", path, tmp_path / "x", "--language", "xx")
    assert code == 1
    assert (
        error_line(err) == "Error: --language xx: not supported; use one of da, de, en, nb, nn, sv"
    )
    assert not (tmp_path / "x").exists()


def test_pdf_and_audio_sources_are_reported_and_skipped(tmp_path: Path) -> None:
    extra = (
        f'<PDFSource guid="{g("pdf")}" name="skjema.pdf" path="internal://{g("pdf")}.pdf"/>'
        f'<AudioSource guid="{g("mp3")}" name="opptak.mp3" path="internal://{g("mp3")}.mp3"/>'
    )
    qde = simple_project("Eva: tekst her.", [(5, 15)], extra)
    files = {f"Sources/{g('o-src')}.txt": "Eva: tekst her.", f"Sources/{g('pdf')}.pdf": b"%PDF"}
    code, _, err = stc("import", "qdpx", qdpx(tmp_path, qde, files), tmp_path / "x", "-l", "nb")
    assert code == 0, err
    assert "Warning: source 'skjema.pdf' is a PDF; stc reads text only: skipped" in err
    assert "Warning: source 'opptak.mp3' is an audio file; stc reads text only: skipped" in err
    assert "Imported 1 transcript " in err


def test_duplicate_guids_are_refused(tmp_path: Path) -> None:
    qde = simple_project("Eva: tekst her.", [(5, 15)]).replace(g("o-grp"), g("o-src"))
    path = qdpx(tmp_path, qde, {f"Sources/{g('o-src')}.txt": "Eva: tekst her."})
    code, _, err = stc("import", "qdpx", path, tmp_path / "x")
    assert code == 1
    assert error_line(err) == (
        f"Error: {path}: GUID {g('o-src')} is used by two elements (<Code> and <TextSource>); "
        "every element needs its own GUID: export the project again"
    )


def test_read_project_lists_what_it_skipped(tmp_path: Path) -> None:
    path = qdpx(
        tmp_path,
        simple_project(OFFSET_TEXT, [(0, 1000)]),
        {f"Sources/{g('o-src')}.txt": OFFSET_TEXT},
    )
    project = read_project(path)
    assert len(project.sources) == 1 and project.sources[0].codings == []
    assert len(project.problems) == 1


# --- generated projects --------------------------------------------------------------------


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=transcripts())
def test_generated_projects_round_trip_through_export_and_import(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "transcripts").mkdir()
        for name, data in files.items():
            (root / "transcripts" / name).write_bytes(data)
        (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
        (root / "stc.yaml").write_text(CONFIG, encoding="utf-8")
        project = load_config(root / "stc.yaml")
        # As if the researcher had accepted every suggestion: exports carry confirmed codes.
        result = accepting(code_project(project))
        path = root / "p.qdpx"
        path.write_bytes(qdpx_bytes(result, {}))
        SCHEMA.validate(zipfile.ZipFile(path).read("project.qde").decode())
        imported = import_qdpx(path, root / "imported", "nb")
        assert imported.problems == []
        found = decisions(root / "imported")
        again = {
            t.id: read_text_transcript(root / "imported" / "transcripts" / f"{t.id}.txt", ["I"])
            for t in result.transcripts
        }
    assert len(found) >= len(result.transcripts)  # every first answer holds a keyword
    assert sorted((d["transcript"], d["quote"], tuple(d["add"])) for d in found) == sorted(
        (u.transcript.id, u.text.strip(), tuple(u.code_ids)) for u in result.units if u.code_ids
    )
    # An attribute travels as a variable of one type: one whose values differ in type across
    # transcripts (0 in one, false in another) is text, and comes back as the text it was.
    kinds = {
        name: {type(t.attributes[name]) for t in result.transcripts if name in t.attributes}
        for t in result.transcripts
        for name in t.attributes
    }
    mixed = {n for n, k in kinds.items() if len(k) > 1 and k != {int, float}}
    for transcript in result.transcripts:
        back = again[transcript.id]  # found under its id: the source's name carried it
        assert back.text[body_start(back) :] == transcript.text[body_start(transcript) :]
        assert {n: v for n, v in back.attributes.items() if n not in mixed} == {
            n: v for n, v in transcript.attributes.items() if n not in mixed
        }
        assert {n: str(v) for n, v in back.attributes.items() if n in mixed} == {
            n: str(v) for n, v in transcript.attributes.items() if n in mixed
        }


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(
        st.sampled_from(["ord", " ", "😀", "e\u0301", "\r\n", "\n", "å", "👩‍👩‍👧", "."]),
        min_size=1,
        max_size=40,
    ),
    data=st.data(),
)
def test_generated_selections_are_code_points_in_the_stored_text(
    pieces: list[str], data: st.DataObject
) -> None:
    text = "".join(pieces)
    bounds = st.integers(0, len(text) + 2)
    spans = data.draw(st.lists(st.tuples(bounds, bounds), min_size=1, max_size=5))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = qdpx(root, simple_project(text, spans), {f"Sources/{g('o-src')}.txt": text})
        result = import_qdpx(path, root / "o", "nb")
        found = decisions(root / "o")
        stored = (root / "o" / "transcripts" / "eva.txt").read_bytes().decode("utf-8")
    assert stored == text
    fits = sorted({(s, e) for s, e in spans if 0 <= s < e <= len(text)})
    quotes = [normalise(text[s:e]).strip() for s, e in fits]
    assert [d["quote"] for d in found] == [q for q in quotes if q]
    outside = [1 for s, e in spans if not 0 <= s < e <= len(text)]
    assert sum("does not fit" in p for p in result.problems) == len(outside)
