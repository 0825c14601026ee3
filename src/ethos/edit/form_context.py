"""What the editor's form is made from, read for the draft as it stands: the JSON Schema
of the file (its own policies included), every policy definition, the catalog, the
chapter's languages, and each stance's conduct rules filled with the file's parameters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..chapter.catalog_wording import WordingRenderer
from ..errors import EthosError
from ..values.extends import load_document
from ..values.model import ValuesFile
from ..values.own_models import own_definitions, values_model
from ..values.own_policy import OwnPolicy
from ..values.policies import policy_definitions
from ..values.policy_definition import PolicyDefinition
from ..values.sources import Source
from ..values.starter import values_schema
from ..wording.languages import CHAPTER_LANGUAGES, text_language
from ..wording.localization import SOURCE_LANGUAGE, english_name
from ..wording.theme import Theme
from .draft import Draft
from .fields import UNSTATED, FormContext
from .schema_form import shown_text

_TAG = re.compile(r"\{%.*?%\}", re.DOTALL)
_EXPRESSION = re.compile(r"\{\{\s*p\.([a-z_]+)[^}]*\}\}")


def form_context(path: Path, draft: Draft, theme: Theme) -> FormContext:
    """The form's context for ``draft`` (the file at ``path`` as the editor holds it)."""
    data: Mapping[str, Any] = draft.data if isinstance(draft.data, Mapping) else {}
    merged = _merged(path, draft, data)
    definitions, _, _ = own_definitions(dict(merged))
    catalog = theme.catalog(SOURCE_LANGUAGE)
    languages = chapter_languages(merged, _writtenshown_text(merged, draft.written_in))
    renderer = WordingRenderer(catalog, theme.locale(SOURCE_LANGUAGE))
    stated = merged.get("policies")
    policies: Mapping[str, Any] = stated if isinstance(stated, Mapping) else {}
    conduct = {
        (definition.id, stance): _conduct(renderer, definition, stance, policies)
        for definition in policy_definitions().values()
        for stance in definition.stances
    }
    own_stances, own_titles = _own_wording(merged, languages[0])
    return FormContext(
        schema=_schema(definitions),
        definitions=[*policy_definitions().values(), *definitions],
        catalog=catalog,
        languages=languages,
        names={code: english_name(code) for code in CHAPTER_LANGUAGES},
        directions={code: theme.locale(code).direction for code in languages},
        conduct=conduct,
        own_stances=own_stances,
        own_titles=own_titles,
        built_in={
            language: {
                key: {"title": value.title, "statement": " ".join(value.statement.split())}
                for key, value in theme.catalog(language).values.items()
            }
            for language in dict.fromkeys(text_language(code) for code in languages)
        },
        inherited=merged if merged is not data else {},
    )


def _merged(path: Path, draft: Draft, data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The draft merged with the group file it extends (its languages, contact, values
    may come from there); the draft alone when the group cannot be read."""
    if "extends" not in data:
        return data
    try:
        return load_document(Source(path, draft=draft.text)).data
    except EthosError:  # the check shows why at `extends`
        return data


def _writtenshown_text(data: Mapping[str, Any], fallback: str) -> str:
    document = data.get("document")
    language = document.get("language") if isinstance(document, Mapping) else None
    return str(language) if isinstance(language, str) else fallback


def chapter_languages(data: Mapping[str, Any], written_in: str) -> list[str]:
    """The languages the draft's chapter is published in, its own first (those it names
    that ethos does not know are left out: the check reports them)."""
    document = data.get("document") if isinstance(data.get("document"), Mapping) else {}
    translations = document.get("translations") if isinstance(document, Mapping) else None
    languages = [written_in if written_in in CHAPTER_LANGUAGES else SOURCE_LANGUAGE]
    for language in translations if isinstance(translations, list) else ():
        if language in CHAPTER_LANGUAGES and language not in languages:
            languages.append(str(language))
    return languages


def _schema(definitions: tuple[PolicyDefinition, ...]) -> dict[str, Any]:
    """The file's JSON Schema, its own policies included."""
    return _schema_of(values_model(definitions))


@lru_cache(maxsize=8)
def _schema_of(model: type[ValuesFile]) -> dict[str, Any]:
    """Made once for each model (one per set of own policies): it takes a while."""
    return values_schema(model)


def _conduct(
    renderer: WordingRenderer,
    definition: PolicyDefinition,
    stance: str,
    policies: Mapping[str, Any],
) -> list[str]:
    """A stance's conduct rules, with the file's parameters where it states them."""
    stated = policies.get(definition.id)
    values = dict(stated) if isinstance(stated, Mapping) else {}
    parameters = _Parameters(definition, values)
    lines = renderer.catalog.policies[definition.id].stances[stance].conduct
    filled = []
    for line in lines:
        try:
            filled.append(
                renderer.render(line, f"{definition.id}.{stance}", p=parameters, company="")
            )
        except Exception:  # a parameter it needs is not stated: "…" in its place
            filled.append(_unfilled(line))
    return [" ".join(line.split()) for line in filled]


class _Parameters:
    """A policy's parameters as the wording reads them: stated ones as written (text in
    English or the file's language); a list or switch left out as empty or off, anything
    else left out as undefined (the rule is then shown with "…" in its place)."""

    def __init__(self, definition: PolicyDefinition, values: dict[str, Any]) -> None:
        self._definition = definition
        self._values = values

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        parameter = self._definition.parameters.get(name)
        value = self._values.get(name)
        if value is None and parameter is not None and parameter.type == "list":
            return []
        if value is None and parameter is not None and parameter.type == "switch":
            return False
        if value is None:
            raise AttributeError(name)
        return _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return str(value.get(SOURCE_LANGUAGE) or next(iter(value.values()), ""))
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _unfilled(line: str) -> str:
    """A conduct rule whose parameters are not stated: ``{{ p.window_days }}`` shown as
    "…", the conditional parts left out."""
    return _TAG.sub("", _EXPRESSION.sub(UNSTATED, line))


def _own_wording(
    data: Mapping[str, Any], language: str
) -> tuple[dict[str, dict[str, tuple[str, str, list[str]]]], dict[str, tuple[str, str]]]:
    """Each own policy's stances (label, text, conduct rules) and its title and meaning,
    in the file's language."""
    own = data.get("own_policies")
    stances: dict[str, dict[str, tuple[str, str, list[str]]]] = {}
    titles: dict[str, tuple[str, str]] = {}
    for key, raw in own.items() if isinstance(own, Mapping) else ():
        try:
            policy = OwnPolicy.model_validate(raw)
        except Exception:  # its problems are shown at its fields
            continue
        titles[str(key)] = (
            shown_text(policy.title, language),
            shown_text(policy.meaning, language),
        )
        stances[str(key)] = {
            name: (
                shown_text(stance.label, language),
                shown_text(stance.text, language),
                [shown_text(line, language) for line in stance.conduct],
            )
            for name, stance in policy.stances.items()
        }
    return stances, titles
