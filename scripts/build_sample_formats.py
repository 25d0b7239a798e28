"""Rebuild the sample project's Word and WebVTT transcripts from our own plain-text sources.

    python scripts/build_sample_formats.py

transcripts_sample/sources/informant-7.txt becomes transcripts/informant-7.docx, laid out as
researchers type interviews in Word (timestamp, bold speaker label, text); informant-8.txt
becomes transcripts/informant-8.vtt, cut into short cues with voice tags as automatic
transcription writes them. The output is the same every time: no dates or random ids.
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent / "transcripts_sample"
TURN = re.compile(r"^\[(\d\d:\d\d:\d\d)\] ([^:]+): (.*)$")
CUE_WORDS = 12
FIXED_TIME = datetime(2026, 1, 1)


def source_turns(path: Path) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The front matter lines and the (timestamp, speaker, text) turns of a source file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    end = lines.index("---", 1)
    turns = []
    for line in lines[end + 1 :]:
        match = TURN.match(line)
        if not match:
            raise SystemExit(f"{path}: not a '[hh:mm:ss] Speaker: text' line: {line!r}")
        turns.append((match.group(1), match.group(2), match.group(3)))
    return lines[: end + 1], turns


def build_docx(source: Path, target: Path) -> None:
    front, turns = source_turns(source)
    document = docx.Document()
    properties = document.core_properties
    properties.author = properties.last_modified_by = "stc"
    properties.created = properties.modified = FIXED_TIME
    properties.revision = 1
    for line in front:
        document.add_paragraph(line)
    for timestamp, speaker, text in turns:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"[{timestamp}] ")
        paragraph.add_run(f"{speaker}:").bold = True
        paragraph.add_run(f" {text}")
    document.save(str(target))
    _normalise_zip(target)


def _normalise_zip(path: Path) -> None:
    """Fixed member dates, so a rebuild gives the same bytes."""
    with zipfile.ZipFile(path) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)


def _seconds(timestamp: str) -> int:
    h, m, s = (int(p) for p in timestamp.split(":"))
    return h * 3600 + m * 60 + s


def _stamp(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}.{int(seconds * 1000) % 1000:03d}"


def build_vtt(source: Path, target: Path) -> None:
    _, turns = source_turns(source)
    cues = ["WEBVTT", "", "NOTE Synthetic interview written for stc's sample project.", ""]
    number = 0
    for i, (timestamp, speaker, text) in enumerate(turns):
        words = text.split()
        start = float(_seconds(timestamp))
        end_of_turn = float(_seconds(turns[i + 1][0])) if i + 1 < len(turns) else start + 10
        chunks = [words[k : k + CUE_WORDS] for k in range(0, len(words), CUE_WORDS)]
        step = max(0.5, (end_of_turn - start) / len(chunks))
        for j, chunk in enumerate(chunks):
            number += 1
            begin = start + j * step
            cues += [str(number), f"{_stamp(begin)} --> {_stamp(begin + step - 0.1)}"]
            cues += [f"<v {speaker}>{' '.join(chunk)}</v>", ""]
    target.write_text("\n".join(cues), encoding="utf-8")


def main() -> None:
    build_docx(ROOT / "sources" / "informant-7.txt", ROOT / "transcripts" / "informant-7.docx")
    build_vtt(ROOT / "sources" / "informant-8.txt", ROOT / "transcripts" / "informant-8.vtt")


if __name__ == "__main__":
    main()
