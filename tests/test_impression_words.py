"""Step 1's words: stop words and fillers, readable term labels, and the project's language."""

from __future__ import annotations

import string
from collections import Counter

import pytest
import yaml

from stc.impression import stop_words, term_labels
from stc.impression_wording import EN, PHRASES
from stc.nlp import embedded_pipeline
from tests.conftest import CONFIG, MakeProject, stc


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("da", {"bare", "når", "sin", "altså", "og"}),
        ("nb", {"altså", "liksom", "sånn", "ikkje", "asså", "typ", "ba", "og"}),
        ("nn", {"altså", "liksom", "ikkje", "og"}),
        ("sv", {"asså", "typ", "ba", "liksom", "och", "ju", "väl", "suck"}),  # «väl» as nb «vel»
    ],
)
def test_stop_words_hold_spacy_lists_and_spoken_fillers(language: str, words: set[str]) -> None:
    assert words <= stop_words(embedded_pipeline(language))


def test_a_lemma_nobody_said_is_labelled_by_the_form_said_most() -> None:
    forms = {
        "sværte": Counter({"svært": 5}),  # simplemma's lemma of da "svært" (very/difficult)
        "gruppe": Counter({"gruppen": 3, "grupper": 1}),  # a good lemma stays
        "svær": Counter({"svær": 2, "svære": 1}),
    }
    assert term_labels(forms, "da") == {"sværte": "svært"}
    assert term_labels({"delere": Counter({"deler": 4})}, "nb") == {"delere": "deler"}
    # The form said is a lemma itself: sv "rädd" (afraid), not "rädda" (to rescue).
    assert term_labels({"rädda": Counter({"rädd": 5})}, "sv") == {"rädda": "rädd"}
    assert term_labels({"bråke": Counter({"bråk": 2})}, "nb") == {"bråke": "bråk"}
    # An ordinary inflection keeps its lemma.
    assert term_labels({"jobbe": Counter({"jobbet": 3})}, "nb") == {}
    # A word of its own read as another: da "vred" (angry), not "vride" (to wring); but a
    # verb's forms that are also dictionary words keep the verb ("føler", "brukt", "mår").
    assert term_labels({"vride": Counter({"vred": 2}), "føle": Counter({"føler": 3})}, "da") == {
        "vride": "vred"
    }
    assert term_labels({"bruke": Counter({"brukt": 14}), "se": Counter({"så": 2})}, "nb") == {}
    assert term_labels({"må": Counter({"mår": 4})}, "sv") == {}


def test_swedish_ont_is_pain_not_evil() -> None:
    # "har ont" read as "ond" (evil) topped a pain study's words, and "ond cirkel" merged in.
    from stc.nlp import lemma

    assert lemma("ont", "sv") == "ont" and lemma("Ont", "sv") == "ont"
    assert lemma("ond", "sv") == "ond"
    assert lemma("thinking", "en") == "think"  # simplemma: "thinke"


DANISH = """\
I: Hvordan var det at starte på holdet?
Deltager 1: Det var svært at komme i gang. Det var svært at sige noget. Holdet var svært godt.
Deltager 1: Træningen var hård. Træningen hjalp. Holdet hjalp mig med træningen.
I: Og bagefter?
Deltager 1: Svært at sige. Træningen var svært hård. Holdet og træningen var det bedste.
"""


def test_a_danish_project_gets_a_danish_impression_and_readable_terms(
    make_project: MakeProject,
) -> None:
    config = make_project(
        {"a.txt": DANISH, "b.txt": DANISH.replace("Deltager 1", "Deltager 2")},
        config=CONFIG.replace("language: nb", "language: da"),
        codebook=None,
    )
    code, _, err = stc("impression", "-c", config)
    assert code == 0, err
    text = (config.parent / "out" / "impression.md").read_text(encoding="utf-8")
    assert text.startswith("# Helhedsindtryk: Test\n")
    for heading in (
        "## Materialet",
        "## Hyppige indholdsord",
        "## Ordklynger (temaforslag)",
        "## Næste skridt",
    ):
        assert heading in text
    terms = (config.parent / "out" / "terms.csv").read_text(encoding="utf-8")
    assert "\nsvært," in terms and "sværte" not in terms
    draft = config.parent / "out" / "themes.draft.yaml"
    data = yaml.safe_load(draft.read_text(encoding="utf-8"))
    assert data["name"] == "Udkast: Test"
    assert data["groups"] and all(g["label"].startswith("Ordklynge ") for g in data["groups"])
    assert draft.read_text(encoding="utf-8").startswith("# Udkast til kodebog")


@pytest.mark.parametrize("language", ["nb", "nn", "da", "sv", "de"])
def test_every_phrase_is_translated_with_the_same_placeholders(language: str) -> None:
    table = PHRASES[language]
    assert set(table) == set(EN)
    for key, english in EN.items():
        fields = {f for _, f, _, _ in string.Formatter().parse(english) if f}
        assert {f for _, f, _, _ in string.Formatter().parse(table[key]) if f} == fields, key
