"""The company's logo in the DOCX: a picture on the cover and in the running header.

A PNG logo is embedded as it is. Word shows an SVG only as an extension of a picture
(``asvg:svgBlip``, Word 2016 and later) whose main image is a PNG, which every other
reader (LibreOffice, older Word, previews) shows instead: ethos embeds the SVG and draws
that PNG from it with CairoSVG, at 300 dpi of the cover's size. The SVG was checked when
the values file was read (:mod:`ethos.values.logo_svg`): it holds everything it draws.
"""

from __future__ import annotations

import io
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Mm

from ..errors import RenderError
from .docx_xml import element
from .page import PageLogo

SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
"""The ``a:ext`` uri Word gives the SVG behind a picture."""
SVG_NAMESPACE = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
FALLBACK_DPI = 300
SVG_PART = PackURI("/word/media/logo.svg")


class LogoPictures:
    """Pictures of one logo for one document: the PNG (drawn once) and the SVG part that
    every picture of it shares."""

    def __init__(self, logo: PageLogo) -> None:
        self.logo = logo
        self._png: bytes | None = None
        self._svg_part: Part | None = None

    def picture(self, story_part: Any, size_mm: tuple[float, float]) -> Any:
        """A ``w:drawing`` holding the logo at ``size_mm``, for a run of ``story_part``
        (the document's body, or a header)."""
        width, height = (Mm(value) for value in size_mm)
        inline = story_part.new_pic_inline(io.BytesIO(self._png_bytes()), width, height)
        inline.docPr.set("descr", str(self.logo.alt))
        if self.logo.logo.media_type == "image/svg+xml":
            relationship = story_part.relate_to(self._svg(story_part), RELATIONSHIP_TYPE.IMAGE)
            blip = inline.find(f".//{qn('a:blip')}")
            extensions = blip.makeelement(qn("a:extLst"), {})
            extension = blip.makeelement(qn("a:ext"), {"uri": SVG_EXTENSION})
            svg_blip = blip.makeelement(
                f"{{{SVG_NAMESPACE}}}svgBlip",
                {qn("r:embed"): relationship},
                nsmap={"asvg": SVG_NAMESPACE},
            )
            extension.append(svg_blip)
            extensions.append(extension)
            blip.append(extensions)
        drawing = element("drawing")
        drawing.append(inline)
        return drawing

    def _png_bytes(self) -> bytes:
        """The PNG every reader shows: the logo itself, or drawn from the SVG."""
        if self._png is None:
            logo = self.logo.logo
            self._png = logo.data if logo.media_type == "image/png" else _drawn(self.logo)
        return self._png

    def _svg(self, story_part: Any) -> Part:
        if self._svg_part is None:
            self._svg_part = Part(
                SVG_PART, "image/svg+xml", self.logo.logo.data, story_part.package
            )
        return self._svg_part


def _drawn(logo: PageLogo) -> bytes:
    """The SVG logo as a PNG at :data:`FALLBACK_DPI` of its size on the cover."""
    width, height = (round(mm / 25.4 * FALLBACK_DPI) for mm in logo.cover_size)
    try:
        import cairosvg  # loads cairo: only for a DOCX with an SVG logo

        png: bytes = cairosvg.svg2png(
            bytestring=logo.logo.data, output_width=width, output_height=height, unsafe=False
        )
    except (OSError, ValueError, MemoryError) as error:  # no libcairo, or a drawing error
        raise RenderError(
            f"cannot draw the logo {logo.logo.name} for the DOCX ({error}); CairoSVG needs "
            "the cairo library (Debian: libcairo2), or use a PNG logo"
        ) from error
    return png
