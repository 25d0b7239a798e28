"""A REFI-QDA project as a new stc project folder (``stc import qdpx FILE [DIR]``).

What each part becomes:

- each text source → ``transcripts/<id>.txt``, its text kept exactly (stc's reader finds the
  speaker labels at line starts); the attributes of its cases, or its own variable values,
  go into front matter above it, unless the text has front matter already (stc's own export);
- the code tree → ``codebooks/<name>.yaml``: top-level codes are code groups, the codes
  below them their codes (deeper levels flattened into ``Parent / Child`` labels), with
  descriptions and no rules;
- every coding → an ``add`` decision in ``coding.yaml`` by verbatim quote, one entry per
  coded passage and coder (``by:``), so that ``stc agree`` can compare the program's coders;
- notes on codes → condensates, notes on code groups → analytic texts in condensation.yaml.

Everything is built in memory first and written into a folder that did not exist (or was
empty): an import never writes into an existing project.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from stc import __version__
from stc.condensation_model import draft_hash
from stc.config import DEFAULT_INTERVIEWER
from stc.decisions import quote_pattern
from stc.errors import QdpxImportError, StcError
from stc.export.qdc import QdcCode, render_skeleton, skeleton
from stc.export.qdpx import DRAFT_MARKER
from stc.importer.refi import RefiCode, RefiProject, RefiSource, read_project
from stc.impression import slug_id
from stc.languages import LANGUAGES
from stc.readers.text import (
    ID_PATTERN,
    normalise,
    slug,
    split_front_matter,
    transcript_from_text,
)
from stc.types import Turn

CODEBOOK_HEADER = """\
# Codebook made by `stc import qdpx` from
#   {source}
# with its code groups, codes (subgroups) and descriptions; the coding done there is in
# coding.yaml. To have stc suggest codes too, give codes keywords (and, where they help,
# regex, exclude, examples, counterexamples), then run `stc check`.
"""
# Extensions a source name may keep from its original file; not part of the transcript id.
_DOCUMENT_SUFFIXES = (".txt", ".docx", ".doc", ".rtf", ".odt", ".md", ".pdf", ".html")


@dataclass
class ImportResult:
    """What ``import_qdpx`` wrote, and what it skipped (each with its reason)."""

    folder: Path
    transcripts: list[str]
    codes: int
    groups: int
    decisions: int
    coders: list[str]
    condensates: int
    problems: list[str] = field(default_factory=list)
    labelled: int = 0  # transcripts in which stc found speaker labels


def _refuse_existing(folder: Path) -> None:
    if folder.is_file() or (folder.is_dir() and any(folder.iterdir())):
        raise QdpxImportError(
            f"{folder}: already exists and is not empty; stc import never writes into an "
            "existing folder or project: give a new folder as DIR"
        )


def default_folder(file: Path) -> Path:
    """``./<name of the .qdpx>``: where a project is imported without DIR."""
    return Path(slug_id(file.stem))


def _to_qdc(code: RefiCode, drop: set[str], parent: str | None = None) -> QdcCode:
    children = [_to_qdc(c, drop, code.name) for c in code.children if c.guid not in drop]
    name = code.name
    if code.ident and parent is not None:
        # stc's export names two codes of one label apart by their group, "Annet (Mestring)"
        # (``code_names``): a code stc exported gets its label back.
        name = re.sub(rf" \({re.escape(parent)}\)(?: \d+)?$", "", name) or name
    return QdcCode(name, code.description, code.ident, children, code.guid)


def _transcript_ids(sources: list[RefiSource], problems: list[str]) -> dict[str, str]:
    """Each source's transcript id: its front matter's (stc's export) or its name's."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for source in sources:
        name = source.name
        if name.lower().endswith(_DOCUMENT_SUFFIXES):
            name = name.rsplit(".", 1)[0]
        base = slug(name)
        try:
            front, _ = split_front_matter(normalise(source.text), Path(f"{base}.txt"))
        except StcError:
            front = {}
        ident = str(front["id"]) if "id" in front else base
        if not ID_PATTERN.fullmatch(ident) or ident.strip(".") == "":
            # It names the file written: never a path, never a name stc's reader refuses.
            problems.append(
                f"source {source.name!r}: its front matter id {ident!r} is not a valid "
                "transcript id: skipped"
            )
            continue
        if ident in taken:
            if "id" in front:
                problems.append(
                    f"source {source.name!r}: its front matter id {ident!r} is taken by another "
                    "source: skipped"
                )
                continue
            n = 2
            while f"{base}-{n}" in taken:
                n += 1
            ident = f"{base}-{n}"
        taken.add(ident)
        ids[source.guid] = ident
    return ids


def _attributes(project: RefiProject, problems: list[str]) -> dict[str, dict[str, Any]]:
    """Each source's attributes: its own variable values, then those of its cases."""
    found: dict[str, dict[str, Any]] = {s.guid: dict(s.attributes) for s in project.sources}
    names = {s.guid: s.name for s in project.sources}
    for case in sorted(project.cases, key=lambda c: (c.name, c.guid)):
        for source in case.sources:
            if source not in found:
                continue
            for key, value in case.attributes.items():
                have = found[source].setdefault(key, value)
                if have != value:
                    problems.append(
                        f"source {names[source]!r}: cases disagree on {key!r} ({have!r} and "
                        f"{value!r}); kept {have!r}"
                    )
    return found


def _yaml_block(data: Any) -> str:
    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)


def _transcript_file(text: str, attributes: dict[str, Any]) -> str:
    """The transcript: front matter with the attributes (if any), then the text exactly.

    A text with front matter of its own (an older stc's export) is kept as it is. A text
    that opens with something stc would misread as front matter gets a front matter before
    it, even an empty one, so that all of it is read as text.
    """
    try:
        own = split_front_matter(normalise(text), Path("x.txt"))[1] > 0
        misread = False
    except StcError:
        own, misread = False, True
    if own or not (attributes or misread):
        return text
    front = _yaml_block({"attributes": attributes}) if attributes else ""
    return "---\n" + front + "---\n" + text


def _quoted(value: str) -> str:
    # JSON strings are YAML double-quoted scalars: every character survives, escaped if needed.
    return json.dumps(value, ensure_ascii=False)


# A decision to write: transcript id, quote, codes, coder, note.
Decision = tuple[str, str, list[str], str, str]


def _coding_yaml(entries: list[Decision], source: str) -> str:
    lines = [
        f"# Coding decisions imported by `stc import qdpx` from {' '.join(source.split())}:",
        "# one entry per coded passage and coder (by:), found again by its verbatim quote;",
        "# a coding memo is the entry's note:.",
    ]
    for transcript, quote, codes, user, note in entries:
        lines += [
            f"- transcript: {_quoted(transcript)}",
            f"  quote: {_quoted(quote)}",
            f"  add: [{', '.join(codes)}]",
            f"  by: {_quoted(user)}",
        ]
        if note:
            lines.append(f"  note: {_quoted(note)}")
    return "\n".join(lines) + "\n"


def _stc_yaml(
    title: str,
    language: str,
    codebook: str,
    interviewer: list[str],
    origin: str,
    file: str,
    coders: Sequence[str] = (),
) -> str:
    data: dict[str, Any] = {
        "title": title,
        "language": language,
        "transcripts": ["transcripts/*.txt"],
        "codebook": codebook,
        "coding": "coding.yaml",
    }
    if interviewer:
        data["speakers"] = {"interviewer": interviewer}
    header = (
        f"# Imported by stc {__version__} from {' '.join(file.split())}"
        f"{f' ({origin})' if origin else ''}.\n"
        "# Check language: and speakers: (the labels of the interviewer), give the codebook's\n"
        "# codes keywords if stc should suggest codes, then run `stc check`.\n"
    )
    if len(coders) < 2:  # one coder's decisions are the report's without a coder:
        return header + _yaml_block(data)
    names = [" ".join(name.split()) for name in coders]  # a comment line stays one line
    choose = (
        f"# Several coders coded this project ({', '.join(names)}): say whose review the\n"
        "# report uses, e.g. `coder: " + json.dumps(coders[0], ensure_ascii=False) + "` "
        "(`stc agree` compares them all).\n"
    )
    return header + _yaml_block(data) + choose


def build_project(
    project: RefiProject, file: Path, language: str
) -> tuple[dict[str, str], ImportResult]:
    """The files of the new project (path → text) and the summary of the import."""
    problems = list(project.problems)
    case_guids = {c.guid for c in project.cases}
    # A code with a case's GUID is the case's link to its text (ATLAS.ti, QualCoder, stc).
    cases_by_guid = {c.guid: c for c in project.cases}
    for source in project.sources:
        for coding in source.codings:
            if coding.code in case_guids and source.guid not in cases_by_guid[coding.code].sources:
                cases_by_guid[coding.code].sources.append(source.guid)

    coded = {c.code for s in project.sources for c in s.codings}
    tops = []
    for code in project.codes:
        if code.guid in case_guids:
            continue
        top = _to_qdc(code, case_guids)
        if code.codable and code.children and code.guid in coded:
            # Coded itself and parent of codes: stc codes with codes only, so it is one too.
            top.children.insert(0, QdcCode(code.name, "", None, guid=code.guid))
        tops.append(top)
    title = project.name.strip() or file.stem
    ids: dict[str, str] = {}
    codebook_data = skeleton(tops, title, language, ids) if tops else None
    if codebook_data is None:
        raise QdpxImportError(
            f"{file}: the project has no codes, so there is nothing to import as a codebook "
            "and no coding; use `stc init` to start a project from transcripts"
        )
    codebook_name = f"codebooks/{slug_id(title)}.yaml"

    transcript_ids = _transcript_ids(project.sources, problems)
    attributes = _attributes(project, problems)
    files: dict[str, str] = {}
    labels: set[str] = set()
    labelled = 0
    parsed: dict[str, Transcript_] = {}
    for source in project.sources:
        ident = transcript_ids.get(source.guid)
        if ident is None:
            continue
        content = _transcript_file(source.text, attributes[source.guid])
        path = f"transcripts/{ident}.txt"
        files[path] = content
        try:
            turns = transcript_from_text(content, Path(path), DEFAULT_INTERVIEWER).turns
        except StcError as exc:
            problems.append(f"source {source.name!r}: {exc}")
            continue
        parsed[ident] = Transcript_(turns, content)
        found = {t.speaker for t in turns if t.speaker}
        labels |= found
        labelled += bool(found)

    entries, unknown = _decisions(project, transcript_ids, ids, case_guids)
    problems += unknown
    interviewer = sorted(
        {
            label
            for label in labels
            if label.casefold() in {i.casefold() for i in DEFAULT_INTERVIEWER}
        }
    )
    entries = _without_labels(entries, parsed)
    problems += _outside_speech(entries, parsed)
    files["stc.yaml"] = _stc_yaml(
        title,
        language,
        codebook_name,
        interviewer,
        project.origin,
        file.name,
        sorted({e[3] for e in entries}),
    )
    files[codebook_name] = render_skeleton(codebook_data, file.name, CODEBOOK_HEADER)
    files["coding.yaml"] = _coding_yaml(entries, file.name)
    condensation, condensates = _condensation(project, ids, problems)
    if condensation:
        files["condensation.yaml"] = condensation
    groups = codebook_data["groups"]
    result = ImportResult(
        folder=Path(),
        transcripts=sorted(transcript_ids.values()),
        codes=sum(len(g["codes"]) for g in groups),
        groups=len(groups),
        decisions=len(entries),
        coders=sorted({e[3] for e in entries}),
        condensates=condensates,
        problems=problems,
        labelled=labelled,
    )
    return files, result


@dataclass(frozen=True)
class Transcript_:
    """A written transcript's turns (as stc's reader finds them) and its file text."""

    turns: tuple[Turn, ...]
    content: str


_LEADING_LABEL = re.compile(r"(?P<label>[^:\n]{1,60}):[ \t]+")


def _without_labels(entries: list[Decision], parsed: dict[str, Transcript_]) -> list[Decision]:
    """Quotes without a leading speaker label: a program that codes whole paragraphs codes
    "Eva: Ingenting spesielt.", and the label is no one's words (stc's units hold none)."""
    found = []
    for transcript, quote, codes, user, note in entries:
        turns = parsed[transcript].turns if transcript in parsed else ()
        match = _LEADING_LABEL.match(quote)
        if match and match.group("label").strip() in {t.speaker for t in turns if t.speaker}:
            rest = quote[match.end() :].strip()
            quote = rest or quote
        found.append((transcript, quote, codes, user, note))
    return found


def _outside_speech(
    entries: list[Decision],
    parsed: dict[str, Transcript_],
) -> list[str]:
    """Warn about coded passages stc will not find in a participant's turn.

    stc codes what participants say; another program may have coded the interviewer's
    question, or a passage across two turns. Such a decision is reported by `stc code`.
    """
    counts: dict[str, int] = defaultdict(int)
    for transcript, quote, _, _, _ in entries:
        found = parsed.get(transcript)
        if found is None:
            continue
        text = normalise(found.content)
        pattern = quote_pattern(quote)
        if pattern is None:
            continue
        spans = [(t.start, t.end) for t in found.turns if t.role == "participant"]
        inside = any(
            any(start <= m.start() and m.end() <= end for start, end in spans)
            for m in pattern.finditer(text)
        )
        if not inside:
            counts[transcript] += 1
    return [
        f"transcript {name!r}: {n} coded passages lie outside the participants' speech (the "
        "interviewer's words, or across two turns); `stc code` will report them: check "
        "speakers: in stc.yaml, or move the decisions"
        for name, n in sorted(counts.items())
    ]


def _decisions(
    project: RefiProject,
    transcript_ids: dict[str, str],
    ids: dict[str, str],
    case_guids: set[str],
) -> tuple[list[Decision], list[str]]:
    """One ``add`` decision per coded passage and coder, in transcript and text order."""
    problems: list[str] = []
    order = {
        guid: n for n, guid in enumerate(sorted(transcript_ids, key=lambda g: transcript_ids[g]))
    }
    passages: dict[tuple[int, int, int, str], set[str]] = defaultdict(set)
    memos: dict[tuple[int, int, int, str], set[str]] = defaultdict(set)
    texts: dict[int, RefiSource] = {}
    for source in project.sources:
        if source.guid not in transcript_ids:
            continue
        texts[order[source.guid]] = source
        for coding in source.codings:
            if coding.code in case_guids:
                continue
            code = ids.get(coding.code)
            if code is None or "/" not in code:
                problems.append(
                    f"source {source.name!r}: a coding at {coding.start}–{coding.end} names "
                    f"{'a code group' if code else 'no code in the codebook'} "
                    f"({coding.code}): skipped"
                )
                continue
            key = (order[source.guid], coding.start, coding.end, coding.user)
            passages[key].add(code)
            if coding.memo:
                memos[key].add(coding.memo)
    entries = []
    for (index, start, end, user), codes in sorted(passages.items()):
        source = texts[index]
        quote = normalise(source.text[start:end]).strip()
        if not quote:
            problems.append(
                f"source {source.name!r}: the coding at {start}–{end} holds no text: skipped"
            )
            continue
        note = "\n\n".join(sorted(memos.get((index, start, end, user), ())))
        entries.append((transcript_ids[source.guid], quote, sorted(codes), user, note))
    return entries, problems


def _condensation(
    project: RefiProject, ids: dict[str, str], problems: list[str]
) -> tuple[str, int]:
    """condensation.yaml from the notes on codes (condensates) and groups (analytic texts)."""
    groups: dict[str, dict[str, Any]] = {}
    count = 0
    attached: set[str] = set()

    def walk(code: RefiCode) -> None:
        nonlocal count
        notes = [project.notes[n] for n in code.notes if n in project.notes]
        texts = [text.strip() for _, text, _ in notes]
        attached.update(n for n in code.notes if n in project.notes)
        target = ids.get(code.guid)
        if texts and target:
            text = "\n\n".join(t for t in texts if t)
            group_id, _, code_id = target.partition("/")
            group = groups.setdefault(group_id, {})
            if code_id:
                group.setdefault("codes", {})[code_id] = _condensate_entry(text, notes)
                count += 1
            else:
                group["analytic_text"] = text
        for child in code.children:
            walk(child)

    for code in project.codes:
        walk(code)
    loose = [n for n in project.notes if n not in attached]
    if loose:
        problems.append(
            f"{len(loose)} notes are not attached to a code (memos, journals, annotations): "
            "not imported; stc keeps condensates and analytic texts only"
        )
    if not groups:
        return "", 0
    header = (
        "# Condensates (notes on codes) and analytic texts (notes on code groups) imported by\n"
        "# `stc import qdpx`; they are yours: stc condense adds drafts beside them.\n"
    )
    return header + _yaml_block({"groups": groups}), count


def _condensate_entry(text: str, notes: list[tuple[str, str, str]]) -> dict[str, Any]:
    """A condensate from notes (name, text, description) on a code: the researcher's text
    (``edited``; the units the code has at the first `stc condense` are recorded as the ones
    it was written from). stc's own export names a note "Condensate: LABEL (draft)" or
    "(stale)": a stale one comes back stale, and a draft comes back as stc's draft (refreshed
    by `stc condense`) only while its text is the one the hash in its description was made
    from; rewritten in another program, whatever its name, it is the researcher's."""
    names = [name.rstrip() for name, _, _ in notes]
    marker = f"{DRAFT_MARKER}{draft_hash(text, None)}"
    if len(notes) == 1 and names[0].endswith("(draft)") and notes[0][2] == marker:
        return {"status": "draft", "condensate": text, "draft_hash": draft_hash(text, None)}
    if any(name.endswith("(stale)") for name in names):
        return {"status": "stale", "condensate": text}
    return {"status": "edited", "condensate": text}


def _write(folder: Path, files: dict[str, str]) -> None:
    """Write the project into a temporary folder, then move it into place whole."""
    parent = folder.resolve().parent
    temporary = parent / f".{folder.name}.import-{secrets.token_hex(4)}"
    try:
        for relative in sorted(files):
            target = temporary / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            # newline="" so that a CRLF source stays CRLF: the text is kept exactly.
            with open(target, "x", encoding="utf-8", newline="") as handle:
                handle.write(files[relative])
        _refuse_existing(folder)
        if folder.is_dir():
            folder.rmdir()  # empty, checked just above
        os.rename(temporary, folder)
    except OSError as exc:
        raise QdpxImportError(
            f"{exc.filename or folder}: cannot write ({exc.strerror}); check that you can "
            "write to the folder"
        ) from None
    finally:
        if temporary.exists():
            shutil.rmtree(temporary, ignore_errors=True)


def qdpx_codes(file: Path) -> list[QdcCode]:
    """The code tree of a .qdpx, without the codes that stand for cases (``import-codebook``)."""
    project = read_project(file)
    cases = {c.guid for c in project.cases}
    codes = [_to_qdc(c, cases) for c in project.codes if c.guid not in cases]
    if not codes:
        raise QdpxImportError(f"{file}: the project has no codes; there is nothing to import")
    return codes


def guess_language(texts: list[str]) -> str:
    """The supported language the transcripts are most likely in (simplemma's detector)."""
    from simplemma import langdetect

    sample = "\n".join(texts)[:20000]
    ranked = langdetect(sample, lang=tuple(LANGUAGES))
    best, score = ranked[0]
    return best if best in LANGUAGES and score > 0 else "en"


def import_qdpx(
    file: Path, folder: Path | None = None, language: str | None = None
) -> ImportResult:
    """Import the .qdpx ``file`` as a new stc project in ``folder`` (default ``./<name>``).

    An existing, non-empty ``folder`` is refused before the file is read. Without
    ``language`` it is detected from the sources' text.
    """
    if language is not None and language not in LANGUAGES:
        raise QdpxImportError(
            f"--language {language}: not supported; use one of {', '.join(sorted(LANGUAGES))}"
        )
    target = folder if folder is not None else default_folder(file)
    _refuse_existing(target)
    project = read_project(file)
    if project.unreadable:
        raise QdpxImportError(*project.unreadable)
    if language is None:
        language = guess_language([s.text for s in project.sources])
    files, result = build_project(project, file, language)
    _write(target, files)
    result.folder = target
    return result
