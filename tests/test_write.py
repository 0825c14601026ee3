"""Write stage: slugs that cannot escape, atomic replacement, refusing to clobber inputs."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ethos import build
from ethos.errors import OutputError
from ethos.system.write import confined_path, output_lock, slugify, write_atomic

from helpers import values_data, write_values


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Acme Outfitters", "acme-outfitters"),
        ("Café Ñandú & Co., Inc.", "cafe-nandu-co-inc"),
        ("../../etc/passwd", "etc-passwd"),
        ("/absolute", "absolute"),
        ("CON", "company-con-"),
        ("海港百货", "company-"),
        ("a" * 500, "a" * 60),
    ],
)
def test_slugs_are_safe_directory_names(name: str, slug: str) -> None:
    result = slugify(name)
    assert result.startswith(slug)
    assert "/" not in result and ".." not in result and "\0" not in result and 0 < len(result) <= 69


def test_confined_path_refuses_to_leave_the_output_directory(tmp_path: Path) -> None:
    assert confined_path(tmp_path, "acme", "x.md") == (tmp_path / "acme" / "x.md").resolve()
    for parts in (("..", "x"), ("/etc", "passwd"), (".",)):
        with pytest.raises(OutputError, match="refusing to write outside"):
            confined_path(tmp_path, *parts)


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "chapter.md"
    target.write_text("old and good")

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(target, b"new")
    assert target.read_text() == "old and good"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["chapter.md"]


def test_successful_write_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "chapter.md"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert sorted(path.name for path in target.parent.iterdir()) == ["chapter.md"]


def test_build_refuses_to_write_over_its_own_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "test-co").mkdir(parents=True)
    source = write_values(out / "test-co", values_data(), name="ethics-code.en.md")
    with pytest.raises(OutputError, match="it is one of this build's inputs"):
        build(source, formats=["md"], out_dir=out)
    assert source.read_text().startswith("ethos: 1")


def test_hostile_company_name_stays_under_out(tmp_path: Path) -> None:
    data = values_data()
    data["company"]["name"] = "../../../../tmp/evil"
    result = build(write_values(tmp_path, data), formats=["md"], out_dir=tmp_path / "out")
    assert [path.relative_to(tmp_path / "out").as_posix() for path in result.outputs] == [
        "tmp-evil/ethics-code.en.md"
    ]


@pytest.mark.parametrize(
    ("errno_code", "reason"), [(28, "No space left on device"), (13, "Permission denied")],
    ids=["disk-full", "permission"],
)  # fmt: skip
def test_disk_full_or_permission_denied_mid_build_keeps_every_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errno_code: int, reason: str
) -> None:
    source = write_values(tmp_path, values_data())
    first = build(source, formats=["md", "html"], out_dir=tmp_path / "out").outputs
    before = {path: path.read_bytes() for path in first}
    write_values(tmp_path, values_data(values=["courtesy"]))  # so the rebuild writes
    real_fsync = os.fsync
    calls = {"n": 0}

    def failing_fsync(descriptor: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the second file of the set
            raise OSError(errno_code, reason)
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OutputError, match=reason):
        build(source, formats=["md", "html"], out_dir=tmp_path / "out")
    assert {path: path.read_bytes() for path in first} == before  # the whole old set
    assert not [p for p in (tmp_path / "out" / "test-co").iterdir() if p.name.endswith(".tmp")]


def test_concurrent_builds_leave_one_complete_set(tmp_path: Path) -> None:
    """Two processes build the same company at once; the outputs and manifest agree."""
    source = write_values(tmp_path, values_data())
    code = (
        "import sys; from pathlib import Path; from ethos import build\n"
        "build(Path(sys.argv[1]), formats=['md', 'html'], out_dir=Path(sys.argv[2]), force=True)\n"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", code, str(source), str(tmp_path / "out")])
        for _ in range(4)
    ]
    assert [run.wait() for run in runs] == [0, 0, 0, 0]
    directory = tmp_path / "out" / "test-co"
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    for name, entry in manifest["outputs"].items():
        assert hashlib.sha256((directory / name).read_bytes()).hexdigest() == entry["sha256"]
    assert not [p for p in directory.iterdir() if p.name.endswith(".tmp")]
    assert build(source, formats=["md", "html"], out_dir=tmp_path / "out").outputs == []


def test_a_build_leaves_only_its_outputs_and_manifest(tmp_path: Path) -> None:
    """No lock file or temporary is left in the output tree for `git add output` to commit;
    one an earlier build left behind is removed."""
    source = write_values(tmp_path, values_data())
    out = tmp_path / "out"
    (out / "test-co").mkdir(parents=True)
    (out / "test-co" / ".ethos.lock").touch()
    result = build(source, formats=["md", "html"], out_dir=out)
    left = sorted(path.relative_to(out).as_posix() for path in out.rglob("*"))
    assert left == [
        "test-co",
        "test-co/ethics-code.en.html",
        "test-co/ethics-code.en.md",
        "test-co/manifest.json",
    ]
    assert len(result.outputs) == 2


def test_builds_of_one_company_take_turns(tmp_path: Path) -> None:
    """While one build holds a company's output directory, another waits for it."""
    source = write_values(tmp_path, values_data())
    directory = tmp_path / "out" / "test-co"
    code = (
        "import sys; from pathlib import Path; from ethos import build\n"
        "build(Path(sys.argv[1]), formats=['md'], out_dir=Path(sys.argv[2]) / 'warm-up')\n"
        "print('ready', flush=True)\n"
        "build(Path(sys.argv[1]), formats=['md'], out_dir=Path(sys.argv[2]) / 'out')\n"
    )
    with output_lock(directory):
        waiting = subprocess.Popen(
            [sys.executable, "-c", code, str(source), str(tmp_path)], stdout=subprocess.PIPE
        )
        assert waiting.stdout is not None
        assert waiting.stdout.readline() == b"ready\n"
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=2)
        assert list(directory.iterdir()) == []
    assert waiting.wait(timeout=60) == 0
    assert (directory / "ethics-code.en.md").is_file()
