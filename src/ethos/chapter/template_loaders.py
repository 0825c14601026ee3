"""Where templates come from: each user template directory confined to itself, then the
built-in templates (reached from an override as ``!default/NAME``).

A template in a user directory resolves ``include``, ``import``, ``from`` and ``extends``
only in its own directory and in the built-ins; the templates ethos asks for, and the
names the built-ins include, are looked up through every user directory in order, so an
override replaces a built-in section.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from jinja2 import BaseLoader, Environment, FileSystemLoader, TemplateNotFound
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.loaders import split_template_path

from ..resources import TEMPLATE_SUFFIXES
from ..wording.theme import current_theme
from .template_limits import LimitedSandbox

DEFAULT_PREFIX = "!default"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
_SCOPE = "\x00dir"  # the internal name prefix of a template found in user directory N


class ConfinedLoader(BaseLoader):
    """One user template directory, whose templates must really be inside it.

    Refuses ``..``, a file that is a symlink (or inside a symlinked directory) pointing
    out of the directory, anything but a regular ``*.j2`` or ``*.css`` file, and files
    over :data:`MAX_TEMPLATE_BYTES`; a template name never reaches another directory.
    """

    def __init__(self, directory: Path) -> None:
        self.given = directory  # as the user named it: messages show that
        self.directory = Path(os.path.realpath(directory))

    def _path(self, template: str) -> Path | None:
        try:
            path = self.given.joinpath(*split_template_path(template))
            return path if os.path.lexists(path) else None
        except (TemplateNotFound, OSError, ValueError):
            return None

    def has(self, template: str) -> bool:
        """Whether ``template`` names an entry of this directory (even a refused one)."""
        return self._path(template) is not None

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self._path(template)
        if path is None:
            raise TemplateNotFound(template)
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(self.directory):
            raise JinjaTemplateError(
                f"template '{template}' is a symlink to {target}, outside the template "
                f"directory {self.directory} — ethos reads templates only inside it"
            )
        if not path.name.endswith(TEMPLATE_SUFFIXES):
            raise JinjaTemplateError(
                f"'{template}' in {self.directory} is not a template (*.j2) or stylesheet "
                "(*.css) — ethos reads nothing else from a template directory"
            )
        try:
            with os.fdopen(os.open(target, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
                if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                    raise JinjaTemplateError(f"template '{template}' is not a regular file")
                data = file.read(MAX_TEMPLATE_BYTES + 1)
        except OSError as error:
            raise JinjaTemplateError(
                f"template '{template}' cannot be read: {error.strerror or error}"
            ) from None
        if len(data) > MAX_TEMPLATE_BYTES:
            raise JinjaTemplateError(
                f"template '{template}' is over {MAX_TEMPLATE_BYTES // 2**20} MB — "
                "a template that large is refused"
            )
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError:
            raise JinjaTemplateError(f"template '{template}' is not UTF-8 text") from None
        return source, str(path), lambda: True


class ScopedLoader(BaseLoader):
    """Serves the names :meth:`ScopedEnvironment.join_path` produces: ``!default/NAME``
    from the built-ins, internal ``<dir N>/NAME`` from user directory N, nothing else."""

    def __init__(self, user: Sequence[ConfinedLoader], builtin: FileSystemLoader) -> None:
        self.user = list(user)
        self.builtin = builtin

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        if template.startswith(DEFAULT_PREFIX + "/"):
            return self.builtin.get_source(environment, template[len(DEFAULT_PREFIX) + 1 :])
        if template.startswith(_SCOPE):
            index, _, name = template[len(_SCOPE) :].partition("/")
            return self.user[int(index)].get_source(environment, name)
        raise TemplateNotFound(template)


class ScopedEnvironment(LimitedSandbox):
    """A sandbox where each template reads only inside its own directory.

    Ordered lookup (user directories first, then the built-ins) applies to the templates
    ethos asks for and to names the built-in templates include, so an override replaces
    a built-in section. A template from a user directory reaches only its own directory
    and the built-ins: directories never see each other's files.
    """

    scoped: ScopedLoader

    def join_path(self, template: str, parent: str) -> str:
        return self.resolve(template, parent)

    def resolve(self, template: str, parent: str | None = None) -> str:
        """The internal name of ``template`` as ``parent`` (None: ethos itself) sees it."""
        if template.startswith(_SCOPE):
            raise TemplateNotFound(template)
        if template.startswith(DEFAULT_PREFIX + "/"):
            return template
        user = self.scoped.user
        searched = range(len(user))
        if parent is not None and parent.startswith(_SCOPE):
            own = int(parent[len(_SCOPE) :].partition("/")[0])
            searched = range(own, own + 1)
        for index in searched:
            if user[index].has(template):
                return f"{_SCOPE}{index}/{template}"
        try:
            self.scoped.builtin.get_source(self, template)
        except TemplateNotFound:
            return template  # found nowhere: the loader reports it under its own name
        return f"{DEFAULT_PREFIX}/{template}"


def template_loader(user_dirs: Sequence[Path], builtin: Path | None = None) -> ScopedLoader:
    """User directories, each confined to itself, and the built-in templates (``builtin``,
    default: those of the current :class:`~ethos.wording.theme.Theme`)."""
    return ScopedLoader(
        [ConfinedLoader(directory) for directory in user_dirs],
        FileSystemLoader(builtin or current_theme().builtin),
    )


def user_template(user_dirs: Sequence[Path], template: str) -> Path | None:
    """The entry of the first user directory that overrides the built-in ``template``, as
    the lookup of the templates ethos asks for finds it; None when none does."""
    for directory in user_dirs:
        path = ConfinedLoader(directory)._path(template)
        if path is not None:
            return path
    return None
