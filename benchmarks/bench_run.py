"""`stc run` (all four steps) against the floor, at several corpus sizes: cold and warm, with
one worker process and with two; and peak memory.

    python benchmarks/bench_run.py [--words 100000 300000 1000000]

The corpus and the floor are those of bench_code.py (see corpus.py): varied copies of the
sample's interviews, and spaCy's blank pipeline with a sentencizer over the same participant
text in a fresh process. cold: out/ removed first; warm: the same command again. Nothing is
asserted; a table is printed.
"""

from __future__ import annotations

from corpus import compare_with_floor

if __name__ == "__main__":
    compare_with_floor("run", edit=False)
