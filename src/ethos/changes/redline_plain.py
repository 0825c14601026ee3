"""A redline as GitHub shows it: ``<del>``/``<ins>`` marks as ``~~struck~~`` and
``**bold**`` Markdown, placed so that a CommonMark renderer (cmark-gfm) reads each mark
as one (left- and right-flanking), and an unchanged section as ``*Unchanged.*``."""

from __future__ import annotations

import re
import unicodedata

from .redline import UNCHANGED_CLASS, WORD_TOKENS

_MARKED = re.compile(r"<(del|ins)>(.*?)</\1>", flags=re.DOTALL)
_UNCHANGED_HTML = re.compile(rf'<p class="{UNCHANGED_CLASS}">(.*?)</p>')
_MARKERS = {"del": "~~", "ins": "**"}


def plain_markdown(marked: str) -> str:
    """A redline (:func:`redline`) as Markdown without HTML: deleted words ``~~struck
    through~~``, inserted words in ``**bold**``, an unchanged section ``*Unchanged.*``.

    GitHub, GitLab, pandoc and every GFM renderer show these as strikethrough and bold,
    and a reader of the plain text (an email, a terminal) sees the same marks. So that
    bold means only "inserted", the chapter's own bold is left out; its italics stay. Each
    mark is placed where a CommonMark renderer can open and close it: spaces go outside,
    and next to punctuation in Chinese the mark takes in a neighbouring character.
    """
    text = _UNCHANGED_HTML.sub(lambda match: f"*{match[1]}*", marked)
    return "\n".join(_plain_line(line) for line in text.split("\n"))


def _plain_line(line: str) -> str:
    pieces: list[list[str]] = []  # [kind, text]: kind "", "del" or "ins"
    position = 0
    for match in _MARKED.finditer(line):
        pieces.append(["", line[position : match.start()]])
        pieces.append([match[1], match[2]])
        position = match.end()
    pieces.append(["", line[position:]])
    pieces = [[kind, _without_bold(text)] for kind, text in pieces]
    # The equal texts, and each change as [old, new].
    out: list[list[str]] = []
    for kind, text in pieces:
        if not kind:
            if not text:
                continue
            if out and len(out[-1]) == 1:
                out[-1][0] += text
            else:
                out.append([text])
            continue
        if not (out and len(out[-1]) == 2):
            out.append(["", ""])
        out[-1][0 if kind == "del" else 1] += text
    for index, part in enumerate(out):
        if len(part) == 2:
            _fit(out, index)
    return "".join(
        part[0] if len(part) == 1 else _marked(part[0], "del") + _marked(part[1], "ins")
        for part in out
    )


def _without_bold(text: str) -> str:
    """``text`` without its bold: each run of asterisks keeps one if it was odd (italics)."""
    return "".join(
        ("*" if len(token) % 2 else "") if token.startswith("*") else token
        for token in WORD_TOKENS.findall(text)
    )


def _marked(text: str, kind: str) -> str:
    if not text:
        return ""
    marker = _MARKERS[kind]
    stripped = text.strip()
    if not stripped:
        return text
    start = text.index(stripped[0])
    return f"{text[:start]}{marker}{stripped}{marker}{text[start + len(stripped) :]}"


def _fit(parts: list[list[str]], index: int) -> None:
    """Widen the change ``parts[index]`` over its neighbours' characters until each of its
    marks can open and close (CommonMark's flanking rules): the old and the new text both
    take the same characters, so each still reads as it was."""
    for _ in range(8):
        old, new = parts[index]
        shown = [text for text in (old, new) if text.strip()]
        if not shown:
            return
        before = parts[index - 1][0] if index and len(parts[index - 1]) == 1 else ""
        after = parts[index + 1][0] if index + 1 < len(parts) and len(parts[index + 1]) == 1 else ""
        first, last = shown[0], shown[-1]
        # Spaces stay outside the marks: the mark then sits next to the space.
        previous = first[0] if first[0].isspace() else before[-1:]
        following = last[-1] if last[-1].isspace() else after[:1]
        opens = _can_open(previous, first.strip()[0])
        closes = _can_close(last.strip()[-1], following)
        if len(shown) == 2:  # ~~old~~**new**: a tilde closes before an asterisk, and so on
            opens = opens and _can_close(old.strip()[-1], "*") and _can_open("~", new.strip()[0])
        if opens and closes:
            return
        if not opens and before and not first[0].isspace() and not before[-1].isspace():
            parts[index - 1][0] = before[:-1]
            parts[index] = [before[-1] + old, before[-1] + new]
        elif not closes and after and not last[-1].isspace() and not after[0].isspace():
            parts[index + 1][0] = after[1:]
            parts[index] = [old + after[0], new + after[0]]
        else:
            return


def _punctuation(character: str) -> bool:
    return unicodedata.category(character)[0] in "PS"


def _can_open(previous: str, first: str) -> bool:
    """Whether a mark between ``previous`` and ``first`` is left-flanking."""
    if not first or first.isspace():
        return False
    return not _punctuation(first) or not previous or previous.isspace() or _punctuation(previous)


def _can_close(last: str, following: str) -> bool:
    """Whether a mark between ``last`` and ``following`` is right-flanking."""
    if not last or last.isspace():
        return False
    return not _punctuation(last) or not following or following.isspace() or _punctuation(following)
