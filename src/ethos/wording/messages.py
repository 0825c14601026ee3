"""Template strings in other languages: gettext catalogs, compiled when a build needs them.

The chapter and report templates are written in English; every string they pass through
``_()`` or ``{% trans %}``, and every ``gettext``/``ngettext`` string of the reports' Python
(summaries, change descriptions, units), is extracted with Babel into
``templates/locale/ethos.pot`` (``make messages``), translated in
``templates/locale/<language>/LC_MESSAGES/ethos.po`` and compiled here, in memory, the
first time a build asks for the language (once per :class:`~ethos.wording.theme.Theme`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from babel.messages.catalog import Catalog as MessageCatalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from ..errors import TemplateError
from .localization import SOURCE_LANGUAGE
from .theme import current_theme

DOMAIN = "ethos"


def locale_dir(builtin: Path | None = None) -> Path:
    """Directory holding the ``.pot`` template and one ``.po`` per language."""
    return (builtin or current_theme().builtin) / "locale"


def template_path(builtin: Path | None = None) -> Path:
    """The extracted message template, ``ethos.pot``."""
    return locale_dir(builtin) / f"{DOMAIN}.pot"


def po_path(language: str, builtin: Path | None = None) -> Path:
    """The message catalog of ``language``."""
    return locale_dir(builtin) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_messages(path: Path) -> MessageCatalog:
    """A ``.pot`` or ``.po`` file; empty when it does not exist yet."""
    try:
        with path.open("rb") as stream:
            return read_po(stream, abort_invalid=True)
    except FileNotFoundError:
        return MessageCatalog()
    except (PoFileError, UnicodeDecodeError, ValueError) as error:
        raise TemplateError(str(path), None, f"message catalog is malformed: {error}") from None


def message_template() -> MessageCatalog:
    """The English source strings (``ethos.pot``), as the current theme read them."""
    return current_theme().message_template()


def message_catalog(language: str) -> MessageCatalog:
    """The ``.po`` catalog of ``language``, as the current theme read it."""
    return current_theme().message_catalog(language)


def compiled(
    language: str, catalog: Callable[[str], MessageCatalog]
) -> NullTranslations | Translations:
    """The translations of ``language`` compiled from its ``catalog``; English is the
    strings as written.

    Entries marked fuzzy (the English changed after they were translated) are still used:
    a slightly dated sentence reads better than English in the middle of the chapter, and
    ``ethos check --lang`` reports them as stale.
    """
    if language == SOURCE_LANGUAGE:
        return NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, catalog(language), use_fuzzy=True)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)
