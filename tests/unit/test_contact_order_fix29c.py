"""fix29c (review29 #5): one rule for the user a contact names, whatever the order: the
one address it is as the send reads it, else the first address it names that is not the
Help Desk's own; a domain with no dot (``jane@gmail,com``, a comma typed for the dot)
names no address. The reply answers the address the counts count (docs/insight.md,
"Session 29: fix29c"; docs/replies.md, "A contact that is not one address")."""

from __future__ import annotations

import pytest

from hdtui.domain.address import is_ours, is_own_address, own_addresses, user_address
from hdtui.domain.compose import reply_draft
from hdtui.domain.insight import RULES_VERSION
from hdtui.domain.insight.facts import contact_digest, report_facts
from hdtui.domain.reply import RenderedReply
from tests.unit.test_insight_trust import _mail_entry, _report_entry

OURS = ("Help Desk <help-desk@demo.invalid>", "support@demo.invalid")
REPLY = RenderedReply(subject="Re: Your Tails report", body="Hello\n", missing=())
JANE = contact_digest("jane@example.org")


@pytest.mark.parametrize("contact", [
    "help-desk@demo.invalid, jane@example.org",
    "jane@example.org, help-desk@demo.invalid",
    "<support@demo.invalid>, <jane@example.org>",
    "Help-Desk@demo.invalid; Jane@Example.org",
])
def test_the_user_is_the_first_named_address_not_ours_whatever_the_order(
        contact: str) -> None:
    ours = own_addresses(OURS)
    assert user_address(contact, ours) == "jane@example.org"
    # The report pane's notice (``is_own_address``) says no "ours" of it either.
    assert not is_ours(contact, ours) and not is_own_address(contact, OURS)
    assert report_facts(_report_entry(contact), ours=ours).contact == JANE != ""
    # The reply goes to the address counted, and says what it left out.
    draft = reply_draft(_report_entry(contact), REPLY, OURS[0], own=OURS[1:])
    assert draft.to == ("jane@example.org",) or draft.to == ("Jane@Example.org",), draft
    assert any("help-desk@demo.invalid" in n.lower() or "support@demo.invalid" in n
               for n in draft.notes), draft.notes


def test_a_contact_that_is_ours_alone_is_still_no_user_and_no_recipient() -> None:
    ours = own_addresses(OURS)
    for contact in ("help-desk@demo.invalid, support@demo.invalid",
                    "(jane@example.org) help-desk@demo.invalid",  # fix28d: sent to ours
                    "help-desk@demo.invalid,"):
        assert user_address(contact, ours) == "", contact
        assert is_ours(contact, ours) and is_own_address(contact, OURS), contact
        assert report_facts(_report_entry(contact), ours=ours).contact == "", contact
    draft = reply_draft(_report_entry("(jane@example.org) help-desk@demo.invalid"), REPLY,
                        OURS[0], own=OURS[1:])
    assert draft.to == ()
    # Two addresses, neither ours: still left to the member (and counted as the first).
    two = reply_draft(_report_entry("jane@example.org, bob@example.net"), REPLY, OURS[0])
    assert two.to == () and "names 2 addresses" in two.notes[0]
    assert report_facts(_report_entry("jane@example.org, bob@example.net"),
                        ours=ours).contact == JANE


@pytest.mark.parametrize("contact", ["jane@gmail,com", "<jane@gmail>", "jane@localhost;"])
def test_a_domain_without_a_dot_names_no_user(contact: str) -> None:
    assert user_address(contact) == ""
    assert contact_digest(contact) == "" == report_facts(_report_entry(contact)).contact
    assert report_facts(_mail_entry(contact)).contact == ""
    draft = reply_draft(_report_entry(contact), REPLY, OURS[0])
    assert draft.to == ()
    assert "is not a mail address (none is written in it)" in draft.notes[0], draft.notes
    # A comma typed after a whole address still names it.
    assert contact_digest("jane@gmail.com,") == contact_digest("jane@gmail.com") != ""


def test_the_rules_version_says_the_digest_changed() -> None:
    assert RULES_VERSION >= 109
