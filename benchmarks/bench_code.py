"""`stc code` against the floor, at several corpus sizes: cold, warm, after a codebook edit,
with one worker process and with two; and peak memory.

    python benchmarks/bench_code.py [--words 100000 300000 1000000]

The floor is spaCy's blank pipeline and sentencizer over the same participant text, in a
fresh process with its imports: what tokenizing the corpus costs at the least. Every number
is a fresh `stc code` process (imports included) on a corpus whose copies all differ (see
corpus.py), so the parse cache cannot deduplicate it:
- cold: no cache (out/ removed), `--jobs 1` and `--jobs 2`;
- warm: the same command again (the token cache read, nothing tokenized);
- after edit: one keyword added to the codebook, then `stc code` (cache warm).
Ratios are to the floor measured in the same run. Nothing is asserted; a table is printed.
"""

from __future__ import annotations

from corpus import compare_with_floor

if __name__ == "__main__":
    compare_with_floor("code", edit=True)
