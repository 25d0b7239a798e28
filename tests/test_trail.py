"""The analysis trail: step 1 as recorded, themes traced to categories, information power."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from stc.coding import code_project, write_coding
from stc.condense import condense
from stc.config import load_config
from stc.errors import ConfigError
from stc.render import render_html, render_markdown
from stc.run import input_hashes
from stc.synthesize import Report, build_report
from stc.trail import Saturation, Trail, load_preconceptions, load_themes, saturation
from tests.conftest import CONFIG, MakeProject, accept_suggestions, error_line, stc
from tests.test_browser import CHROMIUM, chromium

CODEBOOK = """\
name: Test
language: nb
groups:
  - id: fellesskap
    label: Fellesskap
    theme: sammen
    codes:
      - {id: alene, label: Ikke alene, keywords: [alene]}
      - {id: gruppe, label: Gruppa, keywords: [gruppe]}
  - id: leder
    label: Lederen
    codes:
      - {id: leder, label: Lederen, keywords: ["*leder"]}
      - {id: regler, label: Regler, keywords: [regel]}
"""
THEMES = """\
themes:
  - id: sammen
    label: Å være sammen
    description: Å møte andre.
    date: 2024-01-10
  - id: familie
    label: Familien
    memo: Materialet bar ikke temaet.
"""


def interview(order: int, line: str) -> str:
    return f"---\nattributes: {{order: {order}}}\n---\nI: Fortell.\nInformant {order}: {line}\n"


# Codes first seen in interviews 1, 1, 2 and 4 (alene, gruppe; leder; regler).
INTERVIEWS = {
    # the file names sort against the interview order: the order attribute must win
    "e.txt": interview(1, "Jeg var alene. Gruppa var fin."),
    "d.txt": interview(2, "Lederen var flink. Jeg var alene."),
    "c.txt": interview(3, "Gruppa var stor."),
    "b.txt": interview(4, "Det var en regel om rus."),
    "a.txt": interview(5, "Jeg var alene."),
}


def trail_of(report: Report) -> Trail:
    assert report.trail is not None
    return report.trail


def saturation_of(report: Report) -> Saturation:
    saturation = trail_of(report).saturation
    assert saturation is not None
    return saturation


def project(make_project: MakeProject, config: str = CONFIG) -> Path:
    config_path = accept_suggestions(make_project(INTERVIEWS, codebook=CODEBOOK, config=config))
    result = code_project(load_config(config_path))
    write_coding(result)
    condense(result)
    return config_path


def test_saturation_numbers_by_hand() -> None:
    # Codes first seen in interviews 1, 1, 2, 4, as (interview, confirmed codes):
    codes = [("i1", {"A", "B"}), ("i2", {"A", "C"}), ("i3", {"B"}), ("i4", {"D"}), ("i5", {"A"})]
    result = saturation(codes, base=2, run=2, threshold=0.05)
    # New codes per interview: 2, 1, 0, 1, 0; of the 4 codes found in all: 50%, 25%, 0, 25%, 0.
    assert [len(r.new) for r in result.rows] == [2, 1, 0, 1, 0]
    assert [r.cumulative for r in result.rows] == [2, 3, 3, 4, 4]
    assert [r.share for r in result.rows] == [0.5, 0.25, 0.0, 0.25, 0.0]
    # Base: interviews 1-2 hold 3 codes. Runs of 2 after the base: interviews 3-4 bring 1 new
    # code (1/3 > 5%), interviews 4-5 bring 1 (1/3); saturation is not reached.
    assert result.base_codes == 3
    assert [r.run_share for r in result.rows] == [None, None, None, 1 / 3, 1 / 3]
    assert result.reached_at is None
    # With a threshold of 40% the first run (interviews 3-4) already stays at or below it.
    assert saturation(codes, base=2, run=2, threshold=0.4).reached_at == 4
    # A run with suggestions nobody has reviewed has no share ("0 %" read as a quiet run),
    # and no point is reached in it.
    waiting = saturation(codes, base=2, run=2, threshold=0.4, pending={"i3": 2})
    assert [r.run_share for r in waiting.rows] == [None, None, None, None, 1 / 3]
    assert [r.share for r in waiting.rows] == [0.5, 0.25, None, 0.25, 0.0]
    assert waiting.reached_at == 5


def test_the_report_orders_interviews_and_counts_first_appearances(
    make_project: MakeProject,
) -> None:
    config = project(make_project, CONFIG + "saturation: {base: 2, run: 2}\n")
    report = build_report(load_config(config))
    assert report.trail is not None and report.trail.saturation is not None
    rows = report.trail.saturation.rows
    assert [r.transcript for r in rows] == ["e", "d", "c", "b", "a"]
    assert [r.new for r in rows] == [
        ["fellesskap/alene", "fellesskap/gruppe"],
        ["leder/leder"],
        [],
        ["leder/regler"],
        [],
    ]
    html = render_html(report)
    assert "<svg" in html and html.count("<rect ") == 5
    assert "Ny informasjon falt ikke til terskelen innen 5 intervjuer." in html
    # The codebook as a supervisor reads it: what each group and code stands for.
    assert report.trail.codebook[:3] == [
        ("Fellesskap", "", ""),
        ("", "Ikke alene", ""),
        ("", "Gruppa", ""),
    ]
    md = render_markdown(report)
    assert "### Kodeboka: hva hver kodegruppe og kode står for" in md
    assert "| | Ikke alene | |" in " ".join(md.split(" ")).replace("  ", " ")
    assert "<h3>Kodeboka: hva hver kodegruppe og kode står for</h3>" in html


def test_an_interview_order_known_for_only_some_transcripts_is_a_warning(
    make_project: MakeProject,
) -> None:
    """Two of five interviews with an order: the saturation table read them first and the
    rest by id, an order nobody chose, and said nothing."""
    interviews = dict(INTERVIEWS)
    for name in ("c.txt", "b.txt", "a.txt"):
        interviews[name] = interviews[name].split("---\n", 2)[2]  # no front matter
    settings = CONFIG + "saturation: {base: 2, run: 2, threshold: 0.5}\n"
    config = accept_suggestions(make_project(interviews, codebook=CODEBOOK, config=settings))
    write_coding(code_project(load_config(config)))
    report = build_report(load_config(config))
    assert report.trail is not None
    assert [r.transcript for r in report.trail.saturation.rows] == ["e", "d", "a", "b", "c"]
    assert (
        "Rekkefølgen er kjent for 2 av 5 transkripsjoner (order: 2, date: 0): metningstabellen "
        "tar dem først og de andre etter id."
    ) in " ".join(report.trail.warnings)
    # Naming the ones without, not the sample's file.
    assert "eller gi ingen det: a.txt, b.txt, c.txt (en .docx-" in " ".join(report.trail.warnings)
    # Its verdict would rest on the three in no recorded order: none is given.
    note = saturation_of(report).note("nb")
    assert note.startswith(
        "De første 2 intervjuene står i den rekkefølgen de ble gjort; de andre følger etter id"
    )
    assert "Metning er ikke vurdert: Guest, Namey og Chens metode" in note
    # Every interview ordered: nothing to say.
    ordered = build_report(load_config(project(make_project))).trail
    assert ordered is not None and not any("Rekkefølgen" in w for w in ordered.warnings)


def test_a_subtitle_interview_takes_its_order_from_the_file_beside_it(
    make_project: MakeProject,
) -> None:
    """A .vtt cannot hold front matter: ``a.vtt.yaml`` gives its order, so every interview's
    order is known, and the file is an input stc.lock records, not a transcript."""
    interviews: dict[str, str | bytes] = dict(INTERVIEWS)
    del interviews["a.txt"]
    interviews["a.vtt"] = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nI: Fortell.\n\n"
        "00:00:02.000 --> 00:00:03.000\nInformant 5: Jeg var alene.\n"
    )
    interviews["a.vtt.yaml"] = "attributes: {order: 5}\n"
    # transcripts/* matches a.vtt.yaml too: it is a.vtt's front matter, not a transcript.
    config_text = CONFIG.replace("[transcripts/*.txt]", "[transcripts/*]")
    config = accept_suggestions(make_project(interviews, codebook=CODEBOOK, config=config_text))
    write_coding(code_project(load_config(config)))
    report = build_report(load_config(config))
    assert report.trail is not None and report.trail.saturation is not None
    assert [r.transcript for r in report.trail.saturation.rows] == ["e", "d", "c", "b", "a"]
    assert not any("Rekkefølgen" in w for w in report.trail.warnings)
    assert "transcripts/a.vtt.yaml" in input_hashes(load_config(config))


def test_interviews_in_no_recorded_order_give_no_saturation_point(
    make_project: MakeProject,
) -> None:
    """No transcript has an order or a date: the table is by id, and the report says so and
    judges nothing, where it used to say "in the order they were held" and name a point."""
    interviews = {n: t.split("---\n", 2)[2] for n, t in INTERVIEWS.items()}
    config = CONFIG + "saturation: {base: 2, run: 2, threshold: 0.4}\n"
    config_path = accept_suggestions(make_project(interviews, codebook=CODEBOOK, config=config))
    write_coding(code_project(load_config(config_path)))
    report = build_report(load_config(config_path))
    assert report.trail is not None and report.trail.saturation is not None
    assert report.trail.saturation.known == 0  # no interview in a recorded order
    for text in (render_markdown(report), render_html(report)):
        assert "i den rekkefølgen de ble gjort. Basis" not in text
        assert "Rekkefølgen intervjuene ble gjort i, er ikke registrert" in text
        assert "Metning er ikke vurdert: Guest, Namey og Chens metode" in text
        assert "falt til eller under terskelen" not in text
        assert "falt ikke til terskelen" not in text


def test_interviews_with_suggestions_waiting_give_no_saturation_point_yet(
    make_project: MakeProject,
) -> None:
    """Interview 3 (c) is not reviewed: its codes are missing, so the quiet run it is part of
    may be an unread one. The report says which interviews wait and judges nothing; the
    draft banner names them too."""
    config = CONFIG + "saturation: {base: 2, run: 2, threshold: 0.4}\n"
    config_path = project(make_project, config)
    assert saturation_of(build_report(load_config(config_path))).reached_at == 4
    coding = config_path.parent / "coding.yaml"
    entries = coding.read_text("utf-8").split("\n- ")
    kept = [e for e in entries if "transcript: c" not in e and "unit: c:" not in e]
    assert len(kept) < len(entries)
    coding.write_text("\n- ".join(kept), encoding="utf-8")
    write_coding(code_project(load_config(config_path)))
    report = build_report(load_config(config_path))
    sat = saturation_of(report)
    assert sat is not None and [r.pending for r in sat.rows] == [0, 0, 1, 0, 0]
    assert sat.unreviewed == ["c"]
    md, html = render_markdown(report), render_html(report)
    for text in (md, html):
        assert (
            "Metning er ikke vurdert ennå: intervjuet c har forslag som ingen har gjennomgått"
        ) in text
        assert "falt til eller under terskelen" not in text
    assert "| 3 | c (1 forslag venter) |" in md
    assert "Ikke ferdig gjennomgått: c (1 forslag venter)." in report.draft_reasons


def test_too_few_interviews_for_the_saturation_method_are_said_not_counted(
    make_project: MakeProject,
) -> None:
    """Five interviews and a base of 4 with runs of 2: the method needs 6, and the report
    says so instead of "the first 4 interviews" and a verdict it cannot reach."""
    config = project(make_project, CONFIG + "saturation: {base: 4, run: 2}\n")
    report = build_report(load_config(config))
    md, html = render_markdown(report), render_html(report)
    for text in (md, html):
        assert (
            "For få intervjuer til å vurdere metning med denne metoden: den trenger minst 6 (en "
            "basis på 4 og en løpelengde på 2); materialet har 5 intervjuer."
        ) in text
        assert "Basis: de første 4 intervjuene" not in text
        assert "falt ikke til terskelen" not in text


def test_the_theme_table_shows_themes_that_led_nowhere_and_categories_without_theme(
    make_project: MakeProject,
) -> None:
    config = project(make_project)
    (config.parent / "themes.yaml").write_text(THEMES, encoding="utf-8")
    report = build_report(load_config(config))
    assert report.trail is not None
    rows = {r.theme: (r.groups, r.categories) for r in report.trail.theme_rows}
    assert rows == {"sammen": (["Fellesskap"], ["Fellesskap"]), "familie": ([], [])}
    assert report.trail.categories_without_theme == ["Lederen"]
    md = render_markdown(report)
    assert "| Familien |  | *førte ikke til noen kategori* |" in md
    assert "Kategorier som ikke kom fra noe foreløpig tema: Lederen." in md
    assert "1. **Å være sammen**: Å møte andre. (2024-01-10)" in md
    assert "forskeren registrerte 2 foreløpige temaer" in report.steps[0]
    # Two themes: outside the 4-8 a total impression usually gives; a warning, not an error.
    assert "2 foreløpige temaer: helhetsinntrykket gir vanligvis 4–8." in report.warnings


def test_stc_check_names_a_code_group_theme_that_themes_yaml_does_not_have(
    make_project: MakeProject,
) -> None:
    """A typo in a group's theme: would leave its category untraced in the report."""
    config = make_project(
        INTERVIEWS, codebook=CODEBOOK.replace("theme: sammen", "theme: samen"), config=CONFIG
    )
    (config.parent / "themes.yaml").write_text(THEMES, encoding="utf-8")
    code, _, err = stc("check", "-c", config)
    assert code == 0, err
    assert (
        "[groups -> fellesskap -> theme] 'samen' is no theme of themes.yaml; did you mean 'sammen'?"
    ) in " ".join(err.split())
    # A theme named by its label is one.
    config = make_project(
        INTERVIEWS,
        codebook=CODEBOOK.replace("theme: sammen", "theme: Å være sammen"),
        config=CONFIG,
    )
    (config.parent / "themes.yaml").write_text(THEMES, encoding="utf-8")
    assert "is no theme" not in stc("check", "-c", config)[2]


def test_without_themes_or_memo_the_report_says_so_plainly(make_project: MakeProject) -> None:
    config = project(make_project)
    report = build_report(load_config(config))
    md = render_markdown(report)
    assert "Helhetsinntrykk: ingen foreløpige temaer er registrert (themes.yaml)." in md
    assert "*Ingen notat om forforståelse er registrert (preconceptions.md).*" in md
    assert "kjørt" not in report.steps[0]


def test_the_preconceptions_memo_is_printed_unless_it_is_still_the_template(
    tmp_path: Path,
) -> None:
    from stc.scaffold import TEMPLATES

    memo = tmp_path / "preconceptions.md"
    memo.write_text(TEMPLATES["nb"].preconceptions, encoding="utf-8")
    assert load_preconceptions(memo) is None
    memo.write_text("# Forforståelse\n\nJeg trodde\nat gruppene hjalp.\n", encoding="utf-8")
    assert load_preconceptions(memo) == "Jeg trodde at gruppene hjalp."
    # Written below the prompt, or after it on its line: the prompt is not the researcher's.
    for language in ("nb", "sv", "en"):
        template = TEMPLATES[language].preconceptions
        for joint in ("\n", " "):
            memo.write_text(f"{template.rstrip()}{joint}Jeg trodde at gruppene hjalp.\n", "utf-8")
            assert load_preconceptions(memo) == "Jeg trodde at gruppene hjalp.", (language, joint)


def test_the_information_power_checklist_filled_and_missing(make_project: MakeProject) -> None:
    config = project(
        make_project,
        CONFIG + "information_power:\n  aim: Smalt\n  dialogue: Sterk\n",
    )
    md = render_markdown(build_report(load_config(config)))
    assert "- **Formål**: Smalt" in md and "- **Dialogens kvalitet**: Sterk" in md
    assert "- **Bruk av etablert teori**: *ikke fylt ut (information_power i stc.yaml)*" in md


def test_bad_themes_are_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "themes.yaml"
    path.write_text("themes:\n  - id: a\n    label: A\n  - id: a\n    label: B\n", "utf-8")
    with pytest.raises(ConfigError, match=r"\[themes -> 1 -> id\] 'a' is used twice"):
        load_themes(path)
    path.write_text("themes:\n  - id: a\n    lable: A\n", "utf-8")
    with pytest.raises(ConfigError, match="lable"):
        load_themes(path)


def test_more_than_three_subgroups_is_a_warning(make_project: MakeProject) -> None:
    book = CODEBOOK.replace(
        "      - {id: gruppe, label: Gruppa, keywords: [gruppe]}\n",
        "      - {id: gruppe, label: Gruppa, keywords: [gruppe]}\n"
        "      - {id: leder2, label: Leder, keywords: ['*leder']}\n"
        "      - {id: regel2, label: Regel, keywords: [regel]}\n",
    )
    config = accept_suggestions(make_project(INTERVIEWS, codebook=book))
    result = code_project(load_config(config))
    write_coding(result)
    warnings = build_report(load_config(config)).warnings
    assert (
        "Fellesskap: 4 subgrupper har meningsbærende enheter; Malterud anbefaler 2–3 per "
        "kodegruppe." in warnings
    )


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium; CI installs it")
def test_the_saturation_chart_in_chromium_on_screen_and_in_print(
    make_project: MakeProject, tmp_path: Path
) -> None:
    config = project(make_project, CONFIG + "saturation: {base: 2, run: 2}\n")
    report = config.parent / "out" / "report.html"
    report.write_text(render_html(build_report(load_config(config))), encoding="utf-8")
    url = report.resolve().as_uri()
    dom = chromium(tmp_path, "--dump-dom", url).stdout
    assert dom.count("<rect ") == 5 and "Nye koder per intervju" in dom
    shot = tmp_path / "saturation.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=900,4000", url)
    assert shot.stat().st_size > 30_000
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    # Kept as a test artefact beside the screenshot.
    shutil.copy(shot, tmp_path / "saturation-chart.png")


@pytest.mark.parametrize(
    ("first", "last"),
    # YAML reads a date attribute as a date, a datetime or, quoted, a string: each is a day.
    [("2024-01-10", "2024-03-01"), ("2024-01-10 10:00:00", "'2024-03-01'")],
)
def test_a_theme_dated_before_the_last_interview_is_named(
    make_project: MakeProject, first: str, last: str
) -> None:
    """A total impression comes from all the material: a theme dated before an interview was
    held has a wrong date, or grew as the interviews came in, which its memo then says."""
    interviews = {
        "a.txt": f"---\nattributes: {{date: {first}}}\n---\nI: Fortell.\nInformant 1: Jeg var alene.\n",
        "b.txt": f"---\nattributes: {{date: {last}}}\n---\nI: Fortell.\nInformant 2: Gruppa var fin.\n",
    }
    config = accept_suggestions(make_project(interviews, codebook=CODEBOOK))
    write_coding(code_project(load_config(config)))
    (config.parent / "themes.yaml").write_text(THEMES, encoding="utf-8")
    warnings = trail_of(build_report(load_config(config))).warnings
    assert (
        "Det foreløpige temaet «Å være sammen» er datert 2024-01-10, før intervjuet b "
        "(2024-03-01): helhetsinntrykket kommer av å lese hele materialet."
    ) in " ".join(warnings)
    assert "«Familien»" not in " ".join(warnings)  # no date, and a memo


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_a_preconceptions_memo_not_in_utf8_is_one_clear_error(
    make_project: MakeProject, encoding: str
) -> None:
    """Saved as Windows "ANSI" or UTF-16, the memo made `stc run` end in a traceback, while
    `stc check` said OK."""
    config = make_project()
    memo = config.parent / "preconceptions.md"
    memo.write_bytes("Jeg venter å høre om skam og håp.\n".encode(encoding))
    for command in ("check", "run"):
        code, _, err = stc(command, "-c", config)
        assert code == 1 and "Traceback" not in err
        assert error_line(err) == (
            f"Error: {memo}: not UTF-8 text; save it as UTF-8 (in Notepad or Word: Save as, "
            "encoding UTF-8)"
        )
    assert memo.read_bytes() == "Jeg venter å høre om skam og håp.\n".encode(encoding)


def test_a_preconceptions_memo_saved_with_a_byte_order_mark_reads_as_without(
    tmp_path: Path,
) -> None:
    """Notepad's "UTF-8 with BOM" kept the heading in the memo ("\\ufeff# Forforståelse")."""
    memo = tmp_path / "preconceptions.md"
    memo.write_text("\ufeff# Forforståelse\n\nJeg tror skam er viktig.\n", encoding="utf-8")
    assert load_preconceptions(memo) == "Jeg tror skam er viktig."
