"""Limits for the child processes ethos forks to run untrusted work (the PDF renderer, the
template renderer)."""

from __future__ import annotations

import os
import resource
from pathlib import Path


def limit_memory(budget: int) -> None:
    """Cap this process's address space at what it uses now plus ``budget`` bytes."""
    try:
        pages = Path("/proc/self/statm").read_text(encoding="ascii").split()[0]
        current = int(pages) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return  # not Linux: the time limit still applies
    limit = current + budget
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
