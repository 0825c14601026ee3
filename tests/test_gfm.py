"""The Markdown ethos writes, read by GitHub's own renderer.

Every chapter (each example in every language, American English, a chapter with
untranslated company text) and every Markdown report (compare, diff, in every language)
is rendered by cmark-gfm, the C library GitHub renders Markdown with (``cmarkgfm``), and
by Python-Markdown, which makes ethos's HTML, PDF and Word. The two must agree on every
bold and italic, and GitHub must leave no asterisk behind that the text did not ask for.
Every internal link must reach a heading by the anchor GitHub gives it, computed by
github-slugger (npm, ``tests/browser/slugs.mjs``), and ethos's own heading ids must be
exactly those anchors.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from urllib.parse import unquote

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from typer.testing import CliRunner

from ethos import build
from ethos.chapter.outline import new_converter
from ethos.cli.app import app
from ethos.wording.languages import LANGUAGES
from test_fallback import ENGLISH_ONLY

from conftest import EXAMPLES, REPOSITORY
from helpers import new_version, require_tools

SLUGS = REPOSITORY / "tests" / "browser" / "slugs.mjs"
SLUGGER = REPOSITORY / "tests" / "browser" / "node_modules" / "github-slugger"
HEADING = re.compile(r"<h([1-6])(?: id=\"([^\"]*)\")?[^>]*>(.*?)</h\1>", re.S)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every Markdown chapter and report, by its path under the output folder."""
    root = tmp_path_factory.mktemp("gfm")
    out = root / "out"
    for example in EXAMPLES:
        build(example, languages=LANGUAGES, formats=["md"], out_dir=out)
    build(EXAMPLES[0], languages=["en-US"], formats=["md"], out_dir=out)
    english_only = root / "english-only.yaml"
    english_only.write_text(ENGLISH_ONLY, encoding="utf-8")
    build(english_only, languages=["ur", "zh"], formats=["md"], out_dir=out)
    runner = CliRunner()
    compared = runner.invoke(
        app, ["compare", *map(str, EXAMPLES), "-f", "md", "-l", "all", "-o", str(out)]
    )
    assert compared.exit_code == 0, compared.output
    old = EXAMPLES[1]
    new = new_version(old, root / old.name)
    changed = runner.invoke(
        app, ["diff", str(old), str(new), "-f", "md", "-l", "all", "-o", str(out)]
    )
    assert changed.exit_code == 0, changed.output
    found = {
        str(path.relative_to(out)): path.read_text(encoding="utf-8")
        for path in sorted(out.rglob("*.md"))
    }
    chapters = [name for name in found if "/ethics-code." in name]
    assert len(chapters) == len(EXAMPLES) * len(LANGUAGES) + 3
    assert len(found) - len(chapters) == 2 * len(LANGUAGES)  # compare and diff reports
    return found


def _github(markdown: str) -> str:
    # Raw HTML as GitHub keeps it (the lang spans of untranslated text).
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def _python_markdown(markdown: str) -> str:
    return new_converter().convert(markdown)


def _text(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def _emphasis(rendered: str) -> list[tuple[str, str]]:
    return [
        (tag, " ".join(_text(inner).split()))
        for tag, inner in re.findall(r"<(strong|em)>(.*?)</\1>", rendered, re.S)
    ]


def test_github_and_python_markdown_agree_on_every_emphasis(documents: dict[str, str]) -> None:
    for name, markdown in documents.items():
        github, ours = _github(markdown), _python_markdown(markdown)
        assert _emphasis(github) == _emphasis(ours), name
        assert _emphasis(github), name  # every document has bold labels or italics
        # No delimiter left as text: the asterisks GitHub shows are the ones ours shows.
        assert _text(github).count("*") == _text(ours).count("*"), name


def test_chinese_labels_are_bold_on_github(documents: dict[str, str]) -> None:
    chapter = documents["acme-outfitters/ethics-code.zh.md"]
    bold = [text for tag, text in _emphasis(_github(chapter)) if tag == "strong"]
    assert len(bold) >= 16, bold
    assert "**" not in _text(_github(chapter))


def test_every_internal_link_reaches_its_heading_on_github(documents: dict[str, str]) -> None:
    node = shutil.which("node")
    require_tools(
        ("Node.js (node)", node is not None),
        ("tests/browser/node_modules/github-slugger", SLUGGER.is_dir()),
    )
    names = list(documents)
    rendered = [_github(documents[name]) for name in names]
    headings = [[_text(match[2]).strip() for match in HEADING.findall(page)] for page in rendered]
    result = subprocess.run(
        [str(node), str(SLUGS)], input=json.dumps(headings), capture_output=True, text=True,
        check=True, timeout=60,
    )  # fmt: skip
    slugs = json.loads(result.stdout)
    links = 0
    for name, page, anchors in zip(names, rendered, slugs, strict=True):
        # ethos's own ids (HTML, PDF, Word bookmarks) are GitHub's anchors, in order.
        ours = [match[1] for match in HEADING.findall(_python_markdown(documents[name]))]
        assert ours == anchors, name
        for target in re.findall(r'href="#([^"]*)"', page):
            assert unquote(target) in anchors, (name, unquote(target))
            links += 1
    assert links > 200  # the contents of every chapter, at least
