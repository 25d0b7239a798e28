"""STC step 1, total impression: the landscape of the material before the researcher reads it.

``analyse`` turns parsed transcripts into data: an overview of who said how much, frequent
content words and phrases, distinctive terms (log-likelihood keyness, each transcript against
the rest and the corpus against general language) and candidate themes (NMF over TF-IDF of
content lemmas). ``impression_files`` renders ``impression.md``, ``terms.csv`` and
``themes.draft.yaml``. All of it is a prompt for reading: in STC the researcher reads every
transcript and decides the preliminary themes.
"""

from __future__ import annotations

import errno
import functools
import logging
import math
import operator
import os
import re
import tempfile
import unicodedata
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pandas as pd
import yaml

from stc.config import Project
from stc.corpus import load_transcripts
from stc.errors import StcError
from stc.impression_wording import Phrases
from stc.keys import candidate_lemmas, preload
from stc.language_fit import language_note
from stc.languages import LANGUAGES
from stc.marks import outside_marks
from stc.messages import message
from stc.nlp import ParsedTranscript, Pipeline, load_pipeline
from stc.output import Content, Streamed, csv_chunks, write_outputs
from stc.tokens import Token as TableToken
from stc.tokens import (
    TokenTask,
    TranscriptTokens,
    WordType,
    as_tokens,
    task_tokens,
    token_tasks,
)
from stc.types import Transcript
from stc.units import normalise_space, normalised_id
from stc.wording import number, percent

if TYPE_CHECKING:
    from spacy.tokens import Token

log = logging.getLogger("stc")

DEFAULT_THEMES = 6
# wordfreq's lists are proportions; G2 needs counts, so general language is taken as a
# reference corpus of this many words (the lists are built from corpora of billions).
REFERENCE_WORDS = 1_000_000_000
# G2 above 3.84 is significant at p < 0.05 (one degree of freedom).
SIGNIFICANT = 3.84
TOP_TERMS = 30
TOP_PHRASES = 20
TOP_DISTINCTIVE = 10
TOP_GENERAL = 20
THEME_TERMS = 8
DRAFT_KEYWORDS = 6
EXAMPLES = 3
# Sentences alone are too short to share vocabulary, so themes are learned from passages of up
# to this many consecutive sentences of one turn (about one answer); each sentence is then
# assigned on its own.
PASSAGE_SENTENCES = 8
MIN_PASSAGES_PER_THEME = 3
MIN_TERMS_PER_THEME = 2
MIN_EXAMPLE_LEMMAS = 3


# Words of spoken interviews that carry no content: hesitations, back-channels, transcription
# marks such as (ler)/(pause), and function words spaCy's lists lack. Matched against forms and
# lemmas (simplemma gives "le" for "ler").
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


EXTRA_STOP_WORDS: dict[str, frozenset[str]] = {
    "nb": _words(
        "asså typ ba ikkje bare "
        "eh ehm ehh øh øhm hm hmm mm mhm aha åja ja nei jo vel liksom sånn sånt sånne altså "
        "ler le latter pause sukk sukker okei ok takk hva hvordan hvorfor hvem hvor hvis fordi "
        "kanskje egentlig faktisk nesten min mi mitt mine din di ditt dine deres dere hver "
        "hvert akkurat ingenting to tre an"  # an: the particle of "går an", "kommer an på"
    ),
    "nn": _words(
        "eh ehm ehh øh øhm hm hmm mm mhm aha ja nei jo vel liksom sånn sånt sånne altså ler le "
        "latter pause sukk okei ok takk eg ikkje kva korleis kvifor kven kvar viss fordi "
        "kanskje eigentleg faktisk nesten ho dei deira vere vore berre noko nokon nokre mykje "
        "sjølv òg frå me dykk hennar mi mitt mine di ditt dine då no ein eit ei ingenting to "
        "tre an"
    ),
    "da": _words(
        "bare når sin sine sit godt helt rigtig lige nok vel asså typ "
        "øh øhm hm hmm mm mhm ja nej jo altså ligesom sådan sådant griner latter pause sukker "
        "okay ok tak hvad hvordan hvorfor hvem hvor hvis fordi måske egentlig faktisk næsten "
        "ingenting to tre suk jamen"
    ),
    "sv": _words(
        "asså ba väldigt bara ju "
        "eh ehm öh öhm hm hmm mm mhm ja nej jo liksom typ sån sånt sånna alltså skrattar "
        "skratt paus suckar okej ok tack vad hur varför vem var om eftersom kanske egentligen "
        "faktiskt nästan ingenting två tre väl suck sucka sen"  # sen: colloquial "sedan"
    ),
    "en": _words(
        "uh um erm er hmm hm mm mhm yeah yes no okay ok oh well like laughs laughter pause "
        "sighs sigh thanks"
    ),
    "de": _words(
        "äh ähm öh hm hmm mhm ja nein jo halt eben also lacht lachen pause seufzt okay ok "
        "danke irgendwie eigentlich vielleicht seufzen"
    ),
}

# spaCy's Norwegian list comes from news text and holds nouns that are themes in interviews.
KEEP_WORDS: dict[str, frozenset[str]] = {
    "nb": frozenset({"leder", "kamp", "kampen", "kontakt", "mennesker"}),
    "nn": frozenset({"leder", "kamp", "kampen", "kontakt", "mennesker"}),
}

# Verbs and nouns of talking and thinking frame every answer ("jeg tenkte at …", "hun sa …"):
# frequent in every passage, they would pull all candidate themes together. They stay in the
# frequency lists and terms.csv; only the theme vocabulary leaves them out.
TALK_WORDS: dict[str, frozenset[str]] = {
    "nb": _words(
        "tenke tro vite si snakke fortelle synes mene høre sitte skjønne huske skje ting måte "
        "gang etterpå aldri alltid ofte"
    ),
    "nn": _words(
        "tenkje tru vite seie snakke fortelje synast meine høyre sitje skjøne hugse skje ting "
        "måte gong etterpå aldri alltid ofte"
    ),
    "da": _words(
        "tænke tro vide sige snakke fortælle synes mene høre sidde forstå huske ske ting måde "
        "gang bagefter aldrig altid ofte"
    ),
    "sv": _words(
        "tänka tro veta säga prata berätta tycka mena höra sitta förstå minnas hända sak grej "
        "sätt gång efteråt aldrig alltid ofta"
    ),
    "en": _words(
        "think know say tell talk mean hear sit understand remember happen thing way time "
        "afterwards never always often"
    ),
    "de": _words(
        "denken glauben wissen sagen reden erzählen finden meinen hören sitzen verstehen "
        "erinnern passieren ding sache art mal danach nie immer oft"
    ),
}

_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ß": "ss"})


def stop_words(pipeline: Pipeline) -> frozenset[str]:
    """spaCy's stop words for the pipeline's language plus interview fillers, lower-cased.

    Nynorsk has no spaCy list, so it gets the Bokmål list on top of its own function words.
    """
    language = pipeline.language
    words = {w.lower() for w in pipeline.nlp.Defaults.stop_words}
    if language == "nn":
        from spacy.lang.nb.stop_words import STOP_WORDS as NB_STOP_WORDS

        words |= set(NB_STOP_WORDS)
    words -= KEEP_WORDS.get(language, frozenset())
    return frozenset(words | EXTRA_STOP_WORDS.get(language, frozenset()))


def content_lemma(token: Token | TableToken, stop: Set[str]) -> str | None:
    """The token's lower-cased lemma if it is a content word, else None.

    A content word is alphabetic, at least two letters, and neither its form nor its lemma is
    a stop word.
    """
    if not token.is_alpha:
        return None
    lemma = (token.lemma_ or token.text).lower()
    if len(lemma) < 2 or not lemma.isalpha() or lemma in stop or token.lower_ in stop:
        return None
    return str(lemma)


# --- keyness ---------------------------------------------------------------------------------


def log_likelihood(a: float, b: float, c: float, d: float) -> float:
    """Signed Dunning log-likelihood G2 of a term: ``a`` of ``c`` words here, ``b`` of ``d`` there.

    G2 = 2 (a ln(a/E1) + b ln(b/E2)) with E1 = c(a+b)/(c+d) and E2 = d(a+b)/(c+d) (Rayson and
    Garside's form). Positive when the term is relatively more frequent here (over-use),
    negative when less (under-use). Both sizes must be positive.
    """
    if c <= 0 or d <= 0:
        raise ValueError("both corpus sizes must be positive")
    if a + b == 0:
        return 0.0
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    g2 = 2 * ((a * math.log(a / e1) if a else 0.0) + (b * math.log(b / e2) if b else 0.0))
    g2 = max(g2, 0.0)  # rounding can leave a tiny negative for equal proportions
    return g2 if a / c >= b / d else -g2


def keyness(
    target: Mapping[str, int],
    target_size: int,
    reference: Mapping[str, int],
    reference_size: int,
) -> dict[str, float]:
    """Signed G2 of every term in either corpus, the target against the reference."""
    terms = set(target) | set(reference)
    # Counts repeat (most terms are rare): each pair of counts is computed once, by the same
    # call, so every value is exactly what computing it for each term gives.
    known: dict[tuple[int, int], float] = {}
    found = {}
    for t in sorted(terms):
        counts = (target.get(t, 0), reference.get(t, 0))
        value = known.get(counts)
        if value is None:
            value = known[counts] = log_likelihood(*counts, target_size, reference_size)
        found[t] = value
    return found


def general_keyness(
    counts: Mapping[str, int],
    size: int,
    frequencies: Mapping[str, float],
    reference_size: int = REFERENCE_WORDS,
) -> dict[str, float]:
    """Signed G2 of each term against general language given as word frequencies (proportions).

    A term's reference count is ``frequency * reference_size``; a term missing from
    ``frequencies`` counts as never seen in general language.
    """
    return {
        t: log_likelihood(n, frequencies.get(t, 0.0) * reference_size, size, reference_size)
        for t, n in sorted(counts.items())
    }


def frequency_lookup(language: str) -> Callable[[str], float] | None:
    """wordfreq's word frequency for a language, or None when wordfreq has no list for it.

    wordfreq's lists ship inside the package, so this never touches the network. Only exact
    languages count: wordfreq would answer Nynorsk with its Bokmål list.
    """
    import wordfreq  # (imported here: slow to import, and only this step needs it)

    if language not in wordfreq.available_languages():
        return None

    def lookup(word: str) -> float:
        return float(wordfreq.word_frequency(word, language))

    return lookup


# --- reading the corpus ----------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    """Who said how much in one transcript (or the corpus, ``transcript == ""``)."""

    transcript: str
    participants: tuple[str, ...]
    turns: int
    participant_words: int
    interviewer_words: int

    @property
    def share(self) -> float:
        """The participants' share of all words said."""
        total = self.participant_words + self.interviewer_words
        return self.participant_words / total if total else 0.0


@dataclass(frozen=True)
class SentenceRecord:
    """A participant sentence with its place, unit-style id and content lemmas."""

    transcript: str
    participant: str
    speaker: str
    turn: int
    passage: int
    start: int
    end: int
    line_start: int
    line_end: int
    id: str
    text: str
    lemmas: tuple[str, ...]


@dataclass
class Corpus:
    """What one pass over the parsed transcripts collects; participant speech only."""

    overviews: list[Overview] = field(default_factory=list)
    sentences: list[SentenceRecord] = field(default_factory=list)
    words: dict[str, int] = field(default_factory=dict)
    lemmas: dict[str, Counter[str]] = field(default_factory=dict)
    forms: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    form_counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    speakers_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    phrases: PhraseCounts = field(default_factory=lambda: PhraseCounts())
    paths: list[Path] = field(default_factory=list)  # the transcripts read, in order
    # Participants' alphabetic words, and how many of them the language's dictionary knows
    # (``stc.language_fit``).
    alpha_words: int = 0
    known_words: int = 0


# A sentence as a worker sends it: SentenceRecord's fields with the passage counted from the
# transcript's first (the corpus's numbering needs the transcripts before it).
_Sentence = tuple[str, str, str, int, int, int, int, int, int, str, str, tuple[str, ...]]


@dataclass
class TranscriptCount:
    """What step 1 counts in one transcript: made where its table is (a worker, when there
    are workers), so only these counts travel, and merged in transcript order."""

    overview: Overview
    path: Path
    passages: int
    sentences: list[_Sentence]
    lemmas: Counter[str]
    said: list[tuple[str, str, str, int]]  # (content lemma, form, participant, times)
    phrases: Counter[str]
    alpha_words: int = 0  # participants' alphabetic words
    known_words: int = 0  # of them, those the language's dictionary knows


# A word type's content lemma, per stop-word list and type: once per process.
_CONTENT: dict[frozenset[str], dict[WordType, str | None]] = {}
_IN_RUN = functools.partial(operator.is_not, None)


def count_transcript(item: ParsedTranscript | TranscriptTokens, stop: Set[str]) -> TranscriptCount:
    """Count one transcript's words, content lemmas, sentences and phrases."""
    table = item if isinstance(item, TranscriptTokens) else as_tokens(item)
    transcript = table.transcript
    words = {"participant": 0, "interviewer": 0}
    runs: list[list[tuple[str, bool]]] = []
    seen: Counter[str] = Counter()
    sentences: list[_Sentence] = []
    said: dict[str, Counter[int]] = {}  # per participant, how often each type is said
    passage = -1
    # Per word type, once: what the token loop below reads of each token.
    types = table.words
    known = _CONTENT.setdefault(frozenset(stop), {})
    if len(known) > 200_000:  # bounded, however large the corpus
        known.clear()
    for w in types:
        if w not in known:
            known[w] = content_lemma(table.token_of(w), stop)
    content = [known[w] for w in types]
    spoken = [not w.is_space and not w.is_punct for w in types]
    bracket = [w.text in ("(", "[") for w in types]
    has_brackets = any(bracket)
    space = [w.is_space for w in types]
    length = [len(w.text) for w in types]
    # What a type adds to a run of words for phrases; None (not a word) ends the run.
    run_word = [
        (w.lower, c is None) if w.is_alpha else None for w, c in zip(types, content, strict=True)
    ]
    for turn, turn_tokens in zip(transcript.turns, table.turns, strict=True):
        ids, offsets = turn_tokens.types, turn_tokens.offsets
        counts = Counter(ids)
        words[turn.role] += sum(n for t, n in counts.items() if spoken[t])
        if turn.role != "participant":
            continue
        said.setdefault(turn.participant, Counter()).update(counts)
        number = 0
        for span in turn_tokens.sentences():
            kept = [i for i in span if not space[ids[i]]]
            if not kept:
                continue
            if number % PASSAGE_SENTENCES == 0:
                passage += 1
            number += 1
            kept_types = [ids[i] for i in kept]
            # The words said, without the transcriber's marks ("(lång paus)", "[ohörbart]"):
            # they are no content, and no phrase.
            said_types = kept_types
            if has_brackets and any(map(bracket.__getitem__, kept_types)):
                outside = outside_marks([types[t].text for t in kept_types])
                said_types = [kept_types[j] for j in outside]
                in_mark = Counter(kept_types) - Counter(said_types)
                said[turn.participant].subtract(in_mark)
                kept_set = set(outside)
                run_words = [
                    run_word[t] if j in kept_set else None for j, t in enumerate(kept_types)
                ]
            else:
                run_words = [run_word[t] for t in kept_types]
            # Runs of words between punctuation and marks.
            runs.extend(
                cast(list[tuple[str, bool]], list(run))
                for is_run, run in groupby(run_words, _IN_RUN)
                if is_run
            )
            start = turn.start + offsets[kept[0]]
            end = turn.start + offsets[kept[-1]] + length[kept_types[-1]]
            text = normalise_space(transcript.text[start:end])
            base = normalised_id(transcript.id, text)
            seen[base] += 1
            sentences.append(
                (
                    transcript.id,
                    turn.participant,
                    turn.speaker,
                    turn.index,
                    passage,
                    start,
                    end,
                    transcript.line_of(start),
                    transcript.line_of(end - 1),
                    base if seen[base] == 1 else f"{base}-{seen[base]}",
                    text,
                    tuple(c for c in map(content.__getitem__, said_types) if c is not None),
                )
            )
    # Content lemmas per type said, not per token: the same counts, a fraction of the work.
    lemmas: Counter[str] = Counter()
    found = []
    alpha = known_words = 0
    for participant, by_type in said.items():
        by_type = +by_type  # without the types said only in marks
        for t, n in by_type.items():
            lemma = content[t]
            if lemma is not None:
                lemmas[lemma] += n
                found.append((lemma, types[t].lower, participant, n))
            if types[t].is_alpha:
                alpha += n
                known_words += n if types[t].known else 0
    overview = Overview(
        transcript.id,
        tuple(transcript.participants),
        len(transcript.turns),
        words["participant"],
        words["interviewer"],
    )
    return TranscriptCount(
        overview,
        transcript.path,
        passage + 1,
        sentences,
        lemmas,
        found,
        phrase_grams(runs),
        alpha,
        known_words,
    )


def merge_counts(counts: Iterable[TranscriptCount]) -> Corpus:
    """The corpus from its transcripts' counts, in transcript order: passages are numbered
    across the corpus, and each count is let go once merged."""
    corpus = Corpus()
    passages = 0
    for count in counts:
        transcript = count.overview.transcript
        corpus.paths.append(count.path)
        corpus.overviews.append(count.overview)
        corpus.words[transcript] = count.overview.participant_words
        corpus.lemmas[transcript] = count.lemmas
        for lemma, form, participant, n in count.said:
            corpus.forms[lemma].add(form)
            corpus.form_counts[lemma][form] += n
            corpus.speakers_of[lemma].add(participant)
        corpus.sentences.extend(
            SentenceRecord(t, p, sp, turn, passages + passage, start, end, first, last, i, text, x)
            for t, p, sp, turn, passage, start, end, first, last, i, text, x in count.sentences
        )
        passages += count.passages
        corpus.phrases.add(count.phrases)
        corpus.alpha_words += count.alpha_words
        corpus.known_words += count.known_words
    return corpus


def read_corpus(parsed: Iterable[ParsedTranscript | TranscriptTokens], stop: Set[str]) -> Corpus:
    """Count words and content lemmas and collect participant sentences, in transcript order.

    Sentences are trimmed of white space like meaning units and get unit-style ids
    (``<transcript>:<6 hex>``, a counter suffix for repeated texts in reading order).
    ``parsed`` is read once, a transcript at a time: a table is let go once counted.
    """
    return merge_counts(count_transcript(item, stop) for item in parsed)


# Forms a dictionary reads as an inflection of another word, though said as words of their
# own: shown as said when nobody said the lemma they were read as (``term_labels``).
OWN_WORDS: dict[str, frozenset[str]] = {
    "da": frozenset({"vred", "vågen", "erfaren", "tyve", "ondt"}),
    "nb": frozenset({"vred", "våken", "erfaren", "vondt"}),
    "nn": frozenset({"vreid", "vaken", "røynd", "vondt"}),
    "sv": frozenset({"vred", "vaken", "erfaren"}),  # (ont: its own lemma, stc.nlp.LEMMA_FIXES)
}


def term_labels(form_counts: Mapping[str, Counter[str]], language: str) -> dict[str, str]:
    """Lemmas that are poor labels, each with the surface form said most often instead.

    A dictionary lemma is a poor label when nobody said it, it is the form said most often
    plus a letter or two, and that form (or that form with an ending taken off) is another
    lemma but never this one: simplemma has made an adjective or noun into a verb (da *svært*
    → "sværte", *godt* → "godte", nb *deler* → "delere", *bråk* → "bråke", sv *rädd* →
    "rädda"), and a researcher would not recognise the word.
    So is a lemma nobody said whose form said is one of ``OWN_WORDS`` (da *vred*, angry,
    read as "vride", to wring). Irregular forms (*sagt* → "si") and ordinary inflections
    (*jobbet* → "jobbe", *føler* → "føle") keep their lemma. Ties go to the alphabetically
    first form.
    """
    labels = {}
    for lemma, counts in sorted(form_counts.items()):
        if lemma in counts:
            continue
        form = min(counts, key=lambda f: (-counts[f], f))
        if not lemma.startswith(form) or len(lemma) - len(form) > 2:
            # A form said that is a word of its own, read as another (da *vred*, angry, as
            # "vride", to wring; *vågen* as "våge"). Only those listed: most such forms are
            # inflections (*føler* → "føle", *brukt* → "bruke") and keep their lemma.
            if form in OWN_WORDS.get(language, ()):
                labels[lemma] = form
            continue
        readings = candidate_lemmas(form, language)
        # The form said is a lemma itself (sv *rädd* → "rädda"), or another lemma is the form
        # with an ending taken off (nb *deler* → "del", not "delere").
        if lemma not in readings and readings - {lemma}:
            labels[lemma] = form
    return labels


def relabel(corpus: Corpus, language: str) -> Corpus:
    """The corpus with poor lemma labels (``term_labels``) replaced by the form said."""
    labels = term_labels(corpus.form_counts, language)
    if not labels:
        return corpus

    def label(lemma: str) -> str:
        return labels.get(lemma, lemma)

    forms: dict[str, set[str]] = defaultdict(set)
    form_counts: dict[str, Counter[str]] = defaultdict(Counter)
    speakers_of: dict[str, set[str]] = defaultdict(set)
    for lemma in corpus.forms:
        forms[label(lemma)] |= corpus.forms[lemma]
        form_counts[label(lemma)].update(corpus.form_counts[lemma])
        speakers_of[label(lemma)] |= corpus.speakers_of[lemma]
    lemmas: dict[str, Counter[str]] = {}
    for transcript, counts in corpus.lemmas.items():
        relabelled: Counter[str] = Counter()
        for lemma, n in counts.items():
            relabelled[label(lemma)] += n
        lemmas[transcript] = relabelled
    sentences = [
        replace(s, lemmas=tuple(label(x) for x in s.lemmas))
        if any(x in labels for x in s.lemmas)
        else s  # most sentences hold no relabelled lemma: kept as they are (records are frozen)
        for s in corpus.sentences
    ]
    return replace(
        corpus,
        sentences=sentences,
        lemmas=lemmas,
        forms=forms,
        form_counts=form_counts,
        speakers_of=speakers_of,
    )


def corpus_overview(overviews: Sequence[Overview]) -> Overview:
    """The totals over all transcripts."""
    return Overview(
        "",
        tuple(sorted({p for o in overviews for p in o.participants})),
        sum(o.turns for o in overviews),
        sum(o.participant_words for o in overviews),
        sum(o.interviewer_words for o in overviews),
    )


# --- terms and phrases -----------------------------------------------------------------------


class KeynessTable:
    """Transcript keyness, computed on demand: a term's G2 in a transcript depends only on its
    count there, its count in the rest and the two sizes, so each pair of counts is computed
    once per transcript. The table of every term × transcript is never held: it grows with
    words × transcripts (``terms.csv`` writes it row by row)."""

    def __init__(self, words: Mapping[str, int]) -> None:
        size = sum(words.values())
        # Transcripts a term can be compared in: both sides hold words.
        self.sizes = {t: (n, size - n) for t, n in words.items() if n > 0 and size - n > 0}
        if len(words) < 2:
            self.sizes = {}
        self._known: dict[str, dict[tuple[int, int], float]] = {t: {} for t in self.sizes}

    def row(
        self, transcripts: Iterable[str], counts: Mapping[str, int], total: int
    ) -> list[float | None]:
        """A term's keyness in each transcript (None where it cannot be compared), from its
        counts there and its total."""
        found: list[float | None] = []
        for transcript in transcripts:
            known = self._known.get(transcript)
            if known is None:
                found.append(None)
                continue
            here = counts.get(transcript, 0)
            pair = (here, total - here)
            value = known.get(pair)
            if value is None:
                c, d = self.sizes[transcript]
                value = known[pair] = log_likelihood(here, total - here, c, d)
            found.append(value)
        return found


class TermKeyness(Mapping[str, float]):
    """One term's keyness per transcript (a read-only mapping, computed on demand)."""

    def __init__(self, table: KeynessTable, counts: Mapping[str, int], total: int) -> None:
        self._table = table
        self._counts = counts
        self._total = total

    def __getitem__(self, transcript: str) -> float:
        value = self.row((transcript,))[0]
        if value is None:
            raise KeyError(transcript)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._table.sizes)

    def __len__(self) -> int:
        return len(self._table.sizes)

    def row(self, transcripts: Iterable[str]) -> list[float | None]:
        """The keyness in each transcript, None where it cannot be compared: a row of
        ``terms.csv``."""
        return self._table.row(transcripts, self._counts, self._total)

    def unsaid(self, transcripts: Iterable[str]) -> list[float | None]:
        """``row`` as if no transcript said the term: the same for every term of this total."""
        return self._table.row(transcripts, {}, self._total)

    @property
    def total(self) -> int:
        return self._total


@dataclass(frozen=True)
class Term:
    """A content lemma in participant speech and its statistics.

    ``counts`` holds the transcripts that say the term (a missing one said it 0 times);
    ``keyness`` every transcript it can be compared in.
    """

    term: str
    frequency: int
    document_frequency: int
    participants: int
    counts: dict[str, int]
    keyness: TermKeyness
    general_frequency: float | None = None
    general_keyness: float | None = None


def term_table(
    lemmas: Mapping[str, Counter[str]],
    words: Mapping[str, int],
    speakers_of: Mapping[str, Set[str]] | None = None,
    general: Mapping[str, float] | None = None,
) -> list[Term]:
    """Every term with its frequency, document frequency and keyness, most frequent first.

    ``lemmas`` and ``words`` are per transcript (content-lemma counts, all words said). Each
    transcript is compared with all the others together; with a single transcript there is
    nothing to compare and ``keyness`` is empty. ``general`` (term → proportion in general
    language) adds the corpus against general language.
    """
    total: Counter[str] = Counter()
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for transcript, found in lemmas.items():
        total.update(found)
        for term, n in found.items():
            if n:
                counts[term][transcript] = n
    size = sum(words.values())
    table = KeynessTable(words)
    general_g2 = general_keyness(total, size, general) if general is not None and size else {}
    terms = []
    for term, frequency in total.items():
        said = counts[term]
        terms.append(
            Term(
                term=term,
                frequency=frequency,
                document_frequency=len(said),
                participants=len(speakers_of.get(term, ())) if speakers_of else 0,
                counts=said,
                keyness=TermKeyness(table, said, frequency),
                general_frequency=general.get(term, 0.0) if general is not None else None,
                general_keyness=general_g2.get(term),
            )
        )
    terms.sort(key=lambda t: (-t.frequency, t.term))
    return terms


def general_frequencies(
    forms: Mapping[str, Iterable[str]], lookup: Callable[[str], float]
) -> dict[str, float]:
    """A lemma's frequency in general language: the sum over the forms said in the corpus.

    wordfreq counts word forms, the corpus counts lemmas; summing the forms actually said keeps
    the two comparable.
    """
    return {lemma: sum(lookup(f) for f in sorted(set(fs))) for lemma, fs in sorted(forms.items())}


@dataclass(frozen=True)
class Phrase:
    """A multi-word phrase as said (lower-cased) and how often."""

    text: str
    frequency: int
    document_frequency: int


def phrase_grams(runs: Iterable[Sequence[tuple[str, bool]]], max_words: int = 4) -> Counter[str]:
    """How often a transcript says each phrase of 2 to ``max_words`` words that opens and
    closes with a content word, from its runs of ``(form, is stop word)`` between
    punctuation."""
    said: Counter[str] = Counter()
    longest = max_words - 1
    for run in runs:
        if len(run) < 2:
            continue
        forms = [w for w, _ in run]
        content = [i for i, (_, stop) in enumerate(run) if not stop]
        for a, i in enumerate(content):
            for j in content[a + 1 :]:
                if j - i > longest:
                    break
                said[" ".join(forms[i : j + 1])] += 1
    return said


class PhraseCounts:
    """Phrase counts over transcripts, added one transcript at a time (so no transcript's
    words are kept): ``frequent_phrases``."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.documents: Counter[str] = Counter()  # transcripts that say the phrase

    def add(self, said: Counter[str]) -> None:
        """One transcript's ``phrase_grams``."""
        self.counts.update(said)
        self.documents.update(said.keys())

    def phrases(self, min_count: int = 2) -> list[Phrase]:
        """Phrases said at least ``min_count`` times. A phrase inside a longer one that is said
        just as often is left out. Most frequent first, then longer, then alphabetical."""
        kept = {t: n for t, n in self.counts.items() if n >= min_count}
        phrases = []
        for text, n in kept.items():
            padded = f" {text} "
            if any(
                m == n and len(other) > len(text) and padded in f" {other} "
                for other, m in kept.items()
            ):
                continue
            phrases.append(Phrase(text, n, self.documents[text]))
        phrases.sort(key=lambda p: (-p.frequency, -len(p.text.split()), p.text))
        return phrases


def frequent_phrases(
    runs: Mapping[str, Sequence[Sequence[tuple[str, bool]]]],
    min_count: int = 2,
    max_words: int = 4,
) -> list[Phrase]:
    """Phrases of 2 to ``max_words`` words that open and close with a content word.

    ``runs`` are, per transcript, runs of ``(form, is stop word)`` between punctuation, so no
    phrase crosses a comma or a sentence end. A phrase inside a longer one that is said just as
    often is left out. Most frequent first, then longer, then alphabetical.
    """
    counts = PhraseCounts()
    for transcript_runs in runs.values():
        counts.add(phrase_grams(transcript_runs, max_words))
    return counts.phrases(min_count)


# --- candidate themes ------------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    """A candidate theme: its top terms, where its sentences come from, example sentences."""

    number: int
    terms: tuple[tuple[str, float], ...]
    size: int
    participants: tuple[tuple[str, int], ...]
    examples: tuple[tuple[SentenceRecord, float], ...]

    @property
    def top_terms(self) -> list[str]:
        return [t for t, _ in self.terms]

    @property
    def keywords(self) -> list[str]:
        return self.top_terms[:DRAFT_KEYWORDS]


@dataclass(frozen=True)
class Themes:
    """The candidate themes and how many were asked for and could be found."""

    themes: tuple[Theme, ...]
    requested: int
    supported: int
    passages: int
    vocabulary: int


def _analyzer(lemmas: list[str]) -> list[str]:
    return lemmas


def candidate_themes(
    sentences: Sequence[SentenceRecord],
    requested: int = DEFAULT_THEMES,
    exclude: Set[str] = frozenset(),
) -> Themes:
    """Cluster participant sentences into up to ``requested`` candidate themes.

    TF-IDF over the content lemmas of passages (terms in at least two passages, ``exclude``
    left out), then NMF with ``init="nndsvd"`` and ``random_state=0``, so runs are identical;
    each sentence joins the theme it weighs most on. ``requested`` is lowered to what the
    corpus supports (three passages and two shared terms per theme); ``analyse_corpus`` warns.
    Themes are ordered by size, largest first; ties by their top terms.
    """
    if requested < 1:
        raise ValueError("requested must be at least 1")
    passages: dict[int, list[str]] = {}
    for sentence in sentences:
        passages.setdefault(sentence.passage, []).extend(
            lemma for lemma in sentence.lemmas if lemma not in exclude
        )
    docs = [passages[k] for k in sorted(passages)]
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(doc))
    shared = {t for t, n in df.items() if n >= 2}
    usable = sum(1 for doc in docs if shared.intersection(doc))
    supported = min(usable // MIN_PASSAGES_PER_THEME, len(shared) // MIN_TERMS_PER_THEME)
    used = min(requested, supported)
    if used == 0:
        return Themes((), requested, supported, usable, len(shared))

    # scikit-learn is imported here: it is slow to import and only this step needs it.
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=_analyzer, min_df=2, sublinear_tf=True)
    matrix = vectorizer.fit_transform(docs)
    vocabulary = [str(t) for t in vectorizer.get_feature_names_out()]
    model = NMF(n_components=used, init="nndsvd", random_state=0, max_iter=1000)
    with warnings.catch_warnings():
        # An unconverged fit is still deterministic and usable as a prompt for reading.
        warnings.simplefilter("ignore", ConvergenceWarning)
        # nndsvd on a near-degenerate matrix takes a square root of a rounding error's -0.
        warnings.simplefilter("ignore", RuntimeWarning)
        model.fit(matrix)
        weights = model.transform(
            vectorizer.transform([[x for x in s.lemmas if x not in exclude] for s in sentences])
        )
    components = model.components_

    members: dict[int, list[tuple[SentenceRecord, float]]] = defaultdict(list)
    # Each sentence's heaviest theme (the first of equals), if it weighs on any.
    best = weights.argmax(axis=1)
    weight = weights[range(len(sentences)), best]
    for i in (weight > 0).nonzero()[0].tolist():
        members[int(best[i])].append((sentences[i], float(weight[i])))

    found = []
    for k in range(used):
        if not members[k]:
            continue
        scored = sorted(
            ((vocabulary[j], float(components[k][j])) for j in range(len(vocabulary))),
            key=lambda tw: (-tw[1], tw[0]),
        )
        # A term shown as 0,000 carries nothing; a theme of one or two sentences, or of one
        # term, is no theme to read (a supervisor saw "fortfarande (1,188), märka (0,000)").
        terms = tuple((t, round(w, 4)) for t, w in scored[:THEME_TERMS] if round(w, 3) > 0)
        if len(members[k]) < MIN_PASSAGES_PER_THEME or len(terms) < MIN_TERMS_PER_THEME:
            continue
        by_participant = Counter(s.participant for s, _ in members[k])
        found.append(
            (
                terms,
                len(members[k]),
                tuple(sorted(by_participant.items(), key=lambda pn: (-pn[1], pn[0]))),
                _examples(members[k], {t for t, _ in terms[:DRAFT_KEYWORDS]}),
            )
        )
    found.sort(key=lambda d: (-d[1], [t for t, _ in d[0]]))
    themes = tuple(Theme(i, *d) for i, d in enumerate(found, start=1))
    return Themes(themes, requested, supported, usable, len(shared))


def _examples(
    members: Sequence[tuple[SentenceRecord, float]], keywords: Set[str]
) -> tuple[tuple[SentenceRecord, float], ...]:
    """The highest-weighted sentences that contain a keyword, distinct participants first.

    A sentence with a keyword is needed so the draft codebook's examples pass ``stc check``;
    sentences with a few content words are preferred to one-word answers.
    """
    ranked = sorted(members, key=lambda sw: (-sw[1], sw[0].transcript, sw[0].start))
    with_keyword = [sw for sw in ranked if not keywords.isdisjoint(sw[0].lemmas)]
    substantial = [sw for sw in with_keyword if len(sw[0].lemmas) >= MIN_EXAMPLE_LEMMAS]
    pool = substantial if len(substantial) >= EXAMPLES else with_keyword
    chosen: list[tuple[SentenceRecord, float]] = []
    participants: set[str] = set()
    for sw in pool:
        if len(chosen) < EXAMPLES and sw[0].participant not in participants:
            chosen.append(sw)
            participants.add(sw[0].participant)
    for sw in pool:
        if len(chosen) < EXAMPLES and sw not in chosen:
            chosen.append(sw)
    chosen.sort(key=lambda sw: (-sw[1], sw[0].transcript, sw[0].start))
    return tuple((s, round(w, 4)) for s, w in chosen)


# --- the whole step --------------------------------------------------------------------------


@dataclass
class Impression:
    """Everything step 1 found, in a stable order."""

    title: str
    language: str
    overviews: list[Overview]
    terms: list[Term]
    phrases: list[Phrase]
    themes: Themes
    general_available: bool
    preconceptions: bool | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def corpus(self) -> Overview:
        return corpus_overview(self.overviews)

    @property
    def transcripts(self) -> list[str]:
        return [o.transcript for o in self.overviews]


def analyse(
    parsed: Iterable[ParsedTranscript | TranscriptTokens],
    pipeline: Pipeline,
    themes: int = DEFAULT_THEMES,
    title: str = "",
) -> Impression:
    """Step 1 over parsed transcripts; nothing is written.

    Raises ``StcError`` when no transcript holds participant speech.
    """
    return analyse_corpus(read_corpus(parsed, stop_words(pipeline)), pipeline, themes, title)


def analyse_corpus(
    counted: Corpus, pipeline: Pipeline, themes: int = DEFAULT_THEMES, title: str = ""
) -> Impression:
    """Step 1 over the counted corpus (``read_corpus``, ``merge_counts``)."""
    corpus = relabel(counted, pipeline.language)
    if not any(corpus.words.values()):
        raise StcError(
            "no participant speech in any transcript ("
            + ", ".join(str(path) for path in corpus.paths)
            + "); check that the files hold text and that participants' labels are not listed "
            "under [speakers -> interviewer] in stc.yaml"
        )
    notes = []
    language = pipeline.language
    lookup = frequency_lookup(language)
    general = None
    if lookup is None:
        name = LANGUAGES.get(language, language)
        note = (
            f"wordfreq has no general-language frequency list for '{language}' ({name}); "
            "the comparison of the corpus with general language is skipped"
        )
        log.warning(note)
        notes.append(note)
    else:
        general = general_frequencies(corpus.forms, lookup)

    def texts() -> list[str]:  # asked for only when few words are known: not on every run
        return [s.text for s in corpus.sentences]

    fit = language_note(language, corpus.known_words, corpus.alpha_words, texts)
    if fit is not None:
        log.warning(fit)
        notes.append(fit)
    terms = term_table(corpus.lemmas, corpus.words, corpus.speakers_of, general)
    phrases = corpus.phrases.phrases()
    exclude = set(TALK_WORDS.get(language, frozenset()))
    if len({s.participant for s in corpus.sentences}) > 1:
        # STC is cross-case: a word only one participant uses cannot carry a shared theme
        # (it shows among that transcript's distinctive terms instead).
        exclude |= {t for t, who in corpus.speakers_of.items() if len(who) < 2}
    found = candidate_themes(corpus.sentences, themes, exclude)
    used = min(found.requested, found.supported)
    if used < found.requested:
        basis = {"passages": found.passages, "terms": found.vocabulary}
        log.warning(
            message(language, "themes_none", **basis)
            if used == 0
            else message(
                language,
                "themes_fewer",
                supported=found.supported,
                used=used,
                requested=found.requested,
                **basis,
            )
        )
    if used and len(found.themes) < used:
        dropped = used - len(found.themes)
        limits = {"sentences": MIN_PASSAGES_PER_THEME, "terms": MIN_TERMS_PER_THEME}
        log.warning(message(language, "themes_thin", dropped=dropped, used=used, **limits))
    return Impression(
        title=title,
        language=language,
        overviews=corpus.overviews,
        terms=terms,
        phrases=phrases,
        themes=found,
        general_available=general is not None,
        notes=notes,
    )


def _count_in_worker(task: TokenTask) -> TranscriptCount:
    table = task_tokens(task)
    pipeline = load_pipeline(task.language, task.model, task.root, task.source)  # (loaded)
    return count_transcript(table, stop_words(pipeline))


def iter_corpus_counts(
    transcripts: Sequence[Transcript],
    project: Project,
    on_done: Callable[[Transcript], None] | None = None,
    use_cache: bool = True,
) -> Iterator[TranscriptCount]:
    """Each transcript's step-1 counts, in order, counted where its table is made or read (a
    worker process, or a Dask worker: see stc.executor). Only the counts come back.
    ``use_cache=False`` neither reads nor writes the token cache."""
    from stc.coding import project_executor, worker_cache
    from stc.executor import forks, run_all

    executor = project_executor(project)
    tasks = token_tasks(transcripts, project, worker_cache(project, executor, use_cache))
    size = sum(len(t.text) for t in transcripts)
    if not executor.dask and forks():
        # Each worker reads the pipeline's stop words, so each would import spaCy and build
        # the pipeline. Built here first, the forked workers share it; `stc run` needs it here
        # next anyway (the codebook's keyword words).
        config = project.config
        _ = load_pipeline(config.language, config.model, str(project.root), str(project.path)).nlp
    counts = run_all(_count_in_worker, tasks, executor, size)
    for transcript, count in zip(transcripts, counts, strict=True):
        yield count
        if on_done is not None:
            on_done(transcript)
    _CONTENT.clear()  # counted here (one process): the next steps do not need the types


def impression_project(
    project: Project,
    themes: int = DEFAULT_THEMES,
    on_parsed: Callable[[Transcript], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    transcripts: Sequence[Transcript] | None = None,
    use_cache: bool = True,
) -> Impression:
    """Run step 1 over a project (its transcripts, unless given) and return the result
    without writing anything but the token cache (none with ``use_cache=False``)."""
    config = project.config
    pipeline = load_pipeline(config.language, config.model, str(project.root), str(project.path))
    if transcripts is None:
        transcripts = load_transcripts(project)
    # Before any worker starts: forked workers share the dictionary (the term labels below
    # read it too).
    preload(config.language)
    if on_start is not None:
        on_start(len(transcripts))
    counts = iter_corpus_counts(transcripts, project, on_parsed, use_cache)
    result = analyse_corpus(
        merge_counts(counts), pipeline, themes, config.title or project.root.name
    )
    result.preconceptions = (project.root / PRECONCEPTIONS).is_file()
    return result


# --- files -----------------------------------------------------------------------------------

PRECONCEPTIONS = "preconceptions.md"
IMPRESSION_MD = "impression.md"
TERMS_CSV = "terms.csv"
THEMES_DRAFT = "themes.draft.yaml"


def _cell(text: object) -> str:
    """A Markdown table cell: pipes escaped, one line. No-break spaces stay (a number's
    thousands and its percent sign must not be split)."""
    return _LINE_SPACE.sub(" ", str(text).strip()).replace("|", "\\|")


# White space a table cell folds into one space: all but the no-break spaces.
_LINE_SPACE = re.compile(r"[^\S\u00a0\u202f\u2007]+")


def _table(header: Sequence[str], rows: Iterable[Sequence[object]], right: Set[int]) -> str:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|")
    lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def _where(sentence: SentenceRecord, t: Phrases) -> str:
    lines = (
        f"{t['line']} {sentence.line_start}"
        if sentence.line_start == sentence.line_end
        else f"{t['lines']} {sentence.line_start}–{sentence.line_end}"
    )
    return f"{sentence.transcript}, {lines}, {sentence.speaker or sentence.participant}"


def render_markdown(result: Impression) -> str:
    """impression.md in the project's language: plain Markdown, the same bytes for one input."""
    t = Phrases(result.language)
    language = result.language

    def num(value: float, decimals: int = 0) -> str:  # as the language writes numbers
        return number(value, language, decimals)

    # A count and a keyness in one parenthesis: a semicolon where the decimal mark is a comma.
    apart = ";" if num(0.5, 1) == "0,5" else ","
    out: list[str] = []
    corpus = result.corpus
    out.append(f"# {t('title', title=result.title)}\n")
    out.append(t["intro"] + "\n")
    key = "preconceptions_found" if result.preconceptions else "preconceptions_missing"
    out.append(t(key, file=PRECONCEPTIONS) + "\n")
    for note in result.notes:
        out.append(f"> {t['note']}: {note}.\n")

    out.append(f"## {t['material']}\n")
    out.append(
        t(
            "material_text",
            transcripts=len(result.overviews),
            participants=len(corpus.participants),
            pwords=num(corpus.participant_words),
            iwords=num(corpus.interviewer_words),
        )
        + "\n"
    )
    rows: list[list[object]] = [
        [
            o.transcript,
            len(o.participants),
            num(o.turns),
            num(o.participant_words),
            num(o.interviewer_words),
            percent(o.share, language, 1),
        ]
        for o in result.overviews
    ]
    rows.append(
        [
            f"**{t['corpus']}**",
            len(corpus.participants),
            num(corpus.turns),
            num(corpus.participant_words),
            num(corpus.interviewer_words),
            percent(corpus.share, language, 1),
        ]
    )
    out.append(
        _table(
            [
                t["transcript"],
                t["participants"],
                t["turns"],
                t["participant_words"],
                t["interviewer_words"],
                t["participant_share"],
            ],
            rows,
            {1, 2, 3, 4, 5},
        )
    )

    size = corpus.participant_words
    out.append(f"## {t['frequent_words']}\n")
    out.append(t("frequent_words_text", n=TOP_TERMS, file=TERMS_CSV) + "\n")
    out.append(
        _table(
            ["#", t["lemma"], t["count"], t["per_thousand"], t["transcripts"], t["participants"]],
            (
                [
                    i,
                    term.term,
                    num(term.frequency),
                    num(1000 * term.frequency / size, 1),
                    num(term.document_frequency),
                    term.participants,
                ]
                for i, term in enumerate(result.terms[:TOP_TERMS], start=1)
            ),
            {0, 2, 3, 4, 5},
        )
    )

    out.append(f"## {t['phrases']}\n")
    phrases = result.phrases[:TOP_PHRASES]
    if phrases:
        out.append(t["phrases_text"] + "\n")
        out.append(
            _table(
                [t["phrase"], t["count"], t["transcripts"]],
                ([p.text, p.frequency, p.document_frequency] for p in phrases),
                {1, 2},
            )
        )
    else:
        out.append(t["no_phrases"] + "\n")

    out.append(f"## {t['distinctive']}\n")
    if len(result.overviews) > 1:
        out.append(t("distinctive_text", file=TERMS_CSV) + "\n")
        rows = []
        # Per transcript, the terms said at least twice there and significantly more often
        # than elsewhere: one pass over the table, not one per transcript.
        distinctive: dict[str, list[Term]] = defaultdict(list)
        for term in result.terms:
            keyness = term.keyness
            for transcript, n in term.counts.items():
                if n >= 2 and keyness.get(transcript, 0.0) >= SIGNIFICANT:
                    distinctive[transcript].append(term)
        for o in result.overviews:
            key_terms = sorted(
                distinctive.get(o.transcript, ()),
                key=lambda term: (-term.keyness[o.transcript], term.term),
            )[:TOP_DISTINCTIVE]
            shown = ", ".join(
                f"{x.term} ({x.counts[o.transcript]}{apart} {num(x.keyness[o.transcript], 1)})"
                for x in key_terms
            )
            rows.append([o.transcript, shown or "—"])
        out.append(_table([t["transcript"], t["distinctive_terms"]], rows, set()))
    else:
        out.append(t["one_transcript"] + "\n")

    out.append(f"## {t['general']}\n")
    if result.general_available:
        name = t.language_name(result.language, LANGUAGES.get(result.language, result.language))
        out.append(t("general_text", language=name) + "\n")
        general = sorted(
            (
                term
                for term in result.terms
                if term.frequency >= 3 and (term.general_keyness or 0.0) >= SIGNIFICANT
            ),
            key=lambda term: (-(term.general_keyness or 0.0), term.term),
        )[:TOP_GENERAL]
        out.append(
            _table(
                [
                    t["lemma"],
                    t["count"],
                    t["per_million_here"],
                    t["per_million_general"],
                    "G²",
                ],
                (
                    [
                        term.term,
                        num(term.frequency),
                        num(1e6 * term.frequency / size),
                        num(1e6 * (term.general_frequency or 0.0), 1),
                        num(term.general_keyness or 0.0, 1),
                    ]
                    for term in general
                ),
                {1, 2, 3, 4},
            )
        )
    else:
        out.append(t("general_skipped", language=result.language) + "\n")

    out.append(f"## {t['themes']}\n")
    found = result.themes
    out.append(t["themes_text"] + "\n")
    if found.supported < found.requested:
        supported = t(
            "themes_supported",
            requested=found.requested,
            supported=found.supported,
            passages=found.passages,
            vocabulary=found.vocabulary,
        )
        out.append(f"> {t['note']}: {supported}\n")
    if not found.themes:
        out.append(t["no_themes"] + "\n")
    for theme in found.themes:
        out.append(f"### {t['theme']} {theme.number}: {', '.join(theme.top_terms[:3])}\n")
        out.append(
            f"- {t['top_terms']}: " + ", ".join(f"{x} ({num(w, 3)})" for x, w in theme.terms) + "\n"
            f"- {t('sentences', n=theme.size, p=len(theme.participants))}: "
            + ", ".join(f"{p} ({n})" for p, n in theme.participants)
            + "\n"
        )
        for sentence, _ in theme.examples:
            out.append(
                f"> {_cell(sentence.text)}\n>\n> — {_where(sentence, t)} (`{sentence.id}`)\n"
            )

    out.append(f"## {t['next_steps']}\n")
    out.append(
        f"1. {t['next_1']}\n"
        f"2. {t['next_2']}\n"
        f"3. {t('next_3', file=THEMES_DRAFT)}\n"
        f"4. {t['next_4']}\n"
    )
    return "\n".join(out)


def _rounded(value: float | None) -> float | None:
    """Three decimals; adding 0.0 turns a rounded -0.0 into 0.0 so the CSV never shows it."""
    return None if value is None else round(value, 3) + 0.0


def terms_rows(
    result: Impression, as_text: bool = False
) -> tuple[list[str], Iterator[list[object]]]:
    """terms.csv: one row per term, most frequent first; keyness signed (minus = under-use).
    The rows are made as they are written: the whole table is never held.

    ``as_text`` gives each count and keyness cell as the CSV writes it. Most cells of a term
    are in transcripts that do not say it, and those depend only on the term's total: that
    part of a row is made once per total, and only the transcripts that say the term are
    filled in.
    """
    transcripts = result.transcripts
    columns = [
        "term",
        "frequency",
        "document_frequency",
        "participants",
        "general_per_million",
        "keyness_general",
    ]
    columns += [f"count_{t}" for t in transcripts]
    columns += [f"keyness_{t}" for t in transcripts]
    place = {t: i for i, t in enumerate(transcripts)}
    shown: dict[float | None, object] = {}
    unsaid: dict[int, list[object]] = {}  # by total

    def cell(value: float | None) -> object:
        # Keyness values repeat (a rare term's depends only on its counts): round each once.
        if value not in shown:
            rounded = _rounded(value)
            shown[value] = ("" if rounded is None else repr(rounded)) if as_text else rounded
        return shown[value]

    def rows() -> Iterator[list[object]]:
        for t in result.terms:
            row: list[object] = [
                t.term,
                t.frequency,
                t.document_frequency,
                t.participants,
                _rounded(None if t.general_frequency is None else 1e6 * t.general_frequency),
                _rounded(t.general_keyness),
            ]
            counts: list[object] = ["0" if as_text else 0] * len(transcripts)
            keyness = unsaid.get(t.keyness.total)
            if keyness is None:
                keyness = unsaid[t.keyness.total] = [cell(v) for v in t.keyness.unsaid(transcripts)]
            keyness = list(keyness)
            for transcript, n in t.counts.items():
                counts[place[transcript]] = str(n) if as_text else n
                keyness[place[transcript]] = cell(t.keyness.row((transcript,))[0])
            yield row + counts + keyness

    return columns, rows()


def terms_frame(result: Impression) -> pd.DataFrame:
    columns, rows = terms_rows(result)
    return pd.DataFrame(list(rows), columns=columns)


def slug_id(text: str) -> str:
    """A codebook id (``[a-z0-9-]+``) from a term: æ→ae, ø→o, å→a, accents dropped."""
    text = text.lower().translate(_TRANSLITERATE)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "theme"


def draft_codebook(result: Impression) -> dict[str, Any]:
    """The candidate themes as codebook data: a group per theme with one code to split later."""
    t = Phrases(result.language)
    groups = []
    for theme in result.themes.themes:
        top = theme.top_terms
        groups.append(
            {
                "id": f"theme-{theme.number}-{slug_id(top[0])}",
                "label": f"{t['theme']} {theme.number}: {', '.join(top[:3])}",
                "description": t("group_description", n=theme.size, p=len(theme.participants)),
                "theme": ", ".join(top),
                "codes": [
                    {
                        "id": slug_id(top[0]),
                        "label": ", ".join(top[:3]),
                        "description": t["code_description"],
                        "keywords": _Flow(theme.keywords),
                        "examples": [s.text for s, _ in theme.examples],
                        "counterexamples": _Flow(),
                    }
                ],
            }
        )
    return {
        "name": t("draft_name", title=result.title),
        "language": result.language,
        "description": t["draft_description"],
        "groups": groups,
    }


class _Flow(list[str]):
    """A list written in YAML flow style, ``[a, b]``, as in hand-written codebooks."""


class _DraftDumper(yaml.SafeDumper):
    pass


def _flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_DraftDumper.add_representer(_Flow, _flow)


def render_draft(result: Impression) -> str:
    """themes.draft.yaml: a codebook that ``load_codebook`` accepts, with a header to edit by."""
    lines = Phrases(result.language)["draft_header"].splitlines()
    header = "".join(f"# {line}\n" for line in lines)
    body = yaml.dump(
        draft_codebook(result), Dumper=_DraftDumper, allow_unicode=True, sort_keys=False, width=100
    )
    return header + body


def impression_files(result: Impression) -> dict[str, Content]:
    """The contents of every file step 1 writes, by path relative to the output folder.

    ``themes.draft.yaml`` is left out when there are no candidate themes (a codebook needs a
    group).
    """
    files: dict[str, Content] = {
        IMPRESSION_MD: render_markdown(result),
        # Made as it is written: the table grows with terms x transcripts.
        TERMS_CSV: Streamed(lambda: csv_chunks(*terms_rows(result, as_text=True))),
    }
    if result.themes.themes:
        files[THEMES_DRAFT] = render_draft(result)
    return files


def check_new_file(path: Path, option: str = "--codebook-draft") -> None:
    """Refuse a path that exists, before any work is done."""
    if path.exists():
        raise StcError(
            f"{path}: already exists; {option} never overwrites a file: give a new path or "
            "move the existing file away"
        )


def write_new_file(path: Path, content: str, option: str = "--codebook-draft") -> Path:
    """Write a file that must not exist yet; an existing file is never overwritten.

    The content goes to a temporary file that is hard-linked into place, which fails rather
    than replaces when the path appeared in the meantime.
    """
    check_new_file(path, option)
    data = content.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                    raise
                # A file system without hard links: exclusive creation still never overwrites.
                with open(path, "xb") as handle:
                    handle.write(data)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except FileExistsError:
        raise StcError(
            f"{path}: already exists; {option} never overwrites a file: give a new path or "
            "move the existing file away"
        ) from None
    except OSError as exc:
        raise StcError(
            f"{exc.filename or path}: cannot write {option} ({exc.strerror}); give a path in a "
            "folder you can write to"
        ) from None
    return path


def write_impression(
    result: Impression, outdir: Path, codebook_draft: Path | None = None
) -> list[Path]:
    """Write step 1's files to ``outdir``, and the draft codebook to ``codebook_draft`` if given.

    A stale ``themes.draft.yaml`` is removed when there are no candidate themes; the file at
    ``codebook_draft`` must not exist (``StcError``) and is only written when there are themes.
    """
    if codebook_draft is not None:
        check_new_file(codebook_draft)
    files = impression_files(result)
    # A stale themes.draft.yaml goes, if stc wrote it.
    written = write_outputs(outdir, files, remove=[THEMES_DRAFT])
    if THEMES_DRAFT not in files:
        if codebook_draft is not None:
            log.warning(f"{codebook_draft}: not written; there are no candidate themes")
    elif codebook_draft is not None:
        draft = files[THEMES_DRAFT]
        assert isinstance(draft, str)  # rendered YAML, never streamed
        written.append(write_new_file(codebook_draft, draft))
    return written
