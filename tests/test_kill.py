"""Killing stc at any moment loses nothing: SIGKILL and SIGINT of `stc run` and `stc condense`.

After each kill, condensation.yaml and coding.yaml are byte-identical to before or to what a
finished run writes, and out/ (once the next command has finished or discarded the
interrupted write, as every command does first) holds the old outputs or the new ones,
never a mix. The suite runs a few rounds; ``benchmarks/kill_run.py`` runs thirty of each.
Also, in-process: a write interrupted after every single file operation.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stc.output import JOURNAL, LEDGER, STAGING, recover, write_outputs
from tests.conftest import CODEBOOK, CONFIG, INTERVIEW, ROOT, stc

SECOND = "I: Og du?\nInformant 2: Jeg var ikke alene. Gruppelederen var ung og flink.\n"
CODING = (
    "- transcript: informant-2\n  quote: Gruppelederen var ung og flink\n  add: [leder/leder]\n"
)
# The change between the old outputs and the new: the researcher confirms one more passage
# (only confirmed codes reach condensation).
NEW_CODING = CODING + (
    '- transcript: informant-1\n  quote: "Jeg var redd."\n  add: [fellesskap/gruppe]\n'
)


def outputs(folder: Path) -> dict[str, bytes]:
    """What out/ holds for a reader: every output but the cache and stc's bookkeeping, and
    the manifest without its time stamp."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or relative.parts[0] in (".cache", STAGING, LEDGER):
            continue
        data = path.read_bytes()
        if path.name == "manifest.json":
            manifest = json.loads(data)
            manifest.pop("created")
            data = json.dumps(manifest, sort_keys=True).encode()
        found[relative.as_posix()] = data
    return found


def stc_process(project: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "stc", *args, "-c", str(project / "stc.yaml")],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def make(folder: Path) -> Path:
    (folder / "transcripts").mkdir(parents=True)
    (folder / "transcripts" / "informant-1.txt").write_text(INTERVIEW, encoding="utf-8")
    (folder / "transcripts" / "informant-2.txt").write_text(SECOND, encoding="utf-8")
    (folder / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    (folder / "coding.yaml").write_text(CODING, encoding="utf-8")
    (folder / "stc.yaml").write_text(CONFIG, encoding="utf-8")
    return folder


def kill_rounds(
    folder: Path, rounds: dict[tuple[str, int], int], seed: int = 12
) -> tuple[list[str], list[str]]:
    """Kill `stc run`/`stc condense` at random moments: every problem found, and notes.

    The notes list temporary files a kill left beside condensation.yaml (a SIGKILL gives a
    writer no chance to remove them); they are removed after each round.

    ``rounds`` maps (command, signal) to how many kills. The project starts from a finished
    run; coding.yaml then confirms one more passage, so a finished run writes new outputs and
    new drafts.
    """
    project = make(folder / "project")
    assert stc("run", "-c", project / "stc.yaml")[0] == 0
    old_out = outputs(project / "out")
    old_condensation = (project / "condensation.yaml").read_bytes()
    (project / "coding.yaml").write_text(NEW_CODING, encoding="utf-8")
    coding = (project / "coding.yaml").read_bytes()
    reference = folder / "reference"
    shutil.copytree(project, reference)
    started = time.monotonic()
    assert stc_process(reference, "run").wait() == 0
    duration = time.monotonic() - started
    new_out = outputs(reference / "out")
    new_condensation = (reference / "condensation.yaml").read_bytes()
    assert new_out != old_out and new_condensation != old_condensation

    problems: list[str] = []
    notes: list[str] = []
    chance = random.Random(seed)
    plan = [key for key, n in sorted(rounds.items()) for _ in range(n)]
    chance.shuffle(plan)
    for number, (command, signum) in enumerate(plan, 1):
        process = stc_process(project, command)
        # Most of a run is starting Python and spaCy; the writes come at the end.
        time.sleep(chance.uniform(0.2, 1.0) * duration)
        process.send_signal(signum)
        process.wait()
        what = f"round {number} ({command}, {signal.Signals(signum).name})"
        if (project / "condensation.yaml").read_bytes() not in (old_condensation, new_condensation):
            problems.append(f"{what}: condensation.yaml is neither the old nor the new text")
        if (project / "coding.yaml").read_bytes() != coding:
            problems.append(f"{what}: coding.yaml changed")
        for leftover in sorted(project.glob(".*.tmp")):
            notes.append(f"{what}: left {leftover.name}")
            leftover.unlink()
        recover(project / "out")  # what the next command does first
        if outputs(project / "out") not in (old_out, new_out):
            problems.append(f"{what}: out/ is a mix of old and new outputs")
    return problems, notes


def test_killed_runs_and_condenses_leave_old_or_new_never_a_mix(tmp_path: Path) -> None:
    # A round costs a few seconds (starting Python and spaCy): one of each here, thirty of
    # each with `python benchmarks/kill_run.py`.
    per_signal = int(os.environ.get("STC_KILL_ROUNDS", "1"))
    rounds = {
        (command, signum): per_signal
        for command in ("run", "condense")
        for signum in (signal.SIGKILL, signal.SIGINT)
    }
    problems, _ = kill_rounds(tmp_path, rounds)
    assert problems == []


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even ``except Exception``."""


@pytest.mark.parametrize("operation", ["replace", "unlink"])
def test_a_write_interrupted_after_any_file_operation_is_old_or_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, operation: str
) -> None:
    old = {"a.txt": "old a", "b/c.txt": "old c", "stale.txt": "old"}
    new = {"a.txt": "new a", "b/c.txt": "new c", "d.txt": "new d"}
    old_state = {k: v.encode() for k, v in old.items()}
    new_state = {k: v.encode() for k, v in new.items()}
    real = getattr(os, operation)
    step = 0
    while True:
        out = tmp_path / f"out-{step}"
        write_outputs(out, old)
        calls = 0

        def dying(*args: object, limit: int = step, **kwargs: object) -> None:
            nonlocal calls
            calls += 1
            if calls > limit:
                raise Killed
            real(*args, **kwargs)

        monkeypatch.setattr(os, operation, dying)
        try:
            write_outputs(out, new, remove=["stale.txt"])
            finished = True
        except Killed:
            finished = False
        finally:
            monkeypatch.setattr(os, operation, real)
        recover(out)
        state = {
            p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != LEDGER and ".cache" not in p.parts
        }
        assert state in (old_state, new_state), (operation, step)
        assert not (out / JOURNAL).exists() and not (out / STAGING).exists()
        if finished:
            assert state == new_state
            break
        step += 1
    assert step >= 2  # the write was interrupted at several points before it finished


def test_two_runs_at_once_take_turns_and_leave_one_whole_output(tmp_path: Path) -> None:
    project = make(tmp_path / "project")
    reference = make(tmp_path / "reference")
    assert stc("run", "-c", reference / "stc.yaml")[0] == 0
    first, second = stc_process(project, "run"), stc_process(project, "run")
    assert (first.wait(), second.wait()) == (0, 0)
    assert outputs(project / "out") == outputs(reference / "out")
    assert not (project / "out" / STAGING).exists()
