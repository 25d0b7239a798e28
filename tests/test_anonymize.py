"""stc anonymize: what it finds, how it replaces, the key, and what it refuses to do."""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
import yaml

from stc.anonymize import (
    REPORT_FILE,
    AnonymizeReport,
    AnonymizeSettings,
    Finding,
    anonymize_project,
    anonymized_project,
    find_identifiers,
    mapping_path,
)
from stc.anonymize.idnumbers import is_fodselsnummer, is_id_number, is_personnummer
from stc.anonymize.names import load_names
from stc.coding import code_project, write_coding
from stc.config import Project, load_config
from stc.errors import AnonymizeError, ConfigError
from stc.nlp import Pipeline, embedded_pipeline
from stc.readers import read_transcript
from stc.types import Transcript
from stc.yamlio import validate
from tests.conftest import CONFIG, MakeProject

KEY_A = "a1" * 32
KEY_B = "b2" * 32

INTERVIEW_1 = """\
---
id: informant-1
attributes: {alder: 34, navn: Kari Nordmann}
---
[00:00:05] I: Hvordan var det å begynne i gruppa?
[00:00:12] Informant 1: Jeg var redd. Kari var den eneste jeg kjente.
Karis mann kjørte meg dit, og Per ventet utenfor.
I: Mhm.
Informant 1: Etterpå var jeg ikke alene. Kari sa det samme.
"""

INTERVIEW_2 = """\
---
id: informant-2
---
I: Kjente du noen i gruppa?
Informant 2: Bare Kari. Hun og Per var der fra starten, og jeg var ikke alene.
"""


def transcript_of(tmp_path: Path, body: str, name: str = "t.txt") -> Transcript:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return read_transcript(path, ["I"])


def findings(tmp_path: Path, body: str, **settings: object) -> list[Finding]:
    return find_identifiers(
        transcript_of(tmp_path, body), AnonymizeSettings.model_validate(settings), "nb"
    )


def certain(found: list[Finding], category: str | None = None) -> list[str]:
    return [f.text for f in found if f.certain and (category is None or f.category == category)]


def maybes(found: list[Finding]) -> list[str]:
    return [f.text for f in found if not f.certain]


def project_with(
    make_project: MakeProject,
    transcripts: dict[str, str | bytes] | None = None,
    config: str = CONFIG,
) -> Project:
    return load_config(make_project(transcripts or {"informant-1.txt": INTERVIEW_1}, config=config))


def run(project: Project, key: str | None = KEY_A, **settings: object) -> AnonymizeReport:
    if key is not None and not (project.root / ".stc-key").exists():
        (project.root / ".stc-key").write_text(key + "\n", encoding="ascii")
    return anonymize_project(project, AnonymizeSettings.model_validate(settings))


def copy_of(project: Project, name: str = "informant-1.txt") -> str:
    return (project.root / "transcripts_anon" / name).read_text(encoding="utf-8")


# --- Names ---------------------------------------------------------------------------------


def test_a_name_and_its_genitive_get_one_pseudonym_and_keep_the_ending(
    make_project: MakeProject,
) -> None:
    project = project_with(make_project)
    run(project)
    text = copy_of(project)
    assert "Kari" not in text and "Per " not in text
    kari = text.split("Informant 1: Jeg var redd. ")[1].split(" var den")[0]
    assert kari.startswith("[Navn ") and kari.endswith("]")
    assert f"{kari}s mann kjørte" in text
    assert f"{kari} sa det samme" in text


@pytest.mark.parametrize(
    "sentence",
    [
        "Jeg ringte Kari.",
        "Jeg ringte Kari, og hun kom.",
        "Jeg ringte (Kari) i går.",
        "Jeg ringte «Kari» i går.",
        'Jeg ringte "Kari" i går.',
        "Hvem ringte? Kari!",
        "Jeg ringte Kari: hun kom.",
        "Jeg ringte Kari...",
        "Jeg ringte Kari's venn.",
        "Jeg ringte Kari-mamma i går.",
    ],
)
def test_names_next_to_punctuation_are_found(tmp_path: Path, sentence: str) -> None:
    found = findings(tmp_path, f"Informant 1: {sentence}\n")
    assert "Kari" in certain(found, "name")


def test_a_hyphenated_name_is_one_name(tmp_path: Path) -> None:
    """Each part is looked up, the whole is replaced: "[Navn 1]-[Navn 2]" would read as two
    people, and "Per" (a maybe at a sentence start) must not stay beside a certain "Arne"."""
    found = findings(
        tmp_path,
        "Informant 1: Jeg ringte Anne-Lise i går. Per-Arne kom sent. "
        "Kari Nordmann-Hansen og Anne-Lises mann kom også. Vi dro fra Oslo-Kari.\n",
        places=["Oslo"],
    )
    names = certain(found, "name")
    assert names == ["Anne-Lise", "Per-Arne", "Kari Nordmann-Hansen", "Anne-Lise", "Kari"]
    assert certain(found, "place") == ["Oslo"]  # a place stops the join
    spans = sorted((f.start, f.end) for f in found)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


@pytest.mark.parametrize(
    ("body", "language", "settings", "expected"),
    [
        # A place of two words before the hyphen: its last word is not joined to the name.
        (
            "Vi bodde i Nordre Aker-Kari kom ofte.",
            "nb",
            {"places": ["Nordre Aker"]},
            [("Nordre Aker", "place"), ("Kari", "name")],
        ),
        # German capitalises nouns: "Gruppe" and "Projekt" are not part of the name.
        (
            "Die Sabine-Gruppe war gut. Das Schmidt-Projekt lief.",
            "de",
            {"people": ["Sabine Schmidt"]},
            [("Sabine", "name"), ("Schmidt", "name")],
        ),
        # A word the researcher keeps is never part of a name.
        ("Jeg ringte NAV-Kari i går.", "nb", {"keep": ["NAV"]}, [("Kari", "name")]),
    ],
)
def test_a_hyphenated_name_stops_where_full_names_stop(
    tmp_path: Path,
    body: str,
    language: str,
    settings: dict[str, object],
    expected: list[tuple[str, str]],
) -> None:
    found = find_identifiers(
        transcript_of(tmp_path, f"Informant 1: {body}\n"),
        AnonymizeSettings.model_validate(settings),
        language,
    )
    assert [(f.text, f.category) for f in found if f.certain] == expected
    spans = sorted((f.start, f.end) for f in found)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_a_name_in_the_id_line_stays_a_maybe_though_certain_elsewhere(tmp_path: Path) -> None:
    """An id is a reference: renaming it breaks every decision on the transcript."""
    found = findings(tmp_path, "---\nid: Kari\n---\nInformant 1: Jeg ringte Kari.\n")
    on_id = [f for f in found if f.start < 12]
    assert [f.text for f in on_id] == ["Kari"] and not on_id[0].certain
    assert certain(found, "name") == ["Kari"]  # in the text


def test_a_lower_case_name_inside_a_hyphenated_surname_is_not_a_second_finding(
    tmp_path: Path,
) -> None:
    """ "Nordmann-hansen" joins "Kari" as one full name; the lower-case "hansen" inside it
    must not be replaced on its own too (overlapping replacements garble the text)."""
    found = findings(tmp_path, "Informant 1: Jeg ringte Kari Nordmann-hansen i går.\n")
    assert [f.text for f in found] == ["Kari Nordmann-hansen"]


def test_a_listed_hyphenated_name_said_alone_is_the_same_person(
    make_project: MakeProject,
) -> None:
    text = "Informant 1: Jeg snakket med Anne-Lise Nordmann. Anne-Lise var snill.\n"
    project = project_with(make_project, {"a.txt": text})
    report = run(project, people=["Anne-Lise Nordmann"])
    given = {f.text: f.replacement for t in report.transcripts for f in t.replaced}
    assert given == {"Anne-Lise Nordmann": "[Navn 1]", "Anne-Lise": "[Navn 1]"}
    assert copy_of(project, "a.txt") == (
        "Informant 1: Jeg snakket med [Navn 1]. [Navn 1] var snill.\n"
    )


def test_a_name_that_is_also_a_word_is_a_maybe_in_lower_case_not_replaced(
    tmp_path: Path,
) -> None:
    found = findings(
        tmp_path,
        "Informant 1: Jeg gikk tur med Bjørn. Vi så en bjørn i skogen, og det var sol.\n",
    )
    assert certain(found, "name") == ["Bjørn"]
    assert maybes(found) == ["bjørn", "sol"]
    assert all(f.reason == "a common word, also a name" for f in found if not f.certain)


def test_a_name_that_is_also_a_word_at_a_sentence_start_is_a_maybe(tmp_path: Path) -> None:
    found = findings(tmp_path, "Informant 1: Det var kaldt. Bjørn kom ikke. Stein heller.\n")
    assert certain(found) == []
    assert maybes(found) == ["Bjørn", "Stein"]


def test_a_sentence_start_after_a_transcription_mark_is_still_one(tmp_path: Path) -> None:
    """ "(ler) Stein heller." read "Stein" as a name inside a sentence, and replaced it; in
    English "(laughs) My aunt" and "(pause) Even when" lost "My" and "Even" in the copies."""
    found = findings(
        tmp_path,
        "Informant 1: Det var kaldt. (ler) Bjørn kom ikke. [pause] Stein heller. *ler* Sol.\n",
    )
    assert certain(found) == []
    assert maybes(found) == ["Bjørn", "Stein", "Sol"]
    # Inside a sentence, after a mark, a capital still says name.
    assert certain(findings(tmp_path, "Informant 1: Jeg møtte (ler) Bjørn der.\n"), "name") == [
        "Bjørn"
    ]


def test_a_maybe_becomes_certain_where_the_same_name_is_certain_elsewhere(tmp_path: Path) -> None:
    found = findings(tmp_path, "Informant 1: Bjørn kom. Jeg ventet på Bjørn.\n")
    assert certain(found, "name") == ["Bjørn", "Bjørn"]


def test_names_that_are_only_names_are_replaced_anywhere_and_frequent_words_left_alone(
    tmp_path: Path,
) -> None:
    found = findings(tmp_path, "Informant 1: Ingrid kom. Jeg ga hans bok til ingrid per post.\n")
    assert certain(found, "name") == ["Ingrid", "ingrid"]
    assert maybes(found) == []  # "hans", "per": too frequent to be names in lower case


def test_listed_people_are_replaced_even_where_they_are_common_words(tmp_path: Path) -> None:
    found = findings(
        tmp_path,
        "Informant 1: Sol kom. Vi satt i sola med Sol Fjellheim.\n",
        people=["Sol Fjellheim"],
    )
    # A full name is one person: one finding, so the surname goes with the first name.
    assert certain(found, "name") == ["Sol", "Sol Fjellheim"]


def test_interviewer_labels_stay_and_participant_labels_are_pseudonymized(
    make_project: MakeProject,
) -> None:
    body = "Kari: Jeg var redd.\nI: Mhm.\nKari: Og så gikk det bra.\n"
    project = project_with(make_project, {"kari.txt": body})
    report = run(project)
    text = copy_of(project, "kari.txt")
    assert text.startswith("Navn 1: Jeg var redd.\nI: Mhm.\nNavn 1: Og")
    copy = read_transcript(project.root / "transcripts_anon" / "kari.txt", ["I"])
    assert [(t.speaker, t.role) for t in copy.turns] == [
        ("Navn 1", "participant"),
        ("I", "interviewer"),
        ("Navn 1", "participant"),
    ]
    assert any("kari.txt: the file name or id contains 'kari'" in w for w in report.warnings)


def test_front_matter_keeps_its_shape_and_loses_its_names(make_project: MakeProject) -> None:
    project = project_with(make_project)
    run(project, ages=True)
    copy = read_transcript(project.root / "transcripts_anon" / "informant-1.txt", ["I"])
    assert copy.id == "informant-1"
    assert copy.attributes["alder"] == "30\u201339"
    assert "Kari" not in str(copy.attributes["navn"])
    front = copy.text.split("---\n")[1]
    assert isinstance(yaml.safe_load(front), dict)


def test_a_name_in_the_id_line_is_a_maybe_because_ids_are_references(tmp_path: Path) -> None:
    found = findings(tmp_path, "---\nid: Kari\n---\nInformant 1: Hei.\n")
    assert [(f.text, f.certain) for f in found] == [("Kari", False)]


def test_person_and_place_entities_of_a_pipeline_with_ner(tmp_path: Path) -> None:
    nlp = spacy.blank("nb")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PER", "pattern": "Gunnvor"},
            {"label": "LOC", "pattern": "Kvaløya"},
            {"label": "ORG", "pattern": "Fiskerlaget"},
        ]
    )
    pipeline = Pipeline(nlp, "nb", "test-ner", "test-ner")
    transcript = transcript_of(
        tmp_path, "Informant 1: Gunnvor bodde på Kvaløya og jobbet i Fiskerlaget.\n"
    )
    found = find_identifiers(transcript, AnonymizeSettings(), "nb", pipeline)
    assert [(f.text, f.category, f.certain) for f in found] == [
        ("Gunnvor", "name", True),
        ("Kvaløya", "place", True),
        ("Fiskerlaget", "place", False),
    ]
    without = find_identifiers(transcript, AnonymizeSettings(entities=False), "nb", pipeline)
    assert certain(without) == []


def test_the_embedded_pipeline_has_no_entities_and_changes_nothing(tmp_path: Path) -> None:
    transcript = transcript_of(tmp_path, "Informant 1: Kari bodde på Kvaløya.\n")
    settings = AnonymizeSettings()
    assert find_identifiers(transcript, settings, "nb", embedded_pipeline("nb")) == (
        find_identifiers(transcript, settings, "nb")
    )


# --- Places ----------------------------------------------------------------------------------


def test_listed_places_with_genitive_and_capitalised_unknown_words_as_maybes(
    tmp_path: Path,
) -> None:
    found = findings(
        tmp_path,
        "Informant 1: Jeg bodde i Tromsø og jobbet på Rema 1000. Tromsøs vinter var lang.\n"
        "Så flyttet vi til Finnsnes.\n",
        places=["Tromsø", "Rema 1000"],
    )
    assert certain(found, "place") == ["Tromsø", "Rema 1000", "Tromsø"]
    assert [(f.text, f.category) for f in found if not f.certain] == [("Finnsnes", "capitalised")]
    quiet = findings(
        tmp_path, "Informant 1: Så flyttet vi til Finnsnes.\n", unknown_capitalised=False
    )
    assert quiet == []


def test_keep_protects_words_and_phrases_exactly_as_written(tmp_path: Path) -> None:
    body = "Informant 1: Vi var på Finnsnes. Per dag gikk jeg til Per. Det var i Tromsø.\n"
    found = findings(tmp_path, body, keep=["Finnsnes", "Per dag"], places=["Tromsø"])
    assert [(f.text, f.certain) for f in found] == [("Per", True), ("Tromsø", True)]


# --- Numbers and contact details --------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "41234567",
        "412 34 567",
        "41 23 45 67",
        "4123 4567",
        "+47 41234567",
        "+4741234567",
        "+47 412 34 567",
        "+47 41 23 45 67",
        "0047 41234567",
        "+45 12 34 56 78",
        "+4512345678",
        "+46 70 123 45 67",
        "+46701234567",
        "070-123 45 67",
        "08-123 456 78",
    ],
)
def test_phone_numbers_in_every_nordic_format(tmp_path: Path, number: str) -> None:
    found = findings(tmp_path, f"Informant 1: Ring meg på {number}, takk.\n")
    assert [(f.text, f.category) for f in found] == [(number, "phone")]


@pytest.mark.parametrize(
    "text",
    ["fra 1990-2000", "kl. 10.00-12.00", "1 234 567 kroner", "[00:01:12]", "3 ganger 4", "12345"],
)
def test_numbers_that_are_not_phone_numbers(tmp_path: Path, text: str) -> None:
    assert findings(tmp_path, f"Informant 1: Det var {text} da.\n") == []


@pytest.mark.parametrize(
    ("number", "flagged"),
    [
        ("01010101006", True),  # fødselsnummer
        ("15076500565", True),
        ("150765 00565", True),
        ("01010101007", False),  # second control digit wrong
        ("15076500566", False),
        ("41019010110", True),  # D-number
        ("150385-1234", True),  # CPR: a real date, no mod-11 since 2007
        ("320185-1234", False),  # CPR: 32 January
        ("290201-1235", False),  # CPR: 29 February 1901 (and no Swedish Luhn)
        ("0707614285", True),  # CPR without hyphen: mod-11 holds
        ("1503851234", False),  # without hyphen and without mod-11: just a number
        ("811218-9876", True),  # Swedish personnummer, Luhn
        ("19811218-9876", True),
        ("811218-9877", False),
    ],
)
def test_identity_numbers_are_flagged_only_when_valid(
    tmp_path: Path, number: str, flagged: bool
) -> None:
    found = findings(tmp_path, f"Informant 1: Nummeret er {number} altså.\n")
    assert certain(found, "id_number") == ([number] if flagged else [])


def test_identity_number_checks() -> None:
    assert is_fodselsnummer("01010101006")
    assert not is_fodselsnummer("01010101016")
    assert is_personnummer("198112189876") and not is_personnummer("198112189877")
    assert not is_id_number("123456789012345", separated=False)


@pytest.mark.parametrize(
    "address",
    [
        "Storgata 5",
        "Skolevegen 12B",
        "Kongens gate 12",
        "Thorvald Meyers gate 3",
        "storgata 14",
        "Storgata 5, 9008 Tromsø",
        "Nørrebrogade 22",
        "Drottninggatan 40",
        "12 Baker Street",
    ],
)
def test_street_addresses_with_numbers(tmp_path: Path, address: str) -> None:
    found = findings(tmp_path, f"Informant 1: Jeg bodde i {address} den gangen.\n")
    assert [(f.text, f.category) for f in found] == [(address, "address")]


def test_a_street_word_without_a_name_is_not_an_address(tmp_path: Path) -> None:
    assert findings(tmp_path, "Informant 1: Jeg gikk veien 2 ganger.\n") == []


def test_emails(tmp_path: Path) -> None:
    found = findings(
        tmp_path, "Informant 1: Skriv til kari.nordmann@example.no eller k+x@sub.uit.no.\n"
    )
    assert certain(found) == ["kari.nordmann@example.no", "k+x@sub.uit.no"]


def test_dates_of_birth_are_replaced_and_other_full_dates_are_maybes(tmp_path: Path) -> None:
    found = findings(
        tmp_path,
        "Informant 1: Jeg er født 15.03.1985, og bursdagen min er 15. mars.\n"
        "Innleggelsen var 02.11.2019. Det var i mars.\n",
    )
    assert [(f.text, f.certain) for f in found] == [
        ("15.03.1985", True),
        ("15. mars", True),
        ("02.11.2019", False),
    ]


def test_ages_are_generalised_to_ranges_only_when_asked(make_project: MakeProject) -> None:
    body = "Informant 1: Jeg var 34 år da, og han var en 67-åring.\n"
    project = project_with(make_project, {"a.txt": body})
    run(project)
    assert copy_of(project, "a.txt") == body
    run(project, ages=True, age_width=5)
    assert copy_of(project, "a.txt") == (
        "Informant 1: Jeg var 30\u201334 år da, og han var en 65\u201369-åring.\n"
    )


def test_every_category_can_be_switched_off(tmp_path: Path) -> None:
    body = (
        "Informant 1: Kari bor i Storgata 5, tlf 41234567, kari@example.no, født 15.03.1985,"
        " fnr 01010101006.\n"
    )
    off = {
        "names": False,
        "addresses": False,
        "phones": False,
        "emails": False,
        "dates": False,
        "id_numbers": False,
        "unknown_capitalised": False,
    }
    assert findings(tmp_path, body, **off) == []
    assert {f.category for f in findings(tmp_path, body)} == {
        "name",
        "address",
        "phone",
        "email",
        "date",
        "id_number",
    }


# --- Pseudonyms across a project ---------------------------------------------------------------


def test_the_same_person_gets_the_same_pseudonym_across_transcripts(
    make_project: MakeProject,
) -> None:
    project = project_with(
        make_project, {"informant-1.txt": INTERVIEW_1, "informant-2.txt": INTERVIEW_2}
    )
    report = run(project)
    by_original: dict[str, set[str]] = {}
    for t in report.transcripts:
        for f in t.replaced:
            by_original.setdefault(f.text, set()).add(f.replacement.strip("[]"))
    assert len(by_original["Kari"]) == 1  # in the text, in a label and in the front matter
    assert by_original["Per"] != by_original["Kari"]
    kari = f"[{by_original['Kari'].pop()}]"
    assert f"Bare {kari}." in copy_of(project, "informant-2.txt")
    assert f"{kari} var den eneste" in copy_of(project, "informant-1.txt")


@pytest.mark.parametrize("style", ["numbered", "names"])
def test_a_listed_persons_first_name_or_surname_alone_is_the_same_person(
    make_project: MakeProject, style: str
) -> None:
    """ "Kari Nordmann", then "Kari", then "Nordmann": one person, one pseudonym. A first name
    two listed people share stays a name of its own."""
    text = (
        "Informant 1: Jeg snakket med Kari Nordmann. Kari var snill, og Nordmann sa det "
        "samme. Ola Hansen og Ola Berg kom. Ola var sen.\n"
    )
    project = project_with(make_project, {"a.txt": text})
    people = ["Kari Nordmann", "Ola Hansen", "Ola Berg"]
    report = run(project, people=people, style=style)
    given = {f.text: f.replacement for t in report.transcripts for f in t.replaced}
    assert given["Kari"] == given["Nordmann"] == given["Kari Nordmann"]
    assert len({given["Ola"], given["Ola Hansen"], given["Ola Berg"]}) == 3
    assert len({given["Kari"], given["Ola"]}) == 2
    # The key's mapping records the person as listed, once.
    mapping = mapping_path(project.root / ".stc-key").read_text(encoding="utf-8")
    assert mapping.count("Kari Nordmann") == 1 and "Nordmann," not in mapping.replace(
        "Kari Nordmann,", ""
    )
    pseudonym = given["Kari"]
    # Read back from the mapping, the next run gives the same.
    again = run(project, people=people, style=style)
    assert {f.text: f.replacement for t in again.transcripts for f in t.replaced} == given
    assert copy_of(project, "a.txt").count(pseudonym) == 3


def test_a_name_the_mapping_already_pseudonymizes_keeps_its_pseudonym(
    make_project: MakeProject,
) -> None:
    """Listing "Kari Nordmann" after "Kari" got a pseudonym of its own must not move "Kari":
    decisions on the pseudonymized text would lose their units."""
    text = "Informant 1: Kari var snill. Jeg snakket med Kari Nordmann.\n"
    project = project_with(make_project, {"a.txt": text})
    first = {f.text: f.replacement for t in run(project).transcripts for f in t.replaced}
    listed = run(project, people=["Kari Nordmann"])
    again = {f.text: f.replacement for t in listed.transcripts for f in t.replaced}
    assert again["Kari"] == first["Kari"]
    assert again["Kari Nordmann"] == first["Kari Nordmann"]


def test_two_runs_with_one_key_are_identical_and_another_key_differs(
    make_project: MakeProject, tmp_path: Path
) -> None:
    people = "Informant 1: Jeg kjente Kari, Ingrid, Sofie, Anders, Henrik og Marit.\n"
    project = project_with(make_project, {"a.txt": people})
    run(project)
    first = copy_of(project, "a.txt")
    mapping = mapping_path(project.root / ".stc-key").read_text(encoding="utf-8")
    run(project)
    assert copy_of(project, "a.txt") == first
    assert mapping_path(project.root / ".stc-key").read_text(encoding="utf-8") == mapping

    (project.root / ".stc-key").unlink()
    mapping_path(project.root / ".stc-key").unlink()
    run(project, key=KEY_B)
    assert copy_of(project, "a.txt") != first

    def unnumbered(text: str) -> str:
        return re.sub(r"\[Navn \d\]", "[Navn]", text)

    assert unnumbered(copy_of(project, "a.txt")) == unnumbered(first)


def test_realistic_names_are_consistent_and_not_names_of_the_corpus(
    make_project: MakeProject,
) -> None:
    project = project_with(
        make_project, {"informant-1.txt": INTERVIEW_1, "informant-2.txt": INTERVIEW_2}
    )
    report = run(project, style="names")
    replacements = {f.text: f.replacement for t in report.transcripts for f in t.replaced}
    assert set(replacements) >= {"Kari", "Per"}
    names = load_names()
    for original in ("Kari", "Per"):
        fake = replacements[original]
        assert names.get(fake) is not None and fake not in ("Kari", "Per", "Nordmann")
    assert replacements["Kari"] in copy_of(project, "informant-2.txt")
    assert "[" not in copy_of(project, "informant-2.txt")
    run(project, style="names")
    assert replacements == {
        f.text: f.replacement for t in run(project, style="names").transcripts for f in t.replaced
    }


def test_numbers_already_given_are_kept_when_a_transcript_is_added(
    make_project: MakeProject,
) -> None:
    project = project_with(make_project, {"a.txt": "Informant 1: Jeg kjente Kari og Ingrid.\n"})
    run(project)
    before = copy_of(project, "a.txt")
    (project.root / "transcripts" / "b.txt").write_text(
        "Informant 2: Jeg kjente Anders, Sofie og Marit.\n", encoding="utf-8"
    )
    run(project)
    assert copy_of(project, "a.txt") == before
    assert "[Navn 3]" in copy_of(project, "b.txt") and "[Navn 1]" not in copy_of(project, "b.txt")


# --- Files written --------------------------------------------------------------------------


def test_the_report_lists_every_replacement_and_never_an_original(
    make_project: MakeProject,
) -> None:
    project = project_with(
        make_project, {"informant-1.txt": INTERVIEW_1, "informant-2.txt": INTERVIEW_2}
    )
    report = run(project)
    content = (project.root / "transcripts_anon" / REPORT_FILE).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert list(rows[0]) == ["transcript", "line", "category", "action", "replacement"]
    assert len(rows) == sum(len(t.findings) for t in report.transcripts)
    assert {"informant-1", "informant-2"} == {r["transcript"] for r in rows}
    line_of_karis = next(r for r in rows if r["transcript"] == "informant-1" and r["line"] == "7")
    assert line_of_karis["category"] == "name" and line_of_karis["action"] == "replaced"
    for t in report.transcripts:
        for f in t.findings:
            assert f.text not in content


def test_key_mapping_and_gitignore_live_beside_stc_yaml_and_nowhere_else(
    make_project: MakeProject,
) -> None:
    project = project_with(make_project)
    (project.root / ".gitignore").write_text("out/", encoding="utf-8")
    report = run(project, key=None)
    key = project.root / ".stc-key"
    assert report.key_created
    assert len(key.read_text(encoding="ascii").strip()) == 64
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    mapping = mapping_path(key)
    assert "Kari" in mapping.read_text(encoding="utf-8")
    assert stat.S_IMODE(mapping.stat().st_mode) == 0o600
    assert (project.root / ".gitignore").read_text(encoding="utf-8").splitlines() == [
        "out/",
        "# stc anonymize: the key and the mapping never go under version control",
        "/.stc-key",
        "/.stc-key.mapping.csv",
        "/.stc-key.bak*",
        "/.stc-key.mapping.csv.bak*",
    ]
    run(project)
    assert (project.root / ".gitignore").read_text(encoding="utf-8").count(".stc-key\n") == 1
    shared = sorted(p.name for p in (project.root / "transcripts_anon").iterdir())
    assert shared == [".stc-anonymized", REPORT_FILE, "informant-1.txt"]


def test_a_dry_run_writes_nothing(make_project: MakeProject) -> None:
    project = project_with(make_project)
    before = sorted(p.name for p in project.root.rglob("*"))
    settings = AnonymizeSettings()
    report = anonymize_project(project, settings, dry_run=True)
    assert sorted(p.name for p in project.root.rglob("*")) == before
    assert report.key_created and report.written == []
    assert ("informant-1", 6, "name", "Kari") in [row[:4] for row in report.rows()]
    assert all(row[4].startswith(("[Navn", "Navn", "30")) for row in report.rows())
    assert report.maybe_summary() == []


def test_maybes_are_summarised_by_word(make_project: MakeProject) -> None:
    body = "Informant 1: Det var sol. Mer sol. Bjørn kom.\n"
    project = project_with(make_project, {"a.txt": body})
    report = anonymize_project(project, AnonymizeSettings(people=["Sol"]), dry_run=True)
    assert report.maybe_summary() == [
        ("sol", "name", 2, "a", "a common word, also a name"),
        ("Bjørn", "name", 1, "a", "a name or a common word, at a sentence start"),
    ]
    assert [r[4] for r in report.rows(maybes=True)] == ["maybe", "maybe", "maybe"]
    assert report.rows(maybes=False) == []


def test_other_formats_are_written_as_text_and_subfolders_are_kept(
    make_project: MakeProject,
) -> None:
    config = CONFIG.replace("[transcripts/*.txt]", "[transcripts/**/*.txt, transcripts/**/*.md]")
    project = project_with(
        make_project,
        {"a.md": "Informant 1: Kari kom.\n", "b.txt": "Informant 2: Per kom.\n"},
        config=config,
    )
    (project.root / "transcripts" / "gruppe").mkdir()
    (project.root / "transcripts" / "gruppe" / "c.txt").write_text(
        "Informant 3: Ingrid kom.\n", encoding="utf-8"
    )
    report = run(project)
    outputs = sorted(t.output.relative_to(report.out_dir).as_posix() for t in report.transcripts)
    assert outputs == ["a.md", "b.txt", "gruppe/c.txt"]


# --- Offsets after pseudonymization -----------------------------------------------------------


def test_coding_the_copies_gives_units_that_are_the_slices_they_cite(
    make_project: MakeProject,
) -> None:
    project = project_with(
        make_project, {"informant-1.txt": INTERVIEW_1, "informant-2.txt": INTERVIEW_2}
    )
    report = run(project)
    anonymous = anonymized_project(project, report)
    assert anonymous.config.transcripts == [
        "transcripts_anon/informant-1.txt",
        "transcripts_anon/informant-2.txt",
    ]
    result = code_project(anonymous)
    write_coding(result)
    assert [u.code_ids for u in result.units] == [u.code_ids for u in code_project(project).units]
    out = project.output_dir
    rows = list(csv.DictReader(io.StringIO((out / "meaning_units.csv").read_text("utf-8"))))
    assert rows
    originals = {f.text for t in report.transcripts for f in t.replaced}
    for row in rows:
        text = (out / "text" / f"{row['transcript']}.txt").read_text(encoding="utf-8")
        assert row["text"] == text[int(row["char_start"]) : int(row["char_end"])]
        copy = report.out_dir / f"{row['transcript']}.txt"
        assert text == copy.read_text(encoding="utf-8")
        assert not any(original in row["text"] for original in originals)
    assert any("[Navn" in row["text"] for row in rows)


# --- Bad input --------------------------------------------------------------------------------


def test_a_missing_key_with_a_mapping_is_an_error_and_nothing_is_overwritten(
    make_project: MakeProject,
) -> None:
    project = project_with(make_project)
    run(project)
    copy = copy_of(project)
    key = project.root / ".stc-key"
    key.unlink()
    mapping = mapping_path(key).read_bytes()
    with pytest.raises(AnonymizeError, match=r"\.stc-key: the key file is missing.*--new-key"):
        run(project, key=None)
    assert not key.exists()
    assert mapping_path(key).read_bytes() == mapping
    assert copy_of(project) == copy


@pytest.mark.parametrize("content", ["not a key\n", "ab" * 31 + "\n", "", "zz" * 32])
def test_a_corrupt_key_is_an_error_and_nothing_is_overwritten(
    make_project: MakeProject, content: str
) -> None:
    project = project_with(make_project)
    key = project.root / ".stc-key"
    key.write_text(content, encoding="ascii")
    with pytest.raises(AnonymizeError, match=r"not a valid stc key.*--new-key"):
        run(project)
    assert key.read_text(encoding="ascii") == content
    assert not (project.root / "transcripts_anon").exists()
    assert not mapping_path(key).exists()


def test_new_key_starts_again_and_keeps_every_old_key_aside(make_project: MakeProject) -> None:
    project = project_with(make_project)
    key = project.root / ".stc-key"
    key.write_text("ab" * 31, encoding="ascii")  # a damaged key: two digits lost
    anonymize_project(project, AnonymizeSettings(), new_key=True)
    assert (project.root / ".stc-key.bak").read_text(encoding="ascii") == "ab" * 31
    second = key.read_text(encoding="ascii")
    assert len(second.strip()) == 64
    assert "[Navn" in copy_of(project)
    anonymize_project(project, AnonymizeSettings(), new_key=True)
    assert (project.root / ".stc-key.bak").read_text(encoding="ascii") == "ab" * 31
    assert (project.root / ".stc-key.bak-2").read_text(encoding="ascii") == second
    assert (project.root / ".stc-key.mapping.csv.bak").exists()
    assert key.read_text(encoding="ascii") not in ("ab" * 31, second)


def test_a_mapping_made_with_another_key_is_an_error(make_project: MakeProject) -> None:
    project = project_with(make_project)
    run(project)
    (project.root / ".stc-key").write_text(KEY_B, encoding="ascii")
    with pytest.raises(AnonymizeError, match="made with another key"):
        run(project)


@pytest.mark.parametrize("output", ["transcripts", "./transcripts/", "."])
def test_an_output_folder_that_holds_the_input_or_the_key_is_refused(
    make_project: MakeProject, output: str
) -> None:
    project = project_with(make_project)
    with pytest.raises(AnonymizeError, match=r"\[anonymize -> output\]"):
        run(project, output=output)
    assert sorted(p.name for p in (project.root / "transcripts").iterdir()) == ["informant-1.txt"]


def test_an_output_folder_inside_the_transcript_glob_is_refused(make_project: MakeProject) -> None:
    config = CONFIG.replace("[transcripts/*.txt]", "['**/*.txt']")
    project = project_with(make_project, config=config)
    with pytest.raises(AnonymizeError, match=r"\[transcripts\] '\*\*/\*\.txt' would also read"):
        run(project)


def test_a_rerun_into_the_same_folder_replaces_what_stc_wrote(make_project: MakeProject) -> None:
    project = project_with(make_project)
    run(project)
    out = project.root / "transcripts_anon"
    assert (out / ".stc-anonymized").read_text(encoding="utf-8").splitlines()[1:] == [
        REPORT_FILE,
        "informant-1.txt",
    ]
    source = project.root / "transcripts" / "informant-1.txt"
    source.write_text(INTERVIEW_1 + "Informant 1: Jeg kom tilbake.\n", encoding="utf-8")
    run(project)
    assert copy_of(project).endswith("Informant 1: Jeg kom tilbake.\n")
    # A transcript that is gone leaves its copy, which stays stc's to replace.
    (project.root / "transcripts" / "informant-2.txt").write_text(INTERVIEW_2, encoding="utf-8")
    run(project)
    (project.root / "transcripts" / "informant-2.txt").unlink()
    run(project)
    (project.root / "transcripts" / "informant-2.txt").write_text(
        INTERVIEW_2 + "Informant 2: Nytt.\n", encoding="utf-8"
    )
    run(project)
    assert copy_of(project, "informant-2.txt").endswith("Informant 2: Nytt.\n")


@pytest.mark.parametrize("name", ["informant-1.txt", REPORT_FILE])
def test_a_file_stc_did_not_write_is_never_replaced(make_project: MakeProject, name: str) -> None:
    project = project_with(make_project)
    out = project.root / "sources"
    out.mkdir()
    mine = out / name
    mine.write_bytes(b"Mine egne notater.\r\n")
    with pytest.raises(AnonymizeError, match=rf"{re.escape(name)}: the output folder already"):
        anonymize_project(project, AnonymizeSettings(), out_dir=out)
    assert mine.read_bytes() == b"Mine egne notater.\r\n"
    assert sorted(p.name for p in out.iterdir()) == [name]
    assert not (project.root / ".stc-key").exists()
    report = anonymize_project(project, AnonymizeSettings(), out_dir=out, dry_run=True)
    assert any("choose an empty folder" in w and name in w for w in report.warnings)
    # Nor when an earlier run wrote other files there.
    mine.unlink()
    anonymize_project(project, AnonymizeSettings(), out_dir=out)
    (out / "informant-1.txt").write_bytes(b"x")
    (out / REPORT_FILE).write_bytes(b"x")
    (out / ".stc-anonymized").write_text("# list\n", encoding="utf-8")
    with pytest.raises(AnonymizeError, match="or move the file"):
        anonymize_project(project, AnonymizeSettings(), out_dir=out)
    assert (out / "informant-1.txt").read_bytes() == b"x"


def test_a_folder_written_before_the_list_existed_is_still_stcs(make_project: MakeProject) -> None:
    project = project_with(make_project, {"informant-1.txt": INTERVIEW_1, "b.txt": INTERVIEW_2})
    run(project)
    out = project.root / "transcripts_anon"
    (out / ".stc-anonymized").unlink()
    for name in ("informant-1.txt", "b.txt"):
        (out / name).write_text("older copy\n", encoding="utf-8")
    run(project)  # both are named in the report stc wrote (b.txt by its id, informant-2)
    assert "older copy" not in copy_of(project) + copy_of(project, "b.txt")
    assert (out / ".stc-anonymized").exists()


def test_settings_refuse_unknown_keys_and_empty_entries() -> None:
    with pytest.raises(ConfigError, match=r"unknown key 'plases'; did you mean 'places'\?"):
        validate(AnonymizeSettings, {"plases": ["Tromsø"]}, "stc.yaml", ConfigError)
    with pytest.raises(ConfigError, match=r"\[people\] remove the empty entry"):
        validate(AnonymizeSettings, {"people": ["Kari", " "]}, "stc.yaml", ConfigError)
    assert AnonymizeSettings.model_validate({"keep": "Oslo"}).keep == ["Oslo"]


# --- The names list ---------------------------------------------------------------------------


def test_the_names_list_is_shipped_with_its_source_and_license() -> None:
    names = load_names()
    assert len(names) > 3000
    for name in ("Kari", "Bjørn", "Sol", "Hansen", "Jensen", "Andersson", "Smith"):
        assert names.get(name) is not None, name
    assert names.get("Kari").languages >= {"nb", "nn"}
    data = Path(__file__).resolve().parent.parent / "stc" / "anonymize" / "data"
    head = (data / "names.tsv").read_text(encoding="utf-8")[:400]
    assert "Faker" in head and "MIT License" in head
    assert "Permission is hereby granted" in (data / "LICENSE-faker.txt").read_text()


def test_nothing_in_the_package_touches_the_network() -> None:
    package = Path(__file__).resolve().parent.parent / "stc" / "anonymize"
    source = "".join(p.read_text(encoding="utf-8") for p in package.glob("*.py"))
    for word in ("socket", "urllib", "requests", "http"):
        assert f"import {word}" not in source and f"from {word}" not in source


def test_the_settings_import_without_the_pipeline_so_config_can_hold_them() -> None:
    code = (
        "import sys, stc.anonymize\n"
        "assert 'stc.config' not in sys.modules and 'stc.nlp' not in sys.modules\n"
        "assert stc.anonymize.anonymize_project.__name__ == 'anonymize_project'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)


def test_key_file_is_never_world_readable(tmp_path: Path) -> None:
    from stc.anonymize.pseudonyms import new_key, write_key

    key = tmp_path / "k"
    old = os.umask(0)
    try:
        write_key(key, new_key())
    finally:
        os.umask(old)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    with pytest.raises(AnonymizeError, match="already exists"):
        write_key(key, new_key())


def test_a_damaged_mapping_is_an_error_that_names_the_line(make_project: MakeProject) -> None:
    project = project_with(make_project)
    run(project)
    mapping = mapping_path(project.root / ".stc-key")
    mapping.write_text(mapping.read_text(encoding="utf-8") + "numbered,name\n", encoding="utf-8")
    with pytest.raises(AnonymizeError, match=r"mapping\.csv: line \d+ is incomplete"):
        run(project)


# --- through the command line ----------------------------------------------------------------


def test_cli_dry_run_writes_nothing_and_shows_the_originals_only_on_screen(
    make_project: MakeProject,
) -> None:
    from tests.conftest import stc

    config = make_project(
        {"informant-1.txt": "I: Hvem?\nInformant 1: Kari var der. Ring 912 34 567.\n"},
        config=CONFIG + "anonymize:\n  people: [Kari]\n",
    )
    code, out, err = stc("anonymize", "--dry-run", "-c", config)
    assert code == 0, err
    assert "Kari" in out and "912 34 567" in out
    # The table speaks the project's language: its columns, categories and reasons.
    assert "hvorfor" in out and "erstatning" in out
    assert "telefonnummer" in out and "listed" not in out and "phone" not in out
    assert (
        "2 erstatninger, 0 mulige funn i 1 transkripsjon; ingenting skrevet (prøvekjøring)" in err
    )
    assert not (config.parent / "transcripts_anon").exists()
    assert not (config.parent / ".stc-key").exists()
    code, _, err = stc("anonymize", "-c", config)
    assert code == 0, err
    assert "Pseudonymiserte 1 transkripsjon til" in err
    copy = (config.parent / "transcripts_anon" / "informant-1.txt").read_text(encoding="utf-8")
    assert "Kari" not in copy and "912 34 567" not in copy
    report = (config.parent / "transcripts_anon" / "anonymization_report.csv").read_text()
    assert "Kari" not in report and "912" not in report


def test_every_reason_a_finding_gives_is_said_in_every_language() -> None:
    import re

    from stc.anonymize import detect, wording

    # Every reason detect.py gives: the last argument of _find(…), and what reason= and
    # reason = are set to (parts added after a comma, as ", full name", count alone).
    source = " ".join(Path(detect.__file__).read_text(encoding="utf-8").split())
    given = re.findall(r'_find\(.*?, (?:True|False|not maybe|certain), "([^"]+)"', source)
    given += re.findall(r'reason ?= ?"([^"]+)"', source)
    given += re.findall(r'reason = "[^"]+" if \w+ else "([^"]+)"', source)
    given += re.findall(r'reason=f"\{[^}]+\}, ([^"]+)"', source)
    parts = {p for r in [*given, detect.ID_LINE] for p in r.split(", ")}
    said = {k.removeprefix("anon_why_") for k in wording.TABLE["en"] if k.startswith("anon_why_")}
    assert len(parts) >= 20 and parts <= said, parts - said
    for language in ("nb", "nn", "da", "sv", "de"):
        for part in parts:
            assert wording.why(language, part) != part, (language, part)
        assert set(wording.TABLE[language]) == set(wording.TABLE["en"]), language
    assert (
        wording.why("nb", "listed place, in lower case") == "sted fra listen, med liten forbokstav"
    )


def test_cli_corrupt_key_is_a_clear_error_and_nothing_is_overwritten(
    make_project: MakeProject,
) -> None:
    from tests.conftest import error_line, stc

    config = make_project(config=CONFIG + "anonymize:\n  people: [Kari]\n")
    key = config.parent / ".stc-key"
    key.write_text("ab" * 31 + "\n")
    code, _, err = stc("anonymize", "-c", config)
    assert code == 1
    assert ".stc-key" in error_line(err) and "--new-key" in err
    assert key.read_text() == "ab" * 31 + "\n"
    assert not (config.parent / "transcripts_anon").exists()
    code, _, err = stc("anonymize", "--new-key", "-c", config)
    assert code == 0, err


def test_cli_refuses_the_input_folder_as_output(make_project: MakeProject) -> None:
    from tests.conftest import error_line, stc

    config = make_project()
    before = (config.parent / "transcripts" / "informant-1.txt").read_bytes()
    code, _, err = stc("anonymize", "--out", config.parent / "transcripts", "-c", config)
    assert code == 1
    assert "transcripts" in error_line(err)
    assert (config.parent / "transcripts" / "informant-1.txt").read_bytes() == before
