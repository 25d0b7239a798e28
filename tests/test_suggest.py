"""stc suggest: candidates learned from the review, queued for review, never accepted."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from pathlib import Path

import pytest

from stc.config import Project, load_config
from stc.nlp import Pipeline
from stc.segments import load_corpus
from stc.suggest import MIN_POSITIVES, suggest, suggest_project
from stc.suggestions import HEADER, Queued, load_queue, written_by_stc
from stc.synthesize import OPENING_MARKS
from tests.conftest import MakeProject, copy_sample, error_line, stc
from tests.test_agree import CODEBOOK, INTERVIEW, KARI


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample, parsed once (its parse cache in out/), for copies that each test may change."""
    folder = tmp_path_factory.mktemp("parsed") / "transcripts_sample"
    load_corpus(load_config(copy_sample(folder)))
    return folder


@pytest.fixture
def sample(parsed: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "transcripts_sample"
    shutil.copytree(parsed, folder)
    # The sample's codebook sits beside it (../codebooks/), as copy_sample put it.
    shutil.copytree(parsed.parent / "codebooks", tmp_path / "codebooks")
    return folder / "stc.yaml"


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def queued(config: Path) -> list[dict[str, str]]:
    """review.csv's rows whose suggestion comes from `stc suggest`."""
    review = rows(config.parent / "out" / "review.csv")
    return [r for r in review if r["evidence"].startswith("suggest: ")]


def test_suggest_on_the_sample_is_deterministic_and_fast(sample: Path) -> None:
    coding = (sample.parent / "coding.yaml").read_bytes()
    started = time.perf_counter()
    code, _, err = stc("suggest", "-c", sample)
    elapsed = time.perf_counter() - started
    assert code == 0, err
    assert elapsed < 10, f"stc suggest took {elapsed:.1f} s on the sample"
    queue = sample.parent / "suggestions.yaml"
    table = sample.parent / "out" / "suggest.csv"
    first, first_table = queue.read_bytes(), table.read_bytes()
    assert stc("suggest", "-c", sample)[0] == 0
    assert queue.read_bytes() == first  # two runs, a byte-identical queue
    assert table.read_bytes() == first_table
    assert (sample.parent / "coding.yaml").read_bytes() == coding  # nothing was accepted
    assert "ingenting ble godtatt" in err  # the sample is in Norwegian
    text = queue.read_text(encoding="utf-8")
    assert text.startswith(HEADER) and written_by_stc(text)
    entries = load_queue(queue).suggestions
    assert len(entries) == len(rows(table)) > 0
    assert load_queue(queue).coder == "kari"


def test_a_transcription_mark_alone_is_never_a_candidate(parsed: Path) -> None:
    """A turn that ends "… skoleklasse. (ler)" leaves "(ler)" a sentence of its own; its lemma
    made it like other sentences, and `stc suggest` queued «(skratt)» four times in a Swedish
    project."""
    corpus = load_corpus(load_config(parsed / "stc.yaml"))
    marks = [s for s in corpus.segments if OPENING_MARKS.fullmatch(s.text)]
    assert marks and not any(s.lemmas for s in marks)  # there are some, and nothing is said
    everything = suggest(corpus, "kari", top=len(corpus.segments), least=0.0)
    assert everything.candidates
    assert not [c for c in everything.candidates if OPENING_MARKS.fullmatch(c.segment.text)]
    # Nor is a mark a word the model learns: "ler" (laughs) is no term of any candidate.
    laughs = [
        s for s in corpus.segments if "(ler)" in s.text and not OPENING_MARKS.fullmatch(s.text)
    ]
    assert laughs and not [s for s in laughs if "le" in s.lemmas or "ler" in s.lemmas]


def test_candidates_are_sentences_the_codebook_missed_and_nobody_decided(parsed: Path) -> None:
    project = load_config(parsed / "stc.yaml")
    corpus = load_corpus(project)
    result = suggest(corpus, "kari")
    assert result.candidates
    values = corpus.values("kari")
    confirmed = {i for (i, code), v in values.items() if v == 1}
    units = {u.id: u for u in corpus.units("kari")}
    for candidate in result.candidates:
        assert candidate.code not in candidate.segment.suggested
        assert (candidate.segment.index, candidate.code) not in values
        # explained by a confirmed sentence of the same code, and by terms of its own
        assert values.get((candidate.nearest.index, candidate.code)) == 1
        assert candidate.nearest.index in confirmed
        assert candidate.code in units[candidate.nearest_unit].code_ids
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


def test_stc_code_shows_the_queue_as_suggestions_and_accepts_none(sample: Path) -> None:
    assert stc("code", "-c", sample)[0] == 0
    before = rows(sample.parent / "out" / "meaning_units.csv")
    waiting_before = len(rows(sample.parent / "out" / "review.csv"))
    assert not queued(sample)
    assert stc("suggest", "-c", sample)[0] == 0
    entries = load_queue(sample.parent / "suggestions.yaml").suggestions
    code, out, err = stc("code", "-c", sample)
    assert code == 0, err
    shown = queued(sample)
    assert len(shown) == len(entries)  # every candidate waits in the review
    for row, entry in zip(
        sorted(shown, key=lambda r: (r["code"], r["text"])),
        sorted(entries, key=lambda e: (e.code, e.quote)),
        strict=True,
    ):
        assert row["code"] == entry.code and entry.quote in row["text"]
        assert row["evidence"].startswith(f"suggest: {entry.score:.2f} (nearest {entry.nearest}")
    after = rows(sample.parent / "out" / "meaning_units.csv")
    # nothing was accepted: every unit's confirmed codes are as they were
    confirmed = {(r["unit_id"], r["codes"]) for r in before if r["codes"]}
    assert {(r["unit_id"], r["codes"]) for r in after if r["codes"]} == confirmed
    waiting = {(r["unit_id"], c) for r in after for c in r["suggested"].split(";") if c}
    assert {(r["unit_id"], r["code"]) for r in shown} <= waiting
    assert f"; {waiting_before + len(entries)} forslag venter" in out  # the summary counts them


def test_accepting_a_queued_candidate_confirms_it(sample: Path) -> None:
    assert stc("suggest", "-c", sample)[0] == 0
    assert stc("code", "-c", sample)[0] == 0
    first = queued(sample)[0]
    pair = f"{first['unit_id']}:{first['code']}"
    code, _, err = stc("review", "-c", sample, "--accept", pair)
    assert code == 0, err
    coding = (sample.parent / "coding.yaml").read_text(encoding="utf-8")
    assert f"unit: {first['unit_id']}" in coding and first["code"] in coding
    assert stc("code", "-c", sample)[0] == 0
    unit = next(
        r
        for r in rows(sample.parent / "out" / "meaning_units.csv")
        if r["unit_id"] == first["unit_id"]
    )
    assert first["code"] in unit["accepted"].split(";")  # accepted, as any suggestion
    assert first["code"] in unit["codes"].split(";")
    assert "suggest: " in unit["evidence"]
    # A new queue leaves out what is decided; the accepted code stays confirmed.
    assert stc("suggest", "-c", sample)[0] == 0
    entries = load_queue(sample.parent / "suggestions.yaml").suggestions
    assert (first["code"], first["text"]) not in {(e.code, e.quote) for e in entries}
    assert stc("code", "-c", sample)[0] == 0
    unit = next(
        r
        for r in rows(sample.parent / "out" / "meaning_units.csv")
        if r["unit_id"] == first["unit_id"]
    )
    assert first["code"] in unit["codes"].split(";")


def test_a_rejected_candidate_is_not_queued_again(sample: Path) -> None:
    assert stc("suggest", "-c", sample)[0] == 0
    assert stc("code", "-c", sample)[0] == 0
    first = queued(sample)[0]
    code, _, err = stc("review", "-c", sample, "--reject", f"{first['unit_id']}:{first['code']}")
    assert code == 0, err
    assert stc("code", "-c", sample)[0] == 0
    review = rows(sample.parent / "out" / "meaning_units.csv")
    unit = next(r for r in review if r["unit_id"] == first["unit_id"])
    assert first["code"] in unit["rejected"].split(";")
    queue = sample.parent / "suggestions.yaml"
    assert stc("suggest", "-c", sample)[0] == 0
    second = queue.read_bytes()
    entries = load_queue(queue).suggestions
    assert (first["code"], first["text"]) not in {(e.code, e.quote) for e in entries}
    # learned as a negative, and stable: the next run queues the same
    assert stc("suggest", "-c", sample)[0] == 0
    assert queue.read_bytes() == second


def test_a_file_stc_did_not_write_is_never_overwritten(sample: Path) -> None:
    queue = sample.parent / "suggestions.yaml"
    queue.write_text("# my own notes\n- interesting: informant-2\n", encoding="utf-8")
    code, _, err = stc("suggest", "-c", sample)
    assert code == 1
    assert error_line(err) == (
        f"Error: {queue}: not written by `stc suggest` (or edited since), so stc does not "
        "overwrite it; move it away, or set `suggestions:` in stc.yaml to another file"
    )
    assert queue.read_text(encoding="utf-8") == "# my own notes\n- interesting: informant-2\n"


def test_a_hand_edited_queue_is_read_but_never_overwritten(sample: Path) -> None:
    assert stc("suggest", "-c", sample)[0] == 0
    queue = sample.parent / "suggestions.yaml"
    text = queue.read_text(encoding="utf-8")
    # the researcher removes the first candidate by hand
    start = text.index("\n- code:") + 1
    edited = text[:start] + text[text.index("\n- code:", start) + 1 :]
    queue.write_text(edited, encoding="utf-8")
    assert stc("code", "-c", sample)[0] == 0
    assert len(queued(sample)) == len(load_queue(queue).suggestions)
    code, _, err = stc("suggest", "-c", sample)
    assert code == 1 and "not written by `stc suggest` (or edited since)" in error_line(err)
    assert queue.read_text(encoding="utf-8") == edited


def test_a_queue_named_in_stc_yaml(sample: Path) -> None:
    config = sample.read_text(encoding="utf-8")
    sample.write_text(config + "suggestions: queue/learned.yaml\n", encoding="utf-8")
    (sample.parent / "queue").mkdir()
    assert stc("suggest", "-c", sample)[0] == 0
    assert (sample.parent / "queue" / "learned.yaml").is_file()
    assert not (sample.parent / "suggestions.yaml").exists()
    assert stc("code", "-c", sample)[0] == 0
    assert queued(sample)


def test_the_queue_may_not_be_a_researchers_file(sample: Path) -> None:
    config = sample.read_text(encoding="utf-8")
    sample.write_text(config + "suggestions: coding.yaml\n", encoding="utf-8")
    coding = (sample.parent / "coding.yaml").read_bytes()
    code, _, err = stc("suggest", "-c", sample)
    assert code == 1 and "stc suggest never writes there" in error_line(err)
    assert (sample.parent / "coding.yaml").read_bytes() == coding


def test_a_candidate_whose_text_changed_is_dropped_with_a_message(sample: Path) -> None:
    assert stc("suggest", "-c", sample)[0] == 0
    queue = sample.parent / "suggestions.yaml"
    entries = load_queue(queue).suggestions
    gone = entries[0]
    path = next(
        p for p in (sample.parent / "transcripts").glob("*.txt") if p.stem == gone.transcript
    )
    text = path.read_text(encoding="utf-8")
    assert text.count(gone.quote) == 1
    # a line added at the top moves every offset; the researcher rewrites one sentence
    lines = text.split("\n")
    head = 1 + lines[1:].index("---") + 1 if lines[0] == "---" else 0
    lines.insert(head, "I: (Ny innledning.)")
    changed = "\n".join(lines).replace(gone.quote, "Det husker jeg ikke noe av.")
    path.write_text(changed, encoding="utf-8")
    code, _, err = stc("code", "-c", sample)
    assert code == 0, err
    assert f"1 forslag i {queue} finner ikke lenger teksten sin og blir oversett" in err
    shown = queued(sample)
    assert len(shown) == len(entries) - 1  # the others re-attach by their quotes
    assert gone.quote not in {r["text"] for r in shown}


def test_run_check_reproduces_with_a_queue(sample: Path) -> None:
    assert stc("suggest", "-c", sample)[0] == 0
    code, _, err = stc("run", "-c", sample)
    assert code == 0, err
    lock = json.loads((sample.parent / "stc.lock").read_text(encoding="utf-8"))
    assert "suggestions.yaml" in lock["inputs"]
    shutil.rmtree(sample.parent / "out")  # a fresh clone: no out/
    code, out, err = stc("run", "--check", "-c", sample)
    assert code == 0, out + err
    # a queue learned from other decisions is an input that changed
    queue = sample.parent / "suggestions.yaml"
    queue.unlink()
    code, out, err = stc("run", "--check", "-c", sample)
    assert code != 0 and "suggestions.yaml" in out + err


def test_the_codebooks_health_does_not_count_the_queue(sample: Path) -> None:
    assert stc("agree", "--codebook", "-c", sample)[0] == 0
    health = sample.parent / "out" / "codebook_health.csv"
    before = health.read_bytes()
    assert stc("suggest", "-c", sample)[0] == 0
    assert stc("agree", "--codebook", "-c", sample)[0] == 0
    assert health.read_bytes() == before  # a pending candidate is no rule's suggestion
    assert stc("code", "-c", sample)[0] == 0
    first = queued(sample)[0]
    assert stc("review", "-c", sample, "--accept", f"{first['unit_id']}:{first['code']}")[0] == 0
    assert stc("agree", "--codebook", "-c", sample)[0] == 0
    after = rows(health)
    old = {r["code"]: r for r in rows_of(before) if r["kind"] == "code"}
    new = {r["code"]: r for r in after if r["kind"] == "code"}
    # accepted on stc suggest's word, it is a unit the codebook missed: recall, not a rule
    assert int(new[first["code"]]["added"]) == int(old[first["code"]]["added"]) + 1
    assert "suggest" not in {r["rule"] for r in after}


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_too_few_decisions_is_a_message_not_a_model(make_project: MakeProject) -> None:
    config = make_project({"informant-1.txt": INTERVIEW}, CODEBOOK, coding=KARI)
    code, _, err = stc("suggest", "-c", config)
    assert code == 0, err
    # Kari confirmed three sentences of ikke-alene and two of gruppe
    assert (
        f"fellesskap/ikke-alene: 3 bekreftede setninger, for få til en modell (den trenger "
        f"{MIN_POSITIVES}" in err
    )
    assert "Ingen forslag å legge i kø" in err
    header = (config.parent / "out" / "suggest.csv").read_text(encoding="utf-8")
    assert header.startswith("code,rank,score,transcript,participant,line")
    assert not (config.parent / "suggestions.yaml").exists()  # no empty queue is created


def _queued(project: Project, quote: str, score: float, terms: list[str]) -> Queued:
    """A queued candidate for the sentence ``quote`` of informant-1, coded ikke-alene."""
    from stc.corpus import load_transcripts
    from tests.test_server import ALONE

    start = load_transcripts(project)[0].text.index(quote)
    return Queued(
        code=ALONE,
        transcript="informant-1",
        char_start=start,
        char_end=start + len(quote),
        quote=quote,
        score=score,
        nearest="informant-1:0b13bf",
        terms=terms,
    )


def test_the_workspace_shows_a_queued_candidate_and_accepts_it_as_a_suggestion(
    make_project: MakeProject,
) -> None:
    from stc.suggestions import Queue, write_queue
    from stc.units import base_id
    from tests.conftest import INTERVIEW as SHORT
    from tests.test_server import ALONE, Page

    config = make_project({"informant-1.txt": SHORT})
    project = load_config(config)
    quote = "Været var fint."
    candidate = _queued(project, quote, 0.714, ["vær", "fin"])
    write_queue(project.suggestions_path, Queue(coder=None, suggestions=[candidate]))
    page = Page(config)
    shown = page.get(f"/queue?code={ALONE}")
    assert "stc suggest: 0.71 (nearest informant-1:0b13bf; terms: vær, fin)" in shown
    unit = base_id("informant-1", quote)  # a sentence the codebook left uncoded
    assert unit in page.units(ALONE)
    page.post(
        "/api/decide",
        {"actions": [{"unit": unit, "code": ALONE, "kind": "accept", "expect": "suggested"}]},
    )
    coding = page.coding.read_text(encoding="utf-8")
    assert f"- unit: {unit}\n" in coding and f"accept: [{ALONE}]" in coding
    assert "add:" not in coding  # accepted, like the codebook's suggestions


def test_an_open_workspace_shows_a_queue_written_after_it_started(
    make_project: MakeProject,
) -> None:
    """`stc suggest` run while the page is open: the next page load shows its candidates,
    and a queue emptied again takes them away (the codebook is not matched again)."""
    from stc.suggestions import Queue, write_queue
    from stc.units import base_id
    from tests.conftest import INTERVIEW as SHORT
    from tests.test_server import ALONE, Page

    config = make_project({"informant-1.txt": SHORT})
    project = load_config(config)
    page = Page(config)
    quote = "Været var fint."
    unit = base_id("informant-1", quote)
    assert unit not in page.units(ALONE)
    candidate = _queued(project, quote, 0.5, ["vær"])
    write_queue(project.suggestions_path, Queue(coder=None, suggestions=[candidate]))
    assert unit in page.units(ALONE)
    assert "stc suggest: 0.50" in page.get(f"/queue?code={ALONE}")
    write_queue(project.suggestions_path, Queue(coder=None, suggestions=[]))
    assert unit not in page.units(ALONE)


def test_a_malformed_queue_is_one_error_line_naming_the_field(make_project: MakeProject) -> None:
    config = make_project({"informant-1.txt": INTERVIEW}, CODEBOOK, coding=KARI)
    queue = config.parent / "suggestions.yaml"
    queue.write_text(
        "suggestions:\n- code: fellesskap/ikke-alene\n  transcript: informant-1\n", encoding="utf-8"
    )
    code, _, err = stc("code", "-c", config)
    assert code == 1
    line = error_line(err)
    assert str(queue) in line and "char_start" in line
    queue.write_text("- my own list\n", encoding="utf-8")
    code, _, err = stc("code", "-c", config)
    assert code == 1
    assert "set `suggestions:` in stc.yaml" in error_line(err)


def test_words_in_long_or_unclosed_brackets_are_the_participants(nb: Pipeline) -> None:
    """Only a transcriber's short mark is left out: "(uforståelig og så …" without its ")"
    dropped the rest of the sentence, and "(altså mamma og jeg)" the participant's words."""
    from stc.segments import _said

    def said(text: str) -> tuple[str, ...]:
        return _said(nb.nlp(text))

    assert said("Jeg (griner) var redd.") == ("jeg", "være", "redd")
    assert "skam" in said("Vi hadde (uforståelig og så snakket vi om skam.")
    assert "mamma" in said("Jeg (altså mamma og jeg og pappa) var redd.")
