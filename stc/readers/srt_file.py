"""SRT subtitle transcripts: numbered cues become turns, as for WebVTT."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import srt

from stc.errors import TranscriptError
from stc.readers.common import merge_consecutive, render_turns
from stc.readers.subtitles import file_turns, hms
from stc.readers.text import decode, normalise, read_bytes, transcript_from_text
from stc.types import Transcript

# srt's own timestamp ("00:01:02,000", "00:01:02.000"), so what srt reads passes the check.
_TIMING = re.compile(rf"^\s*{srt.RGX_TIMESTAMP} *-[ -] *> *{srt.RGX_TIMESTAMP}")
_INDEX = re.compile(r"^\s*-?\d+(?:\.\d*)?\s*$")
# A line meant as a timing line, however broken: an arrow, or opening with a time.
_TIMING_LIKE = re.compile(r"-\s*>|^\s*\d+\s*[:,.]\s*\d+")


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """The blocks separated by blank lines, each with the number of its first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not current:
                blocks.append((number, current))
            current.append(line)
        else:
            current = []
    return blocks


def _shown(line: str, width: int = 40) -> str:
    line = line.strip()
    return line if len(line) <= width else line[:width].rstrip() + " …"


def check_blocks(text: str, path: Path) -> None:
    """Every block opens with an optional number and a timing line; else name its line.

    srt would read a block without a timing line as more text of the cue before it, so its
    number and speaker label would become that speaker's words.
    """
    blocks = _blocks(text)
    for k, (start, lines) in enumerate(blocks):
        timing = 1 if _INDEX.match(lines[0]) else 0
        if timing < len(lines) and _TIMING.match(lines[timing]):
            continue
        if (
            len(lines) == 1
            and timing
            and k + 1 < len(blocks)
            and _TIMING.match(blocks[k + 1][1][0])
        ):
            continue  # a number alone, its timing line after a blank line: srt reads that
        if timing < len(lines) and _TIMING_LIKE.search(lines[timing]):
            raise TranscriptError(
                f"{path}: line {start}: '{_shown(lines[0], 60)}' does not start a valid SRT "
                "block; each block is a number, a timing line '00:01:02,000 --> 00:01:05,500' "
                "and the text"
            )
        line = start + timing if timing < len(lines) else start
        raise TranscriptError(
            f"{path}: line {line}: block {k + 1} has no timing line "
            f"('{_shown(lines[min(timing, len(lines) - 1)])}'); write it as "
            "'00:01:02,000 --> 00:01:05,500' so its text is not lost"
        )


def read_srt_transcript(path: Path, interviewer: Sequence[str] = ()) -> Transcript:
    """Read an .srt file into turns; cue numbers and timing lines never become text."""
    decoded, encoding = decode(read_bytes(path), path)
    text = normalise(decoded)
    check_blocks(text, path)
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as exc:
        line = text.count("\n", 0, exc.expected_start) + 1
        shown = text[exc.expected_start :].strip().split("\n")[0][:60]
        raise TranscriptError(
            f"{path}: line {line}: '{shown}' does not start a valid SRT block; each block is a "
            "number, a timing line '00:01:02,000 --> 00:01:05,500' and the text"
        ) from None
    cues = [(s.content, hms(str(s.start).split(".")[0])) for s in subtitles]
    turns = merge_consecutive(file_turns(cues, interviewer, str(path)))
    rendered, speakers = render_turns(turns)
    return transcript_from_text(rendered, path, interviewer, encoding, speakers)
