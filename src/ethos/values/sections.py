"""A company's own sections: a foreword, sections added to the chapter, and built-in
sections whose body the company writes itself. All of it is data, never a template.

The built-in sections and their order are ``templates/chapter.yaml``. An added section is
placed ``before`` or ``after`` one of them, or another added section; the checks here
(:func:`section_problems`) name the file, line and key of a target that does not exist,
an id that clashes, a section replaced that the chapter does not have, and added sections
placed relative to each other in a circle. :func:`section_order` then gives the order.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Annotated, Any, Self

import yaml
from pydantic import ConfigDict, Field, WithJsonSchema, model_validator

from ..errors import Problem
from ..resources import builtin_templates_dir
from .fields import Model, stated
from .load import LoadedDocument
from .text_fields import Identifier, LocalShortText, LocalText, Name

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
FOREWORD = "foreword"
"""The built-in section that prints ``sections.foreword``, first after the contents."""


def _chapter_layout_data() -> dict[str, Any]:
    """``templates/chapter.yaml`` as written (read each time: a few lines, and nothing has
    to remember to forget them; :mod:`ethos.chapter.layout` validates it)."""
    path = builtin_templates_dir() / "chapter.yaml"
    with path.open(encoding="utf-8") as stream:
        data: dict[str, Any] = yaml.load(stream, Loader=yaml.CSafeLoader)
    return data


def builtin_sections() -> tuple[str, ...]:
    """The chapter's built-in sections in order, as ``templates/chapter.yaml`` lists them."""
    return tuple(_chapter_layout_data()["sections"])


def printed_always() -> frozenset[str]:
    """The sections that present policies yet print when the file states none of them
    (``printed_always`` in ``templates/chapter.yaml``)."""
    return frozenset(_chapter_layout_data().get("printed_always", ()))


def replaceable_sections() -> tuple[str, ...]:
    """The built-in sections whose body a company may write (all but its own foreword)."""
    return tuple(name for name in builtin_sections() if name != FOREWORD)


class Signatory(Model):
    """Who signs the foreword; printed below it."""

    name: Name
    """The signatory's name, e.g. "Dana Whitfield"."""
    title: LocalShortText | None = None
    """The signatory's position, e.g. {en: Chief Executive Officer, it: Amministratrice
    delegata}."""


class Foreword(Model):
    """A word from the company's leadership: the first section after the contents."""

    title: LocalShortText | None = None
    """Heading of the foreword; "Foreword", in the chapter's language, when left out."""
    text: LocalText
    """The foreword itself. Paragraphs, **bold**, *italic*, lists and https links work."""
    signatory: Signatory | None = None
    """Who signs it (name and position), printed below the text."""


_BUILTIN_ID = WithJsonSchema(
    {
        "type": "string",
        "pattern": "^[a-z][a-z0-9_]{0,63}$",
        "not": {"enum": list(builtin_sections())},
    }
)
_PLACE_SCHEMA = {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,63}$"}


class AddedSection(Model):
    """A section of the company's own, placed before or after another section."""

    id: Annotated[Identifier, _BUILTIN_ID]
    """A name for the section, unique in the file: lower-case letters, digits and
    underscores, e.g. sustainability. Not the name of a built-in section."""
    title: LocalShortText
    """The section's heading, as the contents, the PDF bookmarks and Word list it."""
    text: LocalText
    """The section's text. Paragraphs, **bold**, *italic*, lists and https links work."""
    before: Annotated[Identifier, WithJsonSchema(_PLACE_SCHEMA)] | None = None
    """Put the section just before this one: a built-in section (introduction,
    ethics_and_conduct, values, policies, action, conduct, training, people, concern, revisions,
    acknowledgment, foreword) or the id of another added section. Give before or after."""
    after: Annotated[Identifier, WithJsonSchema(_PLACE_SCHEMA)] | None = None
    """Put the section just after this one (a built-in section or another added
    section's id). Give before or after."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [stated("before"), stated("after")]})

    @model_validator(mode="after")
    def _placed_once(self) -> Self:
        if (self.before is None) == (self.after is None):
            raise ValueError(
                "give exactly one of `before:` or `after:` — the section to put this one next to"
            )
        return self

    @property
    def target(self) -> str:
        """The section this one is placed next to."""
        return self.before or self.after or ""


class ReplacedSection(Model):
    """The company's own body for a built-in section; its heading and place stay."""

    title: LocalShortText | None = None
    """A heading of the company's own; the built-in heading when left out."""
    text: LocalText
    """The section's body in place of the built-in one. Paragraphs, **bold**, *italic*,
    lists and https links work."""


class Sections(Model):
    """The company's own sections: a foreword, sections added, built-in sections rewritten."""

    foreword: Foreword | None = None
    """A foreword, the first section after the contents, optionally signed."""
    added: list[AddedSection] = []
    """Sections of the company's own, each placed before or after another section."""
    replaced: Annotated[
        dict[Identifier, ReplacedSection],
        Field(json_schema_extra={"propertyNames": {"enum": list(replaceable_sections())}}),
    ] = {}
    """Built-in sections whose body the company writes itself, by section name, e.g.
    `concern: {text: ...}`. The heading stays unless a title is given."""


def section_order(added: Sequence[AddedSection], builtin: Sequence[str]) -> list[str]:
    """The chapter's sections in order: ``builtin`` with each added section placed.

    Sections placed next to the same one keep the file's order; a section placed after
    an added one comes right after it (and after those placed after it in turn). Targets
    that do not exist or circles are left out (:func:`section_problems` reports them).
    """
    order = list(builtin)
    followers: dict[str, list[str]] = {}

    def block_end(name: str) -> str:
        while followers.get(name):
            name = followers[name][-1]
        return name

    pending = list(added)
    while pending:
        placeable = [section for section in pending if section.target in order]
        if not placeable:
            break
        for section in placeable:
            if section.before:
                order.insert(order.index(section.before), section.id)
            else:
                order.insert(order.index(block_end(section.target)) + 1, section.id)
                followers.setdefault(section.target, []).append(section.id)
            pending.remove(section)
    return order


def section_problems(document: LoadedDocument) -> Iterator[Problem]:
    """What is wrong in ``sections:`` beyond its shape: ids, targets, circles, names."""
    sections = document.data.get("sections")
    if not isinstance(sections, dict):
        return
    builtin = builtin_sections()
    yield from _replaced_problems(document, sections.get("replaced"))
    added = sections.get("added")
    if not isinstance(added, list):
        return
    items = [(index, item) for index, item in enumerate(added) if isinstance(item, dict)]
    ids: dict[str, int] = {}
    for index, item in items:
        section_id = item.get("id")
        if not isinstance(section_id, str):
            continue
        path = ("sections", "added", index, "id")
        if section_id in builtin:
            yield document.problem(
                path,
                f"`{section_id}` is a built-in section — give your section another id, or "
                f"write under `sections.replaced.{section_id}` to change the built-in one",
            )
        elif section_id in ids:
            first = document.position(("sections", "added", ids[section_id], "id")).line
            yield document.problem(
                path, f"`{section_id}` is used twice (first on line {first}) — give each its own id"
            )
        else:
            ids[section_id] = index
    known = [*builtin, *ids]
    for index, item in items:
        for side in ("before", "after"):
            target = item.get(side)
            if isinstance(target, str) and _IDENTIFIER.match(target) and target not in known:
                yield document.problem(
                    ("sections", "added", index, side),
                    _unknown_target(target, builtin, list(ids)),
                )
    yield from _circles(document, items, set(builtin))


def _unknown_target(target: str, builtin: Sequence[str], added: Sequence[str]) -> str:
    close = difflib.get_close_matches(target, [*builtin, *added], n=1, cutoff=0.6)
    hint = f"did you mean `{close[0]}`? " if close else ""
    yours = f" or one you added ({', '.join(added)})" if added else ""
    return (
        f"no section `{target}` — {hint}place it next to a built-in section "
        f"({', '.join(builtin)}){yours}"
    )


def _replaced_problems(document: LoadedDocument, replaced: object) -> Iterable[Problem]:
    if not isinstance(replaced, dict):
        return
    allowed = list(replaceable_sections())
    for name in replaced:
        if name in allowed or not _IDENTIFIER.match(str(name)):  # the shape's own message
            continue
        if name == FOREWORD:
            message = "the foreword is the company's own — write it under `sections.foreword`"
        else:
            close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`? " if close else ""
            message = (
                f"the chapter has no section `{name}` to replace — {hint}replace one of "
                f"{', '.join(allowed)}, or add a section of your own under `sections.added`"
            )
        yield document.problem(("sections", "replaced", name), message, key=True)


def _circles(
    document: LoadedDocument, items: list[tuple[int, dict[str, Any]]], builtin: set[str]
) -> Iterator[Problem]:
    """Added sections that, following before/after from one to the next, never reach a
    built-in section: each circle is reported once, at its first section in the file."""
    target_of: dict[str, tuple[int, Any]] = {}
    for index, item in items:  # a repeated id is reported as such, not as a circle
        if isinstance(item.get("id"), str) and item["id"] not in builtin:
            target_of.setdefault(item["id"], (index, item.get("before") or item.get("after")))
    reported: set[str] = set()
    for section_id, (index, _) in target_of.items():
        seen: list[str] = []
        current = section_id
        while current in target_of and current not in seen:
            seen.append(current)
            current = target_of[current][1]
        if current in seen and current == section_id and not reported & set(seen):
            reported.update(seen)
            side = "before" if dict(items)[index].get("before") is not None else "after"
            circle = " → ".join([*seen, section_id])
            yield document.problem(
                ("sections", "added", index, side),
                f"these sections are placed next to each other in a circle ({circle}) — "
                "place one of them before or after a built-in section",
            )
