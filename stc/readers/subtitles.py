"""What WebVTT and SRT share: speakers from voice tags or ``Name:`` prefixes, cue text."""

from __future__ import annotations

import re

from stc.readers.common import RawTurn

_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|\{\\[^}]*\}")
_NAME_PREFIX = re.compile(r"^\s*([^\W\d_][\w.'()\- ]{0,39}?)\s*:\s+(.*)$", re.S)


def cue_turn(raw_text: str, timestamp: str) -> RawTurn:
    """A cue as a turn: its speaker (voice tag or ``Name:``), text on one line, timestamp."""
    voice = _VOICE.search(raw_text)
    text = " ".join(_TAG.sub("", raw_text).split())
    speaker: str | None = voice.group(1).strip() if voice else None
    prefix = _NAME_PREFIX.match(text) if speaker is None else None
    if prefix and len(prefix.group(1).split()) <= 4:
        speaker, text = prefix.group(1).strip(), prefix.group(2).strip()
    return RawTurn(speaker, text, timestamp)


def hms(timestamp: str) -> str:
    """``00:01:02.500`` or ``01:02.500`` as ``00:01:02``."""
    parts = timestamp.replace(",", ".").split(".")[0].split(":")
    while len(parts) < 3:
        parts.insert(0, "00")
    return ":".join(p.zfill(2) for p in parts)
