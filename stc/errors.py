"""Errors a user can cause, and the one place their wording is shaped.

Every error names the file, the field and the fix. The CLI prints each problem as one
``Error: …`` line and exits 1; a notebook user gets the same text from ``str(error)``.
"""

from __future__ import annotations

from collections.abc import Iterable


class StcError(Exception):
    """Something in the project's files or arguments that the user can fix."""

    def __init__(self, *problems: str) -> None:
        self.problems: list[str] = [p for p in problems if p]
        super().__init__("\n".join(self.problems))

    @classmethod
    def collect(cls, problems: Iterable[str]) -> StcError:
        return cls(*problems)


class ConfigError(StcError):
    """stc.yaml is missing, malformed or names something that does not exist."""


class CodebookError(StcError):
    """The codebook is malformed or fails its own examples."""


class TranscriptError(StcError):
    """A transcript cannot be read."""


class CodingError(StcError):
    """coding.yaml holds a decision that cannot be applied."""


class SuggestionsError(StcError):
    """The suggestions file is malformed, or is not stc's to overwrite."""


class ModelError(StcError):
    """The language or spaCy pipeline asked for is not available."""


class CondensationError(StcError):
    """condensation.yaml is malformed, or cannot be written without losing anything."""


class AnonymizeError(StcError):
    """The key, the mapping or the output folder of `stc anonymize` cannot be used."""


class ExportError(StcError):
    """An export cannot be written: nothing coded yet, an existing file, an unreadable .qdc."""


class QdpxImportError(StcError):
    """A .qdpx cannot be imported: not a zip, no project.qde, a schema error, an existing folder."""
