"""Agreement between coders who reviewed the same project independently.

Compared on the common segmentation (participant sentences, ``stc.segments``). Per code, the
sentences *in play* are those the codebook suggested the code on or any coder coded or rejected
it on; a coder's value there is 1 (accepted or added), 0 (rejected or not coded) or missing
(still a suggestion they have not decided). Sentences nobody considered for a code are left
out, so that thousands of obvious "no"s do not inflate percent agreement.

Cohen's kappa is computed by scikit-learn for two coders; Krippendorff's alpha (nominal, any
number of coders, missing data allowed) by the ``krippendorff`` package. Where either is
undefined (one value only: nobody used the code, or everyone always did) it is ``None``.
"""

from __future__ import annotations

import difflib
import math
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import krippendorff
import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

from stc.config import Project
from stc.errors import CodingError
from stc.segments import Corpus, Segment, Value, load_corpus

SEGMENTATION = (
    "participant sentences (the common segmentation; each coder's units are mapped onto them)"
)

SUMMARY_COLUMNS = ["code", "units", "percent", "kappa", "alpha"]
OVERALL = "overall"  # the code column's value for the measures over every code
DISAGREEMENT_BASE = ["code", "transcript", "participant", "line", "char_start", "char_end", "text"]


@dataclass(frozen=True)
class Score:
    """Agreement on one code (or overall): on how many sentences it rests, and the measures."""

    code: str
    units: int
    percent: float | None
    kappa: float | None
    alpha: float | None


@dataclass(frozen=True)
class Disagreement:
    code: str
    segment: Segment
    decisions: dict[str, str]  # coder → accepted, added, rejected, not coded, undecided


@dataclass
class Agreement:
    coders: list[str]
    segmentation: str
    codes: list[Score]
    overall: Score
    disagreements: list[Disagreement]
    # Per coder, the suggestions in play they have not decided yet (missing in the measures).
    undecided: dict[str, int] = field(default_factory=dict)

    def summary_frame(self) -> pd.DataFrame:
        rows = [
            {
                "code": s.code,
                "units": s.units,
                "percent": _cell(s.percent),
                "kappa": _cell(s.kappa, self._kappa_gap(s)),
                "alpha": _cell(s.alpha, _undefined(s)),
            }
            for s in [*self.codes, self.overall]
        ]
        return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)

    def _kappa_gap(self, score: Score) -> str:
        return "two coders only" if len(self.coders) != 2 else _undefined(score)

    def disagreements_frame(self) -> pd.DataFrame:
        rows = [
            {
                "code": d.code,
                "transcript": d.segment.transcript.id,
                "participant": d.segment.participant,
                "line": d.segment.line,
                "char_start": d.segment.start,
                "char_end": d.segment.end,
                "text": d.segment.text,
                **{coder: d.decisions[coder] for coder in self.coders},
            }
            for d in self.disagreements
        ]
        return pd.DataFrame(rows, columns=[*DISAGREEMENT_BASE, *self.coders])


def _undefined(score: Score) -> str:
    return "undefined (nobody used the code)" if score.units == 0 else "undefined (one value only)"


def _cell(value: float | None, missing: str = "undefined") -> str:
    return missing if value is None else f"{value:.3f}"


def kappa(first: list[int], second: list[int]) -> float | None:
    """Cohen's kappa of two coders' 0/1 values, or None where it is undefined."""
    if not first or len(set(first) | set(second)) < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = float(cohen_kappa_score(first, second, labels=[0, 1]))
    return None if math.isnan(value) else value


def alpha(rows: list[list[Value]]) -> float | None:
    """Krippendorff's alpha (nominal) of coders × units, None for missing values."""
    values = {v for row in rows for v in row if v is not None}
    if len(values) < 2:
        return None
    data = np.array([[np.nan if v is None else float(v) for v in row] for row in rows])
    value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    return None if math.isnan(value) else value


def _score(code: str, columns: list[list[Value]]) -> Score:
    """``columns``: per unit in play, each coder's value."""
    pairable = [c for c in columns if sum(v is not None for v in c) >= 2]
    if not pairable:
        return Score(code, 0, None, None, None)
    agreed = sum(1 for c in pairable if len({v for v in c if v is not None}) == 1)
    two = [c for c in pairable if len(c) == 2]
    k = (
        kappa([int(c[0] or 0) for c in two], [int(c[1] or 0) for c in two])
        if len(columns[0]) == 2
        else None
    )
    rows = [[c[i] for c in pairable] for i in range(len(pairable[0]))]
    return Score(code, len(pairable), agreed / len(pairable), k, alpha(rows))


def _word(state: str | None) -> str:
    return {None: "not coded", "suggested": "undecided"}.get(state, state or "not coded")


def check_coders(corpus: Corpus, coders: list[str] | None) -> list[str]:
    """The coders to compare: named ones (each must have decisions), else all in coding.yaml."""
    path = corpus.decisions.path
    known = corpus.decisions.coders
    chosen = sorted(dict.fromkeys(coders)) if coders else known
    for name in chosen:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise CodingError(
                f"{path}: coder '{name}' has no decisions (coders with `by:`: "
                f"{', '.join(known) or 'none'}); {hint}check --coders"
            )
    by_case: dict[str, list[str]] = {}
    for name in chosen:
        by_case.setdefault(name.casefold(), []).append(name)
    twins = next((names for names in by_case.values() if len(names) > 1), None)
    if twins:
        entries = Counter(e.by for e in corpus.decisions.entries)
        # The spelling stc.yaml's coder: has, else the one used most.
        named = corpus.project.config.coder
        ranked = sorted(twins, key=lambda n: (n != named, -entries[n], n))
        fewer = ranked[-1]
        raise CodingError(
            f"{path}: coders {' and '.join(repr(n) for n in twins)} differ only in capitals, "
            "and names are compared exactly, so agreement would count one coder as two; "
            f"write by: {ranked[0]} where it says by: {fewer} ({entries[fewer]} "
            f"{'entry' if entries[fewer] == 1 else 'entries'}), or choose with --coders"
        )
    if len(chosen) < 2 and coders:
        raise CodingError(
            f"--coders {','.join(chosen)}: agreement needs two coders or more, e.g. "
            f"--coders {','.join(known[:2]) if len(known) > 1 else 'kari,ola'}"
        )
    if len(chosen) < 2:
        who = f"decisions by {chosen[0]} only" if chosen else "no decisions with `by:`"
        raise CodingError(
            f"{path}: {who}; agreement needs two coders or more, each reviewing with "
            "`stc review --coder NAME`"
        )
    return chosen


def agreement(corpus: Corpus, coders: list[str] | None = None) -> Agreement:
    """Agreement between ``coders`` (default: every coder in coding.yaml) on ``corpus``."""
    chosen = check_coders(corpus, coders)
    values = {c: corpus.values(c) for c in chosen}
    states = {c: corpus.states(c) for c in chosen}
    scores: list[Score] = []
    pooled: list[list[Value]] = []
    disagreements: list[Disagreement] = []
    undecided = dict.fromkeys(chosen, 0)
    for code in corpus.codebook.code_ids:
        in_play = sorted(
            {s.index for s in corpus.segments if code in s.suggested}
            | {i for c in chosen for (i, k) in values[c] if k == code}
        )
        columns: list[list[Value]] = []
        for index in in_play:
            segment = corpus.segments[index]
            column: list[Value] = []
            for coder in chosen:
                if (index, code) in values[coder]:
                    column.append(values[coder][(index, code)])
                else:  # untouched: a suggestion they never saw is undecided, else not coded
                    column.append(None if code in segment.suggested else 0)
            columns.append(column)
            for coder, value in zip(chosen, column, strict=True):
                undecided[coder] += value is None
            present = {v for v in column if v is not None}
            if len(present) > 1:
                disagreements.append(
                    Disagreement(
                        code,
                        segment,
                        {c: _word(states[c].get((index, code))) for c in chosen},
                    )
                )
        scores.append(_score(code, columns))
        pooled.extend(columns)
    overall = _score(OVERALL, pooled)
    if overall.units == 0:
        raise CodingError(
            f"{corpus.decisions.path}: {', '.join(chosen)} have decided no sentence in common; "
            "agreement needs both to review the same suggestions"
        )
    disagreements.sort(key=lambda d: (d.code, d.segment.transcript.id, d.segment.start))
    return Agreement(chosen, SEGMENTATION, scores, overall, disagreements, undecided)


def agree_project(project: Project, coders: list[str] | None = None) -> Agreement:
    return agreement(load_corpus(project), coders)


def agreement_files(result: Agreement) -> dict[str, str]:
    from stc.output import csv_text

    return {
        "agreement.csv": csv_text(result.disagreements_frame()),
        "agreement_summary.csv": csv_text(result.summary_frame()),
    }


def undefined_lines(
    result: Agreement, language: str, label: Callable[[str], str] = str
) -> list[str]:
    """Why a measure is undefined, code by code (``label`` names a code), in ``language``;
    with more than two coders, that kappa is for two."""
    from stc.messages import message

    lines = []
    for score in [*result.codes, result.overall]:
        if score.alpha is None or (len(result.coders) == 2 and score.kappa is None):
            key = "agree_undefined_unused" if score.units == 0 else "agree_undefined_one"
            lines.append(message(language, key, code=label(score.code)))
    if len(result.coders) > 2:
        alpha = "\N{GREEK SMALL LETTER ALPHA}"
        lines.append(message(language, "agree_kappa_two", n=len(result.coders), alpha=alpha))
    return lines


def agreement_section(
    project: Project, coder: str | None, labels: dict[str, str]
) -> dict[str, Any] | None:
    """The report's agreement section when ``report.agreement: true``: a heading, what it
    rests on, and per code (by its label) and in total the units, percent, kappa and alpha,
    written as the report's language writes numbers; "–" where a measure is undefined, and
    why, in ``undefined``."""
    from stc.wording import number, percent, phrase

    if not project.config.report.agreement:
        return None
    result = agree_project(project)
    language = project.config.language

    def measure(value: float | None) -> str:
        return "–" if value is None else number(value, language, 3)

    def label(code: str) -> str:
        return phrase(language, "total") if code == OVERALL else labels[code]

    rows = []
    for score in [*result.codes, result.overall]:
        rows.append(
            {
                "code": label(score.code),
                "units": number(score.units, language),
                "percent": "–" if score.percent is None else percent(score.percent, language),
                "kappa": measure(score.kappa),
                "alpha": measure(score.alpha),
            }
        )
    undefined = undefined_lines(result, language, label)
    open_ = [f"{c} {number(n, language)}" for c, n in result.undecided.items() if n]
    waiting = [phrase(language, "agreement_undecided", which=", ".join(open_))] if open_ else []
    greek = {"kappa": "\N{GREEK SMALL LETTER KAPPA}", "alpha": "\N{GREEK SMALL LETTER ALPHA}"}
    said = phrase(
        language,
        "agreement_note",
        coders=", ".join(result.coders),
        coder=coder or "",
        n=len(result.disagreements),
    )
    return {
        "title": phrase(language, "agreement_title"),
        "note": " ".join([said, *waiting, phrase(language, "agreement_chance", **greek)]),
        "rows": rows,
        "undefined": undefined,
    }
