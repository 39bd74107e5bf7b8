"""What a killed hdtui left in memory is swept by the next one (docs/encryption.md, "What a
killed hdtui leaves"): plaintexts of a batch must not outlive the process that read them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hdtui import private_tmp


def _ended_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _left(place: Path, name: str, age: float = 0.0) -> Path:
    made = place / name
    made.mkdir(mode=0o700)
    (made / "m0").write_text("a user's decrypted report\n")
    if age:
        then = time.time() - age
        os.utime(made, (then, then))
    return made


def test_a_killed_process_s_plaintexts_are_swept_and_a_running_one_s_kept(
        tmp_path: Path) -> None:
    dead = _ended_pid()
    killed = _left(tmp_path, f"hdtui-gpg-{dead}-k1l2e3d4")
    killed_ring = _left(tmp_path, f"hdtui-ring-{dead}-r1n2g3aa")
    mine = _left(tmp_path, f"hdtui-gpg-{os.getpid()}-m1n2e3aa")
    running = _left(tmp_path, "hdtui-ring-1-i1n2i3tt")  # pid 1 runs
    old_unnamed = _left(tmp_path, "hdtui-gpg-o1l2d3aa", age=private_tmp.UNNAMED_AGE + 60)
    new_unnamed = _left(tmp_path, "hdtui-ring-n1e2w3aa", age=60)
    other = _left(tmp_path, f"something-{dead}-else")
    # No process can have that number (os.kill raises OverflowError): its owner is gone,
    # as the store judges a snapshot's (process_owner.owner_gone).
    huge = _left(tmp_path, f"hdtui-gpg-{2**70}-h1u2g3ee")
    removed = private_tmp.sweep(str(tmp_path))
    assert sorted(removed) == sorted([killed.name, killed_ring.name, old_unnamed.name,
                                      huge.name])
    assert not killed.exists() and not killed_ring.exists() and not old_unnamed.exists()
    assert mine.exists() and running.exists() and new_unnamed.exists() and other.exists()
    assert not huge.exists()


def test_a_zombie_s_directory_is_swept(tmp_path: Path) -> None:
    """A process killed but not yet waited for by its parent (a zombie) reads no more
    plaintexts: its directory goes."""
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        os.waitid(os.P_PID, zombie.pid, os.WEXITED | os.WNOWAIT)  # ended, not reaped
        left = _left(tmp_path, f"hdtui-gpg-{zombie.pid}-z1o2m3bb")
        assert private_tmp.sweep(str(tmp_path)) == [left.name]
    finally:
        zombie.wait()


def test_a_file_or_a_link_by_that_name_is_not_followed_nor_removed(tmp_path: Path) -> None:
    dead = _ended_pid()
    target = tmp_path / "keep"
    target.mkdir()
    (target / "precious").write_text("x")
    (tmp_path / f"hdtui-gpg-{dead}-l1i2n3kk").symlink_to(target)
    (tmp_path / f"hdtui-gpg-{dead}-f1i2l3ee").write_text("a file")
    assert private_tmp.sweep(str(tmp_path)) == []
    assert (target / "precious").exists()


def test_each_directory_is_named_after_its_process_and_the_first_one_sweeps(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setattr(private_tmp, "_swept", set())
    killed = _left(tmp_path, f"hdtui-gpg-{_ended_pid()}-k1l2e3d4")
    with private_tmp.passing_dir("gpg") as made:
        assert Path(made).parent == tmp_path
        assert Path(made).name.startswith(f"hdtui-gpg-{os.getpid()}-")
        assert Path(made).stat().st_mode & 0o777 == 0o700
        assert not killed.exists()
        later = _left(tmp_path, f"hdtui-gpg-{_ended_pid()}-l1a2t3er")
    assert not Path(made).exists()
    private_tmp.private_dir("ring")  # swept once a process: a later leftover waits
    assert later.exists()
