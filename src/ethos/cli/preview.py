"""The ``ethos serve`` command: a live preview of the chapter in the browser."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import (
    PreviewLanguage,
    ServerPort,
    TemplateDirs,
    app,
    err,
    out,
    parse_languages,
    print_problems,
    run,
    serve_until_stopped,
)

if TYPE_CHECKING:
    from ..preview.serve import Page


@app.command()
def serve(
    file: Annotated[Path, typer.Argument(help="The values file to preview.")],
    lang: PreviewLanguage = None,
    port: ServerPort = 8000,
    templates: TemplateDirs = None,
) -> None:
    """Preview the chapter in a browser on 127.0.0.1, rebuilt and reloaded on every save
    of the values file, a group file it extends or a template. Problems are shown in the
    page. Stop with Ctrl-C.

    Example: ethos serve values/acme.yaml --lang it
    """
    from ..preview.serve import check_start
    from ..preview.serve import serve as serve_preview

    languages = parse_languages(lang)
    if languages and len(languages) != 1:
        raise typer.BadParameter("choose one language to preview", param_hint="--lang")
    run(lambda: check_start(file, templates or ()))  # a missing file: a usage error, not a page

    def ready(url: str, page: Page) -> None:
        out.print(f"Previewing {file} at {url} (Ctrl-C to stop)", markup=False, soft_wrap=True)
        _report(page)

    serve_until_stopped(
        lambda: serve_preview(
            file,
            language=languages[0] if languages else None,
            template_dirs=templates or (),
            port=port,
            on_ready=ready,
            on_build=_report,
        ),
        port,
    )


def _report(page: Page) -> None:
    if page.problems:
        print_problems(page.problems)
        err.print(f"build {page.build}: not rebuilt, the page lists the problems", style="bold red")
    else:
        print_problems(page.warnings)
        out.print(f"build {page.build}: ok", markup=False)
