"""stc run reuses step 1's files when nothing they are made from changed (stc.reuse)."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import stc.impression
import stc.reuse
from stc.config import load_config
from stc.run import run_project
from tests.conftest import INTERVIEW, MakeProject, accept_suggestions
from tests.test_run import SECOND, outputs

STEP1 = ("impression.md", "terms.csv", "themes.draft.yaml")


def step1_files(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in STEP1 if (folder / name).is_file()}


@pytest.fixture
def step1_runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many times step 1 was computed (not reused), run by run."""
    calls: list[int] = []
    real = stc.impression.impression_project

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(stc.impression, "impression_project", counted)
    yield calls


def project(make_project: MakeProject) -> Path:
    return accept_suggestions(
        make_project({"informant-1.txt": INTERVIEW, "informant-2.txt": SECOND})
    )


def test_a_second_run_reuses_step_1_and_writes_the_same_files(
    make_project: MakeProject, step1_runs: list[int]
) -> None:
    config = project(make_project)
    folder = config.parent / "out"
    run_project(load_config(config))
    assert len(step1_runs) == 1
    first = outputs(folder)
    record = load_config(config).parse_cache / stc.reuse.RECORD
    assert set(json.loads(record.read_text())["files"]) == set(step1_files(folder))
    run_project(load_config(config))
    assert len(step1_runs) == 1, "step 1 ran again though nothing it reads changed"
    assert outputs(folder) == first
    # A fresh run (no output folder, no cache) gives the same bytes as the reused files.
    shutil.rmtree(folder)
    run_project(load_config(config))
    assert len(step1_runs) == 2
    assert outputs(folder) == first


def _edit_transcript(config: Path) -> None:
    path = config.parent / "transcripts" / "informant-2.txt"
    path.write_text(SECOND.replace("ung og flink", "ung og flink og snill"), encoding="utf-8")


def _retitle(config: Path) -> None:
    text = config.read_text(encoding="utf-8")
    assert "title: Test\n" in text
    config.write_text(text.replace("title: Test\n", "title: Et nytt navn\n"), encoding="utf-8")


def _preconceptions(config: Path) -> None:
    (config.parent / "preconceptions.md").write_text("Jeg tror at ...\n", encoding="utf-8")


def _hand_edit(config: Path) -> None:
    path = config.parent / "out" / "impression.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nmine notater\n", encoding="utf-8")


def _delete_terms(config: Path) -> None:
    (config.parent / "out" / "terms.csv").unlink()


def _damage_record(config: Path) -> None:
    (load_config(config).parse_cache / stc.reuse.RECORD).write_text("{not json", encoding="utf-8")


def _remove_record(config: Path) -> None:
    (load_config(config).parse_cache / stc.reuse.RECORD).unlink()


@pytest.mark.parametrize(
    "change",
    [_edit_transcript, _retitle, _preconceptions, _hand_edit, _delete_terms, _damage_record,
     _remove_record],
    ids=lambda f: f.__name__.strip("_"),
)  # fmt: skip
def test_step_1_runs_again_when_what_it_reads_or_wrote_changed(
    make_project: MakeProject, step1_runs: list[int], change: Callable[[Path], None]
) -> None:
    config = project(make_project)
    folder = config.parent / "out"
    run_project(load_config(config))
    change(config)
    run_project(load_config(config))
    assert len(step1_runs) == 2
    # What it wrote is what a run from scratch writes: nothing of the old files survives.
    now = step1_files(folder)
    shutil.rmtree(folder)
    run_project(load_config(config))
    assert step1_files(folder) == now


def test_a_change_in_stc_itself_runs_step_1_again(
    make_project: MakeProject, step1_runs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = project(make_project)
    run_project(load_config(config))
    monkeypatch.setattr(stc.reuse, "source_fingerprint", lambda: "another version of stc")
    run_project(load_config(config))
    assert len(step1_runs) == 2


def test_the_fingerprint_holds_stcs_own_files(tmp_path: Path) -> None:
    stc.reuse.source_fingerprint.cache_clear()
    try:
        assert stc.reuse.source_fingerprint() == stc.reuse.source_fingerprint()
        assert len(stc.reuse.source_fingerprint()) == 64
    finally:
        stc.reuse.source_fingerprint.cache_clear()


def test_jobs_alone_do_not_make_step_1_run_again(
    make_project: MakeProject, step1_runs: list[int]
) -> None:
    config = project(make_project)
    run_project(load_config(config))
    text = config.read_text(encoding="utf-8")
    config.write_text(f"{text}executor:\n  jobs: 1\n", encoding="utf-8")
    run_project(load_config(config))
    assert len(step1_runs) == 1


def test_a_reused_step_1_gives_its_warnings_again(
    make_project: MakeProject, step1_runs: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    config = make_project({"a.txt": "I: Hei.\nA: Gruppa var fin.\n"})
    with caplog.at_level(logging.WARNING, logger="stc"):
        run_project(load_config(config))
        first = [r.getMessage() for r in caplog.records if "kandidattemaer" in r.getMessage()]
        caplog.clear()
        run_project(load_config(config))
        again = [r.getMessage() for r in caplog.records if "kandidattemaer" in r.getMessage()]
    assert len(step1_runs) == 1
    assert first and again == first
    assert {r.levelno for r in caplog.records if "kandidattemaer" in r.getMessage()} == {
        logging.WARNING
    }
    assert not (config.parent / "out" / "themes.draft.yaml").exists()


def test_a_run_into_another_folder_never_reuses(
    make_project: MakeProject, step1_runs: list[int], tmp_path: Path
) -> None:
    """`stc run --check` runs into a scratch folder: it must compute step 1 to prove it."""
    config = project(make_project)
    run_project(load_config(config))
    scratch = tmp_path / "scratch"
    run_project(load_config(config), outdir=scratch, write_condensation=False)
    assert len(step1_runs) == 2
    assert step1_files(scratch) == step1_files(config.parent / "out")
