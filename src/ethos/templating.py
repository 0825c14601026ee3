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
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
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
from markupsafe import Markup

from .errors import TemplateError
from .markdown_text import MarkdownSafe, escape_markdown
from .resources import TEMPLATE_SUFFIXES, builtin_templates_dir
from .template_limits import MAX_TEXT, LimitedSandbox, TemplateLimitError
from .template_process import (
    Reply,
    Request,
    TemplateProcess,
    template_memory,
    template_timeout,
)

DEFAULT_PREFIX = "!default"
# Limits on one template render: a template that loops without end or explodes in size is
# stopped. Seconds can be raised with ETHOS_TEMPLATE_TIMEOUT for very large documents.
MAX_OUTPUT_CHARACTERS = MAX_TEXT


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


class _ScopedEnvironment(LimitedSandbox):
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
        # Jinja's optimizer evaluates filters with constant arguments while compiling, which
        # happens in this process; a template's code must run only in its rendering process.
        optimized=False,
    )
    environment.scoped = loader
    environment.policies["ext.i18n.trimmed"] = True
    environment.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    environment.filters.update(filters)
    return environment


class Templates:
    """The Markdown and HTML template environments of one build.

    Templates from a user's directory may be hostile: while there are any, every render
    runs in a child process with hard time and memory limits (:class:`TemplateProcess`).
    The built-in templates render in this process.
    """

    def __init__(
        self,
        user_dirs: Sequence[Path],
        translations: NullTranslations | Translations,
        filters: dict[str, Callable[..., Any]],
    ) -> None:
        loader = template_loader(user_dirs)
        self.markdown = _environment(loader, translations, markdown=True, filters=filters)
        self.html = _environment(loader, translations, markdown=False, filters=filters)
        self.contained = bool(user_dirs)
        self._process: TemplateProcess | None = None

    def render_markdown(self, name: str, **context: Any) -> MarkdownSafe:
        """Render a Markdown template; the result is trusted Markdown."""
        return self.render_markdown_each([name], **context)[0]

    def render_markdown_each(self, names: Sequence[str], **context: Any) -> list[MarkdownSafe]:
        """Render Markdown templates in turn with one context (one trip to the child)."""
        return [MarkdownSafe(text) for text in self._render(("markdown", tuple(names), context))]

    def render_html(self, name: str, **context: Any) -> str:
        """Render an HTML template."""
        return self._render(("html", (name,), context))[0]

    def _render(self, request: Request) -> list[str]:
        kind, names, context = request
        environment = self.markdown if kind == "markdown" else self.html
        templates = []
        for name in names:
            with _template_errors(name):
                templates.append(environment.get_template(environment.resolve(name)))
        if not self.contained:
            outputs = []
            for template in templates:
                with _template_errors(template.filename or template.name or ""):
                    outputs.append(render_limited(template, context))
            return outputs
        process = self._process_for(request)
        outputs = []
        locate = partial(_template_line, environment)
        for template in templates:
            output, failed, line, message, _ = process.reply(template_timeout(), locate)
            if output is None:
                where = failed or template.filename or template.name or ""
                raise TemplateError(where, line, message or "the template failed")
            outputs.append(output)
        return outputs

    def _process_for(self, request: Request) -> TemplateProcess:
        """The child process, sent ``request``; a new one that starts with it if need be."""
        process = self._process
        if not (
            process is not None
            and process.alive
            and process.owner == os.getpid()
            and process.budget == template_memory()
            and process.send(request)
        ):
            if process is not None:
                process.stop()
            process = self._process = TemplateProcess(self._render_here, request)
            weakref.finalize(self, process.stop)
        return process

    def _render_here(self, kind: str, name: str, context: dict[str, Any]) -> Reply:
        """In the child: render and answer with the output or the error as data."""
        environment = self.markdown if kind == "markdown" else self.html
        try:
            with _template_errors(name):
                template = environment.get_template(environment.resolve(name))
            with _template_errors(template.filename or name):
                return (render_limited(template, context), None, None, None, True)
        except TemplateError as error:
            where = f"{error.template}:{error.line}: " if error.line else f"{error.template}: "
            fatal = isinstance(error.__context__, MemoryError)
            return (None, error.template, error.line, str(error).removeprefix(where), not fatal)

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


def _template_line(environment: Environment, filename: str, code_line: int) -> int | None:
    """The line of template ``filename`` that compiled into line ``code_line``."""
    try:
        source = Path(filename).read_text(encoding="utf-8")
        code = environment.compile(source, filename=filename)
        template = environment.template_class.from_code(environment, code, {})
    except Exception:  # the file changed or went away: only the line is lost
        return None
    return template.get_corresponding_lineno(code_line)


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
    if isinstance(error, MemoryError):
        return (
            f"the template needed more than {template_memory() // 2**20:,} MB of memory — it "
            "was stopped; ETHOS_TEMPLATE_MEMORY_MB raises the limit"
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
