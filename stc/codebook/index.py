"""The codebook compiled into lookup tables: matching a corpus at the speed of a dict lookup.

``CodebookMatcher.match_sentence`` asks every keyword of every code whether it occurs in a
sentence: about a hundred tests per sentence, in Python. This index turns the question round.
Every keyword word (an ``Element``) is filed under the strings that can find it: its forms and
lemma, the word itself (found among a token's other lemmas), its Snowball stem, and, for a
wildcard, its prefix, suffix or infix. A word type (a distinct form and lemma) is looked up
once per run; the answer, "these keyword words match me, by this key", is remembered. A
sentence then only visits its tokens that some keyword word matched, assembles multi-word
keywords from consecutive hits, and builds exactly the evidence ``match_sentence`` builds:
the same codes, rules, words and keys, in the same order (the tests compare the two on the
sample and on generated sentences).

Regexes are tested per sentence with one RE2 set per codebook, so only the regexes that
match are run again for their words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from stc.codebook.matcher import (
    CodebookMatcher,
    Element,
    Evidence,
    Keyword,
    _weakest,
    code_evidence,
)
from stc.codebook.regex import PatternSet
from stc.keys import KeyType, TokenKeys
from stc.tokens import WordType

# (keyword number, word position in the keyword, key it matched by)
Hit = tuple[int, int, KeyType]


@dataclass(frozen=True)
class _Code:
    code_id: str
    keywords: tuple[int, ...]
    exclude: tuple[int, ...]
    regexes: tuple[int, ...]


class CodebookIndex:
    """A matcher's keywords filed by the strings that find them; build once per run."""

    def __init__(self, matcher: CodebookMatcher) -> None:
        self.matcher = matcher
        self.allowed = matcher.allowed
        numbers: dict[int, int] = {}
        self.keywords: list[Keyword] = []

        def number(keyword: Keyword) -> int:
            if id(keyword) not in numbers:
                numbers[id(keyword)] = len(self.keywords)
                self.keywords.append(keyword)
            return numbers[id(keyword)]

        self.regexes = [r for rules in matcher.rules for r in rules.regexes]
        codes = []
        regex_number = 0
        for rules in matcher.rules:
            keywords = tuple(number(k) for k in rules.keywords)
            exclude = tuple(number(k) for k in rules.exclude)
            regexes = tuple(range(regex_number, regex_number + len(rules.regexes)))
            regex_number += len(rules.regexes)
            codes.append(_Code(rules.code_id, keywords, exclude, regexes))
        self.codes = tuple(codes)
        self.has_patterns = matcher._matcher is not None
        # The codes each keyword and regex can give, to visit only codes a sentence touches.
        self._codes_of_keyword: dict[int, list[int]] = defaultdict(list)
        self._codes_of_regex: dict[int, int] = {}
        for c, code in enumerate(self.codes):
            for k in (*code.keywords, *code.exclude):
                if c not in self._codes_of_keyword[k]:
                    self._codes_of_keyword[k].append(c)
            for r in code.regexes:
                self._codes_of_regex[r] = c
        self._elements: list[tuple[int, int, Element]] = [
            (k, p, element)
            for k, keyword in enumerate(self.keywords)
            for p, element in enumerate(keyword.elements)
        ]
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._word: dict[str, list[int]] = defaultdict(list)
        self._stem: dict[str, list[int]] = defaultdict(list)
        self._prefix: dict[str, list[int]] = defaultdict(list)
        self._suffix: dict[str, list[int]] = defaultdict(list)
        self._infix: list[tuple[str, int]] = []
        for e, (_, _, element) in enumerate(self._elements):
            if element.kind == "exact":
                for form in element.forms:
                    self._exact[form].append(e)
                self._word[element.word].append(e)
                if element.stem is not None:
                    self._stem[element.stem].append(e)
            elif element.kind == "prefix":
                self._prefix[element.forms[0]].append(e)
            elif element.kind == "suffix":
                self._suffix[element.forms[0]].append(e)
            else:
                self._infix.append((element.forms[0], e))
        self._lengths = [len(k.elements) for k in self.keywords]
        # The keywords a code gives (exclude keywords give none): see ``anchors``.
        self._coding = sorted({k for code in self.codes for k in code.keywords})
        self._prefix_lengths = sorted({len(s) for s in self._prefix})
        self._suffix_lengths = sorted({len(s) for s in self._suffix})
        self._memo: dict[tuple[str, str], tuple[Hit, ...]] = {}
        self._regex_set = PatternSet(self.regexes)

    def word_hits(self, word: WordType) -> tuple[Hit, ...]:
        """``type_hits`` of a word type from the token table."""
        found = self._memo.get((word.lower, word.lemma))
        if found is not None:
            return found
        keys = TokenKeys(
            word.lower, word.lemma, frozenset(word.candidates), word.stem or None, word.known
        )
        return self.type_hits(word.lower, word.lemma, keys)

    def type_hits(self, lower: str, lemma: str, keys: TokenKeys) -> tuple[Hit, ...]:
        """The keyword words a word type matches, each with the strongest key that agrees."""
        memo_key = (lower, lemma)
        found = self._memo.get(memo_key)
        if found is not None:
            return found
        elements: set[int] = set()
        for table, strings in (
            (self._exact, (lower, lemma)),
            (self._word, keys.candidates),
            (self._stem, (keys.stem,) if keys.stem else ()),
        ):
            for s in strings:
                elements.update(table.get(s, ()))
        for length in self._prefix_lengths:
            for s in (lower, lemma):
                if len(s) >= length:
                    elements.update(self._prefix.get(s[:length], ()))
        for length in self._suffix_lengths:
            for s in (lower, lemma):
                if len(s) >= length:
                    elements.update(self._suffix.get(s[-length:], ()))
        for infix, e in self._infix:
            if infix in lower or infix in lemma:
                elements.add(e)
        hits = []
        for e in sorted(elements):
            k, p, element = self._elements[e]
            key = element.key(lower, lemma, keys, self.allowed)
            if key is not None:
                hits.append((k, p, key))
        found = tuple(hits)
        self._memo[memo_key] = found
        return found

    def anchors(self, hits: Sequence[tuple[Hit, ...]], counts: Mapping[int, int]) -> dict[int, int]:
        """Per keyword a code gives, the position of its word said least often in a text, from
        the ``type_hits`` of the text's word types and how often each type is said (by type
        number). A sentence can match the keyword only if it holds that word (its *anchor*), so
        a sentence whose hits are common phrase words (nb "det", "var") or excludes is passed
        over. A keyword with a word the text never says has no anchor: it cannot match.
        """
        said: dict[tuple[int, int], int] = {}
        for t, n in counts.items():
            for k, p, _ in hits[t]:
                said[(k, p)] = said.get((k, p), 0) + n
        found = {}
        for k in self._coding:
            p = min(range(self._lengths[k]), key=lambda p: (said.get((k, p), 0), p))
            if said.get((k, p)):
                found[k] = p
        return found

    def regex_candidates(self, text: str) -> list[int]:
        """The regexes that can match ``text`` (all of them when they do not fit one RE2 set)."""
        return self._regex_set.candidates(text)

    def match(
        self,
        places: Sequence[tuple[int, int]],
        hits: Sequence[tuple[Hit, ...]],
        text: str,
        pattern_hits: Sequence[tuple[str, str, str]] = (),
        regexes: Sequence[int] | None = None,
    ) -> dict[str, tuple[Evidence, ...]]:
        """The codes a sentence gets, with evidence, as ``CodebookMatcher.match_sentence``.

        ``places`` are the sentence's non-space tokens as (start, end) offsets in ``text`` (the
        sentence, ``Span.text``), ``hits`` each such token's ``type_hits``; ``regexes`` the
        ``regex_candidates`` of ``text`` when the caller has them.
        """
        later: dict[tuple[int, int, int], KeyType] = {}  # (position, keyword, word) → key
        firsts: list[tuple[int, int, KeyType]] = []  # where a keyword's first word matches
        for i, type_hits in enumerate(hits):
            for k, p, key in type_hits:
                if p:
                    later[(i, k, p)] = key
                else:
                    firsts.append((i, k, key))
        runs: dict[int, list[tuple[int, int, KeyType]]] = {}
        n_tokens = len(hits)
        lengths = self._lengths
        for i, k, key in firsts:
            n = lengths[k]
            if n == 1:
                runs.setdefault(k, []).append((i, i + 1, key))
                continue
            if i + n > n_tokens:
                continue
            used: list[KeyType] = [key]
            for p in range(1, n):
                agreed = later.get((i + p, k, p))
                if agreed is None:
                    break
                used.append(agreed)
            else:
                runs.setdefault(k, []).append((i, i + n, _weakest(used)))
        touched: set[int] = set()
        for k in runs:
            touched.update(self._codes_of_keyword[k])
        regex_hits = self.regex_candidates(text) if regexes is None else list(regexes)
        touched.update(self._codes_of_regex[r] for r in regex_hits)
        pattern_codes = {code_id for code_id, _, _ in pattern_hits}
        if pattern_codes:
            touched.update(c for c, code in enumerate(self.codes) if code.code_id in pattern_codes)
        regex_set = set(regex_hits)
        found: dict[str, tuple[Evidence, ...]] = {}
        for c in sorted(touched):
            code = self.codes[c]
            if any(k in runs for k in code.exclude):
                continue
            keyword_words = []
            for k in code.keywords:
                if k in runs:
                    texts: dict[str, KeyType] = {}
                    for a, b, key in runs[k]:
                        texts.setdefault(text[places[a][0] : places[b - 1][1]], key)
                    keyword_words.append((self.keywords[k].source, list(texts.items())))
            regexes_run = [self.regexes[r] for r in code.regexes if r in regex_set]
            evidence = code_evidence(code.code_id, keyword_words, regexes_run, text, pattern_hits)
            if evidence:
                found[code.code_id] = evidence
        return found
