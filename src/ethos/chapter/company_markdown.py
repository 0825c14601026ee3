"""Company text as Markdown: a small safe subset formats, everything else stays literal.

A company may write ``**one business day**``, a bulleted or numbered list, paragraphs
and links to https or mailto addresses in its free text. markdown-it-py parses the text
with only those rules enabled, so a heading, raw HTML, an image, code, a table, any other
link or a Jinja tag is never recognised: it stays text. The parsed text is then written
out again as the chapter's Markdown, in one plain form (``*em*``, ``**strong**``, tight
lists indented four spaces, one blank line between blocks) that Python-Markdown, which
makes ethos's HTML, PDF and DOCX, and any CommonMark renderer such as GitHub's read the
same way; every other character is escaped as :func:`~.markdown_text.escape_markdown`
escapes it, so a text that uses none of this comes out as it always did.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.emphasis import tokenize as emphasis_rule
from markdown_it.rules_inline.image import image
from markdown_it.rules_inline.link import link
from markdown_it.tree import SyntaxTreeNode
from pydantic import BaseModel

from ..values.local_text import CompanyText, ForeignText
from .inline_markdown import allowed_link, write_inline
from .markdown_text import MarkdownSafe, escape_markdown

# Python-Markdown nests a list four columns in and takes at most three more: a number
# wider than five digits leaves no room, so such a list is written as numbered lines.
_MAX_LIST_NUMBER = 99_999
_SPACE_OTHER_THAN_LINE_BREAK = re.compile(r"[^\S\n\t]")
_WHITESPACE = re.compile(r"\s+")
_LIST_START = re.compile(r"(?:-|\d+\.) ")


def company_blocks(text: str) -> MarkdownSafe:
    """``text`` as Markdown blocks: paragraphs and lists, separated by a blank line.

    Text in another language than the chapter's (:class:`ForeignText`) is marked with
    its language in each paragraph and list item (:func:`in_own_language`).
    """
    source = _SPACE_OTHER_THAN_LINE_BREAK.sub(" ", text)
    mark = partial(in_own_language, text)
    blocks = _blocks(SyntaxTreeNode(_parser().parse(source)).children, mark)
    return MarkdownSafe("\n\n".join(_write(block, "") for block in blocks))


def company_inline(text: str, *, line_start: bool = True) -> MarkdownSafe:
    """``text`` as one line of Markdown (a list item, a table cell, part of a sentence):
    bold, italic and links format; line breaks and list markers stay text.

    ``line_start``: the line begins here, so a leading ``#``, ``-`` or ``1.`` is escaped.
    """
    line = _WHITESPACE.sub(" ", text).strip()
    inline = SyntaxTreeNode(_parser().parseInline(line)).children[0]
    return MarkdownSafe(in_own_language(text, write_inline(inline.children, line_start=line_start)))


def in_own_language(text: str, markdown: str) -> str:
    """``markdown``, made from company ``text``, as a span in the text's own language
    when the text is :class:`ForeignText` (``<span lang="en" dir="ltr">``): HTML, the PDF's
    tags and Word's runs then give it its language and direction. Inline HTML in a
    paragraph, which every CommonMark renderer and Python-Markdown pass through alike."""
    if not isinstance(text, ForeignText) or not markdown:
        return markdown
    return f'<span lang="{text.html_lang}" dir="{text.direction}">{markdown}</span>'


def opens_with_list(markdown: str) -> bool:
    """Whether Markdown from :func:`company_blocks` begins with a list, not a paragraph
    (a paragraph never does: its leading ``-`` or ``1.`` is escaped)."""
    return _LIST_START.match(markdown) is not None


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("zero", {"maxNesting": 20})
    parser.enable(["list", "emphasis", "link", "image", "newline", "escape"])
    # Only `*` marks emphasis: an underscore is text (snake_case, __init__, file_names).
    parser.inline.ruler.at("emphasis", _asterisk_emphasis)
    # An image and a link with a title are recognised only to be kept as written.
    parser.inline.ruler.at("image", _image_as_text)
    parser.inline.ruler.at("link", _link_without_title)
    parser.validateLink = allowed_link  # type: ignore[method-assign]
    return parser


def _asterisk_emphasis(state: StateInline, silent: bool) -> bool:
    return state.src[state.pos] == "*" and emphasis_rule(state, silent)


def _image_as_text(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not image(state, True):
        return False
    if not silent:
        state.pending += state.src[start : state.pos]
    return True


def _link_without_title(state: StateInline, silent: bool) -> bool:
    start, before = state.pos, len(state.tokens)
    if not link(state, silent):
        return False
    opened = next(
        (i for i in range(before, len(state.tokens)) if state.tokens[i].type == "link_open"), None
    )
    if opened is not None and state.tokens[opened].attrGet("title"):
        # The link's tokens go, and their nested delimiters with their metadata.
        del state.tokens[opened:]
        del state.tokens_meta[opened:]
        state.pending += state.src[start : state.pos]
    return True


@dataclass
class _Item:
    text: str
    lists: list[_List] = field(default_factory=list)  # at most one


@dataclass
class _List:
    ordered: bool
    start: int
    items: list[_Item]


_Block = str | _List


def _blocks(nodes: list[SyntaxTreeNode], mark: Callable[[str], str]) -> list[_Block]:
    """Paragraphs and lists; two lists of one kind in a row become one (both renderers
    would join them, but as a loose list each its own way). ``mark`` gives a paragraph
    its language (:func:`in_own_language`)."""
    blocks: list[_Block] = []
    for node in nodes:
        if node.type == "paragraph":
            blocks.append(mark(write_inline(node.children[0].children, line_start=True)))
        elif node.type in ("bullet_list", "ordered_list"):
            ordered = node.type == "ordered_list"
            start = int(str(node.attrs.get("start", 1))) if ordered else 1
            items = [item for child in node.children for item in _items(child, mark)]
            previous = blocks[-1] if blocks else None
            if isinstance(previous, _List) and previous.ordered == ordered:
                previous.items.extend(items)
            elif items:
                blocks.append(_List(ordered, start, items))
    return blocks


def _items(node: SyntaxTreeNode, mark: Callable[[str], str]) -> list[_Item]:
    """A list item: its paragraphs as one line, then one nested list. An item with no
    text of its own gives its nested items to the list it is in.

    The renderers part ways on more: Python-Markdown continues a nested list where
    CommonMark starts another of the other kind, and CommonMark lets no number but 1 start
    a list right below a line of text. So an item's nested lists are one, of the first
    one's kind, and a nested numbered list counts from 1.
    """
    blocks = _blocks(node.children, mark)
    text = " ".join(block for block in blocks if isinstance(block, str))
    lists = [block for block in blocks if isinstance(block, _List)]
    items = [item for nested in lists for item in nested.items]
    if not text:
        return items
    return [_Item(text, [_List(lists[0].ordered, 1, items)] if lists else [])]


def _write(block: _Block, indent: str) -> str:
    if isinstance(block, str):
        return indent + block
    if block.ordered and block.start + len(block.items) - 1 > _MAX_LIST_NUMBER:
        return "\n\n".join(_numbered_lines(block, indent))
    lines: list[str] = []
    for index, item in enumerate(block.items):
        marker = f"{block.start + index}. " if block.ordered else "- "
        lines.append(f"{indent}{marker}{item.text}")
        inner = indent + " " * max(4, len(marker))
        lines.extend(_write(nested, inner) for nested in item.lists)
    return "\n".join(lines)


def _numbered_lines(block: _List, indent: str) -> list[str]:
    """A list numbered beyond what both renderers nest alike, as paragraphs."""
    written: list[str] = []
    for index, item in enumerate(block.items):
        written.append(f"{indent}{block.start + index}\\. {item.text}")
        written.extend(_write(nested, indent) for nested in item.lists)
    return written


def fill_in(render: Callable[..., str], **context: Any) -> MarkdownSafe:
    """``render(**context)``, ethos's own wording with the company's words in it (the
    conditions of a return policy), as Markdown: the wording escaped as literal text,
    each :class:`~ethos.values.local_text.CompanyText` formatted by :func:`company_inline`.

    Each company text goes into the wording as a private-use marker (with a nonce, so no
    wording or company text can forge one) and is put back, formatted, once the whole
    sentence is escaped; text without formatting comes out as it always did.
    """
    nonce = secrets.token_hex(8)
    texts: list[str] = []

    def swap(value: Any) -> Any:
        if isinstance(value, CompanyText):
            texts.append(value)
            return f"\ue000{nonce}x{len(texts) - 1}\ue001"
        if isinstance(value, BaseModel):
            updates = {name: swap(getattr(value, name)) for name in type(value).model_fields}
            return value.model_copy(update=updates)
        if isinstance(value, list):
            return [swap(item) for item in value]
        if isinstance(value, dict):
            return {key: swap(item) for key, item in value.items()}
        return value

    swapped = {name: swap(value) for name, value in context.items()}
    if not texts:
        return MarkdownSafe(escape_markdown(render(**context)))
    escaped = escape_markdown(render(**swapped))
    marker = re.compile(f"\ue000{nonce}x([0-9]+)\ue001")
    filled = marker.sub(
        lambda found: company_inline(texts[int(found[1])], line_start=found.start() == 0),
        escaped,
    )
    if nonce in filled:  # the wording took a marker apart: the company's text as is
        return MarkdownSafe(escape_markdown(render(**context)))
    return MarkdownSafe(filled)
