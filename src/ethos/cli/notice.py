"""``ethos notice``: the staff notice of a new version (:mod:`ethos.changes.notice`).

It registers on the same Typer app as the chapter commands (:mod:`ethos.cli.app`).
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..publish.options import DEFAULT_OUT_DIR
from .common import ReportDir, app, err, parse_choices, parse_languages, run, shown_path

NOTICE_FORMATS = ("md", "html", "pdf", "docx")


@app.command()
def notice(
    old: Annotated[str, typer.Argument(help="The earlier values file: FILE or FILE@REV.")],
    new: Annotated[str, typer.Argument(help="The later values file: FILE or FILE@REV.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: md, html, pdf, docx.")
    ] = "md,html,pdf,docx",
    out_dir: ReportDir = DEFAULT_OUT_DIR,
    lang: Annotated[
        str | None,
        typer.Option("--lang", "-l", help="Language(s) of the notice (default: NEW's language)."),
    ] = None,
) -> None:
    """Write a one-page notice for employees: what changed in the new version, what it
    means for their daily work, and whether they must sign the acknowledgement again.

    Writes OUT/<company>/notice-<version>.<language>.<fmt>, one per language and format.

    Example: ethos notice values/acme.yaml@HEAD~1 values/acme.yaml --lang all
    """
    from ..changes.notice import staff_notices
    from ..changes.reports import ReportFiles
    from ..values.sources import Source

    formats = parse_choices(format, NOTICE_FORMATS, "--format")
    languages = parse_languages(lang)
    before, after = Source.parse(old), Source.parse(new)
    report = run(
        lambda: staff_notices(
            before, after, languages=languages, files=ReportFiles(out_dir, tuple(formats))
        )
    )
    for path in report.written:
        err.print(f"wrote {shown_path(path)}", markup=False)
