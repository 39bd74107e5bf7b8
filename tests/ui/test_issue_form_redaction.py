"""Pilot test: the issue form points at doubtful lines instead of "no personal data"."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Static

from hdtui.domain.redact import ADDRESS_LIKE, NOTHING_FOUND, Uncertain
from hdtui.ui.screens.issue_form import IssueFormScreen
from tests.ui.test_forms import DRAFT, Host


async def test_issue_form_points_at_uncertain_lines() -> None:
    draft = replace(DRAFT, stripped=(), uncertain=(Uncertain(3, ADDRESS_LIKE),))
    modal = IssueFormScreen(draft)
    async with Host(modal).run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        note = str(modal.query_one("#issue-stripped", Static).render())
    assert NOTHING_FOUND not in note
    assert f"line 3: {ADDRESS_LIKE}" in note


async def test_issue_form_says_nothing_found_only_when_sure() -> None:
    modal = IssueFormScreen(replace(DRAFT, stripped=(), uncertain=()))
    async with Host(modal).run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        note = str(modal.query_one("#issue-stripped", Static).render())
    assert note == NOTHING_FOUND
