"""A redline of the rendered chapter: what the old and the new version say, marked up.

The two chapters' Markdown are compared section by section (level-2 headings). A section
that did not change is collapsed to its heading. In a changed section, blocks (paragraphs,
list items, headings) are matched; a changed block shows its deleted words in ``<del>``
and its inserted words in ``<ins>``; a block only one side has is deleted or inserted
whole. The result is Markdown with inline HTML, which the report pipeline turns into
HTML and PDF.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from pathlib import Path

from markupsafe import escape

from ..errors import InvalidInputError
from ..values.load import LoadedDocument
from ..values.model import ValuesFile
from ..wording.localization import SOURCE_LANGUAGE, wording

_BLOCK_PREFIX = re.compile(r"^(\s*(?:#{1,6} |[-*+] |\d+\. |\|)?)(.*)$", flags=re.DOTALL)
# Words, spaces and runs of emphasis asterisks (an escaped one is part of its word): a word
# changed inside bold text is marked inside the bold, not with half its asterisks.
_TOKENS = re.compile(r"\s+|\*+|(?:\\.|[^\s*\\])+|\\")
# Below this similarity a changed block is shown as deleted and inserted whole.
REWRITE_RATIO = 0.5


def sections(markdown: str, level: int = 2) -> list[tuple[str, str]]:
    """``(heading, text)`` for the text before the first heading ("") and every section
    whose heading has ``level`` ``#`` marks."""
    marks = "#" * level + " "
    parts = re.split(rf"(?m)^(?={marks})", markdown)
    result = []
    for part in parts:
        heading = part.splitlines()[0][len(marks) :].strip() if part.startswith(marks) else ""
        result.append((heading, part.strip()))
    return result


def unchanged_mark(language: str = SOURCE_LANGUAGE) -> str:
    """What stands for a section that did not change: ``Unchanged.`` in English."""
    # Translators: stands for a section of the chapter that did not change.
    text = escape(wording(language).gettext("Unchanged."))
    return f'<p class="unchanged">{text}</p>'


UNCHANGED = unchanged_mark()


def redline(old: str, new: str, level: int = 2, language: str = SOURCE_LANGUAGE) -> str:
    """The redline of two chapters' Markdown, as Markdown with ``<ins>``/``<del>``.

    Unchanged sections (level 2, then level 3 inside a changed one) collapse to their
    heading, marked as unchanged in ``language``.
    """
    before = dict(sections(old, level))
    out = []
    for heading, text in sections(new, level):
        previous = before.pop(heading, None)
        if previous == text:
            unchanged = unchanged_mark(language)
            out.append(f"{'#' * level} {heading}\n\n{unchanged}" if heading else text)
        elif previous is None:
            out.append(_whole(text, "ins"))
        elif heading and level < 3 and "\n### " in f"{previous}\n{text}":
            head, _, _ = text.partition("\n### ")
            old_head, _, _ = previous.partition("\n### ")
            inner = redline(previous[len(old_head) :], text[len(head) :], level + 1, language)
            out.append(f"{_blocks(old_head, head)}\n\n{inner.strip()}")
        else:
            out.append(_blocks(previous, text))
    out.extend(_whole(text, "del") for heading, text in before.items() if text)
    return "\n\n".join(part for part in out if part) + "\n"


def _split(text: str) -> list[str]:
    """Blocks: paragraphs and headings, and each list item or table row on its own."""
    blocks: list[str] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = chunk.splitlines()
        if all(_BLOCK_PREFIX.match(line)[1].strip() for line in lines):  # type: ignore[index]
            blocks.extend(lines)
        else:
            blocks.append(chunk)
    return blocks


def _join(blocks: list[str]) -> str:
    out: list[str] = []
    for block in blocks:
        listy = bool(re.match(r"\s*(?:[-*+] |\d+\. |\|)", block))
        previous_listy = bool(out) and bool(re.match(r"\s*(?:[-*+] |\d+\. |\|)", out[-1]))
        out.append(("\n" if listy and previous_listy else "\n\n") + block if out else block)
    return "".join(out)


def _mark(block: str, tag: str) -> str:
    prefix, content = _BLOCK_PREFIX.match(block).groups()  # type: ignore[union-attr]
    if prefix.strip() == "|" or not content.strip():
        return block
    return f"{prefix}<{tag}>{content}</{tag}>"


def _whole(text: str, tag: str) -> str:
    return _join([_mark(block, tag) for block in _split(text)])


def _blocks(old: str, new: str) -> str:
    before, after = _split(old), _split(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    out: list[str] = []
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            out.extend(after[b1:b2])
        elif operation == "replace" and a2 - a1 == b2 - b1:
            out.extend(_words(x, y) for x, y in zip(before[a1:a2], after[b1:b2], strict=True))
        else:
            out.extend(_mark(block, "del") for block in before[a1:a2])
            out.extend(_mark(block, "ins") for block in after[b1:b2])
    return _join(out)


def _words(old: str, new: str) -> str:
    """One changed block with its changed words marked; the line's prefix kept outside."""
    old_prefix, old_content = _BLOCK_PREFIX.match(old).groups()  # type: ignore[union-attr]
    new_prefix, new_content = _BLOCK_PREFIX.match(new).groups()  # type: ignore[union-attr]
    if old_prefix != new_prefix or new_prefix.strip() == "|":
        return f"{_mark(old, 'del')}\n\n{_mark(new, 'ins')}"
    a, b = _TOKENS.findall(old_content), _TOKENS.findall(new_content)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    if matcher.ratio() < REWRITE_RATIO:  # rewritten rather than edited: show both whole
        if new_prefix.strip():  # a list item or heading stays one item
            return f"{new_prefix}<del>{old_content}</del> <ins>{new_content}</ins>"
        return f"<del>{old_content}</del>\n\n<ins>{new_content}</ins>"
    # (old, new) runs; equal runs have old == new. A lone space between two changes joins
    # them, so a changed phrase reads as one deletion and one insertion.
    runs: list[list[str]] = []
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        old_text, new_text = "".join(a[a1:a2]), "".join(b[b1:b2])
        equal = operation == "equal"
        if runs and not equal and runs[-1][2] == "changed":
            runs[-1][0] += old_text
            runs[-1][1] += new_text
        elif (
            len(runs) >= 2 and not equal and runs[-1][2] == "equal" and runs[-1][0].isspace()
            and runs[-2][2] == "changed"
        ):  # fmt: skip
            space = runs.pop()[0]
            runs[-1][0] += space + old_text
            runs[-1][1] += space + new_text
        else:
            runs.append([old_text, new_text, "equal" if equal else "changed"])
    out = []
    for old_text, new_text, kind in runs:
        if kind == "equal":
            out.append(new_text)
            continue
        if old_text.strip():
            out.append(f"<del>{old_text}</del>")
        if new_text.strip():
            out.append(f"<ins>{new_text}</ins>")
    return new_prefix + "".join(out)


def chapter_redline(
    old: tuple[LoadedDocument, ValuesFile],
    new: tuple[LoadedDocument, ValuesFile],
    language: str | None = None,
    template_dirs: Sequence[Path] = (),
) -> str:
    """The redline of two loaded versions' chapters, rendered with the same templates.

    Both versions are composed with the same template directories (NEW's), so the
    redline shows what the values changed, not what the templates did.
    """
    from ..chapter.compose import compose_chapter
    from ..values.local_text import missing_text
    from ..wording.theme import current_theme

    chosen = language or new[1].document.language.value
    problems = [*missing_text(*old, [chosen]), *missing_text(*new, [chosen])]
    if problems:
        raise InvalidInputError(problems)
    theme = current_theme().with_template_dirs(template_dirs)
    return redline(
        compose_chapter(old[1], chosen, theme).markdown,
        compose_chapter(new[1], chosen, theme).markdown,
        language=chosen,
    )
