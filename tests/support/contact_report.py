"""One WhisperBack report whose contact field is given, in a Maildir with a config to open it
(the reply tests of sessions 28 and 29: a contact naming the Help Desk, a comment, a
stray separator), and the steps to read it in the app before a key is pressed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from hdtui.config import parse_config
from hdtui.ui.widgets.queue_table import QueueTable
from hdtui.ui.widgets.report_view import ReportView
from tests.servers.smtp import SmtpServers
from tests.support.pgp import KeyPair, whisperback_message, write_maildir
from tests.support.pilot import settle, wait_until
from tests.ui.conftest import ISSUES

WB = Path(__file__).parent.parent / "data" / "whisperback"


def config_with_contact(root: Path, key: KeyPair, smtpd: SmtpServers, contact: str) -> Any:
    """A config over a Maildir holding one encrypted report whose contact is ``contact``,
    the Help Desk's own address ``help-desk@example.org``, SMTP to ``smtpd``."""
    text = (WB / "tails-7.5-wifi.txt").read_text(encoding="utf-8").replace(
        "From: kestrel-742@example.org", f"From: {contact}")
    assert contact in text
    write_maildir(root / "Maildir", {"1700000001.M1P1.t": whisperback_message(
        text, "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64", key)})
    (root / "issues.json").write_text(json.dumps(ISSUES))  # a Standard reply that fits
    return parse_config({
        "source": {"path": str(root / "Maildir")},
        "gpg": {"home": str(key.home)},
        "tracker": {"file": str(root / "issues.json")},
        "store": {"path": str(root / "store.json")},
        "queue": {"shift_start": False, "helpdesk_addresses": ["help-desk@example.org"]},
        "smtp": {"host": smtpd.host, "port": smtpd.plain_port, "security": "plain",
                 "from_address": "Tails Help Desk <support@example.org>"},
    })


async def open_the_report(pilot: Pilot[Any], app: App[Any]) -> ReportView:
    """Open the queue's one report and wait until it is read; its view."""
    table = app.screen.query_one(QueueTable)
    await wait_until(pilot, lambda: len(table.rows) == 1, what="the report")
    await pilot.press("enter")
    view = app.screen.query_one(ReportView)
    await wait_until(pilot, lambda: view.entry is not None and view.entry.report
                     is not None, timeout=30, what="the report read")
    await settle(pilot)
    return view
