"""The embedded pipeline and an installed pipeline named by ``model:``."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from stc.coding import code_project
from stc.config import load_config
from stc.errors import ModelError
from stc.nlp import Pipeline, embedded_pipeline, installed_pipeline
from tests.conftest import CONFIG, MakeProject


@pytest.mark.parametrize(
    ("language", "word", "lemma"),
    [
        ("nb", "gruppene", "gruppe"),
        ("nn", "gruppa", "gruppe"),
        ("da", "grupperne", "gruppe"),
        ("sv", "grupperna", "grupp"),
        ("en", "groups", "group"),
    ],
)
def test_embedded_pipeline_lemmatizes_each_language(language: str, word: str, lemma: str) -> None:
    doc = embedded_pipeline(language).nlp(f"{word.capitalize()} var bra. Ja.")
    assert doc[0].lemma_ == lemma
    assert len(list(doc.sents)) == 2


def test_an_opening_bracket_starts_the_next_sentence(nb: Pipeline) -> None:
    doc = nb.nlp("Det var sånn. (ler) Jeg vet ikke.")
    assert [s.text for s in doc.sents] == ["Det var sånn.", "(ler) Jeg vet ikke."]


def test_a_saved_pipeline_on_disk_is_used_instead(
    make_project: MakeProject, tmp_path: Path
) -> None:
    nlp = spacy.blank("nb")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "my-pipeline")
    embedded = code_project(load_config(make_project()))
    config = make_project(config=CONFIG + "model: my-pipeline\n")
    result = code_project(load_config(config))
    assert result.pipeline.name.startswith("nb_pipeline")
    assert "stc_simplemma" in result.pipeline.nlp.pipe_names  # lemmas added when it has none
    # The same sentence boundaries and lemmas give the same units as the embedded pipeline.
    assert [(u.text, u.code_ids) for u in result.units] == [
        (u.text, u.code_ids) for u in embedded.units
    ]
    assert "Jeg trodde jeg var den eneste.\nMen så merket jeg at jeg ikke var alene." in {
        u.text for u in result.units
    }


def test_a_pipeline_that_is_not_installed_says_how_to_install_one(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="'nb_core_news_xx' is not installed; install its package"):
        installed_pipeline("nb_core_news_xx", "nb", tmp_path, "stc.yaml")


def test_parsed_docs_are_cached_by_text_and_pipeline(nb: Pipeline, tmp_path: Path) -> None:
    from stc.nlp import parse_transcripts
    from stc.readers import read_transcript

    path = tmp_path / "a.txt"
    path.write_text(
        "I: Ja?\nInformant 1: Gruppa hjalp. (ler) Jeg var ikke alene.\n", encoding="utf-8"
    )
    transcript = read_transcript(path, ["I"])
    cache = tmp_path / "cache"
    fresh = parse_transcripts([transcript], nb, cache=cache)
    [entry] = list(cache.iterdir())
    calls = []
    original = nb.nlp.pipe

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return original(*args, **kwargs)

    nb.nlp.pipe = spy
    try:
        cached = parse_transcripts([transcript], nb, cache=cache)
    finally:
        nb.nlp.pipe = original
    assert calls == []  # nothing parsed again
    for a, b in zip(fresh[0].docs, cached[0].docs, strict=True):
        assert [(t.text, t.lemma_, t.is_sent_start) for t in a] == [
            (t.text, t.lemma_, t.is_sent_start) for t in b
        ]
    # A damaged entry is only a miss: the turns are parsed again.
    entry.write_bytes(b"not a DocBin")
    again = parse_transcripts([transcript], nb, cache=cache)
    assert [t.lemma_ for t in again[0].docs[1]] == [t.lemma_ for t in fresh[0].docs[1]]


def test_changing_the_codebook_does_not_parse_again(make_project: MakeProject) -> None:
    config = make_project()
    code_project(load_config(config))
    cache = config.parent / "out" / ".cache" / "parsed"
    before = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.tokens")}
    assert before
    codebook = config.parent / "codebook.yaml"
    codebook.write_text(codebook.read_text().replace("[gruppe]", "[gruppe, redd]"))
    code_project(load_config(config))
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.tokens")} == before
    # Only the new keyword word was parsed, and kept for the next run.
    (keywords,) = cache.glob("keywords-*.json")
    assert '"11:redd"' in keywords.read_text(encoding="utf-8")


def test_a_saved_pipeline_is_fingerprinted_by_its_files(tmp_path: Path) -> None:
    """Its meta need not change when it is retrained or given a tokenizer exception: a cache
    or a reused step 1 keyed by the meta alone would outlive the change."""
    nlp = spacy.blank("nb")
    nlp.to_disk(tmp_path / "model")
    before = installed_pipeline("model", "nb", tmp_path, "stc.yaml").fingerprint
    assert before == installed_pipeline("model", "nb", tmp_path, "stc.yaml").fingerprint
    nlp.tokenizer.add_special_case("gruppen", [{"ORTH": "grupp"}, {"ORTH": "en"}])
    nlp.to_disk(tmp_path / "model")
    after = installed_pipeline("model", "nb", tmp_path, "stc.yaml").fingerprint
    assert after != before
    assert before.split("/files-")[0] == after.split("/files-")[0]  # the meta is the same
