"""The sanitised body HTML as a small tree, and its inline text as formatted segments.

The HTML comes from :func:`~ethos.render.body.body_html`: nh3 has already reduced it to a
small, well-formed tag set, so the standard library's parser is enough to read it back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

INLINE_MARKS = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "code": "code"}
INLINE_MARKS |= {"ins": "ins", "del": "del"}
WHITESPACE = re.compile(r"[ \t\r\n\f]+")
BREAK = "\n"  # a segment of just this is a <br>: other newlines are collapsed first


@dataclass
class Node:
    """One HTML element of the body, its children elements and text."""

    tag: str
    attributes: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def elements(self, *tags: str) -> list[Node]:
        """The child elements, or those with one of ``tags``."""
        return [c for c in self.children if isinstance(c, Node) and (not tags or c.tag in tags)]

    def walk(self) -> list[Node]:
        """This element and every element inside it, in document order."""
        return [self, *(node for child in self.elements() for node in child.walk())]


class _TreeBuilder(HTMLParser):
    VOID = frozenset({"br", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("body")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    """The body HTML as a tree (the sanitiser already made it well formed)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


@dataclass(frozen=True)
class Segment:
    """A stretch of text with one formatting, inside one link or none."""

    text: str
    marks: frozenset[str] = frozenset()
    href: str | None = None


def _segments(nodes: list[Node | str], marks: frozenset[str], href: str | None) -> list[Segment]:
    found: list[Segment] = []
    for node in nodes:
        if isinstance(node, str):
            found.append(Segment(node, marks, href))
        elif node.tag == "br":
            found.append(Segment(BREAK, marks, href))
        else:
            mark = INLINE_MARKS.get(node.tag)
            inner = marks | {mark} if mark else marks
            if node.tag == "span" and "lang" in node.attributes:
                # Text in another language than the chapter's: its language and direction.
                inner = inner | {
                    f"lang={node.attributes['lang']}",
                    f"dir={node.attributes.get('dir', 'ltr')}",
                }
            link = node.attributes.get("href", href) if node.tag == "a" else href
            found.extend(_segments(node.children, inner, link))
    return found


def _collapse(segments: list[Segment]) -> list[Segment]:
    """HTML's white space rules: runs of spaces and newlines are one space, none at the ends."""
    collapsed: list[Segment] = []
    after_space = True
    for segment in segments:
        if segment.text == BREAK:
            collapsed.append(segment)
            after_space = True
            continue
        text = WHITESPACE.sub(" ", segment.text)
        text = text.lstrip(" ") if after_space else text
        if text:
            collapsed.append(replace(segment, text=text))
            after_space = text.endswith(" ")
    while collapsed and collapsed[-1].text != BREAK and collapsed[-1].text.endswith(" "):
        last = collapsed.pop()
        if last.text.rstrip(" "):
            collapsed.append(replace(last, text=last.text.rstrip(" ")))
            break
    return collapsed


def inline_segments(nodes: list[Node | str], marks: frozenset[str] = frozenset()) -> list[Segment]:
    """The text of inline ``nodes`` as segments, white space collapsed as HTML does."""
    return _collapse(_segments(nodes, marks, None))
