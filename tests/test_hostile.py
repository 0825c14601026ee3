"""The hostile-input corpus (tests/hostile/cases.yaml): exit codes and messages word for word,
values text inert in every format, output confined, and nothing blocked ever leaks."""

from __future__ import annotations

import html as html_module
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from ethos import build
from ethos.chapter.outline import new_converter

from helpers import inflated_streams, values_data, write_tree, write_values

HERE = Path(__file__).parent / "hostile"
CASES: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
CANARY_TEXT = "CANARY-5b1e-never-in-an-output"


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 25
    assert len(list(HERE.glob("*.yaml"))) >= 25


def _generate(case: dict[str, Any], directory: Path, canary: Path) -> None:
    kind = case.get("generate")
    if kind == "oversized":
        (directory / "oversized.yaml").write_bytes(b"#" * (1024 * 1024) + b"\n")
    elif kind == "symlink":
        (directory / "tpl-symlink").mkdir()
        (directory / "tpl-symlink" / "chapter.md.j2").symlink_to(canary)
    elif kind == "logo-symlink":
        (directory / "logo" / "canary.png").symlink_to(canary)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the corpus, so generated files and outputs stay out of the repository."""
    copy = tmp_path / "hostile"
    subprocess.run(["cp", "-a", str(HERE), str(copy)], check=True)
    return copy


def run(directory: Path, command: str, out: Path) -> subprocess.CompletedProcess[str]:
    arguments = [str(out) if part == "OUT" else part for part in shlex.split(command)]
    environment = {**os.environ, "COLUMNS": "400", "ETHOS_TEMPLATE_TIMEOUT": "2"}
    return subprocess.run(
        [sys.executable, "-m", "ethos", *arguments],
        cwd=directory, capture_output=True, text=True, env=environment, check=False,
    )  # fmt: skip


def visible_text(markup: str) -> str:
    """What a reader sees: tags removed, entities decoded, whitespace folded."""
    body = markup.split("<body", 1)[-1]
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def assert_no_active_markup(page: str) -> None:
    """Only ethos's own markup: no script, frame, link, event handler or dangerous URL."""
    lowered = page.lower()
    for tag in ("<script", "<iframe", "<link", "<object", "<embed", "<img"):
        assert tag not in lowered, tag
    assert lowered.count("<style") == 1  # the page's own stylesheet
    assert not re.search(r"<[^>]+\son\w+\s*=", lowered), "event handler attribute"
    assert not re.search(r"<[^>]+\s(href|src)\s*=\s*\"(javascript|file|data):", lowered)


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_case(name: str, corpus: Path, tmp_path: Path) -> None:
    case = CASES[name]
    canary = tmp_path / "canary.txt"
    canary.write_text(CANARY_TEXT, encoding="utf-8")
    _generate(case, corpus, canary)
    out = tmp_path / "out"
    result = run(corpus, case["run"], out)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == case["exit"], result.stderr
    if "stderr" in case:
        expected = case["stderr"].replace("HERE", str(corpus)).replace("CANARY", str(canary))
        assert " ".join(result.stderr.split()) == " ".join(expected.split())
    written = (
        sorted(str(p.relative_to(out)) for p in out.rglob("ethics-code.*")) if out.exists() else []
    )
    if "writes" in case:
        assert written == sorted(case["writes"])
    elif case["exit"] != 0:
        assert written == []
    for path in out.rglob("ethics-code.*") if out.exists() else []:
        content = path.read_bytes()
        assert CANARY_TEXT.encode() not in content
        if path.suffix == ".html":
            page = content.decode("utf-8")
            if "--templates" not in case["run"]:  # a template's own markup is its author's
                assert_no_active_markup(page)
            text = visible_text(page)
        elif path.suffix == ".md":
            text = visible_text("<body>" + new_converter().convert(content.decode("utf-8")))
        else:
            text = pdf_text(path)
        for literal in case.get("literal", []):
            assert _shows(literal, text, pdf=path.suffix == ".pdf"), (path.name, literal)
        if path.suffix == ".html":
            for fragment in case.get("html_contains", []):
                assert fragment in content.decode("utf-8")


def pdf_text(path: Path) -> str:
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    return " ".join(raw.replace("\u2010\n", "").split())


def test_no_blocked_file_reaches_any_output(tmp_path: Path) -> None:
    """Every way a template or a values file can point at a file outside: none gets in."""
    canary = tmp_path / "secret" / "canary.txt"
    canary.parent.mkdir()
    canary.write_text(CANARY_TEXT, encoding="utf-8")
    uri = canary.as_uri()
    templates = write_tree(
        tmp_path / "mine",
        {
            "page.html.j2": (
                '{% extends "!default/page.html.j2" %}{% block extra_css %}'
                f'@import url("{uri}"); body {{ background: url("{uri}"); }}'
                "{% endblock %}{% block main %}"
                f'<a rel="attachment" href="{uri}">a</a><img src="{uri}" alt="">'
                f'<link rel="stylesheet" href="{uri}"><object data="{uri}"></object>'
                '<img src="leak.png" alt="">{{ super() }}{% endblock %}'
            )
        },
    )
    (templates / "leak.png").symlink_to(canary)  # inside the directory, pointing out of it
    data = values_data(
        values=[{"id": "own", "title": "Own", "statement": f"![x]({uri}) [y]({uri})"}]
    )
    source = write_values(tmp_path, data)
    result = build(source, formats=["md", "html", "pdf"], out_dir=tmp_path / "out",
                   template_dirs=[templates])  # fmt: skip
    refused = [w.message for w in result.warnings if w.message.startswith("refused to fetch")]
    assert any(message.startswith(f"refused to fetch {uri}:") for message in refused), refused
    assert any("leak.png" in message for message in refused), refused
    for output in result.outputs:
        content = output.read_bytes()
        if output.suffix == ".pdf":
            content = inflated_streams(content)
            assert b"/EmbeddedFile" not in content
        assert CANARY_TEXT.encode() not in content, output.name


def _shows(literal: str, text: str, *, pdf: bool) -> bool:
    """Whether ``text`` shows ``literal``; a PDF line may break inside it ("[c]" then
    "(javascript:..."), so there it is compared without white space."""
    if pdf:
        return "".join(literal.split()) in "".join(text.split())
    return " ".join(literal.split()) in text
