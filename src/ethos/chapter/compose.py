"""Compose stage: a validated values file + catalog wording -> the chapter in Markdown.

The chapter is a sequence of sections (:mod:`ethos.chapter.layout`, data in
``templates/chapter.yaml``), each its own template under ``templates/sections/``; a
section that renders empty (a policy not stated) is left out. ``chapter.md.j2`` wraps
the sections with the title block and contents.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from ..values.local_text import ForeignText, in_language, plain
from ..values.model import ValueEntry, ValuesFile
from ..values.own_policy import OwnPolicy, fill_slots
from ..values.policy import Policy
from ..version import __version__
from ..wording.catalog import Catalog
from ..wording.languages import text_language
from ..wording.localization import Locale
from ..wording.theme import Theme, current_theme
from .catalog_wording import WordingRenderer
from .company_markdown import company_blocks, company_inline, in_own_language, opens_with_list
from .company_sections import COMPANY_SECTION_TEMPLATE, compose_sections, foreword_view
from .layout import chapter_layout
from .markdown_text import MarkdownSafe, escape_markdown
from .outline import Heading, outline_sections
from .templating import Templates


@dataclass(frozen=True)
class ValueView:
    """A chosen value as the chapter states it."""

    id: str
    title: str
    statement: str
    behaviours: list[str]


@dataclass(frozen=True)
class PolicyView:
    """A stated policy as the chapter states it."""

    key: str
    title: str
    stance: str
    label: str
    text: str
    conduct: list[str]
    note: str | None


@dataclass(frozen=True)
class Chapter:
    """The composed chapter: full Markdown, the body the HTML is made from, and facts."""

    markdown: str
    body: str
    section_keys: list[str]
    headings: list[Heading]
    contents: list[Heading]
    title: str
    effective_date: str
    authoritative: str | None
    """Name of the authoritative language when this chapter is a translation of it."""
    locale: Locale
    values_file: ValuesFile


def compose_chapter(
    values_file: ValuesFile, language: str | None = None, theme: Theme | None = None
) -> Chapter:
    """Expand the chapter templates for ``values_file`` into Markdown in ``language``.

    ``language`` defaults to the document's; the values file must have text in it for
    every free-text field (:func:`~ethos.values.local_text.missing_text` names the gaps).
    ``theme`` gives the template directories, catalog and translations (default: the
    current theme, built-in templates only).
    """
    theme = theme or current_theme()
    language = language or values_file.document.language.value
    layout = chapter_layout()
    values_file = in_language(values_file, language)
    locale = theme.locale(language)
    catalog = theme.catalog(language)
    wording = WordingRenderer(catalog, locale)
    templates = Templates(
        theme.template_dirs,
        locale.translations,
        filters={
            **locale.filters(),
            "mailto": lambda address: _mailto_link(address, locale.isolate),
            "tel": lambda number: _tel_link(number, locale.isolate),
            "weblink": lambda url: _web_link(url, locale.isolate),
            "heading_link": _heading_link,
            "labelled": labelled,
        },
        builtin=theme.builtin,
    )
    document = values_file.document
    # Names and contact details are kept in their own order inside right-to-left text.
    company = locale.isolate(values_file.company.name)
    shown_company = values_file.company.model_copy(
        update={
            "name": company,
            "legal_name": values_file.company.legal_name
            and locale.isolate(values_file.company.legal_name),
        }
    )
    policies = _policy_views(values_file, catalog, wording, locale, company)
    listed = [view for key, view in policies.items() if key not in layout.own_section_policies]
    context = {
        "company": shown_company,
        "company_line": _company_line(
            values_file.company.name, values_file.company.legal_name, locale
        ),
        "document": document,
        "title": document.title or locale.translations.gettext("Code of Ethics and Conduct"),
        "effective_date": locale.date(document.effective_date),
        "authoritative": (
            None
            # A regional variety of the authoritative language is not a translation of it.
            if text_language(document.authoritative) == text_language(language)
            else locale.language_name(document.authoritative)
        ),
        "values": [
            _value_view(entry, catalog, wording, company) for entry in values_file.value_entries()
        ],
        "policies": listed,
        **{key: policies.get(key) for key in layout.own_section_policies},
        # The stated policies of each section that states several (e.g. `conduct`), in order.
        "grouped": _grouped_views(policies, layout.groups),
        # The code of conduct's rules are numbered once across the chapter: a section
        # after "Putting ethics into action" goes on from its last number.
        "first_rule": 1 + sum(len(view.conduct) for view in listed),
        "contact": values_file.company.ethics_contact,
        "revisions": [
            {
                "version": r.version,
                "date": locale.date(r.date),
                "summary": company_inline(plain(r.summary)),
            }
            for r in values_file.revisions
        ],
        "foreword": foreword_view(values_file.sections, locale.isolate),
        "ethos_version": __version__,
    }
    rendered = templates.render_markdown_each(
        [f"sections/{key}.md.j2" for key in layout.sections], **context
    )
    sections = compose_sections(
        values_file.sections,
        layout.sections,
        rendered,
        lambda section: templates.render_markdown(
            COMPANY_SECTION_TEMPLATE, **context, section=section
        ),
    )
    sections = [(key, text) for key, text in sections if text]
    body = MarkdownSafe("\n\n".join(text for _, text in sections) + "\n")
    headings = outline_sections(sections, body)
    contents = _contents(headings, layout.detailed_sections)
    markdown = templates.render_markdown("chapter.md.j2", body=body, contents=contents, **context)
    return Chapter(
        markdown=_tidy(markdown),
        body=body,
        section_keys=[key for key, _ in sections],
        headings=headings,
        contents=contents,
        title=context["title"],  # type: ignore[arg-type]  # ForeignText keeps its language
        effective_date=str(context["effective_date"]),
        authoritative=context["authoritative"],  # type: ignore[arg-type]
        locale=locale,
        values_file=values_file,
    )


def policy_views(
    values_file: ValuesFile, language: str | None = None, theme: Theme | None = None
) -> dict[str, PolicyView]:
    """Each stated policy of ``values_file`` as the chapter in ``language`` states it
    (its stance, text and conduct rules), in the chapter's order of policies."""
    theme = theme or current_theme()
    language = language or values_file.document.language.value
    values_file = in_language(values_file, language)
    locale = theme.locale(language)
    catalog = theme.catalog(language)
    company = locale.isolate(values_file.company.name)
    return _policy_views(values_file, catalog, WordingRenderer(catalog, locale), locale, company)


def _policy_views(
    values_file: ValuesFile,
    catalog: Catalog,
    wording: WordingRenderer,
    locale: Locale,
    company: str,
) -> dict[str, PolicyView]:
    return {
        key: (
            own_policy_view(key, policy, values_file.own_policies[key], locale)
            if key in values_file.own_policies
            else _policy_view(key, policy, catalog, wording, company)
        )
        for key, policy in values_file.policies.stated().items()
    }


def _grouped_views(
    policies: dict[str, PolicyView], groups: dict[str, tuple[str, ...]]
) -> dict[str, list[PolicyView]]:
    """The views of the stated policies of each own-section group, in the groups' order."""
    return {
        group: [policies[key] for key in keys if key in policies] for group, keys in groups.items()
    }


def _value_view(
    entry: ValueEntry, catalog: Catalog, wording: WordingRenderer, company: str
) -> ValueView:
    base = catalog.values.get(entry.id)
    where = f"catalog/{catalog.language}/values.yaml: {entry.id}"
    title = plain(entry.title) or (base.title if base else entry.id)
    statement = company_blocks(plain(entry.statement)) or (
        wording.render(base.statement, where, company=company) if base else ""
    )
    behaviours = [
        wording.render(line, where, company=company) for line in (base.behaviours if base else [])
    ]
    own = [company_inline(plain(line)) for line in entry.behaviours]
    return ValueView(entry.id, title, statement, [*behaviours, *own])


def _policy_view(
    key: str, policy: Policy, catalog: Catalog, wording: WordingRenderer, company: str
) -> PolicyView:
    area = catalog.policies[key]
    stance = str(policy.stance)  # type: ignore[attr-defined]  # every concrete policy has one
    entry = area.stances[stance]
    where = f"catalog/{catalog.language}/policies.yaml: {key}.stances.{stance}"
    own = policy.wording
    # The company's own wording replaces the built-in part by part; it is company text,
    # never a template.
    text = (
        company_blocks(plain(own.text))
        if own and own.text is not None
        else wording.render_markdown(entry.text, where, p=policy, company=company)
    )
    conduct: list[str] = (
        [company_inline(plain(line)) for line in own.conduct]
        if own and own.conduct is not None
        else [
            wording.render_markdown(line, where, p=policy, company=company)
            for line in entry.conduct
        ]
    )
    return PolicyView(
        key=key,
        title=area.title,
        stance=stance,
        label=plain(own.label) if own and own.label is not None else entry.label,
        text=text,
        conduct=conduct,
        note=company_blocks(plain(policy.note)) or None,
    )


def own_policy_view(key: str, policy: Policy, own: OwnPolicy, locale: Locale) -> PolicyView:
    """A policy of the company's own: its text with the ``{slots}`` filled, never a template."""
    stance = str(policy.stance)  # type: ignore[attr-defined]  # every policy model has one
    entry = own.stances[stance]

    def value_of(name: str) -> str:
        value = getattr(policy, name, None)
        if isinstance(value, list):
            return locale.join_list(plain(item) for item in value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return locale.number(value)
        return "" if value is None else str(value)  # a text; a switch is never a slot

    return PolicyView(
        key=key,
        title=plain(own.title),
        stance=stance,
        label=plain(entry.label),
        text=company_blocks(fill_slots(plain(entry.text), value_of)),
        conduct=[company_inline(fill_slots(plain(line), value_of)) for line in entry.conduct],
        note=company_blocks(plain(policy.note)) or None,
    )


def _contents(headings: list[Heading], detailed_sections: frozenset[str]) -> list[Heading]:
    """Every h2 heading, and the h3 headings the detailed sections wrote."""
    return [
        heading
        for heading in headings
        if heading.level == 2 or (heading.level == 3 and heading.section in detailed_sections)
    ]


def _tidy(markdown: str) -> str:
    # Templates may leave runs of blank lines where optional parts were skipped.
    lines: list[str] = []
    for line in markdown.splitlines():
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"


def labelled(label: str, value: object, emphasis: str = "") -> MarkdownSafe:
    """``Label: value`` in Markdown, the label optionally wrapped in ``*`` or ``**``.

    No space follows a label ending in full-width punctuation, such as a Chinese colon. A
    value that opens with a list (a company's note) starts below the label.
    """
    text = value if isinstance(value, MarkdownSafe) else escape_markdown(str(value))
    if isinstance(value, ForeignText):
        text = in_own_language(value, text)
    wide = bool(label) and unicodedata.east_asian_width(label[-1]) in ("F", "W")
    space = "\n\n" if opens_with_list(text) else "" if wide else " "
    if emphasis and not space and unicodedata.category(label[-1]).startswith("P"):
        # CommonMark cannot close emphasis after punctuation that a letter follows
        # (a Chinese label keeps its asterisks on GitHub): the colon goes outside.
        marked = f"{emphasis}{escape_markdown(label[:-1])}{emphasis}{escape_markdown(label[-1])}"
        return MarkdownSafe(f"{marked}{text}")
    return MarkdownSafe(f"{emphasis}{escape_markdown(label)}{emphasis}{space}{text}")


def _company_line(name: str, legal_name: str | None, locale: Locale) -> MarkdownSafe:
    """The company under the title: its name in bold, its legal name in brackets when it
    differs. In a right-to-left chapter, one isolate around both: isolated apart, the
    brackets between two Latin names would face the wrong way."""
    line = f"**{escape_markdown(name)}**"
    if legal_name and legal_name != name:
        line += f" ({escape_markdown(legal_name)})"
    return MarkdownSafe(locale.isolate(line))


def _heading_link(heading: Heading) -> MarkdownSafe:
    # Anchors come from outline.github_slug: letters, numbers and hyphens only.
    title = escape_markdown(heading.title)
    if heading.html_lang:
        title = f'<span lang="{heading.html_lang}" dir="{heading.direction}">{title}</span>'
    return MarkdownSafe(f"[{title}](#{heading.anchor})")


def _mailto_link(address: str, isolate: Callable[[str], str] = str) -> MarkdownSafe:
    return MarkdownSafe(f"[{isolate(escape_markdown(address))}](mailto:{address})")


def _tel_link(number: str, isolate: Callable[[str], str] = str) -> MarkdownSafe:
    dialable = "".join(character for character in number if character.isdigit() or character == "+")
    return MarkdownSafe(f"[{isolate(escape_markdown(number))}](tel:{dialable})")


def _web_link(url: str, isolate: Callable[[str], str] = str) -> MarkdownSafe:
    # The values-file schema already refused spaces, brackets and parentheses in URLs.
    # Inside right-to-left text the isolate goes inside the link: WeasyPrint lays a link
    # out as its own inline box, so marks outside it would not reach its text.
    return MarkdownSafe(f"[{isolate(escape_markdown(url))}]({url})")
