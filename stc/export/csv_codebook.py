"""The codebook as a CSV that Taguette imports as tags (``stc export csv-codebook``).

Taguette's codebook import takes CSV only: one tag per row, its name in a ``path`` column
and its definition in ``description``. It guesses the encoding, so the file starts with a
UTF-8 byte order mark, which makes that guess certain (and Excel opens it right too).
Taguette has no tag groups: a code's path is ``Group label/Code label``, the way a
researcher reads it there, and the group's description is not carried.
"""

from __future__ import annotations

import csv
import io

from stc.codebook import Codebook

HEADER = ("path", "description")


def _part(label: str) -> str:
    # A slash inside a label would read as one more level of the path.
    return " ".join(label.replace("/", "-").split())


def csv_codebook_bytes(codebook: Codebook) -> bytes:
    """One row per code, in codebook order: ``Group label/Code label`` and the description."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for group in codebook.groups:
        for code in group.codes:
            path = f"{_part(group.label)}/{_part(code.label)}"
            writer.writerow((path, " ".join(code.description.split())))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
