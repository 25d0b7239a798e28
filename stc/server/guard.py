"""The workspace's gate: Host check, session token, security headers (transcripts are health data).

A pure ASGI middleware in front of every route. The one-time token in the URL that
``stc review`` prints becomes an HttpOnly, SameSite=Strict cookie on the first visit; a
foreign ``Host`` header (DNS rebinding) gets 400, a missing or wrong token 403.
"""

from __future__ import annotations

import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "stc_review"  # + the port: cookies ignore ports, and two projects may be served
HEADERS = {
    "content-security-policy": (
        "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


class Guard:
    """Refuse every request that is not from this machine's browser holding the token."""

    def __init__(self, app: ASGIApp, token: str, hosts: tuple[str, ...] = ()) -> None:
        self.app = app
        self.token = token
        self.hosts = ("127.0.0.1", "localhost", *hosts)

    def _host_ok(self, scope: Scope, host: str) -> bool:
        server = scope.get("server") or ("", None)
        port = server[1]
        allowed = {f"{h}:{port}" for h in self.hosts}
        if port == 80:  # a client that leaves the default port out
            allowed |= set(self.hosts)
        return host in allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}

        async def secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                raw += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                message = {**message, "headers": raw}
            await send(message)

        cookie_name = f"{COOKIE}_{(scope.get('server') or ('', 0))[1]}"
        response: Response | None = None
        if not self._host_ok(scope, headers.get("host", "")):
            response = PlainTextResponse(
                "Bad Host header: open the address stc review printed", 400
            )
        else:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            cookie = SimpleCookie(headers.get("cookie", ""))
            held = cookie[cookie_name].value if cookie_name in cookie else ""
            given = query.pop("token", "")
            if given and secrets.compare_digest(given, self.token):
                # Swap the token in the URL for a cookie, so it leaves the address bar and history.
                rest = urlencode(query)
                target = scope["path"] + (f"?{rest}" if rest else "")
                response = RedirectResponse(target, status_code=303)
                response.set_cookie(
                    cookie_name, self.token, httponly=True, samesite="strict", path="/"
                )
            elif not (held and secrets.compare_digest(held, self.token)):
                response = PlainTextResponse(
                    "Forbidden: open the address (with its token) that stc review printed", 403
                )
        if response is not None:
            await response(scope, receive, secure)
            return
        await self.app(scope, receive, secure)
