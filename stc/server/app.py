"""The review workspace as a Starlette app: pages from Jinja2 templates, actions as JSON POSTs.

``create_app(workspace)`` builds the app for one project; ``stc.server.run`` serves it. Every
write goes through ``stc.review.decide`` (line-preserving, atomic, compare-and-swap). Ids from
the page are looked up in the project, never joined into paths.
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
from importlib import resources
from pathlib import Path
from typing import Any, get_args

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from stc.coding import CodingResult
from stc.condense import condensation_path, load_condensation
from stc.decisions import free_id, quote_spans
from stc.errors import StcError
from stc.render import environment
from stc.review import Action, Kind, find_unit
from stc.server import views
from stc.server.guard import Guard
from stc.server.wording import script_texts, texts
from stc.server.workspace import Workspace
from stc.units import Unit, base_id

log = logging.getLogger("stc.review")
STATIC = {"review.js": "text/javascript", "review.css": "text/css"}
KINDS: tuple[str, ...] = get_args(Kind)


class Refused(Exception):
    """An action the page must not take: status and the message the page shows."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def create_app(workspace: Workspace, token: str | None = None, hosts: tuple[str, ...] = ()) -> Any:
    """The workspace app behind its guard; ``token`` is the session token (random if None)."""
    token = token or secrets.token_urlsafe(24)
    csrf = secrets.token_urlsafe(24)
    env = environment()

    language = workspace.project.config.language
    ui = texts(language)
    said = script_texts(language)

    def page(name: str, status: int = 200, **values: Any) -> HTMLResponse:
        values.setdefault("coder", None)
        text = env.get_template(name).render(
            csrf=csrf, version=workspace.version, ui=ui, lang=language, said=said, **values
        )
        return HTMLResponse(text, status_code=status)

    def current() -> CodingResult:
        return workspace.result()

    def code_of(result: CodingResult, code: str | None) -> views.CodeInfo:
        found = next((c for c in views.codes(result) if c.id == code), None)
        if found is None:
            raise HTTPException(404, f"unknown code '{code}'")
        return found

    def number(value: str | None) -> int:
        try:
            return int(value or 1)
        except ValueError:
            return 1

    async def home(request: Request) -> Response:
        result = current()
        infos = views.codes(result)
        total = sum(c.total for c in infos)
        decided = sum(c.decided for c in infos)
        return page(
            "review_index.html",
            codes=infos,
            total=total,
            decided=decided,
            percent=round(100 * decided / total) if total else 100,
            transcripts=[t.id for t in result.transcripts],
            coder=result.coder,
            path=workspace.coding_path,
            orphans=views.orphans(result, Path(workspace.project.coding_path.name)),
        )

    async def queue(request: Request) -> Response:
        result = current()
        info = code_of(result, request.query_params.get("code"))
        infos = views.codes(result)
        units = views.pending(result, info.id)
        number_, pages = views.page_of(len(units), number(request.query_params.get("page")))
        shown = units[(number_ - 1) * views.PAGE_SIZE : number_ * views.PAGE_SIZE]
        return page(
            "review_queue.html",
            code=info,
            codes=infos,
            overall=(sum(c.decided for c in infos), sum(c.total for c in infos)),
            cards=[views.card(u, info.id, ui) for u in shown],
            page=number_,
            pages=pages,
            waiting=len(units),
            coder=result.coder,
        )

    async def transcript(request: Request) -> Response:
        result = current()
        tid = request.query_params.get("id", "")
        found = next((t for t in result.transcripts if t.id == tid), None)
        if found is None:
            raise HTTPException(404, f"unknown transcript '{tid}'")
        infos = views.codes(result)
        return page(
            "review_transcript.html",
            transcript=found,
            turns=views.transcript_view(result, found),
            codes=infos,
            by_id={c.id: c for c in infos},
            coder=result.coder,
        )

    async def code_view(request: Request) -> Response:
        result = current()
        info = code_of(result, request.query_params.get("code"))
        units = [u for u in result.units if info.id in u.code_ids]
        entry, problem = None, None
        try:
            condensation = load_condensation(condensation_path(result.project))
            entry = condensation.code(info.id) if condensation else None
        except StcError as exc:
            problem = str(exc)
        by_id = {u.id: u for u in units}
        return page(
            "review_code.html",
            code=info,
            codes=views.codes(result),
            units=units,
            entry=entry,
            problem=problem,
            quotes=[
                by_id[q]
                for q in ([entry.golden_quote] if entry and entry.golden_quote else [])
                + (entry.quotes if entry else [])
                if q in by_id
            ],
            coder=result.coder,
        )

    async def version(request: Request) -> Response:
        # Read-only: lets a page that regains focus see that coding.yaml changed meanwhile.
        return JSONResponse({"version": workspace.version})

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            raise HTTPException(404, "no such file")
        text = resources.files("stc").joinpath("templates", name).read_text(encoding="utf-8")
        return Response(text, media_type=STATIC[name])

    async def body(request: Request) -> dict[str, Any]:
        if not secrets.compare_digest(request.headers.get("x-csrf-token", ""), csrf):
            raise Refused(403, "the page's CSRF token is missing or wrong; reload the page")
        try:
            data = await request.json()
        except ValueError:
            raise Refused(400, "the request is not JSON") from None
        if not isinstance(data, dict):
            raise Refused(400, "the request is not a JSON object")
        return data

    def undo_of(unit: Unit, action: Action, after: CodingResult) -> list[dict[str, Any]]:
        """The actions that put (unit, code) back as they were before ``action``."""
        if action.kind == "dissent":
            return [{"unit": unit.id, "kind": "consent"}] if unit.voice != "dissent" else []
        if action.kind == "consent":
            return [{"unit": unit.id, "kind": "dissent"}] if unit.voice == "dissent" else []
        if action.kind == "note":
            return [{"unit": unit.id, "kind": "note", "note": unit.notes[-1] if unit.notes else ""}]
        code = action.code or ""
        before = unit.states.get(code)
        now = next((u.states.get(code) for u in after.units if u.id == unit.id), None)
        kind = {"accepted": "accept", "added": "add", "rejected": "reject"}.get(
            before or "", "clear"
        )
        return [{"unit": unit.id, "code": code, "kind": kind, "expect": now or ""}]

    async def decide(request: Request) -> Response:
        data = await body(request)
        raw = data.get("actions")
        if not isinstance(raw, list) or not raw:
            raise Refused(400, "no actions given")
        result = current()
        actions: list[Action] = []
        for item in raw:
            if not isinstance(item, dict) or item.get("kind") not in KINDS:
                raise Refused(400, f"unknown action; one of {', '.join(KINDS)}")
            try:
                unit = find_unit(result, str(item.get("unit", "")))
            except StcError:
                raise Refused(
                    404,
                    f"unit '{item.get('unit')}' is not in the project now (re-segmented or "
                    "changed elsewhere); the page shows the current state",
                ) from None
            code = item.get("code")
            if item["kind"] in ("accept", "reject", "add", "clear"):
                if code not in result.codebook.code_ids:
                    raise Refused(404, f"unknown code '{code}'")
                expect = item.get("expect")
                if expect is not None and (unit.states.get(code) or "") != expect:
                    raise Refused(
                        409,
                        f"{code} on {unit.id} was decided elsewhere meanwhile (now "
                        f"{unit.states.get(code) or 'not coded'}); the page shows the current state",
                    )
            note = item.get("note")
            actions.append(
                Action(unit, item["kind"], str(code) if code else None, str(note) if note else None)
            )
        after = workspace.decide(actions)
        undo = [step for a in reversed(actions) for step in undo_of(a.unit, a, after)]
        return JSONResponse({"ok": True, "undo": undo, "version": workspace.version})

    async def passage(request: Request) -> Response:
        data = await body(request)
        result = current()
        found = next((t for t in result.transcripts if t.id == data.get("transcript")), None)
        if found is None:
            raise Refused(404, f"unknown transcript '{data.get('transcript')}'")
        code = data.get("code")
        if code not in result.codebook.code_ids:
            raise Refused(404, f"unknown code '{code}'")
        try:
            start, end = int(data.get("start", -1)), int(data.get("end", -1))
        except (TypeError, ValueError):
            raise Refused(400, "start and end are character offsets") from None
        turn, start, end = views.snap(found, start, end)
        everything = [*result.units, *result.uncoded]
        exact = next(
            (
                u
                for u in everything
                if u.transcript.id == found.id and (u.start, u.end) == (start, end)
            ),
            None,
        )
        if exact is not None:
            unit, chosen = exact, False
        else:
            unit = Unit("", found, turn, start, end)
            if len(quote_spans(found, unit.text)) != 1:
                raise Refused(
                    409,
                    f"«{unit.text}» stands in several places of {found.id}; select a longer "
                    "passage so that it names one",
                )
            unit.id = free_id(base_id(found.id, unit.text), {u.id: u for u in everything})
            chosen = True
        action = Action(unit, "add", str(code), passage=chosen)
        after = workspace.decide([action])
        made = next(
            (
                u
                for u in after.units
                if u.transcript.id == found.id and (u.start, u.end) == (start, end)
            ),
            None,
        )
        unit_id = made.id if made else unit.id
        undo = undo_of(dataclasses.replace(unit, id=unit_id), action, after)
        return JSONResponse({"ok": True, "unit": unit_id, "quote": unit.text, "undo": undo})

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)
        return JSONResponse({"error": exc.message}, status_code=exc.status)

    async def stc_error(request: Request, exc: Exception) -> Response:
        # coding.yaml (or another file) cannot be used now: show why; nothing is written.
        message = str(exc)
        if request.method == "POST":
            return JSONResponse({"error": message}, status_code=409)
        return page("review_error.html", status=409, message=message)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if request.method == "POST":
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        return PlainTextResponse(str(exc.detail), status_code=exc.status_code)

    async def crash(request: Request, exc: Exception) -> Response:
        # The terminal gets the kind of error (a bug to report); the page gets no trace.
        log.error(f"stc review: unexpected {type(exc).__name__} on {request.url.path}: {exc}")
        return PlainTextResponse(
            "Internal error: the terminal running stc review shows what happened", 500
        )

    routes = [
        Route("/", home),
        Route("/queue", queue),
        Route("/transcript", transcript),
        Route("/code", code_view),
        Route("/static/{name}", static),
        Route("/api/version", version),
        Route("/api/decide", decide, methods=["POST"]),
        Route("/api/passage", passage, methods=["POST"]),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            Refused: refused,
            StcError: stc_error,
            HTTPException: http_error,
            Exception: crash,
        },
    )
    return Guard(app, token, hosts)
