"""The pipeline end to end: load -> validate -> compose -> render -> write."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InvalidInputError, OutputError, Problem, RenderError
from ..render.pdf_variants import DEFAULT_PDF_VARIANT, is_archival
from ..resources import builtin_templates_dir
from ..system.write import confined_path, output_lock, slugify, write_all
from ..values.curly_quotes import curly_quote_warnings
from ..values.load import LoadedDocument
from ..values.loading import chapter_languages, load_located, translation_warnings
from ..values.model import ValuesFile
from ..values.template_dirs import template_directories
from .manifest import (
    MANIFEST_NAME,
    Provenance,
    input_fingerprint,
    stale,
    templates_fingerprint,
    updated_manifest,
)

if TYPE_CHECKING:
    from ..chapter.compose import Chapter

FORMATS = ("md", "html", "pdf", "docx")
DEFAULT_FORMATS = ("md", "html", "pdf")
OUTPUT_STEM = "ethics-code"


@dataclass(frozen=True)
class BuildResult:
    """What one build wrote or found up to date, and the warnings it passed over."""

    source: Path
    company: str
    directory: Path
    outputs: list[Path] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def compose(path: Path, template_dirs: Sequence[Path] = (), language: str | None = None) -> Chapter:
    """Load, validate and compose one values file into its chapter in one language."""
    from ..chapter.compose import compose_chapter

    document, values_file = load_located(path, [language] if language else None)
    directories = template_directories(path, values_file, template_dirs, document)
    return compose_chapter(values_file, language, directories)


def build(
    path: Path,
    *,
    languages: Sequence[str] | None = None,
    formats: Sequence[str] = DEFAULT_FORMATS,
    out_dir: Path = Path("output"),
    template_dirs: Sequence[Path] = (),
    strict: bool = False,
    force: bool = False,
    pdf_variant: str = DEFAULT_PDF_VARIANT,
) -> BuildResult:
    """Build the chapter of one values file in the requested languages and formats.

    When the manifest shows every requested output already built from the same inputs,
    nothing is rendered or written (``force`` rebuilds anyway). Otherwise everything is
    rendered in memory first and written only when every language and format succeeded,
    each file atomically: a failure leaves the previous outputs intact. ``pdf_variant``
    is ``pdf/ua-1``, ``pdf/a-3b`` or both (:mod:`ethos.publish.pdf_archive`); an archival PDF
    carries the values file, its group files and the build's manifest.
    """
    plan = _plan(path, languages, formats, out_dir, template_dirs, pdf_variant)
    result = BuildResult(path, plan.values_file.company.name, directory=plan.directory)
    quotes = curly_quote_warnings(plan.document)
    if strict and quotes:
        raise InvalidInputError(quotes)
    result.warnings.extend(quotes)
    if not force and not stale(plan.directory, plan.names, plan.provenance):
        result.up_to_date.extend(plan.directory / name for name in plan.names)
        return result
    from ..chapter.compose import compose_chapter  # the chapter stages load only when a build runs

    result.warnings.extend(translation_warnings(plan.languages, strict=strict))
    rendered: dict[str, bytes] = {}
    render_warnings: list[str] = []
    for language in plan.languages:
        chapter = compose_chapter(plan.values_file, language, plan.template_dirs)
        for fmt, data in _render(chapter, plan, render_warnings).items():
            rendered[f"{OUTPUT_STEM}.{language}.{fmt}"] = data
    unique = list(dict.fromkeys(render_warnings))
    if strict and unique:
        raise RenderError(
            "--strict: the render warned, so nothing was written: " + "; ".join(unique)
        )
    result.warnings.extend(Problem(str(path), 0, 0, "", text, "warning") for text in unique)
    targets = {name: confined_path(out_dir, plan.slug, name) for name in rendered}
    # One company's set of outputs and its manifest are written as a unit: all or
    # nothing, and a concurrent build of the same company waits, so the files and the
    # manifest always come from one build.
    with output_lock(plan.directory):
        manifest = updated_manifest(plan.directory, str(path), rendered, plan.provenance)
        write_all(
            {
                **{target: rendered[name] for name, target in targets.items()},
                plan.directory / MANIFEST_NAME: manifest,
            }
        )
        result.outputs.extend(targets.values())
    return result


def stale_outputs(
    path: Path,
    *,
    languages: Sequence[str] | None = None,
    formats: Sequence[str] = DEFAULT_FORMATS,
    out_dir: Path = Path("output"),
    template_dirs: Sequence[Path] = (),
    pdf_variant: str = DEFAULT_PDF_VARIANT,
) -> list[Path]:
    """The outputs ``build`` would write: missing, changed, or built from other inputs."""
    plan = _plan(path, languages, formats, out_dir, template_dirs, pdf_variant)
    return [plan.directory / name for name in stale(plan.directory, plan.names, plan.provenance)]


@dataclass(frozen=True)
class _Plan:
    """What a build of one values file would produce, and from what."""

    document: LoadedDocument
    values_file: ValuesFile
    languages: list[str]
    formats: list[str]
    template_dirs: list[Path]
    slug: str
    directory: Path
    names: list[str]
    provenance: Provenance


def _plan(  # noqa: PLR0917 - the build's options, passed through
    path: Path,
    languages: Sequence[str] | None,
    formats: Sequence[str],
    out_dir: Path,
    template_dirs: Sequence[Path],
    pdf_variant: str,
) -> _Plan:
    document, values_file = load_located(path, languages)
    chosen = chapter_languages(values_file, languages)
    directories = template_directories(path, values_file, template_dirs, document)
    slug = slugify(values_file.company.name)
    directory = confined_path(out_dir, slug)
    ordered = [fmt for fmt in FORMATS if fmt in formats]
    names = [f"{OUTPUT_STEM}.{lang}.{fmt}" for lang in chosen for fmt in ordered]
    _refuse_to_overwrite_inputs(
        path, document, directories, directory, out_dir / slug, [*names, MANIFEST_NAME]
    )
    provenance = Provenance(
        input_fingerprint(document), templates_fingerprint(directories), pdf_variant=pdf_variant
    )
    return _Plan(
        document, values_file, chosen, ordered, directories, slug, directory, names, provenance
    )


def _refuse_to_overwrite_inputs(  # noqa: PLR0917 - what is compared, and how to name it
    path: Path,
    document: LoadedDocument,
    template_dirs: Sequence[Path],
    directory: Path,
    shown_directory: Path,
    names: Sequence[str],
) -> None:
    """Raise :class:`OutputError` when an output of this build would replace one of its
    inputs: the values file, a group file it extends (by path, symlink or hard link), or
    anything in a template directory. Checked before anything is rendered or written."""
    inputs = [(path, f"the values file {path}")] + [
        (Path(group.filename), f"the group file {group.filename}, which {path} extends")
        for group in list(document.chain())[1:]
    ]
    roots = [*template_dirs, builtin_templates_dir()]
    for name in names:
        output, shown = directory / name, shown_directory / name
        found = next((role for source, role in inputs if _same_file(output, source)), None)
        if found is None:
            resolved = output.resolve()
            found = next(
                (f"in the template directory {root}" for root in roots
                 if resolved.is_relative_to(root.resolve())),
                None,
            )  # fmt: skip
        if found is not None:
            raise OutputError(
                f"refusing to write {shown}: it is one of this build's inputs ({found}) — keep "
                f"inputs out of {shown_directory} (move {shown} away) or build into another "
                "--out; nothing was written"
            )


def _same_file(first: Path, second: Path) -> bool:
    """True when both paths name one file (the same path, a symlink or a hard link)."""
    try:
        return first.samefile(second)
    except (OSError, ValueError):
        return False  # one of them does not exist (or cannot be a path): not the same file


def _render(chapter: Chapter, plan: _Plan, warnings: list[str]) -> dict[str, bytes]:
    """One chapter in each requested format, in the order of :data:`FORMATS`."""
    from ..render.html import render_html

    formats, directories = plan.formats, plan.template_dirs
    rendered: dict[str, bytes] = {}
    if "md" in formats:
        rendered["md"] = chapter.markdown.encode("utf-8")
    if "html" in formats or "pdf" in formats:
        html = render_html(chapter, directories)
        if "html" in formats:
            rendered["html"] = html.encode("utf-8")
        if "pdf" in formats:
            from ..render.pdf import render_pdf
            from .pdf_archive import sources

            variant = plan.provenance.pdf_variant
            embedded = (
                sources(
                    plan.document,
                    language=chapter.locale.language,
                    variant=variant,
                    provenance=plan.provenance,
                    html=html.encode("utf-8"),
                )
                if is_archival(variant)
                else []
            )
            rendered["pdf"] = render_pdf(
                html,
                [*directories, builtin_templates_dir()],
                language=chapter.locale.language,
                warnings=warnings,
                variant=variant,
                embedded=embedded,
            )
    if "docx" in formats:
        from ..render.docx import render_docx

        rendered["docx"] = render_docx(chapter)
    return rendered
