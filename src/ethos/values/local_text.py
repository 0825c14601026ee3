"""The company's own text in the chapter's language.

ethos never translates what a company wrote. A free-text field holds either plain text,
written in the file's ``document.language``, or one text per language
(``statement: {en: ..., it: ...}``). :func:`in_language` gives the values file as one
language's chapter sees it; :func:`missing_text` lists the fields that have no text in
that language, so ``check`` and ``build`` can name them before anything is rendered.
Each text it gives is a :class:`CompanyText`, so the chapter can tell what the company
wrote from ethos's own wording wherever the two meet (a condition inside a sentence).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TypeVar

from pydantic import BaseModel

from ..errors import Problem
from ..wording.languages import text_language
from ..wording.localization import english_name, isolate_left_to_right_runs, typesetting
from ..wording.theme import current_theme
from .load import LoadedDocument
from .model import ValuesFile
from .text_fields import Language, PlainText
from .yaml_nodes import KeyPath

M = TypeVar("M", bound=BaseModel)


class CompanyText(str):
    """Free text of the values file, in one language: the company's words, never markup."""

    __slots__ = ()


class ForeignText(CompanyText):
    """Company text printed in a chapter of another language because the file has none
    in the chapter's: the chapter marks it with its own :attr:`language` (HTML ``lang``
    and ``dir``, the PDF's structure tags, Word's run language), so a screen reader reads
    it with the right voice and bidi lays it out in its own direction."""

    language: str
    """The chapter language the text is in (``en``)."""
    html_lang: str
    """Its HTML ``lang`` (``zh-CN`` for ``zh``)."""
    direction: str
    """``ltr`` or ``rtl``."""

    def __new__(
        cls, text: str, language: str, html_lang: str = "", direction: str = ""
    ) -> ForeignText:
        made = super().__new__(cls, text)
        made.language = language
        if not html_lang:
            setup = typesetting()[language]
            html_lang, direction = setup.html_lang, setup.direction
        made.html_lang, made.direction = html_lang, direction
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (ForeignText, (str(self), self.language, self.html_lang, self.direction))


def _is_by_language(value: object) -> bool:
    return isinstance(value, dict) and bool(value) and all(isinstance(k, Language) for k in value)


def _text_in(value: dict[Any, str], language: str) -> str | None:
    """A by-language field's text for a chapter in ``language``: its own, or, for a
    regional variety (``en-US``), the language's (``en``)."""
    found = value.get(Language(language))
    if found is None and text_language(language) != language:
        found = value.get(Language(text_language(language)))
    return found


def _project(value: Any, language: str, written_in: str, path: KeyPath, gaps: list[KeyPath]) -> Any:
    if isinstance(value, PlainText) or _is_by_language(value):
        return _one_language(value, language, written_in, path, gaps)
    if isinstance(value, BaseModel):
        updates = {}
        for name in type(value).model_fields:
            item = getattr(value, name)
            projected = _project(item, language, written_in, (*path, name), gaps)
            if projected is not item:
                updates[name] = projected
        return value.model_copy(update=updates) if updates else value
    if isinstance(value, (dict, list)):
        return _project_items(value, language, written_in, path, gaps)
    return value


def _one_language(
    value: PlainText | dict[Any, str],
    language: str,
    written_in: str,
    path: KeyPath,
    gaps: list[KeyPath],
) -> CompanyText:
    """A free-text field in ``language``; in another language, marked, when it has none."""
    if isinstance(value, PlainText):
        if text_language(language) == text_language(written_in):
            return _own_text(value, language)
        gaps.append(path)
        return ForeignText(value, written_in)
    text = _text_in(value, language)
    if text is not None:
        return _own_text(text, language)
    gaps.append(path)
    # The fallback: the file's own language if the field has it, else its first.
    fallback = next(str(code) for code in (written_in, *value) if _text_in(value, str(code)))
    return ForeignText(_text_in(value, fallback) or "", fallback)


def _own_text(text: str, language: str) -> CompanyText:
    """Company text in the chapter's language; in a right-to-left one, with its runs of
    Latin text isolated, so bidi keeps them in their order (``2011/83/EU``)."""
    if typesetting()[language].direction == "rtl":
        text = isolate_left_to_right_runs(text)
    return CompanyText(text)


def _project_items(
    value: dict[Any, Any] | list[Any],
    language: str,
    written_in: str,
    path: KeyPath,
    gaps: list[KeyPath],
) -> Any:
    """A list's items, or a mapping's (the sections a company replaced), projected; the
    same object when nothing changed."""
    pairs = list(value.items() if isinstance(value, dict) else enumerate(value))
    projected = {
        key: _project(item, language, written_in, (*path, key), gaps) for key, item in pairs
    }
    if all(projected[key] is item for key, item in pairs):
        return value
    return projected if isinstance(value, dict) else list(projected.values())


def _projection(values_file: ValuesFile, language: str) -> tuple[ValuesFile, list[KeyPath]]:
    gaps: list[KeyPath] = []
    written_in = values_file.document.language.value
    # One theme for the whole walk: each text asks its language's direction, and a theme
    # reads languages.yaml once (with none active, every call would read it afresh).
    with current_theme().active():
        projected = _project(values_file, language, written_in, (), gaps)
    return projected, gaps


def in_language(values_file: ValuesFile, language: str) -> ValuesFile:
    """``values_file`` with every free-text field as plain text in ``language``.

    Call :func:`missing_text` first: a field without text in ``language`` keeps the text
    of another language here.
    """
    return _projection(values_file, language)[0]


def plain(text: str | dict[Language, str] | None) -> str:
    """A free-text field of a values file already put :func:`in_language`, as ``str``."""
    if isinstance(text, dict):
        raise TypeError("free text must be put in one language (in_language) before use")
    return text or ""


def missing_text(
    document: LoadedDocument, values_file: ValuesFile, languages: Sequence[str]
) -> list[Problem]:
    """A located problem for each free-text field lacking one of ``languages``."""
    written_in = values_file.document.language.value
    problems: list[Problem] = []
    for language in languages:
        name = english_name(language)
        for path in _projection(values_file, language)[1]:
            raw = raw_value(document.data, path)
            if isinstance(raw, dict):
                have = ", ".join(str(key) for key in raw)
                message = (
                    f"has no {name} text (it has {have}) — add `{language}: ...`, "
                    f"the {name} chapter prints it"
                )
            else:
                written = english_name(written_in)
                message = (
                    f"is written only in {written}, the file's language; the {name} chapter "
                    f"needs it in {name} too — write it as {{{written_in}: ..., {language}: ...}}"
                )
            problems.append(document.problem(path, message))
    return problems


def fallback_warnings(
    document: LoadedDocument, values_file: ValuesFile, languages: Sequence[str]
) -> list[Problem]:
    """A warning for each free-text field lacking some of ``languages``: one per field,
    naming every chapter that prints the field in another language instead (the
    gettext and Sphinx convention: build, and show what is not translated yet)."""
    lacking: dict[KeyPath, list[str]] = {}
    printed_in: dict[KeyPath, str] = {}
    for language in languages:
        projected, gaps = _projection(values_file, language)
        for path in gaps:
            lacking.setdefault(path, []).append(language)
            printed_in[path] = _fallback_language(projected, path)
    problems = []
    for path, missing in lacking.items():
        names = _names(missing)
        shown = english_name(printed_in[path])
        chapters = "chapter prints" if len(missing) == 1 else "chapters print"
        adds = ", ".join(f"`{language}: ...`" for language in missing)
        message = (
            f"has no {names} text: the {names} {chapters} the {shown} text, marked as "
            f"{shown} — add {adds} (`ethos translate export` makes a file for a "
            f"translator), or build with --strict to refuse"
        )
        problems.append(replace(document.problem(path, message), severity="warning"))
    return problems


def _names(languages: Sequence[str]) -> str:
    names = [english_name(language) for language in languages]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _fallback_language(projected: Any, path: KeyPath) -> str:
    for part in path:
        if isinstance(projected, (dict, list)):
            projected = projected[part]  # type: ignore[index]
        else:
            projected = getattr(projected, str(part))
    return projected.language if isinstance(projected, ForeignText) else ""


def raw_value(data: Any, path: KeyPath) -> Any:
    """The value at ``path`` in a document's plain data; None where there is none."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
