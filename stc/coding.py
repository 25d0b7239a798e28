"""STC step 2, meaning units: code the transcripts with the codebook and coding.yaml.

``code_project`` returns data (units, uncoded sentences, coverage, matrix); ``write_coding``
writes ``meaning_units.csv``, ``uncoded.csv``, ``coverage.csv``, ``matrix.csv`` and ``text/``.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stc.codebook import Codebook, CodebookMatcher, load_codebook
from stc.coded_cache import coded_sentences, prune
from stc.config import Project
from stc.corpus import load_transcripts
from stc.decisions import Decisions, Review, apply_decisions, deciding_coder, load_decisions
from stc.executor import Executor, run_all
from stc.nlp import Pipeline, load_pipeline
from stc.output import rows_csv, write_outputs
from stc.suggestions import Merged, load_queue, merge_queue
from stc.tokens import DETACHED
from stc.types import Transcript

if TYPE_CHECKING:
    import pandas as pd

from stc.units import CONFIRMED, Unit, coded_words, form_units, normalise_space, spoken_words

log = logging.getLogger("stc")

UNIT_COLUMNS = [
    "unit_id",
    "transcript",
    "participant",
    "speaker",
    "turn",
    "line_start",
    "line_end",
    "char_start",
    "char_end",
    "codes",
    "groups",
    "evidence",
    "text",
    "accepted",
    "added",
    "suggested",
    "rejected",
    "voice",
    "flags",
]
REVIEW_COLUMNS = [
    "order",
    "code",
    "unit_id",
    "transcript",
    "participant",
    "line_start",
    "line_end",
    "flags",
    "evidence",
    "text",
]

COVERAGE_COLUMNS = ["participant", "transcript", "words", "words_coded", "share"]
# line: the entry's line in coding.yaml; now_unit, now_line, now_text: the unit that holds the
# quote's passage with a few words respelt (``Orphan.edited``), if one does.
ORPHAN_COLUMNS = ["index", "name", "reason", "line", "now_unit", "now_line", "now_text", "place"]


@dataclass
class Coverage:
    participant: str
    transcript: str
    words: int
    words_coded: int

    @property
    def share(self) -> float:
        return self.words_coded / self.words if self.words else 0.0


@dataclass
class CodingResult:
    """Everything step 2 produced, in a stable order."""

    project: Project
    codebook: Codebook
    pipeline: Pipeline
    transcripts: list[Transcript]
    units: list[Unit]
    uncoded: list[Unit]
    coverage: list[Coverage]
    decisions: Decisions | None = None
    review: Review | None = None
    suggestions: Merged | None = None  # what `stc suggest`'s queue added, and what it lost

    @property
    def coder(self) -> str | None:
        return self.review.coder if self.review else None

    @property
    def confirmed(self) -> list[Unit]:
        """Units with at least one accepted or added code: what the report rests on."""
        return [u for u in self.units if u.code_ids]

    @property
    def reviewed(self) -> list[Unit]:
        """Units with no suggestion left to decide."""
        return [u for u in self.units if not u.pending]

    def review_queue(self) -> list[tuple[str, Unit]]:
        """Pending suggestions in review order: per code (codebook order), flagged first."""
        pending: dict[str, list[Unit]] = {code_id: [] for code_id in self.codebook.code_ids}
        for unit in self.units:  # one pass, not one per code
            for code_id, state in unit.states.items():
                if state == "suggested" and code_id in pending:
                    pending[code_id].append(unit)
        queue: list[tuple[str, Unit]] = []
        for code_id, units in pending.items():
            units.sort(key=lambda u: (not u.flags.get(code_id), u.transcript.id, u.start))
            queue.extend((code_id, u) for u in units)
        return queue

    def review_rows(self) -> list[list[object]]:
        """The review queue in ``REVIEW_COLUMNS`` order."""
        return [
            [
                n,
                code,
                u.id,
                u.transcript.id,
                u.participant,
                u.line_start,
                u.line_end,
                ",".join(u.flags.get(code, ())),
                "; ".join(str(e) for e in u.evidence.get(code, ())),
                u.text,
            ]
            for n, (code, u) in enumerate(self.review_queue(), 1)
        ]

    def review_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.review_rows(), columns=REVIEW_COLUMNS)

    def orphan_rows(self) -> list[list[object]]:
        """Decisions whose text no unit holds now: kept in coding.yaml, listed here."""
        orphans = self.review.orphans if self.review else []
        return [
            [
                o.index,
                o.entry.unit or f"{o.entry.transcript}: \u00ab{o.entry.quote}\u00bb",
                o.reason,
                "" if o.at is None else o.at,
                "" if o.edited is None else o.edited.id,
                "" if o.edited is None else o.edited.line_start,
                "" if o.edited is None else normalise_space(o.edited.text),  # a quote: one line
                o.place,  # interviewer, across, label or outside (decisions.PLACES); else ""
            ]
            for o in orphans
        ]

    def orphan_records(self) -> list[dict[str, Any]]:
        """``orphan_rows`` keyed by ``ORPHAN_COLUMNS``, as step 4 reads orphans.csv."""
        return [dict(zip(ORPHAN_COLUMNS, row, strict=True)) for row in self.orphan_rows()]

    def orphans_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.orphan_rows(), columns=ORPHAN_COLUMNS)

    def status(self) -> list[dict[str, Any]]:
        """Per code: units suggested (pending), accepted, rejected, added, and dissent voices."""
        counts = {
            code_id: dict.fromkeys(("suggested", "accepted", "rejected", "added", "dissent"), 0)
            for code_id in self.codebook.code_ids
        }
        for unit in self.units:
            for code_id, state in unit.states.items():
                if code_id in counts:
                    counts[code_id][state] += 1
                    if unit.voice == "dissent" and state in CONFIRMED:
                        counts[code_id]["dissent"] += 1
        return [{"code": code_id, **row} for code_id, row in counts.items()]

    @property
    def participants(self) -> list[str]:
        return sorted({p for t in self.transcripts for p in t.participants})

    def unit_rows(self, units: Sequence[Unit] | None = None) -> list[list[object]]:
        """One row per unit in ``UNIT_COLUMNS`` order (the units' review states read once)."""
        rows: list[list[object]] = []
        for u in self.units if units is None else units:
            codes = groups = ""
            states = ["", "", "", ""]  # accepted, added, suggested, rejected
            if u.states:  # most units (uncoded sentences) have none
                by_state: dict[str, list[str]] = {}
                for code, state in sorted(u.states.items()):
                    by_state.setdefault(state, []).append(code)
                confirmed = sorted((*by_state.get("accepted", ()), *by_state.get("added", ())))
                codes = ";".join(confirmed)
                groups = ";".join(sorted({c.split("/", 1)[0] for c in confirmed}))
                states = [
                    ";".join(by_state.get(s, ()))
                    for s in ("accepted", "added", "suggested", "rejected")
                ]
            turn = u.turn
            rows.append(
                [
                    u.id,
                    u.transcript.id,
                    turn.participant,
                    turn.speaker,
                    turn.index,
                    u.line_start,
                    u.line_end,
                    u.start,
                    u.end,
                    codes,
                    groups,
                    u.evidence_text() if u.evidence else "",
                    u.text,
                    *states,
                    u.voice or "",
                    u.flag_text() if u.flags else "",
                ]
            )
        return rows

    def units_frame(self, units: Sequence[Unit] | None = None) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.unit_rows(units), columns=UNIT_COLUMNS)

    def coverage_rows(self) -> list[list[object]]:
        return [
            [c.participant, c.transcript, c.words, c.words_coded, round(c.share, 4)]
            for c in self.coverage
        ]

    def coverage_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.coverage_rows(), columns=COVERAGE_COLUMNS)

    def matrix_rows(self) -> tuple[list[str], list[list[object]]]:
        """Units per code (rows, codebook order) and participant (columns), with a total."""
        participants = self.participants
        counts = {cid: dict.fromkeys(participants, 0) for cid in self.codebook.code_ids}
        for unit in self.units:
            for code in unit.code_ids:
                counts[code][unit.participant] += 1
        rows: list[list[object]] = [
            [cid, *row.values(), sum(row.values())] for cid, row in counts.items()
        ]
        return ["code", *participants, "total"], rows

    def matrix(self) -> pd.DataFrame:
        import pandas as pd

        columns, rows = self.matrix_rows()
        return pd.DataFrame(rows, columns=columns)

    @property
    def total_coverage(self) -> float:
        words = sum(c.words for c in self.coverage)
        return sum(c.words_coded for c in self.coverage) / words if words else 0.0


def load_matcher(
    project: Project, use_cache: bool = True
) -> tuple[Codebook, Pipeline, CodebookMatcher]:
    """The project's codebook, pipeline and a matcher built from them (its keywords parsed
    through the keyword cache beside the token cache, unless ``use_cache`` is false)."""
    config = project.config
    codebook = load_codebook(project.codebook_path, config.language)
    pipeline = load_pipeline(config.language, config.model, str(project.root), str(project.path))
    cache = project.parse_cache if use_cache else None
    return codebook, pipeline, CodebookMatcher(codebook, pipeline, cache=cache)


@dataclass(frozen=True)
class CodingSpec:
    """Everything a worker needs to code a transcript: small, picklable, and the same for
    every transcript of a run (a worker builds its matcher from it once)."""

    codebook: Codebook
    language: str
    model: str | None
    root: str
    source: str
    mode: str
    max_sentences: int
    cache: str | None

    @functools.cached_property
    def key(self) -> str:
        settings = (self.language, self.model, self.root, self.source)
        return hashlib.sha256(
            f"{self.codebook.model_dump_json()}\x00{settings}".encode()
        ).hexdigest()


# Matchers built in this process, by spec key: forked workers inherit the parent's.
_MATCHERS: dict[str, CodebookMatcher] = {}


def _matcher(spec: CodingSpec) -> CodebookMatcher:
    found = _MATCHERS.get(spec.key)
    if found is None:
        pipeline = load_pipeline(spec.language, spec.model, spec.root, spec.source)
        cache = Path(spec.cache) if spec.cache else None
        _MATCHERS.clear()
        found = _MATCHERS[spec.key] = CodebookMatcher(spec.codebook, pipeline, cache=cache)
    return found


@dataclass
class TranscriptCoding:
    """One transcript coded: its participant sentences, coded units and uncoded sentences.

    Sent back from workers without the transcript (the parent has it): ``attach`` restores it.
    """

    spoken: dict[str, array[int]]  # per participant, their words' offsets (coverage)
    units: list[Unit]
    uncoded: list[Unit]
    cache_files: tuple[str, ...] = ()  # the transcript's files in the parse cache

    def attach(self, transcript: Transcript) -> TranscriptCoding:
        turns = {t.index: t for t in transcript.turns}
        for unit in (*self.units, *self.uncoded):
            unit.transcript = transcript
            unit.turn = turns[unit.turn.index]
        return self


def code_transcript(spec: CodingSpec, transcript: Transcript) -> TranscriptCoding:
    """Tokenize (or read from the cache), match and form units for one transcript."""
    matcher = _matcher(spec)
    cache = Path(spec.cache) if spec.cache else None
    found, files = coded_sentences(transcript, matcher, cache)
    coded, rest = form_units(transcript, found, spec.mode, spec.max_sentences, spec.language)
    return TranscriptCoding(spoken_words(found), coded, rest, files)


def _in_worker(task: tuple[CodingSpec, Transcript]) -> TranscriptCoding:
    coded = code_transcript(*task)
    for unit in (*coded.units, *coded.uncoded):
        unit.transcript = DETACHED  # the parent holds the text; do not send it back
    return coded


def check_coding_path(project: Project) -> None:
    """A coding file stc.yaml names but that does not exist means no decisions yet, unless
    condensation.yaml holds condensates of confirmed units: then decisions were made, and the
    name is wrong (a typo in ``coding:``). Coding on would drop every confirmed unit, and step
    3 would mark the researcher's condensates stale."""
    from stc.condense import condensation_path, load_condensation
    from stc.errors import CodingError

    path = project.coding_path
    if path.exists():
        return
    condensation = load_condensation(condensation_path(project))
    if condensation is None or not any(
        code is not None and code.units
        for group in condensation.groups.values()
        if group is not None
        for code in group.codes.values()
    ):
        return
    others = sorted(
        p.name
        for p in project.root.glob("*.yaml")
        if p != project.path and p.is_file() and _holds_decisions(p)
    )
    hint = f" (this folder has {', '.join(others)})" if others else ""
    raise CodingError(
        f"{project.path} [coding]: {project.config.coding} does not exist, yet "
        f"{condensation_path(project).name} holds condensates of confirmed units, so decisions "
        f"were made: fix [coding] to name the file that holds them{hint}, or, to start the "
        f"review over, create {project.config.coding} empty"
    )


def _holds_decisions(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return "accept:" in text or "reject:" in text


def code_project(
    project: Project,
    on_parsed: Callable[[Transcript], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    use_cache: bool = True,
    executor: Executor | None = None,
    transcripts: list[Transcript] | None = None,
    reviewing: bool = False,
) -> CodingResult:
    """Run step 2 over a project and return the result; writes only the parse cache.

    ``use_cache=False`` neither reads nor writes the parse cache (``stc check`` writes nothing).
    ``executor`` says where transcripts are coded (default: the project's, see
    ``stc.executor``); the result is the same wherever. ``transcripts``: the project's, when
    the caller has loaded them already (``stc run`` reads them once for steps 1, 2 and 4).
    ``reviewing``: for `stc review`, where a coder without decisions yet starts a review.
    """
    check_coding_path(project)
    codebook, pipeline, matcher = load_matcher(project, use_cache)
    decisions = load_decisions(project.coding_path, codebook.code_ids)
    coder = deciding_coder(decisions, project.config.coder, reviewing)
    if transcripts is None:
        transcripts = load_transcripts(project)
    if on_start is not None:
        on_start(len(transcripts))
    config = project.config
    executor = executor or project_executor(project)
    spec = CodingSpec(
        codebook,
        config.language,
        config.model,
        str(project.root),
        str(project.path),
        config.units.mode,
        config.units.max_sentences,
        worker_cache(project, executor, use_cache),
    )
    _MATCHERS.clear()  # one matcher per process: a long session must not keep them all
    _MATCHERS[spec.key] = matcher
    units: list[Unit] = []
    uncoded: list[Unit] = []
    spoken: dict[str, dict[str, array[int]]] = {}
    cache_files: set[str] = set()
    size = sum(len(t.text) for t in transcripts)
    tasks = [(spec, t) for t in transcripts]
    results = run_all(_in_worker, tasks, executor, size)
    for transcript, result in zip(transcripts, results, strict=True):
        result.attach(transcript)
        if on_parsed is not None:
            on_parsed(transcript)
        spoken[transcript.id] = result.spoken
        units.extend(result.units)
        uncoded.extend(result.uncoded)
        cache_files.update(result.cache_files)
    if spec.cache is not None:  # every transcript's files are in place: drop the others
        prune(Path(spec.cache), cache_files)
    units, uncoded, merged = add_queued(project, codebook, units, uncoded, transcripts)
    units, uncoded, review = apply_decisions(decisions, coder, units, uncoded, transcripts)
    words = coded_words(spoken, units)
    coverage = [
        Coverage(p, t.id, *words.get(p, (0, 0))) for t in transcripts for p in t.participants
    ]
    coverage.sort(key=lambda c: c.participant)
    return CodingResult(
        project,
        codebook,
        pipeline,
        transcripts,
        units,
        uncoded,
        coverage,
        decisions,
        review,
        merged,
    )


def warn_missing_interviewer(transcript: Transcript, project: Project) -> None:
    """Said by `stc check`, `stc code` and `stc run`: a transcript read as one participant's
    words, or with no interviewer, has the questions coded as answers."""
    labels = sorted({t.speaker for t in transcript.turns if t.speaker})
    if transcript.turns and not labels:
        log.warning(
            f"{transcript.path}: no speaker labels (such as 'I:' or 'Informant 1:'); the whole "
            "text is read as one participant's words, so an interviewer's questions in it "
            "would be coded too: label the turns, unless the text is the participant's alone "
            "(a written answer)"
        )
    elif len(labels) > 1 and all(t.role == "participant" for t in transcript.turns):
        log.warning(
            f"{transcript.path}: no turn has an interviewer label ({', '.join(labels)} are all "
            f"participants); if one is the interviewer, add it under speakers.interviewer in "
            f"{project.path}"
        )


def worker_cache(project: Project, executor: Executor, use_cache: bool = True) -> str | None:
    """The cache folder workers read and write. Dask workers may be other machines: they get
    none, so no list of the transcripts' words is left on their disks."""
    return str(project.parse_cache) if use_cache and not executor.dask else None


def project_executor(project: Project) -> Executor:
    """The executor stc.yaml (or --jobs / --dask) asks for. An installed spaCy pipeline
    (``model:``) runs in one process unless asked: each worker would hold its own copy, and
    some (torch) pipelines do not survive a fork."""
    settings = project.config.executor
    jobs = settings.jobs
    if jobs is None and project.config.model and not settings.dask:
        jobs = 1
    return Executor(jobs, settings.dask)


def add_queued(
    project: Project,
    codebook: Codebook,
    units: list[Unit],
    uncoded: list[Unit],
    transcripts: Sequence[Transcript],
) -> tuple[list[Unit], list[Unit], Merged]:
    """The second suggestion source: `stc suggest`'s queue (suggestions.yaml), merged into the
    units after the codebook matched and before decisions apply."""
    queue = load_queue(project.suggestions_path)
    return merge_queue(queue, codebook.code_ids, units, uncoded, transcripts)


def coding_files(result: CodingResult) -> dict[str, str]:
    """The contents of every file step 2 writes, by path relative to the output folder."""
    files = {
        "meaning_units.csv": rows_csv(UNIT_COLUMNS, result.unit_rows()),
        "uncoded.csv": rows_csv(UNIT_COLUMNS, result.unit_rows(result.uncoded)),
        "coverage.csv": rows_csv(COVERAGE_COLUMNS, result.coverage_rows()),
        "matrix.csv": rows_csv(*result.matrix_rows()),
        "review.csv": rows_csv(REVIEW_COLUMNS, result.review_rows()),
        "orphans.csv": rows_csv(ORPHAN_COLUMNS, result.orphan_rows()),
    }
    for transcript in result.transcripts:
        files[f"text/{transcript.id}.txt"] = transcript.text
    return files


def write_coding(result: CodingResult, outdir: Path | None = None) -> list[Path]:
    """Write step 2's outputs; text files of transcripts no longer in the project are removed.
    Into the project's out/ (no ``outdir``), what they were made from is noted for step 4
    (``stc.coded_inputs``)."""
    from stc.coded_inputs import forget, record

    target = outdir or result.project.output_dir
    files = coding_files(result)
    stale = [f"text/{old.name}" for old in sorted((target / "text").glob("*.txt"))]
    if outdir is None:
        forget(result.project)
    written = write_outputs(target, files, remove=stale)
    if outdir is None:
        record(result.project, result.codebook, result.decisions, result.coder)
    return written
