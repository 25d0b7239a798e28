"""Kill `stc run` and `stc condense` at random moments, thirty times each, and check the files.

    python benchmarks/kill_run.py [--rounds 30] [--seed 12]

Each round starts stc in a subprocess, sends SIGKILL or SIGINT after a random part of a full
run's duration, and checks that condensation.yaml and coding.yaml are the old or the new
bytes and that out/ holds the old or the new outputs, never a mix (the test suite runs one
round of each). Prints every problem, and every temporary file a kill left beside
condensation.yaml; exits 1 if there is a problem.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_kill import kill_rounds  # noqa: E402 - the repository root first


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="kills per command and signal")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    rounds = {
        (command, signum): args.rounds
        for command in ("run", "condense")
        for signum in (signal.SIGKILL, signal.SIGINT)
    }
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="stc-kill-") as folder:
        problems, notes = kill_rounds(Path(folder), rounds, args.seed)
    total = sum(rounds.values())
    print(f"{total} kills in {time.monotonic() - started:.0f} s; {len(problems)} problems")
    for line in problems + notes:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
