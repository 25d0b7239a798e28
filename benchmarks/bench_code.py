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

import argparse
import platform
import shutil
import tempfile
from pathlib import Path

from corpus import (
    Measure,
    build,
    cores,
    edit_codebook,
    floor,
    measure,
    measured_stc,
    participant_text,
    stc,
)


def row(label: str, m: Measure, base: float) -> str:
    return f"| {label} | {m.seconds:.2f} s | {m.seconds / base:.2f}x | {m.peak / 2**20:,.0f} MiB |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument(
        "--no-jobs",
        action="store_true",
        help="for an stc without --jobs (to measure a version from before it): one process",
    )
    args = parser.parse_args()
    print(
        f"Machine: {platform.machine()}, {cores()} cores, Python {platform.python_version()}; "
        f"stc from {measured_stc()}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for words in args.words:
            config = build(Path(folder) / f"corpus-{words}", words)
            text = Path(folder) / f"participants-{words}.txt"
            spoken = participant_text(config, text)
            out = config.parent / "out"
            base = floor(text)
            results = [("floor (spaCy blank + sentencizer)", base)]
            command = stc("code", "-c", str(config))
            if args.no_jobs:
                shutil.rmtree(out, ignore_errors=True)
                results.append(("cold", measure(command)))
                results.append(("warm", measure(command)))
                edit_codebook(config)
                results.append(("after a codebook edit", measure(command)))
            else:
                for jobs in ("1", "2"):
                    shutil.rmtree(out, ignore_errors=True)
                    results.append((f"cold, --jobs {jobs}", measure([*command, "--jobs", jobs])))
                results.append(("warm, --jobs 2", measure([*command, "--jobs", "2"])))
                edit_codebook(config)
                results.append(
                    ("after a codebook edit, --jobs 2", measure([*command, "--jobs", "2"]))
                )
            transcripts = len(list((config.parent / "transcripts").glob("*.txt")))
            print(f"\n{spoken:,} participant words, {transcripts} transcripts\n")
            print("| stc code | time | × floor | peak memory |")
            print("|---|---|---|---|")
            for label, m in results:
                print(row(label, m, base.seconds))


if __name__ == "__main__":
    main()
