"""Group defaults: a values file that ``extends`` a group file inherits its choices.

A group file (say, the parent company's) is written like a values file and holds
defaults: values, policies, document settings, even the ethics contact. A file that
says ``extends: ../groups/retail.yaml`` takes all of it and overrides what it states
itself, with two exceptions the group marks ``locked``:

* a policy ``{stance: ..., locked: true}`` may not be stated differently;
* a value ``{id: ..., locked: true}`` must stay in the list, unchanged.

``sections`` is merged part by part: the company's ``foreword`` and its list of ``added``
sections replace the group's when it gives them (a list is taken whole, as ``values`` is),
and ``replaced`` is merged section by section.

The merge works on the loaded data, before validation, and keeps where each part came
from (:attr:`LoadedDocument.origins`), so every message names the right file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InvalidInputError, Problem, UnreadableInputError
from .load import LoadedDocument, NotAValuesFileError, load_values_text
from .sources import Source
from .text_fields import name_problem
from .unknown_keys import not_a_values_file
from .yaml_nodes import KeyPath

MAX_CHAIN = 5
# Top-level mappings merged key by key; every other top-level key is taken whole.
MERGED_SECTIONS = ("company", "document", "policies", "own_policies", "sections")
# Mappings one level down merged key by key too: a group's replaced sections stay unless
# the company replaces the same section.
MERGED_SUBSECTIONS = (("sections", "replaced"),)


def load_document(source: Source) -> LoadedDocument:
    """Load a values file, merged with the group files it extends (if any)."""
    return _load(source, (), as_group=False)


def _load(source: Source, chain: tuple[Source, ...], *, as_group: bool) -> LoadedDocument:
    document = load_values_text(source.read_text(), source.name)
    reason = not_a_values_file(document.data)
    if reason is not None:
        raise NotAValuesFileError(
            Problem(
                source.name,
                1,
                1,
                "",
                f"not a values file: {reason} — check that this is the file you meant "
                "(`ethos init` writes a starter values file)",
            ),
            reason,
        )
    locks = _take_locks(document) if as_group else {}
    parent = document.data.get("extends")
    if parent is None:
        document.locks = locks
        return document
    if not isinstance(parent, str) or not parent.strip():
        raise InvalidInputError(
            [
                document.problem(
                    ("extends",), "give the path of a group file, e.g. ../groups/retail.yaml"
                )
            ]
        )
    # Checked before the path is looked up or shown: no NUL, escape code or bidi override.
    if (problem := name_problem(parent)) is not None:
        raise InvalidInputError([document.problem(("extends",), problem)])
    group_source = source.sibling(parent)
    if group_source in (*chain, source):
        raise InvalidInputError(
            [
                document.problem(
                    ("extends",), f"{group_source.name} extends this file again — a loop"
                )
            ]
        )
    if len(chain) >= MAX_CHAIN:
        raise InvalidInputError(
            [document.problem(("extends",), f"more than {MAX_CHAIN} group files in a chain")]
        )
    try:
        group = _load(group_source, (*chain, source), as_group=True)
    except UnreadableInputError as error:
        # A path inside a file is that file's mistake: located, exit 1.
        raise InvalidInputError(
            [
                document.problem(
                    ("extends",),
                    f"{parent}: {error.reason.split(' — ')[0]} — give the path of a group file",
                )
            ]
        ) from None
    except NotAValuesFileError as error:
        raise InvalidInputError(
            [
                document.problem(
                    ("extends",),
                    f"{parent} is not a values file ({error.reason}) — give the "
                    "path of a group file",
                )
            ]
        ) from None
    merged = _merge(group, document)
    merged.locks.update(locks)
    return merged


def _take_locks(document: LoadedDocument) -> dict[KeyPath, LoadedDocument]:
    """Remove ``locked: true`` markers from a group file, returning what they locked."""
    locks: dict[KeyPath, LoadedDocument] = {}
    policies = document.data.get("policies")
    if isinstance(policies, dict):
        for name, policy in policies.items():
            if isinstance(policy, dict) and policy.pop("locked", False) is True:
                locks["policies", name] = document
    values = document.data.get("values")
    if isinstance(values, list):
        for index, item in enumerate(values):
            if isinstance(item, dict) and item.pop("locked", False) is True:
                locks["values", str(item.get("id"))] = document
                if set(item) == {"id"}:
                    values[index] = item["id"]
    return locks


def _merge(group: LoadedDocument, child: LoadedDocument) -> LoadedDocument:
    problems: list[Problem] = []
    data: dict[str, Any] = {}
    origins: dict[KeyPath, LoadedDocument] = {}
    for key, value in group.data.items():
        if key not in child.data and key not in ("extends", "ethos"):
            data[key] = value
            origins[(key,)] = group
    for key, value in child.data.items():
        inherited = group.data.get(key)
        if key in MERGED_SECTIONS and isinstance(value, dict) and isinstance(inherited, dict):
            data[key] = {**inherited, **value}
            origins.update({(key, sub): group for sub in inherited if sub not in value})
        else:
            data[key] = value
    for key, sub in MERGED_SUBSECTIONS:
        mine, theirs = child.data.get(key), group.data.get(key)
        if not (isinstance(mine, dict) and isinstance(theirs, dict)):
            continue
        if isinstance(mine.get(sub), dict) and isinstance(theirs.get(sub), dict):
            data[key] = {**data[key], sub: {**theirs[sub], **mine[sub]}}
            origins.update(
                {(key, sub, name): group for name in theirs[sub] if name not in mine[sub]}
            )
    if ("templates",) in origins:
        # A group's template directory is relative to the group file.
        data["templates"] = str(_directory(group) / str(group.data["templates"]))
    problems.extend(_locked_policies(group, child))
    problems.extend(_locked_values(group, child))
    problems.extend(_redefined_policies(group, child))
    if problems:
        raise InvalidInputError(problems)
    return LoadedDocument(
        child.filename,
        data,
        child.values,
        child.keys,
        child.source,
        origins,
        group=group,
        locks=dict(group.locks),
    )


def _directory(document: LoadedDocument) -> Path:
    """Directory of a loaded file (its name may carry ``@REV``)."""
    return Source.parse(document.filename).path.parent


def _locked_policies(group: LoadedDocument, child: LoadedDocument) -> list[Problem]:
    problems: list[Problem] = []
    stated = child.data.get("policies")
    inherited = group.data.get("policies")
    if not isinstance(stated, dict) or not isinstance(inherited, dict):
        return problems
    for name, policy in stated.items():
        path: KeyPath = ("policies", name)
        owner = group.locks.get(path)
        if owner is not None and policy != inherited.get(name):
            problems.append(
                child.problem(
                    path,
                    f"{name} is locked by the group file {group.where(path)} — remove it "
                    "from this file to take the group's stance, or ask the group's owners "
                    "to change it",
                    key=True,
                )
            )
    return problems


def _redefined_policies(group: LoadedDocument, child: LoadedDocument) -> list[Problem]:
    """A group's own policy is the group's: a file that extends it states it, never redefines
    it (the family of companies then shares one scale, which compare relies on)."""
    defined = child.data.get("own_policies")
    inherited = group.data.get("own_policies")
    if not isinstance(defined, dict) or not isinstance(inherited, dict):
        return []
    return [
        child.problem(
            ("own_policies", name),
            f"`{name}` is already defined by the group file "
            f"{group.where(('own_policies', name))} — state it under `policies:`, or give "
            "your own policy another id",
            key=True,
        )
        for name in defined
        if name in inherited
    ]


def _locked_values(group: LoadedDocument, child: LoadedDocument) -> list[Problem]:
    problems: list[Problem] = []
    chosen = child.data.get("values")
    inherited = group.data.get("values")
    if not isinstance(chosen, list) or not isinstance(inherited, list):
        return problems
    group_items = {_value_id(item): (index, item) for index, item in enumerate(inherited)}
    child_items = {_value_id(item): (index, item) for index, item in enumerate(chosen)}
    for kind, value_id in group.locks:
        if kind != "values" or value_id not in group_items:
            continue
        where = group.where(("values", group_items[value_id][0]))
        if value_id not in child_items:
            problems.append(
                child.problem(
                    ("values",),
                    f"value '{value_id}' is locked by the group file {where} — keep it in the list",
                    key=True,
                )
            )
        elif child_items[value_id][1] != group_items[value_id][1]:
            problems.append(
                child.problem(
                    ("values", child_items[value_id][0]),
                    f"value '{value_id}' is locked by the group file {where} — list it as "
                    "the group does, without changing its wording",
                )
            )
    return problems


def _value_id(item: Any) -> str:
    return str(item.get("id")) if isinstance(item, dict) else str(item)
