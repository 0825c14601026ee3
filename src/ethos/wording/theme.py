"""What one build, check or preview reads from the template directories, owned by one object.

A :class:`Theme` (after mkdocs' ``Theme``) holds the user's template directories and the
built-in one, and every data file parsed from the built-in one, each read at most once
while the theme lives: the value catalog of each language, the message catalogs and
their compiled translations, each language's typesetting, and the data files of other
layers (the lint rules, the lines of catalog keys). A build, a check and each rebuild of
the preview make a new theme and drop it when they end, so an edit made in between is
always read: no module keeps a copy that something would have to remember to clear.

While a theme is active (:meth:`Theme.active`), the module-level readers
(:func:`~ethos.wording.catalog.load_catalog`, :func:`~ethos.wording.localization.typesetting`,
:class:`~ethos.wording.localization.Locale`, ...) read through it; with none active, each
call makes a new theme and so reads the file afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ..resources import builtin_templates_dir
from .languages import text_language

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog as MessageCatalog
    from babel.support import NullTranslations, Translations

    from .catalog import Catalog
    from .localization import Locale, Typesetting
    from .spelling import Spelling

T = TypeVar("T")

_active: ContextVar[Theme | None] = ContextVar("ethos_theme", default=None)


class Theme:
    """The template directories of one build or preview, and what was read from them."""

    def __init__(self, template_dirs: Sequence[Path] = (), *, builtin: Path | None = None) -> None:
        self.template_dirs: tuple[Path, ...] = tuple(template_dirs)
        """The user's template directories, most specific first."""
        self.builtin: Path = builtin if builtin is not None else builtin_templates_dir()
        """The built-in templates: the chapter templates, catalogs, translations, data."""
        self._read: dict[Hashable, Any] = {}

    @property
    def directories(self) -> list[Path]:
        """Every template directory in lookup order: the user's, then the built-in one."""
        return [*self.template_dirs, self.builtin]

    def with_template_dirs(self, template_dirs: Sequence[Path]) -> Theme:
        """This theme with the user's template directories (known once the values file is
        read); what was read so far is shared, since it all comes from the built-in
        directory."""
        theme = Theme(template_dirs, builtin=self.builtin)
        theme._read = self._read
        return theme

    def read_once(self, key: Hashable, read: Callable[[], T]) -> T:
        """``read()``, called the first time ``key`` is asked for while this theme lives."""
        if key not in self._read:
            self._read[key] = read()
        return cast("T", self._read[key])

    @contextmanager
    def active(self) -> Iterator[Theme]:
        """Make this the theme the module-level readers read through, until the block ends."""
        token = _active.set(self)
        try:
            yield self
        finally:
            _active.reset(token)

    def catalog(self, language: str) -> Catalog:
        """The value catalog of ``language``, checked; a regional variety's is its
        language's, respelled (:meth:`spelling`)."""
        from .catalog import read_catalog

        spelling = self.spelling(language)
        return self.read_once(
            ("catalog", language),
            lambda: read_catalog(
                self.catalog_dir(language), language, spelling.data if spelling else None
            ),
        )

    def catalog_dir(self, language: str) -> Path:
        """The directory of the catalog files of ``language`` (a variety: its language's)."""
        return self.builtin / "catalog" / text_language(language)

    def spelling(self, language: str) -> Spelling | None:
        """How a regional variety respells its language's wording
        (``templates/spelling/en-US.yaml``); None for a language, or a variety spelled as
        its language is written."""
        if text_language(language) == language:
            return None
        from .spelling import read_spelling

        path = self.builtin / "spelling" / f"{language}.yaml"
        return self.read_once(("spelling", language), lambda: read_spelling(path))

    def message_template(self) -> MessageCatalog:
        """The English source strings of the templates and reports (``ethos.pot``)."""
        from .messages import read_messages, template_path

        return self.read_once("ethos.pot", lambda: read_messages(template_path(self.builtin)))

    def message_catalog(self, language: str) -> MessageCatalog:
        """The ``.po`` catalog of ``language``; empty when it does not exist yet."""
        from .messages import po_path, read_messages

        return self.read_once(
            ("po", language), lambda: read_messages(po_path(language, self.builtin))
        )

    def translations(self, language: str) -> NullTranslations | Translations:
        """The template and report strings of ``language`` (English: as written; a
        regional variety: its language's, respelled)."""
        from .messages import compiled

        base = text_language(language)
        if base != language:
            spelling = self.spelling(language)
            translations = self.translations(base)
            if spelling is None:
                return translations
            from .spelling import SpelledTranslations

            return self.read_once(
                ("translations", language), lambda: SpelledTranslations(translations, spelling)
            )
        return self.read_once(
            ("translations", language), lambda: compiled(language, self.message_catalog)
        )

    def typesetting(self) -> dict[str, Typesetting]:
        """Every chapter language's typesetting (``languages.yaml``)."""
        from .localization import read_typesetting

        return self.read_once(
            "languages.yaml", lambda: read_typesetting(self.builtin / "languages.yaml")
        )

    def report_typesetting(self, language: str) -> Typesetting:
        """Typesetting for a report in ``language`` that quotes every language."""
        from .localization import typesetting_for_reports

        return self.read_once(
            ("report typesetting", language),
            lambda: typesetting_for_reports(self.typesetting(), language),
        )

    def locale(self, language: str) -> Locale:
        """Formatting, translations and typesetting of ``language``."""
        from .localization import Locale

        return self.read_once(("locale", language), lambda: Locale(language, self))


def current_theme() -> Theme:
    """The active theme; with none active, a new one, so the caller reads afresh."""
    return _active.get() or Theme()
