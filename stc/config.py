"""stc.yaml: the one file an analysis is reproduced from.

Every path in it is relative to the file itself, so a project folder can move.
"""

from __future__ import annotations

import glob
import logging
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from stc.anonymize.settings import AnonymizeSettings
from stc.errors import ConfigError
from stc.yamlio import read_yaml, validate

log = logging.getLogger("stc")

LANGUAGES: dict[str, str] = {
    "nb": "Norwegian Bokmål",
    "nn": "Norwegian Nynorsk",
    "da": "Danish",
    "sv": "Swedish",
    "en": "English",
    "de": "German",
}

DEFAULT_INTERVIEWER = ["I", "Q", "Int", "Intervjuer", "Interviewer", "Intervjuare", "Moderator"]


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


class Config(_Strict):
    """The parsed stc.yaml. ``root`` is the folder paths are relative to."""

    title: str = ""
    language: str
    model: str | None = None
    transcripts: list[str]
    codebook: str
    coding: str = "coding.yaml"
    # Whose decisions in coding.yaml the report uses; default: the only coder there.
    coder: str | None = None
    speakers: Speakers = Field(default_factory=Speakers)
    units: Units = Field(default_factory=Units)
    output: str = "out"
    anonymize: AnonymizeSettings = Field(default_factory=AnonymizeSettings)
    report: ReportSettings = Field(default_factory=ReportSettings)

    @field_validator("transcripts", mode="before")
    @classmethod
    def _glob_list(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("transcripts")
    @classmethod
    def _not_empty(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("list at least one transcript path or glob, e.g. transcripts/*.txt")
        return value

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
        return self.root / relative

    @property
    def codebook_path(self) -> Path:
        return self.resolve(self.config.codebook)

    @property
    def coding_path(self) -> Path:
        return self.resolve(self.config.coding)

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

    def transcript_paths(self) -> list[Path]:
        """Every file the transcript globs match, sorted; an empty match is an error."""
        found: set[Path] = set()
        empty: list[str] = []
        for pattern in self.config.transcripts:
            full = str(self.root / pattern) if not Path(pattern).is_absolute() else pattern
            matches = [Path(p) for p in glob.glob(full, recursive=True)]
            matches = [p for p in matches if p.is_file()]
            if not matches:
                empty.append(pattern)
            found.update(matches)
        if not found:
            raise ConfigError(
                f"{self.path}: [transcripts] '{', '.join(empty)}' matches no file; "
                f"check the path (relative to {self.path.name}) and the file extension"
            )
        for pattern in empty:
            log.warning(f"{self.path}: [transcripts] '{pattern}' matches no file")
        return sorted(found)


def load_config(path: Path | str) -> Project:
    """Read and validate stc.yaml; every problem is reported at once."""
    path = Path(path)
    if path.is_dir():
        path = path / "stc.yaml"
    data = read_yaml(
        path,
        ConfigError,
        missing="create one with `stc init`, or point to it with -c/--config",
    )
    config = validate(Config, data, str(path), ConfigError)
    return Project(config, path)
