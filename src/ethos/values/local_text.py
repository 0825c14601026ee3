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
from typing import Any, TypeVar

from pydantic import BaseModel

from ..errors import Problem
from ..wording.localization import english_name
from .load import LoadedDocument
from .model import ValuesFile
from .text_fields import Language, PlainText
from .yaml_nodes import KeyPath

M = TypeVar("M", bound=BaseModel)


class CompanyText(str):
    """Free text of the values file, in one language: the company's words, never markup."""

    __slots__ = ()


def _is_by_language(value: object) -> bool:
    return isinstance(value, dict) and bool(value) and all(isinstance(k, Language) for k in value)


def _project(value: Any, language: str, written_in: str, path: KeyPath, gaps: list[KeyPath]) -> Any:
    if isinstance(value, PlainText):
        if language != written_in:
            gaps.append(path)
        return CompanyText(value)
    if _is_by_language(value):
        text = value.get(Language(language))
        if text is None:
            gaps.append(path)
            return CompanyText(next(iter(value.values())))
        return CompanyText(text)
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
            raw = _raw(document.data, path)
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


def _raw(data: Any, path: KeyPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
