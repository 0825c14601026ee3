"""The PDF variants WeasyPrint writes, and what each needs.

Every PDF is tagged. ``pdf/ua-1`` (the default) declares PDF/UA-1 conformance: tags,
document language, title shown in the window. ``pdf/a-3b`` is the archival variant
(PDF/A-3b: embedded fonts, an sRGB output intent, XMP identification), which carries
embedded files (:mod:`ethos.publish.pdf_archive` decides which). ``pdf/a-3b,pdf/ua-1`` is
both in one file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

PDF_UA = "pdf/ua-1"
PDF_A = "pdf/a-3b"
PDF_VARIANT_CHOICES = (PDF_UA, PDF_A)
DEFAULT_PDF_VARIANT = PDF_UA


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

    from .pdf_tags import mend_tags  # in the renderer only: the CLI reads the names above

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
