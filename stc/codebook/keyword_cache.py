"""What parsing each keyword word gave, kept beside the token cache.

Parsing a keyword needs the pipeline (spaCy) and simplemma's dictionaries, which take longer
to load than re-matching a corpus from the token cache. So every keyword word's elements
and lemma are kept in one small JSON file per pipeline fingerprint: re-coding after a
codebook edit parses only the words that are new, and none at all when a keyword was
removed or moved. A damaged or foreign file is only a miss.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stc.codebook.matcher import Element

log = logging.getLogger("stc")

FORMAT = 1


def _key(word: str, single: bool, own_lemma: bool) -> str:
    return f"{int(own_lemma)}{int(single)}:{word}"


class KeywordCache:
    """Keyword words' elements (as a one-word keyword and within a phrase) and lemma."""

    def __init__(self, folder: Path | None, fingerprint: str) -> None:
        digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:16]
        self.path = folder / f"keywords-{digest}.json" if folder is not None else None
        self.fingerprint = fingerprint
        self.entries: dict[str, Any] = {}
        self.changed = False
        if self.path is not None and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("format") == FORMAT and data.get("pipeline") == fingerprint:
                    self.entries = dict(data["words"])
            except (OSError, ValueError, TypeError, KeyError, AttributeError):
                log.debug(f"{self.path}: unreadable keyword cache; parsing keywords again")

    def get(
        self, word: str, single: bool, own_lemma: bool
    ) -> tuple[list[Element], list[Element], str] | None:
        from stc.codebook.matcher import Element

        entry = self.entries.get(_key(word, single, own_lemma))
        if entry is None:
            return None
        try:
            alone, phrase = (
                [Element(k, tuple(forms), w, s) for k, forms, w, s in entry[name]]
                for name in ("alone", "phrase")
            )
            return alone, phrase, str(entry["lemma"])
        except (TypeError, ValueError, KeyError):
            return None

    def put(
        self,
        word: str,
        single: bool,
        own_lemma: bool,
        alone: list[Element],
        phrase: list[Element],
        lemma: str,
    ) -> None:
        self.entries[_key(word, single, own_lemma)] = {
            "alone": [[e.kind, list(e.forms), e.word, e.stem] for e in alone],
            "phrase": [[e.kind, list(e.forms), e.word, e.stem] for e in phrase],
            "lemma": lemma,
        }
        self.changed = True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        from stc.nlp import write_cache_file

        data = {"format": FORMAT, "pipeline": self.fingerprint, "words": self.entries}
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        if write_cache_file(self.path, text.encode("utf-8")):
            self.changed = False
