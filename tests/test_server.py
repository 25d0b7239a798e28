"""The review workspace's endpoints, in process: pages, decisions on disk, and each security rule."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import pytest

from stc.config import load_config
from stc.server.app import create_app
from stc.server.workspace import Workspace
from tests.conftest import CONFIG, INTERVIEW, MakeProject

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

BASE = "http://127.0.0.1:8765"
TOKEN = "test-token-not-secret"
ALONE = "fellesskap/ikke-alene"
LEADER = "leder/leder"


class Page:
    """A browser tab on the workspace: it has visited the token URL and holds the cookie."""

    def __init__(self, config: Path) -> None:
        self.coding = config.parent / "coding.yaml"
        self.client = TestClient(create_app(Workspace(load_config(config)), TOKEN), base_url=BASE)
        first = self.client.get(f"/?token={TOKEN}", follow_redirects=False)
        assert first.status_code == 303
        self.csrf = ""

    def get(self, url: str, status: int = 200) -> str:
        response = self.client.get(url)
        assert response.status_code == status, response.text
        found = re.search(r'<meta name="csrf" content="([^"]+)">', response.text)
        self.csrf = found.group(1) if found else self.csrf
        return str(response.text)

    def post(self, url: str, payload: dict[str, Any], status: int = 200) -> dict[str, Any]:
        if not self.csrf:
            self.get("/")
        response = self.client.post(url, json=payload, headers={"X-CSRF-Token": self.csrf})
        assert response.status_code == status, response.text
        data: dict[str, Any] = response.json()
        return data

    def units(self, code: str) -> list[str]:
        return re.findall(r'data-unit="([^"]+)"', self.get(f"/queue?code={code}"))


@pytest.fixture
def page(make_project: MakeProject) -> Page:
    return Page(make_project())


def test_the_first_visit_swaps_the_token_for_an_httponly_strict_cookie(page: Page) -> None:
    fresh = TestClient(page.client.app, base_url=BASE)
    response = fresh.get(f"/queue?code={ALONE}&token={TOKEN}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/queue?code=fellesskap%2Fikke-alene"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"stc_review_8765={TOKEN};")  # per port: two projects, two cookies
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert fresh.get(response.headers["location"]).status_code == 200


@pytest.mark.parametrize("query", ["", "?token=wrong"])
def test_a_request_without_the_token_is_forbidden(page: Page, query: str) -> None:
    stranger = TestClient(page.client.app, base_url=BASE)
    response = stranger.get(f"/{query}", follow_redirects=False)
    assert response.status_code == 403
    assert "token" in response.text and "Traceback" not in response.text
    posted = stranger.post("/api/decide", json={"actions": []})
    assert posted.status_code == 403


@pytest.mark.parametrize("host", ["evil.example:8765", "127.0.0.1:9999", "evil.example"])
def test_a_foreign_host_header_is_refused_against_dns_rebinding(page: Page, host: str) -> None:
    response = page.client.get("/", headers={"Host": host})
    assert response.status_code == 400


def test_localhost_with_the_port_is_this_machine(page: Page) -> None:
    assert page.client.get("/", headers={"Host": "localhost:8765"}).status_code == 200


def test_every_response_carries_the_content_security_policy(page: Page) -> None:
    for response in (
        page.client.get("/"),
        page.client.get("/static/review.js"),
        page.client.get("/", headers={"Host": "evil.example"}),
        TestClient(page.client.app, base_url=BASE).get("/"),
    ):
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        assert response.headers["cache-control"] == "no-store"


def test_a_get_that_tries_to_change_state_is_405_and_writes_nothing(page: Page) -> None:
    unit = page.units(ALONE)[0]
    response = page.client.get(f"/api/decide?unit={unit}&code={ALONE}&kind=accept")
    assert response.status_code == 405
    assert not page.coding.exists()


def test_a_post_without_the_csrf_token_is_refused(page: Page) -> None:
    unit = page.units(ALONE)[0]
    action = {"actions": [{"unit": unit, "code": ALONE, "kind": "accept"}]}
    for headers in ({}, {"X-CSRF-Token": "forged"}):
        response = page.client.post("/api/decide", json=action, headers=headers)
        assert response.status_code == 403
    assert not page.coding.exists()


def test_accept_is_written_to_coding_yaml_at_once_and_undo_clears_it(page: Page) -> None:
    unit = page.units(ALONE)[0]
    done = page.post(
        "/api/decide",
        {"actions": [{"unit": unit, "code": ALONE, "kind": "accept", "expect": "suggested"}]},
    )
    text = page.coding.read_text(encoding="utf-8")
    assert f"- unit: {unit}\n" in text and f"accept: [{ALONE}]" in text
    assert unit not in page.units(ALONE)
    page.post("/api/decide", {"actions": done["undo"]})
    assert "accept:" not in page.coding.read_text(encoding="utf-8")
    assert unit in page.units(ALONE)


def test_reject_recode_dissent_and_note_land_in_coding_yaml(page: Page) -> None:
    unit = page.units(ALONE)[0]
    page.post(
        "/api/decide",
        {
            "actions": [
                {"unit": unit, "code": ALONE, "kind": "reject", "expect": "suggested"},
                {"unit": unit, "code": "fellesskap/gruppe", "kind": "add"},
                {"unit": unit, "kind": "dissent"},
                {"unit": unit, "kind": "note", "note": "heller om gruppa"},
            ]
        },
    )
    text = page.coding.read_text(encoding="utf-8")
    assert f"reject: [{ALONE}]" in text
    assert "add: [fellesskap/gruppe]" in text
    assert "voice: dissent" in text and 'note: "heller om gruppa"' in text


def test_a_decision_changed_elsewhere_is_refused_and_nothing_is_written(page: Page) -> None:
    unit = page.units(ALONE)[0]
    page.coding.write_text(f"- unit: {unit}\n  reject: [{ALONE}]\n", encoding="utf-8")
    before = page.coding.read_bytes()
    data = page.post(
        "/api/decide",
        {"actions": [{"unit": unit, "code": ALONE, "kind": "accept", "expect": "suggested"}]},
        status=409,
    )
    assert "decided elsewhere" in data["error"] and "rejected" in data["error"]
    assert page.coding.read_bytes() == before


def test_an_unknown_unit_or_code_is_404_and_nothing_is_written(page: Page) -> None:
    unit = page.units(ALONE)[0]
    for action in (
        {"unit": "informant-1:000000", "code": ALONE, "kind": "accept"},
        {"unit": unit, "code": "fellesskap/nope", "kind": "accept"},
    ):
        page.post("/api/decide", {"actions": [action]}, status=404)
    page.get("/queue?code=fellesskap/nope", status=404)
    page.get("/code?code=../../stc.yaml", status=404)
    page.get("/transcript?id=../stc", status=404)
    page.post("/api/passage", {"transcript": "../x", "start": 0, "end": 3, "code": ALONE}, 404)
    assert not page.coding.exists()


def test_static_files_are_named_not_joined_into_paths(page: Page) -> None:
    assert "use strict" in page.client.get("/static/review.js").text
    assert page.client.get("/static/report.html").status_code == 404
    assert page.client.get("/static/..%2Freview.py").status_code == 404


def test_a_save_made_outside_the_page_is_shown_and_kept(page: Page) -> None:
    first, *_ = page.units(ALONE)
    leader = page.units(LEADER)[0]
    # A text editor saves a decision while the page is open.
    page.coding.write_text(
        f"# mine\n- unit: {leader}\n  reject: [{LEADER}]  # not about the leader\n",
        encoding="utf-8",
    )
    assert page.units(LEADER) == []
    page.post("/api/decide", {"actions": [{"unit": first, "code": ALONE, "kind": "accept"}]})
    text = page.coding.read_text(encoding="utf-8")
    assert text.startswith(
        f"# mine\n- unit: {leader}\n  reject: [{LEADER}]  # not about the leader\n"
    )
    assert f"accept: [{ALONE}]" in text


def test_an_invalid_coding_yaml_is_shown_and_never_overwritten(page: Page) -> None:
    unit = page.units(ALONE)[0]
    page.coding.write_text("- unit: [broken\n", encoding="utf-8")
    before = page.coding.read_bytes()
    html = page.get("/", status=409)
    assert "coding.yaml" in html and "Ingenting ble skrevet" in html and "Traceback" not in html
    page.post("/api/decide", {"actions": [{"unit": unit, "code": ALONE, "kind": "accept"}]}, 409)
    assert page.coding.read_bytes() == before


def test_a_selection_is_snapped_to_whole_words_and_added_as_a_passage(page: Page) -> None:
    start = _offset(page.coding.parent, "Været var fint") + 2  # inside "Været"
    done = page.post(
        "/api/passage",
        {"transcript": "informant-1", "start": start, "end": start + 10, "code": ALONE},
    )  # ends inside "fint"
    assert done["quote"] == "Været var fint"
    coding = page.coding.read_text(encoding="utf-8")
    assert coding == f'- transcript: informant-1\n  quote: "Været var fint"\n  add: [{ALONE}]\n'

    html = page.get("/transcript?id=informant-1")
    assert f'id="info-{done["unit"]}"' in html
    page.post("/api/decide", {"actions": done["undo"]})
    assert "add:" not in page.coding.read_text(encoding="utf-8")


def test_a_selection_of_a_whole_sentence_codes_its_unit(page: Page) -> None:
    start = _offset(page.coding.parent, "Været var fint.")
    done = page.post(
        "/api/passage",
        {"transcript": "informant-1", "start": start - 1, "end": start + 15, "code": LEADER},
    )
    assert done["quote"] == "Været var fint."
    coding = page.coding.read_text(encoding="utf-8")
    assert coding == f'- unit: {done["unit"]}\n  quote: "Været var fint."\n  add: [{LEADER}]\n'


def _offset(root: Path, words: str) -> int:
    from stc.corpus import load_transcripts

    transcript = load_transcripts(load_config(root / "stc.yaml"))[0]
    return transcript.text.index(words)


def test_an_interviewer_selection_or_a_repeated_quote_is_refused(page: Page) -> None:
    root = page.coding.parent
    asked = _offset(root, "Hvordan var det")
    data = page.post(
        "/api/passage",
        {"transcript": "informant-1", "start": asked, "end": asked + 7, "code": ALONE},
        status=409,
    )
    assert "interviewer" in data["error"]
    jeg = _offset(root, "Jeg var redd")
    data = page.post(
        "/api/passage",
        {"transcript": "informant-1", "start": jeg, "end": jeg + 3, "code": ALONE},
        status=409,
    )
    assert "several places" in data["error"]
    assert not page.coding.exists()


def test_the_queue_is_paginated_and_shows_the_question_and_the_evidence(
    make_project: MakeProject,
) -> None:
    lines = "\n".join(
        f"I: Spørsmål {n}?\nInformant 1: Jeg var alene gang nummer {n}." for n in range(25)
    )
    config = make_project({"informant-1.txt": f"---\nid: informant-1\n---\n{lines}\n"})
    page = Page(config)
    assert len(page.units(ALONE)) == 20
    second = page.get(f"/queue?code={ALONE}&page=2")
    assert len(re.findall(r'class="card"', second)) == 5
    assert "side 2 av 2" in second
    assert "Spørsmål" in second and "nøkkelord «alene» = «alene»" in second
    assert '<mark class="unit match">alene</mark>' in second


def test_a_flag_is_said_in_the_projects_language(make_project: MakeProject) -> None:
    # "Sjekk: negation:ikke" showed the flag's data, not words.
    config = make_project(
        {"informant-1.txt": "I: Hvordan var det?\nInformant 1: Jeg var ikke alene der.\n"}
    )
    queue = Page(config).get(f"/queue?code={ALONE}")
    assert "<strong>Sjekk:</strong> nektende ord: «ikke»" in queue
    assert "negation:" not in queue


def test_the_index_and_code_view_show_progress_and_accepted_units(page: Page) -> None:
    unit = page.units(ALONE)[0]
    page.post(
        "/api/decide",
        {
            "actions": [
                {"unit": unit, "code": ALONE, "kind": "accept"},
                {"unit": unit, "kind": "dissent"},
            ]
        },
    )
    index = page.get("/")
    assert "1 av 2 forslag avgjort" in index
    view = page.get(f"/code?code={ALONE}")
    assert "1 godtatt enhet (bare lesing her)" in view and "motstemme" in view
    assert f"/transcript?id=informant-1#u-{unit}" in view


def test_the_index_lists_orphaned_decisions_with_the_text_as_it_reads_now(
    make_project: MakeProject,
) -> None:
    """A decision whose text is gone is kept in coding.yaml and not counted: the page where
    the review happens says so, with the passage a spelling fix made of it."""
    coding = (
        '- unit: informant-1:aaaaaa\n  quote: "Gruppelederen var flink."\n  accept: [leder/leder]\n'
    )
    body = INTERVIEW.replace("Gruppelederen var flink.", "Gruppeledaren var flink.")
    page = Page(make_project({"informant-1.txt": body}, coding=coding))
    index = page.get("/")
    assert "Avgjørelser som har mistet teksten sin (1)" in index
    assert (
        "<code>coding.yaml:1 [0]</code> informant-1:aaaaaa: linje 9 lyder nå "
        "«Gruppeledaren var flink.» For å feste den igjen: sett quote: til setningen slik "
        "transkripsjonen sier den nå, eller slett oppføringen."
    ) in index
    assert "Foreldreløse" not in Page(make_project()).get("/")
    # A decision on a transcript stc no longer reads says why, and its own fix.
    gone = coding.replace("unit: informant-1:aaaaaa", "unit: informant-9:aaaaaa")
    index = Page(make_project({"informant-1.txt": body}, coding=gone)).get("/")
    assert (
        "informant-9:aaaaaa (transkripsjonen finnes ikke lenger) Legg filen til "
        "transkripsjonen inn under transcripts: i stc.yaml"
    ) in index


def test_a_script_in_a_transcript_is_shown_as_text(make_project: MakeProject) -> None:
    hostile = INTERVIEW.replace("Været var fint.", "<script>alert(1)</script> var alene.")
    page = Page(make_project({"informant-1.txt": hostile}))
    html = page.get("/transcript?id=informant-1")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_version_changes_when_coding_yaml_is_saved_elsewhere(page: Page) -> None:
    before = page.client.get("/api/version").json()["version"]
    assert f'<meta name="version" content="{before}">' in page.get("/")
    page.coding.write_text("# saved in an editor\n", encoding="utf-8")
    assert page.client.get("/api/version").json()["version"] != before
    assert page.client.post("/api/version").status_code == 405


def test_an_unexpected_error_shows_no_stack_trace(
    page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = page.client.app
    client = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    client.get(f"/?token={TOKEN}")

    def broken() -> None:
        raise RuntimeError("a bug in stc")

    monkeypatch.setattr(Workspace, "result", lambda self: broken())
    response = client.get("/")
    assert response.status_code == 500
    assert "Traceback" not in response.text and "a bug in stc" not in response.text
    assert "terminal" in response.text


def test_the_queue_shows_progress_for_its_code_and_overall(page: Page) -> None:
    unit = page.units(ALONE)[0]
    page.post("/api/decide", {"actions": [{"unit": unit, "code": ALONE, "kind": "accept"}]})
    html = page.get(f"/queue?code={LEADER}")
    assert "0 av 1 forslag avgjort; 1 venter" in html
    assert "Alle koder:" in html and "1 av 2 forslag avgjort</p>" in html


def test_the_code_view_shows_the_condensate_beside_its_golden_quote(page: Page) -> None:
    unit = page.units(ALONE)[0]
    page.post("/api/decide", {"actions": [{"unit": unit, "code": ALONE, "kind": "accept"}]})
    (page.coding.parent / "condensation.yaml").write_text(
        "groups:\n  fellesskap:\n    codes:\n      ikke-alene:\n        status: edited\n"
        f'        condensate: "Jeg trodde jeg var alene <om det>."\n        golden_quote: {unit}\n',
        encoding="utf-8",
    )
    view = page.get(f"/code?code={ALONE}")
    assert "Jeg trodde jeg var alene &lt;om det&gt;." in view
    assert "gullsitat</strong>" in view and "status: skrevet av forskeren" in view


def test_the_deciding_coder_signs_every_decision(make_project: MakeProject) -> None:
    page = Page(make_project(config=CONFIG + "coder: kari\n"))
    unit = page.units(ALONE)[0]
    page.post("/api/decide", {"actions": [{"unit": unit, "code": ALONE, "kind": "accept"}]})
    assert "  by: kari\n" in page.coding.read_text(encoding="utf-8")
    assert "gjennomgang ved kari" in page.get("/")


def test_a_second_coder_reviews_in_the_workspace_after_the_first(
    make_project: MakeProject,
) -> None:
    page = Page(make_project(config=CONFIG + "coder: mette\n"))
    unit = page.units(ALONE)[0]
    page.post("/api/decide", {"actions": [{"unit": unit, "code": ALONE, "kind": "accept"}]})
    config = page.coding.parent / "stc.yaml"
    config.write_text(CONFIG + "coder: jonas\n", encoding="utf-8")
    jonas = Page(config)  # refused before: "coder 'jonas' has no decisions"
    assert "gjennomgang ved jonas" in jonas.get("/")
    assert unit in jonas.units(ALONE)  # mette's decision is hers: it still waits for jonas
    jonas.post("/api/decide", {"actions": [{"unit": unit, "code": ALONE, "kind": "reject"}]})
    assert f"  reject: [{ALONE}]\n  by: jonas\n" in page.coding.read_text(encoding="utf-8")


def test_the_workspace_speaks_every_language_with_the_same_placeholders() -> None:
    """Every text of the page in every language, with the placeholders English has: a
    missing or misspelt one would fail a page at run time, in that language only."""
    import string

    from stc.server.wording import EN, TEXTS, script_texts

    def fields(text: str) -> set[str]:
        return {f.split(":")[0] for _, f, _, _ in string.Formatter().parse(text) if f}

    for language, table in TEXTS.items():
        assert set(table) == set(EN), language
        for key, text in table.items():
            assert fields(text) == fields(EN[key]), (language, key)
        assert sorted(script_texts(language)) == [
            "js_cannot_undo",
            "js_changed_on_disk",
            "js_coded",
            *(f"js_did_{kind}" for kind in ("accept", "dissent", "note", "recode", "reject")),
            "js_nothing_undo",
            "js_refused",
            "js_undone",
        ]


@pytest.mark.parametrize(
    ("language", "heading", "button"),
    [
        ("en", "Review the codebook's suggestions", "Reject"),
        ("nn", "Gå gjennom framlegga frå kodeboka", "Avvis"),
        ("da", "Gennemgå kodebogens forslag", "Afvis"),
        ("sv", "Granska kodbokens förslag", "Avvisa"),
        ("de", "Die Vorschläge des Codebuchs prüfen", "Ablehnen"),
    ],
)
def test_every_page_is_in_the_projects_language(
    make_project: MakeProject, language: str, heading: str, button: str
) -> None:
    from markupsafe import escape

    from tests.conftest import CODEBOOK

    config = make_project(
        config=CONFIG.replace("language: nb", f"language: {language}"),
        codebook=CODEBOOK.replace("language: nb", f"language: {language}"),
    )
    page = Page(config)
    index = page.get("/")
    assert f'<html lang="{language}">' in index and f"<h1>{escape(heading)}</h1>" in index
    queue = page.get(f"/queue?code={ALONE}")
    assert f'data-act="reject">{button} <kbd>r</kbd>' in queue
    page.get(f"/code?code={ALONE}")
    page.get("/transcript?id=informant-1")
