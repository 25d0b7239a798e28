"""Meaning units: offsets that always point into text/<id>.txt, merging, stable ids."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stc.coding import CodingResult, code_project, write_coding
from stc.config import load_config
from tests.conftest import CODEBOOK, CONFIG, INTERVIEW, MakeProject, accept_suggestions

WORDS = [
    "alene",
    "den",
    "eneste",
    "gruppa",
    "Gruppelederen",
    "jeg",
    "var",
    "ikke",
    "hjemme",
    "æøå",
    "😀",
    "eh",
    "...",
    ".",
    "?",
    "!",
    ",",
    ":",
    "(ler)",
    "Mhm.",
    "\n",
    "\n\n",
    "  ",
]


def run(config_path: Path) -> CodingResult:
    return code_project(load_config(config_path))


def write(root: Path, transcripts: dict[str, str], config: str = CONFIG) -> Path:
    (root / "transcripts").mkdir(exist_ok=True)
    for name, content in transcripts.items():
        (root / "transcripts" / name).write_text(content, encoding="utf-8")
    (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    (root / "stc.yaml").write_text(config, encoding="utf-8")
    return root / "stc.yaml"


speech = st.lists(st.sampled_from(WORDS), min_size=0, max_size=25).map(" ".join)
turns = st.lists(
    st.tuples(
        st.sampled_from(
            ["I", "Informant 1", "Informant 2", "", "[00:01:02] I", "[00:01:09] Informant 1"]
        ),
        speech,
    ),
    min_size=1,
    max_size=8,
)


def render(items: list[tuple[str, str]]) -> str:
    return "".join(f"{label}: {text}\n" if label else f"{text}\n" for label, text in items)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    # Any text but NUL, which marks a binary file (an error tested in test_readers).
    body=st.one_of(
        turns.map(render),
        st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=300),
    ),
    mode=st.sampled_from(["sentences", "turn"]),
    crlf=st.booleans(),
)
def test_every_unit_is_the_slice_it_cites_and_no_interviewer_text_is_coded(
    body: str, mode: str, crlf: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        content = "---\nid: t-1\n---\n" + body
        if crlf:
            content = content.replace("\n", "\r\n")
        (root / "transcripts").mkdir()
        (root / "transcripts" / "t.txt").write_bytes(content.encode("utf-8"))
        (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
        (root / "stc.yaml").write_text(
            CONFIG + f"units: {{mode: {mode}, max_sentences: 2}}\n", encoding="utf-8"
        )
        result = run(root / "stc.yaml")
        write_coding(result)
        frame = result.units_frame()
        text = (root / "out" / "text" / "t-1.txt").read_text(encoding="utf-8")
        transcript = result.transcripts[0]
        interviewer = [(t.start, t.end) for t in transcript.turns if t.role == "interviewer"]
        for row in frame.itertuples():
            assert row.text == text[row.char_start : row.char_end]
            assert row.text.strip() == row.text and row.text
            assert row.line_start == text.count("\n", 0, row.char_start) + 1
            assert row.line_end == text.count("\n", 0, row.char_end - 1) + 1
            for start, end in interviewer:
                assert row.char_end <= start or row.char_start >= end
        for unit in result.units:
            assert unit.turn.role == "participant"


def test_adjacent_sentences_sharing_a_code_merge_up_to_max_sentences(tmp_path: Path) -> None:
    body = (
        "I: Fortell.\n"
        "Informant 1: Jeg var alene. Helt alene. Alene igjen. Alene til slutt. Ikke alene nå.\n"
    )
    config = write(tmp_path, {"a.txt": body}, CONFIG + "units: {max_sentences: 2}\n")
    texts = [u.text for u in run(config).units]
    assert texts == [
        "Jeg var alene. Helt alene.",
        "Alene igjen. Alene til slutt.",
        "Ikke alene nå.",
    ]


def test_sentences_with_different_codes_stay_apart(tmp_path: Path) -> None:
    body = "Informant 1: Jeg var alene. Gruppa var stor.\n"
    units = run(write(tmp_path, {"a.txt": body})).units
    assert [(u.text, u.pending) for u in units] == [
        ("Jeg var alene.", ["fellesskap/ikke-alene"]),
        ("Gruppa var stor.", ["fellesskap/gruppe"]),
    ]


def test_units_never_cross_turns(tmp_path: Path) -> None:
    body = "Informant 1: Jeg var alene.\nI: Ja?\nInformant 1: Alene, ja.\n"
    assert [u.text for u in run(write(tmp_path, {"a.txt": body})).units] == [
        "Jeg var alene.",
        "Alene, ja.",
    ]


def test_turn_mode_makes_a_coded_turn_one_unit(tmp_path: Path) -> None:
    body = "I: Og?\nInformant 1: Jeg var alene. Været var fint.\nGruppa hjalp.\nI: Ok.\n"
    config = write(tmp_path, {"a.txt": body}, CONFIG + "units: {mode: turn}\n")
    units = run(config).units
    assert [(u.text, u.pending) for u in units] == [
        (
            "Jeg var alene. Været var fint.\nGruppa hjalp.",
            ["fellesskap/gruppe", "fellesskap/ikke-alene"],
        )
    ]


def test_unit_ids_survive_an_edit_elsewhere_in_the_transcript(make_project: MakeProject) -> None:
    config = make_project()
    before = {u.text: u.id for u in run(config).units}
    edited = INTERVIEW.replace(
        "I: Mhm.\n", "I: Mhm. Kan du si mer?\nInformant 1: Ja, det var mye nytt.\nI: Ok.\n"
    ).replace("[00:00:05]", "[00:00:07]")
    (config.parent / "transcripts" / "informant-1.txt").write_text(edited, encoding="utf-8")
    after = {u.text: u.id for u in run(config).units}
    assert before == after
    assert all(unit_id.startswith("informant-1:") for unit_id in after.values())


def test_a_changed_unit_text_changes_its_id(make_project: MakeProject) -> None:
    config = make_project()
    before = {u.id for u in run(config).units}
    edited = INTERVIEW.replace("den eneste.", "den eneste i verden.")
    (config.parent / "transcripts" / "informant-1.txt").write_text(edited, encoding="utf-8")
    after = {u.id for u in run(config).units}
    assert len(before - after) == 1


def test_identical_texts_get_a_counter_suffix(tmp_path: Path) -> None:
    body = "Informant 1: Alene.\nI: Ja?\nInformant 1: Alene.\n"
    ids = [u.id for u in run(write(tmp_path, {"a.txt": body})).units]
    assert ids[1] == ids[0] + "-2"


def test_coverage_counts_words_inside_confirmed_units_only(tmp_path: Path) -> None:
    body = "I: Hei hei hei.\nInformant 1: Jeg var alene. Været var fint i dag.\n"
    config = write(tmp_path, {"a.txt": body})
    [coverage] = run(config).coverage
    assert (coverage.participant, coverage.words, coverage.words_coded) == ("a", 8, 0)
    [coverage] = run(accept_suggestions(config)).coverage
    assert (coverage.participant, coverage.words, coverage.words_coded) == ("a", 8, 3)
