"""Two validated versions of a values file -> every difference between them.

Changes are computed on declared positions (:mod:`ethos.changes.positions`), not on words: a
stance moved along its scale, a parameter changed, a value was added or removed, the
wording or the contact changed. Each change is *material* (employees must re-acknowledge
the chapter: any stance or parameter change, a value or policy added or removed) or
*editorial* (wording, contact details, version and dates).

Everything a person reads (titles, values, the summary) is in the diff's language: the
catalog's labels and ethos's own words from the message catalogs.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from ..values.model import ValuesFile
from ..wording.localization import wording
from .change_set import Change, Diff
from .favour import audience, less_favourable, more_favourable
from .positions import PolicyPosition, Positions, list_separator, policy_keys, positions
from .section_changes import section_changes


def diff_files(
    old: ValuesFile, new: ValuesFile, old_name: str, new_name: str, language: str | None = None
) -> Diff:
    """Compare two validated values files, in ``language`` (default: NEW's language)."""
    chosen = language or new.document.language.value
    result = Diff(
        new.company.name, old_name, new_name, old.document.version, new.document.version,
        language=chosen,
    )  # fmt: skip
    before, after = positions(old, chosen), positions(new, chosen)
    result.changes.extend(document_changes(old, new, chosen))
    result.changes.extend(value_changes(before, after, chosen))
    for key in policy_keys(before, after):
        old_position, new_position = before.policies.get(key), after.policies.get(key)
        if (
            old_position
            and new_position
            and (old_position.favours, old_position.scale)
            != (
                new_position.favours,
                new_position.scale,
            )
        ):
            # An own policy redefined with another scale is another policy: the old one
            # removed, the new one added (their stances have no order between them).
            result.changes.extend(policy_changes(key, old_position, None, chosen))
            result.changes.extend(policy_changes(key, None, new_position, chosen))
            continue
        result.changes.extend(policy_changes(key, old_position, new_position, chosen))
    result.changes.extend(section_changes(old, new, chosen))
    return result


def _text(value: object, language: str) -> str | None:
    """A value as report text; per-language text in ``language``, or the first given."""
    if value is None:
        return None
    if isinstance(value, dict):
        return str(value.get(language, next(iter(value.values())))) if value else None
    return str(value)


def _wording_text(own: Any, language: str) -> str | None:
    """An override's text (or its label) in ``language``; None for the built-in wording."""
    if not own:
        return None
    return _text(own.get("text") or own.get("label"), language)


def document_changes(old: ValuesFile, new: ValuesFile, language: str) -> list[Change]:
    """The document's, the company's and the ethics contact's fields that changed: all
    editorial."""
    text = wording(language)
    changes = []
    fields = [
        ("document.version", text.gettext("Version"), old.document.version,
         new.document.version),
        ("document.effective_date", text.gettext("Effective date"),
         old.document.effective_date, new.document.effective_date),
        ("document.title", text.gettext("Title"), old.document.title, new.document.title),
        ("company.name", text.gettext("Company name"), old.company.name, new.company.name),
        ("company.legal_name", text.gettext("Legal name"), old.company.legal_name,
         new.company.legal_name),
        ("company.industry", text.gettext("Industry"), old.company.industry,
         new.company.industry),
        ("document.language", text.gettext("Language"), old.document.language,
         new.document.language),
        ("document.translations", text.gettext("Translations"), old.document.translations,
         new.document.translations),
        ("document.authoritative_language", text.gettext("Authoritative language"),
         old.document.authoritative, new.document.authoritative),
        ("document.paper", text.gettext("Paper"), old.document.paper, new.document.paper),
        ("company.logo", text.gettext("Logo"), old.company.logo, new.company.logo),
        ("company.accent_colour", text.gettext("Accent colour"), old.company.accent_colour,
         new.company.accent_colour),
    ]  # fmt: skip
    for path, title, before, after in fields:
        if before != after:
            kind = path.split(".")[-1] + "_changed"
            old_text, new_text = _plain(before, language), _plain(after, language)
            changes.append(Change(kind, path, title, old_text, new_text, False, None, language))
    old_contact = old.company.ethics_contact.model_dump(mode="json")
    new_contact = new.company.ethics_contact.model_dump(mode="json")
    contact_fields = {
        "name": text.gettext("name"),
        "email": text.gettext("email"),
        "phone": text.gettext("telephone"),
        "url": text.gettext("web address"),
    }
    for name in old_contact:
        if old_contact[name] != new_contact[name]:
            title = text.gettext("Ethics contact · %(detail)s") % {
                "detail": contact_fields.get(name, name)
            }
            changes.append(
                Change(
                    "contact_changed",
                    f"company.ethics_contact.{name}",
                    title,
                    _text(old_contact[name], language),
                    _text(new_contact[name], language),
                    False,
                    None,
                    language,
                )
            )
    return changes


def _plain(value: object, language: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        text = wording(language)
        listed = list_separator(text).join(str(getattr(item, "value", item)) for item in value)
        # Translators: a list of languages that is empty.
        return listed or text.gettext("none")
    if isinstance(value, PurePath):  # a logo: the path as the values file writes it
        return value.as_posix()
    return _text(getattr(value, "value", value), language)


def value_changes(before: Positions, after: Positions, language: str) -> list[Change]:
    """Values removed and added (material), and values reworded (editorial)."""
    text = wording(language)
    changes = []

    def title(value: Any) -> str:
        # Translators: a value in a list of changes ("Value “Empathy”: added").
        return text.gettext("Value “%(title)s”") % {"title": value.title}

    for value_id, value in before.values.items():
        if value_id not in after.values:
            changes.append(
                Change(
                    "value_removed",
                    f"values.{value_id}",
                    title(value),
                    "",
                    None,
                    True,
                    None,
                    language,
                )
            )
    # Translators: a value's statement is the catalog's, not the company's own.
    catalog_wording = text.gettext("catalog wording")
    for value_id, value in after.values.items():
        previous = before.values.get(value_id)
        if previous is None:
            changes.append(
                Change(
                    "value_added",
                    f"values.{value_id}",
                    title(value),
                    None,
                    None,
                    True,
                    None,
                    language,
                )
            )
        elif previous.wording != value.wording:
            changes.append(
                Change(
                    "value_reworded",
                    f"values.{value_id}",
                    title(value),
                    _text(previous.wording.get("statement"), language) or catalog_wording,
                    _text(value.wording.get("statement"), language) or catalog_wording,
                    False,
                    None,
                    language,
                )
            )
    return changes


def _direction(
    key: str, before: PolicyPosition, after: PolicyPosition, language: str
) -> str | None:
    """Whether a new stance is more or less favourable, and to whom."""
    text = wording(language)
    favours = audience(key, after.favours if after.own else None)
    if after.rank < before.rank:
        return more_favourable(text, favours)
    if after.rank > before.rank:
        return less_favourable(text, favours)
    return None


def _parameter_direction(
    key: str, label: str, before: PolicyPosition, after: PolicyPosition, language: str
) -> str | None:
    """Whether a parameter's new value is more or less favourable, and to whom (the
    definition's ``favourable``: a return window cut from 90 to 30 days is less)."""
    old, new = before.ranks.get(label), after.ranks.get(label)
    if old is None or new is None or old == new:
        return None
    text = wording(language)
    favours = audience(key, after.favours if after.own else None)
    return more_favourable(text, favours) if new < old else less_favourable(text, favours)


def _way(key: str, after: PolicyPosition, old: float | None, new: float | None) -> dict[str, Any]:
    """``way`` and ``favours`` of a change from rank ``old`` to ``new`` (the lower, the
    more favourable), as data for other tools; empty when neither is better."""
    if old is None or new is None or old == new:
        return {}
    favours = audience(key, after.favours if after.own else None)
    return {"way": "more" if new < old else "less", "favours": favours}


def policy_changes(
    key: str, before: PolicyPosition | None, after: PolicyPosition | None, language: str
) -> list[Change]:
    """What changed in the policy ``key``: added, removed, its stance or a parameter
    (material), or its note (editorial)."""
    text = wording(language)
    path = f"policies.{key}"
    if before is None and after is None:
        return []
    title = (after or before).title  # type: ignore[union-attr]  # one of them is stated
    if before is None:
        assert after is not None
        return [Change("policy_added", path, title, None, after.cell(), True, None, language)]
    if after is None:
        return [Change("policy_removed", path, title, before.cell(), None, True, None, language)]
    changes = []
    if before.stance != after.stance:
        changes.append(
            Change(
                "stance_changed",
                f"{path}.stance",
                title,
                before.label,
                after.label,
                True,
                _direction(key, before, after, language),
                language,
                **_way(key, after, before.rank, after.rank),
            )
        )
    # Translators: a parameter with no value ("Return window: 30 days → not set").
    not_set = text.gettext("not set")
    for label, old_value in before.parameters.items():
        new_value = after.parameters.get(label, "")
        if old_value != new_value:
            changes.append(
                Change(
                    "parameter_changed",
                    f"{path}.{before.names[label]}",
                    text.gettext("%(policy)s · %(parameter)s")
                    % {"policy": title, "parameter": label},
                    old_value or not_set,
                    new_value or not_set,
                    True,
                    _parameter_direction(key, label, before, after, language),
                    language,
                    **_way(key, after, before.ranks.get(label), after.ranks.get(label)),
                )
            )
    if before.wording != after.wording:
        # The company's own wording is the policy's text: changing it changes what the
        # chapter asks of employees, as a change of stance does.
        changes.append(
            Change(
                "policy_reworded",
                f"{path}.wording",
                title,
                _wording_text(before.wording, language) or text.gettext("catalog wording"),
                _wording_text(after.wording, language) or text.gettext("catalog wording"),
                True,
                None,
                language,
            )
        )
    if before.note != after.note:
        changes.append(
            Change(
                "note_changed",
                f"{path}.note",
                text.gettext("%(policy)s · note") % {"policy": title},
                _text(before.note, language),
                _text(after.note, language),
                False,
                None,
                language,
            )
        )
    return changes
