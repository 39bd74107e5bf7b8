"""Another mail client on the Help Desk's mailbox (issue #13, section 0): a reply sent by
hdtui shows as replied in NeoMutt (the ``r`` flag of its index), since a reply sets the
standard \\Answered as well as $HDReplied. NeoMutt runs in tmux against the test Dovecot
on 127.0.0.1, trusting only its certificate; the reply goes to the aiosmtpd fixture."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES, bundled_dir
from hdtui.gpg import GpgCrypto
from hdtui.outbound.smtp import SmtpSender
from hdtui.replies import load_templates
from hdtui.services.acting import Actions
from hdtui.services.triage import Triage
from hdtui.sources.imap import ImapAccount, ImapSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from tests.servers.dovecot import Dovecot
from tests.servers.smtp import PASSWORD, USER, SmtpServers
from tests.support.pgp import KeyPair, short_tmp
from tests.support.tmux import Tmux

ROOT = Path(__file__).parents[2]
SUBJECT = "Tails does not start on my laptop"

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None or shutil.which("neomutt") is None,
    reason="tmux or neomutt not installed")

tmux = Tmux("hdtui-e2e-neomutt", "neomutt")


@pytest.fixture
def mailbox(dovecot: Dovecot, smtpd: SmtpServers, monkeypatch: pytest.MonkeyPatch
            ) -> Iterator[tuple[Dovecot, tuple[str, str]]]:
    user = dovecot.new_user()
    dovecot.doveadm("mailbox", "create", "-u", user[0], "Sent")
    dovecot.deliver(user[0], f"From: user@example.org\nTo: support@tails.net\n"
                             f"Message-ID: <start@example.org>\nSubject: {SUBJECT}\n\n"
                             "black screen\n".encode())
    dovecot.deliver(user[0], b"From: other@example.org\nTo: support@tails.net\n"
                             b"Subject: Not answered yet\n\nhello\n")
    monkeypatch.setenv("HDTUI_TEST_SMTP_PW", PASSWORD)
    yield dovecot, user
    tmux("kill-server")


def reply_with_hdtui(dovecot: Dovecot, user: tuple[str, str], key: KeyPair, tmp: Path,
                     smtpd: SmtpServers) -> None:
    """What `r` then ctrl+s do in hdtui, through the same services."""
    source = ImapSource(ImapAccount(host=dovecot.host, user=user[0],
                                    password=lambda: user[1], port=dovecot.imaps_port,
                                    ca_file=dovecot.cafile, timeout=10.0))
    templates, _ = load_templates(bundled_dir("replies"))
    triage = Triage(source, GpgCrypto(key.home), LocalStore(tmp / "store.json"),
                    StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), templates,
                    DEFAULT_TEAM_ADDRESSES, live=source)
    row = next(r for r in triage.inbox().rows if r.summary == SUBJECT)
    mailer = SmtpSender(smtpd.host, smtpd.starttls_port, "starttls", USER,
                        password_env="HDTUI_TEST_SMTP_PW", ca_file=smtpd.cafile, timeout=10)
    actions = Actions(triage, mailer, GpgCrypto(key.home), None, None,
                      "Tails Help Desk <help-desk@tails.invalid>", "tails-bugs@boum.org")
    template = next(t for t in templates if t.language == "en")
    draft, _ = actions.reply(row.key, template)
    assert actions.send(draft).problems == ()
    triage.store.close()  # type: ignore[attr-defined]
    source.close()


def neomutt_index(dovecot: Dovecot, user: tuple[str, str], home: Path) -> str:
    """NeoMutt's index of the mailbox, once it shows the message."""
    rc = home / "muttrc"
    rc.write_text(
        f'set folder="imaps://{user[0]}@127.0.0.1:{dovecot.imaps_port}/"\n'
        f'set imap_user="{user[0]}"\nset imap_pass="{user[1]}"\n'
        'set spool_file="+INBOX"\n'
        f'set certificate_file="{dovecot.cafile}"\n'
        'set ssl_verify_host=yes\nset imap_check_subscribed=no\nset mail_check_stats=no\n'
        'set header_cache=""\nset sort=date\n'
        'set index_format="%4C %Z %s"\n')
    command = (f"env -i PATH=/usr/bin:/bin HOME={home} TERM=xterm-256color "
               f"neomutt -n -F {rc}; echo EXITED $?; sleep 30")
    tmux("new-session", "-d", "-s", "neomutt", "-x", "120", "-y", "30", command)
    return tmux.wait_for(lambda text: "Not answered yet" in text or "EXITED" in text)


def limit(pattern: str) -> None:
    """NeoMutt's limit (l) to a pattern; l again if NeoMutt was still busy reading."""
    for _ in range(5):
        tmux.wait_stable()
        tmux.send("l")
        try:
            tmux.wait_for(lambda text: "Limit to messages matching" in text, timeout=3)
        except AssertionError:
            continue
        tmux.send(pattern, "Enter")
        return
    raise AssertionError(f"NeoMutt never asked for a limit; screen was:\n{tmux.screen()}")


def test_a_reply_from_hdtui_is_replied_in_neomutt(
    mailbox: tuple[Dovecot, tuple[str, str]], test_key: KeyPair, tmp_path: Path,
    smtpd: SmtpServers
) -> None:
    dovecot, user = mailbox
    reply_with_hdtui(dovecot, user, test_key, tmp_path, smtpd)
    home = short_tmp("hdmutt-")
    try:
        screen = neomutt_index(dovecot, user, home)
        line = next(line for line in screen.splitlines() if SUBJECT in line)
        # Still unread there (N): hdtui's reading never set the shared \Seen.
        assert re.search(r"^\s*\d\s+N\s+" + re.escape(SUBJECT), line), screen
        # Replied, for NeoMutt (~Q: "messages which have been replied to", \Answered);
        # the index's r shows only on read messages, so a limit is the check.
        limit("~Q")  # the index shows only the replied one
        screen = tmux.wait_for(lambda text: "Not answered yet" not in text)
        assert SUBJECT in screen, screen
        limit("~F")  # the same check shows nothing for a flag never set
        screen = tmux.wait_for(lambda text: SUBJECT not in text)
        assert "Not answered yet" not in screen, screen
    finally:
        tmux("kill-server")
        shutil.rmtree(home, ignore_errors=True)
