"""Serving the review workspace: a free port on 127.0.0.1, a URL with a token, Ctrl-C to stop.

One ``stc review`` per project: a small file in the output folder's cache names the running
server's URL, so that a second ``stc review`` prints that URL instead of starting another
server writing the same coding.yaml.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import os
import secrets
import socket
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from stc.coding import CodingResult
from stc.config import Project
from stc.errors import StcError
from stc.server.app import create_app
from stc.server.workspace import Workspace


class ServerError(StcError):
    """The review server cannot start: a port in use, an address that is not this machine's."""


@dataclass(frozen=True)
class Running:
    """A review server found running for the project."""

    url: str
    pid: int


def lock_path(project: Project) -> Path:
    return project.output_dir / ".cache" / "review.json"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _answers(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
        return True
    return False


def running(project: Project) -> Running | None:
    """The server already serving this project, if one is (a stale lock file is ignored)."""
    path = lock_path(project)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        found = Running(str(data["url"]), int(data["pid"]))
        host, port = str(data["host"]), int(data["port"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if found.pid != os.getpid() and _alive(found.pid) and _answers(host, port):
        return found
    return None


def bind(host: str, port: int | None) -> socket.socket:
    """A listening socket: ``port`` if given (an error naming the fix if taken), else a free one."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((host, port or 0))
    except OSError as exc:
        sock.close()
        if port and exc.errno in (errno.EACCES, errno.EPERM):
            raise ServerError(
                f"--port {port}: this user may not listen on it ({exc.strerror}; ports below "
                "1024 need administrator rights); choose a port above 1024, or leave --port "
                "out to take a free one"
            ) from None
        if port:
            raise ServerError(
                f"--port {port}: the port is in use ({exc.strerror}); choose another with "
                "--port, or leave --port out to take a free one"
            ) from None
        raise ServerError(f"--host {host}: cannot listen there ({exc.strerror})") from None
    sock.listen(64)
    return sock


def serve(
    project: Project,
    host: str = "127.0.0.1",
    port: int | None = None,
    open_browser: bool = True,
    say: Callable[[str], None] = print,
    ready: Callable[[CodingResult], None] | None = None,
) -> None:
    """Serve the workspace until Ctrl-C; every decision is already on disk when it stops.
    ``ready`` is shown the review as it stands, before the address is said."""
    workspace = Workspace(project)
    result = workspace.result()  # an unusable coding.yaml stops here, before anything is served
    if ready is not None:
        ready(result)
    # The matched corpus lives as long as the server: keep the garbage collector from walking
    # it on every re-read of coding.yaml (it halves an action's time on a large corpus).
    gc.freeze()
    sock = bind(host, port)
    bound = sock.getsockname()[1]
    token = secrets.token_urlsafe(24)
    shown = "127.0.0.1" if host in ("127.0.0.1", "0.0.0.0") else host
    url = f"http://{shown}:{bound}/?token={token}"
    extra = () if host in ("127.0.0.1", "localhost") else (host,)
    app = create_app(workspace, token, extra)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    lock = lock_path(project)
    lock.parent.mkdir(parents=True, exist_ok=True)
    record = {"url": url, "pid": os.getpid(), "host": shown, "port": bound}
    descriptor = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(record, handle)
    say(url)
    if open_browser:
        webbrowser.open(url)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        # uvicorn has already shut down cleanly and re-raises Ctrl-C; stopping is not an error.
        pass
    finally:
        sock.close()
        with contextlib.suppress(OSError):
            if json.loads(lock.read_text(encoding="utf-8")).get("pid") == os.getpid():
                lock.unlink()
