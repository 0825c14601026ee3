"""Where a values file is read from: the working tree, or a file as it was in a git revision.

``values/acme.yaml@HEAD~1`` names the file as committed one revision ago; ``ethos diff``
compares such versions. A group file a revision ``extends`` is read from the same commit
of the same repository (:mod:`ethos.values.git_files` checks revisions and paths).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .git_files import Committed, locate
from .load import decode_values_bytes, read_values_text


@dataclass(frozen=True)
class Source:
    """A values file on disk, or at ``revision`` in the git repository that holds it."""

    path: Path
    revision: str | None = None
    # For a group file at a revision: the commit and repository path of the file that
    # named it extended, so the whole chain is read from one commit.
    located: Committed | None = field(default=None, compare=False, repr=False)
    # For a file being edited (``ethos edit``): its text as the editor holds it, read
    # instead of the file on disk, so a draft is checked as the file it would be.
    draft: str | None = field(default=None, compare=False, repr=False)

    @classmethod
    def parse(cls, text: str) -> Source:
        """``FILE`` or ``FILE@REV``; an existing file whose name contains ``@`` wins.

        A reflog revision keeps its own ``@``: ``FILE@HEAD@{1}``, ``FILE@@{-1}``.
        """
        path, separator, revision = text.rpartition("@")
        if revision.startswith("{") and "@" in path:
            path, _, before = path.rpartition("@")
            revision = f"{before}@{revision}"
        if separator and path and revision and not _exists(text):
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

    @cached_property
    def committed(self) -> Committed:
        """Where git keeps this file at its revision (resolved once, then pinned)."""
        if self.revision is None:
            raise ValueError(f"{self.path} is a file on disk, not at a git revision")
        return self.located or locate(self.path, self.revision, self.name)

    def sibling(self, relative: str) -> Source:
        """A file named relative to this one, in the same revision."""
        path = self.path.parent / relative
        if self.revision is None:
            return Source(path)
        named = Source(path, self.revision)
        return Source(path, self.revision, self.committed.sibling(relative, named.name))

    def read_text(self) -> str:
        """The file's text; :class:`UnreadableInputError` when it cannot be read."""
        if self.draft is not None:
            return decode_values_bytes(self.draft.encode("utf-8"), self.name)
        if self.revision is None:
            return read_values_text(self.path)
        return decode_values_bytes(self.committed.read(self.name, self.revision), self.name)


def _exists(text: str) -> bool:
    """Whether a file of this exact name exists (a name too long to exist does not)."""
    try:
        return Path(text).exists()
    except (OSError, ValueError):
        return False
