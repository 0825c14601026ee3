"""Reading a file as it was committed in git, for ``FILE@REV``.

The revision and the path come from the command line and from ``extends:`` in files an
attacker may have written, so neither is ever given to git where it could be read as an
option: the revision is checked against what a revision looks like, resolved once to a
commit hash (``rev-parse --verify --end-of-options``), and only that hash and a path after
``--`` reach the commands that read. A path is taken from the repository's top and may not
leave it; a symbolic link, a directory or a submodule at that revision is refused, not
followed.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import UnreadableInputError
from .load import MAX_FILE_BYTES, oversized_file_error

MAX_REVISION_CHARACTERS = 200
GIT_TIMEOUT_SECONDS = 60
# Characters git gives a meaning of its own in a revision (check-ref-format(1)); ':' would
# name a path, '..' a range, and the rest are wildcards or quoting.
REFUSED_IN_REVISION = (":", "..", "\\", "?", "*", "[")
# Reading stays local: no prompt, and no fetch of a partial clone's missing objects from its
# remote (git 2.44 and later honour this).
COMMIT_HASH = re.compile("[0-9a-f]{40}|[0-9a-f]{64}")
GIT_ENVIRONMENT = {"GIT_TERMINAL_PROMPT": "0", "GIT_NO_LAZY_FETCH": "1"}


def shown(text: str) -> str:
    """``text`` for a message: invisible and control characters as ``\\uXXXX`` escapes."""
    return "".join(
        character if character.isprintable() else f"\\u{ord(character):04x}" for character in text
    )


def revision_problem(revision: str) -> str | None:
    """What makes ``revision`` unacceptable after ``@``, or None when it looks like one."""
    if revision.startswith("-"):
        return "starts with '-', so git would take it as an option"
    if any(character.isspace() or not character.isprintable() for character in revision):
        return "contains a space, a line break or another invisible character"
    if len(revision) > MAX_REVISION_CHARACTERS:
        return f"is longer than {MAX_REVISION_CHARACTERS} characters"
    refused = next((text for text in REFUSED_IN_REVISION if text in revision), None)
    if refused is not None:
        return f"contains '{refused}', which is not part of one revision's name"
    return None


@dataclass(frozen=True)
class Committed:
    """A file in one commit: where git runs, the commit's hash and the path from the top."""

    workdir: Path
    commit: str
    path: str

    def sibling(self, relative: str, name: str) -> Committed:
        """The file ``relative`` names from this one, in the same commit and repository."""
        if "\0" in relative:
            raise UnreadableInputError(shown(name), "the path contains a NUL byte — check the path")
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(self.path), relative))
        if posixpath.isabs(relative) or joined.split("/")[0] in ("..", "."):
            raise UnreadableInputError(
                shown(name),
                f"outside the git repository of {shown(self.path)} — at a revision, a group "
                "file is read from the same repository; give a path inside it",
            )
        return Committed(self.workdir, self.commit, joined)

    def read(self, name: str, revision: str) -> bytes:
        """The file's bytes; refuses what is not a regular file, or too big, at the commit."""
        listing = _git(
            self.workdir,
            name,
            "--literal-pathspecs", "ls-tree", "-z", "-l", "--full-tree",
            "--end-of-options", self.commit, "--", self.path,
        )  # fmt: skip
        entry = _entry(listing, self.path)
        at = f"revision {shown(revision)} ({self.commit[:12]})"
        if entry is None:
            raise UnreadableInputError(
                shown(name), f"not in {at} — check the path and the revision with `git log`"
            )
        mode, kind, object_id, size = entry
        refused = {
            "tree": "is a directory",
            "commit": "is a submodule",
            "link": "is a symbolic link",
        }.get("link" if mode == "120000" else kind)
        if refused is not None:
            raise UnreadableInputError(
                shown(name), f"{refused} in {at} — give the path of a values file"
            )
        if int(size) > MAX_FILE_BYTES:
            raise oversized_file_error(name, int(size))
        return _git(self.workdir, name, "cat-file", "blob", object_id)


def locate(path: Path, revision: str, name: str) -> Committed:
    """Resolve ``path`` at ``revision`` in the repository of the folder that holds it."""
    problem = revision_problem(revision)
    if problem is not None:
        raise UnreadableInputError(
            shown(name),
            f"the revision '{shown(revision)}' {problem} — give a branch, a tag, a commit "
            "hash or a form like HEAD~1 after @",
        )
    if "\0" in str(path):
        raise UnreadableInputError(shown(name), "the path contains a NUL byte — check the path")
    if path.name in ("", ".", ".."):
        raise UnreadableInputError(shown(name), "give the path of a values file before @")
    workdir = path.parent
    try:
        is_directory = stat.S_ISDIR(workdir.stat().st_mode)
    except OSError as error:
        raise UnreadableInputError(
            shown(name), f"its folder cannot be opened: {error.strerror} — check the path"
        ) from None
    if not is_directory:
        raise UnreadableInputError(shown(name), f"{shown(str(workdir))} is not a folder")
    prefix = _git(workdir, name, "rev-parse", "--show-prefix").decode("utf-8", "surrogateescape")
    resolved = _git(
        workdir,
        name,
        "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}",
        failed=f"'{shown(revision)}' names no commit in the git repository — check the "
        "name with `git log`",
    ).decode("ascii", "replace").strip()  # fmt: skip
    if not COMMIT_HASH.fullmatch(resolved):
        raise UnreadableInputError(shown(name), f"git gave no commit hash for '{shown(revision)}'")
    return Committed(workdir, resolved, posixpath.normpath(prefix[:-1] + path.name))


def _entry(listing: bytes, path: str) -> tuple[str, str, str, str] | None:
    """The ``ls-tree -l -z`` line of exactly ``path``: mode, type, object id and size."""
    for line in listing.split(b"\0"):
        details, _, listed = line.partition(b"\t")
        fields = details.decode("ascii", "replace").split()
        if listed.decode("utf-8", "surrogateescape") == path and len(fields) == 4:
            return fields[0], fields[1], fields[2], fields[3]
    return None


def _git(workdir: Path, name: str, *arguments: str, failed: str | None = None) -> bytes:
    """Run git in ``workdir`` and return what it printed; a failure raises, with git's
    reason or ``failed``."""
    git = shutil.which("git")
    if git is None:
        raise UnreadableInputError(
            shown(name), "git is not installed (not on PATH), so FILE@REV cannot be read"
        )
    try:
        result = subprocess.run(
            [git, "-C", str(workdir), *arguments],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT_SECONDS,
            env={**os.environ, **GIT_ENVIRONMENT},
        )
    except subprocess.TimeoutExpired:
        raise UnreadableInputError(
            shown(name), f"git did not answer within {GIT_TIMEOUT_SECONDS} s"
        ) from None
    except (OSError, ValueError) as error:
        raise UnreadableInputError(shown(name), f"git could not be run: {error}") from None
    if result.returncode == 0:
        return result.stdout
    reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
    detail = shown(reason[0]) if reason else f"git exited with {result.returncode}"
    if "not a git repository" in detail:
        raise UnreadableInputError(
            shown(name),
            f"{shown(str(workdir))} is not in a git repository — FILE@REV reads the file "
            "as committed in git",
        )
    raise UnreadableInputError(shown(name), failed or f"git failed: {detail}")
