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

# The public API. Its names shadow the submodules of the same name (ethos.build and
# ethos.compose are the functions), so those submodules are imported first: importing a
# submodule later would rebind the package attribute to the module.
from . import compose as _compose_module  # noqa: F401 - bound before the function shadows it
from .build import FORMATS, BuildResult, build, check, compose, load
from .catalog_listing import CatalogRow, catalog_rows
from .errors import EthosError, InvalidInputError, Problem
from .starter import values_schema, write_starter

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
