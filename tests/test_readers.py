"""Reading .txt/.md transcripts: encodings, front matter, speaker turns."""

from __future__ import annotations

import codecs
import datetime
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stc.errors import TranscriptError
from stc.readers import read_transcript

INTERVIEWER = ["I", "Intervjuer"]


def write(tmp_path: Path, content: str | bytes, name: str = "informant-2.txt") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def spoken(transcript: object) -> list[tuple[str, str, str]]:
    from stc.types import Transcript

    assert isinstance(transcript, Transcript)
    return [(t.speaker, t.role, transcript.text[t.start : t.end]) for t in transcript.turns]


def test_front_matter_labels_timestamps_and_continuation_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "---\nid: informant-3\nattributes: {alder: 34, gruppe: poliklinisk}\n---\n"
        "[00:01:12] I: Hvordan opplevde du å starte i gruppa?\n"
        "[00:01:20] Informant 3: Jeg var redd for å dele i starten.\n"
        "Det tok tid.\n"
        "I: Mhm.\n"
        "Informant 3: Ja.\n",
    )
    transcript = read_transcript(path, INTERVIEWER)
    assert transcript.id == "informant-3"
    assert transcript.attributes == {"alder": 34, "gruppe": "poliklinisk"}
    assert spoken(transcript) == [
        ("I", "interviewer", "Hvordan opplevde du å starte i gruppa?"),
        ("Informant 3", "participant", "Jeg var redd for å dele i starten.\nDet tok tid."),
        ("I", "interviewer", "Mhm."),
        ("Informant 3", "participant", "Ja."),
    ]
    first = transcript.turns[1]
    assert first.timestamp == "00:01:20"
    assert first.line == 6  # line numbers count the front matter: they match the file
    assert first.participant == "informant-3"


def test_id_defaults_to_the_file_stem(tmp_path: Path) -> None:
    transcript = read_transcript(write(tmp_path, "I: Hei?\nP: Hei.\n", "Intervju 7.txt"), ["I"])
    assert transcript.id == "intervju-7"


def test_text_without_labels_is_one_participants_text(tmp_path: Path) -> None:
    transcript = read_transcript(write(tmp_path, "Jeg skrev dette selv.\nOg dette.\n"), INTERVIEWER)
    assert spoken(transcript) == [("", "participant", "Jeg skrev dette selv.\nOg dette.")]
    assert transcript.turns[0].participant == "informant-2"


def test_interviewer_labels_come_from_config_case_insensitively(tmp_path: Path) -> None:
    path = write(tmp_path, "INTERVJUER: Spørsmål?\nKari: Svar.\n")
    roles = [t.role for t in read_transcript(path, INTERVIEWER).turns]
    assert roles == ["interviewer", "participant"]


def test_an_interviewer_label_with_initials_in_brackets_is_the_interviewer(
    tmp_path: Path,
) -> None:
    """ "Intervjuer (JH):" made the questions a participant's, and they were coded."""
    path = write(tmp_path, "Intervjuer (JH): Spørsmål?\nKari (34): Svar.\nIntervjuer (JH): Mer?\n")
    roles = [(t.speaker, t.role) for t in read_transcript(path, INTERVIEWER).turns]
    assert roles == [
        ("Intervjuer (JH)", "interviewer"),
        ("Kari (34)", "participant"),
        ("Intervjuer (JH)", "interviewer"),
    ]
    for label in ("Intervjuer [JH]", "Intervjuer/JH"):
        path = write(tmp_path, f"{label}: Spørsmål?\nKari: Svar.\n{label}: Mer?\nKari: Ja.\n")
        roles = [t.role for t in read_transcript(path, INTERVIEWER).turns]
        assert roles == ["interviewer", "participant"] * 2, label


def said(path: Path) -> list[tuple[str, str]]:
    """Each turn's speaker and words, as coding reads them (notes blanked)."""
    transcript = read_transcript(path, INTERVIEWER)
    return [(t.speaker, " ".join(t.content(transcript.text).split())) for t in transcript.turns]


def test_a_heading_that_names_the_interviewer_and_the_participant_is_nobodys(
    tmp_path: Path,
) -> None:
    # "Intervjuer: JH" began the interviewer's turn, so the lines after it answered it:
    # "Informant: P3" became the participant's first words, "Dato" a participant.
    path = write(
        tmp_path,
        "Intervjuer: JH\nInformant: P3\nDato: 12.03.2024\n\nIntervjuer: Kan du fortelle?\n"
        "Informant: Ja, det var vondt.\nIntervjuer: Og s\u00e5?\nInformant: Bedre.\n",
    )
    assert said(path) == [
        ("Intervjuer", "Kan du fortelle?"),
        ("Informant", "Ja, det var vondt."),
        ("Intervjuer", "Og s\u00e5?"),
        ("Informant", "Bedre."),
    ]
    assert read_transcript(path, INTERVIEWER).participants == ["informant-2"]
    # A field is the heading's even when its value is a sentence; so is the interviewer's
    # name above it.
    path.write_text(
        "Intervjuer: Kari Nordmann\nTema: Hvordan pasienter opplever ventetid.\n"
        "Sted: hjemme hos informanten.\n\nI: Hvordan var det?\nP: Lenge.\nI: Og?\n"
        "P: Bedre.\n",
        encoding="utf-8",
    )
    assert said(path) == [
        ("I", "Hvordan var det?"),
        ("P", "Lenge."),
        ("I", "Og?"),
        ("P", "Bedre."),
    ]
    # Short words exchanged first are no heading: nothing names a field.
    path.write_text("I: Ok\nP: Ja\nI: Hvordan?\nP: Fint.\n", encoding="utf-8")
    assert said(path) == [("I", "Ok"), ("P", "Ja"), ("I", "Hvordan?"), ("P", "Fint.")]


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_an_empty_transcript_has_no_participant(tmp_path: Path, content: str) -> None:
    # It was one participant with no words, counted in every "N of M participants".
    transcript = read_transcript(write(tmp_path, content), INTERVIEWER)
    assert transcript.turns == () and transcript.participants == []


def test_a_timestamp_on_a_line_of_its_own_is_the_time_of_the_turn_below(tmp_path: Path) -> None:
    # "00:04:10" alone on a line was the participant's last words, and a sentence of its own.
    path = write(
        tmp_path,
        "I: Hvordan var det?\n00:01:02\nP: Det var vondt. Jeg halverte dagene.\n00:04:10\n"
        "I: Og s\u00e5?\n[00:05:00]\nP: Bedre.\n00:06:00\nOg enda bedre.\n",
    )
    transcript = read_transcript(path, INTERVIEWER)
    assert [(t.speaker, t.timestamp) for t in transcript.turns] == [
        ("I", None),
        ("P", "00:01:02"),
        ("I", "00:04:10"),
        ("P", "00:05:00"),
    ]
    assert said(path) == [
        ("I", "Hvordan var det?"),
        ("P", "Det var vondt. Jeg halverte dagene."),
        ("I", "Og s\u00e5?"),
        ("P", "Bedre. Og enda bedre."),
    ]
    # f4transkript's stamps, alone on a line and at a line's end, are no words either.
    path.write_text(
        "I: Hvordan? #00:00:08-3#\n#00:00:10-0#\nP: Det var vondt. #00:00:15-2#\n"
        "Og lenge. #00:00:20-1#\n",
        encoding="utf-8",
    )
    transcript = read_transcript(path, INTERVIEWER)
    assert [(t.speaker, t.timestamp) for t in transcript.turns] == [("I", None), ("P", "00:00:10")]
    assert said(path) == [("I", "Hvordan?"), ("P", "Det var vondt. Og lenge.")]


@pytest.mark.parametrize(
    ("heading", "day"),
    [
        ("Dato: 14. mars 2024\nSted: hjemme\n", datetime.date(2024, 3, 14)),
        (
            "Intervju 1\nDatum: 12 mars 2024\nPlats: v\u00e5rdcentralen\n",
            datetime.date(2024, 3, 12),
        ),
        ("Fokusgruppe 1, rehabilitering, 2024-04-15\n", datetime.date(2024, 4, 15)),
        ("Date: March 14, 2024\n", datetime.date(2024, 3, 14)),
        ("Intervjudato: 03.04.2024\n", datetime.date(2024, 4, 3)),
        ("Intervju 3, f\u00f8dt 12.03.1965\n", None),  # a birth date is no interview's
        ("Intervju med Kari (f. 14.05.1998)\n", None),
        ("Intervju 2, 14.03.2024 (transkribert 2024-05-01)\n", datetime.date(2024, 3, 14)),
        ("Intervju 3\n", None),
    ],
)
def test_the_headings_date_is_the_interviews_date(
    tmp_path: Path, heading: str, day: datetime.date | None
) -> None:
    # "Dato: 14. mars 2024" above every interview, and the saturation table still asked for
    # a date in the front matter.
    path = write(tmp_path, heading + "\nI: Hvordan var det?\nP: Fint.\nI: Og?\nP: Ja.\n")
    transcript = read_transcript(path, INTERVIEWER)
    assert transcript.attributes.get("date") == day
    assert [t.speaker for t in transcript.turns] == ["I", "P", "I", "P"]
    # The front matter's own date wins.
    path.write_text(
        "---\nattributes:\n  date: 2023-01-02\n---\n" + path.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    assert read_transcript(path, INTERVIEWER).attributes["date"] == datetime.date(2023, 1, 2)


@pytest.mark.parametrize(
    "text",
    [
        # Labels alone on their line, under a date: the whole transcript was taken as heading.
        "Dato: 14.03.2024\n\nIntervjuer:\nHvordan var det?\n\nInformant:\nDet var fint.\n"
        "\nIntervjuer:\nOg?\n\nInformant:\nJa.\n",
        # Short opening exchanges, with or without a date above them.
        "I: Alder\nP1: 54\nI: Antall barn\nP1: 2\nI: Hvordan var det?\nP1: Jeg var redd.\n",
        "I: OK\nP1: Ja, klart\nI: Hvordan var det?\nP1: Jeg var redd.\n",
        "Dato: 3. mars\nI: hei\nP1: hei hei\nI: går det bra\nP1: ja takk\n",
        "Moderator: Velkommen\nPer: Takk\nModerator: Hva tenker dere?\nKari: Fin.\n"
        "Moderator: Og?\nKari: Ja.\n",
        # Answers without punctuation under a date: the heading ran on and took them all.
        "Dato: 14.03.2024\nI: fortell om gruppa\nP1: den var fin\nI: og lederen\n"
        "P1: hun var flink\n",
        "Dato: 3. mars\nI: God morgen\nP1: God morgen\nI: Alder\nP1: 54 år\n",
        # A time said alone on a line is the participant's, not a timestamp.
        "I: Når kom du?\nP1:\n10:30\nI: Og så?\nP1: Så gikk jeg.\n",
    ],
)
def test_a_heading_never_takes_a_speakers_words(tmp_path: Path, text: str) -> None:
    # The heading rule once ran on over any short label line and dropped them all.
    transcript = read_transcript(write(tmp_path, text), [*INTERVIEWER, "Moderator"])
    said = " ".join(" ".join(t.content(transcript.text).split()) for t in transcript.turns)
    lines = text.splitlines()
    turns = [line for line in lines if re.match(r"[^\W\d]\w*:", line) and "Dato" not in line]
    assert len(transcript.turns) == len(turns)
    for line in turns:
        assert line.split(":", 1)[1].strip() in said, line
    assert all(line in said for line in lines if re.fullmatch(r"\d+:\d+", line))


def test_a_field_is_the_headings_in_bold_or_after_a_title_line(tmp_path: Path) -> None:
    from stc.readers.text import transcript_from_text

    # A Word file's bold "Dato:" and "Sted:" (marked as labels by the file) were participants.
    text = "Dato: 14.03.2024\nSted: hjemme\nI: Hvordan var det?\nInformant: Fint.\nI: Og?\n"
    bold = transcript_from_text(
        text + "Informant: Ja.\n", tmp_path / "bold.txt", INTERVIEWER, known={"Dato", "Sted"}
    )
    assert bold.participants == ["bold"]
    text = "Alder: 54\nKjønn: kvinne\nI: Hvordan var det?\nP1: Fint.\nI: Og?\nP1: Ja.\n"
    known = {"Alder", "Kjønn", "I", "P1"}
    assert transcript_from_text(
        text, tmp_path / "b.txt", INTERVIEWER, known=known
    ).participants == ["b"]
    # A field after a title line or a paragraph, outside the heading's run.
    text = (
        "Dato: 14.03.2024\nIntervju med informant 3\nSted: Hjemme hos informanten\n"
        "I: Hvordan var det?\nP1: Fint.\nI: Og?\nP1: Ja.\n"
    )
    assert read_transcript(write(tmp_path, text), INTERVIEWER).participants == ["informant-2"]


def test_a_note_label_that_is_a_marked_speaker_stays_a_speaker(tmp_path: Path) -> None:
    from stc.readers.text import transcript_from_text

    text = "Moderator: Hva tenker dere?\nObs: Jeg er enig.\nModerator: Mer?\nObs: Ja.\n"
    transcript = transcript_from_text(text, tmp_path / "fg.txt", ["Moderator"], known={"Obs"})
    assert transcript.participants == ["fg"]
    assert [t.speaker for t in transcript.turns] == ["Moderator", "Obs", "Moderator", "Obs"]


def test_a_transcribers_note_is_nobodys_words(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # "Merknad:" used twice was a participant, and "Merknad: Opptaket ..." their words.
    path = write(
        tmp_path,
        "I: Hvordan var det?\nP: Lenge ventet jeg.\nMerknad: Opptaket ble stoppet.\n"
        "Det var vondt.\nI: Og?\nP: Bedre.\nMerknad: Slutt p\u00e5 opptaket.\n",
    )
    transcript = read_transcript(path, INTERVIEWER)
    assert transcript.participants == ["informant-2"]
    assert said(path) == [
        ("I", "Hvordan var det?"),
        ("P", "Lenge ventet jeg. Det var vondt."),
        ("I", "Og?"),
        ("P", "Bedre."),
    ]
    # The note ends no turn, and a turn does not run on over a note after it.
    assert transcript.turns[-1].end == transcript.text.index("Bedre.") + len("Bedre.")
    # Said, so that a speaker whose label is a note word is not lost without a word.
    assert "'Merknad:' (lines 3, 7) is read as a transcriber's note, nobody's words" in caplog.text
    # In a transcript without labels, too, and in English.
    path.write_text(
        "Place: home\n\nI have had pain for long.\nTranscriber's note: pause\nThat is it.\n",
        encoding="utf-8",
    )
    assert said(path) == [("", "I have had pain for long. That is it.")]


def test_a_heading_of_one_off_labels_before_the_first_turn_is_nobodys(tmp_path: Path) -> None:
    """ "Dato: 14. mars 2024" opening a transcript became a participant "dato" (a digit after
    the colon read as speech), with the place on the next line as its words."""
    path = write(
        tmp_path,
        "Dato: 14. mars 2024\nSted: hjemme hos informanten\nI: Hei?\nKari: Hei.\nI: Og?\n"
        "Kari: Bra.\n",
    )
    transcript = read_transcript(path, INTERVIEWER)
    assert [(t.speaker, t.role) for t in transcript.turns] == [
        ("I", "interviewer"),
        ("Kari", "participant"),
        ("I", "interviewer"),
        ("Kari", "participant"),
    ]
    assert transcript.participants == ["informant-2"]
    # Short labels and labels with a digit are speakers elsewhere, not in the heading.
    path.write_text(
        "ID: P11\nAlder: 54\nPost 2: medisinsk\nDato: 14. mars 2024\n\n"
        "I: Hvordan var det?\nP11: Skummelt.\nI: Og senere?\nP11: Bedre.\n",
        encoding="utf-8",
    )
    transcript = read_transcript(path, INTERVIEWER)
    assert transcript.participants == ["informant-2"]
    assert [t.speaker for t in transcript.turns] == ["I", "P11", "I", "P11"]
    # A single answer is no heading: "Kari:" once, after the question, is Kari, with a
    # heading above the question too.
    path.write_text("Dato: 14. mars\nI: Hva syntes du?\nKari: Det var fint.\n", encoding="utf-8")
    transcript = read_transcript(path, INTERVIEWER)
    assert [(t.speaker, t.role) for t in transcript.turns] == [
        ("I", "interviewer"),
        ("Kari", "participant"),
    ]
    assert transcript.participants == ["informant-2"]
    # A focus group where Per speaks once, first, after the moderator's question: Per's
    # (the heading rule once read his answer as the moderator's words).
    path.write_text(
        "I: Hvem vil begynne?\nPer: Jeg kan begynne.\nKari: Jeg var redd.\nI: Og?\nKari: Bedre.\n",
        encoding="utf-8",
    )
    assert [t.speaker for t in read_transcript(path, INTERVIEWER).turns] == [
        "I",
        "Per",
        "Kari",
        "I",
        "Kari",
    ]


def test_labels_in_markdown_bold_are_labels(tmp_path: Path) -> None:
    """ "**Intervjuer:** …" in a .md (or .txt) file: no labels were found, and the questions
    were coded as the participant's words."""
    body = "**Intervjuer:** Hvordan var det?\n**Kari**: Bra.\n__Intervjuer:__ Og så?\n**Kari:** Fint.\n"
    transcript = read_transcript(write(tmp_path, body, "intervju.md"), INTERVIEWER)
    assert [(t.speaker, t.role) for t in transcript.turns] == [
        ("Intervjuer", "interviewer"),
        ("Kari", "participant"),
        ("Intervjuer", "interviewer"),
        ("Kari", "participant"),
    ]
    assert [transcript.text[t.start : t.end] for t in transcript.turns][1::2] == ["Bra.", "Fint."]


def test_several_participants_get_their_own_ids(tmp_path: Path) -> None:
    path = write(tmp_path, "I: Hva tenker dere?\nDeltaker 1: Bra.\nDeltaker 2: Kjedelig.\n")
    ids = [t.participant for t in read_transcript(path, INTERVIEWER).turns]
    assert ids == ["", "informant-2/deltaker-1", "informant-2/deltaker-2"]


def test_a_one_off_phrase_with_a_colon_is_text_not_a_speaker(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "I: Og så?\nInformant 2: Det var sånn.\nKort sagt: det hjalp.\nI: Ok.\nInformant 2: Ja.\n",
    )
    turns = spoken(read_transcript(path, INTERVIEWER))
    assert turns[1] == ("Informant 2", "participant", "Det var sånn.\nKort sagt: det hjalp.")


def test_a_timestamp_opening_a_continuation_line_is_not_speech(tmp_path: Path) -> None:
    transcript = read_transcript(
        write(tmp_path, "I: Ja?\nInformant 2: Først.\n[00:02:00] Så.\n"), INTERVIEWER
    )
    turn = transcript.turns[1]
    assert turn.content(transcript.text) == "Først.\n           Så."
    assert len(turn.content(transcript.text)) == turn.end - turn.start


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + "I: Hå?\nP: Blåbær.\n".encode(), "utf-8-sig"),
        ("I: Hå?\nP: Blåbær.\n".encode("utf-16"), "utf-16"),
        ("I: Hå?\nP: Blåbær.\n".encode("cp1252"), "cp1252"),
        ("I: Hå?\nP: Blåbær.\n".encode(), "utf-8"),
    ],
)
def test_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    transcript = read_transcript(write(tmp_path, data), INTERVIEWER)
    assert transcript.encoding == encoding
    assert transcript.text == "I: Hå?\nP: Blåbær.\n"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings_are_normalised_to_lf(tmp_path: Path, newline: str) -> None:
    data = newline.join(["I: Ja?", "P: Nei.", "Kanskje.", ""]).encode()
    transcript = read_transcript(write(tmp_path, data), INTERVIEWER)
    assert transcript.text == "I: Ja?\nP: Nei.\nKanskje.\n"


def test_decomposed_characters_are_composed(tmp_path: Path) -> None:
    transcript = read_transcript(write(tmp_path, "P: bla\u030aba\u030ar\n"), INTERVIEWER)
    assert "blåbår" in transcript.text


def test_binary_file_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, b"PK\x03\x04\x00\x00binary", "informant-9.txt")
    with pytest.raises(TranscriptError, match=r"informant-9\.txt: looks like a binary file"):
        read_transcript(path, INTERVIEWER)


def test_bytes_no_codec_can_read_are_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, b"P: \xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\n")
    with pytest.raises(TranscriptError, match="cannot be decoded"):
        read_transcript(path, INTERVIEWER)


def test_unclosed_front_matter_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match="never closed"):
        read_transcript(write(tmp_path, "---\nid: x\nI: Hei\n"), INTERVIEWER)


def test_unknown_front_matter_key_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match="unknown key 'alder'"):
        read_transcript(write(tmp_path, "---\nalder: 3\n---\nI: Hei\n"), INTERVIEWER)


def test_unsupported_extension_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match=r"'\.pdf' files cannot be read"):
        read_transcript(write(tmp_path, "x", "a.pdf"), INTERVIEWER)


def test_a_sentence_with_a_colon_in_unlabelled_text_stays_text(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write(
        tmp_path,
        "Jeg var redd i starten. Jeg følte meg alene.\nDet viktigste var dette: gruppa hjalp meg.\n",
        "solo.txt",
    )
    transcript = read_transcript(path, INTERVIEWER)
    assert spoken(transcript) == [
        (
            "",
            "participant",
            "Jeg var redd i starten. Jeg følte meg alene.\nDet viktigste var dette: gruppa hjalp meg.",
        )
    ]
    assert "solo: line 2: 'Det viktigste var dette:' is read as text" in caplog.text


def test_a_one_word_opening_inside_a_turn_stays_text(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "I: Og så?\nInformant 3: Jeg prøvde.\nAltså: jeg følte meg alene i gruppa.\n"
        "I: Ja.\nInformant 3: Ja.\n",
        "solo.txt",
    )
    transcript = read_transcript(path, INTERVIEWER)
    assert [t.participant for t in transcript.turns if t.role == "participant"] == ["solo", "solo"]
    assert spoken(transcript)[1][2] == "Jeg prøvde.\nAltså: jeg følte meg alene i gruppa."


@pytest.mark.parametrize(
    "written", ["010", "001", "'010'", "2024-01", '"010"', "\t010", "010\t", "010 # kommentar"]
)
def test_a_numeric_looking_id_is_kept_as_written(tmp_path: Path, written: str) -> None:
    """Also with a tab after the colon or the value, which the front matter's parser accepts
    (the id's own parser refused it once, with a message that named no file)."""
    transcript = read_transcript(write(tmp_path, f"---\nid: {written}\n---\nP: Ja.\n"), INTERVIEWER)
    assert transcript.id == "010" if "010" in written else written.strip("'")


def test_yaml_with_text_that_cannot_be_encoded_is_an_error_not_a_traceback() -> None:
    from stc.errors import StcError
    from stc.yamlio import parse_yaml, parse_yaml_strings

    for parse in (parse_yaml, parse_yaml_strings):
        with pytest.raises(StcError, match=r"^notes\.yaml: invalid"):
            parse("id: a\udc80\n", "notes.yaml")


def test_a_transcript_longer_than_forty_interviews_is_refused_before_it_is_read(
    tmp_path: Path,
) -> None:
    """A 23 MB .vtt did not finish in two minutes, and a 4.7 MB one took 650 MB."""
    from stc.readers import read_transcript
    from stc.readers.text import MAX_CHARS

    path = tmp_path / "arkiv.txt"
    with path.open("w", encoding="utf-8") as f:
        f.write("I: Hei?\n")
        f.write(("Informant 1: " + "ord " * 2_000 + "\n") * (2 * MAX_CHARS // 8_000 + 1))
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    assert "MB, more than stc reads in one transcript (8 million characters" in str(caught.value)
    assert str(caught.value).endswith("put each interview in a file of its own")
    # Decoded text over the limit (a file under twice its size in bytes).
    path.write_text("I: Hei?\nInformant 1: " + "ord " * (MAX_CHARS // 4) + "\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match="million characters"):
        read_transcript(path)


def test_invisible_characters_do_not_hide_a_speaker_label(tmp_path: Path) -> None:
    """A no-break space inside "Informant 1:" made the participant's answer the interviewer's,
    and a zero-width space or a byte order mark (two files joined) before "I:" made the
    interviewer's question a participant's."""
    path = tmp_path / "intervju.txt"
    path.write_text(
        "I: Hvordan var det?\n"
        "Informant\u00a01: Jeg følte meg alene.\n"
        "\u200bI: Følte du deg alene?\n"
        "Informant 1: Ja.\n"
        "\ufeffI: Og nå?\n"
        "Informant\u202f1:\u00a0Nå er det bedre.\n",
        encoding="utf-8",
    )
    transcript = read_transcript(path, ["I"])
    said = [(t.speaker, t.role, transcript.text[t.start : t.end].strip()) for t in transcript.turns]
    assert said == [
        ("I", "interviewer", "Hvordan var det?"),
        ("Informant 1", "participant", "Jeg følte meg alene."),
        ("I", "interviewer", "Følte du deg alene?"),
        ("Informant 1", "participant", "Ja."),
        ("I", "interviewer", "Og nå?"),
        ("Informant 1", "participant", "Nå er det bedre."),
    ]
    assert transcript.participants == ["intervju"]  # one participant: the interview's id


def test_a_label_with_details_in_brackets_is_named_in_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """ "Informant 4 (kvinne, 34 år):" was read as the interviewer's words, in silence."""
    path = tmp_path / "intervju.txt"
    path.write_text(
        "I: Hvordan var det?\nInformant 4: Fint.\nI: Og så?\n"
        "Informant 4 (kvinne, 34 år): Jeg følte meg alene.\n",
        encoding="utf-8",
    )
    read_transcript(path, ["I"])
    assert (
        "intervju: line 4: 'Informant 4 (kvinne, 34 år):' is read as the previous speaker's "
        "words, not as Informant 4's: write 'Informant 4:' alone, and details such as age in "
        "the front matter's attributes"
    ) in caplog.messages


def test_a_label_and_the_same_label_with_details_are_named_as_two(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """ "Informant 4 (kvinne):" beside "Informant 4:" made two participants of one, in silence,
    and every "N of M participants" counted one too many."""
    path = tmp_path / "c.txt"
    path.write_text(
        "I: Kan du fortelle om deg selv?\nInformant 4 (kvinne): Jeg er 34.\n"
        "I: Hvordan var det?\nInformant 4: Skummelt.\n",
        encoding="utf-8",
    )
    transcript = read_transcript(path, ["I"])
    assert len(transcript.participants) == 2  # as written; the warning says how to join them
    assert (
        "c: 'Informant 4 (kvinne):' and 'Informant 4:' are read as two participants; if they "
        "are one, write 'Informant 4:' alone, and details such as age in the front matter's "
        "attributes"
    ) in caplog.messages


@given(
    st.lists(
        st.tuples(st.sampled_from([None, "A", "B"]), st.text(alphabet="ab \n", max_size=5)),
        max_size=8,
    )
)
def test_merging_cues_gives_what_joining_them_one_by_one_gave(
    cues: list[tuple[str | None, str]],
) -> None:
    """Merging a speaker's cues was quadratic (a 24 MB .vtt took 79 s); done in pieces now, it
    must give the very text joining them one by one, stripping each time, gave."""
    from stc.readers.common import RawTurn, merge_consecutive

    expected: list[RawTurn] = []
    for speaker, text in cues:
        if expected and (speaker is None or speaker == expected[-1].speaker):
            expected[-1].text = f"{expected[-1].text} {text}".strip()
        else:
            expected.append(RawTurn(speaker, text, None))
    merged = merge_consecutive([RawTurn(s, t, None) for s, t in cues])
    assert [(t.speaker, t.text) for t in merged] == [(t.speaker, t.text) for t in expected]
