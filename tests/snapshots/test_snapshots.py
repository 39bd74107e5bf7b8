"""A few screens of the demo at fixed sizes, compared with committed SVG snapshots."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from hdtui.cli import Setup
from hdtui.ui.app import HdtuiApp
from tests.support.demo_ui import open_wifi_report, settle


def demo_app(demo_setup: Callable[..., Setup], read_only: bool = False) -> HdtuiApp:
    setup = demo_setup(read_only=read_only)
    return HdtuiApp(setup.triage, {}, "default", setup.label)


def test_queue_at_80x24(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    assert snap_compare(demo_app(demo_setup), terminal_size=(80, 24), run_before=settle)


def test_report_with_a_section_open(snap_compare: Any, demo_setup: Callable[..., Setup]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_wifi_report(pilot)
        await pilot.press("2", "space")
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
