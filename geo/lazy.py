"""Module-level imports that run on first use, for dependencies only some inputs need.

    trafilatura = lazy_module("trafilatura")   # at the top of a module, with its imports
    ...
    trafilatura.bare_extraction(html)          # the import runs here, once

Every command loads the modules that read documents and the gazetteer, but only HTML pages
need trafilatura (0.2 s to import), only dated inputs dateutil's parser, only GeoPackage and
FlatGeobuf GDAL (pyogrio, 0.5 s), only ``--geocoder`` geopy. Declared at module level this
way, a dependency stays in view with the module's other imports and costs nothing until its
first attribute is read: the standard library's :class:`importlib.util.LazyLoader` recipe
(the lazy loading of Scientific Python's SPEC 1, as ``click`` loads the ``posture``
commands). A module already imported is returned as it is; an ``import`` statement of a
declared module elsewhere runs it then, as usual.

Use it only where a plain import would slow every command down. Before Python 3.12 two
threads must not read a declared module's first attribute at the same moment (the work of
posture runs in forked processes, one thread each).
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

__all__ = ["lazy_module"]


def lazy_module(name: str) -> ModuleType:
    """The module ``name`` (absolute, e.g. ``"dateutil.parser"``), executed when one of its
    attributes is first read; :class:`ModuleNotFoundError` now if it is not installed.

    The parent package of a submodule is imported now (as :func:`importlib.util.find_spec`
    does), so name the top-level package of a heavy one and reach its submodules through it.
    """
    module = sys.modules.get(name)
    if module is not None:
        return module
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
    return module
