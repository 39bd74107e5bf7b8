"""Provides ComposeHost: a bare App that opens ComposeScreen on a draft and keeps the outcome."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from textual.app import App

from hdtui.domain.compose import Draft, DraftKind
from hdtui.ui.app import HdtuiApp
from hdtui.ui.screens.compose import ComposeOutcome, ComposeScreen, KeyImporter

APP_TCSS = Path(__file__).parents[2] / "hdtui" / "ui" / "app.tcss"

NOT_SET = object()


def reply(body: str = "Hello,\n\nThank you for your report.\n", **changes: object) -> Draft:
    """A plain, unencrypted reply draft to one user."""
    draft = Draft(kind=DraftKind.REPLY, to=("Jane Doe <jane@example.org>",),
                  subject="Re: Bug report: 8c1f3e0a", body=body,
                  in_reply_to="<report@example.org>", report_id="8c1f3e0a")
    return replace(draft, **changes)  # type: ignore[arg-type]


class ComposeHost(App[ComposeOutcome | None]):
    """Pushes one ComposeScreen; `outcome` holds what it was dismissed with."""

    CSS_PATH = str(APP_TCSS)
    HORIZONTAL_BREAKPOINTS = HdtuiApp.HORIZONTAL_BREAKPOINTS  # sized as in the app
    VERTICAL_BREAKPOINTS = HdtuiApp.VERTICAL_BREAKPOINTS

    def __init__(self, draft: Draft, missing: Sequence[str] = (), title: str = "Reply",
                 exit_after: bool = False, keys: KeyImporter | None = None,
                 why: str = "") -> None:
        super().__init__()
        self.draft = draft
        self.missing = tuple(missing)
        self.compose_title = title
        self.why = why
        self.exit_after = exit_after
        self.keys = keys
        self.outcome: object = NOT_SET

    def on_mount(self) -> None:
        """Open the compose screen at once."""
        self.push_screen(ComposeScreen(self.draft, "Help Desk <help@example.org>",
                                       self.missing, self.compose_title, keys=self.keys,
                                       why=self.why),
                         self.closed)

    def closed(self, outcome: ComposeOutcome | None) -> None:
        """Keep the outcome (and leave, when run as a program)."""
        self.outcome = outcome
        if self.exit_after:
            self.exit(outcome)
