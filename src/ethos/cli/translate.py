"""``ethos translate``: the company's text to a translator and back (PO files)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import app, out, parse_languages, run, shown_path

translate_app = typer.Typer(
    name="translate",
    help=(
        "Send the company's text to a translator as a PO file, and merge the translation "
        "back into the values file.\n\n"
        "Example: ethos translate export values/acme.yaml --lang it, then "
        "ethos translate merge values/acme.yaml acme.it.po"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(translate_app)


@translate_app.command("export")
def export(
    file: Annotated[Path, typer.Argument(help="The values file.")],
    lang: Annotated[
        str, typer.Option("--lang", "-l", help="The language to translate into, e.g. it.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="The PO file to write (default: FILE's name.LANG.po here)."
        ),
    ] = None,
    everything: Annotated[
        bool,
        typer.Option("--all", help="Every free text, translated ones filled in, for a review."),
    ] = False,
) -> None:
    """Write a PO file of the company's text that LANG lacks, for a translator's tool
    (Poedit, Weblate, Lokalize, OmegaT). Each entry names its field and the line it
    stands at; the translator fills in each msgstr.

    Example: ethos translate export values/acme.yaml --lang it --out acme.it.po
    """
    from ..system.write import write_atomic
    from ..values.translation_files import export_po

    [language] = _one_language(lang)
    target = output or Path(f"{file.stem}.{language}.po")
    data, count = run(lambda: export_po(file, language, everything=everything))
    run(lambda: write_atomic(target, data))
    what = "entries" if count != 1 else "entry"
    purpose = "" if everything else f" to translate into {language}"
    out.print(f"wrote {shown_path(target)}: {count} {what}{purpose}", markup=False)


@translate_app.command("merge")
def merge(
    file: Annotated[Path, typer.Argument(help="The values file to write the translations into.")],
    po_file: Annotated[Path, typer.Argument(help="The translated PO file.")],
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", help="The PO's language (default: its header's).")
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Also merge entries whose text changed since the export."),
    ] = False,
) -> None:
    """Write every translated entry of a PO file into the values file, as that field's
    text in the language. Comments and layout are kept; the file is checked before it is
    replaced, and nothing is written if any entry is wrong.

    Example: ethos translate merge values/acme.yaml acme.it.po
    """
    from ..values.translation_files import merge_po

    language = _one_language(lang)[0] if lang else None
    result = run(lambda: merge_po(file, po_file, language, force=force))
    if result.merged:
        out.print(f"{shown_path(file)}: {len(result.merged)} translated texts merged", markup=False)
    else:
        out.print(f"{shown_path(file)}: unchanged, nothing new to merge", markup=False)
    if result.untranslated:
        shown = ", ".join(result.untranslated[:5]) + (
            " ..." if len(result.untranslated) > 5 else ""
        )
        out.print(
            f"{len(result.untranslated)} entries are not translated yet: {shown}", markup=False
        )


def _one_language(value: str) -> list[str]:
    chosen = parse_languages(value) or []
    if len(chosen) != 1:
        raise typer.BadParameter("name one language, e.g. --lang it", param_hint="--lang")
    return chosen
