"""Jinja environments for the chapter templates.

Lookup is ordered: the user's template directories first, then the built-in ones, and
``!default/NAME`` always reaches the built-in template so an override can extend it.
Everything is sandboxed and strict: an undefined name is an error naming the template
and line. In Markdown templates every ``{{ ... }}`` is escaped as literal text unless it
is :class:`MarkdownSafe`; HTML templates autoescape as HTML.
"""

from __future__ import annotations

import os
import signal
import stat
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations
from jinja2 import (
    BaseLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from .errors import TemplateError
from .markdown_text import MarkdownSafe, escape_markdown
from .resources import TEMPLATE_SUFFIXES, builtin_templates_dir

DEFAULT_PREFIX = "!default"
# Limits on one template render: a template that loops without end or explodes in size is
# stopped. Seconds can be raised with ETHOS_TEMPLATE_TIMEOUT for very large documents.
MAX_OUTPUT_CHARACTERS = 20_000_000


def template_timeout() -> float:
    """Seconds one template may take to render (``ETHOS_TEMPLATE_TIMEOUT``, default 10)."""
    return float(os.environ.get("ETHOS_TEMPLATE_TIMEOUT", "10"))


class TemplateLimitError(JinjaTemplateError):
    """A template ran too long or produced too much; it was stopped."""


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


class _ScopedLoader(BaseLoader):
    """Serves the names :meth:`_ScopedEnvironment.join_path` produces: ``!default/NAME``
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


class _ScopedEnvironment(SandboxedEnvironment):
    """A sandbox where each template reads only inside its own directory.

    Ordered lookup (user directories first, then the built-ins) applies to the templates
    ethos asks for and to names the built-in templates include, so an override replaces
    a built-in section. A template from a user directory reaches only its own directory
    and the built-ins: directories never see each other's files.
    """

    scoped: _ScopedLoader

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


def template_loader(user_dirs: Sequence[Path]) -> _ScopedLoader:
    """User directories, each confined to itself, and the built-in templates."""
    return _ScopedLoader(
        [ConfinedLoader(directory) for directory in user_dirs],
        FileSystemLoader(builtin_templates_dir()),
    )


def render_limited(template: Template, context: dict[str, Any]) -> str:
    """Render with a wall-clock and an output-size limit (:class:`TemplateLimitError`).

    Output is consumed as it is generated, so the size limit stops a template before it
    fills memory. The time limit is checked between output chunks and, in the main
    thread, also enforced by an alarm, which stops a loop that produces nothing.
    """
    seconds = template_timeout()
    deadline = time.monotonic() + seconds
    parts: list[str] = []
    size = 0
    with _alarm(seconds):
        for chunk in template.generate(**context):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARACTERS:
                raise TemplateLimitError(
                    f"the template produced over {MAX_OUTPUT_CHARACTERS:,} characters — it was "
                    "stopped (a loop that repeats too often?)"
                )
            if time.monotonic() > deadline:
                raise _timeout(seconds)
            parts.append(chunk)
    return "".join(parts)


def _timeout(seconds: float) -> TemplateLimitError:
    return TemplateLimitError(
        f"the template ran for over {seconds:g} s — it was stopped (a loop that never ends?); "
        "ETHOS_TEMPLATE_TIMEOUT raises the limit"
    )


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise _timeout(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _finalize_markdown(value: Any) -> str:
    # Markup is what Jinja's own `|safe` gives: `{{ super() | safe }}` in an override.
    if isinstance(value, (MarkdownSafe, Markup)):
        return value
    if value is None:
        return ""
    return escape_markdown(str(value))


def _environment(
    loader: _ScopedLoader,
    translations: NullTranslations | Translations,
    *,
    markdown: bool,
    filters: dict[str, Callable[..., Any]],
) -> _ScopedEnvironment:
    environment = _ScopedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=not markdown,
        finalize=_finalize_markdown if markdown else None,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    environment.scoped = loader
    environment.policies["ext.i18n.trimmed"] = True
    environment.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    environment.filters.update(filters)
    return environment


class Templates:
    """The Markdown and HTML template environments of one build."""

    def __init__(
        self,
        user_dirs: Sequence[Path],
        translations: NullTranslations | Translations,
        filters: dict[str, Callable[..., Any]],
    ) -> None:
        loader = template_loader(user_dirs)
        self.markdown = _environment(loader, translations, markdown=True, filters=filters)
        self.html = _environment(loader, translations, markdown=False, filters=filters)

    def render_markdown(self, name: str, **context: Any) -> MarkdownSafe:
        """Render a Markdown template; the result is trusted Markdown."""
        with _template_errors(name):
            template = self.markdown.get_template(self.markdown.resolve(name))
        with _template_errors(template.filename or name):
            return MarkdownSafe(render_limited(template, context))

    def render_html(self, name: str, **context: Any) -> str:
        """Render an HTML template."""
        with _template_errors(name):
            template = self.html.get_template(self.html.resolve(name))
        with _template_errors(template.filename or name):
            return render_limited(template, context)

    def source(self, name: str) -> str:
        """The text of ``name`` (a stylesheet), found as a template would be."""
        with _template_errors(name):
            return self.html.loader.get_source(self.html, self.html.resolve(name))[0]  # type: ignore[union-attr]


@contextmanager
def _template_errors(name: str) -> Iterator[None]:
    """Turn any Jinja failure into a :class:`TemplateError` naming template and line."""
    try:
        yield
    except TemplateSyntaxError as error:
        raise TemplateError(
            error.filename or error.name or name, error.lineno, error.message or "syntax error"
        ) from None
    except TemplateError:
        raise
    except Exception as error:
        template, line = _failing_template_line(error, name)
        raise TemplateError(template, line, _explained(error)) from None


def _explained(error: Exception) -> str:
    """What went wrong in a template, and what to do about it."""
    if isinstance(error, SecurityError):
        return (
            f"{str(error).rstrip('.')} — templates are sandboxed and cannot reach Python internals"
        )
    if isinstance(error, TemplateNotFound):
        return (
            f"template '{error.name}' not found — a template may include or extend only "
            "templates in its own directory or the built-in ones (no `..`, no absolute paths)"
        )
    if isinstance(error, RecursionError):
        return "the template calls itself without end — remove the recursion"
    if isinstance(error, JinjaTemplateError):
        return str(error)
    return f"{type(error).__name__}: {error}"


def _failing_template_line(error: BaseException, fallback: str) -> tuple[str, int | None]:
    # Jinja rewrites tracebacks so template frames carry the template's file and line.
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".j2"):
            return frame.filename, frame.lineno
    return fallback, None
