"""An SVG logo that draws only what it holds: no scripts, nothing fetched from elsewhere.

A browser shows an ``<img>`` SVG without running its scripts, but the same file is also
drawn by WeasyPrint and rasterised for Word, and opened by whoever opens the output: so
ethos refuses, rather than quietly edits, an SVG that has a script or an event handler,
embeds HTML, or refers to anything outside itself (another file, a web address, a
stylesheet, an entity). What is left (shapes, text, gradients, references to its own
``#ids``, and PNG or JPEG pictures embedded as ``data:`` URLs) is drawn as it is.

The file is read with the standard library's expat parser: no entity is expanded and no
DTD is loaded, whatever the file declares.
"""

from __future__ import annotations

import re
from xml.parsers import expat

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
MAX_ELEMENTS = 20_000
SCRIPTED = frozenset({"script", "foreignObject", "handler", "listener"})
"""Elements that run code or embed HTML (which may)."""
ANIMATIONS = frozenset({"animate", "set", "animateMotion", "animateTransform", "animateColor"})
OWN_DATA = re.compile(r"data:image/(png|jpeg);base64,", re.IGNORECASE)
"""The only URLs that are not ``#id``: pictures embedded in the file itself."""
EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import|javascript:", re.IGNORECASE)
UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
EXPORT_HINT = "export the logo again as plain SVG, or as PNG"


class _Refused(Exception):  # noqa: N818 - reads as what it reports
    """What is wrong with the SVG, where."""


def svg_problem(data: bytes) -> tuple[str | None, tuple[float, float] | None]:
    """(None, (width, height)) for an SVG logo ethos may embed, or (what is wrong, None).

    The size is the ``viewBox``'s, or ``width`` and ``height`` in CSS pixels: one of them
    is needed, or the logo has no proportions to be drawn at.
    """
    checker = _Checker()
    try:
        checker.parse(data)
    except _Refused as refusal:
        return str(refusal), None
    except expat.ExpatError as error:
        return f"is not a readable SVG file ({expat.errors.messages[error.code]}, line " \
            f"{error.lineno}) — {EXPORT_HINT}", None  # fmt: skip
    if checker.size is None:
        return (
            "has no size: its <svg> element needs a viewBox, or a width and a height — "
            f"{EXPORT_HINT}",
            None,
        )
    return None, checker.size


class _Checker:
    """One pass of expat over the file, refusing at the first thing a logo may not have."""

    def __init__(self) -> None:
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._entity
        self.parser.ProcessingInstructionHandler = self._instruction
        self.elements = 0
        self.in_style = 0
        self.size: tuple[float, float] | None = None

    def parse(self, data: bytes) -> None:
        self.parser.Parse(data, True)

    def refuse(self, what: str, advice: str) -> _Refused:
        return _Refused(f"has {what} on line {self.parser.CurrentLineNumber} — {advice}")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        self.elements += 1
        if self.elements == 1 and (namespace, local) != (SVG_NAMESPACE, "svg"):
            raise self.refuse(f"<{local}> as its first element", f"not an SVG file; {EXPORT_HINT}")
        if self.elements > MAX_ELEMENTS:
            raise self.refuse(f"over {MAX_ELEMENTS:,} elements", f"simplify it or {EXPORT_HINT}")
        if local in SCRIPTED or namespace == XHTML_NAMESPACE:
            raise self.refuse(
                f"<{local}>", f"a logo cannot run scripts or hold HTML; {EXPORT_HINT}"
            )
        for attribute, value in attributes.items():
            self._attribute(local, attribute.rpartition(" ")[2], value)
        if local in ANIMATIONS and attributes.get("attributeName", "").endswith("href"):
            raise self.refuse(f"<{local}> that changes a link", EXPORT_HINT)
        if local == "style":
            self.in_style += 1
        if self.elements == 1:
            self.size = _size(attributes)

    def _attribute(self, element: str, attribute: str, value: str) -> None:
        if attribute.lower().startswith("on"):
            raise self.refuse(
                f"an event handler ({attribute} on <{element}>)",
                f"a logo cannot run scripts; {EXPORT_HINT}",
            )
        if attribute == "href" and not (value.startswith("#") or OWN_DATA.match(value)):
            raise self.refuse(
                f"a reference to {_shown(value)} (<{element}>)",
                "a logo must hold everything it draws (embed pictures, or export the logo as PNG)",
            )
        if EXTERNAL_URL.search(value):
            raise self.refuse(
                f"a reference outside the file ({attribute} on <{element}>)",
                f"a logo must hold everything it draws; {EXPORT_HINT}",
            )

    def _end(self, name: str) -> None:
        if name.rpartition(" ")[2] == "style":
            self.in_style -= 1

    def _text(self, text: str) -> None:
        if self.in_style and EXTERNAL_URL.search(text):
            raise self.refuse(
                "a stylesheet that loads from outside the file",
                f"a logo must hold everything it draws; {EXPORT_HINT}",
            )

    def _doctype(self, name: str, system: str | None, public: str | None, internal: int) -> None:
        if internal:
            raise self.refuse("a DOCTYPE that declares entities", EXPORT_HINT)

    def _entity(self, *_: object) -> None:
        raise self.refuse("an entity declaration", EXPORT_HINT)

    def _instruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            raise self.refuse("an external stylesheet (<?xml-stylesheet?>)", EXPORT_HINT)


def _size(attributes: dict[str, str]) -> tuple[float, float] | None:
    """The root's proportions: its viewBox, else its width and height."""
    box = re.split(r"[\s,]+", attributes.get("viewBox", "").strip())
    if len(box) == 4:
        try:
            width, height = float(box[2]), float(box[3])
        except ValueError:
            width = height = 0.0
        if width > 0 and height > 0:
            return width, height
    lengths = [_length(attributes.get(key, "")) for key in ("width", "height")]
    if lengths[0] and lengths[1]:
        return lengths[0], lengths[1]
    return None


def _length(text: str) -> float | None:
    """An SVG length in CSS pixels; None for a percentage, a missing or a bad one."""
    found = re.fullmatch(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-z]*)\s*", text)
    if found is None or found[2] not in UNITS:
        return None
    value = float(found[1]) * UNITS[found[2]]
    return value if value > 0 else None


def _shown(url: str) -> str:
    """A URL from the file, short and printable, for a message."""
    text = "".join(c if c.isprintable() else "?" for c in url)
    return text if len(text) <= 60 else text[:57] + "..."
