"""The page around the body, as data: the cover, the contents, the running header and
footer and the document's properties, computed once from the composed chapter.

Every format reads this one view. ``templates/page.html.j2`` prints it (the HTML, and the
PDF WeasyPrint prints from that page, whose running header repeats the cover's company,
title and version), and the DOCX writer builds Word's cover, contents, header, footer and
properties from it, so the facts, their labels and their order cannot drift apart.

What the view cannot carry is how the page looks. Word has no templates: a user's
override of the page template or the stylesheet (:data:`HTML_ONLY_TEMPLATES`) shapes the
HTML and PDF only, and a build that writes the DOCX says so (:func:`word_ignored_overrides`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..chapter.outline import Heading
from ..chapter.template_loaders import user_template
from ..errors import Problem
from ..values.brand import tint
from ..values.local_text import plain
from ..values.logo import Logo
from ..version import __version__

if TYPE_CHECKING:
    from babel.support import NullTranslations

    from ..chapter.compose import Chapter

# Stand-ins for the page counters while "Page %(page)s of %(pages)s" is translated.
PAGE_COUNTERS = {"page": "\x00page\x00", "pages": "\x00pages\x00"}
COVER_LOGO_MM = (60.0, 20.0)
"""The box a logo fits in on the cover: width, height in millimetres."""
HEADER_LOGO_MM = (30.0, 5.0)
"""The box a logo fits in in the running header, beside the 8.5 pt text."""
HTML_ONLY_TEMPLATES = ("page.html.j2", "page.css.j2", "style.css")
"""Templates that shape the HTML page (and so the PDF) but that the DOCX does not read:
its cover comes from :class:`PageView` and its styles from :mod:`ethos.render.docx_styles`."""


class Wording(str):
    """Wording from the message catalogs with its values filled in.

    As text (Word, document properties) it is the filled-in sentence. An HTML template
    prints it as Jinja's own ``_()`` would (``__html__``): the translation as written,
    only the values escaped, so a translator's apostrophe stays an apostrophe.
    """

    _html: Markup

    @classmethod
    def of(cls, translated: str, **values: str) -> Wording:
        """``translated`` with ``values`` put in (always a format string, as in Jinja)."""
        wording = cls(translated % values)
        wording._html = Markup(translated) % values
        return wording

    def __html__(self) -> Markup:
        return self._html


@dataclass(frozen=True)
class CoverFact:
    """One row of the cover's table of facts."""

    key: str
    """What the row states: ``version``, ``effective``, ``issued_by`` or ``industry``."""
    label: Wording
    value: str
    """As the cover prints it: names and the version isolated in a right-to-left chapter."""
    machine: str = ""
    """The value as machines read it, where it has one: the effective date in ISO 8601."""


@dataclass(frozen=True)
class ContentsEntry:
    """One section in the contents, with the values or policies it lists below it."""

    heading: Heading
    children: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class PageLogo:
    """The logo as the cover and the running header show it, at the sizes they give it."""

    logo: Logo
    alt: Wording
    """What the logo says to a reader who cannot see it: "<company> logo"."""

    @property
    def cover_size(self) -> tuple[float, float]:
        """(width, height) in millimetres on the cover."""
        return _fitted(self.logo.aspect, *COVER_LOGO_MM)

    @property
    def header_size(self) -> tuple[float, float]:
        """(width, height) in millimetres in the running header."""
        return _fitted(self.logo.aspect, *HEADER_LOGO_MM)


def _fitted(aspect: float, width: float, height: float) -> tuple[float, float]:
    """The largest size of proportions ``aspect`` within ``width`` by ``height``, rounded
    to 0.1 mm (the same logo always gives the same bytes)."""
    fitted = (height * aspect, height) if height * aspect <= width else (width, width / aspect)
    return round(fitted[0], 1), round(fitted[1], 1)


@dataclass(frozen=True)
class PageView:
    """What every format shows around the chapter's body, and the body itself."""

    language: str
    """The language tag (``en``, ``zh-Hans``)."""
    direction: str
    """``ltr`` or ``rtl``."""
    paper: str
    """``A4`` or ``Letter``."""
    author: str
    """The company's name as it is: the document's author."""
    company: str
    """The company's name as the cover and the running header print it."""
    title: str
    subtitle: Wording
    facts: tuple[CoverFact, ...]
    translation_note: Wording | None
    """In a translation: which language's version prevails. None in the authoritative one."""
    contents_title: Wording
    contents: tuple[ContentsEntry, ...]
    page_numbers: str
    """"Page X of Y" with :data:`PAGE_COUNTERS` standing in for the numbers."""
    version: str
    effective_date: dt.date
    description: Wording
    keywords: Wording
    generator: str
    body_html: str
    """The sanitised body (:func:`ethos.render.body.body_html`)."""
    logo: PageLogo | None = None
    """The company's logo (``company.logo``), on the cover and in the running header."""
    accent: str | None = None
    """The accent colour of headings and links (``company.accent_colour``); None: the built-in."""
    rule: str | None = None
    """The colour of rules with an accent colour: a light tint of it; None: the built-in."""

    @property
    def running_header(self) -> str:
        """Company · title, above every page but the cover (the PDF's page rules take them
        from the cover too)."""
        return f"{self.company} · {self.title}"


def page_view(chapter: Chapter, logo: Logo | None = None) -> PageView:
    """The page of ``chapter``, as every format shows it, with ``logo`` (the values file's
    checked ``company.logo``, :func:`ethos.values.logo.read_logo`) and the accent colour."""
    from .body import body_html  # Markdown and nh3 load only when a page is made

    locale, company = chapter.locale, chapter.values_file.company
    facts = chapter.values_file.document
    gettext = locale.translations.gettext
    rows = [
        CoverFact("version", Wording.of(gettext("Version")), locale.isolate(facts.version)),
        CoverFact(
            "effective",
            Wording.of(gettext("Effective")),
            chapter.effective_date,
            facts.effective_date.isoformat(),
        ),
    ]
    if company.legal_name and company.legal_name != company.name:
        rows.append(
            CoverFact(
                "issued_by", Wording.of(gettext("Issued by")), locale.isolate(company.legal_name)
            )
        )
    if company.industry:
        rows.append(
            CoverFact(
                # The company's text: in another language, it keeps its language (a span).
                "industry",
                Wording.of(gettext("Industry")),
                locale.isolate(plain(company.industry)),
            )
        )
    accent = company.accent_colour
    note = None
    if chapter.authoritative:
        note = Wording.of(
            gettext(
                "This is a translation. The %(language)s version is the authoritative text: "
                "where the two differ, the %(language)s version prevails."
            ),
            language=chapter.authoritative,
        )
    return PageView(
        language=locale.html_lang,
        direction=locale.direction,
        paper=facts.paper.value,
        author=company.name,
        company=locale.isolate(company.name),
        title=chapter.title,
        subtitle=Wording.of(gettext("Employee handbook: the ethics chapter")),
        facts=tuple(rows),
        translation_note=note,
        contents_title=Wording.of(gettext("Contents")),
        contents=contents_tree(chapter.contents),
        page_numbers=page_numbers(locale.translations),
        version=facts.version,
        effective_date=facts.effective_date,
        description=Wording.of(
            gettext("The code of ethics and code of conduct of %(company)s, version %(version)s."),
            company=company.name,
            version=facts.version,
        ),
        keywords=Wording.of(
            comma_separated(gettext("ethics, code of conduct, customer service, employee handbook"))
        ),
        generator=f"ethos {__version__}",
        body_html=body_html(chapter),
        logo=(
            PageLogo(logo, Wording.of(gettext("%(company)s logo"), company=company.name))
            if logo is not None
            else None
        ),
        accent=accent,
        rule=tint(accent) if accent else None,
    )


def comma_separated(keywords: str) -> str:
    """Translated keywords as HTML's ``keywords`` and Word's want them in every language:
    separated by an ASCII comma, not the Urdu "،" or the Chinese "、" a translation uses
    in running text (both would make the list one keyword)."""
    parts = (part.strip() for part in re.split(r"[,،、，;؛]", keywords))
    return ", ".join(part for part in parts if part)


def contents_tree(headings: Sequence[Heading]) -> tuple[ContentsEntry, ...]:
    """The contents' headings as sections, each with the headings listed below it."""
    tree: list[ContentsEntry] = []
    for heading in headings:
        if heading.level == 2 or not tree:
            tree.append(ContentsEntry(heading))
        else:
            last = tree[-1]
            tree[-1] = ContentsEntry(last.heading, (*last.children, heading))
    return tuple(tree)


def page_numbers(translations: NullTranslations) -> str:
    """ "Page X of Y" in the language of ``translations``, with :data:`PAGE_COUNTERS`."""
    return translations.gettext("Page %(page)s of %(pages)s") % PAGE_COUNTERS


def counter_pieces(text: str) -> list[tuple[str, bool]]:
    """``"Page <page> of <pages>"`` (:data:`PAGE_COUNTERS`) -> its pieces in order, each
    ``(text, False)`` or a counter ``("page" | "pages", True)``."""
    names = {stand_in: name for name, stand_in in PAGE_COUNTERS.items()}
    return [
        (names.get(piece, piece), piece in names)
        for piece in re.split("(\x00pages?\x00)", text)
        if piece
    ]


def word_ignored_overrides(template_dirs: Sequence[Path]) -> list[Problem]:
    """A warning for each override in ``template_dirs`` that reaches the HTML and PDF but
    not the Word document, which keeps the built-in cover and styles; located at the
    overriding file."""
    problems = []
    for name in HTML_ONLY_TEMPLATES:
        path = user_template(template_dirs, name)
        if path is not None:
            problems.append(
                Problem(
                    str(path),
                    0,
                    0,
                    "",
                    f"overrides the built-in {name} for the HTML and PDF only — the Word "
                    "document (DOCX) keeps the built-in cover and styles",
                    "warning",
                )
            )
    return problems
