"""Measure `stc anonymize`: loading the names list and the lexicon, then a dry run on a corpus.

    python benchmarks/bench_anonymize.py [--words 250000]

Each part runs in a fresh process so that nothing is cached from the one before. The names
list must load well under a second and 100 MB; the lexicon is simplemma's dictionary, which
the lemmatizer of `stc code` loads anyway. A hostile transcript (one hyphen chain of up to
80,000 capitalised parts) must take time in proportion to its length. Nothing is asserted;
numbers are printed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from corpus import build  # the same corpus: varied copies of the sample's interviews

MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time, tracemalloc
    from pathlib import Path
    from stc.anonymize import AnonymizeSettings, anonymize_project
    from stc.anonymize.names import load_lexicon, load_names
    from stc.config import load_config

    part, traced = sys.argv[1], sys.argv[2] == "traced"
    if traced:  # tracemalloc slows allocation-heavy code down many times: a run of its own
        tracemalloc.start()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    if part == "names":
        size = len(load_names())
    elif part == "lexicon":
        lexicon = load_lexicon("nb")
        size = sum(lexicon.is_common(w) for w in ("bjørn", "sol", "kari"))
    elif part == "chain":  # hostile: one hyphen chain of argv[3] capitalised parts
        from stc.anonymize.detect import find_identifiers
        from stc.readers import read_transcript

        load_lexicon("nb")  # loaded before the clock in effect: measured above
        start = time.perf_counter()
        path = Path(sys.argv[4]) / "chain.txt"
        path.write_text("Informant 1: " + "-".join(["Ab"] * int(sys.argv[3])) + " 5.\\n")
        size = len(find_identifiers(read_transcript(path, ["I"]), AnonymizeSettings(), "nb"))
    else:
        report = anonymize_project(
            load_config(Path(sys.argv[3])), AnonymizeSettings(), dry_run=True
        )
        size = sum(len(t.findings) for t in report.transcripts)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mib": peak / 2**20,
                      "rss_growth_mib": (after - before) / 1024, "size": size}))
    """
)


def measure(part: str, *args: str) -> dict[str, float]:
    """Time and RSS growth from one fresh process, peak traced memory from another.

    Imports happen before the clock starts: they are the same for every stc command.
    """

    def once(mode: str) -> dict[str, float]:
        output = subprocess.run(
            [sys.executable, "-c", MEASURE, part, mode, *args],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        found: dict[str, float] = json.loads(output.strip().splitlines()[-1])
        return found

    result = once("plain")
    result["peak_mib"] = once("traced")["peak_mib"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=250_000)
    args = parser.parse_args()
    names = measure("names")
    print(
        f"names list: {names['size']:.0f} names, {names['seconds'] * 1000:.1f} ms, "
        f"peak traced {names['peak_mib']:.1f} MiB, RSS +{names['rss_growth_mib']:.1f} MiB"
    )
    lexicon = measure("lexicon")
    print(
        f"nb lexicon (simplemma, shared with the lemmatizer): {lexicon['seconds']:.2f} s, "
        f"peak traced {lexicon['peak_mib']:.1f} MiB, RSS +{lexicon['rss_growth_mib']:.1f} MiB"
    )
    with tempfile.TemporaryDirectory() as folder:
        # Hostile input: the time must grow with the chain's length, not with its square.
        chains = {n: measure("chain", str(n), folder)["seconds"] for n in (5_000, 20_000, 80_000)}
        print(
            "one hyphen chain of 5,000 / 20,000 / 80,000 parts: "
            + " / ".join(f"{s:.2f} s" for s in chains.values())
            + f" ({chains[80_000] / chains[5_000]:.1f}x for 16x the text)"
        )
        config = build(Path(folder) / "project", args.words)
        words = sum(
            len(p.read_text(encoding="utf-8").split())
            for p in (config.parent / "transcripts").glob("*.txt")
        )
        run = measure("run", str(config))
        print(
            f"dry run on {words:,} words: {run['seconds']:.2f} s "
            f"({words / run['seconds']:,.0f} words/s incl. loading), {run['size']:.0f} findings, "
            f"peak traced {run['peak_mib']:.1f} MiB"
        )


if __name__ == "__main__":
    main()
