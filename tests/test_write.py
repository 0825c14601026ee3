"""Write stage: slugs that cannot escape, atomic replacement, refusing to clobber inputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ethos import build
from ethos.errors import OutputError
from ethos.write import confined_path, slugify, write_atomic

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
