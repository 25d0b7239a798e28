"""The command line speaks the project's language, with plural forms right."""

from __future__ import annotations

import re

import pytest

from stc import impression_wording, wording
from stc.messages import MESSAGES, message
from stc.server import wording as server_wording
from tests.conftest import CONFIG, MakeProject, stc

CODEBOOK = """\
name: t
groups:
  - id: g
    label: G
    codes:
      - {id: c, label: C, keywords: [alene]}
"""
EXPECTED = {
    "nb": ("0 meningsbærende enheter med bekreftede koder i 1 transkripsjon;", "0 av 1 enhet gjennomgått; 1 forslag venter"),
    "nn": ("0 meiningsberande einingar med stadfesta kodar i 1 transkripsjon;", "0 av 1 eining gjennomgått; 1 forslag ventar"),
    "da": ("0 meningsbærende enheder med bekræftede koder i 1 transskription;", "0 af 1 enhed gennemgået; 1 forslag venter"),
    "sv": ("0 meningsbärande enheter med bekräftade koder i 1 transkription;", "0 av 1 enhet granskade; 1 förslag väntar"),
    "en": ("0 meaning units with confirmed codes in 1 transcript;", "0 of 1 unit reviewed; 1 suggestion waits"),
    "de": ("0 Sinneinheiten mit bestätigten Codes in 1 Transkript;", "0 von 1 Einheit geprüft; 1 Vorschlag wartet"),
}  # fmt: skip


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_stc_code_speaks_the_projects_language(make_project: MakeProject, language: str) -> None:
    config = make_project(
        {"a.txt": "I: Og?\nInformant 1: Jeg var alene.\n"},
        codebook=CODEBOOK,
        config=CONFIG.replace("language: nb", f"language: {language}"),
    )
    code, out, err = stc("code", "-c", config)
    assert code == 0, err
    units, review = EXPECTED[language]
    assert units in out and review in out


def test_plural_forms() -> None:
    assert message("nb", "unchanged", n=1) == "1 utkast uendret"
    assert message("en", "unchanged", n=1) == "1 draft unchanged"
    assert message("en", "unchanged", n=2) == "2 drafts unchanged"
    assert message("sv", "edited_kept", n=1) == "1 redigerad post behölls"
    assert message("de", "waiting", n=3) == "3 Vorschläge warten"


def test_every_language_has_every_message_with_the_same_fields() -> None:
    import string

    def fields(text: str | tuple[str, str]) -> set[str]:
        texts = text if isinstance(text, tuple) else (text,)
        return {f for t in texts for _, f, _, _ in string.Formatter().parse(t) if f}

    for language, table in MESSAGES.items():
        assert set(table) == set(MESSAGES["en"]), language
        for key, text in table.items():
            assert fields(text) == fields(MESSAGES["en"][key]), (language, key)


# stc agree, stc agree --codebook and stc suggest on two coders' decisions (tests/test_agree.py)
ANALYSIS_EXPECTED = {
    "nb": ("Kodere: kari, ola; sammenlignet på informantenes setninger", "Samsvar per kode", "leder/leder: udefinert, ingen brukte koden", "Kodeboken mot gjennomgangen til kari", "alene' avvist 2 av 3, f.eks.", "Skrev", "kodeboken er uendret", "fellesskap/ikke-alene: 3 bekreftede setninger, for få til en modell (den trenger 5", "Ingen forslag å legge i kø"),
    "nn": ("Kodarar: kari, ola; samanlikna på setningane til informantane", "Samsvar per kode", "leder/leder: udefinert, ingen brukte koden", "Kodeboka mot gjennomgangen til kari", "alene' avvist 2 av 3, t.d.", "Skreiv", "kodeboka er uendra", "fellesskap/ikke-alene: 3 stadfesta setningar, for få til ein modell (han treng 5", "Ingen forslag å leggje i kø"),
    "da": ("Kodere: kari, ola; sammenlignet sætning for sætning i informanternes tale", "Enighed pr. kode", "leder/leder: udefineret, ingen brugte koden", "Kodebogen sammenlignet med gennemgangen af kari", "alene' afvist 2 af 3, f.eks.", "Skrev", "kodebogen er uændret", "fellesskap/ikke-alene: 3 bekræftede sætninger, for få til en model (den kræver 5", "Ingen forslag at sætte i kø"),
    "sv": ("Kodare: kari, ola; jämförda på informanternas meningar", "Överensstämmelse per kod", "leder/leder: odefinierad, ingen använde koden", "Kodboken mot granskningen av kari", "alene' avvisad 2 av 3, t.ex.", "Skrev", "kodboken är oförändrad", "fellesskap/ikke-alene: 3 bekräftade meningar, för få för en modell (den behöver 5", "Inga förslag att köa"),
    "en": ("Coders: kari, ola; compared on participant sentences", "Agreement per code", "leder/leder: undefined, nobody used the code", "The codebook against kari's review", "alene' rejected 2 of 3, e.g.", "Wrote", "the codebook is unchanged", "fellesskap/ikke-alene: 3 confirmed sentences, too few for a model (it needs 5", "No suggestions to queue"),
    "de": ("Codierende: kari, ola; verglichen auf den Sätzen der Befragten", "Übereinstimmung je Code", "leder/leder: nicht definiert, niemand hat den Code verwendet", "Das Codebuch im Vergleich mit der Prüfung durch kari", "alene' 2 von 3 abgelehnt, z. B.", "geschrieben", "das Codebuch ist unverändert", "fellesskap/ikke-alene: 3 bestätigte Sätze, zu wenige für ein Modell (es braucht 5", "Keine Vorschläge einzureihen"),
}  # fmt: skip


@pytest.mark.parametrize("language", sorted(ANALYSIS_EXPECTED))
def test_agree_and_suggest_speak_the_projects_language(
    make_project: MakeProject, language: str
) -> None:
    from tests.test_agree import CODEBOOK as TWO_CODERS_CODEBOOK
    from tests.test_agree import INTERVIEW, KARI, OLA

    config = make_project(
        {"informant-1.txt": INTERVIEW},
        codebook=TWO_CODERS_CODEBOOK.replace("language: nb\n", ""),
        config=CONFIG.replace("language: nb", f"language: {language}"),
        coding=KARI + OLA,
    )
    compared, per_code, unused, health, flagged, wrote, unchanged, few, none = ANALYSIS_EXPECTED[
        language
    ]
    code, out, err = stc("agree", "-c", config)
    assert code == 0, err
    assert compared in out and per_code in out and unused in out
    code, out, err = stc("agree", "--codebook", "--coder", "kari", "-c", config)
    assert code == 0, err
    assert health in out and flagged in out
    assert err.startswith(wrote) or wrote in err
    assert unchanged in err
    code, out, err = stc("suggest", "--coder", "kari", "-c", config)
    assert code == 0, err
    assert few in err and none in err


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [s for v in value for s in _strings(v)]
    return []


TABLES = {  # every table of words a user sees, by language
    language: [
        MESSAGES[language],
        wording.PHRASES[language],
        getattr(server_wording, language.upper()),
        getattr(impression_wording, language.upper()),
    ]
    for language in ("nb", "nn", "da", "sv", "en", "de")
}


@pytest.mark.parametrize(("language", "foreign"), [("sv", "æøÆØ"), ("da", "äöÄÖ")])
def test_no_neighbouring_language_leaks_into_a_table_that_starts_as_its_copy(
    language: str, foreign: str
) -> None:
    """Swedish and Danish tables start as copies of the Norwegian ones: a key left out of one
    showed Norwegian («1 flyttet til orphaned», «kø») in a Swedish session."""
    leaks = [
        (key, text)
        for table in TABLES[language]
        for key, value in table.items()
        for text in _strings(value)
        if set(text) & set(foreign)
    ]
    assert leaks == []


# The same in German as in English.
SAME_IN_GERMAN = {
    "OK",
    "status: {status}",
    "Text",
    "Passage",
    "Code",
    "Name",
    "stc suggest: {pattern}",
}


def test_no_english_is_left_in_the_german_tables() -> None:
    leaks = [
        (key, value)
        for german, english in zip(TABLES["de"], TABLES["en"], strict=True)
        for key, value in german.items()
        if value == english.get(key)
        and any(c.isalpha() for s in _strings(value) for c in s)
        and not set(_strings(value)) <= SAME_IN_GERMAN
    ]
    assert leaks == []


def test_danish_texts_keep_their_own_marks() -> None:
    """Danish is written »…«: read as «…» from one mark to the next, «i» in
    "»{word}« i »{sentence}«" was turned around ("»alle» i «Alle …«")."""
    template = wording.PHRASES["da"]["quantifier_mismatch"]
    assert "»{word}« i »{sentence}«" in template
    assert wording.in_marks(template, "da") == template
    assert wording.phrase("da", "one_participant", label="Tryghed").startswith("»Tryghed« ")
    # Nor does a Danish table hold Norwegian «…» (stc agree's and stc suggest's lines did).
    norwegian = [
        (key, text)
        for table in TABLES["da"]
        for key, value in table.items()
        for text in _strings(value)
        if re.search(r"«[\w{]", text)  # « opening a quote, as Norwegian writes it
    ]
    assert norwegian == []


@pytest.mark.parametrize("language", ["sv", "en", "de"])
def test_every_text_quotes_in_the_languages_own_marks(language: str) -> None:
    """The tables are written with «…», Norwegian's marks: a Swedish session read
    «Det var hans rädsla…» where Swedish writes ”…”. Each text is set in the language's marks
    as it is said (``in_marks``); step 1's texts have none to set."""
    messages, phrases, page, impression = TABLES[language]
    said = [
        wording.in_marks(text, language)
        for t in (messages, phrases, page)
        for v in t.values()
        for text in _strings(v)
    ]
    said += [text for value in impression.values() for text in _strings(value)]
    assert [text for text in said if "«" in text or "»" in text] == []
    assert message(
        "sv",
        "health_rule",
        code="c",
        rule="keyword",
        pattern="rädd",
        rejected=1,
        decided=2,
        text="Jag var «rädd»",
    ) == (
        "  c: keyword 'rädd' avvisad 1 av 2, t.ex. ”Jag var «rädd»”"
    )  # a quote filled in keeps its own marks
