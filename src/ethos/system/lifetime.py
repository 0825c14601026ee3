"""Child processes that never outlive ethos.

ethos forks helpers of its own: the PDF renderer (:mod:`ethos.render.pdf`) and the
workers of ``build --jobs`` (:mod:`ethos.publish.batch`). A parent killed with SIGKILL runs no
clean-up code at all, so each child arranges from its first instruction to die with its
parent: on Linux the kernel sends it SIGKILL when the parent ends (``PR_SET_PDEATHSIG``);
everywhere, the renderer also ends when the pipe from its parent closes. A parent stopped
with SIGTERM stops its children itself (:func:`stop_on_terminate`).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from types import FrameType

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread like Ctrl-C so that clean-up code runs."""


def die_with_parent(parent: int) -> None:
    """Called first thing in a forked child: end when ``parent`` (its pid) ends.

    The kernel's parent-death signal fires when the *thread* that forked the child ends,
    not the whole process: ethos forks from threads that live as long as the work the
    child does (the main thread, or the thread that renders). A parent that ended before
    the signal was armed is caught by comparing the parent pid afterwards.

    The child ignores Ctrl-C, which the terminal sends to the whole process group, and
    ends at SIGTERM: its parent decides when it stops.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes  # in the child only: the parent never needs it

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl: the renderer still ends when its pipe closes
    if os.getppid() != parent:
        os._exit(1)  # the parent is already gone


def stop_on_terminate() -> None:
    """Turn SIGTERM into :class:`Terminated` in this (main) thread.

    ``finally`` blocks then run as for Ctrl-C: temporary files are removed, worker
    processes are killed and the renderer is stopped at exit.
    """

    def terminate(_signal: int, _frame: FrameType | None) -> None:
        _terminated.set()
        raise Terminated

    signal.signal(signal.SIGTERM, terminate)


def terminated() -> bool:
    """Whether :func:`stop_on_terminate`'s handler has seen SIGTERM."""
    return _terminated.is_set()


_terminated = threading.Event()
