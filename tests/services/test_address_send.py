"""A reply never reaches the Help Desk's own address, whether To or Cc names it, and
whatever a contact field wraps around it (``help-desk@example.org, ``): one rule for the
pane, ``r``, the send-time guard and the counted facts (``address``; docs/insight.md,
"Session 28: fix28c"). Sent through the test SMTP server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdtui.domain.address import is_ours, is_own_address, named_address, own_addresses
from hdtui.domain.compose import ComposeError, Draft, DraftKind
from hdtui.domain.insight.facts import OURS_KIND, report_facts
from hdtui.wiring import build
from tests.servers.smtp import SmtpServers
from tests.support.contact_report import config_with_contact
from tests.support.pgp import KeyPair
from tests.unit.test_insight_trust import _mail_entry, _report_entry

USER = "Zoe <zoe@example.test>"


def test_a_cc_or_a_wrapped_to_naming_ours_is_not_sent(
        xdg: Path, tmp_path: Path, test_key: KeyPair, smtpd: SmtpServers) -> None:
    """The guard read To only: a Cc of ours went out. To or Cc naming ``[queue]
    helpdesk_addresses`` or ``[smtp] from_address``, bare, in a name, with a comma or a
    stray bracket after it, is refused, the draft kept; a reply to the user alone leaves."""
    setup = build(config_with_contact(tmp_path, test_key, smtpd,
                                      "Help Desk <HELP-DESK@example.org>"), False, False)
    try:
        actions = setup.actions
        assert actions is not None
        for to, cc, field in (((USER,), ("help-desk@example.org",), "Cc"),
                              ((USER,), ("Desk <HELP-DESK@example.org>",), "Cc"),
                              ((USER,), ("Support@Example.org",), "Cc"),
                              (("help-desk@example.org, ",), (), "To"),
                              (("help-desk@example.org>",), (), "To")):
            draft = Draft(DraftKind.REPLY, to, "Re: hello", "Hello\n", cc=cc)
            with pytest.raises(ComposeError, match=f"Not sent: {field} names "):
                actions.send(draft)
            assert any(d.to == to and d.cc == cc for d in actions.drafts()), (to, cc)
        assert smtpd.handler.received == []
        actions.send(Draft(DraftKind.REPLY, (USER,), "Re: hello", "Hello\n",
                           cc=("ana@example.test",)))
        assert len(smtpd.handler.received) == 1
    finally:
        setup.close()


def test_one_rule_for_the_pane_and_the_facts() -> None:
    """``is_own_address`` (the pane, ``r``) said ours of ``help-desk@…, `` and
    ``help-desk@…>`` while the facts counted them as a user: both ask ``is_ours`` now."""
    ours = own_addresses(["Help Desk <Help-Desk@demo.invalid>", "no address"])
    assert ours == {"help-desk@demo.invalid"}
    for given in ("help-desk@demo.invalid", "help-desk@demo.invalid, ",
                  "help-desk@demo.invalid>", "<help-desk@demo.invalid", " HELP-DESK@demo.invalid ",
                  "Desk <help-desk@demo.invalid>", '"a, b" <help-desk@demo.invalid>',
                  "help-desk@demo.invalid;", "mailto:help-desk@demo.invalid",
                  "<<help-desk@demo.invalid>>", "help-desk@demo.invalid (the desk)"):
        assert is_ours(given, ours), given
        assert is_own_address(given, ["help-desk@demo.invalid"]), given
    for given in ("", "no address", "help-desk@demo.invalid.evil.example",
                  "x-help-desk@demo.invalid", '"help-desk@demo.invalid" <zoe@example.test>',
                  "zoe@example.test, help-desk@demo.invalid"):
        assert not is_ours(given, ours), given
        assert not is_own_address(given, ["help-desk@demo.invalid"]), given
    assert not is_ours("help-desk@demo.invalid", frozenset())
    assert named_address("O'Brien <O'Brien@Example.org>") == "o'brien@example.org"


def test_a_report_giving_ours_with_a_stray_comma_is_no_users_contact() -> None:
    """The pane said "one of the Help Desk's own addresses ... counted as no contact" of
    ``help-desk@demo.invalid,`` while its facts gave it a user's digest: every user typing
    it so folded into one user."""
    ours = own_addresses(["help-desk@demo.invalid"])
    for contact in ("help-desk@demo.invalid,", "help-desk@demo.invalid>",
                    "Desk <help-desk@demo.invalid>"):
        facts = report_facts(_report_entry(contact), ours=ours)
        assert facts.kind == "report" and facts.contact == "", contact
        assert is_own_address(contact, ["help-desk@demo.invalid"])
    assert report_facts(_report_entry("zoe@example.test,"), ours=ours).contact
    assert report_facts(_mail_entry("help-desk@demo.invalid>"), ours=ours).kind == OURS_KIND
