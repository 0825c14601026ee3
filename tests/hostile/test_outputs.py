"""Issue 13, classes 4, 5, 7 (batch) and 8: what a build writes, and what it must not.

4. A build never writes over one of its inputs (values file, group file, template), named
   by the same path, a symlink or a hard link.
5. Files whose company names give one output folder fail before anything is written.
7. In a batch, a file that fails fails alone, whatever it raised, even if it kills its
   worker process.
8. The outputs and the manifest are one all-or-nothing set: a target that cannot be
   replaced is found before anything is replaced, and a failed rename is undone.

After every failure the previous outputs must be byte for byte what they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ethos import BuildOptions
from ethos import build as build_file
from ethos.errors import OutputError
from ethos.publish import batch
from ethos.publish.plan import plan_build

from helpers import values_data, write_values

Cli = Callable[..., Any]
SUMMARY = re.compile(r"(\d+) built, (\d+) up to date, (\d+) failed in [\d.]+ s")


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every entry under ``root``: a file's bytes, or what else it is."""
    entries: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_symlink():
            entries[name] = f"symlink to {path.readlink()}"
        elif path.is_file():
            entries[name] = path.read_bytes()
        else:
            entries[name] = "directory" if path.is_dir() else "other"
    return entries


def company(name: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = values_data(**overrides)
    data["company"]["name"] = name
    return data


def summary(stderr: str) -> tuple[int, int, int]:
    found = SUMMARY.search(stderr)
    assert found, stderr
    built, up_to_date, failed = (int(count) for count in found.groups())
    return built, up_to_date, failed


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in tmp_path, so messages name files as a user would type them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- Class 4: a build never writes over its inputs ------------------------------------


def refused(output: str, what: str, folder: str = "out/test-co") -> str:
    return (
        f"error: refusing to write {output}: it is one of this build's inputs ({what}) — keep "
        f"inputs out of {folder} (move {output} away) or build into another --out; nothing "
        "was written\n"
    )


def test_a_values_file_named_manifest_json_in_the_output_folder_is_not_overwritten(
    cli: Cli, here: Path
) -> None:
    """The issue's case: it was replaced by the manifest, exit 0."""
    (here / "out" / "test-co").mkdir(parents=True)
    source = write_values(here / "out" / "test-co", values_data(), name="manifest.json")
    before = snapshot(here / "out")
    result = cli("build", "out/test-co/manifest.json", "-f", "md", "-o", "out")
    assert result.exit_code == 1
    path = "out/test-co/manifest.json"
    assert result.stderr == refused(path, f"the values file {path}")
    assert snapshot(here / "out") == before
    assert source.read_text(encoding="utf-8").startswith("ethos: 1")
    # --check says so too, instead of calling it out of date for ever.
    checked = cli("build", "--check", path, "-f", "md", "-o", "out")
    assert (checked.exit_code, checked.stderr) == (1, refused(path, f"the values file {path}"))


def test_a_group_file_named_like_an_output_is_not_overwritten(cli: Cli, here: Path) -> None:
    """The issue's second case: the group file became the chapter."""
    (here / "out" / "test-co").mkdir(parents=True)
    write_values(here / "out" / "test-co", values_data(), name="ethics-code.en.md")
    (here / "child.yaml").write_text(
        "extends: out/test-co/ethics-code.en.md\nethos: 1\n", encoding="utf-8"
    )
    before = snapshot(here)
    result = cli("build", "child.yaml", "-f", "md,html", "-o", "out")
    assert result.exit_code == 1
    group = "out/test-co/ethics-code.en.md"
    assert result.stderr == refused(group, f"the group file {group}, which child.yaml extends")
    assert snapshot(here) == before


@pytest.mark.parametrize("link", ["symlink", "hard link"])
@pytest.mark.parametrize("output", ["ethics-code.en.html", "manifest.json"])
def test_an_input_linked_into_the_output_folder_is_not_overwritten(
    cli: Cli, here: Path, link: str, output: str
) -> None:
    """An earlier build's outputs stay as they were, and so does the linked values file."""
    source = write_values(here)
    assert cli("build", "values.yaml", "-f", "md,html", "-o", "out").exit_code == 0
    target = here / "out" / "test-co" / output
    target.unlink()
    if link == "symlink":
        target.symlink_to(os.path.relpath(source, target.parent))
    else:
        os.link(source, target)
    write_values(here, values_data(values=["courtesy"]))  # so that a build would write
    before = snapshot(here)
    result = cli("build", "values.yaml", "-f", "md,html", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr == refused(f"out/test-co/{output}", "the values file values.yaml")
    assert snapshot(here) == before


def test_a_symlinked_group_file_in_the_output_folder_is_not_overwritten(
    cli: Cli, here: Path
) -> None:
    (here / "groups").mkdir()
    write_values(here / "groups", values_data(), name="retail.yaml")
    (here / "child.yaml").write_text("extends: groups/retail.yaml\nethos: 1\n", encoding="utf-8")
    (here / "out" / "test-co").mkdir(parents=True)
    (here / "out" / "test-co" / "ethics-code.en.md").symlink_to("../../groups/retail.yaml")
    before = snapshot(here)
    result = cli("build", "child.yaml", "-f", "md", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr == refused(
        "out/test-co/ethics-code.en.md",
        "the group file groups/retail.yaml, which child.yaml extends",
    )
    assert snapshot(here) == before


def test_an_output_folder_inside_a_template_directory_is_refused(cli: Cli, here: Path) -> None:
    write_values(here)
    (here / "tpl").mkdir()
    before = snapshot(here)
    result = cli("build", "values.yaml", "-f", "md", "-t", "tpl", "-o", "tpl/out")
    assert result.exit_code == 1
    assert result.stderr == refused(
        "tpl/out/test-co/ethics-code.en.md", "in the template directory tpl", "tpl/out/test-co"
    )
    assert snapshot(here) == before


@pytest.mark.parametrize("inside", [False, True], ids=["values-folder", "company-folder"])
def test_building_into_the_folder_of_the_values_file_is_fine(
    cli: Cli, here: Path, inside: bool
) -> None:
    """Sharing a folder is not overwriting: a values file beside the outputs, under a name
    that is not an output's, is read and left alone."""
    folder = here / "values" / ("test-co" if inside else "")
    folder.mkdir(parents=True)
    source = write_values(folder)
    text = source.read_bytes()
    result = cli("build", source.relative_to(here), "-f", "md,html", "-o", "values")
    assert result.exit_code == 0, result.stderr
    assert source.read_bytes() == text
    assert (here / "values" / "test-co" / "ethics-code.en.md").is_file()


# --- Class 5: companies whose names give one output folder ---------------------------


def collision(file: str, name: str, others: str, folder: str = "out/acme-inc") -> str:
    return (
        f"{file}:3:9: company.name: {name} gives the same output folder, {folder}, as "
        f"{others} — make the names differ in letters or digits, or build the files into "
        "separate --out folders; none of them was written"
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_two_companies_whose_names_slug_alike_both_fail_and_the_others_build(
    cli: Cli, here: Path, jobs: str
) -> None:
    """The issue's case (without its zero-width space, which class 10 may refuse): the
    batch said "2 built" and one chapter was gone."""
    write_values(here, company("Acme Inc"), name="a.yaml")
    write_values(here, company("ACME, INC."), name="b.yaml")
    write_values(here, company("Other Co"), name="c.yaml")
    result = cli("build", "a.yaml", "b.yaml", "c.yaml", "-f", "md", "-o", "out", "-j", jobs)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert collision("a.yaml", "'Acme Inc'", "'ACME, INC.' (b.yaml)") in lines
    assert collision("b.yaml", "'ACME, INC.'", "'Acme Inc' (a.yaml)") in lines
    assert "failed: a.yaml" in lines and "failed: b.yaml" in lines
    assert summary(result.stderr) == (1, 0, 2)
    assert sorted(p.name for p in (here / "out").iterdir()) == ["other-co"]


def test_the_issues_zero_width_space_case_never_loses_a_chapter(cli: Cli, here: Path) -> None:
    """Whether the name is refused (class 10) or collides, "2 built" is a lie."""
    write_values(here, company("Acme Inc"), name="a.yaml")
    write_values(here, company("ACME,\u200b INC."), name="b.yaml")
    result = cli("build", "a.yaml", "b.yaml", "-f", "md", "-o", "out")
    assert result.exit_code == 1
    assert "failed: b.yaml" in result.stderr.splitlines()
    chapter = here / "out" / "acme-inc" / "ethics-code.en.md"
    assert not chapter.exists() or "\u200b" not in chapter.read_text(encoding="utf-8")


def test_a_third_company_in_the_same_folder_is_named_in_every_message(cli: Cli, here: Path) -> None:
    """The previous chapter in that folder stays exactly as it was."""
    write_values(here, company("Acme Inc"), name="a.yaml")
    assert cli("build", "a.yaml", "-f", "md", "-o", "out").exit_code == 0
    before = snapshot(here / "out")
    write_values(here, company("Acme Inc", values=["courtesy"]), name="a.yaml")
    write_values(here, company("ACME, INC."), name="b.yaml")
    write_values(here, company("acme inc"), name="c.yaml")
    result = cli("build", "a.yaml", "b.yaml", "c.yaml", "-f", "md", "-o", "out")
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if "company.name" in line] == [
        collision("a.yaml", "'Acme Inc'", "'ACME, INC.' (b.yaml) and 'acme inc' (c.yaml)"),
        collision("b.yaml", "'ACME, INC.'", "'Acme Inc' (a.yaml) and 'acme inc' (c.yaml)"),
        collision("c.yaml", "'acme inc'", "'Acme Inc' (a.yaml) and 'ACME, INC.' (b.yaml)"),
    ]
    assert summary(result.stderr) == (0, 0, 3)
    assert snapshot(here / "out") == before


def test_a_collision_through_a_group_file_points_at_the_group_file(cli: Cli, here: Path) -> None:
    write_values(here, company("Acme Inc"), name="group.yaml")
    (here / "a.yaml").write_text("extends: group.yaml\nethos: 1\n", encoding="utf-8")
    write_values(here, company("ACME INC"), name="b.yaml")
    result = cli("build", "a.yaml", "b.yaml", "-f", "md", "-o", "out")
    assert result.exit_code == 1
    assert collision("group.yaml", "'Acme Inc'", "'ACME INC' (b.yaml)") in result.stderr
    assert not (here / "out").exists()


def test_one_file_named_twice_is_not_a_collision(cli: Cli, here: Path) -> None:
    write_values(here, company("Acme Inc"), name="a.yaml")
    result = cli("build", "a.yaml", "./a.yaml", "-f", "md", "-o", "out")
    assert result.exit_code == 0, result.stderr
    assert (here / "out" / "acme-inc" / "ethics-code.en.md").is_file()


def test_build_check_reports_a_collision(cli: Cli, here: Path) -> None:
    write_values(here, company("Acme Inc"), name="a.yaml")
    write_values(here, company("ACME INC"), name="b.yaml")
    result = cli("build", "--check", "a.yaml", "b.yaml", "-f", "md", "-o", "out")
    assert result.exit_code == 1
    assert collision("a.yaml", "'Acme Inc'", "'ACME INC' (b.yaml)") in result.stderr
    assert collision("b.yaml", "'ACME INC'", "'Acme Inc' (a.yaml)") in result.stderr


# --- Class 7 (batch): a file that fails fails alone -----------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_files_of_every_kind_fail_alone(cli: Cli, here: Path, jobs: str) -> None:
    """A symlink loop raised an OSError that ended the whole batch in a traceback."""
    write_values(here, company("First Co"), name="first.yaml")
    write_values(here, company("Second Co"), name="second.yaml")
    (here / "syntax.yaml").write_text("ethos: [\n", encoding="utf-8")
    (here / "loop.yaml").symlink_to("loop.yaml")
    (here / "folder.yaml").mkdir()
    files = ["first.yaml", "syntax.yaml", "loop.yaml", "missing.yaml", "folder.yaml"]
    result = cli("build", *files, "second.yaml", "-f", "md", "-o", "out", "-j", jobs)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for bad in files[1:]:
        assert f"failed: {bad}" in lines
    assert summary(result.stderr) == (2, 0, 4)
    assert sorted(p.name for p in (here / "out").iterdir()) == ["first-co", "second-co"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_unexpected_error_fails_its_file_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    paths = [write_values(tmp_path, company(f"Co {n}"), name=f"{n}.yaml") for n in range(3)]

    def flaky_plan(path: Path, options: BuildOptions, theme: Any) -> Any:
        if path.name == "1.yaml":
            raise RuntimeError("something no one expected")
        return plan_build(path, options, theme)

    # Every build plans its file first, in a worker or not.
    monkeypatch.setattr("ethos.publish.build.plan_build", flaky_plan)
    options = BuildOptions(formats=["md"], out_dir=tmp_path / "out", jobs=jobs)
    outcomes = {o.source.name: o for o in batch.build_many(paths, options)}
    assert [outcomes[f"{n}.yaml"].status for n in range(3)] == ["built", "failed", "built"]
    assert outcomes["1.yaml"].error == (
        f"{paths[1]}: unexpected RuntimeError: something no one expected — the other files "
        "were built; please report this with the file"
    )


def test_a_file_that_kills_its_worker_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dead worker broke the whole pool: every file in flight failed with it."""
    paths = [write_values(tmp_path, company(f"Co {n}"), name=f"{n}.yaml") for n in range(5)]

    def deadly_plan(path: Path, options: BuildOptions, theme: Any) -> Any:
        if path.name == "2.yaml":
            os._exit(9)  # as the kernel's OOM killer or a native crash would end it
        return plan_build(path, options, theme)

    monkeypatch.setattr("ethos.publish.build.plan_build", deadly_plan)
    options = BuildOptions(formats=["md"], out_dir=tmp_path / "out", jobs=2)
    outcomes = {o.source.name: o for o in batch.build_many(paths, options)}
    assert sorted(outcomes) == [f"{n}.yaml" for n in range(5)]
    assert outcomes["2.yaml"].status == "failed"
    # A file whose worker finished it just before the pool broke, but whose result was
    # lost with the pool, is built again alone and found up to date: either way its
    # chapter is there and it did not fail.
    for n in (0, 1, 3, 4):
        assert outcomes[f"{n}.yaml"].status in {"built", "up to date"}
        assert (tmp_path / "out" / f"co-{n}" / "ethics-code.en.md").is_file()
    assert outcomes["2.yaml"].error == (
        f"{paths[2]}: the worker process building it stopped (killed, out of memory or "
        "crashed) — the other files were built; build this one alone to see more"
    )


def test_build_check_goes_on_after_a_file_that_fails(cli: Cli, here: Path) -> None:
    write_values(here, company("First Co"), name="first.yaml")
    write_values(here, company("Second Co"), name="second.yaml")
    (here / "syntax.yaml").write_text("ethos: [\n", encoding="utf-8")
    result = cli("build", "--check", "syntax.yaml", "second.yaml", "-f", "md", "-o", "out")
    assert result.exit_code == 1
    assert result.stdout == "out of date: out/second-co/ethics-code.en.md\n"
    assert result.stderr.startswith("syntax.yaml:2:1: YAML syntax error")


# --- Class 8: the outputs and the manifest are one set --------------------------------


@pytest.fixture
def built(cli: Cli, here: Path) -> Path:
    """A complete earlier build (md and html), then a changed values file to rebuild."""
    write_values(here)
    assert cli("build", "values.yaml", "-f", "md,html", "-o", "out").exit_code == 0
    write_values(here, values_data(values=["courtesy"]))
    return here / "out" / "test-co"


def cannot_write(path: Path, problem: str) -> str:
    return f"error: cannot write {path.resolve()}: {problem}; nothing was written\n"


def test_a_directory_named_manifest_json_leaves_the_previous_outputs(cli: Cli, built: Path) -> None:
    """The issue's case: the outputs were replaced, then the manifest failed (exit 1)."""
    (built / "manifest.json").unlink()
    (built / "manifest.json").mkdir()
    before = snapshot(built)
    result = cli("build", "values.yaml", "-f", "md,html", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr == cannot_write(
        built / "manifest.json", "it is a directory — move it away and run again"
    )
    assert snapshot(built) == before


def test_a_directory_where_an_output_should_be_leaves_the_previous_outputs(
    cli: Cli, built: Path
) -> None:
    (built / "ethics-code.en.html").unlink()
    (built / "ethics-code.en.html").mkdir()
    before = snapshot(built)
    result = cli("build", "values.yaml", "-f", "md,html", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr == cannot_write(
        built / "ethics-code.en.html", "it is a directory — move it away and run again"
    )
    assert snapshot(built) == before


@pytest.mark.parametrize("name", ["ethics-code.en.html", "manifest.json"])
def test_a_read_only_output_is_protected(cli: Cli, built: Path, name: str) -> None:
    """A file made read-only was protected on purpose: a rename would replace it anyway."""
    (built / name).chmod(0o444)
    before = snapshot(built)
    result = cli("build", "values.yaml", "-f", "md,html", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr == cannot_write(
        built / name,
        "it is read-only — make it writable (chmod u+w) or move it away, and run again",
    )
    assert snapshot(built) == before


def test_a_fifo_where_the_manifest_should_be_is_refused(cli: Cli, built: Path) -> None:
    (built / "manifest.json").unlink()
    os.mkfifo(built / "manifest.json")
    result = cli("build", "values.yaml", "-f", "md,html", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr == cannot_write(
        built / "manifest.json", "it is not a regular file — move it away and run again"
    )
    assert sorted(p.name for p in built.iterdir() if p.name.endswith(".tmp")) == []


def test_a_rename_that_fails_midway_puts_back_what_it_replaced(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a rename fail after the checks (a race, an odd file system), the files
    already renamed into place are put back: the set stays the old one."""
    before = snapshot(built)
    real_replace = Path.replace
    renamed: list[str] = []

    def failing_replace(self: Path, target: Any) -> Path:
        if str(self).endswith(".tmp"):
            renamed.append(Path(target).name)
            if len(renamed) == 3:  # the manifest, after both chapters
                raise OSError(5, "Input/output error")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", failing_replace)
    with pytest.raises(OutputError, match="Input/output error"):
        build_file(Path("values.yaml"), formats=["md", "html"], out_dir=Path("out"))
    assert renamed == ["ethics-code.en.md", "ethics-code.en.html", "manifest.json"]
    assert snapshot(built) == before


def test_after_the_obstacle_is_gone_the_set_is_whole(cli: Cli, built: Path) -> None:
    (built / "manifest.json").unlink()
    (built / "manifest.json").mkdir()
    assert cli("build", "values.yaml", "-f", "md,html", "-o", "out").exit_code == 1
    (built / "manifest.json").rmdir()
    assert cli("build", "values.yaml", "-f", "md,html", "-o", "out").exit_code == 0
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["outputs"]) == ["ethics-code.en.html", "ethics-code.en.md"]
    for name, entry in manifest["outputs"].items():
        assert hashlib.sha256((built / name).read_bytes()).hexdigest() == entry["sha256"]
    assert sorted(p.name for p in built.iterdir()) == [
        "ethics-code.en.html",
        "ethics-code.en.md",
        "manifest.json",
    ]
