"""The review workspace in a real Chromium (Debian's, driven by Playwright): every decision a
researcher takes with a key, a click or a mouse selection ends up in coding.yaml on disk.

One uvicorn server and one Chromium for the module; each test starts from an empty coding.yaml.
Every request the pages make is checked: one that would leave 127.0.0.1 fails the test.
Screenshots of the three views are written to the test's folder (and the queue's to docs/ for
the README when STC_README_SCREENSHOT is set).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn

from stc.config import load_config
from stc.server.app import create_app
from stc.server.run import bind
from stc.server.workspace import Workspace
from tests.conftest import CODEBOOK, CONFIG, ROOT

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Browser, Page, Route, sync_playwright

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
if CHROMIUM is None and os.environ.get("CI"):
    pytest.fail("chromium is not installed; .ci/run installs Debian's chromium", pytrace=False)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs chromium (apt-get install chromium); CI installs it"
)

ALONE = "fellesskap/ikke-alene"
GROUP = "fellesskap/gruppe"
LEADER = "leder/leder"
TOKEN = "browser-test-token"
INTERVIEW = """\
---
id: informant-1
---
I: Hvordan var det å begynne i gruppa?
Informant 1: Jeg var redd i starten. Jeg trodde jeg var den eneste.
I: Og senere?
Informant 1: Etter hvert merket jeg at jeg ikke var alene. Gruppelederen var flink.
I: Hva betydde det?
Informant 1: Vi var alene sammen, på en måte. Været var fint den våren.
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("review")
    (root / "transcripts").mkdir()
    (root / "transcripts" / "informant-1.txt").write_text(INTERVIEW, encoding="utf-8")
    (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    (root / "stc.yaml").write_text(CONFIG, encoding="utf-8")
    app = create_app(Workspace(load_config(root / "stc.yaml")), TOKEN)
    sock = bind("127.0.0.1", None)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", root
    server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


class Tab:
    """A page on the workspace whose every request is checked to stay on this machine."""

    def __init__(self, browser: Browser, base: str, root: Path) -> None:
        self.base, self.root = base, root
        self.coding = root / "coding.yaml"
        self.context = browser.new_context(viewport={"width": 1100, "height": 900})
        self.left: list[str] = []
        self.context.route("**/*", self._check)
        self.page = self.context.new_page()
        self.page.goto(f"{base}/?token={TOKEN}")

    def _check(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname != "127.0.0.1":
            self.left.append(url)
            route.abort()
        else:
            route.continue_()

    def open(self, path: str) -> Page:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        return self.page

    def reloaded_after(self, action: Callable[[], object]) -> None:
        with self.page.expect_navigation():
            action()
        self.page.wait_for_load_state("load")

    def text(self) -> str:
        return self.coding.read_text(encoding="utf-8") if self.coding.exists() else ""

    def close(self) -> None:
        self.context.close()
        assert self.left == [], f"requests left 127.0.0.1: {self.left}"


@pytest.fixture
def tab(served: tuple[str, Path], browser: Browser) -> Iterator[Tab]:
    base, root = served
    (root / "coding.yaml").unlink(missing_ok=True)
    opened = Tab(browser, base, root)
    yield opened
    opened.close()


# Where characters of a segment's text stand on screen (the middle of each character box).
POINTS = """([words, from, to]) => {
  const seg = [...document.querySelectorAll('.seg')].find(e => e.textContent.includes(words));
  const node = seg.firstChild, at = node.textContent.indexOf(words);
  const point = (i) => {
    const range = document.createRange();
    range.setStart(node, at + i); range.setEnd(node, at + i + 1);
    const box = range.getBoundingClientRect();
    return [box.x + box.width / 2, box.y + box.height / 2];
  };
  return [point(from), point(to)];
}"""


def first_card(tab: Tab) -> tuple[str, str]:
    card = tab.page.locator(".card").first
    return str(card.get_attribute("data-unit")), str(card.get_attribute("data-code"))


def test_accept_by_key_then_undo_by_key(tab: Tab, tmp_path: Path) -> None:
    page = tab.open(f"/queue?code={ALONE}")
    page.screenshot(path=str(tmp_path / "queue.png"), full_page=True)
    if os.environ.get("STC_README_SCREENSHOT"):
        page.screenshot(path=str(ROOT / "docs" / "review-queue.png"))
    unit, _ = first_card(tab)
    assert page.locator(".card").first.evaluate("e => e === document.activeElement")
    tab.reloaded_after(lambda: page.keyboard.press("a"))
    assert f"- unit: {unit}\n" in tab.text() and f"accept: [{ALONE}]" in tab.text()
    assert page.locator(f'.card[data-unit="{unit}"]').count() == 0
    # What was done, in the project's language (it said "accept: <unit>" in English).
    assert page.locator("#status").text_content() == f"Godtatt: {unit}"
    tab.reloaded_after(lambda: page.keyboard.press("u"))
    assert "accept:" not in tab.text()
    assert page.locator(f'.card[data-unit="{unit}"]').count() == 1
    # The page says so in the project's language.
    assert page.locator("#status").text_content() == "Angret."


def test_reject_by_click(tab: Tab) -> None:
    page = tab.open(f"/queue?code={ALONE}")
    unit, _ = first_card(tab)
    button = page.locator(".card").first.get_by_role("button", name="Avvis")
    tab.reloaded_after(button.click)
    assert f"- unit: {unit}\n" in tab.text() and f"reject: [{ALONE}]" in tab.text()
    assert page.locator("#status").text_content() == f"Avvist: {unit}"
    # The transcript view's number tag leaves the rejected code out until asked to show it
    # (it showed "6,2" with code 2 rejected and "Vis avviste" off).
    page = tab.open("/transcript?id=informant-1")
    rejected = page.locator(f"[id='u-{unit}'] .rejected-tags")
    assert not rejected.is_visible()
    page.get_by_label("Vis avviste").check()
    assert rejected.is_visible() and rejected.inner_text().strip().isdigit()


def test_recode_by_searching_a_label_and_dissent_by_key(tab: Tab) -> None:
    page = tab.open(f"/queue?code={ALONE}")
    unit, _ = first_card(tab)
    page.keyboard.press("c")
    page.locator("#recode-search").fill("grup")
    assert page.locator("#recode .choice:visible").count() == 1
    page.get_by_label("Fellesskap / Gruppa").check()
    tab.reloaded_after(page.locator("#recode-ok").click)
    text = tab.text()
    assert f"reject: [{ALONE}]" in text and f"add: [{GROUP}]" in text
    second, _ = first_card(tab)
    assert second != unit
    page.locator(".card").first.focus()
    tab.reloaded_after(lambda: page.keyboard.press("d"))
    entry = tab.text().split(f"- unit: {second}\n", 1)[1]
    assert f"accept: [{ALONE}]" in entry and "voice: dissent" in entry


def test_select_text_in_the_transcript_view_to_code_it(tab: Tab, tmp_path: Path) -> None:
    page = tab.open("/transcript?id=informant-1")
    # Drag the mouse from inside "Været" to inside "fint": the server snaps it to whole words.
    start, end = page.evaluate(POINTS, ["Været var fint", 2, 12])
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=8)
    page.mouse.up()
    assert page.locator("#coder").is_visible()
    page.locator("#coder-code").select_option(LEADER)
    tab.reloaded_after(page.locator("#coder-ok").click)
    text = tab.text()
    assert text.startswith('- transcript: informant-1\n  quote: "Været var fint')
    assert f"add: [{LEADER}]" in text
    page.get_by_label("Vis avviste").check()
    page.locator(".seg.coded.accepted").first.click()
    assert page.locator(".info:visible").count() == 1
    page.screenshot(path=str(tmp_path / "transcript.png"), full_page=True)


def test_a_save_in_an_editor_while_the_page_is_open_survives(tab: Tab, tmp_path: Path) -> None:
    page = tab.open(f"/queue?code={LEADER}")
    leader, _ = first_card(tab)
    # Another program saves coding.yaml (a comment and a decision) while the page is open.
    tab.coding.write_text(f"# from my editor\n- unit: {leader}\n  accept: [{LEADER}]\n", "utf-8")
    page.locator(".card").first.focus()
    tab.reloaded_after(lambda: page.keyboard.press("r"))
    # The stale page is refused and reloads: it shows the current state, nothing is lost.
    assert tab.text() == f"# from my editor\n- unit: {leader}\n  accept: [{LEADER}]\n"
    assert page.locator(".card").count() == 0
    alone = tab.open(f"/queue?code={ALONE}")
    unit, _ = first_card(tab)
    tab.reloaded_after(lambda: alone.keyboard.press("a"))
    text = tab.text()
    assert text.startswith(f"# from my editor\n- unit: {leader}\n  accept: [{LEADER}]\n")
    assert f"- unit: {unit}\n" in text
    tab.open(f"/queue?code={ALONE}")
    other, _ = first_card(tab)
    view = tab.open(f"/code?code={ALONE}")
    assert view.locator(".accepted li").count() == 1
    # Back from the editor: the page sees the new save and shows it.
    tab.coding.write_text(text + f"- unit: {other}\n  accept: [{ALONE}]\n", encoding="utf-8")
    tab.reloaded_after(lambda: view.evaluate("window.dispatchEvent(new Event('focus'))"))
    assert view.locator(".accepted li").count() == 2
    assert view.locator("#status").text_content() == (
        "coding.yaml er endret på disken; dette er slik den er nå."
    )
    view.screenshot(path=str(tmp_path / "code-view.png"), full_page=True)


def test_a_request_that_would_leave_the_machine_is_caught(tab: Tab) -> None:
    # On a workspace page the Content-Security-Policy stops it before it is even requested.
    tab.page.set_content('<img src="http://198.51.100.7/x.png" alt="">')
    assert tab.left == []
    blank = tab.context.new_page()  # no policy here: the route check must catch it
    blank.set_content('<img src="http://198.51.100.7/x.png" alt="">')
    assert tab.left == ["http://198.51.100.7/x.png"]
    tab.left.clear()  # caught as it should be; the fixture's own check stays for the rest
