"""The analysis trail: step 1 as the researcher recorded it, themes traced to categories, and
information power (Malterud, Siersma and Guassora 2016) with a saturation table.

Step 1 is the researcher's: ``themes.yaml`` (beside stc.yaml; ``themes:`` names another path)
holds the preliminary themes the total impression gave, and ``preconceptions.md`` the
preconceptions they brought. ``stc impression`` only suggests candidates
(``out/themes.draft.yaml``) and never writes either file.

```yaml
themes:
  - id: fellesskap
    label: Å ikke være alene
    description: Lettelsen over å møte andre i samme situasjon.
    date: 2024-03-04
    memo: Slått sammen med «å bli kjent igjen» etter andre gjennomlesning.   # optional
```

Counts come from confirmed units only. Saturation follows Guest, Namey and Chen (2020, PLoS ONE
15(5): e0232076): the unique codes of the first ``base`` interviews are the base; a run of
``run`` further interviews adds new information when the codes it brings for the first time,
divided by the base, exceed ``threshold``; saturation is reached at the end of the first run
that stays at or below it.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from stc.codebook import Codebook
from stc.errors import ConfigError
from stc.types import Transcript
from stc.yamlio import read_yaml, validate

DIMENSIONS = ("aim", "specificity", "theory", "dialogue", "analysis")


class Theme(BaseModel):
    """A preliminary theme from the total impression (step 1)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    label: str
    description: str = ""
    date: datetime.date | None = None
    memo: str = ""

    @field_validator("id", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value


class ThemesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    themes: list[Theme] = Field(default_factory=list)


def load_themes(path: Path) -> list[Theme] | None:
    """The researcher's preliminary themes; None when the file does not exist."""
    if not path.is_file():
        return None
    data = read_yaml(path, ConfigError)
    if data is None:
        return []
    themes = validate(ThemesFile, data, str(path), ConfigError).themes
    seen: set[str] = set()
    for i, theme in enumerate(themes):
        if theme.id in seen:
            raise ConfigError(
                f"{path}: [themes -> {i} -> id] '{theme.id}' is used twice; give each theme "
                "its own id"
            )
        seen.add(theme.id)
    return themes


def _body(text: str) -> str:
    """Markdown text without its headings, white space folded per paragraph."""
    kept = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    paragraphs = "\n".join(kept).split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def load_preconceptions(path: Path) -> str | None:
    """The preconceptions memo (headings and the prompt `stc init` wrote left out, whether
    the researcher wrote below it or after it on its line); None when missing, empty, or
    still the template."""
    if not path.is_file():
        return None
    from stc.scaffold import TEMPLATES

    prompts = {p for t in TEMPLATES.values() for p in _body(t.preconceptions).split("\n\n")}
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad's "UTF-8 with BOM" too
    except UnicodeDecodeError:
        raise ConfigError(
            f"{path}: not UTF-8 text; save it as UTF-8 (in Notepad or Word: Save as, "
            "encoding UTF-8)"
        ) from None
    kept = []
    for paragraph in _body(text).split("\n\n"):
        prompt = next((p for p in prompts if paragraph.startswith(p)), None)
        if prompt is not None:
            paragraph = paragraph[len(prompt) :].strip()
        if paragraph:
            kept.append(paragraph)
    return "\n\n".join(kept) or None


@dataclass(frozen=True)
class ThemeRow:
    """One preliminary theme and where it led: code groups, then result categories."""

    theme: str
    label: str
    groups: list[str]
    categories: list[str]


@dataclass(frozen=True)
class SaturationRow:
    """One interview in order: the codes it confirmed first, and the running totals."""

    order: int
    transcript: str
    codes: int
    pending: int  # suggestions nobody has reviewed: its codes are not all counted yet
    new: list[str]
    cumulative: int
    share: float | None  # new codes / all codes found by the end; None while some wait
    run_share: float | None  # Guest et al.: new codes in the run ending here / base codes


@dataclass
class Saturation:
    base: int
    run: int
    threshold: float
    rows: list[SaturationRow]
    base_codes: int
    reached_at: int | None  # the order of the interview that closes the first quiet run
    # How many interviews come first by a recorded order or date: None when all do, 0 when
    # none does (the table is by id).
    known: int | None = None

    @property
    def unreviewed(self) -> list[str]:
        """The interviews, up to the verdict's, whose suggestions are not all reviewed: until
        they are, a code they would bring is missing, and a quiet run may be an unread one."""
        last = self.reached_at or len(self.rows)
        return [r.transcript for r in self.rows[:last] if r.pending]

    def note(self, language: str) -> str:
        """What the table rests on and what it says, in one paragraph (report and .docx)."""
        from stc.wording import percent, phrase

        if len(self.rows) < self.base + self.run:
            needed = self.base + self.run
            return phrase(
                language,
                "saturation_too_few",
                needed=needed,
                base=self.base,
                run=self.run,
                n=len(self.rows),
            )
        note = "saturation_note"
        if self.known == 0:
            note = "saturation_note_by_id"
        elif self.known is not None:
            note = "saturation_note_partly"
        how = phrase(
            language,
            note,
            base=self.base,
            base_codes=self.base_codes,
            run=self.run,
            threshold=percent(self.threshold, language),
            known=self.known or 0,
        )
        if self.known is not None and (self.reached_at or len(self.rows)) > self.known:
            # Guest et al. read interviews in the order they were held: an order by name is
            # nobody's, and a point reached in it (or not reached) says nothing.
            verdict = phrase(language, "saturation_unordered")
        elif self.unreviewed:
            names = self.unreviewed
            verdict = phrase(
                language, "saturation_unreviewed", n=len(names), interviews=", ".join(names)
            )
        elif self.reached_at:
            verdict = phrase(language, "saturation_reached", n=self.reached_at)
        else:
            verdict = phrase(language, "saturation_not", n=len(self.rows))
        return f"{how} {phrase(language, 'saturation_codebook')} {verdict}"


@dataclass
class Trail:
    """Everything the report's analysis trail shows."""

    themes: list[Theme] | None
    preconceptions: str | None
    theme_rows: list[ThemeRow] = field(default_factory=list)
    categories_without_theme: list[str] = field(default_factory=list)
    # The codebook as a supervisor reads it: (code group, code, description); a group's own
    # row has no code.
    codebook: list[tuple[str, str, str]] = field(default_factory=list)
    saturation: Saturation | None = None
    information_power: list[tuple[str, str | None]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


ORDER_RULES = ("order", "date", "id")


def order_rule(transcript: Transcript) -> str:
    """What places an interview in the order they were held: its ``order`` attribute, else its
    ``date``, else its id."""
    return next(r for r in ORDER_RULES if r == "id" or r in transcript.attributes)


def interview_order(transcripts: Sequence[Transcript]) -> list[Transcript]:
    """Interviews in the order they were held (``order_rule``; by order, date, id in turn)."""

    def key(t: Transcript) -> tuple[int, Any, str]:
        rule = order_rule(t)
        if rule == "order":
            return (0, float(t.attributes["order"]), t.id)
        if rule == "date":
            return (1, str(t.attributes["date"]), t.id)
        return (2, "", t.id)

    return sorted(transcripts, key=key)


def saturation(
    codes_by_interview: Sequence[tuple[str, set[str]]],
    base: int = 4,
    run: int = 2,
    threshold: float = 0.05,
    pending: Mapping[str, int] | None = None,
) -> Saturation:
    """Codes first seen per interview (in order), and Guest et al.'s saturation point;
    ``pending``: the suggestions still waiting for review, by interview."""
    seen: set[str] = set()
    firsts: list[list[str]] = []
    for _, codes in codes_by_interview:
        new = sorted(codes - seen)
        seen |= codes
        firsts.append(new)
    total = len(seen)
    base_codes = len({c for _, codes in codes_by_interview[:base] for c in codes})
    rows = []
    cumulative = 0
    reached = None
    for i, ((transcript, codes), new) in enumerate(zip(codes_by_interview, firsts, strict=True)):
        cumulative += len(new)
        run_share = None
        window = codes_by_interview[i + 1 - run : i + 1]
        # A run with suggestions nobody has reviewed has no share yet: its new codes are not
        # all counted, and "0 %" would read as a quiet run.
        unread = any((pending or {}).get(t, 0) for t, _ in window)
        if i + 1 >= base + run and base_codes and not unread:
            brought = sum(len(f) for f in firsts[i + 1 - run : i + 1])
            run_share = brought / base_codes
            if reached is None and run_share <= threshold:
                reached = i + 1
        waiting = (pending or {}).get(transcript, 0)
        rows.append(
            SaturationRow(
                order=i + 1,
                transcript=transcript,
                codes=len(codes),
                pending=waiting,
                new=new,
                cumulative=cumulative,
                # Suggestions waiting here: its new codes are not all counted ("0 %" read as
                # an interview that brought nothing).
                share=None if waiting else len(new) / total if total else 0.0,
                run_share=run_share,
            )
        )
    return Saturation(base, run, threshold, rows, base_codes, reached)


def theme_table(
    themes: Sequence[Theme], codebook: Codebook, headings: dict[str, str]
) -> tuple[list[ThemeRow], list[str]]:
    """Each theme → the code groups that name it → their result categories (``headings`` by
    group id, only groups that became categories), and the categories no theme led to."""
    by_theme: dict[str, list[str]] = {t.id: [] for t in themes}
    labels = {t.label: t.id for t in themes}
    traced: set[str] = set()
    for group in codebook.groups:
        for name in group.themes:
            theme_id = name if name in by_theme else labels.get(name)
            if theme_id is not None:
                by_theme[theme_id].append(group.id)
                traced.add(group.id)
    group_labels = {g.id: g.label for g in codebook.groups}
    rows = [
        ThemeRow(
            theme=t.id,
            label=t.label,
            groups=[group_labels[g] for g in by_theme[t.id]],
            categories=[headings[g] for g in by_theme[t.id] if g in headings],
        )
        for t in themes
    ]
    orphan_categories = [h for g, h in headings.items() if g not in traced]
    return rows, orphan_categories


def unknown_themes(themes: Sequence[Theme], codebook: Codebook) -> list[tuple[str, str]]:
    """(group id, name) for every theme a code group names that themes.yaml has neither as
    an id nor as a label: a typo that would leave the group's category untraced."""
    known = {t.id for t in themes} | {t.label for t in themes}
    return [(g.id, name) for g in codebook.groups for name in g.themes if name not in known]


def _day(value: object) -> datetime.date | None:
    """A ``date`` attribute as a day: YAML gives a date, a datetime, or a quoted string."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _themes_before_interviews(
    themes: Sequence[Theme], transcripts: Sequence[Transcript], language: str
) -> list[str]:
    """Themes dated before the last interview: the total impression reads all the material,
    so either the date is wrong or the theme grew as interviews came in (a memo says so)."""
    from stc.wording import phrase

    held = [(day, t.id) for t in transcripts if (day := _day(t.attributes.get("date")))]
    if not held:
        return []
    last, interview = max(held)
    return [
        phrase(
            language,
            "theme_before_interviews",
            label=t.label,
            date=t.date.isoformat(),
            interview=interview,
            held=last.isoformat(),
        )
        for t in themes
        if t.date is not None and t.date < last and not t.memo
    ]


def build_trail(
    project: Any,
    codebook: Codebook,
    headings: dict[str, str],
    confirmed: Sequence[tuple[str, Sequence[str]]],
    transcripts: Sequence[Transcript],
    language: str,
    pending: Mapping[str, int] | None = None,
) -> Trail:
    """The analysis trail of a project.

    ``headings`` are the result categories by code group id; ``confirmed`` is (transcript id,
    confirmed code ids) per unit; ``pending`` the suggestions nobody has reviewed, by
    transcript id.
    """
    from stc.wording import phrase

    config = project.config
    themes = load_themes(project.resolve(config.themes))
    trail = Trail(themes, load_preconceptions(project.resolve(config.preconceptions)))
    for group in codebook.groups:
        trail.codebook.append((group.label, "", " ".join(group.description.split())))
        trail.codebook += [("", c.label, " ".join(c.description.split())) for c in group.codes]
    if themes is not None:
        trail.theme_rows, trail.categories_without_theme = theme_table(themes, codebook, headings)
        if themes and not 4 <= len(themes) <= 8:
            trail.warnings.append(phrase(language, "themes_count", n=len(themes)))
        trail.warnings.extend(_themes_before_interviews(themes, transcripts, language))
    codes: dict[str, set[str]] = {t.id: set() for t in transcripts}
    for transcript_id, code_ids in confirmed:
        codes.setdefault(transcript_id, set()).update(code_ids)
    ordered = [(t.id, codes.get(t.id, set())) for t in interview_order(transcripts)]
    rules = Counter(order_rule(t) for t in transcripts)
    if rules["id"] and len(rules) > 1:
        # Some interviews have no known order: the saturation table puts them last, by id,
        # an order nobody chose.
        by_order, by_date = rules["order"], rules["date"]
        trail.warnings.append(
            phrase(
                language,
                "order_partial",
                known=by_order + by_date,
                total=len(transcripts),
                order=by_order,
                date=by_date,
                unknown=", ".join(t.path.name for t in transcripts if order_rule(t) == "id"),
            )
        )
    settings = config.saturation
    trail.saturation = saturation(ordered, settings.base, settings.run, settings.threshold, pending)
    if rules["id"]:
        trail.saturation.known = len(transcripts) - rules["id"]
    power = config.information_power
    trail.information_power = [(name, getattr(power, name)) for name in DIMENSIONS]
    return trail
