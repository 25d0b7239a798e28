"""What WebVTT and SRT share: speakers from voice tags or ``Name:`` prefixes, cue text."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence, Set

from stc.readers.common import RawTurn

log = logging.getLogger("stc")

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


def _lines(raw_text: str) -> list[str]:
    return [line for line in _TAG.sub("", raw_text).split("\n") if line.strip()]


def _prefix(lines: Sequence[str], i: int) -> re.Match[str] | None:
    """Line ``i``'s ``Name:`` prefix, if it has one of at most four words. A bare "Name:" is
    one only when the cue's text follows on the next line."""
    prefix = _NAME_LINE.match(lines[i])
    if (
        prefix
        and len(prefix.group(1).split()) <= 4
        and (prefix.group(2) is not None or i + 1 < len(lines))
    ):
        return prefix
    return None


# A word this frequent (Zipf scale) in one of stc's languages is a common word.
COMMON_ZIPF = 3.0
WORD_LANGUAGES = ("nb", "da", "sv", "en", "de")


def _name_like(label: str) -> bool:
    """Whether a label opens and ends as a name does (``Informant 2``, ``Anne de Vries``,
    ``Intervjuer (Ola)``); speech seldom does (``Det var sånn: …``). One word is name-like
    when it holds a digit (``P3``), or each of its parts (``Anne-Lise``) is capitalised and
    either a name on stc's names list (``Kari``, ``Jo``) or no common word of stc's languages
    (``Zyrrah``): alone and capitalised, a word that opens a sentence (``Altså: …``, ``Nå:``)
    looks the same as a name."""
    words = label.split()
    if len(words) > 1:
        return all(w[0].isupper() or w[0].isdigit() or w[0] == "(" for w in (words[0], words[-1]))
    word = words[0]
    if any(c.isdigit() for c in word):
        return True
    parts = [part for part in word.split("-") if part]
    if not parts or not all(part[0].isupper() for part in parts):
        return False
    from stc.anonymize.names import load_names

    names = load_names()
    if all(names.get(part) is not None for part in parts):
        return True
    import wordfreq

    return not any(
        wordfreq.zipf_frequency(part.lower(), language) >= COMMON_ZIPF
        for part in parts
        for language in WORD_LANGUAGES
    )


def subtitle_speakers(cues: Iterable[str], known: Iterable[str] = (), source: str = "") -> set[str]:
    """The ``Name:`` prefixes of a file's cues that are speakers: the ``known`` labels
    (stc.yaml's interviewer labels), those that open a line in two cues or more, and those
    written as names. A sentence that happens to open a cue's line with a colon once (``Det
    var sånn: vi satt i ring.``) is the speaker's text, not a new speaker; each such prefix
    is named in a warning, with ``source``."""
    seen: Counter[str] = Counter()
    for raw_text in cues:
        if _VOICE.search(raw_text):
            continue  # voice tags name this cue's speakers
        lines = _lines(raw_text)
        found = (_prefix(lines, i) for i in range(len(lines)))
        seen.update({prefix.group(1).strip() for prefix in found if prefix})
    wanted = {label.casefold() for label in known}
    speakers = set()
    for label, n in sorted(seen.items()):
        if n >= 2 or _name_like(label) or label.casefold() in wanted:
            speakers.add(label)
        else:
            log.warning(
                f"{source}: '{label}:' opens a cue's line once and is read as speech, not as a "
                "speaker; if it is a speaker, mark it with a voice tag (<v Name>), or list it "
                "under speakers.interviewer in stc.yaml if it is the interviewer"
            )
    return speakers


def _name_line_turns(
    raw_text: str, timestamp: str, speakers: Set[str] | None = None
) -> list[RawTurn]:
    """One part per line that opens with ``Name:`` (or ``- Name:``) of one of ``speakers``
    (None: any); other lines continue."""
    lines = _lines(raw_text)
    parts: list[RawTurn] = []
    for i, line in enumerate(lines):
        prefix = _prefix(lines, i)
        if prefix and (speakers is None or prefix.group(1).strip() in speakers):
            parts.append(
                RawTurn(prefix.group(1).strip(), _one_line(prefix.group(2) or ""), timestamp)
            )
        elif parts:
            parts[-1].text = f"{parts[-1].text} {_one_line(line)}".strip()
        else:
            parts.append(RawTurn(None, _one_line(line), timestamp))
    return parts or [RawTurn(None, "", timestamp)]


def cue_turns(raw_text: str, timestamp: str, speakers: Set[str] | None = None) -> list[RawTurn]:
    """A cue as turns, one per speaker in it, each with the cue's timestamp.

    Speakers come from ``<v Name>`` voice tags or, in a cue without them, from lines that
    open with ``Name:`` or a dialogue dash ``- Name:`` (with ``speakers``, the file's
    ``subtitle_speakers`` only). Text without a speaker continues the previous part of the
    cue, or the previous speaker. Each part's text is one line.
    """
    raw_text = _DASH_BEFORE_VOICE.sub("", raw_text)
    voices = list(_VOICE.finditer(raw_text))
    parts = (
        _voice_turns(raw_text, voices, timestamp)
        if voices
        else _name_line_turns(raw_text, timestamp, speakers)
    )
    # An empty part (``<v Kari></v>``) says nothing; keep it only when it is all the cue has.
    return [p for p in parts if p.text] or parts[:1]


def file_turns(
    cues: Sequence[tuple[str, str]], known: Iterable[str] = (), source: str = ""
) -> list[RawTurn]:
    """Every cue's turns (``cue_turns``; cues as text and timestamp), the file ``source``
    deciding which ``Name:`` prefixes are speakers (``subtitle_speakers``; ``known``: labels
    that always are)."""
    speakers = subtitle_speakers((raw_text for raw_text, _ in cues), known, source)
    return [part for raw_text, at in cues for part in cue_turns(raw_text, at, speakers)]


def hms(timestamp: str) -> str:
    """``00:01:02.500`` or ``01:02.500`` as ``00:01:02``."""
    parts = timestamp.replace(",", ".").split(".")[0].split(":")
    while len(parts) < 3:
        parts.insert(0, "00")
    return ":".join(p.zfill(2) for p in parts)
