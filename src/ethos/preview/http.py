"""The HTTP side of ``ethos serve``: the page, its event stream, and limits on clients.

Only requests addressed to 127.0.0.1 or localhost are answered (a web page elsewhere
cannot reach the server through DNS rebinding), and the page may run no script but its
own. A client has ``REQUEST_TIMEOUT_SECONDS`` to send its request in full, whether it
sends nothing, half a request line or a byte now and then; at most ``MAX_CONNECTIONS``
are open at once. The event stream only writes once its request is in, so it stays open
as long as the page does.
"""

from __future__ import annotations

import base64
import hashlib
import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from ..resources import builtin_templates_dir

if TYPE_CHECKING:
    from .serve import Preview

HOST = "127.0.0.1"
KEEPALIVE_SECONDS = 15.0
REQUEST_TIMEOUT_SECONDS = 10.0
MAX_CONNECTIONS = 64  # a browser tab holds one (its event stream) and opens a few more


def reload_script() -> str:
    return (builtin_templates_dir() / "serve" / "reload.js").read_text(encoding="utf-8")


def content_security_policy() -> str:
    """Inline styles, ``data:`` images, and no script but the reload script."""
    digest = base64.b64encode(hashlib.sha256(reload_script().encode()).digest()).decode()
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; connect-src 'self'; base-uri 'none'; form-action 'none'"
    )


class PreviewServer(ThreadingHTTPServer):
    """One thread per connection, at most ``MAX_CONNECTIONS`` at once; each request must
    arrive in full within ``request_timeout`` seconds."""

    daemon_threads = True  # open event streams never hold up the exit
    request_queue_size = MAX_CONNECTIONS  # accepted at once, then served or refused

    def __init__(
        self,
        port: int,
        preview: Preview,
        request_timeout: float = REQUEST_TIMEOUT_SECONDS,
        handler: type[BaseHTTPRequestHandler] | None = None,
    ) -> None:
        super().__init__((HOST, port), handler or PreviewHandler)
        self.preview = preview
        self.request_timeout = request_timeout
        self.stopping = threading.Event()
        self.policy = content_security_policy()
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            self.shutdown_request(request)  # too many at once: this one is closed unanswered
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


class _DeadlineReader(io.RawIOBase):
    """Reads a socket until a deadline: a client that sends nothing, half a request or a
    byte now and then cannot hold its connection (and thread) for longer."""

    def __init__(self, connection: socket.socket, seconds: float) -> None:
        self.connection = connection
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def restart(self) -> None:
        self.deadline = time.monotonic() + self.seconds

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no complete request within {self.seconds:g} s")
        self.connection.settimeout(remaining)
        return self.connection.recv_into(buffer)


class PreviewHandler(BaseHTTPRequestHandler):
    """The preview's requests: the page and its event stream, from 127.0.0.1 only."""

    server: PreviewServer
    server_version = "ethos-serve"

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the socket closes only once every file made from it is closed
        self.reader = _DeadlineReader(self.connection, self.server.request_timeout)
        self.rfile = io.BufferedReader(self.reader)

    def handle_one_request(self) -> None:
        self.reader.restart()  # each request has the whole timeout to arrive
        super().handle_one_request()  # on timeout, it closes the connection

    def do_GET(self) -> None:
        # The request is in: each write may take the whole timeout (a page that stops
        # reading its event stream is let go after it).
        self.connection.settimeout(self.server.request_timeout)
        if not self.addressed_here():
            self._send(403, b"ethos serve answers only on 127.0.0.1 and localhost\n", "text/plain")
        elif self.path in ("/", "/index.html"):
            self._send(200, self.server.preview.page.html, "text/html; charset=utf-8")
        elif self.path == "/events":
            self._events()
        else:
            self._send(404, b"not found: the preview is at /\n", "text/plain")

    def addressed_here(self) -> bool:
        """Whether the request names this server as 127.0.0.1 or localhost (a page
        elsewhere reaching it through DNS rebinding names its own host)."""
        port = self.server.server_address[1]
        return self.headers.get("Host") in (f"{HOST}:{port}", f"localhost:{port}")

    def _send(
        self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None
    ) -> None:
        """One response; ``headers`` adds to or replaces the usual ones (the policy)."""
        sent = {
            "Content-Type": kind,
            "Content-Length": str(len(body)),
            "Cache-Control": "no-store",
            "Content-Security-Policy": self.server.policy,
            "X-Content-Type-Options": "nosniff",
            **(headers or {}),
        }
        self.send_response(status)
        for name, value in sent.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: the build number now, then at every rebuild."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        preview, seen = self.server.preview, -1
        try:
            while not self.server.stopping.is_set():
                build = preview.wait(seen, KEEPALIVE_SECONDS)
                message = f"event: build\ndata: {build}\n\n" if build != seen else ": idle\n\n"
                seen = build
                self.wfile.write(message.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            return  # the page reloaded or closed, or stopped reading

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: the terminal shows builds."""
