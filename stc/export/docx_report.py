"""The results report as a Word document, since most theses are written in Word.

The same ``Report`` as report.md and report.html: method, categories with their analytic
text, golden quotes with participant and lines, quantifiers, the code × participant matrix
and coverage as tables, the analysis trail, validation, the audit trail, and the condensates
in an appendix as the researcher's working text. The transcripts stay in report.html.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import docx
import pandas as pd
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from stc.export.common import zip_bytes
from stc.synthesize import Report, UnitRow
from stc.trail import Trail
from stc.wording import number, percent, quote

FIXED_TIME = datetime(2026, 1, 1)
# The language Word spell-checks the report in.
LANGUAGE_TAGS = {
    "nb": "nb-NO",
    "nn": "nn-NO",
    "da": "da-DK",
    "sv": "sv-SE",
    "en": "en-GB",
    "de": "de-DE",
}


def _new_list(document: Document) -> int:
    """A numbered list counted from 1, by its id: Word's "List Number" style goes on counting
    from the list before (the themes were numbered 5–9 after the four steps)."""
    numbering = document.part.numbering_part.element
    style = document.styles["List Number"].element
    abstract = numbering.num_having_numId(style.pPr.numPr.numId.val).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(num.numId)


def _list_item(document: Document, list_id: int) -> Paragraph:
    """A paragraph of the numbered list ``list_id`` (``_new_list``)."""
    paragraph = document.add_paragraph(style="List Number")
    paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = list_id
    return paragraph


def _page_numbers(document: Document) -> None:
    """A page number at the foot of every page, as Word counts them (a PAGE field)."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _language(document: Document, language: str) -> None:
    """The language of the document's text, for Word's spelling and hyphenation."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run.append(lang)
    lang.set(qn("w:val"), LANGUAGE_TAGS.get(language, "en-GB"))


def _table(document: Document, frame: pd.DataFrame) -> None:
    table = document.add_table(rows=1, cols=len(frame.columns))
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, frame.columns, strict=True):
        cell.text = str(column)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in frame.itertuples(index=False):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)


def _trail(document: Document, report: Report, trail: Trail) -> None:
    """The analysis trail, as report.md's (``trail.md``): step 1 as recorded, themes traced
    to categories, who contributed, saturation and information power."""
    t = report.t
    language = report.language
    document.add_heading(t("trail"), 1)
    document.add_heading(t("themes_heading"), 2)
    themes = _new_list(document) if trail.themes else 0
    for theme in trail.themes or ():
        line = _list_item(document, themes)
        line.add_run(theme.label).bold = True
        if theme.description:
            line.add_run(": " + " ".join(theme.description.split()))
        if theme.date:
            line.add_run(f" ({theme.date})")
        if theme.memo:
            line.add_run(" " + " ".join(theme.memo.split())).italic = True
    if not trail.themes:
        document.add_paragraph().add_run(t("themes_none")).italic = True
    document.add_heading(t("preconceptions"), 2)
    for paragraph in (trail.preconceptions or "").split("\n\n"):
        if paragraph.strip():
            document.add_paragraph(" ".join(paragraph.split()))
    if not trail.preconceptions:
        document.add_paragraph().add_run(t("preconceptions_none")).italic = True
    if trail.themes:
        document.add_heading(t("theme_trace"), 2)
        rows = [
            (row.label, "; ".join(row.groups), "; ".join(row.categories) or t("led_nowhere"))
            for row in trail.theme_rows
        ]
        _table(
            document, pd.DataFrame(rows, columns=[t("theme"), t("code_groups"), t("categories")])
        )
        if trail.categories_without_theme:
            document.add_paragraph(
                t("no_theme", categories="; ".join(trail.categories_without_theme))
            )
    document.add_heading(t("codebook_heading"), 2)
    columns = [t("code_group"), t("code"), t("description")]
    _table(document, pd.DataFrame(trail.codebook, columns=columns))
    document.add_heading(t("contributors"), 2)
    people = []
    for category in report.categories:
        people.append((category.heading, "", report.who(category.participants)))
        people += [("", sub.label, report.who(sub.participants)) for sub in category.subgroups]
    _table(document, pd.DataFrame(people, columns=[t("category"), t("code"), t("participant")]))
    sat = trail.saturation
    if sat is not None:
        document.add_heading(t("saturation"), 2)
        note = sat.note(language)
        document.add_paragraph(note)

        def share(value: float | None) -> str:
            return "" if value is None else percent(value, language)

        columns = ["#", t("interview"), t("codes"), t("new_codes"), t("cumulative")]
        rows_ = [
            (
                r.order,
                f"{r.transcript} ({t('pending_mark', n=r.pending)})" if r.pending else r.transcript,
                r.codes,
                len(r.new),
                r.cumulative,
                share(r.share),
                share(r.run_share),
            )
            for r in sat.rows
        ]
        _table(document, pd.DataFrame(rows_, columns=[*columns, t("share_new"), t("run_new")]))
    document.add_heading(t("information_power"), 2)
    for name, value in trail.information_power:
        line = document.add_paragraph(style="List Bullet")
        line.add_run(t("ip_" + name) + ": ").bold = True
        if value:
            line.add_run(" ".join(value.split()))
        else:
            line.add_run(t("ip_missing")).italic = True


def _cite(report: Report, unit: UnitRow) -> str:
    return report.t("participant_line", participant=unit.participant, lines=unit.lines)


def _quote(document: Document, report: Report, unit: UnitRow) -> None:
    text = quote(" ".join(unit.text.split()), report.language)
    document.add_paragraph(f"{text} ({_cite(report, unit)})", style="Quote")


def docx_bytes(report: Report) -> bytes:
    """The report as .docx bytes; the same report gives the same bytes."""
    t = report.t
    document = docx.Document()
    properties = document.core_properties
    properties.author = properties.last_modified_by = "stc"
    # Every page carries the title, as the printed HTML does, and says when it is a draft.
    properties.title = report.running_title
    document.sections[0].header.paragraphs[0].text = report.running_title
    properties.created = properties.modified = properties.last_printed = FIXED_TIME
    properties.revision = 1
    properties.comments = t("subtitle")  # python-docx's own says "generated by python-docx"
    _language(document, report.language)
    _page_numbers(document)
    document.add_heading(report.title, 0)
    document.add_paragraph().add_run(t("subtitle")).italic = True
    if report.draft:
        document.add_paragraph().add_run(t("draft_stamp")).bold = True
        for reason in report.draft_reasons:
            document.add_paragraph(reason, style="List Bullet")
    if report.to_check:
        document.add_paragraph().add_run(t("check_stamp")).bold = True
        for claim in report.to_check:
            document.add_paragraph(claim, style="List Bullet")
    if report.errors:
        document.add_heading(t("failed"), 1)
        for error in report.errors:
            document.add_paragraph(error, style="List Bullet")
    document.add_heading(t("results"), 1)
    for category in report.categories:
        document.add_heading(category.heading, 2)
        for mark in report.category_marks(category):
            document.add_paragraph().add_run(mark).italic = True
        for paragraph in category.analytic_text.split("\n\n"):
            run = document.add_paragraph().add_run(" ".join(paragraph.split()))
            run.italic = category.analytic_is_draft
        for sub in category.subgroups:
            document.add_heading(sub.label, 3)
            document.add_paragraph(report.rests_on(sub))
            for mark in report.marks(sub):
                document.add_paragraph().add_run(mark).italic = True
            for paragraph in sub.text.split("\n\n") if sub.text else []:
                document.add_paragraph(" ".join(paragraph.split()))
            for index, item in enumerate(sub.quotes):
                if index < 2 and sub.golden_id:
                    label = t("golden_label" if index == 0 else "other_quotes_label")
                    document.add_paragraph().add_run(label).bold = True
                _quote(document, report, item.unit)
            if not sub.quotes:
                document.add_paragraph().add_run(t("no_golden")).italic = True
            if sub.dissent:
                document.add_heading(t("other_voices"), 4)
                for item in sub.dissent:
                    _quote(document, report, item.unit)
    document.add_heading(t("method"), 1)
    document.add_paragraph(t("method_facts", **report.facts) + " " + t("lines_note"))
    document.add_paragraph().add_run(t("steps")).bold = True
    steps = _new_list(document)
    for step in report.steps:
        _list_item(document, steps).add_run(step)
    if report.trail is not None:
        _trail(document, report, report.trail)
    document.add_heading(t("validation"), 1)
    if not report.errors:
        document.add_paragraph(report.validated)
    for finding in report.findings:
        document.add_paragraph(
            f"{t('level_' + finding.level)}: {finding.text}", style="List Bullet"
        )
    document.add_heading(t("appendix_condensates"), 1)
    note = t("condensates_note")
    if report.draft_condensates:
        note += " " + t("condensates_note_drafts")
    document.add_paragraph().add_run(note).italic = True
    for category in report.categories:
        for sub in category.subgroups:
            document.add_paragraph().add_run(
                f"{sub.label} ({t('status')}: {t('status_' + sub.status)})"
            ).bold = True
            # A condensate wrapped in condensation.yaml's block is one paragraph per blank
            # line, as the analytic text is: the editor's line breaks are not the text's.
            for paragraph in (sub.condensate or t("no_condensate")).split("\n\n"):
                document.add_paragraph(" ".join(paragraph.split()))
    document.add_heading(t("appendix_matrix"), 1)
    document.add_paragraph().add_run(t("counts_note")).italic = True
    document.add_heading(t("matrix"), 2)
    _table(document, report.matrix.rename(columns={"code": t("code"), "total": t("total")}))
    document.add_heading(t("coverage"), 2)
    coverage = report.coverage[["participant", "words", "words_coded", "share"]].copy()
    language = report.language
    for column in ("words", "words_coded"):
        coverage[column] = [number(int(n), language) for n in coverage[column]]
    coverage["share"] = [percent(float(s), language) for s in coverage["share"]]
    coverage.columns = [t("participant"), t("words"), t("words_coded"), t("share")]
    _table(document, coverage)
    if report.agreement:
        document.add_heading(report.agreement["title"], 2)
        document.add_paragraph(report.agreement["note"])
        rows = pd.DataFrame(report.agreement["rows"])
        rows.columns = [t("code"), "n", "%", "κ", "\N{GREEK SMALL LETTER ALPHA}"]
        _table(document, rows)
        for line in report.agreement["undefined"]:
            document.add_paragraph(line, style="List Bullet")
    document.add_heading(t("appendix_trace"), 1)
    document.add_paragraph(t("trace_note"))
    audit = pd.DataFrame(
        [
            (
                category.heading,
                sub.label,
                f"{unit.id} ({t('other_voice')})" if unit.voice == "dissent" else unit.id,
                t("participant_line", participant=unit.transcript, lines=unit.lines),
            )
            for category in report.categories
            for sub in category.subgroups
            for unit in sub.units
        ],
        columns=[t("category"), t("code"), t("unit"), t("lines")],
    )
    _table(document, audit)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        return zip_bytes((info.filename, archive.read(info)) for info in archive.infolist())
