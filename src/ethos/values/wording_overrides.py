"""Wording overrides that may have gone stale: the company's words for a built-in value or
stance, checked against the built-in English wording they replace.

An override records, as ``source``, the fingerprint of the built-in English wording it was
written against: the same :func:`~ethos.wording.catalog.fingerprint` a translation in the
catalogs records (:mod:`ethos.wording.translation_check`). When ethos's wording changes, the
fingerprint no longer matches and ``check`` and ``build`` say so: the company may want to
take the change over into its own words. A policy's wording override without ``source``
gets the value to record (a value's override is checked once it records one). Both are
warnings (``--strict``: errors), located at the override.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import Problem
from ..wording.catalog import fingerprint, load_catalog
from ..wording.localization import SOURCE_LANGUAGE
from .load import LoadedDocument
from .model import ValuesFile
from .yaml_nodes import KeyPath


def override_warnings(document: LoadedDocument, values_file: ValuesFile) -> list[Problem]:
    """A warning for every override whose ``source`` is missing or no longer current."""
    catalog = load_catalog(SOURCE_LANGUAGE)
    # Where each override is, what it replaces, the command showing that, its fingerprint
    # now and the one the override recorded.
    found: list[tuple[KeyPath, str, str, str, str | None]] = []
    for index, entry in enumerate(values_file.value_entries()):
        base = catalog.values.get(entry.id)
        # A value's title and statement could be replaced before `source` existed: such an
        # override is checked once it records a source, so that `--strict` pipelines keep
        # passing files that were valid before.
        if base is not None and entry.source is not None:
            value: KeyPath = ("values", index)
            command = f"ethos catalog --value {entry.id}"
            found.append((value, f"value {entry.id}", command, fingerprint(base), entry.source))
    for key, policy in values_file.policies.stated().items():
        area = catalog.policies.get(key)
        stance = str(policy.stance)  # type: ignore[attr-defined]  # every policy model has one
        if policy.wording is None or area is None or stance not in area.stances:
            continue
        where: KeyPath = ("policies", key, "wording")
        command = f"ethos catalog --policy {key}"
        current = fingerprint(area.stances[stance])
        found.append((where, f"{key}/{stance}", command, current, policy.wording.source))
    warnings = []
    for where, what, command, current, recorded in found:
        if recorded is None:
            path: KeyPath = where
            message = (
                f"the override of the built-in wording of {what} records no `source` — add "
                f"`source: {current}` (the built-in wording it replaces, as `{command}` shows "
                "it), so that check can tell you when that wording changes"
            )
        elif recorded != current:
            path = (*where, "source")
            message = (
                f"possibly stale: the built-in wording of {what} changed since you wrote this "
                f"override; compare it with `{command}` and update `source: {current}`"
            )
        else:
            continue
        # A missing source is reported at the override's key, a stale one at its value.
        located = document.problem(path, message, key=recorded is None)
        warnings.append(replace(located, severity="warning"))
    return warnings
