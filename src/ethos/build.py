"""The pipeline end to end: load -> validate -> compose -> render -> write."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .compose import Chapter, compose_chapter
from .errors import InvalidInputError, OutputError, Problem, UnreadableInputError
from .fields import Language
from .load import load_values_file
from .local_text import missing_text
from .model import ValuesFile
from .render_html import render_html
from .resources import builtin_templates_dir
from .translation_check import translation_problems
from .validate import validate
from .write import confined_path, slugify, write_atomic

FORMATS = ("md", "html", "pdf")
OUTPUT_STEM = "ethics-code"
LANGUAGES = tuple(language.value for language in Language)


@dataclass(frozen=True)
class BuildResult:
    """What one build wrote, and the warnings it passed over."""

    source: Path
    company: str
    outputs: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class CheckResult:
    """Values files that passed ``check``, and the warnings found on the way."""

    files: list[ValuesFile]
    warnings: list[Problem]


def load(path: Path, languages: Sequence[str] | None = None) -> ValuesFile:
    """Read and validate one values file, with its free text in each of ``languages``.

    ``languages`` defaults to the languages the file publishes in.

    Raises:
        InvalidInputError: the file is invalid; every problem is listed.
        UnreadableInputError: the path does not exist or cannot be read.
    """
    document = load_values_file(path)
    values_file = validate(document)
    problems = missing_text(document, values_file, chapter_languages(values_file, languages))
    if problems:
        raise InvalidInputError(problems)
    return values_file


def chapter_languages(values_file: ValuesFile, requested: Sequence[str] | None) -> list[str]:
    """The languages to build: those requested, or the ones the file publishes in."""
    return list(requested) if requested else values_file.document.languages()


def _translation_check(languages: Iterable[str], *, strict: bool) -> list[Problem]:
    """Warnings about ethos's own translations; raises when any is missing (or, strict, stale)."""
    problems = [problem for language in languages for problem in translation_problems(language)]
    if any(problem.severity == "error" or strict for problem in problems):
        raise InvalidInputError(problems)
    return problems


def check(
    paths: Iterable[Path], languages: Sequence[str] | None = None, *, strict: bool = False
) -> CheckResult:
    """Validate several values files, collecting the problems of all of them.

    Also checks ethos's translations into every language involved: missing wording is
    an error, stale wording a warning (an error when ``strict``).
    """
    problems: list[Problem] = []
    checked: list[ValuesFile] = []
    involved: dict[str, None] = {}
    for path in paths:
        try:
            values_file = load(path, languages)
            _template_dirs(path, values_file, ())
            checked.append(values_file)
            involved.update(dict.fromkeys(chapter_languages(values_file, languages)))
        except InvalidInputError as error:
            problems.extend(error.problems)
    try:
        warnings = _translation_check(involved or languages or (), strict=strict)
    except InvalidInputError as error:
        problems.extend(error.problems)
        warnings = []
    if problems:
        raise InvalidInputError([*problems, *warnings])
    return CheckResult(checked, warnings)


def _template_dirs(source: Path, values_file: ValuesFile, extra: Sequence[Path]) -> list[Path]:
    """User template directories, most specific first: the CLI's, then the file's."""
    directories = list(extra)
    if values_file.templates is not None:
        directory = (source.parent / values_file.templates).resolve()
        if not directory.is_dir():
            raise InvalidInputError(
                [
                    Problem(
                        str(source),
                        1,
                        1,
                        "templates",
                        f"template directory {values_file.templates} does not exist "
                        f"(looked in {directory})",
                    )
                ]
            )
        directories.append(directory)
    for directory in extra:
        if not directory.is_dir():
            raise UnreadableInputError(directory, "no such template directory (--templates)")
    return directories


def compose(path: Path, template_dirs: Sequence[Path] = (), language: str | None = None) -> Chapter:
    """Load, validate and compose one values file into its chapter in one language."""
    values_file = load(path, [language] if language else None)
    directories = _template_dirs(path, values_file, template_dirs)
    return compose_chapter(values_file, language, directories)


def build(
    path: Path,
    *,
    languages: Sequence[str] | None = None,
    formats: Sequence[str] = FORMATS,
    out_dir: Path = Path("output"),
    template_dirs: Sequence[Path] = (),
    strict: bool = False,
) -> BuildResult:
    """Build the chapter of one values file in the requested languages and formats.

    Everything is rendered in memory first and written only when every language and
    format succeeded, each file atomically: a failure leaves the previous outputs intact.
    """
    values_file = load(path, languages)
    chosen = chapter_languages(values_file, languages)
    warnings = _translation_check(chosen, strict=strict)
    directories = _template_dirs(path, values_file, template_dirs)
    rendered: dict[str, bytes] = {}
    for language in chosen:
        chapter = compose_chapter(values_file, language, directories)
        for fmt, data in _render(chapter, formats, directories).items():
            rendered[f"{language}.{fmt}"] = data
    slug = slugify(values_file.company.name)
    protected = {path.resolve(), *(directory.resolve() for directory in directories)}
    targets = {name: confined_path(out_dir, slug, f"{OUTPUT_STEM}.{name}") for name in rendered}
    for target in targets.values():
        if target in protected or any(target.is_relative_to(d) for d in protected if d.is_dir()):
            raise OutputError(f"refusing to write {target}: it is one of this build's inputs")
    result = BuildResult(path, values_file.company.name, warnings=warnings)
    for name, target in targets.items():
        write_atomic(target, rendered[name])
        result.outputs.append(target)
    return result


def _render(
    chapter: Chapter, formats: Sequence[str], directories: Sequence[Path]
) -> dict[str, bytes]:
    """One chapter in each requested format, in the order of :data:`FORMATS`."""
    rendered: dict[str, bytes] = {}
    if "md" in formats:
        rendered["md"] = chapter.markdown.encode("utf-8")
    if "html" in formats or "pdf" in formats:
        html = render_html(chapter, directories)
        if "html" in formats:
            rendered["html"] = html.encode("utf-8")
        if "pdf" in formats:
            from .render_pdf import render_pdf

            rendered["pdf"] = render_pdf(
                html, [*directories, builtin_templates_dir()], language=chapter.locale.language
            )
    return rendered
