"""`stc check` says why an example fails, and refuses keywords written as one string."""

from __future__ import annotations

from tests.conftest import CODEBOOK, CONFIG, MakeProject, error_line, stc


def test_an_example_vetoed_by_an_exclude_names_the_exclude_and_the_words(
    make_project: MakeProject,
) -> None:
    book = CODEBOOK.replace('exclude: ["alene hjemme"]', 'exclude: ["være alene"]').replace(
        'examples: ["Jeg var ikke alene lenger."]', 'examples: ["Før gruppa var alene verst."]'
    )
    code, _, err = stc("check", "-c", make_project(codebook=book))
    assert code == 1
    assert error_line(err).endswith(
        '[groups -> fellesskap -> codes -> ikke-alene -> examples -> 0] "Før gruppa var alene '
        "verst.\" is not coded fellesskap/ikke-alene: vetoed by exclude 'være alene', which "
        "matches «var alene» by lemma; narrow that exclude or remove it"
    )


def test_an_example_no_rule_finds_names_the_rules_that_miss_it(make_project: MakeProject) -> None:
    book = CODEBOOK.replace('examples: ["Gruppa var fin."]', 'examples: ["Vi var mange."]')
    code, _, err = stc("check", "-c", make_project(codebook=book))
    assert code == 1
    assert error_line(err).endswith(
        "\"Vi var mange.\" is not coded fellesskap/gruppe: no rule matches it ('gruppe'); add a "
        "keyword for a word it uses, or a wildcard such as 'word*' for compounds"
    )


def test_keywords_given_as_one_comma_separated_string_is_an_error_with_the_fix(
    make_project: MakeProject,
) -> None:
    book = CODEBOOK.replace('keywords: [alene, "den eneste"]', 'keywords: "alene, den eneste"')
    code, _, err = stc("check", "-c", make_project(codebook=book))
    assert code == 1
    line = error_line(err)
    assert "codebook.yaml" in line
    assert "keywords" in line
    assert (
        "keyword 'alene, den eneste' holds a comma, so it would be one keyword that never "
        "matches; write one keyword per item: [alene, den eneste]"
    ) in line


def test_a_list_that_lost_its_opening_bracket_gets_a_fix_that_is_valid_yaml(
    make_project: MakeProject,
) -> None:
    """`keywords: trygg, "*leder", tillit]` is one string: the fix must not carry its
    closing bracket and quotes into the list, and must quote "*leder" (else an alias)."""
    import yaml

    book = CODEBOOK.replace('keywords: [alene, "den eneste"]', 'keywords: alene, "*leder", tillit]')
    code, _, err = stc("check", "-c", make_project(codebook=book))
    assert code == 1
    line = error_line(err)
    fix = 'write one keyword per item: [alene, "*leder", tillit]'
    assert line.endswith(fix), line
    assert yaml.safe_load(fix.split(": ", 1)[1]) == ["alene", "*leder", "tillit"]


def test_a_transcript_without_speaker_labels_or_interviewer_is_named(
    make_project: MakeProject,
) -> None:
    """Both are read (a written answer has no labels), but the researcher must hear that the
    whole text counts as participant speech."""
    from tests.conftest import INTERVIEW

    config = make_project(
        {
            "informant-1.txt": INTERVIEW,
            "skriftlig.txt": "Hva syntes du om gruppa?\nDen var fin, og jeg var ikke alene.\n",
            "par.txt": "Kari: Hva syntes du?\nOla: Gruppa var fin.\nKari: Og så?\nOla: Bra.\n",
        }
    )
    folder = config.parent / "transcripts"
    # Said by every command that codes, once: `stc code` and `stc run` said nothing.
    for command in ("check", "code", "run"):
        code, _, err = stc(command, "-c", config)
        assert code == 0, err
        assert (
            f"Warning: {folder / 'skriftlig.txt'}: no speaker labels (such as 'I:' or 'Informant "
            "1:'); the whole text is read as one participant's words"
        ) in err
        assert err.count(f"Warning: {folder / 'par.txt'}: no turn has an interviewer label") == 1
        assert "informant-1.txt: no" not in err
    # Not on every command: a review says it nowhere (it said it twice).
    code, _, err = stc("review", "-c", config, "--accept-all", "fellesskap/gruppe")
    assert code == 0 and "no speaker labels" not in err and "no turn has" not in err


def test_labels_that_are_most_likely_not_one_participant_are_named(
    make_project: MakeProject,
) -> None:
    """A focus group: 'Intervjuar' a letter from the interviewer's label, and 'Flere' for a
    group answer, would each be coded and counted as one more person."""
    group = (
        "Intervjuer: Hvordan var gruppa?\nP1: Jeg var ikke alene.\nP2: Gruppa var fin.\n"
        "Flere: Ja.\nIntervjuar: Og lederen?\nP1: Lederen var flink.\n"
        "Medmoderator: Og de andre?\nP2: Fint.\n"
        # a participant's label near the interviewer's, who answers rather than asks: no
        "Intervjuobjekt: Jeg var ikke alene.\n"
    )
    config = make_project(
        {"gruppe-1.txt": group},
        config=CONFIG.replace("interviewer: [I]", "interviewer: [Intervjuer]"),
    )
    code, _, err = stc("check", "-c", config)
    assert code == 0, err
    where = config.parent / "transcripts" / "gruppe-1.txt"
    said = " ".join(err.split())
    assert (
        f"Warning: {where}: 'Intervjuar' (1 turn) is read as a participant, so its words are "
        "coded and counted; if it is the interviewer ('Intervjuer'), correct the label"
    ) in said
    assert (
        f"Warning: {where}: 'Flere' (1 turn) is read as one participant and counted as a person"
    ) in said
    # A second moderator is the research team, not one more participant.
    assert (
        f"Warning: {where}: 'Medmoderator' (1 turn) is read as a participant, so its words are "
        "coded and counted; a second moderator or an observer is no participant: add it under "
        "speakers.interviewer in"
    ) in said
    assert "'P1'" not in err and "'P2'" not in err and "'Intervjuobjekt'" not in err


def test_a_participant_label_a_letter_off_anothers_is_named(make_project: MakeProject) -> None:
    # "Particpant:" once split one person into two, and every count of the report with them.
    said = "".join(f"I: Og {n}?\nParticipant: Jeg var alene {n}.\n" for n in range(4))
    config = make_project({"informant-1.txt": said + "I: Mer?\nParticpant: Ja.\n"})
    code, _, err = stc("check", "-c", config)
    assert code == 0, err
    assert (
        "'Particpant' (1 turn) is read as another participant than 'Participant' (4 turns), a "
        "letter or two apart; if they are one person, correct the label"
    ) in " ".join(err.split())
    # Numbered labels are different people however alike.
    group = "I: Og?\nP1: Ja.\nP1: Nei.\nP1: Kanskje.\nP2: Ja.\n"
    code, _, err = stc("check", "-c", make_project({"gruppe-1.txt": group}))
    assert "'P2' (1 turn) is read as another participant" not in err


def test_a_one_word_keyword_that_suggests_nothing_is_named(make_project: MakeProject) -> None:
    """A misspelt keyword ('gruppelderen', 'enslig*' nobody says) found nothing, and neither
    `stc check` nor `stc code` said so; a phrase that finds nothing is common, not named."""
    book = CODEBOOK.replace(
        'keywords: [alene, "den eneste"]', 'keywords: [alene, "den eneste", ensom*, "helt ensom"]'
    ).replace('keywords: ["*leder"]', 'keywords: ["*leder", gruppelderen]')
    code, _, err = stc("check", "-c", make_project(codebook=book))
    assert code == 0, err
    lines = [" ".join(line.split()) for line in err.split("Warning: ")]
    assert any(
        line.endswith(
            "codebook.yaml [fellesskap/ikke-alene] 'ensom*': suggests the code nowhere in these "
            "transcripts; check the spelling, or that participants say it so"
        )
        for line in lines
    )
    assert any(
        line.endswith(
            "codebook.yaml [leder/leder] 'gruppelderen': suggests the code nowhere in these transcripts; check the spelling, or that participants say it so"
        )
        for line in lines
    )
    assert "helt ensom" not in err and "'alene'" not in err and "'den eneste'" not in err
    # A codebook of many codes that find nothing (a starter one): three named, then a count.
    many = book + "".join(
        f"      - id: tom-{n}\n        label: Tom {n}\n        keywords: [sjiraff{n}]\n"
        for n in range(4)
    )
    code, _, err = stc("check", "-c", make_project(codebook=many))
    assert code == 0, err
    said = " ".join(err.split())
    assert said.count("suggests the code nowhere") + said.count("suggest the code nowhere") == 3
    assert (
        "codebook.yaml: 4 more codes have one-word keywords that suggest nothing in these "
        "transcripts; `stc agree --codebook` lists every rule and what it suggested"
    ) in said


def test_broad_wildcards_and_entries_without_a_quote_are_named(make_project: MakeProject) -> None:
    """'*ne' matches 'alene' and 'eneste' alike, and any word that ends so; an entry that
    names its unit by id alone is lost when the units are cut anew."""
    from stc.coding import code_project
    from stc.config import load_config

    book = CODEBOOK.replace('keywords: [alene, "den eneste"]', 'keywords: [alene, "*ne"]')
    assert book != CODEBOOK
    config = make_project(codebook=book)
    unit = code_project(load_config(config)).units[0]
    (config.parent / "coding.yaml").write_text(
        f"- unit: {unit.id}\n  accept: [{sorted(unit.states)[0]}]\n", encoding="utf-8"
    )
    code, _, err = stc("check", "-c", config)
    assert code == 0, err
    said = " ".join(err.split())
    assert (
        "[fellesskap/ikke-alene] keyword '*ne': a wildcard with so few letters may match "
        "unrelated words; here it matched"
    ) in said
    assert "keyword 'alene'" not in said
    assert (
        "coding.yaml: 1 entry names a unit by id but no quote: ([0]); when the units are cut anew "
        "it is orphaned: add quote:"
    ) in said


def test_which_wildcards_are_too_broad() -> None:
    """The starters' 'håp*', 'job*' and 'förstod mig*' mean what they say; 't*', 'ab*' and
    '*ing' do not."""
    from stc.check import _broad

    assert [k for k in ("t*", "ab*", "*ing", "*ne") if _broad(k)] == ["t*", "ab*", "*ing", "*ne"]
    assert not any(_broad(k) for k in ("håp*", "job*", "förstod mig*", "*leder", "alene"))
