"""``ethos compare FILE --peers DIR``: one company against a peer set, printed (the
library is :mod:`ethos.changes.peers`)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from .common import err, out

if TYPE_CHECKING:
    from ..changes.peers import PeerReport, Standing


def print_peers(report: PeerReport, formats: list[str]) -> None:
    """The report as an 80-column table and/or JSON; what was left out on stderr."""
    for problem in report.left_out:
        err.print(f"warning: left out {problem}", markup=False)
    if "json" in formats:
        sys.stdout.write(json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n")
    if "table" in formats:
        for part in _table(report):
            out.print(part, soft_wrap=False)


def _table(report: PeerReport) -> list[object]:
    from rich.table import Table
    from rich.text import Text

    from ..changes.peers import standing_text
    from ..wording.localization import wording

    text = wording(report.language)
    heading = text.gettext("%(company)s among %(peers)d peers") % {
        "company": report.company, "peers": report.peers,
    }  # fmt: skip
    parts: list[object] = [Text(heading, style="bold")]
    if report.left_out:
        parts.append(
            Text(
                text.gettext("%(read)d of %(files)d files read; the others are left out.")
                % {"read": report.peers, "files": report.files}
            )
        )
    table = Table.grid(padding=(0, 1))
    table.add_column(overflow="fold", max_width=34)
    table.add_column(justify="right", width=5)
    table.add_column(overflow="fold")
    table.add_row(
        Text(text.gettext("Policy"), style="bold"),
        Text("%", style="bold"),
        Text(text.gettext("Among the peers that state it"), style="bold"),
    )

    def row(item: Standing, indent: str = "") -> None:
        shown = "—" if item.percentile is None else f"{item.percentile:.0f}"
        table.add_row(
            Text(f"{indent}{item.title}: {item.position}"),
            shown,
            standing_text(item, report.language),
        )

    for item in report.policies:
        row(item)
        for parameter in item.parameters:
            row(parameter, "  ↳ ")
    parts += [Text(""), table, Text("")]
    values = Table.grid(padding=(0, 1))
    values.add_column(overflow="fold")
    values.add_column(overflow="fold")
    values.add_row(Text(text.gettext("Values"), style="bold"), "")
    for _, title, chosen in report.values:
        values.add_row(
            title,
            text.gettext("chosen by %(num)d of %(all)d") % {"num": chosen, "all": report.peers},
        )
    parts.append(values)
    return parts
