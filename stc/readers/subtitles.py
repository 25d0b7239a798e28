"""What WebVTT and SRT share: speakers from voice tags or ``Name:`` prefixes, cue text."""

from __future__ import annotations

import re

from stc.readers.common import RawTurn

_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|\{\\[^}]*\}")
# A dialogue dash opening a line before a voice tag: ``- <v Kari>Nei.``
_DASH_BEFORE_VOICE = re.compile(r"^[ \t]*[-\u2013\u2014][ \t]*(?=<v[\s.])", re.M)
# A line that opens with a speaker: ``Kari: Nei.`` or, in dialogue, ``- Kari: Nei.``
_NAME_LINE = re.compile(
    r"^\s*(?:[-\u2013\u2014]\s*)?([^\W\d_][\w.'()\- ]{0,39}?)\s*:(?:\s+(.*))?$", re.S
)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _voice_turns(raw_text: str, voices: list[re.Match[str]], timestamp: str) -> list[RawTurn]:
    """One part per ``<v Name>`` span, up to the next voice tag or the cue's end."""
    parts: list[RawTurn] = []
    lead = _one_line(_TAG.sub("", raw_text[: voices[0].start()]))
    if lead:  # text before the first voice tag continues the previous speaker
        parts.append(RawTurn(None, lead, timestamp))
    for k, voice in enumerate(voices):
        end = voices[k + 1].start() if k + 1 < len(voices) else len(raw_text)
        text = _one_line(_TAG.sub("", raw_text[voice.end() : end]))
        parts.append(RawTurn(voice.group(1).strip(), text, timestamp))
    return parts


def _name_line_turns(raw_text: str, timestamp: str) -> list[RawTurn]:
    """One part per line that opens with ``Name:`` (or ``- Name:``); other lines continue."""
    lines = [line for line in _TAG.sub("", raw_text).split("\n") if line.strip()]
    parts: list[RawTurn] = []
    for i, line in enumerate(lines):
        prefix = _NAME_LINE.match(line)
        # A bare "Name:" is a speaker only when the cue's text follows on the next line.
        if (
            prefix
            and len(prefix.group(1).split()) <= 4
            and (prefix.group(2) is not None or i + 1 < len(lines))
        ):
            parts.append(
                RawTurn(prefix.group(1).strip(), _one_line(prefix.group(2) or ""), timestamp)
            )
        elif parts:
            parts[-1].text = f"{parts[-1].text} {_one_line(line)}".strip()
        else:
            parts.append(RawTurn(None, _one_line(line), timestamp))
    return parts or [RawTurn(None, "", timestamp)]


def cue_turns(raw_text: str, timestamp: str) -> list[RawTurn]:
    """A cue as turns, one per speaker in it, each with the cue's timestamp.

    Speakers come from ``<v Name>`` voice tags or, in a cue without them, from lines that
    open with ``Name:`` or a dialogue dash ``- Name:``. Text without a speaker continues
    the previous part of the cue, or the previous speaker. Each part's text is one line.
    """
    raw_text = _DASH_BEFORE_VOICE.sub("", raw_text)
    voices = list(_VOICE.finditer(raw_text))
    parts = (
        _voice_turns(raw_text, voices, timestamp)
        if voices
        else _name_line_turns(raw_text, timestamp)
    )
    # An empty part (``<v Kari></v>``) says nothing; keep it only when it is all the cue has.
    return [p for p in parts if p.text] or parts[:1]


def hms(timestamp: str) -> str:
    """``00:01:02.500`` or ``01:02.500`` as ``00:01:02``."""
    parts = timestamp.replace(",", ".").split(".")[0].split(":")
    while len(parts) < 3:
        parts.insert(0, "00")
    return ":".join(p.zfill(2) for p in parts)
