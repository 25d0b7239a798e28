"""stc review from the command line: decisions written line by line, never losing a save."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stc.coding import code_project
from stc.config import load_config
from stc.errors import CodingError
from stc.review import Action, apply_actions, decide
from tests.conftest import CONFIG, INTERVIEW, ROOT, MakeProject, error_line, stc

ALONE = "fellesskap/ikke-alene"
LEADER = "leder/leder"


def test_status_counts_every_state_per_code(make_project: MakeProject) -> None:
    config = make_project()
    code, out, err = stc("review", "--status", "-c", config)
    assert code == 0, err
    rows = {
        cells[0]: cells[1:]
        for line in out.splitlines()
        if "│" in line
        for cells in [[c.strip() for c in line.strip("│").split("│")]]
    }
    assert rows["ikke-alene"] == ["1", "0", "0", "0", "0"]
    assert rows["totalt"] == ["2", "0", "0", "0", "0"]
    assert out.rstrip().endswith("0 av 2 enheter gjennomgått; 2 forslag venter")


# The test interview with its unit of ALONE neither negated nor opened by "Men": accepting
# every suggestion of a code leaves such flagged ones to be decided one by one.
UNFLAGGED = INTERVIEW.replace("Men så merket jeg at jeg ikke var alene.", "Så var jeg alene.")


def test_accept_all_leaves_suggestions_a_negation_or_contrast_puts_in_doubt(
    make_project: MakeProject,
) -> None:
    """«Men så merket jeg at jeg ikke var alene»: --accept-all accepted it with the rest, and
    coding.yaml recorded it as a plain accept, like one read in context."""
    config = make_project()
    flagged = next(u for u in code_project(load_config(config)).units if ALONE in u.flags)
    assert any(f.startswith(("negation:", "contrast:")) for f in flagged.flags[ALONE])
    code, out, err = stc("review", "--accept-all", ALONE, "-c", config)
    assert code == 0, err
    said = " ".join(err.split())
    assert "godtok 0 forslag til fellesskap/ikke-alene" in said
    assert (
        "lot 1 flagget forslag til fellesskap/ikke-alene (nektelse eller kontrast) stå til du "
        f"avgjør det for seg: les det i {config.parent / 'out' / 'review.csv'}, og bruk --accept "
        "eller --reject"
    ) in said
    assert "0 av 2 enheter gjennomgått; 2 forslag venter" in out
    assert not (config.parent / "coding.yaml").exists()


def test_a_passage_added_with_straight_quotes_is_rejected_in_its_own_entry(
    make_project: MakeProject,
) -> None:
    """Rejecting a code added to a passage typed with straight quotes (where the transcript
    has Word's) wrote a second entry, which the add outranked: "is now rejected", and the
    code stayed."""
    text = INTERVIEW.replace("Gruppelederen var flink.", "Hun sa \u201cdet g\u00e5r bra\u201d.")
    config = make_project(
        {"informant-1.txt": text},
        coding='- transcript: informant-1\n  quote: Hun sa "det går bra".\n  add: [leder/leder]\n',
    )
    unit = next(u for u in code_project(load_config(config)).units if u.states.get(LEADER))
    code, _, err = stc("review", "-c", config, "--reject", f"{unit.id}:{LEADER}")
    assert code == 0, err
    entries = yaml.safe_load((config.parent / "coding.yaml").read_text(encoding="utf-8"))
    assert len(entries) == 1 and entries[0]["reject"] == [LEADER] and "add" not in entries[0]
    result = code_project(load_config(config))
    assert not any(u.states.get(LEADER) == "added" for u in result.units)
    assert [o.reason for o in result.review.orphans] == []


def test_accept_all_then_reject_one_from_the_command_line(make_project: MakeProject) -> None:
    config = make_project({"informant-1.txt": UNFLAGGED})
    code, out, err = stc("review", "--accept-all", ALONE, "-c", config)
    assert code == 0, err
    assert "godtok 1 forslag til fellesskap/ikke-alene" in err
    assert "1 av 2 enheter gjennomgått; 1 forslag venter" in out
    leader = next(
        u for u in code_project(load_config(config)).units if u.text.startswith("Gruppelederen")
    )
    code, out, err = stc("review", "--reject", f"{leader.id}:{LEADER}", "-c", config)
    assert code == 0, err
    assert "2 av 2 enheter gjennomgått; 0 forslag venter" in out
    entries = yaml.safe_load((config.parent / "coding.yaml").read_text(encoding="utf-8"))
    assert entries[-1] == {"unit": leader.id, "quote": leader.text, "reject": [LEADER]}
    assert " var " not in err  # a first decision overturns nothing
    # Taking a decision back says so, in the project's language.
    code, _, err = stc("review", "--accept", f"{leader.id}:{LEADER}", "-c", config)
    assert code == 0, err
    assert f"{leader.id}: {LEADER} var avvist, er nå godtatt" in err
    written = (config.parent / "coding.yaml").read_bytes()
    code, out, err = stc("review", "--accept", f"{leader.id}:{LEADER}", "-c", config)
    assert code == 0 and " var " not in err  # accepting it again overturns nothing
    assert "│" not in out  # nor prints the status table: nothing changed
    assert f"{leader.id}: {LEADER} er allerede godtatt; ingenting skrevet" in err
    assert "skrevet til" not in err  # and writes nothing
    assert (config.parent / "coding.yaml").read_bytes() == written


def test_bad_review_arguments_are_one_line(make_project: MakeProject) -> None:
    config = make_project()
    for args, message in [
        (("--accept-all", "leder/ledr"), "unknown code 'leder/ledr'"),
        (("--reject", "informant-1:zzzzzz:leder/leder"), "unknown unit 'informant-1:zzzzzz'"),
        # The example is one of this project's suggestions, not the sample's.
        (("--reject", "leder/leder"), "give UNIT:CODE, e.g. informant-1:"),
    ]:
        code, _, err = stc("review", *args, "-c", config)
        assert code == 1
        assert message in error_line(err)
    assert not (config.parent / "coding.yaml").exists()


CODING = """\
# Kari's review, round 1.
- unit: {unit}   # the leader unit
  quote: "{quote}"
  accept: [leder/leder]   # clearly about the leader
  # asked Ola about this one
  by: kari

# untouched below
"""


def test_a_decision_rewrites_only_its_own_lines_and_keeps_comments(
    make_project: MakeProject,
) -> None:
    config = make_project()
    result = code_project(load_config(config))
    leader = next(u for u in result.units if u.text.startswith("Gruppelederen"))
    alone = next(u for u in result.units if ALONE in u.states)
    text = CODING.format(unit=leader.id, quote=leader.text).replace("\n", "\r\n")
    path = config.parent / "coding.yaml"
    path.write_bytes(text.encode())
    decide(
        path, [Action(leader, "add", "fellesskap/gruppe"), Action(alone, "reject", ALONE)], "kari"
    )
    new = path.read_bytes().decode()
    assert new == (
        # The new key goes in the usual order, after accept: and above the coder's name.
        text.replace(
            "  accept: [leder/leder]   # clearly about the leader\r\n",
            "  accept: [leder/leder]   # clearly about the leader\r\n  add: [fellesskap/gruppe]\r\n",
        )
        + f'- unit: {alone.id}\r\n  quote: "{" ".join(alone.text.split())}"\r\n'.replace(
            " ".join(alone.text.split()), alone.text.replace("\n", "\\n")
        )
        + f"  reject: [{ALONE}]\r\n  by: kari\r\n"
    )
    assert (config.parent / "coding.yaml.bak").read_bytes().decode() == text
    states = {u.id: u.states for u in code_project(load_config(config)).units}
    assert states[leader.id] == {LEADER: "accepted", "fellesskap/gruppe": "added"}
    assert states[alone.id] == {ALONE: "rejected"}


def test_undo_clears_a_decision_and_a_note_is_set(make_project: MakeProject) -> None:
    config = make_project()
    leader = next(
        u for u in code_project(load_config(config)).units if u.text.startswith("Gruppelederen")
    )
    path = config.parent / "coding.yaml"
    decide(path, [Action(leader, "accept", LEADER)], None)
    decide(path, [Action(leader, "note", note="usikker: les igjen")], None)
    decide(path, [Action(leader, "dissent")], None)
    assert yaml.safe_load(path.read_text("utf-8")) == [
        {
            "unit": leader.id,
            "quote": leader.text,
            "accept": [LEADER],
            "voice": "dissent",
            "note": "usikker: les igjen",
        }
    ]
    decide(path, [Action(leader, "clear", LEADER), Action(leader, "consent")], None)
    assert yaml.safe_load(path.read_text("utf-8")) == [
        {"unit": leader.id, "quote": leader.text, "note": "usikker: les igjen"}
    ]
    assert code_project(load_config(config)).units[-1].states == {LEADER: "suggested"}


def test_a_save_made_while_stc_writes_is_merged_not_lost(make_project: MakeProject) -> None:
    config = make_project()
    leader = next(
        u for u in code_project(load_config(config)).units if u.text.startswith("Gruppelederen")
    )
    path = config.parent / "coding.yaml"
    path.write_text("# mine\n", encoding="utf-8")
    calls = []

    def racing(text: str | None) -> str:
        # The first time stc builds its text, an editor saves the file behind its back.
        if not calls:
            path.write_text("# mine\n# saved by the editor meanwhile\n", encoding="utf-8")
        calls.append(text)
        return apply_actions(text, [Action(leader, "accept", LEADER)], None, path)

    from stc.yamledit import write_researcher_file

    write_researcher_file(path, racing, CodingError)
    assert len(calls) == 2
    assert path.read_text("utf-8").startswith("# mine\n# saved by the editor meanwhile\n- unit:")


EDITOR = textwrap.dedent(
    """\
    import os, sys, time
    path, stop = sys.argv[1], time.time() + float(sys.argv[2])
    n = 0
    while time.time() < stop:
        n += 1
        with open(path, "r+", encoding="utf-8") as f:   # save in place, as many editors do
            text = f.read()
            f.seek(0)
            f.write(text + f"# editor save {n}\\n")
            f.truncate()
        time.sleep(0.05)
    print(n)
    """
)


def test_every_save_of_an_editor_survives_review_and_run(make_project: MakeProject) -> None:
    """An editor saves coding.yaml every 50 ms while `stc review --accept-all` and `stc run`
    run; every one of its saves is still in the file afterwards."""
    config = make_project({"informant-1.txt": UNFLAGGED})
    path = config.parent / "coding.yaml"
    path.write_text("# the researcher's file\n", encoding="utf-8")
    editor = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(path), "20"], stdout=subprocess.PIPE, text=True
    )
    command = [sys.executable, "-m", "stc"]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    time.sleep(0.3)
    for args in (["review", "--accept-all", ALONE], ["review", "--accept-all", LEADER], ["run"]):
        done = subprocess.run(
            [*command, *args, "-c", str(config)], capture_output=True, text=True, env=env
        )
        assert done.returncode == 0, done.stderr
    editor.wait(timeout=60)
    saves = int(editor.stdout.read()) if editor.stdout else 0
    text = path.read_text("utf-8")
    assert saves > 10
    assert [f"# editor save {n}" in text for n in range(1, saves + 1)] == [True] * saves
    assert {e["accept"][0] for e in yaml.safe_load(text)} == {ALONE, LEADER}


# --- property: decisions survive any re-segmentation ---------------------------------------------

BODY = (
    "I: Fortell om gruppa.\n"
    "Informant 1: Jeg var alene. Helt alene med det. Gruppelederen var flink. "
    "Alene igjen etterpå. Lederen spurte. Ikke alene nå.\n"
    "I: Og så?\n"
    "Informant 1: Gruppa var alene om det. Jeg likte lederen.\n"
)
SEGMENTATION = st.tuples(st.sampled_from(["sentences", "turn"]), st.integers(1, 6))


def _config(mode: str, n: int) -> str:
    return CONFIG + f"units: {{mode: {mode}, max_sentences: {n}}}\n"


def _holds(unit_span: tuple[int, int], quote_span: tuple[int, int]) -> bool:
    (a, b), (c, d) = unit_span, quote_span
    return (a <= c and d <= b) or (c <= a and b <= d)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    first=SEGMENTATION,
    second=SEGMENTATION,
    picks=st.lists(
        st.tuples(st.integers(0, 20), st.sampled_from(["accept", "reject"])), max_size=6
    ),
    edit=st.booleans(),
)
def test_every_decision_attaches_to_the_unit_holding_its_quote_or_is_orphaned(
    make_project: MakeProject,
    first: tuple[str, int],
    second: tuple[str, int],
    picks: list[tuple[int, str]],
    edit: bool,
) -> None:
    from stc.decisions import quote_spans

    config = make_project({"informant-1.txt": BODY}, config=_config(*first), coding="# top\n")
    path = config.parent / "coding.yaml"
    units = code_project(load_config(config)).units
    actions = []
    for index, kind in picks:
        unit = units[index % len(units)]
        code = sorted(unit.states)[0]
        actions.append(Action(unit, kind, code))
    decide(path, actions, None)
    written = path.read_text("utf-8")
    body = (
        BODY.replace("I: Og så?", "I: Og så, hva mer?\nInformant 1: Det var fint.")
        if edit
        else BODY
    )
    make_project({"informant-1.txt": body}, config=_config(*second))
    result = code_project(load_config(config))
    assert path.read_text("utf-8") == written and written.startswith("# top\n")
    transcript = result.transcripts[0]
    by_id = {u.id: u for u in [*result.units, *result.uncoded]}
    entries = yaml.safe_load(written) or []
    orphaned = {o.index for o in result.review.orphans}
    for index, entry in enumerate(entries):
        if index in orphaned:
            continue
        attached = result.review.attached[index]
        [span] = quote_spans(transcript, entry["quote"])
        for unit_id in attached:
            assert _holds((by_id[unit_id].start, by_id[unit_id].end), span)
        for code in entry.get("accept", []):
            assert any(by_id[u].states.get(code) in ("accepted", "added") for u in attached)


def test_every_save_of_an_editor_in_condensation_yaml_survives_a_run(
    make_project: MakeProject,
) -> None:
    """The same for condensation.yaml: an editor saves it every 50 ms while `stc run` merges
    new drafts into it after the codebook changed and the researcher confirmed the new
    suggestions."""
    from tests.conftest import CODEBOOK, accept_suggestions

    config = accept_suggestions(make_project())
    command = [sys.executable, "-m", "stc"]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    first = subprocess.run([*command, "run", "-c", str(config)], capture_output=True, env=env)
    assert first.returncode == 0, first.stderr
    path = config.parent / "condensation.yaml"
    before = path.read_text("utf-8")
    (config.parent / "codebook.yaml").write_text(
        CODEBOOK.replace("keywords: [gruppe]", "keywords: [gruppe, redd]"), encoding="utf-8"
    )
    accept_suggestions(config)
    editor = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(path), "15"], stdout=subprocess.PIPE, text=True
    )
    time.sleep(0.3)
    done = subprocess.run([*command, "run", "-c", str(config)], capture_output=True, env=env)
    assert done.returncode == 0, done.stderr
    editor.wait(timeout=60)
    saves = int(editor.stdout.read()) if editor.stdout else 0
    text = path.read_text("utf-8")
    assert saves > 10
    assert [f"# editor save {n}" in text for n in range(1, saves + 1)] == [True] * saves
    assert text != before and "Jeg var redd." in text  # the run's new draft is there too


def test_a_second_coder_starts_a_review_after_the_first_has_decided(
    make_project: MakeProject,
) -> None:
    """`stc review --coder jonas` refused ("coder 'jonas' has no decisions") once mette had
    decided anything: the second coder of the README's two-coder review could not begin."""
    config = make_project()
    result = code_project(load_config(config))
    unit = next(u for u in result.units if ALONE in u.pending)
    code, _, err = stc("review", "-c", config, "--coder", "mette", "--accept", f"{unit.id}:{ALONE}")
    assert code == 0, err
    code, out, err = stc("review", "-c", config, "--coder", "jonas", "--status")
    assert code == 0, err
    said = " ".join(err.split())
    assert "en ny gjennomgang starter for jonas" in said and "(kodere så langt: mette)" in said
    assert out.rstrip().endswith("0 av 2 enheter gjennomgått av jonas; 2 forslag venter")
    code, _, err = stc("review", "-c", config, "--coder", "jonas", "--reject", f"{unit.id}:{ALONE}")
    assert code == 0, err
    entries = yaml.safe_load(config.parent.joinpath("coding.yaml").read_text(encoding="utf-8"))
    assert [(e["by"], e.get("accept"), e.get("reject")) for e in entries] == [
        ("mette", [ALONE], None),
        ("jonas", None, [ALONE]),
    ]
    # A report resting on a coder without decisions is still a typo to stop at.
    code, _, err = stc("code", "-c", config, "--coder", "jonsa")
    assert code == 1 and "coder 'jonsa' has no decisions" in error_line(err)


def test_a_decision_by_the_coders_name_in_other_capitals_is_named(
    make_project: MakeProject,
) -> None:
    """`by: Kari` with `coder: kari` was silently not counted: a suggestion waited again."""
    config = make_project(config=CONFIG + "coder: kari\n")
    result = code_project(load_config(config))
    unit = next(u for u in result.units if ALONE in u.pending)
    other = next(u for u in result.units if LEADER in u.pending)
    coding = config.parent / "coding.yaml"
    coding.write_text(
        f"- unit: {other.id}\n  accept: [{LEADER}]\n  by: kari\n"
        f"- unit: {unit.id}\n  accept: [{ALONE}]\n  by: Kari\n",
        encoding="utf-8",
    )
    for command in ("check", "code"):
        code, _, err = stc(command, "-c", config)
        assert code == 0, err
        assert (
            f"Warning: {coding}: 1 oppføring med by: 'Kari' telles ikke som kari sine: navn "
            "sammenlignes nøyaktig, med store og små bokstaver; skriv by: kari"
        ) in " ".join(err.split())
    # stc run too, and the report's validation, which rests on kari's decisions.
    code, _, err = stc("run", "-c", config)
    assert code == 0, err
    report = (config.parent / "out" / "report.md").read_text(encoding="utf-8")
    assert "coding.yaml: 1 oppføring med by: 'Kari' telles ikke som kari sine" in report


def test_a_full_disk_is_named_as_such_and_coding_yaml_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk was answered with "make the folder writable"."""
    import errno
    import os

    from stc.yamledit import write_researcher_file

    path = tmp_path / "coding.yaml"
    path.write_text("- unit: a:1\n  accept: [g/c]\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(CodingError) as caught:
        write_researcher_file(path, lambda text: (text or "") + "# more\n", CodingError)
    assert str(caught.value).endswith(
        "(No space left on device); the file was not changed: free space on the disk and run again"
    )
    assert path.read_text(encoding="utf-8") == "- unit: a:1\n  accept: [g/c]\n"


def test_accept_and_reject_of_one_code_in_one_command_is_refused(
    make_project: MakeProject,
) -> None:
    config = make_project()
    unit = next(u for u in code_project(load_config(config)).units if ALONE in u.pending)
    pair = f"{unit.id}:{ALONE}"
    code, _, err = stc("review", "-c", config, "--accept", pair, "--reject", pair)
    assert code == 1
    assert error_line(err) == (
        f"Error: --accept and --reject both name {pair}; give one of them (nothing was written)"
    )
    assert not (config.parent / "coding.yaml").exists()


def test_a_comment_on_a_decision_stays_when_the_decision_moves(make_project: MakeProject) -> None:
    """`reject: [code]  # negert - spør Ola`: accepting the code removed the line with the
    comment (the .bak kept it for one write only)."""
    config = make_project()
    unit = next(u for u in code_project(load_config(config)).units if ALONE in u.pending)
    path = config.parent / "coding.yaml"
    path.write_text(
        f"- unit: {unit.id}\n  reject: [{ALONE}]  # negert - spør Ola\n  by: kari\n",
        encoding="utf-8",
    )
    code, _, err = stc("review", "-c", config, "--coder", "kari", "--accept", f"{unit.id}:{ALONE}")
    assert code == 0, err
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"- unit: {unit.id}\n  quote: ")
    assert text.endswith(f"  accept: [{ALONE}]\n  # negert - spør Ola\n  by: kari\n")
    entry = yaml.safe_load(text)[0]
    assert entry["accept"] == [ALONE] and "reject" not in entry


def test_a_decision_written_as_a_block_list_can_be_changed(make_project: MakeProject) -> None:
    """`reject:` with its codes on lines of their own below ("- code") stopped --accept with
    "the edit did not give the entries it should (a bug in stc)"."""
    config = make_project()
    unit = next(u for u in code_project(load_config(config)).units if ALONE in u.pending)
    path = config.parent / "coding.yaml"
    path.write_text(
        f"- unit: {unit.id}\n  reject:\n    - {ALONE}  # usikker\n  by: kari\n- unit: x:1\n"
        "  add: [leder/leder]\n  by: kari\n",
        encoding="utf-8",
    )
    code, _, err = stc("review", "-c", config, "--coder", "kari", "--accept", f"{unit.id}:{ALONE}")
    assert code == 0, err
    text = path.read_text(encoding="utf-8")
    entry = yaml.safe_load(text)[0]
    assert entry["accept"] == [ALONE] and "reject" not in entry and entry["by"] == "kari"
    assert "# usikker" in text and text.endswith("- unit: x:1\n  add: [leder/leder]\n  by: kari\n")


@pytest.mark.parametrize(
    "written",
    [
        # A block list as the entry's last key, and a blank line before the next entry.
        "- unit: {unit}\n  by: kari\n  reject:\n    - {code}\n\n- unit: x:1\n  add: [leder/leder]\n",
        # A flow list over two lines, with a comment after it.
        "- unit: {unit}\n  reject: [{code},\n    leder/leder]  # negert - spør Ola\n  by: kari\n",
        # A comment inside it, after an item.
        "- unit: {unit}\n  reject: [{code},  # negert - spør Ola\n    leder/leder]\n  by: kari\n",
        # A separator comment and a blank line before the next entry.
        "- unit: {unit}\n  by: kari\n  reject:\n    - {code}\n\n# --- informant 2 ---\n"
        "- unit: x:1\n  add: [leder/leder]\n",
        # A note that keeps its final blank lines ("|+"): they are part of its text, and
        # inserting the decision above them changed the note ("a bug in stc").
        "- unit: {unit}\n  by: kari\n  note: |+\n    usikker\n    spør Ola\n\n"
        "- unit: x:1\n  add: [leder/leder]\n",
        # A note whose last line opens with "#": the note's text, not a comment.
        "- unit: {unit}\n  by: kari\n  note: |\n    usikker\n    #2 spør Ola\n"
        "- unit: x:1\n  add: [leder/leder]\n",
        "- unit: {unit}\n  by: kari\n  note: >+  # brettet\n    usikker\n\n\n"
        "  # neste informant\n- unit: x:1\n  add: [leder/leder]\n",
    ],
)
def test_decisions_laid_out_over_several_lines_can_be_changed(
    make_project: MakeProject, written: str
) -> None:
    config = make_project()
    unit = next(u for u in code_project(load_config(config)).units if ALONE in u.pending)
    path = config.parent / "coding.yaml"
    path.write_text(written.format(unit=unit.id, code=ALONE), encoding="utf-8")
    before = yaml.safe_load(path.read_text(encoding="utf-8"))
    code, _, err = stc("review", "-c", config, "--coder", "kari", "--accept", f"{unit.id}:{ALONE}")
    assert code == 0, err
    text = path.read_text(encoding="utf-8")
    after = yaml.safe_load(text)
    assert after[0]["accept"] == [ALONE] and ALONE not in after[0].get("reject", [])
    assert after[1:] == before[1:]
    assert {k: v for k, v in after[0].items() if k not in ("accept", "reject", "quote")} == {
        k: v for k, v in before[0].items() if k not in ("accept", "reject")
    }
    assert ("# negert - spør Ola" in text) == ("# negert" in written)
    if "# ---" in written:  # the separator stays where it was, after a blank line
        assert text.endswith("\n\n# --- informant 2 ---\n- unit: x:1\n  add: [leder/leder]\n")


def test_a_decision_goes_above_the_coders_name_and_note(make_project: MakeProject) -> None:
    # accept: was written below a note block, where a researcher reading the entry does not
    # look for it.
    config = make_project()
    unit = next(u for u in code_project(load_config(config)).units if ALONE in u.pending)
    path = config.parent / "coding.yaml"
    path.write_text(
        f"- unit: {unit.id}\n  by: kari\n  note: |\n    usikker\n    sp\u00f8r Ola\n",
        encoding="utf-8",
    )
    code, _, err = stc("review", "-c", config, "--coder", "kari", "--accept", f"{unit.id}:{ALONE}")
    assert code == 0, err
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [line.split(":")[0] for line in lines if not line.startswith("    ")] == [
        "- unit",
        "  quote",
        "  accept",
        "  by",
        "  note",
    ]


def test_a_review_under_the_coders_name_in_other_capitals_is_refused(
    make_project: MakeProject,
) -> None:
    """`stc review --coder Kari` where kari has decisions started a new review, and told the
    researcher to rewrite kari's entries as by: Kari."""
    config = make_project()
    unit = next(u for u in code_project(load_config(config)).units if ALONE in u.pending)
    assert stc("review", "-c", config, "--coder", "kari", "--accept", f"{unit.id}:{ALONE}")[0] == 0
    code, _, err = stc("review", "-c", config, "--coder", "Kari", "--status")
    assert code == 1
    assert error_line(err).endswith(
        "coder 'Kari' has no decisions, but 'kari' has: names are compared exactly; use "
        "--coder kari (or coder: kari in stc.yaml)"
    )
