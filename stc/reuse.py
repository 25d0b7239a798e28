"""Step 1's files, reused by ``stc run`` when nothing they are made from has changed.

The total impression depends on the transcripts, stc.yaml and the software, never on the
codebook or the researcher's decisions; a researcher who codes, reviews and runs again gets
the same step-1 files each time. ``stc run`` therefore keeps a record beside the parse cache
(``out/.cache/<parsed|pseudonymized>/impression.json``): the fingerprint of everything step 1
read, and the sha256 of every file it wrote. When the fingerprint is the same and every one of
those files is still in the output folder with the same bytes, the run takes them as they are
(and repeats the warnings step 1 gave); otherwise step 1 runs as usual and the record is
written again. The fingerprint holds stc's own source, so an upgrade never reuses a file an
older version made.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from stc.config import Project
from stc.nlp import package_version, write_cache_file
from stc.types import Transcript

log = logging.getLogger(__name__)

RECORD = "impression.json"
FORMAT = 2
# What step 1's files are made with besides stc itself (numbers, themes, YAML).
PACKAGES = (
    "numpy",
    "PyStemmer",
    "PyYAML",
    "scikit-learn",
    "scipy",
    "simplemma",
    "spacy",
    "wordfreq",
)


@functools.cache
def source_fingerprint() -> str:
    """Every file of the installed stc package (code, templates, data), hashed."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _transcript(transcript: Transcript) -> list[Any]:
    return [
        transcript.id,
        str(transcript.path),
        hashlib.sha256(transcript.text.encode("utf-8", "surrogatepass")).hexdigest(),
        repr(transcript.turns),
        json.dumps(transcript.attributes, sort_keys=True, default=str),
        transcript.encoding,
    ]


def impression_key(
    project: Project, transcripts: Sequence[Transcript], themes: int, pipeline: str
) -> str:
    """The fingerprint of everything step 1's files are made from."""
    from stc.keys import keys_fingerprint

    config = project.config.model_dump(mode="json", exclude={"executor"})
    data = {
        "format": FORMAT,
        "stc": source_fingerprint(),
        "python": sys.version,
        "packages": {name: package_version(name) for name in PACKAGES},
        "pipeline": pipeline,
        "keys": keys_fingerprint(),
        "config": config,
        "root": project.root.name,  # the title when stc.yaml has none
        "preconceptions": (project.root / "preconceptions.md").is_file(),
        "themes": themes,
        "transcripts": [_transcript(t) for t in transcripts],
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def reusable(
    record: Path, key: str, outdir: Path
) -> tuple[dict[str, bytes], list[tuple[int, str]]] | None:
    """The files step 1 wrote last time and the warnings it gave, if ``record`` was made
    under ``key`` and every file in ``outdir`` still has the bytes it had; else None."""
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("key") != key:
            return None
        files: dict[str, bytes] = {}
        for name, digest in sorted(data["files"].items()):
            path = outdir / name
            if path.is_symlink() or not path.is_file() or Path(name).name != name:
                return None
            found = path.read_bytes()
            if _sha256(found) != digest:
                return None
            files[name] = found
        warnings = [(int(level), str(text)) for level, text in data["warnings"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no record, or a damaged one: step 1 runs
    return files, warnings


def remember(
    record: Path, key: str, written: Sequence[Path], warnings: Sequence[tuple[int, str]]
) -> None:
    """Keep the record of a step 1 just run: its key, its files' hashes, its warnings."""
    data = {
        "format": FORMAT,
        "key": key,
        "files": {path.name: _sha256(path.read_bytes()) for path in written},
        "warnings": [list(w) for w in warnings],
    }
    write_cache_file(record, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append((record.levelno, record.getMessage()))


@contextmanager
def warnings_of(logger: logging.Logger) -> Iterator[list[tuple[int, str]]]:
    """The warnings (and errors) ``logger`` gives inside the block, with their levels, in
    order (they are still shown)."""
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def replay(logger: logging.Logger, warnings: Sequence[tuple[int, str]]) -> None:
    """Give the warnings of a reused step again, as step 1 gave them."""
    for level, text in warnings:
        logger.log(level, text)


def impression_step(
    project: Project,
    stage: Path,
    outdir: Path | None,
    transcripts: list[Transcript],
    use_cache: bool = True,
) -> list[Path]:
    """Step 1 of ``stc run`` into ``stage`` from the project's ``transcripts``: its files
    reused from ``outdir`` (the project's output folder; None never reuses) when the record
    allows, else made and recorded. ``use_cache=False`` (a check) reuses nothing and reads
    and writes no cache."""
    from stc.impression import (
        DEFAULT_THEMES,
        THEMES_DRAFT,
        impression_project,
        write_impression,
    )
    from stc.nlp import load_pipeline
    from stc.output import write_outputs

    stc_log = logging.getLogger("stc")
    if outdir is None or not use_cache:
        made = impression_project(project, transcripts=transcripts, use_cache=use_cache)
        return write_impression(made, stage)
    config = project.config
    pipeline = load_pipeline(config.language, config.model, str(project.root), str(project.path))
    record = project.parse_cache / RECORD
    key = impression_key(project, transcripts, DEFAULT_THEMES, pipeline.fingerprint)
    found = reusable(record, key, outdir)
    if found is not None:
        files, warnings = found
        log.debug(f"{record}: step 1's files are unchanged; reused")
        replay(stc_log, warnings)
        return write_outputs(stage, files, remove=[THEMES_DRAFT])
    with warnings_of(stc_log) as warnings:
        result = impression_project(project, transcripts=transcripts)
    written = write_impression(result, stage)
    remember(record, key, written, warnings)
    return written
