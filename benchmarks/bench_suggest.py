"""Measure `stc suggest` on held-out decisions: does it find what the researcher added?

    python benchmarks/bench_suggest.py [--folds 3] [--seed 0]

On the sample's full review (coder kari), per code, the sentences with a decision are split
into ``--folds`` folds (seeded). For each fold, the model is trained on the other folds only;
the fold's decisions are hidden, and every participant sentence the codebook did not suggest
the code on and that is not in the training set is ranked, as `stc suggest` would rank it.

- P@10, P@20: the share of the top 10 / 20 that are held-out positives (sentences the
  researcher confirmed). Unreviewed sentences count as misses, so this is a floor.
- recall@20: of the held-out sentences the researcher *added* (confirmed without a codebook
  suggestion: the ones a suggester exists to find), the share that is in the top 20.
Numbers are summed over folds (P@k over folds × k places). There is no separate labelled set
in the project yet; when one exists it belongs here too. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
from sample_project import copy_sample

from stc.config import load_config
from stc.segments import Corpus, load_corpus
from stc.suggest import Features, Model, training_set


def evaluate(corpus: Corpus, coder: str, folds: int, seed: int) -> list[tuple[str, ...]]:
    values = corpus.values(coder)
    features = Features(corpus.segments)
    rows = []
    for code in corpus.codebook.code_ids:
        segments, labels = training_set(corpus, values, code)
        order = np.random.RandomState(seed).permutation(len(segments))
        fold_of = {segments[i].index: n % folds for n, i in enumerate(order)}
        label_of = {s.index: y for s, y in zip(segments, labels, strict=True)}
        hits10 = hits20 = added = found = places10 = places20 = 0
        for fold in range(folds):
            train = [s for s in segments if fold_of[s.index] != fold]
            train_labels = [label_of[s.index] for s in train]
            if sum(train_labels) < 2 or sum(train_labels) == len(train_labels):
                continue
            model = Model(features).fit(train, train_labels)
            trained = {s.index for s in train}
            pool = [
                s
                for s in corpus.segments
                if code not in s.suggested and s.index not in trained and s.lemmas
            ]
            scores = model.scores(pool).tolist()
            ranked = [
                s
                for _, s in sorted(
                    zip(scores, pool, strict=True),
                    key=lambda item: (-item[0], item[1].transcript.id, item[1].start),
                )
            ]
            held = {
                s.index
                for s in segments
                if fold_of[s.index] == fold and label_of[s.index] == 1 and code not in s.suggested
            }
            top10 = {s.index for s in ranked[:10]}
            top20 = {s.index for s in ranked[:20]}
            hits10 += len(top10 & held)
            hits20 += len(top20 & held)
            places10 += min(10, len(ranked))
            places20 += min(20, len(ranked))
            added += len(held)
            found += len(top20 & held)
        rows.append(
            (
                code,
                str(sum(label_of.values())),
                str(added),
                f"{hits10 / places10:.2f}" if places10 else "-",
                f"{hits20 / places20:.2f}" if places20 else "-",
                f"{found / added:.2f}" if added else "-",
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = load_corpus(load_config(copy_sample(Path(tmp) / "sample")))
        started = time.perf_counter()
        rows = evaluate(corpus, "kari", args.folds, args.seed)
        elapsed = time.perf_counter() - started
    header = ("code", "positives", "held-out added", "P@10", "P@20", "recall@20")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    print(
        f"\n{args.folds} folds, seed {args.seed}, {len(corpus.segments)} sentences; {elapsed:.1f} s"
    )


if __name__ == "__main__":
    main()
