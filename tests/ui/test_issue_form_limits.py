"""The issue form refuses a title GitLab would refuse (over 255 characters) before anything
is sent, says why, and keeps the draft to be shortened (docs/gitlab-writes.md)."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Static

from hdtui.domain.issue_draft import IssueDraft
from hdtui.ui.screens.issue_form import IssueFormScreen
from tests.support.pilot import said_each
from tests.ui.test_forms import DRAFT, Host, dismissed


async def test_a_title_over_255_characters_is_refused_and_the_draft_kept() -> None:
    long_title = "Wi-Fi " + "very " * 50 + "slow"  # 260 characters
    modal = IssueFormScreen(replace(DRAFT, title=long_title))
    app = Host(modal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        warning = str(modal.query_one("#issue-warning", Static).render())
        assert "260 characters" in warning  # said as soon as the form opens
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not modal.previewing and not app.results
        toasts = [str(n.message) for n in said_each(app)]
        assert any("260 characters" in m and "255" in m for m in toasts)
        assert modal.edited().title == long_title  # nothing lost
        await pilot.press("home", *["delete"] * 10)  # shorter: now it previews
        assert "characters" not in str(modal.query_one("#issue-warning", Static).render())
        await pilot.press("ctrl+s", "y")
        await dismissed(pilot, app)
    [draft] = app.results
    assert isinstance(draft, IssueDraft) and len(draft.title) <= 255
