"""``stc init``: scaffold a project that ``stc check`` accepts, in the researcher's language.

Nothing that already exists is overwritten.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from stc.config import DEFAULT_INTERVIEWER
from stc.errors import StcError
from stc.languages import LANGUAGES
from stc.output import write_files
from stc.yamlio import scalar


@dataclass(frozen=True)
class Template:
    title: str
    informant: str
    codebook_name: str
    group_id: str
    group_label: str
    group_description: str
    code_id: str
    code_label: str
    code_description: str
    keywords: str
    exclude: str
    example: str
    counterexample: str
    question: str
    answer: str
    preconceptions: str


TEMPLATES: dict[str, Template] = {
    "nb": Template(
        "Mitt prosjekt",
        "Informant 1",
        "Min kodebok",
        "trygghet",
        "Trygghet i behandlingen",
        "Hva som får deltakerne til å føle seg trygge eller utrygge.",
        "trygg",
        "Å føle seg trygg",
        "Bruk når deltakeren beskriver trygghet eller tillit. Ikke for fysisk sikkerhet.",
        '[trygg, "utrygg*", tillit]',
        '["trygg avstand"]',
        "Etter hvert følte jeg meg trygg i gruppa.",
        "Vi kjørte hjem etterpå.",
        "Hvordan var det å begynne i gruppa?",
        "Jeg var nervøs først.\nEtter hvert følte jeg meg trygg i gruppa, for de andre kjente seg igjen.",
        "# Forforståelse\n\nSkriv ned hva du tror du vil finne, før du leser transkripsjonene.\n"
        "Hva vet du om feltet, og hva forventer du at deltakerne vil si?\n",
    ),
    "nn": Template(
        "Prosjektet mitt",
        "Informant 1",
        "Kodeboka mi",
        "tryggleik",
        "Tryggleik i behandlinga",
        "Kva som får deltakarane til å kjenne seg trygge eller utrygge.",
        "trygg",
        "Å kjenne seg trygg",
        "Bruk når deltakaren skildrar tryggleik eller tillit.",
        '[trygg, "utrygg*", tillit]',
        '["trygg avstand"]',
        "Etter kvart kjende eg meg trygg i gruppa.",
        "Vi køyrde heim etterpå.",
        "Korleis var det å byrje i gruppa?",
        "Eg var nervøs først.\nEtter kvart kjende eg meg trygg i gruppa.",
        "# Førforståing\n\nSkriv ned kva du trur du vil finne, før du les transkripsjonane.\n",
    ),
    "da": Template(
        "Mit projekt",
        "Informant 1",
        "Min kodebog",
        "tryghed",
        "Tryghed i behandlingen",
        "Hvad der får deltagerne til at føle sig trygge eller utrygge.",
        "tryg",
        "At føle sig tryg",
        "Brug når deltageren beskriver tryghed eller tillid.",
        '[tryg, "utryg*", tillid]',
        '["tryg afstand"]',
        "Efterhånden følte jeg mig tryg i gruppen.",
        "Vi kørte hjem bagefter.",
        "Hvordan var det at starte i gruppen?",
        "Jeg var nervøs i starten.\nEfterhånden følte jeg mig tryg i gruppen.",
        "# Forforståelse\n\nSkriv ned, hvad du tror, du vil finde, før du læser transskriptionerne.\n",
    ),
    "sv": Template(
        "Mitt projekt",
        "Informant 1",
        "Min kodbok",
        "trygghet",
        "Trygghet i behandlingen",
        "Vad som får deltagarna att känna sig trygga eller otrygga.",
        "trygg",
        "Att känna sig trygg",
        "Använd när deltagaren beskriver trygghet eller tillit.",
        '[trygg, "otrygg*", tillit]',
        '["trygg bil"]',
        "Efter ett tag kände jag mig trygg i gruppen.",
        "Vi åkte hem efteråt.",
        "Hur var det att börja i gruppen?",
        "Jag var nervös först.\nEfter ett tag kände jag mig trygg i gruppen.",
        "# Förförståelse\n\nSkriv ner vad du tror att du kommer att hitta innan du läser "
        "transkriptionerna.\n",
    ),
    "en": Template(
        "My project",
        "Participant 1",
        "My codebook",
        "safety",
        "Feeling safe in treatment",
        "What makes participants feel safe or unsafe.",
        "safe",
        "Feeling safe",
        "Use when the participant describes feeling safe or trusting others.",
        '[safe, "unsafe*", trust]',
        '["safe distance"]',
        "After a while I felt safe in the group.",
        "We drove home afterwards.",
        "How was it to start in the group?",
        "I was nervous at first.\nAfter a while I felt safe in the group.",
        "# Preconceptions\n\nWrite down what you expect to find before you read the transcripts.\n",
    ),
    "de": Template(
        "Mein Projekt",
        "Teilnehmer 1",
        "Mein Codebuch",
        "sicherheit",
        "Sicherheit in der Behandlung",
        "Was Teilnehmende sich sicher oder unsicher fühlen lässt.",
        "sicher",
        "Sich sicher fühlen",
        "Verwenden, wenn Sicherheit oder Vertrauen beschrieben wird.",
        '[sicher, "unsicher*", vertrauen]',
        '["sicherer abstand"]',
        "Nach einer Weile fühlte ich mich sicher in der Gruppe.",
        "Wir fuhren danach nach Hause.",
        "Wie war es, in der Gruppe anzufangen?",
        "Ich war zuerst nervös.\nNach einer Weile fühlte ich mich sicher in der Gruppe.",
        "# Vorverständnis\n\nSchreiben Sie auf, was Sie erwarten, bevor Sie die Transkripte lesen.\n",
    ),
}


CODER = re.compile(r"[^\W_][\w.-]{0,39}")  # letters of any language: øystein


def scaffold_files(language: str, coder: str | None = None) -> dict[str, str]:
    """The files of a new project, by path relative to its folder."""
    if language not in TEMPLATES:
        raise StcError(
            f"--language '{language}' is not supported; use one of: {', '.join(sorted(LANGUAGES))}"
        )
    if coder is not None and not CODER.fullmatch(coder):
        raise StcError(
            f"--coder '{coder}': use letters, digits, '.', '_' or '-' (your initials or name, "
            "e.g. --coder kari)"
        )
    t = TEMPLATES[language]
    # Whose decisions: `stc review` writes it as by: on each of them, so that a second coder's
    # decisions are never taken for the first one's.
    who = (
        f"coder: {scalar(coder)}               # whose decisions: written as by: in coding.yaml"
        if coder
        else "# coder: your-initials    # set before you review: your decisions are written with by:"
    )
    config = f"""\
# stc project: the one file `stc run` reproduces the analysis from.
# Every path is relative to this file.
title: {t.title}
language: {language}              # nb nn da sv en de: tokenizer, lemmas, report wording
model: null                 # an installed spaCy pipeline (name or path); null: built-in
# every format stc reads; examples/ is not read
transcripts: [transcripts/*.txt, transcripts/*.md, transcripts/*.docx, transcripts/*.odt, transcripts/*.vtt, transcripts/*.srt]
codebook: codebooks/codebook.yaml
coding: coding.yaml         # manual coding decisions (optional)
{who}
speakers:
  interviewer: [{", ".join(DEFAULT_INTERVIEWER)}]
units:
  mode: sentences           # sentences | turn
  max_sentences: 4
output: out
"""
    codebook = f"""\
# Codebook: code groups (kodegrupper) -> codes (subgroups) -> matching rules.
# Matching is case-insensitive and per sentence:
#   keywords: a word matches its inflections by lemma; 'word*' matches words that start
#             with it (compounds), '*word' words that end with it; several words match in a row
#   regex:    Python regular expressions on the sentence text (use single quotes)
#   patterns: spaCy Matcher token patterns (advanced)
#   exclude:  any match in the sentence vetoes the code there
#   examples / counterexamples: `stc check` tests that they are / are not coded
name: {t.codebook_name}
language: {language}
groups:
  - id: {t.group_id}                  # ids: a-z, 0-9 and '-'
    label: {t.group_label}
    description: {t.group_description}
    codes:
      - id: {t.code_id}
        label: {t.code_label}
        description: {t.code_description}
        keywords: {t.keywords}
        regex: []
        patterns: []
        exclude: {t.exclude}
        examples: ["{t.example}"]
        counterexamples: ["{t.counterexample}"]
"""
    answer_lines = t.answer.split("\n")
    transcript = (
        "---\nid: example-1\nattributes: {}\n---\n"
        f"I: {t.question}\n{t.informant}: {answer_lines[0]}\n"
        + "".join(line + "\n" for line in answer_lines[1:])
    )
    return {
        "stc.yaml": config,
        "codebooks/codebook.yaml": codebook,
        "examples/example-1.txt": transcript,
        "transcripts/.gitkeep": "",
        "preconceptions.md": t.preconceptions,
        "themes.yaml": THEMES_TEMPLATE.format(
            id=t.group_id, label=t.group_label, description=t.group_description
        ),
        ".gitignore": GITIGNORE,
    }


# Outputs are disposable; backups and the pseudonymization key never go under version control.
GITIGNORE = """\
out/
*.bak
.stc-key
.stc-key.*
"""


# Step 1 is the researcher's: stc never writes this file after `stc init`. The example theme is
# the language's example code group (a format string: id, label, description).
THEMES_TEMPLATE = """\
# Step 1 (total impression): the 4-8 preliminary themes you noted after reading every
# transcript, before coding. `stc impression` suggests candidates in out/themes.draft.yaml;
# the themes here are yours. A code group names the theme it came from with `theme: ID` in
# the codebook, and the report traces each theme to its code groups and result categories.
themes: []
#  - id: {id}
#    label: {label}
#    description: {description}
#    date: 2025-01-15
#    memo: How the theme changed during the analysis (optional).
"""


# codebooks/ also holds the sample project's own codebook (transcripts_sample/stc.yaml names
# it). It is tuned to the sample's eight interviews and review and links to the sample's
# themes, so it is not a starting point: the wheel leaves it out (pyproject.toml), and so does
# the list of starters when stc runs from the repository.
SAMPLE_CODEBOOK = "sample-gruppebehandling"


def starter_codebooks() -> dict[str, Traversable]:
    """The starter codebooks stc ships (codebooks/ in the repository), by name."""
    installed = resources.files("stc").joinpath("starter")
    folder: Traversable = (
        installed if installed.is_dir() else Path(__file__).resolve().parents[1] / "codebooks"
    )
    if not folder.is_dir():
        return {}
    return {
        item.name.removesuffix(".yaml"): item
        for item in sorted(folder.iterdir(), key=lambda i: i.name)
        if item.name.endswith(".yaml") and item.name != f"{SAMPLE_CODEBOOK}.yaml"
    }


def init_project(
    directory: Path, language: str, codebook: str | None = None, coder: str | None = None
) -> list[Path]:
    """Create a project in ``directory``, with the template codebook or a starter codebook.

    Refuses when stc.yaml or the codebook exists; other files that exist are left as they are.
    """
    files = scaffold_files(language, coder)
    if codebook is not None:
        starters = starter_codebooks()
        if codebook not in starters:
            close = difflib.get_close_matches(codebook, list(starters), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            if codebook == SAMPLE_CODEBOOK:
                hint = "it is the sample project's own codebook, tuned to its interviews; "
            raise StcError(
                f"--codebook '{codebook}': no such starter codebook; {hint}choose one of: "
                f"{', '.join(starters)}"
            )
        del files["codebooks/codebook.yaml"]
        files[f"codebooks/{codebook}.yaml"] = starters[codebook].read_text(encoding="utf-8")
        files["stc.yaml"] = files["stc.yaml"].replace(
            "codebook: codebooks/codebook.yaml", f"codebook: codebooks/{codebook}.yaml"
        )
    for name in ("stc.yaml", *(f for f in files if f.startswith("codebooks/"))):
        if (directory / name).exists():
            raise StcError(
                f"{directory / name}: already exists; stc init never overwrites a project: "
                "choose another folder"
            )
    return write_files(directory, {k: v for k, v in files.items() if not (directory / k).exists()})
