"""The company's text to a translator and back: ``ethos translate export`` and ``merge``.

An English-only file with comments is exported for Italian, the PO is filled in as a
translator's tool would, and merged back: the chapter is then complete in Italian, and
the file differs from the original only in the translated fields (comments, order and
layout kept, checked line by line with difflib). A stale, unknown or foreign entry is
refused with its line in the PO, and the file is left untouched.
"""

from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from typer.testing import CliRunner

from ethos.cli.app import app
from ethos.errors import InvalidInputError
from ethos.values.loading import check
from ethos.values.translation_files import export_po, merge_po
from test_fallback import ENGLISH_ONLY, FIELDS

from conftest import EXAMPLES
from helpers import copy_example, write_text

ITALIAN = {
    "garden tools": "attrezzi da giardino",
    "Integrity Desk": "Sportello integrità",
    "Our Code of Ethics": "Il nostro codice etico",
    "Thrift": "Parsimonia",
    "We spend the customer's money as carefully as our own.": (
        "Spendiamo il denaro del cliente con la stessa cura con cui spendiamo il nostro."
    ),
    "the item is unused": "l'articolo non è stato usato",
}


def _translated(po: bytes, translations: dict[str, str], skip: str = "") -> Path | bytes:
    catalog = read_po(io.BytesIO(po))
    for message in catalog:
        if message.id and message.id != skip:
            message.string = translations[message.id]
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    return out.getvalue()


@pytest.fixture
def english_only(tmp_path: Path) -> Path:
    return write_text(tmp_path, ENGLISH_ONLY, "values.yaml")


def test_export_lists_every_untranslated_field_with_its_line(english_only: Path) -> None:
    data, count = export_po(english_only, "it")
    catalog = read_po(io.BytesIO(data))
    entries = [message for message in catalog if message.id]
    assert count == len(entries) == len(FIELDS)
    assert {message.context: message.locations[0] for message in entries} == {
        path: ("values.yaml", line) for path, line in FIELDS.items()
    }
    assert str(catalog.locale) == "it"
    assert all(message.string == "" for message in entries)
    if shutil.which("msgfmt"):  # GNU gettext's own check, when installed
        po = english_only.with_suffix(".po")
        po.write_bytes(data)
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)


def test_the_round_trip_adds_the_translations_and_changes_nothing_else(english_only: Path) -> None:
    data, _ = export_po(english_only, "it")
    po = english_only.with_name("values.it.po")
    po.write_bytes(_translated(data, ITALIAN))
    result = merge_po(english_only, po)
    assert sorted(result.merged) == sorted(FIELDS) and result.untranslated == []
    # Complete in Italian now: not even a warning.
    assert check([english_only], ["it"], strict=True).warnings == []
    merged = english_only.read_text(encoding="utf-8")
    removed = [line[1:] for line in difflib.ndiff(ENGLISH_ONLY.splitlines(), merged.splitlines())
               if line.startswith("- ")]  # fmt: skip
    # Only the translated fields' own lines changed; every comment is still there.
    assert len(removed) == len(FIELDS)
    assert all(":" in line and not line.lstrip().startswith("#") for line in removed)
    assert "# Our values file: written in English only, for now." in merged
    assert re.search(r"\n  industry: +# printed on the cover\n    en: garden tools\n", merged)
    assert "    it: Parsimonia" in merged
    # Merged again: nothing left to do, the file stays as it is.
    assert merge_po(english_only, po).merged == []
    assert english_only.read_text(encoding="utf-8") == merged


def test_an_untranslated_entry_stays_missing(english_only: Path) -> None:
    data, _ = export_po(english_only, "it")
    po = english_only.with_name("values.it.po")
    po.write_bytes(_translated(data, ITALIAN, skip="Thrift"))
    result = merge_po(english_only, po)
    assert result.untranslated == ["values[1].title"]
    [warning] = check([english_only], ["it"]).warnings
    assert warning.path == "values[1].title"
    # A second export lists only what is still missing.
    assert export_po(english_only, "it")[1] == 1


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda text: text.replace('msgid "Thrift"', 'msgid "Frugality"'),
         "values[1].title: the text changed since the export: it is now 'Thrift'"),
        (lambda text: text.replace('msgctxt "values[1].title"', 'msgctxt "values[7].title"'),
         "values[7].title: no free-text field 'values[7].title' in values.yaml"),
        (lambda text: text.replace("Language: it", "Language: ur"),
         "it is a ur file, not Italian (it)"),
    ],
)  # fmt: skip
def test_a_wrong_entry_is_refused_and_nothing_is_written(
    english_only: Path, edit: object, expected: str
) -> None:
    data, _ = export_po(english_only, "it")
    po = english_only.with_name("values.it.po")
    po.write_text(edit(_translated(data, ITALIAN).decode()), encoding="utf-8")  # type: ignore[operator, union-attr]
    with pytest.raises(InvalidInputError) as refused:
        merge_po(english_only, po, "it")
    assert any(expected in str(problem) for problem in refused.value.problems), (
        refused.value.problems
    )
    assert english_only.read_text(encoding="utf-8") == ENGLISH_ONLY


def test_a_subsidiary_exports_its_own_text_only(tmp_path: Path) -> None:
    subsidiary = copy_example(EXAMPLES[2], tmp_path / EXAMPLES[2].name)
    data, count = export_po(subsidiary, "it", everything=True)
    assert count >= 3  # its own texts; the group file has most of them, and its own PO
    files = {location[0] for message in read_po(io.BytesIO(data)) for location in message.locations}
    assert files == {subsidiary.name}


def test_the_cli_exports_and_merges(english_only: Path, runner: CliRunner) -> None:
    po = english_only.with_name("values.it.po")
    exported = runner.invoke(
        app, ["translate", "export", str(english_only), "--lang", "it", "--out", str(po)]
    )
    assert exported.exit_code == 0, exported.output
    assert f"{len(FIELDS)} entries to translate into it" in exported.output
    po.write_bytes(_translated(po.read_bytes(), ITALIAN))  # type: ignore[arg-type]
    merged = runner.invoke(app, ["translate", "merge", str(english_only), str(po)])
    assert merged.exit_code == 0, merged.output
    assert f"{len(FIELDS)} translated texts merged" in merged.output
    built = runner.invoke(app, ["check", str(english_only), "--lang", "it", "--strict"])
    assert built.exit_code == 0, built.output
