"""A few screens of the demo at fixed sizes, compared with committed SVG snapshots."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from hdtui.ui.app import HdtuiApp
from hdtui.ui.widgets.mailbox_feed import MailboxFeed
from hdtui.wiring import Setup
from tests.support.demo_ui import create_from_form, open_wifi_report, settle
from tests.support.demo_ui import demo_app as full_demo_app
from tests.support.pilot import wait_until

HOME = (80, 24)
"""The home size (docs/layouts.md): every screen and form has a snapshot at it."""


def demo_app(demo_setup: Callable[..., Setup], read_only: bool = False) -> HdtuiApp:
    setup = demo_setup(read_only=read_only)
    return HdtuiApp(setup.triage, {}, "default", setup.label)


def test_queue_at_80x24(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert snap_compare(demo_app(demo_setup), terminal_size=(80, 24), run_before=settle)


def test_report_with_a_section_open(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_wifi_report(pilot)
        await pilot.press("enter")  # 80x24: the report, full-screen
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)

    assert snap_compare(demo_app(demo_setup), terminal_size=(80, 24), run_before=run_before)


def test_wide_terminal(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert snap_compare(demo_app(demo_setup), terminal_size=(160, 40),
                        run_before=open_wifi_report)


def test_read_only_skim(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert snap_compare(demo_app(demo_setup, read_only=True), terminal_size=(80, 24),
                        run_before=settle)


def test_help(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(demo_app(demo_setup), terminal_size=(80, 24), run_before=run_before)


# --- every screen and form at 80x24, the home size (docs/layouts.md) -----------------------


def keys_on_wifi_report(*keys: str, opened: bool = True) -> Callable[[Pilot[None]], Any]:
    """Put the cursor on the demo's Wi-Fi report, open it (enter: the pager's report) and
    press ``keys``, each followed by settling."""
    async def run_before(pilot: Pilot[None]) -> None:
        await open_wifi_report(pilot)
        # The queue is counted a moment after it loads: the issues pane's likely counts.
        feed = pilot.app.screen.query_one(MailboxFeed)
        await wait_until(pilot, lambda: feed.counted, what="the queue counted")
        await settle(pilot)
        if opened:
            await pilot.press("enter")
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        # No toast left over: a snapshot shows the screen, not a passing message.
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


def home(snap_compare: Any, demo_setup: Callable[..., Setup], *keys: str,
         opened: bool = True, read_only: bool = False) -> bool:
    setup = demo_setup(read_only=read_only)
    if setup.autoreply is not None:  # the screen names it: not the test's temporary path
        setup.autoreply.save_dir = Path("/srv/hdtui-snapshot/replies")
    app = full_demo_app(setup)
    return bool(snap_compare(app, terminal_size=HOME,
                             run_before=keys_on_wifi_report(*keys, opened=opened)))


def test_home_pager_report(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert home(snap_compare, demo_setup)


def test_home_pager_issues(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert home(snap_compare, demo_setup, "3")


def test_home_pager_replies(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert home(snap_compare, demo_setup, "4")


def test_home_compose(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert home(snap_compare, demo_setup, "r")


def test_home_forward_form(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert home(snap_compare, demo_setup, "f")


def test_home_issue_link_instead(snap_compare: Any,
                                 demo_setup: Callable[..., Setup]) -> None:
    assert home(snap_compare, demo_setup, "I")


def test_home_issue_form(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert home(snap_compare, demo_setup, "I", "down", "enter")


def test_home_issue_created(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    """The report after its issue was created: the confirmation, whole, over the footer
    and the status line, the report's lines all shown (docs/layouts.md, "Notices")."""
    async def run_before(pilot: Pilot[None]) -> None:
        await keys_on_wifi_report("I", "down", "enter")(pilot)
        await create_from_form(pilot)

    app = full_demo_app(demo_setup())
    app.NOTIFICATION_TIMEOUT = 600  # the notice still shown however loaded the machine
    assert snap_compare(app, terminal_size=HOME, run_before=run_before)


def test_home_alert_pick(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert home(snap_compare, demo_setup, "A")


def test_home_reproduce_checklist(snap_compare: Any,
                                  demo_setup: Callable[..., Setup]) -> None:
    assert home(snap_compare, demo_setup, "R")


def test_home_outcome(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert home(snap_compare, demo_setup, "x")


def test_home_note(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert home(snap_compare, demo_setup, "N")


def test_home_outbox(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert home(snap_compare, demo_setup, "ctrl+o", opened=False)


def test_home_hot_topics(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert home(snap_compare, demo_setup, "H", opened=False)


def test_home_releases(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert home(snap_compare, demo_setup, "L", opened=False)


def test_home_auto_reply(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert home(snap_compare, demo_setup, "U", opened=False)


def test_home_read_only_pager(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert home(snap_compare, demo_setup, read_only=True)


def test_home_read_only_form(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    # A form covers the screen but its first line: READ-ONLY stays visible.
    assert home(snap_compare, demo_setup, "N", read_only=True)
