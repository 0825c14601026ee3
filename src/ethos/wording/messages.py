"""Template strings in other languages: gettext catalogs, compiled when a build needs them.

The chapter and report templates are written in English; every string they pass through
``_()`` or ``{% trans %}``, and every ``gettext``/``ngettext`` string of the reports' Python
(summaries, change descriptions, units), is extracted with Babel into
``templates/locale/ethos.pot`` (``make messages``), translated in
``templates/locale/<language>/LC_MESSAGES/ethos.po`` and compiled here, in memory, the
first time a build asks for the language.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog as MessageCatalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from ..errors import TemplateError
from ..resources import builtin_templates_dir

DOMAIN = "ethos"


def locale_dir() -> Path:
    """Directory holding the ``.pot`` template and one ``.po`` per language."""
    return builtin_templates_dir() / "locale"


def template_path() -> Path:
    """The extracted message template, ``ethos.pot``."""
    return locale_dir() / f"{DOMAIN}.pot"


def po_path(language: str) -> Path:
    """The message catalog of ``language``."""
    return locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _read(path: Path) -> MessageCatalog:
    try:
        with path.open("rb") as stream:
            return read_po(stream, abort_invalid=True)
    except FileNotFoundError:
        return MessageCatalog()
    except (PoFileError, UnicodeDecodeError, ValueError) as error:
        raise TemplateError(str(path), None, f"message catalog is malformed: {error}") from None


@cache
def message_template() -> MessageCatalog:
    """The English source strings (``ethos.pot``)."""
    return _read(template_path())


@cache
def message_catalog(language: str) -> MessageCatalog:
    """The ``.po`` catalog of ``language``; empty when it does not exist yet."""
    return _read(po_path(language))


@cache
def translations_for(language: str) -> Translations:
    """Compiled translations of ``language``.

    Entries marked fuzzy (the English changed after they were translated) are still used:
    a slightly dated sentence reads better than English in the middle of the chapter, and
    ``ethos check --lang`` reports them as stale.
    """
    buffer = io.BytesIO()
    write_mo(buffer, message_catalog(language), use_fuzzy=True)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)
