"""Hostile and careless input, through the CLI: one error line, exit 1, the researcher's files
untouched; outputs replace only what stc wrote; time and memory stay bounded."""

from __future__ import annotations

import errno
import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from odf.opendocument import OpenDocumentText
from odf.text import P

from stc import output
from stc.nlp import load_pipeline
from stc.output import LEDGER, STAGING
from tests.conftest import CODEBOOK, CONFIG, INTERVIEW, MakeProject, error_line, stc

SECOND = "I: Og du?\nInformant 2: Jeg var ikke alene. Gruppelederen var ung og flink.\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


# --- stc replaces and removes only what it wrote ------------------------------------------


def test_a_file_stc_did_not_write_stops_the_write_and_stays(make_project: MakeProject) -> None:
    config = make_project()
    notes = config.parent / "out" / "report.md"
    notes.parent.mkdir()
    notes.write_text("Mine notater om funnene.\n", encoding="utf-8")
    code, _, err = stc("run", "-c", config)
    assert code == 1
    assert error_line(err) == (
        f"Error: {notes}: is in the output folder but stc did not write it; so as not to "
        "replace it, nothing was written: move it out of the folder (or delete it, if an older "
        "stc wrote it)"
    )
    assert notes.read_text(encoding="utf-8") == "Mine notater om funnene.\n"
    assert not (config.parent / "out" / "manifest.json").exists()
    assert not (config.parent / "out" / STAGING).exists()


def test_stc_replaces_its_own_outputs_and_removes_only_its_own_stale_ones(
    make_project: MakeProject,
) -> None:
    config = make_project({"informant-1.txt": INTERVIEW, "informant-2.txt": SECOND})
    assert stc("code", "-c", config)[0] == 0
    out = config.parent / "out"
    mine = out / "text" / "notater.txt"
    mine.write_text("mitt eget", encoding="utf-8")
    (config.parent / "transcripts" / "informant-2.txt").unlink()
    code, _, err = stc("code", "-c", config)
    assert code == 0, err
    assert not (out / "text" / "informant-2.txt").exists()  # stc wrote it: stale, removed
    assert mine.read_text(encoding="utf-8") == "mitt eget"  # the researcher's: kept
    assert "text/informant-1.txt" in (out / LEDGER).read_text(encoding="utf-8")


def test_an_output_whose_bytes_are_unchanged_is_left_in_place(make_project: MakeProject) -> None:
    config = make_project({"informant-1.txt": INTERVIEW, "informant-2.txt": SECOND})
    assert stc("code", "-c", config)[0] == 0
    out = config.parent / "out"
    before = {p: (out / p).stat().st_ino for p in ("text/informant-1.txt", "coverage.csv")}
    edited = out / "matrix.csv"
    edited.write_text("code,total\n", encoding="utf-8")  # an output changed by hand
    second = config.parent / "transcripts" / "informant-2.txt"
    second.write_text(SECOND.replace("ung og flink", "ung og klok"), encoding="utf-8")
    code, _, err = stc("code", "-c", config)
    assert code == 0, err
    # The same bytes: the very same files (not rewritten); changed ones are replaced.
    assert {p: (out / p).stat().st_ino for p in before} == before
    assert "klok" in (out / "text" / "informant-2.txt").read_text(encoding="utf-8")
    assert edited.read_text(encoding="utf-8").startswith("code,informant-1,informant-2,total")
    ledger = (out / LEDGER).read_text(encoding="utf-8")
    assert all(f'"{p}"' in ledger for p in [*before, "matrix.csv", "text/informant-2.txt"])
    assert not (out / STAGING).exists()
    # And the folder holds exactly what writing everything afresh gives.
    fresh = make_project(
        {"informant-1.txt": INTERVIEW, "informant-2.txt": second.read_text(encoding="utf-8")}
    )
    assert stc("code", "-c", fresh)[0] == 0
    assert snapshot(out) == snapshot(fresh.parent / "out")


@pytest.mark.parametrize("link", ["report.md", "text"])
def test_a_symbolic_link_in_the_output_folder_is_never_written_through(
    make_project: MakeProject, link: str
) -> None:
    config = make_project()
    before = snapshot(config.parent / "transcripts") | {"stc.yaml": config.read_bytes()}
    out = config.parent / "out"
    out.mkdir()
    target = config.parent / ("stc.yaml" if link == "report.md" else "transcripts")
    (out / link).symlink_to(target)
    code, _, err = stc("run", "-c", config)
    assert code == 1
    line = error_line(err)
    assert "symbolic link" in line and "never writes through links" in line
    after = snapshot(config.parent / "transcripts") | {"stc.yaml": config.read_bytes()}
    assert after == before


def test_export_never_writes_among_the_transcripts(make_project: MakeProject) -> None:
    """`stc export docx -o transcripts/rapport.docx` wrote the report where stc check then
    read it as a ninth transcript with 61 participants."""
    config = make_project()
    config.write_text(
        config.read_text().replace("[transcripts/*.txt]", "[transcripts/*]"), encoding="utf-8"
    )
    target = config.parent / "transcripts" / "rapport.xlsx"
    assert stc("code", "-c", config)[0] == 0
    code, _, err = stc("export", "xlsx", "-c", config, "-o", target)
    assert code == 1
    assert error_line(err) == (
        f"Error: {target}: [transcripts] 'transcripts/*' would read it as a transcript; stc "
        "export never writes among the transcripts: give another path, e.g. in out/"
    )
    assert not target.exists()
    assert stc("export", "xlsx", "-c", config)[0] == 0  # into out/, which is never read


@pytest.mark.parametrize(
    "target",
    [
        "stc.yaml",
        "codebook.yaml",
        "transcripts/informant-1.txt",
        # Step 1 as the researcher wrote it, and the lock: `-o themes.yaml --force` wrote XML
        # over a researcher's themes.
        "themes.yaml",
        "preconceptions.md",
        "stc.lock",
    ],
)
def test_export_never_writes_over_an_input_even_with_force(
    make_project: MakeProject, target: str
) -> None:
    config = make_project()
    path = config.parent / target
    if not path.exists():
        path.write_text("mine\n", encoding="utf-8")
    before = path.read_bytes()
    code, _, err = stc("export", "qdc", "-c", config, "-o", path, "--force")
    assert code == 1
    assert error_line(err).startswith(f"Error: {path}: is one of the project's own files")
    assert path.read_bytes() == before


def test_a_long_title_gives_an_export_a_name_the_file_system_takes(
    make_project: MakeProject,
) -> None:
    config = make_project(config=CONFIG.replace("title: Test", "title: " + "Lang tittel " * 60))
    code, _, err = stc("export", "qdc", "-c", config)
    assert code == 0, err
    (written,) = (config.parent / "out").glob("*.qdc")
    assert len(written.name) <= 84 and written.name.startswith("lang-tittel-lang-tittel")


# --- the output folder may not overlap the inputs -------------------------------------------


OVER_THE_PROJECT = (
    "is the project folder or a folder above it; stc would write among your transcripts and "
    "YAML files"
)


@pytest.mark.parametrize(
    ("output", "why"),
    [
        *((output, OVER_THE_PROJECT) for output in (".", "..", "/", "./")),
        # Refused before anything is made: it was refused only after stc had made a lock file
        # in transcripts/.cache/.
        (
            "transcripts",
            "holds the transcripts ('transcripts/*.txt'); stc replaces what is in the output "
            "folder",
        ),
    ],
)
def test_an_output_folder_over_the_project_or_its_transcripts_is_refused(
    make_project: MakeProject, output: str, why: str
) -> None:
    config = make_project(config=CONFIG.replace("output: out", f"output: '{output}'"))
    before = snapshot(config.parent)
    for command in ("check", "run"):
        code, _, err = stc(command, "-c", config)
        assert code == 1
        assert error_line(err) == (
            f"Error: {config}: [output] '{output}' {why}: use a folder of its own, e.g. output: out"
        )
    assert snapshot(config.parent) == before


def test_an_output_folder_holding_the_codebook_is_refused(make_project: MakeProject) -> None:
    config = make_project(config=CONFIG.replace("codebook: codebook.yaml", "codebook: b/c.yaml"))
    (config.parent / "b").mkdir()
    (config.parent / "b" / "c.yaml").write_text(CODEBOOK, encoding="utf-8")
    config.write_text(config.read_text().replace("output: out", "output: b"), encoding="utf-8")
    code, _, err = stc("run", "-c", config)
    assert code == 1
    assert "[output] 'b' holds c.yaml, a file you write" in error_line(err)
    assert sorted(p.name for p in (config.parent / "b").iterdir()) == ["c.yaml"]


def test_a_recursive_transcript_glob_skips_the_output_folder(make_project: MakeProject) -> None:
    config = make_project(config=CONFIG.replace("[transcripts/*.txt]", '["**/*.txt"]'))
    assert stc("run", "-c", config)[0] == 0
    assert (config.parent / "out" / "text" / "informant-1.txt").is_file()
    code, out, err = stc("check", "-c", config)  # out/text/*.txt would be a duplicate id
    assert code == 0, err
    assert out.startswith("1 transkripsjon, 1 informant,")


def test_a_transcript_glob_that_reaches_only_into_the_output_folder_is_an_error(
    make_project: MakeProject,
) -> None:
    config = make_project()
    assert stc("code", "-c", config)[0] == 0
    config.write_text(CONFIG.replace("[transcripts/*.txt]", "[out/text/*.txt]"), encoding="utf-8")
    code, _, err = stc("check", "-c", config)
    assert code == 1
    assert error_line(err) == (
        f"Error: {config}: [transcripts] 'out/text/*.txt' matches only files inside the output "
        "folder 'out', which stc replaces; keep transcripts in a folder of their own, e.g. "
        "transcripts/"
    )


# --- old or new, never mixed; --check tells an interruption from an edit -------------------


def test_a_full_disk_midway_leaves_the_previous_outputs(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_project()
    assert stc("run", "-c", config)[0] == 0
    out = config.parent / "out"
    before = snapshot(out)
    (config.parent / "codebook.yaml").write_text(
        CODEBOOK.replace("keywords: [gruppe]", "keywords: [gruppe, redd]"), encoding="utf-8"
    )
    real = output._write_one
    calls = 0

    def full(target: Path, data: bytes) -> None:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        real(target, data)

    monkeypatch.setattr(output, "_write_one", full)
    code, _, err = stc("run", "-c", config)
    assert code == 1
    assert "cannot write (No space left on device)" in error_line(err)

    # The keyword and coding caches (not outputs) may have learnt the new keyword; nothing
    # else moved.
    def outputs(files: dict[str, bytes]) -> dict[str, bytes]:
        return {
            k: v
            for k, v in files.items()
            if not k.startswith(".cache/parsed/keywords-") and not k.endswith(".coded")
        }

    assert outputs(snapshot(out)) == outputs(before)


def test_check_tells_an_interrupted_run_from_a_hand_edit(make_project: MakeProject) -> None:
    config = make_project()
    assert stc("run", "-c", config)[0] == 0
    out = config.parent / "out"
    (out / STAGING / "0123456789ab").mkdir(parents=True)
    (out / STAGING / "0123456789ab" / "report.md").write_text("half", encoding="utf-8")
    code, _, err = stc("run", "--check", "-c", config)
    assert code == 1
    assert error_line(err).startswith("Error: interrupted run: ")
    assert "output changed since stc run wrote it" not in err
    # The next run discards the unfinished write, and an edit is then called an edit.
    assert stc("run", "-c", config)[0] == 0
    assert not (out / STAGING).exists()
    (out / "report.md").write_text("edited", encoding="utf-8")
    code, _, err = stc("run", "--check", "-c", config)
    assert code == 1
    assert "Error: output changed since stc run wrote it: report.md" in err
    assert "interrupted" not in err


# --- bounded on hostile input ---------------------------------------------------------------


def codebook_with(rule: str) -> str:
    return CODEBOOK.replace("keywords: [gruppe]", f"keywords: [gruppe]\n        regex: ['{rule}']")


@pytest.mark.parametrize(
    ("rule", "construct"),
    [
        (r"(alene)\s+\1", r"a back-reference (\1)"),
        (r"alene(?= hjemme)", "a look-ahead (?=…)"),
        (r"(?<!ikke )alene", "a negative look-behind (?<!…)"),
        (r"(?>gruppe)", "an atomic group (?>…)"),
    ],
)
def test_check_names_the_code_and_the_construct_re2_cannot_run(
    make_project: MakeProject, rule: str, construct: str
) -> None:
    config = make_project(codebook=codebook_with(rule))
    code, _, err = stc("check", "-c", config)
    assert code == 1
    line = error_line(err)
    assert "[groups -> fellesskap -> codes -> gruppe -> regex]" in line
    assert f"uses {construct}, which stc's linear-time engine (RE2) cannot run" in line


def test_a_catastrophic_regex_runs_in_linear_time(make_project: MakeProject) -> None:
    long_turn = "Informant 1: " + "a" * 30_000 + "!\n"
    config = make_project({"t.txt": long_turn}, codebook=codebook_with(r"(a+)+$"))
    started = time.monotonic()
    code, _, err = stc("code", "-c", config)
    assert code == 0, err
    assert time.monotonic() - started < 20  # Python's re would take longer than the universe


def test_regex_word_boundaries_know_nordic_letters(make_project: MakeProject) -> None:
    text = "I: Hva?\nInformant 1: Det var PÅ en måte fint. Påska var lang.\n"
    config = make_project({"t.txt": text}, codebook=codebook_with(r"\bpå\b"))
    assert stc("code", "-c", config)[0] == 0
    units = (config.parent / "out" / "meaning_units.csv").read_text(encoding="utf-8")
    coded = [line for line in units.splitlines() if "fellesskap/gruppe" in line]
    assert len(coded) == 1 and "PÅ en måte" in coded[0]


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes(document_xml: bytes) -> bytes:
    return zipped(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
            "word/document.xml": document_xml,
        }
    )


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "hahahahahahaha">'
    + b"".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8)
    )
    + b"]><d>&i;</d>"
)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # 4 MiB of spaces pack into a few kilobytes: the ratio gives the bomb away.
        ("bomb.docx", docx_bytes(b" " * (4 << 20)), "would unpack to 4 MB"),
        ("laughs.docx", docx_bytes(LAUGHS), "declares a DOCTYPE or entities"),
        ("laughs.odt", zipped({"content.xml": LAUGHS}), "declares a DOCTYPE or entities"),
        ("bomb.odt", zipped({"content.xml": b"<a>" + b" " * (4 << 20) + b"</a>"}), "would unpack"),
    ],
)
def test_zip_bombs_and_entity_declarations_are_refused_before_parsing(
    make_project: MakeProject, name: str, content: bytes, message: str
) -> None:
    assert len(content) < 100_000
    config = make_project({name: content}, config=CONFIG.replace("*.txt", "*.*"))
    started = time.monotonic()
    code, out, err = stc("check", "-c", config)
    assert code == 1
    assert message in error_line(err) and name in error_line(err)
    assert time.monotonic() - started < 10
    assert "hahaha" not in out + err


def odt_bytes(text: str) -> bytes:
    document = OpenDocumentText()
    document.text.addElement(P(text=text))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def truncated_member(data: bytes, member: str) -> bytes:
    """The archive with ``member``'s XML cut in half (a crash while saving)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    members[member] = members[member][: len(members[member]) // 2]
    return zipped(members)


SECRET = "Informant 1: Jeg heter Kari og bor på Lillehammer med Ola. " * 20


@pytest.mark.parametrize("how", ["member", "file"])
def test_a_truncated_odt_is_one_line_and_shows_no_participant_text(
    make_project: MakeProject, how: str
) -> None:
    whole = odt_bytes(SECRET)
    broken = truncated_member(whole, "content.xml") if how == "member" else whole[: len(whole) // 2]
    config = make_project({"t.odt": broken}, config=CONFIG.replace("*.txt", "*.odt"))
    code, out, err = stc("check", "-c", config)
    assert code == 1
    assert "t.odt: " in error_line(err)
    assert len([line for line in err.splitlines() if line.strip()]) == 1
    assert "Lillehammer" not in out + err and "SAX" not in out + err


@pytest.mark.parametrize("how", ["member", "file"])
def test_a_truncated_docx_is_one_line(make_project: MakeProject, how: str) -> None:
    xml = (
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>' + SECRET.encode() + b"</w:t>"
        b"</w:r></w:p></w:body></w:document>"
    )
    whole = docx_bytes(xml)
    broken = (
        truncated_member(whole, "word/document.xml")
        if how == "member"
        else whole[: len(whole) // 2]
    )
    config = make_project({"t.docx": broken}, config=CONFIG.replace("*.txt", "*.docx"))
    code, out, err = stc("check", "-c", config)
    assert code == 1
    assert "t.docx: " in error_line(err)
    assert "Lillehammer" not in out + err


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


def test_an_alias_bomb_in_front_matter_is_refused_by_check(make_project: MakeProject) -> None:
    bomb = "\n".join("  " + line for line in ALIAS_BOMB.splitlines())
    text = f"---\nattributes:\n{bomb}\n---\n" + INTERVIEW.split("---\n", 2)[2]
    config = make_project({"t.txt": text})
    code, _, err = stc("check", "-c", config)
    assert code == 1
    assert "expand to more than 100,000 values" in error_line(err)
    assert "t.txt (front matter)" in error_line(err)


DEEP = "[" * 5000 + "]" * 5000


@pytest.mark.parametrize(
    ("file", "command"),
    [
        ("codebook.yaml", "check"),
        ("stc.yaml", "check"),
        ("coding.yaml", "code"),
        ("condensation.yaml", "condense"),
    ],
)
def test_yaml_nested_5000_deep_is_one_line_and_the_file_stays(
    make_project: MakeProject, file: str, command: str
) -> None:
    config = make_project()
    path = config.parent / file
    content = f"groups: {DEEP}\n" if file == "condensation.yaml" else f"x: {DEEP}\n"
    path.write_text(content, encoding="utf-8")
    code, _, err = stc(command, "-c", config)
    assert code == 1
    assert "nested more than 64 deep at line 1; flatten the structure" in error_line(err)
    assert path.read_text(encoding="utf-8") == content


@pytest.mark.parametrize("file", ["stc.yaml", "codebook.yaml", "transcript", "condensation.yaml"])
def test_an_impossible_date_is_one_line(make_project: MakeProject, file: str) -> None:
    config = make_project()
    if file == "stc.yaml":
        config.write_text(CONFIG.replace("title: Test", "title: 2023-02-30"), encoding="utf-8")
    elif file == "codebook.yaml":
        text = CODEBOOK.replace("name: Test", "name: Test\ndescription: 2023-02-30")
        (config.parent / file).write_text(text, encoding="utf-8")
    elif file == "transcript":
        text = INTERVIEW.replace("{alder: 34}", "{dato: 2023-02-30}")
        (config.parent / "transcripts" / "informant-1.txt").write_text(text, encoding="utf-8")
    else:
        (config.parent / file).write_text("groups: {}\nx: 2023-02-30\n", encoding="utf-8")
    code, _, err = stc("condense" if file == "condensation.yaml" else "check", "-c", config)
    assert code == 1
    assert "'2023-02-30' at line" in error_line(err)
    assert "is not a valid date (day is out of range for month)" in error_line(err)


def test_a_turn_longer_than_spacys_limit_is_parsed_in_pieces(
    make_project: MakeProject,
) -> None:
    # spaCy's limit is a million characters; a lower one proves the same path in a second.
    text = "Jeg var redd i starten. Gruppa hjalp meg mye, og jeg var ikke alene.\n\n" * 120
    config = make_project({"lang.txt": text})
    nlp = load_pipeline("nb").nlp
    limit = nlp.max_length
    nlp.max_length = 2_000
    try:
        code, _, err = stc("code", "-c", config)
    finally:
        nlp.max_length = limit
    assert code == 0, err
    assert len(text) > 4 * 2_000
    units = (config.parent / "out" / "meaning_units.csv").read_text(encoding="utf-8")
    assert units.count("fellesskap/ikke-alene") >= 120


# --- one error line, never a traceback ------------------------------------------------------


def test_utf32_transcripts_are_read(make_project: MakeProject) -> None:
    config = make_project({"informant-1.txt": INTERVIEW.encode("utf-32")})
    code, _, err = stc("code", "-c", config)
    assert code == 0, err
    text = (config.parent / "out" / "text" / "informant-1.txt").read_text(encoding="utf-8")
    assert text == INTERVIEW and "\x00" not in text


@pytest.mark.parametrize("file", ["stc.yaml", "codebook.yaml"])
def test_language_no_says_quote_it_or_use_nb(make_project: MakeProject, file: str) -> None:
    config = make_project()
    path = config.parent / file
    path.write_text(path.read_text().replace("language: nb", "language: no"), encoding="utf-8")
    code, _, err = stc("check", "-c", config)
    assert code == 1
    assert error_line(err) == (
        f"Error: {path}: [language] reads as false: YAML takes an unquoted no for 'no'; "
        "write language: nb (Bokmål) or nn (Nynorsk), or quote it"
    )


def test_an_id_with_a_trailing_newline_is_refused(make_project: MakeProject) -> None:
    config = make_project({"t.txt": INTERVIEW.replace("id: informant-1", 'id: "ok\\n"')})
    code, _, err = stc("check", "-c", config)
    assert code == 1
    assert "[id] 'ok\\n' is not a valid transcript id" in error_line(err)


# --- pseudonymization keeps its promises ----------------------------------------------------

ANON = CONFIG + "anonymize:\n  key: keys/prosjekt.key\n  output: anon\n"


def test_a_full_name_gets_one_pseudonym_and_the_surname_goes(make_project: MakeProject) -> None:
    text = (
        "I: Hvem?\nInformant 1: Jeg snakket med Kari Nordmann. Kari Nordmann var snill.\n"
        "Bjørn Hansen kom også.\n"  # "Bjørn" at a sentence start is a maybe on its own
    )
    config = make_project({"informant-1.txt": text}, config=ANON)
    code, _, err = stc("anonymize", "-c", config)
    assert code == 0, err
    copy = (config.parent / "anon" / "informant-1.txt").read_text(encoding="utf-8")
    for word in ("Kari", "Nordmann", "Bjørn", "Hansen"):
        assert word not in copy
    first = copy.split("[Navn ")[1][0]
    assert copy.count(f"[Navn {first}]") == 2 and "[Navn 3]" not in copy


def test_a_key_others_can_read_is_made_private_with_a_warning(make_project: MakeProject) -> None:
    config = make_project(config=ANON)
    assert stc("anonymize", "-c", config)[0] == 0
    key = config.parent / "keys" / "prosjekt.key"
    os.chmod(key, 0o644)
    code, _, err = stc("anonymize", "-c", config)
    assert code == 0, err
    assert f"{key}: others could read this file (mode 644); made it 600" in err
    assert key.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("key", ["stc.yaml", "transcripts/informant-1.txt", "codebook.yaml"])
def test_the_key_may_not_be_a_project_file(make_project: MakeProject, key: str) -> None:
    config = make_project(config=ANON.replace("keys/prosjekt.key", key))
    before = snapshot(config.parent)
    for extra in ([], ["--new-key"]):
        code, _, err = stc("anonymize", "-c", config, *extra)
        assert code == 1
        assert "[anonymize -> key] points to one of the project's own files" in error_line(err)
    assert snapshot(config.parent) == before


def test_new_key_never_moves_aside_a_file_that_is_not_a_key(make_project: MakeProject) -> None:
    config = make_project(config=ANON.replace("keys/prosjekt.key", "notater.md"))
    notes = config.parent / "notater.md"
    notes.write_text("# Mine notater\nIntervju 3 var vanskelig.\n", encoding="utf-8")
    code, _, err = stc("anonymize", "--new-key", "-c", config)
    assert code == 1
    assert error_line(err) == (
        f"Error: {notes}: is not an stc key; --new-key moves aside only a key stc made: move "
        "this file yourself, or point [anonymize -> key] elsewhere"
    )
    assert notes.read_text(encoding="utf-8") == "# Mine notater\nIntervju 3 var vanskelig.\n"
    assert not (config.parent / "notater.md.bak").exists()
