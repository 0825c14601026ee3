"""Acknowledgment ledgers are bound to the exact PDF."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ethos import build
from ethos.errors import OutputError, UnreadableInputError
from ethos.publish.acknowledge import bound_document, write_ledgers
from ethos.publish.ledger_check import check_ledger, verify

from helpers import values_data, write_values

pytestmark = pytest.mark.pdf


def test_ledger_names_the_pdf_fingerprint_and_verifies(tmp_path: Path) -> None:
    source = write_values(tmp_path, values_data())
    out = tmp_path / "out"
    with pytest.raises(UnreadableInputError, match="no PDF to acknowledge"):
        write_ledgers(source, languages=["en"], out_dir=out, formats=["csv"])
    (pdf,) = build(source, formats=["pdf"], out_dir=out).outputs
    ledgers = write_ledgers(source, languages=["en"], out_dir=out, formats=["csv", "json"])
    assert [p.name for p in ledgers] == [
        "acknowledgments.1-0.en.csv",
        "acknowledgments.1-0.en.json",
    ]
    import hashlib

    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    rows = list(csv.DictReader(ledgers[0].open(encoding="utf-8")))
    assert rows[0]["pdf_sha256"] == digest and rows[0]["version"] == "1.0"
    assert json.loads(ledgers[1].read_text())["document"]["pdf_sha256"] == digest
    signed, _ = bound_document(source, "en", out)
    # The example row is no signature; a row filled in for an employee is.
    (empty,) = verify(ledgers[0], signed)
    assert empty.message.startswith("no signatures")
    with ledgers[0].open("a", encoding="utf-8") as ledger:
        ledger.write(f"{','.join(rows[0][c] for c in list(rows[0])[:7])},Ann Lee,E1,,,Ann Lee\n")
    assert verify(ledgers[0], signed) == []
    with pytest.raises(OutputError, match="may already hold signatures"):
        write_ledgers(source, languages=["en"], out_dir=out, formats=["csv"])
    # A new version of the PDF: the old signatures no longer match it.
    write_values(tmp_path, values_data(values=["courtesy"]))
    build(source, formats=["pdf"], out_dir=out)
    (problem,) = verify(ledgers[0], bound_document(source, "en", out)[0])
    assert problem.line == 3 and "this signature is for another version" in problem.message


def test_a_pdf_changed_after_the_build_is_refused(tmp_path: Path) -> None:
    source = write_values(tmp_path, values_data())
    (pdf,) = build(source, formats=["pdf"], out_dir=tmp_path / "out").outputs
    pdf.write_bytes(pdf.read_bytes() + b"%tampered\n")
    with pytest.raises(OutputError, match="is not the PDF ethos built"):
        write_ledgers(source, languages=["en"], out_dir=tmp_path / "out", formats=["csv"])


def test_check_ledger_does_all_the_verify_command_does_as_one_library_call(
    tmp_path: Path,
) -> None:
    source = write_values(tmp_path, values_data())
    out = tmp_path / "out"
    build(source, formats=["pdf"], out_dir=out)
    (ledger,) = write_ledgers(source, languages=None, out_dir=out, formats=["csv"])
    checked = check_ledger(source, ledger, out_dir=out)  # in the file's language
    assert checked.signed == bound_document(source, "en", out)[0]
    assert [problem.message[:14] for problem in checked.problems] == ["no signatures "]
    with pytest.raises(UnreadableInputError, match="no PDF to acknowledge"):
        check_ledger(source, ledger, language="it", out_dir=out)
