"""A TUI start that finds its store held by ``hdtui sync`` ends that sync and takes the
store; a store held by anything else stays refused (hdtui/sync_owner.py; docs/store.md,
"A sync holding the store")."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hdtui.errors import StoreInUse
from hdtui.store import LocalStore, owner_of
from hdtui.sync_owner import ended_sync, is_sync
from tests.services.test_cold_start import plain_report
from tests.support.pgp import write_maildir

ROOT = Path(__file__).parents[2]
WB = ROOT / "tests" / "data" / "whisperback"
REPORTS = 1500
"""Plain reports: a count long enough to be caught at (seconds on these machines)."""


@pytest.fixture
def counting_sync(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """``hdtui sync`` of a Maildir against the demo's known issues, caught while it holds
    the store (its read and then its count), and the store's path."""
    body = (WB / "tails-7.5-wifi.txt").read_text()
    maildir = write_maildir(tmp_path / "Maildir", {
        f"{n}.M{n}P1.owner": plain_report("%032x" % (n + 1), body) for n in range(REPORTS)})
    store = tmp_path / "store.json"
    config = tmp_path / "config.toml"
    config.write_text(
        f'[source]\npath = "{maildir}"\n[store]\npath = "{store}"\n[tracker]\nkind = '
        f'"static"\nfile = "{ROOT / "hdtui" / "demo" / "known_issues.json"}"\n')
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path),
           "HDTUI_CONFIG": str(config), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    sync = subprocess.Popen([sys.executable, "-m", "hdtui", "sync"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while owner_of(store) is None and sync.poll() is None and \
                time.monotonic() < deadline:
            time.sleep(0.01)
        assert sync.poll() is None, "the sync ended before it was caught"
        yield sync, store
    finally:
        if sync.poll() is None:
            sync.kill()
        sync.communicate()


def test_a_start_ends_the_sync_holding_its_store_and_takes_it(
        counting_sync: tuple[subprocess.Popen[str], Path]) -> None:
    sync, store = counting_sync
    busy = owner_of(store)
    assert isinstance(busy, StoreInUse) and busy.owner == str(sync.pid)
    assert is_sync(sync.pid)
    assert ended_sync(busy.owner, store) == sync.pid
    assert owner_of(store) is None  # free: the start opens it
    LocalStore(store).close()
    _, stderr = sync.communicate(timeout=30)
    assert sync.returncode == 143, stderr
    assert stderr.splitlines()[-1].startswith("hdtui: sync stopped by SIGTERM")


def test_a_store_held_by_anything_but_a_sync_stays_refused(tmp_path: Path) -> None:
    """Another member's TUI (here: a process holding the store, not a sync) is never
    stopped: the start is refused as before."""
    store = tmp_path / "store.json"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from hdtui.store import LocalStore; "
         f"s = LocalStore(__import__('pathlib').Path({str(store)!r})); print('held', "
         "flush=True); time.sleep(60)"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        busy = owner_of(store)
        assert isinstance(busy, StoreInUse) and busy.owner == str(holder.pid)
        assert not is_sync(holder.pid)
        assert ended_sync(busy.owner, store) is None
        assert holder.poll() is None  # still running, still holding
        with pytest.raises(StoreInUse):
            LocalStore(store)
    finally:
        holder.kill()
        holder.communicate()


def test_is_sync_reads_the_command_line() -> None:
    assert not is_sync(1) and not is_sync(999_999_999)
    assert ended_sync("unknown", Path("/nonexistent/store.json")) is None


def test_a_sync_refused_says_who_holds_the_store_and_what_to_do() -> None:
    """Walk26: `hdtui sync` refused with status 75 while a member's read-only skim held
    the store, saying only "Another hdtui (pid …) is using the store": who holds it (from
    its command line) and what to do now."""
    from hdtui.cli import sync_busy_said
    from hdtui.sync_owner import holder_said

    waiting = "import time; print('up', flush=True); time.sleep(60)"
    skim = subprocess.Popen([sys.executable, "-c", waiting, "hdtui", "--read-only"],
                            stdout=subprocess.PIPE, text=True)
    stats = subprocess.Popen([sys.executable, "-c", waiting, "hdtui", "--demo", "stats"],
                             stdout=subprocess.PIPE, text=True)
    try:
        for process in (skim, stats):  # its own command line, not the fork's
            assert process.stdout is not None and process.stdout.readline() == "up\n"
        assert holder_said(str(skim.pid)) == f"an hdtui TUI in a read-only skim (pid {skim.pid})"
        assert holder_said(str(stats.pid)) == f"hdtui stats (pid {stats.pid})"
        said = sync_busy_said(StoreInUse(str(skim.pid), "/home/m/store.json"))
        assert said.startswith(f"hdtui: Store in use: an hdtui TUI in a read-only skim (pid "
                               f"{skim.pid}) holds the store /home/m/store.json. Nothing "
                               "synced (status 75): it caches the mail it reads itself (from "
                               "IMAP as it arrives; a local Maildir or mbox at its start and "
                               "on f5)")
        assert "count now with `hdtui stats`" in said
        assert "sync again in a moment" in sync_busy_said(
            StoreInUse(str(stats.pid), "/home/m/store.json"))
    finally:
        for process in (skim, stats):
            process.kill()
            process.communicate()
    assert holder_said("unknown") == "another hdtui (pid unknown)"
    assert holder_said("1") == "another hdtui (pid 1)"  # init: no hdtui on its line
