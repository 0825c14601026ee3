"""How the DOCX looks: Word styles in each chapter language's fonts, sizes and colours.

The counterpart of ``templates/style.css``: the same colours, sizes and line heights, and
the fonts of ``templates/languages.yaml`` assigned to Word's font slots.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from ..wording.localization import SOURCE_LANGUAGE, Locale
from .docx_xml import element, put

# Colours and sizes as style.css sets them for print. A values file's accent colour
# replaces ACCENT, and its tint RULE (company.accent_colour, PageView.accent and .rule).
INK, MUTED, ACCENT, RULE = "1B1B1B", "4A4A4A", "1F4E79", "B9C4CF"
BODY_SIZE = 10.5
# name: (font role, size pt, bold, colour, space before pt, space after pt); "accent" is
# the document's accent colour.
PARAGRAPH_STYLES = {
    "Title": ("heading", 30, True, INK, 0, 8),
    "Subtitle": ("heading", 13, False, MUTED, 0, 30),
    "Heading 1": ("heading", 15, True, "accent", 18, 6),
    "Heading 2": ("heading", 12, True, INK, 14, 4),
    "Heading 3": ("heading", 11, True, INK, 10, 3),
    "TOC Heading": ("heading", 15, True, "accent", 0, 10),
    "toc 1": ("heading", BODY_SIZE, True, INK, 5, 0),
    "toc 2": ("heading", BODY_SIZE, False, INK, 1, 0),
    "header": ("heading", 8.5, False, MUTED, 0, 0),
    "footer": ("heading", 8.5, False, MUTED, 0, 0),
    "Cover Company": ("heading", 14, True, "accent", 120, 24),
    "Cover Label": ("heading", BODY_SIZE, False, MUTED, 3, 3),
    "Cover Value": ("heading", BODY_SIZE, True, INK, 3, 3),
    "Cover Note": ("heading", 9.5, False, MUTED, 28, 0),
}
# An h3 the contents does not list: Heading 2's look, one outline level deeper.
UNLISTED_HEADING = "Unlisted Heading"
# Word's own styles, recognised by name: Word's contents and links use them.
BUILT_IN = frozenset({"toc 1", "toc 2", "Hyperlink"})
THEME_FONT_SLOTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
# Chapter languages not written in the Latin script. As style.css does, their emphasis is
# upright and bold (Arabic script and Chinese have no italics).
NON_LATIN_SCRIPT = frozenset({"ur", "zh"})
# As style.css does: Chinese paragraphs are justified.
JUSTIFIED = frozenset({"zh"})


def font_slots(families: list[str], locale: Locale) -> dict[str, str]:
    """``w:rFonts`` for one role. A right-to-left language lists its script's font first
    and a Latin font next (Noto Naskh Arabic has no Latin letters): Word draws Latin
    text from the ascii/hAnsi font and right-to-left text from the cs font."""
    own = families[0]
    latin = families[1] if locale.direction == "rtl" and len(families) > 1 else own
    return {"ascii": latin, "hAnsi": latin, "eastAsia": own, "cs": own}


def word_colour(css: str | None, default: str) -> str:
    """A CSS ``#rrggbb`` as Word writes colours (``RRGGBB``); ``default`` for None."""
    return css.lstrip("#").upper() if css else default


def set_up_styles(
    document: Document, locale: Locale, accent: str = ACCENT, rule: str = RULE
) -> None:
    """The styles the chapter uses, in the language's fonts, sizes and line height, with
    ``accent`` for headings and links and ``rule`` for the rule under a section heading
    (Word's ``RRGGBB``)."""
    root = document.styles.element
    # Theme fonts (Calibri; Japanese forms for Chinese) would win over the named fonts.
    for fonts in root.iter(qn("w:rFonts")):
        for slot in THEME_FONT_SLOTS:
            fonts.attrib.pop(qn(f"w:{slot}"), None)
    defaults = root.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    put(run_defaults, "rFonts", **font_slots(locale.setup.fonts.body, locale))
    put(run_defaults, "sz", val=str(round(BODY_SIZE * 2)))
    put(run_defaults, "szCs", val=str(round(BODY_SIZE * 2)))
    language = locale.html_lang
    # w:val tags Latin text. In a Chinese or Urdu chapter that is names and addresses:
    # tagged English, as Word itself does (LibreOffice would break them anywhere, as Chinese).
    latin = SOURCE_LANGUAGE if locale.language in NON_LATIN_SCRIPT else language
    put(run_defaults, "lang", val=latin, eastAsia=language, bidi=language)
    paragraph_defaults = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    # "At least" the CSS line height: taller glyphs still get the room they need.
    line = round(BODY_SIZE * 20 * locale.setup.line_height)
    put(paragraph_defaults, "spacing", after="140", line=str(line), lineRule="atLeast")
    if locale.direction == "rtl":
        put(paragraph_defaults, "bidi")
    styles = document.styles
    for name, (role, size, bold, colour, before, after) in PARAGRAPH_STYLES.items():
        style = (
            styles[name]
            if name in styles
            else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=name in BUILT_IN)
        )
        style.base_style = style.base_style or styles["Normal"]
        properties = style.element.get_or_add_rPr()
        put(properties, "rFonts", **font_slots(getattr(locale.setup.fonts, role), locale))
        for tag in ("b", "bCs"):
            put(properties, tag, val="1" if bold else "0")
        for tag in ("i", "iCs"):
            put(properties, tag, val="0")
        # The template's Title and Subtitle space their letters, which style.css does not,
        # and spaced Arabic letters come apart (LibreOffice draws them unjoined).
        for old in properties.findall(qn("w:spacing")):
            properties.remove(old)
        put(properties, "color", val=accent if colour == "accent" else colour)
        put(properties, "sz", val=str(round(size * 2)))
        put(properties, "szCs", val=str(round(size * 2)))
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        paragraph = style.element.get_or_add_pPr()
        for tag in ("pBdr", "numPr"):  # the template's Title rule and Subtitle list level
            for old in paragraph.findall(qn(f"w:{tag}")):
                paragraph.remove(old)
    underline = styles["Heading 1"].element.get_or_add_pPr()
    put(underline, "pBdr").append(element("bottom", val="single", sz="12", space="1", color=rule))
    unlisted = styles.add_style(UNLISTED_HEADING, WD_STYLE_TYPE.PARAGRAPH)
    unlisted.base_style = styles["Heading 2"]
    # Outline level 3 (0-based 2): below the contents field's range of levels 1-2.
    put(unlisted.element.get_or_add_pPr(), "outlineLvl", val="2")
    styles["toc 2"].paragraph_format.left_indent = Pt(15)
    styles["TOC Heading"].hidden = False
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER, builtin=True)
    link.font.color.rgb = RGBColor.from_string(accent)
    link.font.underline = True
    theme_language = document.settings.element.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.attrib.clear()
        for slot, value in (("val", latin), ("eastAsia", language), ("bidi", language)):
            theme_language.set(qn(f"w:{slot}"), value)
