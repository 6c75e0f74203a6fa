"""geo.lazy: a module declared at module level runs on its first attribute, once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.lazy import lazy_module

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str, tmp_path: Path) -> str:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]))
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return out.stdout.strip()


def test_runs_on_first_attribute_only(tmp_path: Path) -> None:
    pkg = tmp_path / "lazypkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "heavy.py").write_text("print('ran')\nVALUE = 42\n")
    code = (
        "from geo.lazy import lazy_module\n"
        "m = lazy_module('lazypkg.heavy')\n"
        "print('declared')\n"
        "import sys\n"
        "assert 'lazypkg.heavy' not in sys.modules\n"
        "print(m.VALUE, m.VALUE)\n"
        "from lazypkg.heavy import VALUE\n"
        "import lazypkg.heavy\n"
        "print(VALUE, sys.modules['lazypkg.heavy'] is lazypkg.heavy)\n"
    )
    assert _run(code, tmp_path).split("\n") == ["declared", "ran", "42 42", "42 True"]


def test_a_package_and_its_submodules_stay_one_module_each(tmp_path: Path) -> None:
    pkg = tmp_path / "lazypkg2"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from lazypkg2 import sub\n")
    (pkg / "sub.py").write_text("STATE = []\n")
    code = (
        "from geo.lazy import lazy_module\n"
        "m = lazy_module('lazypkg2')\n"
        "import lazypkg2.sub\n"
        "print(m.sub is lazypkg2.sub, m.sub.STATE is lazypkg2.sub.STATE)\n"
    )
    assert _run(code, tmp_path) == "True True"


def test_a_failing_import_fails_again(tmp_path: Path) -> None:
    (tmp_path / "lazybroken.py").write_text("raise RuntimeError('broken')\n")
    code = (
        "from geo.lazy import lazy_module\n"
        "m = lazy_module('lazybroken')\n"
        "for _ in range(2):\n"
        "    try:\n"
        "        m.anything\n"
        "    except RuntimeError as err:\n"
        "        print(err)\n"
    )
    assert _run(code, tmp_path).split("\n") == ["broken", "broken"]


def test_an_imported_module_is_returned_as_it_is() -> None:
    assert lazy_module("json") is sys.modules["json"]


def test_a_missing_module_is_an_error_at_once() -> None:
    with pytest.raises(ModuleNotFoundError):
        lazy_module("no_such_module_posture")


def test_geoparse_loads_no_heavy_optional_library(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from maps.cli import main\n"
        "main.get_command(None, 'geoparse')\n"
        "real = [m for m in ('trafilatura', 'pyogrio', 'shapely', 'geopy', 'numpy',"
        " 'dateutil.parser', 'filelock') if m in sys.modules]\n"
        "print(real)\n"
    )
    assert _run(code, tmp_path) == "[]"
