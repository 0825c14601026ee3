"""Template overrides that would print English in a translated chapter.

ethos translates a template's wording through the built-in message catalogs
(``templates/locale/<language>/LC_MESSAGES/ethos.po``); a template directory has no
catalogs of its own. So a string an override marks for translation (``_()``,
``{% trans %}``) that the built-in catalog of a chapter language does not have, such as
one English sentence of a built-in section changed, prints in English in that chapter;
and text written outside ``_()``/``{% trans %}`` prints as written in every language. Both
are found here, before anything is rendered, by reading each override template the way
``make messages`` does (Babel's Jinja extraction, with the options of ``babel.cfg``), and
reported as warnings naming the template, line and language (``--strict``: errors).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import Problem
from .languages import text_language
from .localization import SOURCE_LANGUAGE, english_name
from .messages import message_catalog

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
"""Larger templates are refused by the template loader, so they are not read here either."""


def override_message_warnings(
    directories: Sequence[Path], languages: Sequence[str]
) -> list[Problem]:
    """A warning for each override string without a translation into a chapter language, and
    for each piece of text outside ``_()``/``{% trans %}`` of a Markdown template when the
    chapter has several languages (the same words would print in all of them)."""
    translated = [language for language in languages if text_language(language) != SOURCE_LANGUAGE]
    warnings = []
    for directory in directories:
        for path, source in _templates(directory):
            for line, message in _messages(source, literal=False):
                for language in translated:
                    entry = message_catalog(language).get(message)
                    if entry is None or not _has_string(entry.string):
                        warnings.append(_warning(path, line, _untranslated(message, language)))
            # Markdown only: in an HTML template, text outside tags is mostly CSS or markup.
            if len(languages) > 1 and path.name.endswith(".md.j2"):
                for line, text in _messages(source, literal=True):
                    warnings.append(_warning(path, line, _literal(text, languages)))
    return sorted(warnings, key=lambda problem: (problem.file, problem.line))


def _untranslated(message: str, language: str) -> str:
    name = english_name(language)
    return (
        f"{_quoted(message)} has no {name} translation, so the {language} chapter prints it "
        "in English — keep the built-in wording, or write this text in the values file "
        "(`sections:` replaces or adds a section), where each language has its own"
    )


def _literal(text: str, languages: Sequence[str]) -> str:
    return (
        f"{_quoted(text)} is not marked for translation, so the chapters in "
        f"{', '.join(languages)} all print it as written — write this text in the values "
        "file (`sections:` replaces or adds a section), where each language has its own"
    )


def _warning(path: Path, line: int, message: str) -> Problem:
    return Problem(str(path), line, 1, "", message, "warning")


def _has_string(string: object) -> bool:
    if isinstance(string, (tuple, list)):
        return all(string)
    return bool(string)


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'


def _templates(directory: Path) -> Iterator[tuple[Path, str]]:
    """Each Jinja template of ``directory`` that the template loader would serve: a regular
    file really inside the directory, within the size limit; in a stable order."""
    root = Path(os.path.realpath(directory))
    for path in sorted(directory.rglob("*.j2")):
        try:
            real = Path(os.path.realpath(path))
            details = real.stat()
            if not real.is_relative_to(root) or not stat.S_ISREG(details.st_mode):
                continue
            if details.st_size > MAX_TEMPLATE_BYTES:
                continue
            yield path, real.read_text(encoding="utf-8")
        except (OSError, ValueError):  # unreadable or not UTF-8: the build reports it
            continue


def _messages(source: str, *, literal: bool) -> Iterator[tuple[int, str]]:
    """The translatable strings of a template (``literal``: its text outside them), each
    with its line. A template Jinja cannot parse yields nothing: the build reports it."""
    from jinja2 import Environment, nodes
    from jinja2 import TemplateError as JinjaTemplateError
    from jinja2.ext import extract_from_ast

    # As babel.cfg extracts the built-in templates, so that the strings compare equal.
    environment = Environment(extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    environment.policies["ext.i18n.trimmed"] = True
    try:
        tree = environment.parse(source)
    except JinjaTemplateError:
        return
    if not literal:
        for line, _function, message in extract_from_ast(tree, babel_style=False):
            for text in message if isinstance(message, tuple) else (message,):
                if text:
                    yield line, text
                    break  # a plural is looked up by its singular
        return
    for data in tree.find_all(nodes.TemplateData):
        line = data.lineno
        for paragraph in re.split(r"(\n[ \t]*\n)", data.data):  # each paragraph once
            first = next((i for i, char in enumerate(paragraph) if char.isalpha()), None)
            if first is not None:
                yield line + paragraph.count("\n", 0, first), paragraph.strip()
            line += paragraph.count("\n")
