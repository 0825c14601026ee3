"""Writing into a values file as a person would: ruamel.yaml's round trip.

``ethos translate merge`` and ``ethos edit`` change a few keys of a file people keep in
git; everything they do not change (comments, key order, quoting, indentation, blank
lines) must come back as it was, so that the git diff shows the change and nothing else.
"""

from __future__ import annotations

import io
from typing import Any


def round_tripper(original: str) -> Any:
    """A ruamel.yaml round-tripper with the indentation that gives ``original`` back
    unchanged (ethos's examples indent lists by four, dashes by two)."""
    from ruamel.yaml import YAML

    fallback = None
    for sequence, offset in ((4, 2), (2, 0), (4, 0), (3, 1)):
        yaml = YAML()
        yaml.preserve_quotes = True
        yaml.width = 4096
        yaml.indent(mapping=2, sequence=sequence, offset=offset)
        out = io.StringIO()
        yaml.dump(yaml.load(original), out)
        if out.getvalue() == original:
            return yaml
        fallback = fallback or yaml
    return fallback


def dumped(yaml: Any, data: Any) -> str:
    """``data`` written by ``yaml`` (a :func:`round_tripper`), as text."""
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
