"""Matching a codebook against parsed sentences, recording the evidence for every code.

Keyword semantics (case-insensitive, per sentence):
- a word matches a token when any of the token's keys agrees (``stc.keys``): its lower-cased
  form or lemma equals the keyword's form or lemma (``gruppe`` finds *gruppa, gruppene*); the
  keyword is another lemma the token can be an inflection of (``dele`` finds *deler*, whose
  dictionary lemma is "delere"); or, for a word the dictionary does not know, the Snowball
  stems agree (``ruskonsulent`` finds *ruskonsulenten*);
- ``word*`` matches a token whose form or lemma starts with ``word`` (``grupp*`` finds
  *gruppeterapien*), ``*word`` one that ends with it (``*leder`` finds *gruppelederen*),
  ``*word*`` one that contains it;
- several words match consecutive tokens, word by word.
``regex`` runs on the sentence text, ``patterns`` are spaCy Matcher patterns, and any
``exclude`` keyword in a sentence vetoes the code there.
"""

from __future__ import annotations

import bisect
import functools
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from stc.codebook.keyword_cache import KeywordCache
from stc.codebook.model import Codebook
from stc.codebook.regex import RulePattern
from stc.keys import (
    ALL_KEYS,
    KEY_LABELS,
    KEY_TYPES,
    KeyType,
    TokenKeys,
    dictionary_lemmas,
    stem,
    token_keys,
)
from stc.marks import outside_marks
from stc.nlp import Pipeline

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Span, Token

    from stc.codebook.index import CodebookIndex

ElementKind = Literal["exact", "prefix", "suffix", "infix"]
# Keys under which a match is the keyword itself or its dictionary lemma: shown as before.
EXACT_KEYS: frozenset[str] = frozenset({"form", "lemma", "wildcard", ""})


@dataclass(frozen=True)
class SentenceKeys:
    """Every key of a sentence's tokens, pooled, for a cheap test before matching."""

    forms: frozenset[str]
    candidates: frozenset[str]
    stems: frozenset[str]


@dataclass(frozen=True)
class Element:
    """One keyword word: exact forms (with the word's other keys), or a stem with a wildcard.

    ``forms`` are the keyword's lower-cased form and lemma; ``word`` is the keyword as written
    (lower-cased), looked up among a token's candidate lemmas; ``stem`` its Snowball stem.
    """

    kind: ElementKind
    forms: tuple[str, ...]
    word: str = ""
    stem: str | None = None

    def could_match(
        self, forms: set[str] | frozenset[str], sentence: SentenceKeys | None = None
    ) -> bool:
        """Whether any of a sentence's keys can match: a cheap test first."""
        if self.kind == "exact":
            if not forms.isdisjoint(self.forms):
                return True
            if sentence is None:
                return False
            return self.word in sentence.candidates or (
                self.stem is not None and self.stem in sentence.stems
            )
        stem_ = self.forms[0]
        if self.kind == "prefix":
            return any(f.startswith(stem_) for f in forms)
        if self.kind == "suffix":
            return any(f.endswith(stem_) for f in forms)
        return any(stem_ in f for f in forms)

    def matches(self, lower: str, lemma: str) -> bool:
        """Whether the form or lemma agrees (the keys stc used before tokens had more)."""
        return self.key(lower, lemma) is not None

    def key(
        self,
        lower: str,
        lemma: str,
        keys: TokenKeys | None = None,
        allowed: frozenset[str] = ALL_KEYS,
    ) -> KeyType | None:
        """The strongest key under which this word matches the token, or None."""
        if self.kind == "exact":
            if lower in self.forms or lemma in self.forms:
                return "form" if lower == self.word else "lemma"
            if keys is None:
                return None
            if "candidate" in allowed and self.word in keys.candidates:
                return "candidate"
            if "stem" in allowed and self.stem is not None and keys.stem == self.stem:
                return "stem"
            return None
        stem_ = self.forms[0]
        if self.kind == "prefix":
            hit = lower.startswith(stem_) or lemma.startswith(stem_)
        elif self.kind == "suffix":
            hit = lower.endswith(stem_) or lemma.endswith(stem_)
        else:
            hit = stem_ in lower or stem_ in lemma
        return "wildcard" if hit else None


def _weakest(keys: Iterable[KeyType]) -> KeyType:
    return max(keys, key=KEY_TYPES.index)


@dataclass(frozen=True)
class Keyword:
    """A parsed keyword: the researcher's text and its word-by-word elements."""

    source: str
    elements: tuple[Element, ...]

    def find(
        self,
        lowers: Sequence[str],
        lemmas: Sequence[str],
        forms: set[str] | frozenset[str] | None = None,
    ) -> list[tuple[int, int]]:
        """Every ``(start, end)`` run of token positions the keyword's forms and lemmas match.

        ``forms`` (all lower-cased forms and lemmas of the tokens), when given, lets a keyword
        that cannot match return at once: most keywords, for most sentences.
        """
        return [(a, b) for a, b, _ in self.find_keys(lowers, lemmas, forms)]

    def find_keys(
        self,
        lowers: Sequence[str],
        lemmas: Sequence[str],
        forms: set[str] | frozenset[str] | None = None,
        keys: Sequence[TokenKeys] | None = None,
        sentence: SentenceKeys | None = None,
        allowed: frozenset[str] = ALL_KEYS,
    ) -> list[tuple[int, int, KeyType]]:
        """Every ``(start, end, key)`` run the keyword matches; ``key`` is the weakest used.

        Without ``keys`` (each token's ``TokenKeys``) only forms and lemmas are compared.
        """
        if forms is not None:
            for element in self.elements:  # a loop, not all(…): this runs for every keyword
                if not element.could_match(forms, sentence):
                    return []
        n = len(self.elements)
        hits = []
        for i in range(len(lowers) - n + 1):
            used: list[KeyType] = []
            for k in range(n):
                found = self.elements[k].key(
                    lowers[i + k], lemmas[i + k], keys[i + k] if keys else None, allowed
                )
                if found is None:
                    break
                used.append(found)
            else:
                hits.append((i, i + n, _weakest(used)))
        return hits


def _keyword_forms(lower: str, lemma: str, lemmas: frozenset[str]) -> tuple[str, ...]:
    """The forms a keyword word agrees with: itself, and its lemma unless it is one itself.

    A researcher writes a keyword as a lemma; when the word is a dictionary lemma, a second
    lemma for it is a homonym (da *vred*, angry, has the dictionary lemma "vride", to wring;
    nb *leder* has "led") and would only bring false hits.
    """
    if lower in lemmas or not lemma:
        return (lower,)
    return tuple(sorted({lower, lemma}))


def parse_keyword(text: str, pipeline: Pipeline, own_lemma: bool = True) -> Keyword:
    """Turn a codebook keyword into elements, lemmatizing its plain words with the pipeline."""
    return parse_keywords([text], pipeline, own_lemma)[0]


def parse_keywords(
    texts: Sequence[str],
    pipeline: Pipeline,
    own_lemma: bool = True,
    cache: KeywordCache | None = None,
    lemmas_found: dict[str, str] | None = None,
) -> list[Keyword]:
    """Parse many keywords at once (one pipeline pass for all plain words).

    With ``own_lemma``, a one-word keyword that is itself a dictionary lemma is not also given
    its dictionary lemma (see ``_keyword_forms``). The words of a phrase keep both: a phrase is
    written as it is said (``bor alene``, ``hadde vært bedre``), so its words are forms whose
    lemma is meant too (*bodde alene*).

    With ``cache``, words parsed before are read from it and new ones added; ``lemmas_found``
    receives each word's lemma (what the flags compare matched words with).
    """
    words = sorted({w for t in texts for w in t.split() if "*" not in w})
    single = {t.split()[0] for t in texts if len(t.split()) == 1}
    analysed: dict[str, list[Element]] = {}
    in_phrase: dict[str, list[Element]] = {}
    lemma_of: dict[str, str] = {}
    missing = []
    for word in words:
        found = cache.get(word, word in single, own_lemma) if cache is not None else None
        if found is None:
            missing.append(word)
        else:
            analysed[word], in_phrase[word], lemma_of[word] = found
    if missing:
        lemmas = dictionary_lemmas(pipeline.language) if own_lemma else frozenset()
        for word, doc in zip(missing, pipeline.nlp.pipe(missing), strict=True):
            tokens = [tok for tok in doc if not tok.is_space]
            for table, known in (
                (analysed, lemmas if word in single else frozenset()),
                (in_phrase, frozenset()),
            ):
                table[word] = [
                    Element(
                        "exact",
                        _keyword_forms(tok.lower_, tok.lemma_.lower(), known),
                        tok.lower_,
                        stem(tok.lower_, pipeline.language),
                    )
                    for tok in tokens
                ]
            # As flags.keyword_lemmatizer gives it.
            lemma_of[word] = (tokens[0].lemma_ or tokens[0].lower_).lower() if tokens else word
            if cache is not None:
                cache.put(
                    word, word in single, own_lemma, analysed[word], in_phrase[word], lemma_of[word]
                )
    if lemmas_found is not None:
        lemmas_found.update(lemma_of)
    keywords = []
    for text in texts:
        elements: list[Element] = []
        for word in text.split():
            if "*" in word:
                stem_ = word.strip("*").lower()
                kind: ElementKind
                if word.startswith("*") and word.endswith("*"):
                    kind = "infix"
                elif word.startswith("*"):
                    kind = "suffix"
                else:
                    kind = "prefix"
                elements.append(Element(kind, (stem_,)))
            else:
                elements.extend((analysed if len(text.split()) == 1 else in_phrase)[word])
        keywords.append(Keyword(text, tuple(elements)))
    return keywords


@dataclass(frozen=True)
class Evidence:
    """Why a code was given: the rule, the researcher's pattern and the words it matched.

    ``keys`` (for keywords) names, per matched word, the key that agreed; a word found by
    another lemma or by its stem is shown as ``keyword 'dele' ~ «deler» (other lemma)``.
    """

    rule: Literal["keyword", "regex", "pattern", "manual", "suggest"]
    pattern: str
    matched: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()

    @property
    def approximate(self) -> bool:
        """Whether a word was found by a key other than its form or dictionary lemma."""
        return any(k not in EXACT_KEYS for k in self.keys)

    def __str__(self) -> str:
        if self.rule == "manual":
            return f"manual ({self.pattern})"
        if self.rule == "suggest":  # `stc suggest`: the pattern is its score and explanation
            return f"suggest: {self.pattern}"
        if not self.approximate:
            words = ", ".join(f'"{m}"' for m in self.matched)
            return f"{self.rule} '{self.pattern}' = {words}"
        shown = []
        for word, key in zip(self.matched, self.keys, strict=False):
            if key in EXACT_KEYS:
                shown.append(f'"{word}"')
            else:
                shown.append(f"«{word}» ({KEY_LABELS.get(key, key)})")
        return f"{self.rule} '{self.pattern}' ~ {', '.join(shown)}"


@dataclass
class _CodeRules:
    code_id: str
    keywords: list[Keyword] = field(default_factory=list)
    regexes: list[RulePattern] = field(default_factory=list)
    exclude: list[Keyword] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)


def _forms(span: Span | Doc) -> tuple[list[Token], list[str], list[str]]:
    """The tokens keywords read, their forms and lemmas: the words said, without white space
    and the transcriber's marks in brackets ("(paus)", "[ohörbart]")."""
    spaced = [t for t in span if not t.is_space]
    tokens = [spaced[i] for i in outside_marks([t.text for t in spaced])]
    return tokens, [t.lower_ for t in tokens], [(t.lemma_ or t.text).lower() for t in tokens]


SentenceView = tuple["list[Token]", list[str], list[str], list[TokenKeys], set[str], SentenceKeys]


def sentence_view(sent: Span | Doc, language: str) -> SentenceView:
    """A sentence as keywords see it: tokens, forms, lemmas, each token's keys, pooled keys."""
    tokens, lowers, lemmas = _forms(sent)
    keys = [token_keys(lo, le, language) for lo, le in zip(lowers, lemmas, strict=True)]
    candidates: set[str] = set()
    stems: set[str] = set()
    for k in keys:
        candidates |= k.candidates
        if k.stem is not None:
            stems.add(k.stem)
    forms = {*lowers, *lemmas}
    return (
        tokens,
        lowers,
        lemmas,
        keys,
        forms,
        SentenceKeys(frozenset(forms), frozenset(candidates), frozenset(stems)),
    )


@dataclass(frozen=True)
class Veto:
    """An exclude keyword that matched a sentence, and the words and key it matched by."""

    exclude: str
    matched: tuple[str, ...]
    key: KeyType

    def __str__(self) -> str:
        words = ", ".join(f"«{m}»" for m in self.matched)
        return (
            f"vetoed by exclude '{self.exclude}', which matches {words} by {KEY_LABELS[self.key]}"
        )


class CodebookMatcher:
    """Codes sentences with a codebook; build once per pipeline, use for every document.

    ``keys`` limits the token keys keywords may match by (``stc.keys.BASIC_KEYS`` is how stc
    matched before tokens had several keys; the quality benchmark compares the two).
    """

    def __init__(
        self,
        codebook: Codebook,
        pipeline: Pipeline,
        keys: frozenset[KeyType] = ALL_KEYS,
        cache: Path | None = None,
    ) -> None:
        self.codebook = codebook
        self.pipeline = pipeline
        self.allowed: frozenset[str] = frozenset(keys)
        self._keys = keys
        self._cache = cache
        self._restricted: dict[tuple[str, ...], CodebookMatcher] = {}
        self.rules: list[_CodeRules] = []
        # spaCy's Matcher (and spaCy) only for a codebook with patterns.
        self._matcher: Matcher | None = None
        self._pattern_sources: dict[int, tuple[str, str]] = {}
        all_texts = [k for _, _, c in codebook.codes for k in (*c.keywords, *c.exclude)]
        # Other lemmas find a keyword's inflections, so its own lemma is trusted with them.
        own_lemma = "candidate" in keys
        from stc.keys import keys_fingerprint  # looked up now: tests stand in for an upgrade

        keyword_cache = (
            KeywordCache(cache, f"{pipeline.fingerprint}|{keys_fingerprint()}")
            if cache is not None
            else None
        )
        self._keyword_lemmas: dict[str, str] = {}
        parsed = dict(
            zip(
                all_texts,
                parse_keywords(all_texts, pipeline, own_lemma, keyword_cache, self._keyword_lemmas),
                strict=True,
            )
        )
        if keyword_cache is not None:
            keyword_cache.save()
        for code_id, _, code in codebook.codes:
            rules = _CodeRules(
                code_id,
                keywords=[parsed[k] for k in code.keywords],
                regexes=[RulePattern(r) for r in code.regex],
                exclude=[parsed[k] for k in code.exclude],
            )
            for i, pattern in enumerate(code.patterns):
                key = f"{code_id}#{i}"
                if self._matcher is None:
                    from spacy.matcher import Matcher

                    self._matcher = Matcher(pipeline.nlp.vocab)
                self._matcher.add(key, [pattern])
                match_id = pipeline.nlp.vocab.strings[key]
                self._pattern_sources[match_id] = (code_id, pattern_text(pattern))
            self.rules.append(rules)

    def keyword_lemma(self, word: str) -> str:
        """A one-word keyword's lower-cased lemma (``flags.keyword_lemmatizer``), known from
        parsing the codebook when it can be."""
        found = self._keyword_lemmas.get(word)
        if found is None:
            from stc.flags import keyword_lemmatizer

            found = self._keyword_lemmas[word] = keyword_lemmatizer(self.pipeline.nlp)(word)
        return found

    def restricted(self, code_ids: Iterable[str]) -> CodebookMatcher:
        """A matcher of only these codes (same pipeline, keys and caches), built once: what
        re-coding after a codebook edit matches (``stc.coded_cache``)."""
        wanted = tuple(sorted(set(code_ids)))
        found = self._restricted.get(wanted)
        if found is None:
            keep = set(wanted)
            groups = [
                group.model_copy(
                    update={"codes": [c for c in group.codes if f"{group.id}/{c.id}" in keep]}
                )
                for group in self.codebook.groups
                if any(f"{group.id}/{c.id}" in keep for c in group.codes)
            ]
            codebook = self.codebook.model_copy(update={"groups": groups})
            found = CodebookMatcher(codebook, self.pipeline, self._keys, self._cache)
            if len(self._restricted) >= 8:  # a few kept: transcripts may lack different codes
                self._restricted.pop(next(iter(self._restricted)))
            self._restricted[wanted] = found
        return found

    @functools.cached_property
    def index(self) -> CodebookIndex:
        """The codebook compiled into lookup tables, for coding a corpus."""
        from stc.codebook.index import CodebookIndex

        return CodebookIndex(self)

    def pattern_hits(
        self, doc: Doc, starts: Sequence[int]
    ) -> dict[int, list[tuple[str, str, str]]]:
        """spaCy Matcher pattern hits per sentence (``starts``: sentences' first tokens)."""
        found: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
        for match_id, start, end in self._matcher(doc) if self._matcher is not None else ():
            code_id, source = self._pattern_sources[match_id]
            found[_sentence_index(starts, start)].append((code_id, source, doc[start:end].text))
        return found

    def match_doc(self, doc: Doc) -> list[tuple[Span, dict[str, tuple[Evidence, ...]]]]:
        """Each sentence of ``doc`` with the codes it gets and their evidence."""
        sentences = list(doc.sents)
        pattern_hits: dict[int, list[tuple[str, str, str]]] = {}
        if self._matcher is not None:
            pattern_hits = self.pattern_hits(doc, [s.start for s in sentences])
        return [
            (sent, self.match_sentence(sent, pattern_hits.get(i, [])))
            for i, sent in enumerate(sentences)
        ]

    def _sentence(self, sent: Span | Doc) -> SentenceView:
        return sentence_view(sent, self.pipeline.language)

    def _texts(
        self, tokens: Sequence[Token], hits: Sequence[tuple[int, int, KeyType]]
    ) -> list[tuple[str, KeyType]]:
        """The text and key of every matched run of tokens, each text once."""
        doc = tokens[0].doc
        found: dict[str, KeyType] = {}
        for a, b, key in hits:
            found.setdefault(doc[tokens[a].i : tokens[b - 1].i + 1].text, key)
        return list(found.items())

    def match_sentence(
        self, sent: Span | Doc, pattern_hits: Sequence[tuple[str, str, str]] = ()
    ) -> dict[str, tuple[Evidence, ...]]:
        """The codes one sentence gets, with evidence; ``pattern_hits`` come from ``match_doc``."""
        tokens, lowers, lemmas, keys, forms, pooled = self._sentence(sent)
        allowed = self.allowed
        text = sent.text
        found: dict[str, tuple[Evidence, ...]] = {}
        for rules in self.rules:
            # The hot loop: most keywords fail find_keys' cheap pooled test at once.
            if any(
                k.find_keys(lowers, lemmas, forms, keys, pooled, allowed) for k in rules.exclude
            ):
                continue
            keyword_words = []
            for keyword in rules.keywords:
                hits = keyword.find_keys(lowers, lemmas, forms, keys, pooled, allowed)
                if hits:
                    keyword_words.append((keyword.source, self._texts(tokens, hits)))
            evidence = code_evidence(
                rules.code_id, keyword_words, rules.regexes, text, pattern_hits
            )
            if evidence:
                found[rules.code_id] = evidence
        return found

    def vetoes(self, text: str, code_id: str) -> list[Veto]:
        """The exclude keywords of ``code_id`` that veto it in some sentence of ``text``."""
        rules = next((r for r in self.rules if r.code_id == code_id), None)
        if rules is None:
            return []
        found: list[Veto] = []
        for sent in self.pipeline.nlp(text).sents:
            tokens, lowers, lemmas, keys, forms, pooled = self._sentence(sent)
            for keyword in rules.exclude:
                hits = keyword.find_keys(lowers, lemmas, forms, keys, pooled, self.allowed)
                if hits:
                    words = self._texts(tokens, hits)
                    found.append(
                        Veto(
                            keyword.source,
                            tuple(t for t, _ in words),
                            _weakest(k for _, k in words),
                        )
                    )
        return found

    def code_text(self, text: str) -> dict[str, tuple[Evidence, ...]]:
        """All codes any sentence of a free-standing text gets (for examples and tests)."""
        doc = self.pipeline.nlp(text)
        codes: dict[str, tuple[Evidence, ...]] = {}
        for _, found in self.match_doc(doc):
            for code_id, evidence in found.items():
                codes[code_id] = codes.get(code_id, ()) + evidence
        return codes


def code_evidence(
    code_id: str,
    keyword_words: Iterable[tuple[str, Sequence[tuple[str, KeyType]]]],
    regexes: Iterable[RulePattern],
    text: str,
    pattern_hits: Sequence[tuple[str, str, str]],
) -> tuple[Evidence, ...]:
    """A code's evidence in one sentence, in rule order: each keyword that matched with its
    words and keys, then each regex that matches ``text``, then the code's pattern hits. The
    one place evidence is built, for the simple matcher and the index alike."""
    evidence = [
        Evidence("keyword", source, tuple(t for t, _ in words), tuple(k for _, k in words))
        for source, words in keyword_words
    ]
    for regex in regexes:
        matched = _unique(m.group(0) for m in regex.finditer(text) if m.group(0))
        if matched:
            evidence.append(Evidence("regex", regex.pattern, matched))
    by_pattern: dict[str, list[str]] = defaultdict(list)
    for hit_code, source, span_text in pattern_hits:
        if hit_code == code_id:
            by_pattern[source].append(span_text)
    for source, texts in by_pattern.items():
        evidence.append(Evidence("pattern", source, _unique(texts)))
    return tuple(evidence)


def _sentence_index(starts: Sequence[int], token_index: int) -> int:
    return bisect.bisect_right(starts, token_index) - 1


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    """Items in first-seen order, each once."""
    return tuple(dict.fromkeys(items))


def pattern_text(pattern: list[dict[str, Any]]) -> str:
    """A spaCy Matcher pattern as its rule reads in evidence and codebook_health.csv."""
    return json.dumps(pattern, ensure_ascii=False, sort_keys=True)
