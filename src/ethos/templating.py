"""Jinja environments for the chapter templates.

Lookup is ordered: the user's template directories first, then the built-in ones, and
``!default/NAME`` always reaches the built-in template so an override can extend it.
Everything is sandboxed and strict: an undefined name is an error naming the template
and line. In Markdown templates every ``{{ ... }}`` is escaped as literal text unless it
is :class:`MarkdownSafe`; HTML templates autoescape as HTML.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateSyntaxError,
)
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from .errors import TemplateError
from .markdown_text import MarkdownSafe, escape_markdown
from .resources import builtin_templates_dir

DEFAULT_PREFIX = "!default"


def template_loader(user_dirs: Sequence[Path]) -> BaseLoader:
    """User directories first, then the built-in templates, plus ``!default/``."""
    builtin = FileSystemLoader(builtin_templates_dir())
    return ChoiceLoader(
        [
            *(FileSystemLoader(directory) for directory in user_dirs),
            PrefixLoader({DEFAULT_PREFIX: builtin}, delimiter="/"),
            builtin,
        ]
    )


def _finalize_markdown(value: Any) -> str:
    # Markup is what Jinja's own `|safe` gives: `{{ super() | safe }}` in an override.
    if isinstance(value, (MarkdownSafe, Markup)):
        return value
    if value is None:
        return ""
    return escape_markdown(str(value))


def _environment(
    loader: BaseLoader,
    translations: NullTranslations | Translations,
    *,
    markdown: bool,
    filters: dict[str, Callable[..., Any]],
) -> SandboxedEnvironment:
    environment = SandboxedEnvironment(
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
            return MarkdownSafe(self.markdown.get_template(name).render(**context))

    def render_html(self, name: str, **context: Any) -> str:
        """Render an HTML template."""
        with _template_errors(name):
            return self.html.get_template(name).render(**context)


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
        kind = "" if isinstance(error, JinjaTemplateError) else f"{type(error).__name__}: "
        raise TemplateError(template, line, f"{kind}{error}") from None


def _failing_template_line(error: BaseException, fallback: str) -> tuple[str, int | None]:
    # Jinja rewrites tracebacks so template frames carry the template's file and line.
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".j2"):
            return frame.filename, frame.lineno
    return fallback, None
