"""Several keys per token: the forms a single dictionary lemma gets wrong, in each language."""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from stc.codebook import Codebook, CodebookMatcher
from stc.keys import BASIC_KEYS, candidate_lemmas, stem, token_keys
from stc.nlp import Pipeline, embedded_pipeline

ROOT = Path(__file__).resolve().parent.parent


@functools.lru_cache(maxsize=8)
def pipeline(language: str) -> Pipeline:
    return embedded_pipeline(language)


def evidence(language: str, text: str, **rules: Any) -> list[str]:
    code = {"id": "c", "label": "C", **rules}
    book = Codebook.model_validate(
        {"name": "t", "groups": [{"id": "g", "label": "G", "codes": [code]}]}
    )
    found = CodebookMatcher(book, pipeline(language)).code_text(text).get("g/c", ())
    return [str(e) for e in found]


@pytest.mark.parametrize(
    ("language", "keyword", "text", "shown"),
    [
        ("nb", "dele", "Alle deler noe.", "keyword 'dele' ~ «deler» (other lemma)"),
        ("nb", "sprekk", "Han sprekker hver helg.", "keyword 'sprekk' ~ «sprekker» (other lemma)"),
        ("nb", "lytte", "Hun er en god lytter.", "keyword 'lytte' ~ «lytter» (other lemma)"),
        ("nb", "lytte", "De lytter til meg.", "keyword 'lytte' ~ «lytter» (other lemma)"),
        (
            "nb",
            "ruskonsulent",
            "Ruskonsulenten ringte.",
            "keyword 'ruskonsulent' ~ «Ruskonsulenten» (stem)",
        ),
        ("da", "svær", "Det var svært at sige.", "keyword 'svær' ~ «svært» (other lemma)"),
        ("da", "vred", "Jeg blev vred.", "keyword 'vred' = \"vred\""),
        ("da", "leder", "Lederne skiftede.", "keyword 'leder' ~ «Lederne» (other lemma)"),
        ("sv", "dela", "Vi delade på det.", "keyword 'dela' ~ «delade» (other lemma)"),
        (
            "sv",
            "missbrukshandläggare",
            "Missbrukshandläggaren ringde.",
            "keyword 'missbrukshandläggare' ~ «Missbrukshandläggaren» (stem)",
        ),
        ("en", "listen", "She is a good listener.", "keyword 'listen' ~ «listener» (other lemma)"),
        ("en", "lonely", "I never felt lonelier.", "keyword 'lonely' = \"lonelier\""),
        # Irregular forms the dictionary gives another lemma (felt → "felt", gone → "gan").
        ("en", "feel", "I felt so alone.", "keyword 'feel' ~ «felt» (other lemma)"),
        ("en", "go", "She had gone home.", "keyword 'go' ~ «gone» (other lemma)"),
        ("sv", "känna", "Jag har känt mig ensam.", "keyword 'känna' ~ «känt» (other lemma)"),
        ("sv", "synas", "Det syns inte utanpå.", "keyword 'synas' ~ «syns» (other lemma)"),
        ("da", "finde", "Vi har fundet ro.", "keyword 'finde' ~ «fundet» (other lemma)"),
    ],
)
def test_a_keyword_finds_forms_its_dictionary_lemma_misses(
    language: str, keyword: str, text: str, shown: str
) -> None:
    assert evidence(language, text, keywords=[keyword]) == [shown]


@pytest.mark.parametrize(
    ("language", "keyword", "text"),
    [
        ("nb", "dele", "Alle deler noe."),
        ("nb", "sprekk", "Han sprekker hver helg."),
        ("da", "svær", "Det var svært at sige."),
        ("nb", "ruskonsulent", "Ruskonsulenten ringte."),
    ],
)
def test_before_several_keys_these_forms_were_missed(
    language: str, keyword: str, text: str
) -> None:
    code = {"id": "c", "label": "C", "keywords": [keyword]}
    book = Codebook.model_validate(
        {"name": "t", "groups": [{"id": "g", "label": "G", "codes": [code]}]}
    )
    assert CodebookMatcher(book, pipeline(language), keys=BASIC_KEYS).code_text(text) == {}


@pytest.mark.parametrize(
    ("language", "rules", "coded", "not_coded"),
    [
        # deler: shares (coded) against parts (the codebook's exclude keeps them apart)
        ("nb", {"keywords": ["dele"], "exclude": ["nye deler"]}, "Alle deler noe.", "Bilen trengte nye deler."),
        # leder: the leader against «leder til» (leads to)
        ("nb", {"keywords": ["leder"], "exclude": ["leder til"]}, "Lederen var flink.", "Det leder til krangel."),
        # lytter: a listener against listening to the radio
        ("nb", {"keywords": ["lytte"], "exclude": ["radio"]}, "Hun er en god lytter.", "Jeg lytter til radio."),
        # da leder: the leader against «leder efter» (looks for)
        ("da", {"keywords": ["leder"], "exclude": ["leder efter"]}, "Lederen var god.", "Jeg leder efter nøglerne."),
        # da svært: difficult against «svært glad» (very happy)
        ("da", {"keywords": ["svær"], "exclude": ["svært glad"]}, "Det var svært.", "Jeg var svært glad."),
    ],
)  # fmt: skip
def test_homonyms_are_kept_apart_by_the_codebooks_excludes(
    language: str, rules: dict[str, Any], coded: str, not_coded: str
) -> None:
    assert evidence(language, coded, **rules)
    assert evidence(language, not_coded, **rules) == []


def test_a_keyword_that_is_a_lemma_does_not_bring_its_homonym() -> None:
    # simplemma gives da "vred" (angry) the lemma "vride" (to wring), nb "leder" the lemma "led"
    assert evidence("da", "Han vrider kluden.", keywords=["vred"]) == []
    assert evidence("nb", "Jeg led av angst.", keywords=["leder"]) == []


def test_token_keys_are_exact_strings_computed_once_per_form() -> None:
    keys = token_keys("deler", "delere", "nb")
    assert {"dele", "del", "delere"} <= keys.candidates
    assert keys.stem is None  # a known word: its lemmas are trusted, its stem is not used
    assert token_keys("deler", "delere", "nb") is keys
    assert token_keys("ruskonsulenten", "ruskonsulenten", "nb").stem == "ruskonsulent"
    assert candidate_lemmas("svært", "da") == frozenset({"svær"})
    assert stem("bar", "da") is None  # too short a stem to trust


def test_the_quality_benchmark_raises_recall_and_keeps_precision_in_every_language() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_quality.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for language in ("nb", "da", "sv", "en"):
        assert f"| {language} | " in done.stdout


def test_the_words_of_a_phrase_keep_their_lemma_as_before() -> None:
    # "bor" is also a dictionary lemma (a drill), but in a phrase it is the verb as said.
    rules = {"keywords": ["alene"], "exclude": ["bor alene"]}
    assert evidence("nb", "Jeg har bodd alene i mange år.", **rules) == []
    assert evidence("nb", "Jeg var ikke alene.", **rules) == ["keyword 'alene' = \"alene\""]
