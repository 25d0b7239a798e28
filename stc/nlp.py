"""Language processing: the embedded pipeline, an installed spaCy pipeline, and parsing.

The embedded default needs no download: ``spacy.blank(lang)`` + ``sentencizer`` + a lemmatizer
backed by simplemma's bundled dictionaries. Parsing is kept apart from matching so that parsed
documents can be cached by text hash and ``fingerprint`` without touching the coding.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import logging
import os
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from stc.errors import ConfigError, ModelError
from stc.languages import LANGUAGES
from stc.types import Transcript

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger("stc")

LEMMATIZER = "stc_simplemma"


# Forms whose dictionary lemma is wrong for what they say: sv "ha ont" (to be in pain) is not
# "ond" (evil), which topped a pain study's word list.
LEMMA_FIXES: dict[str, dict[str, str]] = {
    "sv": {"ont": "ont"},
    "en": {"thinking": "think"},  # simplemma: "thinke", a word nobody says
}


@functools.lru_cache(maxsize=500_000)
def lemma(word: str, lang: str) -> str:
    """simplemma's lemma of a word, lower-cased; unknown words come back lower-cased."""
    import simplemma

    fixed = LEMMA_FIXES.get(lang, {}).get(word.lower())
    if fixed is not None:
        return fixed
    found: str = simplemma.lemmatize(word, lang=lang)
    if found == word and word != word.lower():
        found = simplemma.lemmatize(word.lower(), lang=lang)
    return found.lower()


# Opening brackets and quotes, typographic ones included.
OPENING = {"(", "[", "{", "\u00ab", "\u201c", "\u2018", "\u201e"}
SENTENCE_FIX = "stc_sentence_fix"


@functools.cache
def _register_components() -> None:
    """Register stc's spaCy components; spaCy is imported only when a pipeline is built."""
    from spacy.language import Language

    class SimplemmaLemmatizer:
        """A spaCy component that sets ``token.lemma_`` from simplemma."""

        def __init__(self, lang: str) -> None:
            self.lang = lang

        def __call__(self, doc: Doc) -> Doc:
            for token in doc:
                if not token.is_space:
                    token.lemma_ = lemma(token.text, self.lang)
            return doc

    def make_lemmatizer(nlp: Language, name: str, lang: str) -> SimplemmaLemmatizer:
        return SimplemmaLemmatizer(lang)

    Language.factory(LEMMATIZER, default_config={"lang": "nb"}, func=make_lemmatizer)
    Language.component(SENTENCE_FIX, func=sentence_fix)


def sentence_fix(doc: Doc) -> Doc:
    """Move an opening bracket or quote that ends a sentence to the sentence it opens.

    The sentencizer keeps punctuation after a full stop in the old sentence, so
    ``… sånn. (ler) Jeg …`` would otherwise split as ``… sånn. (`` + ``ler) Jeg …``.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if token.is_sent_start and previous.text in OPENING and previous.i > 0:
            previous.is_sent_start = True
            token.is_sent_start = False
    return doc


class Pipeline:
    """A spaCy pipeline and what identifies it in caches and manifests.

    The embedded pipeline is built (and spaCy imported) on first use of ``nlp``: re-coding
    from the token cache needs only the fingerprint.
    """

    def __init__(
        self,
        nlp: Language | None,
        language: str,
        name: str,
        fingerprint: str,
        embedded: bool = False,
        build: Callable[[], Language] | None = None,
    ) -> None:
        self._nlp = nlp
        self._build = build
        self.language = language
        self.name = name
        self.fingerprint = fingerprint
        self.embedded = embedded

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            assert self._build is not None
            self._nlp = self._build()
        return self._nlp


@functools.cache
def package_version(package: str) -> str:
    """An installed package's version, or "unknown" (looked up once per process)."""
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def embedded_pipeline(language: str) -> Pipeline:
    """spaCy blank + sentencizer + simplemma lemmas for a supported language."""
    if language not in LANGUAGES:
        raise ModelError(
            f"language '{language}' is not supported; use one of: {', '.join(sorted(LANGUAGES))}"
        )
    pipes = ("sentencizer", SENTENCE_FIX, LEMMATIZER)  # as build() adds them

    def build() -> Language:
        import spacy

        _register_components()
        nlp = spacy.blank(language)
        nlp.add_pipe("sentencizer")
        nlp.add_pipe(SENTENCE_FIX)
        nlp.add_pipe(LEMMATIZER, config={"lang": language})
        return nlp

    name = f"stc-embedded-{language}"
    fingerprint = (
        f"{name}/spacy-{package_version('spacy')}/simplemma-{package_version('simplemma')}/"
        f"pipes-{'+'.join(pipes)}"
    )
    if fixes := LEMMA_FIXES.get(language):  # lemmas cached before a fix are not reused
        fingerprint += (
            f"/fixes-{hashlib.sha256(repr(sorted(fixes.items())).encode()).hexdigest()[:8]}"
        )
    return Pipeline(None, language, name, fingerprint, embedded=True, build=build)


def installed_pipeline(model: str, language: str, root: Path, source: str) -> Pipeline:
    """Load an installed spaCy pipeline by package name or path (relative to ``root``)."""
    import spacy

    _register_components()
    candidate = root / model
    target: str | Path = candidate if candidate.exists() else model
    try:
        nlp = spacy.load(target)
    except (OSError, ImportError):
        raise ModelError(
            f"{source}: [model] spaCy pipeline '{model}' is not installed; install its package "
            f"(e.g. `pip install {model}` from a wheel you have, or `python -m spacy download "
            f"{model}` on a networked machine), give a path to a saved pipeline, or set "
            "model: null to use the built-in pipeline"
        ) from None
    except (
        Exception
    ) as exc:  # spaCy raises ValueError, ConfigValidationError … for broken pipelines
        detail = " ".join(str(exc).split())[:300]
        raise ModelError(
            f"{source}: [model] spaCy pipeline '{model}' cannot be loaded ({detail}); install "
            "the packages its components need, or set model: null to use the built-in pipeline"
        ) from None
    if nlp.lang != language and not {nlp.lang, language} <= {"nb", "no"}:
        raise ConfigError(
            f"{source}: [model] '{model}' is a '{nlp.lang}' pipeline but [language] is "
            f"'{language}'; use a pipeline for '{language}' or change language"
        )
    if not any(nlp.has_pipe(p) for p in ("parser", "senter", "sentencizer")):
        nlp.add_pipe("sentencizer", first=True)
    if not any(nlp.has_pipe(p) for p in ("lemmatizer", "trainable_lemmatizer", LEMMATIZER)):
        nlp.add_pipe(LEMMATIZER, config={"lang": language})
    meta = nlp.meta
    name = f"{meta.get('lang', language)}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"
    fingerprint = f"{name}/spacy-{package_version('spacy')}/pipes-{'+'.join(nlp.pipe_names)}"
    if candidate.exists():
        # A saved pipeline's meta need not change when its files do (a retrained model, a new
        # tokenizer exception): its files are part of what the parse cache and the reuse of
        # step 1 are keyed by.
        fingerprint += f"/files-{_folder_digest(candidate)}"
    return Pipeline(nlp, language, name, fingerprint)


def _folder_digest(folder: Path) -> str:
    """Every file under ``folder`` (its path and bytes), hashed."""
    digest = hashlib.sha256()
    paths = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.is_file())
    for path in paths:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=8)
def load_pipeline(
    language: str, model: str | None = None, root: str = ".", source: str = ""
) -> Pipeline:
    """The pipeline a project asks for; loaded once per process."""
    if model:
        return installed_pipeline(model, language, Path(root), source or "stc.yaml")
    return embedded_pipeline(language)


@dataclass(frozen=True)
class ParsedTranscript:
    """A transcript and one spaCy ``Doc`` per turn, in turn order.

    A doc's character ``i`` is the transcript's character ``turn.start + i``.
    """

    transcript: Transcript
    docs: tuple[Doc, ...]


def _cache_key(texts: Sequence[str], pipeline: Pipeline) -> str:
    digest = hashlib.sha256(pipeline.fingerprint.encode())
    for text in texts:
        digest.update(b"\x00" + text.encode())
    return digest.hexdigest()


def _load_cached(path: Path, texts: Sequence[str], pipeline: Pipeline) -> tuple[Doc, ...] | None:
    """Cached docs, if the file holds exactly these texts; anything else is a cache miss."""
    from spacy.tokens import DocBin

    try:
        docs = tuple(DocBin().from_disk(path).get_docs(pipeline.nlp.vocab))
    except Exception:  # a damaged or foreign cache file is only a miss
        log.debug(f"{path}: unreadable parse cache entry; parsing again")
        return None
    if [d.text for d in docs] != list(texts):
        return None
    return docs


def write_cache_file(path: Path, data: bytes) -> bool:
    """Replace a cache file atomically (a reader sees the old file or the new one). A cache
    that cannot be written only costs time: False, and a debug line, never an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        log.debug(f"{path}: cache not written ({exc.strerror})")
        return False
    return True


def prune_cache(cache: Path, patterns: Sequence[str], keep: Set[str]) -> int:
    """Remove the files in ``cache`` that match ``patterns`` and are not named in ``keep``
    (the files of every transcript just read): earlier versions of edited or removed
    transcripts, and files of an earlier stc or pipeline. A file that cannot be removed is
    only logged. Returns the number removed."""
    removed = 0
    for pattern in patterns:
        for path in sorted(cache.glob(pattern)):
            if path.name in keep or not path.is_file() or path.is_symlink():
                continue
            try:
                path.unlink()
                removed += 1
            except OSError as exc:
                log.debug(f"{path}: stale cache file not removed ({exc.strerror})")
    if removed:
        log.debug(f"{cache}: {removed} stale cache files removed")
    return removed


def _store(path: Path, docs: Sequence[Doc]) -> None:
    from spacy.tokens import DocBin

    write_cache_file(path, DocBin(docs=docs).to_bytes())


def parse_transcripts(
    transcripts: Sequence[Transcript],
    pipeline: Pipeline,
    on_done: Callable[[Transcript], None] | None = None,
    cache: Path | None = None,
) -> list[ParsedTranscript]:
    """Parse every turn of every transcript (the project's: all of them).

    With ``cache`` (a folder), parsed docs are kept as spaCy DocBin files keyed by the turns'
    text and the pipeline's fingerprint, so the next `stc kwic`, `agree` or `suggest` does
    not parse the corpus again. The DocBins no transcript has now (earlier versions of
    edited transcripts, another pipeline's) are removed then: the cache keeps one per
    transcript.
    """
    parsed = []
    used: set[str] = set()
    for transcript in transcripts:
        texts = [turn.content(transcript.text) for turn in transcript.turns]
        path = cache / f"{_cache_key(texts, pipeline)}.spacy" if cache is not None else None
        if path is not None:
            used.add(path.name)
        docs = _load_cached(path, texts, pipeline) if path is not None and path.is_file() else None
        if docs is None:
            docs = parse_long_texts(texts, pipeline)
            if path is not None:
                _store(path, docs)
        parsed.append(ParsedTranscript(transcript, docs))
        if on_done is not None:
            on_done(transcript)
    if cache is not None and cache.is_dir():
        prune_cache(cache, ["*.spacy"], used)
    return parsed


_BREAKS = ("\n\n", "\n", ". ", "? ", "! ", " ")


def split_long(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters that join back to it exactly.

    Cuts at the last paragraph break before the limit, else a line break, else a sentence
    end, else a space; a text without any of them is cut at the limit.
    """
    pieces = []
    while len(text) > limit:
        window = text[:limit]
        cut = 0
        for mark in _BREAKS:
            found = window.rfind(mark)
            if found > 0:
                cut = found + len(mark)
                break
        cut = cut or limit
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text]


def parse_long_texts(
    texts: Sequence[str], pipeline: Pipeline, fast: bool = False
) -> tuple[Doc, ...]:
    """One doc per text; a text longer than spaCy's ``max_length`` is parsed in pieces.

    spaCy refuses such a text (E088), and a single long turn or an unlabelled transcript can
    be one. The pieces' docs are joined into one doc with exactly the text's characters.
    ``fast`` (the embedded pipeline only) leaves out the lemmatizer and the sentence fix,
    which ``stc.tokens`` applies per word type and on arrays instead of per token.
    """
    nlp = pipeline.nlp
    disable = [LEMMATIZER, SENTENCE_FIX] if fast else []
    limit = nlp.max_length
    if all(len(text) <= limit for text in texts):
        return tuple(nlp.pipe(texts, batch_size=64, disable=disable))
    docs: list[Doc] = []
    for text in texts:
        if len(text) <= limit:
            docs.extend(nlp.pipe([text], disable=disable))
            continue
        parts = list(nlp.pipe(split_long(text, limit), disable=disable))
        from spacy.tokens import Doc

        docs.append(Doc.from_docs(parts, ensure_whitespace=False))
    return tuple(docs)


def parse_texts(texts: Iterable[str], pipeline: Pipeline) -> list[Doc]:
    """Parse free-standing texts (codebook examples, keywords) with the project's pipeline."""
    return list(pipeline.nlp.pipe(texts))
