"""The parsed corpus as coding needs it: token offsets, sentence starts and word types.

A spaCy ``Doc`` holds far more than matching a codebook reads, and rebuilding one from a
``DocBin`` costs more than tokenizing again. So each transcript is kept as a small table:

- one row per word *type* (a distinct form and lemma): the form, its lower-case, its lemma,
  whether it is space or punctuation, and its matching keys (``stc.keys``), computed once;
- per turn, three integer arrays: each token's type, its character offset in the turn, and
  whether it starts a sentence.

The table is what the parse cache stores (msgpack, no pickle: a cache file is never code),
so re-coding after a codebook edit reads it without tokenizing, lemmatizing, or loading
simplemma's dictionaries; and it is what worker processes send back, cheaply.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import msgpack

from stc.nlp import OPENING, write_cache_file
from stc.types import Transcript

if TYPE_CHECKING:
    import numpy as np
    from spacy.tokens import Doc

    from stc.config import Project
    from stc.nlp import ParsedTranscript, Pipeline

log = logging.getLogger("stc")

FORMAT = 2  # 2: written by msgpack itself (1: through srsly)
SPACE = 1
PUNCT = 2
ALPHA = 4


class WordType(NamedTuple):
    """A distinct (form, lemma) pair of a transcript, with its matching keys."""

    text: str
    lower: str
    lemma: str
    flags: int  # SPACE | PUNCT | ALPHA
    candidates: tuple[str, ...]  # other lemmas, sorted (``keys.TokenKeys.candidates``)
    stem: str  # "" when none
    known: bool

    @property
    def is_space(self) -> bool:
        return bool(self.flags & SPACE)

    @property
    def is_punct(self) -> bool:
        return bool(self.flags & PUNCT)

    @property
    def is_alpha(self) -> bool:
        return bool(self.flags & ALPHA)

    # Read as a token by the flags (``stc.flags.TokenLike``), which need no offset: a
    # sentence's word types stand in for its tokens, and no token is made.
    @property
    def lower_(self) -> str:
        return self.lower

    @property
    def lemma_(self) -> str:
        return self.lemma


class Token(NamedTuple):
    """A token as the flags and the report read it (the names spaCy uses)."""

    text: str
    lower_: str
    lemma_: str
    idx: int  # offset in the turn's text
    is_space: bool
    is_punct: bool
    is_alpha: bool


@dataclass(frozen=True)
class TurnTokens:
    """One turn's tokens: type index, offset in the turn, and sentence start, per token."""

    types: array[int]
    offsets: array[int]
    starts: array[int]  # 1 where a sentence starts

    def sentences(self) -> Iterator[range]:
        """Token ranges of the turn's sentences, in order."""
        begin = 0
        n = len(self.types)
        for i in range(1, n):
            if self.starts[i]:
                yield range(begin, i)
                begin = i
        if n:
            yield range(begin, n)


@dataclass(frozen=True)
class TranscriptTokens:
    """A transcript's word types and each turn's tokens, in turn order."""

    transcript: Transcript
    words: tuple[WordType, ...]
    turns: tuple[TurnTokens, ...]

    def token(self, turn: TurnTokens, i: int) -> Token:
        return self.token_of(self.words[turn.types[i]], turn.offsets[i])

    def token_of(self, word: WordType, idx: int = 0) -> Token:
        """A token of ``word`` at offset ``idx``."""
        return Token(
            word.text, word.lower, word.lemma, idx, word.is_space, word.is_punct, word.is_alpha
        )

    def tokens(self, turn: TurnTokens, span: range) -> list[Token]:
        return [self.token(turn, i) for i in span]


class _Types:
    """Collects a transcript's word types, each once."""

    def __init__(self, doc: Doc, language: str, lemmas: bool) -> None:
        self.vocab = doc.vocab
        self.language = language
        self.lemmas = lemmas
        self.words: list[WordType] = []

    def add(self, orth: int, lemma: int) -> None:
        """Add the type with these string hashes (a type met before in this process, in
        this vocabulary, is not looked up again)."""
        key = (orth, lemma if self.lemmas else -1, self.language)
        memo = _TYPE_MEMO.get(id(self.vocab))
        if memo is None or memo[0] is not self.vocab:
            _TYPE_MEMO.clear()  # one vocabulary per process; a new one starts afresh
            memo = _TYPE_MEMO[id(self.vocab)] = (self.vocab, {})
        found = memo[1].get(key)
        if found is None:
            found = self._word(orth, lemma)
            if len(memo[1]) >= TYPE_MEMO_SIZE:
                memo[1].clear()
            memo[1][key] = found
        self.words.append(found)

    def _word(self, orth: int, lemma: int) -> WordType:
        strings = self.vocab.strings
        lexeme = self.vocab[orth]
        flags = (
            (SPACE if lexeme.is_space else 0)
            | (PUNCT if lexeme.is_punct else 0)
            | (ALPHA if lexeme.is_alpha else 0)
        )
        return word_type(
            strings[orth],
            lexeme.lower_,
            strings[lemma] if self.lemmas else None,
            flags,
            self.language,
        )


# Word types by (orth hash, lemma hash, language), per vocabulary: most of a transcript's
# types were met in the transcripts before it. Bounded; string hashes are only meaningful
# within one vocabulary, so the memo holds the vocabulary it belongs to.
TYPE_MEMO_SIZE = 200_000
_TYPE_MEMO: dict[int, tuple[Any, dict[tuple[int, int, str], WordType]]] = {}


@functools.lru_cache(maxsize=500_000)
def word_type(text: str, lower: str, lemma: str | None, flags: int, language: str) -> WordType:
    """A type's keys; ``lemma`` None means the embedded lemmatizer's (simplemma's)."""
    from stc.keys import token_keys
    from stc.nlp import lemma as simplemma_lemma

    if flags & SPACE:
        return WordType(text, lower, "", flags, (), "", False)
    if lemma is None:
        lemma = simplemma_lemma(text, language)
    lemma = (lemma or text).lower()
    keys = token_keys(lower, lemma, language)
    return WordType(
        text, lower, lemma, flags, tuple(sorted(keys.candidates)), keys.stem or "", keys.known
    )


def _unique_pairs(orth: np.ndarray, lemma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per distinct (orth, lemma) pair, the index of a token that has it; and per token, its
    pair's number. The pairs are sorted by one 64-bit mix of both hashes (a flat sort, many
    times faster than sorting pairs); should two pairs ever share a mix, the pairs are sorted
    themselves."""
    import numpy as np

    with np.errstate(over="ignore"):
        mixed = orth ^ (lemma * np.uint64(0x9E3779B97F4A7C15))
    _, first, inverse = np.unique(mixed, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    back = first[inverse]
    if not (np.array_equal(orth[back], orth) and np.array_equal(lemma[back], lemma)):
        pairs = np.ascontiguousarray(np.stack([orth, lemma], axis=1))
        view = pairs.view([("orth", "u8"), ("lemma", "u8")])[:, 0]
        _, first, inverse = np.unique(view, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
    return first, inverse


def from_docs(
    transcript: Transcript, docs: Sequence[Doc], language: str, lemmas: bool = True
) -> TranscriptTokens:
    """The table of parsed docs (one per turn). Without ``lemmas`` (the embedded pipeline run
    without its lemmatizer and sentence fix), lemmas come from simplemma per type, and the
    sentence fix is applied here.

    The work per token is done on spaCy's arrays (numpy): Python touches each word type once.
    Types are numbered in the order they first occur.
    """
    import numpy as np
    from spacy.attrs import IDX, LEMMA, ORTH, SENT_START

    sizes = [len(doc) for doc in docs]
    if not docs or not sum(sizes):
        empty = tuple(TurnTokens(array("l"), array("l"), array("b")) for _ in docs)
        return TranscriptTokens(transcript, (), empty)
    columns = np.concatenate(
        [
            doc.to_array([ORTH, LEMMA, IDX, SENT_START])
            for doc, n in zip(docs, sizes, strict=True)
            if n
        ]
    )
    # Each token's type: unique (form, lemma) pairs, renumbered by first occurrence.
    first, inverse = _unique_pairs(columns[:, 0], columns[:, 1])
    order = np.argsort(first, kind="stable")
    number = np.empty_like(order)
    number[order] = np.arange(len(order))
    # numpy's "l" is the platform's C long, as array("l") is (4 bytes on Windows, 8 on Linux).
    ids = number[inverse].astype("l")
    types = _Types(docs[0], language, lemmas)
    for orth, lemma in columns[first[order], :2].tolist():
        types.add(orth, lemma)
    starts = (columns[:, 3] == 1).astype(np.int8)
    ends = np.cumsum(sizes)
    if not lemmas:
        # ``nlp.sentence_fix`` on arrays: an opening bracket or quote that ends a sentence
        # moves to the sentence it opens (from the third token of a turn on).
        opening = np.array([w.text in OPENING for w in types.words], dtype=bool)[ids]
        position = np.arange(len(ids)) - np.repeat(ends - sizes, sizes)
        moved = np.flatnonzero((position[1:] >= 2) & (starts[1:] == 1) & opening[:-1]) + 1
        starts[moved] = 0
        starts[moved - 1] = 1
    offsets = columns[:, 2].astype("l")
    turns = []
    for end, n in zip(ends.tolist(), sizes, strict=True):
        begin = end - n
        turns.append(
            TurnTokens(
                array("l", ids[begin:end].tobytes()),
                array("l", offsets[begin:end].tobytes()),
                array("b", starts[begin:end].tobytes()),
            )
        )
    return TranscriptTokens(transcript, tuple(types.words), tuple(turns))


def tokenize(transcript: Transcript, pipeline: Pipeline) -> TranscriptTokens:
    """Tokenize every turn of a transcript into its table."""
    from stc.nlp import parse_long_texts

    texts = [turn.content(transcript.text) for turn in transcript.turns]
    # A text past spaCy's limit is parsed in pieces, and the sentence fix must see each piece
    # as the full pipeline does: such a transcript takes the full pipeline.
    if pipeline.embedded and all(len(t) <= pipeline.nlp.max_length for t in texts):
        docs = parse_long_texts(texts, pipeline, fast=True)
        return from_docs(transcript, docs, pipeline.language, lemmas=False)
    return from_docs(transcript, parse_long_texts(texts, pipeline), pipeline.language)


# The cache ----------------------------------------------------------------------------------


def cache_key(texts: Sequence[str], fingerprint: str) -> str:
    digest = hashlib.sha256(fingerprint.encode())
    for text in texts:
        digest.update(b"\x00" + text.encode())
    return digest.hexdigest()


def _pack(tokens: TranscriptTokens, key: str) -> bytes:
    data: dict[str, Any] = {
        "format": FORMAT,
        "key": key,
        "words": [list(w) for w in tokens.words],
        "turns": [
            [t.types.tobytes(), t.offsets.tobytes(), t.starts.tobytes()] for t in tokens.turns
        ],
    }
    return bytes(msgpack.packb(data, use_bin_type=True))


def _array(code: str, raw: bytes) -> array[int]:
    found = array(code)
    found.frombytes(raw)
    return found


def _unpack(raw: bytes, key: str, transcript: Transcript) -> TranscriptTokens | None:
    data = msgpack.unpackb(raw, raw=False, strict_map_key=False)
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        return None
    words = tuple(
        WordType(w[0], w[1], w[2], w[3], tuple(w[4]), w[5], bool(w[6])) for w in data["words"]
    )
    turns = tuple(
        TurnTokens(_array("l", a), _array("l", b), _array("b", c)) for a, b, c in data["turns"]
    )
    if len(turns) != len(transcript.turns) or any(
        len(t.types) != len(t.offsets) or len(t.types) != len(t.starts) for t in turns
    ):
        return None
    if any(i >= len(words) for t in turns for i in (max(t.types, default=0),)):
        return None
    return TranscriptTokens(transcript, words, turns)


def load_cached(path: Path, key: str, transcript: Transcript) -> TranscriptTokens | None:
    """The cached table, if the file holds exactly this key; anything else is a miss."""
    try:
        return _unpack(path.read_bytes(), key, transcript)
    except Exception:  # a damaged or foreign cache file is only a miss
        log.debug(f"{path}: unreadable parse cache entry; tokenizing again")
        return None


def store(path: Path, tokens: TranscriptTokens, key: str) -> None:
    write_cache_file(path, _pack(tokens, key))


def table_entry(
    transcript: Transcript, pipeline: Pipeline, cache: Path | None
) -> tuple[str, Path | None]:
    """The transcript's cache key, and the file that holds its table (if there is a cache)."""
    from stc.keys import keys_fingerprint

    texts = [turn.content(transcript.text) for turn in transcript.turns]
    key = cache_key(texts, f"{pipeline.fingerprint}|{keys_fingerprint()}")
    return key, cache / f"{key}.tokens" if cache is not None else None


def transcript_tokens(
    transcript: Transcript, pipeline: Pipeline, cache: Path | None
) -> TranscriptTokens:
    """The transcript's table, from the cache when it holds it (keyed by every turn's text and
    the pipeline's fingerprint), else tokenized and stored."""
    return tokens_at(transcript, pipeline, *table_entry(transcript, pipeline, cache))


def tokens_at(
    transcript: Transcript, pipeline: Pipeline, key: str, path: Path | None
) -> TranscriptTokens:
    """``transcript_tokens`` with the transcript's cache entry (``table_entry``) known."""
    if path is not None and path.is_file():
        found = load_cached(path, key, transcript)
        if found is not None:
            return found
    tokens = tokenize(transcript, pipeline)
    if path is not None:
        store(path, tokens, key)
    return tokens


def as_tokens(parsed: ParsedTranscript) -> TranscriptTokens:
    """The table of a transcript parsed into spaCy docs by the full pipeline."""
    language = parsed.docs[0].lang_ if parsed.docs else "xx"
    return from_docs(parsed.transcript, parsed.docs, language)


@dataclass(frozen=True)
class TokenTask:
    """A transcript to tokenize in a worker, and how to load the pipeline there."""

    language: str
    model: str | None
    root: str
    source: str
    cache: str | None
    transcript: Transcript


def token_tasks(
    transcripts: Sequence[Transcript], project: Project, cache: str | None
) -> list[TokenTask]:
    """A worker task per transcript: the transcript, and how to load the pipeline there."""
    config = project.config
    root, source = str(project.root), str(project.path)
    return [TokenTask(config.language, config.model, root, source, cache, t) for t in transcripts]


def task_tokens(task: TokenTask) -> TranscriptTokens:
    """A task's table, in a worker: the pipeline loaded (once per process), the cache read."""
    from stc.nlp import load_pipeline

    pipeline = load_pipeline(task.language, task.model, task.root, task.source)
    cache = Path(task.cache) if task.cache else None
    return transcript_tokens(task.transcript, pipeline, cache)


# What a worker sends back in place of a transcript the parent already holds.
DETACHED = Transcript("", Path(), "", ())


def _tokenize_in_worker(task: TokenTask) -> TranscriptTokens:
    found = task_tokens(task)
    # The parent holds the transcript's text: do not send it back.
    return TranscriptTokens(DETACHED, found.words, found.turns)


def corpus_tokens(
    transcripts: Sequence[Transcript],
    pipeline: Pipeline,
    project: Project,
    on_done: Callable[[Transcript], None] | None = None,
    use_cache: bool = True,
) -> list[TranscriptTokens]:
    """Every transcript's table, in the transcripts' order (the review workspace's).

    Tables the cache holds are read here: sending them back from a worker costs more than
    reading them. The others are tokenized where the project's executor says (stc.executor);
    the workers start at the first of them and keep ahead of this process from there.
    """
    from stc.coding import project_executor, worker_cache
    from stc.executor import run_all

    executor = project_executor(project)
    cache = worker_cache(project, executor, use_cache)
    here = Path(cache) if cache else None
    entries = [table_entry(t, pipeline, here) for t in transcripts]
    cached = [path is not None and path.is_file() for _, path in entries]
    tasks = token_tasks(
        [t for t, hit in zip(transcripts, cached, strict=True) if not hit], project, cache
    )
    size = sum(len(task.transcript.text) for task in tasks)
    results = run_all(_tokenize_in_worker, tasks, executor, size)
    found = []
    for transcript, entry, hit in zip(transcripts, entries, cached, strict=True):
        if hit:  # (a damaged entry is tokenized here)
            found.append(tokens_at(transcript, pipeline, *entry))
        else:
            table = next(results)
            found.append(TranscriptTokens(transcript, table.words, table.turns))
        if on_done is not None:
            on_done(transcript)
    next(results, None)  # every task is done: let the workers stop now
    return found
