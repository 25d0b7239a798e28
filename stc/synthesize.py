"""STC step 4, synthesis: the results report a supervisor reads.

``build_report`` reads what step 2 wrote (``meaning_units.csv``, ``coverage.csv``,
``matrix.csv``, ``text/``), the codebook and ``condensation.yaml``, and returns the report as
data; ``render_markdown`` and ``render_html`` turn it into ``report.md`` and ``report.html``.
Every quote is checked verbatim against ``text/<id>.txt``; a mismatch is an error.
Condensates appear only in an appendix headed as the researcher's working text.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from stc.codebook import Codebook, load_codebook
from stc.condense import Condensation, condensation_path, copies_unit, load_condensation
from stc.config import Project
from stc.corpus import load_transcripts
from stc.errors import StcError
from stc.manual import load_decisions
from stc.nlp import Pipeline, load_pipeline
from stc.types import Transcript
from stc.wording import LANGUAGE_NAMES, phrase, quantify, quote

STOP_WORDS_EXTRA = {"og", "om", "i", "på", "av", "med", "til", "for", "de", "den", "det"}


class SynthesisError(StcError):
    """The report cannot be built, or it failed its validation."""


@dataclass(frozen=True)
class UnitRow:
    """A coded unit as step 2 wrote it."""

    id: str
    transcript: str
    participant: str
    line_start: int
    line_end: int
    char_start: int
    char_end: int
    codes: tuple[str, ...]
    text: str

    @property
    def lines(self) -> str:
        if self.line_start == self.line_end:
            return str(self.line_start)
        return f"{self.line_start}\u2013{self.line_end}"


@dataclass
class Subgroup:
    """A code (subgroup) of a category, with what the report shows of it."""

    code_id: str
    label: str
    units: list[UnitRow]
    participants: list[str]
    golden: UnitRow | None
    golden_id: str | None
    condensate: str | None
    status: str


@dataclass
class Category:
    """A result category (code group)."""

    group_id: str
    heading: str
    analytic_text: str
    analytic_is_draft: bool
    subgroups: list[Subgroup]

    @property
    def participants(self) -> list[str]:
        return sorted({p for s in self.subgroups for p in s.participants})

    @property
    def units(self) -> list[UnitRow]:
        return sorted({u.id: u for s in self.subgroups for u in s.units}.values(), key=_order)


@dataclass(frozen=True)
class Finding:
    level: str  # "error" | "warning"
    text: str


@dataclass
class Report:
    """Everything the results report says, in the project's language."""

    title: str
    language: str
    facts: dict[str, str]
    steps: list[str]
    categories: list[Category]
    matrix: pd.DataFrame
    coverage: pd.DataFrame
    findings: list[Finding]
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[str]:
        return [f.text for f in self.findings if f.level == "error"]

    def t(self, key: str, /, **values: object) -> str:
        return phrase(self.language, key, **values)


def _order(unit: UnitRow) -> tuple[str, int, int, str]:
    return (unit.transcript, unit.char_start, unit.char_end, unit.id)


def read_units(outdir: Path) -> list[UnitRow]:
    """The coded units step 2 wrote; missing output means step 2 has not run."""
    path = outdir / "meaning_units.csv"
    if not path.is_file():
        raise SynthesisError(
            f"{path}: no coding yet; run `stc code` (step 2) first, or `stc run` for all steps"
        )
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        return [
            UnitRow(
                id=row["unit_id"],
                transcript=row["transcript"],
                participant=row["participant"],
                line_start=int(row["line_start"]),
                line_end=int(row["line_end"]),
                char_start=int(row["char_start"]),
                char_end=int(row["char_end"]),
                codes=tuple(c for c in row["codes"].split(";") if c),
                text=row["text"],
            )
            for _, row in frame.iterrows()
        ]
    except (KeyError, ValueError, pd.errors.ParserError) as exc:
        raise SynthesisError(
            f"{path}: not a meaning_units.csv written by stc ({exc}); run `stc code` again"
        ) from None


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise SynthesisError(f"{path}: missing; run `stc code` (step 2) again")
    # Ids stay text: a participant "001" must not become the number 1.
    return pd.read_csv(
        path, keep_default_na=False, dtype={"participant": str, "transcript": str, "code": str}
    )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _lemmas(text: str, pipeline: Pipeline) -> set[str]:
    stop = pipeline.nlp.Defaults.stop_words | STOP_WORDS_EXTRA
    return {
        (t.lemma_ or t.lower_).lower()
        for t in pipeline.nlp(text)
        if t.is_alpha and len(t) >= 3 and t.lower_ not in stop
    }


def _mirrored_questions(
    labels: Sequence[str], transcripts: Sequence[Transcript], pipeline: Pipeline
) -> list[tuple[str, str, str, int]]:
    """Category labels whose content words all stand in one interviewer question.

    Returns (label, question, transcript, line), one per label, its first such question.
    """
    questions = []
    for transcript in transcripts:
        for turn in transcript.turns:
            if turn.role == "interviewer":
                text = " ".join(transcript.text[turn.start : turn.end].split())
                questions.append((text, transcript.id, turn.line, _lemmas(text, pipeline)))
    found = []
    for label in labels:
        wanted = _lemmas(label, pipeline)
        if not wanted:
            continue
        for text, transcript_id, line, lemmas in questions:
            if wanted <= lemmas:
                found.append((label, text, transcript_id, line))
                break
    return found


def build_report(
    project: Project,
    outdir: Path | None = None,
    condensation_file: Path | None = None,
    pseudonymized: bool = False,
) -> Report:
    """Build the results report from step 2's outputs, the codebook and condensation.yaml.

    ``outdir`` and ``condensation_file`` default to the project's; ``stc run --check`` points
    them at a temporary folder so that nothing of the project is touched.
    """
    config = project.config
    language = config.language
    outdir = outdir or project.output_dir
    units = sorted(read_units(outdir), key=_order)
    coverage = _read_csv(outdir / "coverage.csv")
    matrix = _read_csv(outdir / "matrix.csv")
    codebook = load_codebook(project.codebook_path, language)
    condensation = (
        load_condensation(condensation_file or condensation_path(project)) or Condensation()
    )
    pipeline = load_pipeline(language, config.model, str(project.root), str(project.path))
    lang = language

    transcripts = load_transcripts(project)
    findings: list[Finding] = []
    texts: dict[str, str] = {}
    for transcript_id in sorted({u.transcript for u in units} | {t.id for t in transcripts}):
        path = outdir / "text" / f"{transcript_id}.txt"
        if not path.is_file():
            raise SynthesisError(f"{path}: missing; run `stc code` (step 2) again")
        texts[transcript_id] = path.read_text(encoding="utf-8")
    # Quotes are checked against text/<id>.txt; that file must still be the transcript.
    for transcript in transcripts:
        if texts.get(transcript.id) != transcript.text:
            findings.append(
                Finding("error", phrase(lang, "transcript_changed", transcript=transcript.id))
            )
    for unit in units:
        if texts[unit.transcript][unit.char_start : unit.char_end] != unit.text:
            findings.append(
                Finding(
                    "error",
                    phrase(
                        lang,
                        "quote_mismatch",
                        unit=unit.id,
                        lines=unit.lines,
                        transcript=unit.transcript,
                    ),
                )
            )

    by_id = {u.id: u for u in units}
    participants_total = len(coverage)
    categories = _categories(
        codebook, condensation, units, by_id, participants_total, lang, findings
    )
    # Both the researcher's headings and the codebook's labels can echo the interview guide.
    labels = list(
        dict.fromkeys([c.heading for c in categories] + [g.label for g in codebook.groups])
    )
    for label, question, transcript_id, line in _mirrored_questions(labels, transcripts, pipeline):
        findings.append(
            Finding(
                "warning",
                phrase(
                    lang,
                    "mirrors",
                    label=label,
                    question=question,
                    transcript=transcript_id,
                    line=line,
                ),
            )
        )

    reached = {
        unit_id
        for group in condensation.groups.values()
        if group
        for entry in group.codes.values()
        if entry and entry.condensate and entry.condensate.strip()
        for unit_id in entry.units
    }
    unreached = [u.id for u in units if u.id not in reached]
    if unreached:
        shown = ", ".join(unreached[:5]) + (" …" if len(unreached) > 5 else "")
        findings.append(
            Finding("warning", phrase(lang, "unreached", n=len(unreached), units=shown))
        )

    total_words = int(coverage["words"].sum()) if len(coverage) else 0
    coded_words = int(coverage["words_coded"].sum()) if len(coverage) else 0
    statuses = [s.status for c in categories for s in c.subgroups if s.condensate]
    decisions = load_decisions(project.coding_path)
    facts = {
        "transcripts": str(len(transcripts)),
        "participants": str(participants_total),
        "words": f"{total_words:,}".replace(",", "\u202f"),
        "language": LANGUAGE_NAMES.get(lang, LANGUAGE_NAMES["en"]).get(language, language),
        "codebook": codebook.name,
        "codebook_hash": _sha256(project.codebook_path)[:12],
        "groups": str(len(codebook.groups)),
        "codes": str(len(codebook.code_ids)),
        "units": str(len(units)),
        "coverage": f"{(coded_words / total_words if total_words else 0):.0%}",
    }
    impression = "impression_done" if (outdir / "impression.md").is_file() else "impression_missing"
    manual = phrase(lang, "manual", n=len(decisions)) if decisions else ""
    steps = [
        phrase(lang, "step1", impression=phrase(lang, impression)),
        phrase(lang, "step2", units=len(units), manual=manual),
        phrase(
            lang,
            "step3",
            condensates=len(statuses),
            codes=len(codebook.code_ids),
            edited=statuses.count("edited"),
            drafts=statuses.count("draft"),
            stale=statuses.count("stale"),
        ),
        phrase(lang, "step4"),
    ]
    if pseudonymized:
        steps.insert(0, phrase(lang, "pseudonymized"))
    return Report(
        title=config.title or codebook.name,
        language=lang,
        facts=facts,
        steps=steps,
        categories=categories,
        matrix=matrix,
        coverage=coverage,
        findings=findings,
        texts=texts,
    )


def _categories(
    codebook: Codebook,
    condensation: Condensation,
    units: list[UnitRow],
    by_id: dict[str, UnitRow],
    total: int,
    lang: str,
    findings: list[Finding],
) -> list[Category]:
    categories = []
    for group in codebook.groups:
        entry = condensation.groups.get(group.id)
        subgroups = []
        for code in group.codes:
            code_id = f"{group.id}/{code.id}"
            code_units = [u for u in units if code_id in u.codes]
            if not code_units:
                continue
            code_entry = entry.codes.get(code.id) if entry else None
            golden_id = code_entry.golden_quote if code_entry else None
            golden = by_id.get(golden_id) if golden_id else None
            if golden_id and golden is None:
                findings.append(Finding("error", phrase(lang, "golden_missing", unit=golden_id)))
            if code_entry:
                for unit_id in code_entry.units:
                    if unit_id not in by_id and code_entry.status != "stale":
                        findings.append(
                            Finding("warning", phrase(lang, "unit_unknown", unit=unit_id))
                        )
            condensate = code_entry.condensate if code_entry else None
            status = code_entry.status if code_entry else "draft"
            if code_entry and status == "draft" and code_entry.edited:
                status = "edited"  # written by the researcher since the last `stc condense`
            if condensate and status == "stale":
                findings.append(Finding("warning", phrase(lang, "stale", code=code_id)))
            elif condensate and status == "draft":
                findings.append(Finding("warning", phrase(lang, "draft", code=code_id)))
            subgroups.append(
                Subgroup(
                    code_id=code_id,
                    label=code.label,
                    units=code_units,
                    participants=sorted({u.participant for u in code_units}),
                    golden=golden,
                    golden_id=golden_id,
                    condensate=condensate.strip() if condensate else None,
                    status=status,
                )
            )
        if not subgroups:
            continue
        # Malterud's method checks, as stc condense prints them.
        if len(subgroups) == 1:
            findings.append(Finding("warning", phrase(lang, "subgroups_one", group=group.id)))
        elif len(subgroups) > 4:
            findings.append(
                Finding("warning", phrase(lang, "subgroups_many", group=group.id, n=len(subgroups)))
            )
        for sub in subgroups:
            if len(sub.participants) == 1 and len(subgroups) > 1:
                findings.append(
                    Finding("warning", phrase(lang, "one_participant", label=sub.label))
                )
            if sub.condensate and sub.status != "draft":
                copied = next((u for u in sub.units if copies_unit(sub.condensate, u.text)), None)
                if copied is not None:
                    findings.append(
                        Finding("warning", phrase(lang, "copies", code=sub.code_id, unit=copied.id))
                    )
        heading = (entry.heading or "").strip() if entry else ""
        analytic = (entry.analytic_text or "").strip() if entry else ""
        category = Category(group.id, heading or group.label, analytic, not analytic, subgroups)
        if not analytic:
            category.analytic_text = phrase(
                lang,
                "draft_analytic",
                units=len(category.units),
                quantifier=quantify(len(category.participants), total, lang),
                codes=", ".join(s.label for s in subgroups),
            )
        if len(category.participants) == 1:
            findings.append(
                Finding("warning", phrase(lang, "one_participant", label=category.heading))
            )
        categories.append(category)
    return categories


# ---------------------------------------------------------------- Markdown


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _cite(report: Report, unit: UnitRow) -> str:
    return report.t("participant_line", participant=unit.participant, lines=unit.lines)


def render_markdown(report: Report) -> str:
    """``report.md``: the whole report as Markdown."""
    t = report.t
    out: list[str] = [f"# {report.title}", "", f"*{t('subtitle')}*", ""]
    if report.errors:
        out += [f"> **{t('failed')}**", ""] + [f"> - {e}" for e in report.errors] + [""]
    out += [f"## {t('method')}", "", t("method_facts", **report.facts), "", f"**{t('steps')}**", ""]
    out += [f"{i}. {step}" for i, step in enumerate(report.steps, 1)] + [""]
    out += [f"## {t('results')}", ""]
    total = len(report.coverage)
    for category in report.categories:
        out += [f"### {category.heading}", ""]
        prefix = "*" if category.analytic_is_draft else ""
        out += [f"{prefix}{category.analytic_text}{prefix}", ""]
        for sub in category.subgroups:
            q = quantify(len(sub.participants), total, report.language)
            out += [f"#### {sub.label}", "", t("rests_on", quantifier=q), ""]
            if sub.golden:
                text = " ".join(sub.golden.text.split())
                out += [f"> {quote(text, report.language)} ({_cite(report, sub.golden)})", ""]
            elif sub.golden_id:
                out += [f"*{t('golden_missing', unit=sub.golden_id)}*", ""]
            else:
                out += [f"*{t('no_golden')}*", ""]
    out += [f"## {t('matrix')}", "", _md_table(report.matrix), "", f"## {t('coverage')}", ""]
    out += [_md_table(_coverage_table(report)), "", f"## {t('validation')}", ""]
    if not report.findings:
        out += [t("validation_ok"), ""]
    else:
        if not report.errors:
            out += [t("validation_ok"), ""]
        out += [f"- **{f.level}**: {f.text}" for f in report.findings] + [""]
    out += [f"## {t('audit')}", "", t("audit_help"), ""]
    out += [f"| {t('category')} | {t('code')} | {t('unit')} | {t('lines')} |", "|---|---|---|---|"]
    for category in report.categories:
        for sub in category.subgroups:
            for unit in sub.units:
                out.append(
                    f"| {_md_escape(category.heading)} | {sub.code_id} | `{unit.id}` | "
                    f"{unit.transcript}, l. {unit.lines} |"
                )
    out += ["", f"## {t('appendix_condensates')}", "", f"*{t('condensates_note')}*", ""]
    for category in report.categories:
        for sub in category.subgroups:
            body = sub.condensate or t("no_condensate")
            out += [f"**{sub.code_id}** ({t('status')}: {sub.status})", ""]
            out += [line for line in body.splitlines()] + [""]
    return "\n".join(out).rstrip("\n") + "\n"


def _coverage_table(report: Report) -> pd.DataFrame:
    t = report.t
    frame = report.coverage[["participant", "words", "words_coded", "share"]].copy()
    frame["share"] = [f"{s:.0%}" for s in frame["share"]]
    frame.columns = [t("participant"), t("words"), t("words_coded"), t("share")]
    return frame


def _md_table(frame: pd.DataFrame) -> str:
    header = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = [
        "| " + " | ".join(_md_escape(str(v)) for v in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join([header, rule, *rows])


# ---------------------------------------------------------------- HTML

CSS = """
:root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d9d9de; --accent: #1f5f8b; --quote: #f4f6f8; }
* { box-sizing: border-box; }
body { font-family: Georgia, "Times New Roman", serif; color: var(--ink); max-width: 46rem;
       margin: 2rem auto; padding: 0 1.25rem; line-height: 1.55; }
h1, h2, h3, h4 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.25; }
h1 { font-size: 1.9rem; margin-bottom: 0.2rem; }
h2 { border-bottom: 1px solid var(--rule); padding-bottom: 0.2rem; margin-top: 2.5rem; }
.subtitle { color: var(--muted); margin-top: 0; }
.draft { color: var(--muted); font-style: italic; }
blockquote { background: var(--quote); border-left: 4px solid var(--accent); margin: 0.8rem 0;
             padding: 0.6rem 1rem; }
blockquote cite { display: block; font-style: normal; color: var(--muted); font-size: 0.9rem; }
a { color: var(--accent); }
table { border-collapse: collapse; font-family: "Helvetica Neue", Arial, sans-serif;
        font-size: 0.85rem; margin: 0.8rem 0; }
th, td { border: 1px solid var(--rule); padding: 0.25rem 0.5rem; text-align: left; }
td.n { text-align: right; }
.failed { border: 2px solid #b3261e; color: #b3261e; padding: 0.5rem 1rem; }
.finding-error { color: #b3261e; }
.condensate { white-space: pre-wrap; border-left: 4px dashed var(--rule); padding-left: 1rem; }
.transcript { font-family: Menlo, Consolas, monospace; font-size: 0.8rem; white-space: pre-wrap; }
.transcript .l { display: block; }
.transcript .l:target { background: #fff3c4; }
.transcript .ln { display: inline-block; width: 3.5em; color: var(--muted); user-select: none; }
@media print {
  body { max-width: none; margin: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  h2 { page-break-after: avoid; }
  blockquote, table { page-break-inside: avoid; }
  .appendix-transcripts { page-break-before: always; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _anchor(transcript: str, line: int) -> str:
    return f"t-{re.sub(r'[^A-Za-z0-9_-]', '-', transcript)}-l{line}"


def _unit_link(unit: UnitRow, text: str) -> str:
    return f'<a href="#{_anchor(unit.transcript, unit.line_start)}">{_e(text)}</a>'


def _heat(value: int, top: int) -> str:
    if value <= 0 or top <= 0:
        return ""
    alpha = 0.12 + 0.6 * value / top
    return f' style="background: rgba(31, 95, 139, {alpha:.2f})"'


def render_html(report: Report) -> str:
    """``report.html``: one self-contained page (inline CSS, no scripts, no remote resources)."""
    t = report.t
    lang = report.language
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(report.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(report.title)}</h1>",
        f'<p class="subtitle">{_e(t("subtitle"))}</p>',
    ]
    if report.errors:
        out.append(f'<div class="failed"><strong>{_e(t("failed"))}</strong><ul>')
        out += [f"<li>{_e(e)}</li>" for e in report.errors]
        out.append("</ul></div>")
    out += [f"<h2>{_e(t('method'))}</h2>", f"<p>{_e(t('method_facts', **report.facts))}</p>"]
    out += [f"<p><strong>{_e(t('steps'))}</strong></p>", "<ol>"]
    out += [f"<li>{_e(step)}</li>" for step in report.steps] + ["</ol>"]
    out.append(f"<h2>{_e(t('results'))}</h2>")
    total = len(report.coverage)
    for category in report.categories:
        out.append(f'<h3 id="category-{_e(category.group_id)}">{_e(category.heading)}</h3>')
        css = ' class="draft"' if category.analytic_is_draft else ""
        for paragraph in category.analytic_text.split("\n\n"):
            out.append(f"<p{css}>{_e(paragraph.strip())}</p>")
        for sub in category.subgroups:
            q = quantify(len(sub.participants), total, lang)
            out += [f"<h4>{_e(sub.label)}</h4>", f"<p>{_e(t('rests_on', quantifier=q))}</p>"]
            if sub.golden:
                text = " ".join(sub.golden.text.split())
                out.append(
                    f'<blockquote class="golden" data-unit="{_e(sub.golden.id)}">'
                    f"{_e(quote(text, lang))}"
                    f"<cite>({_unit_link(sub.golden, _cite(report, sub.golden))})</cite></blockquote>"
                )
            elif sub.golden_id:
                out.append(f'<p class="draft">{_e(t("golden_missing", unit=sub.golden_id))}</p>')
            else:
                out.append(f'<p class="draft">{_e(t("no_golden"))}</p>')
    out += [f"<h2>{_e(t('matrix'))}</h2>", _html_matrix(report)]
    out += [f"<h2>{_e(t('coverage'))}</h2>", _html_table(_coverage_table(report))]
    out.append(f"<h2>{_e(t('validation'))}</h2>")
    if not report.errors:
        out.append(f"<p>{_e(t('validation_ok'))}</p>")
    if report.findings:
        out.append("<ul>")
        out += [
            f'<li class="finding-{f.level}"><strong>{_e(f.level)}</strong>: {_e(f.text)}</li>'
            for f in report.findings
        ]
        out.append("</ul>")
    out += [f"<h2>{_e(t('audit'))}</h2>", f"<p>{_e(t('audit_help'))}</p>", "<table>"]
    out.append(
        f"<tr><th>{_e(t('category'))}</th><th>{_e(t('code'))}</th>"
        f"<th>{_e(t('unit'))}</th><th>{_e(t('lines'))}</th></tr>"
    )
    for category in report.categories:
        for sub in category.subgroups:
            for unit in sub.units:
                out.append(
                    f"<tr><td>{_e(category.heading)}</td><td>{_e(sub.code_id)}</td>"
                    f"<td><code>{_e(unit.id)}</code></td>"
                    f"<td>{_unit_link(unit, f'{unit.transcript}, l. {unit.lines}')}</td></tr>"
                )
    out.append("</table>")
    out += [
        f"<h2>{_e(t('appendix_condensates'))}</h2>",
        f"<p><em>{_e(t('condensates_note'))}</em></p>",
    ]
    for category in report.categories:
        for sub in category.subgroups:
            out.append(
                f"<h4>{_e(sub.code_id)} <small>({_e(t('status'))}: {_e(sub.status)})</small></h4>"
            )
            out.append(f'<div class="condensate">{_e(sub.condensate or t("no_condensate"))}</div>')
    out.append(f'<h2 class="appendix-transcripts">{_e(t("appendix_transcripts"))}</h2>')
    for transcript_id, text in report.texts.items():
        out.append(
            f'<h3 id="t-{_e(transcript_id)}">{_e(transcript_id)}</h3><div class="transcript">'
        )
        lines = text.split("\n")
        if text.endswith("\n"):
            lines.pop()  # the newline ends the last line; it does not open another
        for number, line in enumerate(lines, 1):
            out.append(
                f'<span class="l" id="{_anchor(transcript_id, number)}"><span class="ln">{number}</span>'
                f"{_e(line)}</span>"
            )
        out.append("</div>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_table(frame: pd.DataFrame) -> str:
    rows = ["<table>", "<tr>" + "".join(f"<th>{_e(c)}</th>" for c in frame.columns) + "</tr>"]
    for row in frame.itertuples(index=False):
        cells = "".join(
            f'<td class="n">{_e(v)}</td>' if isinstance(v, (int, float)) else f"<td>{_e(v)}</td>"
            for v in row
        )
        rows.append(f"<tr>{cells}</tr>")
    rows.append("</table>")
    return "\n".join(rows)


def _html_matrix(report: Report) -> str:
    frame = report.matrix
    participants = [c for c in frame.columns if c not in ("code", "total")]
    top = int(frame[participants].to_numpy().max()) if participants and len(frame) else 0
    rows = ["<table>", "<tr><th>" + _e(report.t("code")) + "</th>"]
    rows[-1] += (
        "".join(f"<th>{_e(p)}</th>" for p in participants)
        + f"<th>{_e(report.t('total'))}</th></tr>"
    )
    for record in frame.to_dict("records"):
        cells = "".join(
            f'<td class="n"{_heat(int(record[p]), top)}>{int(record[p])}</td>' for p in participants
        )
        rows.append(
            f'<tr><td>{_e(record["code"])}</td>{cells}<td class="n">{int(record["total"])}</td></tr>'
        )
    rows.append("</table>")
    return "\n".join(rows)


def report_files(report: Report) -> dict[str, str]:
    """The files step 4 writes, by path relative to the output folder."""
    return {"report.md": render_markdown(report), "report.html": render_html(report)}
