"""review29 #3: a report's contact that is not one address as written (WhisperBack's
e-mail field is free text) no longer makes ``r`` say "No one to reply to": the reply opens
with the one address it names and a note saying what was left out, or with To empty and
a note when it names none (docs/replies.md, "A contact that is not one address")."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdtui.cli import _app
from hdtui.ui.screens.compose import ComposeScreen
from hdtui.wiring import build
from tests.servers.smtp import SmtpServers
from tests.support.contact_report import config_with_contact, open_the_report
from tests.support.pgp import KeyPair
from tests.support.pilot import shown


@pytest.mark.parametrize(("contact", "to", "said"), [
    ("jane@example.org;", "jane@example.org",
     "the one address it names, jane@example.org; ';' was left out"),
    ("jane at example dot org", "", "is not a mail address (none is written in it). To is "
     "left empty")])
async def test_a_contact_that_is_not_one_address_opens_the_reply_with_a_note(
        xdg: Path, tmp_path: Path, test_key: KeyPair, smtpd: SmtpServers,
        contact: str, to: str, said: str) -> None:
    config = config_with_contact(tmp_path, test_key, smtpd, contact)
    setup = build(config, False, False)
    try:
        app = _app(setup, {}, "default", config)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_the_report(pilot, app)
            await pilot.press("r")
            compose = await shown(pilot, ComposeScreen, "the reply", timeout=30)
            assert compose.field("to") == to
            notes = [str(note.render()) for note in compose.query(".compose-note")]
            assert any(said in note for note in notes), notes
    finally:
        setup.close()
