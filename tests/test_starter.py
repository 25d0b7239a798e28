"""The starter codebooks pass `stc check`, and `stc init --codebook` starts from one."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml

from stc.scaffold import SAMPLE_CODEBOOK, starter_codebooks
from tests.conftest import ROOT, error_line, stc

STARTERS = [
    "group-treatment-en",
    "gruppebehandling-da",
    "gruppebehandling-nb",
    "gruppebehandling-sv",
]
SENTENCE = {
    "nb": "Jeg var redd i starten.",
    "da": "Jeg var bange i starten.",
    "sv": "Jag var rädd i början.",
    "en": "I was afraid at first.",
}


def test_the_starters_are_the_codebooks_folder_but_the_samples_codebook() -> None:
    assert sorted(starter_codebooks()) == STARTERS
    folder = sorted(p.stem for p in (ROOT / "codebooks").glob("*.yaml"))
    assert folder == sorted([*STARTERS, SAMPLE_CODEBOOK])
    sample = yaml.safe_load((ROOT / "transcripts_sample" / "stc.yaml").read_text("utf-8"))
    assert sample["codebook"] == f"../codebooks/{SAMPLE_CODEBOOK}.yaml"
    # The wheel leaves the sample's codebook out: `pip install .` ships only the starters.
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    assert setuptools["package-data"]["stc.starter"] == ["*.yaml"]
    assert setuptools["exclude-package-data"]["stc.starter"] == [f"{SAMPLE_CODEBOOK}.yaml"]


@pytest.mark.parametrize("name", STARTERS)
def test_each_starter_codebook_passes_stc_check(tmp_path: Path, name: str) -> None:
    language = yaml.safe_load((ROOT / "codebooks" / f"{name}.yaml").read_text("utf-8"))["language"]
    code, _, err = stc("init", tmp_path / "p", "--language", language, "--codebook", name)
    assert code == 0, err
    project = tmp_path / "p"
    assert (project / "codebooks" / f"{name}.yaml").read_bytes() == (
        ROOT / "codebooks" / f"{name}.yaml"
    ).read_bytes()
    assert not (project / "codebooks" / "codebook.yaml").exists()
    (project / "transcripts" / "a.txt").write_text(
        f"I: ?\nInformant 1: {SENTENCE[language]}\n", encoding="utf-8"
    )
    code, out, err = stc("check", "-c", project / "stc.yaml")
    assert code == 0, err
    assert out.rstrip().endswith("OK")


def test_an_unknown_starter_is_one_error_line(tmp_path: Path) -> None:
    code, _, err = stc("init", tmp_path / "p", "--codebook", "gruppebehandling-no")
    assert code == 1
    assert "no such starter codebook; did you mean 'gruppebehandling-nb'?" in error_line(err)
    assert not (tmp_path / "p").exists()


def test_the_samples_codebook_is_not_a_starter(tmp_path: Path) -> None:
    code, _, err = stc("init", tmp_path / "p", "--codebook", SAMPLE_CODEBOOK)
    assert code == 1
    assert error_line(err) == (
        f"Error: --codebook '{SAMPLE_CODEBOOK}': no such starter codebook; it is the sample "
        "project's own codebook, tuned to its interviews; choose one of: " + ", ".join(STARTERS)
    )
    assert not (tmp_path / "p").exists()


def test_every_package_is_listed_for_the_build() -> None:
    """pyproject lists the packages (the starters are mapped in): none may be forgotten."""
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "stc").rglob("__init__.py")
    }
    assert found | {"stc.starter"} == listed
