"""What every structured reader shares: rendering turns as the plain transcript format.

Word, OpenDocument and subtitle files are rendered as ``[timestamp] Speaker: text`` lines and
then read by the plain-text reader, so every format yields the same turns and normalised
text, and ``text/<id>.txt`` is readable on its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

_LABEL_CHARS = re.compile(r"[^\w.'()\- ]")
TIMESTAMP = re.compile(r"^\s*[\[(]?(\d{1,2}:\d{2}(?::\d{2})?)(?:[.,]\d{1,3})?[\])]?\s*")


@dataclass
class RawTurn:
    """A turn as a reader found it: speaker (None continues the previous one) and text."""

    speaker: str | None
    text: str
    timestamp: str | None = None


def clean_label(label: str) -> str:
    """A speaker name the plain format can carry: no colons, at most 4 words and 40 chars."""
    label = " ".join(_LABEL_CHARS.sub(" ", label).split())
    if label and not label[0].isalpha():
        label = f"Speaker {label}"
    label = " ".join(label.split()[:4])[:40].strip()
    return label


def opening_of(text: str) -> str:
    """What a paragraph opens with, as a label is compared: before its colon."""
    return clean_label(text.split(":", 1)[0]).casefold()


def section_title(opening: str, headings: Counter[str], labels: Collection[str]) -> bool:
    """Whether a paragraph in a heading style, opening with ``opening``, is a section title
    ("Part 2: Diet"), nobody's words: unless it opens with a speaker's label used elsewhere
    (``labels``), or one that opens headings again and again (labels set as headings).
    ``headings`` counts the openings of the document's headings."""
    return headings[opening] < 2 and opening not in labels


def render_turns(turns: Sequence[RawTurn]) -> tuple[str, set[str]]:
    """Plain transcript text for the turns, and the speaker labels it uses.

    A turn's text may hold several lines; they become continuation lines.
    """
    lines: list[str] = []
    speakers: set[str] = set()
    for turn in turns:
        text_lines = turn.text.split("\n") or [""]
        label = clean_label(turn.speaker) if turn.speaker else ""
        if label:
            speakers.add(label)
            stamp = f"[{turn.timestamp}] " if turn.timestamp else ""
            lines.append(f"{stamp}{label}: {text_lines[0]}".rstrip())
        else:
            lines.append(text_lines[0])
        lines.extend(text_lines[1:])
    return "".join(line + "\n" for line in lines), speakers


def merge_consecutive(turns: Sequence[RawTurn]) -> list[RawTurn]:
    """One turn per run of cues by the same speaker; the first cue's timestamp is kept.

    A cue without a speaker continues the previous speaker's turn.
    """
    merged: list[RawTurn] = []
    # Each merged turn's text in pieces, as joining its cues one by one with a space and
    # stripping each time gave it, but linear: a long subtitle file was quadratic.
    pieces: list[list[str]] = []
    for turn in turns:
        if merged and (turn.speaker is None or turn.speaker == merged[-1].speaker):
            _strip_pieces(pieces[-1], turn.text)
        else:
            merged.append(RawTurn(turn.speaker, turn.text, turn.timestamp))
            pieces.append([turn.text])
    for turn, texts in zip(merged, pieces, strict=True):
        if len(texts) != 1 or texts[0] is not turn.text:  # merged: stripped, maybe empty
            turn.text = "".join(texts)
    return merged


def _strip_pieces(pieces: list[str], text: str) -> None:
    """``pieces`` joined become ``f"{joined} {text}".strip()``."""
    pieces += [" ", text]
    while pieces and not pieces[-1].rstrip():
        pieces.pop()
    if pieces:
        pieces[-1] = pieces[-1].rstrip()
    while pieces and not pieces[0].lstrip():
        pieces.pop(0)  # only while the turn so far is blank: rare and short
    if pieces:
        pieces[0] = pieces[0].lstrip()
