"""A transcriber's marks in brackets ("(ler)", "[lang pause]", "(alla skrattar)"): not the
participant's words. Keywords do not match them, step 1 does not count them, and `stc suggest`
does not learn them. Longer or unclosed brackets hold the participant's words and are read,
and so do parentheses around words that name no sound, pause or doubt: many transcribers
write an uncertain hearing so ("Jeg bodde hos (min mor)")."""

from __future__ import annotations

from collections.abc import Sequence

# A transcriber's mark in brackets ("(griner)", "[lang pause]") holds up to this many words.
MARK_WORDS = 4


# How the words of a mark in parentheses begin, in stc's languages: laughter, pauses, sighs,
# tears, coughs, what could not be heard, agreement and gestures, all at once.
_STEMS = (
    "ler latt laugh lach skratt grin smil smile pause paus sukk suck sigh seufz gråt grät græd "
    "cry cries crying wein host cough kremt harkl utyd otyd uklar unclear uforst ohör uhør "
    "inaud unverst avbr afbr interrupt overlap crosstalk samtidig stille tyst silence instäm "
    "nikk nick nod rist skak peker pekar point telefon phone dør dörr door"
)
MARK_STEMS = tuple(_STEMS.split())


def _names_a_mark(words: Sequence[str]) -> bool:
    """Whether words in parentheses are a mark: one names a sound, a pause or a doubt, or is
    a time ("(00:12)")."""
    return any(w.lower().startswith(MARK_STEMS) or (":" in w and w[:1].isdigit()) for w in words)


def mark_close(texts: Sequence[str], start: int) -> int | None:
    """Where a transcription mark in brackets that opens at ``start`` closes, or None (no
    bracket there, or one that holds more than a mark: the participant's words). Square
    brackets hold the transcriber's words always; parentheses when ``_names_a_mark``."""
    if texts[start] not in ("(", "["):
        return None
    end = min(start + 2 + MARK_WORDS, len(texts))
    close = next((j for j in range(start + 1, end) if texts[j] in (")", "]")), None)
    if close is not None and texts[start] == "(" and not _names_a_mark(texts[start + 1 : close]):
        return None
    return close


def outside_marks(texts: Sequence[str]) -> list[int]:
    """The positions of ``texts`` (a sentence's tokens) outside transcription marks."""
    if "(" not in texts and "[" not in texts:
        return list(range(len(texts)))
    kept: list[int] = []
    i = 0
    while i < len(texts):
        close = mark_close(texts, i)
        if close is not None:
            i = close + 1
            continue
        kept.append(i)
        i += 1
    return kept
