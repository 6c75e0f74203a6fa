"""Tests for geo._files and the input walk of geo.documents: hostile file systems (issue 12)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from geo._files import printable, read_line_capped, walk
from geo.documents import EXTENSIONS, read_documents
from geo.errors import InputError

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def collect(sources: list, **kwargs) -> tuple[list, list[InputError]]:
    errors: list[InputError] = []
    result: list = []

    def run() -> None:
        result.extend(read_documents(sources, on_error=errors.append, **kwargs))

    t = threading.Thread(target=run, daemon=True)  # a hang fails the test, not the run
    t.start()
    t.join(timeout=30)
    assert not t.is_alive(), "reading hung"
    return result, errors


def test_deep_nesting_is_walked_iteratively(tmp_path: Path) -> None:
    dirs = [tmp_path / "d"]
    for _ in range(1199):
        dirs.append(dirs[-1] / "d")
    for d in dirs:
        d.mkdir()  # Path.mkdir(parents=True) itself recurses
    deep = dirs[-1] / "deep.txt"
    deep.write_text("Troops in Kyiv.", encoding="utf-8")
    (tmp_path / "top.txt").write_text("Ships in Odesa.", encoding="utf-8")
    try:
        docs, errors = collect([tmp_path])
        assert [x.doc_id for x in docs] == ["top", "deep"] and errors == []
    finally:  # shutil.rmtree (pytest's clean-up of old runs) recurses: remove it here
        deep.unlink()
        for d in reversed(dirs):
            d.rmdir()


def test_walk_order_files_then_subdirectories_sorted(tmp_path: Path) -> None:
    for rel in ("b/2.txt", "b/1.md", "a/z/9.txt", "a/0.txt", "c.txt", ".hidden/x.txt", "x.bin"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    names = [p.relative_to(tmp_path).as_posix() for p, _ in walk(tmp_path, EXTENSIONS, print)]
    assert names == ["c.txt", "a/0.txt", "a/z/9.txt", "b/1.md", "b/2.txt"]


def test_symlink_loops_are_not_followed(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Troops in Kyiv.", encoding="utf-8")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self").symlink_to(tmp_path / "self")  # a link to itself
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    docs, errors = collect([tmp_path])
    assert [d.doc_id for d in docs] == ["a"]
    assert [e.path for e in errors] == [str(tmp_path / "self.txt")]


@needs_fifo
def test_fifo_is_skipped_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "feed.jsonl")
    (tmp_path / "ok.txt").write_text("Troops in Kyiv.", encoding="utf-8")
    docs, errors = collect([tmp_path])
    assert [d.doc_id for d in docs] == ["ok"]
    assert sorted(Path(e.path).name for e in errors) == ["feed.jsonl", "pipe.txt"]
    assert all("not a regular file (a FIFO)" in str(e) for e in errors)
    docs, [err] = collect([tmp_path / "pipe.txt"])  # named explicitly
    assert docs == [] and "FIFO" in str(err)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_link_to_dev_zero_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "ok.txt").write_text("Troops in Kyiv.", encoding="utf-8")
    docs, [err] = collect([tmp_path])
    assert [d.doc_id for d in docs] == ["ok"]
    assert "character device" in str(err)
    docs, [err] = collect([tmp_path / "zero.txt"])
    assert docs == [] and "not a regular file" in str(err)


def test_control_characters_in_names_are_escaped(tmp_path: Path) -> None:
    name = "evil\n\x1b[31mred\x1b[0m\udcff.txt"  # a newline, an escape sequence, byte 0xff
    try:
        (tmp_path / name).write_text("Troops in Kyiv.", encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("file system refuses the name")
    (tmp_path / "bad\x07.txt").write_bytes(b"\xff\xfe")
    docs, [err] = collect([tmp_path])
    [doc] = docs
    assert doc.doc_id == "evil\\n\\x1b[31mred\\x1b[0m\\xff"
    assert doc.source.endswith("evil\\n\\x1b[31mred\\x1b[0m\\xff.txt")
    assert err.path.endswith("bad\\x07.txt")
    for s in (doc.doc_id, doc.source, str(err)):
        assert s.isprintable() and s.encode("utf-8")


def test_printable() -> None:
    assert printable("plain é name.txt") == "plain é name.txt"
    assert printable("a\tb\rc\u202ed\ud800") == "a\\tb\\rc\\u202ed\\ud800"
    assert printable("\x9b") == "\\x9b"


def test_read_line_capped_skips_the_rest_of_a_long_line() -> None:
    import io

    fh = io.BytesIO(b"x" * 200_000 + b"\nshort\n")
    assert read_line_capped(fh, 10) == (b"x" * 10, True)
    assert read_line_capped(fh, 10) == (b"short\n", False)
    assert read_line_capped(fh, 10) == (b"", False)
