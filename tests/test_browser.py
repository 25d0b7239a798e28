"""The HTML report in a real browser: headless Chromium renders it and requests nothing.

Needs Debian's chromium (.ci/run installs it). Without it the test is skipped on a
developer's machine and fails in CI (CI=true), so the check cannot silently vanish there.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stc.cli import app
from stc.config import load_config
from stc.synthesize import build_report
from tests.conftest import copy_sample

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

if CHROMIUM is None and os.environ.get("CI"):
    pytest.fail("chromium is not installed; .ci/run installs Debian's chromium", pytrace=False)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs chromium (apt-get install chromium); CI installs it"
)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip


def page_requests(netlog: Path) -> list[str]:
    """URLs the page itself asked for (the browser's own update checks are not the page's)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return sorted(
        event["params"]["url"]
        for event in log["events"]
        if event["type"] == start
        and "file://" in event.get("params", {}).get("site_for_cookies", "")
    )


def test_the_report_renders_every_heading_and_golden_quote_and_requests_nothing(
    tmp_path: Path,
) -> None:
    project = copy_sample(tmp_path / "sample").parent
    result = CliRunner().invoke(app, ["run", "-c", str(project / "stc.yaml")])
    assert result.exit_code == 0, result.output
    report_html = project / "out" / "report.html"
    url = report_html.resolve().as_uri()
    netlog = tmp_path / "netlog.json"
    dom = chromium(tmp_path, f"--log-net-log={netlog}", "--dump-dom", url).stdout
    (tmp_path / "dom.html").write_text(dom, encoding="utf-8")
    screenshot = tmp_path / "report.png"
    chromium(tmp_path, f"--screenshot={screenshot}", "--window-size=1200,2000", url)
    assert screenshot.stat().st_size > 10_000

    report = build_report(load_config(project / "stc.yaml"))
    text = html.unescape(re.sub(r"<[^>]+>", "", dom))
    golden = [s.golden for c in report.categories for s in c.subgroups if s.golden]
    assert report.categories and golden, "the sample has categories and chosen golden quotes"
    for category in report.categories:
        assert category.heading in text
    for unit in golden:
        assert " ".join(unit.text.split()) in text
    assert page_requests(netlog) == []


def test_a_page_that_loads_something_is_caught(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text('<!doctype html><img src="http://198.51.100.7/x.png">', encoding="utf-8")
    netlog = tmp_path / "netlog.json"
    chromium(tmp_path, f"--log-net-log={netlog}", "--dump-dom", page.resolve().as_uri())
    assert page_requests(netlog) == ["http://198.51.100.7/x.png"]
