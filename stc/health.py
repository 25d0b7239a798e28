"""The codebook measured against the review: which rules earn their suggestions.

The codebook is treated as one more coder and compared with the deciding coder's review:
per code and per rule (keyword, regex, pattern) how many suggestions were accepted and
rejected (precision), and how many confirmed units the codebook did not suggest (recall).
Rules whose suggestions are mostly rejected are flagged with their rejected texts; words
frequent in added units and matched by no keyword are offered as candidate keywords. Nothing
here changes the codebook: the researcher decides.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from stc.codebook.matcher import pattern_text
from stc.config import Project
from stc.decisions import deciding_coder
from stc.segments import Corpus, load_corpus
from stc.units import Unit

COLUMNS = [
    "kind",
    "code",
    "rule",
    "pattern",
    "accepted",
    "rejected",
    "added",
    "pending",
    "precision",
    "recall",
    "flag",
    "texts",
]
MOSTLY_REJECTED = 0.5  # a rule is flagged when at least this share of its decided hits is rejected
CANDIDATES = 10  # candidate keywords shown per code
MIN_COUNT = 2  # a candidate keyword stands in at least this many added units
MIN_LENGTH = 3


@dataclass
class Tally:
    accepted: int = 0
    rejected: int = 0
    added: int = 0
    pending: int = 0
    rejected_texts: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        decided = self.accepted + self.rejected
        return self.accepted / decided if decided else None

    @property
    def recall(self) -> float | None:
        confirmed = self.accepted + self.added
        return self.accepted / confirmed if confirmed else None

    @property
    def mostly_rejected(self) -> bool:
        decided = self.accepted + self.rejected
        return bool(decided) and self.rejected / decided >= MOSTLY_REJECTED


@dataclass
class CodeHealth:
    code: str
    tally: Tally
    rules: dict[tuple[str, str], Tally]  # (rule, pattern) → its suggestions' fate
    candidates: list[tuple[str, int]]  # lemma, added units it stands in


@dataclass
class Health:
    coder: str | None
    codes: list[CodeHealth]

    @property
    def flagged(self) -> list[tuple[str, str, str, Tally]]:
        return [
            (c.code, rule, pattern, t)
            for c in self.codes
            for (rule, pattern), t in sorted(c.rules.items())
            if t.mostly_rejected
        ]

    def frame(self) -> pd.DataFrame:
        rows: list[dict[str, object]] = []
        for item in self.codes:
            rows.append(_row("code", item.code, "", "", item.tally, ""))
            for (rule, pattern), tally in sorted(item.rules.items()):
                flag = "half or more rejected" if tally.mostly_rejected else ""
                if not tally.accepted + tally.rejected + tally.pending:
                    flag = "suggested nothing"
                rows.append(_row("rule", item.code, rule, pattern, tally, flag))
            for lemma, count in item.candidates:
                rows.append(
                    {
                        **dict.fromkeys(COLUMNS, ""),
                        "kind": "candidate",
                        "code": item.code,
                        "rule": "keyword",
                        "pattern": lemma,
                        "added": count,
                        "flag": "candidate keyword",
                    }
                )
        return pd.DataFrame(rows, columns=COLUMNS)


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _row(kind: str, code: str, rule: str, pattern: str, t: Tally, flag: str) -> dict[str, object]:
    return {
        "kind": kind,
        "code": code,
        "rule": rule,
        "pattern": pattern,
        "accepted": t.accepted,
        "rejected": t.rejected,
        "added": t.added if kind == "code" else "",
        "pending": t.pending,
        "precision": _ratio(t.precision),
        "recall": _ratio(t.recall) if kind == "code" else "",
        "flag": flag,
        "texts": " | ".join(t.rejected_texts) if flag else "",
    }


def _unmatched(corpus: Corpus, lemma: str) -> bool:
    """Whether no keyword word of the codebook (any code, exclusions too) matches ``lemma``."""
    for rules in corpus.matcher.rules:
        for keyword in [*rules.keywords, *rules.exclude]:
            if any(e.matches(lemma, lemma) for e in keyword.elements):
                return False
    return True


def _candidates(corpus: Corpus, added: list[Unit]) -> list[tuple[str, int]]:
    stop = corpus.pipeline.nlp.Defaults.stop_words
    counts: Counter[str] = Counter()
    for unit in added:
        lemmas = {
            lemma
            for segment in corpus.overlapping(unit)
            for lemma in segment.lemmas
            if lemma.isalpha() and len(lemma) >= MIN_LENGTH and lemma not in stop
        }
        counts.update(lemmas)
    ranked = sorted(
        ((lemma, n) for lemma, n in counts.items() if n >= MIN_COUNT and _unmatched(corpus, lemma)),
        key=lambda item: (-item[1], item[0]),
    )
    return ranked[:CANDIDATES]


def codebook_health(corpus: Corpus, coder: str | None) -> Health:
    """The codebook's suggestions against ``coder``'s review, per code and per rule."""
    units = corpus.units(coder)
    result: list[CodeHealth] = []
    for code, _, entry in corpus.codebook.codes:
        tally = Tally()
        # Every rule, those that suggested nothing too (a misspelt keyword finds nothing).
        rules: dict[tuple[str, str], Tally] = {
            **{("keyword", k): Tally() for k in entry.keywords},
            **{("regex", r): Tally() for r in entry.regex},
            **{("pattern", pattern_text(p)): Tally() for p in entry.patterns},
        }
        added: list[Unit] = []
        for unit in units:
            state = unit.states.get(code)
            if state is None:
                continue
            fired = {(e.rule, e.pattern) for e in unit.evidence.get(code, ()) if e.rule != "manual"}
            if not fired:
                if state in ("accepted", "added"):
                    tally.added += 1
                    added.append(unit)
                continue
            kind = {"accepted": "accepted", "added": "accepted"}.get(state, state)
            for target in [tally, *(rules.setdefault(key, Tally()) for key in sorted(fired))]:
                if kind == "accepted":
                    target.accepted += 1
                elif kind == "rejected":
                    target.rejected += 1
                    target.rejected_texts.append(unit.text)
                else:
                    target.pending += 1
        result.append(CodeHealth(code, tally, rules, _candidates(corpus, added)))
    return Health(coder, result)


def health_project(project: Project) -> Health:
    corpus = load_corpus(project)
    return codebook_health(corpus, deciding_coder(corpus.decisions, project.config.coder))
