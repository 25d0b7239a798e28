"""stc run: all four steps, a manifest, and --check as proof of a reproduction."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from stc.cli import app
from stc.config import load_config
from stc.output import LEDGER
from tests.conftest import (
    CODEBOOK,
    CONFIG,
    INTERVIEW,
    SAMPLE,
    MakeProject,
    accept_suggestions,
    copy_sample,
    error_line,
)

runner = CliRunner()
SECOND = "I: Og du?\nInformant 2: Jeg var ikke alene. Gruppelederen var ung og flink.\n"


def project(make_project: MakeProject) -> Path:
    """Two interviews whose suggestions the researcher has accepted."""
    return accept_suggestions(
        make_project({"informant-1.txt": INTERVIEW, "informant-2.txt": SECOND})
    )


def said(result: Result) -> str:
    """What a command printed on stderr, its lines wrapped as the console wraps them joined."""
    return " ".join(result.stderr.split())


def outputs(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in ("manifest.json", LEDGER) and ".cache" not in p.parts
    }


def test_run_writes_every_step_and_a_manifest(make_project: MakeProject) -> None:
    config = project(make_project)
    result = runner.invoke(app, ["run", "-c", str(config)])
    assert result.exit_code == 0, result.output
    folder = config.parent / "out"
    for name in ("impression.md", "meaning_units.csv", "report.md", "report.html", "manifest.json"):
        assert (folder / name).is_file(), name
    assert (config.parent / "condensation.yaml").is_file()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert set(manifest["versions"]) == {
        "stc",
        "python",
        "spacy",
        "simplemma",
        "pystemmer",
        "pipeline",
    }
    assert set(manifest["inputs"]) == {
        "stc.yaml", "codebook.yaml", "coding.yaml", "condensation.yaml",
        "transcripts/informant-1.txt", "transcripts/informant-2.txt",
    }  # fmt: skip
    assert set(manifest["outputs"]) == set(outputs(folder))
    assert "created" in manifest


def test_two_runs_give_byte_identical_outputs(make_project: MakeProject) -> None:
    config = project(make_project)
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    first = outputs(config.parent / "out")
    shutil.rmtree(config.parent / "out")
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    assert outputs(config.parent / "out") == first


def test_check_passes_on_a_reproduction_and_touches_nothing(make_project: MakeProject) -> None:
    config = project(make_project)
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    condensation = (config.parent / "condensation.yaml").read_bytes()
    before = outputs(config.parent / "out")
    result = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert result.exit_code == 0, result.output
    assert "Reprodusert: alle resultater stemmer med" in result.stdout
    assert (config.parent / "condensation.yaml").read_bytes() == condensation
    assert outputs(config.parent / "out") == before


def test_check_fails_naming_an_edited_transcript(make_project: MakeProject) -> None:
    config = project(make_project)
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    path = config.parent / "transcripts" / "informant-2.txt"
    path.write_text(SECOND.replace("flink", "flink og snill"), encoding="utf-8")
    result = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert result.exit_code == 1
    assert "Error: input changed: transcripts/informant-2.txt" in result.stderr
    assert "Error: output differs: meaning_units.csv" in result.stderr


def test_check_reports_outputs_that_changed_with_the_same_inputs(make_project: MakeProject) -> None:
    config = project(make_project)
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    lock_path = config.parent / "stc.lock"
    lock = json.loads(lock_path.read_text())
    lock["outputs"]["report.md"] = "0" * 64
    lock_path.write_text(json.dumps(lock))
    result = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert result.exit_code == 1
    assert "Error: output differs with the same inputs: report.md" in result.stderr


def test_check_without_a_manifest(make_project: MakeProject) -> None:
    result = runner.invoke(app, ["run", "--check", "-c", str(project(make_project))])
    assert result.exit_code == 1
    assert "stc.lock: no lock and no" in result.stderr
    assert "manifest.json; run `stc run` first to record the analysis" in result.stderr


def test_check_with_a_broken_manifest(make_project: MakeProject) -> None:
    config = project(make_project)
    (config.parent / "out").mkdir()
    (config.parent / "out" / "manifest.json").write_text("{not json")
    result = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert result.exit_code == 1
    assert "manifest.json: not valid JSON" in result.stderr


def test_check_with_a_manifest_from_another_project(
    make_project: MakeProject, tmp_path: Path
) -> None:
    config = project(make_project)
    (config.parent / "out").mkdir()
    foreign = {
        "project": {"title": "Another study", "config": "stc.yaml"},
        "versions": {}, "inputs": {"transcripts/ole.txt": "0"}, "outputs": {},
    }  # fmt: skip
    (config.parent / "out" / "manifest.json").write_text(json.dumps(foreign))
    result = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert result.exit_code == 1
    assert "manifest.json: it records another project ('Another study')" in result.stderr


def test_a_fresh_clone_checks_against_the_committed_lock(make_project: MakeProject) -> None:
    """A student with a fresh clone (no out/) reproduces the analysis from stc.lock."""
    config = project(make_project)
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    lock = (config.parent / "stc.lock").read_text(encoding="utf-8")
    assert '"created"' not in lock and json.loads(lock)["outputs"]
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    assert (config.parent / "stc.lock").read_text(encoding="utf-8") == lock  # stable
    shutil.rmtree(config.parent / "out")
    result = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert result.exit_code == 0, result.output
    assert "Reprodusert: alle resultater stemmer med" in result.stdout
    assert "stc.lock" in result.stdout
    # The check writes no output of the project's (at most the disposable parse cache).
    assert not (config.parent / "out" / "report.md").exists()
    (config.parent / "transcripts" / "informant-2.txt").write_text(
        SECOND.replace("ung og flink", "gammel og flink"), encoding="utf-8"
    )
    result = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert result.exit_code == 1
    assert "Error: input changed: transcripts/informant-2.txt" in result.stderr


def test_a_codebook_beside_the_project_is_locked_by_the_path_stc_yaml_gives(
    tmp_path: Path,
) -> None:
    """The sample's layout: stc.yaml names ../codebooks/x.yaml. The lock records that path as
    written (never an absolute one), so a clone in another folder checks against it."""
    repository = tmp_path / "repository"
    (repository / "study" / "transcripts").mkdir(parents=True)
    (repository / "codebooks").mkdir()
    (repository / "codebooks" / "test.yaml").write_text(CODEBOOK, encoding="utf-8")
    (repository / "study" / "transcripts" / "informant-1.txt").write_text(INTERVIEW, "utf-8")
    config = repository / "study" / "stc.yaml"
    config.write_text(CONFIG.replace("codebook.yaml", "../codebooks/test.yaml"), "utf-8")
    accept_suggestions(config)
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    lock = (config.parent / "stc.lock").read_text(encoding="utf-8")
    assert sorted(json.loads(lock)["inputs"]) == [
        "../codebooks/test.yaml", "coding.yaml", "condensation.yaml", "stc.yaml",
        "transcripts/informant-1.txt",
    ]  # fmt: skip
    assert str(tmp_path) not in lock

    clone = tmp_path / "clone"
    shutil.copytree(repository, clone, ignore=shutil.ignore_patterns("out"))
    result = runner.invoke(app, ["run", "--check", "-c", str(clone / "study" / "stc.yaml")])
    assert result.exit_code == 0, result.output
    codebook = clone / "codebooks" / "test.yaml"
    codebook.write_text(CODEBOOK.replace("[gruppe]", "[gruppe, flink]"), encoding="utf-8")
    result = runner.invoke(app, ["run", "--check", "-c", str(clone / "study" / "stc.yaml")])
    assert result.exit_code == 1
    assert error_line(result.stderr).startswith("Error: input changed: ../codebooks/test.yaml;")


def test_a_copy_of_the_sample_reproduces_its_committed_lock(tmp_path: Path) -> None:
    """What CI proves on a fresh clone: the sample and its codebook in ../codebooks/, no out/."""
    config = copy_sample(tmp_path / "transcripts_sample")
    assert (config.parent / "stc.lock").read_bytes() == (SAMPLE / "stc.lock").read_bytes()
    assert (
        "../codebooks/sample-gruppebehandling.yaml"
        in json.loads((config.parent / "stc.lock").read_text(encoding="utf-8"))["inputs"]
    )
    result = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert result.exit_code == 0, result.output
    assert "Reprodusert: alle resultater stemmer med" in result.stdout


def test_other_library_versions_alone_are_said_not_failed(make_project: MakeProject) -> None:
    config = project(make_project)
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    lock_path = config.parent / "stc.lock"
    lock = json.loads(lock_path.read_text())
    lock["versions"]["spacy"] = "3.0.0"
    lock_path.write_text(json.dumps(lock))
    result = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert result.exit_code == 0, result.output
    assert "version changed: spacy" in result.stderr and "(stc.lock: 3.0.0)" in result.stderr


def test_run_before_any_coding_needs_no_earlier_step(make_project: MakeProject) -> None:
    config = project(make_project)
    assert not (config.parent / "out").exists()
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0


NAMED = """\
I: Hvem var med i gruppa?
Informant 1: Kari Nordmann var der. Jeg var ikke alene, for Kari var der også.
I: Og så?
Informant 1: Ring meg på 912 34 567 hvis du lurer. Jeg var ikke alene lenger.
"""


def test_run_with_anonymize_apply_codes_and_reports_only_pseudonyms(
    make_project: MakeProject,
) -> None:
    from tests.conftest import CONFIG

    config = make_project(
        {"informant-1.txt": NAMED},
        config=CONFIG + "anonymize:\n  apply: true\n  people: [Kari Nordmann]\n",
    )
    result = runner.invoke(app, ["run", "-c", str(config)])
    assert result.exit_code == 0, result.output
    folder = config.parent / "out"
    report = (folder / "report.md").read_text(encoding="utf-8")
    assert "Pseudonymisert: transkripsjonene ble pseudonymisert" in report
    for identifier in ("Kari", "Nordmann", "912 34 567"):
        for name in ("report.md", "report.html", "meaning_units.csv", "text/informant-1.txt"):
            assert identifier not in (folder / name).read_text(encoding="utf-8"), (identifier, name)
    # Numbers follow the key, so which person is "Navn 1" is not known in advance.
    text = (folder / "text" / "informant-1.txt").read_text(encoding="utf-8")
    assert re.search(r"\[Navn \d+\] var der\.", text), text
    assert re.search(r"\[Telefon[^\]]*\]", text), text
    assert (config.parent / ".stc-key").is_file()
    assert "stc-key" not in " ".join(p.name for p in folder.rglob("*"))
    check = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert check.exit_code == 0, check.output
    # A new key: the lock changes, and the run never says to commit the key.
    (config.parent / ".stc-key.mapping.csv").unlink(missing_ok=True)  # a fresh start
    (config.parent / ".stc-key").write_text("b" * 64 + "\n", encoding="ascii")
    again = runner.invoke(app, ["run", "-c", str(config)])
    assert again.exit_code == 0, again.output
    assert "stc.lock" in again.stderr and ".stc-key" not in again.stderr
    # A clone has no key (nor its mapping): the check says where it must go, not "commit it".
    (config.parent / ".stc-key").unlink()
    (config.parent / ".stc-key.mapping.csv").unlink(missing_ok=True)
    missing = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert missing.exit_code == 1
    assert (
        ".stc-key: missing; the pseudonymization key is kept out of version control: put a copy "
        "of it (and its .mapping.csv) beside stc.yaml to check this run"
    ) in said(missing)
    assert "commit it where" not in missing.stderr
    assert not (config.parent / ".stc-key").exists()  # the check made no key of its own


def test_every_command_analyses_only_the_pseudonyms_when_apply_is_set(
    make_project: MakeProject,
) -> None:
    import json
    import zipfile

    import msgpack
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    from tests.conftest import CONFIG, stc

    config = make_project(
        {"informant-1.txt": NAMED},
        config=CONFIG + "anonymize:\n  apply: true\n  people: [Kari Nordmann]\n",
    )
    # A `stc code` before apply was turned on left the original words in the parse cache.
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace("  apply: true\n", ""), encoding="utf-8")
    assert stc("code", "-c", config)[0] == 0
    config.write_text(original, encoding="utf-8")
    for command in (
        ["code"],
        ["impression"],
        ["synthesize"],
        ["export", "qdpx"],
        ["export", "docx"],
    ):
        code, _, err = stc(*command, "-c", config)
        assert code == 0, (command, err)
    folder = config.parent / "out"
    texts = []
    for path in folder.rglob("*"):
        if path.suffix in {".qdpx", ".docx"}:
            with zipfile.ZipFile(path) as archive:
                texts += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()]
        elif path.suffix == ".spacy":  # the parse cache: compressed, so read as spaCy does
            texts += [doc.text for doc in DocBin().from_disk(path).get_docs(Vocab())]
        elif path.suffix in {".tokens", ".coded", ".lemmas"}:  # caches in msgpack
            found = msgpack.unpackb(path.read_bytes(), strict_map_key=False)
            texts.append(json.dumps(found, default=repr))
        elif path.is_file():
            texts.append(path.read_text(encoding="utf-8"))
    assert texts
    for identifier in ("Kari", "Nordmann", "912 34 567"):
        assert not any(identifier in text for text in texts), identifier
    assert "Pseudonymisert" in (folder / "report.md").read_text(encoding="utf-8")


def test_check_catches_an_output_edited_by_hand(make_project: MakeProject) -> None:
    config = project(make_project)
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    report = config.parent / "out" / "report.md"
    report.write_text(report.read_text().replace("Bygger på ", "Bygger ikke på ", 1))
    assert "Bygger ikke på " in report.read_text()
    result = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert result.exit_code == 1
    assert "Error: output changed since stc run wrote it: report.md" in result.stderr


def test_an_export_in_the_output_folder_is_not_an_output_of_the_run(
    make_project: MakeProject,
) -> None:
    config = project(make_project)
    assert runner.invoke(app, ["export", "xlsx", "-c", str(config)]).exit_code == 0
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    manifest = json.loads((config.parent / "out" / "manifest.json").read_text())
    assert not any(name.endswith(".xlsx") for name in manifest["outputs"])
    result = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert result.exit_code == 0, result.output


def test_a_failing_run_leaves_the_outputs_as_they_were(make_project: MakeProject) -> None:
    config = project(make_project)
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    before = outputs(config.parent / "out")
    condensation = config.parent / "condensation.yaml"
    condensation.write_text(condensation.read_text() + "  bad: [\n", encoding="utf-8")
    codebook = config.parent / "codebook.yaml"
    codebook.write_text(codebook.read_text().replace("[gruppe]", "[gruppe, redd]"))
    result = runner.invoke(app, ["run", "-c", str(config)])
    assert result.exit_code == 1
    assert "condensation.yaml: invalid YAML" in result.stderr
    assert outputs(config.parent / "out") == before


def test_a_run_whose_report_fails_removes_the_report_of_the_last_run(tmp_path: Path) -> None:
    """A transcript edited so that a golden quote's sentence is gone: the run stopped, and the
    last report stayed in out/, unmarked, quoting words the transcript no longer has."""
    config = copy_sample(tmp_path / "transcripts_sample")
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    out = config.parent / "out"
    assert (out / "report.html").is_file()
    transcript = config.parent / "transcripts" / "informant-4.txt"
    text = transcript.read_text(encoding="utf-8")
    assert "noen som forsto." in text
    transcript.write_text(text.replace("noen som forsto.", "noen som skjønte det."), "utf-8")
    result = runner.invoke(app, ["run", "-c", str(config)])
    assert result.exit_code == 1
    assert "golden_quote" in error_line(result.stderr)
    assert not any((out / name).exists() for name in ("report.html", "report.md"))
    assert (
        f"Warning: {out / 'report.md'}, {out / 'report.html'}, {out / 'traceability.csv'}: "
        "removed, as step 4 failed and they no longer match the project; they come back with "
        "the next run that passes"
    ) in " ".join(result.stderr.split())
    # And `stc synthesize` alone, on a golden quote that names no unit.
    transcript.write_text(text, "utf-8")
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    condensation = config.parent / "condensation.yaml"
    edited = condensation.read_text(encoding="utf-8").replace(
        "golden_quote: informant-1:b86ab2", "golden_quote: informant-1:ffffff"
    )
    condensation.write_text(edited, encoding="utf-8")
    result = runner.invoke(app, ["synthesize", "-c", str(config)])
    assert result.exit_code == 1 and "informant-1:ffffff" in error_line(result.stderr)
    assert not (out / "report.html").exists()


@pytest.mark.parametrize("start", ["sample", "none"])
def test_a_run_parses_condensation_yaml_no_more_than_it_must(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str
) -> None:
    """The run reads condensation.yaml before step 1, merges it in step 3, checks the merge
    and reads the result in step 4. ruamel in pure Python is slow: a text already validated
    is not parsed again (the merge still parses the text it edits), and each reader gets its
    own copy of the content."""
    from stc import condense
    from stc.run import run_project

    config = copy_sample(tmp_path / "transcripts_sample")
    path = config.parent / "condensation.yaml"
    before = path.read_text(encoding="utf-8")
    if start == "none":
        path.unlink()
    parsed: list[str] = []
    real = condense.parse_condensation

    def counting(text: str, source: str) -> Any:
        parsed.append(text)
        return real(text, source)

    monkeypatch.setattr(condense, "parse_condensation", counting)
    condense._VALIDATED.clear()
    run_project(load_config(config))
    after = path.read_text(encoding="utf-8")
    if start == "sample":  # nothing new: read before step 1, and parsed for the merge
        assert after == before and parsed == [before, before]
    else:  # the merge of nothing, then its check
        assert parsed == ["", after] and "draft" in after
    first = condense.load_condensation(path)
    assert first is not None and first.groups
    first.groups.clear()
    again = condense.load_condensation(path)
    assert again is not None and again.groups and len(parsed) == 2


def test_a_run_says_when_it_updated_stc_lock_and_check_says_how_to_record_a_change(
    make_project: MakeProject,
) -> None:
    config = project(make_project)
    updated = "Oppdaterte " + str(config.parent / "stc.lock")
    first = runner.invoke(app, ["run", "-c", str(config)])
    assert first.exit_code == 0
    # The first lock records an analysis; nothing "changed".
    assert (
        f"Skrev {config.parent / 'stc.lock'}, oversikten over denne analysen: commit den sammen "
        "med prosjektets filer"
    ) in said(first)
    again = runner.invoke(app, ["run", "-c", str(config)])
    assert again.exit_code == 0 and "stc.lock" not in again.stderr
    path = config.parent / "transcripts" / "informant-2.txt"
    path.write_text(SECOND.replace("flink", "flink og snill"), encoding="utf-8")
    check = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert check.exit_code == 1
    assert (
        "Error: input changed: transcripts/informant-2.txt; if the change is meant, `stc run` "
        "records it in stc.lock (commit that), else undo it"
    ) in check.stderr
    changed = runner.invoke(app, ["run", "-c", str(config)])
    assert changed.exit_code == 0
    # It names what the commit must take along, not the lock alone.
    assert (
        f"{updated}: analysen er endret; commit den sammen med filene som er endret "
        "(condensation.yaml, transcripts/informant-2.txt), så gjenskaper"
    ) in said(changed)
    # A file the lock records, left out of the commit (a new suggestions.yaml, say): the
    # check says so, not "undo it".
    path.rename(path.with_suffix(".bak"))
    (config.parent / "stc.yaml").write_text(
        config.read_text("utf-8").replace("transcripts/*.txt", "transcripts/informant-1.txt"),
        encoding="utf-8",
    )
    missing = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert missing.exit_code == 1
    assert (
        "Error: input missing: transcripts/informant-2.txt: stc.lock records it, so the "
        "analysis read it; if it was not committed along with stc.lock, commit it where the "
        "analysis was run, else `stc run` records that it is gone"
    ) in said(missing)


def test_a_lock_whose_versions_alone_changed_and_a_removed_input_are_named(
    make_project: MakeProject,
) -> None:
    config = project(make_project)
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    lock = config.parent / "stc.lock"
    record = json.loads(lock.read_text(encoding="utf-8"))
    record["versions"]["spacy"] = "0.0.1"
    lock.write_text(json.dumps(record), encoding="utf-8")
    run = runner.invoke(app, ["run", "-c", str(config)])
    assert run.exit_code == 0
    assert (
        "stc.lock: versjonene av stc eller bibliotekene er endret, resultatene ikke; commit den"
    ) in said(run)
    assert "analysen er endret" not in run.stderr
    (config.parent / "themes.yaml").write_text("themes: []\n", encoding="utf-8")
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    (config.parent / "themes.yaml").unlink()
    run = runner.invoke(app, ["run", "-c", str(config)])
    assert "themes.yaml (fjernet)" in said(run)  # in the project's language


def test_a_change_that_reaches_no_result_is_said_to_be_one(make_project: MakeProject) -> None:
    """A transcript saved with CRLF line endings: its bytes changed, its text did not. The
    check says every output reproduces, and the run that records it says no result changed,
    where both used to call it a changed analysis."""
    config = project(make_project)
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    path = config.parent / "transcripts" / "informant-2.txt"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    check = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert check.exit_code == 1
    assert (
        "Error: every output is the same as stc.lock records: the changed inputs do not reach "
        "the results (line endings, a byte-order mark, a file moved or renamed); `stc run` "
        "records them"
    ) in said(check)
    run = runner.invoke(app, ["run", "-c", str(config)])
    assert run.exit_code == 0
    assert (
        "stc.lock: filer er endret (transcripts/informant-2.txt), men ingen resultater "
        "(linjeskift, en flyttet fil); commit den sammen med dem"
    ) in said(run)
    assert "analysen er endret" not in run.stderr


def test_a_run_reads_the_transcripts_once_for_all_its_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Steps 1, 2 and 4 share one load of the transcripts (the loader reads and parses each
    file once; the manifest hashes them apart)."""
    from stc import corpus
    from stc.run import run_project

    config = copy_sample(tmp_path / "transcripts_sample")
    read: list[Path] = []
    real = corpus._read

    def counting(path: Path, *args: Any) -> Any:
        read.append(path)
        return real(path, *args)

    monkeypatch.setattr(corpus, "_read", counting)
    project = load_config(config)
    run_project(project)
    assert sorted(read) == sorted(project.transcript_paths())


def test_a_check_computes_from_the_inputs_and_leaves_the_cache_alone(
    make_project: MakeProject,
) -> None:
    """A check that read out/.cache would check the cache: one damaged so that it still
    loads (every code's hits emptied) makes `stc run` write wrong outputs, and the check must
    find them. It writes nothing there either."""
    import msgpack

    config = project(make_project)
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    units = config.parent / "out" / "meaning_units.csv"
    right = units.read_bytes()
    cache = config.parent / "out" / ".cache" / "parsed"
    coded = sorted(cache.glob("*.coded"))
    assert coded
    for path in coded:
        data = msgpack.unpackb(path.read_bytes(), raw=False, strict_map_key=False)
        data["hits"] = {fingerprint: [] for fingerprint in data["hits"]}
        path.write_bytes(msgpack.packb(data, use_bin_type=True))
    # From the damaged cache: no code comes back, and stc.lock records what was made.
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    assert units.read_bytes() != right
    before = {p: p.read_bytes() for p in sorted(cache.rglob("*")) if p.is_file()}
    checked = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert checked.exit_code == 1
    assert "Error: output differs with the same inputs: meaning_units.csv" in checked.stderr
    assert {p: p.read_bytes() for p in sorted(cache.rglob("*")) if p.is_file()} == before


def test_a_check_that_reproduces_a_draft_says_it_is_one(make_project: MakeProject) -> None:
    """Nothing reviewed: the run reproduces, and the check says so, and that the report it
    reproduced is still a draft."""
    config = make_project()
    assert runner.invoke(app, ["run", "-c", str(config)]).exit_code == 0
    check = runner.invoke(app, ["run", "--check", "-c", str(config)])
    assert check.exit_code == 0, check.output
    assert "Reprodusert: alle resultater stemmer med" in check.stdout
    assert "UTKAST: " in check.stdout and "forslag er ikke gjennomgått ennå" in check.stdout
