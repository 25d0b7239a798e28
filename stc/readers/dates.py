"""The date a transcript's heading gives ("Dato: 14. mars 2024", "Datum: 2024-03-14",
"Date: March 14, 2024"), so that the saturation table can order the interviews without a
``date`` in the front matter."""

from __future__ import annotations

import datetime
import re

# Month names and their usual abbreviations in stc's languages (nb, nn, da, sv, en, de).
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            "januar januari january jan",
            "februar februari february feb",
            "mars marts march märz mar",
            "april apr",
            "mai maj may",
            "juni june jun",
            "juli july jul",
            "august augusti aug",
            "september sep sept",
            "oktober october okt oct",
            "november nov",
            "desember december dezember des dec dez",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH = r"(?P<month>[^\W\d_]{3,9})\.?"
_YEAR = r"(?P<year>\d{4})"
DATES = (
    re.compile(r"\b(?P<year>\d{4})-(?P<num>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})[./-](?P<num>\d{1,2})[./-]" + _YEAR + r"\b"),
    re.compile(r"\b(?P<day>\d{1,2})\.?\s+" + _MONTH + r"\s+" + _YEAR + r"\b"),
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR + r"\b"),
)
# Words before a date that make it a birth date ("f. 14.05.1998", "født", "born").
BIRTH = re.compile(r"(?:\bf\.|\bfødt|\bfødd|\bfödd|\bborn|\bgeb\.|\bgeboren)\s*(?:den\s*)?$", re.I)
# The heading fields that give the interview's date.
DATE_FIELDS = frozenset(
    {"dato", "date", "datum", "intervjudato", "interviewdato", "intervjudatum"}
    | {"interviewdatum", "interview date", "date of interview", "tidspunkt"}
)


def dates_in(value: str) -> list[tuple[int, datetime.date]]:
    """Every date written in ``value``, with where it starts, in the order written; day
    before month where digits alone say it (as Nordic and German dates are written)."""
    found = []
    for pattern in DATES:
        for match in pattern.finditer(value):
            parts = match.groupdict()
            number = parts.get("num")
            month = int(number) if number else MONTHS.get(parts["month"].casefold(), 0)
            try:
                day = datetime.date(int(parts["year"]), month, int(parts["day"]))
            except ValueError:
                continue  # no such day, or no month name
            found.append((match.start(), day))
    return sorted(found)


def parse_date(value: str) -> datetime.date | None:
    """The first date written in ``value``; None when there is none."""
    found = dates_in(value)
    return found[0][1] if found else None
