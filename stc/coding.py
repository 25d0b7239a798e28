"""STC step 2, meaning units: code the transcripts with the codebook and coding.yaml.

``code_project`` returns data (units, uncoded sentences, coverage, matrix); ``write_coding``
writes ``meaning_units.csv``, ``uncoded.csv``, ``coverage.csv``, ``matrix.csv`` and ``text/``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from stc.codebook import Codebook, CodebookMatcher, load_codebook
from stc.config import Project
from stc.corpus import load_transcripts
from stc.decisions import Decisions, Review, apply_decisions, deciding_coder, load_decisions
from stc.nlp import Pipeline, load_pipeline, parse_transcripts
from stc.output import csv_text, write_outputs
from stc.suggestions import Merged, load_queue, merge_queue
from stc.types import Transcript
from stc.units import Unit, coded_words, form_units, sentences

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
        queue: list[tuple[str, Unit]] = []
        for code_id in self.codebook.code_ids:
            pending = [u for u in self.units if u.states.get(code_id) == "suggested"]
            pending.sort(key=lambda u: (not u.flags.get(code_id), u.transcript.id, u.start))
            queue.extend((code_id, u) for u in pending)
        return queue

    def review_frame(self) -> pd.DataFrame:
        rows = [
            {
                "order": n,
                "code": code,
                "unit_id": u.id,
                "transcript": u.transcript.id,
                "participant": u.participant,
                "line_start": u.line_start,
                "line_end": u.line_end,
                "flags": ",".join(u.flags.get(code, ())),
                "evidence": "; ".join(str(e) for e in u.evidence.get(code, ())),
                "text": u.text,
            }
            for n, (code, u) in enumerate(self.review_queue(), 1)
        ]
        return pd.DataFrame(rows, columns=REVIEW_COLUMNS)

    def orphans_frame(self) -> pd.DataFrame:
        """Decisions whose text no unit holds now: kept in coding.yaml, listed here."""
        orphans = self.review.orphans if self.review else []
        rows = [
            {
                "index": o.index,
                "name": o.entry.unit or f"{o.entry.transcript}: \u00ab{o.entry.quote}\u00bb",
                "reason": o.reason,
            }
            for o in orphans
        ]
        return pd.DataFrame(rows, columns=["index", "name", "reason"])

    def status(self) -> list[dict[str, Any]]:
        """Per code: units suggested (pending), accepted, rejected, added, and dissent voices."""
        rows: list[dict[str, Any]] = []
        for code_id in self.codebook.code_ids:
            states = [u.states[code_id] for u in self.units if code_id in u.states]
            rows.append(
                {
                    "code": code_id,
                    "suggested": states.count("suggested"),
                    "accepted": states.count("accepted"),
                    "rejected": states.count("rejected"),
                    "added": states.count("added"),
                    "dissent": sum(
                        1 for u in self.units if u.voice == "dissent" and code_id in u.code_ids
                    ),
                }
            )
        return rows

    @property
    def participants(self) -> list[str]:
        return sorted({p for t in self.transcripts for p in t.participants})

    def units_frame(self, units: Sequence[Unit] | None = None) -> pd.DataFrame:
        rows = [
            {
                "unit_id": u.id,
                "transcript": u.transcript.id,
                "participant": u.participant,
                "speaker": u.turn.speaker,
                "turn": u.turn.index,
                "line_start": u.line_start,
                "line_end": u.line_end,
                "char_start": u.start,
                "char_end": u.end,
                "codes": ";".join(u.code_ids),
                "groups": ";".join(u.group_ids),
                "evidence": u.evidence_text(),
                "text": u.text,
                "accepted": ";".join(u.in_state("accepted")),
                "added": ";".join(u.in_state("added")),
                "suggested": ";".join(u.in_state("suggested")),
                "rejected": ";".join(u.in_state("rejected")),
                "voice": u.voice or "",
                "flags": u.flag_text(),
            }
            for u in (self.units if units is None else units)
        ]
        return pd.DataFrame(rows, columns=UNIT_COLUMNS)

    def coverage_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "participant": c.participant,
                    "transcript": c.transcript,
                    "words": c.words,
                    "words_coded": c.words_coded,
                    "share": round(c.share, 4),
                }
                for c in self.coverage
            ],
            columns=["participant", "transcript", "words", "words_coded", "share"],
        )

    def matrix(self) -> pd.DataFrame:
        """Units per code (rows, codebook order) and participant (columns), with a total."""
        participants = self.participants
        counts = {cid: dict.fromkeys(participants, 0) for cid in self.codebook.code_ids}
        for unit in self.units:
            for code in unit.code_ids:
                counts[code][unit.participant] += 1
        frame = pd.DataFrame(
            [{"code": cid, **row} for cid, row in counts.items()],
            columns=["code", *participants],
        )
        frame["total"] = frame[participants].sum(axis=1) if participants else 0
        return frame

    @property
    def total_coverage(self) -> float:
        words = sum(c.words for c in self.coverage)
        return sum(c.words_coded for c in self.coverage) / words if words else 0.0


def load_matcher(project: Project) -> tuple[Codebook, Pipeline, CodebookMatcher]:
    """The project's codebook, pipeline and a matcher built from them."""
    config = project.config
    codebook = load_codebook(project.codebook_path, config.language)
    pipeline = load_pipeline(config.language, config.model, str(project.root), str(project.path))
    return codebook, pipeline, CodebookMatcher(codebook, pipeline)


def code_project(
    project: Project,
    on_parsed: Callable[[Transcript], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    use_cache: bool = True,
) -> CodingResult:
    """Run step 2 over a project and return the result; writes only the parse cache.

    ``use_cache=False`` neither reads nor writes the parse cache (``stc check`` writes nothing).
    """
    codebook, pipeline, matcher = load_matcher(project)
    decisions = load_decisions(project.coding_path, codebook.code_ids)
    coder = deciding_coder(decisions, project.config.coder)
    transcripts = load_transcripts(project)
    if on_start is not None:
        on_start(len(transcripts))
    parsed = parse_transcripts(
        transcripts, pipeline, on_parsed, project.parse_cache if use_cache else None
    )
    units: list[Unit] = []
    uncoded: list[Unit] = []
    found_all = []
    for item in parsed:
        found = sentences(item, matcher)
        found_all.extend(found)
        coded, rest = form_units(
            item.transcript,
            found,
            project.config.units.mode,
            project.config.units.max_sentences,
            project.config.language,
        )
        units.extend(coded)
        uncoded.extend(rest)
    units, uncoded, merged = add_queued(project, codebook, units, uncoded, transcripts)
    units, uncoded, review = apply_decisions(decisions, coder, units, uncoded, transcripts)
    words = coded_words(found_all, units)
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
        "meaning_units.csv": csv_text(result.units_frame()),
        "uncoded.csv": csv_text(result.units_frame(result.uncoded)),
        "coverage.csv": csv_text(result.coverage_frame()),
        "matrix.csv": csv_text(result.matrix()),
        "review.csv": csv_text(result.review_frame()),
        "orphans.csv": csv_text(result.orphans_frame()),
    }
    for transcript in result.transcripts:
        files[f"text/{transcript.id}.txt"] = transcript.text
    return files


def write_coding(result: CodingResult, outdir: Path | None = None) -> list[Path]:
    """Write step 2's outputs; text files of transcripts no longer in the project are removed."""
    outdir = outdir or result.project.output_dir
    files = coding_files(result)
    stale = [f"text/{old.name}" for old in sorted((outdir / "text").glob("*.txt"))]
    return write_outputs(outdir, files, remove=stale)
