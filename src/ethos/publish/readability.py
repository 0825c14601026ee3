"""``ethos check --readability``: every section of each chapter, measured per language,
and the company's texts that miss their language's target."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..chapter.compose import compose_chapter
from ..chapter.readability import SectionScore, company_text_warnings, section_scores
from ..errors import Problem
from ..values.loading import chapter_languages, load_with_fallback
from ..values.template_dirs import template_directories
from ..wording.theme import Theme


@dataclass(frozen=True)
class Readability:
    """One values file's chapter, measured in each of its languages."""

    path: Path
    company: str
    sections: dict[str, list[SectionScore]]
    """Each language's sections, in chapter order (the same sections in every language)."""
    warnings: list[Problem]
    """The company's texts that miss a target, each at its file and line."""


def readability(paths: Sequence[Path], languages: Sequence[str] | None = None) -> list[Readability]:
    """Measure the chapter of each values file in ``languages`` (default: each file's)."""
    found = []
    with Theme().active() as theme:
        for path in paths:
            document, values_file, _ = load_with_fallback(path, languages)
            directories = template_directories(path, values_file, (), document)
            chapter_theme = theme.with_template_dirs(directories)
            sections: dict[str, list[SectionScore]] = {}
            warnings: list[Problem] = []
            for language in chapter_languages(values_file, languages):
                chapter = compose_chapter(values_file, language, chapter_theme)
                sections[language] = section_scores(chapter)
                targets = chapter.locale.setup.readability
                warnings.extend(company_text_warnings(document, values_file, language, targets))
            found.append(Readability(path, values_file.company.name, sections, warnings))
    return found
