"""The pipeline end to end: load -> validate -> compose -> render -> write."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .compose import Chapter, compose_chapter
from .errors import InvalidInputError, OutputError, Problem, UnreadableInputError
from .load import load_values_file
from .model import ValuesFile
from .render_html import render_html
from .resources import builtin_templates_dir
from .validate import validate
from .write import confined_path, slugify, write_atomic

FORMATS = ("md", "html", "pdf")
OUTPUT_STEM = "ethics-code"


@dataclass(frozen=True)
class BuildResult:
    """What one build wrote."""

    source: Path
    company: str
    outputs: list[Path] = field(default_factory=list)


def load(path: Path) -> ValuesFile:
    """Read and validate one values file.

    Raises:
        InvalidInputError: the file is invalid; every problem is listed.
        UnreadableInputError: the path does not exist or cannot be read.
    """
    return validate(load_values_file(path))


def check(paths: Iterable[Path]) -> list[ValuesFile]:
    """Validate several values files, collecting the problems of all of them."""
    problems: list[Problem] = []
    checked: list[ValuesFile] = []
    for path in paths:
        try:
            values_file = load(path)
            _template_dirs(path, values_file, ())
            checked.append(values_file)
        except InvalidInputError as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidInputError(problems)
    return checked


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


def compose(path: Path, template_dirs: Sequence[Path] = ()) -> Chapter:
    """Load, validate and compose one values file into its chapter."""
    values_file = load(path)
    return compose_chapter(values_file, _template_dirs(path, values_file, template_dirs))


def build(
    path: Path,
    *,
    formats: Sequence[str] = FORMATS,
    out_dir: Path = Path("output"),
    template_dirs: Sequence[Path] = (),
) -> BuildResult:
    """Build the chapter of one values file in the requested formats.

    Everything is rendered in memory first and written only when all formats
    succeeded, each file atomically: a failure leaves the previous outputs intact.
    """
    values_file = load(path)
    directories = _template_dirs(path, values_file, template_dirs)
    chapter = compose_chapter(values_file, directories)
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
                html, [*directories, builtin_templates_dir()], lang=chapter.locale.html_lang
            )
    slug = slugify(values_file.company.name)
    protected = {path.resolve(), *(directory.resolve() for directory in directories)}
    result = BuildResult(path, values_file.company.name)
    targets = {
        fmt: confined_path(out_dir, slug, f"{OUTPUT_STEM}.{chapter.locale.language}.{fmt}")
        for fmt in rendered
    }
    for target in targets.values():
        if target in protected or any(target.is_relative_to(d) for d in protected if d.is_dir()):
            raise OutputError(f"refusing to write {target}: it is one of this build's inputs")
    for fmt in FORMATS:
        if fmt in rendered:
            write_atomic(targets[fmt], rendered[fmt])
            result.outputs.append(targets[fmt])
    return result
