"""The type checker over the checked modules (configuration: [tool.mypy] in pyproject)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_checked_modules_type_check_strictly(monkeypatch) -> None:
    from mypy import api

    monkeypatch.chdir(ROOT)  # [tool.mypy] files are relative to the project root
    out, err, rc = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(ROOT / ".mypy_cache")]
    )
    assert rc == 0, out + err
    assert "Success" in out
