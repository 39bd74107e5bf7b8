"""Provides Flow, what an action's flow works with, and ``start``, which runs one.

A flow runs as a Textual worker on the UI thread's event loop, so it may touch widgets and
push screens; ``ask`` pushes a form and waits for the member's answer (Textual's
``push_screen_wait``, which only works from a worker), ``run`` moves a blocking call (the
services: IMAP, SMTP, GitLab, the store) to a thread and waits for it. A failure anywhere
in a flow is shown by its class (hdtui/ui/failures.py): flows have no try/except of their
own unless they do something particular with an error. See docs/actions.md.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar
from weakref import WeakSet

from textual.screen import Screen
from textual.worker import Worker, get_current_worker

from hdtui.domain.queue import Row
from hdtui.errors import ReadOnlyError
from hdtui.services.triage import Triage
from hdtui.ui.failures import NOT_EVERYTHING, failure_message, refusal
from hdtui.ui.messages import RowChanged
from hdtui.ui.widgets.queue_view import QueueView

if TYPE_CHECKING:
    from hdtui.domain.kept_form import KeptForm
    from hdtui.domain.link_outcome import LinkOutcome
    from hdtui.services.acting import Actions  # built after the first frame
    from hdtui.ui.screens.inbox import InboxScreen

T = TypeVar("T")
P = ParamSpec("P")

ASKING: WeakSet[Worker[None]] = WeakSet()
"""The flows waiting for the member's answer to a form (not busy: see ``waiting``)."""


def waiting(worker: Worker[object]) -> bool:
    """Whether ``worker`` is a flow waiting for the member to answer a form."""
    return worker in ASKING


class Flow:
    """What one run of an action works with: the main screen, its services, the queue."""

    def __init__(self, screen: InboxScreen, seen: Row | None = None) -> None:
        self.screen = screen
        self.seen = seen
        """The row under the cursor as the screen showed it when the key was pressed
        (``QueueTable.seen``): a change read from the server since may be in the queue,
        not yet drawn (docs/marks.md, "What the claim key decides")."""
        self.app = screen.app
        self.triage: Triage = screen.triage
        self.actions: Actions | None = screen.actions
        self.queue: QueueView = screen.queue

    # -- what the action applies to --------------------------------------------------

    def current(self) -> Row | None:
        """The message under the cursor, or None after saying there is none."""
        row = self.queue.table.current
        if row is None:
            self.warn("No message selected.")
        return row

    def row_of(self, key: str) -> Row | None:
        """The message ``key``, or None after saying it is not in the queue any more."""
        row = self.triage.row(key)
        if row is None:
            self.warn("That message is no longer in the queue.")
        return row

    def needs_actions(self) -> Actions | None:
        """The actions, or None after saying this session has none."""
        if self.actions is None:
            self.warn("Actions are not available in this session.")
        return self.actions

    def writable(self, what: str) -> bool:
        """Whether ``what`` may change anything now; False after saying why not (a
        read-only skim refuses before any form opens; the services refuse too)."""
        try:
            self.triage.ensure_writable(what)  # the services' own check and words
        except ReadOnlyError as error:
            self.warn(refusal(error, getattr(self.app, "keymap", {})), error.title)
            return False
        return True

    def acting(self, what: str, in_skim: bool = False,
               key: str | None = None) -> tuple[Row, Actions] | None:
        """The message under the cursor (or the message ``key``: a form kept through a
        hang-up) and the actions, or None after saying why not (a read-only skim refuses,
        unless ``in_skim``: reporting a problem back to the project, docs/skim.md)."""
        row = self.current() if key is None else self.row_of(key)
        if row is not None and row.provisional:
            # Shown from its headers (a cold start): the body these actions need is being
            # read right now (docs/cold-start.md).
            self.warn("Still reading this message: only its headers are in yet. Try again "
                      "in a moment, once its row is no longer dimmed.", "Still reading")
            return None
        actions = self.needs_actions()
        if row is None or actions is None or not (in_skim or self.writable(what)):
            return None
        return row, actions

    # -- asking, running, saying ---------------------------------------------------------

    async def ask(self, form: Screen[T]) -> T:
        """Show a form (or any screen) and wait for what it is dismissed with."""
        worker = get_current_worker()
        ASKING.add(worker)
        try:
            return await self.app.push_screen_wait(form)
        finally:
            ASKING.discard(worker)

    async def run(self, job: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a blocking call in a thread and wait for its result (or its error)."""
        return await asyncio.to_thread(job, *args, **kwargs)

    def say(self, text: str, title: str, problems: tuple[str, ...] = ()) -> None:
        """Say what the action did, and anything that did not happen."""
        self.app.notify(text, title=title, markup=False)
        self.screen.say_problems(NOT_EVERYTHING, problems)  # a box, until read

    def said_links(self, outcome: LinkOutcome, ref: str) -> None:
        """Say what linking several reports to issue ``ref`` did, as hot topics' ``l``
        says it (``link_said``): a warning when some were not linked, the reason once,
        each report in a box."""
        from hdtui.domain.link_outcome import failure_box, link_said

        title, text = link_said(outcome, ref)
        if outcome.failures:
            self.warn(text, title)
            self.screen.say_problems(title, [failure_box(outcome, ref)])
        else:
            self.say(text, title)

    def still_kept(self, kept: KeptForm | None) -> None:
        """A form opened with what was kept through a hang-up (``kept``) closed without
        its work done: the kept form stays as it was, and the member is told so (it is
        forgotten only once saved, sent, or thrown away at the offer: docs/store.md,
        "Forms kept through a hang-up")."""
        if kept is not None:
            from hdtui.domain.kept_form import still_kept

            self.say(still_kept(kept.kind), "Still kept")

    def warn(self, text: str, title: str = "") -> None:
        """Say why the action does nothing."""
        self.app.notify(text, title=title, severity="warning", markup=False)

    def changed(self, row: Row | None) -> None:
        """Show a message's new state (its marks, its note) in the queue and the report."""
        if row is not None:
            self.screen.post_message(RowChanged(row))


def start(screen: InboxScreen, flow: Callable[Concatenate[Flow, P], Awaitable[None]],
          *args: P.args, **kwargs: P.kwargs) -> Worker[None]:
    """Run an action's flow as a worker of ``screen``; its failure is shown by its class.
    The row on screen under the cursor is taken now, as the key is handled: the worker
    starts later, maybe after a change read from the server was put in the queue."""
    seen = screen.queue.table.seen

    async def run() -> None:
        try:
            # A key pressed in the first frame: the report, issues and replies it may read
            # are mounted right after it (docs/benchmarks.md, "Session 13: warm first rows").
            await screen.report_pane.parts_mounted()
            await flow(Flow(screen, seen), *args, **kwargs)
        except Exception as error:  # a worker would drop it: the key would seem dead
            screen.post_message(failure_message(error))

    return screen.run_worker(run, name=getattr(flow, "__name__", "flow"), group="flows",
                             exit_on_error=False)
