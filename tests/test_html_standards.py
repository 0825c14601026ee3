"""Every chapter and report page passes the W3C Nu HTML Checker and axe-core.

The pages are the two example companies' chapters in all five languages, a stance
comparison and a change report. Each checker runs once over all of them, plus a canary
page with known faults, so a checker that stopped reporting would fail here too. The tools
are what `make test` installs: Chromium, Java and Node from Debian
(`scripts/system-deps.sh --test`) and the pinned npm packages of tests/browser/.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ethos.cli.app import app
from ethos.publish.build import build
from test_fallback import ENGLISH_ONLY

from conftest import EXAMPLES, REPOSITORY
from helpers import new_version, require_tools

BROWSER = REPOSITORY / "tests" / "browser"
VNU_JAR = BROWSER / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_SCRIPT = BROWSER / "axe.mjs"
AXE_CORE = BROWSER / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")  # what axe.mjs launches
LANGUAGES = ["en", "it", "tl", "ur", "zh"]

# Faults both checkers must report: a duplicate id (Nu) and an image without alt text
# (Nu and axe's image-alt).
CANARY = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Canary</title></head>
<body><main><h1 id="twice">Canary</h1><p id="twice">A page with known faults.</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="1" height="1"></main></body>
</html>
"""

# The one class of Nu message that is not an error: CSS for paged media that only
# WeasyPrint reads (inside `@media print`), defined by W3C drafts the checker's CSS profile
# (the W3C CSS validator's, "CSS level 3 + SVG") does not include. Named strings for the
# running header: `string-set` and `content: string(NAME)` (css-gcpm-3 §1.1, css-content-3
# §"Named strings"); PDF bookmark levels: `bookmark-level` (css-content-3 §"Bookmarks").
# Exact messages, so any other CSS error still fails.
PAGED_MEDIA_CSS = re.compile(
    r"CSS: “string-set”: Property “string-set” doesn't exist\."
    r"|CSS: “bookmark-level”: Property “bookmark-level” doesn't exist\."
    r"|CSS: “content”: “string\([a-z-]+\)” is not a “content” value\."
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every chapter and report page under one directory, and the canary page."""
    root = tmp_path_factory.mktemp("html-standards")
    for example in EXAMPLES:
        build(example, languages=LANGUAGES, formats=["html"], out_dir=root / "chapters")
    # American English, and company text printed untranslated (marked lang="en") in an
    # Urdu and a Chinese chapter: the checkers read the lang and dir ethos writes.
    build(EXAMPLES[0], languages=["en-US"], formats=["html"], out_dir=root / "chapters")
    english_only = root / "sources" / "english-only.yaml"
    english_only.parent.mkdir()
    english_only.write_text(ENGLISH_ONLY, encoding="utf-8")
    build(english_only, languages=["ur", "zh"], formats=["html"], out_dir=root / "chapters")
    runner = CliRunner()
    # Reports in every language: Urdu's run right to left, Chinese's carry zh-CN.
    compared = runner.invoke(
        app, ["compare", *map(str, EXAMPLES), "-f", "html", "-l", "all", "-o", str(root)]
    )
    assert compared.exit_code == 0, compared.output
    # The change report of a new version: a parameter, a stance and a value's wording.
    old = EXAMPLES[1]
    new = new_version(old, root / "sources" / old.name)
    changes = runner.invoke(
        app, ["diff", str(old), str(new), "-f", "html", "-l", "all", "-o", str(root)]
    )
    assert changes.exit_code == 0, changes.output
    # The staff notice of that version, for employees.
    notice = runner.invoke(
        app, ["notice", str(old), str(new), "-f", "html", "-l", "all", "-o", str(root)]
    )
    assert notice.exit_code == 0, notice.output
    # `ethos serve`: the chapter as served (with its reload script) and the problems page.
    from ethos.preview.serve import Preview

    served = root / "serve"
    served.mkdir()
    broken = served / "broken.yaml"
    broken.write_text(
        new.read_text(encoding="utf-8").replace("\nvalues:", "\nvaluez:"), encoding="utf-8"
    )
    (served / "chapter.html").write_bytes(Preview(old, None, ()).page.html)
    (served / "problems.html").write_bytes(Preview(broken, None, ()).page.html)
    assert "unknown key `valuez`" in (served / "problems.html").read_text(encoding="utf-8")
    (root / "canary.html").write_text(CANARY, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def pages(site: Path) -> list[Path]:
    found = sorted(path for path in site.rglob("*.html") if path.name != "canary.html")
    chapters = [path for path in found if path.name.startswith("ethics-code.")]
    assert len(chapters) == len(EXAMPLES) * len(LANGUAGES) + 3, chapters
    assert [path.parent.name for path in found if path not in chapters] == [
        *["brightline-electronics"] * len(LANGUAGES),  # changes-1-0-to-1-1.<language>.html
        *["brightline-electronics"] * len(LANGUAGES),  # notice-1-1.<language>.html
        *["compare"] * len(LANGUAGES),
        "serve",  # chapter.html
        "serve",  # problems.html
    ]
    return found


@pytest.fixture(scope="module")
def nu_messages(site: Path, pages: list[Path]) -> dict[str, list[dict[str, Any]]]:
    """The Nu checker's errors, by page path relative to ``site`` (canary included)."""
    java = shutil.which("java")
    require_tools(
        ("Java (java)", java is not None), (str(VNU_JAR.relative_to(REPOSITORY)), VNU_JAR.is_file())
    )
    files = [*pages, site / "canary.html"]
    command = [
        str(java),
        "-jar",
        str(VNU_JAR),
        "--errors-only",
        "--format",
        "json",
        *map(str, files),
    ]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    # Exit status 1 means "errors found"; the JSON report goes to stderr either way.
    assert finished.returncode in {0, 1}, finished.stderr
    by_page: dict[str, list[dict[str, Any]]] = {_relative(site, path): [] for path in files}
    for message in json.loads(finished.stderr)["messages"]:
        by_page.setdefault(
            _relative(site, Path(message.get("url", "file:?").removeprefix("file:"))), []
        ).append(message)
    return by_page


@pytest.fixture(scope="module")
def axe_violations(site: Path, pages: list[Path]) -> dict[str, list[dict[str, Any]]]:
    """axe-core's violations, by page path relative to ``site`` (canary included)."""
    node = shutil.which("node")
    require_tools(
        ("Node (node)", node is not None),
        ("Chromium (/usr/bin/chromium)", CHROMIUM.is_file()),
        (str(AXE_CORE.relative_to(REPOSITORY)), AXE_CORE.is_file()),
    )
    files = [*pages, site / "canary.html"]
    command = [str(node), str(AXE_SCRIPT), *map(str, files)]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    results: dict[str, list[dict[str, Any]]] = json.loads(finished.stdout)
    assert sorted(results) == sorted(map(str, files)), "axe.mjs did not check every page"
    return {_relative(site, Path(file)): violations for file, violations in results.items()}


def _relative(site: Path, path: Path) -> str:
    return str(path.relative_to(site)) if path.is_relative_to(site) else str(path)


def test_the_checkers_report_the_canary_faults(
    nu_messages: dict[str, list[dict[str, Any]]], axe_violations: dict[str, list[dict[str, Any]]]
) -> None:
    texts = [message["message"] for message in nu_messages["canary.html"]]
    assert any("Duplicate ID" in text for text in texts), texts
    assert any("alt" in text for text in texts), texts
    assert "image-alt" in [violation["id"] for violation in axe_violations["canary.html"]]


def test_every_page_passes_the_nu_html_checker(
    nu_messages: dict[str, list[dict[str, Any]]],
) -> None:
    errors = [
        f"{page}:{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}: "
        f"{message.get('type')}: {message['message']}"
        for page, messages in nu_messages.items()
        if page != "canary.html"
        for message in messages
        if not PAGED_MEDIA_CSS.fullmatch(message["message"])
    ]
    assert not errors, "the Nu HTML Checker found errors:\n" + "\n".join(errors)


def test_every_page_passes_axe(axe_violations: dict[str, list[dict[str, Any]]]) -> None:
    found = [
        f"{page}: {violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "\n".join(f"    {node['target']}" for node in violation["nodes"])
        for page, violations in axe_violations.items()
        if page != "canary.html"
        for violation in violations
    ]
    assert not found, "axe-core found violations:\n" + "\n".join(found)


def test_a_report_starts_with_its_title_and_summary(site: Path, pages: list[Path]) -> None:
    for page in pages:
        if not page.name.startswith("ethics-code.") and page.parent.name != "serve":
            main = page.read_text(encoding="utf-8").split("<main>", 1)[1]
            assert main.index("<h1>") < main.index("<section"), page
