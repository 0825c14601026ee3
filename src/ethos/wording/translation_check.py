"""Translation quality control: what a language is missing, and what has gone stale.

Two kinds of translated wording are checked against the English source:

* the catalog (``templates/catalog/<language>/``): every English value, policy, stance
  and vocabulary must have a translation, and each translation's ``source`` must equal
  the :func:`~ethos.wording.catalog.fingerprint` of the English entry as it is now;
* the template strings (``templates/locale/<language>/LC_MESSAGES/ethos.po``): every
  string of ``ethos.pot`` must be translated; an entry Babel marked fuzzy (its English
  changed after it was translated) is stale.

Missing wording is an error: a chapter cannot be built with holes in it. Stale wording
is a warning (``--strict`` makes it an error): the old translation still reads, but may
no longer say what the English says.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel

from ..errors import Problem
from .catalog import Catalog, fingerprint, load_catalog
from .languages import text_language
from .localization import SOURCE_LANGUAGE, english_name
from .messages import message_catalog, message_template, po_path, template_path
from .theme import current_theme


@dataclass(frozen=True)
class _Pair:
    """One English catalog entry and its translation, if any."""

    part: str
    key: tuple[str, ...]
    english: BaseModel
    translated: BaseModel | None
    exclude: frozenset[str] = frozenset()


def translation_problems(language: str) -> list[Problem]:
    """Every missing, stale or obsolete translation of ``language`` (none for English)."""
    if text_language(language) == SOURCE_LANGUAGE:
        return []  # English, or a variety of it, respelled from the English as written
    return [*_catalog_problems(language), *_message_problems(language)]


def _catalog_problems(language: str) -> Iterator[Problem]:
    english, translated = load_catalog(SOURCE_LANGUAGE), load_catalog(language)
    source_files, target_files = english.files(), translated.files()
    name = english_name(language)
    for pair in _pairs(english, translated):
        expected = fingerprint(pair.english, exclude=pair.exclude)
        dotted = ".".join(pair.key)
        target = target_files[pair.part]
        if pair.translated is None:
            line = _key_lines(source_files[pair.part]).get(pair.key, 1)
            yield Problem(
                str(source_files[pair.part]),
                line,
                1,
                dotted,
                f"no {name} translation — translate this entry into {_shown(target)} "
                f"with source: {expected}",
            )
        elif getattr(pair.translated, "source", None) != expected:
            recorded = getattr(pair.translated, "source", None) or "none"
            line = _key_lines(target).get(pair.key, 1)
            yield Problem(
                str(target),
                line,
                1,
                dotted,
                f"stale {name} translation: made from English {recorded}, the English is now "
                f"{expected} — compare it with {_shown(source_files[pair.part])}, update it, "
                f"then set source: {expected}",
                severity="warning",
            )
    for part, key in _obsolete(english, translated):
        yield Problem(
            str(target_files[part]),
            _key_lines(target_files[part]).get(key, 1),
            1,
            ".".join(key),
            "not in the English catalog any more — remove it",
            severity="warning",
        )


def _pairs(english: Catalog, translated: Catalog) -> Iterator[_Pair]:
    for key, value in english.values.items():
        yield _Pair("values", (key,), value, translated.values.get(key))
    for key, policy in english.policies.items():
        target = translated.policies.get(key)
        yield _Pair("policies", (key,), policy, target, frozenset({"stances"}))
        for stance, wording in policy.stances.items():
            other = target.stances.get(stance) if target else None
            yield _Pair("policies", (key, "stances", stance), wording, other)
    for key, vocabulary in english.terms.items():
        yield _Pair("terms", (key,), vocabulary, translated.terms.get(key))


def _obsolete(english: Catalog, translated: Catalog) -> Iterator[tuple[str, tuple[str, ...]]]:
    for key in translated.values.keys() - english.values.keys():
        yield "values", (key,)
    for key, policy in translated.policies.items():
        if key not in english.policies:
            yield "policies", (key,)
            continue
        for stance in policy.stances.keys() - english.policies[key].stances.keys():
            yield "policies", (key, "stances", stance)
    for key in translated.terms.keys() - english.terms.keys():
        yield "terms", (key,)


def _message_problems(language: str) -> Iterator[Problem]:
    template, catalog = message_template(), message_catalog(language)
    target = po_path(language)
    name = english_name(language)
    for message in template:
        if not message.id:
            continue  # the header
        translated = catalog.get(message.id)
        if translated is None or not translated.string:
            yield Problem(
                str(template_path()),
                message.lineno or 1,
                1,
                "msgid",
                f"no {name} translation of {_quoted(message.id)} — translate it in "
                f"{_shown(target)} (run `make messages` to add the entry)",
            )
        elif translated.fuzzy:
            yield Problem(
                str(target),
                translated.lineno or 1,
                1,
                "msgid",
                f"stale {name} translation of {_quoted(message.id)}: the English changed — "
                "update the msgstr, then remove the fuzzy flag",
                severity="warning",
            )
    for message in catalog:
        if message.id and template.get(message.id) is None:
            yield Problem(
                str(target),
                message.lineno or 1,
                1,
                "msgid",
                f"{_quoted(message.id)} is not in ethos.pot any more — run `make messages`",
                severity="warning",
            )


def _quoted(message_id: object) -> str:
    text = message_id if isinstance(message_id, str) else str(message_id)
    return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'


def _shown(path: Path) -> str:
    return "/".join(path.parts[-3:])


def _key_lines(path: Path) -> dict[tuple[str, ...], int]:
    """Line (1-based) of every mapping key in a catalog file, by key path (read once per
    theme)."""
    return current_theme().read_once(("key lines", path), lambda: _read_key_lines(path))


def _read_key_lines(path: Path) -> dict[tuple[str, ...], int]:
    lines: dict[tuple[str, ...], int] = {}
    try:
        with path.open(encoding="utf-8") as stream:
            root = yaml.compose(stream, Loader=yaml.CSafeLoader)
    except (OSError, yaml.YAMLError):
        return lines

    def walk(node: yaml.Node, prefix: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                path_ = (*prefix, str(key.value))
                lines[path_] = key.start_mark.line + 1
                walk(value, path_)

    if root is not None:
        walk(root, ())
    return lines
