"""Two members, two terminals, one Dovecot mailbox: both press the claim key at once.

Each member runs its own hdtui process (own config, store and XDG directories) in its own
tmux session, as two people over SSH would. The keys reach both within milliseconds, long
before either process could see the other's change (IDLE takes about half a second), so
both send STORE (UNCHANGEDSINCE) for the same mod-sequence: exactly one wins and the
other is told the report was just claimed. On a loaded machine one process may take the key
only after IDLE showed it the other's claim: it is then told the message is claimed by
another member (and how to release it), never that it won; either way exactly one wins.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator

import pytest

from tests.servers.dovecot import Dovecot
from tests.support.members import start_member, wait_all
from tests.support.pgp import short_tmp
from tests.support.tmux import Tmux

SOCKET = "hdtui-e2e-members"
MEMBERS = ("alice", "bob")

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")


TERMINALS = {member: Tmux(SOCKET, member) for member in MEMBERS}
"""One tmux server, a session per member."""
tmux = TERMINALS["alice"]


def screen(member: str) -> str:
    return TERMINALS[member].screen()


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 25.0) -> None:
    wait_all(TERMINALS, condition, what, timeout)


@pytest.fixture
def members(dovecot: Dovecot, imap_user: tuple[str, str]) -> Iterator[None]:
    user, password = imap_user
    dovecot.deliver(user, b"From: user@example.org\nTo: support@tails.net\n"
                          b"Subject: Tails does not start on my laptop\n\nblack screen\n")
    # A team's mailbox knows $HDClaimed from its first claim on. The first use of the
    # keyword in a mailbox is the one race Dovecot can leave with no winner at all
    # (docs/marks.md, "Two members at once"; tests/adapters/test_imap.py covers it).
    for change in ("add", "remove"):
        dovecot.doveadm("flags", change, "-u", user, "$HDClaimed", "mailbox", "INBOX", "all")
    roots = []
    for member in MEMBERS:
        root = short_tmp(f"hd{member[0]}-")
        roots.append(root)
        start_member(tmux, member, root, dovecot, (user, password),
                     extra="[queue]\nshift_start = false\n")
    yield
    tmux("kill-server")
    for root in roots:
        shutil.rmtree(root, ignore_errors=True)


def test_two_members_claim_at_once_and_exactly_one_wins(
    members: None, dovecot: Dovecot, imap_user: tuple[str, str]
) -> None:
    def opened(text: str) -> bool:  # the queue, and the message under the cursor matched
        return "1/1 shown" in text and "Known issues (" in text and "matching…" not in text

    wait_for(lambda: all(opened(screen(m)) for m in MEMBERS), "both queues and reports")
    for member in MEMBERS:
        TERMINALS[member].send("c")

    def told() -> list[str]:  # the race lost at the server, or seen lost before sending
        return [m for m in MEMBERS
                if re.search(r"just claimed|This message is claimed by", screen(m))]

    wait_for(lambda: len(told()) == 1, "one member to be told the report was just claimed")
    # Both queues end up showing the one claim (the loser's refreshes, the winner's is live):
    # the winner's row and report say it is theirs (C), the loser's another member's (c).
    loser = told()[0]
    winner = next(m for m in MEMBERS if m != loser)

    def shows_claim(member: str, symbol: str, words: str) -> bool:
        text = screen(member)
        return re.search(rf"^Mail \d\d-\d\d {symbol} ", text, re.MULTILINE) is not None \
            and re.search(words, text) is not None

    wait_for(lambda: shows_claim(winner, "C", r"Claimed +by me")
             and shows_claim(loser, "c", r"Claimed +by another member"),
             "the claim shown as mine to the winner, another member's to the loser")
    assert dovecot.flags(imap_user[0]).count("$HDClaimed") == 1
    assert len(told()) == 1
    for member in MEMBERS:
        TERMINALS[member].send("q")  # a normal shift: the hand-off note is offered first
    wait_for(lambda: all("hand-off note before you go" in screen(m) for m in MEMBERS),
             "the hand-off offered to both")
    for member in MEMBERS:
        TERMINALS[member].send("n")
    wait_for(lambda: all("EXITED 0" in screen(m) for m in MEMBERS), "both to quit")


def test_a_claim_seen_before_the_key_is_refused_with_how_to_release_it(
    members: None, dovecot: Dovecot, imap_user: tuple[str, str]
) -> None:
    """The slow member's path of the race above, made certain: bob claims, alice's queue
    shows it (IDLE), then alice presses the claim key: she is told who holds it and how to
    release it, and the server still holds one claim."""
    def opened(text: str) -> bool:
        return "1/1 shown" in text and "Known issues (" in text and "matching…" not in text

    wait_for(lambda: all(opened(screen(m)) for m in MEMBERS), "both queues and reports")
    TERMINALS["bob"].send("c")
    wait_for(lambda: re.search(r"^Mail \d\d-\d\d c ", screen("alice"), re.MULTILINE)
             is not None, "bob's claim shown in alice's queue")
    TERMINALS["alice"].send("c")
    wait_for(lambda: "This message is claimed by" in screen("alice"),
             "alice told the message is claimed by another member")
    assert "just claimed" not in screen("alice")
    assert dovecot.flags(imap_user[0]).count("$HDClaimed") == 1
