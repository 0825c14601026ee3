"""The HTTP side of ``ethos edit``: the editor page, its form, the draft's preview, and the
requests that change, save or reload the draft.

It is the preview's server (:mod:`ethos.preview.http`: 127.0.0.1 only, requests that
must arrive in time, a bounded number of connections) with more guards, because this one
writes a file:

- the page is only served to whoever opens the address ``ethos edit`` printed, which
  carries a per-session token; the page then holds the token in a same-site cookie;
- every request that changes anything is a ``POST`` that needs the cookie, the token in
  an ``X-Ethos-Token`` header (which a page elsewhere cannot add without the browser asking
  this server first, and this server never agrees), an ``Origin`` of this server, and a
  JSON body of at most ``MAX_BODY`` bytes;
- the only file written is the one the editor was started with: no request names a path;
- every script, style and font is served from here; the page's policy allows nothing else.
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..errors import EthosError, OutputError
from ..preview.http import HOST, KEEPALIVE_SECONDS, PreviewHandler, PreviewServer
from ..resources import builtin_templates_dir
from .draft import ChangeError, parse_change
from .page import editor_page, form_html
from .session import EditSession, NotSavedError

log = logging.getLogger(__name__)

MAX_BODY = 1_000_000
COOKIE = "ethos-edit"
DISK_POLL_SECONDS = 1.0
STATIC = {
    "editor.js": "text/javascript; charset=utf-8",
    "editor.css": "text/css; charset=utf-8",
}
EDITOR_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)


class EditServer(PreviewServer):
    """The editor's server: one session, one token."""

    def __init__(self, port: int, session: EditSession) -> None:
        super().__init__(port, session.preview, handler=EditHandler)
        self.session = session
        self.token = secrets.token_urlsafe(24)

    @property
    def address(self) -> str:
        """The address to open: the editor, with the session's token."""
        return f"{self.url}?token={self.token}"


class EditHandler(PreviewHandler):
    server: EditServer
    server_version = "ethos-edit"

    # --- reading ------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 - the name BaseHTTPRequestHandler calls
        self._answer(self._get)

    def do_POST(self) -> None:  # noqa: N802 - the name BaseHTTPRequestHandler calls
        self._answer(self._post)

    def _answer(self, handle: Callable[[], None]) -> None:
        """Answer one request; an error ethos did not foresee is a 500 with its name,
        never a dropped connection (the editor keeps running)."""
        self.connection.settimeout(self.server.request_timeout)
        try:
            handle()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            return
        except Exception as error:
            log.exception("ethos edit failed to answer %s", self.path)
            self._json(500, {"error": f"the editor failed ({type(error).__name__}: {error}) "
                                      "— report it as a bug in ethos"})  # fmt: skip

    def _get(self) -> None:
        if not self.addressed_here():
            self._refuse(403, "ethos edit answers only on 127.0.0.1 and localhost")
            return
        url = urlsplit(self.path)
        if url.path == "/favicon.ico":
            self._send(204, b"", "image/x-icon")
            return
        if url.path.startswith("/static/"):
            self._static(url.path.removeprefix("/static/"))
            return
        if url.path in ("/", "/index.html"):
            given = parse_qs(url.query).get("token", [""])[0]
            if given and hmac.compare_digest(given, self.server.token):
                self._editor(set_cookie=True)
            elif self._has_cookie():
                self._editor(set_cookie=False)
            else:
                self._refuse(
                    403,
                    "open the address `ethos edit` printed (it carries this session's key)",
                )
            return
        if not self._has_cookie():
            self._refuse(403, "open the address `ethos edit` printed first")
            return
        answer = {
            "/form": self._form,
            "/state": lambda: self._json(200, self.server.session.state()),
            "/both": lambda: self._json(200, {"diff": self.server.session.both()}),
            "/preview": self._preview,
            "/events": self._editor_events,
        }.get(url.path)
        if answer is None:
            self._refuse(404, "not found: the editor is at /")
        else:
            answer()

    def _form(self) -> None:
        body = form_html(self.server.session).encode()
        self._send(
            200, body, "text/html; charset=utf-8", {"Content-Security-Policy": EDITOR_POLICY}
        )

    def _preview(self) -> None:
        policy = self.server.policy.replace(
            "base-uri 'none'", "base-uri 'none'; frame-ancestors 'self'"
        )
        self._send(200, self.server.session.page.html, "text/html; charset=utf-8",
                   {"Content-Security-Policy": policy})  # fmt: skip

    # --- changing -----------------------------------------------------------------------

    def _post(self) -> None:
        refusal = self._post_refusal()
        if refusal is not None:
            self._json(403, {"error": refusal})
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self._json(400, {"error": "Content-Length is not a number of bytes"})
            return
        if length > MAX_BODY:
            self._json(413, {"error": f"a request takes at most {MAX_BODY:,} bytes"})
            return
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError):
            self._json(400, {"error": "the request is not JSON"})
            return
        session = self.server.session
        answer = {"/change": self._change, "/save": self._save, "/reload": self._reload}.get(
            urlsplit(self.path).path
        )
        if answer is None:
            self._json(404, {"error": "no such request"})
            return
        try:
            answer(body)
        except ChangeError as error:
            self._json(400, {"error": str(error), "state": session.state()})
        except NotSavedError as error:
            status = 409 if error.reason == "conflict" else 422
            self._json(status, {"error": str(error), "reason": error.reason,
                                "state": session.state()})  # fmt: skip
        except (OutputError, EthosError, OSError) as error:
            self._json(500, {"error": f"not saved: {error}", "state": session.state()})

    def _change(self, body: Any) -> None:
        session = self.server.session
        change = parse_change(body)
        session.apply(change)
        reply: dict[str, Any] = {"state": session.state()}
        # A change that adds, removes or moves fields, or picks a stance (which parameters
        # show), gets the new form; typing in a box does not.
        typed = change.operation == "set_text" or (
            change.operation == "set" and change.kind in _TYPED
        )
        if not typed:
            reply["form"] = form_html(session)
        self._json(200, reply)

    def _save(self, body: Any) -> None:
        session = self.server.session
        session.save(overwrite=bool(isinstance(body, dict) and body.get("overwrite")))
        self._json(200, {"state": session.state(), "form": form_html(session)})

    def _reload(self, _body: Any) -> None:
        session = self.server.session
        session.reload()
        self._json(200, {"state": session.state(), "form": form_html(session)})

    def _post_refusal(self) -> str | None:
        """Why a state-changing request is refused, or None to let it through."""
        if not self.addressed_here():
            return "ethos edit answers only on 127.0.0.1 and localhost"
        port = self.server.server_address[1]
        if self.headers.get("Origin") not in (f"http://{HOST}:{port}", f"http://localhost:{port}"):
            return "a change must come from the editor's own page"
        token = self.headers.get("X-Ethos-Token") or ""
        if not (self._has_cookie() and hmac.compare_digest(token, self.server.token)):
            return "this page is not the editor's session: open the address ethos edit printed"
        if (self.headers.get("Content-Type") or "").split(";")[0].strip() != "application/json":
            return "a change is sent as JSON"
        return None

    # --- parts --------------------------------------------------------------------------

    def _has_cookie(self) -> bool:
        cookie = SimpleCookie()
        try:
            cookie.load(self.headers.get("Cookie") or "")
        except Exception:  # a malformed cookie header is no cookie
            return False
        morsel = cookie.get(COOKIE)
        return morsel is not None and hmac.compare_digest(morsel.value, self.server.token)

    def _editor(self, *, set_cookie: bool) -> None:
        headers = {"Content-Security-Policy": EDITOR_POLICY, "Referrer-Policy": "no-referrer"}
        if set_cookie:
            headers["Set-Cookie"] = (
                f"{COOKIE}={self.server.token}; Path=/; HttpOnly; SameSite=Strict"
            )
        page = editor_page(self.server.session, self.server.token)
        self._send(200, page.encode(), "text/html; charset=utf-8", headers)

    def _static(self, name: str) -> None:
        kind = STATIC.get(name)
        if kind is None:
            self._refuse(404, "not found")
            return
        body = (builtin_templates_dir() / "edit" / name).read_bytes()
        self._send(200, body, kind)

    def _preview_policy(self) -> str:
        return self.server.policy.replace(
            "base-uri 'none'", "base-uri 'none'; frame-ancestors 'self'"
        )

    def _json(self, status: int, data: Any) -> None:
        body = json.dumps(data, ensure_ascii=False).encode()
        self._send(status, body, "application/json", {"Content-Security-Policy": EDITOR_POLICY})

    def _refuse(self, status: int, message: str) -> None:
        self._send(status, f"{message}\n".encode(), "text/plain; charset=utf-8")

    def _editor_events(self) -> None:
        """Server-sent events: ``build`` when the preview is rebuilt, ``disk`` when the
        file on disk is no longer the one the draft was made from."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        session, seen, seen_disk = self.server.session, -1, ""
        idle = time.monotonic()
        try:
            while not self.server.stopping.is_set():
                build = session.preview.wait(seen, DISK_POLL_SECONDS)
                messages = []
                if build != seen:
                    messages.append(f"event: build\ndata: {build}\n\n")
                    seen = build
                state = _disk_state(session)
                if state != seen_disk:
                    messages.append(f"event: disk\ndata: {state}\n\n")
                    seen_disk = state
                if not messages and time.monotonic() - idle > KEEPALIVE_SECONDS:
                    messages.append(": idle\n\n")
                if messages:
                    idle = time.monotonic()
                    self.wfile.write("".join(messages).encode())
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            return

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: the terminal shows saves."""


_TYPED = ("text", "integer", "number", "date")


def _disk_state(session: EditSession) -> str:
    """``same`` while the file on disk is the draft's base, else ``changed``."""
    with session.lock:
        original = session.draft.original
    return "same" if session.disk_text() == original else "changed"


def serve_editor(server: EditServer, stop: threading.Event) -> threading.Thread:
    """Start the thread that rebuilds the preview of the draft, until ``stop`` is set."""
    thread = threading.Thread(
        target=server.session.run_previews, args=(stop,), name="ethos-edit-preview", daemon=True
    )
    thread.start()
    return thread


def run_editor(
    path: Path,
    *,
    language: str | None = None,
    port: int = 8000,
    on_ready: Callable[[str, EditSession], None],
) -> None:
    """Edit ``path`` in the browser until interrupted (``KeyboardInterrupt``).

    ``on_ready`` gets the address to open (with the session's token) and the session.

    Raises:
        InvalidInputError: the file cannot be edited in the form (not YAML, or not a
            mapping of keys); every problem, as ``ethos check`` words it.
        UnreadableInputError: the path names no readable file.
        OSError: the port is taken or cannot be bound.
    """
    session = EditSession(path, language)
    server = EditServer(port, session)
    stop = threading.Event()
    previews = serve_editor(server, stop)
    on_ready(server.address, session)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        stop.set()
        server.stopping.set()
        session.preview.wake()
        server.server_close()
        previews.join(timeout=5)
