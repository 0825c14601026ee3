"""The pipeline end to end: load -> validate -> compose -> render -> write."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInputError, OutputError, Problem, RenderError
from ..render.pdf_variants import is_archival
from ..system.write import confined_path, output_lock, slugify, write_all
from ..values.curly_quotes import curly_quote_warnings
from ..values.load import LoadedDocument
from ..values.loading import (
    chapter_languages,
    load_located,
    load_with_fallback,
    template_override_warnings,
    translation_warnings,
)
from ..values.logo import Logo, read_logo
from ..values.model import ValuesFile
from ..values.section_warnings import unprinted_section_warnings
from ..values.template_dirs import template_directories
from ..values.wording_overrides import override_warnings
from ..wording.theme import Theme
from .manifest import (
    MANIFEST_NAME,
    Provenance,
    input_fingerprint,
    stale,
    templates_fingerprint,
    updated_manifest,
)
from .options import FORMATS, BuildOptions

if TYPE_CHECKING:
    from ..chapter.compose import Chapter

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
    readability: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    """By language: how many sections meet its plain-language targets, of how many, and
    the targets (``ethos check --readability`` prints the table)."""


def compose(path: Path, template_dirs: Sequence[Path] = (), language: str | None = None) -> Chapter:
    """Load, validate and compose one values file into its chapter in one language."""
    from ..chapter.compose import compose_chapter

    with Theme().active() as theme:
        document, values_file = load_located(path, [language] if language else None)
        directories = template_directories(path, values_file, template_dirs, document)
        return compose_chapter(values_file, language, theme.with_template_dirs(directories))


def build(path: Path, options: BuildOptions | None = None, /, **fields: Any) -> BuildResult:
    """Build the chapter of one values file in the requested languages and formats.

    ``options`` (:class:`~ethos.publish.options.BuildOptions`), or its fields as keywords
    (``formats=["md", "pdf"], out_dir=Path("handbook")``), say what to build; keywords
    replace the fields of ``options`` when both are given.

    When the manifest shows every requested output already built from the same inputs,
    nothing is rendered or written (``force`` rebuilds anyway). Otherwise everything is
    rendered in memory first and written only when every language and format succeeded,
    each file atomically: a failure leaves the previous outputs intact. ``pdf_variant``
    is ``pdf/ua-1``, ``pdf/a-3b`` or both (:mod:`ethos.render.pdf_variants`); an archival PDF
    carries the values file, its group files and the build's manifest. Every template,
    catalog and translation is read afresh by each build (one :class:`~ethos.wording.theme.Theme`
    per build), so a build sees what was edited since the last one.
    """
    options = BuildOptions.of(options, **fields)
    with Theme().active() as theme:
        return _build(path, options, theme)


def _build(path: Path, options: BuildOptions, theme: Theme) -> BuildResult:
    strict, out_dir = options.strict, options.out_dir
    plan = _plan(path, options, theme)
    result = BuildResult(path, plan.values_file.company.name, directory=plan.directory)
    quotes = [
        *plan.untranslated,
        *curly_quote_warnings(plan.document),
        *override_warnings(plan.document, plan.values_file),
        *unprinted_section_warnings(plan.document, plan.values_file),
    ]
    if strict and quotes:
        raise InvalidInputError(quotes)
    result.warnings.extend(quotes)
    overrides = _word_ignored_overrides(plan)
    if strict and overrides:
        raise InvalidInputError(overrides)
    result.warnings.extend(overrides)
    if not options.force and not stale(plan.directory, plan.names, plan.provenance):
        result.up_to_date.extend(plan.directory / name for name in plan.names)
        return result
    from ..chapter.compose import compose_chapter  # the chapter stages load only when a build runs

    result.warnings.extend(translation_warnings(plan.languages, strict=strict))
    untranslated = template_override_warnings(plan.theme.template_dirs, plan.languages)
    if strict and untranslated:
        raise InvalidInputError(untranslated)
    result.warnings.extend(untranslated)
    rendered: dict[str, bytes] = {}
    render_warnings: list[str] = []
    for language in plan.languages:
        chapter = compose_chapter(plan.values_file, language, plan.theme)
        result.readability[language] = _readability(chapter)
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


def _readability(chapter: Chapter) -> tuple[int, int, str]:
    from ..chapter.readability import section_scores

    scores = section_scores(chapter)
    targets = ", ".join(target.describe() for target in chapter.locale.setup.readability)
    return sum(score.met for score in scores), len(scores), targets


def stale_outputs(path: Path, options: BuildOptions | None = None, /, **fields: Any) -> list[Path]:
    """The outputs ``build`` would write: missing, changed, or built from other inputs."""
    with Theme().active() as theme:
        plan = _plan(path, BuildOptions.of(options, **fields), theme)
    return [plan.directory / name for name in stale(plan.directory, plan.names, plan.provenance)]


@dataclass(frozen=True)
class _Plan:
    """What a build of one values file would produce, and from what."""

    document: LoadedDocument
    values_file: ValuesFile
    languages: list[str]
    formats: list[str]
    theme: Theme
    """The template directories (the user's, then the built-in) and what is read from them."""
    slug: str
    directory: Path
    names: list[str]
    provenance: Provenance
    logo: Logo | None
    """The checked logo the values file names, embedded by the HTML, PDF and DOCX."""
    untranslated: list[Problem]
    """Company text the chapters print in another language than their own (warnings)."""


def _plan(path: Path, options: BuildOptions, theme: Theme) -> _Plan:
    document, values_file, untranslated = load_with_fallback(
        path, options.languages, strict=options.strict
    )
    chosen = chapter_languages(values_file, options.languages)
    theme = theme.with_template_dirs(
        template_directories(path, values_file, options.template_dirs, document)
    )
    slug = slugify(values_file.company.name)
    directory = confined_path(options.out_dir, slug)
    ordered = [fmt for fmt in FORMATS if fmt in options.formats]
    names = [f"{OUTPUT_STEM}.{lang}.{fmt}" for lang in chosen for fmt in ordered]
    _refuse_to_overwrite_inputs(
        path, document, theme, directory, options.out_dir / slug, [*names, MANIFEST_NAME]
    )
    logo = read_logo(path, values_file, document)
    provenance = Provenance(
        input_fingerprint(document, logo),
        templates_fingerprint(theme),
        pdf_variant=options.pdf_variant,
    )
    return _Plan(
        document,
        values_file,
        chosen,
        ordered,
        theme,
        slug,
        directory,
        names,
        provenance,
        logo,
        untranslated,
    )


def _refuse_to_overwrite_inputs(  # noqa: PLR0917 - what is compared, and how to name it
    path: Path,
    document: LoadedDocument,
    theme: Theme,
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
    roots = theme.directories
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


def _word_ignored_overrides(plan: _Plan) -> list[Problem]:
    """Warnings for the template overrides the DOCX this build writes does not follow."""
    directories = list(plan.theme.template_dirs)
    if "docx" not in plan.formats or not directories:
        return []
    from ..render.page import word_ignored_overrides

    return word_ignored_overrides(directories)


def _render(chapter: Chapter, plan: _Plan, warnings: list[str]) -> dict[str, bytes]:
    """One chapter in each requested format, in the order of :data:`FORMATS`."""
    from ..render.html import render_html
    from ..render.page import page_view

    formats, directories = plan.formats, list(plan.theme.template_dirs)
    rendered: dict[str, bytes] = {}
    if "md" in formats:
        rendered["md"] = chapter.markdown.encode("utf-8")
    if not set(formats) - {"md"}:
        return rendered
    page = page_view(chapter, plan.logo)  # one cover, contents and body for the HTML, PDF and DOCX
    if "html" in formats or "pdf" in formats:
        html = render_html(chapter, directories, page)
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
                plan.theme.directories,
                language=chapter.locale.language,
                warnings=warnings,
                variant=variant,
                embedded=embedded,
            )
    if "docx" in formats:
        from ..render.docx import render_docx

        rendered["docx"] = render_docx(chapter, page)
    return rendered
