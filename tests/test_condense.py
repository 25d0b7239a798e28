"""Step 3: condensation.yaml gets drafts, and never loses a byte the researcher wrote."""

from __future__ import annotations

import dataclasses
import io
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from stc import yamledit
from stc.codebook import Codebook
from stc.coding import CodingResult, code_project
from stc.condense import (
    Condensation,
    condense,
    copies_unit,
    draft_hash,
    in_first_person,
    load_condensation,
    merge,
    method_checks,
    show,
)
from stc.config import load_config
from stc.drafts import FILLER, MAX_WORDS, MIN_WORDS, draft_condensate, word_count
from stc.errors import CondensationError
from tests.conftest import accepting

STC_YAML = """\
title: Test
language: nb
transcripts: [transcripts/*.txt]
codebook: codebook.yaml
speakers:
  interviewer: [I]
units:
  mode: {mode}
  max_sentences: 4
"""

CODEBOOK = """\
name: Test
language: nb
groups:
  - id: fellesskap
    label: Fellesskap
    codes:
      - id: ikke-alene
        label: Ikke alene
        keywords: [alene, "den eneste", "samme båt"]
      - id: dele
        label: Å dele
        keywords: [dele, delte, fortalte]
  - id: sarbarhet
    label: Sårbarhet
    codes:
      - id: redd
        label: Redd i starten
        keywords: [redd, skummelt, nervøs]
      - id: trygg
        label: Trygghet
        keywords: ["trygg*", tillit]
  - id: nytte
    label: Nytte
    codes:
      - id: utbytte
        label: Utbytte
        keywords: [lærte, nyttig, hjalp]
      - id: kjedelig
        label: Kjedelig
        keywords: [kjedelig]
      - id: ubrukt
        label: Ingen enheter
        keywords: [sjiraff]
"""

TRANSCRIPTS = {
    "informant-a": """\
I: Hvordan var det å begynne i gruppa?
Informant A: Eh ... jeg var veldig redd den første gangen. Jeg var redd for at noen skulle kjenne meg igjen. (ler)
Informant A: Men så skjønte jeg at jeg ikke var alene. Vi satt liksom i samme båt alle sammen, ehm, hele gruppa.
I: Mhm.
Informant A: Det var skummelt å dele historien min, men jeg jeg delte den til slutt. Etter hvert ble det trygt å være der.
Informant A: Jeg lærte mye om meg selv. Det var nyttig å høre hvordan de andre hadde det hjemme.
Informant A: Noen ganger var det kjedelig, når vi bare satt og så på lysark.
""",
    "informant-b": """\
I: Kan du fortelle om starten?
Informant B: Ja, jeg var nervøs i mange uker før jeg turte å si noe. Det var skummelt å sitte i ringen.
Informant B: Jeg trodde jeg var den eneste som hadde drukket i skjul. Da de andre fortalte sine historier, kjente jeg meg igjen.
Informant B: Gruppelederen skapte tillit, og etter hvert følte jeg meg trygg nok til å åpne meg.
Informant B: Jeg lærte å kjenne igjen suget, og det hjalp meg mye i hverdagen etterpå.
Informant B: Å dele erfaringer med andre ga meg mot til å fortsette behandlingen.
""",
    "informant-c": """\
I: Hva betydde gruppa for deg?
Informant C: Mhm, jeg følte meg ikke alene lenger, for vi var i samme båt.
Informant C: Jeg var redd for å bli dømt av de andre, (pause) men ingen dømte meg der.
Informant C: Det var trygt å fortelle ting jeg aldri hadde fortalt noen før, og de andre delte også sine ting.
Informant C: Jeg lærte at det går an å be om hjelp, og det var nyttig for meg.
""",
}


def write_project(
    root: Path,
    transcripts: dict[str, str] | None = None,
    codebook: str = CODEBOOK,
    mode: str = "sentences",
) -> Path:
    """A small Norwegian project on disk; the path of its stc.yaml."""
    (root / "transcripts").mkdir(parents=True, exist_ok=True)
    for old in (root / "transcripts").glob("*.txt"):
        old.unlink()
    for name, text in (transcripts or TRANSCRIPTS).items():
        (root / "transcripts" / f"{name}.txt").write_text(text, encoding="utf-8")
    (root / "codebook.yaml").write_text(codebook, encoding="utf-8")
    (root / "stc.yaml").write_text(STC_YAML.format(mode=mode), encoding="utf-8")
    # The decisions are taken in memory (``code``), but a project with condensates has its
    # coding file (``coding.check_coding_path``).
    (root / "coding.yaml").write_text("[]\n", encoding="utf-8")
    return root / "stc.yaml"


def code(config: Path) -> CodingResult:
    """Step 2's result with every suggestion accepted: condensation rests on confirmed units."""
    return accepting(code_project(load_config(config)))


def units_of(result: CodingResult, code_id: str) -> list[str]:
    return [u.id for u in result.units if code_id in u.codes]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> CodingResult:
    return code(write_project(tmp_path_factory.mktemp("base")))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path)


def read(path: Path) -> Condensation:
    loaded = load_condensation(path)
    assert loaded is not None
    return loaded


def edit(path: Path, old: str, new: str) -> None:
    """Change the file as a researcher would in an editor: one exact replacement."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def choose_golden_quote(path: Path, code: str, unit_id: str) -> None:
    """Set a code's golden_quote in the file, as a researcher would."""
    text = path.read_text(encoding="utf-8")
    empty = "        golden_quote:\n"
    at = text.index(empty, text.index(f"\n      {code}:\n"))
    path.write_text(
        text[:at] + f"        golden_quote: {unit_id}\n" + text[at + len(empty) :], "utf-8"
    )


def condensate_lines(path: Path, code: str) -> str:
    """The literal block of a code's condensate, as it stands in the file."""
    text = path.read_text(encoding="utf-8")
    match = re.search(
        rf"\n      {code}:\n        status: \w+\n(?:.*\n)*?(        condensate: \|\n(?:          .*\n)+)",
        text,
    )
    assert match, code
    return match.group(1)


# --- creating drafts ---------------------------------------------------------------------------


def test_condense_writes_a_draft_for_every_code_with_units_next_to_stc_yaml(project: Path) -> None:
    result = code(project)
    report = condense(result)
    path = project.parent / "condensation.yaml"
    assert report.path == path and report.written
    data = read(path)
    assert list(data.groups) == ["fellesskap", "sarbarhet", "nytte"]
    assert list(data.groups["nytte"].codes) == ["utbytte", "kjedelig"]
    assert report.created == [
        "fellesskap/ikke-alene",
        "fellesskap/dele",
        "sarbarhet/redd",
        "sarbarhet/trygg",
        "nytte/utbytte",
        "nytte/kjedelig",
    ]
    group = data.groups["fellesskap"]
    assert group is not None and group.heading is None and group.analytic_text is None
    entry = data.code("fellesskap/ikke-alene")
    assert entry is not None
    assert entry.status == "draft" and entry.golden_quote is None
    assert entry.units == units_of(result, "fellesskap/ikke-alene")
    assert entry.fingerprint and entry.draft_hash
    candidates = entry.golden_quote_candidates
    assert 1 <= len(candidates) <= 3
    assert len({c.participant for c in candidates}) == len(
        candidates
    )  # distinct participants first
    texts = {u.id: " ".join(u.text.split()) for u in result.units}
    assert all(c.text == texts[c.unit] for c in candidates)
    raw = path.read_text(encoding="utf-8")
    assert raw.startswith("# Step 3 (condensation)")
    assert "        condensate: |\n" in raw  # multi-line condensates are literal blocks


def test_a_draft_and_its_golden_quote_candidates_leave_the_other_voices_out(
    project: Path,
) -> None:
    """A condensate speaks for the subgroup's main line: a unit marked ``voice: dissent`` is
    listed among the entry's units (staleness follows it), but neither drafted nor offered
    as the golden quote."""
    result = code(project)
    units = [u for u in result.units if "sarbarhet/redd" in u.codes]
    against = next(u for u in units if u.participant == "informant-c")
    against.voice = "dissent"
    condense(result)
    entry = read(project.parent / "condensation.yaml").code("sarbarhet/redd")
    assert entry is not None and entry.condensate is not None
    assert against.id in entry.units
    assert [c.unit for c in entry.golden_quote_candidates]
    assert against.id not in [c.unit for c in entry.golden_quote_candidates]
    assert "dømt" not in entry.condensate  # informant C's words


def test_the_method_check_and_show_count_the_main_line_as_the_report_does(
    project: Path,
) -> None:
    """A participant whose only unit of a code speaks against it is another voice: "units
    from 2 participants" counted them as support, and a code resting on one participant
    passed the one-participant check because someone else disagreed."""
    from stc.condense import method_checks, show
    from stc.messages import message

    result = code(project)
    units = [u for u in result.units if "sarbarhet/redd" in u.codes]
    others = {u.participant for u in units} - {units[0].participant}
    assert others, "the sample code has units from several participants"
    for unit in units:
        if unit.participant != units[0].participant:
            unit.voice = "dissent"
    condense(result)
    path = project.parent / "condensation.yaml"
    main = [u for u in units if u.voice != "dissent"]
    voices = len(units) - len(main)
    one = message(
        "nb",
        "check_one_participant_voices",
        code="sarbarhet/redd",
        units=len(main),
        participant=units[0].participant,
        voices=voices,
    )
    assert one in method_checks(read(path), result)
    assert f"hovedlinjen ({len(main)} meningsbærende enhet" in one and "imot" in one
    lines = show(result, path, "sarbarhet/redd").lines()
    assert f"meaning units: {len(main)} from 1 participant" in lines
    assert message("en", "show_voices", n=voices) in lines
    assert sum(line.endswith("] (other voice)") for line in lines) == voices
    norsk = show(result, path, "sarbarhet/redd").lines("nb")
    assert sum(line.endswith("] (annen stemme)") for line in norsk) == voices
    # The status in words, with the key it has in condensation.yaml ("[edited]" was all).
    assert any(line.endswith("[utkast fra stc; status: draft]") for line in norsk), norsk


def test_show_says_how_many_suggestions_of_a_code_wait(project: Path) -> None:
    # A code nobody had reviewed showed "0 from 0 participants" and nothing of its waiting.
    result = code_project(load_config(project))
    code_id = next(c for u in result.units for c, s in u.states.items() if s == "suggested")
    waiting = sum(1 for u in result.units if u.states.get(code_id) == "suggested")
    lines = show(result, None, code_id).lines("nb")
    assert "meningsbærende enheter: 0 fra 0 informanter" in lines
    assert (
        f"venter på gjennomgang: {waiting} forslag, ikke med i tellingen over (`stc review`)"
        in lines
    )
    assert not any("venter" in line for line in show(code(project), None, code_id).lines("nb"))


def test_a_code_of_other_voices_only_is_named_by_the_method_check_and_show(
    project: Path,
) -> None:
    """A code whose every unit is marked dissent rests on no participant: the report warns,
    and stc condense said nothing; --show said "0 from 0 participants" and that its units
    were left out of the draft, which is made from them when there is nothing else."""
    from stc.condense import method_checks, show
    from stc.messages import message

    result = code(project)
    units = [u for u in result.units if "sarbarhet/redd" in u.codes]
    for unit in units:
        unit.voice = "dissent"
    condense(result)
    path = project.parent / "condensation.yaml"
    found = method_checks(read(path), result)
    assert message("nb", "check_only_voices", code="sarbarhet/redd", units=len(units)) in found
    assert not any("sarbarhet/redd" in f and "én informant" in f for f in found)
    lines = show(result, path, "sarbarhet/redd").lines()
    who = len({u.participant for u in units})
    assert f"meaning units: {len(units)} from {who} participant" + "s" * (who != 1) in lines
    assert message("en", "show_only_voices") in lines
    assert not any(line.startswith("other voices (") for line in lines)
    entry = read(path).code("sarbarhet/redd")
    assert entry is not None and entry.condensate  # drafted from them


@pytest.mark.parametrize("status", ["", "        status: edited\n"])
def test_a_condensate_written_by_hand_is_not_stale_at_its_first_run(
    project: Path, status: str
) -> None:
    """An entry a researcher wrote by hand (no units: recorded by stc yet) was marked stale
    at the first run, every unit "added", whether or not it said status: edited."""
    path = project.parent / "condensation.yaml"
    path.write_text(
        "groups:\n  sarbarhet:\n    codes:\n      redd:\n"
        f"        condensate: Jeg var redd i starten, men det gikk over.\n{status}",
        encoding="utf-8",
    )
    report = condense(code(project))
    assert "sarbarhet/redd" in report.edited and not report.stale
    entry = read(path).code("sarbarhet/redd")
    assert entry is not None and entry.status == "edited" and entry.units
    assert entry.condensate == "Jeg var redd i starten, men det gikk over."


def test_second_run_changes_nothing_and_writes_nothing(project: Path) -> None:
    result = code(project)
    condense(result)
    path = project.parent / "condensation.yaml"
    before = path.read_bytes()
    report = condense(code(project))
    assert not report.written
    assert path.read_bytes() == before
    assert not path.with_name("condensation.yaml.bak").exists()
    assert len(report.unchanged) == 6 and not report.created


def test_drafts_are_deterministic_40_to_120_words_of_the_units_own_words(
    base: CodingResult,
) -> None:
    first, _ = merge(None, base)
    again, _ = merge(None, base)
    assert first == again
    data = YAML(typ="safe").load(first)
    for group in base.codebook.groups:
        for item in group.codes:
            code_id = f"{group.id}/{item.id}"
            units = [u for u in base.units if code_id in u.codes]
            if not units:
                continue
            draft = data["groups"][group.id]["codes"][item.id]["condensate"]
            spoken = set(re.findall(r"\w+", " ".join(u.text for u in units).lower()))
            used = re.findall(r"\w+", draft.lower())
            assert set(used) <= spoken, code_id  # only the participants' words
            assert not [w for w in used if FILLER.match(w)], draft
            assert "ler" not in used and "pause" not in used  # annotations are not speech
            total = sum(word_count(u.text) for u in units)
            if total >= MIN_WORDS + 20:
                assert MIN_WORDS <= word_count(draft) <= MAX_WORDS, (code_id, draft)


def test_draft_drops_hesitations_back_channels_and_restarts(base: CodingResult) -> None:
    units = [u for u in base.units if "redd" in u.text or "delte den" in u.text]
    text = draft_condensate(units, base.pipeline).text
    assert "Eh" not in text and "..." not in text and "(ler)" not in text
    assert "jeg jeg" not in text.lower()
    assert "Jeg var veldig redd den første gangen." in text


def test_a_draft_of_few_words_uses_them_all_and_says_so(base: CodingResult) -> None:
    _, report = merge(None, base)
    assert "nytte/kjedelig" in report.short
    assert any(line.startswith("short: nytte/kjedelig") for line in report.lines())
    # In the project's language, as `stc condense` and `stc run` print it.
    assert any(
        line.startswith("kort: nytte/kjedelig: enhetene") for line in report.lines(language="nb")
    )


# --- the researcher's text -------------------------------------------------------------------


def test_an_edited_condensate_is_kept_byte_for_byte_and_marked_edited(project: Path) -> None:
    condense(code(project))
    path = project.parent / "condensation.yaml"
    block = condensate_lines(path, "redd")
    mine = "        condensate: |  # my words\n          Jeg var redd – æøå ÆØÅ: «helt» #1.\n"
    edit(path, block, mine)
    report = condense(code(project))
    assert report.edited == ["sarbarhet/redd"]
    assert mine in path.read_text(encoding="utf-8")
    entry = read(path).code("sarbarhet/redd")
    assert entry is not None and entry.status == "edited"
    assert path.with_name("condensation.yaml.bak").exists()


def test_choosing_a_golden_quote_marks_the_entry_edited(project: Path, base: CodingResult) -> None:
    result = code(project)
    condense(result)
    path = project.parent / "condensation.yaml"
    chosen = units_of(result, "sarbarhet/trygg")[0]
    choose_golden_quote(path, "trygg", chosen)
    checks = condense(code(project)).checks
    entry = read(path).code("sarbarhet/trygg")
    assert entry is not None and entry.status == "edited" and entry.golden_quote == chosen
    # Its condensate is still stc's draft, the participants' words: not checked as the
    # researcher's ("copies a unit word for word", "no first person").
    assert not any(c.startswith("sarbarhet/trygg:") for c in checks), checks


def test_unedited_drafts_are_refreshed_when_their_units_change(project: Path) -> None:
    condense(code(project))
    path = project.parent / "condensation.yaml"
    transcript = project.parent / "transcripts" / "informant-b.txt"
    transcript.write_text(
        transcript.read_text("utf-8") + "Informant B: Jeg var også redd for gruppelederen.\n",
        "utf-8",
    )
    result = code(project)
    report = condense(result)
    assert "sarbarhet/redd" in report.refreshed
    entry = read(path).code("sarbarhet/redd")
    assert entry is not None and entry.status == "draft"
    assert entry.units == units_of(result, "sarbarhet/redd")


def test_an_edited_entry_becomes_stale_when_a_unit_is_added_or_removed(project: Path) -> None:
    condense(code(project))
    path = project.parent / "condensation.yaml"
    mine = "        condensate: |\n          Jeg var redd, men det gikk over.\n"
    edit(path, condensate_lines(path, "redd"), mine)
    condense(code(project))
    recorded = read(path).code("sarbarhet/redd")
    assert recorded is not None and recorded.status == "edited"

    transcript = project.parent / "transcripts" / "informant-c.txt"
    text = transcript.read_text("utf-8")
    transcript.write_text(text + "Informant C: Jeg var redd for å komme for sent.\n", "utf-8")
    result = code(project)
    report = condense(result)
    added = sorted(set(units_of(result, "sarbarhet/redd")) - set(recorded.units))
    assert len(added) == 1
    assert [(s.code, s.added, s.removed, s.new) for s in report.stale] == [
        ("sarbarhet/redd", added, [], True)
    ]
    assert f"stale: sarbarhet/redd: added {added[0]}" in report.lines()
    assert f"foreldet: sarbarhet/redd: nye enheter {added[0]}" in report.lines(language="nb")
    assert f"veraltet: sarbarhet/redd: neue Einheiten {added[0]}" in report.lines(language="de")
    entry = read(path).code("sarbarhet/redd")
    assert entry is not None and entry.status == "stale"
    assert entry.changes is not None and entry.changes.added == added
    assert entry.units == recorded.units  # what the condensate was written from
    assert mine in path.read_text("utf-8")

    # Removing a unit: the transcript line that held it is gone.
    transcript.write_text(
        text.replace(
            "Jeg var redd for å bli dømt av de andre, (pause) men ingen dømte meg der.\n",
            "Ingen dømte meg der.\n",
        ),
        "utf-8",
    )
    result = code(project)
    report = condense(result)
    stale = report.stale[0]
    assert stale.code == "sarbarhet/redd" and not stale.new
    assert len(stale.removed) == 1 and stale.removed[0] in recorded.units

    # The researcher revises the condensate and says so: the entry is theirs again.
    edit(path, "        status: stale\n", "        status: edited\n")
    report = condense(code(project))
    assert report.stale == [] and "sarbarhet/redd" in report.edited
    entry = read(path).code("sarbarhet/redd")
    assert entry is not None and entry.status == "edited" and entry.changes is None
    assert entry.units == units_of(code(project), "sarbarhet/redd")
    assert mine in path.read_text("utf-8")


def test_codes_that_leave_the_codebook_are_kept_under_orphaned_and_come_back(project: Path) -> None:
    condense(code(project))
    path = project.parent / "condensation.yaml"
    mine = "        condensate: |\n          Vi var i samme båt.\n"
    edit(path, condensate_lines(path, "ikke-alene"), mine)
    edit(path, "  fellesskap:\n    heading:\n", "  fellesskap:\n    heading: Å ikke være alene\n")
    edit(path, "  sarbarhet:\n", "  # about fear\n  sarbarhet:\n")
    codebook = project.parent / "codebook.yaml"
    # The whole fellesskap group and the code sarbarhet/trygg leave the codebook.
    without = CODEBOOK.replace(
        CODEBOOK[CODEBOOK.index("  - id: fellesskap") : CODEBOOK.index("  - id: sarbarhet")], ""
    )
    without = without.replace(
        without[without.index("      - id: trygg") : without.index("  - id: nytte")], ""
    )
    codebook.write_text(without, "utf-8")
    report = condense(code(project))
    assert report.orphaned == ["fellesskap/ikke-alene", "fellesskap/dele", "sarbarhet/trygg"]
    data = read(path)
    assert list(data.groups) == ["sarbarhet", "nytte"]
    assert list(data.orphaned) == ["fellesskap", "sarbarhet"]
    orphan = data.orphaned["fellesskap"]
    assert orphan is not None and orphan.heading == "Å ikke være alene"
    assert orphan.codes["ikke-alene"] is not None
    text = path.read_text("utf-8")
    assert mine in text and "  # about fear\n  sarbarhet:\n" in text

    codebook.write_text(CODEBOOK, "utf-8")
    report = condense(code(project))
    assert sorted(report.restored) == [
        "fellesskap/dele",
        "fellesskap/ikke-alene",
        "sarbarhet/trygg",
    ]
    data = read(path)
    assert list(data.groups) == ["fellesskap", "sarbarhet", "nytte"] and not data.orphaned
    assert data.groups["fellesskap"].heading == "Å ikke være alene"
    assert list(data.groups["sarbarhet"].codes) == ["redd", "trygg"]
    assert mine in path.read_text("utf-8")
    assert "\norphaned:" not in path.read_text("utf-8")


def test_an_entry_whose_misspelt_key_is_fixed_under_orphaned_comes_back(project: Path) -> None:
    """A typo in a code's key sent the researcher's entry under orphaned: and stc drafted the
    code anew; once the key was fixed there, the draft stayed and theirs stayed orphaned."""
    condense(code(project))
    path = project.parent / "condensation.yaml"
    mine = "        condensate: |\n          Vi var i samme båt.\n"
    edit(path, condensate_lines(path, "ikke-alene"), mine)
    edit(path, "      ikke-alene:\n", "      ikke_alene:\n")
    report = condense(code(project))
    assert (
        report.orphaned == ["fellesskap/ikke_alene"] and "fellesskap/ikke-alene" in report.created
    )
    text = path.read_text("utf-8")
    orphaned = text.split("\norphaned:\n", 1)[1]
    path.write_text(
        text.replace(orphaned, orphaned.replace("      ikke_alene:\n", "      ikke-alene:\n")),
        "utf-8",
    )
    # Had the researcher written in the new entry too, both would be theirs: stc says so.
    saved = path.read_text("utf-8")
    path.write_text(saved.replace("status: draft", "status: edited", 1), "utf-8")
    twice = condense(code(project))
    assert twice.twice == ["fellesskap/ikke-alene"] and "orphaned:" in path.read_text("utf-8")
    assert (
        "fellesskap/ikke-alene: both groups: and orphaned: hold an entry; keep the one you want "
        "under groups: and delete the other"
    ) in twice.lines()
    path.write_text(saved, "utf-8")
    report = condense(code(project))
    assert report.restored == ["fellesskap/ikke-alene"]
    data = read(path)
    assert not data.orphaned
    entry = data.code("fellesskap/ikke-alene")
    assert entry is not None and entry.edited and mine in path.read_text("utf-8")


def test_comments_ordering_and_formatting_of_the_researcher_survive(project: Path) -> None:
    result = code(project)
    condense(result)
    path = project.parent / "condensation.yaml"
    text = path.read_text("utf-8")
    # The researcher moves nytte to the top, writes comments everywhere and a quoted heading.
    nytte = text[text.index("  nytte:") :]
    text = text[: text.index("  nytte:")].rstrip("\n") + "\n"
    text = text.replace("groups:\n", "groups:  # my categories\n" + nytte.rstrip("\n") + "\n\n", 1)
    text = text.replace(
        "  sarbarhet:\n    heading:\n",
        "  sarbarhet:\n    heading: 'Redsel: og tillit'   # quoted on purpose\n",
    )
    text = text.replace("        units: [", "        # tool fields below\n        units: [", 1)
    text += "\n# end of my file\n"
    path.write_text(text, "utf-8")
    transcript = project.parent / "transcripts" / "informant-a.txt"
    transcript.write_text(
        transcript.read_text("utf-8") + "Informant A: Jeg lærte å puste.\n", "utf-8"
    )
    condense(code(project))
    after = path.read_text("utf-8")
    assert after.index("  nytte:") < after.index("  fellesskap:")
    for line in (
        "groups:  # my categories\n",
        "    heading: 'Redsel: og tillit'   # quoted on purpose\n",
        "        # tool fields below\n",
        "\n# end of my file\n",
    ):
        assert line in after


def test_crlf_and_four_space_indentation_are_kept(base: CodingResult) -> None:
    mine = (
        "groups:\r\n"
        "    sarbarhet:\r\n"
        "        heading: Frykt\r\n"
        "        codes:\r\n"
        "            redd:\r\n"
        "                status: edited\r\n"
        "                condensate: |\r\n"
        "                    Jeg var redd.\r\n"
        "                    # not a comment: part of the condensate\r\n"
    )
    text, _ = merge(mine, base)
    assert "\r\n    sarbarhet:\r\n        heading: Frykt\r\n        codes:\r\n" in text
    assert mine[mine.index("                condensate: |") :] in text
    assert "\n" not in text.replace("\r\n", "")
    data = YAML(typ="safe").load(text)
    assert data["groups"]["sarbarhet"]["codes"]["redd"]["condensate"] == (
        "Jeg var redd.\n# not a comment: part of the condensate\n"
    )
    assert "\r\n            trygg:\r\n                status: draft\r\n" in text


# --- bad input -------------------------------------------------------------------------------


def test_invalid_yaml_is_a_clear_error_and_the_file_is_untouched(project: Path) -> None:
    path = project.parent / "condensation.yaml"
    path.write_text("groups:\n  fellesskap:\n    heading: [unclosed\n", "utf-8")
    before = path.read_bytes()
    with pytest.raises(
        CondensationError, match=r"condensation.yaml: invalid YAML at line \d+, column \d+"
    ):
        condense(code(project))
    assert path.read_bytes() == before
    assert sorted(p.name for p in project.parent.iterdir() if "condensation" in p.name) == [
        "condensation.yaml"
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        # ruamel printed both values, a condensate over many lines, as the error.
        (
            "groups:\n  fellesskap:\n    analytic_text: |\n      Lang tekst.\n      Mer.\n"
            "    analytic_text: Kort.\n",
            "invalid YAML at line 6, column 5: the key 'analytic_text' stands twice in one "
            "mapping; keep one of them (merge the texts into it)",
        ),
        # The line indented wrong is the one before the line the parser names.
        (
            "groups:\n  fellesskap:\n    codes:\n      ikke-alene:\n        status: edited\n"
            "      golden_quote: x\n        golden_quote_candidates: []\n",
            "look at the indentation of lines 6 and 7",
        ),
    ],
)
def test_a_yaml_mistake_in_condensation_yaml_is_one_line_with_its_fix(
    project: Path, written: str, message: str
) -> None:
    path = project.parent / "condensation.yaml"
    path.write_text(written, "utf-8")
    with pytest.raises(CondensationError) as caught:
        condense(code(project))
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_an_unknown_field_names_the_path_and_the_nearest_key(project: Path) -> None:
    condense(code(project))
    path = project.parent / "condensation.yaml"
    edit(
        path,
        "      ikke-alene:\n        status: draft\n",
        "      ikke-alene:\n        status: draft\n        condensat: hei\n",
    )
    before = path.read_bytes()
    with pytest.raises(CondensationError) as caught:
        condense(code(project))
    assert str(caught.value) == (
        f"{path}: [groups -> fellesskap -> codes -> ikke-alene -> condensat] unknown key "
        "'condensat'; did you mean 'condensate'?"
    )
    assert path.read_bytes() == before
    with pytest.raises(CondensationError, match="did you mean 'condensate'"):
        load_condensation(path)


def test_one_quote_given_where_a_list_goes_gets_the_list_to_write(project: Path) -> None:
    """`quotes: informant-1:abc123` said only "Input should be a valid list"."""
    condense(code(project))
    path = project.parent / "condensation.yaml"
    edit(
        path,
        "      ikke-alene:\n        status: draft\n",
        "      ikke-alene:\n        status: draft\n        quotes: informant-1:abc123\n",
    )
    before = path.read_bytes()
    with pytest.raises(CondensationError) as caught:
        condense(code(project))
    assert str(caught.value) == (
        f"{path}: [groups -> fellesskap -> codes -> ikke-alene -> quotes] must be a list, even "
        "of one; write quotes: [informant-1:abc123]"
    )
    assert path.read_bytes() == before
    # Two ids written without brackets: each goes in them, not the two as one string.
    edit(path, "quotes: informant-1:abc123\n", "quotes: informant-1:abc123, informant-2:def456\n")
    with pytest.raises(
        CondensationError, match=r"write quotes: \[informant-1:abc123, informant-2:def456\]$"
    ):
        condense(code(project))
    # One id in brackets where one value goes.
    edit(
        path,
        "quotes: informant-1:abc123, informant-2:def456\n",
        "golden_quote: [informant-1:abc123]\n",
    )
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("        golden_quote:\n", "", 1), encoding="utf-8")
    with pytest.raises(CondensationError) as caught:
        condense(code(project))
    assert str(caught.value).endswith(
        "golden_quote] must be one value, not a list; write golden_quote: informant-1:abc123"
    )
    edit(path, "golden_quote: [informant-1:abc123]\n", "golden_quote: [informant-1:abc123, b:1]\n")
    with pytest.raises(
        CondensationError, match=r"keep one, e\.g\. golden_quote: informant-1:abc123$"
    ):
        condense(code(project))


def test_a_golden_quote_that_does_not_exist_is_reported_not_deleted(project: Path) -> None:
    condense(code(project))
    path = project.parent / "condensation.yaml"
    choose_golden_quote(path, "dele", "informant-a:ffffff")
    report = condense(code(project))
    assert any(
        "fellesskap/dele: golden_quote informant-a:ffffff er ikke lenger en meningsbærende enhet"
        for c in report.checks
    )
    assert "        golden_quote: informant-a:ffffff\n" in path.read_text("utf-8")
    report = condense(code(project))
    assert any("informant-a:ffffff" in c for c in report.checks)


def test_a_read_only_folder_is_a_clear_error_and_nothing_is_lost(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    condense(code(project))
    path = project.parent / "condensation.yaml"
    edit(path, condensate_lines(path, "redd"), "        condensate: |\n          Mine ord.\n")
    before = path.read_bytes()

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(
        CondensationError, match=r"cannot write condensation\.yaml .*was not changed"
    ):
        condense(code(project))
    assert path.read_bytes() == before
    leftovers = [p.name for p in project.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_folder_without_write_permission_is_a_clear_error(project: Path) -> None:
    condense(code(project))
    path = project.parent / "condensation.yaml"
    edit(path, condensate_lines(path, "redd"), "        condensate: |\n          Mine ord.\n")
    before = path.read_bytes()
    project.parent.chmod(0o555)
    try:
        probe = project.parent / ".probe"
        try:
            probe.write_text("x")
        except PermissionError:
            pass
        else:
            probe.unlink()
            pytest.skip("running as a user whom permissions do not stop (root)")
        with pytest.raises(CondensationError, match="Permission denied"):
            condense(code(project))
    finally:
        project.parent.chmod(0o755)
    assert path.read_bytes() == before


def test_the_previous_file_is_kept_as_bak(project: Path) -> None:
    condense(code(project))
    path = project.parent / "condensation.yaml"
    edit(path, "  sarbarhet:\n    heading:\n", "  sarbarhet:\n    heading: Frykt\n")
    (project.parent / "transcripts" / "informant-c.txt").unlink()
    previous = path.read_bytes()
    report = condense(code(project))
    assert report.written
    assert path.with_name("condensation.yaml.bak").read_bytes() == previous


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_symlinked_file_stays_a_link_and_its_target_is_updated(project: Path) -> None:
    condense(code(project))
    real = project.parent / "shared" / "condensation.yaml"
    real.parent.mkdir()
    path = project.parent / "condensation.yaml"
    path.replace(real)
    path.symlink_to(Path("shared") / "condensation.yaml")
    edit(path, "  sarbarhet:\n    heading:\n", "  sarbarhet:\n    heading: Frykt\n")
    previous = real.read_bytes()
    (project.parent / "transcripts" / "informant-c.txt").unlink()
    assert condense(code(project)).written
    assert path.is_symlink() and path.resolve() == real.resolve()
    assert real.read_bytes() != previous and "heading: Frykt\n" in real.read_text("utf-8")
    assert real.with_name("condensation.yaml.bak").read_bytes() == previous
    assert not path.with_name("condensation.yaml.bak").exists()


# --- method checks and --show ----------------------------------------------------------------


def test_method_checks_name_what_to_reconsider(project: Path) -> None:
    result = code(project)
    report = condense(result)
    checks = report.checks
    assert any(
        c.startswith("nytte/kjedelig: den eneste meningsbærende enheten kommer fra én informant")
        for c in checks
    )
    assert not any(c.startswith("fellesskap:") for c in checks)  # two subgroups: fine

    many = CODEBOOK.replace(
        "      - id: ubrukt\n        label: Ingen enheter\n        keywords: [sjiraff]\n",
        "".join(
            f"      - id: ekstra-{n}\n        label: Ekstra {n}\n        keywords: [{word}]\n"
            for n, word in enumerate(["gruppa", "andre", "meg"])
        ),
    )
    one = many.replace(
        "      - id: dele\n        label: Å dele\n        keywords: [dele, delte, fortalte]\n", ""
    )
    (project.parent / "codebook.yaml").write_text(one, "utf-8")
    result = code(project)
    checks = condense(result).checks
    assert any(c.startswith("fellesskap: bare én subgruppe (ikke-alene)") for c in checks)
    assert any(c.startswith("nytte: 5 subgrupper har meningsbærende enheter") for c in checks)

    path = project.parent / "condensation.yaml"
    copied = next(
        u for u in result.units if "sarbarhet/redd" in u.codes and len(u.text.split()) >= 6
    )
    edit(
        path,
        condensate_lines(path, "redd"),
        f"        condensate: |\n          Kort sagt: {copied.text}\n",
    )
    checks = condense(code(project)).checks
    assert (
        f"sarbarhet/redd: kondensatet gjengir meningsbærende enhet {copied.id} ord for ord; et "
        "kondensat abstraherer (et kunstig sitat i første person)" in checks
    )
    # A condensate written about the participants, not as them.
    edit(
        path,
        condensate_lines(path, "redd"),
        "        condensate: |\n          Informantene var redde i starten, og de fleste sa lite.\n",
    )
    checks = condense(code(project)).checks
    assert (
        "sarbarhet/redd: kondensatet har ingen ord i første person (jeg, meg, vi); et kondensat "
        "er et kunstig sitat, i informantenes første person" in checks
    )
    assert not any("første person (jeg" in c and c.startswith("fellesskap") for c in checks)


@pytest.mark.parametrize(
    ("language", "said", "about"),
    [
        ("nb", "Vi satt i samme båt, og jeg var ikke alene.", "De satt i samme båt."),
        ("nn", "Eg var ikkje åleine.", "Dei var ikkje åleine."),
        ("da", "Jeg var ikke alene, og det hjalp os.", "De var ikke alene."),
        ("sv", "Jag var inte ensam.", "De var inte ensamma."),
        ("en", "I wasn't alone, and that helped us.", "They were not alone."),
        ("de", "Ich war nicht allein.", "Sie waren nicht allein."),
    ],
)
def test_a_condensate_in_the_first_person_is_told_from_one_about_the_participants(
    language: str, said: str, about: str
) -> None:
    assert in_first_person(said, language)
    assert not in_first_person(about, language)


@pytest.mark.parametrize("language", ["en", "nb", "nn", "da", "sv", "de"])
def test_the_method_checks_agree_with_their_count_in_every_language(language: str) -> None:
    from stc.messages import message

    one = message(language, "check_one_participant", code="c", units=1, participant="p")
    many = message(language, "check_one_participant", code="c", units=5, participant="p")
    assert "5" in many and "1" not in one and one != many
    keys = ("check_one_subgroup", "check_many_subgroups", "check_golden_gone")
    for key in (*keys, "check_golden_uncoded", "check_copies", "check_first_person"):
        text = message(language, key, group="g", code="c", subgroups=4, unit="u")
        assert "{" not in text and text.startswith(("g:", "c:")), text


def test_copies_unit_sees_whole_units_and_long_runs_not_shared_phrases() -> None:
    unit = "Eh, jeg var redd (ler) for at noen skulle kjenne meg igjen."
    assert copies_unit("Jeg var redd for at noen skulle kjenne meg igjen, sa jeg.", unit)
    assert not copies_unit("Jeg var redd for å bli kjent igjen.", unit)


def test_method_checks_run_on_a_loaded_file(project: Path) -> None:
    result = code(project)
    condense(result)
    assert (
        method_checks(read(project.parent / "condensation.yaml"), result) == condense(result).checks
    )


def test_show_gives_a_codes_units_condensate_and_golden_quote(project: Path) -> None:
    result = code(project)
    data = show(result, None, "sarbarhet/redd")
    assert not data.exists and data.codes[0].condensate is None
    condense(result)
    path = project.parent / "condensation.yaml"
    chosen = next(u for u in result.units if "sarbarhet/redd" in u.codes)
    choose_golden_quote(path, "redd", chosen.id)
    data = show(result, path, "sarbarhet/redd")
    (shown,) = data.codes
    assert shown.id == "sarbarhet/redd" and shown.status == "draft"
    assert shown.golden_quote == chosen.id and shown.golden_quote_text == chosen.text
    assert [u.id for u in shown.units] == units_of(result, "sarbarhet/redd")
    lines = data.lines()
    assert lines[0] == "sarbarhet: Sårbarhet"
    assert f"golden quote (golden_quote): {chosen.id}" in lines and f'  "{chosen.text}"' in lines
    unit = shown.units[0]
    assert f"  {unit.participant}, line {unit.line_start} [{unit.id}]" in lines
    who = len({u.participant for u in shown.units})
    assert f"meaning units: {len(shown.units)} from {who} participant" + "s" * (who != 1) in lines
    # In the project's language, with condensation.yaml's keys beside the names.
    norsk = data.lines("nb")
    assert f"meningsbærende enheter: {len(shown.units)} fra {who} informant" in "\n".join(norsk)
    assert f"  {unit.participant}, linje {unit.line_start} [{unit.id}]" in norsk
    assert f"gullsitat (golden_quote): {chosen.id}" in norsk
    assert "kondensat (condensate):" in norsk
    assert [c.id for c in show(result, path, "sarbarhet").codes] == [
        "sarbarhet/redd",
        "sarbarhet/trygg",
    ]
    with pytest.raises(
        CondensationError, match=r"no code group 'sarbarhett'.*did you mean 'sarbarhet'"
    ):
        show(result, path, "sarbarhett")
    with pytest.raises(CondensationError, match="did you mean 'trygg'"):
        show(result, path, "sarbarhet/trygt")


# --- the yaml editor -----------------------------------------------------------------------


def test_a_comment_on_a_drafts_condensate_header_survives_a_refresh(project: Path) -> None:
    condense(code(project))
    path = project.parent / "condensation.yaml"
    old = condensate_lines(path, "redd")
    edit(path, old, old.replace("condensate: |\n", "condensate: |  # utkast\n", 1))
    transcript = project.parent / "transcripts" / "informant-b.txt"
    transcript.write_text(
        transcript.read_text("utf-8") + "Informant B: Jeg var også redd for gruppelederen.\n",
        "utf-8",
    )
    report = condense(code(project))
    assert "sarbarhet/redd" in report.refreshed
    text = path.read_text("utf-8")
    assert "\n        # utkast\n        condensate: |\n" in text
    assert read(path).code("sarbarhet/redd") is not None


def test_a_merge_that_would_lose_a_header_comment_is_refused(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    condense(code(project))
    path = project.parent / "condensation.yaml"
    old = condensate_lines(path, "redd")
    edit(path, old, old.replace("condensate: |\n", "condensate: |  # utkast\n", 1))
    transcript = project.parent / "transcripts" / "informant-b.txt"
    transcript.write_text(
        transcript.read_text("utf-8") + "Informant B: Jeg var også redd for gruppelederen.\n",
        "utf-8",
    )
    before = path.read_bytes()
    monkeypatch.setattr(yamledit.document, "salvage", lambda item, newline: [])
    with pytest.raises(CondensationError, match="utkast"):
        condense(code(project))
    assert path.read_bytes() == before


# --- the property: whatever the researcher writes survives ------------------------------------


def variant(
    result: CodingResult, keep_codes: frozenset[str], drop_units: frozenset[int]
) -> CodingResult:
    """The result with a smaller codebook and fewer units: a changed codebook or transcripts."""
    groups = []
    for group in result.codebook.groups:
        codes = [c for c in group.codes if f"{group.id}/{c.id}" in keep_codes]
        if codes:
            groups.append(group.model_copy(update={"codes": codes}))
    codebook: Codebook = result.codebook.model_copy(update={"groups": groups})
    units = []
    for index, unit in enumerate(result.units):
        codes = {k: v for k, v in unit.codes.items() if k in keep_codes}
        if codes and index not in drop_units:
            units.append(
                dataclasses.replace(
                    unit,
                    evidence=codes,
                    states={k: s for k, s in unit.states.items() if k in codes},
                )
            )
    return dataclasses.replace(result, codebook=codebook, units=units)


class Results(list[CodingResult]):
    """Coding results; shown briefly when Hypothesis reports a falsifying example."""

    def __repr__(self) -> str:
        return f"<{len(self)} coding results>"


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory, base: CodingResult) -> Results:
    """Real results with changed settings and changed transcripts."""
    turn = code(write_project(tmp_path_factory.mktemp("turn"), mode="turn"))
    changed = dict(TRANSCRIPTS)
    changed["informant-c"] = changed["informant-c"].replace(
        "ikke alene lenger", "aldri alene igjen"
    )
    changed["informant-d"] = "Jeg var redd og alene, men jeg lærte å dele.\n"
    other = code(write_project(tmp_path_factory.mktemp("changed"), changed))
    return Results([base, turn, other])


LETTERS = "abcdefghijklmnopqrstuvwxyzæøåÆØÅÉé ,.:;!?'\"-#()«»–0123456789"
line_text = st.text(alphabet=LETTERS, min_size=1, max_size=30).map(str.strip).filter(bool)
edit_strategy = st.tuples(
    st.sampled_from(
        ["condensate", "heading", "analytic_text", "comment", "eol", "header", "golden_quote"]
    ),
    st.integers(min_value=0, max_value=20),
    st.lists(line_text, min_size=1, max_size=3),
)
ALL_CODES = [
    "fellesskap/ikke-alene",
    "fellesskap/dele",
    "sarbarhet/redd",
    "sarbarhet/trygg",
    "nytte/utbytte",
    "nytte/kjedelig",
]
run_strategy = st.tuples(
    st.integers(min_value=0, max_value=2),
    st.frozensets(st.sampled_from(ALL_CODES), min_size=1),
    st.frozensets(st.integers(min_value=0, max_value=40), max_size=6),
    st.lists(edit_strategy, max_size=3),
)


def _entries(data: dict[str, object]) -> list[tuple[str, str, str | None]]:
    """(section, group, code or None) of every group and code entry in a loaded file."""
    found: list[tuple[str, str, str | None]] = []
    for section in ("groups", "orphaned"):
        for group, body in (data.get(section) or {}).items():
            found.append((section, group, None))
            for code_key in (body or {}).get("codes") or {}:
                found.append((section, group, code_key))
    return found


def researcher_edit(text: str, kind: str, pick: int, words: list[str]) -> tuple[str, str | None]:
    """Edit the file as an editor would: load it, change one thing, save it (ruamel.yaml).

    Returns the new text and the comment written, if the edit was a comment.
    """
    comment = None
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(text)
    entries = _entries(data)
    codes = [e for e in entries if e[2] is not None]
    groups = [e for e in entries if e[2] is None]
    if kind in ("condensate", "golden_quote") and codes:
        section, group, code_key = codes[pick % len(codes)]
        entry = data[section][group]["codes"][code_key]
        if kind == "condensate":
            entry["condensate"] = LiteralScalarString("\n".join(words) + "\n")
        else:
            entry["golden_quote"] = f"informant-x:{pick:06d}"
    elif kind in ("heading", "analytic_text") and groups:
        section, group, _ = groups[pick % len(groups)]
        value = words[0] if kind == "heading" else LiteralScalarString("\n".join(words) + "\n")
        data[section][group][kind] = value
    elif kind == "eol" and entries:
        # An end-of-line comment, on a researcher's field or on one stc rewrites.
        section, group, code_key = entries[pick % len(entries)]
        where = data[section][group]
        if code_key:
            where = where["codes"][code_key]
        scalars = ("status", "condensate", "golden_quote", "fingerprint", "heading")
        keys = [k for k in scalars if k in where]
        if keys:
            comment = "# " + " ".join(words)
            try:
                where.yaml_add_eol_comment(comment, keys[pick % len(keys)])
            except TypeError:  # ruamel.yaml cannot add one after a `|  # header comment`
                comment = None
    elif kind == "comment" and entries:
        section, group, code_key = entries[pick % len(entries)]
        where = data[section][group]["codes"] if code_key else data[section]
        key = code_key or group
        where.yaml_set_comment_before_after_key(
            key, before=" ".join(words), indent=6 if code_key else 2
        )
        comment = "# " + " ".join(words)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    text = buffer.getvalue()
    if kind == "header":
        # A comment after a block scalar's `|`, typed in an editor (ruamel.yaml would move it).
        headers = list(re.finditer(r"^ *[\w-]+: [|>][1-9+-]*$", text, re.MULTILINE))
        if headers:
            at = headers[pick % len(headers)].end()
            comment = "# " + " ".join(words)
            text = text[:at] + "  " + comment + text[at:]
    return text, comment


def survivors(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """What the researcher owns in a file: its comment lines and (field, exact source) pairs."""
    document, node = yamledit.parse(text)
    comments = [
        line.comment_text or "" for line in document.root.lines() if line.comment is not None
    ]
    fields: list[tuple[str, str]] = []
    data = YAML(typ="safe").load(text) or {}
    lines = text.split("\n")
    for section in ("groups", "orphaned"):
        section_node = _child(node, section)
        for group, body in (data.get(section) or {}).items():
            group_node = _child(section_node, group)
            for name in ("heading", "analytic_text"):
                if (body or {}).get(name):
                    fields.append((name, _source(_pair(group_node, name), lines)))
            codes_node = _child(group_node, "codes")
            for code_key, entry in ((body or {}).get("codes") or {}).items():
                entry = entry or {}
                written = draft_hash(entry.get("condensate"), entry.get("golden_quote"))
                edited = entry.get("status") != "draft" or written != entry.get("draft_hash")
                for name in ("condensate", "golden_quote"):
                    if entry.get(name) and (edited or name == "golden_quote"):
                        fields.append(
                            (name, _source(_pair(_child(codes_node, code_key), name), lines))
                        )
    return comments, fields


def _child(node: object, key: str) -> object:
    for k, v in getattr(node, "value", []) or []:
        if k.value == key:
            return v
    return None


def _pair(node: object, key: str) -> tuple[object, object]:
    for k, v in getattr(node, "value", []) or []:
        if k.value == key:
            return k, v
    raise AssertionError(key)


def _source(pair: tuple[object, object], lines: list[str]) -> str:
    """The key line through the value's last line, exactly as in the file."""
    key, value = pair
    start = key.start_mark.line
    end = value.end_mark
    last = end.line if end.column > 0 else end.line - 1
    return "\n".join(lines[start : last + 1]) + "\n"


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(runs=st.lists(run_strategy, min_size=1, max_size=4))
def test_researcher_text_survives_any_sequence_of_reruns(
    results: Results,
    runs: list[tuple[int, frozenset[str], frozenset[int], list[tuple[str, int, list[str]]]]],
) -> None:
    text, _ = merge(None, results[0])
    written: list[str] = []  # every comment the researcher wrote, in their words
    for which, keep, drop, edits in runs:
        for kind, pick, words in edits:
            text, comment = researcher_edit(text, kind, pick, words)
            written += [comment] if comment else []
        # A later edit of the same key may replace a comment: the researcher's own doing.
        written = [comment for comment in written if comment in text]
        comments, fields = survivors(text)
        result = variant(results[which], keep, drop)
        new, _ = merge(text, result)
        for comment in [*comments, *written]:
            assert comment in new
        for name, source in fields:
            assert source in new, (name, source)
        again, _ = merge(new, result)
        assert again == new  # a re-run with nothing changed changes nothing
        text = new
    # With the full codebook back, every code's entry is back under groups:.
    comments, fields = survivors(text)
    final, _ = merge(text, results[0])
    for _name, source in fields:
        assert source in final
    for comment in comments:
        assert comment in final
    # (A second heading or analytic text written for a group may wait there.)
    for group, body in (YAML(typ="safe").load(final).get("orphaned") or {}).items():
        assert not (body or {}).get("codes"), group
