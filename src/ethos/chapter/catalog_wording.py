"""Catalog wording filled in for the chapter: stance texts with the policy's parameters.

The catalog's texts are small plain-text Jinja templates (``{{ p.days }}``, ``{{ company
}}``); they are ethos's own trusted content, rendered in a sandbox all the same. Filling
them is composing the chapter, not reading the catalog: this lives here so that reading
and validating a values file never imports Jinja.
"""

from __future__ import annotations

from typing import Any

from jinja2 import StrictUndefined, Template
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import TemplateError
from ..wording.catalog import Catalog
from ..wording.localization import Locale
from .company_markdown import fill_in
from .compiled_templates import CompilingOnce
from .markdown_text import MarkdownSafe


class _WordingSandbox(CompilingOnce, SandboxedEnvironment):
    """Jinja's sandbox, compiling each wording once per process, whichever language's
    renderer asks (:mod:`ethos.chapter.compiled_templates`)."""


class WordingRenderer:
    """Fills catalog wording templates with a policy's parameters, as plain text."""

    def __init__(self, catalog: Catalog, locale: Locale) -> None:
        self.catalog = catalog
        self.environment = _WordingSandbox(
            undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False
        )
        self.environment.filters.update(locale.filters(), term=self.term)
        self._compiled: dict[str, Template] = {}

    def term(self, value: object, vocabulary: str) -> str:
        """The label of one member of a vocabulary (characteristic, frequency, ...)."""
        return self.catalog.terms[vocabulary].labels[str(value)]

    def render(self, source: str, where: str, **context: Any) -> str:
        """Render one wording template; ``where`` names the entry in errors."""
        try:
            template = self._compiled.get(source)
            if template is None:
                template = self._compiled[source] = self.environment.from_string(source)
            return template.render(**context).strip()
        except JinjaTemplateError as error:
            raise TemplateError(where, None, f"catalog wording failed: {error}") from None

    def render_markdown(self, source: str, where: str, **context: Any) -> MarkdownSafe:
        """Render one wording template as Markdown: the wording literal, the company's own
        words in it (a condition, a law) formatted as its free text is (:func:`fill_in`)."""
        return fill_in(lambda **filled: self.render(source, where, **filled), **context)
