"""PDF variants, and the sources an archival PDF carries inside it.

Every PDF is tagged. ``pdf/ua-1`` (the default) declares PDF/UA-1 conformance: tags,
document language, title shown in the window. ``pdf/a-3b`` is the archival variant
(PDF/A-3b: embedded fonts, an sRGB output intent, XMP identification) and carries the
exact values file, the group files it extends and a manifest of the build as embedded
files (associated files, ``/AF``), so the source of a signed version can always be
recovered: ``ethos extract`` gets them back and checks them against the manifest.
``pdf/a-3b,pdf/ua-1`` is both in one file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .. import __version__
from ..errors import InvalidInputError, OutputError, Problem, UnreadableInputError
from ..render.pdf_tags import mend_tags
from ..system.input_files import printable, read_input_file
from ..system.write import RESERVED_NAMES
from ..values.extends import MAX_CHAIN
from ..values.load import MAX_FILE_BYTES, LoadedDocument
from ..values.sources import Source
from .manifest import Provenance

PDF_UA = "pdf/ua-1"
PDF_A = "pdf/a-3b"
PDF_VARIANT_CHOICES = (PDF_UA, PDF_A)
DEFAULT_PDF_VARIANT = PDF_UA
MANIFEST_ATTACHMENT = "ethos-manifest.json"
ARCHIVE_FORMAT = 1
# A letter or digit first (never "." or "-"), no separator, space or control character
# anywhere. Matched with fullmatch: "$" would also accept a name that ends in a newline.
_SAFE_NAME = re.compile(r"\w[\w.\-]{0,120}")
MAX_PDF_BYTES = 200 * 1024 * 1024
"""The largest PDF ``extract`` and ``acknowledge`` read: a chapter is a few megabytes."""


@dataclass(frozen=True)
class Embedded:
    """A file inside a PDF: its name, bytes, what it is, and its PDF/A-3 relationship."""

    name: str
    data: bytes
    description: str
    relationship: str = "Source"


def pdf_variant(parts: Sequence[str]) -> str:
    """The canonical variant for the chosen parts: ``pdf/a-3b,pdf/ua-1`` for both."""
    return ",".join(sorted(set(parts))) or DEFAULT_PDF_VARIANT


def is_archival(variant: str) -> bool:
    """Whether ``variant`` is PDF/A-3b, which carries the build's sources."""
    return PDF_A in variant.split(",")


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


def pdf_options(variant: str, embedded: Sequence[Embedded], created: str | None) -> dict[str, Any]:
    """WeasyPrint's ``write_pdf`` options for ``variant`` (in the renderer process).

    Every variant is tagged, and its table header cells carry their scope. WeasyPrint
    knows PDF/UA-1 and PDF/A-3b as separate variants; both at once is its PDF/A-3b,
    tagged, with the PDF/UA identification added to the XMP metadata it wrote.
    ``created`` (the document's date) dates the embedded files.
    """
    parts = variant.split(",")
    if PDF_A not in parts:
        return {"pdf_variant": PDF_UA, "finisher": lambda _document, pdf: _finish(pdf)}
    import mimetypes
    from datetime import datetime
    from io import BytesIO

    from weasyprint import Attachment

    for suffix in (".yaml", ".yml"):  # RFC 9512; Python's table does not know YAML yet
        mimetypes.add_type("application/yaml", suffix)
    # Attachments carry the document's own date, never "now": the PDF stays reproducible.
    when = datetime.fromisoformat(created or "2000-01-01")
    attachments = [
        Attachment(
            file_obj=BytesIO(item.data),
            name=item.name,
            description=item.description,
            created=when,
            modified=when,
            relationship=item.relationship,
        )
        for item in embedded
    ]
    accessible = PDF_UA in parts
    return {
        "pdf_variant": PDF_A,
        "pdf_tags": True,
        "attachments": attachments,
        "finisher": lambda _document, pdf: _finish(pdf, archival=True, accessible=accessible),
    }


def _finish(pdf: Any, *, archival: bool = False, accessible: bool = False) -> None:
    """What WeasyPrint leaves out or doubles, before the PDF is written.

    Its structure tree is mended (:mod:`ethos.render.pdf_tags`). Its PDF/A-3b writer lists each
    embedded file twice in the catalog's ``/AF``.
    """
    import pydyf

    mend_tags(pdf)
    if archival:
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
    if accessible:
        _declare_pdf_ua(pdf)


# PDF/A allows XMP properties outside its predefined schemas only when an extension schema
# in the same packet declares them (ISO 19005-3 6.6.2.3): this one declares pdfuaid:part.
_PDF_A_EXTENSION_NAMESPACES = {
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
_PDF_UA_EXTENSION_SCHEMA = """\
<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
  <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
      <pdfaProperty:name>part</pdfaProperty:name>
      <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
      <pdfaProperty:category>internal</pdfaProperty:category>
      <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
  </rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>"""


def _declare_pdf_ua(pdf: Any) -> None:
    """Add ``pdfuaid:part="1"`` to the XMP identification of a PDF/A file, and the
    extension schema that declares the property to PDF/A."""
    import xml.etree.ElementTree as ET

    from weasyprint.pdf.metadata import NS

    reference = pdf.catalog["Metadata"]  # "N 0 R", as bytes or str
    stream = pdf.objects[int(reference.split()[0])]
    content = b"".join(
        chunk if isinstance(chunk, bytes) else str(chunk).encode() for chunk in stream.stream
    )
    start, end = content.index(b"<rdf:RDF"), content.index(b"</rdf:RDF>") + len(b"</rdf:RDF>")
    rdf = ET.fromstring(content[start:end])
    part = f"{{{NS['pdfaid']}}}part"
    for description in rdf:
        if part in description.attrib:
            description.set(f"{{{NS['pdfuaid']}}}part", "1")
    for prefix, uri in _PDF_A_EXTENSION_NAMESPACES.items():
        ET.register_namespace(prefix, uri)  # keep the usual prefixes when serializing
    rdf.append(ET.fromstring(_PDF_UA_EXTENSION_SCHEMA))
    stream.stream = [content[:start] + ET.tostring(rdf, encoding="utf-8") + content[end:]]


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
