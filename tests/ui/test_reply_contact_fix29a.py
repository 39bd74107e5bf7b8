"""Fix29a item 1: a report's contact field that puts a comment naming the Help Desk before
the user's address (``(help-desk@example.org) user@example.org``): ``r`` fills To with the
one address a reply goes to, and the send takes that line as it is (it refused it before:
the comment became an unquoted name holding an ``@``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hdtui.cli import _app
from hdtui.config import parse_config
from hdtui.ui.screens.compose import ComposeScreen
from hdtui.ui.widgets.queue_table import QueueTable
from hdtui.ui.widgets.report_view import ReportView
from hdtui.wiring import build
from tests.servers.smtp import SmtpServers
from tests.support.pgp import KeyPair, whisperback_message, write_maildir
from tests.support.pilot import said, settle, shown, wait_until
from tests.ui.conftest import ISSUES

WB = Path(__file__).parent.parent / "data" / "whisperback"


def config_with_contact(root: Path, key: KeyPair, smtpd: SmtpServers, contact: str) -> Any:
    text = (WB / "tails-7.5-wifi.txt").read_text(encoding="utf-8").replace(
        "From: kestrel-742@example.org", f"From: {contact}")
    assert contact in text
    write_maildir(root / "Maildir", {"1700000001.M1P1.t": whisperback_message(
        text, "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64", key)})
    (root / "issues.json").write_text(json.dumps(ISSUES))
    return parse_config({
        "source": {"path": str(root / "Maildir")},
        "gpg": {"home": str(key.home)},
        "tracker": {"file": str(root / "issues.json")},
        "store": {"path": str(root / "store.json")},
        "queue": {"shift_start": False, "helpdesk_addresses": ["help-desk@example.org"]},
        "smtp": {"host": smtpd.host, "port": smtpd.plain_port, "security": "plain",
                 "from_address": "Tails Help Desk <support@example.org>"},
    })


async def test_a_comment_naming_the_help_desk_before_the_users_address_is_sent_to_the_user(
        xdg: Path, tmp_path: Path, test_key: KeyPair, smtpd: SmtpServers) -> None:
    config = config_with_contact(tmp_path, test_key, smtpd,
                                 "(help-desk@example.org) user@example.org")
    setup = build(config, False, False)
    try:
        app = _app(setup, {}, "default", config)
        async with app.run_test(size=(80, 24)) as pilot:
            table = app.screen.query_one(QueueTable)
            await wait_until(pilot, lambda: len(table.rows) == 1, what="the report")
            await pilot.press("enter")
            view = app.screen.query_one(ReportView)
            await wait_until(pilot, lambda: view.entry is not None and view.entry.report
                             is not None, timeout=30, what="the report read")
            await settle(pilot)
            await pilot.press("r")
            compose = await shown(pilot, ComposeScreen, "the reply", timeout=30)
            # The one address the reply goes to; the Help Desk's address is not in To.
            assert compose.field("to") == "user@example.org", compose.field("to")
            await pilot.press("ctrl+s")
            await settle(pilot)
            while type(app.screen).__name__ == "ConfirmScreen":  # placeholders, sending
                await pilot.press("y")
                await settle(pilot)
            await wait_until(pilot, lambda: len(smtpd.handler.received) == 1, timeout=20,
                             what=f"the reply sent ({said(app)})")
            sent = smtpd.handler.received[0]
            assert sent.rcpt_tos == ("user@example.org",), sent
            assert b"help-desk@example.org" not in sent.data.split(b"\r\n\r\n", 1)[0]
    finally:
        setup.close()
