"""The project as the review workspace sees it: matched once, decisions re-read on change.

Matching the codebook over a large corpus takes long; reading coding.yaml takes milliseconds.
The workspace keeps the units as the codebook made them and applies coding.yaml to copies of
them whenever its content changed on disk (an editor, another tab, ``stc review --accept-all``),
so that every page shows the current file. `stc suggest`'s queue (suggestions.yaml) is merged
in the same way whenever it changed: a `stc suggest` run while the page is open shows its
candidates at the next page load. A codebook edit needs a new `stc review` (it is matched
once).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from pathlib import Path

from stc.codebook import Codebook
from stc.coding import CodingResult, add_queued, load_matcher
from stc.config import Project
from stc.corpus import load_transcripts
from stc.decisions import apply_decisions, deciding_coder, load_decisions
from stc.errors import CodingError
from stc.nlp import Pipeline
from stc.review import Action, decide
from stc.tokens import corpus_tokens
from stc.types import Transcript
from stc.units import Unit, code_tokens, form_units


def _copy(units: Sequence[Unit]) -> list[Unit]:
    """Copies apply_decisions may change (states, evidence, voice, notes) without touching
    the originals; a plain attribute copy, as dataclasses.replace costs most of a re-read."""
    copies = []
    for unit in units:
        twin = object.__new__(Unit)
        twin.__dict__.update(unit.__dict__)
        twin.evidence = dict(unit.evidence)
        twin.states = dict(unit.states)
        copies.append(twin)
    return copies


class Workspace:
    """One project under review; thread-safe (uvicorn runs handlers in a thread pool)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        codebook, pipeline, matcher = load_matcher(project)
        self.codebook: Codebook = codebook
        self.pipeline: Pipeline = pipeline
        self.transcripts: list[Transcript] = load_transcripts(project)
        # The token cache and the codebook index, as `stc code` uses them.
        parsed = corpus_tokens(self.transcripts, pipeline, project)
        self._units: list[Unit] = []
        self._uncoded: list[Unit] = []
        config = project.config
        for item in parsed:
            coded, rest = form_units(
                item.transcript,
                code_tokens(item, matcher),
                config.units.mode,
                config.units.max_sentences,
                config.language,
            )
            self._units.extend(coded)
            self._uncoded.extend(rest)
        self._lock = threading.RLock()
        self._seen: str | None = None
        self._result: CodingResult | None = None
        # `stc suggest`'s candidates wait beside the codebook's, merged into copies of the
        # codebook's units whenever the queue's file changed (``_queued``).
        self._queue_seen: str | None = None
        self._queued: tuple[list[Unit], list[Unit]] = ([], [])
        self._queue()  # a malformed queue stops `stc review` before the page opens

    @property
    def coding_path(self) -> str:
        return str(self.project.coding_path)

    def _queue(self) -> tuple[str, tuple[list[Unit], list[Unit]]]:
        """The codebook's units with `stc suggest`'s queue merged in, as the queue's file says
        now (merged again only when its content changed); and the content's digest."""
        digest = _file_digest(self.project.suggestions_path)
        if digest != self._queue_seen:
            units, uncoded, _ = add_queued(
                self.project,
                self.codebook,
                _copy(self._units),
                _copy(self._uncoded),
                self.transcripts,
            )
            self._queued, self._queue_seen = (units, uncoded), digest
        return digest, self._queued

    def _digest(self) -> str:
        return _file_digest(self.project.coding_path)

    def result(self) -> CodingResult:
        """The review as coding.yaml and the suggestion queue say now; an error when either
        file cannot be used."""
        with self._lock:
            queue, (units, uncoded) = self._queue()
            digest = f"{self._digest()}|{queue}"
            if self._result is not None and digest == self._seen:
                return self._result
            decisions = load_decisions(self.project.coding_path, self.codebook.code_ids)
            coder = deciding_coder(decisions, self.project.config.coder, reviewing=True)
            units, uncoded, review = apply_decisions(
                decisions, coder, _copy(units), _copy(uncoded), self.transcripts
            )
            self._result = CodingResult(
                self.project,
                self.codebook,
                self.pipeline,
                self.transcripts,
                units,
                uncoded,
                [],
                decisions,
                review,
            )
            self._seen = digest
            return self._result

    @property
    def version(self) -> str:
        """A name for coding.yaml's current content (the page sends it back with an action)."""
        with self._lock:
            return self._digest()[:16]

    def decide(self, actions: Sequence[Action]) -> CodingResult:
        """Write ``actions`` (compare-and-swap) and return the review after them."""
        with self._lock:
            decide(self.project.coding_path, actions, self.result().coder)
            return self.result()


def _file_digest(path: Path) -> str:
    """The sha256 of a file's content; a missing file is empty."""
    try:
        data = path.read_bytes() if path.exists() else b""
    except OSError as exc:
        raise CodingError(
            f"{path}: cannot read ({exc.strerror or exc}); make it readable, then reload"
        ) from None
    return hashlib.sha256(data).hexdigest()
