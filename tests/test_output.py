"""geo.output: atomic writes that never clobber, never replace special files, leave no temps."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import geo.output as output
from geo.errors import OutputError
from geo.output import atomic_files, atomic_open, atomic_write, check_writable


def _temps(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir() if ".posture-" in p.name)


def test_writes_and_replaces_only_with_overwrite(tmp_path):
    out = tmp_path / "out.txt"
    atomic_write(out, "one\n")
    assert out.read_text() == "one\n"
    with pytest.raises(OutputError, match="exists"):
        atomic_write(out, "two\n")
    atomic_write(out, "two\n", overwrite=True)
    assert out.read_text() == "two\n"
    assert oct(out.stat().st_mode & 0o777) == oct(0o644)
    assert _temps(tmp_path) == []


def test_file_appearing_meanwhile_is_not_replaced(tmp_path):
    out = tmp_path / "out.txt"
    with pytest.raises(OutputError, match="appeared while writing"):
        with atomic_open(out) as fh:
            fh.write("ours\n")
            out.write_text("theirs\n")  # another process, during our run
    assert out.read_text() == "theirs\n"
    assert _temps(tmp_path) == []


def test_several_files_all_or_nothing_when_one_appeared(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    with pytest.raises(OutputError, match="b.txt"):
        with atomic_files([a, b]) as (ta, tb):
            ta.write_text("a")
            tb.write_text("b")
            b.write_text("theirs")
    assert not a.exists()  # rolled back: ours, just linked
    assert b.read_text() == "theirs"
    assert _temps(tmp_path) == []


def test_without_hard_links_falls_back_to_a_checked_rename(tmp_path, monkeypatch):
    def no_link(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_link)
    out = tmp_path / "out.txt"
    atomic_write(out, "x")
    assert out.read_text() == "x"
    late = tmp_path / "late.txt"
    with pytest.raises(OutputError, match="appeared while writing"):
        with atomic_open(late) as fh:
            fh.write("ours")
            late.write_text("theirs")
    assert late.read_text() == "theirs"
    assert _temps(tmp_path) == []


@pytest.mark.parametrize("special", ["symlink", "dangling", "fifo", "directory"])
def test_special_files_are_never_replaced(tmp_path, special):
    target = tmp_path / "real.txt"
    target.write_text("real")
    out = tmp_path / "out.txt"
    if special == "symlink":
        out.symlink_to(target)
    elif special == "dangling":
        out.symlink_to(tmp_path / "nowhere")
    elif special == "fifo":
        os.mkfifo(out)
    else:
        out.mkdir()
    for overwrite in (False, True):
        with pytest.raises(OutputError, match="refusing to replace"):
            check_writable(out, overwrite=overwrite)
        with pytest.raises(OutputError, match="refusing to replace"):
            atomic_write(out, "x", overwrite=overwrite)
    assert target.read_text() == "real"
    assert os.path.lexists(out)
    assert _temps(tmp_path) == []


def test_special_file_appearing_meanwhile_is_not_replaced_with_overwrite(tmp_path):
    out = tmp_path / "out.txt"
    with pytest.raises(OutputError, match="symbolic link"):
        with atomic_open(out, overwrite=True) as fh:
            fh.write("x")
            out.symlink_to(tmp_path / "elsewhere")
    assert out.is_symlink()
    assert _temps(tmp_path) == []


def test_stale_temps_of_dead_runs_are_removed(tmp_path):
    dead = _dead_pid()
    old = time.time() - 3600
    stale = tmp_path / f".out.txt.posture-{dead}-abc_1234.tmp"
    alive = tmp_path / f".out.txt.posture-{os.getppid()}-abc_1234.tmp"  # a running process
    other = tmp_path / f".other.txt.posture-{dead}-abc_1234.tmp"  # not a target of this run
    foreign = tmp_path / ".out.txt.abc_1234.tmp"  # not our pattern
    for p in (stale, alive, other, foreign):
        p.write_text("partial")
        os.utime(p, (old, old))
    fresh = tmp_path / f".out.txt.posture-{dead}-new_1234.tmp"  # newer than this run
    fresh.write_text("partial")
    atomic_write(tmp_path / "out.txt", "x")
    assert not stale.exists()
    assert alive.exists() and other.exists() and foreign.exists() and fresh.exists()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_sigterm_removes_our_temporary_files(tmp_path):
    out = tmp_path / "out.txt"
    script = textwrap.dedent(
        f"""
        import os, signal
        from geo.output import atomic_open
        with atomic_open({str(out)!r}) as fh:
            fh.write("partial")
            fh.flush()
            os.kill(os.getpid(), signal.SIGTERM)
            print("not reached")
        """
    )
    env = {**os.environ, "PYTHONPATH": str(Path(output.__file__).parents[1])}
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert r.returncode == -signal.SIGTERM
    assert "not reached" not in r.stdout
    assert list(tmp_path.iterdir()) == []


def test_handler_is_only_installed_while_temps_exist(tmp_path):
    before = signal.getsignal(signal.SIGTERM)
    with atomic_open(tmp_path / "out.txt") as fh:
        fh.write("x")
        during = signal.getsignal(signal.SIGTERM)
    assert signal.getsignal(signal.SIGTERM) == before
    if before == signal.SIG_DFL:
        assert during == output._on_signal


def test_an_error_while_writing_leaves_nothing(tmp_path):
    out = tmp_path / "out.txt"
    with pytest.raises(RuntimeError):
        with atomic_open(out) as fh:
            fh.write("x")
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []
