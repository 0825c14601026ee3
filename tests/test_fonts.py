"""Never ship tofu: fonts are checked before rendering, and a missing glyph fails the build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ethos import build
from ethos.errors import RenderError
from ethos.render.fonts import FontCoverageError, check_coverage, family_ranges, uncovered

from conftest import EXAMPLES
from helpers import values_data, write_values

pytestmark = pytest.mark.pdf

EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def test_installed_families_report_what_they_cover() -> None:
    assert family_ranges("No Such Font Family") == ()
    assert uncovered("Grüße, 你好, اردو", ["Noto Serif"]) == list("你好اردو")
    assert uncovered("你好。", ["Noto Serif CJK SC"]) == []
    assert uncovered("ہماری اقدار ٹ ڈ ڑ ں ے", ["Noto Naskh Arabic"]) == []
    # Spaces, joiners and direction marks need no glyph of their own.
    assert uncovered("a\u00a0b\u200c\u200f\u00ad", ["Noto Serif"]) == []


def test_characters_outside_every_font_stop_the_pdf_before_rendering() -> None:
    with pytest.raises(FontCoverageError) as caught:
        check_coverage("Honesty 𓀀 and 🦩", "en")
    message = str(caught.value)
    assert message.startswith(
        "the English (en) chapter has 2 distinct characters that none of its fonts (Noto Serif, "
        "DejaVu Serif, Noto Sans, DejaVu Sans) can draw: 𓀀 (U+13000) 🦩 (U+1F9A9) — "
    )
    assert "remove them from the values file" in message


def test_a_values_file_with_undrawable_text_writes_no_pdf(tmp_path: Path) -> None:
    data = values_data(company={"name": "Flamingo 🦩 Ltd", "ethics_contact": {"email": "e@x.io"}})
    out = tmp_path / "out"
    with pytest.raises(FontCoverageError, match=r"🦩 \(U\+1F9A9\)"):
        build(write_values(tmp_path, data), formats=["md", "pdf"], out_dir=out)
    assert not out.exists()  # nothing written, not even the Markdown


def missing_fonts_build(tmp_path: Path, language: str) -> subprocess.CompletedProcess[str]:
    """`ethos build` of an example with fontconfig pointed at an empty font set."""
    config = tmp_path / "fonts.conf"
    config.write_text(EMPTY_FONTCONFIG.format(cache=tmp_path / "cache"), encoding="utf-8")
    environment = {**os.environ, "FONTCONFIG_FILE": str(config)}
    command = [sys.executable, "-m", "ethos", "build", str(EXAMPLES[0]), "--lang", language,
               "--format", "pdf", "--out", str(tmp_path / "out")]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=False)


@pytest.mark.parametrize(
    ("language", "name", "package"),
    [
        ("zh", "Chinese (zh)", "packages fonts-noto-cjk fonts-noto-core"),
        ("ur", "Urdu (ur)", "package fonts-noto-core"),
    ],
)
def test_missing_fonts_give_a_clear_error_naming_the_package(
    tmp_path: Path, language: str, name: str, package: str
) -> None:
    result = missing_fonts_build(tmp_path, language)
    assert result.returncode == 1, result.stderr
    message = " ".join(result.stderr.split())
    assert message.startswith(f"error: the {name} chapter has "), message
    assert "that none of its fonts" in message
    assert f"install the Debian {package} (apt-get install" in message
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_notdef_glyph_that_slips_through_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ethos.render import pdf as render_pdf

    monkeypatch.setattr(render_pdf, "check_coverage", lambda text, language, setup: None)
    data = values_data(
        company={"name": "Private \U000f0001 Use", "ethics_contact": {"email": "e@x.io"}}
    )
    with pytest.raises(RenderError, match=r"WeasyPrint drew a missing glyph in the en chapter"):
        build(write_values(tmp_path, data), formats=["pdf"], out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()
