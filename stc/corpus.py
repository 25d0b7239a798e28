"""Loading a project's transcripts: every file the config names, read once, ids unique."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from stc.config import Project
from stc.errors import TranscriptError
from stc.readers import read_transcript
from stc.readers.text import sidecar_path
from stc.types import Transcript

log = logging.getLogger("stc")

# What the last load read, by file and content: `stc run` loads the transcripts in each step,
# and a file whose bytes are unchanged is not parsed again. Only the last load's are kept.
_Key = tuple[str, str, tuple[str, ...]]
_READ: dict[_Key, Transcript] = {}


def _read(path: Path, interviewer: list[str], keep: dict[_Key, Transcript]) -> Transcript:
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return read_transcript(path, interviewer)  # says what is wrong with the file
    key = (str(path), digest, tuple(interviewer))
    found = _READ.get(key)
    if found is None:
        found = read_transcript(path, interviewer)
        try:
            unchanged = hashlib.sha256(path.read_bytes()).hexdigest() == digest
        except OSError:
            unchanged = False
        if not unchanged:  # saved while being read: what was read is not kept
            return found
    keep[key] = found
    return found


def load_transcripts(project: Project) -> list[Transcript]:
    """Read every transcript the config names, sorted by id.

    Two files with the same id are an error; an empty transcript is a warning and is kept
    (it simply has no units).
    """
    interviewer = project.config.speakers.interviewer
    transcripts: dict[str, Transcript] = {}
    problems: list[str] = []
    keep: dict[_Key, Transcript] = {}
    project.warn_unread()  # what the patterns leave unread: said once, not per listing
    for path in project.transcript_paths():
        try:
            transcript = _read(path, list(interviewer), keep)
        except TranscriptError as exc:
            problems.extend(exc.problems)
            continue
        if transcript.id in transcripts:
            other = transcripts[transcript.id].path
            where = _id_file(path)
            problems.append(
                f"{where}: [id] '{transcript.id}' is also the id of {other}; transcript ids must "
                "be unique: set a different id in the front matter or rename a file"
            )
            continue
        transcripts[transcript.id] = transcript
        if not any(
            transcript.text[t.start : t.end].strip()
            for t in transcript.turns
            if t.role == "participant"
        ):
            what = "is empty" if not transcript.text.strip() else "has no participant speech"
            log.warning(f"{path}: transcript {what}; it is read but gives no meaning units")
    if problems:
        raise TranscriptError(*problems)
    _READ.clear()
    _READ.update(keep)
    return [transcripts[k] for k in sorted(transcripts)]


def _id_file(path: Path) -> Path:
    """The file that gives a transcript its id: the front matter beside it, when that names
    one (``readers.text.sidecar_front_matter``), else the transcript."""
    sidecar = sidecar_path(path)
    try:
        lines = sidecar.read_text(encoding="utf-8-sig").splitlines() if sidecar.is_file() else []
    except (OSError, UnicodeDecodeError):
        return path
    return sidecar if any(line.startswith("id:") for line in lines) else path
