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

from . import __version__
from .errors import InvalidInputError, OutputError, Problem, UnreadableInputError
from .load import LoadedDocument
from .manifest import Provenance
from .pdf_tags import mend_tags
from .sources import Source

PDF_UA = "pdf/ua-1"
PDF_A = "pdf/a-3b"
PDF_VARIANT_CHOICES = (PDF_UA, PDF_A)
DEFAULT_PDF_VARIANT = PDF_UA
MANIFEST_ATTACHMENT = "ethos-manifest.json"
ARCHIVE_FORMAT = 1
_SAFE_NAME = re.compile(r"^[\w][\w.\-]{0,120}$")


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

    Its structure tree is mended (:mod:`ethos.pdf_tags`). Its PDF/A-3b writer lists each
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


def extract(pdf: Path) -> Extracted:
    """Read the values file, group files and manifest embedded in an archival PDF.

    Raises:
        UnreadableInputError: the file is missing or is not a readable PDF.
        InvalidInputError: the PDF carries no ethos sources, or they do not match the
            manifest (a damaged or altered file).
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        attachments = PdfReader(pdf).attachments
        found = {name: contents[0] for name, contents in attachments.items() if contents}
    except FileNotFoundError:
        raise UnreadableInputError(pdf, "no such file") from None
    except (OSError, PyPdfError, ValueError, KeyError, TypeError) as error:
        raise UnreadableInputError(pdf, f"not a readable PDF ({error})") from None

    def problem(message: str) -> InvalidInputError:
        return InvalidInputError([Problem(str(pdf), 0, 0, "", message)])

    if MANIFEST_ATTACHMENT not in found:
        raise problem(
            "this PDF carries no ethos sources: only archival PDFs do — build it with "
            "ethos build --pdf-variant pdf/a-3b"
        )
    try:
        manifest = json.loads(found[MANIFEST_ATTACHMENT].decode("utf-8"))
        listed = {str(item["name"]): item for item in manifest["files"]}
    except (ValueError, KeyError, TypeError) as error:
        raise problem(f"the embedded {MANIFEST_ATTACHMENT} is damaged ({error})") from None
    files = {MANIFEST_ATTACHMENT: found[MANIFEST_ATTACHMENT]}
    roles = {MANIFEST_ATTACHMENT: "manifest"}
    for name, item in listed.items():
        if not _SAFE_NAME.match(name) or PurePosixPath(name).name != name:
            raise problem(f"the manifest names an unsafe file name {name!r}")
        if name not in found:
            raise problem(f"{name} is listed in the manifest but not embedded")
        if _sha256(found[name]) != item.get("sha256"):
            raise problem(f"{name} does not match the SHA-256 the manifest recorded for it")
        files[name] = found[name]
        roles[name] = str(item.get("role", "source"))
    return Extracted(pdf, manifest, files, roles)


def write_extracted(extracted: Extracted, out_dir: Path) -> dict[Path, bool]:
    """Write the extracted files into ``out_dir``; maps each path to whether it was written.

    A file already there with the same bytes is left alone (False). A different file of
    the same name is never overwritten: nothing is written and :class:`OutputError` says
    which file is in the way.
    """
    from .write import confined_path, write_all

    targets = {confined_path(out_dir, name): data for name, data in extracted.files.items()}
    clashes = [
        path for path, data in targets.items() if path.exists() and path.read_bytes() != data
    ]
    if clashes:
        raise OutputError(
            f"{clashes[0]} already exists with other contents; nothing was written — "
            "extract into an empty directory with --out"
        )
    new = {path: data for path, data in targets.items() if not path.exists()}
    out_dir.mkdir(parents=True, exist_ok=True)
    write_all(new)
    return {path: path in new for path in targets}
