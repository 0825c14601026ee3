"""The editor's page and its form, drawn from ``templates/edit/``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from ..chapter.templating import Templates
from ..wording.localization import SOURCE_LANGUAGE, Locale

if TYPE_CHECKING:
    from .session import EditSession


def editor_page(session: EditSession, token: str) -> str:
    """The whole page: the form beside the preview of the draft."""
    return _templates().render_html(
        "edit/editor.html.j2",
        source=str(session.path),
        file_name=session.path.name,
        token=token,
        form=Markup(form_html(session)),
    )


def form_html(session: EditSession) -> str:
    """The form for the draft as it stands (after a change that adds or removes fields,
    the page replaces its form with this one)."""
    fields = session.form_fields()
    state = session.state()
    return _templates().render_html("edit/form.html.j2", fields=fields, state=state)


def _templates() -> Templates:
    return Templates((), Locale(SOURCE_LANGUAGE).translations, {})
