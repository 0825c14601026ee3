"""Issue 13, class 16 (the values path and `extends:`): messages instead of tracebacks.

A symlink loop, a name too long for the system, a NUL byte or an I/O error in the path of
a values file ended in a traceback. A path on the command line is now a message and exit
2; a path inside a file (`extends:`) is that file's mistake, located, exit 1.

`make fuzz` runs the property at the end at scale.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ethos import check
from ethos.cli.app import app
from ethos.errors import UnreadableInputError

from helpers import values_data, write_values

GROUP = "give the path of a group file"
LONG = "a" * 300 + ".yaml"


def _invoke(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(arguments))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loop-a").symlink_to("loop-b")
    (tmp_path / "loop-b").symlink_to("loop-a")
    (tmp_path / "folder").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("loop-a", "error: loop-a: cannot be read: too many levels of symbolic links — check the path"),
        (LONG, f"error: {LONG}: cannot be read: file name too long — check the path"),
        ("folder", "error: folder: not a file — give the path of a values file"),
        ("/proc/self/mem", "error: /proc/self/mem: cannot be read: input/output error — check the path"),
    ],
)  # fmt: skip
def test_a_bad_path_on_the_command_line_is_exit_2(here: Path, path: str, expected: str) -> None:
    if path.startswith("/proc") and not Path(path).exists():
        pytest.skip("no /proc here")
    assert _invoke("check", path) == (2, expected + "\n")


def test_a_nul_byte_in_a_path_given_to_the_library(here: Path) -> None:
    """The command line refuses it as a usage error; the library says the same as data."""
    with pytest.raises(UnreadableInputError) as raised:
        check([Path("a\0b.yaml")])
    assert raised.value.exit_code == 2
    assert str(raised.value) == ("a\\0b.yaml: the path contains a NUL byte — check the path")
    assert _invoke("check", "a\0b.yaml")[0] == 2


@pytest.mark.parametrize(
    ("extends", "expected"),
    [
        ("loop-a", f"loop-a: cannot be read: too many levels of symbolic links — {GROUP}"),
        (LONG, f"{LONG}: cannot be read: file name too long — {GROUP}"),
        ("a\0b.yaml", "contains the control character U+0000 — remove it (it is invisible, "
         "and no document needs it)"),
        ("a\x1b[31mb.yaml", "contains the control character U+001B — remove it (it is "
         "invisible, and no document needs it)"),
        ("folder", f"folder: not a file — {GROUP}"),
        ("missing.yaml", f"missing.yaml: no such file — {GROUP}"),
        ("/proc/self/mem", f"/proc/self/mem: cannot be read: input/output error — {GROUP}"),
        ("/" + "d/" * 3000 + "x.yaml", f"{'/' + 'd/' * 3000}x.yaml: cannot be read: file "
         f"name too long — {GROUP}"),
    ],
)  # fmt: skip
def test_a_bad_extends_path_is_located_exit_1(here: Path, extends: str, expected: str) -> None:
    if extends.startswith("/proc") and not Path(extends).exists():
        pytest.skip("no /proc here")
    write_values(here, values_data(extends=extends), "shop.yaml")
    code, output = _invoke("check", "shop.yaml")
    line = next(number for number, text in enumerate(
        (here / "shop.yaml").read_text(encoding="utf-8").splitlines(), 1) if "extends" in text)  # fmt: skip
    assert (code, output) == (1, f"shop.yaml:{line}:10: extends: {expected}\n1 problem found.\n")


def test_a_values_file_under_proc_is_read_no_further_than_the_limit(here: Path) -> None:
    """Files under /proc say they are empty; reading one whole could take any amount of memory."""
    if not Path("/proc/self/environ").exists():
        pytest.skip("no /proc here")
    code, output = _invoke("check", "/proc/self/environ")
    assert code == 1
    assert output.startswith("/proc/self/environ:1:1: binary file")


# What the fuzzer builds `extends:` values from: the pieces that broke (loops, long names,
# NUL, /proc, directories), path syntax, and any text at all.
PIECES = st.sampled_from(
    ["..", ".", "/", "loop-a", "folder", "group.yaml", "shadow", "/proc/self/mem", "/dev/null",
     "/etc", "~", "@HEAD", "\0", "a" * 256, "x" * 4097, "\\", "*", "%s", "\n", " "]
)  # fmt: skip
EXTENDS = st.text(max_size=60) | st.lists(PIECES | st.text(max_size=8), max_size=8).map("/".join)


@pytest.fixture(scope="module")
def fuzz_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "loop-a").symlink_to("loop-b")
        (folder / "loop-b").symlink_to("loop-a")
        (folder / "folder").mkdir()
        (folder / "shadow").write_text("root:$6$hash:1:::\n", encoding="utf-8")
        write_values(folder, values_data(), "group.yaml")
        yield folder


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(extends=EXTENDS)
def test_any_extends_path_gives_a_message_never_a_traceback(
    fuzz_folder: Path, extends: str
) -> None:
    path = fuzz_folder / "shop.yaml"
    path.write_text(
        yaml.safe_dump(values_data(extends=extends), allow_unicode=True), encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"traceback for extends: {extends!r}"
    )
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.output
    assert "root:$6$hash" not in result.output
