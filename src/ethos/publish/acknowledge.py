"""Acknowledgment ledgers: who signed which exact version of the chapter.

A ledger is bound to the SHA-256 of the PDF employees sign. Every row repeats the
fingerprint, so a signature always names the exact file that was signed, even after the
values file, the templates or ethos itself have moved on. ``verify`` checks a filled-in
ledger against a PDF.

Ledgers are opened in spreadsheets, which run a cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return as a formula (CSV injection). ethos writes such a cell
with a leading apostrophe, as OWASP recommends, so it stays text; ``verify`` reads the
apostrophe back off and reports any such cell written without it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInputError, OutputError, Problem, UnreadableInputError
from ..system.input_files import read_input_file
from ..system.write import confined_path, slugify, write_all
from ..values.loading import chapter_languages, load, load_located
from .build import OUTPUT_STEM
from .manifest import MANIFEST_NAME, input_fingerprint, read_manifest
from .pdf_archive import read_pdf

COLUMNS = (
    "company", "title", "version", "effective_date", "language", "pdf_file", "pdf_sha256",
    "employee_name", "employee_id", "position", "signed_on", "signature",
)  # fmt: skip
DOCUMENT_COLUMNS = COLUMNS[:7]
EMPLOYEE_COLUMNS = COLUMNS[7:]
MAX_LEDGER_BYTES = 64 * 1024 * 1024
"""The largest ledger ``verify`` reads: 64 MiB, some 300,000 signatures."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


@dataclass(frozen=True)
class Signed:
    """What a ledger is bound to: one PDF of one version in one language."""

    company: str
    title: str
    version: str
    effective_date: str
    language: str
    pdf_file: str
    pdf_sha256: str
    """The SHA-256 of the PDF's bytes as read, never a value copied from a ledger."""


def bound_document(path: Path, language: str, out_dir: Path) -> tuple[Signed, Path]:
    """The built, up-to-date PDF of ``path`` in ``language``: its fingerprint and path.

    The fingerprint is computed from the PDF itself; ``manifest.json`` must record that
    same fingerprint, built from the values file as it is now, so the company, title and
    version read from the values file are those of the PDF.
    """
    document, values_file = load_located(path, [language])
    slug = slugify(values_file.company.name)
    pdf = confined_path(out_dir, slug, f"{OUTPUT_STEM}.{language}.pdf")
    if not pdf.exists():
        raise UnreadableInputError(
            pdf, f"no PDF to acknowledge — run: ethos build {path} --lang {language}"
        )
    digest = hashlib.sha256(read_pdf(pdf)).hexdigest()
    recorded = read_manifest(pdf.parent).get(pdf.name, {})
    rebuild = f"rebuild it with ethos build {path} --force, so the ledger names a known file"
    if recorded.get("sha256") != digest:
        raise OutputError(
            f"{pdf} is not the PDF ethos built (not in {MANIFEST_NAME}, or changed since) — "
            + rebuild
        )
    if recorded.get("input") != input_fingerprint(document):
        raise OutputError(f"{pdf} was built from another version of {path} — {rebuild}")
    from ..chapter.compose import compose_chapter

    chapter = compose_chapter(values_file, language)
    signed = Signed(
        company=values_file.company.name,
        title=chapter.title,
        version=values_file.document.version,
        effective_date=values_file.document.effective_date.isoformat(),
        language=language,
        pdf_file=pdf.name,
        pdf_sha256=digest,
    )
    return signed, pdf


def write_ledgers(
    path: Path, *, languages: Sequence[str] | None, out_dir: Path, formats: Sequence[str]
) -> list[Path]:
    """Write an empty ledger per language and format, bound to each language's PDF."""
    values_file = load(path, languages)
    files: dict[Path, bytes] = {}
    for language in chapter_languages(values_file, languages):
        signed, pdf = bound_document(path, language, out_dir)
        stem = f"acknowledgments.{slugify(signed.version)}.{language}"
        directory = pdf.parent
        if "csv" in formats:
            files[directory / f"{stem}.csv"] = _csv(signed).encode("utf-8")
        if "json" in formats:
            files[directory / f"{stem}.json"] = _json(signed).encode("utf-8")
    existing = [target for target in files if target.exists() or target.is_symlink()]
    if existing:
        raise OutputError(
            f"refusing to overwrite {existing[0]}: it may already hold signatures — move it "
            "away first"
        )
    write_all(files)
    return list(files)


def as_cell(text: str) -> str:
    """``text`` as a spreadsheet cell that stays text: ``'=1+1`` for ``=1+1``."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def from_cell(cell: str) -> str:
    """The text :func:`as_cell` wrote: ``'=1+1`` -> ``=1+1``; anything else as it is."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _csv(signed: Signed) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    # One example row with the document columns filled in: copy it for each employee.
    writer.writerow([*map(as_cell, vars(signed).values()), *[""] * len(EMPLOYEE_COLUMNS)])
    return buffer.getvalue()


def _json(signed: Signed) -> str:
    ledger = {
        "document": vars(signed),
        "acknowledgments": [],
        "columns": list(EMPLOYEE_COLUMNS),
    }
    return json.dumps(ledger, indent=2, ensure_ascii=False) + "\n"


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
