"""``stc review`` as a researcher starts it: a real server process, its URL, one per project,
a clear error for a taken port, and Ctrl-C that stops it with exit code 0."""

from __future__ import annotations

import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, MakeProject, error_line, stc


def start(config: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "stc", "review", "-c", str(config), "--no-browser", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    return process, url


def test_review_serves_on_localhost_says_so_twice_and_stops_on_ctrl_c(
    make_project: MakeProject,
) -> None:
    config = make_project()
    process, url = start(config)
    try:
        assert url.startswith("http://127.0.0.1:") and "/?token=" in url
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        with browser.open(url, timeout=10) as response:
            assert response.status == 200
            assert "Gå gjennom kodebokas forslag" in response.read().decode("utf-8")
        code, out, err = stc("review", "-c", config, "--no-browser")
        assert code == 0 and out.strip() == url
        assert f"stc review kjører allerede for dette prosjektet (prosess {process.pid})" in err
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    # In the project's language, as every other message the project gives.
    assert "Leser prosjektet" in err and "stc review er stoppet; alle beslutningene står i" in err
    assert not (config.parent / "out" / ".cache" / "review.json").exists()


def test_a_port_in_use_is_a_clear_error(make_project: MakeProject) -> None:
    config = make_project()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code, _, err = stc("review", "-c", config, "--no-browser", "--port", str(port))
    assert code == 1
    assert error_line(err).startswith(f"Error: --port {port}: the port is in use")


def test_a_port_this_user_may_not_take_is_not_called_in_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`--port 80` as a normal user said "the port is in use (Permission denied)"."""
    import errno

    from stc.errors import StcError
    from stc.server.run import bind

    def refuse(self: socket.socket, address: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(socket.socket, "bind", refuse)
    with pytest.raises(StcError) as caught:
        bind("127.0.0.1", 80)
    assert str(caught.value).startswith(
        "--port 80: this user may not listen on it (Permission denied; ports below 1024 need "
        "administrator rights)"
    )


def test_the_status_and_decisions_on_the_command_line_still_work(
    make_project: MakeProject,
) -> None:
    config = make_project()
    code, out, _ = stc("review", "-c", config, "--status")
    assert code == 0 and "forslag venter" in out
    code, _, err = stc("review", "-c", config, "--accept-all", "leder/leder")
    assert code == 0 and "godtok 1 forslag til leder/leder" in err


def test_another_host_is_served_only_with_a_warning(make_project: MakeProject) -> None:
    config = make_project()
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code, _, err = stc("review", "-c", config, "--host", "0.0.0.0", "--port", str(port))
    assert "Warning: --host 0.0.0.0: the review (transcripts, health data) can be reached" in err
    assert code == 1 and error_line(err).startswith(f"Error: --port {port}")


def test_importing_stc_starts_no_server() -> None:
    code = "import sys, stc, stc.cli, stc.review; print('starlette' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"
