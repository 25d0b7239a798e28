"""The only module that prints with rich: messages to stderr, data to stdout."""

from __future__ import annotations

import logging

from rich.console import Console
from rich.markup import escape

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def error(message: str) -> None:
    for line in message.splitlines() or [message]:
        err.print(f"[bold red]Error:[/] {escape(line)}")


def warning(message: str) -> None:
    err.print(f"[yellow]Warning:[/] {escape(message)}")


def info(message: str) -> None:
    err.print(escape(message))


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
