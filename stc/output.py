"""Writing output files: atomically, deterministically, never half-way."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from stc.errors import StcError


def write_files(outdir: Path, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write every file (relative path → content) under ``outdir``.

    All contents are prepared before anything is written; each file goes to a temporary
    file first and is renamed into place, so a failure never leaves a half-written file.
    """
    written = []
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        for relative in sorted(files):
            target = outdir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            content = files[relative]
            data = content.encode("utf-8") if isinstance(content, str) else content
            # Not mkstemp, which makes owner-only files: outputs get the usual permissions
            # (the umask applies), and the folder's own permissions guard sensitive data.
            tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            written.append(target)
    except OSError as exc:
        raise StcError(
            f"{exc.filename or outdir}: cannot write ({exc.strerror}); check that the folder "
            "exists and that you can write to it"
        ) from None
    return written


def csv_text(frame: pd.DataFrame) -> str:
    """CSV as text with LF line endings, the same bytes on every platform."""
    return str(frame.to_csv(index=False, lineterminator="\n"))
