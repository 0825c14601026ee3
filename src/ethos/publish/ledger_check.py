"""Checking a filled-in acknowledgment ledger against the PDF it is bound to.

A signature row must repeat the document columns exactly as ethos wrote them, the PDF's
SHA-256 included, so a signature for another version of the chapter is caught; no
employee signs twice; a CSV cell a spreadsheet would run as a formula is reported (ethos
writes such a cell with a leading apostrophe, :func:`~ethos.publish.acknowledge.as_cell`).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInputError, Problem
from ..system.input_files import read_input_file
from ..values.loading import load
from .acknowledge import (
    COLUMNS,
    EMPLOYEE_COLUMNS,
    FORMULA_STARTS,
    Signed,
    bound_document,
    from_cell,
)

MAX_LEDGER_BYTES = 64 * 1024 * 1024
"""The largest ledger ``verify`` reads: 64 MiB, some 300,000 signatures."""


@dataclass(frozen=True)
class LedgerCheck:
    """A ledger checked against the built PDF of one language."""

    signed: Signed
    """What the ledger must be bound to, read from the PDF as built now."""
    problems: list[Problem]
    """Every problem of the ledger; none when every signature names that PDF."""


def check_ledger(
    path: Path, ledger: Path, *, language: str | None = None, out_dir: Path
) -> LedgerCheck:
    """Check the filled-in ``ledger`` against the built PDF of the values file ``path`` in
    ``language`` (default: the file's own language) under ``out_dir``.

    Raises:
        UnreadableInputError: no PDF was built, or the ledger cannot be read.
        OutputError: the PDF is not the one ethos built from the values file as it is.
        InvalidInputError: the values file is invalid, or the ledger is no ethos ledger.
    """
    chosen = language or load(path).document.language.value
    signed, _pdf = bound_document(path, chosen, out_dir)
    return LedgerCheck(signed, verify(ledger, signed))


@dataclass(frozen=True)
class _Row:
    """Cells of a ledger and where they are: a CSV line, or a JSON key path."""

    line: int
    prefix: str
    cells: dict[str, str]

    def problem(self, ledger: Path, column: str, message: str) -> Problem:
        return Problem(str(ledger), self.line, 1 if self.line else 0, self.prefix + column, message)


def verify(ledger: Path, signed: Signed) -> list[Problem]:
    """Every problem of a filled-in CSV or JSON ledger checked against ``signed``.

    A signature row (one with any employee column filled in) must repeat each document
    column exactly, its fingerprint included; no employee may sign twice; a ledger must
    hold at least one signature; a CSV cell must not be one a spreadsheet runs as a formula.

    Raises:
        UnreadableInputError: the ledger is missing or not a regular file.
        InvalidInputError: it is too big, not UTF-8, or not an ethos ledger at all.
    """
    hint = "a ledger holds a line per employee"
    kind = "a ledger (CSV or JSON)"
    text = _ledger_text(
        read_input_file(ledger, limit=MAX_LEDGER_BYTES, kind=kind, hint=hint), ledger
    )
    if ledger.suffix == ".json":
        document, signatures = _json_rows(text, ledger)
        problems = _document_problems(ledger, document, signed)
    else:
        rows, problems = _csv_rows(text, ledger)
        signatures = [row for row in rows if any(row.cells.get(c) for c in EMPLOYEE_COLUMNS)]
        for row in signatures:
            problems += _document_problems(ledger, row, signed)
    for row in signatures:
        if not (
            row.cells.get("employee_name", "").strip() or row.cells.get("employee_id", "").strip()
        ):
            message = "a signature without the employee's name or id — fill in who signed"
            problems.append(row.problem(ledger, "employee_name", message))
    if not signatures:
        message = "no signatures — add a row for each employee who signed (copy the example row)"
        problems.append(Problem(str(ledger), 0, 0, "", message))
    return sorted(problems + _duplicates(ledger, signatures, signed))


def _ledger_text(raw: bytes, ledger: Path) -> str:
    save = "save it as UTF-8 (in a spreadsheet: CSV UTF-8)"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\0" in raw:
        raise InvalidInputError(
            [Problem(str(ledger), 1, 1, "", f"the ledger is UTF-16 text — {save}")]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        message = f"not valid UTF-8 (Latin-1 or another encoding?) — {save}"
        raise InvalidInputError([Problem(str(ledger), line, column, "", message)]) from None


def _not_a_ledger(ledger: Path, why: str) -> InvalidInputError:
    return InvalidInputError(
        [Problem(str(ledger), 1, 1, "", f"not an ethos acknowledgment ledger ({why})")]
    )


def _json_rows(text: str, ledger: Path) -> tuple[_Row, list[_Row]]:
    try:
        data = json.loads(text)
    except RecursionError:
        raise _not_a_ledger(ledger, "nested too deeply") from None
    except ValueError as error:
        raise _not_a_ledger(ledger, f"not JSON: {error}") from None
    entries = data.get("acknowledgments") if isinstance(data, dict) else None
    document = data.get("document") if isinstance(data, dict) else None
    if not isinstance(document, dict) or not isinstance(entries, list):
        raise _not_a_ledger(ledger, "it needs a document object and an acknowledgments list")
    if not all(isinstance(entry, dict) for entry in entries):
        raise _not_a_ledger(ledger, "each acknowledgment must be an object")
    return _Row(0, "document.", _texts(document)), [
        _Row(0, f"acknowledgments[{index}].", _texts(entry)) for index, entry in enumerate(entries)
    ]


def _texts(mapping: dict[object, object]) -> dict[str, str]:
    return {str(key): "" if value is None else str(value) for key, value in mapping.items()}


def _csv_rows(text: str, ledger: Path) -> tuple[list[_Row], list[Problem]]:
    reader = csv.reader(io.StringIO(text))
    rows: list[_Row] = []
    problems: list[Problem] = []
    header: list[str] = []
    try:
        start = 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not header:
                header = cells
                missing = [column for column in COLUMNS if column not in header]
                if missing:
                    raise _not_a_ledger(ledger, f"its first row lacks the column {missing[0]}")
                continue
            if not any(cells):
                continue
            row = _Row(line, "", {})
            for column, cell in zip(header, cells, strict=False):
                if cell.startswith(FORMULA_STARTS):
                    problems.append(row.problem(ledger, column, _formula_message(cell)))
                row.cells.setdefault(column, from_cell(cell))
            rows.append(row)
    except csv.Error as error:
        raise InvalidInputError(
            [Problem(str(ledger), reader.line_num, 1, "", f"not a readable CSV file ({error})")]
        ) from None
    if not header:
        raise _not_a_ledger(ledger, "it is empty")
    return rows, problems


def _formula_message(cell: str) -> str:
    shown = cell if len(cell) <= 40 else cell[:40] + "…"
    return (
        f"{shown!r} starts with {cell[0]!r}, which a spreadsheet runs as a formula — write "
        "an apostrophe before it, as ethos does, so it stays text"
    )


def _document_problems(ledger: Path, row: _Row, signed: Signed) -> list[Problem]:
    problems = []
    for column, expected in vars(signed).items():
        value = row.cells.get(column, "")
        if value == expected:
            continue
        if column == "pdf_sha256":
            message = (
                f"signed {value[:12] or 'nothing'}…, but {signed.pdf_file} is {expected[:12]}… "
                "— this signature is for another version of the chapter"
            )
        else:
            shown = value if len(value) <= 60 else value[:60] + "…"
            message = (
                f"says {shown!r}, but {signed.pdf_file} has {expected!r} — a signature must "
                "repeat the document columns exactly as ethos wrote them"
            )
        problems.append(row.problem(ledger, column, message))
    return problems


def _duplicates(ledger: Path, signatures: list[_Row], signed: Signed) -> list[Problem]:
    """Rows signed by an employee who already signed: the same id, or the same name where
    either row has no id."""
    problems = []
    by_id: dict[str, _Row] = {}
    by_name: dict[str, tuple[_Row, str]] = {}
    for row in signatures:
        employee_id = row.cells.get("employee_id", "").strip()
        name = " ".join(row.cells.get("employee_name", "").split()).casefold()
        first, column = None, ""
        if employee_id and employee_id in by_id:
            first, column = by_id[employee_id], "employee_id"
        elif name in by_name and not (employee_id and by_name[name][1]):
            first, column = by_name[name][0], "employee_name"
        if first is not None:
            where = f"line {first.line}" if first.line else first.prefix.rstrip(".")
            who = row.cells.get(column, "").strip()
            problems.append(row.problem(ledger, column, (
                f"{who!r} signed twice for version {signed.version} (first at {where}) — "
                "keep one row per employee"
            )))  # fmt: skip
            continue
        if employee_id:
            by_id[employee_id] = row
        if name:
            by_name.setdefault(name, (row, employee_id))
    return problems
