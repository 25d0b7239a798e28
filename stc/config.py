"""stc.yaml: the one file an analysis is reproduced from.

Every path in it is relative to the file itself, so a project folder can move.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import fnmatch
import glob
import itertools
import logging
import os
import re
import shlex
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from stc.anonymize.settings import AnonymizeSettings
from stc.errors import ConfigError
from stc.languages import LANGUAGES
from stc.yamlio import check_language_false, read_yaml, validate

log = logging.getLogger("stc")


# A focus group's second moderator, the interviewer's side too.
SECOND_MODERATORS = ("Medmoderator", "Co-moderator", "Bisittare", "Bisitter")
DEFAULT_INTERVIEWER = [
    *("I", "Q", "Int", "Intervjuer", "Interviewer", "Intervjuare", "Moderator", "Facilitator"),
    *SECOND_MODERATORS,
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Speakers(_Strict):
    interviewer: list[str] = Field(default_factory=lambda: list(DEFAULT_INTERVIEWER))

    @field_validator("interviewer", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class Units(_Strict):
    mode: Literal["sentences", "turn"] = "sentences"
    max_sentences: int = Field(default=4, ge=1, le=50)


class ReportSettings(_Strict):
    attributes: bool = False  # print transcripts' front-matter attributes (ages …) in the report
    agreement: bool = False  # an appendix with intercoder agreement (stc agree)
    # report.html's appendix with every transcript in full (quotes link to their lines); off,
    # for a report shared with readers who may not see the transcripts (a supervisor's inbox)
    transcripts: bool = True


class SaturationSettings(_Strict):
    """Guest, Namey and Chen (2020): their defaults are a base of 4 interviews, runs of 2 and a
    new-information threshold of 5%."""

    base: int = Field(default=4, ge=1, le=100)
    run: int = Field(default=2, ge=1, le=100)
    threshold: float = Field(default=0.05, ge=0, le=1)


class ExecutorSettings(_Strict):
    """Where transcripts are coded; the results are the same wherever (stc.executor)."""

    jobs: int | None = Field(default=None, ge=1, le=256)  # worker processes; default: cores
    dask: str | None = None  # a Dask scheduler address (tcp://host:8786), or "local"


class InformationPower(_Strict):
    """Malterud, Siersma and Guassora (2016): the five dimensions, in the researcher's words."""

    aim: str | None = None  # narrow or broad
    specificity: str | None = None  # dense or sparse: how well the sample fits the aim
    theory: str | None = None  # applied or none
    dialogue: str | None = None  # strong or weak: the quality of the interviews
    analysis: str | None = None  # case or cross-case


class Config(_Strict):
    """The parsed stc.yaml. ``root`` is the folder paths are relative to."""

    title: str = ""
    # The analysis's date, which REFI-QDA exports stamp on what they write (a clock time
    # would make two exports of the same analysis differ).
    date: dt.date | None = None
    language: str
    model: str | None = None
    transcripts: list[str]
    codebook: str
    coding: str = "coding.yaml"
    # Whose decisions in coding.yaml the report uses; default: the only coder there.
    coder: str | None = None
    # `stc suggest`'s queue: stc writes it, `stc code` reads it as a second suggestion source.
    suggestions: str = "suggestions.yaml"
    speakers: Speakers = Field(default_factory=Speakers)
    units: Units = Field(default_factory=Units)
    output: str = "out"
    anonymize: AnonymizeSettings = Field(default_factory=AnonymizeSettings)
    report: ReportSettings = Field(default_factory=ReportSettings)
    # Step 1 as the researcher recorded it (see stc.trail).
    themes: str = "themes.yaml"
    preconceptions: str = "preconceptions.md"
    saturation: SaturationSettings = Field(default_factory=SaturationSettings)
    information_power: InformationPower = Field(default_factory=InformationPower)
    executor: ExecutorSettings = Field(default_factory=ExecutorSettings)

    @field_validator("transcripts", mode="before")
    @classmethod
    def _glob_list(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("transcripts")
    @classmethod
    def _not_empty(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("list at least one transcript path or glob, e.g. transcripts/*.txt")
        return [os.path.expanduser(v) for v in value]  # "~" is the home folder, as in a shell

    @field_validator("language")
    @classmethod
    def _supported(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(
                f"language '{value}' is not supported; use one of: {', '.join(sorted(LANGUAGES))}"
            )
        return value


class Project:
    """A loaded stc.yaml with its paths resolved."""

    def __init__(self, config: Config, path: Path) -> None:
        self.config = config
        self.path = path
        self.root = path.parent

    def resolve(self, relative: str) -> Path:
        """A path written in stc.yaml, relative to stc.yaml.

        ``..`` is folded away, so that messages name ``codebooks/x.yaml`` rather than
        ``sample/../codebooks/x.yaml``; not where a symbolic link makes the folded path
        another file. ``~`` is the user's home folder, as in a shell (a literal "~" folder
        was made in the project, and pandas, which expands it, then wrote elsewhere).
        """
        path = self.root / os.path.expanduser(relative)
        if ".." not in path.parts:
            return path
        folded = Path(os.path.normpath(path))
        return folded if folded.resolve() == path.resolve() else path

    @property
    def codebook_path(self) -> Path:
        return self.resolve(self.config.codebook)

    @property
    def coding_path(self) -> Path:
        return self.resolve(self.config.coding)

    @property
    def suggestions_path(self) -> Path:
        return self.resolve(self.config.suggestions)

    @property
    def output_dir(self) -> Path:
        return self.resolve(self.config.output)

    @property
    def parse_cache(self) -> Path:
        """Where parsed documents are kept: inside the disposable output folder.

        Pseudonymized text has a folder of its own, so that turning ``anonymize.apply`` on can
        remove every document parsed from the original text (see ``analysis_project``).
        """
        name = "pseudonymized" if self.config.anonymize.apply else "parsed"
        return self.output_dir / ".cache" / name

    def protected_paths(self, key: bool = True) -> set[Path]:
        """The researcher's files (with ``key``, the key too), resolved: stc never writes
        over any of them."""
        paths = [self.path, self.codebook_path, self.coding_path, self.root / "condensation.yaml"]
        # Step 1 as the researcher wrote it, and the lock a clone reproduces the analysis from.
        paths += [self.resolve(self.config.themes), self.resolve(self.config.preconceptions)]
        paths.append(self.path.with_name("stc.lock"))
        if key:
            paths.append(self.resolve(self.config.anonymize.key))
        with contextlib.suppress(ConfigError):  # no transcripts: nothing more to protect
            for transcript in self.transcript_paths():
                # and a transcript's front matter kept beside it (``readers.text.sidecar_path``)
                paths += [transcript, transcript.with_name(f"{transcript.name}.yaml")]
        return {p.resolve() for p in paths}

    def check_not_input(self, path: Path, option: str) -> None:
        """Refuse to write to one of the researcher's files, or where a transcript pattern
        would read what is written as a transcript."""
        resolved = path.resolve()
        if resolved in self.protected_paths():
            raise ConfigError(
                f"{path}: is one of the project's own files (a transcript, the config, the "
                "codebook, coding.yaml, condensation.yaml, themes.yaml, preconceptions.md, "
                f"stc.lock or the key); {option} never writes there: give another path"
            )
        # The output folder is never read for transcripts (``transcript_paths``).
        patterns = (
            [] if resolved.is_relative_to(self.output_dir.resolve()) else self.config.transcripts
        )
        for pattern in patterns:
            full = pattern if Path(pattern).is_absolute() else str(self.root.resolve() / pattern)
            if fnmatch.fnmatch(str(resolved), os.path.normpath(full)):
                raise ConfigError(
                    f"{path}: [transcripts] '{pattern}' would read it as a transcript; "
                    f"{option} never writes among the transcripts: give another path, e.g. "
                    "in out/"
                )

    def _check_folder(self, pattern: str) -> None:
        """A pattern that names a folder that does not exist is an error, with the folder
        beside it whose name is nearest."""
        found = _missing_folder(self.root, pattern)
        if found is None:
            return
        index, missing = found
        near = difflib.get_close_matches(
            missing.name, [p.name for p in _folders(missing.parent)], n=1
        )
        parts = list(Path(pattern).parts)
        hint = ""
        if near:
            parts[index] = near[0]
            hint = f"did you mean '{Path(*parts).as_posix()}'? "
        where = (
            f"'{_shown(missing, self.root)}' (paths are relative to {self.path.name})"
            if not Path(pattern).is_absolute()
            else f"'{missing}'"
        )
        raise ConfigError(
            f"{self.path}: [transcripts] '{pattern}' matches no file: there is no folder "
            f"{where}; {hint}correct the path"
        )

    def _check_no_link_loop(self, pattern: str, full: str) -> None:
        """An error for a link, in the folder a ``**`` pattern searches, to a folder that
        holds the link (transcripts/old -> ..): glob would follow it without end."""
        top = str(_pattern_folder(Path("."), full))
        try:
            status = os.stat(top)
        except OSError:
            return
        seen = {(status.st_dev, status.st_ino)}
        # Each folder's identity and those of the folders it was reached through, from the
        # root down: os.walk goes depth first, so a link back to one of them is a loop.
        above = {(s.st_dev, s.st_ino) for s in map(os.stat, Path(top).resolve().parents)}
        chain = {top: frozenset(seen | above)}
        output = self.output_dir.resolve()
        for current, folders, _ in os.walk(top, followlinks=True):
            # glob's ** enters no hidden folder, and stc never reads its output folder.
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            for name in list(folders):
                below = os.path.join(current, name)
                if Path(below).resolve() == output:
                    folders.remove(name)
                    continue
                try:
                    status = os.stat(below)
                except OSError:
                    folders.remove(name)
                    continue
                key = (status.st_dev, status.st_ino)
                if key in chain[current]:
                    raise ConfigError(
                        f"{_shown(Path(below), self.root)}: a link to a folder that holds it, "
                        f"so [transcripts] '{pattern}' would search it without end; remove the "
                        "link, or write the pattern without **"
                    )
                if key in seen:
                    folders.remove(name)  # reached before, through another link
                    continue
                seen.add(key)
                chain[below] = chain[current] | {key}

    def _unread_formats(self, patterns: list[str]) -> Path | None:
        """The first file of a format stc does not read (.doc, .rtf, .pdf) in the folders
        the patterns name."""
        for pattern in patterns:
            folder = _pattern_folder(self.root, pattern)
            if folder.is_dir():
                for path in sorted(folder.iterdir()):
                    hidden = path.name.startswith(".") or NOT_TRANSCRIPTS.match(path.name)
                    if path.suffix.lower() in UNREAD_FORMATS and not hidden:
                        return path
        return None

    def warn_unread(self) -> None:
        """Warn, once per command (``load_transcripts`` calls it), about what the transcript
        patterns do not read: a folder's other transcripts, files in formats stc does not
        read, a subfolder no pattern reaches, front matter misnamed beside its transcript."""
        found = set(self.transcript_paths())
        output = self.output_dir.resolve()
        empty = [
            p
            for p in self.config.transcripts
            if not glob.has_magic(p) and not (self.root / p).exists()
        ]
        for pattern in empty:
            log.warning(f"{self.path}: [transcripts] '{pattern}' matches no file")
        # Front matter beside a Word or subtitle file, misnamed: "informant-8.yaml" or
        # "informant-8.vtt.yml" for informant-8.vtt (it must be informant-8.vtt.yaml).
        beside = {p.stem: p for p in found if p.suffix.lower() not in (".txt", ".md")}
        beside |= {p.name: p for p in found if p.suffix.lower() not in (".txt", ".md")}
        read = {p.resolve() for p in found}  # a file reached through a link is read
        for folder in sorted({p.parent for p in found}):
            for other in sorted(folder.iterdir()):
                if other.name.startswith(".") or NOT_TRANSCRIPTS.match(other.name):
                    continue
                if (
                    other.suffix.lower() in TRANSCRIPT_SUFFIXES
                    and other.is_file()
                    and other.resolve() not in read
                ):
                    log.warning(
                        f"{other}: not read, no pattern under [transcripts] in {self.path.name} "
                        f"matches it; add e.g. '{_relative_glob(other, self.root)}'"
                    )
                elif other.suffix.lower() in UNREAD_FORMATS and other.is_file():
                    log.warning(_other_format(other))
                elif other.is_dir() and other.resolve() != output:
                    unread = [
                        p
                        for p in sorted(other.iterdir())
                        if p.suffix.lower() in TRANSCRIPT_SUFFIXES and p.resolve() not in read
                    ]
                    if unread:
                        log.warning(
                            f"{other}: not read, no pattern under [transcripts] reaches this "
                            f"folder ({', '.join(p.name for p in unread[:3])}"
                            f"{' …' if len(unread) > 3 else ''}); add e.g. "
                            f"'{_relative_glob(unread[0], self.root)}', or move it out if "
                            "it holds old versions"
                        )
                owner = beside.get(other.stem)
                if (
                    owner is not None
                    and other.suffix.lower() in (".yaml", ".yml")
                    and other.name != f"{owner.name}.yaml"
                ):
                    log.warning(
                        f"{other}: not read; the front matter of {owner.name} goes in a file "
                        f"named {owner.name}.yaml"
                    )

    def transcript_paths(self) -> list[Path]:
        """Every file the transcript globs match, sorted; an empty match is an error.

        A glob that matches nothing in an existing folder is fine while others match (a
        project need not hold every format); one that names a folder that does not exist is
        an error (a typo would leave interviews unread). What the globs leave unread beside
        the files they match is named by ``warn_unread``, once per command.
        """
        found: set[Path] = set()
        empty: list[str] = []
        output = self.output_dir.resolve()
        for pattern in self.config.transcripts:
            full = str(self.root / pattern) if not Path(pattern).is_absolute() else pattern
            if "**" in pattern:
                # glob follows links to folders: one to a folder above would make it walk
                # the same files again and again, without end.
                self._check_no_link_loop(pattern, full)
            matches = [Path(p) for p in glob.glob(full, recursive=True)]
            files = [p for p in matches if p.is_file()]
            # stc's own text/*.txt in the output folder are never read back as transcripts.
            matches = [p for p in files if not p.resolve().is_relative_to(output)]
            if files and not matches:
                raise ConfigError(
                    f"{self.path}: [transcripts] '{pattern}' matches only files inside the "
                    f"output folder '{self.config.output}', which stc replaces; keep "
                    "transcripts in a folder of their own, e.g. transcripts/"
                )
            if not matches:
                empty.append(pattern)
            found.update(matches)
        # One file reached twice (through a link to its folder) is one transcript.
        first: dict[Path, Path] = {}
        for p in sorted(found, key=lambda p: (len(p.parts), p)):
            first.setdefault(p.resolve(), p)
        found = set(first.values())
        # A transcript's front matter kept beside it (informant-8.vtt.yaml) is not one.
        found = {
            p for p in found if not (p.suffix.lower() == ".yaml" and p.with_name(p.stem) in found)
        }
        # Word's lock file beside an open document ("~$formant-7.docx"), and Windows' own files
        # a catch-all pattern meets: none is a transcript, and none can be "saved again".
        found = {p for p in found if not NOT_TRANSCRIPTS.match(p.name)}
        for p in sorted(found):
            try:
                p.name.encode("utf-8")
            except UnicodeEncodeError:
                shown = os.fsencode(p).decode("utf-8", "replace")
                raise ConfigError(
                    f"{shown}: the file name is not UTF-8 text (a zip file from an older system?); "
                    "rename the file, e.g. to informant-1.txt"
                ) from None
        for pattern in empty:
            folder = self.root / pattern
            if not glob.has_magic(pattern) and folder.is_dir():
                kinds = sorted(
                    {
                        p.suffix.lower()
                        for p in folder.iterdir()
                        if p.suffix.lower() in TRANSCRIPT_SUFFIXES
                    }
                ) or [".txt"]
                patterns = ", ".join(f"{pattern.rstrip('/')}/*{k}" for k in kinds)
                raise ConfigError(
                    f"{self.path}: [transcripts] '{pattern}' is a folder: give patterns for the "
                    f"files in it, e.g. transcripts: [{patterns}]"
                )
            # A mistyped folder ("transcript/*.txt") leaves interviews unread, and their
            # decisions in coding.yaml would then read as being about no transcript.
            self._check_folder(pattern)
        if not found:
            other_format = self._unread_formats(empty)
            if other_format:  # a folder of .doc files: say what to do with them
                raise ConfigError(
                    f"{_other_format(other_format)}, and check [transcripts] in {self.path.name}"
                )
            raise ConfigError(
                f"{self.path}: [transcripts] '{', '.join(empty)}' matches no file; put your "
                f"transcripts there ({', '.join(TRANSCRIPT_SUFFIXES)}), or check the path "
                f"(relative to {self.path.name}) and the file extension"
            )
        return sorted(found)


NOT_TRANSCRIPTS = re.compile(r"~\$.*|~wrl\d+\.tmp|thumbs\.db|desktop\.ini", re.IGNORECASE)


def _fixed_parts(pattern: str) -> list[str]:
    """The folders a pattern names before its first wildcard ("transcripts/*.txt": the one
    folder transcripts)."""
    return list(itertools.takewhile(lambda p: not glob.has_magic(p), Path(pattern).parts[:-1]))


def _pattern_folder(root: Path, pattern: str) -> Path:
    """The folder a pattern reads from: ``root`` joined with its folders before the first
    wildcard (an absolute pattern's own)."""
    return root.joinpath(*_fixed_parts(pattern))


def _missing_folder(root: Path, pattern: str) -> tuple[int, Path] | None:
    """The first folder a pattern names before its wildcards that does not exist, with the
    index of its part in the pattern; None when every such folder exists."""
    absolute = Path(pattern).is_absolute()
    folder = root if not absolute else Path(Path(pattern).anchor)
    for index, part in enumerate(_fixed_parts(pattern)):
        if absolute and index == 0:
            continue  # the anchor
        folder = folder / part
        if part not in ("..", ".") and not folder.is_dir():
            return index, folder
    return None


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _folders(path: Path) -> list[Path]:
    try:
        return sorted(p for p in path.iterdir() if p.is_dir())
    except OSError:
        return []


def _relative_glob(path: Path, root: Path) -> str:
    """A pattern that reads ``path`` and its like: the folder, and the extension as written
    (patterns are case-sensitive: "*.txt" does not read "P08.TXT")."""
    try:
        folder = path.parent.relative_to(root).as_posix()
    except ValueError:
        folder = path.parent.as_posix()
    return f"{folder}/*{path.suffix}" if folder != "." else f"*{path.suffix}"


# The formats stc.readers reads (a test keeps the two lists the same).
TRANSCRIPT_SUFFIXES = (".txt", ".md", ".docx", ".odt", ".vtt", ".srt")
# Formats a transcript folder often holds that stc does not read, and what to do instead.
UNREAD_FORMATS = {
    ".doc": "save it as .docx (in Word: File, Save As, Word Document)",
    ".rtf": "save it as .docx or as plain text (.txt, UTF-8)",
    ".pdf": "export the text as .docx or .txt from the program that made it",
    ".pages": "export it as .docx (in Pages: File, Export To, Word)",
    ".wpd": "save it as .docx",
}


def _other_format(path: Path) -> str:
    """That ``path``, in a format stc does not read, is not read, and what to do with it."""
    return (
        f"{path}: not read: stc reads {', '.join(TRANSCRIPT_SUFFIXES)}; "
        f"{UNREAD_FORMATS[path.suffix.lower()]}"
    )


# What stc writes (tables, reports, exports), never a config.
OUTPUT_SUFFIXES = (".csv", ".html", ".json", ".qdpx", ".qdc", ".xlsx")


def load_config(path: Path | str) -> Project:
    """Read and validate stc.yaml; every problem is reported at once."""
    path = Path(path)
    if path.is_dir():
        path = path / "stc.yaml"
    if path.is_file() and (
        path.suffix.lower() in OUTPUT_SUFFIXES or (path.parent / "manifest.json").is_file()
    ):  # out/report.md is an output, not a transcript
        raise ConfigError(
            f"{path}: one of stc's outputs, not a project's stc.yaml; point -c to the stc.yaml "
            "of the project that wrote it"
        )
    if path.suffix.lower() in TRANSCRIPT_SUFFIXES and path.is_file():
        raise ConfigError(
            f"{path}: a transcript, not a project's stc.yaml; point -c to the stc.yaml beside "
            "the transcripts folder"
        )
    data = read_yaml(path, ConfigError, missing=_missing_config_fix(path))
    _not_another_project_file(data, path)
    check_language_false(data, str(path), ConfigError)
    config = validate(Config, data, str(path), ConfigError)
    project = Project(config, path)
    check_output_folder(project)
    return project


def _not_another_project_file(data: object, path: Path) -> None:
    """One clear line when -c names another of the project's YAML files (the codebook,
    coding.yaml, condensation.yaml, themes.yaml), instead of five about missing keys."""
    if isinstance(data, dict) and ("transcripts" in data or "codebook" in data):
        return
    what = None
    if isinstance(data, list):
        what = "a list of decisions (coding.yaml)"
    elif isinstance(data, dict) and "groups" in data:
        groups = data["groups"]
        what = "a codebook" if isinstance(groups, list) else "condensation.yaml"
    elif isinstance(data, dict) and "themes" in data:
        what = "themes.yaml"
    elif isinstance(data, dict) and "versions" in data and "outputs" in data:
        raise ConfigError(
            f"{path}: the record of a run, not a project's stc.yaml; point -c to the stc.yaml "
            "beside it"
        )
    if what is not None:
        raise ConfigError(
            f"{path}: {what}, not a project's stc.yaml; point -c to the stc.yaml that names it"
        )


# How far up a missing stc.yaml is looked for: a project's own subfolders (transcripts/,
# transcripts/2024/), not every folder up to the root (a stray stc.yaml in the home folder).
MAX_LEVELS_UP = 3


def _missing_config_fix(path: Path) -> str:
    """What to do when ``path`` is no file: a project above the folder (a command run from
    its transcripts/ folder) is named, for `stc init` there would start a second project."""
    folder = path.resolve().parent
    for above in list(folder.parents)[:MAX_LEVELS_UP]:
        found = above / path.name
        if found.is_file():
            return (
                f"this folder ({folder}) is inside the project of {found}: run the command "
                f"there (cd {above}), or point to it with -c {found}"
            )
    below = sorted(folder.glob(f"*/{path.name}"))
    if len(below) == 1:  # run from the folder that holds the project's folder
        inside = Path(os.path.relpath(below[0].parent))
        quoted = shlex.quote(inside.as_posix())  # "Project A" as the shell needs it
        return (
            f"the project is in {inside.as_posix()}/: run the command there (cd {quoted}), or "
            f"point to it with -c {shlex.quote((inside / path.name).as_posix())}"
        )
    return "create one with `stc init`, or point to it with -c/--config"


def check_output_folder(project: Project) -> None:
    """The output folder may not overlap the inputs: stc would write among them.

    It may not be the project folder or a folder above it (``.``, ``..``, ``/``), and may not
    hold stc.yaml, the codebook, coding.yaml or condensation.yaml.
    """
    output = project.output_dir.resolve()
    root = project.root.resolve()
    where = f"{project.path}: [output] '{project.config.output}'"
    if output == root or output in root.parents:
        raise ConfigError(
            f"{where} is the project folder or a folder above it; stc would write among your "
            "transcripts and YAML files: use a folder of its own, e.g. output: out"
        )
    inputs = [
        project.path,
        project.codebook_path,
        project.coding_path,
        project.root / "condensation.yaml",
    ]
    for item in inputs:
        if item.resolve().is_relative_to(output):
            raise ConfigError(
                f"{where} holds {item.name}, a file you write; stc replaces what is in the "
                "output folder: use a folder of its own, e.g. output: out"
            )
    for pattern in project.config.transcripts:
        folder = _pattern_folder(root, pattern).resolve()
        if folder == output:  # (a pattern deeper in the output folder is said below)
            raise ConfigError(
                f"{where} holds the transcripts ('{pattern}'); stc replaces what is in the "
                "output folder: use a folder of its own, e.g. output: out"
            )
