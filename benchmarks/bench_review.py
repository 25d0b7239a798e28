"""Measure reading review decisions and re-attaching them, on a corpus of up to 1M words.

    python benchmarks/bench_review.py [--words 1000000]

The corpus is built from the sample's interviews; every copy's text differs (a copy number is
written into each participant turn), so nothing is deduplicated. One decision is written per
unit with a suggestion (accept or reject, with its quote) through stc's own writer. Then, for
half and for all of the corpus, it times:
- the floor: libyaml reading coding.yaml (what any reader of the file pays);
- reading and checking the decisions (``load_decisions``);
- attaching them to the units they name by id;
- re-attaching them by quote after a re-segmentation (``max_sentences`` 4 → 1, so no id is
  found and every decision goes through its quote).
Parsing is excluded (it is measured by bench_code.py). Time per decision should stay flat from
half to the whole corpus: re-attachment is not quadratic. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from sample_project import SAMPLE, copy_sample

from stc.coding import code_project
from stc.config import load_config
from stc.decisions import apply_decisions, load_decisions
from stc.review import Action, apply_actions

LABEL = re.compile(r"^(\[[^\]]*\] )?(Informant \d+: )", re.M)


def build(root: Path, words: int) -> Path:
    """A project of about ``words`` words: varied copies of the sample's .txt interviews."""
    copy_sample(root, ignore=("out", "transcripts", "*.yaml"))
    shutil.copy(SAMPLE / "stc.yaml", root / "stc.yaml")
    (root / "transcripts").mkdir()
    sources = sorted((SAMPLE / "transcripts").glob("*.txt"))
    per_copy = sum(len(p.read_text(encoding="utf-8").split()) for p in sources)
    for n in range(max(1, words // per_copy)):
        for source in sources:
            new_id = f"{source.stem}-{n:04d}"
            text = source.read_text(encoding="utf-8").replace(f"id: {source.stem}", f"id: {new_id}")
            text = LABEL.sub(lambda m, n=n: f"{m.group(0)}(opptak {n}) ", text)
            (root / "transcripts" / f"{new_id}.txt").write_text(text, encoding="utf-8")
    config = root / "stc.yaml"
    text = config.read_text(encoding="utf-8").replace("coder: kari", "coder: bench")
    config.write_text(text.replace("transcripts/*.docx, transcripts/*.vtt", ""), encoding="utf-8")
    return config


def measure(config: Path) -> dict[str, float]:
    project = load_config(config)
    result = code_project(project)
    path = project.coding_path
    actions = [
        Action(u, "accept" if i % 4 else "reject", sorted(u.states)[0])
        for i, u in enumerate(result.units)
    ]
    start = time.perf_counter()
    path.write_text(apply_actions(None, actions, "bench", path), encoding="utf-8")
    written = time.perf_counter() - start

    def timed(action: Callable[[], Any]) -> tuple[Any, float]:
        start = time.perf_counter()
        value = action()
        return value, time.perf_counter() - start

    text = path.read_text(encoding="utf-8")
    _, floor = timed(lambda: yaml.load(text, Loader=yaml.CSafeLoader))
    decisions, read = timed(lambda: load_decisions(path, result.codebook.code_ids))
    units, uncoded = copy.copy(result.units), copy.copy(result.uncoded)
    (_, _, review), by_id = timed(
        lambda: apply_decisions(decisions, "bench", units, uncoded, result.transcripts)
    )
    config.write_text(
        config.read_text(encoding="utf-8").replace("max_sentences: 4", "max_sentences: 1"),
        encoding="utf-8",
    )
    path.rename(path.with_suffix(".keep"))  # step 2 without decisions, then attach them
    split = code_project(load_config(config))
    path.with_suffix(".keep").rename(path)
    (_, _, moved), by_quote = timed(
        lambda: apply_decisions(decisions, "bench", split.units, split.uncoded, split.transcripts)
    )
    config.write_text(
        config.read_text(encoding="utf-8").replace("max_sentences: 1", "max_sentences: 4"),
        encoding="utf-8",
    )
    words = sum(c.words for c in result.coverage)
    return {
        "words": words,
        "decisions": len(decisions.entries),
        "orphans": len(moved.orphans),
        "write": written,
        "floor": floor,
        "read": read,
        "by_id": by_id,
        "by_quote": by_quote,
        "by_id_orphans": len(review.orphans),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=1_000_000)
    args = parser.parse_args()
    print(
        f"{'words':>9} {'decisions':>9} {'floor s':>8} {'read':>6} {'by id':>6} "
        f"{'by quote':>8} {'write':>6} {'µs/decision (quote)':>20} {'orphans':>7}"
    )
    for share in (0.5, 1.0):
        with tempfile.TemporaryDirectory() as folder:
            row = measure(build(Path(folder) / "project", int(args.words * share)))
        floor = row["floor"]
        print(
            f"{row['words']:>9,} {row['decisions']:>9,} {floor:>8.2f} "
            f"{row['read'] / floor:>5.1f}× {row['by_id'] / floor:>5.1f}× "
            f"{row['by_quote'] / floor:>7.1f}× {row['write'] / floor:>5.1f}× "
            f"{row['by_quote'] / row['decisions'] * 1e6:>20.1f} {row['orphans']:>7}"
        )


if __name__ == "__main__":
    main()
