"""The team on one mailbox, rehearsed in terminals (issue #13, section 0): two members, each
running hdtui in their own tmux session, and NeoMutt open on the same Dovecot mailbox,
with replies going to the aiosmtpd fixture.

- alice replies to a report; bob, who has the same report open, sees it as replied and is
  warned before a second answer (what was done, when);
- a message flagged in NeoMutt shows as flagged (!) in hdtui;
- a message removed in NeoMutt is announced to the member who had it on screen.

Everything runs on 127.0.0.1; each hdtui has its own config, store and XDG directories, as
two people over SSH would (docs/team-mail.md).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator

import pytest

from tests.servers.dovecot import Dovecot
from tests.servers.smtp import PASSWORD, USER, SmtpServers
from tests.support.members import start_member, wait_all
from tests.support.pgp import short_tmp
from tests.support.tmux import Tmux

SOCKET = "hdtui-e2e-rehearsal"
MEMBERS = ("alice", "bob")
REPORT = "Tails does not start on my laptop"
OTHER = "Wi-Fi gone after the update"

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None or shutil.which("neomutt") is None,
    reason="tmux or neomutt not installed")

TERMINALS = {name: Tmux(SOCKET, name) for name in (*MEMBERS, "neomutt")}
tmux = TERMINALS["alice"]


def screen(name: str) -> str:
    return TERMINALS[name].screen()


def flat(name: str) -> str:
    """The screen as one line: notices wrap."""
    return " ".join(screen(name).split())


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 25.0) -> None:
    wait_all(TERMINALS, condition, what, timeout)


def row(name: str, subject: str) -> str:
    """The queue row of the message with this subject ("" when it is not listed; the
    summary column may cut the subject)."""
    return next((line for line in screen(name).splitlines() if subject[:20] in line
                 and re.match(r"^\S+ \d\d-\d\d ", line)), "")


def summary(name: str) -> str | None:
    """The summary line of the report in the member's pane; None while none is shown
    (before the cursor's first rest, or "Reading…" while the cursor's message is read)."""
    found = re.search(r"▏ Summary +(.+?) *$", screen(name), re.MULTILINE)
    return found.group(1) if found is not None else None


def on_screen(name: str) -> str:
    """The subject of the message in the member's report pane, once one is shown: the
    pane reads the message under the cursor a moment after the cursor rests, and under
    load that moment comes after the queue's rows are on screen."""
    wait_for(lambda: summary(name) is not None, f"{name}'s report pane to show a message")
    found = summary(name) or ""
    return REPORT if found.startswith(REPORT) else OTHER


@pytest.fixture
def team(dovecot: Dovecot, smtpd: SmtpServers) -> Iterator[tuple[str, str]]:
    user, password = dovecot.new_user()
    dovecot.doveadm("mailbox", "create", "-u", user, "Sent")
    dovecot.deliver(user, f"From: Jane <jane@example.org>\nTo: support@tails.net\n"
                          f"Message-ID: <start@example.org>\nSubject: {REPORT}\n\n"
                          "Black screen after the boot menu, every time.\n".encode())
    dovecot.deliver(user, f"From: Joe <joe@example.org>\nTo: support@tails.net\n"
                          f"Message-ID: <wifi@example.org>\nSubject: {OTHER}\n\n"
                          "No networks are listed since 7.7.\n".encode())
    roots = []
    for member in MEMBERS:
        root = short_tmp(f"hr{member[0]}-")
        roots.append(root)
        start_member(tmux, member, root, dovecot, (user, password), size=(120, 32),
                     extra=(f'[smtp]\nhost = "127.0.0.1"\nport = {smtpd.starttls_port}\n'
                            f'security = "starttls"\nca_file = "{smtpd.cafile}"\n'
                            f'user = "{USER}"\npassword_env = "SMTP_PW"\n'
                            'from_address = "Tails Help Desk <help-desk@tails.invalid>"\n'
                            f'sent_folder = "Sent"\n[queue]\nmember_name = "{member}"\n'
                            'shift_start = false\n'),
                     env=f"SMTP_PW={PASSWORD}")
    home = short_tmp("hrm-")
    roots.append(home)
    rc = home / "muttrc"
    rc.write_text(
        f'set folder="imaps://{user}@127.0.0.1:{dovecot.imaps_port}/"\n'
        f'set imap_user="{user}"\nset imap_pass="{password}"\n'
        'set spool_file="+INBOX"\n'
        f'set certificate_file="{dovecot.cafile}"\n'
        'set ssl_verify_host=yes\nset imap_check_subscribed=no\nset mail_check_stats=no\n'
        'set header_cache=""\nset sort=date\nset delete=yes\nset confirm_append=no\n'
        'set index_format="%4C %Z %s"\n')
    tmux("new-session", "-d", "-s", "neomutt", "-x", "120", "-y", "30",
         f"env -i PATH=/usr/bin:/bin HOME={home} TERM=xterm-256color "
         f"neomutt -n -F {rc}; echo EXITED $?; sleep 30")
    yield user, password
    tmux("kill-server")
    for root in roots:
        shutil.rmtree(root, ignore_errors=True)


def test_two_members_and_neomutt_stay_in_step(
        team: tuple[str, str], dovecot: Dovecot, smtpd: SmtpServers) -> None:
    user, _ = team

    def opened(member: str) -> bool:
        # The known issues' pane says "Known issues (0)" before any message is shown: the
        # report's own summary line is what says the pane has read one (under load the
        # pane's read came after this check, and on_screen found "Reading…").
        text = screen(member)
        return ("2/2 shown" in text and "Known issues (" in text and "matching…" not in text
                and summary(member) is not None)

    wait_for(lambda: all(opened(m) for m in MEMBERS), "both queues and reports")
    TERMINALS["neomutt"].wait_for(lambda text: OTHER in text and REPORT in text)

    # 1. alice answers the report on her screen; the reply leaves, with a copy in Sent.
    alice, bob = TERMINALS["alice"], TERMINALS["bob"]
    subject = on_screen("alice")
    alice.send("r")
    wait_for(lambda: "ctrl+s send" in flat("alice") or "Choose" in flat("alice"),
             "alice's compose screen or the choice of a reply")
    if "ctrl+s send" not in flat("alice"):
        alice.send("Enter")
        wait_for(lambda: "ctrl+s send" in flat("alice"), "alice's compose screen")
    alice.send("C-s")
    for _ in range(3):  # the send question, and the one about placeholders left as they are
        wait_for(lambda: "y or enter: yes" in flat("alice") or "Sent to" in flat("alice"),
                 "a question before sending")
        if "Sent to" in flat("alice"):
            break
        asked = flat("alice")
        alice.send("y")
        wait_for(lambda asked=asked: flat("alice") != asked, "the answer to be taken")
    wait_for(lambda: "Sent to" in flat("alice"), "alice's reply to be sent")
    assert len(smtpd.handler.received) == 1
    wait_for(lambda: dovecot.status(user, "Sent").get("messages") == "1", "a copy in Sent")
    assert "\\Answered" in dovecot.flags(user)

    # 2. bob, with the same report in his queue, is warned before a second answer.
    wait_for(lambda: re.match(r"^Mail \d\d-\d\d R", row("bob", subject)) is not None,
             "bob's row to show the reply (R)", timeout=10)
    if on_screen("bob") != subject:
        bob.send("j")
        wait_for(lambda: on_screen("bob") == subject, "bob's cursor on the answered report")
    bob.send("r")
    wait_for(lambda: "Done before: reply anyway?" in flat("bob"), "bob to be warned")
    warned = flat("bob")
    assert "replied" in warned.lower()
    bob.send("n")
    wait_for(lambda: "Done before" not in flat("bob"), "bob's warning closed")
    assert len(smtpd.handler.received) == 1  # nothing was sent twice

    # 3. NeoMutt flags the other message: both hdtui queues show it flagged (!).
    neomutt = TERMINALS["neomutt"]
    other = OTHER if subject == REPORT else REPORT
    neomutt.wait_stable()
    # NeoMutt's search (/) puts its cursor on `other`.
    neomutt.send("/")
    neomutt.send(other.split()[0], "Enter")
    neomutt.wait_stable()
    neomutt.send("F")
    neomutt.send("$")  # NeoMutt writes flags back when it syncs the mailbox
    wait_for(lambda: "\\Flagged" in dovecot.flags(user), "NeoMutt's flag on the server")
    wait_for(lambda: "!" in row("alice", other) and "!" in row("bob", other),
             "the flag shown in both queues", timeout=10)
    assert "!" not in row("alice", subject)  # only the message NeoMutt flagged

    # 4. NeoMutt deletes the message bob has on screen and expunges it: bob is told.
    shown = on_screen("bob")
    neomutt.send("/")
    neomutt.send(shown.split()[0], "Enter")
    neomutt.wait_stable()
    neomutt.send("d")
    neomutt.send("$")
    wait_for(lambda: dovecot.status(user).get("messages") == "1", "the expunge on the server")
    wait_for(lambda: "report was removed from the mailbox" in flat("bob"),
             "bob to be told the report on his screen was removed", timeout=10)
    assert not row("bob", shown)

    for member in MEMBERS:
        TERMINALS[member].send("q")  # a normal shift: the hand-off note is offered first
    wait_for(lambda: all("hand-off note before you go" in screen(m) for m in MEMBERS),
             "the hand-off offered to both")
    for member in MEMBERS:
        TERMINALS[member].send("n")
    wait_for(lambda: all("EXITED 0" in screen(m) for m in MEMBERS), "both to quit")
