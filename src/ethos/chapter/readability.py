"""How plain each section of a chapter is, and which of the company's texts are not.

:func:`section_scores` measures every section of a composed chapter with its language's
measures (:mod:`ethos.wording.readability`, targets in ``templates/languages.yaml``):
``ethos check --readability`` prints them as a table, ``ethos build`` sums them up.
:func:`company_text_warnings` measures each of the company's own longer texts in the
language and warns, with its file, line and key, where one misses the target: ethos's
own wording is kept within the targets by the test suite, so a section that misses one
does so because of what the company wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..errors import Problem
from ..values.load import LoadedDocument
from ..values.model import ValuesFile
from ..values.translation_files import text_fields
from ..wording.readability import NAMES, Figure, Target, figures
from .compose import Chapter
from .layout import chapter_layout

_MARKUP = re.compile(r"<[^>]+>|\*\*|\*|\\(?=[^\w\s])|[\u2066-\u2069]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ITEM = re.compile(r"^\s*(?:[-*] |\d+\\?\. )")
_ENDS_SENTENCE = re.compile(r"[.!?。！？；۔؟][\"'”’»」）)]*$")
_MIN_WORDS = 40
"""A company text shorter than this is not measured: too few sentences for a figure."""
_MIN_CHARACTERS = 80
"""The same for Chinese, in characters."""


@dataclass(frozen=True)
class SectionScore:
    """The measures of one section of a chapter in one language."""

    title: str
    figures: tuple[Figure, ...]
    key: str = ""
    """The section's template key (``introduction``), or the company's own section's."""
    own: bool = False
    """The company's own text: its foreword, or a section it added or replaced."""

    @property
    def met(self) -> bool:
        """Whether the section meets every target of its language."""
        return all(figure.met for figure in self.figures)


def plain_text(markdown: str) -> str:
    """The prose of Markdown, one line per paragraph or list item, markup taken off.

    Prose is what ends as a sentence ends (a full stop, a question or exclamation mark,
    in any script): headings, labels ("Our stance: Full refunds"), contact details and
    the cells of the acknowledgement form are not read as sentences, and are left out.
    """
    lines = []
    for line in markdown.splitlines():
        if line.lstrip().startswith(("#", "|")):
            continue
        text = _MARKUP.sub("", _LINK.sub(r"\1", _ITEM.sub("", line))).strip()
        if text and _ENDS_SENTENCE.search(text):
            lines.append(text)
    return "\n".join(lines)


def section_scores(chapter: Chapter) -> list[SectionScore]:
    """Each level-2 section of ``chapter`` (the contents aside), measured."""
    targets = chapter.locale.setup.readability
    built_in = set(chapter_layout().sections)
    replaced = set(chapter.values_file.sections.replaced)
    keys = iter([heading.section for heading in chapter.headings if heading.level == 2])
    scores = []
    for part in re.split(r"(?m)^(?=## )", chapter.body):
        if not part.startswith("## "):
            continue
        key = next(keys, "")
        heading, _, text = part.partition("\n")
        plain = plain_text(text)
        if plain:
            own = key == "foreword" or key not in built_in or key in replaced
            title = _MARKUP.sub("", heading[3:]).strip()
            scores.append(SectionScore(title, tuple(figures(plain, targets)), key, own))
    return scores


def company_text_warnings(
    document: LoadedDocument, values_file: ValuesFile, language: str, targets: list[Target]
) -> list[Problem]:
    """A warning at each longer free text of the file that misses a target of
    ``language`` (its text in that language; a text it lacks is not measured)."""
    problems = []
    for field in text_fields(document, values_file, language):
        text = field.translation
        if text is None or not _long_enough(text):
            continue
        missed = [figure for figure in figures(plain_text(text), targets) if not figure.met]
        if missed:
            shown = "; ".join(f"{_value(f)} ({f.target.describe()})" for f in missed)
            message = (
                f"reads harder than the {language} target: {shown} — shorter sentences "
                "and everyday words help"
            )
            problems.append(replace(document.problem(field.path, message), severity="warning"))
    return problems


def _long_enough(text: str) -> bool:
    han = sum("\u4e00" <= character <= "\u9fff" for character in text)
    return len(text.split()) >= _MIN_WORDS or han >= _MIN_CHARACTERS


def _value(figure: Figure) -> str:
    return f"{NAMES[figure.target.measure]} {figure.value:.1f}"
