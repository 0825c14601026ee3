"""Errors as data: the library raises these, only the CLI prints them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


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
    """Base class of every error ethos raises on purpose.

    Picklable as it is, whatever its constructor takes: an error raised in a worker
    process of a parallel build reaches ethos with its class, message and attributes.
    """

    exit_code = 1

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own pickling calls the class with ``args`` (here the message alone),
        # which a subclass whose constructor takes other arguments refuses.
        return _restored, (type(self), self.args, self.__dict__)


def _restored(kind: type[EthosError], args: tuple[Any, ...], state: dict[str, Any]) -> EthosError:
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


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
