"""STC step 4, synthesis: the results report a supervisor reads, as data.

``build_report`` reads what step 2 wrote (``meaning_units.csv``, ``coverage.csv``,
``matrix.csv``, ``text/``), the codebook and ``condensation.yaml``, and returns the report as
data; ``stc.render`` turns it into ``report.md`` and ``report.html`` (Jinja2 templates).

Every count, quantifier and quote rests on the deciding coder's confirmed codes (accepted or
added); suggestions nobody has reviewed are reported as a number, never as evidence, and the
report says it is a draft while any remain or any condensate is a draft. Every quote is checked
verbatim against ``text/<id>.txt``; a golden quote or quote that is not a confirmed unit of its
code stops the report with an error naming the entry and the fix.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from stc.codebook import Codebook, load_codebook
from stc.condensation_model import CodeEntry, Condensation, still_drafted
from stc.condense import condensate_findings, condensation_path, load_condensation
from stc.config import Project
from stc.corpus import load_transcripts
from stc.decisions import entry_at, fold_marks, reason_key
from stc.errors import StcError
from stc.nlp import Pipeline, load_pipeline
from stc.trail import Trail, build_trail
from stc.types import Transcript
from stc.units import main_line
from stc.wording import (
    LANGUAGE_NAMES,
    claim_holds,
    listed,
    number,
    orphan_line,
    percent,
    phrase,
    quantifier_phrases,
)
from stc.wording import quote as quoted

STOP_WORDS_EXTRA = {"og", "om", "i", "på", "av", "med", "til", "for", "de", "den", "det"}
MAX_QUOTES = 3
# Malterud: a code group sorts into 2–3 subgroups; more is a warning, not an error.
MAX_SUBGROUPS = 3
# A quote that opens with one of these leans on what came before it.
LEANING = {
    "nb": ("men", "og så", "og", "så", "det", "den", "de", "han", "hun", "dette", "der"),
    "nn": ("men", "og så", "og", "så", "det", "den", "dei", "han", "ho", "dette", "der"),
    "da": ("men", "og så", "og", "så", "det", "den", "de", "han", "hun", "dette", "der"),
    "sv": ("men", "och så", "och", "så", "det", "den", "de", "han", "hon", "detta", "där"),
    "en": ("but", "and then", "and", "so", "it", "that", "this", "they", "he", "she", "there"),
    "de": ("aber", "und dann", "und", "also", "es", "das", "die", "er", "sie", "dies", "da"),
}

# "Det er rart å si, …": a pronoun that points forward, to an infinitive or a clause later in
# the sentence (the pronoun, "is"/"was", and what follows within a few words), leans on nothing.
FORWARD = {
    "nb": ("det", ("er", "var"), ("å", "at")),
    "nn": ("det", ("er", "var"), ("å", "at")),
    "da": ("det", ("er", "var"), ("at",)),
    "sv": ("det", ("är", "var"), ("att",)),
    "en": ("it", ("is", "was"), ("to", "that")),
    "de": ("es", ("ist", "war"), ("zu", "dass")),
}
FORWARD_REACH = 6  # words after "is"/"was" in which the infinitive or clause must come

# The word that opens a turn's next sentence when the participant turns against what they
# just said: a quote cut before it may say the opposite of the turn.
CONTRAST = {"nb": "men", "nn": "men", "da": "men", "sv": "men", "en": "but", "de": "aber"}


class SynthesisError(StcError):
    """The report cannot be built, or it failed its validation."""


# What step 4 writes: when it fails, the report of an earlier run no longer says what the
# project holds, and is removed rather than left to be read as the current one.
REPORT_FILES = ("report.md", "report.html", "traceability.csv")


def remove_stale_report(outdir: Path) -> None:
    """Remove step 4's files from ``outdir`` after step 4 failed, saying so."""
    gone = [outdir / name for name in REPORT_FILES if (outdir / name).is_file()]
    for path in gone:
        path.unlink()
    if gone:
        logging.getLogger("stc").warning(
            f"{', '.join(str(p) for p in gone)}: removed, as step 4 failed and they no longer "
            "match the project; they come back with the next run that passes"
        )


@dataclass(frozen=True)
class UnitRow:
    """A unit as step 2 wrote it: its confirmed codes, pending suggestions and voice."""

    id: str
    transcript: str
    participant: str
    line_start: int
    line_end: int
    char_start: int
    char_end: int
    codes: tuple[str, ...]
    text: str
    suggested: tuple[str, ...] = ()
    voice: str = ""
    accepted: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()

    @property
    def lines(self) -> str:
        if self.line_start == self.line_end:
            return str(self.line_start)
        return f"{self.line_start}\u2013{self.line_end}"


@dataclass(frozen=True)
class Context:
    """Where a quote stands: the interviewer's question before it and the whole turn."""

    question: str | None
    question_line: int | None
    between: tuple[tuple[str, int, str], ...]  # other turns after the question: speaker, line
    speaker: str
    turn_line: int
    before: str
    quote: str
    after: str


@dataclass(frozen=True)
class Quote:
    unit: UnitRow
    context: Context | None
    left_out: str = ""  # the transcription marks that opened the unit, left out of the quote


@dataclass
class Subgroup:
    """A code (subgroup) of a category, with what the report shows of it."""

    code_id: str
    label: str
    units: list[UnitRow]
    participants: list[str]  # those whose units hold the main line: a dissent is not support
    quotes: list[Quote]
    golden_id: str | None
    condensate: str | None
    status: str
    text: str = ""
    dissent: list[Quote] = field(default_factory=list)
    pending: int = 0
    waiting: int = 0  # participants whose suggestions for this code still wait
    drafted: bool = False  # the condensate is stc's draft word for word (stale or not)

    @property
    def golden(self) -> UnitRow | None:
        return self.quotes[0].unit if self.quotes and self.golden_id else None

    @property
    def voices(self) -> list[str]:
        """The participants who speak against the main line (``voice: dissent``) and hold it
        in none of their units here: one who does both is counted once, as support."""
        return sorted({q.unit.participant for q in self.dissent} - set(self.participants))


@dataclass
class Category:
    """A result category (code group)."""

    group_id: str
    heading: str
    analytic_text: str
    analytic_is_draft: bool
    subgroups: list[Subgroup]
    # Codes of the group with suggestions waiting and no confirmed unit: (label, suggestions).
    unreviewed: list[tuple[str, int]] = field(default_factory=list)

    @property
    def participants(self) -> list[str]:
        return sorted({p for s in self.subgroups for p in s.participants})

    @property
    def units(self) -> list[UnitRow]:
        return sorted({u.id: u for s in self.subgroups for u in s.units}.values(), key=_order)


@dataclass(frozen=True)
class Finding:
    level: str  # "error" | "warning"
    text: str
    claim: bool = False  # a claim of the researcher's text that the coding contradicts
    condensate: str = ""  # the code whose condensate is not as the method has it


@dataclass(frozen=True)
class TranscriptLines:
    """A transcript for the appendix: numbered lines, front matter left out unless asked."""

    id: str
    lines: list[tuple[int, str]]


@dataclass
class Report:
    """Everything the results report says, in the project's language."""

    title: str
    language: str
    facts: dict[str, str | int]
    steps: list[str]
    categories: list[Category]
    matrix: pd.DataFrame
    coverage: pd.DataFrame
    findings: list[Finding]
    texts: dict[str, str] = field(default_factory=dict)
    transcripts: list[TranscriptLines] = field(default_factory=list)
    draft_reasons: list[str] = field(default_factory=list)
    reviewed: str = ""
    everyone: list[str] = field(default_factory=list)  # every participant's id, sorted
    # With focus groups (a transcript with several participants): how many transcripts there
    # are, so that "N of M participants" says how many groups they come from too.
    groups_total: int = 0
    trail: Trail | None = None
    agreement: dict[str, Any] | None = None  # stc.agree.agreement_section, when asked for

    @property
    def participants_total(self) -> int:
        return len(self.everyone)

    @property
    def draft(self) -> bool:
        return bool(self.draft_reasons)

    @property
    def to_check(self) -> list[str]:
        """What the researcher should check before the report goes out, said at its top: the
        claims of their texts the coding may not bear out, and the condensates not as the
        method has them (each once, whatever it fails)."""
        said = []
        if claims := sum(1 for f in self.findings if f.claim):
            said.append(self.t("check_claims", n=claims))
        if condensates := len({f.condensate for f in self.findings if f.condensate}):
            said.append(self.t("check_condensates", n=condensates))
        return said

    @property
    def running_title(self) -> str:
        """The title every printed page and the Word header carry: a draft, or a report that
        failed its validation, says so."""
        if self.errors:
            return f"{self.t('failed')}: {self.title}"
        return f"{self.t('draft_stamp')}: {self.title}" if self.draft else self.title

    @property
    def validated(self) -> str:
        """The validation's verdict, and, when a quote left out the marks that opened its unit,
        that it did (with the first such mark)."""
        said = phrase(self.language, "validation_ok")
        left_out = dict.fromkeys(  # each mark once, in the order the report quotes them
            quote.left_out
            for category in self.categories
            for sub in category.subgroups
            for quote in (*sub.quotes, *sub.dissent)
            if quote.left_out
        )
        if not left_out:
            return said
        marks = ", ".join(quoted(mark, self.language) for mark in left_out)
        return f"{said} {phrase(self.language, 'quote_marks', mark=marks)}"

    @property
    def draft_condensates(self) -> bool:
        """Whether a condensate shown is still stc's draft (the participants' sentences)."""
        return any(
            s.status == "draft" and s.condensate for c in self.categories for s in c.subgroups
        )

    @property
    def errors(self) -> list[str]:
        return [f.text for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[str]:
        return [f.text for f in self.findings if f.level == "warning"]

    def t(self, key: str, /, **values: object) -> str:
        return phrase(self.language, key, **values)

    def marks(self, sub: Subgroup) -> list[str]:
        """What a reader must know where a subgroup stands, not only at the report's top: its
        condensate is stale, or suggestions for its code still wait."""
        found = [self.t("sub_stale")] if sub.condensate and sub.status == "stale" else []
        if sub.pending:
            found.append(
                self.t(
                    "sub_pending", n=sub.pending, waiting=sub.waiting, total=self.participants_total
                )
            )
        if sub.quotes and not sub.golden_id:  # with no quote at all, the template says so
            found.append(self.t("no_golden"))
        return found

    def rests_on(self, sub: Subgroup) -> str:
        """What a subgroup rests on: its participants, and its other voices apart."""
        # Numbers, never a quantifier alone: a supervisor checks them against the table.
        n, total = len(sub.participants), self.participants_total
        groups = ""
        if self.groups_total:  # focus groups: how many of them the participants come from
            k = len({u.transcript for u in main_line(sub.units)})
            groups = self.t("rests_on_groups", k=k, n=self.groups_total)
        if sub.voices:
            return self.t(
                "rests_on_voices", n=n, total=total, voices=len(sub.voices), groups=groups
            )
        # That N may grow, while suggestions wait, is said by the subgroup's mark below it.
        return self.t("rests_on", n=n, total=total, groups=groups)

    def who(self, participants: Sequence[str]) -> str:
        """Who a category or subgroup rests on, as a reader takes it in: "all 8", "all but
        informant-2" when few are missing, else the participants themselves."""
        missing = [p for p in self.everyone if p not in set(participants)]
        if len(self.everyone) > 1 and not missing:
            return self.t("who_all", n=len(self.everyone))
        if self.everyone and len(missing) < len(participants) and len(missing) <= 2:
            return self.t("who_all_but", names=listed(missing, self.language))
        return ", ".join(participants)

    def category_marks(self, category: Category) -> list[str]:
        """What a reader must know where a category stands: a code of it still wholly
        unreviewed (it would be missing without a word), and a text that rests on a stale
        condensate."""
        found = [
            self.t("code_unreviewed", label=quoted(label, self.language), n=n)
            for label, n in category.unreviewed
        ]
        stale = [s.label for s in category.subgroups if s.condensate and s.status == "stale"]
        if stale and not category.analytic_is_draft:
            labels = ", ".join(quoted(label, self.language) for label in stale)
            found.append(self.t("category_stale", labels=labels, n=len(stale)))
        return found


def _order(unit: UnitRow) -> tuple[str, int, int, str]:
    return (unit.transcript, unit.char_start, unit.char_end, unit.id)


def _ids(cell: str) -> tuple[str, ...]:
    return tuple(c for c in cell.split(";") if c)


def read_units(outdir: Path) -> list[UnitRow]:
    """The units step 2 wrote; missing output means step 2 has not run."""
    path = outdir / "meaning_units.csv"
    if not path.is_file():
        raise SynthesisError(
            f"{path}: no coding yet; run `stc code` (step 2) first, or `stc run` for all steps"
        )
    try:
        # The csv module, not pandas: a row per unit at a million words, read as text.
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        return [
            UnitRow(
                id=row["unit_id"],
                transcript=row["transcript"],
                participant=row["participant"],
                line_start=int(row["line_start"]),
                line_end=int(row["line_end"]),
                char_start=int(row["char_start"]),
                char_end=int(row["char_end"]),
                codes=_ids(row["codes"]),
                text=row["text"],
                suggested=_ids(row["suggested"]),
                voice=row["voice"],
                accepted=_ids(row["accepted"]),
                added=_ids(row["added"]),
                rejected=_ids(row["rejected"]),
            )
            for row in rows
        ]
    except (KeyError, ValueError, TypeError, AttributeError, csv.Error) as exc:
        raise SynthesisError(
            f"{path}: not a meaning_units.csv written by this stc ({exc}); run `stc code` again"
        ) from None


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise SynthesisError(f"{path}: missing; run `stc code` (step 2) again")
    # Ids stay text: a participant "001" must not become the number 1.
    return pd.read_csv(
        path, keep_default_na=False, dtype={"participant": str, "transcript": str, "code": str}
    )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _all_lemmas(texts: Sequence[str], pipeline: Pipeline) -> list[set[str]]:
    """Each text's content lemmas, the texts parsed in one batch."""
    stop = pipeline.nlp.Defaults.stop_words | STOP_WORDS_EXTRA
    return [
        {
            (t.lemma_ or t.lower_).lower()
            for t in doc
            if t.is_alpha and len(t) >= 3 and t.lower_ not in stop
        }
        for doc in pipeline.nlp.pipe(texts, batch_size=256)
    ]


LEMMA_CACHE = "questions.lemmas"


def _cached_lemmas(texts: Sequence[str], pipeline: Pipeline, cache: Path | None) -> list[set[str]]:
    """``_all_lemmas``, kept in the parse cache (``questions.lemmas``) for the texts of the
    last report: a report whose questions and headings are unchanged neither loads the
    pipeline nor parses them. Keyed by the pipeline and stc's own source."""
    if cache is None:
        return _all_lemmas(texts, pipeline)
    import msgpack

    from stc.nlp import write_cache_file
    from stc.reuse import source_fingerprint

    key = f"{pipeline.fingerprint}|{source_fingerprint()}"
    path = cache / LEMMA_CACHE
    known: dict[str, list[str]] = {}
    try:
        data = msgpack.unpackb(path.read_bytes(), raw=False)
        if isinstance(data, dict) and data.get("key") == key:
            known = {str(t): [str(x) for x in lemmas] for t, lemmas in data["lemmas"].items()}
    except Exception:  # no file, or a damaged or foreign one: only a miss
        known = {}
    wanted = list(dict.fromkeys(texts))
    missing = [t for t in wanted if t not in known]
    if missing:
        known.update(
            (t, sorted(found))
            for t, found in zip(missing, _all_lemmas(missing, pipeline), strict=True)
        )
    kept = {t: known[t] for t in sorted(wanted)}
    if missing or len(kept) != len(known):
        packed = msgpack.packb({"key": key, "lemmas": kept}, use_bin_type=True)
        write_cache_file(path, bytes(packed))
    return [set(kept[t]) for t in texts]


def _mirrored_questions(
    labels: Sequence[str],
    transcripts: Sequence[Transcript],
    pipeline: Pipeline,
    cache: Path | None = None,
) -> list[tuple[str, str, str, int]]:
    """Category labels whose content words all stand in one interviewer question.

    Returns (label, question, transcript, line), one per label, its first such question.
    Lemmas are kept in ``cache`` (``_cached_lemmas``) when one is given.
    """
    if not labels:
        return []
    asked = [
        (" ".join(transcript.text[turn.start : turn.end].split()), transcript.id, turn.line)
        for transcript in transcripts
        for turn in transcript.turns
        if turn.role == "interviewer"
    ]
    # Headings and questions in one batch: one cache entry, one pipeline load at most.
    lemmas = _cached_lemmas([*labels, *(q[0] for q in asked)], pipeline, cache)
    labels_wanted = [(label, w) for label, w in zip(labels, lemmas, strict=False) if w]
    if not labels_wanted:
        return []
    questions = [
        (text, transcript_id, line, said)
        for (text, transcript_id, line), said in zip(asked, lemmas[len(labels) :], strict=True)
    ]
    # A verb of telling or thinking is in every question ("Kan du fortelle om …"): a label
    # whose only content word is one ("Det ingen fortalte dem") mirrors none of them.
    from stc.impression import TALK_WORDS

    talk = TALK_WORDS.get(pipeline.language, frozenset())
    found = []
    for label, wanted in labels_wanted:
        if wanted <= talk:
            continue
        if len(wanted) < 2 and len(re.findall(r"\w+", label)) >= 3:
            # One content word of a longer label («Livet ved siden af»: "liv") is in many a
            # question ("Så det sociale liv?"); the label as a whole is not.
            continue
        for text, transcript_id, line, said in questions:
            if wanted <= said:
                found.append((label, text, transcript_id, line))
                break
    return found


def _context(unit: UnitRow, transcripts: dict[str, Transcript]) -> Context | None:
    """The interviewer's question before a unit and the whole turn around it."""
    transcript = transcripts.get(unit.transcript)
    if transcript is None:
        return None
    turn = next(
        (t for t in transcript.turns if t.start <= unit.char_start and unit.char_end <= t.end),
        None,
    )
    if turn is None:
        return None
    at = transcript.turns.index(turn)
    asked = next(
        (i for i in range(at - 1, -1, -1) if transcript.turns[i].role == "interviewer"), None
    )
    question = transcript.turns[asked] if asked is not None else None
    text = transcript.text
    # In a focus group others may answer first, and the quote answers them: their turns since
    # the question, the last few of them.
    first = asked + 1 if asked is not None else at
    shown = transcript.turns[max(first, at - MAX_BETWEEN) : at]
    between = tuple(
        (t.speaker or "?", t.line, " ".join(text[t.start : t.end].split())) for t in shown
    )
    if at - first > MAX_BETWEEN:  # more turns than shown: say so, not a seamless answer
        between = (("…", shown[0].line, "…"), *between)
    return Context(
        question=" ".join(text[question.start : question.end].split()) if question else None,
        question_line=question.line if question else None,
        between=between,
        speaker=turn.speaker,
        turn_line=turn.line,
        before=" ".join(text[turn.start : unit.char_start].split()),
        quote=" ".join(text[unit.char_start : unit.char_end].split()),
        after=" ".join(text[unit.char_end : turn.end].split()),
    )


MAX_BETWEEN = 3


# Transcription marks in brackets that open a text: "(ler)", "[pause]", "(lang pause)" (one to
# thirty characters, no sentence inside). The sentencizer gives a mark between two sentences to
# the second, and a mark that ends a turn makes a "sentence" of its own.
OPENING_MARKS = re.compile(r"(?:\s*[(\[][^()\[\]\n.!?]{1,30}[)\]])+\s*")


def quoted_part(unit: UnitRow) -> tuple[UnitRow, str]:
    """The unit as a quote shows it, and the marks left out: without the transcription marks
    that open it, and cited from the line where the participant's words begin. The rest is the
    transcript's text, so the quote is still verbatim. (A quote would otherwise open with the
    laugh that ended the sentence before, and cite that sentence's line.)"""
    mark = OPENING_MARKS.match(unit.text)
    if mark is None or mark.end() == len(unit.text) or len(mark.group().split()) > 4:
        return unit, ""
    cut = mark.end()
    shown = replace(
        unit,
        text=unit.text[cut:],
        char_start=unit.char_start + cut,
        line_start=unit.line_start + unit.text.count("\n", 0, cut),
    )
    return shown, " ".join(mark.group().split())


def _quote(unit: UnitRow, transcripts: dict[str, Transcript]) -> Quote:
    shown, left_out = quoted_part(unit)
    return Quote(shown, _context(shown, transcripts), left_out)


def _turns_against(context: Context | None, language: str) -> str | None:
    """The rest of the turn after a quote, when it opens by turning against it ("Men …")."""
    after = context.after if context else ""
    first = after.split(maxsplit=1)[0].strip(",.;:!?…") if after else ""
    if first.casefold() == CONTRAST.get(language, CONTRAST["en"]):
        words = after.split()
        return " ".join(words[:12]) + (" …" if len(words) > 12 else "")
    return None


def _leaning_word(text: str, language: str) -> str | None:
    words = text.split()
    lowered = [w.strip(".,;:!?…«»\"'()").lower() for w in words[: 2 + FORWARD_REACH]]
    pronoun, verbs, markers = FORWARD.get(language, FORWARD["en"])
    forward = any(w in markers for w in lowered[2:])
    if lowered[:1] == [pronoun] and lowered[1:2] and lowered[1] in verbs and forward:
        return None
    for lead in LEANING.get(language, LEANING["en"]):
        parts = lead.split()
        if lowered[: len(parts)] == parts:
            return " ".join(words[: len(parts)]).strip(".,;:!?…«»\"'()")
    return None


def check_quantifiers(
    text: str,
    n: int,
    total: int,
    language: str,
    label: str,
    groups: bool = False,
    parts: Sequence[int] = (),
) -> list[str]:
    """Warnings for quantifier words in the researcher's text that n of total contradicts.

    ``parts``: how many participants each subgroup of a category rests on. A category's text
    speaks of its subgroups too ("Only one described a ritual"): a claim one of them bears
    out is not flagged.

    Each sentence makes one claim about the participants: its first quantifier phrase
    (``quantifier_phrases``). A quantifier later in it is most often about someone else, or
    about a part of them ("Most felt that nobody understood them", "…; only one of them").
    With ``groups`` (focus groups), a quantifier of groups ("in all three focus groups") is
    passed over: the participants' count cannot check it.
    """
    found = []
    pattern, claims = quantifier_phrases(language)
    for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
        for match in pattern.finditer(sentence.lower()):
            word = match.group(0)
            claim = claims[word]
            if not claim:
                continue  # an idiom, no claim («at all», «i alle fall»)
            rest = sentence.lower()[match.end() :]
            if THING_NOUN.match(rest) or (groups and _about_groups(rest)):
                continue  # «In all three focus groups …», «all the wards»: not about people
            if claim == "none" and n == total:
                break  # «None of them felt understood» under a code all of them support:
                # the sentence says the code's content negated, and agrees with the count
            if not any(claim_holds(claim, k, total) for k in (n, *parts)):
                found.append(
                    phrase(
                        language,
                        "quantifier_mismatch",
                        word=word,
                        sentence=sentence,
                        label=label,
                        n=n,
                        total=total,
                    )
                )
            break
    return found


# Nouns after a quantifier that make the claim one about groups (focus groups, sessions), which
# the participants' count cannot check.
_NUMBER = r"(?:(?:two|three|four|five|six|to|tre|fire|fem|seks|två|fyra|zwei|drei|vier|\d+)\s+)?"
_GROUPS = r"(?:(?:focus\s+)?groups|sessions|(?:fokus)?grupp(?:er|ene|ane|erne|erna|en))"
# «every group», «hver gruppe» (not «group members»); «of the group» is its people.
_GROUP = r"(?:(?:focus\s+)?group(?!\s+members?\b)|session|(?:fokus)?grupp(?:e)?)"
GROUP_NOUN = re.compile(rf"^\s+(?:(?:(?:of\s+)?the\s+)?{_NUMBER}{_GROUPS}|{_GROUP})\b")


# Nouns after a quantifier that make the claim one about places and times, never about the
# participants ("all the wards", «alle dagene», «alla mötena»), in any study.
_THINGS = (
    r"(?:wards?|units?|departments?|days?|weeks?|nights?|meetings?|sessions?|appointments?"
    r"|avdeling(?:er|ene|ar|ane)|afdeling(?:er|erne)|avdelning(?:ar|arna)"
    r"|dag(?:er|ene|ar|ane|arna|e|ene)|uk(?:er|ene)|vek(?:er|ene|or|orna)|uger(?:ne)?"
    r"|m\u00f8ter?(?:ne)?|m\u00f8der(?:ne)?|m\u00f6ten(?:a)?|samling(?:er|ene|ar|ane)"
    r"|tim(?:er|ene|ane)|stationen|tage|sitzungen|treffen"
    r"|shifts?|hospitals?|n\u00e6tter(?:ne)?|netter(?:ne)?|n\u00e4tter(?:na)?"
    r"|vagt(?:er|erne)?|vakt(?:er|ene|erna)?|hospital(?:er|erne|ene)"
    r"|sykehus(?:ene)?|sjukhus(?:en)?)"
)
THING_NOUN = re.compile(rf"^\s+(?:(?:of|af|av)\s+)?(?:the\s+)?{_NUMBER}{_THINGS}\b")


def _about_groups(rest: str) -> bool:
    return GROUP_NOUN.match(rest) is not None


def _appendix(transcript_id: str, text: str, attributes: bool) -> TranscriptLines:
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()  # the newline ends the last line; it does not open another
    numbered = list(enumerate(lines, 1))
    if not attributes and lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            numbered = numbered[end + 1 :]
    return TranscriptLines(transcript_id, numbered)


def build_report(
    project: Project,
    outdir: Path | None = None,
    condensation_file: Path | None = None,
    pseudonymized: bool = False,
    lemma_cache: Path | None = None,
    transcripts: list[Transcript] | None = None,
) -> Report:
    """Build the results report from step 2's outputs, the codebook and condensation.yaml.

    ``outdir`` and ``condensation_file`` default to the project's; ``stc run --check`` points
    them at a temporary folder so that nothing of the project is touched. ``lemma_cache``
    (the parse cache; not for a check or an export, which write nothing else) keeps the
    lemmas of the interviewer's questions between reports. ``transcripts``: the project's,
    when the caller has them (``stc run``).
    """
    from stc.coded_inputs import changed_since_coding
    from stc.decisions import deciding_coder, load_decisions

    config = project.config
    lang = config.language
    current = outdir is None  # the project's own out/, which `stc code` may have left behind
    outdir = outdir or project.output_dir
    all_units = sorted(read_units(outdir), key=_order)
    confirmed = [u for u in all_units if u.codes]
    coverage = _read_csv(outdir / "coverage.csv")
    matrix = _read_csv(outdir / "matrix.csv")
    orphans: list[dict[str, Any]] = [
        {str(k): v for k, v in row.items()}
        for row in _read_csv(outdir / "orphans.csv").to_dict("records")
    ]
    codebook = load_codebook(project.codebook_path, lang)
    condensation_source = condensation_file or condensation_path(project)
    condensation = load_condensation(condensation_source) or Condensation()
    pipeline = load_pipeline(lang, config.model, str(project.root), str(project.path))
    decisions = load_decisions(project.coding_path, codebook.code_ids)
    coder = deciding_coder(decisions, config.coder)

    if transcripts is None:
        transcripts = load_transcripts(project)
    findings: list[Finding] = []
    # An empty transcript, or one of the interviewer's words alone, is no interview: counted,
    # it stood in "N transcripts" and in the saturation table as an interview that brought
    # nothing new.
    interviews = [t for t in transcripts if t.participants]
    if silent := [t.id for t in transcripts if not t.participants]:
        findings.append(
            Finding(
                "warning", phrase(lang, "no_speech_left_out", n=len(silent), ids=", ".join(silent))
            )
        )
    changed = changed_since_coding(project, codebook, decisions, coder) if current else []
    if changed:
        what = ", ".join(changed)
        findings.append(Finding("error", phrase(lang, "coding_changed", what=what)))
    # "by: Kari" for kari: not theirs.
    findings.extend(
        Finding("warning", said) for said in decisions.case_lines(coder, lang, decisions.path.name)
    )
    texts: dict[str, str] = {}
    for transcript_id in sorted({u.transcript for u in all_units} | {t.id for t in transcripts}):
        path = outdir / "text" / f"{transcript_id}.txt"
        if not path.is_file():
            raise SynthesisError(f"{path}: missing; run `stc code` (step 2) again")
        texts[transcript_id] = path.read_text(encoding="utf-8")
    # Quotes are checked against text/<id>.txt; that file must still be the transcript.
    for transcript in transcripts:
        if texts.get(transcript.id) != transcript.text:
            findings.append(
                Finding("error", phrase(lang, "transcript_changed", transcript=transcript.id))
            )
    for unit in all_units:
        if texts[unit.transcript][unit.char_start : unit.char_end] != unit.text:
            findings.append(
                Finding(
                    "error",
                    phrase(
                        lang,
                        "quote_mismatch",
                        unit=unit.id,
                        lines=unit.lines,
                        transcript=unit.transcript,
                    ),
                )
            )

    everyone = sorted(coverage["participant"]) if len(coverage) else []
    participants_total = len(everyone)
    labels = {cid: code.label for cid, _, code in codebook.codes}
    by_transcript = {t.id: t for t in transcripts}
    categories = _categories(
        codebook,
        condensation,
        confirmed,
        {u.id: u.codes for u in all_units},  # a rejected unit is one of the project's
        by_transcript,
        everyone,
        lang,
        findings,
        condensation_source,
        {str(row["name"]): row for row in orphans},
        Counter(code for u in all_units for code in u.suggested),
        Counter(code for _, code in {(u.participant, c) for u in all_units for c in u.suggested}),
    )
    # Both the researcher's headings and the codebook's labels can echo the interview guide.
    heading_labels = list(
        dict.fromkeys([c.heading for c in categories] + [g.label for g in codebook.groups])
    )
    for label, question, transcript_id, line in _mirrored_questions(
        heading_labels, transcripts, pipeline, lemma_cache
    ):
        findings.append(
            Finding(
                "warning",
                phrase(
                    lang,
                    "mirrors",
                    label=label,
                    question=question,
                    transcript=transcript_id,
                    line=line,
                ),
            )
        )

    reached = {
        unit_id
        for group in condensation.groups.values()
        if group
        for entry in group.codes.values()
        if entry and entry.condensate and entry.condensate.strip()
        for unit_id in entry.units
    }
    unreached = [u.id for u in confirmed if u.id not in reached]
    if unreached:
        shown = ", ".join(unreached[:5]) + (" …" if len(unreached) > 5 else "")
        findings.append(
            Finding("warning", phrase(lang, "unreached", n=len(unreached), units=shown))
        )
    findings.extend(Finding("warning", line) for line in _orphan_lines(orphans, lang))

    unreviewed: Counter[str] = Counter()  # suggestions still waiting, by transcript
    for u in all_units:
        unreviewed[u.transcript] += len(u.suggested)
    pending = sum(unreviewed.values())
    reviewed_units = sum(1 for u in all_units if not u.suggested)
    reviewed = (
        phrase(lang, "reviewed", reviewed=reviewed_units, units=len(all_units), coder=coder)
        if coder
        else phrase(lang, "reviewed_nobody", reviewed=reviewed_units, units=len(all_units))
    )
    condensed = [sub for c in categories for sub in c.subgroups if sub.condensate]
    statuses = [sub.status for sub in condensed]
    # A stale condensate is the researcher's text, written before a change, unless it is
    # still stc's draft word for word (a golden quote chosen alone leaves it so).
    drafted = sum(1 for sub in condensed if sub.status == "stale" and sub.drafted)
    draft_reasons = []
    if pending:
        draft_reasons.append(phrase(lang, "draft_units", n=pending))
        # Which interviews: a participant whose suggestions wait shows no codes, which reads
        # as "said nothing of it" in the matrix and the saturation table.
        waiting = [
            f"{tid} ({phrase(lang, 'pending_mark', n=n)})"
            for tid, n in sorted(unreviewed.items())
            if n
        ]
        draft_reasons.append(phrase(lang, "draft_units_in", interviews=", ".join(waiting)))
    if statuses.count("draft"):
        draft_reasons.append(phrase(lang, "draft_condensates", n=statuses.count("draft")))
    if statuses.count("stale"):
        draft_reasons.append(phrase(lang, "draft_stale", n=statuses.count("stale")))
    if orphans:
        draft_reasons.append(phrase(lang, "draft_orphans", n=len(orphans)))
    # The researcher's own parts of a result: an analytic text per category, a golden quote
    # per subgroup. (A claim the coding may not bear out is to check, not a draft: the check
    # can be wrong, and the researcher could never make the report final.)
    no_analytic = sum(1 for c in categories if c.analytic_is_draft)
    if no_analytic:
        draft_reasons.append(phrase(lang, "draft_no_analytic", n=no_analytic))
    no_golden = sum(1 for c in categories for s in c.subgroups if not s.golden_id)
    if no_golden:
        draft_reasons.append(phrase(lang, "draft_no_golden", n=no_golden))

    total_words = int(coverage["words"].sum()) if len(coverage) else 0
    coded_words = int(coverage["words_coded"].sum()) if len(coverage) else 0
    facts: dict[str, str | int] = {
        "transcripts": len(interviews),
        "participants": participants_total,
        "words": number(total_words, lang),
        "language": LANGUAGE_NAMES.get(lang, LANGUAGE_NAMES["en"]).get(lang, lang),
        "codebook": codebook.name,
        "codebook_hash": _sha256(project.codebook_path)[:12],
        "groups": len(codebook.groups),
        "codes": len(codebook.code_ids),
        "units": len(confirmed),
        "coverage": percent(coded_words / total_words if total_words else 0, lang),
    }
    trail = build_trail(
        project,
        codebook,
        {c.group_id: c.heading for c in categories},
        [(u.transcript, u.codes) for u in confirmed],
        interviews,
        lang,
        unreviewed,
    )
    findings.extend(Finding("warning", w) for w in trail.warnings)
    steps = [
        phrase(lang, "step1_themes", n=len(trail.themes))
        if trail.themes
        else phrase(lang, "step1_none"),
        " ".join(
            (
                phrase(lang, "step2", units=len(confirmed), reviewed=reviewed),
                phrase(lang, f"units_{config.units.mode}", n=config.units.max_sentences),
                # stc suggest's queue (suggestions.yaml) suggests codes beside the codebook
                _how_coded(
                    all_units, coded_words, total_words, lang, project.suggestions_path.is_file()
                ),
            )
        ),
        phrase(
            lang,
            "step3",
            codes=len(codebook.code_ids),
            # A stale condensate is still the researcher's text, written before a change.
            written=statuses.count("edited") + statuses.count("stale") - drafted,
            drafts=statuses.count("draft") + drafted,
            stale=statuses.count("stale"),
        ),
        phrase(
            lang,
            "step4",
            written=sum(1 for c in categories if not c.analytic_is_draft),
            categories=len(categories),
        ),
    ]
    if pseudonymized:
        steps.insert(0, phrase(lang, "pseudonymized"))
    matrix = matrix.copy()
    matrix["code"] = [labels.get(c, c) for c in matrix["code"]]
    return Report(
        title=config.title or codebook.name,
        language=lang,
        facts=facts,
        steps=steps,
        categories=categories,
        matrix=matrix,
        coverage=coverage,
        findings=findings,
        texts=texts,
        transcripts=[_appendix(tid, text, config.report.attributes) for tid, text in texts.items()]
        if config.report.transcripts
        else [],
        draft_reasons=draft_reasons,
        reviewed=reviewed,
        everyone=everyone,
        groups_total=len(interviews) if any(len(t.participants) > 1 for t in interviews) else 0,
        trail=trail,
        agreement=_agreement(project, coder, labels),
    )


def _how_coded(
    units: Sequence[UnitRow], coded: int, total: int, lang: str, learned: bool = False
) -> str:
    """How the meaning units came about: the codebook's suggestions and the researcher's
    decisions on them, or coding by hand (an imported project, a codebook without rules), and
    where the words nobody coded are."""
    accepted = sum(len(u.accepted) for u in units)
    rejected = sum(len(u.rejected) for u in units)
    added = sum(len(u.added) for u in units)
    pending = sum(len(u.suggested) for u in units)
    uncoded = phrase(
        lang, "step2_uncoded", uncoded=percent(1 - coded / total if total else 0, lang)
    )
    if not accepted + rejected + pending:
        return phrase(lang, "step2_by_hand", added=added) + " " + uncoded
    waiting = phrase(lang, "step2_waiting", n=pending) if pending else ""
    rules = phrase(lang, "rules_suggest" if learned else "rules_codebook")
    how = phrase(
        lang,
        "step2_how",
        accepted=accepted,
        rejected=rejected,
        added=added,
        waiting=waiting,
        rules=rules,
    )
    return f"{how} {uncoded}"


def _agreement(
    project: Project, coder: str | None, labels: dict[str, str]
) -> dict[str, Any] | None:
    """The agreement section (``report.agreement: true``); imported only then, for speed."""
    if not project.config.report.agreement:
        return None
    from stc.agree import agreement_section

    return agreement_section(project, coder, labels)


def _where(row: dict[str, Any]) -> str:
    """An orphaned decision as an editor opens it: coding.yaml:782 [174] (an older orphans.csv
    has no line)."""
    return entry_at(Path("coding.yaml"), row["index"], row.get("line") or None)


def _orphan_lines(rows: list[dict[str, Any]], lang: str) -> list[str]:
    """The deciding coder's orphaned decisions step 2 found (orphans.csv), as report lines
    (kept, never dropped), worded as ``stc code`` words them."""
    found = []
    for row in rows:
        why, n = reason_key(str(row.get("reason", "")))
        respelt = bool(row.get("now_text", ""))  # the passage as it reads now
        found.append(
            orphan_line(
                lang,
                where=_where(row),
                name=str(row["name"]),
                why=why,
                n=n,
                place=str(row.get("place", "")),
                now_line=int(row["now_line"]) if respelt else None,
                now_text=str(row["now_text"]) if respelt else "",
            )
        )
    return found


def quote_problems(
    entry: CodeEntry | None,
    code_id: str,
    codes_of: Mapping[str, Collection[str]],
    source: Path,
    orphans: Mapping[str, dict[str, Any]],
    texts: Mapping[str, str] | None = None,
) -> list[str]:
    """What is wrong with an entry's golden quote and quotes, one line each: each must be a
    unit confirmed for the code (``codes_of``: per unit id, its confirmed codes). A unit that
    is gone because its decision is orphaned (``orphans``, orphans.csv by unit id) says so.
    ``texts`` (a unit's text, its white space folded → its id) names the unit a quote's text
    written in place of its id is."""
    if entry is None:
        return []
    group, _, code = code_id.partition("/")
    problems = []
    for where, unit_id in _chosen(entry):
        codes = codes_of.get(unit_id)
        if codes is not None and code_id in codes:
            continue
        why = (
            "is not a coded unit of the project now"
            if codes is None
            else "is not an accepted or added unit of this code"
        )
        orphan = orphans.get(unit_id) if codes is None else None
        if orphan is not None and orphan.get("now_unit", ""):
            # A spelling fixed in the transcript: the unit has a new text, so a new id, and
            # the decision on it is orphaned until its quote says the new text.
            fix = (
                f"its decision ({_where(orphan)}) is orphaned because the transcript's "
                f"text changed: line {orphan['now_line']} now reads "
                f"\u00ab{orphan['now_text']}\u00bb; set that entry's quote: to this text, "
                f"then set {where} to {orphan['now_unit']}, the unit's id now"
            )
        elif orphan is not None:
            fix = (
                f"its decision ({_where(orphan)}) is orphaned: its text is no longer in "
                f"the transcript; choose another of the code's units (`stc condense --show "
                f"{code_id}`) or remove it"
            )
        elif codes is None and (" " in unit_id or ":" not in unit_id):
            # The quote's text written where its unit id goes.
            folded = fold_marks(unit_id).strip(_QUOTE_MARKS)
            same = (texts or {}).get(folded)
            near = None if same else _nearest(folded, list(texts or {}))
            # Part of a unit's text, as a researcher copies its best sentence.
            if same is None and near is None and len(folded) >= 12:
                near = next((t for t in texts or {} if folded in t), None)
            put = "write {where}: {unit}" if where == "golden_quote" else "put {unit} there"
            if same:
                told = f"this text is unit {same}; " + put.format(where=where, unit=same)
            elif near:
                unit = (texts or {})[near]
                told = (
                    f"the nearest of the code's units is {unit} \u00ab{near}\u00bb; if it is the "
                    "one, " + put.format(where=where, unit=unit)
                )
            else:
                told = f"choose one from golden_quote_candidates or `stc condense --show {code_id}`"
            fix = f"{where} takes a unit id, not the quote's text: {told}"
            unit_id = f"\u00ab{unit_id.strip(_QUOTE_MARKS)}\u00bb"
        elif codes is None and (near := _nearest(unit_id, sorted(set((texts or {}).values())))):
            fix = f"did you mean {near}? Or choose another (`stc condense --show {code_id}`)"
        else:
            fix = f"choose one of the code's units (`stc condense --show {code_id}`) or remove it"
        problems.append(
            f"{source} [groups -> {group} -> codes -> {code} -> {where}]: {unit_id} {why}; {fix}"
        )
    return problems


# The marks a researcher may set a quote's text in, where its unit id goes.
_QUOTE_MARKS = "\"'\u00ab\u00bb\u201c\u201d"


def _nearest(written: str, candidates: Sequence[str]) -> str | None:
    """The candidate a researcher most likely meant, a letter or a comma off, or None."""
    import difflib

    near = difflib.get_close_matches(written, candidates, n=1, cutoff=0.85)
    return near[0] if near else None


def _chosen(entry: CodeEntry) -> list[tuple[str, str]]:
    """An entry's golden quote and quotes, each with its place in the entry."""
    chosen = [("golden_quote", entry.golden_quote)] if entry.golden_quote else []
    return chosen + [(f"quotes -> {i}", q) for i, q in enumerate(entry.quotes)]


def _entry_units(
    entry: CodeEntry | None,
    code_id: str,
    codes_of: Mapping[str, Collection[str]],
    source: Path,
    orphans: Mapping[str, dict[str, Any]],
    texts: Mapping[str, str] | None = None,
) -> list[str]:
    """The golden quote and quotes of an entry, each once; each must be a confirmed unit of
    the code. The report shows the first ``MAX_QUOTES``."""
    if entry is None:
        return []
    problems = quote_problems(entry, code_id, codes_of, source, orphans, texts)
    if problems:
        raise SynthesisError(*problems)
    return list(dict.fromkeys(unit_id for _, unit_id in _chosen(entry)))


def _categories(
    codebook: Codebook,
    condensation: Condensation,
    units: list[UnitRow],
    codes_of: Mapping[str, Collection[str]],
    transcripts: dict[str, Transcript],
    everyone: Sequence[str],
    lang: str,
    findings: list[Finding],
    source: Path,
    orphans: Mapping[str, dict[str, Any]],
    pending: Mapping[str, int],
    waiting: Mapping[str, int],
) -> list[Category]:
    """The report's categories from the confirmed ``units``; ``codes_of``: every unit's
    confirmed codes, by id (what a golden quote may name); ``everyone``: every participant;
    ``pending``: the suggestions still waiting, by code, and ``waiting`` the participants
    they are of."""
    total = len(everyone)
    by_id = {u.id: u for u in units}
    categories = []
    problems: list[str] = []
    focus = any(len(t.participants) > 1 for t in transcripts.values())  # focus groups
    for group in codebook.groups:
        entry = condensation.groups.get(group.id)
        subgroups = []
        unreviewed = []
        for code in group.codes:
            code_id = f"{group.id}/{code.id}"
            code_units = [u for u in units if code_id in u.codes]
            if not code_units:
                if pending.get(code_id):
                    unreviewed.append((code.label, pending[code_id]))
                continue
            code_entry = entry.codes.get(code.id) if entry else None
            try:
                texts = unit_texts(code_units)
                chosen = _entry_units(code_entry, code_id, codes_of, source, orphans, texts)
            except SynthesisError as exc:
                problems.extend(exc.problems)
                continue
            quotes = [_quote(by_id[q], transcripts) for q in chosen[:MAX_QUOTES]]
            left = chosen[MAX_QUOTES:]
            if left:
                findings.append(
                    Finding(
                        "warning",
                        phrase(
                            lang,
                            "quotes_left_out",
                            label=code.label,
                            shown=MAX_QUOTES,
                            units=", ".join(left),
                            n=len(left),
                        ),
                    )
                )
            for quote in quotes:
                against = _turns_against(quote.context, lang)
                if against:
                    findings.append(
                        Finding(
                            "warning",
                            phrase(
                                lang,
                                "contrast_after",
                                label=code.label,
                                unit=quote.unit.id,
                                after=quoted(against, lang),
                            ),
                        )
                    )
                word = _leaning_word(quote.unit.text, lang)
                if word:
                    findings.append(
                        Finding(
                            "warning",
                            phrase(
                                lang,
                                "context_warning",
                                label=code.label,
                                unit=quote.unit.id,
                                word=word,
                            ),
                        )
                    )
            dissent = [_quote(u, transcripts) for u in code_units if u.voice == "dissent"]
            if code_entry:
                for unit_id in code_entry.units:
                    if unit_id not in by_id and code_entry.status != "stale":
                        findings.append(
                            Finding("warning", phrase(lang, "unit_unknown", unit=unit_id))
                        )
            condensate = code_entry.condensate if code_entry else None
            # Whether the researcher has written the condensate since the last `stc condense`
            # (a golden quote chosen alone leaves it stc's draft, the participants' words).
            status = code_entry.condensate_status if code_entry else "draft"
            if condensate and status == "stale":
                findings.append(Finding("warning", phrase(lang, "stale", code=code.label)))
            elif condensate and status == "draft":
                findings.append(Finding("warning", phrase(lang, "draft", code=code.label)))
            # Malterud's other voices nuance a subgroup; they do not make it rest on more.
            participants = sorted({u.participant for u in main_line(code_units)})
            if not participants:
                findings.append(Finding("warning", phrase(lang, "only_voices", label=code.label)))
            text = (code_entry.text or "").strip() if code_entry else ""
            if text:
                # A claim in the text may be about the other voices too: it is checked against
                # everyone with confirmed units here.
                speakers = len({u.participant for u in code_units})
                findings.extend(
                    Finding("warning", w, claim=True)
                    for w in check_quantifiers(text, speakers, total, lang, code.label, focus)
                )
                findings.extend(_named_without_units(text, code_units, everyone, lang, code.label))
            subgroups.append(
                Subgroup(
                    code_id=code_id,
                    label=code.label,
                    units=code_units,
                    participants=participants,
                    quotes=quotes,
                    golden_id=code_entry.golden_quote if code_entry else None,
                    condensate=condensate.strip() if condensate else None,
                    status=status,
                    text=text,
                    dissent=dissent,
                    pending=pending.get(code_id, 0),
                    waiting=waiting.get(code_id, 0),
                    drafted=code_entry is not None
                    and still_drafted(code_entry.condensate, code_entry.draft_hash),
                )
            )
        if not subgroups and not unreviewed:
            continue
        # Malterud's method checks, as stc condense prints them.
        if len(subgroups) == 1:
            findings.append(Finding("warning", phrase(lang, "subgroups_one", group=group.label)))
        elif len(subgroups) > MAX_SUBGROUPS:
            findings.append(
                Finding(
                    "warning", phrase(lang, "subgroups_many", group=group.label, n=len(subgroups))
                )
            )
        for sub in subgroups:
            # As stc condense says it, whatever the number of subgroups.
            if len(sub.participants) == 1:
                findings.append(
                    Finding("warning", phrase(lang, "one_participant", label=sub.label))
                )
            if sub.condensate and sub.status != "draft":
                said = [(u.id, u.text) for u in sub.units]
                findings.extend(
                    Finding(
                        "warning", phrase(lang, key, code=sub.label, **values), condensate=code_id
                    )
                    for key, values in condensate_findings(sub.condensate, said, lang)
                )
        heading = (entry.heading or "").strip() if entry else ""
        analytic = (entry.analytic_text or "").strip() if entry else ""
        category = Category(
            group.id, heading or group.label, analytic, not analytic, subgroups, unreviewed
        )
        if analytic:
            findings.extend(
                _named_without_units(analytic, category.units, everyone, lang, category.heading)
            )
            findings.extend(
                Finding("warning", w, claim=True)
                for w in check_quantifiers(
                    analytic,
                    len({u.participant for u in category.units}),
                    total,
                    lang,
                    category.heading,
                    focus,
                    [len(s.participants) for s in subgroups],
                )
            )
        else:
            # Said as missing: counts put here read as the finding (a supervisor's red ring).
            category.analytic_text = phrase(lang, "draft_analytic")
        if len(category.participants) == 1 and len(subgroups) > 1:
            # One subgroup's warning (above) already says it.
            findings.append(
                Finding("warning", phrase(lang, "one_participant", label=category.heading))
            )
        categories.append(category)
    if problems:
        raise SynthesisError(*problems)
    return categories


def unit_texts(units: Iterable[Any]) -> dict[str, str]:
    """Units' ids by their text as a researcher may type it (``fold_marks``): what names the
    unit a golden quote written as its text is."""
    return {fold_marks(u.text): u.id for u in units}


def _named_without_units(
    text: str, units: Sequence[UnitRow], everyone: Sequence[str], lang: str, label: str
) -> list[Finding]:
    """The participants a researcher's text names by id ("informant-7 mente …") who have no
    confirmed unit under it: a claim about them that the coding does not bear out."""
    here = {u.participant for u in units}
    found = []
    for participant in everyone:
        # An id that reads as an id ("informant-7", a focus group's "fg-01/p4" whole), not a
        # word ("per").
        if participant in here or not re.search(r"[\d-]", participant):
            continue
        spelt = re.escape(participant)
        capital = re.escape(participant[:1].upper() + participant[1:])
        for named in re.finditer(rf"(?<![\w/-])(?:{spelt}|{capital})(?![\w/-])", text):
            before = text[max(0, named.start() - 40) : named.start()].casefold().split()
            if not set(before[-3:]) & EXCEPT_WORDS:  # "alle unntatt informant-2"
                said = phrase(lang, "named_without_units", label=label, participant=participant)
                found.append(Finding("warning", said, claim=True))
                break
    return found


# Words that name someone as left out ("alle unntatt informant-2", "all but informant-2"):
# a claim about the others.
EXCEPT_WORDS = frozenset(
    {"unntatt", "utenom", "utanom", "bortsett", "except", "but", "excluding", "undtagen"}
    | {"udover", "utom", "förutom", "außer", "ausgenommen"}
)


def traceability_frame(report: Report) -> pd.DataFrame:
    """Category → code → unit → transcript lines, for traceability.csv."""
    rows = [
        {
            "category": category.heading,
            "code": sub.code_id,
            "label": sub.label,
            "unit_id": unit.id,
            "transcript": unit.transcript,
            "participant": unit.participant,
            "lines": unit.lines,
            "voice": unit.voice,
        }
        for category in report.categories
        for sub in category.subgroups
        for unit in sub.units
    ]
    columns = [
        "category",
        "code",
        "label",
        "unit_id",
        "transcript",
        "participant",
        "lines",
        "voice",
    ]
    return pd.DataFrame(rows, columns=columns)


def report_files(report: Report) -> dict[str, str]:
    """The files step 4 writes, by path relative to the output folder."""
    from stc.output import csv_text
    from stc.render import render_html, render_markdown

    made = (render_markdown(report), render_html(report), csv_text(traceability_frame(report)))
    return dict(zip(REPORT_FILES, made, strict=True))
