"""Issue 13, class 17: what `check` accepts, every format renders.

A name or version of 200 characters (the most `check` and the JSON Schema allow) passed
`check` and then failed the DOCX build: python-docx holds a core property to 255
characters, and the document's subject names both the company and the version.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from typer.testing import CliRunner

from ethos.cli.app import app

from helpers import values_data, write_values

LIMIT = 200
FORMATS = ["md", "html", "pdf", "docx"]
SCHEMA = Path(__file__).parents[2] / "schema" / "values.schema.json"


def _long(text: str) -> str:
    return (text * LIMIT)[:LIMIT]


def _case(name: str) -> dict[str, Any]:
    data = values_data()
    company, document = data["company"], data["document"]
    if name == "name":
        company["name"] = _long("N")
    elif name == "version":
        document["version"] = _long("9")
    elif name == "name-and-version":  # the case, with both at the limit
        company["name"], document["version"] = _long("Acme "), _long("1.")
    elif name == "legal-name-and-title":
        company["legal_name"], document["title"] = _long("Legal "), _long("Title ")
    elif name == "wide-characters":
        company["name"], document["version"] = _long("蛇"), _long("版")
        document["language"] = "zh"  # an English chapter has no font for them
    elif name == "revision-version":
        data["revisions"] = [
            {"version": _long("8"), "date": "2026-01-01", "summary": _long("Summary ")}
        ]
    return data


CASES = ["name", "version", "name-and-version", "legal-name-and-title", "wide-characters",
         "revision-version"]  # fmt: skip


@pytest.mark.pdf
@pytest.mark.parametrize("case", CASES)
def test_every_format_renders_what_check_accepts(tmp_path: Path, case: str) -> None:
    path = write_values(tmp_path, _case(case))
    runner = CliRunner()
    assert runner.invoke(app, ["check", str(path)]).exit_code == 0
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(path), "-f", ",".join(FORMATS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(item.suffix for item in out.rglob("ethics-code.*"))
    assert written == [".docx", ".html", ".md", ".pdf"]
    docx_path = next(out.rglob("*.docx"))
    document = Document(str(docx_path))
    name = _case(case)["company"]["name"].strip()  # text is trimmed
    body = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert name in body  # the chapter itself prints the name whole
    properties = document.core_properties
    for text in (properties.title, properties.subject, properties.comments, properties.version):
        assert len(text) <= 255
    with zipfile.ZipFile(docx_path) as package:
        assert name in package.read("docProps/app.xml").decode()


def test_the_subject_is_cut_with_an_ellipsis_only_when_too_long(tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = write_values(tmp_path, _case("name-and-version"))
    assert (
        CliRunner().invoke(app, ["build", str(path), "-f", "docx", "-o", str(out)]).exit_code == 0
    )
    subject = Document(str(next(out.rglob("*.docx")))).core_properties.subject
    assert len(subject) == 255
    assert subject.startswith("The code of ethics and code of conduct of Acme Acme")
    assert subject.endswith("…")
    short = write_values(tmp_path, values_data(), "short.yaml")
    assert (
        CliRunner().invoke(app, ["build", str(short), "-f", "docx", "-o", str(out)]).exit_code == 0
    )
    subject = Document(str(next((out / "test-co").glob("*.docx")))).core_properties.subject
    assert subject == "The code of ethics and code of conduct of Test Co, version 1.0."


def test_one_character_more_is_refused_by_check_and_by_the_schema(tmp_path: Path) -> None:
    data = values_data()
    data["company"]["name"] = "N" * (LIMIT + 1)
    path = write_values(tmp_path, data)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert (
        f"{path}:3:9: company.name: string should have at most 200 characters — shorten it"
        in result.output
    )
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    company = schema["$defs"]["Company"]["properties"]["name"]
    assert company["maxLength"] == LIMIT
    version = schema["$defs"]["Document"]["properties"]["version"]
    assert version["maxLength"] == LIMIT
