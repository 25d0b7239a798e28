"""Benchmark corpora and measurements shared by bench_code.py and bench_run.py.

A corpus is built from the sample's .txt interviews, every copy varied so that no two
transcripts (and no two turns) are alike: a cache keyed by text cannot deduplicate it, and its
vocabulary grows with its size as a real corpus's does. Per copy, with a seeded generator:
the sentences of each participant turn are shuffled, some are left out, and made-up words
(names of places, medicines, people) are put in; the copy's number goes in every turn.

Every measurement is a separate process, timed from its start (imports included), with the
peak resident memory of its whole process tree sampled from /proc (Linux).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "transcripts_sample"
LABEL = re.compile(r"^(Informant \d+|I|Intervjuer):\s*", re.M)
SENTENCE = re.compile(r"(?<=[.!?])\s+")
SYLLABLES = ["ka", "lo", "mi", "ver", "sen", "tu", "rå", "del", "fjo", "bek", "an", "stad"]

# The floor: spaCy's blank pipeline and sentencizer over the same participant text, in a fresh
# process, imports included. Nothing stc does to a corpus can be faster than tokenizing it.
FLOOR = """
import sys, spacy
nlp = spacy.blank(sys.argv[2]); nlp.add_pipe("sentencizer")
texts = open(sys.argv[1], encoding="utf-8").read().split("\\n\\n")
print(sum(len(doc) for doc in nlp.pipe(texts, batch_size=64)))
"""


def measured_stc() -> str:
    """Where the stc the benchmark runs comes from (PYTHONPATH first, else the installed one):
    printed with every table, so a table always says which code it measured."""
    found = subprocess.run(
        [sys.executable, "-c", "import os, stc; print(os.path.dirname(stc.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.strip()


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _made_up(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _vary(text: str, rng: random.Random, n: int) -> str:
    """The interview with every participant turn changed; labels and front matter kept."""
    out = []
    for line in text.splitlines(keepends=True):
        match = LABEL.match(line)
        if not match or match.group(1) in ("I", "Intervjuer"):
            out.append(line)
            continue
        body = line[match.end() :].rstrip("\n")
        sentences = [s for s in SENTENCE.split(body) if s]
        rng.shuffle(sentences)
        kept = [s for s in sentences if rng.random() > 0.15] or sentences[:1]
        if rng.random() < 0.5:
            kept.append(f"Det var på {_made_up(rng).title()} med {_made_up(rng)}en.")
        out.append(f"{match.group(0)}(opptak {n}) {' '.join(kept)}\n")
    return "".join(out)


def build(root: Path, words: int, seed: int = 1) -> Path:
    """A project of about ``words`` words of varied interviews; returns its stc.yaml."""
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("out", "transcripts", "*.lock"))
    (root / "transcripts").mkdir()
    # No decisions (the sample's are about its own units): an empty coding.yaml, not a missing
    # one, which step 2 refuses while condensation.yaml holds condensates.
    (root / "coding.yaml").write_text("", encoding="utf-8")
    sources = sorted((SAMPLE / "transcripts").glob("*.txt"))
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sources}
    rng = random.Random(seed)
    total, n = 0, 0
    while total < words:
        for stem, text in texts.items():
            new_id = f"{stem}-{n:04d}"
            varied = _vary(text.replace(f"id: {stem}", f"id: {new_id}"), rng, n)
            (root / "transcripts" / f"{new_id}.txt").write_text(varied, encoding="utf-8")
            total += len(varied.split())
        n += 1
    config = root / "stc.yaml"
    text = config.read_text(encoding="utf-8").replace("coder: kari", "coder: bench")
    # The codebook, wherever the sample keeps it, goes beside the corpus's own stc.yaml.
    named = re.search(r"^codebook: *(\S+)", text, re.M)
    assert named, config
    codebook = (SAMPLE / named.group(1)).resolve()
    (root / "codebooks").mkdir(exist_ok=True)
    shutil.copy(codebook, root / "codebooks" / codebook.name)
    text = text.replace(named.group(0), f"codebook: codebooks/{codebook.name}")
    config.write_text(text.replace("transcripts/*.docx, transcripts/*.vtt", ""), encoding="utf-8")
    return config


def participant_text(config: Path, target: Path) -> int:
    """Write the corpus's participant turns, one per paragraph; returns the word count."""
    from stc.config import load_config
    from stc.corpus import load_transcripts

    turns = [
        turn.content(t.text)
        for t in load_transcripts(load_config(config))
        for turn in t.turns
        if turn.role == "participant"
    ]
    target.write_text("\n\n".join(turns), encoding="utf-8")
    return sum(len(t.split()) for t in turns)


def _tree_memory(pid: int) -> int:
    """Memory of a process and its descendants, in bytes: the sum of their proportional set
    sizes (Linux /proc/*/smaps_rollup), so pages a forked worker shares with its parent are
    counted once, not once per process as resident sizes would."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stack.extend(children.get(current, []))
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, ValueError):
            continue
    return total


@dataclass
class Measure:
    seconds: float
    peak: int  # bytes, the whole process tree


def measure(args: list[str], cwd: Path | None = None) -> Measure:
    """Run a command to completion; its wall time and the peak memory of its process tree."""
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_memory(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{stderr}")
    return Measure(seconds, peak)


def floor(text_file: Path, language: str = "nb") -> Measure:
    return measure([sys.executable, "-c", FLOOR, str(text_file), language])


def stc(*args: str) -> list[str]:
    return [sys.executable, "-m", "stc", *args]


def edit_codebook(config: Path) -> None:
    """A researcher's edit: one keyword more in one code."""
    from stc.config import load_config

    path = load_config(config).codebook_path
    text = path.read_text(encoding="utf-8")
    first = re.search(r"keywords: \[", text)
    assert first, path
    path.write_text(text[: first.end()] + "benkeforsker, " + text[first.end() :], "utf-8")


def _row(label: str, m: Measure, base: float) -> str:
    return f"| {label} | {m.seconds:.2f} s | {m.seconds / base:.2f}x | {m.peak / 2**20:,.0f} MiB |"


def compare_with_floor(command: str, edit: bool) -> None:
    """The benchmark both scripts run: per corpus size, the floor, then `stc COMMAND` cold
    (with one worker process and with two), warm, and, with ``edit``, after a codebook edit;
    printed as a Markdown table. ``--no-jobs`` measures an stc from before ``--jobs``."""
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
            plain = stc(command, "-c", str(config))
            runs = [("", plain)] if args.no_jobs else [(", --jobs 1", [*plain, "--jobs", "1"])]
            if not args.no_jobs:
                runs.append((", --jobs 2", [*plain, "--jobs", "2"]))
            for suffix, args_ in runs:
                shutil.rmtree(out, ignore_errors=True)
                results.append((f"cold{suffix}", measure(args_)))
            suffix, last = runs[-1]
            results.append((f"warm{suffix}", measure(last)))
            if edit:
                edit_codebook(config)
                results.append((f"after a codebook edit{suffix}", measure(last)))
            transcripts = len(list((config.parent / "transcripts").glob("*.txt")))
            print(f"\n{spoken:,} participant words, {transcripts} transcripts\n")
            print(f"| stc {command} | time | × floor | peak memory |")
            print("|---|---|---|---|")
            for label, m in results:
                print(_row(label, m, base.seconds))
