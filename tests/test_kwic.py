"""Keyword in context: the codebook's keyword semantics, over the transcripts, with context."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from stc.codebook import Codebook, CodebookMatcher
from stc.config import load_config
from stc.corpus import load_transcripts
from stc.errors import StcError
from stc.kwic import COLUMNS, hits_csv, hits_json, kwic, parse_term
from stc.nlp import ParsedTranscript, Pipeline, parse_transcripts
from tests.conftest import MakeProject, stc

runner = CliRunner()

INTERVIEW = """\
---
id: informant-1
---
I: Hvordan var gruppa?
Informant 1: Gruppa var fin, og gruppene var små. Grupper hjelper.
Gruppeterapien var bra. Gruppelederen var ung, og lederne var eldre.
Jeg trodde jeg var den eneste. Vi var i samme båt.
I: Var det en god gruppeleder?
Informant 1: Ja. Den eneste som forsto meg var lederen.
"""

OTHER = """\
I: Og du?
Informant 2: Først kom jeg. Så var gruppa fin.
"""


@pytest.fixture
def project(make_project: MakeProject) -> Path:
    return make_project({"informant-1.txt": INTERVIEW, "informant-2.txt": OTHER})


@pytest.fixture
def parsed(project: Path, nb: Pipeline) -> list[ParsedTranscript]:
    return parse_transcripts(load_transcripts(load_config(project)), nb)


def codebook_for(keyword: str) -> Codebook:
    return Codebook.model_validate(
        {
            "name": "One keyword",
            "groups": [
                {
                    "id": "g",
                    "label": "G",
                    "codes": [{"id": "c", "label": "C", "keywords": [keyword]}],
                }
            ],
        }
    )


@pytest.mark.parametrize("keyword", ["gruppe", "grupp*", "*leder", "den eneste", "samme båt"])
def test_kwic_and_the_codebook_matcher_agree(
    keyword: str, parsed: list[ParsedTranscript], nb: Pipeline
) -> None:
    matcher = CodebookMatcher(codebook_for(keyword), nb)
    by_codebook: dict[tuple[str, int], tuple[str, ...]] = {}
    for item in parsed:
        for turn, doc in zip(item.transcript.turns, item.docs, strict=True):
            if turn.role != "participant":
                continue
            for sent, codes in matcher.match_doc(doc):
                if "g/c" in codes:
                    key = (item.transcript.id, turn.start + sent.start_char)
                    by_codebook[key] = codes["g/c"][0].matched

    sentence_of: dict[tuple[str, int], tuple[str, int]] = {}
    for item in parsed:
        for turn, doc in zip(item.transcript.turns, item.docs, strict=True):
            for sent in doc.sents:
                for char in range(sent.start_char, sent.end_char):
                    sentence_of[(item.transcript.id, turn.start + char)] = (
                        item.transcript.id,
                        turn.start + sent.start_char,
                    )
    by_kwic: dict[tuple[str, int], tuple[str, ...]] = {}
    for hit in kwic(parsed, parse_term(keyword, nb)):
        key = sentence_of[(hit.transcript, hit.char_start)]
        if hit.match not in by_kwic.get(key, ()):
            by_kwic[key] = (*by_kwic.get(key, ()), hit.match)

    assert by_kwic == by_codebook
    assert by_kwic, f"{keyword} should match the interview"


def test_keyword_semantics_find_inflections_and_compounds(
    parsed: list[ParsedTranscript], nb: Pipeline
) -> None:
    def matches(term: str) -> list[str]:
        return [
            h.match for h in kwic(parsed, parse_term(term, nb)) if h.transcript == "informant-1"
        ]

    assert matches("gruppe") == ["Gruppa", "gruppene", "Grupper"]
    assert matches("grupp*") == [
        "Gruppa",
        "gruppene",
        "Grupper",
        "Gruppeterapien",
        "Gruppelederen",
    ]
    assert matches("*leder") == ["Gruppelederen", "lederne", "lederen"]
    assert matches("den eneste") == ["den eneste", "Den eneste"]


def test_hits_are_sorted_with_lines_offsets_and_context(
    parsed: list[ParsedTranscript], nb: Pipeline
) -> None:
    hits = kwic(parsed, parse_term("gruppe", nb), window=3)
    assert [(h.transcript, h.line) for h in hits] == [
        ("informant-1", 5),
        ("informant-1", 5),
        ("informant-1", 5),
        ("informant-2", 2),
    ]
    texts = {p.transcript.id: p.transcript.text for p in parsed}
    for hit in hits:
        assert texts[hit.transcript][hit.char_start : hit.char_end] == hit.match
        assert texts[hit.transcript].splitlines()[hit.line - 1].find(hit.match) >= 0
    first = hits[0]
    assert (first.left, first.match, first.right) == ("", "Gruppa", "var fin, og")
    assert (first.participant, first.speaker, first.turn) == (
        "informant-1",
        "Informant 1",
        2,
    )
    # Context crosses sentences within the turn, never into another turn.
    last = hits[-1]
    assert (last.left, last.match, last.right) == ("jeg. Så var", "gruppa", "fin.")


def test_window_zero_and_a_wider_window(parsed: list[ParsedTranscript], nb: Pipeline) -> None:
    [hit] = kwic(parsed, parse_term("samme båt", nb), window=0)
    assert (hit.left, hit.match, hit.right) == ("", "samme båt", "")
    [hit] = kwic(parsed, parse_term("samme båt", nb), window=2)
    assert (hit.left, hit.right) == ("var i", ".")


def test_participants_only_by_default(parsed: list[ParsedTranscript], nb: Pipeline) -> None:
    keyword = parse_term("gruppe*", nb)
    participants = kwic(parsed, keyword)
    everyone = kwic(parsed, keyword, participants_only=False)
    assert {h.speaker for h in participants} == {"Informant 1", "Informant 2"}
    interviewer = [h for h in everyone if h.speaker == "I"]
    assert [h.match for h in interviewer] == ["gruppa", "gruppeleder"]
    assert len(everyone) == len(participants) + len(interviewer)


@pytest.mark.parametrize("term", ["gr*pe", "*", "  "])
def test_a_malformed_term_is_a_user_error(term: str, nb: Pipeline) -> None:
    with pytest.raises(StcError, match="TERM"):
        parse_term(term, nb)


def test_csv_and_json_hold_the_same_hits(parsed: list[ParsedTranscript], nb: Pipeline) -> None:
    hits = kwic(parsed, parse_term("grupp*", nb))
    frame = pd.read_csv(io.StringIO(hits_csv(hits)), keep_default_na=False)
    assert list(frame.columns) == COLUMNS
    records = json.loads(hits_json(hits))
    assert list(frame["match"]) == [r["match"] for r in records] == [h.match for h in hits]
    assert list(frame["line"]) == [r["line"] for r in records]


# --- the command -----------------------------------------------------------------------------


def test_kwic_command_table(project: Path) -> None:
    code, out, err = stc("kwic", "*leder", "-c", project)
    assert code == 0, err
    assert "Gruppelederen" in out and "lederne" in out
    assert "3 treff for '*leder' i 1 transkripsjon (informantenes taleturer)" in err


def test_kwic_command_csv_to_stdout_messages_to_stderr(project: Path) -> None:
    code, out, err = stc("kwic", "gruppe", "-c", project, "--format", "csv", "--window", "2")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert lines[1] == "informant-1,5,informant-1,Informant 1,2,60,66,,Gruppa,var fin"
    assert len(lines) == 5
    assert "treff" not in out and "4 treff for 'gruppe'" in err


def test_kwic_command_json_all_speakers(project: Path) -> None:
    code, out, err = stc("kwic", "gruppe", "-c", project, "-f", "json", "--all-speakers")
    assert code == 0, err
    speakers = [r["speaker"] for r in json.loads(out)]
    assert speakers.count("I") == 1
    assert "(alle taleturer)" in err


def test_kwic_command_without_matches(project: Path) -> None:
    code, out, err = stc("kwic", "sykkel", "-c", project)
    assert code == 0
    assert out == ""
    assert "0 treff for 'sykkel' i 0 transkripsjoner" in err


def test_kwic_command_bad_term_and_bad_format(project: Path) -> None:
    code, _, err = stc("kwic", "gr*pe", "-c", project)
    assert code == 1
    assert "Error: TERM: keyword 'gr*pe': '*' may stand only at the start or end of a word" in err
    assert "Traceback" not in err
    code, _, err = stc("kwic", "gruppe", "-c", project, "--format", "xml")
    assert code == 2


def test_the_docbin_cache_keeps_one_file_per_transcript(project: Path) -> None:
    """An edited transcript's old DocBin goes once the corpus is parsed again (as the token
    cache's tables do), so the cache does not grow with every edit."""
    cache = load_config(project).parse_cache
    assert stc("kwic", "gruppe", "-c", project)[0] == 0
    first = sorted(p.name for p in cache.glob("*.spacy"))
    assert len(first) == 2  # two transcripts
    transcript = project.parent / "transcripts" / "informant-1.txt"
    transcript.write_text(transcript.read_text(encoding="utf-8") + "\nI: Takk.\n", "utf-8")
    (cache / "notes.txt").write_text("not stc's", encoding="utf-8")
    assert stc("kwic", "gruppe", "-c", project)[0] == 0
    second = sorted(p.name for p in cache.glob("*.spacy"))
    assert len(second) == 2 and len(set(first) & set(second)) == 1
    assert (cache / "notes.txt").is_file()  # only DocBins are stc's to remove here
