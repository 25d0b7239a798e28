"""Matching a codebook against parsed sentences, recording the evidence for every code.

Keyword semantics (case-insensitive, per sentence):
- a word matches a token when its lemma or lower-cased form equals the keyword's lemma or
  lower-cased form (``gruppe`` finds *gruppa, gruppene, grupper*);
- ``word*`` matches a token whose form or lemma starts with ``word`` (``grupp*`` finds
  *gruppeterapien*), ``*word`` one that ends with it (``*leder`` finds *gruppelederen*),
  ``*word*`` one that contains it;
- several words match consecutive tokens, word by word.
``regex`` runs on the sentence text, ``patterns`` are spaCy Matcher patterns, and any
``exclude`` keyword in a sentence vetoes the code there.
"""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from stc.codebook.model import Codebook
from stc.codebook.regex import RulePattern
from stc.nlp import Pipeline

ElementKind = Literal["exact", "prefix", "suffix", "infix"]


@dataclass(frozen=True)
class Element:
    """One keyword word: exact forms, or a stem with a wildcard."""

    kind: ElementKind
    forms: tuple[str, ...]

    def could_match(self, forms: set[str] | frozenset[str]) -> bool:
        """Whether any of a sentence's forms and lemmas can match: a cheap test first."""
        if self.kind == "exact":
            return not forms.isdisjoint(self.forms)
        stem = self.forms[0]
        if self.kind == "prefix":
            return any(f.startswith(stem) for f in forms)
        if self.kind == "suffix":
            return any(f.endswith(stem) for f in forms)
        return any(stem in f for f in forms)

    def matches(self, lower: str, lemma: str) -> bool:
        if self.kind == "exact":
            return lower in self.forms or lemma in self.forms
        stem = self.forms[0]
        if self.kind == "prefix":
            return lower.startswith(stem) or lemma.startswith(stem)
        if self.kind == "suffix":
            return lower.endswith(stem) or lemma.endswith(stem)
        return stem in lower or stem in lemma


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
        """Every ``(start, end)`` run of token positions the keyword matches.

        ``forms`` (all lower-cased forms and lemmas of the tokens), when given, lets a keyword
        that cannot match return at once: most keywords, for most sentences.
        """
        if forms is not None and not all(e.could_match(forms) for e in self.elements):
            return []
        n = len(self.elements)
        hits = []
        for i in range(len(lowers) - n + 1):
            if all(self.elements[k].matches(lowers[i + k], lemmas[i + k]) for k in range(n)):
                hits.append((i, i + n))
        return hits


def parse_keyword(text: str, pipeline: Pipeline) -> Keyword:
    """Turn a codebook keyword into elements, lemmatizing its plain words with the pipeline."""
    return parse_keywords([text], pipeline)[0]


def parse_keywords(texts: Sequence[str], pipeline: Pipeline) -> list[Keyword]:
    """Parse many keywords at once (one pipeline pass for all plain words)."""
    words = sorted({w for t in texts for w in t.split() if "*" not in w})
    analysed: dict[str, list[Element]] = {}
    for word, doc in zip(words, pipeline.nlp.pipe(words), strict=True):
        analysed[word] = [
            Element("exact", tuple(sorted({tok.lower_, tok.lemma_.lower() or tok.lower_})))
            for tok in doc
            if not tok.is_space
        ]
    keywords = []
    for text in texts:
        elements: list[Element] = []
        for word in text.split():
            if "*" in word:
                stem = word.strip("*").lower()
                kind: ElementKind
                if word.startswith("*") and word.endswith("*"):
                    kind = "infix"
                elif word.startswith("*"):
                    kind = "suffix"
                else:
                    kind = "prefix"
                elements.append(Element(kind, (stem,)))
            else:
                elements.extend(analysed[word])
        keywords.append(Keyword(text, tuple(elements)))
    return keywords


@dataclass(frozen=True)
class Evidence:
    """Why a code was given: the rule, the researcher's pattern and the words it matched."""

    rule: Literal["keyword", "regex", "pattern", "manual"]
    pattern: str
    matched: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.rule == "manual":
            return f"manual ({self.pattern})"
        words = ", ".join(f'"{m}"' for m in self.matched)
        return f"{self.rule} '{self.pattern}' = {words}"


@dataclass
class _CodeRules:
    code_id: str
    keywords: list[Keyword] = field(default_factory=list)
    regexes: list[RulePattern] = field(default_factory=list)
    exclude: list[Keyword] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)


def _forms(span: Span | Doc) -> tuple[list[Token], list[str], list[str]]:
    tokens = [t for t in span if not t.is_space]
    return tokens, [t.lower_ for t in tokens], [(t.lemma_ or t.text).lower() for t in tokens]


class CodebookMatcher:
    """Codes sentences with a codebook; build once per pipeline, use for every document."""

    def __init__(self, codebook: Codebook, pipeline: Pipeline) -> None:
        self.codebook = codebook
        self.pipeline = pipeline
        self.rules: list[_CodeRules] = []
        self._matcher = Matcher(pipeline.nlp.vocab)
        self._pattern_sources: dict[int, tuple[str, str]] = {}
        all_texts = [k for _, _, c in codebook.codes for k in (*c.keywords, *c.exclude)]
        parsed = dict(zip(all_texts, parse_keywords(all_texts, pipeline), strict=True))
        for code_id, _, code in codebook.codes:
            rules = _CodeRules(
                code_id,
                keywords=[parsed[k] for k in code.keywords],
                regexes=[RulePattern(r) for r in code.regex],
                exclude=[parsed[k] for k in code.exclude],
            )
            for i, pattern in enumerate(code.patterns):
                key = f"{code_id}#{i}"
                self._matcher.add(key, [pattern])
                match_id = pipeline.nlp.vocab.strings[key]
                self._pattern_sources[match_id] = (code_id, _pattern_text(pattern))
            self.rules.append(rules)

    def match_doc(self, doc: Doc) -> list[tuple[Span, dict[str, tuple[Evidence, ...]]]]:
        """Each sentence of ``doc`` with the codes it gets and their evidence."""
        pattern_hits: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
        sentences = list(doc.sents)
        if len(self._matcher):
            starts = [s.start for s in sentences]
            for match_id, start, end in self._matcher(doc):
                code_id, source = self._pattern_sources[match_id]
                index = _sentence_index(starts, start)
                pattern_hits[index].append((code_id, source, doc[start:end].text))
        return [
            (sent, self.match_sentence(sent, pattern_hits.get(i, [])))
            for i, sent in enumerate(sentences)
        ]

    def match_sentence(
        self, sent: Span | Doc, pattern_hits: Sequence[tuple[str, str, str]] = ()
    ) -> dict[str, tuple[Evidence, ...]]:
        """The codes one sentence gets, with evidence; ``pattern_hits`` come from ``match_doc``."""
        tokens, lowers, lemmas = _forms(sent)
        forms = {*lowers, *lemmas}
        text = sent.text
        found: dict[str, tuple[Evidence, ...]] = {}
        for rules in self.rules:
            if any(k.find(lowers, lemmas, forms) for k in rules.exclude):
                continue
            evidence: list[Evidence] = []
            for keyword in rules.keywords:
                hits = keyword.find(lowers, lemmas, forms)
                if hits:
                    matched = _unique(
                        sent.doc[tokens[a].i : tokens[b - 1].i + 1].text for a, b in hits
                    )
                    evidence.append(Evidence("keyword", keyword.source, matched))
            for regex in rules.regexes:
                matched = _unique(m.group(0) for m in regex.finditer(text) if m.group(0))
                if matched:
                    evidence.append(Evidence("regex", regex.pattern, matched))
            by_pattern: dict[str, list[str]] = defaultdict(list)
            for code_id, source, span_text in pattern_hits:
                if code_id == rules.code_id:
                    by_pattern[source].append(span_text)
            for source, texts in by_pattern.items():
                evidence.append(Evidence("pattern", source, _unique(texts)))
            if evidence:
                found[rules.code_id] = tuple(evidence)
        return found

    def code_text(self, text: str) -> dict[str, tuple[Evidence, ...]]:
        """All codes any sentence of a free-standing text gets (for examples and tests)."""
        doc = self.pipeline.nlp(text)
        codes: dict[str, tuple[Evidence, ...]] = {}
        for _, found in self.match_doc(doc):
            for code_id, evidence in found.items():
                codes[code_id] = codes.get(code_id, ()) + evidence
        return codes


def _sentence_index(starts: Sequence[int], token_index: int) -> int:
    return bisect.bisect_right(starts, token_index) - 1


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    """Items in first-seen order, each once."""
    return tuple(dict.fromkeys(items))


def _pattern_text(pattern: list[dict[str, Any]]) -> str:
    return json.dumps(pattern, ensure_ascii=False, sort_keys=True)
