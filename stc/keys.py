"""Token keys: every form under which a keyword may find a word.

A single dictionary lemma per word form is often the wrong one (nb *deler* → "delere", da
*svært* → "sværte"), so a token carries several keys, each computed once per word form and
language and all of them exact strings, so a matcher can index them:

- ``form``: the lower-cased form, and ``lemma``: the pipeline's lemma (what stc always used);
- ``candidates``: other lemmas the form can be an inflection of: the form itself when it is a
  dictionary lemma, and the form with one inflectional ending removed when that is a
  dictionary lemma (nb *deler* → *dele*, *del*; da *svært* → *svær*);
- ``stem``: the Snowball stem (PyStemmer), used only for words the dictionary does not know
  (*ruskonsulenten*), where no lemma can be trusted.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import Stemmer
from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

KeyType = Literal["form", "lemma", "candidate", "stem", "wildcard"]
# Strongest first: a match is reported under the strongest key that agrees.
KEY_TYPES: tuple[KeyType, ...] = ("form", "lemma", "candidate", "stem", "wildcard")
ALL_KEYS: frozenset[KeyType] = frozenset(KEY_TYPES)
# What stc matched with before tokens had several keys; the quality benchmark's baseline.
BASIC_KEYS: frozenset[KeyType] = frozenset({"form", "lemma", "wildcard"})
KEY_LABELS: dict[str, str] = {
    "form": "form",
    "lemma": "lemma",
    "candidate": "other lemma",
    "stem": "stem",
    "wildcard": "wildcard",
}

SNOWBALL: dict[str, str] = {
    "nb": "norwegian",
    "nn": "norwegian",
    "da": "danish",
    "sv": "swedish",
    "en": "english",
    "de": "german",
}

# A lemma guessed by taking an ending off must be at least this long.
MIN_GUESS = 3
# A stem shorter than this is shared by too many unrelated words (da "bar", nb "led").
MIN_STEM = 4

# Inflectional endings and what replaces them to give a lemma: (ending, replacement). Only a
# result that is itself a dictionary lemma becomes a candidate, so a wrong guess costs nothing.
_NORWEGIAN = (
    ("r", ""),  # present tense: deler → dele, lytter → lytte
    ("er", ""),  # plural: deler → del, sprekker → sprekk
    ("ene", ""),
    ("en", ""),
    ("et", ""),
    ("a", ""),
    ("e", ""),  # plural / definite adjectives: gode → god
    ("t", ""),  # neuter adjectives: godt → god
    ("te", "e"),  # past tense: delte → dele
    ("et", "e"),
    ("de", "e"),
    ("s", ""),
    ("ere", "er"),  # nouns in -er: ledere → leder
    ("erne", "er"),
)
ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "nb": _NORWEGIAN,
    "nn": (*_NORWEGIAN, ("ar", ""), ("ane", ""), ("ar", "e"), ("a", "e")),
    "da": (
        ("r", ""),
        ("er", ""),
        ("ene", ""),
        ("erne", ""),
        ("en", ""),
        ("et", ""),
        ("e", ""),
        ("t", ""),  # svært → svær, godt → god
        ("te", "e"),
        ("ede", "e"),
        ("s", ""),
        ("ere", "er"),  # nouns in -er: lederne → leder
        ("erne", "er"),
    ),
    "sv": (
        ("r", ""),  # delar → dela
        ("ar", ""),
        ("er", ""),
        ("or", ""),
        ("na", ""),
        ("en", ""),
        ("et", ""),
        ("n", ""),
        ("t", ""),  # svårt → svår
        ("a", ""),
        ("e", ""),
        ("de", "a"),
        ("de", ""),  # lyssnade → lyssna
        ("te", "a"),
        ("or", "a"),  # sprickor → spricka
        ("s", ""),
    ),
    "en": (
        ("s", ""),
        ("es", ""),
        ("ies", "y"),
        ("ed", ""),
        ("ed", "e"),
        ("ied", "y"),
        ("ing", ""),
        ("ing", "e"),
        ("er", ""),
        ("est", ""),
    ),
    "de": (
        ("e", ""),
        ("en", ""),
        ("n", ""),
        ("er", ""),
        ("es", ""),
        ("s", ""),
        ("t", ""),
        ("st", ""),
        ("te", "en"),
        ("t", "en"),
        ("e", "en"),
    ),
}

# Inflected forms whose dictionary lemma is another word or the form itself (simplemma: en
# "felt" → "felt", "gone" → "gan"; sv "känt" → "känd"), with the lemma they also belong to.
# Forms that are as often another word ("bit", "left", "thought", "så", "satt", "tog") are left
# out: each of them would suggest the code wherever the other word stands.
IRREGULAR: dict[str, dict[str, str]] = {
    "nb": {"gråt": "gråte", "grepet": "gripe"},
    "nn": {"gav": "gi"},
    "da": {"fundet": "finde", "faldet": "falde", "drukket": "drikke"},
    "sv": {
        "känt": "känna",
        "kände": "känna",
        "kändes": "kännas",
        "syns": "synas",
        "sålde": "sälja",
        "sålt": "sälja",
        "dött": "dö",
    },
    "en": {
        "felt": "feel",
        "gone": "go",
        "broke": "break",
        "shook": "shake",
        "won": "win",
        "swore": "swear",
        "drunk": "drink",
    },
    "de": {"gedacht": "denken"},
}


@dataclass(frozen=True)
class TokenKeys:
    """The keys of one word form: exact strings, so a matcher can look them up in an index."""

    form: str
    lemma: str
    candidates: frozenset[str]
    stem: str | None
    known: bool


@functools.lru_cache(maxsize=16)
def _dictionary(language: str) -> Mapping[str, str]:
    return DEFAULT_DICTIONARY_FACTORY.get_dictionary(language)


def preload(language: str) -> None:
    """Decode simplemma's dictionary for ``language`` now (about a second): worker processes
    forked after this share it instead of each decoding their own. simplemma's lemmatizer
    reads the same copy."""
    _dictionary(language)


@functools.lru_cache(maxsize=16)
def dictionary_lemmas(language: str) -> frozenset[str]:
    """Every lemma simplemma's dictionary for ``language`` leads to, lower-cased."""
    dictionary = _dictionary(language)
    raw = getattr(dictionary, "_dict", None)
    if isinstance(raw, dict):  # simplemma's own store: bytes values, read 10x faster
        return frozenset(v.decode().lower() for v in set(raw.values()))
    return frozenset(v.lower() for v in dictionary.values())


def is_known(word: str, language: str) -> bool:
    """Whether simplemma's dictionary holds the word form (or its lower-cased form)."""
    dictionary = _dictionary(language)
    return dictionary.get(word) is not None or dictionary.get(word.lower()) is not None


@functools.lru_cache(maxsize=16)
def _stemmer(language: str) -> Stemmer.Stemmer | None:
    name = SNOWBALL.get(language)
    return Stemmer.Stemmer(name) if name else None


@functools.lru_cache(maxsize=500_000)
def stem(word: str, language: str) -> str | None:
    """The Snowball stem of a lower-cased word, or None when it is too short to trust."""
    stemmer = _stemmer(language)
    if stemmer is None:
        return None
    found: str = stemmer.stemWord(word)
    return found if len(found) >= MIN_STEM else None


@functools.lru_cache(maxsize=500_000)
def candidate_lemmas(form: str, language: str) -> frozenset[str]:
    """Lemmas a lower-cased word form may belong to besides simplemma's single answer."""
    lemmas = dictionary_lemmas(language)
    found = {form} if form in lemmas else set()
    if (irregular := IRREGULAR.get(language, {}).get(form)) is not None:
        found.add(irregular)
    for ending, replacement in ENDINGS.get(language, ()):
        if form.endswith(ending) and len(form) - len(ending) >= 2:
            guess = form[: len(form) - len(ending)] + replacement
            # Two-letter lemmas are mostly coincidences (nb tør → "tø", het → "he").
            if len(guess) >= MIN_GUESS and guess in lemmas:
                found.add(guess)
    return frozenset(found)


@functools.lru_cache(maxsize=500_000)
def token_keys(form: str, lemma: str, language: str) -> TokenKeys:
    """The keys of a token with lower-cased ``form`` and lower-cased ``lemma``."""
    known = is_known(form, language)
    return TokenKeys(
        form=form,
        lemma=lemma,
        candidates=candidate_lemmas(form, language) | {lemma},
        # A word the dictionary knows has trusted lemmas; its stem would only add homonyms.
        stem=None if known else stem(form, language),
        known=known,
    )


@functools.cache
def keys_fingerprint() -> str:
    """What a token's keys depend on besides its form and lemma: stc's rules for them and the
    versions of the dictionaries and stemmer. Part of every cache key that stores keys, so an
    upgrade never reads keys an older version computed."""
    import hashlib

    from stc import __version__
    from stc.nlp import package_version as version

    rules = repr(
        (
            sorted(ENDINGS.items()),
            sorted(IRREGULAR.items()),
            MIN_GUESS,
            MIN_STEM,
            SNOWBALL,
            KEY_TYPES,
        )
    )
    return (
        f"stc-{__version__}/simplemma-{version('simplemma')}/pystemmer-{version('PyStemmer')}/"
        f"rules-{hashlib.sha256(rules.encode()).hexdigest()[:12]}"
    )
