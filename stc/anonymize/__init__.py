"""Pseudonymize transcripts before they are shared or reported (``stc anonymize``).

Participants must not be recognisable in anything that leaves the researcher's machine, and
the key that links pseudonyms to people must be kept apart::

    from stc.config import load_config
    from stc.anonymize import AnonymizeSettings, anonymize_project

    project = load_config("stc.yaml")
    report = anonymize_project(project, AnonymizeSettings(places=["Tromsø"]), dry_run=True)
    report.rows()               # everything it would replace, and every maybe
    report.maybe_summary()      # the maybes grouped by word, for people:/places:/keep:

Everything runs locally; nothing touches the network.

Only the settings model is imported eagerly: ``stc.config`` holds it, and the rest needs
``stc.config`` (through the corpus and the language pipeline), so importing it all here
would make a circular import.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from stc.anonymize.settings import AnonymizeSettings

if TYPE_CHECKING:
    from stc.anonymize.detect import Category, Finding, find_identifiers
    from stc.anonymize.project import (
        REPORT_FILE,
        AnonymizedTranscript,
        AnonymizeReport,
        anonymize_project,
        anonymized_project,
    )
    from stc.anonymize.pseudonyms import mapping_path

_LAZY = {
    "Category": "stc.anonymize.detect",
    "Finding": "stc.anonymize.detect",
    "find_identifiers": "stc.anonymize.detect",
    "REPORT_FILE": "stc.anonymize.project",
    "AnonymizedTranscript": "stc.anonymize.project",
    "AnonymizeReport": "stc.anonymize.project",
    "anonymize_project": "stc.anonymize.project",
    "anonymized_project": "stc.anonymize.project",
    "mapping_path": "stc.anonymize.pseudonyms",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'stc.anonymize' has no attribute {name!r}")


__all__ = [
    "REPORT_FILE",
    "AnonymizeReport",
    "AnonymizeSettings",
    "AnonymizedTranscript",
    "Category",
    "Finding",
    "anonymize_project",
    "anonymized_project",
    "find_identifiers",
    "mapping_path",
]
