"""National identity numbers: which digit strings are real ones, by date and checksum.

- Norwegian fødselsnummer (11 digits, DDMMYY + 3 individual digits + 2 mod-11 control
  digits). D-numbers add 4 to the first digit, H-numbers 4 to the third; synthetic test
  numbers (Skatteetaten, NAV) add 8 to it. Both control digits must hold.
- Danish CPR (DDMMYY-SSSS). The mod-11 check was dropped in 2007 (numbers without it are
  issued since), so a CPR is flagged when its date is a real date, the century taken from
  the seventh digit. Written without the hyphen, ten digits are too common for a date alone
  to say much, so there the mod-11 check is required (or the Swedish check below).
- Swedish personnummer (YYMMDD-NNNC or YYYYMMDD-NNNC, ``+`` for people over 100):
  a real date (coordination numbers add 60 to the day) and the Luhn check digit.
"""

from __future__ import annotations

import datetime as dt

FNR_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
FNR_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
CPR_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _mod11_control(digits: str, weights: tuple[int, ...]) -> int | None:
    """The mod-11 control digit, or None when none exists (remainder 1 → 10)."""
    rest = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    if rest == 11:
        return 0
    return None if rest == 10 else rest


def _fnr_century(individual: int, yy: int) -> int | None:
    if individual <= 499:
        return 1900
    if individual <= 749 and yy >= 54:
        return 1800
    if individual >= 500 and yy <= 39:
        return 2000
    if individual >= 900 and yy >= 40:
        return 1900
    return None


def is_fodselsnummer(number: str) -> bool:
    """A Norwegian fødselsnummer or D-number: 11 digits, a real date, both control digits."""
    if len(number) != 11 or not number.isdigit():
        return False
    day, month, yy = int(number[0:2]), int(number[2:4]), int(number[4:6])
    if day > 40:  # D-number
        day -= 40
    if month > 80:  # synthetic test number
        month -= 80
    elif month > 40:  # H-number
        month -= 40
    century = _fnr_century(int(number[6:9]), yy)
    if century is None or not _real_date(century + yy, month, day):
        return False
    k1 = _mod11_control(number[:9], FNR_WEIGHTS_1)
    if k1 is None or k1 != int(number[9]):
        return False
    k2 = _mod11_control(number[:10], FNR_WEIGHTS_2)
    return k2 is not None and k2 == int(number[10])


def _cpr_century(seventh: int, yy: int) -> int:
    if seventh <= 3:
        return 1900
    if seventh in (4, 9):
        return 2000 if yy <= 36 else 1900
    return 2000 if yy <= 57 else 1800


def cpr_date_is_real(number: str) -> bool:
    """A Danish CPR number's date (DDMMYY, century from the seventh digit) is a real date."""
    if len(number) != 10 or not number.isdigit():
        return False
    day, month, yy = int(number[0:2]), int(number[2:4]), int(number[4:6])
    return _real_date(_cpr_century(int(number[6]), yy) + yy, month, day)


def cpr_mod11(number: str) -> bool:
    """The pre-2007 CPR checksum: the weighted digit sum is divisible by 11."""
    return sum(int(d) * w for d, w in zip(number, CPR_WEIGHTS, strict=True)) % 11 == 0


def luhn(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = int(char) * (2 if i % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def is_personnummer(number: str) -> bool:
    """A Swedish personnummer or coordination number (10 or 12 digits, without separator)."""
    if not number.isdigit() or len(number) not in (10, 12):
        return False
    short = number[-10:]
    month, day = int(short[2:4]), int(short[4:6])
    if day > 60:  # coordination number
        day -= 60
    # Without the century any year will do, but 2000 is a leap year, so 29 February passes.
    year = int(number[:4]) if len(number) == 12 else 2000
    return _real_date(year, month, day) and luhn(short)


def is_id_number(digits: str, separated: bool) -> bool:
    """Whether a digit string (separators removed) is a national identity number.

    ``separated`` says the number was written with a separator after the date
    (``150385-1234``); that makes a ten-digit number a CPR on its date alone.
    """
    if len(digits) == 11:
        return is_fodselsnummer(digits)
    if len(digits) == 12:
        return is_personnummer(digits)
    if len(digits) == 10:
        if is_personnummer(digits):
            return True
        if separated:
            return cpr_date_is_real(digits)
        return cpr_date_is_real(digits) and cpr_mod11(digits)
    return False
