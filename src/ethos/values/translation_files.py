"""The company's text, sent to a translator as a PO file and merged back.

``ethos build --lang all`` prints company text a language lacks in the file's own
language (:mod:`ethos.values.local_text`); this module is how the text gets translated.
:func:`export_po` writes one gettext PO file per language, the format translators' tools
read (Poedit, Weblate, Lokalize, OmegaT, Crowdin): one entry per free-text field, its key
path as the context (``policies.returns.conditions[0]``), its text in the file's language
as the source, the file and line it stands at as the reference. :func:`merge_po` writes
every translated entry back into the values file as that field's text in the language,
with ruamel.yaml's round trip, so comments, key order, quoting and layout of everything
else stay as they were and the git diff shows the added translations only. The merged
file is validated before it replaces the old one, atomically; a stale entry (the source
text changed since the export), an unknown field or a PO of another language is refused
with its line, and nothing is written.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale as BabelLocale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from pydantic import BaseModel

from ..errors import InvalidInputError, Problem
from ..system.write import write_atomic
from ..version import __version__
from ..wording.languages import text_language
from ..wording.localization import english_name
from .extends import load_document
from .load import LoadedDocument
from .local_text import raw_value
from .model import ValuesFile
from .round_trip import round_tripper
from .sources import Source
from .text_fields import Language, PlainText
from .validate import validate
from .yaml_nodes import KeyPath, dotted


@dataclass(frozen=True)
class Field:
    """One free-text field of a values file, as a translator sees it."""

    path: KeyPath
    source: str
    """Its text in the file's language (or the first language it has)."""
    translation: str | None
    """Its text in the target language, if it has one."""
    line: int


def text_fields(document: LoadedDocument, values_file: ValuesFile, language: str) -> list[Field]:
    """Every free-text field written in the file itself (not in a group it extends),
    in file order, with its source text and its text in ``language``."""
    written_in = values_file.document.language.value
    found = []
    for path in _text_paths(values_file, ()):
        if document.origin(path) is not document:
            continue  # the group file's text: translated in the group file
        raw = raw_value(document.data, path)
        if isinstance(raw, str):
            source, translation = raw, None
            if text_language(language) == text_language(written_in):
                translation = raw
        elif isinstance(raw, dict) and raw:
            source = str(raw.get(written_in) or next(iter(raw.values())))
            translation = raw.get(language) or raw.get(text_language(language))
        else:
            continue
        found.append(Field(path, source, translation, document.position(path).line))
    return sorted(found, key=lambda field: field.line)


def export_po(path: Path, language: str, *, everything: bool = False) -> tuple[bytes, int]:
    """A PO file of the free text of the values file at ``path`` that lacks ``language``
    (``everything``: all of it, translated entries filled in, for review), and how many
    entries it has."""
    document, values_file = _load(path)
    if text_language(language) == text_language(values_file.document.language.value):
        raise InvalidInputError(
            [Problem(str(path), 0, 0, "", f"the file is written in {english_name(language)}: "
                     "export a language it is translated into")]
        )  # fmt: skip
    catalog = Catalog(
        locale=language.replace("-", "_"),
        project=f"{values_file.company.name} values file",
        version=values_file.document.version,
        msgid_bugs_address=None,
        copyright_holder=values_file.company.name,
        charset="utf-8",
        fuzzy=False,
    )
    catalog.header_comment = (
        f"# {english_name(language)} text of {path.name}, exported by ethos {__version__}.\n"
        "# Translate each msgstr; leave the msgctxt and msgid as they are.\n"
        f"# Merge it back with: ethos translate merge {path.name} THIS_FILE"
    )
    count = 0
    for field in text_fields(document, values_file, language):
        if field.translation is not None and not everything:
            continue
        catalog.add(
            field.source,
            field.translation or "",
            locations=[(path.name, field.line)],
            auto_comments=[_describe(field.path)],
            context=dotted(field.path),
        )
        count += 1
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_output=False)
    return buffer.getvalue(), count


@dataclass(frozen=True)
class MergeResult:
    """What :func:`merge_po` wrote into the values file."""

    merged: list[str]
    """The key paths that gained (or changed) their text in the language."""
    untranslated: list[str]
    """The entries the PO leaves empty or fuzzy: still missing."""


def merge_po(
    path: Path, po_file: Path, language: str | None = None, *, force: bool = False
) -> MergeResult:
    """Write the translations of ``po_file`` into the values file at ``path``.

    ``language`` (default: the PO's own ``Language``) must be the PO's. ``force`` merges
    entries whose source text changed since the export too.

    Raises:
        InvalidInputError: a PO of another language, an entry for no field, a stale
            entry, or a result that would not validate; nothing is written.
    """
    catalog = _read_po(po_file)
    language = _po_language(po_file, catalog, language)
    document, values_file = _load(path)
    fields = {dotted(field.path): field for field in text_fields(document, values_file, language)}
    written_in = values_file.document.language.value
    problems: list[Problem] = []
    changes: dict[KeyPath, str] = {}
    untranslated: list[str] = []
    for message in catalog:
        if not message.id:
            continue  # the header
        where = Problem(str(po_file), message.lineno or 0, 0, str(message.context or ""), "")
        field = fields.get(str(message.context or ""))
        if field is None:
            missing = f"no free-text field {message.context!r} in {path.name}"
            problems.append(_at(where, f"{missing} — was it removed or renamed? Export again"))
            continue
        if not message.string or message.fuzzy:
            untranslated.append(dotted(field.path))
            continue
        if message.id != field.source and not force:
            stale = f"the text changed since the export: it is now {field.source!r}"
            problems.append(_at(where, f"{stale} — translate it again, or merge with --force"))
            continue
        if message.string != field.translation:
            changes[field.path] = str(message.string)
    if problems:
        raise InvalidInputError(problems)
    if changes:
        text = _with_translations(path, changes, language, written_in)
        _validate_text(path, text)
        write_atomic(path, text.encode("utf-8"))
    return MergeResult([dotted(key) for key in changes], untranslated)


def _load(path: Path) -> tuple[LoadedDocument, ValuesFile]:
    document = load_document(Source(path))
    return document, validate(document)


def _read_po(po_file: Path) -> Catalog:
    try:
        with po_file.open("rb") as stream:
            return read_po(stream, abort_invalid=True)
    except FileNotFoundError:
        raise InvalidInputError([Problem(str(po_file), 0, 0, "", "no such file")]) from None
    except Exception as error:  # Babel raises PoFileError, ValueError and others
        raise InvalidInputError(
            [
                Problem(
                    str(po_file), getattr(error, "lineno", 0) or 0, 0, "", f"not a PO file: {error}"
                )
            ]
        ) from None


def _po_language(po_file: Path, catalog: Catalog, language: str | None) -> str:
    """The chapter language of the PO, checked against ``language`` when given."""
    header = catalog.locale_identifier or ""
    of_po = next(
        (str(code) for code in Language if header and _same_locale(str(code), header)), None
    )
    if language is None:
        if of_po is None:
            why = f"its Language header ({header or 'none'}) is no chapter language"
            raise InvalidInputError(
                [Problem(str(po_file), 0, 0, "", f"{why} — say which with --lang")]
            )
        return of_po
    if header and not _same_locale(language, header):
        why = f"it is a {header} file, not {english_name(language)} ({language})"
        hint = f"merge it with --lang {of_po or header}"
        raise InvalidInputError([Problem(str(po_file), 0, 0, "", f"{why} — {hint}")])
    return language


def _same_locale(code: str, header: str) -> bool:
    try:
        return str(BabelLocale.parse(code.replace("-", "_"))) == str(BabelLocale.parse(header))
    except (ValueError, LookupError):
        return code == header


def _at(where: Problem, message: str) -> Problem:
    return Problem(where.file, where.line, where.column, where.path, message)


def _text_paths(value: Any, path: KeyPath) -> Iterator[KeyPath]:
    """The key path of every free-text field in the validated ``value``."""
    if isinstance(value, PlainText) or (
        isinstance(value, dict) and value and all(isinstance(k, Language) for k in value)
    ):
        yield path
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _text_paths(getattr(value, name), (*path, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _text_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _text_paths(item, (*path, index))


def _describe(path: KeyPath) -> str:
    """The field in words, for the translator: "policies > returns > conditions (1)"."""
    return " > ".join(f"({part + 1})" if isinstance(part, int) else str(part) for part in path)


def _with_translations(
    path: Path, changes: dict[KeyPath, str], language: str, written_in: str
) -> str:
    """The values file's text with each of ``changes`` written in: a plain text becomes
    ``{<file language>: text, <language>: translation}``, a by-language text gains the
    language; everything else as it was (ruamel.yaml round trip)."""
    from ruamel.yaml.comments import CommentedMap

    original = path.read_text(encoding="utf-8")
    yaml = round_tripper(original)
    data = yaml.load(original)
    for key_path, translation in changes.items():
        *parents, last = key_path
        node = data
        for part in parents:
            node = node[part]
        current = node[last]
        if isinstance(current, dict):
            before = list(current)[-1]
            current[language] = translation
            _move_trailing_comment(current, before, current, language)
        else:
            texts = CommentedMap()
            texts[written_in] = current
            texts[language] = translation
            _move_trailing_comment(node, last, texts, language)
            node[last] = texts
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _move_trailing_comment(source: Any, key: Any, target: Any, new_key: Any) -> None:
    """The comment lines that followed ``key``'s value now follow ``new_key``'s: a plain
    text that becomes a mapping keeps its end-of-line comment on its key, and the full
    comment lines below it stay below the whole mapping, not inside it."""
    from ruamel.yaml.tokens import CommentToken

    comment = getattr(source, "ca", None) and source.ca.items.get(key)
    if not comment or len(comment) < 3 or comment[2] is None:
        return
    token = comment[2]
    first, _, rest = token.value.partition("\n")
    if not rest.strip():
        return
    token.value = f"{first}\n" if first.strip() else "\n"
    target.ca.items[new_key] = [None, None, CommentToken(f"\n{rest}", token.start_mark, None), None]


def _validate_text(path: Path, text: str) -> None:
    """Validate the merged text as the values file it will be (same folder, so a group
    file it extends is found), before anything is written."""
    temporary = path.with_name(f".{path.name}.merge-check")
    try:
        temporary.write_text(text, encoding="utf-8")
        validate(load_document(Source(temporary)))
    except InvalidInputError as error:
        raise InvalidInputError(
            [
                Problem(str(path), p.line, p.column, p.path, f"after the merge: {p.message}")
                for p in error.problems
            ]
        ) from None
    finally:
        temporary.unlink(missing_ok=True)
