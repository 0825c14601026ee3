"""A redline of the rendered chapter: what the old and the new version say, marked up.

The two chapters' Markdown are compared section by section (level-2 headings, then
level 3 inside a changed section), the sections matched by their headings in order. In
a changed section, blocks (paragraphs, list items, table rows, headings) are matched; a
changed block shows its deleted words in ``<del>`` and its inserted words in ``<ins>``
(word by word; character by character in Chinese, which has no spaces); a block only one
side has is deleted or inserted whole.

The result is Markdown with inline ``<ins>``/``<del>``, which the report pipeline turns
into HTML and PDF and :mod:`ethos.changes.word_redline` into Word's tracked changes. A
report's ``.md`` file gets :func:`plain_markdown` instead, which needs no HTML.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from pathlib import Path

from markupsafe import escape

from ..chapter.compose import Chapter
from ..errors import InvalidInputError
from ..values.load import LoadedDocument
from ..values.model import ValuesFile
from ..wording.localization import SOURCE_LANGUAGE, wording

_BLOCK_PREFIX = re.compile(r"^(\s*(?:#{1,6} |[-*+] |\d+\. |\|)?)(.*)$", flags=re.DOTALL)
_LISTY = re.compile(r"\s*(?:[-*+] |\d+\. |\|)")
# Scripts written without spaces between words: each character is a token of its own.
_UNSPACED = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
)
# Words, spaces, unspaced characters and runs of emphasis asterisks (an escaped one is part
# of its word): a word changed inside bold text is marked inside the bold, not with half
# its asterisks.
WORD_TOKENS = re.compile(rf"\s+|\*+|[{_UNSPACED}]|(?:\\.|[^\s*\\{_UNSPACED}])+|\\")
# Below this similarity a changed block is shown as deleted and inserted whole.
REWRITE_RATIO = 0.5
UNCHANGED_CLASS = "unchanged"


def sections(markdown: str, level: int = 2) -> list[tuple[str, str]]:
    """``(heading, text)`` for the text before the first heading ("") and every section
    whose heading has ``level`` ``#`` marks."""
    marks = "#" * level + " "
    parts = re.split(rf"(?m)^(?={marks})", markdown)
    result = []
    for part in parts:
        heading = part.splitlines()[0][len(marks) :].strip() if part.startswith(marks) else ""
        if part.strip() or heading:
            result.append((heading, part.strip()))
    return result


def unchanged_mark(language: str = SOURCE_LANGUAGE) -> str:
    """What stands for a section that did not change: ``Unchanged.`` in English."""
    # Translators: stands for a section of the chapter that did not change.
    text = escape(wording(language).gettext("Unchanged."))
    return f'<p class="{UNCHANGED_CLASS}">{text}</p>'


UNCHANGED = unchanged_mark()


def redline(
    old: str, new: str, level: int = 2, language: str = SOURCE_LANGUAGE, *, collapse: bool = True
) -> str:
    """The redline of two chapters' Markdown, as Markdown with ``<ins>``/``<del>``.

    ``collapse``: an unchanged section (level 2, then level 3 inside a changed one) is
    shown by its heading only, marked as unchanged in ``language``; without it, the whole
    new chapter is there (a Word redline).
    """
    before, after = sections(old, level), sections(new, level)
    matcher = difflib.SequenceMatcher(
        a=[heading for heading, _ in before], b=[heading for heading, _ in after], autojunk=False
    )
    out: list[str] = []
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation != "equal":
            out.extend(_whole(text, "del") for _, text in before[a1:a2])
            out.extend(_whole(text, "ins") for _, text in after[b1:b2])
            continue
        for (heading, previous), (_, text) in zip(before[a1:a2], after[b1:b2], strict=True):
            out.append(
                _section(heading, previous, text, level, language=language, collapse=collapse)
            )
    return "\n\n".join(part for part in out if part) + "\n"


def _section(
    heading: str, previous: str, text: str, level: int, *, language: str, collapse: bool
) -> str:
    if previous == text:
        if collapse and heading:
            return f"{'#' * level} {heading}\n\n{unchanged_mark(language)}"
        return text
    if heading and level < 3 and "\n### " in f"{previous}\n{text}":
        head, _, _ = text.partition("\n### ")
        old_head, _, _ = previous.partition("\n### ")
        inner = redline(
            previous[len(old_head) :], text[len(head) :], level + 1, language, collapse=collapse
        )
        return f"{_blocks(old_head, head)}\n\n{inner.strip()}"
    return _blocks(previous, text)


def _split(text: str) -> list[str]:
    """Blocks: paragraphs and headings, and each list item or table row on its own."""
    blocks: list[str] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = chunk.splitlines()
        if all(_BLOCK_PREFIX.match(line)[1].strip() for line in lines):  # type: ignore[index]
            blocks.extend(lines)
        else:
            blocks.append(chunk)
    return [block for block in blocks if block.strip()]


def _join(blocks: list[str]) -> str:
    out: list[str] = []
    for block in blocks:
        listy = bool(_LISTY.match(block))
        previous_listy = bool(out) and bool(_LISTY.match(out[-1]))
        same_kind = listy and previous_listy and _is_row(block) == _is_row(out[-1])
        out.append(("\n" if same_kind else "\n\n") + block if out else block)
    return "".join(out)


def _is_row(block: str) -> bool:
    return block.lstrip().startswith("|")


_CELL_RULE = re.compile(r"\s*\|(?:\s*:?-+:?\s*\|)+\s*")


def _cells(row: str) -> list[str]:
    return row.strip().strip("|").split("|")


def _mark(block: str, tag: str) -> str:
    if _is_row(block):
        if _CELL_RULE.fullmatch(block):
            return block
        cells = [
            f" <{tag}>{cell.strip()}</{tag}> " if cell.strip() else cell for cell in _cells(block)
        ]
        return "|" + "|".join(cells) + "|"
    prefix, content = _BLOCK_PREFIX.match(block).groups()  # type: ignore[union-attr]
    if not content.strip():
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
            for x, y in zip(before[a1:a2], after[b1:b2], strict=True):
                out.extend(_words(x, y))
        else:
            out.extend(_mark(block, "del") for block in before[a1:a2])
            out.extend(_mark(block, "ins") for block in after[b1:b2])
    return _join(out)


def _words(old: str, new: str) -> list[str]:
    """One changed block with its changed words marked (the line's prefix outside), or
    the old block deleted and the new inserted when they are not the same kind of block
    or were rewritten rather than edited."""
    if _is_row(old) and _is_row(new):
        old_cells, new_cells = _cells(old), _cells(new)
        if len(old_cells) != len(new_cells) or _CELL_RULE.fullmatch(new):
            return [_mark(old, "del"), _mark(new, "ins")]
        cells = [_cell(a.strip(), b.strip()) for a, b in zip(old_cells, new_cells, strict=True)]
        return ["|" + "|".join(f" {cell} " for cell in cells) + "|"]
    old_prefix, old_content = _BLOCK_PREFIX.match(old).groups()  # type: ignore[union-attr]
    new_prefix, new_content = _BLOCK_PREFIX.match(new).groups()  # type: ignore[union-attr]
    if old_prefix != new_prefix:
        return [_mark(old, "del"), _mark(new, "ins")]
    marked = _changed_words(old_content, new_content)
    if marked is not None:
        return [new_prefix + marked]
    if new_prefix.strip():
        # A rewritten list item or heading stays one: the rule keeps its number.
        return [f"{new_prefix}<del>{old_content}</del><ins>{new_content}</ins>"]
    return [_mark(old, "del"), _mark(new, "ins")]


def word_runs(old: str, new: str) -> list[tuple[str, str]] | None:
    """``(old, new)`` runs that together spell both texts: equal where ``old == new``,
    changed otherwise; None when ``new`` was rewritten rather than edited (less than
    :data:`REWRITE_RATIO` alike). Words are compared, and each character of Chinese."""
    a, b = WORD_TOKENS.findall(old), WORD_TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    if a and b and matcher.ratio() < REWRITE_RATIO:
        return None
    # A lone space between two changes joins them, so a changed phrase reads as one
    # deletion and one insertion.
    runs: list[list[str]] = []  # [old, new, "equal" | "changed"]
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
    return [(old_text, new_text) for old_text, new_text, _ in runs]


def _cell(old: str, new: str) -> str:
    marked = _changed_words(old, new)
    if marked is not None:
        return marked
    return (f"<del>{old}</del>" if old else "") + (f"<ins>{new}</ins>" if new else "")


def _changed_words(old: str, new: str) -> str | None:
    """``new`` with the words it changed from ``old`` marked; None when rewritten."""
    runs = word_runs(old, new)
    if runs is None:
        return None
    out = []
    for old_text, new_text in runs:
        if old_text == new_text:
            out.append(new_text)
            continue
        if old_text.strip():
            out.append(f"<del>{old_text}</del>")
        if new_text.strip():
            out.append(f"<ins>{new_text}</ins>")
    return "".join(out)


# ---------------------------------------------------------------------------------------
# The redline as plain Markdown: readable as text and rendered by GitHub, with no HTML.


def redline_chapters(
    old: tuple[LoadedDocument, ValuesFile],
    new: tuple[LoadedDocument, ValuesFile],
    language: str | None = None,
    template_dirs: Sequence[Path] = (),
) -> tuple[Chapter, Chapter]:
    """Both loaded versions' chapters in ``language``, composed with the same templates
    (NEW's), so that a redline shows what the values changed, not what the templates did.

    Raises:
        InvalidInputError: either version lacks text in ``language``.
    """
    from ..chapter.compose import compose_chapter
    from ..values.local_text import missing_text
    from ..wording.theme import current_theme

    chosen = language or new[1].document.language.value
    problems = [*missing_text(*old, [chosen]), *missing_text(*new, [chosen])]
    if problems:
        raise InvalidInputError(problems)
    theme = current_theme().with_template_dirs(template_dirs)
    return compose_chapter(old[1], chosen, theme), compose_chapter(new[1], chosen, theme)


def chapter_redline(
    old: tuple[LoadedDocument, ValuesFile],
    new: tuple[LoadedDocument, ValuesFile],
    language: str | None = None,
    template_dirs: Sequence[Path] = (),
) -> str:
    """The redline of two loaded versions' chapters (:func:`redline_chapters`)."""
    before, after = redline_chapters(old, new, language, template_dirs)
    return redline(before.markdown, after.markdown, language=after.locale.language)
