"""Errors as data: the library raises these, only the CLI prints them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in an input file.

    Rendered as ``file:line:col: key.path: message`` so editors and CI can jump to it;
    line 0 means the file as a whole (``file: message``).
    """

    file: str
    line: int
    column: int
    path: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        # Line 0: about the file as a whole (e.g. a resource its templates refer to).
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class EthosError(Exception):
    """Base class of every error ethos raises on purpose."""

    exit_code = 1


class InvalidInputError(EthosError):
    """An input file is invalid; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class UnreadableInputError(EthosError):
    """A path that does not exist or cannot be read (a usage/I-O error, exit 2)."""

    exit_code = 2

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class TemplateError(EthosError):
    """A chapter template failed: names the template, the line and what went wrong."""

    def __init__(self, template: str, line: int | None, message: str) -> None:
        self.template = template
        self.line = line
        where = f"{template}:{line}" if line else template
        super().__init__(f"{where}: {message}")


class RenderError(EthosError):
    """Rendering an output format failed (e.g. WeasyPrint refused the document)."""


class OutputError(EthosError):
    """An output could not be written; the previous file, if any, is intact."""
