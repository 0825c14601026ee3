"""The changes between two versions of a values file, as a person reads them.

A :class:`Change` is one difference, *material* (employees must acknowledge the chapter
again) or *editorial*; a :class:`Diff` holds them all and says what follows: whether
employees must sign again, and why. Everything a person reads (titles, values, the
summary) is in the diff's language, from the catalog and the message catalogs;
:mod:`ethos.changes.differences` computes them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..wording.localization import SOURCE_LANGUAGE, isolate, wording

MATERIAL, EDITORIAL = "material", "editorial"


@dataclass(frozen=True)
class Change:
    """One change between the old and the new values file."""

    kind: str
    path: str
    title: str
    old: str | None
    new: str | None
    material: bool
    direction: str | None = None
    language: str = field(default=SOURCE_LANGUAGE, compare=False)
    """The language of ``title``, ``old``, ``new`` and ``direction``."""
    way: str | None = None
    """``more`` or ``less`` favourable (``direction`` as data); None when neither."""
    favours: str | None = None
    """To whom the change is more or less favourable: customers, employees or the public."""

    @property
    def materiality(self) -> str:
        """``material`` or ``editorial`` (a key for other tools)."""
        return MATERIAL if self.material else EDITORIAL

    @property
    def materiality_label(self) -> str:
        """``material`` or ``editorial``, as a person reads it in the diff's language."""
        text = wording(self.language)
        # Translators: a change employees must acknowledge again (a column of the report).
        return text.gettext("material") if self.material else text.gettext("editorial")

    def describe(self, *, isolated: bool = False) -> str:
        """One line a person reads: ``Returns · Return window: 30 days → 60 days``.

        ``isolated``: for display, a name or address inside right-to-left text keeps its
        own order (see :meth:`Locale.isolate`); the revision history gets plain text.
        """
        text = wording(self.language)
        shown = (lambda value: isolate(value, self.language)) if isolated else str
        title = {"title": shown(self.title)}
        old, new = (shown(value) if value else value for value in (self.old, self.new))
        if self.kind.endswith("_reworded"):  # a value, a section, the foreword
            return text.gettext("%(title)s: reworded") % title
        if self.old is None:
            line = (
                text.gettext("%(title)s: added (%(new)s)") % {**title, "new": new}
                if self.new
                else text.gettext("%(title)s: added") % title
            )
        elif self.new is None:
            line = (
                text.gettext("%(title)s: removed (was %(old)s)") % {**title, "old": old}
                if self.old
                else text.gettext("%(title)s: removed") % title
            )
        else:
            line = text.gettext("%(title)s: %(old)s → %(new)s") % {
                **title, "old": old or "—", "new": new or "—"
            }  # fmt: skip
        if self.direction:
            return text.gettext("%(change)s (%(direction)s)") % {
                "change": line, "direction": self.direction
            }  # fmt: skip
        return line


@dataclass(frozen=True)
class Diff:
    """Every change between two versions, and what follows from them."""

    company: str
    old_name: str
    new_name: str
    old_version: str
    new_version: str
    changes: list[Change] = field(default_factory=list)
    language: str = SOURCE_LANGUAGE
    """The language of everything a person reads in it."""

    @property
    def material(self) -> list[Change]:
        """The changes employees must acknowledge again."""
        return [change for change in self.changes if change.material]

    @property
    def version_unchanged(self) -> bool:
        """Material changes under the same version number: signatures would be ambiguous."""
        return bool(self.material) and self.old_version == self.new_version

    @property
    def title(self) -> str:
        """The report's title: ``Changes to Acme Outfitters's chapter``."""
        return wording(self.language).gettext("Changes to %(company)s's chapter") % {
            "company": isolate(self.company, self.language)
        }

    @property
    def summary(self) -> str:
        """Whether employees must re-acknowledge, and why."""
        text = wording(self.language)
        if not self.changes:
            return text.gettext("No changes.")
        editorial = len(self.changes) - len(self.material)
        if not self.material:
            return text.ngettext(
                "No re-acknowledgement needed: %(num)d editorial change only (wording, contact "
                "or dates).",
                "No re-acknowledgement needed: %(num)d editorial changes only (wording, contact "
                "or dates).",
                editorial,
            ) % {"num": editorial}
        count = len(self.material)
        reasons = self._changes_list(
            [change.describe(isolated=True) for change in self.material], 3
        )
        material = text.ngettext(
            "%(num)d material change (%(reasons)s)", "%(num)d material changes (%(reasons)s)", count
        ) % {"num": count, "reasons": reasons}
        if editorial:
            # Translators: "and 2 editorial [changes]", after "1 material change (...)".
            sentence = text.ngettext(
                "Re-acknowledgement needed: %(material)s and %(num)d editorial.",
                "Re-acknowledgement needed: %(material)s and %(num)d editorial.",
                editorial,
            ) % {"material": material, "num": editorial}
        else:
            sentence = text.gettext("Re-acknowledgement needed: %(material)s.") % {
                "material": material
            }
        version = {"version": self.new_version}
        sentences = [
            sentence,
            text.gettext("Employees must acknowledge version %(version)s.") % version,
        ]
        if self.version_unchanged:
            sentences.append(
                text.gettext(
                    "The version is still %(version)s: raise it, so that each signature names "
                    "the version it acknowledges."
                )
                % version
            )
        summary = sentences[0]
        for following in sentences[1:]:
            # Translators: one sentence after another (no space between them in Chinese).
            summary = text.gettext("%(text)s %(sentence)s") % {
                "text": summary,
                "sentence": following,
            }
        return summary

    def _changes_list(self, described: list[str], shown: int) -> str:
        """The first ``shown`` changes, then how many more there are."""
        text = wording(self.language)
        listed = text.gettext("; ").join(described[:shown])
        if len(described) <= shown:
            return listed
        more = len(described) - shown
        # Translators: ends a list of changes: "...; and 2 more".
        return text.ngettext("%(changes)s; and %(num)d more", "%(changes)s; and %(num)d more",
                             more) % {"changes": listed, "num": more}  # fmt: skip

    def record_summary(self) -> str:
        """A one-line summary for the revision history."""
        text = wording(self.language)
        described = [change.describe() for change in (self.material or self.changes)]
        if not described:
            return text.gettext("No changes.")
        listed = text.gettext("; ").join(described[:4])
        if len(described) > 4:
            # Translators: ends a revision history entry that lists only the first changes.
            return text.gettext("%(changes)s; and more.") % {"changes": listed}
        # Translators: a revision history entry: the changes, as one sentence.
        return text.gettext("%(changes)s.") % {"changes": listed}

    def as_json(self) -> dict[str, Any]:
        """Plain data for other tools."""
        return {
            "company": self.company,
            "language": self.language,
            "old": {"source": self.old_name, "version": self.old_version},
            "new": {"source": self.new_name, "version": self.new_version},
            "reacknowledgment_required": bool(self.material),
            "version_unchanged": self.version_unchanged,
            "summary": self.summary,
            "changes": [
                {**_fields(change), "materiality": change.materiality} for change in self.changes
            ],
        }


def _fields(change: Change) -> dict[str, Any]:
    fields = asdict(change)
    del fields["language"]
    return fields
