"""The indexed matcher and the token table give exactly what the simple matcher on spaCy docs
gives: the same sentences, codes, evidence (rules, words, keys) and flags, in the same order.

The reference is the code path stc used before the index: the full pipeline (lemmatizer and
sentence fix as spaCy components), ``CodebookMatcher.match_doc`` asking every keyword about
every sentence, and the flags computed on spaCy spans.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stc.codebook import CodebookMatcher, load_codebook
from stc.codebook.model import Codebook
from stc.config import load_config
from stc.corpus import load_transcripts
from stc.flags import keyword_lemmatizer, sentence_flags
from stc.keys import BASIC_KEYS
from stc.marks import mark_close
from stc.nlp import Pipeline, parse_long_texts
from stc.readers.text import transcript_from_text
from stc.tokens import transcript_tokens
from stc.types import Transcript
from stc.units import code_tokens
from tests.conftest import SAMPLE

Row = tuple[int, int, dict[str, tuple[object, ...]], tuple[int, ...], object, tuple[str, ...]]


def reference(transcript: Transcript, matcher: CodebookMatcher) -> list[Row]:
    """Every participant sentence as the old ``units.sentences`` coded it from spaCy docs."""
    pipeline = matcher.pipeline
    texts = [turn.content(transcript.text) for turn in transcript.turns]
    rows: list[Row] = []
    lemma = keyword_lemmatizer(pipeline.nlp)
    for turn, doc in zip(transcript.turns, parse_long_texts(texts, pipeline), strict=True):
        if turn.role != "participant":
            continue
        for sent, codes in matcher.match_doc(doc):
            tokens = [t for t in sent if not t.is_space]
            if not tokens:
                continue
            start = turn.start + tokens[0].idx
            end = turn.start + tokens[-1].idx + len(tokens[-1].text)
            words = tuple(turn.start + t.idx for t in tokens if not t.is_punct)
            flags = sentence_flags(sent, codes, pipeline.language, lemma) if codes else {}
            # The first words past a transcription mark that opens the sentence ("(ler) Jeg").
            # (A mark in parentheses is one that names a sound or a pause: stc.marks.)
            opening = tokens
            close = mark_close([t.text for t in tokens[:6]], 0)
            if close is not None and tokens[close + 1 :]:
                opening = tokens[close + 1 :]
            first = tuple(t.text for t in opening if not t.is_punct)[:2]
            rows.append((start, end, codes, words, flags, first))
    return rows


def indexed(transcript: Transcript, matcher: CodebookMatcher) -> list[Row]:
    tokens = transcript_tokens(transcript, matcher.pipeline, None)
    return [
        (s.start, s.end, s.codes, s.word_starts, s.flags, s.first_words)
        for s in code_tokens(tokens, matcher)
    ]


def test_sample_codes_exactly_as_the_simple_matcher(nb: Pipeline) -> None:
    project = load_config(SAMPLE / "stc.yaml")
    codebook = load_codebook(project.codebook_path, "nb")
    for keys in (None, BASIC_KEYS):
        matcher = (
            CodebookMatcher(codebook, nb) if keys is None else CodebookMatcher(codebook, nb, keys)
        )
        coded = 0
        for transcript in load_transcripts(project):
            expected = reference(transcript, matcher)
            assert indexed(transcript, matcher) == expected, transcript.id
            coded += sum(1 for row in expected if row[2])
        assert coded > 200  # the sample's codebook finds plenty: the comparison is not empty


# A codebook that uses every kind of rule: exact words, phrases, every wildcard, excludes
# shared between codes, the same keyword in two codes, regexes with word boundaries.
HYPOTHESIS_CODEBOOK = {
    "name": "Alle regler",
    "language": "nb",
    "groups": [
        {
            "id": "a",
            "label": "A",
            "codes": [
                {
                    "id": "redsel",
                    "label": "Redsel",
                    "keywords": ["redd", "skam*", "grue seg", "dele"],
                    "exclude": ["ikke redd"],
                },
                {
                    "id": "gruppe",
                    "label": "Gruppe",
                    "keywords": ["gruppe*", "*leder", "dele"],
                    "regex": [r"\bsamtale\w*", "møte(r|ne)?"],
                },
                {
                    "id": "midt",
                    "label": "Midt",
                    "keywords": ["*rus*", "alene", "den eneste"],
                    "exclude": ["alene hjemme"],
                },
                {"id": "bare-regex", "label": "Regex", "regex": [r"(?i)\bvi\b"]},
            ],
        }
    ],
}

WORDS = [
    "redd", "Redd", "redde", "skam", "skammen", "skamfull", "grue", "gruer", "seg", "dele",
    "deler", "delte", "delt", "gruppe", "gruppa", "gruppene", "gruppeleder", "lederen",
    "leder", "rus", "rusen", "ruskonsulenten", "narkotikarusen", "alene", "hjemme", "den",
    "eneste", "ikke", "aldri", "men", "Men", "samtale", "samtalene", "møte", "møter", "vi",
    "Vi", "jeg", "var", "og", "det", "sånn", "liksom", "ruskonsulent", "ledere", "fint",
]  # fmt: skip
PUNCT = [".", ",", "?", "!", "(", ")", "[", "]", "«", "»", "…", " -", ":", "\n", "  "]


@st.composite
def participant_text(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCT)), min_size=1, max_size=40)
    )
    text = " ".join(parts).replace("\n ", "\n").strip()
    return text or "redd"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(participant_text(), min_size=1, max_size=3))
def test_generated_sentences_code_exactly_as_the_simple_matcher(
    nb: Pipeline, tmp_path_factory: object, texts: list[str]
) -> None:
    codebook = Codebook.model_validate(HYPOTHESIS_CODEBOOK)
    matcher = _matcher(codebook, nb)
    turns = "\n".join(f"I: Hva tenker du?\nInformant 1: {text}" for text in texts)
    transcript = transcript_from_text(f"{turns}\n", Path("informant-1.txt"), ["I"])
    assert indexed(transcript, matcher) == reference(transcript, matcher)


def test_a_keyword_inside_a_transcribers_mark_codes_nothing(nb: Pipeline) -> None:
    # "(lang pause)" suggested a code for the keyword "pause" in a study where a pause is a
    # theme: a mark is the transcriber's, not the participant's words.
    codebook = Codebook.model_validate(
        {
            "name": "t",
            "groups": [
                {
                    "id": "g",
                    "label": "G",
                    "codes": [
                        {"id": "c", "label": "C", "keywords": ["pause", "latter", "lang pause"]}
                    ],
                }
            ],
        }
    )
    matcher = CodebookMatcher(codebook, nb)
    said = [
        "(lang pause) Jeg visste ikke hva jeg skulle si.",
        "[latter] Det var fint (pause) ja.",
        "Vi tok en pause fra behandlingen.",
        "(Det ble en lang pause i behandlingen etter jul.)",
    ]
    turns = "".join(f"I: Og?\nInformant 1: {text}\n" for text in said)
    transcript = transcript_from_text(turns, Path("informant-1.txt"), ["I"])
    rows = indexed(transcript, matcher)
    assert rows == reference(transcript, matcher)
    assert [bool(row[2]) for row in rows] == [False, False, True, True]
    assert matcher.code_text("(pause) Jeg vet ikke.") == {}
    # Words in parentheses that name no sound or pause are the participant's, heard
    # uncertainly ("(min mor)"): keywords match them.
    mother = CodebookMatcher(
        Codebook.model_validate(
            {
                "name": "t",
                "groups": [
                    {
                        "id": "g",
                        "label": "G",
                        "codes": [{"id": "m", "label": "M", "keywords": ["mor"]}],
                    }
                ],
            }
        ),
        nb,
    )
    assert mother.code_text("Jeg bodde hos (min mor) da.")
    assert not mother.code_text("Jeg bodde hos [min mor] da.")


_MATCHERS: dict[int, CodebookMatcher] = {}


def _matcher(codebook: Codebook, pipeline: Pipeline) -> CodebookMatcher:
    # One matcher for every generated example (building it parses the keywords).
    return _MATCHERS.setdefault(id(pipeline), CodebookMatcher(codebook, pipeline))


def test_the_hypothesis_codebook_is_a_valid_codebook(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(HYPOTHESIS_CODEBOOK, allow_unicode=True), encoding="utf-8")
    assert load_codebook(path, "nb").code_ids == ["a/redsel", "a/gruppe", "a/midt", "a/bare-regex"]


def test_regexes_that_do_not_fit_one_re2_set_are_each_still_run(nb: Pipeline) -> None:
    # Bounded repeats multiply: these compile one by one but not as one set.
    rules = [rf"\b\w{{1,150}}or{chr(97 + i)}\b" for i in range(20)]
    codebook = Codebook.model_validate(
        {
            "name": "Regler",
            "language": "nb",
            "groups": [
                {
                    "id": "a",
                    "label": "A",
                    "codes": [{"id": "ord", "label": "Ord", "regex": rules, "keywords": ["redd"]}],
                }
            ],
        }
    )
    matcher = CodebookMatcher(codebook, nb)
    assert matcher.index._regex_set._set is None  # the fallback this test is about
    text = "I: Og?\nInformant 1: Det var et bord. Jeg var redd for ham. Ingen fjord her.\n"
    transcript = transcript_from_text(text, Path("informant-1.txt"), ["I"])
    found = indexed(transcript, matcher)
    assert found == reference(transcript, matcher)
    assert sum(1 for row in found if row[2]) == 3


def test_a_text_longer_than_spacys_limit_is_split_as_the_full_pipeline_splits_it(
    nb: Pipeline,
) -> None:
    codebook = Codebook.model_validate(HYPOTHESIS_CODEBOOK)
    matcher = CodebookMatcher(codebook, nb)
    words = "Jeg var der med dem hele tiden ( ler ) og det var fint i gruppa"
    transcript = transcript_from_text(
        f"I: Og?\nInformant 1: {words} {words} {words}\n", Path("informant-1.txt"), ["I"]
    )
    limit = nb.nlp.max_length
    nb.nlp.max_length = 33  # pieces cut right after "(", where the sentence fix matters
    try:
        assert indexed(transcript, matcher) == reference(transcript, matcher)
    finally:
        nb.nlp.max_length = limit


def test_a_sentence_without_a_keywords_rarest_word_is_not_matched(
    nb: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Phrase keywords that open with a common word ("den eneste", and the exclude "ikke
    redd") touch most sentences; only sentences with the phrase's least-said word are matched,
    and what they give is still the simple matcher's."""
    from stc.codebook.index import CodebookIndex

    matcher = CodebookMatcher(Codebook.model_validate(HYPOTHESIS_CODEBOOK), nb)
    body = " ".join(
        ["Det var den dagen.", "Jeg var ikke sint.", "Den var fin."] * 5
        + ["Jeg var den eneste.", "Jeg var ikke redd.", "Han var redd."]
    )
    transcript = transcript_from_text(
        f"I: Og?\nInformant 1: {body}\n", Path("informant-1.txt"), ["I"]
    )
    asked: list[str] = []
    real = CodebookIndex.match

    def match(self: CodebookIndex, places: Any, hits: Any, text: str, *rest: Any) -> Any:
        asked.append(text)
        return real(self, places, hits, text, *rest)

    monkeypatch.setattr(CodebookIndex, "match", match)
    found = indexed(transcript, matcher)
    assert found == reference(transcript, matcher)
    coded = {transcript.text[row[0] : row[1]]: sorted(row[2]) for row in found if row[2]}
    assert coded == {"Jeg var den eneste.": ["a/midt"], "Han var redd.": ["a/redsel"]}
    # "den"/"ikke" are said in every sentence; "eneste" and "redd" in three.
    assert asked == ["Jeg var den eneste.", "Jeg var ikke redd.", "Han var redd."]


def test_a_token_table_has_one_type_offset_and_start_per_token(nb: Pipeline) -> None:
    """The arrays are built from numpy's: each holds exactly one entry per token, whatever
    size the platform's C long is."""
    project = load_config(SAMPLE / "stc.yaml")
    for transcript in load_transcripts(project)[:2]:
        table = transcript_tokens(transcript, nb, None)
        docs = parse_long_texts([t.content(transcript.text) for t in transcript.turns], nb)
        for turn, doc in zip(table.turns, docs, strict=True):
            assert len(turn.types) == len(turn.offsets) == len(turn.starts) == len(doc)
            assert list(turn.offsets) == [token.idx for token in doc]
            assert [table.words[t].text for t in turn.types] == [token.text for token in doc]


def test_token_types_are_the_distinct_form_lemma_pairs_even_when_their_mix_collides() -> None:
    """Types are found by sorting one 64-bit mix of the form and lemma hashes; two pairs
    with the same mix (made here on purpose) are still two types."""
    import numpy as np

    from stc.tokens import _unique_pairs

    golden = 0x9E3779B97F4A7C15
    lemma_a, lemma_b, orth_a = 11, 29, 1234567
    orth_b = (orth_a ^ (lemma_a * golden) ^ (lemma_b * golden)) % 2**64  # the same mix as a
    orth = np.array([orth_a, orth_b, orth_a, 77, orth_b], dtype=np.uint64)
    lemma = np.array([lemma_a, lemma_b, lemma_a, 5, lemma_b], dtype=np.uint64)
    first, inverse = _unique_pairs(orth, lemma)
    pairs = [(int(orth[i]), int(lemma[i])) for i in first]
    assert len(set(pairs)) == len(pairs) == 3
    assert [pairs[n] for n in inverse] == list(zip(orth.tolist(), lemma.tolist(), strict=True))
    assert sorted(first.tolist()) == [0, 1, 3]  # each pair's first token


def test_word_types_remembered_across_transcripts_are_those_computed_afresh(
    nb: Pipeline,
) -> None:
    """Word types are remembered per process (by form and lemma hash): tables made with the
    memo warm, in both the fast (simplemma per type) and the full pipeline's lemmas, equal
    tables made with it empty."""
    from stc import tokens

    project = load_config(SAMPLE / "stc.yaml")
    transcripts = load_transcripts(project)[:3]

    def tables() -> list[tuple[Any, ...]]:
        found = []
        for transcript in transcripts:
            texts = [t.content(transcript.text) for t in transcript.turns]
            fast = tokens.tokenize(transcript, nb)
            full = tokens.from_docs(transcript, parse_long_texts(texts, nb), nb.language)
            for table in (fast, full):
                found.append((table.words, [(t.types, t.offsets, t.starts) for t in table.turns]))
        return found

    tokens._TYPE_MEMO.clear()
    warm = tables()  # each transcript after the first meets the types of those before
    afresh = []
    for transcript in transcripts:
        tokens._TYPE_MEMO.clear()
        texts = [t.content(transcript.text) for t in transcript.turns]
        full = tokens.from_docs(transcript, parse_long_texts(texts, nb), nb.language)
        tokens._TYPE_MEMO.clear()
        fast = tokens.tokenize(transcript, nb)
        for table in (fast, full):
            afresh.append((table.words, [(t.types, t.offsets, t.starts) for t in table.turns]))
    assert warm == afresh
    assert tables() == afresh  # and once more, every type remembered
    # The full pipeline's lemmas are spaCy's own.
    transcript = transcripts[0]
    docs = parse_long_texts([t.content(transcript.text) for t in transcript.turns], nb)
    full = tokens.from_docs(transcript, docs, nb.language)
    for turn, doc in zip(full.turns, docs, strict=True):
        for t, token in zip(turn.types, doc, strict=True):
            word = full.words[t]
            assert word.text == token.text
            if not word.is_space:
                assert word.lemma == (token.lemma_ or token.text).lower()
