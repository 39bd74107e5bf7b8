"""Fix29a item 1: a report's contact field that puts a comment naming the Help Desk before
the user's address (``(help-desk@example.org) user@example.org``): ``r`` fills To with the
one address a reply goes to, and the send takes that line as it is (it refused it before:
the comment became an unquoted name holding an ``@``)."""

from __future__ import annotations

from pathlib import Path

from hdtui.cli import _app
from hdtui.ui.screens.compose import ComposeScreen
from hdtui.wiring import build
from tests.servers.smtp import SmtpServers
from tests.support.contact_report import config_with_contact, open_the_report
from tests.support.pgp import KeyPair
from tests.support.pilot import said, settle, shown, wait_until


async def test_a_comment_naming_the_help_desk_before_the_users_address_is_sent_to_the_user(
        xdg: Path, tmp_path: Path, test_key: KeyPair, smtpd: SmtpServers) -> None:
    config = config_with_contact(tmp_path, test_key, smtpd,
                                 "(help-desk@example.org) user@example.org")
    setup = build(config, False, False)
    try:
        app = _app(setup, {}, "default", config)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_the_report(pilot, app)
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
