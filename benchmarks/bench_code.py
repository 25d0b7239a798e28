"""Measure `stc code` on a corpus built from the sample: time per phase and peak memory.

    python benchmarks/bench_code.py [--copies 20]

Each copy of the six sample interviews gets its own transcript id, so a run with 20 copies
codes 120 transcripts (about 250,000 words). Nothing is asserted; numbers are printed.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from pathlib import Path

from sample_project import SAMPLE, copy_sample

from stc.coding import code_project, write_coding
from stc.config import load_config


def build(root: Path, copies: int) -> Path:
    # Decisions in coding.yaml name the original transcript ids, which the copies do not have.
    copy_sample(root, ignore=("out", "transcripts", "coding.yaml"))
    (root / "transcripts").mkdir()
    for source in sorted((SAMPLE / "transcripts").glob("*.txt")):
        text = source.read_text(encoding="utf-8")
        for n in range(copies):
            new_id = f"{source.stem}-{n:03d}"
            (root / "transcripts" / f"{new_id}.txt").write_text(
                text.replace(f"id: {source.stem}", f"id: {new_id}"), encoding="utf-8"
            )
    return root / "stc.yaml"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        config = build(Path(folder) / "project", args.copies)
        project = load_config(config)
        tracemalloc.start()
        start = time.perf_counter()
        result = code_project(project)
        coded = time.perf_counter()
        write_coding(result)
        written = time.perf_counter()
        _, peak = tracemalloc.get_traced_memory()
        words = sum(c.words for c in result.coverage)
        print(f"transcripts: {len(result.transcripts)}, participant words: {words}")
        print(f"code_project: {coded - start:.2f} s ({words / (coded - start):,.0f} words/s)")
        print(f"write_coding: {written - coded:.2f} s")
        print(f"peak traced memory: {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
