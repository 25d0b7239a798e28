"""WebVTT transcripts (Teams, Zoom, Whisper): cues become turns.

Speakers come from ``<v Name>`` voice tags or ``Name:`` prefixes, and a cue with several
speakers splits into one turn each; consecutive cues of one speaker merge into one turn that
keeps the first cue's start as its timestamp. Cue numbers, timing lines, NOTE and STYLE
blocks never become text. A cue whose timing line is broken is an error: webvtt-py would
drop it silently and its words would be lost.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

import webvtt

from stc.errors import TranscriptError
from stc.readers.common import merge_consecutive, render_turns
from stc.readers.subtitles import file_turns, hms
from stc.readers.text import decode, normalise, read_bytes, transcript_from_text
from stc.types import Transcript

_TIMING = re.compile(
    r"^(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}[ \t]+-->[ \t]+(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}"
)
_STARTS_WITH_TIME = re.compile(r"^\s*\d{1,2}:\d{2}")
_META = ("NOTE", "STYLE", "REGION")


def check_cues(text: str, path: Path) -> int:
    """Count the cues, or name the line of the first block that is not a valid cue."""
    lines = text.split("\n")
    if not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise TranscriptError(f"{path}: line 1: a WebVTT file starts with 'WEBVTT'; is it an .srt?")
    cues = 0
    i = 1
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        start = i
        block = []
        while i < len(lines) and lines[i].strip():
            block.append(lines[i])
            i += 1
        if block[0].startswith(_META) or (start == 1 and ":" in block[0] and "-->" not in block[0]):
            continue  # metadata, or a header line such as "Kind: captions"
        # The timing line is the first, or the second after a cue identifier; a first line
        # that opens with a time is a timing line, however broken.
        timing = 0 if "-->" in block[0] or _STARTS_WITH_TIME.match(block[0]) else 1
        if timing >= len(block) or not _TIMING.match(block[timing].strip()):
            line = start + timing + 1 if timing < len(block) else start + 1
            shown = block[min(timing, len(block) - 1)]
            raise TranscriptError(
                f"{path}: line {line}: '{shown}' is not a WebVTT timing line; write it as "
                "'00:01:02.000 --> 00:01:05.500' so the cue's text is not lost"
            )
        cues += 1
    return cues


def read_vtt_transcript(path: Path, interviewer: Sequence[str] = ()) -> Transcript:
    """Read a .vtt file into turns."""
    decoded, encoding = decode(read_bytes(path), path)
    text = normalise(decoded)
    expected = check_cues(text, path)
    try:
        captions = webvtt.from_buffer(io.StringIO(text)).captions
    except (webvtt.errors.MalformedFileError, webvtt.errors.MalformedCaptionError) as exc:
        raise TranscriptError(f"{path}: not a valid WebVTT file ({exc}); check its cues") from None
    if len(captions) != expected:
        raise TranscriptError(
            f"{path}: {expected - len(captions)} cue(s) could not be read; check the timing lines"
        )
    cues = [(c.raw_text, hms(c.start)) for c in captions]
    turns = merge_consecutive(file_turns(cues, interviewer, str(path)))
    rendered, speakers = render_turns(turns)
    return transcript_from_text(rendered, path, interviewer, encoding, speakers)
