"""Writing output files: atomically, deterministically, never half-way, never over others' files.

Two writers:

- ``write_files`` writes files one by one, each through a temporary file renamed into place
  (scaffolding, exports, the pseudonymized copies: callers that guard their own targets).
- ``write_outputs`` writes a command's files into the analysis output folder as one
  transaction: everything goes to a staging folder first, then a journal is committed and
  the files are renamed into place. A run killed before the commit leaves the old outputs;
  one killed after it is finished by the next command (``recover``). The folder is old or
  new, never mixed. It replaces or removes only files stc wrote (the ledger
  ``.stc-outputs.json`` lists them), never follows a symbolic link, and never writes outside
  the output folder.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import os
import secrets
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from stc.errors import StcError

if sys.platform != "win32":
    import fcntl

log = logging.getLogger("stc")

STAGING = ".stc-staging"
"""``out/.stc-staging/<token>/``: the files of a write that is not committed yet."""
JOURNAL = ".stc-journal.json"
"""``out/.stc-journal.json``: a committed write whose files are being moved into place."""
LEDGER = ".stc-outputs.json"
"""``out/.stc-outputs.json``: every path (relative to the folder) that stc wrote there."""
MANIFEST = "manifest.json"


class OutputError(StcError):
    """A file in the output folder is in the way, or the folder cannot be written."""


class Streamed:
    """A file's text made as it is written, chunk by chunk: a table too large to hold whole
    (step 1's ``terms.csv`` grows with terms x transcripts). ``chunks`` is called once per
    write."""

    def __init__(self, chunks: Callable[[], Iterable[str]]) -> None:
        self.chunks = chunks

    def text(self) -> str:
        return "".join(self.chunks())


Content = str | bytes | Streamed


def _write_one(target: Path, data: bytes | Streamed) -> None:
    # Not mkstemp, which makes owner-only files: outputs get the usual permissions
    # (the umask applies), and the folder's own permissions guard sensitive data.
    tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, Streamed):
                for chunk in data.chunks():
                    handle.write(chunk.encode("utf-8"))
            else:
                handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _data(content: Content) -> bytes | Streamed:
    return content.encode("utf-8") if isinstance(content, str) else content


def _cannot_write(exc: OSError, folder: Path) -> OutputError:
    return OutputError(
        f"{exc.filename or folder}: cannot write ({exc.strerror}); check that the folder "
        "exists, that you can write to it and that the disk is not full"
    )


def write_files(outdir: Path, files: Mapping[str, Content]) -> list[Path]:
    """Write every file (relative path → content) under ``outdir``.

    Each file goes to a temporary file first and is renamed into place, so a failure never
    leaves a half-written file. Callers guard what may be replaced.
    """
    written = []
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        for relative in sorted(files):
            target = outdir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_one(target, _data(files[relative]))
            written.append(target)
    except OSError as exc:
        raise _cannot_write(exc, outdir) from None
    return written


# ---------------------------------------------------------------------------------------------
# The output folder as a transaction


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _ledger(outdir: Path) -> set[str]:
    data = _read_json(outdir / LEDGER)
    return {str(p) for p in data} if isinstance(data, list) else set()


def owned(outdir: Path) -> set[str]:
    """Paths in ``outdir`` that stc wrote: the ledger, and the outputs an older manifest lists."""
    found = _ledger(outdir)
    manifest = _read_json(outdir / MANIFEST)
    if isinstance(manifest, dict) and isinstance(manifest.get("outputs"), dict):
        found |= {str(p) for p in manifest["outputs"]} | {MANIFEST}
    return found


def is_staging(outdir: Path) -> bool:
    """Whether ``outdir`` is a staging folder, written plainly and committed as a whole."""
    return outdir.parent.name == STAGING


def interrupted(outdir: Path) -> list[str]:
    """What an interrupted write left in ``outdir``: a journal to finish, a staging folder."""
    found = []
    if (outdir / JOURNAL).exists():
        found.append(f"{outdir / JOURNAL}: a write was committed but not finished")
    staging = outdir / STAGING
    if staging.is_dir() and any(staging.iterdir()):
        found.append(f"{staging}: a write was stopped before it was committed")
    return found


def _safe_relative(relative: str, outdir: Path) -> Path:
    """The target of a relative output path; it must stay inside ``outdir``."""
    parts = Path(relative).parts
    if Path(relative).is_absolute() or ".." in parts or not parts:
        raise OutputError(f"{outdir}: '{relative}' is not a path inside the output folder")
    target = outdir / relative
    folder = outdir.resolve()
    # A symbolic link on the way (out/text -> ../transcripts) would lead outside.
    if not target.parent.resolve().is_relative_to(folder):
        raise OutputError(
            f"{target}: leads outside the output folder {outdir} through a symbolic link; "
            "stc never writes through links: remove the link"
        )
    return target


def _check_targets(outdir: Path, relatives: Iterable[str], mine: set[str]) -> None:
    problems = []
    for relative in sorted(relatives):
        target = _safe_relative(relative, outdir)
        if target.is_symlink():
            problems.append(
                f"{target}: is a symbolic link; stc never writes through links: remove the "
                "link and run again"
            )
        elif target.exists() and (relative not in mine or target.is_dir()):
            problems.append(
                f"{target}: is in the output folder but stc did not write it; so as not to "
                "replace it, nothing was written: move it out of the folder (or delete it, if "
                "an older stc wrote it)"
            )
    if problems:
        raise OutputError(*problems)


def recover(outdir: Path) -> None:
    """Finish a committed write (a journal) and discard an uncommitted one (staging)."""
    journal = _read_json(outdir / JOURNAL)
    if isinstance(journal, dict):
        _apply(
            outdir,
            _strings(journal, "stage"),
            _strings(journal, "files"),
            _strings(journal, "remove"),
        )
    else:
        # An unreadable journal was never committed: its rename is the commit.
        (outdir / JOURNAL).unlink(missing_ok=True)
    # A journal killed while it was being written leaves its temporary file.
    for leftover in outdir.glob(f".{JOURNAL}.*.tmp"):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(outdir / STAGING, ignore_errors=True)


def _strings(journal: dict[str, object], key: str) -> list[str]:
    value = journal.get(key)
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def _apply(outdir: Path, stage_name: list[str], files: list[str], remove: list[str]) -> None:
    """Move a committed write's files into place; safe to repeat after an interruption."""
    if len(stage_name) != 1 or "/" in stage_name[0] or stage_name[0] in ("", ".", ".."):
        (outdir / JOURNAL).unlink(missing_ok=True)
        return
    stage = outdir / STAGING / stage_name[0]
    # A journal only ever names paths inside the folder; anything else is skipped.
    files = [f for f in files if not Path(f).is_absolute() and ".." not in Path(f).parts]
    remove = [f for f in remove if not Path(f).is_absolute() and ".." not in Path(f).parts]
    for relative in [*files, LEDGER]:
        source = stage / relative
        if source.is_file():
            (outdir / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, outdir / relative)
    for relative in remove:
        target = outdir / relative
        # unlink removes a link itself, never what it points to.
        if target.is_symlink() or target.is_file():
            target.unlink()
    (outdir / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(stage, ignore_errors=True)


@contextlib.contextmanager
def _writer_lock(outdir: Path) -> Iterator[None]:
    """One writer at a time per output folder, so that one command's recovery never takes
    another's staging folder for an interrupted one. Released by the system if killed."""
    if sys.platform == "win32":  # no flock: writers are not serialised there
        yield
        return
    path = outdir / ".cache" / "write.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info(f"{outdir}: another stc command is writing here; waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def staging(outdir: Path) -> Iterator[Path]:
    """A fresh staging folder inside ``outdir``; removed on the way out unless committed.

    Holds the folder's writer lock throughout.
    """
    with contextlib.ExitStack() as stack:
        try:
            outdir.mkdir(parents=True, exist_ok=True)
            stack.enter_context(_writer_lock(outdir))
        except OSError as exc:
            raise _cannot_write(exc, outdir) from None
        yield stack.enter_context(_staged(outdir))


@contextlib.contextmanager
def _staged(outdir: Path) -> Iterator[Path]:
    try:
        recover(outdir)
        stage = outdir / STAGING / secrets.token_hex(6)
        stage.mkdir(parents=True)
    except OSError as exc:
        raise _cannot_write(exc, outdir) from None
    try:
        yield stage
    finally:
        if (outdir / JOURNAL).exists():
            # Committed but interrupted while moving (Ctrl-C, a full disk): the staged files
            # are the new outputs now; finish the move, or leave it to the next command.
            with contextlib.suppress(OSError):
                recover(outdir)
        else:
            shutil.rmtree(stage, ignore_errors=True)
        with contextlib.suppress(OSError):
            (outdir / STAGING).rmdir()


def _unchanged(staged: Path, target: Path, chunk: int = 1 << 20) -> bool:
    """Whether ``target`` is a plain file holding exactly the staged file's bytes (read a
    piece at a time: a table may be large)."""
    try:
        if target.is_symlink() or not target.is_file():
            return False
        if staged.stat().st_size != target.stat().st_size:
            return False
        with staged.open("rb") as new, target.open("rb") as old:
            while piece := new.read(chunk):
                if piece != old.read(chunk):
                    return False
        return True
    except OSError:
        return False


def commit(outdir: Path, stage: Path, remove: Iterable[str] = ()) -> list[Path]:
    """Move every file of ``stage`` into ``outdir`` as one transaction (a file whose bytes
    are already there is left in place); returns every file's path in ``outdir``.

    ``remove`` names earlier outputs this write makes stale; only files stc wrote are
    removed. Anything in the way (a file stc did not write, a symbolic link) stops the write
    before the output folder changes.
    """
    files = sorted(
        p.relative_to(stage).as_posix() for p in stage.rglob("*") if p.is_file() or p.is_symlink()
    )
    mine = owned(outdir)
    _check_targets(outdir, files, mine)
    stale = sorted(r for r in set(remove) - set(files) if r in mine)
    for relative in stale:
        _safe_relative(relative, outdir)
    ledger = sorted((mine - set(stale)) | set(files))
    # A file whose bytes are already in place is left as it is (its time stamp too): after
    # a small edit most outputs (each transcript's text/, most tables) are unchanged.
    moved = [f for f in files if not _unchanged(stage / f, outdir / f)]
    journal = {"stage": stage.name, "files": moved, "remove": stale}
    try:
        _write_one(stage / LEDGER, (json.dumps(ledger, indent=1) + "\n").encode())
        # The rename of the journal is the commit: before it the old outputs stand, after
        # it the next command finishes the move.
        _write_one(outdir / JOURNAL, json.dumps(journal).encode())
        _apply(outdir, [stage.name], moved, stale)
    except OSError as exc:
        raise _cannot_write(exc, outdir) from None
    return [outdir / f for f in files]


def write_outputs(
    outdir: Path, files: Mapping[str, Content], remove: Iterable[str] = ()
) -> list[Path]:
    """Write a command's output files into the analysis output folder as one transaction.

    In a staging folder (``stc run`` stages every step) the files are written plainly; the
    run commits them together.
    """
    if is_staging(outdir):
        return write_files(outdir, files)
    with staging(outdir) as stage:
        _check_targets(outdir, files, owned(outdir))
        write_files(stage, files)
        return commit(outdir, stage, remove)


def csv_text(frame: pd.DataFrame) -> str:
    """CSV as text with LF line endings, the same bytes on every platform."""
    return str(frame.to_csv(index=False, lineterminator="\n"))


def rows_csv(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV as ``csv_text`` writes it (the bytes pandas' ``to_csv`` gives for text and whole
    numbers), without building a DataFrame: for the largest tables."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def csv_chunks(
    columns: Sequence[str], rows: Iterable[Sequence[object]], size: int = 500
) -> Iterator[str]:
    """``rows_csv`` in pieces of ``size`` rows, made as they are asked for."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        writer.writerows(batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # the header of a table without rows
        yield buffer.getvalue()
