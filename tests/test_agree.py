"""stc agree: agreement between coders, and the codebook measured against the review."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sklearn.metrics import cohen_kappa_score

from stc.agree import agree_project, alpha, kappa
from stc.config import load_config
from stc.health import health_project
from tests.conftest import CONFIG, MakeProject, copy_sample, error_line, stc

CODEBOOK = """\
name: Test
language: nb
groups:
  - id: fellesskap
    label: Fellesskap
    codes:
      - id: ikke-alene
        label: Ikke alene
        keywords: [alene, "den eneste"]
      - id: gruppe
        label: Gruppa
        keywords: [gruppe]
  - id: leder
    label: Lederen
    codes:
      - id: leder
        label: Lederen
        keywords: ["*leder"]
"""

# One sentence per participant turn, so that every unit is one sentence.
INTERVIEW = """\
I: Hvordan var det?
Informant 1: Jeg var alene før.
I: Mhm.
Informant 1: Jeg trodde jeg var den eneste.
I: Og så?
Informant 1: Gruppa var fin.
I: Ja.
Informant 1: Alene hjemme er kjedelig.
I: Ja.
Informant 1: Gruppene hjalp meg.
I: Ja.
Informant 1: Jeg bor alene.
I: Ja.
Informant 1: Ingen andre forsto meg.
"""

ALONE_BEFORE = "informant-1:0b13bf"  # Jeg var alene før.
ONLY_ONE = "informant-1:08c5d4"  # Jeg trodde jeg var den eneste.
GROUP_FINE = "informant-1:dc3836"  # Gruppa var fin.
AT_HOME = "informant-1:8ee214"  # Alene hjemme er kjedelig.
GROUPS_HELPED = "informant-1:008d0c"  # Gruppene hjalp meg.
LIVE_ALONE = "informant-1:327221"  # Jeg bor alene.
NOBODY = "informant-1:1938f1"  # Ingen andre forsto meg. (the codebook suggests nothing)

CONFIG_WITH_AGREEMENT = CONFIG + "coder: kari\nreport:\n  agreement: true\n"


def entry(unit: str, kind: str, code: str, coder: str) -> str:
    return f"- unit: {unit}\n  {kind}: [{code}]\n  by: {coder}\n"


ALONE = "fellesskap/ikke-alene"
GROUP = "fellesskap/gruppe"

KARI = (
    entry(ALONE_BEFORE, "accept", ALONE, "kari")
    + entry(ONLY_ONE, "accept", ALONE, "kari")
    + entry(AT_HOME, "reject", ALONE, "kari")
    + entry(LIVE_ALONE, "reject", ALONE, "kari")
    + entry(NOBODY, "add", ALONE, "kari")
    + entry(GROUP_FINE, "accept", GROUP, "kari")
    + entry(GROUPS_HELPED, "accept", GROUP, "kari")
)
# Ola codes the sentence the codebook missed by its quote, a passage of his own: on the
# common segmentation (participant sentences) it is the same sentence as Kari's unit.
OLA = (
    entry(ALONE_BEFORE, "accept", ALONE, "ola")
    + entry(ONLY_ONE, "reject", ALONE, "ola")
    + entry(AT_HOME, "reject", ALONE, "ola")
    + entry(LIVE_ALONE, "reject", ALONE, "ola")
    + entry(GROUP_FINE, "accept", GROUP, "ola")
)


@pytest.fixture
def two_coders(make_project: MakeProject) -> Path:
    return make_project({"informant-1.txt": INTERVIEW}, CODEBOOK, coding=KARI + OLA)


def test_the_test_project_has_the_units_the_decisions_name(make_project: MakeProject) -> None:
    from stc.coding import code_project

    result = code_project(load_config(make_project({"informant-1.txt": INTERVIEW}, CODEBOOK)))
    ids = {u.id for u in [*result.units, *result.uncoded]}
    assert {ALONE_BEFORE, ONLY_ONE, GROUP_FINE, AT_HOME, GROUPS_HELPED, LIVE_ALONE, NOBODY} <= ids


def test_kappa_by_hand_on_two_coders_decisions(two_coders: Path) -> None:
    # fellesskap/ikke-alene is in play on five sentences (four suggested, one added by Kari):
    #   sentence          kari ola
    #   alene før           1   1
    #   den eneste          1   0
    #   alene hjemme        0   0
    #   bor alene           0   0
    #   ingen andre         1   0   (Ola did not code it: 0)
    # observed agreement po = 3/5 = 0.6; Kari says 1 in 3/5, Ola in 1/5;
    # chance pe = 3/5·1/5 + 2/5·4/5 = 0.12 + 0.32 = 0.44; κ = (0.6 - 0.44)/(1 - 0.44) = 2/7.
    result = agree_project(load_config(two_coders))
    alone = next(s for s in result.codes if s.code == ALONE)
    assert alone.units == 5
    assert alone.percent == pytest.approx(0.6)
    assert alone.kappa == pytest.approx(2 / 7)
    assert alone.kappa == pytest.approx(cohen_kappa_score([1, 1, 0, 0, 1], [1, 0, 0, 0, 0]))
    # Overall pools (sentence, code) pairs: add "Gruppa var fin." (1, 1); "Gruppene hjalp meg"
    # Ola never decided, so it is missing, not a disagreement. po = 4/6, pe = 4/6·2/6 + 2/6·4/6
    # = 16/36; κ = (24/36 - 16/36)/(20/36) = 0.4.
    assert result.overall.units == 6
    assert result.overall.kappa == pytest.approx(0.4)
    assert result.overall.kappa == pytest.approx(
        cohen_kappa_score([1, 1, 0, 0, 1, 1], [1, 0, 0, 0, 0, 1])
    )


def test_kappa_equals_scikit_learn_and_is_undefined_with_one_value() -> None:
    first = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1]
    second = [1, 0, 0, 1, 0, 1, 1, 0, 1, 0]
    assert kappa(first, second) == pytest.approx(cohen_kappa_score(first, second))
    assert kappa([1, 1, 1], [1, 1, 1]) is None


def test_alpha_equals_krippendorffs_published_examples() -> None:
    # Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School
    # for Communication, University of Pennsylvania, departmental paper 43,
    # https://repository.upenn.edu/asc_papers/43. Section A: binary data, two observers, no
    # missing data: alpha = 0.095.
    binary = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    assert alpha(binary) == pytest.approx(0.095, abs=5e-4)
    # Section C: nominal data, four observers, twelve units, missing data: alpha = 0.743.
    nominal = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    assert alpha(nominal) == pytest.approx(0.743, abs=5e-4)


def test_a_code_nobody_used_is_undefined_not_zero(two_coders: Path) -> None:
    code, _out, err = stc("agree", "-c", two_coders)
    assert code == 0, err
    summary = (two_coders.parent / "out" / "agreement_summary.csv").read_text(encoding="utf-8")
    assert "leder/leder,0,undefined,undefined (nobody used the code)," in summary
    assert "nan" not in summary.lower()
    # Kari and Ola agree on the one "Gruppa var fin." both decided: kappa has one value only
    assert f"{GROUP},1,1.000,undefined (one value only)" in summary


def test_disagreements_name_the_text_and_who_decided_what(two_coders: Path) -> None:
    code, out, err = stc("agree", "-c", two_coders, "--coders", "kari,ola")
    assert code == 0, err
    assert "sammenlignet på informantenes setninger" in out  # says which segmentation
    rows = (two_coders.parent / "out" / "agreement.csv").read_text(encoding="utf-8").splitlines()
    assert rows == [
        "code,transcript,participant,line,char_start,char_end,text,kari,ola",
        f"{ALONE},informant-1,informant-1,4,73,103,Jeg trodde jeg var den eneste.,accepted,rejected",
        f"{ALONE},informant-1,informant-1,14,284,307,Ingen andre forsto meg.,added,not coded",
    ]
    assert "not coded" in out and "rejected" in out


def test_coders_whose_units_differ_compare_on_sentences(make_project: MakeProject) -> None:
    # Ola codes "Ingen andre forsto meg." as a passage of his own, by quote.
    passage = (
        f'- transcript: informant-1\n  quote: "Ingen andre forsto"\n  add: [{ALONE}]\n  by: ola\n'
    )
    config = make_project({"informant-1.txt": INTERVIEW}, CODEBOOK, coding=KARI + OLA + passage)
    result = agree_project(load_config(config))
    texts = [d.segment.text for d in result.disagreements]
    assert texts == ["Jeg trodde jeg var den eneste."]
    assert next(s for s in result.codes if s.code == ALONE).percent == pytest.approx(0.8)


def test_one_coder_only_is_an_error(make_project: MakeProject) -> None:
    config = make_project({"informant-1.txt": INTERVIEW}, CODEBOOK, coding=KARI)
    code, _, err = stc("agree", "-c", config)
    assert code == 1
    assert "decisions by kari only; agreement needs two coders or more" in error_line(err)


def test_a_coder_without_decisions_is_an_error(two_coders: Path) -> None:
    code, _, err = stc("agree", "-c", two_coders, "--coders", "kari,olla")
    assert code == 1
    line = error_line(err)
    assert "coder 'olla' has no decisions" in line and "did you mean 'ola'?" in line


def test_coders_whose_names_differ_only_in_capitals_are_not_two_coders(
    make_project: MakeProject,
) -> None:
    """kari, Kari and ola were compared as three coders, Kari against herself."""
    kari_capital = entry(GROUP_FINE, "accept", GROUP, "Kari")
    config = make_project(
        {"informant-1.txt": INTERVIEW}, CODEBOOK, coding=KARI + OLA + kari_capital
    )
    path = config.parent / "coding.yaml"
    for args in ([], ["--coders", "kari,Kari,ola"]):
        code, _, err = stc("agree", "-c", config, *args)
        assert code == 1
        assert error_line(err) == (
            f"Error: {path}: coders 'Kari' and 'kari' differ only in capitals, and names are "
            "compared exactly, so agreement would count one coder as two; write by: kari where "
            "it says by: Kari (1 entry), or choose with --coders"
        )
    assert stc("agree", "-c", config, "--coders", "kari,ola")[0] == 0
    # The spelling stc.yaml's coder: has is the one to keep, however few its entries.
    config.write_text(config.read_text(encoding="utf-8") + "coder: Kari\n", encoding="utf-8")
    code, _, err = stc("agree", "-c", config)
    assert code == 1
    assert "write by: Kari where it says by: kari (7 entries)" in error_line(err)


def test_coders_with_no_sentence_in_common_is_an_error(make_project: MakeProject) -> None:
    coding = entry(ALONE_BEFORE, "accept", ALONE, "kari") + entry(
        GROUP_FINE, "accept", GROUP, "ola"
    )
    # Both leave the other's suggestions undecided: nothing is pairable.
    config = make_project({"informant-1.txt": INTERVIEW}, CODEBOOK, coding=coding)
    code, _, err = stc("agree", "-c", config)
    assert code == 1
    assert "have decided no sentence in common" in error_line(err)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("sample") / "transcripts_sample")


def test_codebook_health_flags_the_rules_behind_rejected_false_hits(sample: Path) -> None:
    health = health_project(load_config(sample))
    flagged = {(code, pattern) for code, _, pattern, _ in health.flagged}
    # "første gang" is a first time, rarely a fear of starting; "skam*" is shame about drinking
    assert ("sarbarhet/redd-i-starten", "første gang*") in flagged
    assert ("sarbarhet/redd-i-starten", "skam*") in flagged
    for item in health.codes:
        for (_, pattern), tally in item.rules.items():
            if tally.rejected > tally.accepted:
                assert (item.code, pattern) in flagged
            if tally.rejected < tally.accepted:
                assert (item.code, pattern) not in flagged
    redd = next(c for c in health.codes if c.code == "sarbarhet/redd-i-starten")
    assert "Det var første gang jeg skjønte at jeg ikke var den eneste." in (
        redd.rules[("keyword", "første gang*")].rejected_texts
    )


def test_codebook_health_csv_and_table_leave_the_codebook_alone(sample: Path) -> None:
    codebook = load_config(sample).codebook_path
    before = hashlib.sha256(codebook.read_bytes()).hexdigest()
    code, out, err = stc("agree", "-c", sample, "--codebook")
    assert code == 0, err
    assert hashlib.sha256(codebook.read_bytes()).hexdigest() == before
    text = (sample.parent / "out" / "codebook_health.csv").read_text(encoding="utf-8")
    assert text.startswith("kind,code,rule,pattern,accepted,rejected,added,pending,precision")
    assert "rule,sarbarhet/redd-i-starten,keyword,første gang*,4,14,,0,0.222,,half or more" in text
    assert "første gang*" in out
    # Every rule of the codebook is there, those that suggested nothing too.
    assert "rule,fellesskap/ikke-alene,keyword,kjenne seg igjen,0,0,,0,,,suggested nothing," in text
    rules = {tuple(r.split(",")[1:4]) for r in text.splitlines() if r.startswith("rule,")}
    model = load_config(sample)
    from stc.codebook import load_codebook

    book = load_codebook(model.codebook_path, model.config.language)
    assert {(c, "keyword", k) for c, _, code in book.codes for k in code.keywords} <= rules
    candidates = [r.split(",") for r in text.splitlines() if r.startswith("candidate,")]
    assert candidates, "words frequent in added units are offered as keywords"
    keywords = codebook.read_text(encoding="utf-8")
    for row in candidates:
        assert row[3] not in keywords and int(row[6]) >= 2


def test_the_report_has_an_agreement_appendix_when_asked(make_project: MakeProject) -> None:
    config = CONFIG_WITH_AGREEMENT
    path = make_project({"informant-1.txt": INTERVIEW}, CODEBOOK, config, KARI + OLA)
    code, _, err = stc("run", "-c", path)
    assert code == 0, err
    report = (path.parent / "out" / "report.md").read_text(encoding="utf-8")
    # A part of appendix B (counts, not findings), after the coverage and before C: it had no
    # letter and no place in the contents.
    appendix_b = report.split("## Vedlegg B.", 1)[1].split("## Vedlegg C.", 1)[0]
    assert "### Samsvar mellom kodere" in appendix_b
    # Who coded, whose decisions the report rests on, and from what the measures come.
    assert (
        "Kodere: kari, ola, sammenlignet på informantenes setninger; rapporten bygger på "
        "beslutningene til kari. Målene er regnet ut fra coding.yaml slik den står nå"
    ) in " ".join(report.split())
    assert "κ og \N{GREEK SMALL LETTER ALPHA} korrigerer for samsvar" in " ".join(report.split())
    # The code by its label, the numbers as Norwegian writes them, and the total in words.
    assert "| Ikke alene | 5 | 60\u00a0% | 0,286 | 0,250 |" in report
    assert "– Lederen: udefinert, ingen brukte koden" in report
    assert "| totalt | " in report
    html = (path.parent / "out" / "report.html").read_text(encoding="utf-8")
    assert '<h3 id="appendix-agreement">Samsvar mellom kodere</h3>' in html
    from docx import Document

    assert stc("export", "docx", "-c", path)[0] == 0
    word = Document(str(path.parent / "out" / "test.docx"))
    assert "Samsvar mellom kodere" in [p.text for p in word.paragraphs]
    assert ["Ikke alene", "5", "60\u00a0%", "0,286", "0,250"] in [
        [c.text for c in row.cells] for table in word.tables for row in table.rows
    ]
    # without the setting, no appendix
    path.write_text(CONFIG + "coder: kari\n", encoding="utf-8")
    assert stc("run", "-c", path)[0] == 0
    assert "Samsvar" not in (path.parent / "out" / "report.md").read_text(encoding="utf-8")


def test_one_coder_named_with_coders_is_an_error(two_coders: Path) -> None:
    code, _, err = stc("agree", "-c", two_coders, "--coders", "kari")
    assert code == 1
    assert error_line(err) == (
        "Error: --coders kari: agreement needs two coders or more, e.g. --coders kari,ola"
    )


def test_codebook_health_of_one_of_several_coders(two_coders: Path) -> None:
    code, _, err = stc("agree", "-c", two_coders, "--codebook")
    assert code == 1 and "say whose the report uses" in error_line(err)
    code, out, err = stc("agree", "-c", two_coders, "--codebook", "--coder", "ola")
    assert code == 0, err
    assert "Kodeboken mot gjennomgangen til ola" in out  # the project speaks Norwegian


def test_what_a_coder_has_not_decided_yet_is_counted_and_said(make_project: MakeProject) -> None:
    """A second coder's unfinished review was left out of the measures without a word."""
    path = make_project({"informant-1.txt": INTERVIEW}, CODEBOOK, CONFIG_WITH_AGREEMENT, KARI + OLA)
    result = agree_project(load_config(path))
    # Ola never decided "Gruppene hjalp meg.", which the codebook suggests and Kari accepted.
    assert result.undecided == {"kari": 0, "ola": 1}
    code, _, err = stc("run", "-c", path)
    assert code == 0, err
    report = " ".join((path.parent / "out" / "report.md").read_text(encoding="utf-8").split())
    assert "Ennå ikke avgjort, og utelatt fra målene som manglende: ola 1." in report


def test_with_three_coders_the_report_says_kappa_is_for_two(make_project: MakeProject) -> None:
    """With three coders every κ cell was "–", and nothing said why."""
    per = (
        entry(ALONE_BEFORE, "accept", ALONE, "per")
        + entry(ONLY_ONE, "accept", ALONE, "per")
        + entry(AT_HOME, "reject", ALONE, "per")
        + entry(LIVE_ALONE, "accept", ALONE, "per")
        + entry(GROUP_FINE, "accept", GROUP, "per")
    )
    path = make_project(
        {"informant-1.txt": INTERVIEW}, CODEBOOK, CONFIG_WITH_AGREEMENT, KARI + OLA + per
    )
    code, _, err = stc("run", "-c", path)
    assert code == 0, err
    report = (path.parent / "out" / "report.md").read_text(encoding="utf-8")
    said = "κ: Cohens kappa sammenligner to kodere; med 3 kodere, les \N{GREEK SMALL LETTER ALPHA}"
    assert f"– {said}" in report
    code, out, _ = stc("agree", "-c", path)
    assert code == 0 and said in out
