"""``hdtui sync`` and the member's GnuPG home, against the fixtures' Dovecot: a missing home
is said and never created, the gpg-agent hdtui started does not outlive the command, and
reports encrypted to another key name that key (docs/encryption.md)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers.dovecot import Dovecot
from tests.services.test_triage_imap import (
    WB,
    run_hdtui,
    seed_reports,
    seeded_sync,
    sync_config,
)
from tests.support.pgp import KeyPair, agent_pids, kill_agent, make_key, whisperback_message


@pytest.fixture
def own_key() -> Iterator[KeyPair]:
    """A keypair of this test alone, with no gpg-agent running for it."""
    key = make_key()
    kill_agent(key.home)
    assert agent_pids(key.home) == []
    yield key
    key.close()


def test_a_missing_gnupg_home_is_said_and_never_created(
    dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, xdg: Path
) -> None:
    seed_reports(dovecot, imap_user[0], test_key)  # two encrypted reports, one plain mail
    config, env = sync_config(dovecot, imap_user, test_key, xdg)
    config.write_text(config.read_text().replace(f'[gpg]\nhome = "{test_key.home}"\n', ""))
    home = Path(env["HOME"])
    result = run_hdtui("sync", env=env)
    assert result.returncode == 0, result.stderr
    assert not (home / ".gnupg").exists()
    assert "3 messages" in result.stdout and "2 still undecryptable" in result.stdout
    assert (f"2 encrypted reports not read: no GnuPG home at {home}/.gnupg: set [gpg] home "
            "to the Help Desk's keyring") in result.stderr
    # GNUPGHOME names the home gpg would read: the same.
    elsewhere = xdg / "nowhere"
    again = run_hdtui("sync", env={**env, "GNUPGHOME": str(elsewhere)})
    assert again.returncode == 0, again.stderr
    assert f"no GnuPG home at {elsewhere}" in again.stderr
    assert not elsewhere.exists() and not (home / ".gnupg").exists()


def test_sync_stops_the_agent_it_started_and_leaves_one_that_ran(
    dovecot: Dovecot, imap_user: tuple[str, str], own_key: KeyPair, xdg: Path
) -> None:
    _, env, result = seeded_sync(dovecot, imap_user, own_key, xdg)
    assert "2 still undecryptable" not in result.stdout  # gpg ran, and decrypted both
    assert agent_pids(own_key.home) == []
    # An agent the member had running before is theirs: left as it was.
    subprocess.run(["gpgconf", "--homedir", str(own_key.home), "--launch", "gpg-agent"],
                   check=True, capture_output=True)
    before = agent_pids(own_key.home)
    assert before
    seed_reports(dovecot, imap_user[0], own_key)
    assert run_hdtui("sync", env=env).returncode == 0
    assert agent_pids(own_key.home) == before


def test_reports_to_another_key_name_it_without_the_keyring_hint(
    dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, other_key: KeyPair,
    xdg: Path
) -> None:
    body = (WB / "tails-7.5-wifi.txt").read_text()
    dovecot.deliver(imap_user[0], whisperback_message(body, "0123456789abcdef0123456789abcdef",
                                                      other_key))
    _, env, result = seeded_sync(dovecot, imap_user, test_key, xdg)
    assert "1 still undecryptable" in result.stdout
    assert "check that [gpg] home" not in result.stderr
    assert "1 reports are encrypted to a key this keyring lacks (2 were decrypted" \
        in result.stderr  # said on stderr, as by match and scan
    # Alone, the keyring decrypts nothing: then the hint is the right advice.
    lone = dovecot.new_user()
    dovecot.deliver(lone[0], whisperback_message(body, "0123456789abcdef0123456789abcdee",
                                                 other_key))
    (xdg / "lone").mkdir()
    _, env = sync_config(dovecot, lone, test_key, xdg / "lone")
    alone = run_hdtui("sync", env=env)
    assert "check that [gpg] home" in alone.stderr, alone.stderr
