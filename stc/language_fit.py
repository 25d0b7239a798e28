"""Whether the transcripts are in the language stc.yaml names.

A wrong but valid ``language:`` (nb for Danish transcripts, nn for Bokmål) raises no error:
the lemmas, stems and stop words of another language are used, keywords match less, and
step 1's frequent terms fill with function words. Step 1 counts, per participant word, whether
the configured language's dictionary (simplemma's) knows it; in the right language nearly
every word is known (99.7 % on the sample), in a neighbour language fewer (79 % for the
sample read as nn or da, 57 % as sv; Danish read as nb, 85 %). Only when the share is low
are the other languages' dictionaries asked about a sample of the words, and only a language
that knows clearly more of them is named.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from stc.languages import LANGUAGES

# Below this share of known participant words, the other languages are asked (Danish read as
# nb is 85 % known: the neighbour languages share most everyday words); from NEAR_SHARE up,
# only the neighbours, each dictionary being half a second to decode.
LOW_SHARE = 0.93
NEAR_SHARE = 0.85
NEIGHBOURS = {
    "nb": ("da", "nn", "sv"),
    "nn": ("da", "nb"),
    "da": ("nb", "nn", "sv"),
    "sv": ("da", "nb"),
}
# Another language is named only when its dictionary knows this much more of the sample.
MARGIN = 0.05
# Too few words say nothing about the language.
MIN_WORDS = 200
SAMPLE_WORDS = 3000

_WORD = re.compile(r"[^\W\d_]+")


def sample_words(texts: Sequence[str], size: int = SAMPLE_WORDS) -> list[str]:
    """About ``size`` words, lower-cased, from texts spread over the whole sequence (every
    k-th text, in order): the same sample for the same texts."""
    if not texts:
        return []
    head = texts[:200]
    average = sum(len(_WORD.findall(text)) for text in head) / len(head)
    step = max(1, int(len(texts) * average / size))
    words: list[str] = []
    for text in texts[::step]:
        words.extend(word.lower() for word in _WORD.findall(text))
        if len(words) >= size:
            break
    return words[:size]


def known_shares(words: Sequence[str], languages: Iterable[str]) -> dict[str, float]:
    """Per language, the share of ``words`` its dictionary knows. Each dictionary is decoded
    in turn and let go (about a second each; a few hundred MB if all were kept)."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    factory = DefaultDictionaryFactory(cache_max_size=1)
    shares = {}
    for language in languages:
        dictionary = factory.get_dictionary(language)
        known = sum(1 for word in words if dictionary.get(word) is not None)
        shares[language] = known / len(words) if words else 0.0
    return shares


def language_note(
    language: str, known: int, words: int, texts: Callable[[], Sequence[str]]
) -> str | None:
    """A note when the participants' words (``known`` of ``words`` in the configured
    ``language``'s dictionary; ``texts`` gives their sentences, asked for only when few are
    known) fit another language clearly better; None when they fit the configured one, or
    too few were said to tell."""
    if words < MIN_WORDS or known >= LOW_SHARE * words:
        return None
    return _compared(language, known / words, sample_words(texts()))


def sample_note(language: str, texts: Sequence[str]) -> str | None:
    """``language_note`` from a sample of the participants' texts alone (`stc check`, which
    has no step-1 counts): the sample is drawn once."""
    sample = sample_words(texts)
    if len(sample) < MIN_WORDS:
        return None
    share = _known_share(sample, language)
    return None if share >= LOW_SHARE else _compared(language, share, sample)


def _known_share(sample: Sequence[str], language: str) -> float:
    from stc.keys import is_known  # the configured language's dictionary, decoded already

    return sum(1 for word in sample if is_known(word, language)) / len(sample)


def _compared(language: str, share: float, sample: Sequence[str]) -> str | None:
    """The note, when another language's dictionary knows clearly more of ``sample`` than
    ``language``'s; ``share`` is the configured language's share of all the words."""
    if len(sample) < MIN_WORDS:
        return None
    others = [other for other in sorted(LANGUAGES) if other != language]
    if share >= NEAR_SHARE:
        others = list(NEIGHBOURS.get(language, ()))
    shares = known_shares(sample, others)
    shares[language] = _known_share(sample, language)
    best = max(sorted(shares), key=lambda name: shares[name])
    if best == language or shares[best] < shares[language] + MARGIN:
        return None
    ours = LANGUAGES.get(language, language)
    theirs = LANGUAGES[best]
    return (
        f"only {share:.0%} of the participants' words are in the {ours} dictionary "
        f"(stc.yaml: language: {language}); of {len(sample)} of them, the {theirs} dictionary "
        f"knows {shares[best]:.0%} and the {ours} one {shares[language]:.0%}: if the "
        f"transcripts are in {theirs}, set language: {best} in stc.yaml (lemmas, stems and "
        f"stop words now come from {ours})"
    )
