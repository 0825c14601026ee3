"""Acknowledgment ledgers: who signed which exact version of the chapter.

A ledger is bound to the SHA-256 of the PDF employees sign. Every row repeats the
fingerprint, so a signature always names the exact file that was signed, even after the
values file, the templates or ethos itself have moved on. ``verify`` checks a filled-in
ledger against a PDF.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .build import OUTPUT_STEM, chapter_languages, load
from .errors import InvalidInputError, OutputError, Problem, UnreadableInputError
from .manifest import MANIFEST_NAME, read_manifest
from .write import confined_path, slugify, write_all

COLUMNS = (
    "company", "title", "version", "effective_date", "language", "pdf_file", "pdf_sha256",
    "employee_name", "employee_id", "position", "signed_on", "signature",
)  # fmt: skip
EMPLOYEE_COLUMNS = COLUMNS[7:]


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


def bound_document(path: Path, language: str, out_dir: Path) -> tuple[Signed, Path]:
    """The built, up-to-date PDF of ``path`` in ``language``: its fingerprint and path."""
    values_file = load(path, [language])
    slug = slugify(values_file.company.name)
    pdf = confined_path(out_dir, slug, f"{OUTPUT_STEM}.{language}.pdf")
    if not pdf.is_file():
        raise UnreadableInputError(
            pdf, f"no PDF to acknowledge — run: ethos build {path} --lang {language}"
        )
    data = pdf.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    recorded = read_manifest(pdf.parent).get(pdf.name, {})
    if recorded.get("sha256") != digest:
        raise OutputError(
            f"{pdf} is not the PDF ethos built (not in {MANIFEST_NAME}, or changed since) — "
            f"rebuild it with ethos build {path} --force, so the ledger names a known file"
        )
    from .compose import compose_chapter

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
    existing = [target for target in files if target.exists()]
    if existing:
        raise OutputError(
            f"refusing to overwrite {existing[0]}: it may already hold signatures — move it "
            "away first"
        )
    write_all(files)
    return list(files)


def _csv(signed: Signed) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    # One example row with the document columns filled in: copy it for each employee.
    writer.writerow([*vars(signed).values(), *[""] * len(EMPLOYEE_COLUMNS)])
    return buffer.getvalue()


def _json(signed: Signed) -> str:
    ledger = {
        "document": vars(signed),
        "acknowledgments": [],
        "columns": list(EMPLOYEE_COLUMNS),
    }
    return json.dumps(ledger, indent=2, ensure_ascii=False) + "\n"


def verify(ledger: Path, pdf: Path) -> list[Problem]:
    """Rows of a filled-in CSV or JSON ledger that do not name ``pdf``'s exact fingerprint."""
    try:
        text = ledger.read_text(encoding="utf-8")
        digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    except OSError as error:
        raise UnreadableInputError(
            error.filename or ledger, error.strerror or "unreadable"
        ) from None
    problems = []
    if ledger.suffix == ".json":
        try:
            data = json.loads(text)
            fingerprints = [(1, str(data["document"]["pdf_sha256"]))]
        except (ValueError, KeyError, TypeError):
            raise InvalidInputError(
                [Problem(str(ledger), 1, 1, "", "not an ethos acknowledgment ledger")]
            ) from None
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
        fingerprints = [(index + 2, row.get("pdf_sha256") or "") for index, row in enumerate(rows)]
    for line, fingerprint in fingerprints:
        if fingerprint != digest:
            problems.append(
                Problem(
                    str(ledger),
                    line,
                    1,
                    "pdf_sha256",
                    f"signed {fingerprint[:12] or 'nothing'}…, but {pdf.name} is {digest[:12]}… "
                    "— this signature is for another version of the chapter",
                )
            )
    return problems
