"""Re-coding after a codebook edit matches only the codes whose rules changed, and writes
exactly what coding from scratch writes (stc.coded_cache)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stc import coded_cache
from stc.codebook.matcher import CodebookMatcher
from stc.coding import code_project, coding_files
from stc.config import load_config
from stc.executor import Executor
from tests.conftest import INTERVIEW, MakeProject, copy_sample


def _codebook(config: Path) -> Path:
    return load_config(config).codebook_path


def _edit(config: Path, change: Callable[[str], str]) -> None:
    path = _codebook(config)
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text
    path.write_text(changed, encoding="utf-8")


def _files(config: Path) -> dict[str, str]:
    return coding_files(code_project(load_config(config), executor=Executor(1)))


def _fresh(config: Path) -> dict[str, str]:
    """What coding the project from scratch gives (no cache read or written)."""
    project = load_config(config)
    return coding_files(code_project(project, use_cache=False, executor=Executor(1)))


NEW_CODE = """\
      - id: humor
        label: Humor i gruppa
        keywords: [ler, "morsomt", "lo*"]
        regex: ['\\bha ha\\b']
"""


# Edits of every kind a researcher makes, each applied on top of the ones before.
EDITS: list[tuple[str, Callable[[str], str]]] = [
    ("a keyword added", lambda t: t.replace("keywords: [redd, ", "keywords: [redd, gruppa, ", 1)),
    ("a keyword removed", lambda t: t.replace(', "samme båt"', "", 1)),
    (
        "an exclude added",
        lambda t: t.replace(
            'exclude: ["trygg avstand"]', 'exclude: ["trygg avstand", "åpnet meg"]', 1
        ),
    ),
    ("a regex changed", lambda t: t.replace(r"\bsamme (situasjon|greia)\b", r"\bsamme\b", 1)),
    (
        "a spaCy pattern added",
        lambda t: t.replace(
            "        keywords: [tillit,",
            '        patterns: [[{LOWER: "i"}, {LOWER: "gruppa"}]]\n        keywords: [tillit,',
            1,
        ),
    ),
    (
        "a label and a description changed",
        lambda t: t.replace("label: Redd i starten", "label: Redd i begynnelsen", 1).replace(
            "Frykt, nervøsitet", "Angst, nervøsitet", 1
        ),
    ),
    ("a code added", lambda t: t.replace("    codes:\n", "    codes:\n" + NEW_CODE, 1)),
    ("a code removed", lambda t: t.replace(NEW_CODE, "", 1)),
]


def test_recoding_after_each_edit_writes_what_coding_from_scratch_writes(tmp_path: Path) -> None:
    config = copy_sample(tmp_path / "project")
    before = _fresh(config)
    assert _files(config) == before
    for what, change in EDITS:
        _edit(config, change)
        expected = _fresh(config)
        # Every rule edit changes what is coded (else the test could not tell a stale cache).
        assert (expected == before) == what.startswith("a label"), what
        assert _files(config) == expected, what
        before = expected


def test_after_an_edit_only_the_changed_code_is_matched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = copy_sample(tmp_path / "project")
    _files(config)  # fills the cache
    restricted: list[list[str]] = []
    original = CodebookMatcher.restricted

    def spy(self: CodebookMatcher, code_ids: list[str]) -> CodebookMatcher:
        restricted.append(sorted(code_ids))
        return original(self, code_ids)

    monkeypatch.setattr(CodebookMatcher, "restricted", spy)
    _edit(config, lambda t: t.replace("keywords: [tillit, ", "keywords: [tillit, gruppa, ", 1))
    _files(config)
    transcripts = len(load_config(config).transcript_paths())
    assert restricted == [["sarbarhet/apne-seg"]] * transcripts

    # Coded again with nothing changed: every code is read from the cache, no token table.
    expected = _fresh(config)

    def no_tokens(*args: object) -> None:
        raise AssertionError("a warm re-code tokenized or read a token table")

    monkeypatch.setattr(coded_cache, "transcript_tokens", no_tokens)
    restricted.clear()
    assert _files(config) == expected
    assert restricted == []


def test_a_label_edit_matches_nothing_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = copy_sample(tmp_path / "project")
    _files(config)

    def no_tokens(*args: object) -> None:
        raise AssertionError("a label edit re-matched a code")

    monkeypatch.setattr(coded_cache, "transcript_tokens", no_tokens)
    _edit(config, lambda t: t.replace("label: Redd i starten", "label: Redd i begynnelsen", 1))
    files = _files(config)
    monkeypatch.undo()
    assert files == _fresh(config)


def test_a_damaged_or_foreign_cache_file_is_only_a_miss(tmp_path: Path) -> None:
    config = copy_sample(tmp_path / "project")
    expected = _files(config)
    coded = sorted((load_config(config).parse_cache).glob("*.coded"))
    assert coded
    coded[0].write_bytes(b"\x00not msgpack")
    coded[1].write_bytes(coded[2].read_bytes())  # another transcript's file under this name
    coded[3].write_bytes(coded[3].read_bytes()[: len(coded[3].read_bytes()) // 2])
    assert _files(config) == expected


def test_who_is_the_interviewer_is_part_of_the_key(tmp_path: Path) -> None:
    """Turns' roles decide which sentences are coded: a changed speakers list is a miss."""
    config = copy_sample(tmp_path / "project")
    _files(config)
    text = config.read_text(encoding="utf-8")
    found = re.search(r"^  interviewer: \[(.*)\]$", text, re.M)
    assert found, text
    config.write_text(text.replace(found.group(0), "  interviewer: [Intervjuer]"), "utf-8")
    assert _files(config) == _fresh(config)


def test_transcripts_that_say_the_same_share_a_file_but_keep_their_offsets(
    make_project: MakeProject,
) -> None:
    """Two transcripts whose turns are the same but whose front matter differs in length: one
    cache file, and each gets its own offsets and lines."""
    longer = INTERVIEW.replace("attributes: {alder: 34}", "attributes:\n  alder: 34\n  kjonn: m")
    config = make_project(
        {
            "informant-1.txt": INTERVIEW,
            "informant-2.txt": longer.replace("id: informant-1", "id: informant-2"),
        }
    )
    _files(config)
    assert len(list(load_config(config).parse_cache.glob("*.coded"))) == 1
    assert _files(config) == _fresh(config)


def test_a_change_to_stc_matching_code_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Evidence and flags rest on stc's matching and flag code too: when it changes (an
    upgrade), every transcript is matched again, not read from the cache."""
    config = copy_sample(tmp_path / "project")
    expected = _files(config)
    matched: list[object] = []
    real = coded_cache.code_tokens

    def counting(*args: Any) -> Any:
        matched.append(args)
        return real(*args)

    monkeypatch.setattr(coded_cache, "code_tokens", counting)
    assert _files(config) == expected
    assert matched == []
    monkeypatch.setattr(coded_cache, "matching_fingerprint", lambda: "stc-next")
    assert _files(config) == expected
    assert len(matched) == len(load_config(config).transcript_paths())


def test_cache_files_no_transcript_reads_now_are_removed_after_coding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edited transcript's old table and coded file, and an older stc's coded files, are
    removed once the corpus is coded; the current ones, and any other file, stay."""
    config = copy_sample(tmp_path / "project")
    project = load_config(config)
    cache = project.parse_cache

    def entries() -> set[str]:
        return {p.name for p in cache.iterdir() if p.suffix in (".tokens", ".coded")}

    _files(config)
    first = entries()
    transcripts = len(project.transcript_paths())
    assert len(first) == 2 * transcripts
    mine = cache / "notater.txt"
    mine.write_text("mitt", encoding="utf-8")
    edited = sorted(p for p in project.transcript_paths() if p.suffix == ".txt")[0]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("Informant 1: ", "Informant 1: Ja. ", 1), encoding="utf-8")
    assert edited.read_text(encoding="utf-8") != text
    assert _files(config) == _fresh(config)
    second = entries()
    assert len(second) == 2 * transcripts and len(first - second) == len(second - first) == 2
    # Coding without the cache (stc check) neither reads nor removes it.
    code_project(load_config(config), use_cache=False, executor=Executor(1))
    assert entries() == second
    # An upgrade of stc's matching code: every coded file is new, the old ones go.
    monkeypatch.setattr(coded_cache, "matching_fingerprint", lambda: "stc-next")
    _files(config)
    third = entries()
    tables = {n for n in second if n.endswith(".tokens")}
    assert {n for n in third if n.endswith(".tokens")} == tables
    assert len(third) == 2 * transcripts and not (third - tables) & second
    assert mine.read_text(encoding="utf-8") == "mitt"
