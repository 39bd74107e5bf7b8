"""No silent key: the footer greys what cannot apply now (with why), the palette says why,
and every key still acts or says why not (hdtui/ui/applicable.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hdtui.ui.app import HdtuiApp
from hdtui.ui.applicable import Situation, why_not
from hdtui.ui.screens.inbox import InboxScreen
from hdtui.wiring import Setup
from tests.support.demo_ui import demo_app, open_wifi_report, settle
from tests.support.pilot import said, said_each

MESSAGE_KEYS = ("c", "m", "o", "N", "l", "t", "r", "f", "F", "I", "A", "R", "x", "i")
"""The main screen's keys that act on the message under the cursor."""
EVERYTHING = Situation(has_message=True, read_only=False, has_actions=True, has_issue=True,
                       teams=2, xmpp_teams=1, shift_key="ctrl+t")


def inbox(app: HdtuiApp) -> InboxScreen:
    assert isinstance(app.screen, InboxScreen)
    return app.screen


def footer(app: HdtuiApp, key: str) -> tuple[bool, str]:
    """Whether the footer shows ``key`` enabled, and its tooltip."""
    active = inbox(app).active_bindings[key]
    return active.enabled, active.tooltip


@pytest.mark.parametrize(("action", "changed", "why"), [
    ("reply", {"has_message": False}, "no message under the cursor"),
    ("reply", {"read_only": True}, "not in a read-only skim (ctrl+t)"),
    ("reply", {"read_only": True, "shift_key": "f9"}, "not in a read-only skim (f9)"),
    ("reply", {"read_only": True, "shift_key": ""}, "not in a read-only skim"),
    ("create_issue", {"read_only": True}, None),  # a skim reports back
    ("alert_team", {"read_only": True}, None),
    ("report_ids_on_issue", {"read_only": True}, None),
    ("link_issue", {"has_issue": False}, "no known issue in the issues pane"),
    ("forward", {"teams": 0}, "no team configured ([[teams]])"),
    ("alert_team", {"xmpp_teams": 0}, "no team has an XMPP room ([[teams]] xmpp)"),
    ("reply", {"has_actions": False}, "actions are not available in this session"),
    ("edit_note", {"has_actions": False, "read_only": True}, None),
    ("cycle_sort", {"has_message": False}, None),
])
def test_why_an_action_cannot_apply(action: str, changed: dict[str, object],
                                    why: str | None) -> None:
    assert why_not(action, EVERYTHING) is None
    assert why_not(action, EVERYTHING._replace(**changed)) == why  # type: ignore[arg-type]


async def test_a_skim_leaves_the_mailbox_writes_out_of_the_footer_and_they_say_why(
        demo_setup: Callable[..., Setup]) -> None:
    """A skim never allows a mailbox write: its keys are not in the footer (which shows
    what acts, docs/skim.md), the palette says why, and the key still says why."""
    app = demo_app(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        assert footer(app, "r") == (True, "")
        await pilot.press("ctrl+t")  # a read-only skim
        await settle(pilot)
        shown = inbox(app).active_bindings
        assert "r" not in shown and "c" not in shown and "m" not in shown
        assert footer(app, "slash")[0] is True and footer(app, "I") == (True, "")
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert commands["Reply"].endswith("not now: not in a read-only skim (ctrl+t)")
        assert "not now" not in commands["New issue"]  # reporting back
        await pilot.press("r")  # greyed, yet not silent
        await settle(pilot)
        assert "read-only skim: replying is not allowed" in said(app)
        assert "Start a normal shift to change anything. Press ctrl+t to start one." \
            in said(app)
        await pilot.press("ctrl+t")  # out of a skim: it asks first
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert footer(app, "r") == (True, "")


async def test_the_skim_s_footer_at_80x24_shows_only_what_acts(
        demo_setup: Callable[..., Setup]) -> None:
    """At 80x24 the skim's footer showed c Claim and m Triaged greyed, which a skim
    refuses; now they are left out and the keys shown all act (c still says why)."""
    from textual.widgets._footer import FooterKey

    from hdtui.ui.widgets.fitted_footer import FittedFooter

    app = demo_app(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")  # a read-only skim
        await settle(pilot)
        await pilot.pause()
        keys = [key for key in app.screen.query_one(FittedFooter).query(FooterKey)
                if key.display]
        assert keys and all(not key.has_class("-disabled") for key in keys)
        assert {key.description for key in keys}.isdisjoint({"Claim", "Triaged"})
        await pilot.press("c")
        await settle(pilot)
        assert "read-only skim" in said(app)


async def test_every_message_key_on_an_empty_queue_says_why(
        demo_setup: Callable[..., Setup]) -> None:
    app = demo_app(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        inbox(app).queue.load([])
        await settle(pilot)
        assert footer(app, "r") == (False, "Not now: no message under the cursor")
        for key in MESSAGE_KEYS:
            before = len(said_each(app))
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, InboxScreen), key
            assert len(said_each(app)) > before, f"{key} said nothing"


async def test_r_in_an_issue_preview_is_hidden_and_says_why(
        demo_setup: Callable[..., Setup]) -> None:
    from hdtui.ui.screens.preview import PreviewScreen

    app = demo_app(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("3", "enter")  # the best match's description
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PreviewScreen) and not screen.can_reply
        assert "r" not in screen.active_bindings
        await pilot.press("r")
        await settle(pilot)
        assert app.screen is screen
        assert "This is not a standard reply" in said(app)


async def test_enter_on_an_empty_pane_says_why(demo_setup: Callable[..., Setup]) -> None:
    app = demo_app(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        inbox(app).queue.load([])
        await settle(pilot)
        await pilot.press("3", "enter")
        await settle(pilot)
        assert "No known issue here to open" in said(app)
        await pilot.press("4", "enter")
        await settle(pilot)
        assert "No reply here to preview" in said(app)
        assert isinstance(app.screen, InboxScreen)


async def test_a_refusal_in_a_skim_names_the_member_s_own_key_for_a_shift(
        demo_setup: Callable[..., Setup]) -> None:
    """The key out of a skim comes from the keymap in use, not from the default binding."""
    setup = demo_setup()
    app = HdtuiApp(setup.triage, {"toggle-shift-mode": "f9"}, "mine", setup.label,
                   actions=setup.actions, insight=setup.insight, releases=setup.releases,
                   autoreply=setup.autoreply)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("f9")  # a read-only skim, by the member's own key
        await settle(pilot)
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert commands["Reply"].endswith("not now: not in a read-only skim (f9)")
        await pilot.press("m")  # marking: refused by the services, in a toast
        await settle(pilot)
        toasts = said(app)
        assert "Press f9 to start one." in toasts and "ctrl+t" not in toasts
