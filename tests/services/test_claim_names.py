"""Who claimed (docs/marks.md): the shared claims folder on a real Dovecot, two members with
different names on the same mailbox."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hdtui.domain.claims import claim_message
from hdtui.domain.marks import Mark
from hdtui.domain.queue import Row
from hdtui.errors import ForeignClaimError, ReadOnlyError
from hdtui.services.triage import Triage
from tests.servers.dovecot import Dovecot
from tests.services.conftest import CLAIMS as FOLDER
from tests.services.conftest import Members

WIFI = "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"


def row_of(triage: Triage, report_id: str) -> Row:
    return next(r for r in triage.inbox().rows if r.report_id == report_id)


def claim_subjects(dovecot: Dovecot, user: str) -> str:
    return dovecot.doveadm("fetch", "-u", user, "hdr.subject hdr.from", "mailbox", FOLDER,
                           "all")


def test_a_claim_names_its_member_and_a_release_removes_the_name(members: Members) -> None:
    dovecot, imap_user = members.dovecot, members.user
    alice = members("a", "alice")
    bob = members("b", "bob")
    bob.inbox()
    claimed = alice.toggle_mark(row_of(alice, WIFI), Mark.CLAIMED)
    assert alice.take_notices() == []  # the folder was created on the first claim
    assert alice.claimant(claimed.key) == "me"
    held = claim_subjects(dovecot, imap_user[0])
    assert f"claim {WIFI}" in held and "alice" in held
    assert "INBOX/" not in held  # the stable report ID, never the internal key

    theirs = row_of(bob, WIFI)  # a refresh reads the claims folder
    assert Mark.CLAIMED in theirs.marks and not bob.claimed_by_me(theirs.key)
    name = bob.claimant(theirs.key)
    assert name.startswith("alice (") and name.endswith(")")
    with pytest.raises(ForeignClaimError, match=r"claimed by alice \("):
        bob.toggle_mark(theirs, Mark.CLAIMED)

    alice.toggle_mark(claimed, Mark.CLAIMED)  # her own release: the claim message goes
    assert f"claim {WIFI}" not in claim_subjects(dovecot, imap_user[0])
    assert dovecot.status(imap_user[0], FOLDER)["messages"] == "0"

    # Bob releases Alice's claim (confirmed): Alice's claim message goes too.
    again = alice.toggle_mark(row_of(alice, WIFI), Mark.CLAIMED)
    assert Mark.CLAIMED in again.marks
    theirs = row_of(bob, WIFI)
    assert bob.claimant(theirs.key).startswith("alice (")
    bob.toggle_mark(theirs, Mark.CLAIMED, force=True)
    assert dovecot.status(imap_user[0], FOLDER)["messages"] == "0"
    assert "$HDClaimed" not in dovecot.flags(imap_user[0])
    assert Mark.CLAIMED not in row_of(alice, WIFI).marks


def test_a_claim_without_a_claim_message_is_another_members_and_a_forged_one_claims_nothing(
    members: Members
) -> None:
    dovecot, imap_user = members.dovecot, members.user
    alice = members("a", "alice", folder="")
    bob = members("b", "bob")
    # A client that writes no claim message (here: Alice without a claims folder).
    claimed = alice.toggle_mark(row_of(alice, WIFI), Mark.CLAIMED)
    assert alice.take_notices() == []
    theirs = row_of(bob, WIFI)
    assert Mark.CLAIMED in theirs.marks
    assert bob.claimant(theirs.key) == "another member"
    with pytest.raises(ForeignClaimError, match="claimed by another member"):
        bob.toggle_mark(theirs, Mark.CLAIMED)
    alice.toggle_mark(claimed, Mark.CLAIMED)

    # A forged claim message for a message nobody claimed: the keyword decides, so the
    # row stays unclaimed; Bob can claim it, and his own name is what he sees.
    dovecot.doveadm("mailbox", "create", "-u", imap_user[0], FOLDER)
    dovecot.deliver(imap_user[0], claim_message("[b]mallory[/b]", WIFI, None,
                                                datetime.now(UTC)), FOLDER)
    row = row_of(bob, WIFI)
    assert Mark.CLAIMED not in row.marks
    mine = bob.toggle_mark(row, Mark.CLAIMED)
    assert Mark.CLAIMED in mine.marks and bob.claimant(mine.key) == "me"
    # Carol reads two claim messages for it: the newest (Bob's) names the claim.
    carol = members("c", "carol")
    assert carol.claimant(row_of(carol, WIFI).key).startswith("bob (")
    # Bob's release deletes every claim message for it, the forged one too.
    bob.toggle_mark(mine, Mark.CLAIMED)
    assert dovecot.status(imap_user[0], FOLDER)["messages"] == "0"


def test_names_in_a_skim_are_read_never_written(members: Members) -> None:
    dovecot, imap_user = members.dovecot, members.user
    alice = members("a", "alice")
    alice.toggle_mark(row_of(alice, WIFI), Mark.CLAIMED)
    before = (dovecot.status(imap_user[0], FOLDER), dovecot.flags(imap_user[0], FOLDER),
              dovecot.status(imap_user[0]), dovecot.flags(imap_user[0]))
    skim = members("s", "sam", read_only=True)
    row = row_of(skim, WIFI)
    assert skim.claimant(row.key).startswith("alice (")
    with pytest.raises(ReadOnlyError):
        skim.toggle_mark(row, Mark.CLAIMED, force=True)
    assert (dovecot.status(imap_user[0], FOLDER), dovecot.flags(imap_user[0], FOLDER),
            dovecot.status(imap_user[0]), dovecot.flags(imap_user[0])) == before


def test_a_claim_stands_when_its_name_cannot_be_recorded(members: Members) -> None:
    dovecot, imap_user = members.dovecot, members.user
    # A folder the server refuses to create (a name over Dovecot's length limit).
    alice = members("a", "alice",
                    folder="HelpDesk/" + "x" * 300)
    claimed = alice.toggle_mark(row_of(alice, WIFI), Mark.CLAIMED)
    assert Mark.CLAIMED in claimed.marks and "$HDClaimed" in dovecot.flags(imap_user[0])
    (notice,) = alice.take_notices()
    assert notice.startswith("Claimed; the claims folder") and "admin" in notice
    # Said once: the next claim falls back to C/c without a word.
    other = next(r for r in alice.inbox().rows if r.report_id and r.report_id != WIFI)
    assert Mark.CLAIMED in alice.toggle_mark(other, Mark.CLAIMED).marks
    assert alice.take_notices() == []
    assert alice.claimant(claimed.key) == "me"
