"""The one place where stc edits a researcher's YAML file: line by line, then compare-and-swap.

- ``document``: a YAML document split into keys and the lines each owns, so that a tool adds,
  moves and replaces keys while every line a person wrote survives byte for byte.
- ``writing``: replacing a researcher's file atomically, with a ``.bak``, merging a save made
  meanwhile instead of losing it.
- ``condensation``: condensation.yaml's keys (code groups, codes, ``orphaned:``) moved and
  filled through ``document``; ``stc.condense`` decides what they hold.
- ``coding``: coding.yaml's entries, one key's lines at a time (the review's decisions).

The names of ``document`` and ``writing`` are importable from here.
"""

from stc.yamledit.document import (
    WIDTH,
    Block,
    Document,
    EditError,
    Item,
    Line,
    comment_lines,
    dump,
    dump_key,
    mapping,
    open_block,
    parse,
    render,
    replace,
    salvage,
    split_lines,
)
from stc.yamledit.writing import (
    STALE_SECONDS,
    ChangedOnDisk,
    compare_and_swap,
    read_bytes,
    write_researcher_file,
)

__all__ = [
    "STALE_SECONDS",
    "WIDTH",
    "Block",
    "ChangedOnDisk",
    "Document",
    "EditError",
    "Item",
    "Line",
    "comment_lines",
    "compare_and_swap",
    "dump",
    "dump_key",
    "mapping",
    "open_block",
    "parse",
    "read_bytes",
    "render",
    "replace",
    "salvage",
    "split_lines",
    "write_researcher_file",
]
