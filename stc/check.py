"""``stc check``: validate a project without writing anything.

Loads config, codebook, transcripts and coding.yaml exactly as ``stc code`` does, then runs
every code's examples (must be coded with it) and counterexamples (must not be) as tests of the
codebook.
"""

from __future__ import annotations

import difflib
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from stc.codebook import Code, Codebook, CodebookMatcher
from stc.coding import CodingResult, code_project, project_executor, warn_missing_interviewer
from stc.config import SECOND_MODERATORS, Project
from stc.executor import Executor
from stc.types import Transcript

log = logging.getLogger("stc")


@dataclass
class CheckReport:
    """What was checked, every codebook test that failed, and every golden quote or quote
    step 4 would stop on (``failures``)."""

    result: CodingResult
    examples: int = 0
    counterexamples: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def test_codebook(
    codebook: Codebook, matcher: CodebookMatcher, source: str
) -> tuple[int, int, list[str]]:
    """Run examples and counterexamples; returns counts and one line per failure."""
    failures = []
    examples = counterexamples = 0
    for code_id, group, code in codebook.codes:
        where = f"{source}: [groups -> {group.id} -> codes -> {code.id}"
        if not (code.keywords or code.regex or code.patterns):
            log.warning(
                f"{where}] {code_id} has no keywords, regex or patterns: only coding.yaml can "
                "code with it"
            )
        elif not code.examples:
            log.warning(f"{where}] {code_id} has no examples to test its rules with")
        for i, example in enumerate(code.examples):
            examples += 1
            if code_id not in matcher.code_text(example):
                failures.append(
                    f'{where} -> examples -> {i}] "{example}" is not coded {code_id}: '
                    + _why_not(matcher, example, code_id, code)
                )
        for i, counter in enumerate(code.counterexamples):
            counterexamples += 1
            found = matcher.code_text(counter).get(code_id)
            if found:
                why = "; ".join(str(e) for e in found)
                failures.append(
                    f'{where} -> counterexamples -> {i}] "{counter}" is coded {code_id} '
                    f"({why}); narrow the rule or add an exclude"
                )
    return examples, counterexamples, failures


def _why_not(matcher: CodebookMatcher, example: str, code_id: str, code: Code) -> str:
    """Why an example is not coded: the exclude that vetoes it, or the rules that miss it."""
    vetoes = matcher.vetoes(example, code_id)
    if vetoes:
        return f"{'; '.join(str(v) for v in vetoes)}; narrow that exclude or remove it"
    rules = [f"'{k}'" for k in code.keywords] + [f"regex '{r}'" for r in code.regex]
    if code.patterns:
        rules.append(f"{len(code.patterns)} pattern(s)")
    if not rules:
        return "the code has no keywords, regex or patterns; add a keyword that finds it"
    return (
        f"no rule matches it ({', '.join(rules)}); add a keyword for a word it uses, or a "
        "wildcard such as 'word*' for compounds"
    )


# Labels a transcriber writes for several people speaking at once, or for a speaker nobody
# could tell: read as one more participant, they would be counted as a person.
GROUP_LABELS = frozenset((
    "all", "alle", "alla", "several", "flere", "fleire", "flera", "mehrere", "many", "mange",
    "många", "viele", "everyone", "everybody", "unknown", "ukjent", "ukendt", "okänd",
    "unbekannt", "group", "gruppe", "gruppa", "gruppen", "crosstalk", "multiple", "unidentified",
))  # fmt: skip
# Labels of a second moderator or an observer in a focus group: the research team, not a
# participant (the default interviewer labels name the second moderators).
TEAM_LABELS = frozenset(
    {label.casefold() for label in SECOND_MODERATORS}
    | {"comoderator", "assistant", "observer", "observatør", "observatör", "beobachter"}
    | {"assistent", "referent"}
)


def _warn_speakers(transcript: Transcript, project: Project) -> None:
    """Participant labels that are most likely not one participant: one a letter or two from
    an interviewer label ("Moderater"), or one for a group answer ("Several")."""
    own = [t for t in transcript.turns if t.role == "participant" and t.speaker]
    turns = Counter(t.speaker for t in own)
    # Asking, as an interviewer does: the label's turns end in a question mark, mostly.
    asks = Counter(
        t.speaker for t in own if transcript.text[t.start : t.end].rstrip().endswith("?")
    )
    interviewer = {i.casefold(): i for i in project.config.speakers.interviewer}
    for label, n in sorted(turns.items()):
        near = difflib.get_close_matches(label.casefold(), list(interviewer), 1, 0.75)
        where = f"{transcript.path}: '{label}' ({n} {'turn' if n == 1 else 'turns'})"
        if near and 2 * asks[label] >= n:
            log.warning(
                f"{where} is read as a participant, so its words are coded and counted; if it "
                f"is the interviewer ('{interviewer[near[0]]}'), correct the label, or add it "
                f"under speakers.interviewer in {project.path}"
            )
        elif label.casefold() in TEAM_LABELS:
            log.warning(
                f"{where} is read as a participant, so its words are coded and counted; a "
                "second moderator or an observer is no participant: add it under "
                f"speakers.interviewer in {project.path}"
            )
        elif (twin := _twin(label, turns)) is not None:
            log.warning(
                f"{where} is read as another participant than '{twin}' ({turns[twin]} turns), "
                "a letter or two apart; if they are one person, correct the label"
            )
        elif label.casefold() in GROUP_LABELS:
            log.warning(
                f"{where} is read as one participant and counted as a person; a group answer "
                "is no one participant's words: give each speaker their own label, or add it "
                f"under speakers.interviewer in {project.path} so that stc leaves it uncoded"
            )


def _twin(label: str, turns: Counter[str]) -> str | None:
    """The participant label ``label`` is most likely a misspelling of: one a letter or two
    from it that speaks at least three times as often ("Particpant" beside "Participant")."""
    others = [other for other in turns if other != label and turns[other] >= 3 * turns[label]]
    near = difflib.get_close_matches(label, others, 1, 0.8)
    return near[0] if near and not any(ch.isdigit() for ch in label + near[0]) else None


def _warn_unquoted(result: CodingResult) -> None:
    """Entries that name their unit by id alone: when the units are cut anew (a codebook or
    transcript edit, another max_sentences) no quote finds them again."""
    decisions = result.decisions
    if decisions is None:
        return
    bare = [i for i, e in enumerate(decisions.entries) if e.unit and not e.quote]
    if bare:
        shown = ", ".join(f"[{i}]" for i in bare[:5]) + (" …" if len(bare) > 5 else "")
        one = len(bare) == 1
        log.warning(
            f"{decisions.path}: {len(bare)} {'entry names' if one else 'entries name'} a unit "
            f"by id but no quote: ({shown}); when the units are cut anew "
            f"{'it is' if one else 'they are'} orphaned: add quote: with the unit's text (the "
            f"text column of review.csv), or decide {'it' if one else 'them'} in `stc review`, "
            "which writes the quote"
        )


def _warn_broad_wildcards(result: CodingResult, project: Project) -> None:
    """A wildcard with so few letters ('*ing', 't*') that it may match unrelated words."""
    found: dict[str, set[str]] = {}
    for unit in [*result.units, *result.uncoded]:
        for evidence in unit.evidence.values():
            for e in evidence:
                if e.rule == "keyword":
                    found.setdefault(e.pattern, set()).update(m.casefold() for m in e.matched)
    for code_id, _, code in result.codebook.codes:
        for keyword in code.keywords:
            if not _broad(keyword):
                continue
            words = sorted(found.get(keyword, ()))
            seen = f"; here it matched {', '.join(words[:8])}{' …' if len(words) > 8 else ''}"
            log.warning(
                f"{project.codebook_path} [{code_id}] keyword '{keyword}': a wildcard with so few "
                f"letters may match unrelated words{seen if words else ''}; add letters, or "
                "list the words themselves"
            )


def _warn_silent_words(result: CodingResult, project: Project) -> None:
    """One-word keywords that suggested their code nowhere in the transcripts: a misspelt
    keyword ('frightend') finds nothing, and nothing else said so. A phrase that finds
    nothing is common (it is one way of saying a thing among many), and is not named."""
    fired: dict[str, set[str]] = {}
    for unit in [*result.units, *result.uncoded]:
        for code_id, evidence in unit.evidence.items():
            fired.setdefault(code_id, set()).update(e.pattern for e in evidence)
    quiet = []
    for code_id, _, code in result.codebook.codes:
        found = fired.get(code_id, set())
        silent = [f"'{k}'" for k in code.keywords if len(k.split()) == 1 and k not in found]
        if silent:
            quiet.append((code_id, silent))
    for code_id, silent in quiet[:MAX_SILENT_CODES]:
        log.warning(
            f"{project.codebook_path} [{code_id}] {', '.join(silent)}: "
            f"{'suggests' if len(silent) == 1 else 'suggest'} the code nowhere in these "
            "transcripts; check the spelling, or that participants say it so"
        )
    if len(quiet) > MAX_SILENT_CODES:  # a starter codebook on a few interviews: not a flood
        rest = len(quiet) - MAX_SILENT_CODES
        log.warning(
            f"{project.codebook_path}: {rest} more {'code has' if rest == 1 else 'codes have'} "
            "one-word keywords that suggest nothing in these transcripts; `stc agree "
            "--codebook` lists every rule and what it suggested"
        )


MAX_SILENT_CODES = 3  # codes named one by one for keywords that find nothing


def _broad(keyword: str) -> bool:
    """A one-word wildcard keyword with few letters: 'ab*' (a beginning of two letters), or
    '*ing' (an ending of three); a phrase's other words narrow it."""
    if len(keyword.split()) != 1 or "*" not in keyword:
        return False
    letters = len(keyword.replace("*", ""))
    return letters <= 2 if not keyword.startswith("*") else letters < 4


def _warn_language(result: CodingResult, project: Project) -> None:
    """Step 1's language check (``stc.language_fit``), on a sample of the participants'
    words: a wrong but valid ``language:`` is better told before the coding than after."""
    from stc.language_fit import sample_note

    texts = [unit.text for unit in (*result.units, *result.uncoded)]
    note = sample_note(project.config.language, texts)
    if note is not None:
        log.warning(note)


def _quote_problems(result: CodingResult, project: Project) -> list[str]:
    """The golden quotes and quotes condensation.yaml names that are not confirmed units of
    their code now: step 4 would stop on them (``stc.synthesize.quote_problems``), so the
    check fails on them too."""
    from stc.condense import condensation_path, load_condensation
    from stc.synthesize import quote_problems, unit_texts

    source = condensation_path(project)
    condensation = load_condensation(source)
    if condensation is None:
        return []
    codes_of = {u.id: u.code_ids for u in result.units}  # as meaning_units.csv has them
    reported = {code for codes in codes_of.values() for code in codes}
    orphans = {str(row["name"]): row for row in result.orphan_records()}
    problems = []
    for code_id in result.codebook.code_ids:
        if code_id in reported:  # the report leaves a code without units out
            entry = condensation.code(code_id)
            texts = unit_texts(u for u in result.units if code_id in u.codes)
            problems.extend(quote_problems(entry, code_id, codes_of, source, orphans, texts))
    return problems


def _warn_themes(result: CodingResult, project: Project) -> None:
    """Code groups whose ``theme:`` names no theme of themes.yaml (step 1 as recorded): the
    report's trail would show the theme leading nowhere and the category untraced."""
    import difflib

    from stc.trail import load_themes, unknown_themes

    path = project.resolve(project.config.themes)
    themes = load_themes(path)
    if not themes:
        return
    ids = sorted(t.id for t in themes)
    for group_id, name in unknown_themes(themes, result.codebook):
        near = difflib.get_close_matches(name, ids, n=1, cutoff=0.6)
        hint = f"did you mean '{near[0]}'?" if near else f"its themes are {', '.join(ids)}"
        log.warning(
            f"{project.codebook_path}: [groups -> {group_id} -> theme] '{name}' is no theme "
            f"of {path.name}; {hint}"
        )


def check_project(
    project: Project,
    on_parsed: Callable[[Transcript], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> CheckReport:
    """Validate everything ``stc code`` reads and test the codebook; writes nothing."""
    # A check runs on this machine, never on a Dask cluster stc.yaml may name.
    local = Executor(project_executor(project).jobs)
    result = code_project(project, on_parsed, on_start, use_cache=False, executor=local)
    for transcript in result.transcripts:
        warn_missing_interviewer(transcript, project)
        _warn_speakers(transcript, project)
    _warn_unquoted(result)
    _warn_broad_wildcards(result, project)
    _warn_silent_words(result, project)
    _warn_language(result, project)
    if result.review and result.decisions:
        for orphan in result.review.orphans:
            log.warning(orphan.line(result.decisions.path, project.config.language))
    quotes = _quote_problems(result, project)
    _warn_themes(result, project)
    from stc.review import coder_case_lines

    for line in coder_case_lines(result):
        log.warning(line)
    from stc.trail import load_preconceptions

    load_preconceptions(project.resolve(project.config.preconceptions))  # step 4 reads it
    matcher = CodebookMatcher(result.codebook, result.pipeline)
    examples, counterexamples, failures = test_codebook(
        result.codebook, matcher, str(project.codebook_path)
    )
    return CheckReport(result, examples, counterexamples, quotes + failures)
