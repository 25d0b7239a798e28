"""Pseudonymizing a whole project: the key, consistent pseudonyms, the copies, the report.

``anonymize_project`` reads every transcript, finds identifiers, gives each original one
pseudonym across all transcripts and writes pseudonymized copies plus
``anonymization_report.csv`` (transcript, line, category, action, replacement: never an
original) to the output folder, with ``.stc-anonymized``: the files written there, which a
re-run may replace (any other file in the way stops the run). The key and the mapping stay in
the key's folder, which is never the output folder.
"""

from __future__ import annotations

import csv
import dataclasses
import glob
import io
import logging
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stc.anonymize.detect import WORD, Finding, find_identifiers, promote
from stc.anonymize.names import NameIndex, load_lexicon, load_names
from stc.anonymize.pseudonyms import (
    Original,
    Pseudonymizer,
    PseudonymMap,
    backup_path,
    mapping_path,
    new_key,
    read_key,
    read_mapping,
    write_key,
    write_private,
)
from stc.anonymize.settings import AnonymizeSettings
from stc.config import Project
from stc.corpus import load_transcripts
from stc.errors import AnonymizeError, StcError
from stc.nlp import Pipeline, load_pipeline
from stc.output import write_files
from stc.readers import read_transcript
from stc.types import Transcript

log = logging.getLogger("stc")

REPORT_FILE = "anonymization_report.csv"
# In the output folder: every file stc anonymize wrote there, which a re-run may replace.
MANIFEST_FILE = ".stc-anonymized"
MANIFEST_HEADER = (
    "# Written by stc anonymize: the files it wrote in this folder, which the next run may "
    "replace.\n"
)
REPORT_COLUMNS = ["transcript", "line", "category", "action", "replacement"]
# Formats written as they are; every other format is written as plain text.
SAME_FORMAT = frozenset({".txt", ".md"})


@dataclass
class AnonymizedTranscript:
    """One transcript: its findings (replacements filled in) and its pseudonymized text."""

    transcript: Transcript
    findings: list[Finding]
    text: str
    output: Path

    @property
    def replaced(self) -> list[Finding]:
        return [f for f in self.findings if f.certain]

    @property
    def maybes(self) -> list[Finding]:
        return [f for f in self.findings if not f.certain]


@dataclass
class AnonymizeReport:
    """What ``anonymize_project`` found, replaced and wrote.

    Holds originals (``Finding.text``) for showing on the researcher's screen; nothing that
    holds them is written to the output folder.
    """

    transcripts: list[AnonymizedTranscript]
    out_dir: Path
    key_path: Path
    mapping_path: Path
    dry_run: bool
    key_created: bool = False
    """A new key was made on this run (on a dry run: would be made, pseudonyms are examples)."""
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def replacements(self) -> int:
        return sum(len(t.replaced) for t in self.transcripts)

    @property
    def maybes(self) -> int:
        return sum(len(t.maybes) for t in self.transcripts)

    def rows(self, maybes: bool = True) -> list[tuple[str, int, str, str, str, str]]:
        """(transcript, line, category, original, replacement or "maybe", reason) for a table.

        For the researcher's screen only: the original is in it.
        """
        return [
            (
                t.transcript.id,
                f.line,
                f.category,
                f.text,
                f.replacement if f.certain else "maybe",
                f.reason,
            )
            for t in self.transcripts
            for f in t.findings
            if f.certain or maybes
        ]

    def maybe_summary(self) -> list[tuple[str, str, int, str, str]]:
        """The maybes grouped by word: (text, category, count, transcripts, reason).

        Most frequent first, so a researcher can add names to ``people:``/``places:`` or words
        to ``keep:`` in one pass.
        """
        counts: Counter[tuple[str, str]] = Counter()
        where: dict[tuple[str, str], set[str]] = {}
        reasons: dict[tuple[str, str], str] = {}
        for t in self.transcripts:
            for f in t.maybes:
                key = (f.text, f.category)
                counts[key] += 1
                where.setdefault(key, set()).add(t.transcript.id)
                reasons.setdefault(key, f.reason)
        return [
            (
                text,
                category,
                n,
                ", ".join(sorted(where[(text, category)])),
                reasons[(text, category)],
            )
            for (text, category), n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
        ]

    def report_csv(self) -> str:
        """The report written next to the copies: where and what, never the original."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(REPORT_COLUMNS)
        for t in self.transcripts:
            for f in t.findings:
                action = "replaced" if f.certain else "review"
                writer.writerow(
                    [
                        t.transcript.id,
                        f.line,
                        f.category,
                        action,
                        f.replacement if f.certain else "",
                    ]
                )
        return buffer.getvalue()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob pattern as ``glob.glob`` reads it: ``*`` stays in one folder, ``**/`` spans many."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 1 :]:
            end = pattern.index("]", i + 1)
            body = pattern[i + 1 : end]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def _output_paths(transcripts: Sequence[Transcript], out_dir: Path) -> list[Path]:
    """Each copy's path: the same name (``.txt`` for formats we cannot write), in the same
    sub-folder relative to the folder all transcripts share."""
    parents = [str(t.path.resolve().parent) for t in transcripts]
    common = Path(os.path.commonpath(parents)) if parents else Path()
    paths: list[Path] = []
    seen: dict[Path, Path] = {}
    for t in transcripts:
        relative = t.path.resolve().relative_to(common)
        if relative.suffix.lower() not in SAME_FORMAT:
            relative = relative.with_suffix(".txt")
        target = out_dir / relative
        if target in seen:
            raise AnonymizeError(
                f"{t.path}: its pseudonymized copy would be {target}, like that of "
                f"{seen[target]}; rename one of the two files"
            )
        seen[target] = t.path
        paths.append(target)
    return paths


def _check_folders(
    project: Project,
    transcripts: Sequence[Transcript],
    outputs: Sequence[Path],
    out_dir: Path,
    key_path: Path,
) -> None:
    """Refuse an output folder that would mix copies with originals or hold the key."""
    out = out_dir.resolve()
    for t in transcripts:
        source = t.path.resolve()
        if _inside(source, out):
            raise AnonymizeError(
                f"{out_dir}: [anonymize -> output] is the folder the transcripts are read from "
                f"({t.path.name}); choose another folder, e.g. transcripts_anon"
            )
    for path in (key_path, mapping_path(key_path)):
        if _inside(path.resolve(), out):
            raise AnonymizeError(
                f"{out_dir}: [anonymize -> output] would hold the key file {path}; the key "
                "and its mapping must stay apart from what is shared: choose another folder"
            )
    root = project.root.resolve()
    for pattern in project.config.transcripts:
        if Path(pattern).is_absolute():
            continue
        regex = _glob_regex(pattern.replace(os.sep, "/"))
        for target in outputs:
            resolved = target.resolve()
            if not _inside(resolved, root):
                continue
            if regex.match(resolved.relative_to(root).as_posix()):
                raise AnonymizeError(
                    f"{project.path}: [transcripts] '{pattern}' would also read the "
                    f"pseudonymized copies in {out_dir}; choose an output folder outside it "
                    "([anonymize -> output])"
                )


def _written_before(out_dir: Path) -> tuple[set[str], set[str]]:
    """What an earlier stc anonymize wrote in the folder: file paths (relative to it) and,
    for a folder written before ``MANIFEST_FILE`` existed, the ids its report names."""
    manifest = out_dir / MANIFEST_FILE
    report = out_dir / REPORT_FILE
    try:
        if manifest.is_file():
            lines = manifest.read_text(encoding="utf-8").splitlines()
            return {line for line in lines if line.strip() and not line.startswith("#")}, set()
        if report.is_file():
            rows = list(csv.reader(io.StringIO(report.read_text(encoding="utf-8"))))
            if rows and rows[0] == REPORT_COLUMNS:
                return {REPORT_FILE}, {row[0] for row in rows[1:] if row}
    except (OSError, UnicodeDecodeError) as exc:
        raise AnonymizeError(
            f"{out_dir}: cannot read what stc anonymize wrote there ({exc})"
        ) from None
    return set(), set()


def _foreign_files(
    out_dir: Path, files: dict[str, str], results: Sequence[AnonymizedTranscript]
) -> list[Path]:
    """Files this run would replace that stc anonymize did not write (unless the same)."""
    names, ids = _written_before(out_dir)
    id_of = {r.output.relative_to(out_dir).as_posix(): r.transcript.id for r in results}
    found = []
    for name, text in sorted(files.items()):
        path = out_dir / name
        if not (path.exists() or path.is_symlink()) or name in names or id_of.get(name) in ids:
            continue
        try:
            if path.is_file() and path.read_bytes() == text.encode("utf-8"):
                continue
        except OSError:
            pass
        found.append(path)
    return found


def _in_the_way_message(path: Path, outcome: str) -> str:
    return (
        f"{path}: the output folder already holds this file, and stc anonymize did not write "
        f"it; so as not to replace it, {outcome}: choose an empty folder "
        "([anonymize -> output] or --out) or move the file"
    )


def _private(path: Path, dry_run: bool) -> None:
    """A key or mapping others can read is made owner-only, with a warning; else refused."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if not mode & 0o077:
        return
    if dry_run:
        log.warning(
            f"{path}: others can read this file (mode {mode & 0o777:o}); the next "
            "`stc anonymize` makes it readable by you only"
        )
        return
    try:
        os.chmod(path, 0o600)
    except OSError as exc:
        raise AnonymizeError(
            f"{path}: others can read this file (mode {mode & 0o777:o}) and stc cannot change "
            f"that ({exc.strerror}); run `chmod 600 {path}`"
        ) from None
    log.warning(f"{path}: others could read this file (mode {mode & 0o777:o}); made it 600")


def _is_stc_file(path: Path, what: str) -> bool:
    """Whether ``path`` holds an stc key (``what="key"``) or the first line of a mapping."""
    try:
        with path.open("rb") as handle:
            head = handle.read(200)
    except OSError:
        return False
    if what == "key":
        # A damaged key (a digit lost, an empty file) is still a key to move aside.
        return re.fullmatch(rb"[0-9a-fA-F\s]*", head) is not None and len(head) < 200
    return re.match(rb"[^\n]*key fingerprint [0-9a-f]{16}", head) is not None


def _check_key_path(project: Project, key_path: Path) -> None:
    """The key may not be one of the researcher's files: a transcript, the config, …"""
    inputs = project.protected_paths(key=False)
    for path in (key_path, mapping_path(key_path)):
        if path.resolve() in inputs:
            raise AnonymizeError(
                f"{path}: [anonymize -> key] points to one of the project's own files (a "
                "transcript, the config, the codebook, coding.yaml or condensation.yaml); "
                "give the key a file of its own, e.g. key: ../stc-keys/project.key"
            )


def _prepare_key(
    key_path: Path, fresh: bool, dry_run: bool = False
) -> tuple[bytes, PseudonymMap, bool]:
    """The key and mapping to use, and whether the key is new. Writes nothing but modes."""
    mapping_file = mapping_path(key_path)
    if fresh:
        # --new-key moves the old key and mapping aside: only if they are what they say.
        for path, what in ((key_path, "key"), (mapping_file, "mapping")):
            if path.exists() and not _is_stc_file(path, what):
                raise AnonymizeError(
                    f"{path}: is not an stc {what}; --new-key moves aside only a {what} stc "
                    "made: move this file yourself, or point [anonymize -> key] elsewhere"
                )
        return new_key(), PseudonymMap(), True
    if key_path.exists():
        _private(key_path, dry_run)
        if mapping_file.exists():
            _private(mapping_file, dry_run)
        key = read_key(key_path)
        mapping = read_mapping(mapping_file, key) if mapping_file.exists() else PseudonymMap()
        return key, mapping, False
    if mapping_file.exists():
        raise AnonymizeError(
            f"{key_path}: the key file is missing, but its mapping {mapping_file.name} exists; "
            "restore the key from your backup, or run `stc anonymize --new-key` to start again "
            "with new pseudonyms"
        )
    return new_key(), PseudonymMap(), True


def _store_key(key_path: Path, key: bytes, move_aside: bool) -> None:
    """Write a new key; with ``--new-key`` the old key and mapping are moved aside first,
    to a ``.bak`` name that is free, so no earlier key is ever lost."""
    mapping_file = mapping_path(key_path)
    try:
        if move_aside:
            for path in (key_path, mapping_file):
                if path.exists():
                    os.replace(path, backup_path(path))
    except OSError as exc:
        raise AnonymizeError(
            f"{exc.filename}: cannot move the old key aside ({exc.strerror})"
        ) from None
    write_key(key_path, key)


def _update_gitignore(key_path: Path) -> Path:
    """List the key and mapping (and their backups) in the key folder's .gitignore.

    Missing lines are appended; nothing already there is changed.
    """
    gitignore = key_path.parent / ".gitignore"
    names = [key_path.name, mapping_path(key_path).name]
    wanted = [f"/{n}" for n in names] + [f"/{n}.bak*" for n in names]
    try:
        existing = gitignore.read_text(encoding="utf-8") if gitignore.exists() else ""
        present = {line.strip() for line in existing.splitlines()}
        missing = [line for line in wanted if line not in present and line[1:] not in present]
        if missing:
            with gitignore.open("a", encoding="utf-8") as handle:
                if existing and not existing.endswith("\n"):
                    handle.write("\n")
                handle.write(
                    "# stc anonymize: the key and the mapping never go under version control\n"
                )
                handle.write("\n".join(missing) + "\n")
    except OSError as exc:
        raise AnonymizeError(f"{gitignore}: cannot be updated ({exc.strerror})") from None
    return gitignore


def pseudonymized_text(transcript: Transcript, findings: Sequence[Finding]) -> str:
    """The transcript text with every certain finding replaced; line breaks are untouched."""
    parts = []
    position = 0
    text = transcript.text
    for f in sorted(findings, key=lambda f: f.start):
        if not f.certain:
            continue
        parts.append(text[position : f.start])
        parts.append(f.replacement)
        position = f.end
    parts.append(text[position:])
    return "".join(parts)


def _entities_pipeline(project: Project, settings: AnonymizeSettings) -> Pipeline | None:
    config = project.config
    if not (settings.entities and config.model):
        return None
    return load_pipeline(config.language, config.model, str(project.root), str(project.path))


def _file_name_warnings(
    transcripts: Sequence[Transcript], settings: AnonymizeSettings, language: str
) -> list[str]:
    """Names in file names or ids: the copies keep them, so the researcher must rename."""
    names = (load_names() if settings.names else NameIndex()).with_people(settings.people)
    lexicon = load_lexicon(language)
    warnings = []
    for t in transcripts:
        found = set()
        for m in WORD.finditer(f"{t.path.stem} {t.id}"):
            entry = names.get(m.group())
            if entry is not None and (entry.researcher or not lexicon.is_common(m.group())):
                found.add(m.group())
        if found:
            warnings.append(
                f"{t.path}: the file name or id contains '{', '.join(sorted(found))}', which may "
                "be a name; the copy keeps it: rename the file (and its id) if it identifies "
                "someone"
            )
    return warnings


def anonymize_project(
    project: Project,
    settings: AnonymizeSettings,
    out_dir: Path | None = None,
    key_path: Path | None = None,
    dry_run: bool = False,
    new_key: bool = False,
) -> AnonymizeReport:
    """Pseudonymize every transcript of a project; with ``dry_run`` nothing is written.

    ``out_dir`` and ``key_path`` default to ``settings.output`` and ``settings.key``
    relative to stc.yaml. Raises ``AnonymizeError`` (nothing written) for a missing key whose
    mapping exists, a damaged key or mapping, an output folder that is an input folder, holds
    the key or would be read as transcripts, or a file in it that this run would replace and
    no earlier run wrote (a dry run warns of that instead). ``new_key`` starts again: a fresh
    key and mapping (the old ones are kept as ``.bak``). A dry run without a key shows
    pseudonyms from a throw-away key (``report.key_created``): the real run makes a different
    one.
    """
    out_dir = out_dir if out_dir is not None else project.resolve(settings.output)
    key_path = key_path if key_path is not None else project.resolve(settings.key)
    transcripts = load_transcripts(project)
    outputs = _output_paths(transcripts, out_dir)
    _check_folders(project, transcripts, outputs, out_dir, key_path)
    _check_key_path(project, key_path)
    key, mapping, fresh = _prepare_key(key_path, new_key, dry_run)

    language = project.config.language
    pipeline = _entities_pipeline(project, settings)
    found = [find_identifiers(t, settings, language, pipeline) for t in transcripts]
    # A name certain in one transcript is certain in all of them.
    flat = promote([f for findings in found for f in findings])
    per_transcript: list[list[Finding]] = []
    i = 0
    for findings in found:
        per_transcript.append(flat[i : i + len(findings)])
        i += len(findings)

    names = load_names().with_people(settings.people)
    pseudonymizer = Pseudonymizer(
        key, language, settings.style, names, load_lexicon(language), mapping, settings.people
    )
    pseudonymizer.assign(
        Original(f.category, f.text, f.kind)
        for findings in per_transcript
        for f in findings
        if f.certain
    )
    results = []
    for transcript, findings, output in zip(transcripts, per_transcript, outputs, strict=True):
        replaced = [
            f
            if f.replacement or not f.certain
            else dataclasses.replace(
                f,
                replacement=pseudonymizer.replacement(
                    f.category, f.text, bare=f.label or f.front_matter
                ),
            )
            for f in findings
        ]
        results.append(
            AnonymizedTranscript(
                transcript, replaced, pseudonymized_text(transcript, replaced), output
            )
        )
    report = AnonymizeReport(
        transcripts=results,
        out_dir=out_dir,
        key_path=key_path,
        mapping_path=mapping_path(key_path),
        dry_run=dry_run,
        key_created=fresh,
        warnings=_file_name_warnings(transcripts, settings, language),
    )
    files: dict[str, str] = {REPORT_FILE: report.report_csv()}
    for result in results:
        files[result.output.relative_to(out_dir).as_posix()] = result.text
    in_the_way = _foreign_files(out_dir, files, results)
    if in_the_way and dry_run:
        report.warnings.append(
            _in_the_way_message(in_the_way[0], "the real run will write nothing")
        )
    if dry_run:
        return report
    if in_the_way:
        raise AnonymizeError(_in_the_way_message(in_the_way[0], "nothing was written"))
    existing = {name for name in _written_before(out_dir)[0] if (out_dir / name).is_file()}
    files[MANIFEST_FILE] = MANIFEST_HEADER + "".join(
        f"{name}\n" for name in sorted(existing | set(files))
    )

    if fresh:
        _store_key(key_path, key, new_key)
    report.written.append(_update_gitignore(key_path))
    write_private(mapping_path(key_path), pseudonymizer.mapping.csv_text(key))
    report.written.append(mapping_path(key_path))
    report.written.extend(write_files(out_dir, files))
    report.warnings.extend(_verify_copies(project, results))
    return report


def _verify_copies(project: Project, results: Sequence[AnonymizedTranscript]) -> list[str]:
    """Read every copy back as a transcript: same id and same speaker turns, or a warning."""
    warnings = []
    interviewer = project.config.speakers.interviewer
    for result in results:
        try:
            copy = read_transcript(result.output, interviewer)
        except StcError as exc:
            warnings.append(f"{result.output}: the copy cannot be read back ({exc})")
            continue
        original = result.transcript
        if copy.id != original.id or [t.role for t in copy.turns] != [
            t.role for t in original.turns
        ]:
            warnings.append(
                f"{result.output}: the copy reads back with other turns or id than "
                f"{original.path.name}; check its speaker labels"
            )
    return warnings


def anonymized_project(project: Project, report: AnonymizeReport) -> Project:
    """The project with its transcripts replaced by the pseudonymized copies.

    For ``stc run`` with ``anonymize.apply``: code and report the copies. Call it after a
    run that wrote them (not a dry run). Paths are kept relative to stc.yaml where possible,
    so the config stays portable.
    """
    root = project.root.resolve()
    patterns = []
    for result in report.transcripts:
        path = result.output.resolve()
        shown = path.relative_to(root).as_posix() if _inside(path, root) else str(path)
        patterns.append(glob.escape(shown))
    config = project.config.model_copy(update={"transcripts": patterns})
    return Project(config, project.path)
