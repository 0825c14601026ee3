"""Acknowledgment ledgers: who signed which exact version of the chapter.

A ledger is bound to the SHA-256 of the PDF employees sign. Every row repeats the
fingerprint, so a signature always names the exact file that was signed, even after the
values file, the templates or ethos itself have moved on.
:mod:`ethos.publish.ledger_check` checks a filled-in ledger against the PDF.

Ledgers are opened in spreadsheets, which run a cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return as a formula (CSV injection). ethos writes such a cell
with a leading apostrophe, as OWASP recommends, so it stays text; the check reads the
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

from ..errors import OutputError, UnreadableInputError
from ..system.write import confined_path, slugify, write_all
from ..values.loading import chapter_languages, load, load_located
from .manifest import MANIFEST_NAME, input_fingerprint, read_manifest
from .pdf_archive import read_pdf
from .plan import OUTPUT_STEM

COLUMNS = (
    "company", "title", "version", "effective_date", "language", "pdf_file", "pdf_sha256",
    "employee_name", "employee_id", "position", "signed_on", "signature",
)  # fmt: skip
DOCUMENT_COLUMNS = COLUMNS[:7]
EMPLOYEE_COLUMNS = COLUMNS[7:]
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
