"""The command line speaks the project's language, with plural forms right."""

from __future__ import annotations

import pytest

from stc.messages import MESSAGES, message
from tests.conftest import CONFIG, MakeProject, stc

CODEBOOK = """\
name: t
groups:
  - id: g
    label: G
    codes:
      - {id: c, label: C, keywords: [alene]}
"""
EXPECTED = {
    "nb": ("1 meningsbærende enhet i 1 transkripsjoner", "0 av 1 enheter gjennomgått; 1 forslag venter"),
    "nn": ("1 meiningsberande eining i 1 transkripsjonar", "0 av 1 einingar gjennomgått; 1 forslag venter"),
    "da": ("1 meningsbærende enhed i 1 transskriptioner", "0 af 1 enheder gennemgået; 1 forslag venter"),
    "sv": ("1 meningsbärande enhet i 1 transkriptioner", "0 av 1 enheter granskade; 1 förslag väntar"),
    "en": ("1 meaning unit in 1 transcripts", "0 of 1 units reviewed; 1 suggestion waits"),
    "de": ("1 Sinneinheit in 1 Transkripten", "0 von 1 Einheiten geprüft; 1 Vorschlag wartet"),
}  # fmt: skip


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_stc_code_speaks_the_projects_language(make_project: MakeProject, language: str) -> None:
    config = make_project(
        {"a.txt": "I: Og?\nInformant 1: Jeg var alene.\n"},
        codebook=CODEBOOK,
        config=CONFIG.replace("language: nb", f"language: {language}"),
    )
    code, out, err = stc("code", "-c", config)
    assert code == 0, err
    units, review = EXPECTED[language]
    assert units in out and review in out


def test_plural_forms() -> None:
    assert message("nb", "unchanged", n=1) == "1 utkast uendret"
    assert message("en", "unchanged", n=1) == "1 draft unchanged"
    assert message("en", "unchanged", n=2) == "2 drafts unchanged"
    assert message("sv", "edited_kept", n=1) == "1 redigerad post behållen"
    assert message("de", "waiting", n=3) == "3 Vorschläge warten"


def test_every_language_has_every_message_with_the_same_fields() -> None:
    import string

    def fields(text: str | tuple[str, str]) -> set[str]:
        texts = text if isinstance(text, tuple) else (text,)
        return {f for t in texts for _, f, _, _ in string.Formatter().parse(t) if f}

    for language, table in MESSAGES.items():
        assert set(table) == set(MESSAGES["en"]), language
        for key, text in table.items():
            assert fields(text) == fields(MESSAGES["en"][key]), (language, key)
