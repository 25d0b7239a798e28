"""How well codebook keywords find what a researcher means, per language and per key type.

    python benchmarks/bench_quality.py [--languages nb da sv en] [--check]

Each language has a small codebook (``quality/<lang>.codebook.yaml``) and synthetic sentences
written for this benchmark with the codes a careful researcher would give them
(``quality/<lang>.tsv``: codes, a tab, the sentence). The codebook is run twice: "before"
matches by form and dictionary lemma only (what stc did when a token had one lemma), "after"
by every key in ``stc.keys``. Precision, recall and F1 are counted over (sentence, code) pairs.
The per-key table shows, for "after", how many codes were given under each key (the strongest
key of the code's evidence) and how many of those were right. ``--check`` exits 1 unless
"after" raises recall and keeps precision for every language.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from stc.codebook import CodebookMatcher, Evidence, load_codebook
from stc.keys import ALL_KEYS, BASIC_KEYS, KEY_LABELS, KEY_TYPES
from stc.nlp import embedded_pipeline

QUALITY = Path(__file__).resolve().parent / "quality"
LANGUAGES = ("nb", "da", "sv", "en")


@dataclass(frozen=True)
class Labelled:
    line: int
    text: str
    codes: frozenset[str]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    by_key: Counter[str] = field(default_factory=Counter)
    right_by_key: Counter[str] = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_sentences(path: Path, code_ids: list[str]) -> list[Labelled]:
    """The labelled sentences; a code is written by its code id (unique in the codebook)."""
    full = {c.split("/")[1]: c for c in code_ids}
    sentences = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        codes, _, text = line.partition("\t")
        if not text:
            raise SystemExit(f"{path}:{number}: write the codes, a tab, then the sentence")
        wanted = [c for c in codes.split(";") if c and c != "-"]
        unknown = [c for c in wanted if c not in full]
        if unknown:
            raise SystemExit(f"{path}:{number}: unknown code '{unknown[0]}'")
        sentences.append(Labelled(number, text, frozenset(full[c] for c in wanted)))
    return sentences


def strongest_key(evidence: tuple[Evidence, ...]) -> str:
    """The strongest key of a code's evidence: the reason it would be given anyway."""
    keys = [k for e in evidence for k in (e.keys or (e.rule,))]
    ranked = [k for k in KEY_TYPES if k in keys]
    return ranked[0] if ranked else keys[0]


def score(language: str, keys: frozenset[str]) -> tuple[Score, list[str]]:
    """Score one language with matching limited to ``keys``; also the sentences it got wrong."""
    codebook = load_codebook(QUALITY / f"{language}.codebook.yaml", language)
    pipeline = embedded_pipeline(language)
    matcher = CodebookMatcher(codebook, pipeline, keys=keys)
    sentences = read_sentences(QUALITY / f"{language}.tsv", codebook.code_ids)
    result = Score()
    wrong = []
    for sentence in sentences:
        found = matcher.code_text(sentence.text)
        for code_id, evidence in found.items():
            key = strongest_key(evidence)
            result.by_key[key] += 1
            if code_id in sentence.codes:
                result.tp += 1
                result.right_by_key[key] += 1
            else:
                result.fp += 1
                wrong.append(f"  FP {code_id}: {sentence.text} ({'; '.join(map(str, evidence))})")
        for code_id in sorted(sentence.codes - set(found)):
            result.fn += 1
            wrong.append(f"  FN {code_id}: {sentence.text}")
    return result, wrong


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--languages", nargs="+", default=list(LANGUAGES))
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--errors", action="store_true", help="list every miss and false hit")
    args = parser.parse_args()
    print(
        "| language | sentences | codes | P before | R before | F1 before | P after | R after | F1 after |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    failed = []
    details = []
    for language in args.languages:
        before, _ = score(language, BASIC_KEYS)
        after, wrong = score(language, ALL_KEYS)
        codebook = load_codebook(QUALITY / f"{language}.codebook.yaml", language)
        n = len(read_sentences(QUALITY / f"{language}.tsv", codebook.code_ids))
        print(
            f"| {language} | {n} | {after.tp + after.fn} | {before.precision:.3f} | "
            f"{before.recall:.3f} | {before.f1:.3f} | {after.precision:.3f} | "
            f"{after.recall:.3f} | {after.f1:.3f} |"
        )
        if after.recall <= before.recall or after.precision < before.precision:
            failed.append(language)
        details.append((language, after, wrong))
    print()
    print("| language | key | codes given | right | precision |")
    print("|---|---|---:|---:|---:|")
    for language, after, _ in details:
        for key in (*KEY_TYPES, "regex", "pattern"):
            given = after.by_key.get(key, 0)
            if given:
                right = after.right_by_key.get(key, 0)
                label = KEY_LABELS.get(key, key)
                print(f"| {language} | {label} | {given} | {right} | {right / given:.3f} |")
    if args.errors:
        for language, _, wrong in details:
            print(f"\n{language}:")
            print("\n".join(wrong))
    if args.check and failed:
        print(f"\nrecall not raised or precision lowered for: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
