"""Types shared by the readers, the language processing and the steps."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Role = Literal["interviewer", "participant"]


@dataclass(frozen=True)
class Turn:
    """One speaker's turn. ``start``/``end`` delimit its content in the transcript text.

    ``masked`` lists spans inside the content that are not speech (a timestamp opening a
    continuation line); they are blanked before parsing so offsets stay one-to-one.
    """

    index: int
    speaker: str
    role: Role
    participant: str
    start: int
    end: int
    line: int
    timestamp: str | None = None
    masked: tuple[tuple[int, int], ...] = ()

    def content(self, text: str) -> str:
        """The turn's text with masked spans blanked, exactly ``end - start`` characters long."""
        chunk = text[self.start : self.end]
        if not self.masked:
            return chunk
        chars = list(chunk)
        for a, b in self.masked:
            for i in range(a - self.start, b - self.start):
                if chars[i] != "\n":
                    chars[i] = " "
        return "".join(chars)


@dataclass(frozen=True)
class Transcript:
    """A transcript read into normalised text and turns; offsets point into ``text``."""

    id: str
    path: Path
    text: str
    turns: tuple[Turn, ...]
    attributes: dict[str, Any] = field(default_factory=dict)
    encoding: str = "utf-8"
    _line_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = [0]
        found = self.text.find("\n")
        while found >= 0:
            starts.append(found + 1)
            found = self.text.find("\n", found + 1)
        object.__setattr__(self, "_line_starts", tuple(starts))

    def line_of(self, offset: int) -> int:
        """The 1-based line number of a character offset."""
        return bisect.bisect_right(self._line_starts, offset)

    @property
    def participants(self) -> list[str]:
        return sorted({t.participant for t in self.turns if t.role == "participant"})
