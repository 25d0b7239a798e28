"""stc suggest: candidates learned from the review, queued in suggest.csv, never accepted."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from stc.config import load_config
from stc.segments import load_corpus
from stc.suggest import MIN_POSITIVES, suggest, suggest_project
from tests.conftest import MakeProject, copy_sample, stc
from tests.test_agree import CODEBOOK, INTERVIEW, KARI


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("sample") / "transcripts_sample")


def test_suggest_on_the_sample_is_deterministic_and_fast(sample: Path) -> None:
    coding = (sample.parent / "coding.yaml").read_bytes()
    load_corpus(load_config(sample))  # parse once: the timing is the command's, not parsing's
    started = time.perf_counter()
    code, _, err = stc("suggest", "-c", sample)
    elapsed = time.perf_counter() - started
    assert code == 0, err
    assert elapsed < 10, f"stc suggest took {elapsed:.1f} s on the sample"
    queue = sample.parent / "out" / "suggest.csv"
    first = queue.read_bytes()
    assert stc("suggest", "-c", sample)[0] == 0
    assert queue.read_bytes() == first
    assert (sample.parent / "coding.yaml").read_bytes() == coding  # nothing was accepted
    assert "nothing was accepted" in err


def test_candidates_are_sentences_the_codebook_missed_and_nobody_decided(sample: Path) -> None:
    project = load_config(sample)
    corpus = load_corpus(project)
    result = suggest(corpus, "kari")
    assert result.candidates
    values = corpus.values("kari")
    confirmed = {i for (i, code), v in values.items() if v == 1}
    for candidate in result.candidates:
        assert candidate.code not in candidate.segment.suggested
        assert (candidate.segment.index, candidate.code) not in values
        # explained by a confirmed sentence of the same code, and by terms of its own
        assert values.get((candidate.nearest.index, candidate.code)) == 1
        assert candidate.nearest.index in confirmed
        assert candidate.terms
        assert all(set(t.split()) <= set(candidate.segment.lemmas) for t in candidate.terms)
        assert 0.5 <= candidate.score <= 1
    ranks = [(c.code, c.rank) for c in result.candidates]
    assert len(set(ranks)) == len(ranks)
    # per code, best first
    for code in {c.code for c in result.candidates}:
        scores = [c.score for c in result.candidates if c.code == code]
        assert scores == sorted(scores, reverse=True)
    frame = suggest_project(project).frame()
    assert list(frame.columns[:3]) == ["code", "rank", "score"]


def test_too_few_decisions_is_a_message_not_a_model(make_project: MakeProject) -> None:
    config = make_project({"informant-1.txt": INTERVIEW}, CODEBOOK, coding=KARI)
    code, _, err = stc("suggest", "-c", config)
    assert code == 0, err
    # Kari confirmed three sentences of ikke-alene and two of gruppe
    assert (
        f"fellesskap/ikke-alene: 3 confirmed sentences, too few for a model (it needs "
        f"{MIN_POSITIVES}" in err
    )
    assert "Wrote 0 suggestions" in err
    header = (config.parent / "out" / "suggest.csv").read_text(encoding="utf-8")
    assert header.startswith("code,rank,score,transcript,participant,line")
