"""The pipeline end to end: load -> validate -> compose -> render -> write.

A build of one values file has three stages. :func:`prepare` plans it
(:mod:`ethos.publish.plan`) and checks what can be checked before rendering: the
warnings, ``--strict``, and whether the outputs are up to date. Each language is then
composed and rendered in memory (:mod:`ethos.publish.language`): in turn in this process,
or, with ``jobs`` above 1, in worker processes (:mod:`ethos.publish.workers`). Last,
:func:`finish` writes every output and the manifest as one set. A batch
(:mod:`ethos.publish.batch`) runs the same stages, in its workers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInputError, Problem, RenderError
from ..system.write import confined_path, output_lock, write_all
from ..values.curly_quotes import curly_quote_warnings
from ..values.loading import load_located, template_override_warnings, translation_warnings
from ..values.section_warnings import unprinted_section_warnings
from ..values.template_dirs import template_directories
from ..values.wording_overrides import override_warnings
from ..wording.theme import Theme
from .language import LanguageOutputs, render_language
from .manifest import MANIFEST_NAME, Provenance, stale, updated_manifest
from .options import BuildOptions
from .plan import Plan, plan_build

if TYPE_CHECKING:
    from ..chapter.compose import Chapter


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


@dataclass(frozen=True)
class Prepared:
    """A build planned and checked: what is left is to render :attr:`languages` and write.

    Small and picklable: a worker that prepared a file sends it to the process that
    schedules the file's languages and writes its outputs.
    """

    result: BuildResult
    """The company, its folder and the warnings so far; when there is nothing to render,
    the outputs found up to date."""
    languages: list[str]
    """The languages to render, in order; none when the outputs are up to date."""
    slug: str
    provenance: Provenance


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
    each file atomically: a failure leaves the previous outputs intact. With ``jobs``
    above 1, the languages are rendered at the same time in that many worker processes;
    the outputs are byte for byte those of a build in one process, and a language that
    fails raises what it would have raised there (the first in language order).
    ``pdf_variant`` is ``pdf/ua-1``, ``pdf/a-3b`` or both (:mod:`ethos.render.pdf_variants`);
    an archival PDF carries the values file, its group files and the build's manifest.
    Every template, catalog and translation is read afresh by each build (one
    :class:`~ethos.wording.theme.Theme` per build), so a build sees what was edited since
    the last one.
    """
    options = BuildOptions.of(options, **fields)
    with Theme().active() as theme:
        plan, prepared = prepare(path, options, theme)
        if not prepared.languages:
            return prepared.result
        if options.jobs > 1 and len(prepared.languages) > 1:
            from .workers import render_in_workers  # the worker pool loads for parallel builds only

            outputs = render_in_workers(path, options, plan, prepared.languages)
        else:
            outputs = render_in_turn(plan, prepared.languages)
        return finish(path, options, prepared, outputs)


def prepare(path: Path, options: BuildOptions, theme: Theme) -> tuple[Plan, Prepared]:
    """Plan one build and check it before anything is rendered.

    Gathers the warnings (curly quotes, overrides, untranslated text) and, under
    ``--strict``, raises them as errors; finds whether the outputs are up to date.

    Raises:
        InvalidInputError: the values file is invalid, or (``--strict``) warned.
        OutputError: an output would replace an input.
    """
    strict = options.strict
    plan = plan_build(path, options, theme)
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
        return plan, Prepared(result, [], plan.slug, plan.provenance)
    result.warnings.extend(translation_warnings(plan.languages, strict=strict))
    untranslated = template_override_warnings(plan.theme.template_dirs, plan.languages)
    if strict and untranslated:
        raise InvalidInputError(untranslated)
    result.warnings.extend(untranslated)
    return plan, Prepared(result, list(plan.languages), plan.slug, plan.provenance)


def render_in_turn(plan: Plan, languages: Sequence[str]) -> list[LanguageOutputs]:
    """Each language rendered in this process, one after another.

    The PDF renderer is started first, so that it imports WeasyPrint while the first
    chapter is composed rather than after.
    """
    if "pdf" in plan.formats:
        from ..render.pdf import start_renderer

        start_renderer()
    return [render_language(plan, language) for language in languages]


def finish(
    path: Path, options: BuildOptions, prepared: Prepared, outputs: Sequence[LanguageOutputs]
) -> BuildResult:
    """Write the rendered languages (in the order of ``outputs``) and the manifest.

    Raises:
        RenderError: (``--strict``) rendering warned; nothing was written.
        OutputError: an output cannot be written; the previous outputs are intact.
    """
    result = prepared.result
    rendered: dict[str, bytes] = {}
    render_warnings: list[str] = []
    for language in outputs:
        result.readability[language.language] = language.readability
        rendered.update(language.files)
        render_warnings.extend(language.warnings)
    unique = list(dict.fromkeys(render_warnings))
    if options.strict and unique:
        raise RenderError(
            "--strict: the render warned, so nothing was written: " + "; ".join(unique)
        )
    result.warnings.extend(Problem(str(path), 0, 0, "", text, "warning") for text in unique)
    targets = {name: confined_path(options.out_dir, prepared.slug, name) for name in rendered}
    # One company's set of outputs and its manifest are written as a unit: all or
    # nothing, and a concurrent build of the same company waits, so the files and the
    # manifest always come from one build.
    with output_lock(result.directory):
        manifest = updated_manifest(result.directory, str(path), rendered, prepared.provenance)
        write_all(
            {
                **{target: rendered[name] for name, target in targets.items()},
                result.directory / MANIFEST_NAME: manifest,
            }
        )
        result.outputs.extend(targets.values())
    return result


def stale_outputs(path: Path, options: BuildOptions | None = None, /, **fields: Any) -> list[Path]:
    """The outputs ``build`` would write: missing, changed, or built from other inputs."""
    with Theme().active() as theme:
        plan = plan_build(path, BuildOptions.of(options, **fields), theme)
    return [plan.directory / name for name in stale(plan.directory, plan.names, plan.provenance)]


def _word_ignored_overrides(plan: Plan) -> list[Problem]:
    """Warnings for the template overrides the DOCX this build writes does not follow."""
    directories = list(plan.theme.template_dirs)
    if "docx" not in plan.formats or not directories:
        return []
    from ..render.page import word_ignored_overrides

    return word_ignored_overrides(directories)
