"""``hdtui sync`` stopped by SIGTERM (cron's kill, ``timeout``) in the middle of decrypting a
mailbox, against the fixtures' Dovecot: its gpg processes end with it, nothing it was
decrypting is cached as undecryptable, the store is free at once, the status is 143 and
stderr says so in one line (docs/cli.md, "Stopping hdtui sync"); stopped while it counts,
its counting processes end with it and the next sync counts only the rest."""

from __future__ import annotations

import os
import pwd
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from hdtui.store import LocalStore
from tests.servers.dovecot import Dovecot
from tests.services.test_cold_start import plain_report
from tests.services.test_triage_imap import ROOT, WB, run_hdtui, sync_config
from tests.support.pgp import KeyPair, agent_pids, kill_agent, make_key, whisperback_message

REPORTS = 400
"""Encrypted reports: eight batches of the read, two saves of the cache."""


def seed_encrypted(dovecot: Dovecot, user: str, key: KeyPair) -> None:
    """REPORTS WhisperBack reports encrypted to ``key``, written into the user's Maildir
    (one encryption: the copies differ in their report ID, outside the ciphertext)."""
    dovecot.deliver(user, b"From: a@example.org\nSubject: question\n\nhello\n")  # the Maildir
    message = whisperback_message((WB / "tails-7.5-wifi.txt").read_text(), "0" * 32, key)
    box = dovecot.dir / "mail" / user
    owner = box.stat()
    now = int(time.time())
    for number in range(REPORTS):
        path = box / "cur" / f"{now - number}.M{number}P1.stop:2,"
        path.write_bytes(message.replace(b"0" * 32, b"%032x" % (number + 1), 1))
        os.chown(path, owner.st_uid, owner.st_gid)
    assert pwd.getpwuid(owner.st_uid)  # (the mail's owner, as Dovecot made it)


def gpg_children(pid: int) -> list[int]:
    """The gpg processes ``pid`` started (its children named gpg)."""
    return children(pid, lambda name, _: name == "gpg")


def counting_children(pid: int) -> list[int]:
    """The counting processes ``pid`` started (hdtui/count_process.py)."""
    return children(pid, lambda _, line: "hdtui.count_process" in line)


def children(pid: int, chosen: Callable[[str, str], bool]) -> list[int]:
    """The children of ``pid`` ``chosen`` by their name and command line."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name, rest = stat.split("(", 1)[1].rsplit(")", 1)
        if int(rest.split()[1]) != pid:
            continue
        try:
            line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if chosen(name, line):
            found.append(int(entry.name))
    return found


def sync_seen(env: dict[str, str], group: bool, children_of: Callable[[int], list[int]]
              ) -> tuple[subprocess.Popen[str], set[int]]:
    """``hdtui sync`` started (a session of its own with ``group``, as ``timeout`` runs
    it), and the first of its children ``children_of`` finds (none if it ended first)."""
    sync = subprocess.Popen([sys.executable, "-m", "hdtui", "sync"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=group)
    seen: set[int] = set()
    deadline = time.monotonic() + 60
    while not seen and sync.poll() is None and time.monotonic() < deadline:
        seen.update(children_of(sync.pid))
        time.sleep(0.005)
    return sync, seen


def running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.parametrize("group", [False, True], ids=["kill", "timeout"])
def test_sigterm_in_the_middle_of_a_read_ends_sync_cleanly(
        dovecot: Dovecot, imap_user: tuple[str, str], xdg: Path, group: bool) -> None:
    # ``kill PID`` signals sync alone; ``timeout`` signals its whole process group, the gpg
    # processes of the batches too.
    key = make_key()  # its own: no gpg-agent of another test's
    try:
        seed_encrypted(dovecot, imap_user[0], key)
        kill_agent(key.home)  # the key's making started one: sync launches its own
        assert agent_pids(key.home) == []
        _, env = sync_config(dovecot, imap_user, key, xdg)
        sync, seen = sync_seen(env, group, gpg_children)  # a batch's gpg at work
        assert seen, "no gpg process seen: the read ended before the signal"
        time.sleep(0.05)
        if group:
            os.killpg(sync.pid, signal.SIGTERM)
        else:
            sync.send_signal(signal.SIGTERM)
        stopped = time.monotonic()
        stdout, stderr = sync.communicate(timeout=30)
        took = time.monotonic() - stopped
        # Free at once: what a start or the next sync needs.
        LocalStore(xdg / "store.json").close()
        assert sync.returncode == 128 + signal.SIGTERM, stderr
        assert stderr.splitlines()[-1] == (
            "hdtui: sync stopped by SIGTERM: the messages read before it are cached, and "
            "the next sync reads the rest.")
        assert len(stderr.splitlines()) == 1, stderr
        assert stdout == ""
        assert not [pid for pid in seen if running(pid)]  # no gpg outlives it
        assert agent_pids(key.home) == []  # the agent it launched is stopped too
        assert took < 10, f"sync took {took:.1f} s to end after SIGTERM"
        # What was cached is consistent: the next sync reads the rest, and no report the
        # stopped one was decrypting is taken for undecryptable.
        again = run_hdtui("sync", env=env)
        assert again.returncode == 0, again.stderr
        assert f"{REPORTS + 1} messages" in again.stdout, again.stdout
        assert "0 unreadable, 0 still undecryptable" in again.stdout, again.stdout
    finally:
        kill_agent(key.home)
        key.close()


COUNTED = 600
"""Plain reports: more than a count sends to the counting processes (FAR_MIN)."""


@pytest.mark.parametrize("group", [False, True], ids=["kill", "timeout"])
def test_sigterm_while_sync_counts_ends_its_counting_processes(
        dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, xdg: Path,
        group: bool) -> None:
    dovecot.deliver(imap_user[0], b"From: a@example.org\nSubject: question\n\nhello\n")
    body = (WB / "tails-7.5-wifi.txt").read_text()
    box = dovecot.dir / "mail" / imap_user[0]
    owner = box.stat()
    for number in range(COUNTED):
        path = box / "cur" / f"{number}.M{number}P2.count:2,"
        path.write_bytes(plain_report("%032x" % (number + 1), body))
        os.chown(path, owner.st_uid, owner.st_gid)
    issues = ROOT / "hdtui" / "demo" / "known_issues.json"
    config, env = sync_config(dovecot, imap_user, test_key, xdg)
    config.write_text(config.read_text()
                      + f'[tracker]\nkind = "static"\nfile = "{issues}"\n')
    sync, seen = sync_seen(env, group, counting_children)
    assert seen, "no counting process seen: the count ended before the signal"
    time.sleep(0.3)  # (a batch saved, perhaps)
    if group:  # the counting processes lead sessions of their own: not signalled
        os.killpg(sync.pid, signal.SIGTERM)
    else:
        sync.send_signal(signal.SIGTERM)
    stdout, stderr = sync.communicate(timeout=30)
    assert sync.returncode == 128 + signal.SIGTERM, stderr
    assert stderr.splitlines() == [
        "hdtui: sync stopped by SIGTERM while counting: every message is cached, the "
        "reports counted before it are saved, and the next sync counts the rest."]
    assert stdout == ""  # (the read's line comes after the count)
    assert not [pid for pid in seen if running(pid)]  # no counting process outlives it
    LocalStore(xdg / "store.json").close()  # free at once
    again = run_hdtui("sync", env=env)
    assert again.returncode == 0, again.stderr
    assert f"{COUNTED + 1} messages; the listing found 0 new" in again.stdout, again.stdout
    [counted] = [line for line in again.stdout.splitlines() if line.startswith("counted:")]
    made, before = int(counted.split()[1]), int(counted.split("; ")[1].split()[0])
    assert made > 0 and made + before == COUNTED + 1, counted
