"""Step 1, total impression: counts, keyness, phrases, candidate themes and the files written."""

from __future__ import annotations

import gc
import io
import logging
import math
import re
import subprocess
import sys
import weakref
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from stc.codebook import CodebookMatcher, load_codebook
from stc.config import load_config
from stc.corpus import load_transcripts
from stc.errors import StcError
from stc.impression import (
    Impression,
    SentenceRecord,
    analyse,
    candidate_themes,
    frequent_phrases,
    general_frequencies,
    general_keyness,
    impression_files,
    keyness,
    log_likelihood,
    read_corpus,
    slug_id,
    stop_words,
    term_table,
    terms_frame,
    terms_rows,
    write_impression,
)
from stc.nlp import ParsedTranscript, Pipeline, embedded_pipeline, parse_transcripts
from stc.output import rows_csv, write_outputs
from stc.tokens import TranscriptTokens, transcript_tokens
from stc.units import base_id
from tests.conftest import CONFIG, INTERVIEW, SAMPLE, MakeProject, copy_sample, error_line, stc

runner = CliRunner()


@pytest.fixture
def stc_log() -> Iterator[list[str]]:
    """Messages logged to the "stc" logger (the CLI turns off propagation, so no caplog)."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("stc")
    logger.addHandler(handler)
    yield messages
    logger.removeHandler(handler)


@pytest.fixture(scope="module")
def sample_parsed() -> list[ParsedTranscript]:
    project = load_config(SAMPLE / "stc.yaml")
    return parse_transcripts(load_transcripts(project), embedded_pipeline("nb"))


@pytest.fixture(scope="module")
def sample(sample_parsed: list[ParsedTranscript]) -> Impression:
    return analyse(sample_parsed, embedded_pipeline("nb"), 6, "Sample")


def parse(
    make_project: MakeProject, transcripts: dict[str, str], config: str = CONFIG
) -> tuple[list[ParsedTranscript], Pipeline]:
    project = load_config(make_project(transcripts, config=config))
    pipeline = embedded_pipeline(project.config.language)
    return parse_transcripts(load_transcripts(project), pipeline), pipeline


# --- keyness, hand-computed -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "c", "d", "expected"),
    [
        # E1 = 100*20/1100, E2 = 1000*20/1100: 2 (10 ln 5.5 + 10 ln 0.55) = 22.1382
        (10, 10, 100, 1000, 2 * (10 * math.log(5.5) + 10 * math.log(0.55))),
        # never said here, 5 times there: E2 = 2.5, 2 (5 ln 2), under-use
        (0, 5, 100, 100, -10 * math.log(2)),
        # only here: E1 = 1.5, 2 (3 ln 2)
        (3, 0, 50, 50, 6 * math.log(2)),
        # the same proportion on both sides
        (5, 5, 100, 100, 0.0),
        (0, 0, 10, 10, 0.0),
    ],
)
def test_log_likelihood_by_hand(a: int, b: int, c: int, d: int, expected: float) -> None:
    assert log_likelihood(a, b, c, d) == pytest.approx(expected, abs=1e-9)


def test_log_likelihood_known_value() -> None:
    assert log_likelihood(10, 10, 100, 1000) == pytest.approx(22.138, abs=1e-3)


def test_log_likelihood_needs_corpus_sizes() -> None:
    with pytest.raises(ValueError):
        log_likelihood(1, 1, 0, 10)


def test_keyness_covers_terms_of_both_corpora() -> None:
    found = keyness({"gruppe": 2, "fin": 1}, 6, {"redd": 1}, 6)
    assert list(found) == ["fin", "gruppe", "redd"]
    assert found["gruppe"] == pytest.approx(4 * math.log(2))
    assert found["fin"] == pytest.approx(2 * math.log(2))
    assert found["redd"] == pytest.approx(-2 * math.log(2))


def test_general_keyness_by_hand() -> None:
    # 4 of 100 words here; 1% of a 1,000-word reference: b = 10.
    e1, e2 = 100 * 14 / 1100, 1000 * 14 / 1100
    expected = 2 * (4 * math.log(4 / e1) + 10 * math.log(10 / e2))
    found = general_keyness({"gruppe": 4, "ukjent": 1}, 100, {"gruppe": 0.01}, 1000)
    assert found["gruppe"] == pytest.approx(expected)
    assert found["gruppe"] == pytest.approx(4.3378, abs=1e-4)
    # A term missing from the frequency list counts as never seen in general language.
    assert found["ukjent"] == pytest.approx(2 * math.log(1 / (100 / 1100)))


def test_general_frequency_of_a_lemma_sums_its_forms() -> None:
    table = {"gruppa": 0.002, "gruppe": 0.001, "grupper": 0.0005}
    found = general_frequencies({"gruppe": {"gruppa", "gruppe"}}, lambda w: table.get(w, 0.0))
    assert found == {"gruppe": pytest.approx(0.003)}


# --- counting a tiny corpus ------------------------------------------------------------------

TINY = {
    "a.txt": "I: Hvordan var gruppa?\nA: Gruppa var fin. Gruppa hjalp meg.\n",
    "b.txt": "I: Og lederen?\nB: Jeg var redd. Lederen var ung.\n",
}


def test_frequencies_and_keyness_on_a_tiny_corpus(make_project: MakeProject) -> None:
    parsed, pipeline = parse(make_project, TINY)
    corpus = read_corpus(parsed, stop_words(pipeline))
    # Participant speech only: the interviewer's "gruppa" is not counted.
    assert corpus.words == {"a": 6, "b": 6}
    assert corpus.lemmas["a"] == Counter({"gruppe": 2, "fin": 1, "hjelpe": 1})
    assert corpus.lemmas["b"] == Counter({"redd": 1, "leder": 1, "ung": 1})
    assert [(o.participant_words, o.interviewer_words, o.turns) for o in corpus.overviews] == [
        (6, 3, 2),
        (6, 2, 2),
    ]

    terms = {t.term: t for t in term_table(corpus.lemmas, corpus.words, corpus.speakers_of)}
    gruppe = terms["gruppe"]
    assert (gruppe.frequency, gruppe.document_frequency, gruppe.participants) == (2, 1, 1)
    assert gruppe.counts == {"a": 2}  # the transcripts that say it
    # a = 2 of 6 words, b = 0 of 6: E1 = 1, G2 = 2 (2 ln 2), over-use in a, under-use in b.
    assert gruppe.keyness["a"] == pytest.approx(4 * math.log(2))
    assert gruppe.keyness["b"] == pytest.approx(-4 * math.log(2))
    assert terms["leder"].keyness["b"] == pytest.approx(2 * math.log(2))
    assert gruppe.general_keyness is None
    assert [t.term for t in term_table(corpus.lemmas, corpus.words)][:1] == ["gruppe"]


def test_a_transcribers_mark_is_no_term_and_no_phrase(make_project: MakeProject) -> None:
    # "[utydelig]" was a top term against general Norwegian, and "(lang pause)" a phrase.
    texts = {
        "a.txt": "I: Og?\nA: Gruppa var fin [utydelig]. (lang pause) Gruppa hjalp meg.\n"
        "A: [utydelig] Lang pause (lang pause) i gruppa.\n",
        "b.txt": "I: Og?\nB: Jeg var redd (utydelig). Lederen var ung.\n",
    }
    parsed, pipeline = parse(make_project, texts)
    corpus = read_corpus(parsed, stop_words(pipeline))
    assert "utydelig" not in corpus.lemmas["a"] and "utydelig" not in corpus.lemmas["b"]
    # Said outside a mark, "lang pause" counts: once, not three times.
    assert corpus.lemmas["a"]["lang"] == 1
    assert corpus.lemmas["a"]["gruppe"] == 3
    assert corpus.lemmas["b"] == Counter({"redd": 1, "leder": 1, "ung": 1})


def test_step_1_counts_a_transcript_at_a_time_and_lets_its_table_go(
    make_project: MakeProject,
) -> None:
    """read_corpus takes the tables as a stream: a table is free once counted, so step 1
    never holds the corpus's tables at once (its memory at millions of words)."""
    texts = {f"t{n}.txt": TINY["ab"[n % 2] + ".txt"] for n in range(6)}
    project = load_config(make_project(texts))
    pipeline = embedded_pipeline(project.config.language)
    transcripts = load_transcripts(project)
    alive: list[weakref.ref[TranscriptTokens]] = []
    most = 0

    def tables() -> Iterator[TranscriptTokens]:
        nonlocal most
        for transcript in transcripts:
            gc.collect()
            most = max(most, sum(1 for ref in alive if ref() is not None))
            table = transcript_tokens(transcript, pipeline, None)
            alive.append(weakref.ref(table))
            yield table

    streamed = read_corpus(tables(), stop_words(pipeline))
    assert len(alive) == 6 and most <= 1  # the one being counted, at most
    held = read_corpus(parse_transcripts(transcripts, pipeline), stop_words(pipeline))
    assert streamed.lemmas == held.lemmas and streamed.sentences == held.sentences
    assert streamed.phrases.phrases() == held.phrases.phrases()
    assert streamed.paths == [t.path for t in transcripts]


def test_one_transcript_has_no_transcript_keyness(make_project: MakeProject) -> None:
    parsed, pipeline = parse(make_project, {"a.txt": TINY["a.txt"]})
    corpus = read_corpus(parsed, stop_words(pipeline))
    assert all(t.keyness == {} for t in term_table(corpus.lemmas, corpus.words))


def test_stop_words_hold_fillers_and_keep_interview_nouns() -> None:
    nb = stop_words(embedded_pipeline("nb"))
    assert {"og", "jeg", "eh", "mhm", "liksom", "sånn", "ler", "pause"} <= nb
    assert "leder" not in nb  # in spaCy's news-based list, but a theme in interviews
    nn = stop_words(embedded_pipeline("nn"))
    assert {"og", "ikkje", "eg", "berre"} <= nn


def test_phrases_open_and_close_with_content_words() -> None:
    def run(text: str, stop: str = "") -> list[tuple[str, bool]]:
        return [(w, w in stop.split()) for w in text.split()]

    stop = "vi var i og jeg"
    runs = {
        "a": [run("vi var i samme båt", stop), run("samme båt", stop), run("tolv stykker", stop)],
        "b": [run("tolv stykker og jeg", stop), run("små grupper", stop)],
    }
    phrases = frequent_phrases(runs)
    assert [(p.text, p.frequency, p.document_frequency) for p in phrases] == [
        ("samme båt", 2, 1),
        ("tolv stykker", 2, 2),
    ]


def test_a_phrase_inside_a_longer_one_said_as_often_is_left_out() -> None:
    words = [(w, w == "om") for w in ("fortelle", "detaljer", "om", "rusen")]
    phrases = frequent_phrases({"a": [words, words]})
    assert [p.text for p in phrases] == ["fortelle detaljer om rusen"]


@pytest.mark.parametrize(
    ("term", "expected"),
    [("gruppe", "gruppe"), ("lære", "laere"), ("hånd", "hand"), ("økt", "okt"), ("Café", "cafe")],
)
def test_slug_ids_fit_the_codebook(term: str, expected: str) -> None:
    assert slug_id(term) == expected


# --- the sample corpus -----------------------------------------------------------------------

THEME_WORDS = {
    "gruppe",
    "gruppeleder",
    "leder",
    "ung",
    "alder",
    "erfaring",
    "redd",
    "trygg",
    "tillit",
    "alene",
    "eneste",
    "kjedelig",
    "time",
    "møte",
    "lære",
    "verktøy",
    "trigge",
    "sug",
    "historie",
    "størrelse",
}


def test_sample_overview(sample: Impression) -> None:
    # Six .txt interviews, one .docx and one .vtt.
    assert sample.transcripts == [f"informant-{i}" for i in range(1, 9)]
    corpus = sample.corpus
    assert len(corpus.participants) == 8
    assert corpus.participant_words > 9 * corpus.interviewer_words
    assert 0.85 < corpus.share < 0.95
    assert sample.terms[0].term == "gruppe"
    assert sample.general_available


def test_sample_candidate_themes_reflect_the_sample(sample: Impression) -> None:
    themes = sample.themes.themes
    assert len(themes) == 6
    recognisable = [t for t in themes if THEME_WORDS & set(t.top_terms)]
    assert len(recognisable) >= 3, [t.top_terms for t in themes]
    top = {term for t in themes for term in t.top_terms}
    assert top & {"ung", "alder", "erfaring"}, "the group leader's age and experience"
    assert top & {"trigge", "sug", "historie"}, "triggers from others' stories"
    assert top & {"redd", "trygg", "tillit"}, "fear and trust"
    # Largest first, and every theme is cross-case.
    assert [t.size for t in themes] == sorted((t.size for t in themes), reverse=True)
    assert all(len(t.participants) >= 2 for t in themes)


def test_sample_examples_are_verbatim_with_unit_style_ids(
    sample: Impression, sample_parsed: list[ParsedTranscript]
) -> None:
    texts = {p.transcript.id: p.transcript for p in sample_parsed}
    for theme in sample.themes.themes:
        assert len(theme.examples) == 3
        participants = [s.participant for s, _ in theme.examples]
        assert len(set(participants)) == 3, "distinct participants first"
        for sentence, _ in theme.examples:
            transcript = texts[sentence.transcript]
            assert " ".join(transcript.text[sentence.start : sentence.end].split()) == sentence.text
            assert transcript.line_of(sentence.start) == sentence.line_start
            assert re.fullmatch(r"informant-\d:[0-9a-f]{6}(-\d+)?", sentence.id)
            assert sentence.id.startswith(base_id(sentence.transcript, sentence.text))
            assert set(theme.keywords) & set(sentence.lemmas), "an example holds a keyword"


def test_the_draft_is_a_codebook_whose_examples_are_coded(
    sample: Impression, tmp_path: Path
) -> None:
    path = tmp_path / "themes.draft.yaml"
    path.write_text(impression_files(sample)["themes.draft.yaml"], encoding="utf-8")
    codebook = load_codebook(path, "nb")
    assert len(codebook.groups) == len(sample.themes.themes)
    matcher = CodebookMatcher(codebook, embedded_pipeline("nb"))
    for code_id, group, code in codebook.codes:
        assert re.fullmatch(r"theme-\d-[a-z0-9-]+", group.id)
        assert code.label and code.keywords and len(code.examples) == 3
        for example in code.examples:
            assert code_id in matcher.code_text(example), (code_id, example)


def test_impression_md_reads_as_a_prompt(sample: Impression) -> None:
    # The sample is a Norwegian project, so its impression is in Norwegian.
    text = impression_files(sample)["impression.md"]
    for heading in (
        "## Materialet",
        "## Hyppige innholdsord",
        "## Hyppige uttrykk",
        "## Særegne termer per transkripsjon",
        "## Materialet mot allmennspråket",
        "## Ordklynger (temaforslag)",
    ):
        assert heading in text
    assert "er hjelp til lesingen, ikke funn" in text
    assert "preconceptions.md" in text
    assert "| **alle** | 8 | 352 |" in text
    assert "### Ordklynge 1:" in text and "### Ordklynge 7:" not in text


def test_terms_csv_cells_made_as_text_are_the_bytes_of_the_numbers(
    sample: Impression,
) -> None:
    """terms.csv writes each count and keyness as text made once per value (and the cells of
    transcripts that do not say a term once per total): the bytes of writing the numbers."""
    text = impression_files(sample)["terms.csv"].text()
    assert text == rows_csv(*terms_rows(sample))
    frame = terms_frame(sample)
    counts = [c for c in frame.columns if c.startswith("count_")]
    assert frame[counts].to_numpy().sum() == sum(t.frequency for t in sample.terms)
    # Every cell, said or not, against the term's own keyness looked up one at a time.
    unsaid = 0
    for term, (_, row) in zip(sample.terms, frame.iterrows(), strict=True):
        for transcript in sample.transcripts:
            expected = round(term.keyness[transcript], 3) + 0.0
            assert row[f"keyness_{transcript}"] == expected, (term.term, transcript)
            assert row[f"count_{transcript}"] == term.counts.get(transcript, 0)
            unsaid += transcript not in term.counts
    assert unsaid > 100


def test_terms_csv_has_every_term(sample: Impression) -> None:
    frame = pd.read_csv(io.StringIO(impression_files(sample)["terms.csv"].text()))
    assert list(frame.columns[:6]) == [
        "term",
        "frequency",
        "document_frequency",
        "participants",
        "general_per_million",
        "keyness_general",
    ]
    assert {f"keyness_informant-{i}" for i in range(1, 9)} <= set(frame.columns)
    assert len(frame) == len(sample.terms)
    gruppe = frame.set_index("term").loc["gruppe"]
    assert gruppe["frequency"] == 92 and gruppe["document_frequency"] == 8
    assert gruppe["keyness_general"] > 100
    assert list(frame["frequency"]) == sorted(frame["frequency"], reverse=True)


def test_wordfreq_works_offline() -> None:
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network access')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from stc.impression import frequency_lookup\n"
        "assert frequency_lookup('nb')('gruppe') > 0\n"
        "assert frequency_lookup('nn') is None\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- bad input -------------------------------------------------------------------------------


def test_an_empty_corpus_is_a_clear_error(make_project: MakeProject) -> None:
    config = make_project({"a.txt": "", "b.txt": "I: Hei?\nI: Er du der?\n"})
    code, _, err = stc("impression", "-c", config)
    assert code == 1
    line = error_line(err)
    assert "no participant speech in any transcript" in line
    assert "a.txt" in line and "speakers -> interviewer" in line


def _small_interview(n: int) -> str:
    words = ["gruppa", "lederen", "redd", "trygg", "kaffe", "møtet"]
    lines = []
    for i in range(n):
        a, b = words[i % 6], words[(i + 1) % 6]
        lines.append(f"I: Og så?\nA: Jeg tenker på {a} og {b}. Det var {a}.\n")
    return "".join(lines)


def test_a_small_corpus_gets_fewer_themes(make_project: MakeProject, stc_log: list[str]) -> None:
    parsed, pipeline = parse(make_project, {"a.txt": _small_interview(9)})
    result = analyse(parsed, pipeline, 8)
    themes = result.themes
    assert themes.requested == 8
    assert 1 <= themes.supported < 8
    assert 1 <= len(themes.themes) <= themes.supported
    assert any(f"viser {themes.supported} i stedet for 8" in m for m in stc_log), stc_log
    text = impression_files(result)["impression.md"]
    assert f"8 temaer ble bedt om; materialet bærer {themes.supported}" in text


def test_too_little_speech_gives_no_themes_and_no_draft(make_project: MakeProject) -> None:
    config = make_project({"a.txt": "I: Hei.\nA: Gruppa var fin.\n"})
    draft = config.parent / "draft.yaml"
    # A draft an earlier run wrote (stc's ledger lists it) is stale now and goes.
    write_outputs(config.parent / "out", {"themes.draft.yaml": "stale"})
    code, out, err = stc("impression", "-c", config, "--codebook-draft", draft)
    assert code == 0, err
    assert "for lite informanttale til kandidattemaer" in err
    assert "Ingen kandidattemaer" in out
    assert not draft.exists()
    assert not (config.parent / "out" / "themes.draft.yaml").exists()
    assert "Ingen temaforslag" in (config.parent / "out" / "impression.md").read_text()


def test_candidate_themes_refuse_nonsense() -> None:
    with pytest.raises(ValueError):
        candidate_themes([], 0)
    assert candidate_themes([], 4).themes == ()


def test_a_candidate_theme_of_two_sentences_or_one_term_is_left_out() -> None:
    """NMF gave "natt, søvn" a theme of its own from two sentences, and terms of weight
    0,000 were listed as a theme's most important: neither is a theme to read."""

    def said(i: int, lemmas: list[str]) -> SentenceRecord:
        text = " ".join(lemmas)
        return SentenceRecord(
            "t", f"p{i % 4}", "A", i, i, 0, 1, 1, 1, f"t:{i}", text, tuple(lemmas)
        )

    words = [["gruppe", "leder", "trygg"]] * 10 + [["kaffe", "pause", "prat"]] * 10
    sentences = [said(i, w) for i, w in enumerate([*words, ["natt", "søvn"], ["natt", "søvn"]])]
    found = candidate_themes(sentences, 4)
    assert found.supported == 4
    assert [t.size for t in found.themes] == [10, 10]
    assert all(len(t.terms) >= 2 and min(w for _, w in t.terms) >= 0.0005 for t in found.themes)


def test_a_language_without_frequency_list_skips_that_section(make_project: MakeProject) -> None:
    interview = "I: Korleis var det?\nA: Eg var redd i gruppa. Gruppa hjelpte meg.\n"
    config = make_project(
        {"a.txt": interview}, config=CONFIG.replace("language: nb", "language: nn")
    )
    code, _, err = stc("impression", "-c", config)
    assert code == 0, err
    assert "Warning: wordfreq has no general-language frequency list for 'nn'" in err
    text = (config.parent / "out" / "impression.md").read_text(encoding="utf-8")
    assert "Hoppa over: det finst inga allmenn frekvensliste for 'nn'" in text
    terms = pd.read_csv(config.parent / "out" / "terms.csv")
    assert terms["keyness_general"].isna().all()


def test_the_analysis_without_a_project_raises_stc_error(make_project: MakeProject) -> None:
    parsed, pipeline = parse(make_project, {"a.txt": "I: Hei?\n"})
    with pytest.raises(StcError, match="no participant speech"):
        analyse(parsed, pipeline)


# --- the command -----------------------------------------------------------------------------


def test_impression_command_on_the_sample_is_deterministic(tmp_path: Path) -> None:
    config = copy_sample(tmp_path / "sample")
    code, out, err = stc("impression", "-c", config)
    assert code == 0, err
    assert "8 transkripsjoner, 8 informanter" in out
    assert "Kandidattemaer: innganger til lesingen, ikke funn" in out
    assert "Skrev impression.md, terms.csv, themes.draft.yaml" in err
    folder = config.parent / "out"
    first = {  # the outputs; the hidden parse cache is not one
        name: (folder / name).read_bytes()
        for name in sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    }
    assert set(first) == {"impression.md", "terms.csv", "themes.draft.yaml"}
    code, _, err = stc("impression", "-c", config)
    assert code == 0, err
    assert {name: (folder / name).read_bytes() for name in first} == first


def test_codebook_draft_is_written_once_and_never_overwritten(
    sample: Impression, tmp_path: Path
) -> None:
    draft = tmp_path / "codebooks" / "draft.yaml"
    written = write_impression(sample, tmp_path / "out", draft)
    assert draft in written
    assert draft.read_bytes() == (tmp_path / "out" / "themes.draft.yaml").read_bytes()
    draft.write_text("# my edits\n", encoding="utf-8")
    with pytest.raises(StcError, match="already exists"):
        write_impression(sample, tmp_path / "out", draft)
    assert draft.read_text(encoding="utf-8") == "# my edits\n"


def test_codebook_draft_over_an_existing_file_exits_1(tmp_path: Path) -> None:
    config = copy_sample(tmp_path / "sample")
    codebook = load_config(config).codebook_path
    before = codebook.read_bytes()
    code, _, err = stc("impression", "-c", config, "--codebook-draft", codebook)
    assert code == 1
    line = error_line(err)
    assert str(codebook) in line and "already exists" in line and "never overwrites" in line
    assert codebook.read_bytes() == before
    assert not (config.parent / "out").exists(), "refused before any work"


def test_the_preconceptions_memo_is_pointed_to(make_project: MakeProject) -> None:
    config = make_project({"a.txt": TINY["a.txt"]})
    (config.parent / "preconceptions.md").write_text("# Forforståelse\n", encoding="utf-8")
    code, out, err = stc("impression", "-c", config)
    assert code == 0, err
    assert "preconceptions" not in out
    text = (config.parent / "out" / "impression.md").read_text(encoding="utf-8")
    assert "les notatet ditt i `preconceptions.md` igjen" in text


def test_themes_option_is_checked() -> None:
    code, _, err = stc("impression", "--themes", "0")
    assert code == 2
    assert "--themes" in err


def test_simplemmas_dictionary_is_loaded_before_the_workers_start(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forked workers then share the parent's copy instead of each decoding their own."""
    import stc.executor
    import stc.impression

    events: list[str] = []
    real_preload, real_run_all = stc.impression.preload, stc.executor.run_all

    def preload(language: str) -> None:
        events.append(f"preload {language}")
        real_preload(language)

    def run_all(*args: Any, **kwargs: Any) -> Iterator[Any]:
        events.append("workers")
        return real_run_all(*args, **kwargs)

    monkeypatch.setattr(stc.impression, "preload", preload)
    monkeypatch.setattr(stc.executor, "run_all", run_all)
    second = INTERVIEW.replace("informant-1", "informant-2").replace("alene", "ensom")
    config = make_project({"a.txt": INTERVIEW, "b.txt": second})
    stc.impression.impression_project(load_config(config))
    assert events == ["preload nb", "workers"]


def test_numbers_are_written_as_the_projects_language_writes_them(
    make_project: MakeProject,
) -> None:
    """A Nordic reader takes "12,973" for about thirteen and "27.2%" for a foreign text."""
    from stc.impression import impression_project, render_markdown
    from stc.wording import number, percent

    assert number(12973.5, "nb", 1) == "12\u202f973,5"
    assert number(12973, "da") == "12.973" and number(12973, "de") == "12.973"
    assert number(12973.5, "en", 1) == "12,973.5"
    assert percent(0.272, "sv", 1) == "27,2\u00a0%" and percent(0.272, "en", 1) == "27.2%"
    assert percent(0.5, "nb") == "50\u00a0%"
    long = INTERVIEW + "Informant 1: " + "Jeg var ikke alene i gruppa. " * 400 + "\n"
    config = make_project({"a.txt": long})
    text = render_markdown(impression_project(load_config(config)))
    assert re.search(r"\| \d\u202f\d{3} \| \d+ \| \d+,\d\u00a0% \|", text), text[:2000]
    assert not re.search(r"\| \d{1,3},\d{3} \|", text)  # no English thousands


def test_the_themes_warning_agrees_in_number(make_project: MakeProject) -> None:
    """ "høyst 1 kandidattema", not "1 kandidattemaer"."""
    second = "I: Og du?\nInformant 2: Jeg var ikke alene. Gruppelederen var ung og flink.\n"
    config = make_project({"informant-1.txt": INTERVIEW, "informant-2.txt": second})
    code, _, err = stc("impression", "-c", config)
    assert code == 0, err
    assert "materialet bærer høyst 1 kandidattema (3 passasjer, 3 felles termer)" in err


def test_transcripts_in_another_language_than_stc_yaml_says_are_named(tmp_path: Path) -> None:
    """The Bokmål sample read as Danish: step 1 names Bokmål and the fix, on the command
    line and in impression.md (a wrong but valid language raises no error otherwise)."""
    config = copy_sample(tmp_path / "transcripts_sample")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("language: nb", "language: da"), encoding="utf-8")
    code, _, err = stc("impression", "-c", config)
    assert code == 0, err
    warning = next(line for line in err.splitlines() if line.startswith("Warning: only "))
    assert "are in the Danish dictionary (stc.yaml: language: da)" in warning
    assert "the Norwegian Bokmål dictionary knows" in warning
    assert "set language: nb in stc.yaml" in warning
    written = (config.parent / "out" / "impression.md").read_text(encoding="utf-8")
    assert "set language: nb in stc.yaml" in written


def test_stc_check_names_the_language_the_transcripts_are_in(tmp_path: Path) -> None:
    """The same check before the coding: `stc check` on the Bokmål sample, with stc.yaml and
    its codebook set to Danish (as `stc init --language da` would make them), names Bokmål
    and the fix; on the sample as it is, it says nothing of the language."""
    config = copy_sample(tmp_path / "transcripts_sample")
    code, _, err = stc("check", "-c", config)
    assert code == 0 and "dictionary" not in err, err
    codebook = tmp_path / "codebooks" / "sample-gruppebehandling.yaml"
    for path in (config, codebook):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("language: nb", "language: da", 1), encoding="utf-8")
    _, _, err = stc("check", "-c", config)
    warning = next(line for line in err.splitlines() if line.startswith("Warning: only "))
    assert "are in the Danish dictionary (stc.yaml: language: da)" in warning
    assert "set language: nb in stc.yaml" in warning


def test_the_language_is_only_questioned_when_few_words_are_known(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from stc import language_fit

    def no_dictionaries(*_: object) -> dict[str, float]:
        raise AssertionError("other dictionaries decoded")

    monkeypatch.setattr(language_fit, "known_shares", no_dictionaries)
    texts = ["Jeg var redd i starten, men gruppa hjalp meg."] * 100
    assert language_fit.language_note("nb", 970, 1000, lambda: texts) is None  # right language
    assert language_fit.language_note("nb", 50, 150, lambda: texts) is None  # too few to tell


def test_danish_read_as_bokmal_is_named_though_most_words_are_known() -> None:
    # Danish under language: nb has 85 % of its words in the Bokmål dictionary, above the old
    # threshold (85 %): stc check and step 1 said nothing.
    from stc import language_fit

    said = (
        "Jeg har været rigtig glad for at komme hjem igen, men nætterne er stadig svære, og "
        "jeg sover dårligt. Sygeplejerskerne hjalp mig meget, og lægen sagde, at det ville "
        "blive bedre. Hvad skal man gøre, når ingen lytter?"
    )
    note = language_fit.language_note("nb", 870, 1000, lambda: [said] * 40)
    assert note is not None and "set language: da in stc.yaml" in note


def test_the_language_sample_is_spread_over_the_corpus_and_the_same_each_time() -> None:
    from stc.language_fit import sample_words

    def name(n: int) -> str:  # a word of letters only, one per text
        return "".join(chr(ord("a") + int(d)) for d in f"{n:04d}")

    texts = [f"{name(n)} og mer tekst her" for n in range(5000)]
    words = sample_words(texts, 300)
    assert len(words) == 300 and words == sample_words(texts, 300)
    named = [texts.index(f"{w} og mer tekst her") for w in words if len(w) == 4 and w != "mer"]
    assert named[0] == 0 and named[-1] > 4000  # from the start to near the end
    assert sample_words([], 300) == []
