"""Step 4: the results report, its wording per language and its validation."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stc import synthesize as synthesis
from stc.cli import app
from stc.coding import code_project, write_coding
from stc.condense import condense
from stc.config import load_config
from stc.errors import StcError
from stc.render import render_html, render_markdown
from stc.synthesize import LEMMA_CACHE, build_report
from stc.wording import PHRASES, Count, phrase
from tests.conftest import (
    CONFIG,
    INTERVIEW,
    MakeProject,
    accept_suggestions,
    copy_sample,
    stc,
)

SECOND = """\
I: Hvordan var det i gruppa?
Informant 2: Jeg var ikke alene der. Gruppelederen var ung.
"""


def test_every_language_has_every_phrase() -> None:
    keys = set(PHRASES["en"])
    for language, table in PHRASES.items():
        assert set(table) == keys, language


# Plural nouns a count of one must not stand before, per language.
PLURALS = {
    "en": r"units|codes|code groups|participants|transcripts|condensates|themes|interviews|decisions|suggestions|drafts",
    "nb": r"enheter|koder|kodegrupper|informanter|transkripsjoner|kondensater|temaer|intervjuer|beslutninger|foreløpige|meningsbærende enheter|kodede",
    "nn": r"einingar|kodar|kodegrupper|informantar|transkripsjonar|førebelse|avgjerder|meiningsberande einingar|koda einingar",
    "da": r"enheder|koder|kodegrupper|informanter|transskriptioner|kondensater|temaer|beslutninger|foreløbige|meningsbærende enheder|kodede|forældede",
    "sv": r"enheter|koder|kodgrupper|informanter|transkriptioner|teman|intervjuer|preliminära|meningsbärande enheter|kodade|inaktuella|skrivna",
    "de": r"Einheiten|Codes|Codegruppen|Transkripte|Kondensate|Themen|Interviews|Entscheidungen|Vorschläge|Entwürfe|Sinneinheiten",
}  # fmt: skip
TEXT_FIELDS = {
    "coder", "language", "codebook", "codebook_hash", "coverage", "words", "label", "unit",
    "word", "sentence", "quantifier", "group", "code", "question", "transcript", "line", "lines",
    "participant", "categories", "threshold", "run", "index", "name", "impression", "manual",
    "reviewed", "codes_list", "units_list",
}  # fmt: skip


def test_a_count_names_what_it_counts_in_the_form_that_agrees() -> None:
    assert f"{Count(1):enhet|enheter}" == "1 enhet"
    assert f"{Count(0):enhet|enheter}" == "0 enheter"
    assert f"{Count(12):enhet|enheter}" == "12 enheter"
    assert f"{Count(1):=det|de} og {Count(2):=det|de}" == "det og de"
    assert f"{Count(7)}" == "7" and f"{Count(7):>3}" == "  7"
    # A count from numpy or pandas agrees as well; a bool is not a count.
    import numpy as np

    assert phrase("nb", "unreached", n=np.int64(1), units="u").startswith("1 bekreftet enhet ")
    assert phrase("en", "step3", condensates=1, codes=5, written=1, drafts=0, stale=0) == (
        "Condensation: 1 of 5 codes has a condensate written by the researcher; 0 have only "
        "stc's draft (the participants' own sentences), not yet a condensate; stale: 0."
    )


@pytest.mark.parametrize("language", sorted(PLURALS))
def test_no_phrase_puts_a_plural_after_a_count_of_one(language: str) -> None:
    import string

    plural = re.compile(rf"(?<![\d.,])\b1 ({PLURALS[language]})\b")
    for key, text in PHRASES[language].items():
        fields = [f for f in string.Formatter().parse(text) if f[1]]
        names = {f[1] for f in fields}
        # A field is a count unless it is text; one that picks a form by "|" always is.
        counts = {n for n in names if n not in TEXT_FIELDS}
        counts |= {f[1] for f in fields if f[2] and "|" in f[2]}
        for number in (1, 2):
            values: dict[str, object] = {n: "X" for n in names - counts}
            values.update((n, number) for n in counts)
            out = phrase(language, key, **values)
            if number == 1:
                assert not plural.search(out), f"{language} {key}: {out}"


def test_a_report_on_one_interview_speaks_in_the_singular(make_project: MakeProject) -> None:
    config = make_project(
        {"informant-1.txt": "I: Hvordan var det?\nInformant 1: Jeg var ikke alene i gruppa.\n"},
        codebook="name: t\ngroups:\n  - id: g\n    label: Fellesskap\n    codes:\n"
        "      - {id: c, label: Ikke alene, keywords: [alene]}\n",
    )
    write_coding(code_project(load_config(accept_suggestions(config))))
    condense(code_project(load_config(config)), config.parent / "condensation.yaml")
    md = render_markdown(build_report(load_config(config)))
    assert "Materialet er 1 transkripsjon med 1 informant (" in md
    assert "har 1 kodegruppe og 1 kode; 1 meningsbærende enhet ble kodet" in md
    assert "Ingen analytisk tekst ennå: forskeren har ikke skrevet syntesen" in md
    assert "1 kondensat er fortsatt et utkast fra stc." in md
    assert "(status: utkast fra stc)" in md and "(status: draft)" not in md


def coded(make_project: MakeProject) -> Path:
    """A coded and condensed two-interview project; returns its stc.yaml."""
    config = accept_suggestions(
        make_project({"informant-1.txt": INTERVIEW, "informant-2.txt": SECOND})
    )
    project = load_config(config)
    result = code_project(project)
    write_coding(result)
    condense(result)
    return config


def edit(config: Path, old: str, new: str) -> None:
    path = config.parent / "condensation.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_report_shows_headings_golden_quotes_and_quantifiers(make_project: MakeProject) -> None:
    config = coded(make_project)
    result = code_project(load_config(config))
    unit = next(u for u in result.units if u.participant == "informant-2" and "alene" in u.text)
    edit(config, "    heading:\n", "    heading: Ikke lenger alene\n")
    edit(
        config,
        "    analytic_text:\n",
        "    analytic_text: |\n      Informantene beskrev et fellesskap.\n",
    )
    edit(config, "        golden_quote:\n", f"        golden_quote: {unit.id}\n")
    report = build_report(load_config(config))
    assert not report.errors
    md = render_markdown(report)
    assert "### Ikke lenger alene" in md
    assert "Informantene beskrev et fellesskap." in md
    assert "**Gullsitat:**\n\n> «Jeg var ikke alene der.» (informant-2, l. 2)" in md
    assert "Bygger på 2 av 2 informanter." in md
    # The other category has no analytic text yet: a draft, clearly marked.
    assert (
        "*Ingen analytisk tekst ennå: forskeren har ikke skrevet syntesen av denne kategorien" in md
    )
    html = render_html(report)
    assert f'data-unit="{unit.id}"' in html
    assert (
        f'<p class="quote-label">Gullsitat</p>\n<blockquote class="golden" data-unit="{unit.id}"'
    ) in html
    assert 'href="#t-informant-2-l2"' in html and 'id="t-informant-2-l2"' in html
    # Still a draft, and said where it is and on every printed page, not only at the top:
    # a category without the researcher's analytic text, subgroups without a golden quote.
    assert report.draft_reasons[-2:] == [
        "1 resultatkategori har ennå ingen analytisk tekst fra forskeren (syntesen i trinn 4).",
        "1 subgruppe har ennå ikke fått valgt gullsitat.",
    ]
    assert "<title>UTKAST: " in html and '@top-center { content: "UTKAST: ' in html
    subgroups = sum(1 for c in report.categories for s in c.subgroups)
    assert md.count("*Gullsitat er ikke valgt ennå.*") == subgroups - 1


def test_a_golden_quote_chosen_leaves_the_condensate_a_draft_in_the_report(
    make_project: MakeProject,
) -> None:
    """Choosing a golden quote edits the entry (step 3 keeps it), but the condensate is still
    stc's draft, the participants' own words: the report must not say the researcher wrote
    it, and counts it among the drafts. Rewording the condensate makes it the researcher's."""
    config = coded(make_project)
    result = code_project(load_config(config))
    unit = next(u for u in result.units if u.participant == "informant-2" and "alene" in u.text)
    edit(config, "        golden_quote:\n", f"        golden_quote: {unit.id}\n")
    condense(code_project(load_config(config)))
    text = (config.parent / "condensation.yaml").read_text(encoding="utf-8")
    assert "status: edited" in text  # step 3 keeps the entry as the researcher's
    report = build_report(load_config(config))
    subgroups = [s for c in report.categories for s in c.subgroups]
    chosen = next(s for s in subgroups if s.golden_id == unit.id)
    assert chosen.status == "draft"
    assert all(s.status == "draft" for s in subgroups)
    md = render_markdown(report)
    assert re.search(
        r"Kondensering: 0 av \d+ koder har et kondensat skrevet av forskeren; 2 har", md
    )
    # The condensate reworded: now it is the researcher's.
    condensate = chosen.condensate
    assert condensate
    path = config.parent / "condensation.yaml"
    text = path.read_text(encoding="utf-8")
    line = condensate.splitlines()[0]
    at = text.rindex(line, 0, text.index(f"golden_quote: {unit.id}"))  # its condensate
    reworded_line = f"Jeg opplevde at {line[0].lower()}{line[1:]}"
    path.write_text(text[:at] + reworded_line + text[at + len(line) :], encoding="utf-8")
    report = build_report(load_config(config))
    reworded = next(s for c in report.categories for s in c.subgroups if s.golden_id == unit.id)
    assert reworded.status == "edited"


def test_condensates_appear_only_in_the_appendix(make_project: MakeProject) -> None:
    config = coded(make_project)
    edit(
        config,
        "        condensate: |\n",
        "        condensate: |\n          Jeg skrev dette selv som forsker.\n",
    )
    md = render_markdown(build_report(load_config(config)))
    appendix = md.index("## Vedlegg A. Kondensater: forskerens arbeidstekst")
    assert md.index("Jeg skrev dette selv som forsker.") > appendix
    assert "De er ikke informantenes ord." in md[appendix:]


def test_a_tampered_quote_fails_validation_with_the_unit_id_and_line(
    make_project: MakeProject,
) -> None:
    config = coded(make_project)
    text_file = config.parent / "out" / "text" / "informant-2.txt"
    text_file.write_text(
        text_file.read_text().replace("ikke alene", "ikke ALENE"), encoding="utf-8"
    )
    unit = next(
        u
        for u in code_project(load_config(config)).units
        if u.participant == "informant-2" and "alene" in u.text
    )
    report = build_report(load_config(config))
    assert (
        f"Teksten i enhet {unit.id} (l. 2) stemmer ikke med text/informant-2.txt: "
        "sitatet ville ikke vært informantens ord."
    ) in report.errors
    assert any(e.startswith("informant-2: transkripsjonen er endret") for e in report.errors)
    result = CliRunner().invoke(app, ["synthesize", "-c", str(config)])
    assert result.exit_code == 1
    assert f"Error: Teksten i enhet {unit.id} (l. 2)" in result.stderr
    assert "Valideringen feilet" in (config.parent / "out" / "report.md").read_text()


def test_a_golden_quote_that_no_longer_exists_is_an_error_and_kept(
    make_project: MakeProject,
) -> None:
    config = coded(make_project)
    edit(config, "        golden_quote:\n", "        golden_quote: informant-1:000000\n")
    code, _, err = stc("synthesize", "-c", config)
    assert code == 1
    assert (
        "condensation.yaml [groups -> fellesskap -> codes -> ikke-alene -> golden_quote]: "
        "informant-1:000000 is not a coded unit of the project now; choose one of the code's units "
        "(`stc condense --show fellesskap/ikke-alene`) or remove it"
    ) in " ".join(err.split())
    assert not (config.parent / "out" / "report.md").exists()
    assert "golden_quote: informant-1:000000" in (config.parent / "condensation.yaml").read_text()


def test_a_golden_quote_written_as_its_text_names_the_unit_it_is(
    make_project: MakeProject,
) -> None:
    """The quote's text where its unit id goes was "not a coded unit", with no word that the
    field takes an id, nor which unit the text is."""
    config = coded(make_project)
    result = code_project(load_config(config))
    unit = next(u for u in result.units if u.participant == "informant-2" and "alene" in u.text)
    edit(config, "        golden_quote:\n", f"        golden_quote: «{unit.text}»\n")
    where = "condensation.yaml [groups -> fellesskap -> codes -> ikke-alene -> golden_quote]"
    for command in ("synthesize", "check"):
        code, _, err = stc(command, "-c", config)
        assert (
            f"{where}: «{unit.text}» is not a coded unit of the project now; golden_quote takes "
            f"a unit id, not the quote's text: this text is unit {unit.id}; write "
            f"golden_quote: {unit.id}"
        ) in " ".join(err.split()), err
    assert code == 1  # stc check fails where the report would: it said OK before
    # A letter or a comma off: the nearest unit is named; an id a digit off, too.
    edit(config, f"golden_quote: «{unit.text}»", f"golden_quote: {unit.text[:-1].replace(',', '')}")
    code, _, err = stc("check", "-c", config)
    assert code == 1
    assert (
        f"the nearest of the code's units is {unit.id} «{unit.text}»; if it is the one, write "
        f"golden_quote: {unit.id}"
    ) in " ".join(err.split()), err
    # Part of the unit's text, as a researcher copies its best sentence: the unit is named.
    part = unit.text.rsplit(" ", 1)[0]
    edit(config, f"golden_quote: {unit.text[:-1].replace(',', '')}", f"golden_quote: {part}")
    code, _, err = stc("check", "-c", config)
    assert f"the nearest of the code's units is {unit.id}" in " ".join(err.split()), err
    edit(config, f"golden_quote: {part}", f"golden_quote: {unit.text[:-1].replace(',', '')}")
    typo = unit.id[:-1] + ("0" if unit.id[-1] != "0" else "1")
    edit(config, f"golden_quote: {unit.text[:-1].replace(',', '')}", f"golden_quote: {typo}")
    code, _, err = stc("check", "-c", config)
    assert f"{typo} is not a coded unit of the project now; did you mean {unit.id}?" in err


def test_a_golden_quote_whose_sentence_was_respelt_names_the_way_back(
    make_project: MakeProject,
) -> None:
    """A spelling fixed in the transcript gives the golden quote's unit a new text, so a new id,
    and orphans its decision: the error says so, with the text and the id the unit has now;
    following it, the report is made again (the condensate is stale: its units changed)."""
    config = coded(make_project)
    project = load_config(config)
    unit = next(
        u
        for u in code_project(project).units
        if u.participant == "informant-1" and "fellesskap/ikke-alene" in u.code_ids
    )
    edit(config, "        golden_quote:\n", f"        golden_quote: {unit.id}\n")
    transcript = config.parent / "transcripts" / "informant-1.txt"
    text = transcript.read_text(encoding="utf-8")
    transcript.write_text(text.replace("merket jeg", "merka jeg"), encoding="utf-8")
    assert stc("code", "-c", config)[0] == 0
    code, _, err = stc("synthesize", "-c", config)
    assert code == 1
    respelt = unit.text.replace("merket jeg", "merka jeg")
    recoded = code_project(project)
    now = next(u for u in [*recoded.units, *recoded.uncoded] if u.text == respelt)
    assert (
        f"{unit.id} is not a coded unit of the project now; its decision (coding.yaml:"
    ) in " ".join(err.split())
    assert (
        f"is orphaned because the transcript's text changed: line {now.line_start} now reads "
        f"«{' '.join(respelt.split())}»; set that entry's quote: to this text, then set "
        f"golden_quote to {now.id}, the unit's id now"
    ) in " ".join(err.split())
    # stc check, which writes nothing, says the same, and fails as step 4 does.
    code, _, checked = stc("check", "-c", config)
    assert code == 1, checked
    assert f"golden_quote to {now.id}, the unit's id now" in " ".join(checked.split())
    # The way back, as told.
    coding = config.parent / "coding.yaml"
    decided = coding.read_text(encoding="utf-8")
    assert decided.count("merket jeg") == 1
    coding.write_text(decided.replace("merket jeg", "merka jeg"), encoding="utf-8")
    edit(config, f"golden_quote: {unit.id}", f"golden_quote: {now.id}")
    assert stc("code", "-c", config)[0] == 0
    code, _, err = stc("synthesize", "-c", config)
    assert code == 0, err
    assert "merka jeg" in (config.parent / "out" / "report.md").read_text("utf-8")


def test_method_warnings(make_project: MakeProject) -> None:
    config = coded(make_project)
    texts = [f.text for f in build_report(load_config(config)).findings]
    assert "«Lederen» bygger bare på én informant." not in texts  # two participants mention it
    # "Lederen" is the label of a group; the interviewer never asked about a leader here.
    assert not any("speiler intervjuerens spørsmål" in t for t in texts)
    assert any(t.startswith("Ikke alene: kondensatet er fortsatt et utkast") for t in texts)


def test_labels_that_mirror_the_interviewers_questions_are_flagged(
    make_project: MakeProject,
) -> None:
    config = make_project(
        {
            "informant-1.txt": "I: Hva tenker du om gruppelederen?\nInformant 1: Gruppelederen var ung.\n"
        },
        codebook="name: t\ngroups:\n  - id: leder\n    label: Gruppelederen\n    codes:\n"
        "      - {id: leder, label: Lederen, keywords: ['*leder']}\n",
    )
    result = code_project(load_config(accept_suggestions(config)))
    write_coding(result)
    texts = [f.text for f in build_report(load_config(config)).findings]
    assert (
        "Navnet «Gruppelederen» speiler intervjuerens spørsmål «Hva tenker du om "
        "gruppelederen?» (informant-1, l. 1): Malterud advarer mot temaer, kodegrupper og "
        "kategorier hentet fra intervjuguiden i stedet for materialet." in texts
    )
    # Its one subgroup rests on one participant: named as stc condense names it, once.
    assert "«Lederen» bygger bare på én informant." in texts
    assert "«Gruppelederen» bygger bare på én informant." not in texts


def test_a_label_whose_only_content_word_is_a_verb_of_telling_mirrors_no_question() -> None:
    """ "Det ingen fortalte dem" was said to mirror "Vil du fortelle litt om …": a verb of
    telling is in every question."""
    from stc.nlp import embedded_pipeline
    from stc.readers.text import transcript_from_text

    text = "I: Kan du fortelle om rusen og gruppelederen?\nInformant 1: Ja.\n"
    transcript = transcript_from_text(text, Path("informant-1.txt"), ["I"])
    labels = ["Det ingen fortalte dem", "Gruppelederen", "Å fortelle om rusen"]
    found = synthesis._mirrored_questions(labels, [transcript], embedded_pipeline("nb"))
    assert [label for label, *_ in found] == ["Gruppelederen", "Å fortelle om rusen"]


def test_one_content_word_of_a_longer_label_mirrors_no_question() -> None:
    """ "Livet ved siden af" was said to mirror "Så det sociale liv?": stop words left it one
    content word, in many a question."""
    from stc.nlp import embedded_pipeline
    from stc.readers.text import transcript_from_text

    text = "I: Så det sociale liv?\nD1: Ja.\nI: Og ansvaret om natten?\nD1: Ja.\n"
    transcript = transcript_from_text(text, Path("d1.txt"), ["I"])
    labels = ["Livet ved siden af", "Alene med ansvaret", "Ansvaret om natten"]
    found = synthesis._mirrored_questions(labels, [transcript], embedded_pipeline("da"))
    assert [label for label, *_ in found] == ["Ansvaret om natten"]


@pytest.mark.parametrize("language", ["nn", "da", "sv", "en"])
def test_the_report_speaks_the_projects_language(make_project: MakeProject, language: str) -> None:
    config = make_project(
        {"informant-1.txt": INTERVIEW, "informant-2.txt": SECOND},
        config=CONFIG.replace("language: nb", f"language: {language}"),
        codebook=None,
    )
    (config.parent / "codebook.yaml").write_text(
        "name: t\ngroups:\n  - id: g\n    label: G\n    codes:\n      - {id: c, label: C, keywords: [alene]}\n",
        encoding="utf-8",
    )
    write_coding(code_project(load_config(config)))
    md = render_markdown(build_report(load_config(config)))
    heading = {"nn": "## Resultat", "da": "## Resultater", "sv": "## Resultat", "en": "## Results"}
    assert heading[language] in md
    assert PHRASES[language]["appendix_condensates"] in md


def test_line_references_are_abbreviated_as_the_language_does(
    make_project: MakeProject,
) -> None:
    """Swedish writes r. (rad) for a line: report.md did, the HTML's context and the Word
    report's audit trail wrote l."""
    import io

    import docx

    from stc.export.docx_report import docx_bytes

    config = make_project(
        {"informant-1.txt": INTERVIEW, "informant-2.txt": SECOND},
        config=CONFIG.replace("language: nb", "language: sv"),
        codebook=None,
    )
    (config.parent / "codebook.yaml").write_text(
        "name: t\ngroups:\n  - id: g\n    label: G\n    codes:\n      - {id: c, label: C, keywords: [alene]}\n",
        encoding="utf-8",
    )
    accept_suggestions(config)
    result = code_project(load_config(config))
    write_coding(result)
    condense(result)
    unit = next(u for u in result.units if u.participant == "informant-2")
    edit(config, "        golden_quote:\n", f"        golden_quote: {unit.id}\n")
    report = build_report(load_config(config))
    html = render_html(report)
    assert '<details class="context">' in html
    assert "(r. " in html and "(l. " not in html
    document = docx.Document(io.BytesIO(docx_bytes(report)))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert any(", r. " in c for c in cells) and not any(", l. " in c for c in cells)


def test_a_condensate_wrapped_in_the_editor_reads_as_paragraphs(
    make_project: MakeProject,
) -> None:
    """condensation.yaml's block keeps the editor's line breaks; the HTML showed them as hard
    breaks mid-sentence, and so did the Word report. A blank line is a new paragraph."""
    import io

    import docx

    from stc.export.docx_report import docx_bytes

    config = coded(make_project)
    path = config.parent / "condensation.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\n        condensate:") + 1
    end = text.index("\n        golden_quote:", start)
    wrapped = (
        "        condensate: |\n          Jeg tok det ikke på\n          alvor først.\n\n"
        "          Så ble det bedre."
    )
    path.write_text(text[:start] + wrapped + text[end:], encoding="utf-8")
    report = build_report(load_config(config))
    html = render_html(report)
    assert "<p>Jeg tok det ikke på alvor først.</p><p>Så ble det bedre.</p>" in html
    document = docx.Document(io.BytesIO(docx_bytes(report)))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Jeg tok det ikke på alvor først." in paragraphs and "Så ble det bedre." in paragraphs


def test_the_html_is_self_contained(make_project: MakeProject) -> None:
    html = render_html(build_report(load_config(coded(make_project))))
    assert "<style>" in html and "@media print" in html
    for forbidden in ("<script", "http://", "https://", "src=", "@import", "<link"):
        assert forbidden not in html


def test_the_transcripts_appendix_can_be_left_out(make_project: MakeProject) -> None:
    """With every transcript in full, report.html is not a file to mail a supervisor who may
    not see them: ``report: {transcripts: false}`` leaves the appendix out, and the quotes
    cite their lines without linking to it."""
    config = coded(make_project)
    full = render_html(build_report(load_config(config)))
    assert 'id="appendix-transcripts"' in full and 'href="#t-informant-1-l' in full
    assert "Jeg var redd." in full.split('id="appendix-transcripts"')[1]
    # The appendix says what it holds and how to leave it out; the method, what l. counts.
    assert (
        "før du deler rapporten med noen som ikke skal se dem, ta det ut med report: "
        "{transcripts: false} i stc.yaml. report.md har det aldri."
    ) in full
    lines = "Linjenumrene (l.) teller linjene i hver transkripsjon slik stc leste den"
    assert lines in full
    assert lines in render_markdown(build_report(load_config(config)))
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "report: {transcripts: false}\n", encoding="utf-8")
    html = render_html(build_report(load_config(config)))
    assert "appendix-transcripts" not in html and 'href="#t-' not in html
    assert 'class="transcript"' not in html and "report.md har det aldri" not in html
    cited = "informant-1, l. "  # the audit trail's line references, linked or not
    assert html.count(cited) == full.count(cited) > 0


def test_no_coding_yet(make_project: MakeProject) -> None:
    result = CliRunner().invoke(app, ["synthesize", "-c", str(make_project())])
    assert result.exit_code == 1
    assert "meaning_units.csv: no coding yet; run `stc code` (step 2) first" in result.stderr


def test_an_unreadable_condensation_file(make_project: MakeProject) -> None:
    config = coded(make_project)
    (config.parent / "condensation.yaml").write_text("groups:\n  fellesskap: [\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["synthesize", "-c", str(config)])
    assert result.exit_code == 1
    assert "condensation.yaml: invalid YAML at line" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_report_raises_a_user_error_for_missing_text(make_project: MakeProject) -> None:
    config = coded(make_project)
    (config.parent / "out" / "text" / "informant-1.txt").unlink()
    with pytest.raises(StcError, match=r"informant-1\.txt: missing; run `stc code`"):
        build_report(load_config(config))


def test_the_method_checks_are_in_the_report(make_project: MakeProject) -> None:
    config = coded(make_project)
    edit(
        config,
        "        condensate: |\n",
        "        condensate: |\n          Jeg trodde jeg var den eneste.\n          Men så merket jeg at jeg ikke var alene.\n",
    )
    report = build_report(load_config(config))
    texts = [f.text for f in report.findings]
    # The test codebook's group "leder" has one code: Malterud sorts a group into 2-3.
    assert (
        "Lederen: bare én subgruppe har meningsbærende enheter; STC deler en kodegruppe i 2–3 subgrupper."
        in texts
    )
    copied = [t for t in texts if t.startswith("Ikke alene: kondensatet gjengir")]
    assert copied and "ord for ord; et kondensat abstraherer enhetene." in copied[0]
    assert not any("første person" in t for t in texts)
    path = config.parent / "condensation.yaml"
    path.write_text(
        re.sub(
            r"( {8}condensate: \|\n)(?: {10}.*\n)+",
            r"\1          De trodde de var alene, og syntes det var godt å høre andre.\n",
            path.read_text(encoding="utf-8"),
            count=1,
        ),
        encoding="utf-8",
    )
    third = build_report(load_config(config))
    texts = [f.text for f in third.findings]
    assert (
        "Ikke alene: kondensatet har ingen ord i første person (jeg, meg, vi); et kondensat er "
        "et kunstig sitat, i informantenes første person." in texts
    )
    assert "## Validering" in render_markdown(report)
    # At the top too, to check, once however many checks it fails: it was one warning among
    # many in the validation.
    assert third.to_check == [
        "1 kondensat følger kanskje ikke metoden (et kondensat er i første person og kopierer "
        "ingen enhet ord for ord): se valideringen."
    ]
    assert "Å SJEKKE" in render_markdown(third)


def test_a_condensate_that_fails_two_checks_is_counted_once(make_project: MakeProject) -> None:
    # A copy of a unit with no "I" in it failed both checks and was counted as two condensates.
    said = "I: Og lederen?\nInformant 1: Gruppelederen var alltid flink med de andre der.\n"
    config = accept_suggestions(make_project({"informant-1.txt": said}))
    result = code_project(load_config(config))
    write_coding(result)
    condense(result)
    path = config.parent / "condensation.yaml"
    text = path.read_text(encoding="utf-8")
    leader = re.search(r"( {6}leder:\n(?: {8}.*\n)*? {8}condensate: \|\n)((?: {10}.*\n)+)", text)
    assert leader is not None, text
    copy = " " * 10 + "Gruppelederen var alltid flink med de andre der. Det var godt.\n"
    path.write_text(text.replace(leader.group(0), leader.group(1) + copy), encoding="utf-8")
    report = build_report(load_config(config))
    found = [f.text for f in report.findings if f.condensate]
    assert len(found) == 2, found  # copies a unit, and no first person
    assert report.to_check[-1].startswith("1 kondensat følger kanskje ikke metoden")


def test_a_transcript_edited_after_coding_fails_validation(make_project: MakeProject) -> None:
    config = coded(make_project)
    path = config.parent / "transcripts" / "informant-2.txt"
    path.write_text(SECOND.replace("ikke alene der", "helt alene der"), encoding="utf-8")
    report = build_report(load_config(config))
    assert report.errors == [
        "informant-2: transkripsjonen er endret siden `stc code` skrev text/informant-2.txt; "
        "kjør trinn 2 på nytt så sitater og linjer stemmer."
    ]
    code, _, err = stc("synthesize", "-c", config)
    assert code == 1
    assert "Error: informant-2: transkripsjonen er endret" in err
    # Every printed page and the Word header say it, not only the box on page one.
    assert report.running_title == "Valideringen feilet: Test"
    html = (config.parent / "out" / "report.html").read_text(encoding="utf-8")
    assert "<title>Valideringen feilet: Test</title>" in html
    assert '@top-center { content: "Valideringen feilet: Test"' in html


def test_synthesize_says_what_it_wrote_in_the_projects_language(make_project: MakeProject) -> None:
    config = coded(make_project)  # a Norwegian (nb) project
    result = CliRunner().invoke(app, ["synthesize", "-c", str(config)])
    assert result.exit_code == 0, result.output
    folder = config.parent / "out"
    assert f"Skrev report.html, report.md, traceability.csv til {folder}" in result.stderr
    assert "Wrote" not in result.stderr


MIRRORED = "I: Hva tenker du om gruppelederen?\nInformant 1: Gruppelederen var ung.\n"
LEADER = (
    "name: t\ngroups:\n  - id: leder\n    label: Gruppelederen\n    codes:\n"
    "      - {id: leder, label: Lederen, keywords: ['*leder']}\n"
)


def test_the_questions_lemmas_are_kept_and_only_new_texts_parsed(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_project({"informant-1.txt": MIRRORED}, codebook=LEADER)
    write_coding(code_project(load_config(accept_suggestions(config))))
    cache = load_config(config).parse_cache
    first = [f.text for f in build_report(load_config(config), lemma_cache=cache).findings]
    assert any("speiler intervjuerens spørsmål" in t for t in first)
    assert (load_config(config).parse_cache / LEMMA_CACHE).is_file()

    parsed: list[list[str]] = []
    real = synthesis._all_lemmas

    def counted(texts: list[str], pipeline: Any) -> list[set[str]]:
        parsed.append(list(texts))
        return real(texts, pipeline)

    monkeypatch.setattr(synthesis, "_all_lemmas", counted)
    assert [f.text for f in build_report(load_config(config), lemma_cache=cache).findings] == first
    assert parsed == []  # nothing parsed: every text's lemmas were kept
    (config.parent / "codebook.yaml").write_text(
        LEADER.replace("label: Gruppelederen", "label: Hvem som leder"), encoding="utf-8"
    )
    texts = [f.text for f in build_report(load_config(config), lemma_cache=cache).findings]
    assert parsed == [["Hvem som leder"]]
    assert not any("speiler intervjuerens spørsmål" in t for t in texts)


def test_a_damaged_lemma_cache_is_only_a_miss(make_project: MakeProject) -> None:
    config = make_project({"informant-1.txt": MIRRORED}, codebook=LEADER)
    write_coding(code_project(load_config(accept_suggestions(config))))
    cache = load_config(config).parse_cache
    first = [f.text for f in build_report(load_config(config), lemma_cache=cache).findings]
    (load_config(config).parse_cache / LEMMA_CACHE).write_bytes(b"\xc1 not msgpack")
    assert [f.text for f in build_report(load_config(config), lemma_cache=cache).findings] == first


def test_a_check_and_an_export_keep_no_lemmas(make_project: MakeProject, tmp_path: Path) -> None:
    """`stc run --check` and `stc export` write nothing of the project's but their one result."""
    from stc.run import run_project

    config = make_project({"informant-1.txt": MIRRORED}, codebook=LEADER)
    write_coding(code_project(load_config(accept_suggestions(config))))
    cache = load_config(config).parse_cache / LEMMA_CACHE
    texts = [f.text for f in build_report(load_config(config)).findings]
    assert any("speiler intervjuerens spørsmål" in t for t in texts)
    assert not cache.exists()
    assert stc("export", "docx", "-c", config)[0] == 0
    scratch = tmp_path / "scratch"
    run_project(load_config(config), scratch, write_condensation=False, use_cache=False)
    assert not cache.exists()
    assert stc("synthesize", "-c", config)[0] == 0
    assert cache.is_file()


def test_a_decision_taken_after_coding_is_a_validation_error_until_step_2_runs(
    make_project: MakeProject,
) -> None:
    """The report reads the units `stc code` wrote: after a review decision they are behind
    the researcher's decisions, and the report says so (and exits 1) instead of counting
    them; `stc code` brings it back. A new title in stc.yaml is no such change."""
    config = coded(make_project)
    assert stc("synthesize", "-c", config)[0] == 0
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("title: ", "title: Ny tittel ", 1), encoding="utf-8")
    assert "title: Ny tittel" in config.read_text(encoding="utf-8")
    assert stc("synthesize", "-c", config)[0] == 0
    result = code_project(load_config(config))
    unit = next(u for u in result.units if u.code_ids)  # accepted: the researcher takes it back
    code = unit.code_ids[0]
    assert stc("review", "--reject", f"{unit.id}:{code}", "-c", config)[0] == 0
    status, _, err = stc("synthesize", "-c", config)
    assert status == 1
    assert (
        "Error: coding.yaml: endret etter at `stc code` skrev de meningsbærende enhetene; kjør "
        "trinn 2 på nytt (`stc code` eller `stc run`)"
    ) in err
    report = (config.parent / "out" / "report.md").read_text(encoding="utf-8")
    assert "> - coding.yaml: endret etter at" in report, report[:600]
    assert stc("code", "-c", config)[0] == 0
    assert stc("synthesize", "-c", config)[0] == 0
    assert stc("review", "--reject", f"{unit.id}:{code}", "-c", config)[0] == 0  # no change
    assert stc("run", "-c", config)[0] == 0  # step 2 again, in a run: recorded too
    assert stc("synthesize", "-c", config)[0] == 0


def test_only_what_changes_the_units_makes_the_report_stale(make_project: MakeProject) -> None:
    """A comment in coding.yaml or a new label changes no unit: no error. A code's rules
    and another deciding coder do, and the error names them."""
    config = coded(make_project)
    coding = config.parent / "coding.yaml"
    coding.write_text(coding.read_text(encoding="utf-8") + "# a note to self\n", "utf-8")
    book = config.parent / "codebook.yaml"
    text = book.read_text(encoding="utf-8")
    book.write_text(text.replace("label: Lederen", "label: Gruppelederen"), "utf-8")
    assert book.read_text(encoding="utf-8") != text
    assert stc("synthesize", "-c", config)[0] == 0
    book.write_text(text.replace("keywords: [", "keywords: [sjiraff, ", 1), "utf-8")
    status, _, err = stc("synthesize", "-c", config)
    assert status == 1 and "Error: codebook.yaml: endret etter at `stc code`" in err
    book.write_text(text, "utf-8")
    assert stc("synthesize", "-c", config)[0] == 0  # as it was: nothing to say
    assert stc("code", "--coder", "per", "-c", config)[0] == 0
    status, _, err = stc("synthesize", "-c", config)
    assert status == 1 and "Error: coder per → -: endret etter at `stc code`" in err


def test_report_md_lists_every_unit_of_the_audit_trail(make_project: MakeProject) -> None:
    """Appendix C of report.md says it lists every confirmed unit behind each category: it
    does, as report.html and traceability.csv do."""
    import csv

    config = coded(make_project)
    assert stc("synthesize", "-c", config)[0] == 0
    out = config.parent / "out"
    report = (out / "report.md").read_text(encoding="utf-8")
    appendix = report[report.index("## Vedlegg C. Sporbarhet") :]
    with (out / "traceability.csv").open(encoding="utf-8", newline="") as f:
        units = {row["unit_id"] for row in csv.DictReader(f)}
    assert units
    listed = set(re.findall(r"^\| .* \| `([^`]+)` \| ", appendix, re.M))
    assert listed == units


def test_the_condensates_note_says_what_a_draft_is(make_project: MakeProject) -> None:
    """Appendix A says condensates are not the participants' words: a draft by stc is
    exactly their words, and the note must say so while one is shown."""
    config = coded(make_project)  # condensed: every condensate is stc's draft
    report = build_report(load_config(config))
    assert report.draft_condensates
    md = render_markdown(report)
    assert "De er ikke informantenes ord. De som er merket «utkast fra stc», er ennå ikke" in md
    assert "er ennå ikke kondensater" in render_html(report)
    for sub in (s for c in report.categories for s in c.subgroups):
        sub.status = "edited"
    assert not report.draft_condensates
    assert "er ennå ikke kondensater" not in render_markdown(report)


def test_the_coverage_table_writes_numbers_as_the_language_does(tmp_path: Path) -> None:
    """The method text says "12 973 ord"; the coverage table said "1876" beside it."""
    config = copy_sample(tmp_path / "transcripts_sample")
    project = load_config(config)
    write_coding(code_project(project))
    md = render_markdown(build_report(project))
    table = md[md.index("### Dekning per informant") :]
    rows = re.findall(r"^\| informant-\d \| ([^|]+) \| ([^|]+) \| ([^|]+) \|$", table, re.M)
    assert len(rows) == 8
    for words, coded, share in rows:
        assert re.fullmatch(r"\d{1,3}(\u202f\d{3})*", words.strip()), words
        assert re.fullmatch(r"\d{1,3}(\u202f\d{3})*", coded.strip()), coded
        assert share.strip().endswith("\u00a0%"), share
    assert any("\u202f" in words for words, _, _ in rows)  # the sample's have thousands


def test_a_quote_leaves_out_the_transcription_mark_that_opens_it(
    make_project: MakeProject,
) -> None:
    # The sentencizer gives the laugh that ended line 2 to the sentence of line 3: quoted as
    # it was cut, the unit would open with "(ler)" and be cited as l. 2–3.
    second = (
        "I: Hvordan var det i gruppa?\nInformant 2: Det var rart. (ler)\nJeg var ikke alene der.\n"
    )
    config = accept_suggestions(
        make_project({"informant-1.txt": INTERVIEW, "informant-2.txt": second})
    )
    result = code_project(load_config(config))
    write_coding(result)
    condense(result)
    unit = next(u for u in result.units if u.participant == "informant-2" and "alene" in u.text)
    assert unit.text.startswith("(ler)") and (unit.line_start, unit.line_end) == (2, 3)
    edit(config, "        golden_quote:\n", f"        golden_quote: {unit.id}\n")
    report = build_report(load_config(config))
    assert not report.errors
    md = render_markdown(report)
    assert "> «Jeg var ikke alene der.» (informant-2, l. 3)" in md
    assert "Transkripsjonsmerker som innleder et sitat («(ler)»), er utelatt" in md
    # Every mark left out is named, each once: it named the first only.
    quote = next(q for c in report.categories for s in c.subgroups for q in s.quotes)
    sub = next(s for c in report.categories for s in c.subgroups if quote in s.quotes)
    sub.quotes = [quote, replace(quote, left_out="(pause)"), replace(quote, left_out="(ler)")]
    assert "sitat («(ler)», «(pause)»), er utelatt" in report.validated
    html = render_html(report)
    assert 'href="#t-informant-2-l3"' in html and "«(ler) Jeg" not in html


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("(ler)\nJeg var der.", "Jeg var der."),
        ("[pause] (lang pause) Jeg var der.", "Jeg var der."),
        ("(ler)", "(ler)"),  # nothing but the mark: kept, a quote is never empty
        ("(og det var da jeg skjønte det, at jeg) var der.", None),  # words, not a mark
        ("(a. b) Jeg var der.", None),  # a sentence inside: not a mark
        ("Jeg var der (ler).", None),  # a mark inside the quote stays
    ],
)
def test_only_a_short_bracketed_mark_at_the_start_is_left_out(text: str, shown: str | None) -> None:
    unit = synthesis.UnitRow("t:1", "t", "t", 5, 6, 100, 100 + len(text), ("g/c",), text)
    quoted, left_out = synthesis.quoted_part(unit)
    assert quoted.text == (shown or text)
    assert bool(left_out) == (quoted.text != text)
    # What is left is the transcript's text at the new offsets, on the line it starts on.
    cut = len(text) - len(quoted.text)
    assert quoted.char_start == 100 + cut and quoted.text == text[cut:]
    assert quoted.line_start == 5 + text[:cut].count("\n")


@pytest.mark.parametrize(
    ("text", "language", "word"),
    [
        ("Det er litt rart å si, men jeg tror det.", "nb", None),  # points forward, to "å si"
        ("Det var fint at hun kom.", "nb", None),
        ("Det var det som var skummelt.", "nb", "Det"),  # points back
        ("Det hjalp meg mye.", "nb", "Det"),
        ("Og så sluttet jeg.", "nb", "Og så"),
        ("Det är svårt att säga.", "sv", None),
        ("It was hard to say it.", "en", None),
        ("It helped.", "en", "It"),
        ("Es war schwer, das zu sagen.", "de", None),
    ],
)
def test_a_quote_that_opens_with_a_pronoun_pointing_back_is_flagged(
    text: str, language: str, word: str | None
) -> None:
    assert synthesis._leaning_word(text, language) == word


def test_quotes_beyond_what_the_report_shows_are_named_in_a_warning(tmp_path: Path) -> None:
    """Four units in quotes: showed the golden quote and the first two, and said nothing."""
    config = copy_sample(tmp_path / "sample")
    result = code_project(load_config(config))
    write_coding(result)
    ids = [u.id for u in result.units if "fellesskap/ikke-alene" in u.codes]
    path = config.parent / "condensation.yaml"
    text = path.read_text(encoding="utf-8")
    entry = text.split("      ikke-alene:\n", 1)[1]
    golden = entry.split("golden_quote: ", 1)[1].split("\n", 1)[0]
    line = entry.split("        quotes: ", 1)[1].split("\n", 1)[0]
    others = [i for i in ids if i != golden][:4]
    more = f"        quotes: [{', '.join(others)}]"
    path.write_text(text.replace(f"        quotes: {line}", more, 1), encoding="utf-8")
    report = build_report(load_config(config))
    warned = [f.text for f in report.findings if "rapporten viser opptil 3 sitater" in f.text]
    assert warned == [
        f"«Ikke alene om problemene»: rapporten viser opptil 3 sitater, gullsitatet først; "
        f"{others[2]}, {others[3]} i quotes: er utelatt."
    ]
