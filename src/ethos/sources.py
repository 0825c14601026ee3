"""Where a values file is read from: the working tree, or a file as it was in a git revision.

``values/acme.yaml@HEAD~1`` names the file as committed one revision ago; ``ethos diff``
compares such versions. A group file a revision ``extends`` is read from the same revision.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import UnreadableInputError
from .load import decode_values_bytes, read_values_text


@dataclass(frozen=True)
class Source:
    """A values file on disk, or at ``revision`` in the git repository that holds it."""

    path: Path
    revision: str | None = None

    @classmethod
    def parse(cls, text: str) -> Source:
        """``FILE`` or ``FILE@REV``; an existing file whose name contains ``@`` wins."""
        path, separator, revision = text.rpartition("@")
        if separator and path and revision and not Path(text).exists():
            return cls(Path(path), revision)
        return cls(Path(text))

    @property
    def name(self) -> str:
        """How messages name it: the path, with ``@REV`` for a git version."""
        return f"{self.path}@{self.revision}" if self.revision else str(self.path)

    @property
    def in_working_tree(self) -> bool:
        """True for a file on disk, which ethos may also write to."""
        return self.revision is None

    def sibling(self, relative: str) -> Source:
        """A file named relative to this one, in the same revision."""
        return Source(self.path.parent / relative, self.revision)

    def read_text(self) -> str:
        """The file's text; :class:`UnreadableInputError` when it cannot be read."""
        if self.revision is None:
            return read_values_text(self.path)
        git = shutil.which("git")
        if git is None:
            raise UnreadableInputError(
                self.name, "git is not installed, so FILE@REV cannot be read"
            )
        directory = self.path.parent if str(self.path.parent) else Path()
        result = subprocess.run(
            [git, "-C", str(directory), "show", f"{self.revision}:./{self.path.name}"],
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UnreadableInputError(
                self.name, f"not in git: {reason[0] if reason else 'git show failed'}"
            )
        return decode_values_bytes(result.stdout, self.name)
