"""A codebook's ``regex`` rules, run on RE2: linear time, whatever the pattern or the text.

Python's ``re`` backtracks, so one careless rule (``(a+)+$``) can hang a run on a long
sentence. RE2 cannot hang, but it lacks back-references, look-around, atomic groups and
possessive quantifiers (a rule using one is an error naming the construct), and its ``\\w``,
``\\d``, ``\\s`` and ``\\b`` know only ASCII. Rules are written in Python's syntax and mean
what they mean in Python: the classes are rewritten as Unicode classes, and a word boundary
becomes an empty group whose position is checked against Python's rule after each match
(a failed check moves on to the next start; write the longer of two alternatives first,
``jaså|ja``, where a boundary follows them).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import re2

_WORD = r"\p{L}\p{N}_"
_SPACE = r"\s\x0b\x1c-\x1f\x{85}\p{Z}"
# Outside a class, and inside one (where a negated class cannot be joined to others).
_CLASSES = {"w": f"[{_WORD}]", "W": f"[^{_WORD}]", "d": r"\p{Nd}", "D": r"\P{Nd}"}
_CLASSES |= {"s": f"[{_SPACE}]", "S": f"[^{_SPACE}]"}
_IN_CLASS = {"w": _WORD, "d": r"\p{Nd}", "D": r"\P{Nd}", "s": _SPACE}

_GROUP_PROBLEMS = {
    "(?=": "a look-ahead (?=…)",
    "(?!": "a negative look-ahead (?!…)",
    "(?<=": "a look-behind (?<=…)",
    "(?<!": "a negative look-behind (?<!…)",
    "(?P=": "a back-reference (?P=…)",
    "(?>": "an atomic group (?>…)",
    "(?(": "a conditional group (?(…)",
    "(?#": "a comment (?#…)",
}
MAX_RETRIES = 1000
"""Starts tried after failed boundary checks in one text, so a search stays linear-ish."""


class UnsupportedRegex(ValueError):
    """A construct RE2 cannot run; the message names it and the way out."""


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _construct(pattern: str, i: int) -> str | None:
    """The unsupported construct starting at ``pattern[i]`` (outside a class), if any."""
    for opening, name in _GROUP_PROBLEMS.items():
        if pattern.startswith(opening, i):
            return name
    return None


def translate(pattern: str) -> tuple[str, list[tuple[int, bool]]]:
    """RE2 syntax for a Python pattern, and its boundary markers: (group number, True for
    ``\\b`` or False for ``\\B``). Raises ``UnsupportedRegex``."""
    out: list[str] = []
    boundaries: list[tuple[int, bool]] = []
    groups = 0
    i = 0
    in_class = False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            i += 2
            if nxt.isdigit() and nxt != "0" and not in_class:
                raise UnsupportedRegex(f"a back-reference (\\{nxt})")
            if nxt == "g" and pattern.startswith("<", i):
                raise UnsupportedRegex("a back-reference (\\g<…>)")
            if in_class:
                if nxt in ("W", "S"):
                    raise UnsupportedRegex(f"\\{nxt} inside [ ]; write the class as [^…] instead")
                out.append(_IN_CLASS.get(nxt, r"\x08" if nxt == "b" else "\\" + nxt))
            elif nxt in ("b", "B"):
                groups += 1
                boundaries.append((groups, nxt == "b"))
                out.append("()")
            elif nxt == "Z":
                out.append(r"\z")
            else:
                out.append(_CLASSES.get(nxt, "\\" + nxt))
            continue
        if in_class:
            if ch == "]" and not _class_start(out):
                in_class = False
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            if pattern.startswith("^", i):
                out.append("^")
                i += 1
            if pattern.startswith("]", i):  # a ']' first in a class is a literal
                out.append(r"\]")
                i += 1
            continue
        if ch == "(" and (name := _construct(pattern, i)):
            raise UnsupportedRegex(name)
        if ch == "(" and (not pattern.startswith("?", i + 1) or pattern.startswith("?P<", i + 1)):
            groups += 1
        if ch == "+" and i > 0 and pattern[i - 1] in "*+?}" and not _escaped(pattern, i - 1):
            raise UnsupportedRegex(f"a possessive quantifier ({pattern[i - 1]}+)")
        out.append(ch)
        i += 1
    return "".join(out), boundaries


def _class_start(out: list[str]) -> bool:
    """Whether nothing but '[' (or '[^') has been written of the current class."""
    return bool(out) and (out[-1] == "[" or (out[-1] == "^" and len(out) > 1 and out[-2] == "["))


def _escaped(pattern: str, i: int) -> bool:
    backslashes = 0
    while i - 1 - backslashes >= 0 and pattern[i - 1 - backslashes] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


@dataclass(frozen=True)
class Match:
    """One match of a rule: where it is in the text, and its text."""

    start: int
    end: int
    text: str

    def group(self, index: int = 0) -> str:
        return self.text


# Memory RE2 may use for the set of a codebook's rules (its default is 8 MiB).
SET_MEMORY = 64 << 20


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # RE2 would log to stderr; the message says it all
    options.case_sensitive = False
    return options


POSIX_CLASS = re.compile(
    r"\[:\^?(?:alpha|digit|alnum|upper|lower|space|punct|word|blank|cntrl|graph|print|xdigit|ascii):\]"
)


class PatternSet:
    """Many rules tested in one pass: which of them may match a text.

    A rule whose word-boundary markers fail can still be in the answer (the set runs the
    translated pattern without them), so the answer is a superset; ``finditer`` decides.
    """

    def __init__(self, patterns: list[RulePattern]) -> None:
        self._all = list(range(len(patterns)))
        self._set: re2.Set | None = None
        if not patterns:
            return
        options = _options()
        options.max_mem = SET_MEMORY
        candidate = re2.Set.SearchSet(options)
        try:
            for pattern in patterns:
                candidate.Add(pattern.translated)
            candidate.Compile()
        except re2.error:
            # Rules that each compile can together pass RE2's memory budget (bounded repeats
            # multiply): then every rule is simply tried on every sentence, as one at a time.
            return
        self._set = candidate

    def candidates(self, text: str) -> list[int]:
        """The numbers (in the order given) of the rules that may match ``text``, sorted."""
        if self._set is None:
            return self._all
        return sorted(self._set.Match(text) or ())


class RulePattern:
    """A compiled rule: ``finditer`` and ``pattern`` as in ``re``, case-insensitive."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        posix = POSIX_CLASS.search(pattern)
        if posix is not None:
            # RE2 reads "[[:alpha:]]" as a class of letters; Python, whose meaning stc's rules
            # keep, reads a set of ":", "a", "l", … and warns on the terminal.
            raise ValueError(
                f"regular expression '{pattern}' uses the POSIX class '{posix.group(0)}', "
                "which Python's regular expressions do not have; write [^\\W\\d_] for a "
                "letter, \\d for a digit, \\s for a space"
            )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FutureWarning)  # a nested set, as "[[a]"
                re.compile(pattern)
        except re.error as exc:
            raise ValueError(
                f"invalid regular expression '{pattern}': {exc}; fix it or quote it in "
                "single quotes so YAML keeps backslashes"
            ) from None
        try:
            translated, self._boundaries = translate(pattern)
        except UnsupportedRegex as exc:
            raise UnsupportedRegex(
                f"regular expression '{pattern}' uses {exc}, which stc's linear-time engine "
                "(RE2) cannot run; rewrite the rule without it (list the words it should find, "
                "or add an exclude keyword)"
            ) from None
        self.translated = translated
        try:
            self._compiled = re2.compile(translated, _options())
        except re2.error as exc:
            detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
            raise UnsupportedRegex(
                f"regular expression '{pattern}' cannot run on stc's linear-time engine (RE2: "
                f"{detail}); rewrite the rule without that construct"
            ) from None

    def _markers_hold(self, text: str, found: re2._Match) -> bool:
        """Whether each word-boundary marker the match passed sits where Python's rule holds."""
        for index, wanted in self._boundaries:
            position = found.start(index)
            if position < 0:  # the marker's branch took no part in the match
                continue
            before = position > 0 and _is_word(text[position - 1])
            after = position < len(text) and _is_word(text[position])
            if (before != after) != wanted:
                return False
        return True

    def finditer(self, text: str) -> Iterator[Match]:
        """Every non-overlapping match, left to right, as ``re.finditer`` finds them."""
        pos = 0
        retries = 0
        while pos <= len(text):
            found = self._compiled.search(text, pos)
            if found is None:
                return
            start, end = found.span()
            if self._boundaries and not self._markers_hold(text, found):
                retries += 1
                if retries > MAX_RETRIES:
                    return
                pos = start + 1
                continue
            yield Match(start, end, text[start:end])
            pos = end if end > start else end + 1
