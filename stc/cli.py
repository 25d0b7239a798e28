"""The command line: parses arguments, calls the step functions, shows results.

This is the only module that knows about Typer. Errors a user can cause (``StcError``) become
one ``Error: …`` line each and exit code 1; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from stc import __version__, console
from stc.config import LANGUAGES, load_config
from stc.errors import StcError
from stc.types import Transcript

app = typer.Typer(
    help="Systematic text condensation (Malterud) for interview transcripts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

T = TypeVar("T")


class _State:
    debug = False


state = _State()

ConfigOption = Annotated[
    Path,
    typer.Option("--config", "-c", help="The project's stc.yaml.", show_default=True),
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
def _parse_progress() -> Iterator[tuple[Callable[[int], None], Callable[[Transcript], None]]]:
    """A progress bar on stderr while transcripts are parsed."""
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

    def done(_: Transcript) -> None:
        progress.advance(task)

    with progress:
        yield start, done


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new project.")] = Path("."),
    language: Annotated[
        str, typer.Option("--language", "-l", help=f"One of: {', '.join(sorted(LANGUAGES))}.")
    ] = "nb",
) -> None:
    """Scaffold a project: stc.yaml, a codebook template, transcripts/."""
    from stc.scaffold import init_project

    written = _run(lambda: init_project(directory, language))
    for path in written:
        console.info(f"created {path}")
    console.info(f"Next: put transcripts in {directory / 'transcripts'} and run `stc check`.")


@app.command()
def check(config: ConfigOption = Path("stc.yaml")) -> None:
    """Validate config, codebook, transcripts and coding.yaml; test codebook examples."""
    from stc.check import check_project

    def action() -> None:
        project = load_config(config)
        with _parse_progress() as (start, done):
            report = check_project(project, done, start)
        result = report.result
        console.out.print(
            f"{len(result.transcripts)} transcripts, {len(result.participants)} participants, "
            f"{len(result.codebook.groups)} code groups, {len(result.codebook.code_ids)} codes; "
            f"{report.examples} examples and {report.counterexamples} counterexamples tested"
        )
        if report.failures:
            raise StcError(*report.failures)
        console.out.print("OK")

    _run(action)


@app.command()
def code(config: ConfigOption = Path("stc.yaml")) -> None:
    """Step 2: code meaning units with the codebook and coding.yaml."""
    from stc.coding import code_project, write_coding

    def action() -> None:
        project = load_config(config)
        with _parse_progress() as (start, done):
            result = code_project(project, done, start)
        written = write_coding(result)
        console.out.print(_coding_table(result))
        console.out.print(
            f"{len(result.units)} meaning units in {len(result.transcripts)} transcripts; "
            f"{result.total_coverage:.1%} of participant words coded"
        )
        console.info(f"Wrote {len(written)} files to {project.output_dir}")

    _run(action)


def _coding_table(result: object) -> Table:
    from stc.coding import CodingResult

    assert isinstance(result, CodingResult)
    table = Table(title="Meaning units by code group and code")
    table.add_column("code group / code")
    table.add_column("label")
    table.add_column("units", justify="right")
    table.add_column("participants", justify="right")
    for group in result.codebook.groups:
        in_group = [u for u in result.units if group.id in u.group_ids]
        table.add_row(
            group.id,
            group.label,
            str(len(in_group)),
            str(len({u.participant for u in in_group})),
            style="bold",
        )
        for code_item in group.codes:
            code_id = f"{group.id}/{code_item.id}"
            with_code = [u for u in result.units if code_id in u.codes]
            table.add_row(
                f"  {code_item.id}",
                code_item.label,
                str(len(with_code)),
                str(len({u.participant for u in with_code})),
            )
    return table


def main() -> None:
    app()
