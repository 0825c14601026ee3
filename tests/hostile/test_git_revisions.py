"""`FILE@REV` (issue 13, classes 2 and 16): a revision or a path is never read by git as an
option, a file at a revision is read from its own repository only, and every bad diff
argument is a message with exit 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from ethos.errors import UnreadableInputError
from ethos.values.sources import Source

from helpers import values_data, write_values

HINT = "give a branch, a tag, a commit hash or a form like HEAD~1 after @"
CANARY = "CANARY-git-7d41-never-read"


def git(directory: Path, *arguments: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.email=t@t", "-c", "user.name=t", "-c", "init.defaultBranch=main",
         *arguments],
        cwd=directory, check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip


def commit_all(directory: Path, message: str = "commit") -> str:
    git(directory, "add", "-A")
    git(directory, "commit", "-qm", message)
    return git(directory, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with values.yaml committed twice (v1 then v2); the working directory."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    write_values(root, values_data())
    commit_all(root, "v1")
    data = values_data()
    data["document"]["version"] = "2.0"
    write_values(root, data)
    commit_all(root, "v2")
    monkeypatch.chdir(root)
    return root


def files_under(directory: Path) -> set[str]:
    return {
        str(path.relative_to(directory))
        for path in directory.rglob("*")
        if ".git" not in path.relative_to(directory).parts
    }


def short(root: Path, revision: str = "HEAD") -> str:
    return git(root, "rev-parse", revision)[:12]


# -- Class 2: git option injection ------------------------------------------------------


def test_output_option_as_revision_writes_no_file(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    # git show appended ":./values.yaml" to the option's value: with a folder named
    # "pwn:." present, `git show --output=pwn:./values.yaml` wrote into it.
    (repo / "pwn:.").mkdir()
    elsewhere = repo.parent / "elsewhere:."
    elsewhere.mkdir()
    before = files_under(repo.parent)
    for target in ("pwn", str(repo.parent / "elsewhere")):
        result = cli("diff", f"values.yaml@--output={target}", "values.yaml")
        assert result.exit_code == 2, result.output
        assert result.output == (
            f"error: values.yaml@--output={target}: the revision '--output={target}' starts "
            f"with '-', so git would take it as an option — {HINT}\n"
        )
    assert files_under(repo.parent) == before


def test_format_option_cannot_supply_the_old_text(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    # With a commit without changes on top, `git show --format=...` printed only the
    # attacker's text: a valid values file for a company that was never in the repository.
    git(repo, "commit", "-q", "--allow-empty", "-m", "empty")
    forged = (
        "ethos: 1%ncompany: {name: Evil Co, ethics_contact: {email: e%x40evil.example}}%n"
        "document: {version: '0.1', effective_date: 2020-01-01}%nvalues: [honesty]%n#"
    )
    result = cli("diff", f"values.yaml@--format={forged}", "values.yaml", "-f", "json")
    assert result.exit_code == 2, result.output
    assert "Evil Co" not in result.output.replace(f"--format={forged}", "")
    assert result.output == (
        f"error: values.yaml@--format={forged}: the revision '--format={forged}' starts with "
        f"'-', so git would take it as an option — {HINT}\n"
    )


@pytest.mark.parametrize(
    ("revision", "shown", "problem"),
    [
        ("-p", "-p", "starts with '-', so git would take it as an option"),
        (
            "--upload-pack=touch pwned",
            "--upload-pack=touch pwned",
            "starts with '-', so git would take it as an option",
        ),
        ("--all", "--all", "starts with '-', so git would take it as an option"),
        (
            "--show-toplevel",
            "--show-toplevel",
            "starts with '-', so git would take it as an option",
        ),
        ("--git-dir=/tmp", "--git-dir=/tmp", "starts with '-', so git would take it as an option"),
        (
            "--end-of-options",
            "--end-of-options",
            "starts with '-', so git would take it as an option",
        ),
        (
            "HEAD --output=pwned",
            "HEAD --output=pwned",
            "contains a space, a line break or another invisible character",
        ),
        (
            "HEAD\n--output=pwned",
            "HEAD\\u000a--output=pwned",
            "contains a space, a line break or another invisible character",
        ),
        (
            "HEAD\t-p",
            "HEAD\\u0009-p",
            "contains a space, a line break or another invisible character",
        ),
        (
            "\x1b[31mHEAD",
            "\\u001b[31mHEAD",
            "contains a space, a line break or another invisible character",
        ),
        (
            "HEAD\u202e",
            "HEAD\\u202e",
            "contains a space, a line break or another invisible character",
        ),
        ("HEAD~1..HEAD", "HEAD~1..HEAD", "contains '..', which is not part of one revision's name"),
        (
            "HEAD:../../etc/passwd",
            "HEAD:../../etc/passwd",
            "contains ':', which is not part of one revision's name",
        ),
        (
            "HEAD:values.yaml",
            "HEAD:values.yaml",
            "contains ':', which is not part of one revision's name",
        ),
        ("refs/heads/*", "refs/heads/*", "contains '*', which is not part of one revision's name"),
        ("H" * 201, "H" * 201, "is longer than 200 characters"),
    ],
)
def test_revisions_that_are_not_revisions_are_refused(  # type: ignore[no-untyped-def]
    cli, repo: Path, revision: str, shown: str, problem: str
) -> None:
    before = files_under(repo.parent)
    result = cli("diff", f"values.yaml@{revision}", "values.yaml")
    assert result.exit_code == 2, result.output
    assert result.output == (
        f"error: values.yaml@{shown}: the revision '{shown}' {problem} — {HINT}\n"
    )
    assert files_under(repo.parent) == before


@pytest.mark.parametrize("revision", ["HEAD~1", "HEAD^", "main~1", "v1", "HEAD~1^{commit}", "FULL"])
def test_revision_forms_that_name_a_commit_are_read(cli, repo: Path, revision: str) -> None:  # type: ignore[no-untyped-def]
    first = git(repo, "rev-parse", "HEAD~1")
    git(repo, "tag", "v1", first)
    revision = first if revision == "FULL" else revision
    result = cli("diff", f"values.yaml@{revision}", "values.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.output)["old"]["version"] == "1.0"


@pytest.mark.parametrize("revision", ["nope", "HEAD~99", "HEAD^{tree}", "0" * 40, "v9"])
def test_unknown_revision(cli, repo: Path, revision: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("diff", f"values.yaml@{revision}", "values.yaml")
    assert result.exit_code == 2, result.output
    assert result.output == (
        f"error: values.yaml@{revision}: '{revision}' names no commit in the git repository "
        "— check the name with `git log`\n"
    )


def test_path_that_looks_like_an_option_is_a_path(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    for name in ("-p.yaml", "--output=pwned.yaml", ":(glob)*.yaml"):
        write_values(repo, values_data(), name)
    commit_all(repo)
    before = files_under(repo.parent)
    for name in ("-p.yaml", "--output=pwned.yaml", ":(glob)*.yaml"):
        result = cli("diff", "-f", "json", "--", f"{name}@HEAD", "values.yaml")
        assert result.exit_code == 0, result.output
        assert yaml.safe_load(result.output)["old"]["source"] == f"{name}@HEAD"
    assert files_under(repo.parent) == before


def test_symlink_in_the_repository_is_not_followed(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    secret = repo.parent / "secret.yaml"
    secret.write_text(yaml.safe_dump(values_data(company={"name": CANARY})), encoding="utf-8")
    (repo / "link.yaml").symlink_to(secret)
    (repo / "relative.yaml").symlink_to("../secret.yaml")
    commit_all(repo)
    for name in ("link.yaml", "relative.yaml"):
        result = cli("diff", f"{name}@HEAD", "values.yaml")
        assert result.exit_code == 2, result.output
        assert result.output == (
            f"error: {name}@HEAD: is a symbolic link in revision HEAD ({short(repo)}) — give "
            "the path of a values file\n"
        )


def test_group_file_at_a_revision_stays_in_the_repository(  # type: ignore[no-untyped-def]
    cli, repo: Path, tmp_path: Path
) -> None:
    # Another repository beside this one holds a group file with the canary.
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    write_values(other, values_data(company={"name": CANARY}), "group.yaml")
    commit_all(other)
    (repo / "linked").symlink_to(other)
    attempts = {
        "../other/group.yaml": "../other/group.yaml",
        str(other / "group.yaml"): str(other / "group.yaml"),
        "linked/../../other/group.yaml": "linked/../../other/group.yaml",
    }
    for extends, shown in attempts.items():
        write_values(repo, {"ethos": 1, "extends": extends, **values_data()}, "child.yaml")
        commit_all(repo)
        result = cli("diff", "child.yaml@HEAD", "values.yaml")
        assert result.exit_code == 2, result.output
        assert CANARY not in result.output
        assert result.output == (
            f"error: {shown}@HEAD: "
            "outside the git repository of child.yaml — at a revision, a group file is read "
            "from the same repository; give a path inside it\n"
        )
    # Through a symlinked folder committed in this repository: git's tree has no such file.
    write_values(repo, {"ethos": 1, "extends": "linked/group.yaml", **values_data()}, "child.yaml")
    commit_all(repo)
    result = cli("diff", "child.yaml@HEAD", "values.yaml")
    assert result.exit_code == 1, result.output
    assert result.output == (
        f"child.yaml@HEAD:2:10: extends: linked/group.yaml: not in revision HEAD ({short(repo)}) "
        "— give the path of a group file\n1 problem found.\n"
    )


def test_group_file_is_read_from_the_same_commit(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "groups").mkdir()
    write_values(repo / "groups", {"ethos": 1, "values": ["courtesy", "honesty"]}, "g.yaml")
    child = values_data()
    del child["values"]
    write_values(repo, {"ethos": 1, "extends": "groups/g.yaml", **child}, "child.yaml")
    commit_all(repo)
    write_values(repo / "groups", {"ethos": 1, "values": ["courtesy", "empathy"]}, "g.yaml")
    result = cli("diff", "child.yaml@HEAD", "child.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    changes = yaml.safe_load(result.output)["changes"]
    assert {change["kind"] for change in changes} == {"value_added", "value_removed"}


def test_directory_and_oversized_file_at_a_revision(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "sub").mkdir()
    write_values(repo / "sub", values_data())
    (repo / "big.yaml").write_bytes(b"#" * (1024 * 1024 + 1))
    commit_all(repo)
    result = cli("diff", "sub@HEAD", "values.yaml")
    assert result.exit_code == 2, result.output
    assert result.output == (
        f"error: sub@HEAD: is a directory in revision HEAD ({short(repo)}) — give the path of "
        "a values file\n"
    )
    result = cli("diff", "big.yaml@HEAD", "values.yaml")
    assert result.exit_code == 1, result.output
    assert result.output.startswith(
        "big.yaml@HEAD:1:1: file is 1,048,577 bytes, over the 1,048,576-byte limit"
    )


def test_library_refuses_the_same_revisions() -> None:
    with pytest.raises(UnreadableInputError) as raised:
        Source.parse("values.yaml@--output=x").read_text()
    assert raised.value.exit_code == 2
    assert str(raised.value) == (
        "values.yaml@--output=x: the revision '--output=x' starts with '-', so git would take "
        f"it as an option — {HINT}"
    )


# -- Class 16: bad diff arguments are messages, exit 2 ----------------------------------


def test_nul_in_a_diff_argument(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("diff", "val\0ues.yaml@HEAD", "values.yaml")
    assert (result.exit_code, result.output) == (
        2, "error: val\\u0000ues.yaml@HEAD: the path contains a NUL byte — check the path\n"
    )  # fmt: skip
    result = cli("diff", "values.yaml", "val\0ues.yaml")
    assert (result.exit_code, result.output) == (
        2, "error: val\\0ues.yaml: the path contains a NUL byte — check the path\n"
    )  # fmt: skip


def test_overlong_names_in_diff_arguments(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    name = "n" * 300 + ".yaml"
    result = cli("diff", f"{name}@HEAD", "values.yaml")
    assert (result.exit_code, result.output) == (
        2,
        f"error: {name}@HEAD: not in revision HEAD ({short(repo)}) — check the path and the "
        "revision with `git log`\n",
    )
    result = cli("diff", "values.yaml", name)
    assert (result.exit_code, result.output) == (
        2, f"error: {name}: cannot be read: file name too long — check the path\n"
    )  # fmt: skip
    folder = "d" * 300
    result = cli("diff", f"{folder}/values.yaml@HEAD", "values.yaml")
    assert (result.exit_code, result.output) == (
        2,
        f"error: {folder}/values.yaml@HEAD: its folder cannot be opened: File name too long — "
        "check the path\n",
    )


def test_symlink_loops_in_diff_arguments(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "loop-a").symlink_to("loop-b")
    (repo / "loop-b").symlink_to("loop-a")
    result = cli("diff", "values.yaml", "loop-a")
    assert (result.exit_code, result.output) == (
        2, "error: loop-a: cannot be read: too many levels of symbolic links — check the path\n"
    )  # fmt: skip
    result = cli("diff", "loop-a/values.yaml@HEAD", "values.yaml")
    assert (result.exit_code, result.output) == (
        2,
        "error: loop-a/values.yaml@HEAD: its folder cannot be opened: Too many levels of "
        "symbolic links — check the path\n",
    )


def test_directories_and_missing_folders_in_diff_arguments(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "empty").mkdir()
    cases = {
        "empty": "error: empty: not a file — give the path of a values file\n",
        "empty@HEAD": f"error: empty@HEAD: not in revision HEAD ({short(repo)}) — check the "
        "path and the revision with `git log`\n",
        "..@HEAD": "error: ..@HEAD: give the path of a values file before @\n",
        "nowhere/values.yaml@HEAD": "error: nowhere/values.yaml@HEAD: its folder cannot be "
        "opened: No such file or directory — check the path\n",
        "values.yaml/x.yaml@HEAD": "error: values.yaml/x.yaml@HEAD: values.yaml is not a folder\n",
    }
    for argument, message in cases.items():
        result = cli("diff", argument, "values.yaml")
        assert (result.exit_code, result.output) == (2, message), argument


def test_outside_a_repository_and_untracked_files(cli, repo: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "plain"
    outside.mkdir()
    write_values(outside)
    result = cli("diff", f"{outside}/values.yaml@HEAD", "values.yaml")
    assert (result.exit_code, result.output) == (
        2,
        f"error: {outside}/values.yaml@HEAD: {outside} is not in a git repository — FILE@REV "
        "reads the file as committed in git\n",
    )
    write_values(repo, values_data(), "untracked.yaml")
    result = cli("diff", "untracked.yaml@HEAD", "values.yaml")
    assert (result.exit_code, result.output) == (
        2,
        f"error: untracked.yaml@HEAD: not in revision HEAD ({short(repo)}) — check the path "
        "and the revision with `git log`\n",
    )
    result = cli("diff", "values.yaml@HEAD~1", "untracked.yaml@HEAD~1")
    assert result.exit_code == 2
    assert result.output == (
        f"error: untracked.yaml@HEAD~1: not in revision HEAD~1 ({short(repo, 'HEAD~1')}) — "
        "check the path and the revision with `git log`\n"
    )


def test_repository_without_commits(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    git(tmp_path, "init", "-q")
    write_values(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = cli("diff", "values.yaml@HEAD", "values.yaml")
    assert (result.exit_code, result.output) == (
        2,
        "error: values.yaml@HEAD: 'HEAD' names no commit in the git repository — check the "
        "name with `git log`\n",
    )


def test_git_missing_from_path(  # type: ignore[no-untyped-def]
    cli, repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = cli("diff", "values.yaml@HEAD", "values.yaml")
    assert (result.exit_code, result.output) == (
        2,
        "error: values.yaml@HEAD: git is not installed (not on PATH), so FILE@REV cannot be read\n",
    )
    # A `git` on PATH that cannot be run is a message too.
    fake = empty / "git"
    fake.write_text("not a program", encoding="utf-8")
    fake.chmod(0o755)
    result = cli("diff", "values.yaml@HEAD", "values.yaml")
    assert result.exit_code == 2
    assert result.output.startswith("error: values.yaml@HEAD: git could not be run: ")
    assert os.environ["PATH"] == str(empty)


@pytest.mark.parametrize("argument", ["values.yaml@HEAD@{1}", "values.yaml@main@{1}"])
def test_reflog_revisions_keep_their_at_sign(cli, repo: Path, argument: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("diff", argument, "values.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.output)["old"] == {"source": argument, "version": "1.0"}


def test_nul_in_a_group_path_at_a_revision(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "child.yaml").write_text('ethos: 1\nextends: "g\\0roup.yaml"\n', encoding="utf-8")
    commit_all(repo)
    result = cli("diff", "child.yaml@HEAD", "values.yaml")
    # Refused at its line before any lookup, like any control character in extends:.
    assert (result.exit_code, result.output) == (
        1,
        "child.yaml@HEAD:2:10: extends: contains the control character U+0000 — remove it "
        "(it is invisible, and no document needs it)\n1 problem found.\n",
    )
