"""The command line, as a researcher meets it: exit codes, messages, files written."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from stc import __version__
from stc.cli import app
from stc.coding import code_project
from stc.config import load_config
from tests.conftest import (
    CODEBOOK,
    CONFIG,
    INTERVIEW,
    MakeProject,
    accept_suggestions,
    copy_sample,
    error_line,
    stc,
)

runner = CliRunner()


def test_version_and_help_list_every_command() -> None:
    assert stc("--version") == (0, f"stc {__version__}\n", "")
    code, out, _ = stc("--help")
    assert code == 0
    for command in ("init", "check", "code"):
        assert command in out


HEAVY = ("pandas", "pydantic", "spacy", "sklearn", "numpy", "wordfreq", "rich.progress")


def _modules_after(*args: str) -> tuple[str, list[str]]:
    """Run `stc ARGS` in a fresh Python; its stdout, and which of ``HEAVY`` and rich's
    console it had imported when it ended."""
    import subprocess
    import sys

    heavy = (*HEAVY, "rich.console")
    code = (
        "import sys, stc.cli\n"
        f"sys.argv = ['stc', *{args!r}]\n"
        "try:\n    stc.cli.main()\nexcept SystemExit:\n    pass\n"
        f"print('|'.join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    *_, last = done.stderr.splitlines() or [""]
    return done.stdout, [m for m in last.split("|") if m]


def test_the_command_line_starts_without_the_heavy_libraries(tmp_path: Path) -> None:
    """`stc --help` and a command's first moment load none of them (they load when used):
    the start stays near a tenth of a second."""
    import subprocess
    import sys

    code = f"import sys, stc.cli; print([m for m in {HEAVY!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    # The help to its end: not even rich's console (about 40 ms to import), nor pydantic
    # (typer from 0.29 coerces options through it: pyproject.toml keeps typer below).
    for args in (["--help"], ["check", "--help"], ["code", "--help"], ["run", "--help"]):
        out, loaded = _modules_after(*args)
        assert "Usage: stc" in out, args
        assert loaded == [], args
    # A missing stc.yaml is told before the step's libraries load (only the config's).
    out, loaded = _modules_after("check", "-c", str(tmp_path / "stc.yaml"))
    assert not {"pandas", "spacy", "sklearn", "numpy", "wordfreq"} & set(loaded), loaded


def test_code_writes_the_outputs(make_project: MakeProject) -> None:
    config = accept_suggestions(make_project())
    code, out, err = stc("code", "-c", config)
    assert code == 0, err
    assert "ikke-alene" in out
    # Counted as the report counts them: units with a code the researcher confirmed.
    confirmed = sum(1 for u in code_project(load_config(config)).units if u.codes)
    assert confirmed > 1
    assert f"{confirmed} meningsbærende enheter med bekreftede koder i 1 transkripsjon;" in out
    folder = config.parent / "out"
    units = pd.read_csv(folder / "meaning_units.csv")
    assert list(units.columns) == [
        "unit_id",
        "transcript",
        "participant",
        "speaker",
        "turn",
        "line_start",
        "line_end",
        "char_start",
        "char_end",
        "codes",
        "groups",
        "evidence",
        "text",
        "accepted",
        "added",
        "suggested",
        "rejected",
        "voice",
        "flags",
    ]
    text = (folder / "text" / "informant-1.txt").read_text(encoding="utf-8")
    for row in units.itertuples():
        assert text[row.char_start : row.char_end] == row.text
    matrix = pd.read_csv(folder / "matrix.csv")
    assert list(matrix.columns) == ["code", "informant-1", "total"]
    assert matrix.set_index("code").loc["fellesskap/ikke-alene", "total"] == 1
    coverage = pd.read_csv(folder / "coverage.csv")
    assert list(coverage.columns) == ["participant", "transcript", "words", "words_coded", "share"]


def test_two_runs_give_byte_identical_outputs(make_project: MakeProject) -> None:
    config = make_project()
    folder = config.parent / "out"
    assert stc("code", "-c", config)[0] == 0
    first = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    shutil.rmtree(folder)
    assert stc("code", "-c", config)[0] == 0
    second = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert first == second


def test_text_files_of_removed_transcripts_are_cleaned_up(make_project: MakeProject) -> None:
    config = make_project({"informant-1.txt": INTERVIEW, "b.txt": "Informant 2: Alene.\n"})
    assert stc("code", "-c", config)[0] == 0
    (config.parent / "transcripts" / "b.txt").unlink()
    assert stc("code", "-c", config)[0] == 0
    assert sorted(p.name for p in (config.parent / "out" / "text").iterdir()) == ["informant-1.txt"]


def test_check_accepts_a_good_project(make_project: MakeProject) -> None:
    code, out, err = stc("check", "-c", make_project())
    assert code == 0, err
    assert "3 eksempler og 1 moteksempel testet" in out
    assert not (make_project().parent / "out").exists()  # check writes nothing


def test_check_catches_an_example_the_codebook_does_not_code(make_project: MakeProject) -> None:
    book = CODEBOOK.replace('examples: ["Gruppa var fin."]', 'examples: ["Vi var mange."]')
    code, _, err = stc("check", "-c", make_project(codebook=book))
    assert code == 1
    assert (
        '[groups -> fellesskap -> codes -> gruppe -> examples -> 0] "Vi var mange." is not coded fellesskap/gruppe'
        in error_line(err)
    )


def test_check_catches_a_counterexample_the_codebook_codes(make_project: MakeProject) -> None:
    book = CODEBOOK.replace('exclude: ["alene hjemme"]', "exclude: []")
    code, _, err = stc("check", "-c", make_project(codebook=book))
    assert code == 1
    assert (
        '"Han var alene hjemme." is coded fellesskap/ikke-alene (keyword \'alene\' = "alene")'
        in error_line(err)
    )


@pytest.mark.parametrize("language", ["nb", "nn", "da", "sv", "en", "de"])
def test_init_scaffolds_a_project_check_accepts(tmp_path: Path, language: str) -> None:
    code, _, err = stc("init", tmp_path / "p", "--language", language)
    assert code == 0, err
    assert (tmp_path / "p" / "preconceptions.md").exists()
    assert "  1. cd " in err
    # The commented example theme is the language's own, and valid once uncommented.
    from stc.scaffold import TEMPLATES

    themes = (tmp_path / "p" / "themes.yaml").read_text(encoding="utf-8")
    assert f"#    description: {TEMPLATES[language].group_description}\n" in themes
    example = "\n".join(line[1:] for line in themes.splitlines() if line.startswith("#  "))
    uncommented = yaml.safe_load(themes.replace("themes: []", "themes:") + example)
    assert uncommented["themes"][0]["label"] == TEMPLATES[language].group_label
    code, _, err = stc("check", "-c", tmp_path / "p" / "stc.yaml")
    # The example transcript is not part of the analysis: the project has none yet.
    assert code == 1 and "matches no file; put your transcripts there" in error_line(err)
    shutil.copy(tmp_path / "p" / "examples" / "example-1.txt", tmp_path / "p" / "transcripts")
    code, out, err = stc("check", "-c", tmp_path / "p" / "stc.yaml")
    assert code == 0, err
    assert "1 " in out and " 1 " in out
    assert "matches no file" not in err  # unmatched formats are fine while one matches


def test_a_word_file_dropped_into_a_new_project_is_coded_without_editing_the_config(
    tmp_path: Path,
) -> None:
    import docx

    assert stc("init", tmp_path / "p", "--language", "nb")[0] == 0
    document = docx.Document()
    document.add_paragraph("I: Hvordan var det å begynne?")
    document.add_paragraph("Informant 1: Etter hvert følte jeg meg trygg i gruppa.")
    document.save(str(tmp_path / "p" / "transcripts" / "intervju-1.docx"))
    code, out, err = stc("code", "-c", tmp_path / "p" / "stc.yaml")
    assert code == 0, err
    assert "0 meningsbærende enheter med bekreftede koder i 1 transkripsjon;" in out
    assert "0 av 1 enhet gjennomgått; 1 forslag venter" in out
    units = pd.read_csv(tmp_path / "p" / "out" / "meaning_units.csv")
    assert list(units.text) == ["Etter hvert følte jeg meg trygg i gruppa."]


def test_a_transcript_no_glob_reaches_is_named_in_a_warning(make_project: MakeProject) -> None:
    config = make_project()
    (config.parent / "transcripts" / "intervju-2.docx").write_bytes(b"")
    code, _, err = stc("check", "-c", config)
    assert code == 0, err
    assert "intervju-2.docx: not read, no pattern under [transcripts] in stc.yaml matches" in (
        " ".join(err.split())
    )


def test_init_with_a_coder_signs_every_decision_taken(tmp_path: Path) -> None:
    """Without coder:, a decision went into coding.yaml without by:, and a second coder's
    review could not tell it from theirs."""
    assert stc("init", tmp_path / "p", "--language", "nb", "--coder", "kari")[0] == 0
    config = tmp_path / "p" / "stc.yaml"
    assert "\ncoder: kari " in config.read_text(encoding="utf-8")
    (tmp_path / "p" / "transcripts" / "a.txt").write_text(
        "I: Hvordan var det?\nInformant 1: Etter hvert følte jeg meg trygg i gruppa.\n",
        encoding="utf-8",
    )
    assert stc("code", "-c", config)[0] == 0
    unit = pd.read_csv(tmp_path / "p" / "out" / "meaning_units.csv").iloc[0]
    code, _, err = stc("review", "-c", config, "--accept", f"{unit.unit_id}:{unit.suggested}")
    assert code == 0, err
    assert "by: kari" in (tmp_path / "p" / "coding.yaml").read_text(encoding="utf-8")
    # Without --coder, the line is there to fill in, commented out.
    assert stc("init", tmp_path / "q")[0] == 0
    assert "\n# coder: " in (tmp_path / "q" / "stc.yaml").read_text(encoding="utf-8")


def test_init_refuses_a_coder_name_yaml_would_misread(tmp_path: Path) -> None:
    code, _, err = stc("init", tmp_path / "p", "--coder", "kari: x")
    assert code == 1 and "--coder 'kari: x': use letters, digits" in error_line(err)
    assert not (tmp_path / "p" / "stc.yaml").exists()


@pytest.mark.parametrize("initials", ["no", "ON", "1", "007", "øystein"])
def test_init_writes_initials_yaml_would_read_as_a_boolean_or_number_as_text(
    tmp_path: Path, initials: str
) -> None:
    """`--coder no` wrote `coder: no`, which YAML reads as false: stc refused its own file."""
    assert stc("init", tmp_path / "p", "--coder", initials)[0] == 0
    config = tmp_path / "p" / "stc.yaml"
    assert load_config(config).config.coder == initials


def test_the_config_knows_every_format_the_readers_read() -> None:
    from stc.config import TRANSCRIPT_SUFFIXES
    from stc.readers import READERS

    assert sorted(TRANSCRIPT_SUFFIXES) == sorted(READERS)


def test_init_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "stc.yaml").write_text("mine\n")
    code, _, err = stc("init", tmp_path)
    assert code == 1
    assert "stc.yaml: already exists; stc init never overwrites" in error_line(err)
    assert (tmp_path / "stc.yaml").read_text() == "mine\n"


def test_init_unsupported_language_is_a_usage_error(tmp_path: Path) -> None:
    """Exit 2, as the README says of usage errors, with the languages to choose from."""
    code, _, err = stc("init", tmp_path, "--language", "fi")
    assert code == 2
    assert error_line(err) == (
        "Error: Invalid value for '--language' / '-l': 'fi' is not supported; use one of: "
        "da, de, en, nb, nn, sv"
    )
    assert not (tmp_path / "stc.yaml").exists()


def bad_config(make_project: MakeProject, old: str, new: str) -> Path:
    return make_project(config=CONFIG.replace(old, new))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("language: nb", "language: fi"),
            "[language] language 'fi' is not supported; use one of: da, de, en, nb, nn, sv",
        ),
        (("output: out", "outptu: out"), "unknown key 'outptu'; did you mean 'output'?"),
        # Not "did you mean 'date'": a word in the researcher's language gets the list.
        (("output: out", "utdata: out"), "unknown key 'utdata'; valid keys: anonymize, codebook"),
        (
            ("transcripts/*.txt", "intervjuer/*.txt"),
            "[transcripts] 'intervjuer/*.txt' matches no file",
        ),
        # The only pattern, its folder mistyped: the hint too, not only "matches no file".
        (
            ("[transcripts/*.txt]", "[transcript/*.txt]"),
            "there is no folder 'transcript' (paths are relative to stc.yaml); did you mean "
            "'transcripts/*.txt'? correct the path",
        ),
        # A mistyped folder beside a pattern that matches: its interviews would go unread,
        # and their decisions in coding.yaml be called "about an unknown transcript".
        (
            ("[transcripts/*.txt]", "[transcripts/*.txt, transcript/*.vtt]"),
            "[transcripts] 'transcript/*.vtt' matches no file: there is no folder 'transcript' "
            "(paths are relative to stc.yaml); did you mean 'transcripts/*.vtt'? correct the path",
        ),
        (
            ("codebook: codebook.yaml", "codebook: kodebok.yaml"),
            "kodebok.yaml: file not found; fix [codebook] in stc.yaml",
        ),
        (
            ("language: nb", "language: nb\nmodel: nb_core_news_zz"),
            "[model] spaCy pipeline 'nb_core_news_zz' is not installed; install its package",
        ),
        (("language: nb", "language: [nb"), "invalid YAML at line 2, column 11: the list opened"),
        # A key one space off: the parser notices a line later, so both lines are named.
        (("output: out", " output: out"), "look at the indentation of lines"),
        (
            ("output: out", "output: out\nunits: {mode: paragraph}"),
            "[units -> mode] Input should be 'sentences' or 'turn'",
        ),
        # "interviewer:" not indented under "speakers:": one error saying so, not pydantic's
        # "Input should be a valid dictionary or instance of Speakers" and an unknown key.
        (
            ("  interviewer: [I]", "interviewer: [I]"),
            "[interviewer] unknown key 'interviewer'; it belongs under 'speakers:': indent it "
            "by two spaces below that line",
        ),
        (
            ("output: out", "output: out\nmax_sentences: 3"),
            "[max_sentences] unknown key 'max_sentences'; it belongs under 'units:': write "
            "'units:' above it and indent it by two spaces",
        ),
        (
            ("output: out", "output: out\nunits: sentences"),
            "[units] must be a mapping: its keys on the lines below it, indented by two spaces",
        ),
    ],
)
def test_bad_config(make_project: MakeProject, change: tuple[str, str], message: str) -> None:
    code, _, err = stc("code", "-c", bad_config(make_project, *change))
    assert code == 1
    assert message in error_line(err)
    assert err.count("Error:") == 1, err
    assert "stc.yaml" in error_line(err) or "kodebok.yaml" in error_line(err)


def test_a_codebook_outside_the_project_is_named_without_dot_dot(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """As in the sample (../codebooks/…): a message names the file, not the detour to it."""
    config = make_project(config=CONFIG.replace("codebook.yaml", "../codebooks/kodebok.yaml"))
    code, _, err = stc("check", "-c", config)
    assert code == 1
    assert error_line(err) == (
        f"Error: {tmp_path.parent / 'codebooks' / 'kodebok.yaml'}: file not found; fix "
        "[codebook] in stc.yaml or create the file"
    )


def test_dot_dot_is_kept_where_a_link_makes_it_another_folder(tmp_path: Path) -> None:
    """link/../codebooks is the link target's neighbour, not link's: the file read is right."""
    real = tmp_path / "elsewhere" / "study"
    real.mkdir(parents=True)
    (tmp_path / "elsewhere" / "codebooks").mkdir()
    (tmp_path / "elsewhere" / "codebooks" / "k.yaml").write_text(CODEBOOK, encoding="utf-8")
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    (real / "stc.yaml").write_text(CONFIG.replace("codebook.yaml", "../codebooks/k.yaml"))
    project = load_config(tmp_path / "link" / "stc.yaml")
    assert project.codebook_path == tmp_path / "link" / ".." / "codebooks" / "k.yaml"
    assert project.codebook_path.read_text(encoding="utf-8") == CODEBOOK


def test_a_link_loop_under_a_double_star_pattern_is_one_error(make_project: MakeProject) -> None:
    """transcripts/old -> .. made glob walk without end (two such links: minutes, then
    hundreds of error lines); now one line names the link."""
    config = make_project(config=CONFIG.replace("[transcripts/*.txt]", "[transcripts/**/*.txt]"))
    folder = config.parent / "transcripts"
    (folder / "old").symlink_to(Path(".."), target_is_directory=True)
    (folder / "older").symlink_to(Path(".."), target_is_directory=True)
    code, _, err = stc("check", "-c", config)
    assert code == 1
    assert error_line(err) == (
        "Error: transcripts/old: a link to a folder that holds it, so [transcripts] "
        "'transcripts/**/*.txt' would search it without end; remove the link, or write the "
        "pattern without **"
    )
    assert err.count("\n") == 1


def test_a_transcript_reached_twice_through_a_link_is_read_once(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """Two patterns, or ** and a link to the folder, that find one file: it was two
    transcripts with one id, an error."""
    config = make_project(config=CONFIG.replace("[transcripts/*.txt]", "[transcripts/**/*.txt]"))
    shared = tmp_path.parent / f"{tmp_path.name}-shared"
    shared.mkdir()
    (shared / "informant-2.txt").write_text(INTERVIEW.replace("informant-1", "informant-2"))
    (config.parent / "transcripts" / "a").symlink_to(shared, target_is_directory=True)
    (config.parent / "transcripts" / "b").symlink_to(shared, target_is_directory=True)
    # A hidden folder that links back (a snapshot) is not searched, as glob does not.
    (config.parent / "transcripts" / ".snapshot").mkdir()
    (config.parent / "transcripts" / ".snapshot" / "up").symlink_to(Path("../.."))
    code, _, err = stc("check", "-c", config)
    assert code == 0 and "not read" not in err, err  # b is read, as a: no "not read" for it
    project = load_config(config)
    assert [p.relative_to(config.parent).as_posix() for p in project.transcript_paths()] == [
        "transcripts/a/informant-2.txt",
        "transcripts/informant-1.txt",
    ]


def test_a_command_run_above_the_projects_folder_points_into_it(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from the folder that holds the project, "create one with `stc init`" would start a
    second project beside it."""
    config = make_project()
    outer = config.parent.parent / f"{config.parent.name}-studier"
    shutil.copytree(config.parent, outer / "diabetes")
    monkeypatch.chdir(outer)
    code, _, err = stc("check")
    assert code == 1
    assert error_line(err) == (
        "Error: stc.yaml: file not found; the project is in diabetes/: run the command there "
        "(cd diabetes), or point to it with -c diabetes/stc.yaml"
    )
    # A name with a space, quoted as the shell needs it.
    (outer / "diabetes").rename(outer / "Studie A")
    code, _, err = stc("check")
    assert error_line(err).endswith("(cd 'Studie A'), or point to it with -c 'Studie A/stc.yaml'")


def test_a_folder_named_as_transcripts_gets_the_patterns_to_write(
    make_project: MakeProject,
) -> None:
    """`transcripts: transcripts` said "matches no file; put your transcripts there", of a
    folder that held them."""
    config = make_project(config=CONFIG.replace("[transcripts/*.txt]", "transcripts"))
    code, _, err = stc("check", "-c", config)
    assert code == 1
    assert error_line(err) == (
        f"Error: {config}: [transcripts] 'transcripts' is a folder: give patterns for the files "
        "in it, e.g. transcripts: [transcripts/*.txt]"
    )


def test_files_a_transcripts_folder_holds_but_stc_does_not_read_are_named(
    make_project: MakeProject,
) -> None:
    """A .doc, an .rtf and a subfolder of interviews were passed over in silence."""
    config = make_project()
    folder = config.parent / "transcripts"
    (folder / "p08.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "p09.rtf").write_text("{\\rtf1 x}", encoding="utf-8")
    (folder / "batch2").mkdir()
    (folder / "batch2" / "p07.docx").write_bytes(b"PK")
    (folder / "P10.TXT").write_text("I: Hei?\nP: Hei.\n", encoding="utf-8")
    code, _, err = stc("check", "-c", config)
    assert code == 0, err
    said = [" ".join(line.split()) for line in err.split("Warning: ") if line]
    assert (
        f"{folder / 'p08.doc'}: not read: stc reads .txt, .md, .docx, .odt, .vtt, .srt; save it "
        "as .docx (in Word: File, Save As, Word Document)"
    ) in said
    assert f"{folder / 'p09.rtf'}: not read: stc reads" in " ".join(said)
    # Patterns are case-sensitive: the advice writes the extension as the file does.
    assert (
        f"{folder / 'P10.TXT'}: not read, no pattern under [transcripts] in stc.yaml matches "
        "it; add e.g. 'transcripts/*.TXT'"
    ) in said
    assert (
        f"{folder / 'batch2'}: not read, no pattern under [transcripts] reaches this folder "
        "(p07.docx); add e.g. 'transcripts/batch2/*.docx', or move it out if it holds old "
        "versions"
    ) in said
    # Said once per command, however often the command lists the transcripts (a run said
    # it twice).
    code, _, err = stc("run", "-c", config)
    assert code == 0, err
    assert err.count(f"{folder / 'p08.doc'}: not read") == 1
    # Word's lock file and a hidden file are nobody's transcripts: not named.
    (folder / "~$08.doc").write_bytes(b"x")
    (folder / ".p11.pdf").write_bytes(b"x")
    code, _, err = stc("check", "-c", config)
    assert code == 0 and "~$08.doc" not in err and ".p11.pdf" not in err
    # A folder of .doc files alone: the error says what to do with them.
    for name in ("informant-1.txt", "p09.rtf", "P10.TXT"):
        (folder / name).unlink()
    code, _, err = stc("check", "-c", config)
    assert code == 1
    assert error_line(err) == (
        f"Error: {folder / 'p08.doc'}: not read: stc reads .txt, .md, .docx, .odt, .vtt, .srt; "
        "save it as .docx (in Word: File, Save As, Word Document), and check [transcripts] in "
        "stc.yaml"
    )


def test_missing_config(tmp_path: Path) -> None:
    code, _, err = stc("code", "-c", tmp_path / "stc.yaml")
    assert code == 1
    assert error_line(err) == (
        f"Error: {tmp_path / 'stc.yaml'}: file not found; create one with `stc init`, "
        "or point to it with -c/--config"
    )


def test_a_command_run_inside_a_projects_folder_points_to_its_stc_yaml(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from transcripts/, `stc init` would start a second project there: the error names
    the project's stc.yaml instead."""
    config = make_project()
    inside = config.parent / "transcripts"
    monkeypatch.chdir(inside)
    code, _, err = stc("check")
    assert code == 1
    assert error_line(err) == (
        f"Error: stc.yaml: file not found; this folder ({inside}) is inside the project of "
        f"{config}: run the command there (cd {config.parent}), or point to it with -c {config}"
    )
    # A path out of the project (through ..) is not inside it, however it is written.
    code, _, err = stc("check", "-c", Path("..") / ".." / "elsewhere" / "stc.yaml")
    assert code == 1 and error_line(err).endswith(
        "file not found; create one with `stc init`, or point to it with -c/--config"
    )


def test_missing_required_key(make_project: MakeProject) -> None:
    code, _, err = stc("code", "-c", bad_config(make_project, "codebook: codebook.yaml\n", ""))
    assert code == 1
    assert "stc.yaml: [codebook] required key is missing" in error_line(err)


@pytest.mark.parametrize(
    ("codebook", "message"),
    [
        (
            CODEBOOK.replace("id: gruppe", "id: ikke-alene"),
            "[groups -> fellesskap -> codes] duplicate code id 'ikke-alene'",
        ),
        (
            CODEBOOK.replace(
                "keywords: [gruppe]", "keywords: [gruppe]\n        regex: ['[unclosed']"
            ),
            "[groups -> fellesskap -> codes -> gruppe -> regex] invalid regular expression '[unclosed'",
        ),
        (
            CODEBOOK.replace("keywords: [gruppe]", "patterns: [[{LOWER: {IN: 3}}]]"),
            "[groups -> fellesskap -> codes -> gruppe -> patterns] pattern 0 is not a valid spaCy Matcher pattern",
        ),
        (
            CODEBOOK.replace("label: Lederen\n    codes:", "label: Lederen\n    codez:"),
            "unknown key 'codez'; did you mean 'codes'?",
        ),
        (
            CODEBOOK.replace("keywords: [gruppe]", "keywords:\n          gruppe: 1"),
            "[groups -> fellesskap -> codes -> gruppe -> keywords] must be a list, not a mapping: "
            "one '- item' line per item, or keywords: [a, b]",
        ),
    ],
)
def test_bad_codebook(make_project: MakeProject, codebook: str, message: str) -> None:
    code, _, err = stc("check", "-c", make_project(codebook=codebook))
    assert code == 1
    assert message in err
    assert "codebook.yaml" in error_line(err)


def test_two_transcripts_with_the_same_id(make_project: MakeProject) -> None:
    config = make_project({"a.txt": INTERVIEW, "b.txt": INTERVIEW})
    code, _, err = stc("code", "-c", config)
    assert code == 1
    assert "b.txt: [id] 'informant-1' is also the id of" in error_line(err)


def test_an_empty_transcript_is_a_warning_and_the_run_goes_on(make_project: MakeProject) -> None:
    config = make_project({"informant-1.txt": INTERVIEW, "tom.txt": ""})
    code, out, err = stc("code", "-c", config)
    assert code == 0
    assert "tom.txt: transcript is empty; it is read but gives no meaning units" in err
    assert "2 transkripsjoner" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "bilde.txt: looks like a binary file, not a text transcript",
        ),
        (
            b"Informant 1: \xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\n",
            "bilde.txt: cannot be decoded as utf-8 or a legacy encoding; save it as UTF-8 text",
        ),
    ],
)
def test_binary_or_undecodable_transcript(
    make_project: MakeProject, content: bytes, message: str
) -> None:
    code, _, err = stc(
        "code", "-c", make_project({"informant-1.txt": INTERVIEW, "bilde.txt": content})
    )
    assert code == 1
    assert message in error_line(err)


def test_a_failed_run_loses_nothing_already_written(make_project: MakeProject) -> None:
    config = make_project()
    assert stc("code", "-c", config)[0] == 0
    folder = config.parent / "out"
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    (config.parent / "codebook.yaml").write_text(CODEBOOK.replace("[gruppe]", "['gr*pp']"))
    assert stc("code", "-c", config)[0] == 1
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--debug", "code", "-c", str(tmp_path / "none.yaml")])
    assert result.exit_code == 1
    assert result.exception is not None
    assert "file not found" in str(result.exception)


def test_usage_errors_exit_2() -> None:
    assert stc("code", "--no-such-option")[0] == 2


def test_the_sample_project_checks_and_codes(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "sample").parent
    code, out, err = stc("check", "-c", project / "stc.yaml")
    assert code == 0, err
    assert out.startswith("8 transkripsjoner, 8 informanter, 6 kodegrupper, 12 koder")
    code, out, err = stc("code", "-c", project / "stc.yaml")
    assert code == 0, err
    units = pd.read_csv(project / "out" / "meaning_units.csv", keep_default_na=False)
    # Every code finds units, and every participant is coded.
    assert set(";".join(units.codes).split(";")) >= {
        "fellesskap/ikke-alene",
        "tilbakefall/triggere",
        "gruppeleder/alder-erfaring",
    }
    assert units.participant.nunique() == 8  # .txt, .docx and .vtt transcripts alike


def test_check_warns_about_codes_that_cannot_find_anything(make_project: MakeProject) -> None:
    book = CODEBOOK.replace("keywords: [gruppe]", "keywords: []").replace(
        'examples: ["Gruppa var fin."]', "examples: []"
    )
    code, _, err = stc("check", "-c", make_project(codebook=book))
    assert code == 0, err
    assert "fellesskap/gruppe has no keywords, regex or patterns: only coding.yaml can code" in err


def test_a_pipeline_that_fails_to_load_is_one_clear_error(
    make_project: MakeProject, tmp_path: Path
) -> None:
    import spacy

    nlp = spacy.blank("nb")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "broken")
    config_cfg = tmp_path / "broken" / "config.cfg"
    config_cfg.write_text(
        config_cfg.read_text().replace('factory = "sentencizer"', 'factory = "no_such_factory"')
    )
    code, _, err = stc(
        "code", "-c", make_project(config=CONFIG + f"model: {tmp_path / 'broken'}\n")
    )
    assert code == 1
    assert "[model] spaCy pipeline" in error_line(err) and "cannot be loaded" in err


def test_stc_code_counts_the_units_the_report_counts(tmp_path: Path) -> None:
    """A supervisor compares the two: units whose codes were all rejected count in neither."""
    config = copy_sample(tmp_path / "sample")
    code, out, err = stc("code", "-c", config)
    assert code == 0, err
    said = re.search(r"(\d+) meningsbærende enheter med bekreftede koder i 8 transkripsjoner", out)
    assert said, out
    assert stc("synthesize", "-c", config)[0] == 0
    report = (config.parent / "out" / "report.md").read_text(encoding="utf-8")
    assert f"{said.group(1)} meningsbærende enheter ble kodet" in report
    units = code_project(load_config(config)).units
    assert sum(1 for u in units if not u.codes) > 0  # the sample rejects some


def test_a_transcript_given_as_the_config_is_named_as_such(make_project: MakeProject) -> None:
    transcript = make_project().parent / "transcripts" / "informant-1.txt"
    code, _, err = stc("check", "-c", transcript)
    assert code == 1
    assert error_line(err) == (
        f"Error: {transcript}: a transcript, not a project's stc.yaml; point -c to the stc.yaml "
        "beside the transcripts folder"
    )


def test_a_path_under_the_home_folder_is_read_as_a_shell_reads_it(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`output: ~/stc-out` made a folder named "~" in the project, and `stc run` then ended in
    a traceback (pandas expands "~", stc did not); `codebook: ~/…` was "file not found"."""
    home = tmp_path / "home"
    (home / "koder").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    config = make_project()
    shutil.move(config.parent / "codebook.yaml", home / "koder" / "codebook.yaml")
    text = config.read_text(encoding="utf-8")
    text = text.replace("codebook: codebook.yaml", "codebook: ~/koder/codebook.yaml")
    config.write_text(text.replace("output: out", "output: ~/stc-out"), encoding="utf-8")
    assert "~/koder/codebook.yaml" in config.read_text(encoding="utf-8")
    code, _, err = stc("run", "-c", config)
    assert code == 0, err
    assert (home / "stc-out" / "report.md").is_file()
    assert not (config.parent / "~").exists()


def test_words_lock_file_and_windows_own_files_are_not_transcripts(
    make_project: MakeProject,
) -> None:
    """While informant-7.docx was open in Word, "~$formant-7.docx" stopped every command with
    advice to open it in Word and save it again."""
    config = make_project()
    folder = config.parent / "transcripts"
    (folder / "~$formant-1.docx").write_bytes(b"\x05kari" + b"\x00" * 157)
    config.write_text(
        config.read_text(encoding="utf-8").replace("transcripts/*.txt", "transcripts/*"),
        encoding="utf-8",
    )
    (folder / "Thumbs.db").write_bytes(b"\x00" * 64)
    (folder / "~WRL0001.tmp").write_bytes(b"\x00" * 64)  # Word's temporary copy
    (folder / "desktop.ini").write_text("[.ShellClassInfo]\n", encoding="utf-8")
    code, _, err = stc("check", "-c", config)
    assert code == 0, err
    assert "~$" not in err and "Thumbs" not in err and "desktop" not in err


def test_a_transcript_whose_file_name_is_not_utf8_is_one_clear_error(
    make_project: MakeProject,
) -> None:
    """A name from an old zip ("intervju-\\xe6\\xf8\\xe5.txt" in Latin-1) became the id
    "intervju-", and `stc run` ended in a traceback writing stc.lock."""
    config = make_project()
    folder = os.fsencode(config.parent / "transcripts")
    with open(folder + b"/intervju-\xe6\xf8\xe5.txt", "w", encoding="utf-8") as f:
        f.write("I: Hvordan var det?\nInformant 2: Jeg var alene.\n")
    for command in ("check", "run"):
        code, _, err = stc(command, "-c", config)
        assert code == 1
        line = error_line(err)
        assert "intervju-\ufffd\ufffd\ufffd.txt: the file name is not UTF-8 text" in line
        assert line.endswith("rename the file, e.g. to informant-1.txt")
    assert not (config.parent / "stc.lock").exists()


NAMES_IT = "not a project's stc.yaml; point -c to the stc.yaml that names it"


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("codebook.yaml", f"a codebook, {NAMES_IT}"),
        ("coding.yaml", f"a list of decisions (coding.yaml), {NAMES_IT}"),
        ("condensation.yaml", f"condensation.yaml, {NAMES_IT}"),
        ("themes.yaml", f"themes.yaml, {NAMES_IT}"),
        # These gave key errors about 'outputs', 'project' and 'versions', and "expected a
        # mapping of keys at the top level, found str".
        (
            "stc.lock",
            "the record of a run, not a project's stc.yaml; point -c to the stc.yaml beside it",
        ),
        (
            "out/meaning_units.csv",
            "one of stc's outputs, not a project's stc.yaml; point -c to the stc.yaml of the "
            "project that wrote it",
        ),
        (
            "out/report.md",
            "one of stc's outputs, not a project's stc.yaml; point -c to the stc.yaml of the "
            "project that wrote it",
        ),
    ],
)
def test_c_naming_another_project_file_says_what_it_is(
    make_project: MakeProject, name: str, what: str
) -> None:
    """-c codebook.yaml gave five errors about missing and unknown keys."""
    config = make_project(
        coding="- transcript: informant-1\n  quote: Jeg var redd.\n  add: [leder/leder]\n"
    )
    assert stc("run", "-c", config)[0] == 0
    (config.parent / "themes.yaml").write_text("themes: []\n", encoding="utf-8")
    target = config.parent / name
    code, _, err = stc("check", "-c", target)
    assert code == 1
    assert error_line(err) == f"Error: {target}: {what}"
    assert err.count("Error:") == 1


def test_a_windows_path_in_double_quotes_gets_the_fix(make_project: MakeProject) -> None:
    """ "C:\\Users\\kari\\codebook.yaml" was "did not find expected hexdecimal number"."""
    config = make_project()
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("codebook: codebook.yaml", 'codebook: "C:\\Users\\kari\\codebook.yaml"'),
        encoding="utf-8",
    )
    code, _, err = stc("check", "-c", config)
    assert code == 1
    line = error_line(err)
    assert line.startswith(f"Error: {config}: invalid YAML at line ")
    assert line.endswith(
        "a backslash in double quotes starts an escape: write the path in single quotes "
        "('C:\\Users\\kari\\x.yaml') or with forward slashes (C:/Users/kari/x.yaml)"
    )
