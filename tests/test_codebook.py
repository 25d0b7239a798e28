"""Codebook validation and matching semantics, on Norwegian words with the real pipeline."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from stc.codebook import Codebook, CodebookMatcher, load_codebook
from stc.errors import CodebookError
from stc.nlp import Pipeline


def matcher_for(nb: Pipeline, **rules: Any) -> CodebookMatcher:
    code = {"id": "c", "label": "C", **rules}
    book = Codebook.model_validate(
        {"name": "t", "groups": [{"id": "g", "label": "G", "codes": [code]}]}
    )
    return CodebookMatcher(book, nb)


def matched(nb: Pipeline, text: str, **rules: Any) -> list[str]:
    """The words the rules matched in ``text``, or [] when the code is not given."""
    found = matcher_for(nb, **rules).code_text(text).get("g/c", ())
    return [word for evidence in found for word in evidence.matched]


@pytest.mark.parametrize(
    ("keyword", "text", "words"),
    [
        ("gruppe", "Jeg likte gruppa.", ["gruppa"]),
        ("gruppe", "Gruppene var store.", ["Gruppene"]),
        ("gruppe", "Det finnes mange grupper.", ["grupper"]),
        ("gruppa", "Jeg savner gruppene.", ["gruppene"]),  # the keyword's own lemma counts
        ("grupp*", "Gruppeterapien hjalp.", ["Gruppeterapien"]),
        ("*leder", "Gruppelederen var ung.", ["Gruppelederen"]),
        ("*terapi*", "Gruppeterapien hjalp.", ["Gruppeterapien"]),
        ("den eneste", "Jeg trodde jeg var den eneste.", ["den eneste"]),
        ("kjenne seg igjen", "Jeg kjente meg igjen.", []),  # 'seg' is not 'meg'
        ("kjenne meg igjen", "Jeg kjente meg igjen i dem.", ["kjente meg igjen"]),
        ("samme båt", "Vi satt i samme båten.", ["samme båten"]),
        ("gruppe", "Vi gikk en tur.", []),
    ],
)
def test_keyword_semantics(nb: Pipeline, keyword: str, text: str, words: list[str]) -> None:
    assert matched(nb, text, keywords=[keyword]) == words


def test_multi_word_keywords_need_consecutive_words(nb: Pipeline) -> None:
    assert matched(nb, "Den var ikke eneste gang.", keywords=["den eneste"]) == []


def test_exclude_vetoes_the_code_in_that_sentence_only(nb: Pipeline) -> None:
    rules = {"keywords": ["alene"], "exclude": ["alene hjemme"]}
    m = matcher_for(nb, **rules)
    assert "g/c" not in m.code_text("Jeg var alene hjemme, ikke alene i gruppa.")
    assert "g/c" in m.code_text("Jeg var alene hjemme. Men jeg var ikke alene i gruppa.")


def test_regex_runs_case_insensitively_on_the_sentence(nb: Pipeline) -> None:
    assert matched(nb, "Vi var i Samme Båt.", regex=[r"\bsamme (situasjon|båt)\b"]) == ["Samme Båt"]


def test_matcher_patterns(nb: Pipeline) -> None:
    pattern = [{"LOWER": "ikke"}, {"LOWER": "alene"}]
    assert matched(nb, "Jeg var ikke alene.", patterns=[pattern]) == ["ikke alene"]


def test_evidence_names_the_rule_the_pattern_and_the_words(nb: Pipeline) -> None:
    m = matcher_for(nb, keywords=["grupp*"], regex=["ung"])
    evidence = m.code_text("Gruppelederen var ung.")["g/c"]
    assert [str(e) for e in evidence] == [
        "keyword 'grupp*' = \"Gruppelederen\"",
        "regex 'ung' = \"ung\"",
    ]


def test_each_sentence_is_coded_on_its_own(
    nb: Pipeline,
) -> None:
    m = matcher_for(nb, keywords=["gruppe"])
    doc = nb.nlp("Jeg var redd. Gruppa hjalp meg.")
    assert [bool(codes) for _, codes in m.match_doc(doc)] == [False, True]


def write_codebook(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(CodebookError) as info:
        load_codebook(write_codebook(tmp_path, text))
    return info.value.problems


def test_every_problem_is_reported_at_once_with_its_path(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        """\
name: x
groups:
  - id: a
    label: A
    codes:
      - {id: c, label: C, regex: ['(unclosed'], keywrods: [x]}
      - {id: c, label: D, patterns: [[{NOPE: 1}]]}
  - id: b
    label: B
    codes: []
""",
    )
    assert len(found) == 5
    text = "\n".join(found)
    assert "[groups -> a -> codes] duplicate code id 'c'" in text
    assert "[groups -> a -> codes -> c -> regex] invalid regular expression '(unclosed'" in text
    assert "unknown key 'keywrods'; did you mean 'keywords'?" in text
    assert "pattern 0 is not a valid spaCy Matcher pattern" in text
    assert "[groups -> b -> codes] the group has no codes" in text
    assert all(p.startswith(str(tmp_path / "codebook.yaml")) for p in found)


def test_duplicate_group_ids(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        "name: x\ngroups:\n"
        "  - {id: a, label: A, codes: [{id: c, label: C}]}\n"
        "  - {id: a, label: B, codes: [{id: d, label: D}]}\n",
    )
    assert found == [
        f"{tmp_path / 'codebook.yaml'}: [groups] duplicate group id 'a'; give each group its own id"
    ]


def test_invalid_ids_and_bad_keywords(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        "name: x\ngroups:\n  - {id: Store Bokstaver, label: A, codes: [{id: c, label: C, keywords: ['gr*pp']}]}\n",
    )
    assert any("group id 'Store Bokstaver' is invalid" in p for p in found)
    assert any("'*' may stand only at the start or end of a word" in p for p in found)


def test_malformed_yaml_names_line_and_column(tmp_path: Path) -> None:
    found = problems(tmp_path, "name: x\ngroups:\n  - id: a\n   label: b\n")
    assert len(found) == 1
    assert "invalid YAML at line 4, column" in found[0]


def test_an_unclosed_bracket_or_quote_is_named_where_it_opened(tmp_path: Path) -> None:
    """The parser notices an unclosed list or quote lines later (or at the end of the file):
    the error names the line the researcher must fix."""
    book = (
        "name: x\ngroups:\n  - id: a\n    label: A\n    codes:\n      - id: c\n"
        '        label: C\n        keywords: [trygg, "utrygg*", tillit\n'
        "        exclude: [alene hjemme]\n"
    )
    (found,) = problems(tmp_path, book)
    assert found.endswith(
        "invalid YAML at line 8, column 19: the list opened with '[' here is not closed (the "
        "parser noticed at line 9); close it with ']' on that line"
    ), found
    quote = book.replace('[trygg, "utrygg*", tillit', '[trygg, "utrygg*, tillit]')
    (found,) = problems(tmp_path, quote)
    assert "invalid YAML at line 8, column 27: the quotation mark here is not closed" in found
    # A malformed item on the list's own line is not an unclosed list.
    (found,) = problems(tmp_path, book.replace('"utrygg*", tillit\n', '"utrygg*" tillit]\n'))
    assert "not closed" not in found and "line 8" in found
    # Nor is a missing comma in a list that goes on over lines: the error is that line's.
    over = book.replace('"utrygg*", tillit\n', '"utrygg*",\n                   "a" "b", c]\n')
    (found,) = problems(tmp_path, over)
    assert "not closed" not in found and "line 9" in found, found


def test_a_tab_in_the_indentation_is_named(tmp_path: Path) -> None:
    """A researcher who indents with the tab key sees nothing wrong with the line."""
    found = problems(tmp_path, "name: x\ngroups:\n\t- id: a\n")
    assert len(found) == 1
    assert "invalid YAML at line 3, column 1: a tab; YAML indents and separates with" in found[0]
    assert "replace the tab with spaces" in found[0]
    # A tab inside a quoted value is text, and another error on its line is not blamed on it.
    found = problems(tmp_path, 'name: "a\tb"\ngroups: [\n')
    assert len(found) == 1 and "a tab" not in found[0]


def test_duplicate_yaml_keys_are_not_silently_dropped(tmp_path: Path) -> None:
    found = problems(tmp_path, "name: x\nname: y\ngroups: []\n")
    assert "duplicate key 'name'" in found[0]


def test_codebook_language_must_match_the_project(tmp_path: Path) -> None:
    path = write_codebook(
        tmp_path, "name: x\nlanguage: da\ngroups: [{id: a, label: A, codes: [{id: c, label: C}]}]\n"
    )
    with pytest.raises(CodebookError, match="project's language is 'nb'"):
        load_codebook(path, "nb")


def test_a_posix_class_in_a_regex_is_refused_with_what_to_write(tmp_path: Path) -> None:
    """'[[:alpha:]]' passed the check and matched as RE2's letters, where Python (whose meaning
    the README promises) reads a set of characters, and a FutureWarning reached the terminal."""
    found = problems(
        tmp_path,
        "name: x\ngroups:\n  - id: a\n    label: A\n    codes:\n"
        "      - {id: c, label: C, regex: ['\\bsamme [[:alpha:]]']}\n",
    )
    assert found == [
        f"{tmp_path / 'codebook.yaml'}: [groups -> a -> codes -> c -> regex] regular expression "
        "'\\bsamme [[:alpha:]]' uses the POSIX class '[:alpha:]', which Python's regular "
        "expressions do not have; write [^\\W\\d_] for a letter, \\d for a digit, \\s for a space"
    ]
    from stc.codebook.regex import RulePattern

    with pytest.raises(ValueError, match="POSIX class '\\[:\\^alpha:\\]'"):
        RulePattern("[[:^alpha:]]")  # negated, as RE2 reads it too
    # A nested set ("[[a]") is Python's own; compiling it warns no one on the terminal.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        RulePattern("[[a]x")
