"""Issue 13, class 10: no invisible control reorders or disguises a name.

A RIGHT-TO-LEFT OVERRIDE (U+202E) in the company name was accepted and turned the signed
acknowledgment sentence and the running header of the PDF back to front. Now:

* no text at all may hold a bidi embedding, override or isolate (U+202A to U+202E,
  U+2066 to U+2069): each reorders what follows it, and none is needed (ethos isolates names
  in right-to-left chapters itself);
* names and identifiers (company name, legal name, versions, addresses, `extends`,
  `templates`) hold no invisible character at all (zero-width spaces, bidi marks, word
  joiner, BOM, soft hyphen, tags, variation selectors ...), except a zero-width
  (non-)joiner between two letters that are not ASCII, which Arabic-script and Indic
  names need;
* free text keeps the marks and joiners Urdu and other scripts need.

The JSON Schema says the same, case for case.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from ethos.cli.app import app

from helpers import values_data, write_values

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "schema" / "values.schema.json").read_text(encoding="utf-8")
)
ORDER = "an invisible control that changes the order text is shown in — remove it"
INVISIBLE = "an invisible character that has no place in a name or identifier — remove it"
BIDI_CONTROLS = [chr(code) for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
OTHER_INVISIBLE = ["\u200b", "\u200e", "\u200f", "\u061c", "\u2060", "\ufeff", "\u00ad",
                   "\U000e0041", "\ufe0f", "\u3164", "\u180e"]  # fmt: skip


def _check(tmp_path: Path, data: dict[str, Any]) -> tuple[int, str]:
    path = write_values(tmp_path, data)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output.replace(f"{path}:", "values.yaml:")


def _schema_accepts(data: dict[str, Any]) -> bool:
    # Through YAML and back, as an editor reads the file (the dates are quoted text).
    document = yaml.safe_load(yaml.safe_dump(data, allow_unicode=True))
    return jsonschema.Draft202012Validator(SCHEMA).is_valid(document)


def _with(field: str, text: str) -> dict[str, Any]:
    data = values_data()
    if field == "name":
        data["company"]["name"] = text
    elif field == "legal_name":
        data["company"]["legal_name"] = text
    elif field == "version":
        data["document"]["version"] = text
    elif field == "revision":
        data["revisions"] = [{"version": text, "date": "2026-01-01", "summary": "First."}]
    elif field == "email":
        data["company"]["ethics_contact"]["email"] = text.replace(" ", "") + "@test.example"
    elif field == "url":
        data["company"]["ethics_contact"]["url"] = "https://" + text.replace(" ", "") + ".example"
    elif field == "extends":
        data["extends"] = text
    elif field == "templates":
        data["templates"] = text
    elif field == "title":
        data["document"]["title"] = text
    elif field == "statement":
        data["values"] = [{"id": "honesty", "statement": text}]
    elif field == "behaviour":
        data["values"] = [{"id": "honesty", "behaviours": [text]}]
    elif field == "note":
        data["policies"] = {"returns": {"stance": "unconditional", "note": text}}
    return data


def test_the_issue_case_is_refused_before_any_output(tmp_path: Path) -> None:
    data = _with("name", "Acme \u202eSNOITULOS")
    assert _check(tmp_path, data) == (
        1,
        "values.yaml:3:9: company.name: contains U+202E RIGHT-TO-LEFT OVERRIDE at character "
        f"6, {ORDER}\n1 problem found.\n",
    )
    out = tmp_path / "out"
    build = CliRunner().invoke(
        app, ["build", str(tmp_path / "values.yaml"), "-f", "md,html,pdf,docx", "-o", str(out)]
    )
    assert build.exit_code == 1
    assert not out.exists()
    assert not _schema_accepts(data)


NAMES = ["name", "legal_name", "version", "revision", "email", "url", "extends", "templates"]
FREE = ["title", "statement", "behaviour", "note"]


@pytest.mark.parametrize("field", NAMES + FREE)
@pytest.mark.parametrize("control", BIDI_CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_no_text_takes_a_bidi_override_embedding_or_isolate(
    tmp_path: Path, field: str, control: str
) -> None:
    # Balanced or not: a closed override still shows its text in another order.
    for text in (f"Acme{control}Co", f"Acme {control}Co\u202c\u2069"):
        data = _with(field, text)
        code, output = _check(tmp_path, data)
        assert code == 1, output
        assert f"contains U+{ord(control):04X} " in output
        assert ORDER in output
        assert not _schema_accepts(data)


@pytest.mark.parametrize("field", NAMES)
@pytest.mark.parametrize("character", OTHER_INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_a_name_or_identifier_takes_no_invisible_character(
    tmp_path: Path, field: str, character: str
) -> None:
    data = _with(field, f"Acme{character}Co")
    code, output = _check(tmp_path, data)
    assert code == 1, output
    assert f"contains U+{ord(character):04X} " in output
    assert f"at character {13 if field == 'url' else 5}," in output
    assert INVISIBLE in output
    assert not _schema_accepts(data)


def test_the_message_names_the_character_and_where_it_is(tmp_path: Path) -> None:
    assert _check(tmp_path, _with("name", "ACME,\u200b INC.")) == (
        1,
        "values.yaml:3:9: company.name: contains U+200B ZERO WIDTH SPACE at character 6, "
        f"{INVISIBLE}\n1 problem found.\n",
    )
    assert _check(tmp_path, _with("version", "2.1\ufeff")) == (
        1,
        "values.yaml:7:12: document.version: contains U+FEFF ZERO WIDTH NO-BREAK SPACE at "
        f"character 4, {INVISIBLE}\n1 problem found.\n",
    )


@pytest.mark.parametrize(
    ("name", "accepted"),
    [
        ("می\u200cخواهم", True),  # ZWNJ inside a Persian word
        ("کمپنی\u200cہا", True),  # and an Urdu one
        ("क्\u200dष", True),  # ZWJ in Devanagari
        ("Ac\u200cme", False),  # between Latin letters it only hides
        ("\u200cکمپنی", False),  # at an edge
        ("کمپنی\u200c", False),
        ("کمپنی \u200cہا", False),  # beside a space
        ("کمپنی\u200c\u200cہا", False),  # two in a row
    ],
)
def test_a_joiner_in_a_name_only_between_two_non_ascii_letters(
    tmp_path: Path, name: str, accepted: bool
) -> None:
    data = _with("name", name)
    code, output = _check(tmp_path, data)
    assert code == (0 if accepted else 1), output
    assert _schema_accepts(data) is accepted


@pytest.mark.parametrize("field", FREE)
@pytest.mark.parametrize(
    "text",
    [
        "گاہک\u200cکی بات سنیں",  # ZWNJ in Urdu
        "آپ کی رائے \u200f(ضروری)\u200f اہم ہے",  # RLM keeps the brackets in place
        "Call +1 555\u200e 0142",  # LRM
        "قیمت \u061c100",  # ARABIC LETTER MARK
        "Team 👩\u200d💻 work",  # ZWJ in an emoji sequence
        "soft\u00adhyphen and zero\u200bwidth break",
    ],
)
def test_free_text_keeps_the_marks_and_joiners_scripts_need(
    tmp_path: Path, field: str, text: str
) -> None:
    data = _with(field, text)
    code, output = _check(tmp_path, data)
    assert code == 0, output
    assert _schema_accepts(data)
    out = tmp_path / "out"
    build = CliRunner().invoke(
        app, ["build", str(tmp_path / "values.yaml"), "-f", "md", "-o", str(out)]
    )
    assert build.exit_code == 0, build.output
    assert text in next(out.rglob("*.md")).read_text(encoding="utf-8")
