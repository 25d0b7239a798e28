"""Step 2's results cached per transcript and per code: re-coding after a codebook edit
matches only the codes whose rules changed, and a warm re-code matches nothing.

A transcript's file (``<key>.coded``, beside its token table in the parse cache) holds its
participant sentences (turn, start, end, word offsets, first words) and, per code
fingerprint, the sentences that code matched, with their evidence and flags. A code's
fingerprint hashes what its evidence depends on: its own rules (keywords, exclude, regexes,
patterns), the keys keywords may match by, and the pipeline's and key rules' fingerprints.
Labels, descriptions, examples and the other codes are not in it: a code's evidence and flags
depend on its own rules and the sentence only (the tests compare a re-code from this cache
with coding from scratch, after edits of every kind).

The file's key is the token table's key (every turn's text, pipeline, key rules) and the
turns' roles, which decide what is a participant sentence. A file that does not hold exactly
that key, or cannot be read, is a miss: the transcript is coded again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import sys
from collections.abc import Iterable, Mapping, Set
from pathlib import Path
from typing import Any

import msgpack

from stc.codebook.matcher import CodebookMatcher, Evidence
from stc.nlp import package_version, prune_cache, write_cache_file
from stc.tokens import cache_key, table_entry, tokens_at, transcript_tokens
from stc.types import Transcript
from stc.units import CodeEvidence, Sentence, code_tokens, matched_sentences

log = logging.getLogger("stc")

FORMAT = 2  # 2: sentence offsets from the turn's start

# One code's result on one transcript: (sentence number, evidence, flags) per sentence it
# matched, in reading order.
CodeHits = list[tuple[int, tuple[Evidence, ...], tuple[str, ...]]]


def code_fingerprints(matcher: CodebookMatcher, base: str) -> dict[str, str]:
    """Per code id (codebook order), the fingerprint of everything its evidence depends on."""
    allowed = sorted(matcher.allowed)
    found = {}
    for code_id, _, code in matcher.codebook.codes:
        rules = [FORMAT, base, allowed, code_id, code.keywords, code.exclude, code.regex]
        rules.append(code.patterns)
        text = json.dumps(rules, sort_keys=True, ensure_ascii=False)
        found[code_id] = hashlib.sha256(text.encode()).hexdigest()[:32]
    return found


@functools.cache
def matching_fingerprint() -> str:
    """What evidence and flags depend on besides a code's rules and the token keys: stc's
    matching and flag code (its source, hashed: any change to a rule there is a miss) and the
    RE2 library that runs researchers' regexes."""
    from stc import flags, units
    from stc.codebook import index, matcher, regex

    digest = hashlib.sha256(f"google-re2-{package_version('google-re2')}".encode())
    for module in (flags, units, index, matcher, regex, sys.modules[__name__]):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


def _pack_evidence(evidence: Iterable[Evidence]) -> list[list[Any]]:
    return [[e.rule, e.pattern, list(e.matched), list(e.keys)] for e in evidence]


def _unpack_evidence(packed: Iterable[list[Any]]) -> tuple[Evidence, ...]:
    return tuple(Evidence(r, p, tuple(m), tuple(k)) for r, p, m, k in packed)


def _hits(found: Iterable[tuple[int, Sentence]], code_id: str) -> CodeHits:
    return [(n, s.codes[code_id], s.flags.get(code_id, ())) for n, s in found if code_id in s.codes]


class CodedFile:
    """A transcript's sentences and its codes' hits, as read from or written to the cache."""

    def __init__(self, sentences: list[Sentence], hits: dict[str, CodeHits]) -> None:
        self.sentences = sentences  # without codes or flags: ``assemble`` puts them in
        self.hits = hits  # by code fingerprint

    def pack(self, key: str) -> bytes:
        data = {
            "format": FORMAT,
            "key": key,
            # Offsets from the turn's start: transcripts whose turns say the same (and whose
            # front matter differs) share the file.
            "sentences": [
                [
                    s.turn.index,
                    s.start - s.turn.start,
                    s.end - s.turn.start,
                    [w - s.turn.start for w in s.word_starts],
                    list(s.first_words),
                ]
                for s in self.sentences
            ],
            "hits": {
                fingerprint: [[n, _pack_evidence(e), list(f)] for n, e, f in hits]
                for fingerprint, hits in sorted(self.hits.items())
            },
        }
        return bytes(msgpack.packb(data, use_bin_type=True))

    @classmethod
    def unpack(cls, raw: bytes, key: str, transcript: Transcript) -> CodedFile | None:
        data = msgpack.unpackb(raw, raw=False, strict_map_key=False)
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
            return None
        turns = {turn.index: turn for turn in transcript.turns}
        sentences = []
        for t, start, end, words, first in data["sentences"]:
            turn = turns[t]
            at = turn.start
            sentences.append(
                Sentence(
                    transcript.id,
                    turn,
                    at + start,
                    at + end,
                    {},
                    tuple(at + w for w in words),
                    {},
                    tuple(first),
                )
            )
        hits = {
            fingerprint: [(n, _unpack_evidence(e), tuple(f)) for n, e, f in found]
            for fingerprint, found in data["hits"].items()
        }
        if any(n >= len(sentences) for found in hits.values() for n, _, _ in found):
            return None
        return cls(sentences, hits)

    def assemble(self, fingerprints: Mapping[str, str]) -> list[Sentence]:
        """The sentences with the codes of ``fingerprints`` (code id → fingerprint), in codebook
        order, as coding the transcript from scratch gives them."""
        codes: list[CodeEvidence] = [{} for _ in self.sentences]
        flags: list[dict[str, tuple[str, ...]]] = [{} for _ in self.sentences]
        for code_id, fingerprint in fingerprints.items():
            for n, evidence, marks in self.hits[fingerprint]:
                codes[n][code_id] = evidence
                if marks:
                    flags[n][code_id] = marks
        return [
            Sentence(s.transcript_id, s.turn, s.start, s.end, c, s.word_starts, f, s.first_words)
            for s, c, f in zip(self.sentences, codes, flags, strict=True)
        ]


def _file_key(transcript: Transcript, base: str) -> str:
    texts = [turn.content(transcript.text) for turn in transcript.turns]
    roles = ",".join(turn.role for turn in transcript.turns)
    return cache_key([*texts, roles], f"coded|{base}")


def _load(path: Path, key: str, transcript: Transcript) -> CodedFile | None:
    if not path.is_file():
        return None
    try:
        return CodedFile.unpack(path.read_bytes(), key, transcript)
    except Exception:  # a damaged or foreign cache file is only a miss
        log.debug(f"{path}: unreadable coding cache entry; coding again")
        return None


def coded_sentences(
    transcript: Transcript, matcher: CodebookMatcher, cache: Path | None
) -> tuple[list[Sentence], tuple[str, ...]]:
    """The transcript's participant sentences with their codes: from the cache for every code
    whose fingerprint it holds, matched from the token table for the others (only them). And
    the names of the transcript's cache files (its table and its coded file): what ``prune``
    keeps. Without a cache, none."""
    pipeline = matcher.pipeline
    if cache is None:
        return code_tokens(transcript_tokens(transcript, pipeline, None), matcher), ()
    from stc.keys import keys_fingerprint

    base = f"{pipeline.fingerprint}|{keys_fingerprint()}|{matching_fingerprint()}"
    fingerprints = code_fingerprints(matcher, base)
    key = _file_key(transcript, base)
    path = cache / f"{key}.coded"
    table = table_entry(transcript, pipeline, cache)
    names = tuple(p.name for p in (table[1], path) if p is not None)
    stored = _load(path, key, transcript)
    missing = [c for c, f in fingerprints.items() if stored is None or f not in stored.hits]
    if stored is not None and not missing:
        return stored.assemble(fingerprints), names
    tokens = tokens_at(transcript, pipeline, *table)
    if stored is None or len(missing) == len(fingerprints):
        found = code_tokens(tokens, matcher)
    else:
        fresh = matched_sentences(tokens, matcher.restricted(missing))
        known = stored.sentences
        if any(
            n >= len(known) or (known[n].start, known[n].end) != (s.start, s.end) for n, s in fresh
        ):
            found = code_tokens(tokens, matcher)  # a stale file: code it whole
        else:
            kept = {f: stored.hits[f] for c, f in fingerprints.items() if c not in missing}
            kept.update((fingerprints[c], _hits(fresh, c)) for c in missing)
            coded = CodedFile(stored.sentences, kept)
            write_cache_file(path, coded.pack(key))
            return coded.assemble(fingerprints), names
    hits = {fingerprints[c]: _hits(enumerate(found), c) for c in fingerprints}
    write_cache_file(path, CodedFile(found, hits).pack(key))
    return found, names


def prune(cache: Path, keep: Set[str]) -> int:
    """Remove the token tables and coded files in ``cache`` not named in ``keep`` (the files
    of every transcript just coded, ``coded_sentences``): earlier versions of edited or
    removed transcripts, and files of an earlier stc, pipeline or dictionary. Other files are
    left alone (``nlp.prune_cache``). Returns the number removed."""
    return prune_cache(cache, ["*.tokens", "*.coded"], keep)
