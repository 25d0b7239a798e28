"""coding.yaml: manual decisions win over the codebook."""

from __future__ import annotations

import pytest

from stc.coding import code_project
from stc.config import load_config
from stc.errors import CodingError
from tests.conftest import MakeProject


def units_by_text(make_project: MakeProject, coding: str) -> dict[str, list[str]]:
    result = code_project(load_config(make_project(coding=coding)))
    return {u.text: u.code_ids for u in result.units}


def test_add_and_remove_codes_on_a_unit(make_project: MakeProject) -> None:
    plain = code_project(load_config(make_project()))
    unit = next(u for u in plain.units if u.text.startswith("Gruppelederen"))
    coding = f"- unit: {unit.id}\n  add: [fellesskap/gruppe]\n  remove: [leder/leder]\n"
    assert units_by_text(make_project, coding)["Gruppelederen var flink."] == ["fellesskap/gruppe"]


def test_removing_every_code_moves_the_unit_to_uncoded(make_project: MakeProject) -> None:
    plain = code_project(load_config(make_project()))
    unit = next(u for u in plain.units if u.text.startswith("Gruppelederen"))
    result = code_project(
        load_config(make_project(coding=f"- unit: {unit.id}\n  remove: leder/leder\n"))
    )
    assert unit.id not in {u.id for u in result.units}
    assert unit.id in {u.id for u in result.uncoded}


def test_an_uncoded_sentence_can_be_coded_by_its_id(make_project: MakeProject) -> None:
    plain = code_project(load_config(make_project()))
    weather = next(u for u in plain.uncoded if u.text == "Været var fint.")
    coding = f"- unit: {weather.id}\n  add: [fellesskap/gruppe]\n"
    result = code_project(load_config(make_project(coding=coding)))
    coded = next(u for u in result.units if u.id == weather.id)
    assert coded.code_ids == ["fellesskap/gruppe"]
    assert coded.evidence_text() == "fellesskap/gruppe <- manual (coding.yaml [0])"


def test_a_quote_the_codebook_missed_becomes_a_unit(make_project: MakeProject) -> None:
    coding = (
        '- transcript: informant-1\n  quote: "Jeg var   redd."\n  add: [fellesskap/ikke-alene]\n'
    )
    result = code_project(load_config(make_project(coding=coding)))
    unit = next(u for u in result.units if u.text == "Jeg var redd.")
    assert unit.code_ids == ["fellesskap/ikke-alene"]
    assert unit.transcript.text[unit.start : unit.end] == "Jeg var redd."
    assert unit.line_start == 6


def test_a_quote_across_a_line_break_is_found(make_project: MakeProject) -> None:
    coding = '- transcript: informant-1\n  quote: "var den eneste. Men så"\n  add: [leder/leder]\n'
    units = units_by_text(make_project, coding)
    assert units["var den eneste.\nMen så"] == ["leder/leder"]


@pytest.mark.parametrize(
    ("coding", "message"),
    [
        (
            "- unit: informant-1:abcdef\n  add: [leder/leder]\n",
            "[0]: unknown unit id 'informant-1:abcdef'",
        ),
        (
            "- unit: informant-1:abcdef\n  add: [leder/ledr]\n",
            "unknown code 'leder/ledr'; did you mean 'leder/leder'?",
        ),
        (
            '- transcript: informant-1\n  quote: "finnes ikke"\n  add: [leder/leder]\n',
            'quote "finnes ikke" is not in any participant turn',
        ),
        (
            '- transcript: informant-1\n  quote: "Hvordan var det"\n  add: [leder/leder]\n',
            "is not in any participant turn",
        ),
        (
            '- transcript: informant-9\n  quote: "x"\n  add: [leder/leder]\n',
            "unknown transcript 'informant-9'",
        ),
        ("- unit: x\n  ad: [leder/leder]\n", "unknown key 'ad'; did you mean 'add'?"),
        ("- add: [leder/leder]\n", "an entry needs 'unit: <unit id>'"),
        ("unit: x\n", "expected a list of decisions"),
    ],
)
def test_bad_decisions_name_the_entry(make_project: MakeProject, coding: str, message: str) -> None:
    with pytest.raises(CodingError) as info:
        code_project(load_config(make_project(coding=coding)))
    assert message in str(info.value)
    assert "coding.yaml" in str(info.value)
