"""Flags that help a researcher decide on a suggestion: they explain, they never decide.

Computed when a sentence is coded and shown wherever a suggestion is shown:
- ``negation``: a negation word stands within a few tokens of a matched word (*ikke redd*);
- ``contrast``: the unit opens with a contrast marker (*Men …*), so it may turn against
  what came before;
- ``form``: the matched word is another word than the keyword (its lemma differs, or a
  wildcard matched a longer compound), so its meaning may differ too.

A flag is ``kind:word``, e.g. ``negation:ikke``, ``contrast:men``, ``form:sprakk``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from stc.codebook.matcher import Evidence

if TYPE_CHECKING:
    from spacy.language import Language

NEGATIONS: dict[str, frozenset[str]] = {
    "nb": frozenset(
        ["ikke", "ikkje", "ingen", "intet", "ingenting", "aldri", "verken", "hverken", "inga"]
    ),
    "nn": frozenset(["ikkje", "ikke", "ingen", "inkje", "ingenting", "aldri", "korkje", "verken"]),
    "da": frozenset(["ikke", "ingen", "intet", "ingenting", "aldrig", "hverken", "ej"]),
    "sv": frozenset(
        ["inte", "icke", "ingen", "inget", "inga", "ingenting", "aldrig", "varken", "ej"]
    ),
    "en": frozenset(
        [
            "not",
            "no",
            "never",
            "nobody",
            "nothing",
            "none",
            "neither",
            "nor",
            "n't",
            "cannot",
            "without",
        ]
    ),
    "de": frozenset(
        [
            "nicht",
            "kein",
            "keine",
            "keinen",
            "keinem",
            "keiner",
            "nie",
            "niemals",
            "nichts",
            "weder",
        ]
    ),
}
CONTRASTS: dict[str, frozenset[str]] = {
    "nb": frozenset(["men", "mens", "selv om", "likevel", "derimot", "fast"]),
    "nn": frozenset(["men", "medan", "sjølv om", "likevel", "derimot"]),
    "da": frozenset(["men", "mens", "selvom", "selv om", "alligevel", "derimod", "dog"]),
    "sv": frozenset(["men", "medan", "fast", "fastän", "ändå", "däremot"]),
    "en": frozenset(["but", "though", "although", "however", "yet", "whereas", "still"]),
    "de": frozenset(["aber", "doch", "obwohl", "jedoch", "dagegen", "sondern"]),
}
# How far from a matched word a negation still counts: Nordic word order puts it before
# ("jeg var ikke redd", "syntes egentlig ikke det var kjedelig") or just after ("redd var jeg
# ikke").
BEFORE = 4
AFTER = 3
# Letters a wildcard match may add to its stem before it counts as a compound, not an
# inflection (-ene, -ane, -het).
COMPOUND = 4


def _words(evidence: Iterable[Evidence]) -> set[str]:
    return {w.lower() for e in evidence for m in e.matched for w in m.split()}


def _matched_positions(tokens: Sequence[TokenLike], evidence: Iterable[Evidence]) -> list[int]:
    words = _words(evidence)
    return [i for i, t in enumerate(tokens) if t.lower_ in words]


def _folded(word: str) -> str:
    """A lower-case word as the negation lists spell it: Word writes "wasn’t", and the
    tokenizer splits off "n’t"; a Nordic keyboard's acute accent ("don\u00b4t") is not split
    off at all. Each is "n't"."""
    word = word.replace("\u2019", "'").replace("\u00b4", "'")
    return "n't" if word.endswith("n't") else word


def _named_negations(
    lowers: Sequence[str], evidence: Iterable[Evidence], negations: frozenset[str]
) -> set[int]:
    """Positions of negation words inside a matched phrase that says them (most matches say
    none: then no token is read); ``lowers``: the sentence's words, folded."""
    phrases = [
        words
        for e in evidence
        for match in e.matched
        if negations.intersection(words := [_folded(w) for w in match.lower().split()])
    ]
    named: set[int] = set()
    if not phrases:
        return named
    for words in phrases:
        for i in range(len(lowers) - len(words) + 1):
            if lowers[i : i + len(words)] == words:
                named.update(i + k for k, w in enumerate(words) if w in negations)
    return named


class TokenLike(Protocol):
    """What the flags read of a token: a spaCy ``Token`` or a ``stc.tokens.Token``."""

    @property
    def text(self) -> str: ...
    @property
    def lower_(self) -> str: ...
    @property
    def lemma_(self) -> str: ...
    @property
    def is_space(self) -> bool: ...
    @property
    def is_punct(self) -> bool: ...


def sentence_flags(
    sent: Iterable[TokenLike],
    codes: dict[str, tuple[Evidence, ...]],
    language: str,
    keyword_lemma: Callable[[str], str],
) -> dict[str, tuple[str, ...]]:
    """Per code, the negation and word-form flags of one coded sentence."""
    tokens = [t for t in sent if not t.is_space and not t.is_punct]
    negations = NEGATIONS.get(language, NEGATIONS["en"])
    lowers = [_folded(t.lower_) for t in tokens]
    flags: dict[str, tuple[str, ...]] = {}
    for code, evidence in codes.items():
        found: list[str] = []
        # A negation inside a match of the rule that names it ("kan inte", "ikke alene") is
        # what the researcher asked for, not a negation that turns the match around; the same
        # word elsewhere in the sentence still is.
        named = _named_negations(lowers, evidence, negations)
        positions = _matched_positions(tokens, evidence)
        for i in positions:
            for j in range(max(0, i - BEFORE), min(len(tokens), i + AFTER + 1)):
                word = lowers[j]
                if word in negations and j not in named and f"negation:{word}" not in found:
                    found.append(f"negation:{word}")
        # A word a plain keyword of the code finds by its form or lemma is no other word (a
        # wildcard's compound still is).
        exact = {
            w.lower()
            for e in evidence
            if "*" not in e.pattern
            for w, key in zip(e.matched, e.keys, strict=False)
            if key in ("form", "lemma")
        }
        for e in evidence:
            # A word found by another lemma or by its stem is another word than the keyword.
            for word, key in zip(e.matched, e.keys, strict=False):
                form = f"form:{word.lower()}"
                if key in ("candidate", "stem") and word.lower() not in exact and form not in found:
                    found.append(form)
            if e.rule != "keyword" or " " in e.pattern.strip():
                continue
            if "*" in e.pattern:
                stem = e.pattern.strip("*").lower()
                # An inflection (skam* → skammen) keeps the meaning; a compound may not.
                differs = [m for m in e.matched if len(m) - len(stem) > COMPOUND]
            else:
                wanted = keyword_lemma(e.pattern)
                differs = [
                    t.text
                    for t in tokens
                    if t.lower_ in {m.lower() for m in e.matched}
                    and (t.lemma_ or t.lower_).lower() != wanted
                    and t.lower_ != e.pattern.lower()
                ]
            for word in differs:
                flag = f"form:{word.lower()}"
                if word.lower() not in exact and flag not in found:
                    found.append(flag)
        if found:
            flags[code] = tuple(found)
    return flags


@functools.lru_cache(maxsize=8)
def keyword_lemmatizer(nlp: Language) -> Callable[[str], str]:
    """A cached function from a one-word keyword to its lower-cased lemma; one per pipeline,
    so that every transcript of a run shares the cache."""
    cache: dict[str, str] = {}

    def lemma(word: str) -> str:
        if word not in cache:
            tokens = [t for t in nlp(word) if not t.is_space]
            cache[word] = (tokens[0].lemma_ or tokens[0].lower_).lower() if tokens else word
        return cache[word]

    return lemma


def contrast_flag(first_words: Sequence[str], language: str) -> str | None:
    """``contrast:<word>`` when a unit opens with a contrast marker, else None."""
    markers = CONTRASTS.get(language, CONTRASTS["en"])
    words = [w.lower() for w in first_words if w.strip()]
    if not words:
        return None
    if words[0] in markers:
        return f"contrast:{words[0]}"
    if len(words) > 1 and f"{words[0]} {words[1]}" in markers:
        return f"contrast:{words[0]} {words[1]}"
    return None
