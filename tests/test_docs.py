"""The README stays honest: its sessions are real output, every command is documented."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stc.cli import app
from tests.conftest import ROOT, copy_sample

README = (ROOT / "README.md").read_text(encoding="utf-8")
# A console block holds one or more `$ stc …` commands, each followed by its output; the
# commands of one block run in order in one copy of the sample project.
BLOCKS = re.findall(r"```console\n(\$ stc .*?)```", README, re.S)


def session(block: str) -> list[tuple[str, str]]:
    parts = re.split(r"^\$ (stc [^\n]*)\n", block, flags=re.M)
    return list(zip(parts[1::2], parts[2::2], strict=True))


def test_every_command_is_documented() -> None:
    commands = sorted(
        c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands
    )
    assert "code" in commands and "" not in commands
    for name in commands:
        assert f"`stc {name}" in README, f"stc {name} is not in the README's command table"


def test_ci_runs_the_readme_setup_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    setup = re.findall(r"```sh\n(python3 -m venv[^\n]+)\n```", README)
    assert len(setup) == 2
    for line in setup:
        assert line in ci


@pytest.mark.parametrize("block", BLOCKS, ids=[b.split("\n")[0] for b in BLOCKS])
def test_readme_sessions_show_real_output(
    block: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_sample(tmp_path / "transcripts_sample")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    for command, expected in session(block):
        result = CliRunner().invoke(app, shlex.split(command)[1:])
        assert result.exit_code == 0, result.output
        assert result.output == expected, command
    assert os.getcwd() == str(tmp_path)


def test_the_readme_report_excerpt_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    excerpt = re.search(r"```markdown\n(.*?)```", README, re.S)
    assert excerpt, "the README shows an excerpt of report.md"
    copy_sample(tmp_path / "transcripts_sample")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["run", "-c", "transcripts_sample/stc.yaml"]).exit_code == 0
    report = (tmp_path / "transcripts_sample" / "out" / "report.md").read_text(encoding="utf-8")
    assert excerpt.group(1) in report
