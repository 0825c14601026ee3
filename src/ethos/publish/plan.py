"""Planning a build: what one values file would produce, from what, and where.

A plan is made before anything is composed or rendered: the values file loaded and
validated (with its group files and logo), its template directories, the output folder
and names, the fingerprints that say whether those outputs are up to date, and the check
that no output would replace an input. Every language of a build is rendered from one
plan; a worker process that renders some of them (:mod:`ethos.publish.workers`) either
inherits the plan from the process that forked it or makes its own and compares the
fingerprints, so every output of a build comes from the same inputs.

A batch plans its files together first (:func:`colliding_outputs`): two files whose company
names give one output folder would overwrite each other's chapters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError, Problem
from ..system.write import confined_path, slugify
from ..values.load import LoadedDocument
from ..values.loading import chapter_languages, load_source, load_with_fallback
from ..values.logo import Logo, read_logo
from ..values.model import ValuesFile
from ..values.sources import Source
from ..values.template_dirs import template_directories
from ..wording.theme import Theme
from .manifest import MANIFEST_NAME, Provenance, input_fingerprint, templates_fingerprint
from .options import FORMATS, BuildOptions

OUTPUT_STEM = "ethics-code"


@dataclass(frozen=True)
class Plan:
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


def plan_build(path: Path, options: BuildOptions, theme: Theme) -> Plan:
    """Load and check ``path`` and work out what building it with ``options`` would write.

    Raises:
        InvalidInputError: the values file (or a group file it extends) is invalid.
        OutputError: an output would replace one of the build's inputs.
    """
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
    return Plan(
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


def colliding_outputs(paths: Sequence[Path], out_dir: Path) -> dict[Path, Problem]:
    """The files whose company names give one output folder, each with a problem at its
    company's name naming the others: they would overwrite each other's chapters, so none
    of them may be built. A file that cannot be read or is invalid is left to its build,
    which reports it."""
    identities: dict[Path, Path] = {}
    # Output folder -> the files going there; the same file named twice is one file
    # (its builds take turns), not a collision.
    folders: dict[Path, dict[Path, tuple[Path, LoadedDocument, str]]] = {}
    with Theme().active():  # the catalog that validation reads, read once for every file
        for path in paths:
            try:
                document, values_file = load_source(Source(path))
                slug = slugify(values_file.company.name)
                folder = confined_path(out_dir, slug)
                identities[path] = path.resolve()
            except Exception:  # reported when the file is built
                continue
            entry = (path, document, values_file.company.name)
            folders.setdefault(folder, {}).setdefault(identities[path], entry)
    problems: dict[Path, Problem] = {}
    for folder, files in folders.items():
        if len(files) < 2:
            continue
        for identity, (_, document, name) in files.items():
            others = " and ".join(
                f"{other_name!r} ({other})"
                for other_identity, (other, _, other_name) in files.items()
                if other_identity != identity
            )
            problems[identity] = document.problem(
                ("company", "name"),
                f"{name!r} gives the same output folder, {out_dir / folder.name}, as {others} — "
                "make the names differ in letters or digits, or build the files into separate "
                "--out folders; none of them was written",
            )
    return {path: problems[identities[path]] for path in paths if identities.get(path) in problems}
