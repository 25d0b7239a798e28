"""Candidates learned from the review: sentences the codebook missed that look like a code's.

Per code, a linear classifier is trained on the deciding coder's decisions, on the common
segmentation (participant sentences): sentences in an accepted or added unit are positives;
sentences where the code was rejected, or that are confirmed with other codes only, are
negatives. It scores every participant sentence the codebook did not suggest the code on and
nobody decided it on, and the best are queued, each explained by the nearest confirmed
sentence and the terms that weigh most. Nothing is accepted: the researcher decides.

Features: TF-IDF over lemma uni- and bigrams and over character 3–5-grams (which catch
compounds and inflections the lemmatizer leaves apart); logistic regression with balanced
class weights (positives are few). liblinear is deterministic, and the seed is fixed anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from stc.config import Project
from stc.decisions import deciding_coder
from stc.segments import Corpus, Segment, load_corpus
from stc.suggestions import Queue, Queued

MIN_POSITIVES = 5
TOP = 10
MIN_SCORE = 0.5
TERMS = 5
SEED = 0
COLUMNS = [
    "code",
    "rank",
    "score",
    "transcript",
    "participant",
    "line",
    "char_start",
    "char_end",
    "text",
    "nearest",
    "nearest_text",
    "terms",
]


@dataclass(frozen=True)
class Candidate:
    code: str
    rank: int
    score: float
    segment: Segment
    nearest: Segment
    terms: tuple[str, ...]
    nearest_unit: str = ""  # the confirmed unit that holds ``nearest``


@dataclass
class Suggestions:
    coder: str | None
    candidates: list[Candidate]
    skipped: dict[str, int]  # code → its positives, too few for a model

    def frame(self) -> pd.DataFrame:
        rows = [
            {
                "code": c.code,
                "rank": c.rank,
                "score": f"{c.score:.3f}",
                "transcript": c.segment.transcript.id,
                "participant": c.segment.participant,
                "line": c.segment.line,
                "char_start": c.segment.start,
                "char_end": c.segment.end,
                "text": c.segment.text,
                "nearest": c.nearest.where,
                "nearest_text": c.nearest.text,
                "terms": ", ".join(c.terms),
            }
            for c in self.candidates
        ]
        return pd.DataFrame(rows, columns=COLUMNS)

    def queue(self) -> Queue:
        """The candidates as the suggestions file holds them, per code (codebook order) best
        first."""
        return Queue(
            coder=self.coder,
            suggestions=[
                Queued(
                    code=c.code,
                    transcript=c.segment.transcript.id,
                    char_start=c.segment.start,
                    char_end=c.segment.end,
                    quote=c.segment.text,
                    score=round(c.score, 3),
                    nearest=c.nearest_unit or c.nearest.where,
                    terms=list(c.terms),
                )
                for c in self.candidates
            ],
        )


class Features:
    """Every sentence of the corpus as one TF-IDF row (lemma n-grams, then character n-grams).

    Fitted once on all participant sentences (no labels are used, so nothing leaks from the
    decisions), so that each code's model only fits its weights.
    """

    def __init__(self, segments: Sequence[Segment]) -> None:
        self.words = TfidfVectorizer(
            analyzer="word", ngram_range=(1, 2), token_pattern=r"\S+", sublinear_tf=True, min_df=2
        )
        chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), lowercase=True, sublinear_tf=True, min_df=2
        )
        word_rows = self.words.fit_transform([" ".join(s.lemmas) for s in segments])
        char_rows = chars.fit_transform([s.text for s in segments])
        self.names = [str(n) for n in self.words.get_feature_names_out()]
        # Each block has unit rows; halving both keeps every row of unit length for cosine.
        self.matrix = (sparse.hstack([word_rows, char_rows]) * np.sqrt(0.5)).tocsr()

    def rows(self, segments: Sequence[Segment]) -> sparse.csr_matrix:
        return self.matrix[[s.index for s in segments]]


class Model:
    """One code's classifier over the shared features: fit, score and explain."""

    def __init__(self, features: Features) -> None:
        self.features = features
        self.classifier = LogisticRegression(
            class_weight="balanced", solver="liblinear", C=4.0, random_state=SEED
        )

    def fit(self, segments: Sequence[Segment], labels: Sequence[int]) -> Model:
        self.classifier.fit(self.features.rows(segments), np.array(labels))
        return self

    def scores(self, segments: Sequence[Segment]) -> np.ndarray:
        if not segments:
            return np.zeros(0)
        return np.asarray(self.classifier.predict_proba(self.features.rows(segments))[:, 1])

    def terms(self, segment: Segment, n: int = TERMS) -> tuple[str, ...]:
        """The lemma n-grams of ``segment`` that push its score up most."""
        names = self.features.names
        row = self.features.rows([segment])[:, : len(names)].tocoo()
        weights = self.classifier.coef_[0]
        pushed = sorted(
            ((float(v * weights[j]), names[j]) for j, v in zip(row.col, row.data, strict=True)),
            key=lambda item: (-item[0], item[1]),
        )
        return tuple(name for weight, name in pushed[:n] if weight > 0)


def training_set(
    corpus: Corpus, values: dict[tuple[int, str], int | None], code: str
) -> tuple[list[Segment], list[int]]:
    """Sentences with a decision about ``code``, or confirmed with another code; 1 = positive."""
    confirmed = {i for (i, _), v in values.items() if v == 1}
    decided = {i: v for (i, c), v in values.items() if c == code and v is not None}
    labels: dict[int, int] = {i: int(v) for i, v in decided.items()}
    for index in confirmed:
        labels.setdefault(index, 0)
    indices = sorted(labels)
    return [corpus.segments[i] for i in indices], [labels[i] for i in indices]


def rank(
    model: Model, positives: Sequence[Segment], pool: Sequence[Segment], top: int, least: float
) -> list[tuple[float, Segment, Segment]]:
    """The ``top`` sentences of ``pool`` scoring at least ``least``, each with the nearest
    positive (cosine over the model's features)."""
    scored = sorted(
        zip(model.scores(pool).tolist(), pool, strict=True),
        key=lambda item: (-round(item[0], 9), item[1].transcript.id, item[1].start),
    )
    chosen = [(score, segment) for score, segment in scored if score >= least][:top]
    if not chosen:
        return []
    rows = model.features.rows([s for _, s in chosen])
    near = (rows @ model.features.rows(positives).T).toarray()
    return [
        (score, segment, positives[int(np.argmax(near[i]))])
        for i, (score, segment) in enumerate(chosen)
    ]


def suggest(
    corpus: Corpus, coder: str | None, top: int = TOP, least: float = MIN_SCORE
) -> Suggestions:
    """Per code, the best-scoring sentences the codebook did not suggest and nobody decided."""
    values = corpus.values(coder)
    for key in corpus.rejections(coder):  # a rejected candidate: a negative, never queued again
        values.setdefault(key, 0)
    touched = {key for key in values}
    candidates: list[Candidate] = []
    skipped: dict[str, int] = {}
    features = Features(corpus.segments)
    holders = confirmed_units(corpus, coder)
    for code in corpus.codebook.code_ids:
        segments, labels = training_set(corpus, values, code)
        positives = [s for s, y in zip(segments, labels, strict=True) if y == 1]
        if len(positives) < MIN_POSITIVES or len(positives) == len(segments):
            skipped[code] = len(positives)
            continue
        model = Model(features).fit(segments, labels)
        pool = [
            s
            for s in corpus.segments
            if code not in s.suggested
            and (s.index, code) not in touched
            and s.lemmas  # «(skratt)» alone says nothing (``segments._said``)
        ]
        for n, (score, segment, nearest) in enumerate(rank(model, positives, pool, top, least), 1):
            holder = holders.get((nearest.index, code), "")
            terms = model.terms(segment)
            candidates.append(Candidate(code, n, score, segment, nearest, terms, holder))
    return Suggestions(coder, candidates, skipped)


def confirmed_units(corpus: Corpus, coder: str | None) -> dict[tuple[int, str], str]:
    """(sentence, code) → the id of the coder's unit that confirms the code there."""
    holders: dict[tuple[int, str], str] = {}
    for unit in corpus.units(coder):
        for code in unit.code_ids:
            for segment in corpus.overlapping(unit):
                holders.setdefault((segment.index, code), unit.id)
    return holders


def suggest_project(project: Project, top: int = TOP, least: float = MIN_SCORE) -> Suggestions:
    corpus = load_corpus(project)
    return suggest(corpus, deciding_coder(corpus.decisions, project.config.coder), top, least)
