"""The report rests on the researcher's decisions: what is rejected or unreviewed never counts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from stc.coding import code_project, write_coding
from stc.condense import condense
from stc.config import load_config
from stc.render import md_escape, render_html, render_markdown
from stc.review import Action, decide
from stc.synthesize import Report, Subgroup, build_report, check_quantifiers
from tests.conftest import CONFIG, MakeProject, stc

ALONE = "fellesskap/ikke-alene"
CODEBOOK = """\
name: Test
language: nb
groups:
  - id: fellesskap
    label: Fellesskap
    codes:
      - id: ikke-alene
        label: Ikke alene
        keywords: [alene]
      - id: gruppe
        label: Gruppa
        keywords: [gruppe]
"""


def interview(n: int, line: str) -> str:
    return (
        "---\nattributes: {alder: 34}\n---\n"
        f"I: Hvordan var det?\nInformant {n}: {line} Gruppa var fin.\n"
    )


TEXTS = {
    "informant-1.txt": interview(1, "Jeg var ikke alene lenger."),
    "informant-2.txt": interview(2, "Altså, jeg har aldri vært alene om noe."),
    "informant-3.txt": interview(3, "Jeg kjente at jeg ikke var alene."),
}


def project(make_project: MakeProject) -> Path:
    return make_project(TEXTS, codebook=CODEBOOK)


def decide_all(config: Path, reject: set[str] = frozenset(), skip: set[str] = frozenset()) -> None:
    """Accept every suggestion of every participant, reject those of ``reject``, leave ``skip``."""
    result = code_project(load_config(config))
    actions = [
        Action(u, "reject" if u.participant in reject else "accept", code)
        for u in result.units
        if u.participant not in skip
        for code in u.states
    ]
    decide(config.parent / "coding.yaml", actions, None)


def finish(path: Path) -> None:
    """The researcher's other parts of a result: an analytic text, and a golden quote: the
    first of the candidates stc condense lists now."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("    analytic_text:\n", "    analytic_text: Lettelse.\n")
    text = re.sub(
        r"(?m)^( {8}golden_quote:)[^\n]*\n( {8}golden_quote_candidates:\n {10}- unit: (\S+))",
        r"\1 \3\n\2",
        text,
    )
    path.write_text(text, encoding="utf-8")


def report_of(config: Path, edit_condensates: bool = True) -> Report:
    result = code_project(load_config(config))
    write_coding(result)
    condense(result)
    path = config.parent / "condensation.yaml"
    finish(path)
    if edit_condensates:
        # The researcher rewrites every condensate (a status alone does not make stc's
        # word-for-word draft the researcher's text).
        text = path.read_text(encoding="utf-8")
        text = text.replace("status: draft", "status: edited").replace(
            "status: stale", "status: edited"
        )
        text = re.sub(
            r"(?m)^( {8}condensate: (?:[|>][-+]?\n {10})?)(?=\S)", r"\1Jeg opplevde: ", text
        )
        path.write_text(text, encoding="utf-8")
    return build_report(load_config(config))


def set_golden(config: Path, code: str, unit_id: str, extra: str = "") -> None:
    """Choose a golden quote in condensation.yaml, as the researcher would."""
    path = config.parent / "condensation.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("        golden_quote:", text.index(f"      {code}:"))
    end = text.index("\n", at)
    path.write_text(text[:at] + f"        golden_quote: {unit_id}{extra}" + text[end:], "utf-8")


def subgroup(report: Report, code: str) -> Subgroup:
    return next(s for c in report.categories for s in c.subgroups if s.code_id == code)


def test_a_code_with_only_waiting_suggestions_is_named_where_its_category_stands(
    make_project: MakeProject,
) -> None:
    # A code nobody has reviewed yet was missing from the results without a word, and a
    # category of such codes with it.
    book = CODEBOOK + (
        "  - id: leder\n    label: Lederen\n    codes:\n"
        "      - id: leder\n        label: Gruppelederen\n        keywords: [lederen]\n"
    )
    texts = {**TEXTS, "informant-4.txt": "I: Og?\nInformant 4: Lederen var ung og alene.\n"}
    config = make_project(texts, codebook=book)
    result = code_project(load_config(config))
    actions = [
        Action(u, "accept", code) for u in result.units for code in u.states if code == ALONE
    ]
    decide(config.parent / "coding.yaml", actions, None)
    report = report_of(config)
    categories = {c.heading: c for c in report.categories}
    assert categories["Lederen"].subgroups == []
    assert report.category_marks(categories["Lederen"]) == [
        "«Gruppelederen»: 1 forslag venter på gjennomgang, og ingen meningsbærende enhet er "
        "bekreftet ennå: koden er ikke med i resultatene."
    ]
    fellesskap = report.category_marks(categories["Fellesskap"])
    assert any(m.startswith("«Gruppa»: ") for m in fellesskap), fellesskap
    md = render_markdown(report)
    assert "### Lederen" in md and "*«Gruppelederen»: 1 forslag venter" in md
    assert "«Gruppelederen»: 1 forslag venter" in render_html(report)
    import io

    import docx

    from stc.export.docx_report import docx_bytes

    document = docx.Document(io.BytesIO(docx_bytes(report)))
    assert any(p.text.startswith("«Gruppelederen»: 1 forslag venter") for p in document.paragraphs)
    assert report.draft


def test_a_transcript_without_participant_speech_is_no_interview(
    make_project: MakeProject,
) -> None:
    # Two files of front matter alone were "7 transcripts" and closed a saturation run.
    texts = {
        **TEXTS,
        "informant-4.txt": "---\nid: informant-4\n---\n",
        "informant-5.txt": "I: Hallo?\n",
    }
    config = make_project(texts, codebook=CODEBOOK)
    decide_all(config)
    report = report_of(config)
    assert report.facts["transcripts"] == 3
    assert (
        "2 transkripsjoner har ingen informanttale og er holdt utenfor tellingene og "
        "metningstabellen: informant-4, informant-5." in report.warnings
    )
    assert report.trail is not None and report.trail.saturation is not None
    assert [r.transcript for r in report.trail.saturation.rows] == [
        "informant-1",
        "informant-2",
        "informant-3",
    ]


def test_a_rejected_suggestion_never_counts_nor_is_quoted(make_project: MakeProject) -> None:
    config = project(make_project)
    decide_all(config, reject={"informant-2"})
    report = report_of(config)
    alone = subgroup(report, ALONE)
    assert alone.participants == ["informant-1", "informant-3"]
    assert report.participants_total == 3
    matrix = report.matrix.set_index("code")
    assert matrix.loc["Ikke alene", "informant-2"] == 0 and matrix.loc["Ikke alene", "total"] == 2
    md = render_markdown(report)
    assert "aldri vært alene" not in md.split("## Vedlegg B")[0].split("## Vedlegg D")[0]
    assert "Bygger på 2 av 3 informanter." in md  # numbers, not "de fleste" alone
    # Who it rests on, in the trail, as a reader takes it in: the few missing, or all.
    assert report.who(alone.participants) == "alle unntatt informant-2"
    assert report.who(["informant-1", "informant-2", "informant-3"]) == "alle 3"
    assert report.who(["informant-1"]) == "informant-1"
    assert report.who(["informant-2"]) == "informant-2"  # not "alle unntatt" two of three
    report.everyone = [*report.everyone, "informant-4", "informant-5"]
    assert report.who(["informant-1", "informant-3", "informant-5"]) == (
        "alle unntatt informant-2 og informant-4"
    )
    assert "| | Ikke alene | alle unntatt informant-2 |" in md


def test_the_method_says_how_the_units_came_about(make_project: MakeProject) -> None:
    """Keyword suggestions and the researcher's decisions on them, counted; a project coded by
    hand (a codebook without rules, as `stc import qdpx` makes) says so instead."""
    config = project(make_project)
    decide_all(config, reject={"informant-2"})
    unit = next(
        u for u in code_project(load_config(config)).units if u.participant == "informant-3"
    )
    decide(config.parent / "coding.yaml", [Action(unit, "add", "fellesskap/gruppe")], None)
    step2 = next(s for s in report_of(config).steps if s.startswith("Meningsbærende enheter"))
    assert (
        "De meningsbærende enhetene er passasjer stc avgrenset i informantenes taleturer, på "
        "opptil 4 setninger hver, eller slik forskeren markerte dem i coding.yaml."
    ) in step2
    # informant-1 and -3: both codes accepted (4); informant-2: both rejected (2); one added
    # on a sentence of informant-3's that had only the other code.
    assert (
        "stc foreslo koder etter regler (kodebokas nøkkelord og mønstre), og forskeren avgjorde "
        "dem i sammenhengen: godtatt 4, avvist 2; koder lagt til for hånd: 1."
    ) in step2, step2
    # stc suggest's queue, once there is one, is named among the rules.
    (config.parent / "suggestions.yaml").write_text("suggestions: []\n", encoding="utf-8")
    assert "og det stc suggest har lært av kodingen)" in " ".join(
        build_report(load_config(config)).steps
    )
    # The rejected sentences are not in uncoded.csv: the sentence says where they are.
    assert (
        "av informantenes ord har ingen bekreftet kode. Setningene ingen regel foreslo en kode "
        "for, står i uncoded.csv; de med avviste eller ventende forslag står i "
        "meaning_units.csv."
    ) in step2

    by_hand = make_project(
        TEXTS,
        codebook=CODEBOOK.replace("keywords: [alene]", "description: x").replace(
            "keywords: [gruppe]", "description: y"
        ),
        coding=f"- transcript: informant-1\n  quote: Jeg var ikke alene lenger.\n  add: [{ALONE}]\n",
    )
    step2 = next(s for s in report_of(by_hand).steps if s.startswith("Meningsbærende enheter"))
    assert "Forskeren kodet for hånd (koder lagt til: 1); ingen regel foreslo noen." in step2
    assert "godtatt" not in step2


def test_the_draft_stamp_appears_exactly_while_something_is_unreviewed(
    make_project: MakeProject,
) -> None:
    config = project(make_project)
    decide_all(config, skip={"informant-3"})
    report = report_of(config)
    assert report.draft_reasons == [
        "2 forslag er ikke gjennomgått ennå; de er ikke talt med.",
        "Ikke ferdig gjennomgått: informant-3 (2 forslag venter).",
    ]
    assert render_markdown(report).count("UTKAST") == 1
    assert "4 av 6 enheter gjennomgått" in " ".join(report.steps)
    # Not "decided them" alone: what still waits is counted where the decisions are.
    assert "godtatt 4, avvist 0, venter fortsatt 2;" in " ".join(report.steps)
    # "N of M" says that some of the M are not read through yet.
    assert report.rests_on(subgroup(report, ALONE)) == "Bygger på 2 av 3 informanter."
    # And where it matters, once: under each subgroup whose code still has suggestions
    # waiting, with how many participants they are from (N may grow).
    waiting = (
        "1 forslag til denne koden, fra 1 av 3 informanter, venter på gjennomgang og er ikke "
        "talt med her ennå."
    )
    assert render_markdown(report).count(f"*{waiting}*") == 2
    assert render_html(report).count(f'<p class="draft mark">{waiting}</p>') == 2
    # The command line says it too, not only the report's top.
    code, out, _ = stc("synthesize", "-c", config)
    assert code == 0
    assert (
        "UTKAST: 2 forslag er ikke gjennomgått ennå; de er ikke talt med. Ikke ferdig "
        "gjennomgått: informant-3 (2 forslag venter)."
    ) in " ".join(out.split())
    decide_all(config)
    report = report_of(config)
    assert report.draft_reasons == []
    assert "UTKAST" not in render_markdown(report) and "UTKAST" not in render_html(report)
    assert "6 av 6 enheter gjennomgått" in " ".join(report.steps)
    assert "UTKAST" not in stc("synthesize", "-c", config)[1]


def test_a_stale_condensate_is_marked_where_it_stands(make_project: MakeProject) -> None:
    """Not only in the banner: the subgroup whose units changed since the researcher wrote
    its condensate says so above its text."""
    config = project(make_project)
    decide_all(config)
    assert not report_of(config).draft_reasons
    path = config.parent / "condensation.yaml"
    assert "    analytic_text: Lettelse.\n" in path.read_text(encoding="utf-8")
    decide_all(config, reject={"informant-1"})
    result = code_project(load_config(config))
    write_coding(result)
    condense(result)
    finish(path)
    report = build_report(load_config(config))
    alone = subgroup(report, ALONE)
    assert alone.status == "stale"
    stale = (
        "Foreldet: de meningsbærende enhetene er endret siden kondensatet ble skrevet; teksten "
        "under holder kanskje ikke lenger."
    )
    assert report.marks(alone) == [stale]
    md = render_markdown(report)
    assert f"*{stale}*" in md.split("## Metode")[0]
    # The category's text rests on it: marked too. A stale condensate is still the
    # researcher's: counted as written by them, and as stale.
    assert (
        "*Foreldet: de meningsbærende enhetene under «Ikke alene», «Gruppa» er endret siden "
        "kondensatene ble skrevet; denne teksten bygger på dem og holder kanskje ikke "
        "lenger.*\n\nLettelse."
    ) in md
    one = report.category_marks(report.categories[0])  # one stale subgroup: the singular
    report.categories[0].subgroups[1].status = "edited"
    assert (
        report.category_marks(report.categories[0])
        == [
            "Foreldet: de meningsbærende enhetene under «Ikke alene» er endret siden kondensatet "
            "ble skrevet; denne teksten bygger på det og holder kanskje ikke lenger."
        ]
        != one
    )
    assert (
        "Kondensering: 2 av 2 koder har et kondensat skrevet av forskeren; 0 har bare utkastet "
        "fra stc (informantenes egne setninger), som ennå ikke er et kondensat; foreldet: 2."
    ) in md


def test_a_draft_condensate_alone_makes_the_report_a_draft(make_project: MakeProject) -> None:
    config = project(make_project)
    decide_all(config)
    report = report_of(config, edit_condensates=False)
    assert report.draft_reasons == ["2 kondensater er fortsatt utkast fra stc."]


@pytest.mark.parametrize(
    ("text", "n", "warned"),
    [
        ("Alle informantene beskrev lettelse.", 6, True),
        ("De fleste informantene beskrev lettelse.", 6, False),
        ("Flere beskrev lettelse.", 2, True),
        ("Ingen av dem var redde.", 1, True),
        ("Halvparten var redde.", 4, False),
        ("Alle informantene beskrev lettelse.", 8, False),
    ],
)
def test_quantifier_words_are_checked_against_confirmed_participants(
    text: str, n: int, warned: bool
) -> None:
    found = check_quantifiers(text, n, 8, "nb", "Fellesskap")
    assert bool(found) == warned
    if text.startswith("Alle") and warned:
        assert found == [
            "«alle» i «Alle informantene beskrev lettelse.», men 6 av 8 informanter har "
            "bekreftede enheter under «Fellesskap»: sjekk påstanden."
        ]


@pytest.mark.parametrize(
    ("language", "text", "n", "total", "warned"),
    [
        ("sv", "Nästan alla saknade arbetet.", 4, 5, False),  # not «alla»
        ("sv", "Nästan alla saknade arbetet.", 2, 5, True),
        ("sv", "Hon gick dit varje dag.", 3, 5, False),  # «varje» is mostly «varje dag»
        ("sv", "Flertalet hade ont.", 2, 5, True),
        ("sv", "Flertalet hade ont.", 4, 5, False),
        ("nb", "Nesten alle var redde.", 7, 8, False),
        ("da", "Næsten alle var bange.", 7, 8, False),
        ("en", "Nearly all were afraid.", 7, 8, False),
        ("de", "Fast alle hatten Angst.", 7, 8, False),
        ("en", "Not all of them felt safe.", 3, 8, False),  # was read as «all»
        ("en", "Not all of them felt safe.", 8, 8, True),
        ("en", "They did not talk about it at all.", 3, 8, False),
        ("en", "Most of the time they listened.", 1, 8, False),
        ("en", "They met every day.", 3, 8, False),
        ("en", "Everyone felt ashamed at first.", 5, 8, True),  # was not read
        ("en", "Everyone felt ashamed at first.", 8, 8, False),
        ("en", "Nobody felt judged.", 2, 8, True),
        ("en", "Only one spoke of relapse.", 3, 8, True),
        ("en", "Only one spoke of relapse.", 1, 8, False),
        ("en", "Many described relief.", 1, 8, True),
        ("en", "Many described relief.", 4, 8, False),
        ("nb", "Ikke alle følte seg trygge.", 5, 8, False),
        ("nb", "Ikke alle følte seg trygge.", 8, 8, True),
        ("nb", "De snakket i alle fall om det.", 3, 8, False),
        ("nb", "Noen ganger var det vanskelig.", 1, 8, False),
        ("da", "Ikke alle følte sig trygge.", 5, 8, False),
        ("sv", "Inte alla kände sig trygga.", 3, 5, False),
        ("sv", "De pratade i alla fall om det.", 3, 5, False),
        ("de", "Nicht alle fühlten sich sicher.", 3, 5, False),
        ("en", "Every interviewee described shame.", 5, 8, True),
        ("en", "Not every participant described shame.", 3, 8, False),
        ("en", "Not every participant described shame.", 8, 8, True),
        ("en", "Not everybody felt safe.", 3, 8, False),
        ("nb", "Ikke alle sammen følte seg trygge.", 5, 8, False),
        ("en", "Most participants felt that nobody understood them.", 6, 8, False),
        ("en", "Most described shame; only one of them spoke of relapse.", 6, 8, False),
        ("en", "She was the only one who spoke of relapse.", 3, 8, False),
        ("nb", "Hun hadde bare én gang fortalt det.", 3, 8, False),
        ("da", "Hun havde kun én gang fortalt det.", 3, 8, False),
        ("en", "Not many participants mentioned work.", 1, 8, False),
        ("en", "In many ways, they coped.", 1, 8, False),
        ("sv", "Det är inte alla gånger lätt, sa de flesta.", 8, 8, False),
        ("en", "All but one described shame.", 7, 8, False),
        ("en", "All but one described shame.", 8, 8, True),
        ("de", "Nicht wenige beschrieben Scham.", 6, 8, False),
        ("nb", "Mange beskrev skam.", 1, 8, True),
        ("en", "At all meetings most listened.", 6, 8, False),
        # «Only one» without the accent that tells «one» from «a»: read after «av»/«of».
        ("sv", "Bara en informant berättade om familjen.", 3, 5, True),
        ("sv", "Endast en av dem berättade om familjen.", 1, 5, False),
        ("sv", "Det var bara en känsla, sa de flesta.", 4, 5, False),
        ("nb", "Bare en av informantene fortalte om familien.", 3, 8, True),
        ("nn", "Berre ein av informantane fortalde om familien.", 3, 8, True),
        ("da", "Kun en af informanterne fortalte om familien.", 3, 8, True),
        # «None» under a code everyone supports says the code negated: no warning.
        ("sv", "Ingen av informanterna upplevde att ledningen förstod.", 5, 5, False),
        ("sv", "Ingen av informanterna upplevde att ledningen förstod.", 2, 5, True),
        ("en", "Nobody felt judged.", 8, 8, False),
        # Times, not people: "all night", "every night", "all about".
        ("en", "All night the fear came back.", 2, 3, False),
        ("en", "Every night felt long, most said.", 2, 3, False),
        ("en", "It was all about the dark.", 2, 3, False),
    ],
)
def test_negated_idiomatic_and_everyday_quantifiers_are_read_as_what_they_claim(
    language: str, text: str, n: int, total: int, warned: bool
) -> None:
    """«Nästan alla» and «Not all» were flagged as «all», and «at all» or «every day» as
    claims; «flertalet», «everyone», «nobody», «only one» and «many» were not checked. A
    sentence's claim is its first quantifier phrase, read as the longest phrase that starts
    there."""
    assert bool(check_quantifiers(text, n, total, language, "Safety")) == warned


def test_a_participant_the_text_names_without_a_unit_there_is_a_claim_to_check(
    make_project: MakeProject,
) -> None:
    """«Informant-2 og informant-1 var lettet» under a code whose units informant-2's are not
    (rejected, or not reviewed yet) passed without a word."""
    config = project(make_project)
    decide_all(config, reject={"informant-2"})
    report_of(config)
    path = config.parent / "condensation.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("        golden_quote:", text.index("      ikke-alene:"))
    end = text.index("\n", at) + 1
    written = "        text: Informant-2 og informant-1 var lettet; informant-10 er ingen.\n"
    path.write_text(text[:end] + written + text[end:], encoding="utf-8")
    report = build_report(load_config(config))
    named = [w for w in report.warnings if "teksten nevner" in w]
    assert named == [
        "«Ikke alene»: teksten nevner informant-2, som ikke har noen bekreftet enhet der: sjekk "
        "det teksten sier om informant-2."
    ]
    # To check, said at the top; not a draft: the check can be wrong, and the report could
    # then never be final.
    assert report.draft_reasons == []
    # (The project's condensates, written in a word or two, are to check too.)
    assert report.to_check[0] == (
        "1 påstand i forskerens tekst stemmer kanskje ikke med kodingen: se valideringen."
    )
    md = render_markdown(report)
    assert md.split("## Innhold")[0].count("> **Å SJEKKE**") == 1
    # Named as left out ("bortsett fra informant-2"), or in capitals another word would
    # have: no claim about them.
    for said in ("Bortsett fra informant-2 var de lettet.", "INFORMANT-2 sa lite."):
        path.write_text(text[:end] + f"        text: {said}\n" + text[end:], encoding="utf-8")
        claims = [c for c in build_report(load_config(config)).to_check if "påstand" in c]
        assert not claims, said


def test_a_focus_group_participant_named_by_full_id_is_checked(make_project: MakeProject) -> None:
    # "fg-01/p2 said …" was passed over: ids with a "/" were never looked for.
    group = "I: Hvordan var det?\nP1: Jeg var ikke alene.\nP2: Jeg var ikke alene heller.\n"
    config = make_project({"gruppe-1.txt": group}, codebook=CODEBOOK)
    decide_all(config, reject={"gruppe-1/p2"})
    report_of(config)
    path = config.parent / "condensation.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("        golden_quote:", text.index("      ikke-alene:"))
    end = text.index("\n", at) + 1
    path.write_text(text[:end] + "        text: gruppe-1/p2 var lettet.\n" + text[end:], "utf-8")
    named = [w for w in build_report(load_config(config)).warnings if "teksten nevner" in w]
    assert named and "gruppe-1/p2" in named[0]


def test_the_analytic_text_quantifier_check_reaches_the_report(make_project: MakeProject) -> None:
    config = project(make_project)
    decide_all(config, reject={"informant-2"})
    report_of(config)
    path = config.parent / "condensation.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    analytic_text: Lettelse.\n",
        "    analytic_text: |\n      Alle informantene var lettet. De fleste følte seg sett.\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    report = build_report(load_config(config))
    warnings = report.warnings
    # A claim the coding contradicts is to check, and the report's top says so.
    # (The project's condensates, written in a word or two, are to check too.)
    assert report.to_check[0] == (
        "1 påstand i forskerens tekst stemmer kanskje ikke med kodingen: se valideringen."
    )
    assert (
        "«alle» i «Alle informantene var lettet.», men 2 av 3 informanter har bekreftede "
        "enheter under «Fellesskap»: sjekk påstanden." in warnings
    )
    assert not any("«de fleste»" in w for w in warnings)


def test_a_golden_quote_from_another_code_is_an_error_naming_the_entry(
    make_project: MakeProject,
) -> None:
    config = project(make_project)
    decide_all(config)
    report_of(config)
    result = code_project(load_config(config))
    group_unit = next(u for u in result.units if u.code_ids == ["fellesskap/gruppe"])
    set_golden(config, "ikke-alene", group_unit.id)
    code, _, err = stc("synthesize", "-c", config)
    assert code == 1
    assert (
        "[groups -> fellesskap -> codes -> ikke-alene -> golden_quote]: "
        f"{group_unit.id} is not an accepted or added unit of this code"
    ) in " ".join(err.split())


def test_a_golden_quote_on_a_rejected_unit_says_so(make_project: MakeProject) -> None:
    """The unit is the project's: "not a unit of the project now" would send the researcher
    looking for a lost unit."""
    config = project(make_project)
    decide_all(config, reject={"informant-2"})
    report_of(config)
    rejected = next(
        u
        for u in code_project(load_config(config)).units
        if u.participant == "informant-2" and u.states.get(ALONE) == "rejected"
    )
    set_golden(config, "ikke-alene", rejected.id)
    for command in ("check", "synthesize"):
        _, _, err = stc(command, "-c", config)
        assert f"{rejected.id} is not an accepted or added unit of this code" in " ".join(
            err.split()
        ), command


def test_quotes_text_and_dissent_voices_per_subgroup(make_project: MakeProject) -> None:
    config = project(make_project)
    decide_all(config)
    result = code_project(load_config(config))
    units = {u.participant: u for u in result.units if ALONE in u.states}
    decide(config.parent / "coding.yaml", [Action(units["informant-2"], "dissent")], None)
    report_of(config)
    more = f"\n        quotes: [{units['informant-1'].id}]\n        text: |\n          Lettelsen kom gradvis."
    set_golden(config, "ikke-alene", units["informant-3"].id, more)
    report = build_report(load_config(config))
    alone = subgroup(report, ALONE)
    assert [q.unit.participant for q in alone.quotes] == ["informant-3", "informant-1"]
    assert alone.text == "Lettelsen kom gradvis."
    assert [q.unit.participant for q in alone.dissent] == ["informant-2"]
    # A dissent is not support: the subgroup rests on the others, and says so.
    assert "informant-2" not in alone.participants
    assert len(alone.participants) == len(units) - 1
    md = render_markdown(report)
    assert "Lettelsen kom gradvis." in md and "##### Andre stemmer" in md
    n = len(alone.participants)
    assert f"Bygger på {n} av {len(units)} informanter; 1 annen stemme taler imot." in md
    # The audit trail marks it too; it stood there as one more unit of the code.
    dissent = units["informant-2"].id
    assert f"`{dissent}` (annen stemme)" in md.split("## Vedlegg D")[0]
    html = render_html(report)
    assert f"<code>{dissent}</code> (annen stemme)" in html
    # The interviewer's question and the whole turn are a click away from every quote.
    assert '<details class="context"><summary>I sammenhengen</summary>' in html
    assert "Intervjuer (l. 4): Hvordan var det?" in html


def test_other_voices_are_counted_apart_and_once(make_project: MakeProject) -> None:
    """informant-1 holds the main line in one unit and speaks against it in another: one
    participant, counted as support. informant-2 only speaks against it: not support, but a
    voice the quantifier check counts, since a claim may be about the other voices."""
    texts = dict(TEXTS)
    texts["informant-1.txt"] = (
        "I: Hvordan var det?\nInformant 1: Jeg var ikke alene lenger.\nI: Og senere?\n"
        "Informant 1: Senere var jeg alene igjen.\n"
    )
    config = make_project(texts, codebook=CODEBOOK)
    decide_all(config)
    result = code_project(load_config(config))
    against = [
        u
        for u in result.units
        if ALONE in u.states and (u.participant == "informant-2" or "igjen" in u.text)
    ]
    assert len(against) == 2
    decide(config.parent / "coding.yaml", [Action(u, "dissent") for u in against], None)
    report_of(config)
    units = {u.participant: u for u in code_project(load_config(config)).units if ALONE in u.states}
    set_golden(
        config,
        "ikke-alene",
        units["informant-3"].id,
        "\n        text: Alle informantene var lettet.",
    )
    report = build_report(load_config(config))
    alone = subgroup(report, ALONE)
    assert alone.participants == ["informant-1", "informant-3"]
    assert alone.voices == ["informant-2"]
    assert "; 1 annen stemme taler imot." in render_markdown(report)
    assert not any("«alle»" in w for w in report.warnings)  # 3 of 3 have confirmed units


def test_a_subgroup_of_other_voices_only_says_so(make_project: MakeProject) -> None:
    config = project(make_project)
    decide_all(config)
    result = code_project(load_config(config))
    voices = [Action(u, "dissent") for u in result.units if ALONE in u.states]
    decide(config.parent / "coding.yaml", voices, None)
    report = report_of(config)
    assert subgroup(report, ALONE).participants == []
    assert (
        "«Ikke alene» bygger ikke på noen informant: hver av enhetene taler imot hovedlinjen "
        "(andre stemmer)."
    ) in report.warnings


def test_report_md_shows_participant_text_as_text() -> None:
    hostile = "Jeg sa <script>alert(1)</script> og *ropte* [lenke](http://x) | ja"
    html = MarkdownIt("commonmark").enable("table").render(f"> «{md_escape(hostile)}»\n")
    assert "<script>" not in html and "<em>" not in html and "<a " not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "*ropte*" in html


def test_participant_text_with_markup_stays_text_in_the_whole_report(
    make_project: MakeProject,
) -> None:
    texts = dict(TEXTS)
    texts["informant-1.txt"] = interview(1, "Jeg var <script>alert(1)</script> ikke alene.")
    config = make_project(texts, codebook=CODEBOOK)
    decide_all(config)
    report_of(config)
    unit = next(u for u in code_project(load_config(config)).units if "script" in u.text)
    set_golden(config, "ikke-alene", unit.id)
    md = render_markdown(build_report(load_config(config)))
    assert "\\<script\\>" in md
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_transcripts_appendix_leaves_out_attributes_unless_asked(
    make_project: MakeProject,
) -> None:
    config = project(make_project)
    decide_all(config)
    html = render_html(report_of(config))
    assert "alder: 34" not in html and 'id="t-informant-1-l4"' in html
    config.write_text(CONFIG + "report: {attributes: true}\n", encoding="utf-8")
    assert "alder: 34" in render_html(build_report(load_config(config)))


def test_quotes_that_lean_on_what_came_before_are_flagged(make_project: MakeProject) -> None:
    texts = {"informant-1.txt": interview(1, "Men jeg var ikke alene.")}
    config = make_project(texts, codebook=CODEBOOK)
    decide_all(config)
    report_of(config)
    result = code_project(load_config(config))
    unit = next(u for u in result.units if ALONE in u.states)
    set_golden(config, "ikke-alene", unit.id)
    warnings = build_report(load_config(config)).warnings
    assert (
        f"«Ikke alene»: sitatet {unit.id} begynner med «Men»: les det i sammenhengen; det kan "
        "avhenge av det som ble sagt før." in warnings
    )


def test_a_quote_the_turn_goes_on_to_contradict_is_flagged_and_its_context_shows_who_spoke(
    make_project: MakeProject,
) -> None:
    """A golden quote cut before "Men …" may say the opposite of the turn; in a focus group
    the quote may answer another participant, whose turn the context shows."""
    texts = {
        "gruppe-1.txt": (
            "I: Hvordan var det?\nP1: Vi var mange.\n"
            "P2: Jeg var ikke alene lenger. Men det gikk over etter en uke.\n"
        ),
    }
    config = make_project(texts, codebook=CODEBOOK)
    decide_all(config)
    report_of(config)
    unit = next(
        u for u in code_project(load_config(config)).units if u.text.startswith("Jeg var ikke")
    )
    set_golden(config, "ikke-alene", unit.id)
    report = build_report(load_config(config))
    assert (
        f"«Ikke alene»: sitatet {unit.id} følges i samme taletur av «Men det gikk over etter en "
        "uke.»: sjekk at informanten ikke sier det motsatte av sitatet."
    ) in report.warnings
    html = render_html(report)
    context = html.split('<details class="context">')[1].split("</details>")[0]
    assert "Intervjuer (l. 1): Hvordan var det?" in context
    assert "P1 (l. 2): Vi var mange." in context


def test_focus_groups_say_how_many_groups_support_comes_from_and_group_claims_are_not_checked(
    make_project: MakeProject,
) -> None:
    """Four participants in two focus groups: "2 of 4" may be one group or both. And "in all
    three focus groups" is a claim about groups, which the participants' count cannot check."""
    texts = {
        "gruppe-1.txt": "I: Hvordan var det?\nP1: Jeg var ikke alene.\nP2: Gruppa var fin.\n",
        "gruppe-2.txt": "I: Hvordan var det?\nP1: Jeg var ikke alene.\nP2: Været var fint.\n",
    }
    config = make_project(texts, codebook=CODEBOOK)
    decide_all(config)
    report = report_of(config)
    assert report.rests_on(subgroup(report, ALONE)) == (
        "Bygger på 2 av 4 informanter, i 2 av 2 transkripsjoner."
    )
    assert report.rests_on(subgroup(report, "fellesskap/gruppe")) == (
        "Bygger på 1 av 4 informanter, i 1 av 2 transkripsjoner."
    )
    for sentence in ("I alle fokusgruppene var de lettet.", "Alle gruppene snakket om det."):
        assert check_quantifiers(sentence, 2, 4, "nb", "X", groups=True) == []
        assert check_quantifiers(sentence, 2, 4, "nb", "X")  # interviews: about people
    for sentence, language in [
        ("In all three focus groups, someone was tired.", "en"),
        ("Every group had its own way.", "en"),
        ("None of the groups praised the night doctors.", "en"),
        ("Alla grupperna talade om det.", "sv"),
        ("In allen Gruppen war es so.", "de"),
    ]:
        assert check_quantifiers(sentence, 1, 9, language, "X", groups=True) == [], sentence
    # Claims about people in a group are checked, and so is a second claim after a group's.
    for sentence, language in [
        ("Alle gruppemedlemmene var lettet.", "nb"),
        ("Alle i gruppa var lettet.", "nb"),
        ("De fleste i gruppa var glade.", "nb"),
        ("All group members felt relieved.", "en"),
        ("Most of the group felt relieved.", "en"),
        ("In all three focus groups, most participants were tired.", "en"),
    ]:
        assert check_quantifiers(sentence, 1, 9, language, "X", groups=True), sentence
    # Interviews, one participant each, say no groups (the draft stamp test above).


def test_claims_about_places_and_times_and_all_but_some_are_read_as_such() -> None:
    # "All the wards" is about wards, in any study, and was checked against the participants.
    for sentence, language in [
        ("All the wards were busy that winter.", "en"),
        ("Every ward had its own routine.", "en"),
        ("Alle dagene var tunge.", "nb"),
        ("Alla m\u00f6tena var bra.", "sv"),
        ("Alle m\u00f8derne var gode.", "da"),
        ("Alle n\u00e6tterne var lange.", "da"),
        ("Hovedparten af vagterne var travle.", "da"),
    ]:
        assert check_quantifiers(sentence, 2, 8, language, "X") == [], sentence
    assert check_quantifiers("Alle patienterne var bange.", 2, 8, "da", "X")
    assert check_quantifiers("All the nurses were busy.", 2, 8, "en", "X")
    # "Alle unntatt Kari og Per" says not all; it was checked as "alle".
    for sentence, language in [
        ("Alle unntatt Kari og Per beskrev skam.", "nb"),
        ("Alle bortsett fra to beskrev skam.", "nb"),
        ("Alle undtagen Kari beskrev skam.", "da"),
        ("Alla utom Kari beskrev skam.", "sv"),
        ("Everyone except Kari described shame.", "en"),
        ("Alle au\u00dfer Kari beschrieben Scham.", "de"),
    ]:
        assert check_quantifiers(sentence, 6, 8, language, "X") == [], sentence
        assert check_quantifiers(sentence, 8, 8, language, "X"), sentence


def test_a_categorys_claim_that_one_of_its_subgroups_bears_out_is_not_flagged() -> None:
    # "Only one participant mentioned a ritual" under a category of 7 of 8 was flagged, though
    # the subgroup it speaks of rests on one.
    said = "Bare én informant nevnte et fast ritual."
    assert check_quantifiers(said, 7, 8, "nb", "X")
    assert check_quantifiers(said, 7, 8, "nb", "X", parts=[6, 1]) == []
    assert check_quantifiers("Alle beskrev pauser.", 7, 8, "nb", "X", parts=[6, 1])


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Hovedparten af informanterne beskrev skam.", "da"),
        ("Størstedelen beskrev skam.", "da"),
        ("Et flertal beskrev skam.", "da"),
        ("Hovedparten beskrev skam.", "nb"),
        ("Huvuddelen beskrev skam.", "sv"),
        ("The vast majority described shame.", "en"),
        ("Alle undtagen én beskrev skam.", "da"),
    ],
)
def test_more_ways_to_say_most_are_checked(sentence: str, language: str) -> None:
    # Never checked before (and "alle undtagen én" read as "alle").
    assert check_quantifiers(sentence, 2, 8, language, "X"), sentence
    assert not check_quantifiers(sentence, 7, 8, language, "X"), sentence


def test_a_long_exchange_before_a_quote_is_cut_with_a_mark(make_project: MakeProject) -> None:
    """Five participants answer before the quote: the context shows the last three and says
    that more came before them."""
    turns = "".join(f"P{n}: Svar nummer {n}.\n" for n in range(1, 6))
    texts = {"gruppe-1.txt": f"I: Hvordan var det?\n{turns}P6: Jeg var ikke alene.\n"}
    config = make_project(texts, codebook=CODEBOOK)
    decide_all(config)
    report_of(config)
    unit = next(u for u in code_project(load_config(config)).units if u.participant.endswith("p6"))
    set_golden(config, "ikke-alene", unit.id)
    context = render_html(build_report(load_config(config))).split('<details class="context">')[1]
    context = context.split("</details>")[0]
    assert "<p>… (l. 4): …</p>" in context
    assert "P3 (l. 4): Svar nummer 3." in context and "P5 (l. 6): Svar nummer 5." in context
    assert "Svar nummer 2" not in context
