"""The sources an archival PDF carries inside it, and getting them back.

An archival PDF (``pdf/a-3b``, see :mod:`ethos.render.pdf_variants`) carries the exact
values file, the group files it extends and a manifest of the build as embedded files
(associated files, ``/AF``), so the source of a signed version can always be recovered:
``ethos extract`` gets them back and checks them against the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import InvalidInputError, OutputError, Problem, UnreadableInputError
from ..render.pdf_variants import Embedded
from ..system.input_files import printable, read_input_file
from ..system.write import RESERVED_NAMES
from ..values.extends import MAX_CHAIN
from ..values.load import MAX_FILE_BYTES, LoadedDocument
from ..values.sources import Source
from ..version import __version__
from .manifest import Provenance

MANIFEST_ATTACHMENT = "ethos-manifest.json"
ARCHIVE_FORMAT = 1
# A letter or digit first (never "." or "-"), no separator, space or control character
# anywhere. Matched with fullmatch: "$" would also accept a name that ends in a newline.
_SAFE_NAME = re.compile(r"\w[\w.\-]{0,120}")
MAX_PDF_BYTES = 200 * 1024 * 1024
"""The largest PDF ``extract`` and ``acknowledge`` read: a chapter is a few megabytes."""


def sources(
    document: LoadedDocument,
    *,
    language: str,
    variant: str,
    provenance: Provenance,
    html: bytes,
) -> list[Embedded]:
    """The values file, every group file it extends, and the manifest of this build.

    Each file is named by its path relative to the values file's folder (the values file
    by its name, a group file as ``extends:`` reaches it, say ``../groups/retail.yaml``),
    never as typed on the command line: the same inputs give the same PDF bytes wherever
    they are built from.
    """
    embedded: list[Embedded] = []
    files: list[dict[str, str]] = []
    folder = Source.parse(document.filename).path.parent
    for current in document.chain():
        data = current.source.encode("utf-8")
        path = Path(os.path.relpath(Source.parse(current.filename).path, folder)).as_posix()
        name = _unique_name(PurePosixPath(path).name, {item.name for item in embedded})
        role = "values file" if current is document else "group file"
        embedded.append(Embedded(name, data, f"The {role} {path}"))
        files.append({"name": name, "path": path, "role": role, "sha256": _sha256(data)})
    manifest = {
        "format": ARCHIVE_FORMAT,
        "generator": f"ethos {__version__}",
        "source": files[0]["path"],
        "language": language,
        "pdf_variant": variant,
        "input": provenance.input,
        "templates": provenance.templates,
        "files": files,
        "html_sha256": _sha256(html),
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    description = "How this PDF was built: ethos version, inputs and their SHA-256"
    embedded.append(Embedded(MANIFEST_ATTACHMENT, text.encode("utf-8"), description, "Data"))
    return embedded


def _unique_name(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    number = 2
    while f"{number}-{name}" in taken:
        number += 1
    return f"{number}-{name}"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Extracted:
    """The sources found in an archival PDF, checked against its manifest."""

    pdf: Path
    manifest: dict[str, Any]
    files: dict[str, bytes]
    """Every embedded file by name, the manifest included."""
    roles: dict[str, str]


def read_pdf(pdf: Path) -> bytes:
    """The bytes of a PDF a user named: a regular file of at most :data:`MAX_PDF_BYTES`.

    Raises:
        UnreadableInputError: missing, unreadable, or not a regular file (a FIFO, a device).
        InvalidInputError: over the limit.
    """
    hint = "a chapter PDF is a few megabytes"
    return read_input_file(pdf, limit=MAX_PDF_BYTES, kind="a PDF", hint=hint)


def extract(pdf: Path) -> Extracted:
    """Read the values file, group files and manifest embedded in an archival PDF.

    Only the manifest and the files it lists (at most a values file and its group files,
    each within the size limit of a values file) are decompressed; whatever else the PDF
    carries is never read.

    Raises:
        UnreadableInputError: the file is missing, is not a regular file, is encrypted or
            is not a readable PDF.
        InvalidInputError: the PDF is too big, carries no ethos sources, or they do not
            match the manifest (a damaged or altered file).
    """
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    data = read_pdf(pdf)
    unreadable = (OSError, PyPdfError, DependencyError, ValueError, KeyError, TypeError,
                  AttributeError, RecursionError)  # fmt: skip
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableInputError(
                pdf, "encrypted — ethos never encrypts the PDFs it builds; give the PDF as "
                "ethos built it"
            )  # fmt: skip
        attachments = reader.attachments
        embedded = attachments.get(MANIFEST_ATTACHMENT) or []
    except unreadable as error:
        raise UnreadableInputError(pdf, f"not a readable PDF ({printable(error)})") from None

    def problem(message: str) -> InvalidInputError:
        return InvalidInputError([Problem(str(pdf), 0, 0, "", message)])

    def attachment(name: str) -> bytes | None:
        try:
            contents = attachments.get(name) or []
        except unreadable as error:
            raise problem(f"the embedded file {name} cannot be read ({printable(error)})") from None
        return contents[0] if contents else None

    if not embedded:
        raise problem(
            "this PDF carries no ethos sources: only archival PDFs do — build it with "
            "ethos build --pdf-variant pdf/a-3b"
        )
    manifest_data = embedded[0]
    if len(manifest_data) > MAX_FILE_BYTES:
        raise problem(f"the embedded {MANIFEST_ATTACHMENT} is over {MAX_FILE_BYTES:,} bytes")
    try:
        manifest = json.loads(manifest_data.decode("utf-8"))
        listed = {str(item["name"]): item for item in manifest["files"]}
    except RecursionError:
        raise problem(
            f"the embedded {MANIFEST_ATTACHMENT} is damaged (nested too deeply)"
        ) from None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise problem(
            f"the embedded {MANIFEST_ATTACHMENT} is damaged ({printable(error)})"
        ) from None
    if len(listed) > MAX_CHAIN + 1:
        raise problem(
            f"the manifest lists {len(listed)} files; an ethos build embeds at most "
            f"{MAX_CHAIN + 1} (a values file and its group files)"
        )
    files = {MANIFEST_ATTACHMENT: manifest_data}
    roles = {MANIFEST_ATTACHMENT: "manifest"}
    for name, item in listed.items():
        if not safe_file_name(name):
            raise problem(f"the manifest names an unsafe file name {name!r}")
        found = attachment(name)
        if found is None:
            raise problem(f"{name} is listed in the manifest but not embedded")
        if len(found) > MAX_FILE_BYTES:
            raise problem(f"{name} is over {MAX_FILE_BYTES:,} bytes, too big for a values file")
        if not isinstance(item, dict) or _sha256(found) != item.get("sha256"):
            raise problem(f"{name} does not match the SHA-256 the manifest recorded for it")
        files[name] = found
        roles[name] = str(item.get("role", "source"))
    return Extracted(pdf, manifest, files, roles)


def safe_file_name(name: str) -> bool:
    """Whether ``name``, taken from a PDF, may become a file: one plain name of letters,
    digits, ``.``, ``-`` and ``_`` (no separator, control character, newline or space;
    not ``..``; no dot at the end), and not a name Windows reserves (``CON``, ``NUL.yaml``)."""
    return (
        _SAFE_NAME.fullmatch(name) is not None
        and not name.endswith(".")
        and name.split(".", maxsplit=1)[0].lower() not in RESERVED_NAMES
    )


def write_extracted(extracted: Extracted, out_dir: Path) -> dict[Path, bool]:
    """Write the extracted files into ``out_dir``; maps each path to whether it was written.

    A file already there with the same bytes is left alone (False). A different file of
    the same name (or a FIFO, a directory...) is never overwritten: nothing is written and
    :class:`OutputError` says which file is in the way.

    Raises:
        UnreadableInputError: ``out_dir`` exists and is not a directory.
        OutputError: a file is in the way, or the files could not be written.
    """
    from ..system.write import confined_path, write_all

    if out_dir.exists() and not out_dir.is_dir():
        raise UnreadableInputError(
            out_dir, "not a directory — give --out the directory to extract into"
        )
    targets = {confined_path(out_dir, name): data for name, data in extracted.files.items()}
    present = {path: _holds(path, data) for path, data in targets.items()}
    clashes = [path for path, same in present.items() if same is False]
    if clashes:
        raise OutputError(
            f"{clashes[0]} already exists with other contents; nothing was written — "
            "extract into an empty directory with --out"
        )
    new = {path: data for path, data in targets.items() if present[path] is None}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create {out_dir}: {error.strerror}") from None
    write_all(new)
    return {path: path in new for path in targets}


def _holds(path: Path, data: bytes) -> bool | None:
    """None when nothing is at ``path``; else whether it is a regular file holding ``data``."""
    from ..errors import EthosError

    if not path.exists() and not path.is_symlink():
        return None
    try:
        return read_input_file(path, limit=len(data), kind="a file", hint="") == data
    except EthosError:
        return False
