"""Render untrusted templates in a child process with hard time and memory limits.

The sandbox's size estimates (:mod:`ethos.chapter.template_limits`) stop the huge values they can
foresee; this is the backstop for everything else. The child is forked, so it has the
template environments and the first context without copying them; later renders of the
same :class:`~ethos.chapter.templating.Templates` send their context through a pipe. Its address
space is capped (``RLIMIT_AS``), so an allocation past the budget fails at once instead of
filling the machine, and the parent kills it when a render outlives the time limit, even
in the middle of one long C-level operation that no signal handler could interrupt.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import math
import os
import pickle
import re
import resource
import signal
import tempfile
import threading
from collections.abc import Callable
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from typing import Any

from ..system.child_limits import limit_memory
from ..system.lifetime import die_with_parent

Request = tuple[str, tuple[str, ...], dict[str, Any]]
"""Which environment (``markdown``/``html``), the names of templates to render in turn
with one context (one reply each, up to the first that fails), and that context."""
Reply = tuple[str | None, str | None, int | None, str | None, bool]
"""The output, or the failing template, its line and the message; and whether the child
can go on (it cannot after running out of memory)."""

# The innermost frame of compiled template code in a faulthandler stack (innermost first).
_TEMPLATE_FRAME = re.compile(r'File "(?P<file>[^"]+\.j2)", line (?P<line>\d+)')
GRACE_SECONDS = 1.0
"""How much longer than the time limit the parent waits: the child's own alarm reports
a loop with its line; only an operation that ignores it is killed."""


def template_timeout() -> float:
    """Seconds one template may take to render (``ETHOS_TEMPLATE_TIMEOUT``, default 10)."""
    return float(os.environ.get("ETHOS_TEMPLATE_TIMEOUT", "10"))


def template_memory() -> int:
    """Bytes a template render may add (``ETHOS_TEMPLATE_MEMORY_MB``, default 512)."""
    return int(float(os.environ.get("ETHOS_TEMPLATE_MEMORY_MB", "512")) * 1024 * 1024)


class TemplateProcess:
    """One forked child that renders the templates of one ``Templates`` object in turn."""

    def __init__(self, render: Callable[[str, str, dict[str, Any]], Reply], first: Request) -> None:
        self.owner = os.getpid()
        self.thread = threading.current_thread()  # the child dies with it (parent-death signal)
        self.budget = template_memory()
        self.connection, child_end = Pipe(duplex=True)
        # Where the child's stack is written when a render outlives its time (faulthandler
        # writes it from a C thread, so even a child stuck in one C call tells its line).
        self.stack = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        # The child's garbage collector would otherwise visit, and so copy, every page of
        # this process's objects: frozen, they stay shared.
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            status = 0
            try:
                die_with_parent(self.owner)
                self.connection.close()
                _serve(child_end, render, first, self.budget, self.stack.fileno())
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        gc.unfreeze()
        self.pid = pid
        child_end.close()
        self.alive = True

    def reply(self, seconds: float, locate: Callable[[str, int], int | None]) -> Reply:
        """Wait for the answer to the last request; kill the child when it is late.

        The reply about a late child names the innermost template of its stack and the
        line there: ``locate`` maps a line of compiled template code to the template's.
        """
        try:
            if not self.connection.poll(seconds + GRACE_SECONDS):
                # Written half a second ago, when the child passed its own time limit.
                stack = os.pread(self.stack.fileno(), 1 << 20, 0).decode("utf-8", "replace")
                self.stop()
                frame = _TEMPLATE_FRAME.search(stack)
                if frame is None:
                    return (None, None, None, _timeout_message(seconds), False)
                line = locate(frame["file"], int(frame["line"]))
                return (None, frame["file"], line, _timeout_message(seconds), False)
            reply: Reply = pickle.loads(self.connection.recv_bytes())
        except (EOFError, OSError):
            status = self.stop()
            if status == -signal.SIGXCPU:
                return (None, None, None, _timeout_message(seconds), False)
            return (None, None, None, (
                f"the template stopped unexpectedly (exit status {status}), most likely out "
                f"of memory: the limit is {self.budget // 2**20:,} MB; "
                "ETHOS_TEMPLATE_MEMORY_MB raises it"
            ), False)  # fmt: skip
        if not reply[4]:
            self.stop()
        return reply

    def send(self, request: Request) -> bool:
        """Send a further request; False when its context cannot be sent."""
        try:
            payload = pickle.dumps(request)
        except Exception:  # what pickle cannot carry: the caller forks afresh
            return False
        try:
            self.connection.send_bytes(payload)
        except OSError:
            self.stop()
            return False
        return True

    def stop(self) -> int | None:
        """End the child (if it still runs) and reap it; its exit status."""
        if not self.alive:
            return None
        self.alive = False
        self.connection.close()
        self.stack.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)


def _timeout_message(seconds: float) -> str:
    return (
        f"the template ran for over {seconds:g} s — it was stopped (a loop that never ends?); "
        "ETHOS_TEMPLATE_TIMEOUT raises the limit"
    )


def _serve(
    connection: Connection,
    render: Callable[[str, str, dict[str, Any]], Reply],
    first: Request,
    budget: int,
    stack: int,
) -> None:
    limit_memory(budget)
    request = first
    with os.fdopen(stack, "w", closefd=False) as stack_file:
        while True:
            kind, names, context = request
            for name in names:
                _limit_cpu(template_timeout() + 2 * GRACE_SECONDS)
                os.ftruncate(stack, 0)
                os.lseek(stack, 0, os.SEEK_SET)
                faulthandler.dump_traceback_later(
                    template_timeout() + GRACE_SECONDS / 2, file=stack_file
                )
                reply = render(kind, name, context)
                faulthandler.cancel_dump_traceback_later()
                connection.send_bytes(pickle.dumps(reply))
                if not reply[4]:
                    return
                if reply[0] is None:
                    break
            try:
                request = pickle.loads(connection.recv_bytes())
            except EOFError:
                return


def _limit_cpu(seconds: float) -> None:
    """Let the kernel end this process after ``seconds`` more of CPU time (``SIGXCPU``).

    The parent kills a late child first; this ends one whose parent was killed before it
    could, even in the middle of a C-level operation.
    """
    used = resource.getrusage(resource.RUSAGE_SELF)
    limit = math.ceil(used.ru_utime + used.ru_stime + seconds)
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    if hard == resource.RLIM_INFINITY or limit <= hard:
        resource.setrlimit(resource.RLIMIT_CPU, (limit, hard))
