"""What identifies a participant: names, places, numbers, contact details, in one transcript.

Each detector proposes findings (character spans of ``Transcript.text``); overlaps are settled
by category and certainty, so an e-mail address is one finding, not a name inside one. A
finding is either *certain* (it will be replaced) or a *maybe* (shown for review, never
replaced): a name that is also a common word ("Bjørn", "sol") outside the contexts that make
it a name, or a capitalised word the language does not know.

No finding spans a line break, so line numbers stay the same after replacement.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from stc.anonymize.idnumbers import is_id_number
from stc.anonymize.names import (
    CALENDAR,
    GROUPS,
    Lexicon,
    Name,
    NameIndex,
    load_lexicon,
    load_names,
)
from stc.anonymize.settings import AnonymizeSettings
from stc.errors import StcError
from stc.nlp import Pipeline
from stc.readers.text import LABEL_LINE, split_front_matter
from stc.types import Transcript

Category = Literal[
    "name", "place", "phone", "email", "id_number", "date", "address", "age", "capitalised"
]

# Which finding wins where two overlap (certain ones first, then this order, then the longer).
RANK: dict[str, int] = {
    "email": 0,
    "id_number": 1,
    "phone": 2,
    "address": 3,
    "date": 4,
    "age": 5,
    "place": 6,
    "name": 7,
    "capitalised": 8,
}


@dataclass(frozen=True)
class Finding:
    """One identifier (or possible identifier) in a transcript's text.

    ``start``/``end`` index ``Transcript.text``; ``text`` is the original (never write it to a
    file meant to be shared). ``certain`` findings are replaced, maybes only reported.
    ``kind`` is ``first``/``last`` for names; ``label`` and ``front_matter`` say where it
    stands, which decides how the replacement is written. ``replacement`` is filled in by
    the pseudonymization (an age range is known at once).
    """

    start: int
    end: int
    category: Category
    text: str
    certain: bool
    reason: str
    line: int = 0
    kind: str = ""
    label: bool = False
    front_matter: bool = False
    replacement: str = ""


# A word: letters, with inner apostrophes ("O'Brien", "Kari's"). Hyphens split words, so each
# part of "Anne-Lise" is looked up; ``hyphenated_names`` joins them again.
WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
GENITIVE = ("'s", "\u2019s", "s")
# Characters that may stand between a sentence end and the next word.
_SKIP_BEFORE_WORD = " \t\"'\u00ab\u00bb\u201c\u201d\u2018\u2019([{-\u2013\u2014*_"
_SENTENCE_END = ".!?…:"

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[\w-]+\.)+[^\W\d_]{2,}(?![\w-])")

ID_NUMBER = re.compile(r"(?<![\w+\-./])(\d{6}|\d{8})([ +-]?)(\d{4,5})(?![\w]|[-./]\d)")

_NO_DK = r"(?:\d{8}|\d{3}[ .-]\d{2}[ .-]\d{3}|\d{2}[ .-]\d{2}[ .-]\d{2}[ .-]\d{2}|\d{4}[ .-]\d{4})"
_SE = r"(?:\d{1,3}[ -]?\d{2,3}[ ]?\d{2,3}[ ]?\d{2})"
PHONE = re.compile(
    r"(?<![\w+])(?:"
    r"(?:(?:\+|00)(?:47|45)[ ]?)?"
    + _NO_DK
    + r"|(?:\+|00)46[ ]?(?:\(0\)[ ]?)?"
    + _SE
    + r"|0"
    + _SE
    # Not followed by more digits: a longer number is something else.
    + r")(?![\w]|[ .-]?\d)"
)
YEAR_RANGE = re.compile(r"^(?:19|20)\d\d[ .-](?:19|20)\d\d$")
TIME_RANGE = re.compile(r"^\d\d[.:]\d\d[ -]\d\d[.:]\d\d$")

MONTHS = {
    # nb, nn, da, sv, en (and de's März, Dezember), full names.
    **dict.fromkeys(["januar", "januari", "january"], 1),
    **dict.fromkeys(["februar", "februari", "february"], 2),
    **dict.fromkeys(["mars", "marts", "march", "märz"], 3),
    **dict.fromkeys(["april"], 4),
    **dict.fromkeys(["mai", "maj", "may"], 5),
    **dict.fromkeys(["juni", "june"], 6),
    **dict.fromkeys(["juli", "july"], 7),
    **dict.fromkeys(["august", "augusti"], 8),
    **dict.fromkeys(["september"], 9),
    **dict.fromkeys(["oktober", "october"], 10),
    **dict.fromkeys(["november"], 11),
    **dict.fromkeys(["desember", "december", "dezember"], 12),
}
MONTH_ABBREVIATIONS = {
    **dict.fromkeys(["jan"], 1),
    **dict.fromkeys(["feb"], 2),
    **dict.fromkeys(["mar"], 3),
    **dict.fromkeys(["apr"], 4),
    **dict.fromkeys(["jun"], 6),
    **dict.fromkeys(["jul"], 7),
    **dict.fromkeys(["aug"], 8),
    **dict.fromkeys(["sep", "sept"], 9),
    **dict.fromkeys(["okt", "oct"], 10),
    **dict.fromkeys(["nov"], 11),
    **dict.fromkeys(["des", "dec", "dez"], 12),
}
# Only an abbreviation takes a full stop; after a full name it ends the sentence.
_MONTH = (
    "(?P<month>"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + "|(?:"
    + "|".join(sorted(MONTH_ABBREVIATIONS, key=len, reverse=True))
    + r")\.?)"
)
DATE_NUMERIC = re.compile(
    r"(?<![\w.,:/-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"
    r"(?![\w]|[./-]\d)"
)
DATE_ISO = re.compile(r"(?<![\w.-])(?P<year>\d{4})-(?P<b>\d{2})-(?P<a>\d{2})(?![\w]|-\d)")
DATE_DAY_MONTH = re.compile(
    r"(?<![\w.,])(?P<a>\d{1,2})\.?[ \t]" + _MONTH + r"(?:,?[ \t]+(?P<year>\d{4}))?(?!\w)",
    re.IGNORECASE,
)
DATE_MONTH_DAY = re.compile(
    r"(?<![\w])" + _MONTH + r"[ \t](?P<a>\d{1,2})(?:st|nd|rd|th)?(?:,?[ \t]+(?P<year>\d{4}))?"
    r"(?![\w])",
    re.IGNORECASE,
)
BIRTH_CUE = re.compile(
    r"(?<![\w])(?:født|fødd|føddes|fødde|fødselsdato|fødselsdag\w*|bursdag\w*|f\.|född|"
    r"födelsedatum|födelsedag\w*|born|birthday|date of birth|d\.?o\.?b\.?)(?![\w])",
    re.IGNORECASE,
)
BIRTH_CUE_WINDOW = 40

_STREET_WORD = (
    r"(?:veien|vegen|veg|vei|gata|gaten|gate|gt\.|allé|alle|plass|plassen|torget|torg|stien|"
    r"bakken|ringen|brygga|bryggen|kaia|vej|vejen|gade|gaden|stræde|strædet|plads|pladsen|"
    r"vænget|boulevard|vägen|väg|gatan|gränd|backen|stigen|allén|platsen)"
)
_STRONG_STREET_WORD = r"(?:veien|vegen|gata|gaten|vej|vejen|gade|gaden|vägen|gatan)"
_HOUSE = r"[ \t]+\d{1,4}(?:[ \t]?[A-Za-z](?![\w]))?"
_POSTAL = r"(?:,?[ \t]+(?:\d{4}|\d{3}[ ]?\d{2})(?:[ \t]+[^\W\d_][\w-]{0,60})?)?"
# Bounded: a street's words are short, and a hyphen chain thousands of parts long must not
# be tried again from each of its parts (quadratic).
_CAP = r"[A-ZÆØÅÄÖÜ][\w'\u2019.-]{0,40}"
ADDRESS_NORDIC = re.compile(
    r"(?<![\w])(?:"
    # "Storgata 5", "Skolevegen 12B": a capitalised compound ending in a street word, or a
    # lower-case one ending in an unmistakable street word ("storgata 5").
    r"[A-ZÆØÅÄÖÜ][^\W\d_]+?"
    + _STREET_WORD
    + r"|[a-zæøåäöü][^\W\d_]+?"
    + _STRONG_STREET_WORD
    +
    # "Kongens gate 12", "Thorvald Meyers gate 3": capitalised words, then a street word.
    r"|(?:"
    + _CAP
    + r"[ \t]+){1,3}(?:gate|gata|gaten|vei|veg|vegen|veien|allé|plass|vej|gade|"
    r"väg|gatan|stræde)"
    r")" + _HOUSE + _POSTAL + r"(?![\w])"
)
ADDRESS_ENGLISH = re.compile(
    r"(?<![\w])\d{1,5}[ \t]+(?:[A-Z][\w'\u2019-]{0,40}[ \t]+){1,3}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|"
    r"Lane|Drive|Way|Close|Court|Place|Crescent|Terrace|Gardens|Boulevard|Square)(?![\w])"
)

AGE = re.compile(
    r"(?<![\w.,])(?P<age>\d{1,3})(?=[ \t]?-?[ \t]?(?:år|års|åring|åringer|årig|årige|årsalder|"
    r"years?[ \t-]old|year-old|yrs?|jahre)(?![\w]))",
    re.IGNORECASE,
)
AGE_ATTRIBUTE = re.compile(
    r"(?<![\w])(?:alder|age|ålder|alter)[ \t]*:[ \t]*(?P<age>\d{1,3})(?![\w.])", re.IGNORECASE
)

PERSON_LABELS = frozenset({"PER", "PERSON"})
PLACE_LABELS = frozenset({"LOC", "GPE", "GPE_LOC", "FAC", "LOCATION"})
# Organisations and organisation-like places: the models mistake too many ordinary words.
MAYBE_PLACE_LABELS = frozenset({"ORG", "GPE_ORG"})


def age_range(age: int, width: int) -> str:
    low = age // width * width
    return f"{low}\u2013{low + width - 1}"


def is_sentence_start(text: str, index: int) -> bool:
    """Whether the word at ``index`` opens a sentence, a line or a speaker's turn; a
    transcription mark before it ("(laughs) My aunt …", "*laughs* My …") is passed over, as
    the reader does."""
    i = index - 1
    while True:
        j = i
        while j >= 0 and text[j] in " \t":
            j -= 1
        if j >= 0 and text[j] == "*":  # "*laughs*": the mark's closing asterisk
            opener = text.rfind("*", max(0, j - MARK_CHARS), j)
            if opener >= 0 and "\n" not in text[opener:j] and text[opener + 1 : j].strip():
                i = opener - 1
                continue
        while i >= 0 and text[i] in _SKIP_BEFORE_WORD:
            i -= 1
        if i < 0 or text[i] not in ")]":
            break
        opener = text.rfind("(["[")]".index(text[i])], max(0, i - MARK_CHARS), i)
        if opener < 0 or "\n" in text[opener:i]:
            break
        i = opener - 1
    return i < 0 or text[i] == "\n" or text[i] in _SENTENCE_END


MARK_CHARS = 40  # a transcription mark ("(ler)", "[inaudible 00:12]") is no longer than this


class Spans:
    """A set of character spans (overlapping ones merged) with quick overlap tests."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            if self._ends and start <= self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)
            else:
                self._starts.append(start)
                self._ends.append(end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._ends, start)
        return i < len(self._starts) and self._starts[i] < end

    def contains(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and self._ends[i] >= end

    def add(self, start: int, end: int) -> None:
        """Add a span that overlaps none already held."""
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


@dataclass(frozen=True)
class _Context:
    text: str
    settings: AnonymizeSettings
    language: str
    names: NameIndex
    lexicon: Lexicon
    group: frozenset[str]
    participant_labels: Spans


def _find(
    category: Category,
    start: int,
    end: int,
    text: str,
    certain: bool,
    reason: str,
    kind: str = "",
) -> Finding:
    return Finding(start, end, category, text[start:end], certain, reason, kind=kind)


def _emails(ctx: _Context) -> Iterator[Finding]:
    for m in EMAIL.finditer(ctx.text):
        yield _find("email", m.start(), m.end(), ctx.text, True, "e-mail address")


def _id_numbers(ctx: _Context) -> Iterator[Finding]:
    for m in ID_NUMBER.finditer(ctx.text):
        if is_id_number(m.group(1) + m.group(3), separated=bool(m.group(2))):
            yield _find("id_number", m.start(), m.end(), ctx.text, True, "identity number")


def _phones(ctx: _Context) -> Iterator[Finding]:
    for m in PHONE.finditer(ctx.text):
        if YEAR_RANGE.match(m.group()) or TIME_RANGE.match(m.group()):
            continue
        yield _find("phone", m.start(), m.end(), ctx.text, True, "phone number")


def _real_day_month(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= (
        29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
    )


def _dates(ctx: _Context) -> Iterator[Finding]:
    text = ctx.text
    for pattern in (DATE_NUMERIC, DATE_ISO, DATE_DAY_MONTH, DATE_MONTH_DAY):
        for m in pattern.finditer(text):
            day = int(m.group("a"))
            if "month" in m.groupdict() and m.group("month"):
                name = m.group("month").lower().rstrip(".")
                month = MONTHS.get(name) or MONTH_ABBREVIATIONS[name]
                if not _real_day_month(day, month):
                    continue
            else:
                b = int(m.group("b"))
                # Day first (Nordic) or month first (US): either reading makes it a date.
                if not (_real_day_month(day, b) or _real_day_month(b, day)):
                    continue
            line_start = text.rfind("\n", 0, m.start()) + 1
            before = text[max(line_start, m.start() - BIRTH_CUE_WINDOW) : m.start()]
            if BIRTH_CUE.search(before):
                yield _find("date", m.start(), m.end(), text, True, "date of birth")
            elif m.group("year"):
                yield _find("date", m.start(), m.end(), text, False, "a full date: a birthday?")


def _addresses(ctx: _Context) -> Iterator[Finding]:
    for pattern in (ADDRESS_NORDIC, ADDRESS_ENGLISH):
        for m in pattern.finditer(ctx.text):
            yield _find("address", m.start(), m.end(), ctx.text, True, "street address")


def _ages(ctx: _Context, front_matter_end: int) -> Iterator[Finding]:
    width = ctx.settings.age_width
    for m in AGE.finditer(ctx.text):
        age = int(m.group("age"))
        if age <= 120:
            yield dataclasses.replace(
                _find("age", m.start("age"), m.end("age"), ctx.text, True, "age"),
                replacement=age_range(age, width),
            )
    for m in AGE_ATTRIBUTE.finditer(ctx.text, 0, front_matter_end):
        age = int(m.group("age"))
        if age <= 120:
            yield dataclasses.replace(
                _find("age", m.start("age"), m.end("age"), ctx.text, True, "age attribute"),
                replacement=age_range(age, width),
            )


def _places(ctx: _Context) -> Iterator[Finding]:
    for place in ctx.settings.places:
        words = [re.escape(w) for w in place.split()]
        pattern = re.compile(
            r"(?<![\w])(" + r"[ \t]+".join(words) + r")(?=(?:s|'s|\u2019s)?(?![\w]))", re.IGNORECASE
        )
        for m in pattern.finditer(ctx.text):
            found = m.group(1)
            # "Moss" the town is listed; "moss" in lower case may be the plant.
            maybe = found != place and found.islower() and ctx.lexicon.is_common(found)
            reason = "listed place, in lower case" if maybe else "listed place"
            yield _find("place", m.start(1), m.end(1), ctx.text, not maybe, reason)


def _lookup(word: str, names: NameIndex) -> tuple[Name, str] | None:
    """The name a capitalised word is, with or without a genitive ending: (name, stem)."""
    entry = names.get(word)
    if entry is not None:
        return entry, word
    for suffix in GENITIVE:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 2:
            entry = names.get(stem)
            if entry is not None:
                return entry, stem
    return None


def _kind(entry: Name) -> str:
    return "last" if entry.last and not entry.first else "first"


def _name_finding(ctx: _Context, m: re.Match[str]) -> Finding | None:
    """A name, a maybe, or nothing, for one word."""
    word = m.group()
    lexicon, settings = ctx.lexicon, ctx.settings
    if word[0].isupper():
        found = _lookup(word, ctx.names)
        if found is None:
            return _capitalised(ctx, m)
        entry, stem = found
        in_group = entry.researcher or bool(entry.languages & ctx.group)
        common = lexicon.is_common(stem) or (stem != word and lexicon.is_common(word))
        calendar = ctx.language == "en" and stem in CALENDAR
        in_label = ctx.participant_labels.contains(m.start(), m.end())
        start_ = m.start()
        end_ = start_ + len(stem)
        kind = _kind(entry)
        if entry.researcher or in_label:
            reason = "speaker label" if in_label else "listed person"
            return _find("name", start_, end_, ctx.text, True, reason, kind)
        if not common and not calendar:
            return _find("name", start_, end_, ctx.text, True, "name", kind)
        if calendar or lexicon.capitalises_nouns:
            return _find("name", start_, end_, ctx.text, False, "a name or a common word", kind)
        if not is_sentence_start(ctx.text, m.start()):
            return _find("name", start_, end_, ctx.text, True, "capitalised name", kind)
        if in_group:
            reason = "a name or a common word, at a sentence start"
            return _find("name", start_, end_, ctx.text, False, reason, kind)
        # A name from another language's list that is a common word here ("Jo, …").
        return None
    if not (settings.lowercase_names and word.islower()):
        return None
    entry_or_none = ctx.names.get(word)
    if entry_or_none is None:
        return None
    entry = entry_or_none
    if not (entry.researcher or entry.languages & ctx.group):
        return None
    kind = _kind(entry)
    if not lexicon.is_common(word):
        return _find("name", m.start(), m.end(), ctx.text, True, "name in lower case", kind)
    # Lower case and a common word: "bjørn" may be the bear. Very frequent words ("hans",
    # "per") and surnames ("berg", "strand") would flood the review, so only rarer first names.
    if entry.researcher or (entry.first and not lexicon.is_frequent(word)):
        reason = "a common word, also a name"
        return _find("name", m.start(), m.end(), ctx.text, False, reason, kind)
    return None


def _capitalised(ctx: _Context, m: re.Match[str]) -> Finding | None:
    """A capitalised word inside a sentence that the language does not know: a maybe."""
    if not ctx.settings.unknown_capitalised:
        return None
    word = m.group()
    base = re.split(r"['\u2019]", word, maxsplit=1)[0]
    if len(base) < 2 or ctx.lexicon.is_common(base):
        return None
    if ctx.language == "en" and base in CALENDAR:
        return None
    if is_sentence_start(ctx.text, m.start()):
        return None
    return _find(
        "capitalised", m.start(), m.end(), ctx.text, False, "capitalised, not a known word"
    )


def _names(ctx: _Context) -> Iterator[Finding]:
    for m in WORD.finditer(ctx.text):
        finding = _name_finding(ctx, m)
        if finding is not None:
            yield finding


def entity_pipeline(pipeline: Pipeline | None) -> Pipeline | None:
    """The pipeline when one of its components sets entities (``ner``, an entity ruler)."""
    if pipeline is None:
        return None
    nlp = pipeline.nlp
    for name in nlp.pipe_names:
        if "doc.ents" in nlp.get_pipe_meta(name).assigns:
            return pipeline
    return None


def _entities(ctx: _Context, transcript: Transcript, pipeline: Pipeline) -> Iterator[Finding]:
    turns = [t for t in transcript.turns if t.end > t.start]
    docs = pipeline.nlp.pipe([t.content(transcript.text) for t in turns], batch_size=64)
    for turn, doc in zip(turns, docs, strict=True):
        for ent in doc.ents:
            start = turn.start + ent.start_char
            end = turn.start + ent.end_char
            if "\n" in ctx.text[start:end]:
                continue
            if ent.label_ in PERSON_LABELS:
                words = list(WORD.finditer(ctx.text, start, end))
                for i, w in enumerate(words):
                    kind = "last" if len(words) > 1 and i == len(words) - 1 else "first"
                    entry = ctx.names.get(w.group())
                    kind = _kind(entry) if entry else kind
                    yield _find("name", w.start(), w.end(), ctx.text, True, "person entity", kind)
            elif ent.label_ in PLACE_LABELS or ent.label_ in MAYBE_PLACE_LABELS:
                certain = ent.label_ in PLACE_LABELS
                reason = "place entity" if certain else "organisation entity"
                yield _find("place", start, end, ctx.text, certain, reason)


def _keep_spans(text: str, keep: Sequence[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for phrase in keep:
        pattern = re.compile(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])")
        spans.extend(m.span() for m in pattern.finditer(text))
    return spans


def label_spans(transcript: Transcript) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans of the speaker labels that open turns: (participants', interviewers')."""
    text = transcript.text
    participants: list[tuple[int, int]] = []
    interviewers: list[tuple[int, int]] = []
    for turn in transcript.turns:
        if not turn.speaker:
            continue
        line_start = text.rfind("\n", 0, turn.start) + 1
        line_end = text.find("\n", line_start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        m = LABEL_LINE.match(line)
        if m is None or m.group("label").strip() != turn.speaker:
            continue
        span = (line_start + m.start("label"), line_start + m.start("label") + len(turn.speaker))
        (interviewers if turn.role == "interviewer" else participants).append(span)
    return participants, interviewers


def front_matter_end(transcript: Transcript) -> int:
    """Where the body starts (0 without front matter)."""
    try:
        return split_front_matter(transcript.text, transcript.path)[1]
    except StcError:
        return 0


_ID_LINE = re.compile(r"^[ \t]*id[ \t]*:.*$", re.M)


def resolve(candidates: Iterable[Finding]) -> list[Finding]:
    """Non-overlapping findings: certain before maybe, then by category rank, longer first."""
    ordered = sorted(
        candidates, key=lambda f: (not f.certain, RANK[f.category], f.start - f.end, f.start)
    )
    taken = Spans()
    kept = []
    for finding in ordered:
        if finding.end <= finding.start or taken.overlaps(finding.start, finding.end):
            continue
        taken.add(finding.start, finding.end)
        kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


# A capitalised word joined to a name by a hyphen, before it or after it ("Anne-Lise").
_HYPHEN_BEFORE = re.compile(r"([^\W\d_]+(?:['\u2019][^\W\d_]+)*)-\Z")
_HYPHEN_AFTER = re.compile(r"-([^\W\d_]+(?:['\u2019][^\W\d_]+)*)")
JOINABLE = ("name", "capitalised")
# Why a finding on the front matter's id: line is a maybe, whatever it is elsewhere.
ID_LINE = "in the transcript id: rename it by hand"


def _within(findings: Sequence[Finding], starts: Sequence[int], lo: int, hi: int) -> list[Finding]:
    """The findings (sorted by start, ``starts`` theirs) that start in ``[lo, hi)``."""
    return list(findings[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)])


def hyphenated_names(
    findings: Sequence[Finding], ctx: _Context, protected: Spans | None = None
) -> list[Finding]:
    """A name joined by hyphens to capitalised words is one name: "Anne-Lise", "Per-Arne",
    "Nordmann-Hansen". Each part is looked up on its own (``WORD``), but replaced part by
    part the person would read as two ("[Navn 1]-[Navn 2]"), and a part that is only a maybe
    ("Per" at a sentence start) would be left in the text beside its certain partner.

    The joined name is certain when any part is a certain name; its kind (first name or
    surname) is its first name part's. As in ``full_names``, the join stops at a part of
    another category (a place), at a ``protected`` span (``keep:``, an interviewer's label),
    at a word that is not a finding when the name so far is only a maybe, and, in a language
    that capitalises nouns, at a common noun ("Sabine-Gruppe"). A finding on the id line
    stays as it is.
    """
    text = ctx.text
    by_start = {f.start: f for f in findings}
    starts = [f.start for f in findings]
    protected = protected or Spans()

    def joins(word: str, at: int, other: Finding | None, certain: bool) -> bool:
        if not word[0].isupper() or protected.overlaps(at, at + len(word)):
            return False
        if other is not None:
            return other.category in JOINABLE and other.reason != ID_LINE
        if not certain:
            return False  # a maybe beside a word that is no name: not enough to go on
        return not (ctx.lexicon.capitalises_nouns and ctx.lexicon.is_common(word))

    chains: dict[int, tuple[int, int]] = {}  # by the start of each finding inside: the chain
    for finding in findings:
        if finding.category != "name" or finding.start in chains or finding.reason == ID_LINE:
            continue
        start, end, certain = finding.start, finding.end, finding.certain
        while start > 0 and text[start - 1] == "-":
            before = _HYPHEN_BEFORE.search(text, max(0, start - 64), start)
            if before is None:
                break
            at = before.start(1)
            # A finding that covers the word but starts before it (a place of two words,
            # "Nordre Aker-Kari") is not joined: it stops the walk.
            i = bisect.bisect_right(starts, at) - 1
            covering = findings[i] if i >= 0 and findings[i].end > at else None
            if covering is not None and covering.start != at:
                break
            if not joins(before.group(1), at, covering, certain):
                break
            certain = certain or bool(covering and covering.category == "name" and covering.certain)
            start = at
        while (after := _HYPHEN_AFTER.match(text, end)) is not None:
            other = by_start.get(after.start(1))
            if not joins(after.group(1), after.start(1), other, certain):
                break
            certain = certain or bool(other and other.category == "name" and other.certain)
            end = other.end if other is not None else after.end(1)  # a genitive -s stays out
        if (start, end) != (finding.start, finding.end):
            for inside in _within(findings, starts, start, end):
                chains[inside.start] = (start, end)
    if not chains:
        return list(findings)
    joined: list[Finding] = []
    done: set[tuple[int, int]] = set()
    for finding in findings:
        chain = chains.get(finding.start)
        if chain is None:
            joined.append(finding)
            continue
        if chain in done:
            continue
        done.add(chain)
        start, end = chain
        parts = _within(findings, starts, start, end)
        names = [f for f in parts if f.category == "name"]
        certain = any(f.certain for f in names)
        joined.append(
            dataclasses.replace(
                names[0],
                start=start,
                end=end,
                text=text[start:end],
                certain=certain,
                reason=f"{names[0].reason}, hyphenated name"
                if certain == names[0].certain
                else "hyphenated name: a certain name is part of it",
                label=any(f.label for f in parts),
                front_matter=any(f.front_matter for f in parts),
            )
        )
    return joined


# The next word on the same line, after spaces only: a surname follows its first name so.
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+(?:['\u2019-][^\W\d_]+)*)")
MAX_SURNAMES = 2


def full_names(
    findings: Sequence[Finding], ctx: _Context, protected: Spans | None = None
) -> list[Finding]:
    """A name followed by capitalised words is one full name: one finding.

    "Kari Nordmann" is one person with one pseudonym; replacing "Kari" alone would leave the
    surname in the text. The full name is certain when either part is a certain name. In a language that capitalises nouns (German), only a word that is
    itself a name, or one the language does not know, joins the name.
    """
    by_start = {f.start: f for f in findings}
    starts = [f.start for f in findings]
    absorbed: set[int] = set()
    merged: list[Finding] = []
    for finding in findings:
        if finding.start in absorbed:
            continue
        if finding.category == "name" and finding.reason != ID_LINE:
            end = finding.end
            certain = finding.certain
            for _ in range(MAX_SURNAMES):
                found = _NEXT_WORD.match(ctx.text, end)
                if found is None:
                    break
                word = found.group(1)
                other = by_start.get(found.start(1))
                # Findings inside a hyphenated word the name would take: one finding each.
                inside = _within(findings, starts, found.start(1) + 1, found.end(1))
                if any(f.category not in JOINABLE for f in inside):
                    break
                if len(word) < 2 or not word[0].isupper():
                    break
                if protected is not None and protected.overlaps(found.start(1), found.end(1)):
                    break  # a word the researcher keeps, or an interviewer's label
                if other is not None and other.category not in JOINABLE:
                    break
                if other is None and ctx.lexicon.capitalises_nouns and ctx.lexicon.is_common(word):
                    break
                if other is None and not certain:
                    break  # a maybe with an unknown word after it: not enough to go on
                absorbed.update(f.start for f in inside)
                if other is not None:
                    absorbed.add(other.start)
                    # "Bjørn" at a sentence start is a maybe, "Bjørn Hansen" is a name.
                    certain = certain or (other.category == "name" and other.certain)
                end = found.end(1)
            if end != finding.end:
                finding = dataclasses.replace(
                    finding,
                    end=end,
                    certain=certain,
                    text=ctx.text[finding.start : end],
                    reason=f"{finding.reason}, full name"
                    if certain == finding.certain
                    else "full name: a certain name follows",
                    label=finding.label or ctx.participant_labels.contains(finding.start, end),
                )
        merged.append(finding)
    return merged


def promote(findings: Sequence[Finding]) -> list[Finding]:
    """Capitalised maybes that are certain names elsewhere become certain too.

    "Per" at a sentence start may be the preposition, but not where "Per" is also a name in
    the middle of a sentence in the same corpus. Lower-case maybes stay maybes.
    """
    certain = {f.text for f in findings if f.category == "name" and f.certain}
    return [
        dataclasses.replace(f, certain=True, reason="a name elsewhere in the transcripts")
        if f.category == "name"
        and not f.certain
        and f.text[:1].isupper()
        and f.text in certain
        and f.reason != ID_LINE  # an id is a reference: renaming it is the researcher's
        else f
        for f in findings
    ]


def find_identifiers(
    transcript: Transcript,
    settings: AnonymizeSettings,
    language: str,
    pipeline: Pipeline | None = None,
) -> list[Finding]:
    """Every identifier and maybe in one transcript, sorted by position, not overlapping.

    ``language`` decides which words are common words and which names lists count as the
    transcript's own. ``pipeline`` is used only for its entities, when it has NER (the
    embedded pipeline has none). Interviewer speaker labels are left alone; participants'
    labels, the front matter and the text are all searched. Findings on the front matter's
    ``id:`` line are maybes: changing an id would break every reference to the transcript.
    """
    text = transcript.text
    names = (load_names() if settings.names else NameIndex()).with_people(settings.people)
    participants, interviewers = label_spans(transcript)
    ctx = _Context(
        text=text,
        settings=settings,
        language=language,
        names=names,
        lexicon=load_lexicon(language),
        group=GROUPS.get(language, frozenset()),
        participant_labels=Spans(participants),
    )
    body = front_matter_end(transcript)
    candidates: list[Finding] = []
    if settings.emails:
        candidates.extend(_emails(ctx))
    if settings.id_numbers:
        candidates.extend(_id_numbers(ctx))
    if settings.phones:
        candidates.extend(_phones(ctx))
    if settings.dates:
        candidates.extend(_dates(ctx))
    if settings.addresses:
        candidates.extend(_addresses(ctx))
    if settings.ages:
        candidates.extend(_ages(ctx, body))
    candidates.extend(_places(ctx))
    candidates.extend(_names(ctx))
    ner = entity_pipeline(pipeline) if settings.entities else None
    if ner is not None:
        candidates.extend(_entities(ctx, transcript, ner))

    protected = Spans(interviewers + _keep_spans(text, settings.keep))
    keep = set(settings.keep)
    id_lines = Spans(m.span() for m in _ID_LINE.finditer(text, 0, body))
    kept = []
    for finding in candidates:
        if finding.text in keep or protected.overlaps(finding.start, finding.end):
            continue
        if "\n" in finding.text:
            continue
        if finding.start < body:
            finding = dataclasses.replace(finding, front_matter=True)
            if id_lines.overlaps(finding.start, finding.end):
                finding = dataclasses.replace(finding, certain=False, reason=ID_LINE)
        elif ctx.participant_labels.contains(finding.start, finding.end):
            finding = dataclasses.replace(finding, label=True)
        kept.append(finding)
    return [
        dataclasses.replace(f, line=transcript.line_of(f.start))
        for f in full_names(
            hyphenated_names(promote(resolve(kept)), ctx, protected), ctx, protected
        )
    ]
