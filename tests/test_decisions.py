"""coding.yaml: the researcher's review decisions, and how they attach to meaning units."""

from __future__ import annotations

from pathlib import Path

import pytest

from stc.coding import CodingResult, code_project
from stc.config import load_config
from stc.errors import CodingError
from tests.conftest import CONFIG, INTERVIEW, MakeProject, error_line, stc


def coded(config: Path) -> CodingResult:
    return code_project(load_config(config))


def states(result: CodingResult) -> dict[str, dict[str, str]]:
    return {u.text: dict(u.states) for u in result.units}


def unit_id(result: CodingResult, text: str) -> str:
    return next(u.id for u in [*result.units, *result.uncoded] if u.text.startswith(text))


def test_before_any_review_every_code_is_a_suggestion_and_nothing_is_confirmed(
    make_project: MakeProject,
) -> None:
    result = coded(make_project())
    assert all(set(u.states.values()) == {"suggested"} for u in result.units)
    assert result.confirmed == [] and result.matrix()["total"].sum() == 0


def test_accept_reject_and_add_give_their_states(make_project: MakeProject) -> None:
    plain = coded(make_project())
    leader = unit_id(plain, "Gruppelederen")
    alone = unit_id(plain, "Jeg trodde")
    coding = (
        f"- unit: {leader}\n  accept: [leder/leder]\n  add: [fellesskap/gruppe]\n"
        f"- unit: {alone}\n  remove: [fellesskap/ikke-alene]\n"
    )
    result = coded(make_project(coding=coding))
    found = states(result)
    assert found["Gruppelederen var flink."] == {
        "leder/leder": "accepted",
        "fellesskap/gruppe": "added",
    }
    # wave 1's remove: reads as reject:, and the rejected unit stays visible as rejected
    alone_text = "Jeg trodde jeg var den eneste.\nMen så merket jeg at jeg ikke var alene."
    assert found[alone_text] == {"fellesskap/ikke-alene": "rejected"}
    rejected = next(u for u in result.units if u.id == alone)
    assert rejected.code_ids == [] and rejected not in result.confirmed


def test_an_uncoded_sentence_can_be_coded_by_its_id(make_project: MakeProject) -> None:
    weather = unit_id(coded(make_project()), "Været var fint.")
    result = coded(make_project(coding=f"- unit: {weather}\n  add: [fellesskap/gruppe]\n"))
    unit = next(u for u in result.units if u.id == weather)
    assert unit.states == {"fellesskap/gruppe": "added"}
    assert unit.evidence_text() == "fellesskap/gruppe <- manual (coding.yaml [0])"


def test_a_quote_the_codebook_missed_becomes_a_unit(make_project: MakeProject) -> None:
    coding = '- transcript: informant-1\n  quote: "var den eneste. Men så"\n  add: [leder/leder]\n'
    result = coded(make_project(coding=coding))
    unit = next(u for u in result.units if u.text == "var den eneste.\nMen så")
    assert unit.states == {"leder/leder": "added"} and unit.line_start == 6


def test_a_quote_typed_with_straight_quotes_finds_the_typographic_ones(
    make_project: MakeProject,
) -> None:
    """A quote typed on a keyboard ("don't", "- ") was "no longer in the transcript" where
    Word had written "don’t" and "–"."""
    text = INTERVIEW.replace(
        "Gruppelederen var flink.",
        "Gruppelederen sa \u201cdet g\u00e5r bra\u201d \u2013 hun\u2019s flink.",
    )
    coding = (
        "- transcript: informant-1\n"
        '  quote: "Gruppelederen sa \\"det går bra\\" - hun\'s flink."\n'
        "  add: [leder/leder]\n"
    )
    result = coded(make_project({"informant-1.txt": text}, coding=coding))
    assert not result.review.orphans
    unit = next(u for u in result.units if u.states.get("leder/leder") == "added")
    assert unit.text == "Gruppelederen sa \u201cdet g\u00e5r bra\u201d \u2013 hun\u2019s flink."
    # Dots and a double hyphen for Word's ellipsis and dash.
    text = text.replace("Været var fint.", "Været var \u2026 fint \u2013 vel.")
    coding = (
        "- transcript: informant-1\n  quote: Været var ... fint -- vel.\n  add: [leder/leder]\n"
    )
    result = coded(make_project({"informant-1.txt": text}, coding=coding))
    assert not result.review.orphans


def test_voice_dissent_and_notes_are_kept_on_the_unit(make_project: MakeProject) -> None:
    leader = unit_id(coded(make_project()), "Gruppelederen")
    coding = (
        f"- unit: {leader}\n  accept: [leder/leder]\n  voice: dissent\n  by: kari\n"
        '  note: "den eneste som likte lederen"\n'
    )
    unit = next(u for u in coded(make_project(coding=coding)).units if u.id == leader)
    assert unit.voice == "dissent" and unit.notes == ("den eneste som likte lederen",)


# --- orphans and re-attachment ------------------------------------------------------------------


def test_a_decision_whose_text_is_gone_is_orphaned_kept_and_reported(
    make_project: MakeProject,
) -> None:
    coding = (
        "- unit: informant-1:abcdef\n  accept: [leder/leder]\n"
        '- unit: informant-1:123456\n  quote: "Dette sa ingen."\n  accept: [leder/leder]\n'
        '- transcript: informant-1\n  quote: "finnes ikke"\n  add: [leder/leder]\n'
    )
    config = make_project(coding=coding)
    result = coded(config)
    assert [(o.index, o.reason) for o in result.review.orphans] == [
        (0, "no unit has this id now, and the entry has no quote"),
        (1, "its quote is no longer in the transcript"),
        (2, "its quote is no longer in the transcript"),
    ]
    code, _, err = stc("check", "-c", config)
    assert code == 0, err
    # Named by the line an editor opens, and the entry's place in the list.
    assert [o.at for o in result.review.orphans] == [1, 3, 6]
    # In the project's language (the report words it the same way).
    assert (
        "coding.yaml:1 [0]: avgjørelsen om informant-1:abcdef har mistet teksten sin (ingen enhet har "
        "denne id-en nå, og oppføringen har ikke noe sitat); den er beholdt. For å feste den "
        "igjen: sett quote: til setningen slik transkripsjonen sier den nå, eller slett "
        "oppføringen."
    ) in " ".join(err.split())
    assert (config.parent / "coding.yaml").read_text(encoding="utf-8") == coding
    # orphans.csv keeps the line, and the report names the entry by it too.
    assert stc("code", "-c", config)[0] == 0
    assert stc("synthesize", "-c", config)[0] == 0
    orphans = (config.parent / "out" / "orphans.csv").read_text(encoding="utf-8")
    assert orphans.splitlines()[0] == "index,name,reason,line,now_unit,now_line,now_text,place"
    assert orphans.splitlines()[1].endswith(",1,,,,")
    report = (config.parent / "out" / "report.md").read_text(encoding="utf-8")
    assert (
        "coding.yaml:3 \\[1\\]: avgjørelsen om informant-1:123456 har mistet teksten sin" in report
    )


def test_an_orphan_whose_text_was_respelt_names_the_sentence_as_it_reads_now(
    make_project: MakeProject,
) -> None:
    """A spelling fixed in the transcript orphans the decision (its quote is not the text any
    more); the warning gives the line and its text now, so the researcher can copy it into
    quote:. A word added ("ikke") or two sentences alike give no such hint."""
    leader = "Gruppelederen var flink."
    coding = (
        f'- unit: informant-1:aaaaaa\n  quote: "{leader}"\n  accept: [leder/leder]\n'
        '- unit: informant-1:bbbbbb\n  quote: "Jeg var redd."\n  accept: [leder/leder]\n'
        '- unit: informant-1:cccccc\n  quote: "Været var fint."\n  accept: [leder/leder]\n'
    )
    body = INTERVIEW.replace(leader, "Gruppeledaren var flink.").replace(
        "Jeg var redd.", "Jeg var ikke redd."
    )
    body = body.replace("Været var fint.", "Været var fin. Været var fine.")
    config = make_project({"informant-1.txt": body}, coding=coding)
    orphans = coded(config).review.orphans
    assert [o.edited.text if o.edited else None for o in orphans] == [
        "Gruppeledaren var flink.",
        None,
        None,
    ]
    code, _, err = stc("code", "-c", config)
    assert code == 0, err
    # In the project's language, and as the report words it.
    respelt = (
        "avgjørelsen om informant-1:aaaaaa har mistet teksten sin: teksten er endret i transkripsjonen, "
        "der linje 9 nå lyder «Gruppeledaren var flink.»; den er beholdt. Sett quote: til den "
        "setningen for å feste den igjen."
    )
    assert respelt in " ".join(err.split())
    assert stc("synthesize", "-c", config)[0] == 0
    report = (config.parent / "out" / "report.md").read_text(encoding="utf-8")
    assert (
        "teksten er endret i transkripsjonen, der linje 9 nå lyder «Gruppeledaren var flink.»"
    ) in " ".join(report.split())
    # Lost decisions make the report a draft: it says so at its top.
    assert "> - 3 avgjørelser i coding.yaml finner ikke teksten sin lenger" in report


def test_a_decision_re_attaches_by_its_quote_when_units_are_split(
    make_project: MakeProject,
) -> None:
    body = (
        "I: Fortell.\n"
        "Informant 1: Jeg var alene. Helt alene. Alene igjen.\n"
        "Informant 1: Gruppelederen var flink.\n"
    )
    config = make_project({"informant-1.txt": body}, config=CONFIG + "units: {max_sentences: 4}\n")
    big = next(u for u in coded(config).units if u.text.startswith("Jeg var alene"))
    assert big.text == "Jeg var alene. Helt alene. Alene igjen."
    coding = f'- unit: {big.id}\n  quote: "{big.text}"\n  reject: [fellesskap/ikke-alene]\n'
    split = make_project(
        {"informant-1.txt": body}, config=CONFIG + "units: {max_sentences: 1}\n", coding=coding
    )
    result = coded(split)
    assert result.review.orphans == []
    assert {u.text: u.states for u in result.units if "lene" in u.text} == {
        "Jeg var alene.": {"fellesskap/ikke-alene": "rejected"},
        "Helt alene.": {"fellesskap/ikke-alene": "rejected"},
        "Alene igjen.": {"fellesskap/ikke-alene": "rejected"},
    }


def test_decisions_on_small_units_attach_to_the_unit_that_now_holds_them(
    make_project: MakeProject,
) -> None:
    body = "I: Fortell.\nInformant 1: Jeg var alene. Helt alene.\n"
    small = make_project({"informant-1.txt": body}, config=CONFIG + "units: {max_sentences: 1}\n")
    first, second = coded(small).units
    coding = (
        f'- unit: {first.id}\n  quote: "{first.text}"\n  accept: [fellesskap/ikke-alene]\n'
        f'- unit: {second.id}\n  quote: "{second.text}"\n  reject: [fellesskap/ikke-alene]\n'
    )
    merged = make_project(
        {"informant-1.txt": body}, config=CONFIG + "units: {max_sentences: 4}\n", coding=coding
    )
    [unit] = coded(merged).units
    # the unit holds an accepted passage: it is coded with that code
    assert unit.text == "Jeg var alene. Helt alene."
    assert unit.states == {"fellesskap/ikke-alene": "accepted"}


# --- the deciding coder -------------------------------------------------------------------------


def _two_coders(make_project: MakeProject, config: str = CONFIG) -> Path:
    leader = unit_id(coded(make_project()), "Gruppelederen")
    coding = (
        f"- unit: {leader}\n  accept: [leder/leder]\n  by: kari\n"
        f"- unit: {leader}\n  reject: [leder/leder]\n  by: ola\n"
    )
    return make_project(coding=coding, config=config)


def test_several_coders_need_a_deciding_coder(make_project: MakeProject) -> None:
    code, _, err = stc("code", "-c", _two_coders(make_project))
    assert code == 1
    assert "decisions by kari, ola; say whose the report uses with `coder: NAME`" in error_line(err)


@pytest.mark.parametrize(("coder", "state"), [("kari", "accepted"), ("ola", "rejected")])
def test_only_the_deciding_coders_decisions_count(
    make_project: MakeProject, coder: str, state: str
) -> None:
    config = _two_coders(make_project, CONFIG + f"coder: {coder}\n")
    found = states(coded(config))
    assert found["Gruppelederen var flink."] == {"leder/leder": state}
    code, out, _ = stc("code", "-c", config, "--coder", "ola")
    assert code == 0 and "gjennomgått av ola" in out


def test_a_coder_with_no_decisions_is_an_error_naming_the_coders(make_project: MakeProject) -> None:
    config = _two_coders(make_project, CONFIG + "coder: karii\n")
    with pytest.raises(CodingError, match=r"coder 'karii' has no decisions .*did you mean 'kari'"):
        coded(config)


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("coding", "message"),
    [
        (
            "- unit: informant-1:abcdef\n  add: [leder/ledr]\n",
            "code 'leder/ledr' is not in the codebook; if it is 'leder/leder', write that here",
        ),
        (
            "- unit: informant-1:abcdef\n  accept: [leder/leder]\n  reject: [leder/leder]\n",
            "'leder/leder' is both accepted and rejected; keep it under one of accept: or reject:",
        ),
        (
            "- unit: informant-1:abcdef\n  add: [leder/leder]\n  reject: [leder/leder]\n",
            "'leder/leder' is both added and rejected; keep it under one of add: or reject:",
        ),
        (
            "- unit: informant-1:abcdef\n  accept: [leder/leder]\n  voice: against\n",
            "[voice]: 'against' is not a voice; the only one is 'dissent'",
        ),
        (
            '- transcript: informant-1\n  quote: "Jeg"\n  add: [leder/leder]\n',
            "the quote stands in 2 places of 'informant-1'; make it longer",
        ),
        (
            '- transcript: informant-9\n  quote: "x"\n  add: [leder/leder]\n',
            "unknown transcript 'informant-9': no transcript that stc.yaml's transcripts: finds "
            "has this id (1 read); add its file to transcripts:, or delete the entry",
        ),
        ("- unit: x\n  ad: [leder/leder]\n", "unknown key 'ad'; did you mean 'add'?"),
        ("- add: [leder/leder]\n", "an entry needs 'unit: <unit id>'"),
        ("unit: x\n", "expected a list of decisions"),
    ],
)
def test_bad_decisions_are_one_line_naming_the_entry(
    make_project: MakeProject, coding: str, message: str
) -> None:
    config = make_project(coding=coding)
    code, _, err = stc("code", "-c", config)
    assert code == 1
    line = error_line(err)
    assert message in line and "coding.yaml" in line
    assert (config.parent / "coding.yaml").read_text(encoding="utf-8") == coding


def test_two_entries_on_one_unit_that_contradict_each_other_are_an_error(
    make_project: MakeProject,
) -> None:
    """A copied entry that accepts what the first rejects: the later used to win unseen, and
    `stc check` said OK. Entries that agree, or two coders' entries, are not a problem."""
    leader = unit_id(coded(make_project()), "Gruppelederen")
    first = f"- unit: {leader}\n  reject: [leder/leder]\n  by: kari\n"
    again = f"- unit: {leader}\n  accept: [leder/leder]\n  by: kari\n"
    config = make_project(coding=first + "- unit: x\n  add: [fellesskap/gruppe]\n" + again)
    path = config.parent / "coding.yaml"
    for command in ("check", "code"):
        code, _, err = stc(command, "-c", config)
        assert code == 1, err
        assert error_line(err) == (
            f"Error: {path}:1 [0] and {path}:6 [2]: both decide {leader}, and one accepts "
            "'leder/leder' where the other rejects it; keep one entry per unit: delete or merge "
            "the other"
        )
    assert coded(make_project(coding=first + first)).review.orphans == []
    other_coder = first + again.replace("kari", "ola")
    coded(make_project(coding=other_coder, config=CONFIG + "coder: kari\n"))


def test_a_quote_in_an_interviewer_turn_is_not_a_participants_passage(
    make_project: MakeProject,
) -> None:
    coding = '- transcript: informant-1\n  quote: "Hvordan var det"\n  add: [leder/leder]\n'
    result = coded(make_project(coding=coding))
    assert [o.reason for o in result.review.orphans] == [
        "its quote is the interviewer's words, and stc codes the participants'"
    ]


# --- flags --------------------------------------------------------------------------------------


def test_flags_explain_a_suggestion_without_deciding_it(make_project: MakeProject) -> None:
    body = INTERVIEW.replace(
        "Gruppelederen var flink.", "Men gruppelederen var flink. Jeg var aldri alene hjemme."
    )
    result = coded(make_project({"informant-1.txt": body}))
    flags = {u.text: u.flags for u in result.units}
    alone = "Jeg trodde jeg var den eneste.\nMen så merket jeg at jeg ikke var alene."
    assert flags[alone] == {"fellesskap/ikke-alene": ("negation:ikke",)}
    assert flags["Men gruppelederen var flink."] == {
        "leder/leder": ("contrast:men", "form:gruppelederen")
    }
    assert all(set(u.states.values()) == {"suggested"} for u in result.units)


def test_a_transcription_mark_that_opens_a_unit_does_not_hide_its_contrast(
    make_project: MakeProject,
) -> None:
    """ "(ler) Men gruppelederen …" read "ler" as its first word, so no contrast flag."""
    for mark in ("(ler)", "[lang pause]"):
        body = INTERVIEW.replace(
            "Gruppelederen var flink.", f"Ja. {mark} Men gruppelederen var flink."
        )
        result = coded(make_project({"informant-1.txt": body}))
        leader = next(u for u in result.units if "gruppelederen" in u.text)
        assert leader.text.startswith(mark)
        assert leader.flags["leder/leder"][0] == "contrast:men"


def test_a_negation_or_a_word_the_codes_own_rules_name_is_not_flagged(
    make_project: MakeProject,
) -> None:
    """A keyword that says the negation ("ikke alene") asks for it: no negation flag. A word
    one keyword finds by its stem and another finds as itself is no other word: no form
    flag. (A Swedish pass saw every hit of "kan inte" flagged negation:inte.)"""
    codebook = (
        "name: t\nlanguage: nb\ngroups:\n  - id: g\n    label: G\n    codes:\n"
        "      - id: c\n        label: C\n        keywords: ['ikke alene', redd]\n"
        "      - id: j\n        label: J\n        keywords: [jobb, jobbet]\n"
    )
    body = (
        "I: Hvordan var det?\n"
        "Informant 1: Jeg var ikke alene der.\nI: Og så?\n"
        "Informant 1: Jeg var ikke redd.\nI: Og så?\nInformant 1: Jeg jobbet mye.\n"
        "I: Og så?\nInformant 1: Jeg var ikke trist, for jeg var ikke alene.\n"
    )
    result = coded(make_project({"informant-1.txt": body}, codebook=codebook))
    flags = {u.text: u.flags for u in result.units}
    evidence = {u.text: u.evidence for u in result.units}
    assert set(flags) >= {"Jeg var ikke alene der.", "Jeg var ikke redd."}, (flags, evidence)
    assert flags["Jeg var ikke alene der."] == {}
    assert flags["Jeg var ikke redd."] == {"g/c": ("negation:ikke",)}
    assert "form:jobbet" not in flags["Jeg jobbet mye."].get("g/j", ()), evidence
    # The rule's own "ikke" is not a negation; another "ikke" near the match still is.
    assert flags["Jeg var ikke trist, for jeg var ikke alene."] == {"g/c": ("negation:ikke",)}


def test_a_negation_with_a_typographic_apostrophe_is_flagged(make_project: MakeProject) -> None:
    """Word writes "wasn’t": no flag was set, and `--accept-all` accepted the negated
    sentence with the rest."""
    codebook = (
        "name: t\nlanguage: en\ngroups:\n  - id: g\n    label: G\n    codes:\n"
        "      - id: c\n        label: C\n        keywords: [rushed]\n"
    )
    body = (
        "I: How was it?\nP01: I wasn\u2019t rushed by anyone.\nI: And?\n"
        "P01: I didn't feel rushed.\nI: And then?\nP01: I felt rushed.\n"
        "I: Ok?\nP01: I don\u00b4t feel rushed now.\n"
    )
    config = CONFIG.replace("language: nb", "language: en")
    result = coded(make_project({"p01.txt": body}, codebook=codebook, config=config))
    flags = {u.text: u.flags for u in result.units}
    assert flags["I wasn\u2019t rushed by anyone."] == {"g/c": ("negation:n't",)}
    assert flags["I didn't feel rushed."] == {"g/c": ("negation:n't",)}
    assert flags["I felt rushed."] == {}
    assert flags["I don\u00b4t feel rushed now."] == {"g/c": ("negation:n't",)}


def test_a_bad_entry_is_named_by_its_line(make_project: MakeProject) -> None:
    """A researcher looks for entry 2 of a long file by its line, not by counting dashes."""
    coding = (
        "# my decisions\n"
        "- unit: informant-1:abcdef\n  accept: [leder/leder]\n"
        "- unit: informant-1:123456\n  accept: [leder/leder]\n"
        "- transcript: informant-2\n  quote: Gruppelederen var ung.\n  add: [leder/leder]\n"
        "- unit: informant-1:fedcba\n  ad: [leder/leder]\n"
    )
    config = make_project(coding=coding)
    code, _, err = stc("code", "-c", config)
    assert code == 1
    assert error_line(err).startswith("Error: " + str(config.parent / "coding.yaml") + ":9 [3]")
    config.parent.joinpath("coding.yaml").write_text(coding.replace("ad:", "add:"), "utf-8")
    code, _, err = stc("code", "-c", config)
    assert code == 1
    line = error_line(err)
    assert line.startswith("Error: " + str(config.parent / "coding.yaml") + ":6 [2]"), line
    assert "unknown transcript 'informant-2'" in line and "did you mean" not in line


def test_a_coding_file_stc_yaml_misnames_is_an_error_once_condensates_exist(
    tmp_path: Path,
) -> None:
    """A typo in `coding:` read as "no decisions yet" dropped every confirmed unit: `stc run`
    then marked the researcher's condensates stale. With condensates of confirmed units in
    condensation.yaml, a missing coding file is an error naming the field, and nothing is
    written."""
    from tests.conftest import copy_sample

    config = copy_sample(tmp_path / "transcripts_sample")
    root = config.parent
    text = config.read_text(encoding="utf-8")
    assert "coding: coding.yaml" in text
    config.write_text(text.replace("coding: coding.yaml", "coding: kodning.yaml"), "utf-8")
    before = {p.name: p.read_bytes() for p in root.glob("*.*") if p.is_file()}
    for command in ("check", "code", "condense", "run"):
        code, _, stderr = stc(command, "-c", config)
        line = error_line(stderr)
        assert code == 1, (command, stderr)
        assert "[coding]: kodning.yaml does not exist" in line, line
        assert "condensation.yaml holds condensates of confirmed units" in line
        assert "(this folder has coding.yaml)" in line
    assert {p.name: p.read_bytes() for p in root.glob("*.*") if p.is_file()} == before
    # Without condensates, a missing coding file is a project with no decisions yet.
    (root / "condensation.yaml").unlink()
    code, _, stderr = stc("code", "-c", config)
    assert code == 0, stderr


def test_a_mistyped_code_is_matched_to_the_id_it_most_likely_means() -> None:
    """Swedish, Danish and Norwegian researchers type å, ä, ö, ø, æ that ids leave out, and
    often the code without its group."""
    from stc.decisions import near_code

    known = ["hantering/rorelse", "vardag/arbete", "vardag/familj", "g/saerlig"]
    assert near_code("rörelse", known) == "hantering/rorelse"
    assert near_code("arbete", known) == "vardag/arbete"
    assert near_code("vardag/arbet", known) == "vardag/arbete"
    assert near_code("særlig", known) == "g/saerlig"
    assert near_code("helt-annat", known) is None
    # Two groups with the same code: the group must be said.
    assert near_code("arbete", [*known, "fritid/arbete"]) is None


def test_accept_all_of_a_code_without_its_group_names_the_id(make_project: MakeProject) -> None:
    config = make_project()
    code, _, err = stc("review", "-c", config, "--accept-all", "ikke-alene")
    assert code == 1
    assert "unknown code 'ikke-alene'; did you mean 'fellesskap/ikke-alene'?" in error_line(err)


@pytest.mark.parametrize(
    ("why", "fix"),
    [
        ("not_found", "For å feste den igjen: sett quote: til setningen slik transkripsjonen"),
        ("no_quote", "For å feste den igjen: sett quote: til setningen slik transkripsjonen"),
        ("places", "For å feste den igjen: gjør quote: lengre, så det peker på ett sted."),
        ("transcript_gone", "Legg filen til transkripsjonen inn under transcripts: i stc.yaml"),
    ],
)
def test_each_reason_an_orphan_has_gets_its_own_fix(why: str, fix: str) -> None:
    """No transcript to quote from, or a quote in two places: "set quote: to the sentence as
    it reads now" would not help there."""
    from stc.wording import orphan_line

    line = orphan_line("nb", "coding.yaml:1 [0]", "informant-1:abcdef", why, n=2)
    assert line.startswith(
        "coding.yaml:1 [0]: avgjørelsen om informant-1:abcdef har mistet teksten sin ("
    )
    assert fix in line
    for language in ("en", "nn", "da", "sv", "de"):  # every language has every reason and fix
        assert orphan_line(language, "c:1 [0]", "u", why, n=2).count("u") >= 1
