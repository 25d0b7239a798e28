"""Word, OpenDocument, WebVTT and SRT transcripts: the same turns as plain text.

Every fixture is built here from our own sentences.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from odf.opendocument import OpenDocumentText
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, P

from stc.coding import code_project
from stc.config import load_config
from stc.corpus import load_transcripts
from stc.errors import TranscriptError
from stc.readers import read_transcript
from stc.types import Transcript
from tests.conftest import CODEBOOK, CONFIG, MakeProject

INTERVIEWER = ["I", "Intervjuer"]

# One interview, as (speaker, text) turns, rendered into every format below.
TURNS = [
    ("I", "Hvordan var det å begynne i gruppa?"),
    ("Informant 1", "Jeg var redd. Jeg trodde jeg var den eneste."),
    ("I", "Mhm."),
    ("Informant 1", "Men så merket jeg at jeg ikke var alene. Gruppelederen var flink."),
    ("I", "Og nå?"),
    ("Informant 1", "Nå er gruppa det beste i uka. Været er fint."),
]


def turns_of(transcript: Transcript) -> list[tuple[str, str, str]]:
    return [(t.speaker, t.role, transcript.text[t.start : t.end]) for t in transcript.turns]


def docx_with(tmp_path: Path, name: str = "intervju.docx") -> tuple[docx.document.Document, Path]:
    return docx.Document(), tmp_path / name


def test_docx_label_prefixes(tmp_path: Path) -> None:
    document, path = docx_with(tmp_path)
    for speaker, text in TURNS:
        document.add_paragraph(f"{speaker}: {text}")
    document.save(str(path))
    transcript = read_transcript(path, INTERVIEWER)
    assert [(s, t) for s, _, t in turns_of(transcript)] == TURNS


def test_docx_bold_labels_with_and_without_colon(tmp_path: Path) -> None:
    document, path = docx_with(tmp_path)
    for i, (speaker, text) in enumerate(TURNS):
        paragraph = document.add_paragraph()
        paragraph.add_run(speaker + (":" if i % 2 else "")).bold = True
        paragraph.add_run(" " + text)
    document.save(str(path))
    assert [(s, t) for s, _, t in turns_of(read_transcript(path, INTERVIEWER))] == TURNS


def test_docx_labels_bold_by_their_style_or_after_a_timestamp(tmp_path: Path) -> None:
    """A label set in Word's Strong style, or a style of the transcriber's own based on it,
    is bold as Word shows it, and so is a bold label after a timestamp with no colon: each
    interview was read as one participant's turn, the questions included."""
    document, path = docx_with(tmp_path)
    own = document.styles.add_style("Taler", WD_STYLE_TYPE.CHARACTER)
    own.base_style = document.styles["Strong"]
    for i, (speaker, text) in enumerate(TURNS):
        paragraph = document.add_paragraph()
        if i == 0:
            paragraph.add_run(speaker).style = "Strong"
            paragraph.add_run("\t" + text)
        elif i == 1:
            paragraph.add_run(speaker).style = "Taler"
            paragraph.add_run(" " + text)
        else:
            paragraph.add_run(f"[00:0{i}:00] ")
            paragraph.add_run(speaker).bold = True
            paragraph.add_run(" " + text)
    document.save(str(path))
    assert [(s, t) for s, _, t in turns_of(read_transcript(path, INTERVIEWER))] == TURNS


def test_docx_headings_are_nobodys_words(tmp_path: Path) -> None:
    """A Heading 2 "Del 2: Om gruppa" mid-interview became a participant "Del 2"."""
    document, path = docx_with(tmp_path)
    document.add_heading("Intervju med Kari", 0)
    own = document.styles.add_style("Seksjon", WD_STYLE_TYPE.PARAGRAPH)
    own.base_style = document.styles["Heading 1"]
    for i, (speaker, text) in enumerate(TURNS):
        if i == 1:
            document.add_paragraph("Del 1: Å begynne", style="Seksjon")
        if i == 2:
            document.add_heading("Del 2: Om gruppa", 2)
        paragraph = document.add_paragraph()
        paragraph.add_run(speaker + ":").bold = True
        paragraph.add_run(" " + text)
    document.save(str(path))
    transcript = read_transcript(path, INTERVIEWER)
    assert [(s, t) for s, _, t in turns_of(transcript)] == TURNS
    assert "Del 2" not in transcript.text and "Intervju med Kari" not in transcript.text
    assert "Del 1" not in transcript.text


def test_docx_labels_set_as_headings_stay_labels(tmp_path: Path) -> None:
    """Labels typed as heading paragraphs ("Intervjuer:" in Heading 3, the words below) were
    left out with the section titles, and the questions became the participant's words."""
    document, path = docx_with(tmp_path)
    for speaker, text in TURNS:
        document.add_heading(speaker + ":", 3)
        document.add_paragraph(text)
    document.save(str(path))
    assert [(s, t) for s, _, t in turns_of(read_transcript(path, INTERVIEWER))] == TURNS


def test_a_bold_word_opening_one_paragraph_without_a_colon_is_no_label(tmp_path: Path) -> None:
    """ "[00:01:30] **Aldri** hadde jeg …" made "Aldri" a second participant; a bold opening
    without a colon is a label when it opens two paragraphs or more."""
    document, path = docx_with(tmp_path)
    for speaker, text in TURNS:
        paragraph = document.add_paragraph()
        paragraph.add_run(speaker + ":").bold = True
        paragraph.add_run(" " + text)
    paragraph = document.add_paragraph()
    paragraph.add_run("[00:01:30] ")
    paragraph.add_run("Aldri").bold = True
    paragraph.add_run(" hadde jeg trodd det.")
    paragraph = document.add_paragraph()
    paragraph.add_run("Aldri").bold = True
    paragraph.add_run(" igjen.")
    document.save(str(path))
    transcript = read_transcript(path, INTERVIEWER)
    assert [(s, t) for s, _, t in turns_of(transcript)][:-1] == TURNS[:-1]
    speaker, _, text = turns_of(transcript)[-1]
    assert speaker == TURNS[-1][0]
    assert text.endswith("[00:01:30] Aldri hadde jeg trodd det.\nAldri igjen.")
    assert len(transcript.participants) == 1
    # Where labels go without colons, a bold opening used once is a speaker: a focus group's
    # quiet member.
    document, path = docx_with(tmp_path, "uten.docx")
    for speaker, text in [*TURNS, ("Per", "Jeg sier bare dette.")]:
        paragraph = document.add_paragraph()
        paragraph.add_run(speaker).bold = True
        paragraph.add_run(" " + text)
    document.save(str(path))
    assert turns_of(read_transcript(path, INTERVIEWER))[-1][0] == "Per"


def _wrap(paragraph: Any, tag: str, text: str, bold: bool = False) -> None:
    """A run of ``text`` inside a ``w:<tag>`` element (a tracked change, a hyperlink)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    wrapper = OxmlElement(f"w:{tag}")
    if tag in ("ins", "del"):
        wrapper.set(qn("w:id"), "1")
        wrapper.set(qn("w:author"), "Kari")
    run = paragraph.add_run(text)
    run.bold = bold
    if tag == "del":  # a deleted run's text is w:delText
        run._r.find(qn("w:t")).tag = qn("w:delText")
    run._r.addprevious(wrapper)
    wrapper.append(run._r)


def test_docx_reads_tracked_changes_hyperlinks_and_content_controls_as_word_shows_them(
    tmp_path: Path,
) -> None:
    """A tracked insertion, a hyperlink and a paragraph in a content control were left out of
    the transcript, in silence: the participant's words went missing."""
    from docx.oxml import OxmlElement

    document, path = docx_with(tmp_path)
    document.add_paragraph("I: Hvordan var det?")
    first = document.add_paragraph()
    first.add_run("Informant 1:").bold = True
    first.add_run(" Jeg var")
    _wrap(first, "ins", " redd")
    _wrap(first, "del", " glad")
    first.add_run(" i starten.")
    second = document.add_paragraph("I: Og så?")
    third = document.add_paragraph("Informant 1: Les mer på ")
    _wrap(third, "hyperlink", "nettsida")
    third.add_run(", der sto det.")
    # A paragraph inside a block content control (w:sdt / w:sdtContent).
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    sdt.append(content)
    control = document.add_paragraph("Jeg følte meg ikke alene lenger.")
    control._p.addprevious(sdt)
    content.append(control._p)
    del second
    document.save(str(path))
    said = [(s, t) for s, _, t in turns_of(read_transcript(path, INTERVIEWER))]
    assert said == [
        ("I", "Hvordan var det?"),
        ("Informant 1", "Jeg var redd i starten."),
        ("I", "Og så?"),
        ("Informant 1", "Les mer på nettsida, der sto det.\nJeg følte meg ikke alene lenger."),
    ]


def test_a_docx_text_box_is_not_read_into_the_speakers_turn(tmp_path: Path) -> None:
    """A text box anchored in a participant's paragraph ("KONFIDENSIELT") was read into the
    turn twice (Word keeps it for itself and as a fallback)."""
    from docx.oxml import parse_xml

    box = (
        '<w:txbxContent xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:p><w:r><w:t>KONFIDENSIELT</w:t></w:r></w:p></w:txbxContent>"
    )
    document, path = docx_with(tmp_path)
    document.add_paragraph("I: Hvordan var det?")
    paragraph = document.add_paragraph("Informant 1: Jeg var redd i starten.")
    for _ in range(2):  # as mc:Choice and mc:Fallback hold it, inside a run
        holder = paragraph.add_run()
        holder._r.append(parse_xml(box))
    document.save(str(path))
    said = [(s, t) for s, _, t in turns_of(read_transcript(path, INTERVIEWER))]
    assert said == [("I", "Hvordan var det?"), ("Informant 1", "Jeg var redd i starten.")]


def test_docx_two_and_three_column_tables_with_a_header_row(tmp_path: Path) -> None:
    document, path = docx_with(tmp_path)
    table = document.add_table(rows=1, cols=3)
    for cell, title in zip(table.rows[0].cells, ["Tid", "Taler", "Tekst"], strict=True):
        cell.text = title
    for i, (speaker, text) in enumerate(TURNS):
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text = f"00:0{i}:00", speaker, text
    document.save(str(path))
    transcript = read_transcript(path, INTERVIEWER)
    assert [(s, t) for s, _, t in turns_of(transcript)] == TURNS
    assert transcript.turns[1].timestamp == "00:01:00"


def test_content_controls_in_a_docx_table_keep_every_row_and_cell(tmp_path: Path) -> None:
    """A content control around a row, a cell or a cell's paragraph hid it: a speaker's words
    went missing, and the next row's label became their words."""
    from docx.oxml import OxmlElement

    def wrap(element: Any) -> None:
        sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
        sdt.append(content)
        element.addprevious(sdt)
        content.append(element)

    document, path = docx_with(tmp_path)
    table = document.add_table(rows=0, cols=2)
    for speaker, text in TURNS:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = speaker, text
    rows = [row._tr for row in table.rows]
    wrap(rows[1])  # a repeating-section row
    wrap(rows[3].tc_lst[1])  # a cell
    wrap(rows[5].tc_lst[1].p_lst[0])  # a paragraph in a cell
    document.save(str(path))
    assert [(s, t) for s, _, t in turns_of(read_transcript(path, INTERVIEWER))] == TURNS


def test_docx_one_off_bold_label_is_a_speaker_and_cell_paragraphs_continue(tmp_path: Path) -> None:
    document, path = docx_with(tmp_path)
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = "Intervjuer"
    table.rows[0].cells[1].text = "Hva skjedde?"
    table.rows[1].cells[0].text = "Kari Nordmann"
    table.rows[1].cells[1].text = "Først var jeg redd."
    table.rows[1].cells[1].add_paragraph("Så ble det bedre.")
    document.save(str(path))
    assert turns_of(read_transcript(path, INTERVIEWER)) == [
        ("Intervjuer", "interviewer", "Hva skjedde?"),
        ("Kari Nordmann", "participant", "Først var jeg redd.\nSå ble det bedre."),
    ]


def test_docx_headers_footers_and_comments_are_ignored(tmp_path: Path) -> None:
    document, path = docx_with(tmp_path)
    section = document.sections[0]
    section.header.paragraphs[0].text = "KONFIDENSIELT Informant 1: header"
    section.footer.paragraphs[0].text = "Side 1 av 1"
    paragraph = document.add_paragraph("Informant 1: Jeg var redd.")
    document.add_comment(paragraph.runs, text="Sjekk dette", author="Forsker")
    document.save(str(path))
    transcript = read_transcript(path, INTERVIEWER)
    assert transcript.text == "Informant 1: Jeg var redd.\n"


def test_a_corrupt_docx_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "intervju.docx"
    path.write_text("dette er ikke en zip-fil", encoding="utf-8")
    with pytest.raises(
        TranscriptError, match=r"intervju\.docx: not a valid Word \.docx file \(not a zip archive\)"
    ):
        read_transcript(path, INTERVIEWER)


def test_odt_paragraphs_and_tables(tmp_path: Path) -> None:
    document = OpenDocumentText()
    for speaker, text in TURNS[:2]:
        document.text.addElement(P(text=f"{speaker}: {text}"))
    table = Table(name="t")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for speaker, text in TURNS[2:]:
        row = TableRow()
        for value in (speaker, text):
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    path = tmp_path / "intervju.odt"
    document.save(str(path))
    assert [(s, t) for s, _, t in turns_of(read_transcript(path, INTERVIEWER))] == TURNS


def test_odt_headings_are_nobodys_words_unless_labels_are_set_as_headings(
    tmp_path: Path,
) -> None:
    # A section title ("Del 2: Kosthold") was read as speech: "Del 2" became a participant.
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Intervju 3"))
    for i, (speaker, text) in enumerate(TURNS):
        if i == 2:
            document.text.addElement(H(outlinelevel=2, text="Del 2: Kosthold"))
        document.text.addElement(P(text=f"{speaker}: {text}"))
    path = tmp_path / "intervju.odt"
    document.save(str(path))
    assert [(s, t) for s, _, t in turns_of(read_transcript(path, INTERVIEWER))] == TURNS
    # "Intervjuer:" set as a heading before every question stays the interviewer's label.
    document = OpenDocumentText()
    for speaker, text in TURNS:
        line = f"{speaker}: {text}"
        document.text.addElement(H(outlinelevel=3, text=line) if speaker == "I" else P(text=line))
    document.save(str(path))
    assert [(s, t) for s, _, t in turns_of(read_transcript(path, INTERVIEWER))] == TURNS


def test_a_corrupt_odt_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "intervju.odt"
    path.write_bytes(b"\x00\x01 not odt")
    with pytest.raises(TranscriptError, match=r"not a valid OpenDocument \.odt file"):
        read_transcript(path, INTERVIEWER)


def subtitles(tmp_path: Path, body: str, name: str = "intervju.vtt") -> Path:
    """A WebVTT (or, named so, SRT) file with this text."""
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_vtt_voice_tags_multi_line_cues_and_merged_turns(tmp_path: Path) -> None:
    path = subtitles(
        tmp_path,
        "WEBVTT\nKind: captions\n\nNOTE laget av et automatisk verktøy\n\n"
        "1\n00:00:01.000 --> 00:00:03.000\n<v Intervjuer>Hvordan var det?</v>\n\n"
        "2\n00:00:04.500 --> 00:00:06.000\n<v Informant 1>Jeg var redd.\nVeldig redd.</v>\n\n"
        "3\n00:00:06.000 --> 00:00:08.000\n<v Informant 1>Men det gikk over.</v>\n\n"
        "00:01:10.000 --> 00:01:12.000\nog så ble det bra\n",
    )
    transcript = read_transcript(path, INTERVIEWER)
    assert turns_of(transcript) == [
        ("Intervjuer", "interviewer", "Hvordan var det?"),
        (
            "Informant 1",
            "participant",
            "Jeg var redd. Veldig redd. Men det gikk over. og så ble det bra",
        ),
    ]
    assert transcript.turns[1].timestamp == "00:00:04"
    assert "-->" not in transcript.text and "NOTE" not in transcript.text


def test_vtt_name_prefixes(tmp_path: Path) -> None:
    path = subtitles(
        tmp_path,
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nI: Ja?\n\n"
        "00:00:02.000 --> 00:00:03.000\nKari: Nei.\n",
    )
    assert turns_of(read_transcript(path, INTERVIEWER)) == [
        ("I", "interviewer", "Ja?"),
        ("Kari", "participant", "Nei."),
    ]


def test_a_sentence_that_opens_a_cue_line_with_a_colon_is_speech_not_a_speaker(
    tmp_path: Path,
) -> None:
    """A prefix is a speaker when the file uses it in two cues or more, or writes it as a
    name; a sentence that opens a line with a colon once continues its speaker's turn."""
    path = subtitles(
        tmp_path,
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nintervjuer: Hvordan var det?\n\n"
        "00:00:02.000 --> 00:00:04.000\nKari: Jeg var redd.\n"
        "Det var sånn: vi satt i ring.\n\n"
        "00:00:04.000 --> 00:00:05.000\nintervjuer: Mhm.\n\n"
        "00:00:05.000 --> 00:00:06.000\nOla: Ja.\n",
    )
    assert turns_of(read_transcript(path, ("intervjuer",))) == [
        ("intervjuer", "interviewer", "Hvordan var det?"),
        ("Kari", "participant", "Jeg var redd. Det var sånn: vi satt i ring."),
        ("intervjuer", "interviewer", "Mhm."),
        ("Ola", "participant", "Ja."),
    ]


def test_a_label_said_once_is_a_speaker_when_stc_yaml_or_its_form_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The interviewer's label from stc.yaml, and a name with a lower-case particle, are
    speakers even once and in lower case; a prefix read as speech is named in a warning."""
    path = subtitles(
        tmp_path,
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nKari: Jeg var redd.\n\n"
        "00:00:02.000 --> 00:00:03.000\nintervjuer: Hvorfor det?\n\n"
        "00:00:03.000 --> 00:00:04.000\nAnne de Vries: Vet ikke.\n"
        "Det var sånn: vi satt i ring.\n",
    )
    with caplog.at_level(logging.WARNING, logger="stc"):
        transcript = read_transcript(path, ("intervjuer",))
    assert turns_of(transcript) == [
        ("Kari", "participant", "Jeg var redd."),
        ("intervjuer", "interviewer", "Hvorfor det?"),
        ("Anne de Vries", "participant", "Vet ikke. Det var sånn: vi satt i ring."),
    ]
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}: 'Det var sånn:' opens a cue's line once and is read as speech, not as a "
        "speaker; if it is a speaker, mark it with a voice tag (<v Name>), or list it under "
        "speakers.interviewer in stc.yaml if it is the interviewer"
    ]


def test_one_capitalised_word_said_once_is_a_speaker_only_when_it_is_a_name(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """ "Altså: …" opens a cue's line as "Kari: …" does. A name of stc's names list (each part
    of "Anne-Lise"), a word no language of stc's uses ("Zyrrah"), or a label with a digit is a
    speaker; a common word said once is speech."""
    path = subtitles(
        tmp_path,
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nintervjuer: Hvordan var det?\n\n"
        "00:00:02.000 --> 00:00:04.000\nKari: Jeg var redd.\nAltså: vi satt i ring.\n\n"
        "00:00:04.000 --> 00:00:05.000\nintervjuer: Og så?\n\n"
        "00:00:05.000 --> 00:00:06.000\nP3: Ja.\nNå: det hjalp.\n\n"
        "00:00:06.000 --> 00:00:07.000\nintervjuer: Og du?\n\n"
        "00:00:07.000 --> 00:00:08.000\nAnne-Lise: Jeg også.\n\n"
        "00:00:08.000 --> 00:00:09.000\nintervjuer: Og du?\n\n"
        "00:00:09.000 --> 00:00:10.000\nZyrrah: Enig.\n",
    )
    with caplog.at_level(logging.WARNING, logger="stc"):
        transcript = read_transcript(path, ("intervjuer",))
    assert turns_of(transcript) == [
        ("intervjuer", "interviewer", "Hvordan var det?"),
        ("Kari", "participant", "Jeg var redd. Altså: vi satt i ring."),
        ("intervjuer", "interviewer", "Og så?"),
        ("P3", "participant", "Ja. Nå: det hjalp."),
        ("intervjuer", "interviewer", "Og du?"),
        ("Anne-Lise", "participant", "Jeg også."),
        ("intervjuer", "interviewer", "Og du?"),
        ("Zyrrah", "participant", "Enig."),
    ]
    assert [r.getMessage().split(" opens")[0] for r in caplog.records] == [
        f"{path}: 'Altså:'",
        f"{path}: 'Nå:'",
    ]


def test_an_srt_file_decides_its_speakers_as_a_whole(tmp_path: Path) -> None:
    path = subtitles(
        tmp_path,
        "1\n00:00:01,000 --> 00:00:02,000\nKari: Det var tungt.\n\n"
        "2\n00:00:03,000 --> 00:00:05,000\nfordi jeg tenkte: hva nå?\n\n"
        "3\n00:00:05,000 --> 00:00:06,000\nI: Mhm.\n",
        "intervju.srt",
    )
    assert turns_of(read_transcript(path, INTERVIEWER)) == [
        ("Kari", "participant", "Det var tungt. fordi jeg tenkte: hva nå?"),
        ("I", "interviewer", "Mhm."),
    ]


TWO_SPEAKERS = [
    ("I", "interviewer", "Hvordan var det?"),
    ("Kari", "participant", "Jeg var redd i starten."),
]


@pytest.mark.parametrize(
    "cue",
    [
        "<v I>Hvordan var det?</v>\n<v Kari>Jeg var redd i starten.</v>",
        "- <v I>Hvordan var det?</v>\n- <v Kari>Jeg var redd i starten.</v>",
        "I: Hvordan var det?\nKari: Jeg var redd i starten.",
        "- I: Hvordan var det?\n- Kari: Jeg var redd i starten.",
    ],
)
def test_a_cue_with_two_speakers_is_two_turns(tmp_path: Path, cue: str) -> None:
    path = subtitles(tmp_path, f"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n{cue}\n")
    transcript = read_transcript(path, INTERVIEWER)
    assert turns_of(transcript) == TWO_SPEAKERS
    assert [t.timestamp for t in transcript.turns] == ["00:00:01", "00:00:01"]


def test_srt_dialogue_dashes_split_a_cue_and_unnamed_lines_continue(tmp_path: Path) -> None:
    path = subtitles(
        tmp_path,
        "1\n00:00:01,000 --> 00:00:02,000\nKari: Det var tungt.\n\n"
        "2\n00:00:03,000 --> 00:00:05,000\nså jeg gikk.\n- Intervjuer: Mhm.\n"
        "- Kari: Jeg var redd.\nVeldig redd.\n",
        "intervju.srt",
    )
    transcript = read_transcript(path, INTERVIEWER)
    assert turns_of(transcript) == [
        ("Kari", "participant", "Det var tungt. så jeg gikk."),
        ("Intervjuer", "interviewer", "Mhm."),
        ("Kari", "participant", "Jeg var redd. Veldig redd."),
    ]
    assert [t.timestamp for t in transcript.turns] == ["00:00:01", "00:00:03", "00:00:03"]


def test_vtt_broken_timing_line_is_an_error_naming_the_line(tmp_path: Path) -> None:
    path = subtitles(
        tmp_path,
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v I>Ja?\n\n"
        "00:00:02.000 -> 00:00:03.000\n<v Kari>Dette ville gått tapt.\n",
    )
    with pytest.raises(
        TranscriptError,
        match=r"intervju\.vtt: line 6: '00:00:02.000 -> 00:00:03.000' is not a WebVTT timing line",
    ):
        read_transcript(path, INTERVIEWER)


def test_vtt_without_header_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match="starts with 'WEBVTT'"):
        read_transcript(subtitles(tmp_path, "1\n00:00:01,000 --> 00:00:02,000\nHei\n"), INTERVIEWER)


def test_srt_cues(tmp_path: Path) -> None:
    path = subtitles(
        tmp_path,
        "1\n00:00:01,000 --> 00:00:02,000\nI: Hvordan var det?\n\n"
        "2\n00:00:03,000 --> 00:00:05,000\nInformant 1: Jeg var <i>redd</i>.\n\n"
        "3\n00:00:05,000 --> 00:00:06,000\nMen det gikk.\n",
        "intervju.srt",
    )
    transcript = read_transcript(path, INTERVIEWER)
    assert turns_of(transcript) == [
        ("I", "interviewer", "Hvordan var det?"),
        ("Informant 1", "participant", "Jeg var redd. Men det gikk."),
    ]
    assert "00:00" not in transcript.text.replace("[00:00:01]", "").replace("[00:00:03]", "")


def test_srt_broken_block_is_an_error_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "intervju.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nHei\n\n2\n00:00:02 -> 3\nTapt\n", encoding="utf-8"
    )
    with pytest.raises(
        TranscriptError, match=r"intervju\.srt: line 5: '2' does not start a valid SRT block"
    ):
        read_transcript(path, INTERVIEWER)


def test_srt_block_without_timing_line_is_an_error_naming_the_line(tmp_path: Path) -> None:
    path = subtitles(
        tmp_path,
        "1\n00:00:01,000 --> 00:00:02,000\nInformant: Jeg var redd i starten.\n\n"
        "2\nInformant: Jeg følte meg alene i gruppa.\n",
        "intervju.srt",
    )
    with pytest.raises(
        TranscriptError,
        match=r"intervju\.srt: line 6: block 2 has no timing line "
        r"\('Informant: Jeg følte meg alene i gruppa\.'\); write it as '00:01:02,000 --> ",
    ):
        read_transcript(path, INTERVIEWER)


def test_srt_without_numbers_or_blank_lines_between_cues_is_read(tmp_path: Path) -> None:
    path = subtitles(
        tmp_path,
        "00:00:01.000 --> 00:00:02.000\nI: Ja?\n\n00:00:03,000 --> 00:00:04,000\nKari: Nei.\n"
        "3\n00:00:05,000 --> 00:00:06,000\nI: Jo.\n",
        "intervju.srt",
    )
    assert turns_of(read_transcript(path, INTERVIEWER)) == [
        ("I", "interviewer", "Ja?"),
        ("Kari", "participant", "Nei."),
        ("I", "interviewer", "Jo."),
    ]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("I: Hur var det?\nP: Det var så där, jättebra ändå.\n", "cp1252"),
        ("Q: Hvordan?\nA: Det gør ondt i ørerne. Æbler.\n", "cp1252"),
        ("I: Hvordan?\nP: Blåbærsyltetøy på brødskiva.\n", "mac_roman"),
        # English from Word in Windows "ANSI": only quotes and dashes beyond ASCII, which
        # Mac Roman reads as letters ("Iím", "donít"), and it used to win.
        (
            "I: How was it?\nP: I\u2019m fifty-nine \u2014 don\u2019t you \u201cthink\u201d so\u2026\n",
            "cp1252",
        ),
        (
            "I: How was it?\nP: I\u2019m fifty-nine \u2014 don\u2019t you \u201cthink\u201d so\u2026\n",
            "mac_roman",
        ),
        # DOS text whose only letters beyond ASCII are ö or æ: read as Windows, "ö" was a
        # quote mark inside a word ("h\u201dre").
        ("I: Wie war es?\nP: Ich h\u00f6re sch\u00f6n, ich m\u00f6chte das h\u00f6ren.\n", "cp850"),
        ("I: Hvordan?\nP: Vi var n\u00e6r, og det var godt \u00e5 v\u00e6re der.\n", "cp850"),
        # Windows English with signs and borrowed letters: read as DOS or Mac ("ú12", "38░C"),
        # or refused.
        (
            "I: And?\nP: Parking cost \u00a312, it was 38\u00b0C, 20\u20ac, \u00bd a dose.\n",
            "cp1252",
        ),
        ("I: And?\nP: Zo\u00eb from the fa\u00e7ade team, na\u00efve me.\n", "cp1252"),
    ],
)
def test_legacy_encodings_are_detected_with_a_warning(
    tmp_path: Path, text: str, encoding: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "gammel.txt"
    path.write_bytes(text.encode(encoding))
    transcript = read_transcript(path, INTERVIEWER)
    assert transcript.text == text
    assert f"gammel.txt: not UTF-8; read as {encoding} (detected)" in caplog.text


def test_windows_text_pasted_into_a_utf8_file_keeps_the_utf8_letters(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A line copied from an old Windows file into a UTF-8 transcript: read as Windows, the
    # whole file turned "blåbær" into "blÃ¥bÃ¦r".
    path = tmp_path / "blandet.txt"
    pasted = "P: Jeg sa \u2019nei\u2019 \u2013 \u00e6rlig.\n"
    path.write_bytes(
        "I: Hvordan gikk det?\nP: Det var s\u00e5nn, bl\u00e5b\u00e6r p\u00e5 br\u00f8d.\n".encode()
        + pasted.encode("cp1252")
        + "I: Og s\u00e5?\nP: Ferdig.\n".encode()
    )
    transcript = read_transcript(path, INTERVIEWER)
    assert "bl\u00e5b\u00e6r p\u00e5 br\u00f8d" in transcript.text
    assert "Jeg sa \u2019nei\u2019 \u2013 \u00e6rlig." in transcript.text
    assert transcript.encoding == "utf-8"
    assert (
        "blandet.txt: not all UTF-8; 4 bytes on line 3 read as Windows (cp1252) characters "
        "(\u2019 \u2013 \u00e6). Check it and save the file as UTF-8"
    ) in caplog.text
    assert "read as cp1252 (detected)" not in caplog.text
    # With a byte order mark (Notepad's UTF-8), and with old Mac line ends, alike.
    caplog.clear()
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r"))
    transcript = read_transcript(path, INTERVIEWER)
    assert "Jeg sa \u2019nei\u2019 \u2013 \u00e6rlig." in transcript.text
    assert "4 bytes on line 3 read as Windows (cp1252)" in caplog.text


def test_a_windows_file_with_one_utf8_letter_is_still_read_as_windows(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "gammel.txt"
    path.write_bytes(
        "I: Hvordan?\nP: Bl\u00e5b\u00e6r og r\u00f8d saft.\n".encode("cp1252")
        + "P: Caf\u00e9.\n".encode()
    )
    transcript = read_transcript(path, INTERVIEWER)
    assert "Bl\u00e5b\u00e6r og r\u00f8d saft." in transcript.text
    assert "gammel.txt: not UTF-8; read as cp1252 (detected)" in caplog.text


def write_formats(folder: Path) -> dict[str, Path]:
    """The same interview as .txt, .docx (bold labels), .vtt (split cues) and .srt."""
    folder.mkdir(parents=True)
    paths = {ext: folder / f"intervju{ext}" for ext in (".txt", ".docx", ".vtt", ".srt")}
    paths[".txt"].write_text("".join(f"{s}: {t}\n" for s, t in TURNS), encoding="utf-8")
    document = docx.Document()
    for speaker, text in TURNS:
        paragraph = document.add_paragraph()
        paragraph.add_run(speaker).bold = True
        paragraph.add_run(": " + text)
    document.save(str(paths[".docx"]))
    cues = []
    for i, (speaker, text) in enumerate(TURNS):
        first, _, rest = text.partition(". ")
        parts = [first + "." if rest else first] + ([rest] if rest else [])
        for j, part in enumerate(parts):
            cues.append((f"00:00:{i * 10 + j:02d}", speaker, part))
    paths[".vtt"].write_text(
        "WEBVTT\n\n" + "".join(f"{t}.000 --> {t}.900\n<v {s}>{x}\n\n" for t, s, x in cues),
        encoding="utf-8",
    )
    paths[".srt"].write_text(
        "".join(f"{n}\n{t},000 --> {t},900\n{s}: {x}\n\n" for n, (t, s, x) in enumerate(cues, 1)),
        encoding="utf-8",
    )
    return paths


def test_every_format_of_one_interview_codes_exactly_like_the_txt(tmp_path: Path) -> None:
    coded = {}
    for ext in (".txt", ".docx", ".vtt", ".srt"):
        root = tmp_path / ext.strip(".")
        write_formats(root / "transcripts")
        (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
        (root / "stc.yaml").write_text(
            CONFIG.replace("transcripts/*.txt", f"transcripts/*{ext}"), encoding="utf-8"
        )
        result = code_project(load_config(root / "stc.yaml"))
        coded[ext] = [(u.id, u.text, u.code_ids, u.participant) for u in result.units]
    assert coded[".txt"]
    assert coded[".docx"] == coded[".txt"]
    assert coded[".vtt"] == coded[".txt"]
    assert coded[".srt"] == coded[".txt"]


def test_the_samples_word_and_webvtt_files_are_rebuilt_from_their_sources(tmp_path: Path) -> None:
    import importlib.util

    from tests.conftest import ROOT, SAMPLE

    spec = importlib.util.spec_from_file_location(
        "build", ROOT / "scripts" / "build_sample_formats.py"
    )
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    build.build_docx(SAMPLE / "sources" / "informant-7.txt", tmp_path / "informant-7.docx")
    build.build_vtt(SAMPLE / "sources" / "informant-8.txt", tmp_path / "informant-8.vtt")
    for name in ("informant-7.docx", "informant-8.vtt"):
        assert (tmp_path / name).read_bytes() == (SAMPLE / "transcripts" / name).read_bytes()
        source = read_transcript(SAMPLE / "sources" / f"{Path(name).stem}.txt", INTERVIEWER)
        built = read_transcript(SAMPLE / "transcripts" / name, INTERVIEWER)
        assert built.id == source.id
        assert [(t.speaker, t.timestamp, built.text[t.start : t.end]) for t in built.turns] == [
            (t.speaker, t.timestamp, source.text[t.start : t.end]) for t in source.turns
        ]


# --- front matter beside a transcript that cannot hold it --------------------------------------

VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nI: Hvordan var det?\n\n" + (
    "00:00:02.000 --> 00:00:04.000\nKari: Jeg var redd.\n"
)


def test_a_subtitle_file_takes_its_id_and_attributes_from_the_yaml_file_beside_it(
    tmp_path: Path,
) -> None:
    """A .vtt cannot open with front matter; ``informant-8.vtt.yaml`` holds it, and it is read
    as a .txt file's front matter is (the interview order for saturation, attributes)."""
    path = subtitles(tmp_path, VTT, "informant-8.vtt")
    (tmp_path / "informant-8.vtt.yaml").write_text(
        'id: "008"\nattributes: {order: 8, alder: 41}\n', encoding="utf-8"
    )
    transcript = read_transcript(path, ("I",))
    assert transcript.id == "008"
    assert transcript.attributes == {"order": 8, "alder": 41}
    assert turns_of(transcript) == [
        ("I", "interviewer", "Hvordan var det?"),
        ("Kari", "participant", "Jeg var redd."),
    ]
    # The text every offset points into opens with it, as a .txt file's does.
    assert transcript.text.startswith('---\nid: "008"\n')
    assert transcript.text[transcript.turns[1].start :].startswith("Jeg var redd.")


@pytest.mark.parametrize(
    ("name", "sidecar", "expected"),
    [
        (
            "a.vtt",
            "id: a\ndate: 2024-03-01\n",
            "a.vtt.yaml: front matter has unknown key 'date'; valid keys: id, attributes",
        ),
        ("a.vtt", "---\nid: a\n---\n", "a.vtt.yaml: holds a '---' or '...' line"),
        ("a.vtt", "attributes: [1, 2]\n", "a.vtt.yaml: [attributes] must be a mapping"),
        ("a.vtt", "id: [a\n", "a.vtt.yaml (front matter)"),
        ("a.txt", "id: a\n", "a.txt.yaml: a .txt transcript keeps its id and attributes in its"),
    ],
)
def test_a_bad_front_matter_file_is_one_error_naming_it(
    tmp_path: Path, name: str, sidecar: str, expected: str
) -> None:
    body = VTT if name.endswith(".vtt") else "I: Hei.\nKari: Hei.\n"
    path = subtitles(tmp_path, body, name)
    (tmp_path / f"{name}.yaml").write_text(sidecar, encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path, ("I",))
    assert expected in str(caught.value)


def test_front_matter_beside_a_transcript_misnamed_or_giving_a_taken_id_is_named(
    make_project: MakeProject, caplog: pytest.LogCaptureFixture
) -> None:
    config = make_project(
        {"a.vtt": VTT, "a.yaml": "attributes: {order: 1}\n", "b.vtt": VTT},
        config=CONFIG.replace("[transcripts/*.txt]", "[transcripts/*.vtt]"),
    )
    project = load_config(config)
    with caplog.at_level(logging.WARNING, logger="stc"):
        project.warn_unread()
    assert any(
        "a.yaml: not read; the front matter of a.vtt goes in a file named a.vtt.yaml" in m
        for m in caplog.messages
    )
    # stc never writes over it, as over the transcript itself.
    sidecar = config.parent / "transcripts" / "b.vtt.yaml"
    assert sidecar.resolve() in project.protected_paths()
    sidecar.write_text("id: a\n", encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        load_transcripts(project)
    assert "b.vtt.yaml: [id] 'a' is also the id of" in str(caught.value)
