"""One editing session of one values file: the draft, its check, its preview and saving.

The session owns the only path ethos edit writes: the file it was started with. A change
from the page is applied to the draft and checked at once, exactly as ``ethos check``
checks the file (same messages, with the file:line they would have once saved); a valid
draft is previewed. Saving writes the draft only when it is valid and the file on disk
is still the one the draft was made from; otherwise the file is left as it is and the
page is told why (:class:`NotSavedError`).
"""

from __future__ import annotations

import difflib
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EthosError, InvalidInputError, Problem
from ..preview.serve import Page, Preview
from ..system.write import write_atomic
from ..values.load import read_values_text
from ..values.local_text import raw_value
from ..values.sources import Source
from ..wording.localization import SOURCE_LANGUAGE
from ..wording.theme import Theme
from .draft import Change, Draft, digest
from .fields import Field, field_id
from .form import build_form
from .form_context import form_context

log = logging.getLogger(__name__)


class NotSavedError(EthosError):
    """The draft was not written: it is invalid, or the file changed on disk."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason  # "invalid" or "conflict"
        super().__init__(message)


@dataclass
class Shown:
    """A problem as the page shows it: at a field (its id), or above the form."""

    text: str
    message: str
    where: str
    severity: str
    field: str | None


@dataclass
class Checked:
    """What the check of the draft found."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems


class DraftPreview(Preview):
    """The live preview of the draft, not of the file on disk."""

    def __init__(self, session: EditSession, language: str | None) -> None:
        self.session = session
        super().__init__(session.path, language, ())

    def source(self) -> Source:
        return Source(self.path, draft=self.session.draft.text)


class EditSession:
    """The editor's state for the file at ``path``."""

    def __init__(self, path: Path, language: str | None = None) -> None:
        self.path = path
        self.lock = threading.RLock()
        # What a check reads (catalogs, translations, lint rules) is read once for the
        # session: each change is checked in a fraction of the time a fresh read takes.
        self.theme = Theme()
        self.draft = self._load()
        self.checked = self._check()
        self.form: list[Field] = []
        self.preview = DraftPreview(self, language)
        self._preview_wanted = threading.Event()

    # --- the draft ---------------------------------------------------------------------

    def _load(self) -> Draft:
        """The file on disk as a draft.

        Raises:
            UnreadableInputError: the file cannot be read.
            InvalidInputError: its YAML cannot be read, or it is not a mapping of keys:
                the form has nothing to show (``ethos check``'s problems say why).
        """
        text = read_values_text(self.path)
        try:
            draft = Draft(text, _written_in(text))
        except Exception:  # ruamel.yaml refuses it: the check says why, located
            draft = None
        if draft is None or not isinstance(draft.data, dict):
            from ..values.load import load_values_text

            load_values_text(text, str(self.path))  # raises the located problem
            raise InvalidInputError(
                [Problem(str(self.path), 1, 1, "", "not a mapping of keys: nothing to edit")]
            )
        return draft

    def _check(self) -> Checked:
        from ..values.loading import check_source

        try:
            with self.theme.active():
                _, warnings = check_source(Source(self.path, draft=self.draft.text))
        except InvalidInputError as error:
            return Checked(problems=list(error.problems))
        except EthosError as error:
            return Checked(problems=[Problem(str(self.path), 0, 0, "", str(error))])
        return Checked(warnings=warnings)

    def apply(self, change: Change) -> None:
        """Apply a change from the page and check the draft again.

        Raises:
            ChangeError: the change cannot be applied (the draft is as it was).
        """
        with self.lock:
            before = self.draft.text
            try:
                self.draft.apply(change)
            except Exception:
                self.draft.restore(before)  # a change half applied is undone
                raise
            self.draft.written_in = _written_in(self.draft.text, self.draft.written_in)
            self._record_source(change)
            self.checked = self._check()
            self.form = []
        self.request_preview()

    def _record_source(self, change: Change) -> None:
        """Wording written over a built-in value's or stance's records which built-in
        wording it replaces (``source``), as ``ethos catalog`` would tell the user to, so
        that ``check`` can say when the built-in wording changes later."""
        from ..wording.catalog import fingerprint

        path = change.path
        data = self.draft.data
        with self.theme.active() as theme:
            catalog = theme.catalog(SOURCE_LANGUAGE)
        if len(path) >= 3 and path[0] == "values" and path[2] in ("title", "statement"):
            entry = raw_value(data, path[:2])
            base = catalog.values.get(str(entry.get("id"))) if isinstance(entry, dict) else None
            if base is not None and "source" not in entry and _has_override(entry):
                self.draft.apply(Change("set", (*path[:2], "source"), fingerprint(base)))
        elif len(path) >= 3 and path[0] == "policies" and path[2] == "wording":
            policy = raw_value(data, path[:2])
            area = catalog.policies.get(str(path[1]))
            if not isinstance(policy, dict) or area is None:
                return
            wording = policy.get("wording")
            stance = area.stances.get(str(policy.get("stance")))
            if isinstance(wording, dict) and stance is not None and "source" not in wording:
                self.draft.apply(Change("set", (*path[:3], "source"), fingerprint(stance)))

    def reload(self) -> None:
        """Forget the page's changes: the draft is the file on disk again."""
        with self.lock:
            self.draft = self._load()
            self.checked = self._check()
            self.form = []
        self.request_preview()

    # --- the form and what the page shows ---------------------------------------------

    def form_fields(self) -> list[Field]:
        with self.lock:
            if not self.form:
                with self.theme.active() as theme:
                    context = form_context(self.path, self.draft, theme)
                    self.form = build_form(self.draft.data or {}, context)
            return self.form

    def state(self) -> dict[str, Any]:
        """What the page needs after every change: problems at their fields, the status."""
        with self.lock:
            fields = self.form_fields()
            problems = [
                self._shown(problem, fields)
                for problem in [*self.checked.problems, *self.checked.warnings]
            ]
            disk = self.disk_text()
            return {
                "valid": self.checked.valid,
                "changed": self.draft.changed,
                "errors": sum(p.severity == "error" for p in problems),
                "warnings": sum(p.severity != "error" for p in problems),
                "problems": [shown.__dict__ for shown in problems],
                "base": digest(self.draft.original),
                "disk": digest(disk) if disk is not None else None,
                "conflict": disk is not None and disk != self.draft.original,
            }

    def _shown(self, problem: Problem, fields: Sequence[Field]) -> Shown:
        ids = _field_ids(fields)
        where = str(problem).removesuffix(problem.message).rstrip(": ")
        target = None
        key = problem.path
        while key:
            if key in ids:
                target = ids[key]
                break
            key = _parent_key(key)
        return Shown(str(problem), problem.message, where, problem.severity, target)

    # --- the disk ------------------------------------------------------------------------

    def disk_text(self) -> str | None:
        """The file as it is on disk now (None: it cannot be read)."""
        try:
            return read_values_text(self.path)
        except EthosError:
            return None

    def both(self) -> str:
        """The file on disk against the page's version, as a unified diff."""
        with self.lock:
            disk = self.disk_text() or ""
            return "".join(
                difflib.unified_diff(
                    disk.splitlines(keepends=True),
                    self.draft.text.splitlines(keepends=True),
                    f"{self.path} (on disk)",
                    f"{self.path} (in the editor)",
                )
            )

    def save(self, *, overwrite: bool = False) -> None:
        """Write the draft to the file, atomically.

        Raises:
            NotSavedError: the draft is invalid (``invalid``), or the file on disk is no
                longer the one the draft was made from (``conflict``) and ``overwrite``
                was not asked for.
            OutputError: the file could not be written; it is as it was.
        """
        with self.lock:
            if not self.checked.valid:
                count = len(self.checked.problems)
                raise NotSavedError(
                    "invalid",
                    f"not saved: {count} problem{'s' if count != 1 else ''} to fix first — "
                    "the file on disk is unchanged",
                )
            disk = self.disk_text()
            if disk != self.draft.original and not overwrite:
                raise NotSavedError(
                    "conflict",
                    "not saved: the file changed on disk since it was loaded — reload it, "
                    "or compare both versions",
                )
            text = self.draft.text
            write_atomic(self.path, text.encode("utf-8"))
            self.draft = Draft(text, self.draft.written_in)
            self.form = []

    # --- the preview -------------------------------------------------------------------

    def request_preview(self) -> None:
        self._preview_wanted.set()

    def run_previews(self, stop: threading.Event) -> None:
        """Rebuild the preview whenever a change asks for it, the latest draft each time,
        until ``stop`` is set (the editor's preview thread)."""
        while not stop.is_set():
            if not self._preview_wanted.wait(timeout=0.2):
                continue
            self._preview_wanted.clear()
            with self.lock:
                valid = self.checked.valid
            if valid:
                try:
                    self.preview.rebuild()
                except Exception as error:  # the editor outlives any failing preview
                    log.warning("the preview could not be built: %s", error)

    @property
    def page(self) -> Page:
        return self.preview.page


def _has_override(entry: dict[str, Any]) -> bool:
    return any(entry.get(key) for key in ("title", "statement"))


def _field_ids(fields: Sequence[Field]) -> dict[str, str]:
    ids: dict[str, str] = {}
    for top in fields:
        for shown in top.walk():
            ids.setdefault(shown.key, shown.id)
            for box in shown.texts:
                ids[f"{shown.key}.{box.language}"] = field_id(shown.path, box.language)
    return ids


def _parent_key(key: str) -> str:
    """``policies.returns.window_days`` → ``policies.returns``; ``values[2]`` → ``values``."""
    if key.endswith("]"):
        return key[: key.rfind("[")]
    return key.rpartition(".")[0]


def _written_in(text: str, fallback: str = "en") -> str:
    """The file's own language, read from its text (the draft may be invalid)."""
    import yaml

    try:
        data = yaml.safe_load(text)
        language = data["document"]["language"]
    except Exception:  # an unparsable or partial file: keep what was known
        return fallback
    return str(language) if isinstance(language, str) else fallback
