"""The optional dependencies of :mod:`claimkit.distributed`, imported when first needed."""

from __future__ import annotations

import importlib
from typing import Any

from claimkit.errors import MissingDependencyError

__all__ = ["INSTALL", "dask_modules"]

#: How to install what :mod:`claimkit.distributed` needs.
INSTALL = "install claimkit's distributed extra, pip install 'claimkit[distributed]'"

#: The modules, and the package that provides each.
_PACKAGES = (
    ("dask", "dask"),
    ("dask.dataframe", "dask[dataframe]"),
    ("dask.distributed", "distributed"),
)


def dask_modules(what: str) -> tuple[Any, Any, Any]:
    """Return ``dask``, ``dask.dataframe`` and ``dask.distributed``.

    Raises
    ------
    MissingDependencyError
        If dask, its dataframe part or distributed is not installed; the message
        names ``what`` and the extra that installs them.

    Examples
    --------
    >>> from claimkit.distributed._deps import dask_modules
    >>> dask, dd, distributed = dask_modules("the example")
    >>> dd.__name__
    'dask.dataframe'
    """
    found = []
    for name, package in _PACKAGES:
        try:
            found.append(importlib.import_module(name))
        except ImportError as err:
            msg = f"{what} needs {package}, which cannot be imported ({err}): {INSTALL}"
            raise MissingDependencyError(msg) from err
    return found[0], found[1], found[2]
