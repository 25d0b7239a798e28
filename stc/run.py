"""``stc run``: all four steps from stc.yaml, and the manifest that proves a reproduction.

``manifest.json`` records the versions (stc, Python, spaCy, simplemma, the pipeline), the hash
of every input (config, codebook, coding.yaml, condensation.yaml, transcripts) and of every
output. Outputs hold no timestamps; the manifest's one timestamp is left out of comparisons.
``check_project_run`` re-runs into a temporary folder, condensing in memory so that the
researcher's condensation.yaml is never touched, and lists every difference.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from stc import __version__
from stc.anonymize.analysis import analysis_project
from stc.codebook import load_codebook
from stc.coded_inputs import forget as forget_coded_inputs
from stc.coded_inputs import record as record_coded_inputs
from stc.coding import check_coding_path, code_project, warn_missing_interviewer, write_coding
from stc.condense import (
    CondenseReport,
    condensation_path,
    condense,
    load_condensation,
    merge,
    read_text,
)
from stc.config import Project
from stc.corpus import load_transcripts
from stc.decisions import load_decisions
from stc.errors import StcError
from stc.nlp import load_pipeline, package_version
from stc.output import commit, interrupted, staging, write_files
from stc.readers.text import sidecar_path
from stc.reuse import impression_step
from stc.suggestions import load_queue
from stc.synthesize import (
    Report,
    SynthesisError,
    build_report,
    remove_stale_report,
    report_files,
)

MANIFEST = "manifest.json"
# Beside stc.yaml, committed: the manifest without its time stamp, so that someone with a
# fresh clone (and no out/) can check that the analysis reproduces.
LOCK = "stc.lock"
STEPS = ("total impression", "meaning units", "condensation", "synthesis")

Progress = Callable[[int, str], None]


class ReproductionError(StcError):
    """The manifest cannot be read or belongs to another project."""


@dataclass
class RunResult:
    """What ``run_project`` did: the report, step 3's changes and the manifest."""

    report: Report
    condensed: CondenseReport
    manifest: dict[str, Any]
    outdir: Path
    lock: Path | None = None  # stc.lock, when this run changed it
    change: LockChange | None = None  # what to commit along with the lock


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def versions(project: Project) -> dict[str, str]:
    """What the outputs depend on besides the inputs."""
    config = project.config
    pipeline = load_pipeline(config.language, config.model, str(project.root), str(project.path))
    return {
        "stc": __version__,
        "python": ".".join(platform.python_version_tuple()[:2]),
        "spacy": package_version("spacy"),
        "simplemma": package_version("simplemma"),
        "pystemmer": package_version("PyStemmer"),  # stems are a key of keyword matching
        "pipeline": pipeline.fingerprint,
    }


def _relative(project: Project, path: Path) -> str:
    """``path`` as stc.lock records it: relative to stc.yaml, with ``..`` for a file beside
    the project folder (the sample's codebook), so that a clone elsewhere records the same."""
    try:
        relative = os.path.relpath(path.resolve(), project.root.resolve())
    except ValueError:  # Windows: another drive has no relative path
        return path.resolve().as_posix()
    return Path(relative).as_posix()


def input_hashes(project: Project) -> dict[str, str]:
    """The hash of every file an analysis is reproduced from, by path relative to stc.yaml."""
    config = project.config
    paths = [project.path, project.codebook_path, project.coding_path, condensation_path(project)]
    # Step 1 as the researcher recorded it is printed in the report.
    paths += [project.resolve(config.themes), project.resolve(config.preconceptions)]
    # `stc suggest`'s queue is stc's file, but step 2 reads it: its suggestions are in the units.
    paths.append(project.suggestions_path)
    for transcript in project.transcript_paths():
        paths += [transcript, sidecar_path(transcript)]  # its front matter, if kept beside it
    return {_relative(project, p): _sha256(p) for p in paths if p.is_file()}


def output_hashes(outdir: Path, files: list[Path]) -> dict[str, str]:
    """The hashes of the given output files, by path relative to the output folder."""
    return {
        path.relative_to(outdir).as_posix(): _sha256(path)
        for path in sorted(files)
        if path.is_file() and path.name != MANIFEST
    }


def run_project(
    project: Project,
    outdir: Path | None = None,
    write_condensation: bool = True,
    progress: Progress | None = None,
    use_cache: bool = True,
) -> RunResult:
    """Run steps 1–4 into ``outdir`` (default: the project's) and write the manifest.

    With ``write_condensation=False`` step 3 merges in memory and condensation.yaml is not
    written; the merged text is kept in ``outdir`` for step 4 only. With ``use_cache=False``
    nothing is read from or written to the parse cache (out/.cache): every step computes
    from the inputs, as ``check_project_run`` needs.
    """
    outdir = outdir or project.output_dir
    original = project
    # Whatever can fail on the researcher's files fails here, before step 1 writes anything.
    load_codebook(project.codebook_path, project.config.language)
    load_decisions(project.coding_path)
    check_coding_path(project)
    load_queue(project.suggestions_path)
    load_condensation(condensation_path(project))

    def step(number: int) -> None:
        if progress is not None:
            progress(number, STEPS[number - 1])

    scratch_anon = tempfile.TemporaryDirectory(prefix="stc-anon-")
    settings = project.config.anonymize
    # A check writes its pseudonymized copies to a scratch folder, never the project's.
    anon_dir = None if write_condensation else Path(scratch_anon.name) / "transcripts"
    project = analysis_project(project, anon_dir)

    with staging(outdir) as stage:
        # Every step writes into the staging folder; the commit at the end swaps the whole
        # run in, so out/ holds the old outputs or the new ones, never a mix.
        step(1)
        transcripts = load_transcripts(project)  # read once, for steps 1, 2 and 4
        # Step 1's files are reused when nothing they are made from changed (stc.reuse).
        reuse = outdir if outdir == original.output_dir else None
        written = impression_step(project, stage, reuse, transcripts, use_cache)
        step(2)
        coding = code_project(project, use_cache=use_cache, transcripts=transcripts)
        if not settings.apply:  # the pseudonymized copies are stc's; `stc check` names yours
            for transcript in transcripts:
                warn_missing_interviewer(transcript, project)
        written += write_coding(coding, stage)
        step(3)
        path = condensation_path(project)
        with tempfile.TemporaryDirectory(prefix="stc-condense-") as scratch:
            if write_condensation:
                condensed = condense(coding, path)
                condensation_file = path
            else:
                text, condensed = merge(read_text(path), coding, str(path))
                condensation_file = Path(scratch) / path.name
                condensation_file.write_text(text, encoding="utf-8")
            step(4)
            cache = project.parse_cache if use_cache else None
            try:
                report = build_report(
                    project, stage, condensation_file, settings.apply, cache, transcripts
                )
            except SynthesisError:
                if write_condensation:  # a check leaves the project's out/ as it is
                    remove_stale_report(outdir)
                raise
        scratch_anon.cleanup()
        written += write_files(stage, report_files(report))
        inputs = input_hashes(original)
        key = original.resolve(settings.key)
        if settings.apply and key.is_file():
            # The pseudonyms depend on the key; its hash says nothing about the key itself.
            inputs[_relative(original, key)] = _sha256(key)
        manifest = {
            "project": {"title": original.config.title, "config": original.path.name},
            "versions": versions(original),
            "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "inputs": inputs,
            # Only what this run wrote: an export saved in out/ is not an output of the analysis.
            "outputs": output_hashes(stage, written),
        }
        if write_condensation or outdir != original.output_dir:
            write_files(stage, {MANIFEST: json.dumps(manifest, indent=2, sort_keys=True) + "\n"})
        # Outputs of the previous run that this one no longer makes (a removed transcript's
        # text) go too, if stc wrote them.
        previous = read_outputs(outdir)
        recorded = use_cache and outdir == original.output_dir
        if recorded:
            forget_coded_inputs(project)
        commit(outdir, stage, remove=previous)
    if recorded:  # what step 2's outputs in out/ were made from
        record_coded_inputs(project, coding.codebook, coding.decisions, coding.coder)
    lock: Path | None = None
    change = None
    if write_condensation and outdir == original.output_dir:
        change = write_lock(original, manifest)
        lock = lock_path(original) if change is not None else None
    return RunResult(report, condensed, manifest, outdir, lock, change)


def lock_path(project: Project) -> Path:
    return project.root / LOCK


def lock_text(manifest: dict[str, Any]) -> str:
    """stc.lock: the manifest without its time stamp, sorted, so that it changes only when
    the analysis does."""
    record = {k: v for k, v in manifest.items() if k != "created"}
    return json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class LockChange:
    """How stc.lock changed: the inputs new or changed since the lock it replaced (none when
    there was none), which a commit of the lock must take along, and whether any result did."""

    inputs: list[str]
    results: bool
    created: bool = False  # no lock before
    removed: list[str] = field(default_factory=list)  # recorded, and no longer read


def write_lock(project: Project, manifest: dict[str, Any]) -> LockChange | None:
    """Write stc.lock beside stc.yaml when it changed (atomically; stc's own file); None when
    it did not."""
    path = lock_path(project)
    text = lock_text(manifest)
    try:
        before = path.read_text(encoding="utf-8") if path.is_file() else None
        if before == text:
            return None
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise ReproductionError(
            f"{path}: cannot write the lock ({exc.strerror or exc}); make the folder writable"
        ) from None
    try:
        old = json.loads(before) if before else {}
        recorded, results = dict(old["inputs"]), old["outputs"]
    except (ValueError, KeyError, TypeError):
        recorded, results = {}, None
    # The pseudonymization key is an input, but never goes under version control.
    key = _relative(project, project.resolve(project.config.anonymize.key))
    inputs = {n: h for n, h in manifest["inputs"].items() if n != key}
    recorded.pop(key, None)
    changed = [n for n, h in inputs.items() if recorded and recorded.get(n) != h]
    removed = sorted(n for n in recorded if n not in inputs)
    return LockChange(sorted(changed), results != manifest["outputs"], not before, removed)


def read_outputs(outdir: Path) -> list[str]:
    """The outputs the manifest in ``outdir`` lists; none when there is no readable manifest."""
    try:
        manifest = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    outputs = manifest.get("outputs") if isinstance(manifest, dict) else None
    return sorted(str(name) for name in outputs) if isinstance(outputs, dict) else []


def _read_record(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ReproductionError(f"{path}: not valid JSON ({exc}); run `stc run` again") from None
    if not isinstance(record, dict) or not {"versions", "inputs", "outputs"} <= set(record):
        raise ReproductionError(
            f"{path}: not written by stc run (needs versions, inputs, outputs); run `stc run`"
        )
    return record


def read_manifest(project: Project) -> dict[str, Any] | None:
    """out/manifest.json, or None when there is none (a fresh clone)."""
    path = project.output_dir / MANIFEST
    if not path.is_file():
        return None
    return _read_record(path)


def read_record(project: Project) -> tuple[Path, dict[str, Any]]:
    """What a reproduction is checked against: stc.lock (committed beside stc.yaml), else
    out/manifest.json."""
    lock = lock_path(project)
    if lock.is_file():
        return lock, _read_record(lock)
    path = project.output_dir / MANIFEST
    if not path.is_file() and interrupted(project.output_dir):
        raise ReproductionError(
            f"{project.output_dir}: stc run was interrupted before it wrote its first manifest; "
            "run `stc run` again"
        )
    if not path.is_file():
        raise ReproductionError(
            f"{lock}: no lock and no {path}; run `stc run` first to record the analysis"
        )
    return path, _read_record(path)


@dataclass
class CheckResult:
    """Every difference between a re-run and the manifest."""

    interrupted: list[str] = field(default_factory=list)
    versions: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    source: Path | None = None
    draft: list[str] = field(default_factory=list)  # why the reproduced report is a draft

    @property
    def ok(self) -> bool:
        """Reproduced: same inputs, same outputs. Other versions of the libraries alone do
        not fail a check whose outputs are the same (``versions`` says which differ)."""
        return not (self.interrupted or self.inputs or self.outputs or self.edited)

    def lines(self) -> list[str]:
        lines = [
            f"interrupted run: {i}; the outputs are the previous run's until `stc run` "
            "finishes (run it again)"
            for i in self.interrupted
        ]
        lines += [f"version changed: {v}" for v in self.versions]
        record = self.source.name if self.source else "stc.lock"
        for i in self.inputs:
            name = i.removesuffix(" (missing now)")
            if name != i:
                lines.append(
                    f"input missing: {name}: {record} records it, so the analysis read it; if "
                    f"it was not committed along with {record}, commit it where the analysis "
                    "was run, else `stc run` records that it is gone"
                )
            else:
                lines.append(
                    f"input changed: {i}; if the change is meant, `stc run` records it in "
                    f"{record} (commit that), else undo it"
                )
        lines += [f"output changed since stc run wrote it: {e}" for e in self.edited]
        why = "" if self.versions or self.inputs else " with the same inputs"
        lines += [f"output differs{why}: {o}" for o in self.outputs]
        if self.inputs and not (self.outputs or self.edited or self.interrupted):
            lines.append(
                f"every output is the same as {record} records: the changed inputs do not "
                "reach the results (line endings, a byte-order mark, a file moved or renamed); "
                "`stc run` records them"
            )
        return lines


def _compare(recorded: dict[str, str], current: dict[str, str]) -> list[str]:
    changes = []
    for name in sorted(set(recorded) | set(current)):
        if name not in current:
            changes.append(f"{name} (missing now)")
        elif name not in recorded:
            changes.append(f"{name} (new)")
        elif recorded[name] != current[name]:
            changes.append(name)
    return changes


def check_project_run(project: Project, progress: Progress | None = None) -> CheckResult:
    """Re-run into a temporary folder and compare with stc.lock (else the manifest); writes
    nothing else. Outputs on disk are checked against out/manifest.json when there is one."""
    source, record = read_record(project)
    manifest = read_manifest(project)
    current_inputs = input_hashes(project)
    key = project.resolve(project.config.anonymize.key)
    if project.config.anonymize.apply and not key.is_file():
        # A clone has no key (it stays out of version control); pseudonymizing without it
        # would make a new one, with other pseudonyms, and leave it behind.
        raise ReproductionError(
            f"{key}: missing; the pseudonymization key is kept out of version control: put a "
            "copy of it (and its .mapping.csv) beside stc.yaml to check this run"
        )
    if project.config.anonymize.apply:
        current_inputs[_relative(project, key)] = _sha256(key)
    recorded_inputs: dict[str, str] = record["inputs"]
    title = record.get("project", {}).get("title")
    if title != project.config.title and not set(recorded_inputs) & set(current_inputs) - {
        project.path.name
    }:
        raise ReproductionError(
            f"{source}: it records another project ('{title}'); point -c to that project's "
            "stc.yaml, or run `stc run` to record this one"
        )
    # An interrupted run is not a hand edit: its files are stc's own, not yet in place.
    result = CheckResult(interrupted=interrupted(project.output_dir), source=source)
    current_versions = versions(project)
    for name in sorted(set(record["versions"]) | set(current_versions)):
        before, now = record["versions"].get(name), current_versions.get(name)
        if before != now:
            result.versions.append(f"{name} {now} ({source.name}: {before})")
    result.inputs = _compare(recorded_inputs, current_inputs)
    if manifest is not None:
        # The outputs on disk must still be the ones the manifest recorded (no hand edits).
        on_disk = {
            name: _sha256(project.output_dir / name)
            for name in manifest["outputs"]
            if (project.output_dir / name).is_file()
        }
        result.edited = _compare(manifest["outputs"], on_disk)
    with tempfile.TemporaryDirectory(prefix="stc-check-") as folder:
        # From the inputs alone: a check that read out/.cache would check the cache. It
        # writes none either (it writes nothing of the project's).
        rerun = run_project(
            project, Path(folder), write_condensation=False, progress=progress, use_cache=False
        )
    result.outputs = _compare(record["outputs"], rerun.manifest["outputs"])
    result.draft = rerun.report.draft_reasons
    return result
