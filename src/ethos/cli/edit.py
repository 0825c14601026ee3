"""The ``ethos edit`` command: edit the values file in the browser, with forms."""

from __future__ import annotations

import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import (
    PreviewLanguage,
    ServerPort,
    app,
    err,
    out,
    parse_languages,
    serve_until_stopped,
)

if TYPE_CHECKING:
    from ..edit.session import EditSession


@app.command()
def edit(
    file: Annotated[Path, typer.Argument(help="The values file to edit.")],
    lang: PreviewLanguage = None,
    port: ServerPort = 8000,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the editor in the default web browser.")
    ] = False,
) -> None:
    """Edit the values file in a browser on 127.0.0.1: forms for the company, the values
    and every policy's stance, beside a live preview of the chapter. Problems show at their
    fields as you type, in `ethos check`'s words; Save writes the YAML file, keeping its
    comments and layout, and only when it is valid. Stop with Ctrl-C.

    Example: ethos edit values/acme.yaml --open
    """
    from ..edit.server import run_editor

    languages = parse_languages(lang)
    if languages and len(languages) != 1:
        raise typer.BadParameter("choose one language to preview", param_hint="--lang")

    def ready(address: str, session: EditSession) -> None:
        out.print(f"Editing {file} at {address}", markup=False, soft_wrap=True)
        out.print("Open that address in your browser; Ctrl-C to stop.", markup=False)
        state = session.state()
        if state["errors"]:
            err.print(
                f"{state['errors']} problem(s) in the file: the editor shows them at their fields",
                style="yellow",
                markup=False,
            )
        if open_browser:
            webbrowser.open(address)

    serve_until_stopped(
        lambda: run_editor(
            file, language=languages[0] if languages else None, port=port, on_ready=ready
        ),
        port,
    )
