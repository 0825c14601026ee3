"""Jinja environments for the chapter templates.

Lookup is ordered: the user's template directories first, then the built-in ones, and
``!default/NAME`` always reaches the built-in template so an override can extend it.
Everything is sandboxed and strict: an undefined name is an error naming the template
and line. In Markdown templates every ``{{ ... }}`` is escaped as literal text unless it
is :class:`MarkdownSafe`; HTML templates autoescape as HTML.
"""

from __future__ import annotations

import os
import secrets
import signal
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
    Environment,
    StrictUndefined,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
    pass_context,
)
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from ..errors import TemplateError
from ..values.local_text import ForeignText
from .company_markdown import in_own_language
from .markdown_text import MarkdownSafe, escape_markdown
from .template_limits import MAX_TEXT, TemplateLimitError
from .template_loaders import ScopedEnvironment, ScopedLoader, template_loader
from .template_process import (
    Reply,
    Request,
    TemplateProcess,
    template_memory,
    template_timeout,
)

# Limits on one template render: a template that loops without end or explodes in size is
# stopped. Seconds can be raised with ETHOS_TEMPLATE_TIMEOUT for very large documents.
MAX_OUTPUT_CHARACTERS = MAX_TEXT


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
    if isinstance(value, ForeignText):
        return in_own_language(value, escape_markdown(str(value)))
    return escape_markdown(str(value))


def _environment(
    loader: ScopedLoader,
    translations: NullTranslations | Translations,
    *,
    markdown: bool,
    filters: dict[str, Callable[..., Any]],
) -> ScopedEnvironment:
    environment = ScopedEnvironment(
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
    if markdown:
        for name in ("gettext", "ngettext", "pgettext", "npgettext"):
            environment.globals[name] = _marking_own_languages(environment.globals[name])  # type: ignore[arg-type]
    environment.filters.update(filters)
    return environment


def _marking_own_languages(translate: Callable[..., str]) -> Callable[..., str]:
    """A ``{% trans %}`` block's gettext that keeps company text in another language than
    the chapter's marked as such (the title in the acknowledgement sentence): the sentence
    is escaped as a whole, as the template's finalize would, and each such text goes back
    in as :func:`in_own_language` marks it, through a private-use marker with a nonce."""

    @pass_context
    def translated(context: Any, *args: Any, **variables: Any) -> str:
        foreign = {
            name: value for name, value in variables.items() if isinstance(value, ForeignText)
        }
        if not foreign:
            return translate(context, *args, **variables)
        nonce = secrets.token_hex(8)
        markers = {name: f"\ue000{nonce}{index}\ue001" for index, name in enumerate(foreign)}
        text = escape_markdown(translate(context, *args, **{**variables, **markers}))
        for name, marker in markers.items():
            value = foreign[name]
            text = text.replace(marker, in_own_language(value, escape_markdown(str(value))))
        return MarkdownSafe(text)

    return translated


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
        *,
        builtin: Path | None = None,
    ) -> None:
        """``builtin`` is the directory of the built-in templates (default: the current
        theme's, :func:`~ethos.wording.theme.current_theme`)."""
        loader = template_loader(user_dirs, builtin)
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
            and process.thread.is_alive()
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
