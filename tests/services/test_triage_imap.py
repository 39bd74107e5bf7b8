"""Triage over IMAP (real Dovecot, real GnuPG): shared marks, claims, read-only skims, sync."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES, TeamConfig
from hdtui.domain.mail import SourceItem
from hdtui.domain.mailbox_delta import Delta
from hdtui.domain.marks import Mark
from hdtui.domain.queue import DecryptState
from hdtui.errors import ConflictError, ForeignClaimError, ReadOnlyError
from hdtui.gpg import GpgCrypto
from hdtui.outbound.smtp import SmtpSender
from hdtui.services.acting import Actions
from hdtui.services.triage import InboxResult, Triage
from hdtui.sources.imap import ImapAccount, ImapSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from tests.servers.dovecot import UNICODE_USER, Dovecot
from tests.servers.smtp import PASSWORD, USER, SmtpServers
from tests.support.pgp import KeyPair, whisperback_message

ROOT = Path(__file__).parents[2]
WB = ROOT / "tests" / "data" / "whisperback"


def seed_reports(dovecot: Dovecot, user: str, key: KeyPair) -> None:
    dovecot.deliver(user, whisperback_message((WB / "tails-7.5-wifi.txt").read_text(),
                                              "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64", key))
    dovecot.deliver(user, whisperback_message((WB / "tails-5.14-old-fr.txt").read_text(),
                                              "72e11dad9c9faf4d5a990800a3349dd", key))
    dovecot.deliver(user, b"From: a@example.org\nSubject: question\n\nhello\n")


def member(dovecot: Dovecot, user: tuple[str, str], key: KeyPair, store: Path,
           read_only: bool = False, name: str = "", folder: str = "") -> Triage:
    """One member's Triage on the user's mailbox; ``name`` and ``folder`` (the claims
    folder) make their claims named (docs/marks.md)."""
    source = ImapSource(ImapAccount(host=dovecot.host, user=user[0],
                                    password=lambda: user[1], port=dovecot.imaps_port,
                                    ca_file=dovecot.cafile, timeout=10.0), read_only)
    return Triage(source, GpgCrypto(key.home), LocalStore(store),
                  StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), [],
                  DEFAULT_TEAM_ADDRESSES, read_only=read_only, live=source,
                  claims_folder=folder, member_name=name)


def close(triage: Triage) -> None:
    triage.store.close()  # type: ignore[attr-defined]
    triage.source.close()  # type: ignore[attr-defined]


def test_members_share_marks_and_only_one_wins_a_claim(
    dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, tmp_path: Path
) -> None:
    seed_reports(dovecot, imap_user[0], test_key)
    alice = member(dovecot, imap_user, test_key, tmp_path / "alice.json")
    bob = member(dovecot, imap_user, test_key, tmp_path / "bob.json")
    a_entries = {e.report_id: e for e in alice.inbox().rows}
    b_entries = {e.report_id: e for e in bob.inbox().rows}
    wifi = a_entries["8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"]
    assert wifi.decrypt is DecryptState.DECRYPTED and wifi.version == "7.5"

    claimed = alice.toggle_mark(wifi, Mark.CLAIMED)
    assert claimed.marks == {Mark.CLAIMED}
    with pytest.raises(ConflictError, match="just claimed"):
        bob.toggle_mark(b_entries["8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"], Mark.CLAIMED)
    seen_by_bob = {e.report_id: e for e in bob.inbox().rows}
    assert seen_by_bob["8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"].state == "claimed"
    assert "$HDClaimed" in dovecot.flags(imap_user[0])
    # Whose claim it is: Alice's own, another member's for Bob (the queue's C and c).
    key = claimed.key
    assert alice.claimed_by_me(key) and alice.personal().claimed_by_me(key)
    assert not bob.claimed_by_me(key) and not bob.personal().claimed_by_me(key)
    flags = dovecot.flags(imap_user[0])
    bob.opened(key)  # opened by Bob: kept in his store, the shared \Seen untouched
    assert key in bob.personal().seen and key not in alice.personal().seen
    assert dovecot.flags(imap_user[0]) == flags

    # Bob cannot release Alice's claim by accident; he can when he confirms.
    with pytest.raises(ForeignClaimError, match="claimed by another member"):
        bob.toggle_mark(seen_by_bob["8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"], Mark.CLAIMED)
    assert "$HDClaimed" in dovecot.flags(imap_user[0])
    released = alice.toggle_mark(claimed, Mark.CLAIMED)  # Alice releases her own: no question
    assert released.marks == frozenset()
    taken = bob.toggle_mark(next(r for r in bob.inbox().rows if r.report_id == wifi.report_id),
                            Mark.CLAIMED)
    assert taken.marks == {Mark.CLAIMED}
    alice_view = next(r for r in alice.inbox().rows if r.report_id == wifi.report_id)
    with pytest.raises(ForeignClaimError):
        alice.toggle_mark(alice_view, Mark.CLAIMED)
    assert alice.toggle_mark(alice_view, Mark.CLAIMED, force=True).marks == frozenset()
    assert "$HDClaimed" not in dovecot.flags(imap_user[0])

    bob.toggle_mark(seen_by_bob["72e11dad9c9faf4d5a990800a3349dd"], Mark.TRIAGED)
    again = {e.report_id: e for e in alice.inbox().rows}
    assert again["72e11dad9c9faf4d5a990800a3349dd"].marks == {Mark.TRIAGED}
    # Marks live on the server, not in the local stores.
    assert alice.store.marks() == {} and bob.store.marks() == {}
    close(alice)
    close(bob)


def test_read_only_skim_leaves_the_mailbox_exactly_as_it_was(
    dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, tmp_path: Path,
    smtpd: SmtpServers, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_reports(dovecot, imap_user[0], test_key)
    before = (dovecot.status(imap_user[0]), dovecot.flags(imap_user[0]))
    skim = member(dovecot, imap_user, test_key, tmp_path / "skim.json", read_only=True)
    monkeypatch.setenv("HDTUI_TEST_SMTP_PW", PASSWORD)
    actions = Actions(skim, SmtpSender(smtpd.host, smtpd.starttls_port, "starttls", USER,
                                       password_env="HDTUI_TEST_SMTP_PW", ca_file=smtpd.cafile),
                      GpgCrypto(test_key.home), None, None, "hd@tails.invalid",
                      "tails-bugs@boum.org", [TeamConfig("FT", "foundations@tails.net")])
    entries = skim.inbox().rows
    assert len(entries) == 3 and sum(e.decrypt is DecryptState.DECRYPTED for e in entries) == 2
    for entry in entries:
        for mark in Mark:
            with pytest.raises(ReadOnlyError):
                skim.toggle_mark(entry, mark)
        for draft in (actions.forward(entry.key, "FT", "context"), actions.ft(entry.key, "x")):
            with pytest.raises(ReadOnlyError):
                actions.send(draft)
        skim.set_note(entry.key, "looked at it")  # personal notes stay allowed
    close(skim)
    # Flags and HIGHESTMODSEQ as before (doveadm), and the SMTP server received nothing.
    assert (dovecot.status(imap_user[0]), dovecot.flags(imap_user[0])) == before
    assert smtpd.handler.received == []


def run_hdtui(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hdtui", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120, check=False)


def sync_config(dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, xdg: Path,
                account: str = "") -> tuple[Path, dict[str, str]]:
    """A config of the user's mailbox (``account``: more [account] keys) and the command's
    environment with its password."""
    config = xdg / "config.toml"
    config.write_text(
        f'[source]\nkind = "imap"\n[account]\nhost = "127.0.0.1"\nport = {dovecot.imaps_port}\n'
        f'user = "{imap_user[0]}"\npassword_env = "HELPDESK_PW"\nca_file = "{dovecot.cafile}"\n'
        f'{account}[gpg]\nhome = "{test_key.home}"\n[store]\npath = "{xdg}/store.json"\n'
    )
    return config, {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(xdg),
                    "HELPDESK_PW": imap_user[1], "HDTUI_CONFIG": str(config)}


def seeded_sync(dovecot: Dovecot, imap_user: tuple[str, str], key: KeyPair, xdg: Path
                ) -> tuple[Path, dict[str, str], subprocess.CompletedProcess[str]]:
    """``seed_reports``, then a first ``hdtui sync`` that succeeded: the config, the
    command's environment and its result."""
    seed_reports(dovecot, imap_user[0], key)
    config, env = sync_config(dovecot, imap_user, key, xdg)
    first = run_hdtui("sync", env=env)
    assert first.returncode == 0, first.stderr
    return config, env, first


def test_sync_command_against_dovecot(
    dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, xdg: Path
) -> None:
    config, env, first = seeded_sync(dovecot, imap_user, test_key, xdg)
    assert "3 messages; the listing found 3 new or changed and 0 gone; 3 read" in first.stdout
    assert imap_user[1] not in first.stdout + first.stderr
    second = run_hdtui("sync", env=env)
    assert "3 messages; the listing found 0 new or changed and 0 gone; 0 read" in second.stdout
    # A server never synced and unreachable: a clear message and a failing status.
    text = config.read_text()
    config.write_text(text.replace(f"port = {dovecot.imaps_port}", "port = 9"))
    down = run_hdtui("sync", env=env)
    assert down.returncode == 2
    assert "Cannot reach the IMAP server 127.0.0.1:9: nothing listens" in down.stderr
    config.write_text(text)
    wrong = run_hdtui("sync", env={**env, "HELPDESK_PW": "pw-wröng"})
    assert wrong.returncode == 2 and "IMAP login refused" in wrong.stderr
    assert "wröng" not in wrong.stderr and "Traceback" not in wrong.stderr
    # Errors about the secret name the key, and the variable when its name looks like
    # one (docs/secrets.md: a pasted password rarely does).
    missing = run_hdtui("sync", env={k: v for k, v in env.items() if k != "HELPDESK_PW"})
    assert missing.returncode == 2 and "[account] password_env" in missing.stderr
    assert "is not set or is empty (HELPDESK_PW)" in missing.stderr
    broken = run_hdtui("sync", env={**env, "HELPDESK_PW": f"{imap_user[1]}\r\nA1 DELETE x"})
    assert broken.returncode == 2 and "line break (CR or LF)" in broken.stderr
    assert imap_user[1] not in broken.stderr and "DELETE" not in broken.stderr
    config.write_text(text.replace('password_env = "HELPDESK_PW"', 'password_command = '
                                   '"sh -c \'echo $HELPDESK_PW; echo user: me; exit 3\'"'))
    failed = run_hdtui("sync", env=env)
    assert failed.returncode == 2
    assert "[account] password_command failed (exit 3)." in failed.stderr
    assert imap_user[1] not in failed.stderr and "echo" not in failed.stderr
    config.write_text(text.replace(f'user = "{imap_user[0]}"', f'user = "{UNICODE_USER[0]}"'))
    unicode = run_hdtui("sync", env={**env, "HELPDESK_PW": UNICODE_USER[1]})
    assert unicode.returncode == 0, unicode.stderr


def test_sync_reads_the_folders_there_and_names_a_missing_one(
    dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, xdg: Path
) -> None:
    """A watched folder the server does not have: the others are synced, the missing one
    is named with the server's folders on stderr, and the exit status is 2 (README)."""
    seed_reports(dovecot, imap_user[0], test_key)
    config, env = sync_config(dovecot, imap_user, test_key, xdg,
                              'folders = ["INBOX", "Reports"]\n')
    result = run_hdtui("sync", env=env)
    assert result.returncode == 2, result.stderr
    assert "3 messages; the listing found 3 new or changed and 0 gone; 3 read" in result.stdout
    assert result.stderr.startswith(
        "hdtui: not synced: [account] folders names the folder 'Reports', which the IMAP "
        f"server {imap_user[0]}@127.0.0.1:{dovecot.imaps_port} does not have. Its folders: ")
    assert "INBOX" in result.stderr and "Traceback" not in result.stderr
    # followups reads as sync does: the folders there, the missing one said.
    followups = run_hdtui("followups", env=env)
    assert followups.returncode == 0, followups.stderr
    assert "hdtui: not read: [account] folders names the folder 'Reports'" in followups.stderr
    # Fixed: the same cache, nothing gone, status 0.
    config.write_text(config.read_text().replace('"Reports"', '"INBOX"').replace(
        'folders = ["INBOX", "INBOX"]', 'folders = ["INBOX"]'))
    fixed = run_hdtui("sync", env=env)
    assert fixed.returncode == 0, fixed.stderr
    assert "3 messages; the listing found 0 new or changed and 0 gone" in fixed.stdout


def test_marks_made_offline_wait_in_the_outbox_and_apply_on_reconnect(
    test_key: KeyPair, tmp_path: Path
) -> None:
    server = Dovecot.create()
    server.start()
    try:
        user = server.new_user()
        for subject in (b"one", b"two"):
            server.deliver(user[0], b"From: a@example.org\nSubject: %s\n\nx\n" % subject)
        alice = member(server, user, test_key, tmp_path / "alice.json")
        bob = member(server, user, test_key, tmp_path / "bob.json")
        entries = {e.summary: e for e in alice.inbox().rows}
        bob_entries = {e.summary: e for e in bob.inbox().rows}
        server.stop()

        # Offline: the changes are shown at once and kept in the outbox.
        triaged = alice.toggle_mark(entries["one"], Mark.TRIAGED)
        claimed = alice.toggle_mark(entries["two"], Mark.CLAIMED)
        assert triaged.state == "triaged" and claimed.state == "claimed"
        assert len(alice.outbox()) == 2
        offline = alice.inbox()  # starts from the saved listing; the outbox stays visible
        assert offline.offline and "reach" in offline.offline
        assert {e.summary: e.state for e in offline.rows} == {"one": "triaged",
                                                                 "two": "claimed"}

        server.start()
        # Meanwhile Bob, online again first, claims "two".
        bob.toggle_mark(bob_entries["two"], Mark.CLAIMED)
        applied, problems = alice.flush_outbox()
        assert applied == 1
        # In people's words: the subject (no report ID here), never INBOX/<uidvalidity>/<uid>.
        assert problems == ["“two”: not claimed, another member claimed it meanwhile"]
        assert entries["two"].key not in problems[0]
        assert alice.outbox() == []
        flags = server.flags(user[0])
        assert "$HDTriaged" in flags and flags.count("$HDClaimed") == 1
        # The claim Alice made offline was lost: it is Bob's, not "claimed by me" to her.
        assert not alice.claimed_by_me(entries["two"].key)
        assert entries["two"].key not in alice.personal().mine
        assert bob.claimed_by_me(bob_entries["two"].key)
        close(alice)
        close(bob)
    finally:
        server.remove()


def test_server_stopped_mid_sync_then_restarted_loses_and_duplicates_nothing(
    tmp_path: Path
) -> None:
    from hdtui.config import demo_dir

    server = Dovecot.create()
    server.start()
    gpg_home = tmp_path / "gpg"
    crypto = GpgCrypto(gpg_home)
    crypto.import_keys((demo_dir() / "demo-key.asc").read_text())
    try:
        user = server.new_user()
        templates = sorted(p for p in (demo_dir() / "maildir" / "cur").iterdir()
                           if p.is_file() and not p.name.startswith("."))
        for n in range(240):
            raw = templates[n % len(templates)].read_bytes()
            server.deliver(user[0], raw.replace(b"Bug report: ", b"Bug report: %04x" % n, 1))
        source = ImapSource(ImapAccount(host=server.host, user=user[0],
                                        password=lambda: user[1], port=server.imaps_port,
                                        ca_file=server.cafile, timeout=5.0))
        triage = Triage(source, crypto, LocalStore(tmp_path / "store.json"),
                        StaticTracker(demo_dir() / "known_issues.json"), [],
                        DEFAULT_TEAM_ADDRESSES, live=source)
        snapshot = triage.snapshot()
        assert len(snapshot.pending) == 240

        seen: list[int] = []

        def progress(done: int, total: int) -> None:
            seen.append(done)
            if done >= 60 and server.proc is not None:
                server.stop()  # the server goes away in the middle of reading bodies

        first = triage.read_pending(snapshot, progress)
        assert first.offline is not None
        assert 0 < len(first.rows) < 240

        server.start()
        second = triage.inbox()
        assert second.offline is None
        keys = [e.key for e in second.rows]
        assert len(keys) == 240 and len(set(keys)) == 240
        assert second.from_cache == len(first.rows) and second.parsed == 240 - second.from_cache
        lines = triage.store.queue_lines(source.identity, tuple)  # type: ignore[attr-defined]
        assert len(lines) == 240 and all(line[8] is not None for line in lines)
        triage.store.close()  # type: ignore[attr-defined]
        source.close()
    finally:
        server.remove()
        from tests.support.pgp import kill_agent

        kill_agent(gpg_home)


def test_folder_kinds_classify_list_folders(
    dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, tmp_path: Path
) -> None:
    from hdtui.domain.mail import Kind

    dovecot.doveadm("mailbox", "create", "-u", imap_user[0], "Lists/tails-dev")
    dovecot.deliver(imap_user[0], b"From: someone@example.org\nSubject: a post\n\nhi\n",
                    "Lists/tails-dev")
    dovecot.deliver(imap_user[0], b"From: someone@example.org\nSubject: a question\n\nhi\n")
    source = ImapSource(ImapAccount(host=dovecot.host, user=imap_user[0],
                                    password=lambda: imap_user[1], port=dovecot.imaps_port,
                                    ca_file=dovecot.cafile, folders=("INBOX", "Lists/tails-dev")))
    triage = Triage(source, GpgCrypto(test_key.home), LocalStore(tmp_path / "store.json"),
                    StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), [],
                    DEFAULT_TEAM_ADDRESSES, live=source,
                    folder_kinds={"Lists/tails-dev": Kind.LIST_ADMIN})
    kinds = {e.summary: e.kind for e in triage.inbox().rows}
    assert kinds == {"a post": Kind.LIST_ADMIN, "a question": Kind.SUPPORT}
    close(triage)


def test_folder_kinds_config_is_checked() -> None:
    from hdtui.config import parse_config
    from hdtui.config_checks import folder_kinds
    from hdtui.errors import ConfigError

    good = parse_config({"account": {"folders": ["INBOX", "Lists/dev"],
                                     "folder_kinds": {"Lists/dev": "list-admin"}}})
    assert [k.value for k in folder_kinds(good).values()] == ["list-admin"]
    bad_kind = parse_config({"account": {"folders": ["INBOX", "Lists/dev"],
                                         "folder_kinds": {"Lists/dev": "spam"}}})
    with pytest.raises(ConfigError, match="'spam' is not a kind"):
        folder_kinds(bad_kind)
    unknown_folder = parse_config({"account": {"folder_kinds": {"Lists/dev": "list-admin"}}})
    with pytest.raises(ConfigError, match="not in \\[account\\] folders"):
        folder_kinds(unknown_folder)


def test_sync_command_fails_when_the_server_is_gone_but_keeps_the_cache(
    test_key: KeyPair, xdg: Path
) -> None:
    server = Dovecot.create()
    server.start()
    try:
        user, password = server.new_user()
        server.deliver(user, b"From: a@example.org\nSubject: kept\n\nx\n")
        config = xdg / "config.toml"
        config.write_text(
            f'[source]\nkind = "imap"\n[account]\nhost = "127.0.0.1"\n'
            f'port = {server.imaps_port}\nuser = "{user}"\npassword_env = "HELPDESK_PW"\n'
            f'ca_file = "{server.cafile}"\ntimeout = 3\n[gpg]\nhome = "{test_key.home}"\n'
            f'[store]\npath = "{xdg}/store.json"\n')
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(xdg),
               "HELPDESK_PW": password, "HDTUI_CONFIG": str(config)}
        assert run_hdtui("sync", env=env).returncode == 0
        server.stop()
        down = run_hdtui("sync", env=env)
        # cron hears that nothing synced; the cached queue is still there for the TUI
        assert down.returncode == 1, down.stderr
        assert "could not be reached, nothing synced" in down.stderr
        assert (xdg / "store-cache.sqlite").stat().st_size > 0
        # A refused login is the member's to mend, cache or not: 2, never 1 (newcomer29's
        # defect 11: README and docs/cli.md listed 2 only with nothing cached).
        server.start()
        refused = run_hdtui("sync", env={**env, "HELPDESK_PW": "wrong"})
        assert refused.returncode == 2, refused.stderr
        assert "IMAP login refused" in refused.stderr
    finally:
        server.remove()


def test_a_warm_start_asks_the_server_while_it_reads_the_cached_queue(
    dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, tmp_path: Path
) -> None:
    """The listing of what changed on the server, and the claims folder, are asked while
    the cached queue is read, not after the read (docs/benchmarks.md, "Session 11"); what
    they found is applied as before."""
    seed_reports(dovecot, imap_user[0], test_key)
    bob = member(dovecot, imap_user, test_key, tmp_path / "bob.json", folder="Claims")
    bob.inbox()  # Bob's cache, warm
    close(bob)
    alice = member(dovecot, imap_user, test_key, tmp_path / "alice.json", name="alice",
                   folder="Claims")
    wifi = next(r for r in alice.inbox().rows
                if r.report_id == "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64")
    alice.toggle_mark(wifi, Mark.CLAIMED)
    close(alice)
    dovecot.deliver(imap_user[0], b"From: c@example.org\nSubject: later\n\nhi\n")
    again = member(dovecot, imap_user, test_key, tmp_path / "bob.json", folder="Claims")
    assert again.live is not None
    listed = threading.Event()
    changes = again.live.changes

    def listing() -> Delta:
        try:
            return changes()
        finally:
            listed.set()

    again.live.changes = listing  # type: ignore[method-assign]
    store = again.store
    pages = store.queue_pages
    during: list[bool] = []

    def read(*args: Any) -> None:
        pages(*args)
        during.append(listed.wait(5))  # the listing ends while the read is not done

    store.queue_pages = read  # type: ignore[method-assign]
    assert again.glimpse() is None  # cached rows: no header listing first
    result = again.snapshot()
    assert during == [True]
    assert len(result.pending) == 1  # the new message, to read
    assert len(result.rows) == 3
    assert again.claimant(wifi.key).startswith("alice (")  # the claims folder was read
    close(again)


def test_a_warm_start_with_nothing_changed_writes_no_listing_state(
    dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, tmp_path: Path
) -> None:
    """The listing state restored from the store is the store's: a start whose listing
    finds nothing new writes no state back (main wrote it at every start, before the
    whole queue); one with new mail writes the new state, which the next start restores."""
    seed_reports(dovecot, imap_user[0], test_key)
    first = member(dovecot, imap_user, test_key, tmp_path / "bob.json")
    first.inbox()
    close(first)

    def start() -> tuple[Triage, list[bool]]:
        triage = member(dovecot, imap_user, test_key, tmp_path / "bob.json")
        written: list[bool] = []
        apply = triage.store.apply_listing

        def recorded(namespace: str, listed: Any, gone: Any, state: Any = None) -> None:
            written.append(state is not None)
            apply(namespace, listed, gone, state)

        triage.store.apply_listing = recorded  # type: ignore[method-assign]
        return triage, written

    again, written = start()
    assert len(again.snapshot().rows) == 3
    assert written == []
    close(again)
    dovecot.deliver(imap_user[0], b"From: c@example.org\nSubject: later\n\nhi\n")
    later, written = start()
    assert len(later.snapshot().pending) == 1
    assert written == [True]
    saved = later.store.sync_state(later._state_key)
    close(later)
    last, written = start()
    last.snapshot()
    assert written == [] and last.store.sync_state(last._state_key) == saved
    close(last)


def test_a_resync_shows_new_mail_from_its_headers_before_its_body_is_read(
    dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """The IDLE connection reads the header fields of new mail with its size: the resync
    that follows has a provisional row for it (Dovecot's first opening of a new Maildir
    file reads every name in cur/), and ``read_pending`` makes it whole
    (docs/live-changes.md, "A row before the body"). On the old code the resync had no
    row for it: new mail waited for its body."""
    dovecot.deliver(imap_user[0], b"From: a@example.org\nSubject: first\n\nhello\n")
    triage = member(dovecot, imap_user, test_key, tmp_path / "store.json")
    held, stop = threading.Event(), threading.Event()
    watcher: threading.Thread | None = None
    try:
        listed, item, watcher = new_mail_held(dovecot, imap_user, triage, monkeypatch,
                                              held, stop)
        (row,) = [r for r in listed.rows if r.key == item.key]
        assert row.provisional and row.summary == "pushed"
        held.set()
        read = triage.read_pending(listed)
        (whole,) = [r for r in read.rows if r.key == item.key]
        assert not whole.provisional and whole.summary == "pushed"
    finally:
        held.set()
        stop.set()
        if watcher is not None:
            watcher.join(10)
        close(triage)


def new_mail_held(
    dovecot: Dovecot, imap_user: tuple[str, str], triage: Triage,
    monkeypatch: pytest.MonkeyPatch, held: threading.Event, stop: threading.Event
) -> tuple[InboxResult, SourceItem, threading.Thread]:
    """``triage``'s queue read and watched (until ``stop``), then new mail ("pushed")
    delivered with every body fetch held until ``held`` is set (by the caller, also when
    it fails): the resync that follows, the new mail's item, the watch's thread."""
    from hdtui.sources import imap

    fetch = imap._fetch_bodies

    def held_fetch(client: Any, uids: list[int]) -> dict[int, bytes]:
        held.wait(10)
        return fetch(client, uids)

    changed = threading.Event()
    triage.read_pending(triage.snapshot())
    watcher = threading.Thread(target=triage.watch, args=(changed.set, stop), daemon=True)
    watcher.start()
    assert changed.wait(10)  # IDLE in place
    monkeypatch.setattr(imap, "_fetch_bodies", held_fetch)
    changed.clear()
    dovecot.deliver(imap_user[0], b"From: b@example.org\nSubject: pushed\n\nnew\n")
    assert changed.wait(10)
    listed = triage.resync()
    (item,) = listed.pending
    return listed, item, watcher


def test_new_mail_shown_from_its_headers_is_read_by_the_next_start(
    dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """A provisional row of new mail (from its header fields, its body not read) in the
    queue when its columns are kept (``keep_columns``), then the process ends (its read
    abandoned: ``stop_reading``): the next start does not take the row as read; it lists
    the message as pending and reads its body (docs/live-changes.md, "Ending during a
    read")."""
    store = tmp_path / "store.json"
    dovecot.deliver(imap_user[0], b"From: a@example.org\nSubject: first\n\nhello\n")
    first = member(dovecot, imap_user, test_key, store)
    first.read_pending(first.snapshot())
    close(first)
    triage = member(dovecot, imap_user, test_key, store)  # reads the rows: keeps columns
    held, stop = threading.Event(), threading.Event()
    watcher: threading.Thread | None = None
    try:
        listed, item, watcher = new_mail_held(dovecot, imap_user, triage, monkeypatch,
                                              held, stop)
        assert [r.provisional for r in listed.rows if r.key == item.key] == [True]
        assert triage.keep_columns()  # the provisional row among the columns kept
        triage.stop_reading()  # the process ends: the body's read is abandoned
        read = triage.read_pending(listed)
        assert [r.provisional for r in read.rows if r.key == item.key] == [True]
    finally:
        held.set()
        stop.set()
        if watcher is not None:
            watcher.join(10)
        close(triage)
    monkeypatch.undo()  # the bodies are fetched again
    last = member(dovecot, imap_user, test_key, store)
    try:
        snapshot = last.snapshot()
        assert [i.key for i in snapshot.pending] == [item.key]
        whole = last.read_pending(snapshot)
        (row,) = [r for r in whole.rows if r.key == item.key]
        assert not row.provisional and row.summary == "pushed"
    finally:
        close(last)
