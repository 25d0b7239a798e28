"""The command line: parses arguments, calls the step functions, shows results.

This is the only module that knows about Typer. Errors a user can cause (``StcError``) become
one ``Error: …`` line each and exit code 1; ``--debug`` shows the traceback instead.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from stc import __version__, console
from stc.errors import StcError
from stc.executor import collect_less
from stc.languages import LANGUAGES
from stc.messages import message
from stc.wording import Count, number, percent, phrase

if TYPE_CHECKING:
    from rich.table import Table

    from stc.coding import CodingResult
    from stc.config import Project
    from stc.health import Health
    from stc.impression import Impression
    from stc.kwic import Hit
    from stc.synthesize import Report
    from stc.types import Transcript

app = typer.Typer(
    help="Systematic text condensation (Malterud) for interview transcripts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

T = TypeVar("T")


# Loaded when a command runs, not when stc starts: `stc --help` and the first line of every
# command stay fast (pydantic, pandas and spaCy take most of a second to import).


def _new_table(**options: Any) -> "Table":
    """A rich table; rich's table and progress modules load only for a command that shows
    one (``stc --help`` starts without them)."""
    from rich.table import Table

    return Table(**options)


def load_config(path: Path) -> "Project":
    from stc.config import load_config as load

    return load(path)


def analysis_project(project: "Project", out_dir: Path | None = None) -> "Project":
    from stc.anonymize.analysis import analysis_project as analysed

    return analysed(project, out_dir)


def write_outputs(*args: Any, **kwargs: Any) -> list[Path]:
    from stc.output import write_outputs as write

    return write(*args, **kwargs)


class _State:
    debug = False


state = _State()


def _home(value: Path | None) -> Path | None:
    """``~`` as the home folder in a path the shell left as it was (quoted, or on Windows)."""
    return value.expanduser() if value is not None else None


ConfigOption = Annotated[
    Path,
    typer.Option(
        "--config", "-c", help="The project's stc.yaml.", show_default=True, callback=_home
    ),
]


def _version(value: bool) -> None:
    if value:
        console.out.print(f"stc {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", envvar="STC_DEBUG", help="Show tracebacks on errors.")
    ] = False,
) -> None:
    state.debug = debug
    console.install_log_handler()


def _run(action: Callable[[], T]) -> T:
    """Run a command body; user errors become clean messages and exit code 1."""
    try:
        return action()
    except StcError as exc:
        if state.debug:
            raise
        console.error(str(exc))
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        console.error("interrupted")
        raise typer.Exit(130) from None


@contextmanager
def _parse_progress() -> "Iterator[tuple[Callable[[int], None], Callable[[Transcript], None]]]":
    """A progress bar on stderr while transcripts are parsed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("Parsing transcripts"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console.err,
        transient=True,
        # Off when stderr is a file or pipe, where a bar would only leave blank lines in logs.
        disable=not console.err.is_terminal,
    )
    task = progress.add_task("parse", total=None)

    def start(total: int) -> None:
        progress.update(task, total=total)

    def done(_: "Transcript") -> None:
        progress.advance(task)

    with progress:
        yield start, done


def _supported_language(value: str) -> str:
    """A language stc analyses; another is a usage error (exit 2), like any bad option."""
    if value not in LANGUAGES:
        supported = ", ".join(sorted(LANGUAGES))
        raise typer.BadParameter(f"'{value}' is not supported; use one of: {supported}")
    return value


@app.command()
def init(
    directory: Annotated[
        Path, typer.Argument(help="Folder for the new project.", callback=_home)
    ] = Path("."),
    language: Annotated[
        str,
        typer.Option(
            "--language",
            "-l",
            help=f"One of: {', '.join(sorted(LANGUAGES))}.",
            callback=_supported_language,
        ),
    ] = "nb",
    codebook: Annotated[
        str | None,
        typer.Option(
            "--codebook",
            help="Start from a starter codebook (codebooks/ in stc's repository), e.g. "
            "gruppebehandling-nb.",
        ),
    ] = None,
    coder: Annotated[
        str | None,
        typer.Option(
            "--coder",
            help="Your initials or name, written as coder: in stc.yaml and as by: on each of "
            "your decisions.",
        ),
    ] = None,
) -> None:
    """Scaffold a project: stc.yaml, a codebook template, transcripts/."""
    from stc.scaffold import init_project

    written = _run(lambda: init_project(directory, language, codebook, coder))
    for path in written:
        console.info(message(language, "created", path=path))
    console.info(message(language, "next", folder=directory))


@app.command()
def check(config: ConfigOption = Path("stc.yaml")) -> None:
    """Validate config, codebook, transcripts and coding.yaml; test codebook examples."""

    def action() -> None:
        project = load_config(config)
        from stc.check import check_project  # after the config: its errors come at once

        with _parse_progress() as (start, done):
            report = check_project(project, done, start)
        result = report.result
        console.out.print(
            message(
                project.config.language,
                "check_summary",
                transcripts=len(result.transcripts),
                participants=len(result.participants),
                groups=len(result.codebook.groups),
                codes=len(result.codebook.code_ids),
                examples=report.examples,
                counterexamples=report.counterexamples,
            )
        )
        if report.failures:
            raise StcError(*report.failures)
        console.out.print(message(project.config.language, "ok"))

    _run(action)


CoderOption = Annotated[
    str | None,
    typer.Option(
        "--coder", help="Whose decisions in coding.yaml count (default: `coder:` in stc.yaml)."
    ),
]


JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes that tokenize, count and code the transcripts (default: "
        "`executor.jobs` in stc.yaml, else the machine's cores; small projects use one). "
        "Alone, it works on this machine even where stc.yaml names a remote Dask scheduler. "
        "Outputs are the same whatever N.",
    ),
]
DaskOption = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="SCHEDULER",
        help="Tokenize, count and code the transcripts on a Dask cluster: a scheduler address "
        "(tcp://host:8786) or 'local'. Needs pip install 'stc[dask]'.",
    ),
]


def _with_executor(project: "Project", jobs: int | None, dask: str | None) -> "Project":
    """The project with --jobs / --dask in place of stc.yaml's executor settings. --jobs N
    alone codes on this machine: with N processes where stc.yaml names a remote Dask
    scheduler, in a local cluster of N workers where it says ``dask: local`` (or --dask
    local)."""
    if jobs is None and dask is None:
        return project
    update: dict[str, object] = {"jobs": jobs} if jobs is not None else {}
    if dask is not None or project.config.executor.dask != "local":
        update["dask"] = dask
    settings = project.config.executor.model_copy(update=update)
    project.config = project.config.model_copy(update={"executor": settings})
    return project


def _with_coder(project: "Project", coder: str | None) -> "Project":
    if coder:
        project.config = project.config.model_copy(update={"coder": coder})
    return project


@app.command()
def code(
    config: ConfigOption = Path("stc.yaml"),
    coder: CoderOption = None,
    jobs: JobsOption = None,
    dask: DaskOption = None,
) -> None:
    """Step 2: code meaning units with the codebook and coding.yaml."""

    def action() -> None:
        project = _with_coder(analysis_project(load_config(config)), coder)
        project = _with_executor(project, jobs, dask)
        from stc.coding import code_project, warn_missing_interviewer, write_coding
        from stc.review import summary_line

        with _parse_progress() as (start, done):
            result = code_project(project, done, start)
        for transcript in result.transcripts:
            warn_missing_interviewer(transcript, project)
        written = write_coding(result)
        console.out.print(_coding_table(result))
        language = project.config.language
        console.out.print(
            message(
                language,
                "code_summary",
                # As the report counts them: units with a code the researcher confirmed.
                n=sum(1 for u in result.units if u.codes),
                transcripts=len(result.transcripts),
                share=percent(result.total_coverage, language, 1),
            )
        )
        console.out.print(summary_line(result))
        _warn_orphans(result)
        console.info(message(language, "wrote_files", n=len(written), folder=project.output_dir))

    _run(action)


def _warn_orphans(result: "CodingResult") -> None:
    if result.review and result.decisions:
        for orphan in result.review.orphans:
            console.warning(orphan.line(result.decisions.path, result.project.config.language))
    from stc.review import coder_case_lines

    for line in coder_case_lines(result):
        console.warning(line)
    if result.suggestions and result.suggestions.ignored:
        path = result.project.suggestions_path
        language = result.project.config.language
        n = result.suggestions.ignored
        console.warning(message(language, "suggestions_ignored", n=n, path=path))


def _coding_table(result: "CodingResult") -> "Table":
    """Per code: its suggestions still waiting, the decisions, and the participants whose
    confirmed units it holds (labels are in the codebook and the report)."""
    language = result.project.config.language
    table = _new_table(title=message(language, "table_units"))
    table.add_column(message(language, "code_group"), no_wrap=True)
    for column in ("suggested", "accepted", "added", "rejected", "participants"):
        table.add_column(message(language, column), justify="right", no_wrap=True)
    status = {row["code"]: row for row in result.status()}
    participants: dict[str, set[str]] = {}  # per code and per group, whose units confirm it
    for unit in result.units:
        for code_id in unit.code_ids:
            participants.setdefault(code_id, set()).add(unit.participant)
            participants.setdefault(code_id.split("/", 1)[0], set()).add(unit.participant)
    for group in result.codebook.groups:
        table.add_row(group.id, "", "", "", "", str(len(participants.get(group.id, ()))))
        for code_item in group.codes:
            code_id = f"{group.id}/{code_item.id}"
            row = status[code_id]
            table.add_row(
                f"  {code_item.id}",
                *(str(row[c]) for c in ("suggested", "accepted", "added", "rejected")),
                str(len(participants.get(code_id, ()))),
            )
    return table


@app.command()
def review(
    config: ConfigOption = Path("stc.yaml"),
    coder: CoderOption = None,
    status: Annotated[
        bool, typer.Option("--status", help="Print per code: suggested, accepted, rejected …")
    ] = False,
    accept_all: Annotated[
        list[str] | None,
        typer.Option("--accept-all", metavar="CODE", help="Accept every pending suggestion."),
    ] = None,
    accept: Annotated[
        list[str] | None,
        typer.Option("--accept", metavar="UNIT:CODE", help="Accept one code on one unit."),
    ] = None,
    reject: Annotated[
        list[str] | None,
        typer.Option("--reject", metavar="UNIT:CODE", help="Reject one code on one unit."),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option("--port", min=1, max=65535, help="Serve on this port (default: a free one)."),
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the address; do not open a browser.")
    ] = False,
    host: Annotated[
        str,
        typer.Option(
            "--host", help="Listen on another address (other machines could reach it; avoid)."
        ),
    ] = "127.0.0.1",
) -> None:
    """Review the codebook's suggestions: in the browser (no operation given), the status per
    code, or decisions written to coding.yaml (UNIT:CODE is a unit id and a code id, as
    review.csv lists them: TRANSCRIPT:HASH:GROUP/CODE)."""
    from stc.coding import code_project
    from stc.review import Action, Kind, decide, find_unit, summary_line, unknown_code
    from stc.review import accept_all as accept_every

    def workspace() -> None:
        from stc.server.run import running, serve

        project = _with_coder(analysis_project(load_config(config)), coder)
        already = running(project)
        if already is not None:
            console.info(message(project.config.language, "review_running", pid=str(already.pid)))
            console.out.print(already.url)
            return
        if host not in ("127.0.0.1", "localhost"):
            console.warning(
                f"--host {host}: the review (transcripts, health data) can be reached from "
                "other machines on that network; use it only on a network you trust"
            )
        console.info(message(project.config.language, "review_reading"))

        def say(url: str) -> None:
            console.out.print(url)
            console.out.file.flush()  # a script or test reads the address while we serve

        serve(project, host, port, not no_browser, say, _say_new_coder)
        console.info(message(project.config.language, "review_stopped"))

    if not (status or accept_all or accept or reject):
        _run(workspace)
        return

    def action() -> None:
        project = _with_coder(analysis_project(load_config(config)), coder)
        language = project.config.language
        with _parse_progress() as (start, done):
            result = code_project(project, done, start, reviewing=True)
        _say_new_coder(result)
        actions = []
        choices: list[tuple[Kind, list[str]]] = [
            ("accept", accept or []),
            ("reject", reject or []),
        ]
        for kind, pairs in choices:
            for pair in pairs:
                unit_id, sep, code_id = pair.rpartition(":")
                if not sep or ":" not in unit_id:
                    # The example is this project's: its first suggestion, as review.csv has it.
                    queue = result.review_queue()
                    example = f"{queue[0][1].id}:{queue[0][0]}" if queue else "UNIT:GROUP/CODE"
                    raise StcError(
                        f"--{kind} {pair}: give UNIT:CODE, e.g. {example} (out/review.csv lists "
                        "the units and codes waiting)"
                    )
                if code_id not in result.codebook.code_ids:
                    known = result.codebook.code_ids
                    raise StcError(f"--{kind} {pair}: {unknown_code(code_id, known)}")
                actions.append(Action(find_unit(result, unit_id), kind, code_id))
        # One command that both accepts and rejects a code on a unit says two things.
        kinds: dict[tuple[str, str | None], str] = {}
        for a in actions:
            if kinds.setdefault((a.unit.id, a.code), a.kind) != a.kind:
                raise StcError(
                    f"--accept and --reject both name {a.unit.id}:{a.code}; give one of them "
                    "(nothing was written)"
                )
        # A decision the unit already holds is said, not written again.
        holds = {"accept": ("accepted", "added"), "reject": ("rejected",)}
        held = [a.unit.states.get(a.code or "") in holds[a.kind] for a in actions]
        for a in (a for a, same in zip(actions, held, strict=True) if same):
            state = message(language, a.unit.states[a.code or ""])
            console.info(
                message(language, "already_decided", unit=a.unit.id, code=a.code, state=state)
            )
        actions = [a for a, same in zip(actions, held, strict=True) if not same]
        changed = False
        if actions:
            # A decision that takes back an earlier one says so: the researcher may not have
            # meant to overturn it.
            overturned = [
                (a, before)
                for a in actions
                if a.code
                and (before := a.unit.states.get(a.code)) is not None
                and (
                    before == "rejected" if a.kind == "accept" else before in ("accepted", "added")
                )
            ]
            decide(project.coding_path, actions, result.coder)
            console.info(
                message(language, "decisions_written", n=len(actions), path=project.coding_path)
            )
            for a, before in overturned:
                after = "accepted" if a.kind == "accept" else "rejected"
                console.info(
                    message(
                        language,
                        "overturned",
                        unit=a.unit.id,
                        code=a.code,
                        before=message(language, before),
                        after=message(language, after),
                    )
                )
            changed = True
        for code_id in accept_all or []:
            n, flagged = accept_every(result, code_id)
            console.info(
                message(language, "accepted_all", n=n, code=code_id, path=project.coding_path)
            )
            if flagged:
                review_csv = project.output_dir / "review.csv"
                console.info(
                    message(
                        language, "accepted_all_flagged", n=flagged, code=code_id, path=review_csv
                    )
                )
            changed = True
        if changed:
            result = code_project(project, use_cache=True, reviewing=True)
        if status or not (changed or accept or reject):  # a decision held already: said above
            console.out.print(_status_table(result))
        console.out.print(summary_line(result))
        _warn_orphans(result)

    _run(action)


def _say_new_coder(result: "CodingResult") -> None:
    """A coder without decisions yet, where others have some: a second coder's review starts
    (or a typo in the name, which the researcher can stop)."""
    others = result.decisions.coders if result.decisions else []
    if result.coder and others and result.coder not in others:
        language = result.project.config.language
        console.info(
            message(language, "review_new_coder", coder=result.coder, coders=", ".join(others))
        )


def _status_table(result: "CodingResult") -> "Table":
    columns = ("suggested", "accepted", "rejected", "added", "dissent")
    language = result.project.config.language
    title = (
        message(language, "table_review_by", coder=result.coder)
        if result.coder
        else message(language, "table_review")
    )
    table = _new_table(title=title)
    table.add_column(message(language, "code_group"), no_wrap=True)
    for column in columns:
        table.add_column(message(language, column), justify="right", no_wrap=True)
    status = {row["code"]: row for row in result.status()}
    totals = dict.fromkeys(columns, 0)
    for group in result.codebook.groups:
        table.add_row(group.id, *("" for _ in columns))
        for code_item in group.codes:
            row = status[f"{group.id}/{code_item.id}"]
            for column in columns:
                totals[column] += int(row[column])
            table.add_row(f"  {code_item.id}", *(str(row[c]) for c in columns))
    table.add_row(message(language, "total"), *(str(totals[c]) for c in columns), style="bold")
    return table


@app.command()
def impression(
    config: ConfigOption = Path("stc.yaml"),
    themes: Annotated[
        int,
        typer.Option(
            "--themes",
            "-n",
            min=1,
            max=20,
            help="How many candidate themes to look for (STC step 1 has 4-8).",
        ),
    ] = 6,
    codebook_draft: Annotated[
        Path | None,
        typer.Option(
            "--codebook-draft",
            help="Also write the candidate themes as a draft codebook here; never overwrites.",
            callback=_home,
        ),
    ] = None,
    jobs: JobsOption = None,
    dask: DaskOption = None,
) -> None:
    """Step 1: an overview of the material, distinctive terms and candidate themes."""
    from stc.impression import check_new_file, impression_project, write_impression

    def action() -> None:
        project = _with_executor(analysis_project(load_config(config)), jobs, dask)
        if codebook_draft is not None:
            check_new_file(codebook_draft)
        with _parse_progress() as (start, done):
            result = impression_project(project, themes, done, start)
        written = write_impression(result, project.output_dir, codebook_draft)
        language = project.config.language
        _print_impression(result, language)
        names = ", ".join(p.name for p in written if p != codebook_draft)
        console.info(message(language, "wrote_names", names=names, folder=project.output_dir))
        if codebook_draft in written:
            console.info(message(language, "wrote_draft", path=codebook_draft))

    _run(action)


def _print_impression(result: "Impression", language: str) -> None:
    from stc.impression import PRECONCEPTIONS

    corpus = result.corpus
    console.out.print(
        message(
            language,
            "impression_corpus",
            transcripts=len(result.overviews),
            participants=len(corpus.participants),
            words=number(corpus.participant_words, language),
            interviewer=number(corpus.interviewer_words, language),
            share=percent(corpus.share, language, 1),
        )
    )
    frequent = ", ".join(t.term for t in result.terms[:10])
    console.out.print(message(language, "frequent", terms=frequent))
    table = _new_table(title=message(language, "candidates"))
    table.add_column("#", justify="right")
    table.add_column(message(language, "top_terms"))
    table.add_column(message(language, "sentences"), justify="right")
    table.add_column(message(language, "participants"), justify="right")
    for theme in result.themes.themes:
        table.add_row(
            str(theme.number),
            ", ".join(theme.top_terms[:6]),
            str(theme.size),
            str(len(theme.participants)),
        )
    if result.themes.themes:
        console.out.print(table)
    else:
        console.out.print(message(language, "no_candidates"))
    if not result.preconceptions:
        console.out.print(message(language, "write_preconceptions", path=PRECONCEPTIONS))


class KwicFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def kwic(
    term: Annotated[
        str,
        typer.Argument(
            help="A codebook keyword: gruppe (all its forms), 'grupp*', '*leder', 'den eneste'."
        ),
    ],
    config: ConfigOption = Path("stc.yaml"),
    window: Annotated[
        int, typer.Option("--window", "-w", min=0, help="Words of context on each side.")
    ] = 8,
    participants_only: Annotated[
        bool,
        typer.Option(
            "--participants-only/--all-speakers",
            help="Search participants' turns only, or the interviewer's too.",
        ),
    ] = True,
    output_format: Annotated[
        KwicFormat, typer.Option("--format", "-f", help="Output format.")
    ] = KwicFormat.table,
) -> None:
    """Keyword in context: every match of a keyword, with the codebook's matching rules."""
    from stc.kwic import hits_csv, hits_json, kwic_project

    def action() -> None:
        project = analysis_project(load_config(config))
        with _parse_progress() as (start, done):
            hits = kwic_project(project, term, window, participants_only, done, start)
        language = project.config.language
        if output_format is KwicFormat.csv:
            console.out.file.write(hits_csv(hits))
        elif output_format is KwicFormat.json:
            console.out.file.write(hits_json(hits))
        elif hits:
            console.out.print(_kwic_table(hits, console.out.width, language))
        where = message(language, "kwic_participants" if participants_only else "kwic_all")
        transcripts = len({h.transcript for h in hits})
        found = message(
            language, "kwic_found", n=len(hits), term=term, transcripts=transcripts, where=where
        )
        console.info(found)

    _run(action)


def _clip(text: str, width: int, keep_end: bool) -> str:
    """Shorten context to ``width`` characters at a word boundary, keeping the words nearest
    the match."""
    if len(text) <= width:
        return text
    if keep_end:
        tail = text[-(width - 1) :]
        if text[-width] != " " and " " in tail:
            tail = tail.split(" ", 1)[1]
        return "…" + tail
    head = text[: width - 1]
    if text[width - 1] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]
    return head + "…"


KWIC_COLUMNS = ("transcript", "line", "speaker", "left", "match", "right")


def _kwic_table(hits: "list[Hit]", width: int, language: str) -> "Table":
    """One line per hit: left context right-aligned against the match, as in a concordance;
    the headers in the project's language."""
    # A speaker column only helps where a transcript has several speakers in the hits.
    speakers = len({(h.transcript, h.speaker) for h in hits}) > len({h.transcript for h in hits})
    header = {key: message(language, f"kwic_{key}") for key in KWIC_COLUMNS}

    def widest(key: str, values: Iterable[str]) -> int:
        return max(len(header[key]), *(len(v) for v in values))

    columns = 6 if speakers else 5
    fixed = widest("transcript", (h.transcript for h in hits))
    fixed += widest("line", (str(h.line) for h in hits))
    fixed += widest("match", (h.match for h in hits)) + 2 * (columns - 1)
    if speakers:
        fixed += widest("speaker", (h.speaker for h in hits))
    context = max(12, (width - fixed) // 2)
    table = _new_table(box=None, pad_edge=False, show_edge=False)
    table.add_column(header["transcript"], no_wrap=True)
    table.add_column(header["line"], justify="right", no_wrap=True)
    if speakers:
        table.add_column(header["speaker"], no_wrap=True)
    table.add_column(header["left"], justify="right", no_wrap=True)
    table.add_column(header["match"], style="bold", no_wrap=True)
    table.add_column(header["right"], no_wrap=True)
    for hit in hits:
        left = _clip(hit.left, context, keep_end=True)
        right = _clip(hit.right, context, keep_end=False)
        where = [hit.transcript, str(hit.line)] + ([hit.speaker] if speakers else [])
        table.add_row(*where, left, hit.match, right)
    return table


@app.command()
def condense(
    config: ConfigOption = Path("stc.yaml"),
    show: Annotated[
        str | None,
        typer.Option(
            "--show",
            metavar="GROUP[/CODE]",
            help="Print a code group's or code's units, condensate and golden quote; "
            "writes nothing.",
        ),
    ] = None,
) -> None:
    """Step 3: drafts of condensates and golden quotes in condensation.yaml, never losing text."""
    from stc.coding import code_project
    from stc.condense import condensation_path
    from stc.condense import condense as condense_step
    from stc.condense import show as show_step

    def action() -> None:
        project = load_config(config)
        with _parse_progress() as (start, done):
            result = code_project(project, done, start)
        if show is not None:
            shown = show_step(result, condensation_path(project), show)
            for line in shown.lines(project.config.language):
                console.out.print(line, markup=False)
            return
        report = condense_step(result, condensation_path(project))
        for line in report.lines(language=project.config.language):
            console.out.print(line, markup=False)

    _run(action)


@app.command()
def synthesize(config: ConfigOption = Path("stc.yaml")) -> None:
    """Step 4: the results report (report.md, report.html), every quote verified."""
    from stc.synthesize import SynthesisError, build_report, remove_stale_report, report_files

    def action() -> None:
        project = analysis_project(load_config(config))
        try:
            report = build_report(
                project,
                pseudonymized=project.config.anonymize.apply,
                lemma_cache=project.parse_cache,
            )
        except SynthesisError:
            remove_stale_report(project.output_dir)
            raise
        written = write_outputs(project.output_dir, report_files(report))
        _print_findings(report)
        names = ", ".join(p.name for p in written)
        language = project.config.language
        console.info(message(language, "wrote_names", names=names, folder=project.output_dir))
        if report.errors:
            raise StcError(*report.errors)

    _run(action)


def _print_findings(report: "Report") -> None:
    categories = len(report.categories)
    quotes = sum(1 for c in report.categories for s in c.subgroups if s.golden)
    console.out.print(
        message(
            report.language,
            "findings",
            categories=categories,
            quotes=quotes,
            errors=len(report.errors),
            warnings=len(report.findings) - len(report.errors),
        )
    )
    for finding in report.findings:
        if finding.level == "warning":
            console.warning(finding.text)
    # As the report says it at its top, so that nobody mails a draft unseen.
    _print_draft(report.language, report.draft_reasons)
    if report.to_check:
        stamp = phrase(report.language, "check_stamp")
        console.out.print(f"{stamp}: {' '.join(report.to_check)}", markup=False)


def _print_draft(language: str, reasons: list[str]) -> None:
    if reasons:  # as text: transcript ids are the researcher's, not rich markup
        console.out.print(f"{phrase(language, 'draft_stamp')}: {' '.join(reasons)}", markup=False)


@app.command()
def run(
    config: ConfigOption = Path("stc.yaml"),
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Re-run into a temporary folder and compare with stc.lock (else "
            "manifest.json); exit 1 on any difference.",
        ),
    ] = False,
    open_report: Annotated[
        bool, typer.Option("--open", help="Open report.html in your browser afterwards.")
    ] = False,
    jobs: JobsOption = None,
    dask: DaskOption = None,
) -> None:
    """All four steps from stc.yaml, with a manifest; --check verifies a reproduction."""

    def action() -> None:
        project = _with_executor(load_config(config), jobs, dask)
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from stc.run import STEPS, check_project_run, run_project

        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console.err,
            transient=True,
            disable=not console.err.is_terminal,
        )
        task = progress.add_task("stc run", total=len(STEPS))

        def on_step(number: int, name: str) -> None:
            progress.update(task, completed=number - 1, description=f"Step {number}: {name}")

        with progress:
            if check:
                result = check_project_run(project, on_step)
            else:
                outcome = run_project(project, progress=on_step)
        if check:
            if not result.ok:
                raise StcError(*result.lines())
            console.out.print(message(project.config.language, "reproduced", path=result.source))
            # Reproduced, and still a draft: a check is no verdict on that.
            _print_draft(project.config.language, result.draft)
            for version in result.versions:
                console.warning(f"version changed: {version}; the outputs are the same")
            return
        language = project.config.language
        for line in outcome.condensed.lines(checks=False, language=language):
            console.info(line)
        _print_findings(outcome.report)
        console.info(message(language, "wrote_outputs", folder=outcome.outdir))
        change = outcome.change
        if outcome.lock is not None and change is not None:
            gone = message(language, "lock_removed")
            named = [(n, n) for n in change.inputs] + [(n, f"{n} ({gone})") for n in change.removed]
            files = ", ".join(said for _, said in sorted(named))
            if change.created:
                key = "lock_created"
            elif not change.results:  # line endings, a moved file, other versions: same results
                key = "lock_inputs_only" if files else "lock_versions"
            else:
                key = "lock_updated_with" if files else "lock_updated"
            console.info(message(language, key, path=outcome.lock, files=files))
        report = outcome.outdir / "report.html"
        console.out.print(message(language, "the_report", path=report))
        if open_report:
            import webbrowser

            webbrowser.open(report.resolve().as_uri())
        elif console.out.is_terminal:
            console.info(message(language, "open_hint"))
        if outcome.report.errors:
            raise StcError(*outcome.report.errors)

    _run(action)


@app.command()
def agree(
    config: ConfigOption = Path("stc.yaml"),
    coder: CoderOption = None,
    coders: Annotated[
        str | None,
        typer.Option("--coders", help="Coders to compare, comma-separated (default: all)."),
    ] = None,
    codebook: Annotated[
        bool,
        typer.Option(
            "--codebook",
            help="Measure the codebook's suggestions against the review (of --coder) instead: "
            "precision and recall per code and rule, rules mostly rejected, candidate keywords.",
        ),
    ] = False,
) -> None:
    """Intercoder agreement (percent, Cohen's kappa, Krippendorff's alpha) with the
    disagreements; --codebook: the codebook's suggestions measured against the review."""
    from stc.agree import agree_project, agreement_files, undefined_lines
    from stc.health import health_project
    from stc.output import csv_text

    def action() -> None:
        project = _with_coder(analysis_project(load_config(config)), coder)
        language = project.config.language
        if codebook:
            health = health_project(project)
            written = write_outputs(
                project.output_dir, {"codebook_health.csv": csv_text(health.frame())}
            )
            console.out.print(_health_table(health, language))
            if health.flagged:
                console.out.print(message(language, "health_flagged"))
            for code_id, rule, pattern, tally in health.flagged:
                console.out.print(
                    message(
                        language,
                        "health_rule",
                        code=code_id,
                        rule=rule,
                        pattern=pattern,
                        rejected=tally.rejected,
                        decided=tally.accepted + tally.rejected,
                        text=tally.rejected_texts[0],
                    ),
                    markup=False,
                )
            candidates = [c for c in health.codes if c.candidates]
            if candidates:
                console.out.print(message(language, "health_candidates"))
            for item in candidates:
                words = ", ".join(f"{lemma} ({n})" for lemma, n in item.candidates)
                console.out.print(f"  {item.code}: {words}", markup=False)
            console.info(message(language, "health_wrote", path=written[0]))
            return
        names = [n.strip() for n in coders.split(",") if n.strip()] if coders else None
        result = agree_project(project, names)
        written = write_outputs(project.output_dir, agreement_files(result))
        console.out.print(
            message(language, "agree_compared", coders=", ".join(result.coders)), markup=False
        )
        summary = result.summary_frame()
        for column in ("percent", "kappa", "alpha"):
            summary[column] = summary[column].str.replace(r" \(.*\)$", "", regex=True)
        console.out.print(
            _frame_table(message(language, "agree_per_code"), summary, no_wrap=("code",))
        )
        for line in undefined_lines(result, language):
            console.out.print(line)
        if result.disagreements:
            frame = result.disagreements_frame()
            frame.insert(1, "where", frame["transcript"] + ":" + frame["line"].astype(str))
            shown = frame[["code", "where", "text", *result.coders]]
            title = message(language, "agree_disagreements")
            console.out.print(_frame_table(title, shown, ("code", "where")))
        names_written = ", ".join(p.name for p in written)
        console.info(
            message(language, "wrote_names", names=names_written, folder=project.output_dir)
        )

    _run(action)


def _frame_table(title: str, frame: object, no_wrap: tuple[str, ...] = ()) -> "Table":
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    table = _new_table(title=title)
    for column in frame.columns:
        table.add_column(str(column), overflow="fold", no_wrap=column in no_wrap)
    for row in frame.itertuples(index=False):
        table.add_row(*(str(v) for v in row))
    return table


def _health_table(health: "Health", language: str) -> "Table":
    title = (
        message(language, "health_title_by", coder=health.coder)
        if health.coder
        else message(language, "health_title")
    )
    table = _new_table(title=title)
    table.add_column(message(language, "code_group"), no_wrap=True)
    for column in ("accepted", "rejected", "added", "precision", "recall"):
        table.add_column(message(language, column), justify="right", no_wrap=True)
    group = ""
    for item in health.codes:
        t = item.tally
        code_group, code_name = item.code.split("/", 1)
        if code_group != group:
            table.add_row(code_group, "", "", "", "", "")
            group = code_group
        table.add_row(
            f"  {code_name}",
            str(t.accepted),
            str(t.rejected),
            str(t.added),
            "-" if t.precision is None else number(t.precision, language, 2),
            "-" if t.recall is None else number(t.recall, language, 2),
        )
    return table


@app.command()
def suggest(
    config: ConfigOption = Path("stc.yaml"),
    coder: CoderOption = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Candidates per code, at most.")] = 10,
    min_score: Annotated[
        float, typer.Option("--min-score", min=0.0, max=1.0, help="Lowest score queued.")
    ] = 0.5,
) -> None:
    """Candidates the codebook missed, learned from the reviewed coding, queued in
    suggestions.yaml (shown by `stc code` and `stc review` as suggestions with source
    `suggest`) and listed in out/suggest.csv; nothing is accepted."""
    from stc.output import csv_text
    from stc.suggest import MIN_POSITIVES, suggest_project
    from stc.suggestions import check_ours, write_queue

    def action() -> None:
        project = _with_coder(analysis_project(load_config(config)), coder)
        language = project.config.language
        queue_path = project.suggestions_path
        project.check_not_input(queue_path, "stc suggest")
        check_ours(queue_path)  # before the models: a file stc may not replace stops here
        result = suggest_project(project, top, min_score)
        for code_id, positives in sorted(result.skipped.items()):
            console.info(
                message(language, "suggest_too_few", n=positives, code=code_id, least=MIN_POSITIVES)
            )
        queue = result.queue()
        # An empty queue replaces an old one, but is not created where there was none.
        if queue.suggestions or queue_path.exists():
            write_queue(queue_path, queue)
        frame = result.frame()
        written = write_outputs(project.output_dir, {"suggest.csv": csv_text(frame)})
        for c in result.candidates:
            console.out.print(
                message(
                    language,
                    "suggest_line",
                    code=c.code,
                    rank=c.rank,
                    score=f"{c.score:.2f}",
                    where=c.segment.where,
                    text=c.segment.text,
                    nearest=c.nearest_unit or c.nearest.where,
                    terms=", ".join(c.terms),
                ),
                markup=False,
            )
        if queue.suggestions:
            console.info(
                message(language, "suggest_queued", n=len(frame), queue=queue_path, csv=written[0])
            )
        else:
            console.info(message(language, "suggest_none", csv=written[0]))

    _run(action)


class ExportFormat(StrEnum):
    qdpx = "qdpx"
    qdc = "qdc"
    xlsx = "xlsx"
    docx = "docx"
    csv_codebook = "csv-codebook"


@app.command()
def export(
    export_format: Annotated[
        ExportFormat,
        typer.Argument(
            metavar="FORMAT",
            help="qdpx: a REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder); qdc: the "
            "codebook as REFI-QDA; xlsx: an Excel workbook; docx: the results report in Word; "
            "csv-codebook: the codebook as CSV for Taguette.",
        ),
    ],
    config: ConfigOption = Path("stc.yaml"),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The file to write; default: <output>/<title>.<FORMAT>.",
            callback=_home,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Export the analysis for other programs: REFI-QDA (.qdpx, .qdc), Excel, Word or CSV."""
    from stc.export import export as export_project

    def action() -> None:
        project = analysis_project(load_config(config))
        if export_format in (ExportFormat.qdc, ExportFormat.docx, ExportFormat.csv_codebook):
            path = export_project(project, export_format.value, output, force)
        else:
            with _parse_progress() as (start, done):
                path = export_project(project, export_format.value, output, force, done, start)
        console.info(message(project.config.language, "wrote_path", path=path))

    _run(action)


@app.command("import-codebook")
def import_codebook(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.qdc",
            help="A REFI-QDA codebook (.qdc), or a project (.qdpx) whose codebook to take.",
            callback=_home,
        ),
    ],
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="The project's stc.yaml (default: ./stc.yaml if there is one): gives the "
            "language and the folder, codebooks/.",
            callback=_home,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="The YAML codebook to write; never overwritten.", callback=_home
        ),
    ] = None,
) -> None:
    """Turn a REFI-QDA codebook (a .qdc, or the one in a .qdpx) into a YAML codebook skeleton."""
    from stc.export import import_codebook as import_qdc

    def action() -> None:
        default = Path("stc.yaml")
        found = config if config is not None else (default if default.is_file() else None)
        project = load_config(found) if found is not None else None
        path = import_qdc(file, output, project)
        console.info(f"Wrote {path}; give its codes keywords, then run `stc check`")

    _run(action)


import_app = typer.Typer(
    help="Import a project coded in another program as a new stc project.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(import_app, name="import")


@import_app.command("qdpx")
def import_qdpx(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.qdpx",
            help="A REFI-QDA project from NVivo, ATLAS.ti, MAXQDA, QualCoder or stc.",
            callback=_home,
        ),
    ],
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR",
            help="The new project's folder (default: ./<name of FILE>).",
            callback=_home,
        ),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option("--language", "-l", help="The transcripts' language (default: detected)."),
    ] = None,
) -> None:
    """Turn a .qdpx into an stc project: transcripts, codebook, coding.yaml by coder."""
    from stc.importer import import_qdpx as run_import

    def action() -> None:
        result = run_import(file, folder, language)
        for problem in result.problems:
            console.warning(problem)
        coders = ", ".join(result.coders) or "nobody"
        console.info(
            f"Imported {Count(len(result.transcripts)):transcript|transcripts} "
            f"({result.labelled} with speaker labels), {Count(result.codes):code|codes} in "
            f"{Count(result.groups):group|groups}, "
            f"{Count(result.decisions):coded passage|coded passages} by {coders} and "
            f"{Count(result.condensates):condensate|condensates} into {result.folder}"
        )
        who = (
            f", set coder: to whose review the report uses ({' or '.join(result.coders)}; "
            "`stc agree` compares them)"
            if len(result.coders) > 1
            else ""
        )
        console.info(
            f"Next: check language and speakers in {result.folder / 'stc.yaml'}{who}, then run "
            "`stc check`"
        )

    _run(action)


@app.command()
def anonymize(
    config: ConfigOption = Path("stc.yaml"),
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show every replacement and every maybe; write nothing."),
    ] = False,
    new_key: Annotated[
        bool,
        typer.Option("--new-key", help="Start again with a new key (the old one is kept as .bak)."),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Folder for the pseudonymized copies (default: anonymize.output).",
            callback=_home,
        ),
    ] = None,
) -> None:
    """Pseudonymize transcripts into a separate folder, with a report and a secret key."""
    from stc.anonymize import anonymize_project

    def action() -> None:
        project = load_config(config)
        language = project.config.language
        report = anonymize_project(
            project, project.config.anonymize, out, dry_run=dry_run, new_key=new_key
        )
        for warning in report.warnings:
            console.warning(warning)
        counts = {
            "replacements": report.replacements,
            "maybes": report.maybes,
            "transcripts": len(report.transcripts),
        }
        if dry_run:
            console.out.print(_anonymize_table(report.rows(), language))
            if report.maybes:
                console.out.print(_maybe_table(report.maybe_summary(), language))
            console.info(message(language, "anonymize_dry", **counts))
            if report.key_created:
                console.info(message(language, "anonymize_no_key", path=report.key_path))
            return
        console.info(message(language, "anonymized", out=report.out_dir, **counts))
        csv = report.out_dir / "anonymization_report.csv"
        console.info(message(language, "anonymize_report", path=csv))
        key = "anonymize_key_created" if report.key_created else "anonymize_key"
        console.info(message(language, key, path=report.key_path, mapping=report.mapping_path.name))

    _run(action)


def _anonymize_table(rows: list[tuple[str, int, str, str, str, str]], language: str) -> "Table":
    from stc.anonymize import wording

    table = _new_table(title=message(language, "anonymize_replacements"))
    for column in ("transcript", "line", "category", "original", "replacement", "why"):
        table.add_column(
            wording.said(language, column), justify="right" if column == "line" else "left"
        )
    for transcript, line, category, original, replacement, why in rows:
        maybe = replacement == "maybe"
        table.add_row(
            transcript,
            str(line),
            wording.category(language, category),
            original,
            wording.said(language, "maybe") if maybe else replacement,
            wording.why(language, why),
            style="yellow" if maybe else None,
        )
    return table


def _maybe_table(rows: list[tuple[str, str, int, str, str]], language: str) -> "Table":
    from stc.anonymize import wording

    table = _new_table(title=message(language, "anonymize_maybes"))
    for column in ("text", "category", "count", "transcripts", "why"):
        table.add_column(
            wording.said(language, column), justify="right" if column == "count" else "left"
        )
    for text, category, count, transcripts, why in rows:
        table.add_row(
            text,
            wording.category(language, category),
            str(count),
            transcripts,
            wording.why(language, why),
        )
    return table


def main() -> None:
    collect_less()
    app()
