"""Readers of transcript formats, side by side; each turns a file into a ``Transcript``.

Every reader produces the same thing: normalised text (LF line endings, NFC) and turns with
offsets into it. ``read_transcript`` picks the reader from the file extension.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from stc.errors import TranscriptError
from stc.readers.docx_file import read_docx_transcript
from stc.readers.odt_file import read_odt_transcript
from stc.readers.srt_file import read_srt_transcript
from stc.readers.text import read_text_transcript
from stc.readers.vtt_file import read_vtt_transcript
from stc.types import Transcript

Reader = Callable[[Path, Sequence[str]], Transcript]

READERS: dict[str, Reader] = {
    ".txt": read_text_transcript,
    ".md": read_text_transcript,
    ".docx": read_docx_transcript,
    ".odt": read_odt_transcript,
    ".vtt": read_vtt_transcript,
    ".srt": read_srt_transcript,
}


def read_transcript(path: Path, interviewer: Sequence[str] = ()) -> Transcript:
    """Read one transcript; ``interviewer`` lists the speaker labels whose turns are not coded."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        supported = ", ".join(sorted(READERS))
        raise TranscriptError(
            f"{path}: '{path.suffix or '(no extension)'}' files cannot be read; "
            f"save the transcript as one of: {supported}"
        )
    return reader(path, interviewer)


__all__ = ["READERS", "read_transcript"]
