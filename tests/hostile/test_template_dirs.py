"""Template directories (issue 13, classes 1, 13 and 16): a template reads only inside its
own directory and the built-ins; a values file names template directories only inside its
own folder; a PDF fetches only stylesheets, images and fonts of the template directories
and attaches nothing; fingerprinting a directory is bounded; no path gives a traceback."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ethos import build
from ethos.errors import EthosError
from ethos.publish.manifest import MAX_DIRECTORY_ENTRIES, templates_fingerprint
from ethos.wording.theme import Theme

from helpers import inflated_streams, values_data, write_tree, write_values

CANARY = "CANARY-7c2f-never-in-an-output"
OUTSIDE = (
    "is outside the folder of this values file — a values file names template directories "
    "only inside its own folder; pass another directory with --templates"
)


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A folder outside every values file's folder, holding a canary under many names."""
    folder = write_tree(
        tmp_path / "secret",
        dict.fromkeys(("shadow", "shadow.j2", "chapter.md.j2", "leak.md.j2"), CANARY),
    )
    (folder / "sections").mkdir()
    (folder / "sections" / "values.md.j2").write_text(CANARY, encoding="utf-8")
    return folder


def company(tmp_path: Path, **overrides: Any) -> Path:
    """A values file in its own folder ``tmp_path/company``."""
    folder = tmp_path / "company"
    folder.mkdir(exist_ok=True)
    return write_values(folder, values_data(**overrides))


def outputs_text(out: Path) -> bytes:
    return b"".join(
        inflated_streams(path.read_bytes()) if path.suffix == ".pdf" else path.read_bytes()
        for path in out.rglob("*")
        if path.is_file()
    )


# --- Class 1: a values file names template directories only inside its own folder --------


def test_the_issue_case_values_file_dir_outside_and_a_cli_template_including_it(
    tmp_path: Path, secret: Path, cli: Any
) -> None:
    mine = write_tree(tmp_path / "mine", {"chapter.md.j2": '{% include "shadow" %}\n'})
    source = company(tmp_path, templates=str(secret))
    result = cli("build", source, "--templates", mine, "-f", "md", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert (
        result.output.splitlines()[0]
        == f"{source}:12:12: templates: template directory {secret} {OUTSIDE}"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "named", ["/etc", "../secret", "sub/../../secret", "./../secret", "link", "sub/link-up"]
)
def test_a_values_file_names_no_directory_outside_its_folder(
    tmp_path: Path, secret: Path, cli: Any, named: str
) -> None:
    folder = tmp_path / "company"
    (folder / "sub").mkdir(parents=True)
    (folder / "link").symlink_to(secret)
    (folder / "sub" / "link-up").symlink_to(Path("..") / "..")
    source = company(tmp_path, templates=named)
    result = cli("check", source)
    assert result.exit_code == 1, result.output
    shown = Path(named)  # as the file says it, normalised ("./../x" is "../x")
    assert f"{source}:12:12: templates: template directory {shown} {OUTSIDE}" in result.output
    result = cli("build", source, "-f", "md", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists()


def test_a_directory_outside_is_the_users_to_pass_on_the_command_line(
    tmp_path: Path, cli: Any
) -> None:
    shared = write_tree(tmp_path / "shared", {"chapter.md.j2": "Shared chapter\n"})
    source = company(tmp_path)
    result = cli("build", source, "--templates", shared, "-f", "md", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out/test-co/ethics-code.en.md").read_text() == "Shared chapter\n"


def test_a_directory_inside_the_folder_still_overrides(tmp_path: Path, cli: Any) -> None:
    write_tree(tmp_path / "company/tpl/deep", {"chapter.md.j2": "Own chapter\n"})
    source = company(tmp_path, templates="tpl/deep")
    result = cli("build", source, "-f", "md", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out/test-co/ethics-code.en.md").read_text() == "Own chapter\n"


# --- Class 1: a template reads only inside its own directory (and the built-ins) ---------


@pytest.mark.parametrize(
    "template",
    [
        '{% include "shadow" %}',
        '{% include "shadow.j2" %}',
        '{% include ["nothing.j2", "shadow.j2"] %}',
        '{% import "shadow.j2" as leaked %}{{ leaked }}',
        '{% from "shadow.j2" import x %}',
        '{% extends "leak.md.j2" %}',
        '{% include "leak.md.j2" ignore missing %}fine',
        '{% include "\\x00dir1/shadow.j2" %}',
    ],
)
def test_a_template_never_reads_another_directory(
    tmp_path: Path, secret: Path, template: str
) -> None:
    """Both directories given on the command line: still no reading across."""
    mine = write_tree(tmp_path / "mine", {"chapter.md.j2": template + "\n"})
    source = company(tmp_path)
    try:
        build(source, formats=["md"], out_dir=tmp_path / "out", template_dirs=[mine, secret])
    except EthosError as error:
        assert CANARY not in str(error)
    assert (
        CANARY.encode() not in outputs_text(tmp_path / "out")
        if (tmp_path / "out").exists()
        else True
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ('{% include "/etc/passwd" %}', "template '/etc/passwd' not found"),
        ('{% include "../secret/shadow.j2" %}', "template '../secret/shadow.j2' not found"),
        ('{% include "shadow" %}', "template 'shadow' not found"),
        ('{% include "notes.txt" %}', "'notes.txt' in MINE is not a template (*.j2) or stylesheet"),
        ('{% include "out.j2" %}', "template 'out.j2' is a symlink to SECRET/shadow.j2, outside"),
        ('{% include "inner/x.j2" %}', "template 'inner/x.j2' is a symlink to SECRET/shadow.j2"),
    ],
)
def test_what_a_template_may_not_read_is_named(
    tmp_path: Path, secret: Path, cli: Any, template: str, message: str
) -> None:
    mine = write_tree(tmp_path / "mine", {"chapter.md.j2": template + "\n", "notes.txt": CANARY})
    (mine / "out.j2").symlink_to(secret / "shadow.j2")
    (mine / "inner").symlink_to(secret, target_is_directory=True)
    (secret / "x.j2").symlink_to(secret / "shadow.j2")
    source = company(tmp_path)
    result = cli("build", source, "-t", mine, "-t", secret, "-f", "md", "-o", tmp_path / "o")
    assert result.exit_code == 1, result.output
    expected = message.replace("MINE", str(mine.resolve())).replace("SECRET", str(secret))
    assert f"error: {mine}/chapter.md.j2:1: {expected}" in " ".join(result.output.split())
    assert CANARY not in result.output
    assert not (tmp_path / "o").exists()


def test_ordered_lookup_still_overrides_built_in_sections(tmp_path: Path, cli: Any) -> None:
    """The built-in chapter includes sections by name: every user directory may replace
    one, and an override that extends ``!default/`` still gets the other's sections."""
    first = write_tree(
        tmp_path / "first",
        {"chapter.md.j2": '{% extends "!default/chapter.md.j2" %}'},
    )
    write_tree(tmp_path / "company/tpl", {"sections/values.md.j2": "## Our own values\n"})
    source = company(tmp_path, templates="tpl")
    result = cli("build", source, "-t", first, "-f", "md", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "## Our own values" in (tmp_path / "out/test-co/ethics-code.en.md").read_text()


def test_a_symlinked_stylesheet_pointing_out_is_a_message(
    tmp_path: Path, secret: Path, cli: Any
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "style.css").symlink_to(secret / "shadow")
    source = company(tmp_path)
    result = cli("build", source, "-t", mine, "-f", "html", "-o", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert " ".join(result.output.split()) == (
        f"error: style.css: template 'style.css' is a symlink to {secret}/shadow, outside the "
        f"template directory {mine} — ethos reads templates only inside it"
    )


def test_a_stylesheet_that_loops_or_is_a_fifo_is_a_message(tmp_path: Path, cli: Any) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "style.css").symlink_to(mine / "style.css")
    source = company(tmp_path)
    result = cli("build", source, "-t", mine, "-f", "html", "-o", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    (mine / "style.css").unlink()
    os.mkfifo(mine / "style.css")
    result = cli("build", source, "-t", mine, "-f", "html", "-o", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert "error: style.css: template 'style.css' is not a regular file" in result.output


# --- Class 1: a PDF fetches only assets of the template directories, attaches nothing ----


@pytest.mark.pdf
def test_no_fetch_or_attachment_reaches_the_pdf(tmp_path: Path, secret: Path) -> None:
    canary = secret / "canary.txt"
    canary.write_text(CANARY, encoding="utf-8")
    secret_css = secret / "s.css"
    secret_css.write_text(f'body::after {{ content: "{CANARY}" }}', encoding="utf-8")
    inside = f"{CANARY}-inside"
    mine = write_tree(
        tmp_path / "mine",
        {
            "notes.yaml": inside,
            "own.css": "h1 { color: #123456 }",
            "page.html.j2": (
                '{% extends "!default/page.html.j2" %}{% block extra_css %}'
                f'@import url("{secret_css.as_uri()}"); @import url("notes.yaml");'
                f'body {{ background: url("{canary.as_uri()}") }}'
                "{% endblock %}{% block main %}"
                f'<a rel="attachment" href="{canary.as_uri()}">a</a>'
                '<a rel="attachment" href="notes.yaml">b</a>'
                '<a rel="attachment" href="own.css">c</a>'
                '<link rel="attachment" href="own.css">'
                f'<link rel="stylesheet" href="{secret_css.as_uri()}">'
                f'<img src="file:///etc/passwd" alt=""><img src="notes.yaml" alt="">'
                "{{ super() }}{% endblock %}"
            ),
        },
    )
    (mine / "up.css").symlink_to(secret_css)
    source = company(tmp_path)
    result = build(source, formats=["pdf"], out_dir=tmp_path / "out", template_dirs=[mine])
    refused = " ".join(w.message for w in result.warnings)
    for url in (
        canary.as_uri(),
        secret_css.as_uri(),
        "file:///etc/passwd",
        "notes.yaml",
        "own.css",
    ):
        assert url in refused, url
    content = outputs_text(tmp_path / "out")
    assert CANARY.encode() not in content
    assert b"/EmbeddedFile" not in content
    assert b"/FileAttachment" not in content


# --- Class 13: fingerprinting a template directory is bounded ----------------------------


def test_fingerprint_reads_only_usable_files_and_streams_them(tmp_path: Path) -> None:
    directory = write_tree(tmp_path / "tpl", {"chapter.md.j2": "x", "style.css": "y"})
    before = templates_fingerprint(Theme([directory]))
    with (directory / "huge.bin").open("wb") as file:  # 1 GB, sparse: not a usable kind
        file.truncate(2**30)
    (directory / "notes.txt").write_text("anything")
    started = time.monotonic()
    assert templates_fingerprint(Theme([directory])) == before
    assert time.monotonic() - started < 2
    (directory / "style.css").write_text("z")
    assert templates_fingerprint(Theme([directory])) != before


def test_a_huge_asset_is_refused_with_a_message(tmp_path: Path, cli: Any) -> None:
    directory = write_tree(tmp_path / "tpl", {"chapter.md.j2": "x"})
    with (directory / "photo.png").open("wb") as file:
        file.truncate(2**30)
    source = company(tmp_path)
    result = cli("build", source, "-t", directory, "-f", "md", "-o", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == (
        f"error: {directory}/photo.png: over 64 MB — a template directory holds templates, "
        "stylesheets, images and fonts of at most 64 MB each"
    )


def test_a_directory_with_too_many_entries_is_refused(tmp_path: Path, cli: Any) -> None:
    directory = tmp_path / "tpl"
    directory.mkdir()
    for number in range(MAX_DIRECTORY_ENTRIES + 1):
        (directory / f"{number}.txt").touch()
    source = company(tmp_path)
    result = cli("build", source, "-t", directory, "-f", "md", "-o", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == (
        f"error: {directory}: over {MAX_DIRECTORY_ENTRIES:,} files and folders — not a "
        "template directory? Pass --templates a folder of templates, stylesheets, images "
        "and fonts"
    )


def test_fingerprint_follows_no_symlink_out(tmp_path: Path, secret: Path) -> None:
    directory = write_tree(tmp_path / "tpl", {"chapter.md.j2": "x"})
    before = templates_fingerprint(Theme([directory]))
    (directory / "big.css").symlink_to(secret / "shadow")
    (directory / "all").symlink_to("/", target_is_directory=True)
    (directory / "loop.css").symlink_to(directory / "loop.css")
    assert templates_fingerprint(Theme([directory])) == before


# --- Class 16: paths in `templates:` and --templates give messages, never tracebacks -----


@pytest.mark.parametrize(
    ("named", "message"),
    [
        ("a\x00b", "template directory a\\x00b contains a NUL character — remove it"),
        ("x" * 300, f"template directory {'x' * 300} cannot be read (File name too long)"),
        ("loop", "template directory loop does not exist"),
        ("file.txt", "template directory file.txt does not exist"),
    ],
)
def test_odd_templates_paths_are_messages(
    tmp_path: Path, cli: Any, named: str, message: str
) -> None:
    source = company(tmp_path, templates=named)
    (source.parent / "loop").symlink_to(source.parent / "loop")
    (source.parent / "file.txt").touch()
    result = cli("check", source)
    assert result.exit_code == 1, result.output
    assert f"{source}:12:12: templates: {message}" in result.output


@pytest.mark.parametrize("named", ["a\x00b", "x" * 5000, "loop", "/dev/null", "/proc/self/fd/0"])
def test_odd_cli_template_paths_are_messages(
    tmp_path: Path, cli: Any, named: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    source = company(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = cli("build", source, "-t", named, "-f", "md", "-o", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    expected = "embedded null byte" if "\x00" in named else "no such template directory"
    assert expected in result.output


PATH_PIECES = st.sampled_from(
    ["..", ".", "/", "//", "loop", "link", "tpl", "file.txt", "fifo", "\x00", "x" * 255,
     "x" * 4100, "~", "$HOME", "*", "\n", " ", "é", "\u202e", "C:\\", "/etc", "/dev/zero",
     "/proc/self", "tpl/style.css", "none"]
)  # fmt: skip
PATHS = st.lists(PATH_PIECES | st.text(max_size=20), min_size=1, max_size=6).map("/".join)
PATH_PROPERTY = settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    deadline=None,
    # Each example is a whole build: 60 in the suite, 3/5 of the profile's under `make fuzz`.
    max_examples=max(1, settings.default.max_examples * 3 // 5),
)


def _fuzz_tree(tmp_path: Path) -> Path:
    folder = tmp_path / "company"
    if not folder.exists():
        write_tree(folder / "tpl", {"chapter.md.j2": "Own\n"})
        (folder / "loop").symlink_to(folder / "loop")
        (folder / "link").symlink_to("/etc")
        (folder / "file.txt").touch()
        os.mkfifo(folder / "fifo")
        (folder / "tpl" / "style.css").symlink_to(folder / "loop")
    return folder


@PATH_PROPERTY
@given(named=PATHS, on_command_line=st.booleans())
def test_fuzzed_template_paths_never_give_a_traceback(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch, named: str, on_command_line: bool
) -> None:
    folder = _fuzz_tree(tmp_path)
    monkeypatch.chdir(folder)  # relative --templates paths meet the same odd tree
    if on_command_line:
        source = write_values(folder)
        result = cli("build", source, "-t", named, "-f", "md,html", "-o", tmp_path / "out")
    else:
        source = write_values(folder, values_data(templates=named))
        result = cli("build", source, "-f", "md,html", "-o", tmp_path / "out")
    assert result.exit_code in {0, 1, 2}, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
