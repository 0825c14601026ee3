"""ethos: turn a company's values file into the ethics chapter of its employee handbook.

The public API::

    import ethos
    values_file = ethos.load(Path("values/acme.yaml"))      # read + validate
    ethos.check([Path("values/acme.yaml")])                 # every problem at once
    result = ethos.build(Path("values/acme.yaml"), formats=["md", "html", "pdf"])

Errors are raised as :class:`ethos.EthosError` subclasses carrying located problems.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .version import __version__

# The public API, imported on first use (PEP 562): `import ethos.cli` or `ethos --help`
# loads none of it.
_PUBLIC = {
    "FORMATS": "ethos.publish.options",
    "BuildOptions": "ethos.publish.options",
    "BuildResult": "ethos.publish.build",
    "build": "ethos.publish.build",
    "check": "ethos.values.loading",
    "compose": "ethos.publish.build",
    "load": "ethos.values.loading",
    "CatalogRow": "ethos.values.catalog_listing",
    "catalog_rows": "ethos.values.catalog_listing",
    "EthosError": "ethos.errors",
    "InvalidInputError": "ethos.errors",
    "Problem": "ethos.errors",
    "values_schema": "ethos.values.starter",
    "write_starter": "ethos.values.starter",
}

if TYPE_CHECKING:
    from .errors import EthosError, InvalidInputError, Problem
    from .publish.build import BuildResult, build, compose
    from .publish.options import FORMATS, BuildOptions
    from .values.catalog_listing import CatalogRow, catalog_rows
    from .values.loading import check, load
    from .values.starter import values_schema, write_starter


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'ethos' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})


__all__ = [
    "FORMATS",
    "BuildOptions",
    "BuildResult",
    "CatalogRow",
    "EthosError",
    "InvalidInputError",
    "Problem",
    "__version__",
    "build",
    "catalog_rows",
    "check",
    "compose",
    "load",
    "values_schema",
    "write_starter",
]
