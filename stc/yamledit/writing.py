"""Writing a researcher's file: atomic, with a backup, and compare-and-swap.

A researcher's file (coding.yaml, condensation.yaml) may be saved by an editor, a browser tab or
another stc command while stc writes it; what they saved is merged, never replaced unread.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from stc.errors import StcError


class ChangedOnDisk(RuntimeError):
    """The file kept changing on disk while stc tried to write it."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when there is no file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


# A temporary file of ours older than this was left by an interrupted write (SIGKILL, power
# loss); a younger one may belong to a write under way in another process.
STALE_SECONDS = 120


def _sweep(path: Path) -> None:
    """Remove temporary files an interrupted write of ours left beside ``path``."""
    now = time.time()
    for name in (path.name, path.name + ".bak"):
        for stale in path.parent.glob(f".{name}.*.tmp"):
            try:
                info = stale.lstat()
                if now - max(info.st_mtime, info.st_ctime) > STALE_SECONDS:
                    stale.unlink()
            except OSError:
                pass


def compare_and_swap(
    path: Path,
    build: Callable[[str | None], str | None],
    attempts: int = 20,
) -> tuple[str | None, bool]:
    """Replace ``path`` with ``build(current text)``, never losing a save made meanwhile.

    ``build`` gets the file's text (None when there is none) and returns the new text, or None
    to leave the file alone. Just before the atomic rename the file is read again; when it
    changed (an editor, a browser tab, another stc command saved it), ``build`` runs again on
    the new text, so that the other save is merged rather than lost. The previous file is kept
    as ``.bak``; a symbolic link stays a link. Returns (the text written or left, written?).
    Raises ``OSError`` when the file cannot be written, ``ChangedOnDisk`` when it never held
    still, and ``UnicodeDecodeError`` for a file that is not UTF-8.
    """
    path = path.resolve()
    _sweep(path)
    for _ in range(attempts):
        before = read_bytes(path)
        old = None if before is None else before.decode("utf-8")
        new = build(old)
        if new is None or new == old:
            return old, False
        tmp = _write_temporary(path, new.encode("utf-8"), before is not None)
        snapshot = None
        try:
            if before is not None:
                # A second name for the file as it is now: an editor that saves in place
                # writes into it, so a save that lands while we swap is seen and merged.
                snapshot = _link(path)
                if read_bytes(Path(snapshot) if snapshot else path) != before:
                    continue  # saved by someone else meanwhile: build again from their text
                backup = path.with_name(path.name + ".bak")
                tmp_backup = _write_temporary(backup, before, True, mode_of=path)
                try:
                    os.replace(tmp_backup, backup)
                finally:
                    Path(tmp_backup).unlink(missing_ok=True)
            if read_bytes(path) != before:
                continue
            os.replace(tmp, path)
            if snapshot and read_bytes(Path(snapshot)) != before:
                # Saved in place while we swapped: put that save back and merge again.
                os.replace(snapshot, path)
                continue
            return new, True
        finally:
            Path(tmp).unlink(missing_ok=True)
            if snapshot:
                Path(snapshot).unlink(missing_ok=True)
    raise ChangedOnDisk(str(path))


def _link(path: Path) -> str | None:
    """A hard link to ``path`` beside it, or None where the file system has none."""
    name = tempfile.mktemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.link(path, name)
    except OSError:
        return None
    return name


def _write_temporary(
    path: Path, data: bytes, like_existing: bool, mode_of: Path | None = None
) -> str:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        source = mode_of or path
        if like_existing and source.exists():
            shutil.copymode(source, tmp)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_researcher_file(
    path: Path, build: Callable[[str | None], str | None], error: type[StcError]
) -> tuple[str | None, bool]:
    """Write a researcher's file (condensation.yaml, coding.yaml) with compare-and-swap.

    Atomic, with a ``.bak``, and re-read just before the rename: a save made meanwhile is merged
    by running ``build`` again on it, never lost. Errors become ``error`` with the fix.
    """
    try:
        return compare_and_swap(path, build)
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except ChangedOnDisk:
        raise error(
            f"{path}: kept changing on disk while stc was writing it; close the program that "
            "is saving it and run again (nothing was written)"
        ) from None
    except OSError as exc:
        fix = (
            "free space on the disk"
            if exc.errno in (errno.ENOSPC, errno.EDQUOT)
            else f"make the folder {path.parent} writable"
        )
        raise error(
            f"{path}: cannot write {path.name} ({exc.strerror or exc}); the file was not "
            f"changed: {fix} and run again"
        ) from None
