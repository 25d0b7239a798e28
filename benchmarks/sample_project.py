"""The sample project, copied for a benchmark with the codebook its stc.yaml names.

The sample's codebook lives in the repository's codebooks/ (``../codebooks/…`` from
transcripts_sample/stc.yaml), so a copy of the folder alone would not find it. The tests have
the same helper in tests/conftest.py; benchmarks run as scripts and cannot import it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

SAMPLE = Path(__file__).resolve().parent.parent / "transcripts_sample"


def copy_sample(dest: Path, ignore: tuple[str, ...] = ("out",)) -> Path:
    """Copy the sample to ``dest`` (leaving out what ``ignore`` matches) and its codebook to
    where stc.yaml names it, beside ``dest``; returns ``dest / "stc.yaml"``."""
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns(*ignore))
    named = yaml.safe_load((SAMPLE / "stc.yaml").read_text(encoding="utf-8"))["codebook"]
    codebook = Path(os.path.normpath(dest / named))
    codebook.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(os.path.normpath(SAMPLE / named), codebook)
    return dest / "stc.yaml"
