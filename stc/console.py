"""The only module that prints with rich: messages to stderr, data to stdout.

``out`` and ``err`` are made when first used: rich's console takes about 40 ms to import,
and `stc --help` must not wait for it.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    out: Console  # data, to stdout
    err: Console  # messages, to stderr


@functools.cache
def _consoles() -> tuple[Console, Console]:
    from rich.console import Console

    return (
        Console(highlight=False, soft_wrap=True),
        Console(stderr=True, highlight=False, soft_wrap=True),
    )


def __getattr__(name: str) -> Console:
    if name == "out":
        return _consoles()[0]
    if name == "err":
        return _consoles()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def escape(text: str) -> str:
    from rich.markup import escape as escaped

    return escaped(text)


def error(message: str) -> None:
    for line in message.splitlines() or [message]:
        _consoles()[1].print(f"[bold red]Error:[/] {escape(line)}")


def warning(message: str) -> None:
    _consoles()[1].print(f"[yellow]Warning:[/] {escape(message)}")


def info(message: str) -> None:
    _consoles()[1].print(escape(message))


class RichWarningHandler(logging.Handler):
    """Shows the library's log warnings as one ``Warning:`` line each."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            warning(record.getMessage())
        else:
            info(record.getMessage())


def install_log_handler() -> None:
    logger = logging.getLogger("stc")
    if not any(isinstance(h, RichWarningHandler) for h in logger.handlers):
        logger.addHandler(RichWarningHandler())
    logger.setLevel(logging.INFO)
    logger.propagate = False
