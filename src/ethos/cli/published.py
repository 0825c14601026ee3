"""The commands on a built PDF: acknowledge (ledgers bound to it) and extract (the
sources an archival PDF carries), over :mod:`ethos.publish`.

They register on the same Typer app as the chapter commands (:mod:`ethos.cli.app`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..publish.options import DEFAULT_OUT_DIR
from .common import (
    LANG_HELP,
    app,
    out,
    parse_choices,
    parse_languages,
    print_problems,
    run,
    shown_path,
)


@app.command()
def acknowledge(
    file: Annotated[Path, typer.Argument(help="The values file whose built PDF employees sign.")],
    lang: Annotated[str | None, typer.Option("--lang", "-l", help=LANG_HELP)] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: csv, json.")
    ] = "csv",
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Where the chapter was built.")
    ] = DEFAULT_OUT_DIR,
    verify: Annotated[
        Path | None,
        typer.Option("--verify", help="Check a filled-in ledger against the built PDF instead."),
    ] = None,
) -> None:
    """Write an acknowledgment ledger bound to the exact PDF employees sign (its SHA-256),
    or check a filled-in ledger against it.

    Writes OUT/<company>/acknowledgments.<version>.<language>.<csv|json>.

    Example: ethos acknowledge values/acme.yaml --lang en --format csv,json
    """
    from ..publish.acknowledge import write_ledgers
    from ..publish.ledger_check import check_ledger

    formats = parse_choices(format, ("csv", "json"), "--format")
    languages = parse_languages(lang)
    if verify is not None:
        ledger, language = verify, languages[0] if languages else None
        checked = run(lambda: check_ledger(file, ledger, language=language, out_dir=out_dir))
        if checked.problems:
            print_problems(checked.problems)
            raise typer.Exit(1)
        signed = checked.signed
        out.print(f"{shown_path(verify)}: every signature names {signed.pdf_file} "
                  f"({signed.pdf_sha256[:12]}…)", markup=False)  # fmt: skip
        return
    for written in run(lambda: write_ledgers(file, languages=languages, out_dir=out_dir,
                                              formats=formats)):  # fmt: skip
        out.print(f"wrote {shown_path(written)}", markup=False)


@app.command()
def extract(
    pdf: Annotated[Path, typer.Argument(help="An archival PDF built with --pdf-variant pdf/a-3b.")],
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Where to write the extracted files.")
    ] = Path(),
    list_only: Annotated[
        bool, typer.Option("--list", help="List the embedded files; write nothing.")
    ] = False,
) -> None:
    """Get back the exact values file, its group files and the build manifest from an
    archival PDF, each checked against the SHA-256 the manifest recorded.

    Example: ethos extract output/acme-outfitters/ethics-code.en.pdf --out recovered
    """
    from ..publish.pdf_archive import extract as extract_sources
    from ..publish.pdf_archive import write_extracted
    from ..system.input_files import printable

    found = run(lambda: extract_sources(pdf))
    # Everything below but the PDF's own path was read from the PDF: shown escaped.
    built = {key: printable(found.manifest.get(key))
             for key in ("generator", "source", "language", "pdf_variant")}  # fmt: skip
    out.print(f"{shown_path(pdf)}: built by {built['generator']} from {built['source']} "
              f"({built['language']}, {built['pdf_variant']})", markup=False)  # fmt: skip
    roles = {name: printable(role) for name, role in found.roles.items()}
    if list_only:
        for name, data in found.files.items():
            out.print(f"{printable(name)}  {roles[name]}, {len(data):,} bytes", markup=False)
        return
    for path, written in run(lambda: write_extracted(found, out_dir)).items():
        state = "wrote" if written else "unchanged"
        out.print(f"{state} {shown_path(path)} ({roles[path.name]})", markup=False)
