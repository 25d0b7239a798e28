"""Fixtures: small real projects on disk and the real embedded pipeline."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from stc.cli import app
from stc.coding import CodingResult, code_project
from stc.config import load_config
from stc.nlp import Pipeline, embedded_pipeline

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "transcripts_sample"

CODEBOOK = """\
name: Test
language: nb
groups:
  - id: fellesskap
    label: Fellesskap
    codes:
      - id: ikke-alene
        label: Ikke alene
        keywords: [alene, "den eneste"]
        exclude: ["alene hjemme"]
        examples: ["Jeg var ikke alene lenger."]
        counterexamples: ["Han var alene hjemme."]
      - id: gruppe
        label: Gruppa
        keywords: [gruppe]
        examples: ["Gruppa var fin."]
  - id: leder
    label: Lederen
    codes:
      - id: leder
        label: Lederen
        keywords: ["*leder"]
        examples: ["Gruppelederen var ung."]
"""

CONFIG = """\
title: Test
language: nb
transcripts: [transcripts/*.txt]
codebook: codebook.yaml
speakers:
  interviewer: [I]
output: out
"""

INTERVIEW = """\
---
id: informant-1
attributes: {alder: 34}
---
[00:00:05] I: Hvordan var det å begynne i gruppa?
[00:00:12] Informant 1: Jeg var redd. Jeg trodde jeg var den eneste.
Men så merket jeg at jeg ikke var alene.
I: Mhm.
Informant 1: Gruppelederen var flink. Været var fint.
"""

MakeProject = Callable[..., Path]


def copy_sample(dest: Path) -> Path:
    """Copy the sample project (without out/) to ``dest``, and its codebook to where the
    sample's stc.yaml names it (``../codebooks/``, beside ``dest``); returns the copied
    stc.yaml."""
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns("out"))
    named = yaml.safe_load((SAMPLE / "stc.yaml").read_text(encoding="utf-8"))["codebook"]
    codebook = Path(os.path.normpath(dest / named))
    codebook.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(os.path.normpath(SAMPLE / named), codebook)
    return dest / "stc.yaml"


def stc(*args: str | Path) -> tuple[int, str, str]:
    """Run the CLI as a researcher would: exit code, stdout, stderr."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def error_line(stderr: str) -> str:
    """The first ``Error:`` line; there must be one, and no traceback."""
    lines = [line for line in stderr.splitlines() if line.startswith("Error:")]
    assert lines, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture(scope="session")
def nb() -> Pipeline:
    return embedded_pipeline("nb")


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Write a project; returns the path of its stc.yaml."""

    def make(
        transcripts: dict[str, str | bytes] | None = None,
        codebook: str | None = CODEBOOK,
        config: str = CONFIG,
        coding: str | None = None,
    ) -> Path:
        (tmp_path / "transcripts").mkdir(exist_ok=True)
        for name, content in (transcripts or {"informant-1.txt": INTERVIEW}).items():
            path = tmp_path / "transcripts" / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        if codebook is not None:
            (tmp_path / "codebook.yaml").write_text(codebook, encoding="utf-8")
        if coding is not None:
            (tmp_path / "coding.yaml").write_text(coding, encoding="utf-8")
        (tmp_path / "stc.yaml").write_text(config, encoding="utf-8")
        return tmp_path / "stc.yaml"

    return make


def accepting(result: CodingResult) -> CodingResult:
    """The result as if the researcher had accepted every suggestion (in memory only)."""
    for unit in result.units:
        unit.states = {c: "accepted" if s == "suggested" else s for c, s in unit.states.items()}
    return result


def accept_suggestions(config: Path) -> Path:
    """Accept every suggestion in coding.yaml, flagged ones too, through the same writer
    `stc review` uses."""
    from stc.review import Action, decide

    result = code_project(load_config(config), use_cache=False)
    actions = [
        Action(u, "accept", code)
        for code in result.codebook.code_ids
        for u in result.units
        if u.states.get(code) == "suggested"
    ]
    decide(result.project.coding_path, actions, result.coder)
    return config
