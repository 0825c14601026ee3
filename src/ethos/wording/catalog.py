"""The wording catalog: what each value, policy and stance says, per language.

Wording is data in ``templates/catalog/<language>/*.yaml``. Stance texts are small
plain-text Jinja templates filled with the policy's parameters (``p``) and the company
name; the chapter fills them (:mod:`ethos.chapter.catalog_wording`), so reading and
checking the catalog needs no Jinja.

English is the source. Every translated entry records, as ``source``, the
:func:`fingerprint` of the English entry it was translated from, so a change to the
English wording shows which translations need review (:mod:`ethos.wording.translation_check`).
A translation may be incomplete while it is being written; the check names what is
missing, and a build in that language refuses to start.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import TemplateError
from .theme import current_theme


class _CatalogModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Translatable(_CatalogModel):
    source: str | None = None
    """In a translation: the fingerprint of the English entry it was translated from."""


def fingerprint(entry: BaseModel, *, exclude: frozenset[str] = frozenset()) -> str:
    """A short, stable fingerprint of an entry's English wording (``source`` excluded)."""
    data = entry.model_dump(mode="json", exclude={"source", *exclude})
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


class ValueWording(_Translatable):
    """A catalog value."""

    title: str
    summary: str
    statement: str
    behaviours: list[str]


class StanceWording(_Translatable):
    """One stance of a policy: its label, meaning, chapter text and conduct lines."""

    label: str
    summary: str
    text: str
    conduct: list[str]


class PolicyWording(_Translatable):
    """A policy area: its title, meaning, parameter labels and stances.

    Its ``source`` covers the title, summary and parameter labels; each stance has its own.
    """

    title: str
    summary: str
    parameters: dict[str, str]
    stances: dict[str, StanceWording]


class TermWording(_Translatable):
    """The labels of one vocabulary's members (characteristics, frequencies, ...)."""

    labels: dict[str, str]


class Catalog(_CatalogModel):
    """All catalog wording in one language."""

    language: str
    values: dict[str, ValueWording]
    policies: dict[str, PolicyWording]
    terms: dict[str, TermWording]

    def files(self) -> dict[str, Path]:
        """The files this catalog was read from, by part name."""
        return {name: catalog_dir(self.language) / f"{name}.yaml" for name in CATALOG_PARTS}


CATALOG_PARTS = ("values", "policies", "terms")


def catalog_dir(language: str) -> Path:
    """Directory holding the catalog files of ``language``."""
    return current_theme().catalog_dir(language)


def load_catalog(language: str) -> Catalog:
    """The catalog of ``language``, as the current theme read it (once per theme)."""
    return current_theme().catalog(language)


def read_catalog(
    directory: Path, language: str, respell: Callable[[Any], Any] | None = None
) -> Catalog:
    """Read and check the catalog files of ``language`` in ``directory``; ``respell``
    gives a regional variety's spelling of the data read (:mod:`ethos.wording.spelling`)."""
    parts: dict[str, Any] = {"language": language}
    for name in CATALOG_PARTS:
        path = directory / f"{name}.yaml"
        try:
            with path.open(encoding="utf-8") as stream:
                parts[name] = yaml.load(stream, Loader=yaml.CSafeLoader) or {}
            if respell is not None:
                parts[name] = respell(parts[name])
        except FileNotFoundError:
            parts[name] = {}  # a translation not started yet: the check lists every entry
        except yaml.YAMLError as error:
            raise TemplateError(str(path), None, f"catalog is not valid YAML: {error}") from None
    try:
        return Catalog.model_validate(parts)
    except ValidationError as error:
        raise TemplateError(str(directory), None, f"catalog is malformed: {error}") from None
