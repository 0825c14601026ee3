"""The company's look (``company.logo``, ``company.accent_colour``) in every format, the
colour's contrast, the logo's confinement and checks, and rebuilds when the logo changes."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from docx.oxml.ns import qn

from ethos import build
from ethos.publish.build import stale_outputs

from helpers import SVG_LOGO as SVG
from helpers import png_logo as png
from helpers import write_text

ACCENT = "#1a5fb4"
RULE = "#afc7e5"
"""The accent's tint that rules are drawn in (ethos.values.brand.tint)."""
MAX_LOGO_BYTES = 1024 * 1024
COMPANY = """ethos: 1
company:
  name: Test Co
  ethics_contact: {email: ethics@test.example}
"""
REST = """document:
  version: "1.0"
  effective_date: 2026-02-01
values: [courtesy, honesty]
"""
HEADER = COMPANY + REST


def branded(directory: Path, look: str, files: dict[str, bytes] | None = None) -> Path:
    """A values file whose company has ``look`` (its logo and accent colour lines, from
    line 5) and the ``files`` beside it."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in (files or {}).items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_bytes(data)
    return write_text(directory, COMPANY + look + REST)


def check_output(cli: Any, path: Path) -> str:
    result = cli("check", path)
    assert result.exit_code == 1, result.output
    return str(result.stderr)


# The accent colour


def test_contrast_is_wcag_2_relative_luminance() -> None:
    from ethos.values.brand import contrast_ratio, passing_shade, tint

    assert round(contrast_ratio("#000000"), 2) == 21.0
    assert round(contrast_ratio("#ffffff"), 2) == 1.0
    # WCAG's classic pair: #767676 is the lightest grey with 4.5:1 on white, #777777 fails.
    assert round(contrast_ratio("#767676"), 2) == 4.54
    assert round(contrast_ratio("#777777"), 2) == 4.48
    shade = passing_shade("#6fa8dc")
    assert contrast_ratio(shade) >= 4.5 > contrast_ratio("#6fa8dc")
    assert passing_shade(ACCENT) == ACCENT
    assert tint("#1f4e79") == "#b1c1d0"  # close to the built-in rule, #b9c4cf
    assert tint(ACCENT) == RULE


def test_a_light_accent_colour_is_refused_with_its_ratio_and_a_shade_that_passes(
    tmp_path: Path, cli: Any
) -> None:
    path = branded(tmp_path, '  accent_colour: "#6FA8DC"\n')
    assert check_output(cli, path) == (
        f"{path}:5:18: company.accent_colour: #6fa8dc is too light: its contrast on the white "
        "page is 2.52:1, and WCAG AA asks 4.5:1 of text such as the headings set in it — "
        "darken it; #50799e passes (4.59:1)\n1 problem found.\n"
    )


def test_an_unquoted_colour_is_a_comment_and_says_so(tmp_path: Path, cli: Any) -> None:
    path = branded(tmp_path, "  accent_colour: #1a5fb4\n")
    assert check_output(cli, path) == (
        f"{path}:5:17: company.accent_colour: no colour — in YAML a # starts a comment, so "
        'put the colour in quotes: "#1a5fb4"\n1 problem found.\n'
    )


def test_a_colour_that_is_not_rrggbb_is_refused(tmp_path: Path, cli: Any) -> None:
    path = branded(tmp_path, "  accent_colour: navy\n")
    assert check_output(cli, path) == (
        f"{path}:5:18: company.accent_colour: 'navy' is not a colour — write it as "
        '"#RRGGBB" in quotes, e.g. "#1a5fb4"\n1 problem found.\n'
    )


# The logo in every format


def pdf_xobjects(data: bytes, page: int) -> list[str]:
    """The subtypes of the XObjects page ``page`` (0-based) draws."""
    resources = pypdf.PdfReader(io.BytesIO(data)).pages[page]["/Resources"]
    found = resources.get("/XObject") or {}
    return sorted(str(xobject.get_object()["/Subtype"]) for xobject in found.values())


def pictures(part: Any) -> list[Any]:
    """The ``a:blip`` of every picture in a python-docx part's XML."""
    return list(part.element.iter(qn("a:blip")))


@pytest.mark.pdf
@pytest.mark.parametrize("kind", ["png", "svg"])
def test_the_logo_and_accent_colour_reach_every_format(tmp_path: Path, kind: str) -> None:
    logo = png() if kind == "png" else SVG.encode()
    (tmp_path / "plain").mkdir()
    plain = write_text(tmp_path / "plain", HEADER)
    path = branded(
        tmp_path,
        f'  logo: brand/logo.{kind}\n  accent_colour: "{ACCENT}"\n',
        {f"brand/logo.{kind}": logo},
    )
    formats = ["md", "html", "pdf", "docx"]
    result = build(path, formats=formats, out_dir=tmp_path / "out")
    outputs = {output.suffix: output.read_bytes() for output in result.outputs}
    unbranded = build(plain, formats=["md", "html"], out_dir=tmp_path / "plain-out")
    plain_outputs = {output.suffix: output.read_bytes() for output in unbranded.outputs}

    # Markdown is the chapter's text, for review and diff: no picture, the same bytes.
    assert outputs[".md"] == plain_outputs[".md"]

    html = outputs[".html"].decode("utf-8")
    media = "image/png" if kind == "png" else "image/svg+xml"
    cover = re.search(
        r'<img class="cover-logo" src="data:([^;]+);base64,([^"]+)" alt="([^"]+)"', html
    )
    assert cover is not None
    assert cover[1] == media and cover[3] == "Test Co logo"
    assert f"--accent: {ACCENT};" in html and f"--rule: {RULE};" in html
    assert f'background: url("data:{media};base64,' in html  # the running header
    plain_html = plain_outputs[".html"].decode("utf-8")
    assert f"--accent: {ACCENT}" not in plain_html and "<img" not in plain_html

    pdf = outputs[".pdf"]
    drawn = "/Image" if kind == "png" else "/Form"  # WeasyPrint draws an SVG as vectors
    assert drawn in pdf_xobjects(pdf, 0)  # the cover
    assert drawn in pdf_xobjects(pdf, 1)  # the running header of the next page

    document = docx.Document(io.BytesIO(outputs[".docx"]))
    cover_pictures = pictures(document.part)
    header_pictures = pictures(document.sections[0].header.part)
    assert len(cover_pictures) == 1 and len(header_pictures) == 1
    assert document.paragraphs[1].text == "Test Co"  # the logo's paragraph comes first
    assert pictures(document.sections[0].first_page_header.part) == []
    with zipfile.ZipFile(io.BytesIO(outputs[".docx"])) as package:
        media_files = {name: package.read(name) for name in package.namelist() if "media/" in name}
    if kind == "png":
        assert list(media_files.values()) == [logo]  # one part, in the cover and the header
    else:
        assert media_files["word/media/logo.svg"] == logo
        assert len(media_files) == 2  # and the PNG drawn from it, for other readers
        for blip in (*cover_pictures, *header_pictures):
            extension = blip.find(f"{qn('a:extLst')}/{qn('a:ext')}")
            assert extension is not None and len(extension) == 1
    word_accent = ACCENT.lstrip("#").upper()
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings
    for heading in headings:
        assert str(heading.style.font.color.rgb) == word_accent
        assert all(run.font.color.rgb is None for run in heading.runs)  # the style's colour
    rule = document.styles["Heading 1"].element.find(f".//{qn('w:pBdr')}/{qn('w:bottom')}")
    assert rule.get(qn("w:color")) == RULE.lstrip("#").upper()


# Logos that are refused


def refusal(tmp_path: Path, cli: Any, logo: str, files: dict[str, bytes]) -> str:
    path = branded(tmp_path, f"  logo: {logo}\n", files)
    output = check_output(cli, path)
    prefix = f"{path}:5:9: company.logo: logo {logo} "
    assert output.startswith(prefix) and output.endswith("\n1 problem found.\n"), output
    return output[len(prefix) : -len("\n1 problem found.\n")]


def test_a_logo_outside_the_folder_is_refused(tmp_path: Path, cli: Any) -> None:
    (tmp_path / "logo.png").write_bytes(png())
    message = (
        "is outside the folder of the file that names it — put the logo in that folder "
        "(or a folder below it) and name it by a relative path"
    )
    assert refusal(tmp_path / "company", cli, "../logo.png", {}) == message
    assert refusal(tmp_path / "company", cli, str(tmp_path / "logo.png"), {}) == message


def test_a_logo_symlinked_out_of_the_folder_is_refused(tmp_path: Path, cli: Any) -> None:
    (tmp_path / "secret.png").write_bytes(png())
    (tmp_path / "company" / "brand").mkdir(parents=True)
    (tmp_path / "company" / "brand" / "logo.png").symlink_to(tmp_path / "secret.png")
    assert refusal(tmp_path / "company", cli, "brand/logo.png", {}) == (
        "is outside the folder of the file that names it — put the logo in that folder "
        "(or a folder below it) and name it by a relative path"
    )


def test_a_missing_or_too_big_logo_is_refused(tmp_path: Path, cli: Any) -> None:
    assert refusal(tmp_path, cli, "brand/none.svg", {}) == "cannot be read: no such file"
    padded = SVG.encode() + b"<!--" + b"x" * MAX_LOGO_BYTES + b"-->"
    assert refusal(tmp_path, cli, "big.svg", {"big.svg": padded}) == (
        f"is {len(padded):,} bytes, over the 1,048,576-byte limit — a logo is a few kilobytes"
    )
    assert refusal(tmp_path, cli, "wide.png", {"wide.png": png(5000, 2)}) == (
        "is 5000 × 2 pixels — a logo may be at most 4096 pixels on each side; export it "
        "smaller (a few hundred pixels is plenty)"
    )


def test_a_logo_that_is_not_what_its_name_says_is_refused(tmp_path: Path, cli: Any) -> None:
    assert refusal(tmp_path, cli, "logo.png", {"logo.png": b"GIF89a not a png"}) == (
        "is not a PNG image (it lacks the PNG signature) — export it again as PNG"
    )
    assert refusal(tmp_path, cli, "cut.png", {"cut.png": png()[:-20]}) == (
        "is a damaged PNG (cut short, or its header is missing) — export it again"
    )
    assert refusal(tmp_path, cli, "logo.gif", {"logo.gif": b"GIF89a"}) == (
        "is neither an SVG nor a PNG file — export the logo as .svg or .png"
    )
    assert refusal(tmp_path, cli, "logo.svg", {"logo.svg": png()}) == (
        "is not a readable SVG file (not well-formed (invalid token), line 1) — export the "
        "logo again as plain SVG, or as PNG"
    )


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4">\n'
            "<script>alert(1)</script></svg>",
            "has <script> on line 2 — a logo cannot run scripts or hold HTML; export the logo "
            "again as plain SVG, or as PNG",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4" onload="alert(1)"/>',
            "has an event handler (onload on <svg>) on line 1 — a logo cannot run scripts; "
            "export the logo again as plain SVG, or as PNG",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            'viewBox="0 0 4 4">\n\n<image xlink:href="https://tracker.example/logo.png"/></svg>',
            "has a reference to https://tracker.example/logo.png (<image>) on line 3 — a logo "
            "must hold everything it draws (embed pictures, or export the logo as PNG)",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><use href="file:///etc/'
            'passwd#x"/></svg>',
            "has a reference to file:///etc/passwd#x (<use>) on line 1 — a logo must hold "
            "everything it draws (embed pictures, or export the logo as PNG)",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><style>@import '
            "url(https://fonts.example/a.css);</style></svg>",
            "has a stylesheet that loads from outside the file on line 1 — a logo must hold "
            "everything it draws; export the logo again as plain SVG, or as PNG",
        ),
        (
            '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4">&x;</svg>',
            "has a DOCTYPE that declares entities on line 1 — export the logo again as plain "
            "SVG, or as PNG",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>',
            "has no size: its <svg> element needs a viewBox, or a width and a height — export "
            "the logo again as plain SVG, or as PNG",
        ),
    ],
    ids=["script", "onload", "external-image", "file-use", "import", "entity", "no-size"],
)
def test_an_svg_logo_that_runs_or_fetches_anything_is_refused(
    tmp_path: Path, cli: Any, svg: str, message: str
) -> None:
    assert refusal(tmp_path, cli, "logo.svg", {"logo.svg": svg.encode()}) == message


def test_an_svg_logo_may_hold_its_own_gradients_and_pictures(tmp_path: Path, cli: Any) -> None:
    svg = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="30mm" height="10mm"><defs><linearGradient id="g"><stop offset="0"/>'
        '</linearGradient></defs><rect width="9" height="9" style="fill:url(#g)"/>'
        '<image xlink:href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/></svg>'
    )
    path = branded(tmp_path, "  logo: logo.svg\n", {"logo.svg": svg.encode()})
    result = cli("check", path)
    assert result.exit_code == 0, result.output


def test_a_group_files_logo_is_found_beside_the_group_file(tmp_path: Path, cli: Any) -> None:
    """company: is merged key by key: the group gives the logo, the company its colour."""
    group = tmp_path / "group.yaml"
    group.write_text("ethos: 1\ncompany:\n  logo: brand/logo.svg\n", encoding="utf-8")
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "logo.svg").write_text(SVG, encoding="utf-8")
    company = tmp_path / "company"
    company.mkdir()
    path = write_text(
        company,
        "extends: ../group.yaml\n" + COMPANY + f'  accent_colour: "{ACCENT}"\n' + REST,
    )
    result = cli("check", path)
    assert result.exit_code == 0, result.output
    (tmp_path / "brand" / "logo.svg").write_text("<svg", encoding="utf-8")
    shown_group = company / "../group.yaml"
    assert cli("check", path).stderr == (
        f"{shown_group}:3:9: company.logo: logo brand/logo.svg is not a readable SVG file "
        "(unclosed token, line 1) — export the logo again as plain SVG, or as PNG\n"
        "1 problem found.\n"
    )


# Rebuilds


def test_an_edited_logo_makes_the_outputs_stale(tmp_path: Path) -> None:
    path = branded(tmp_path, "  logo: logo.png\n", {"logo.png": png()})
    out = tmp_path / "out"
    first = build(path, formats=["md", "html"], out_dir=out)
    assert len(first.outputs) == 2
    assert stale_outputs(path, formats=["md", "html"], out_dir=out) == []
    (tmp_path / "logo.png").write_bytes(png(24, 9))
    assert len(stale_outputs(path, formats=["md", "html"], out_dir=out)) == 2
    again = build(path, formats=["md", "html"], out_dir=out)
    assert len(again.outputs) == 2 and again.up_to_date == []
    assert stale_outputs(path, formats=["md", "html"], out_dir=out) == []


def test_the_preview_shows_the_logo_and_reloads_when_it_changes(tmp_path: Path) -> None:
    from ethos.preview.serve import Preview

    path = branded(tmp_path, "  logo: logo.svg\n", {"logo.svg": SVG.encode()})
    preview = Preview(path, None, ())
    assert b'<img class="cover-logo" src="data:image/svg+xml;base64,' in preview.page.html
    assert preview.is_input(None, str(tmp_path / "logo.svg"))
