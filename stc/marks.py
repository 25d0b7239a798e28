"""A transcriber's marks in brackets ("(ler)", "[lang pause]", "(alla skrattar)"): not the
participant's words. Keywords do not match them, step 1 does not count them, and `stc suggest`
does not learn them. Longer or unclosed brackets hold the participant's words and are read."""

from __future__ import annotations

from collections.abc import Sequence

# A transcriber's mark in brackets ("(griner)", "[lang pause]") holds up to this many words.
MARK_WORDS = 4


def mark_close(texts: Sequence[str], start: int) -> int | None:
    """Where a transcription mark in brackets that opens at ``start`` closes, or None (no
    bracket there, or one that holds more than a mark: the participant's words)."""
    if texts[start] not in ("(", "["):
        return None
    end = min(start + 2 + MARK_WORDS, len(texts))
    return next((j for j in range(start + 1, end) if texts[j] in (")", "]")), None)


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
