"""Opening a values file for any feature: read it (from disk or git), merge what it
extends, validate it, and check that its free text is complete in the languages asked for.

Every feature that needs a values file (build, compare, diff, explain, preview) starts
here, not at the build pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInputError, Problem
from ..wording.theme import Theme
from .curly_quotes import curly_quote_warnings
from .extends import load_document
from .lint import lint
from .load import LoadedDocument
from .local_text import fallback_warnings, missing_text
from .logo import read_logo
from .model import ValuesFile
from .section_warnings import unprinted_section_warnings
from .sources import Source
from .template_dirs import template_directories
from .validate import validate
from .wording_overrides import override_warnings


@dataclass(frozen=True)
class CheckResult:
    """Values files that passed ``check``, and the warnings found on the way."""

    files: list[ValuesFile]
    warnings: list[Problem]


def load(path: Path, languages: Sequence[str] | None = None) -> ValuesFile:
    """Read and validate one values file, with its free text in each of ``languages``.

    ``languages`` defaults to the languages the file publishes in.

    Raises:
        InvalidInputError: the file is invalid; every problem is listed.
        UnreadableInputError: the path does not exist or cannot be read.
    """
    return load_located(path, languages)[1]


def load_located(
    path: Path | Source, languages: Sequence[str] | None = None
) -> tuple[LoadedDocument, ValuesFile]:
    """:func:`load`, also returning the loaded document with its positions and origins."""
    document, values_file = load_source(path if isinstance(path, Source) else Source(path))
    problems = missing_text(document, values_file, chapter_languages(values_file, languages))
    if problems:
        raise InvalidInputError(problems)
    return document, values_file


def load_with_fallback(
    path: Path | Source, languages: Sequence[str] | None = None, *, strict: bool = False
) -> tuple[LoadedDocument, ValuesFile, list[Problem]]:
    """:func:`load_located` for a chapter that may print untranslated company text.

    A free-text field without text in one of ``languages`` is printed in the language it
    has, marked as such (:class:`~ethos.values.local_text.ForeignText`), and reported by
    one warning per field (:func:`~ethos.values.local_text.fallback_warnings`).
    ``strict``: refuse instead, as :func:`load_located` does. ``path`` may also be a
    :class:`~ethos.values.sources.Source` (a draft the editor holds, say).
    """
    source = path if isinstance(path, Source) else Source(path)
    if strict:
        return (*load_located(source, languages), [])
    document, values_file = load_source(source)
    chosen = chapter_languages(values_file, languages)
    return document, values_file, fallback_warnings(document, values_file, chosen)


def load_source(source: Source) -> tuple[LoadedDocument, ValuesFile]:
    """Read and validate a values file from disk or from git (``FILE@REV``).

    Unlike :func:`load`, free text need not be complete in every language: an old
    revision is compared as it was.
    """
    document = load_document(source)
    return document, validate(document)


def chapter_languages(values_file: ValuesFile, requested: Sequence[str] | None) -> list[str]:
    """The languages to build: those requested, or the ones the file publishes in."""
    return list(requested) if requested else values_file.document.languages()


def translation_warnings(languages: Iterable[str], *, strict: bool) -> list[Problem]:
    """Warnings about ethos's own translations; raises when any is missing (or, strict, stale)."""
    # The translation files (and Babel, which reads them) load only when a check or a
    # build that renders asks: a no-op rebuild reads none of them.
    from ..wording.translation_check import translation_problems

    problems = [problem for language in languages for problem in translation_problems(language)]
    if any(problem.severity == "error" or strict for problem in problems):
        raise InvalidInputError(problems)
    return problems


def template_override_warnings(
    directories: Sequence[Path], languages: Sequence[str]
) -> list[Problem]:
    """Wording of the template overrides in ``directories`` that a chapter in one of
    ``languages`` would print untranslated (:mod:`ethos.wording.override_messages`)."""
    if not directories:
        return []
    # Babel and the message catalogs load only when there are overrides to compare.
    from ..wording.override_messages import override_message_warnings

    return override_message_warnings(directories, languages)


def check(
    paths: Iterable[Path], languages: Sequence[str] | None = None, *, strict: bool = False
) -> CheckResult:
    """Validate several values files, collecting the problems of all of them.

    Also reports contradictions between declared values and stances (:mod:`ethos.values.lint`)
    and values wrapped in pasted curly quotes (:mod:`ethos.values.curly_quotes`), and checks
    ethos's translations into every language involved: missing wording is an error;
    stale wording, stale or unrecorded wording overrides
    (:mod:`ethos.values.wording_overrides`), template overrides whose wording a chapter
    language lacks, contradictions and curly quotes are warnings (errors when ``strict``).
    The catalogs, translations and lint rules are read once for the whole check, afresh
    for each check (:class:`~ethos.wording.theme.Theme`).
    """
    with Theme().active():
        return _check(paths, languages, strict=strict)


def _check(paths: Iterable[Path], languages: Sequence[str] | None, *, strict: bool) -> CheckResult:
    problems: list[Problem] = []
    warnings: list[Problem] = []
    checked: list[ValuesFile] = []
    involved: dict[str, None] = {}
    for path in paths:
        try:
            values_file, found = _check_file(Source(path), languages, strict=strict)
            warnings.extend(found)
            checked.append(values_file)
            involved.update(dict.fromkeys(chapter_languages(values_file, languages)))
        except InvalidInputError as error:
            problems.extend(error.problems)
    try:
        warnings.extend(translation_warnings(involved or languages or (), strict=strict))
    except InvalidInputError as error:
        problems.extend(error.problems)
    if problems or (strict and warnings):
        raise InvalidInputError([*problems, *warnings])
    return CheckResult(checked, warnings)


def check_source(source: Source) -> tuple[ValuesFile, list[Problem]]:
    """What ``ethos check`` finds in one values file, read from ``source`` (a draft the
    editor holds, say): the file and its warnings, in the chapter's languages.

    Raises:
        InvalidInputError: the file is invalid; every problem, worded as ``check`` words it.
    """
    return _check_file(source, None, strict=False)


def _check_file(
    source: Source, languages: Sequence[str] | None, *, strict: bool
) -> tuple[ValuesFile, list[Problem]]:
    """One file's part of :func:`check`: the validated file and the warnings on it."""
    path = source.path
    document, values_file, warnings = load_with_fallback(source, languages, strict=strict)
    directories = template_directories(path, values_file, (), document)
    read_logo(path, values_file, document)
    warnings.extend(lint(document, values_file))
    warnings.extend(curly_quote_warnings(document))
    warnings.extend(override_warnings(document, values_file))
    warnings.extend(unprinted_section_warnings(document, values_file))
    built_in = chapter_languages(values_file, languages)
    warnings.extend(template_override_warnings(directories, built_in))
    return values_file, warnings
