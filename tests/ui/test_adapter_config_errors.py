"""A wrong [smtp], [xmpp] or [tracker] section is an error of that adapter alone: said
once at start, and the queue and the reading of messages work (docs/config.md, "One
section wrong")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from hdtui.cli import _app
from hdtui.config import parse_config
from hdtui.domain.queue import DecryptState
from hdtui.ui.app import HdtuiApp
from hdtui.ui.screens.inbox import InboxScreen
from hdtui.ui.widgets.queue_table import QueueTable
from hdtui.ui.widgets.report_view import ReportView
from hdtui.wiring import build
from tests.servers.gitlab_api import GitLabAPI
from tests.support.pgp import KeyPair
from tests.support.pilot import said_each, shown, wait_until


def config(ui_mailbox: Path, key: KeyPair, tmp_path: Path, **sections: Any) -> Any:
    data: dict[str, Any] = {
        "source": {"path": str(ui_mailbox / "Maildir")},
        "gpg": {"home": str(key.home)},
        "tracker": {"file": str(ui_mailbox / "issues.json")},
        "store": {"path": str(tmp_path / "store.json")},
        "queue": {"shift_start": False},
    }
    data.update(sections)
    return parse_config(data)


async def read_a_message(app: HdtuiApp, pilot: Pilot[Any]) -> None:
    """Move onto a message and wait until the report view shows it (not "Reading…")."""
    table = app.screen.query_one(QueueTable)
    await wait_until(pilot, lambda: len(table.rows) > 0, what="rows")
    view = app.screen.query_one(ReportView)
    await pilot.press("down", "up")
    await wait_until(pilot, lambda: view.entry is not None, what="a message read", timeout=20)


BAD = {
    "smtp": {"smtp": {"host": "192.0.2.2", "security": "plain",
                      "from_address": "help@example.org"}},
    "xmpp": {"xmpp": {"jid": "helpdesk@example.org", "host": "192.0.2.2",
                      "security": "plain", "password_env": "HDTUI_TEST_XMPP"}},
    "tracker": {"tracker": {"url": "http://127.0.0.1:9", "project": "tails/tails",
                            "token_env": "HDTUI_TEST_UNSET_TOKEN"}},
    "tracker-project": {"tracker": {"url": "https://gitlab.example.org",
                                    "token_env": "HDTUI_TEST_UNSET_TOKEN"}},
}


SAID = {
    "smtp": "SMTP not set up: [smtp] security = \"plain\" is allowed only to",
    "xmpp": "XMPP not set up: [xmpp] security = \"plain\" is allowed only to",
    "tracker": "GitLab not set up: [tracker] token_env names an environment variable",
    "tracker-project": "GitLab not set up: [tracker] needs project",
}


@pytest.mark.parametrize("section", sorted(BAD))
async def test_a_wrong_outbound_section_is_said_once_and_messages_are_read(
    section: str, ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HDTUI_TEST_UNSET_TOKEN", raising=False)
    setup = build(config(ui_mailbox, test_key, tmp_path, **BAD[section]), False, False)
    try:
        wrong = [n for n in setup.notices if "not set up" in n]
        assert len(wrong) == 1, setup.notices  # said once, at start
        assert wrong[0].startswith(SAID[section]), wrong
        app = _app(setup, {}, "default", config(ui_mailbox, test_key, tmp_path))
        async with app.run_test(size=(140, 40)) as pilot:
            await read_a_message(app, pilot)
            await wait_until(pilot, lambda: app.actions is not None, what="the actions")
            await pilot.pause(0.3)
            shown = [str(n.message) for n in said_each(app)]
            assert sum("not set up" in n for n in shown) == 1, shown  # not said again
            assert isinstance(app.screen, InboxScreen)  # no error box over the queue
    finally:
        setup.close()


async def test_a_token_gitlab_refuses_leaves_messages_read_without_a_loop_of_boxes(
    gitlab_api: GitLabAPI, ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from hdtui.ui.screens.error import ErrorModal

    gitlab_api.add_project(7, "tails/tails")
    monkeypatch.setenv("HDTUI_TEST_WRONG_TOKEN", "not-a-token-it-knows")
    tracker = {"tracker": {"url": gitlab_api.url, "project": "tails/tails",
                           "token_env": "HDTUI_TEST_WRONG_TOKEN"}}
    setup = build(config(ui_mailbox, test_key, tmp_path, **tracker), False, False)
    try:
        app = _app(setup, {}, "default", config(ui_mailbox, test_key, tmp_path))
        async with app.run_test(size=(140, 40)) as pilot:
            await read_a_message(app, pilot)
            counts = []
            for _ in range(5):
                await pilot.pause(1.0)
                counts.append(len(gitlab_api.log))
            assert counts[-1] == counts[-2]  # not asked again and again
            assert sum(isinstance(s, ErrorModal) for s in app.screen_stack) <= 1
    finally:
        setup.close()


@pytest.mark.parametrize("smtp", ["wrong", "none"])
async def test_smtp_not_set_up_is_said_in_the_editor_and_preview_before_sending(
    smtp: str, ui_mailbox: Path, test_key: KeyPair, tmp_path: Path
) -> None:
    from textual.widgets import Static

    from hdtui.ui.screens.compose import ComposeScreen
    from hdtui.ui.screens.confirm import ConfirmScreen
    from hdtui.ui.screens.error import ErrorModal

    # "none": a sending address but no server (without one, r says so before the editor).
    sections = BAD["smtp"] if smtp == "wrong" else \
        {"smtp": {"from_address": "help@example.org"}}
    setup = build(config(ui_mailbox, test_key, tmp_path, **sections), False, False)
    try:
        app = _app(setup, {}, "default", config(ui_mailbox, test_key, tmp_path))
        async with app.run_test(size=(140, 40)) as pilot:
            await read_a_message(app, pilot)
            await wait_until(pilot, lambda: app.actions is not None, what="the actions")
            await pilot.press("r")
            editor = await shown(pilot, ComposeScreen, "the reply editor")
            said = str(editor.query_one("#compose-cannot-send", Static).render())
            start = ("⚠ Cannot be sent: SMTP not set up: [smtp] security = \"plain\" is "
                     "allowed only to" if smtp == "wrong" else
                     "⚠ Cannot be sent: No [smtp] host is configured: nothing can be sent.")
            assert said.startswith(start), said
            await pilot.press("ctrl+s")
            confirm = await shown(pilot, ConfirmScreen, "the preview")
            assert isinstance(confirm, ConfirmScreen)
            assert start in confirm.body.plain  # in the preview too, before the y
            await pilot.press("y")
            error = await shown(pilot, ErrorModal, "the error")
            assert isinstance(error, ErrorModal)
            if smtp == "wrong":  # the title says it: the text does not say it again
                assert error.error_title == "SMTP not set up"
                assert error.message.startswith("[smtp] security = \"plain\" is allowed")
    finally:
        setup.close()


async def test_no_gnupg_home_is_said_at_start_and_plain_messages_are_read(
    ui_mailbox: Path, test_key: KeyPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "gnupg"
    monkeypatch.setenv("GNUPGHOME", str(missing))  # no [gpg] home: gpg's own, not there
    without = config(ui_mailbox, test_key, tmp_path, gpg={})
    setup = build(without, False, False)
    try:
        said = [n for n in setup.notices if "GnuPG home" in n]
        assert said == [f"No GnuPG home at {missing}: set [gpg] home to the Help Desk's "
                        "keyring (hdtui never creates one); encrypted reports stay unread "
                        "until then."]
        app = _app(setup, {}, "default", without)
        async with app.run_test(size=(140, 40)) as pilot:
            await read_a_message(app, pilot)
            shown = [str(n.message) for n in said_each(app)]
            assert sum("GnuPG home" in n for n in shown) == 1, shown
            assert setup.triage.undecryptable() > 0  # the encrypted ones, counted
            rows = app.screen.query_one(QueueTable).rows
            assert any(r.decrypt is DecryptState.PLAIN for r in rows)  # the plain ones read
    finally:
        setup.close()
    assert not missing.exists()
