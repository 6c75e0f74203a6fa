"""Module-level imports that run on first use, for dependencies only some inputs need.

    trafilatura = lazy_module("trafilatura")   # at the top of a module, with its imports
    ...
    trafilatura.bare_extraction(html)          # the import runs here, once

Every command loads the modules that read documents and the gazetteer, but only HTML pages
need trafilatura (0.2 s to import), only dated inputs dateutil's parser, only GeoPackage and
FlatGeobuf GDAL (pyogrio, 0.5 s), only ``--geocoder`` geopy. Declared at module level this
way, a dependency stays in view with the module's other imports and costs nothing until one
of its attributes is read, as ``click`` loads the ``posture`` commands.

The stand-in is not put in :data:`sys.modules`: the module is imported by the ordinary
import system when it is first needed, so ``import`` statements elsewhere (of it or of its
submodules) behave as usual, and a failing import fails again on the next use, as a plain
import would. Use it only where a plain import would slow every command down.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType
from typing import Any

__all__ = ["LazyModule", "lazy_module"]


class LazyModule(ModuleType):
    """Stands in for the module it is named after: reading an attribute imports the module
    (once: later reads find it in :data:`sys.modules`) and returns the module's attribute."""

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)  # copy, pickle and inspect probe these: import nothing
        return getattr(importlib.import_module(self.__name__), attr)


def lazy_module(name: str) -> ModuleType:
    """The module ``name`` (absolute, e.g. ``"dateutil.parser"``): itself when it is imported
    already, else a :class:`LazyModule` that imports it when an attribute is first read.

    Raises
    ------
    ModuleNotFoundError
        Now, when ``name`` is not installed. (Finding a submodule imports its parent package,
        so name the top-level package of a heavy one and reach its submodules through it.)
    """
    module = sys.modules.get(name)
    if module is not None:
        return module
    if importlib.util.find_spec(name) is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    return LazyModule(name)
