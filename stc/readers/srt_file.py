"""SRT subtitle transcripts: numbered cues become turns, as for WebVTT."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import srt

from stc.errors import TranscriptError
from stc.readers.common import merge_consecutive, render_turns
from stc.readers.subtitles import cue_turn, hms
from stc.readers.text import decode, normalise, read_bytes, transcript_from_text
from stc.types import Transcript


def read_srt_transcript(path: Path, interviewer: Sequence[str] = ()) -> Transcript:
    """Read an .srt file into turns; cue numbers and timing lines never become text."""
    decoded, encoding = decode(read_bytes(path), path)
    text = normalise(decoded)
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as exc:
        line = text.count("\n", 0, exc.expected_start) + 1
        shown = text[exc.expected_start :].strip().split("\n")[0][:60]
        raise TranscriptError(
            f"{path}: line {line}: '{shown}' does not start a valid SRT block; each block is a "
            "number, a timing line '00:01:02,000 --> 00:01:05,500' and the text"
        ) from None
    turns = merge_consecutive(
        [cue_turn(s.content, hms(str(s.start).split(".")[0])) for s in subtitles]
    )
    rendered, speakers = render_turns(turns)
    return transcript_from_text(rendered, path, interviewer, encoding, speakers)
