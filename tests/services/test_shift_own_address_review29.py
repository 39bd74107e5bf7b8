"""review29 #7: the shift judged the Help Desk's own mail in a local mailbox (its replies,
the member's acts: docs/followups.md) with email's ``parseaddr``, which reads ``Help Desk
[team] <help-desk@…>`` as "help": it now reads ``[queue] helpdesk_addresses`` as every
other judge of "ours" does (``address.own_addresses``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdtui.services.shift import Shift
from hdtui.services.triage import Triage
from hdtui.sources.local import MaildirSource
from hdtui.store import LocalStore
from tests.adapters.test_cache_migration import _PlainOnly


@pytest.mark.parametrize("ours", ["Help Desk [team] <help-desk@example.org>",
                                  "HELP-DESK@example.org.", "help-desk@example.org"])
def test_the_help_desks_own_mail_in_a_local_mailbox_is_the_members_act(
        tmp_path: Path, ours: str) -> None:
    mailbox = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (mailbox / sub).mkdir(parents=True)
    (mailbox / "cur" / "1700000001.M1P1.host:2,S").write_bytes(
        b"From: Tails Help Desk <help-desk@example.org>\nTo: jane@example.org\n"
        b"Subject: Re: Wi-Fi\nMessage-ID: <ours-1@example.org>\n"
        b"Date: Tue, 14 Nov 2023 22:13:21 +0000\n\nHello Jane,\n")
    (mailbox / "cur" / "1700000002.M2P1.host:2,S").write_bytes(
        b"From: jane@example.org\nTo: help-desk@example.org\nSubject: Wi-Fi\n"
        b"Message-ID: <jane-1@example.org>\nDate: Tue, 14 Nov 2023 22:13:22 +0000\n\nHi\n")
    store = LocalStore(tmp_path / "store.json")
    try:
        triage = Triage(MaildirSource(mailbox), _PlainOnly(), store,  # type: ignore[arg-type]
                        None, [], ())
        assert triage.inbox().parsed == 2
        shift = Shift(triage, "", [ours])
        assert shift.helpdesk == ("help-desk@example.org",)
        assert [a.key for a in shift.acted()] == ["1700000001.M1P1.host"]
    finally:
        store.close()
