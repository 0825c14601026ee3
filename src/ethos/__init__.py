"""ethos: turn a company's values file into the ethics chapter of its employee handbook.

The public API::

    import ethos
    values_file = ethos.load(Path("values/acme.yaml"))      # read + validate
    ethos.check([Path("values/acme.yaml")])                 # every problem at once
    result = ethos.build(Path("values/acme.yaml"), formats=["md", "html", "pdf"])

Errors are raised as :class:`ethos.EthosError` subclasses carrying located problems.
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import FORMATS, BuildResult, build, check, compose, load
    from .catalog_listing import CatalogRow, catalog_rows
    from .errors import EthosError, InvalidInputError, Problem
    from .starter import values_schema, write_starter

# The public names load on first use, so `ethos --help` and `import ethos.errors` stay
# instant (PEP 562).
_PUBLIC = {
    "FORMATS": "build", "BuildResult": "build", "build": "build", "check": "build",
    "compose": "build", "load": "build", "CatalogRow": "catalog_listing",
    "catalog_rows": "catalog_listing", "EthosError": "errors", "InvalidInputError": "errors",
    "Problem": "errors", "values_schema": "starter", "write_starter": "starter",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'ethos' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "FORMATS",
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
