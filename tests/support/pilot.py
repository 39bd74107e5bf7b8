"""Driving the app in Pilot tests by conditions, never by fixed pauses.

``settle`` waits until the app is idle: no worker busy (a flow waiting for the member to
answer a form does not count, nor does the IDLE watcher, which never ends), no debounce
pending (the cursor resting, the filter being typed), no animation running (a key that
scrolls moves ``scroll_y`` over several frames) and every message handled. ``wait_until``
waits for any condition. Both fail with what was still going on after their timeout.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.worker import WorkerState

from hdtui.ui.debounce import Debounce
from hdtui.ui.flows.flow import waiting

FOREVER = frozenset({"watch"})
"""Worker groups that run as long as the screen (listening to the server)."""


def busy(app: Any) -> list[str]:
    """What keeps the app from being idle (empty when it is idle)."""
    found = [f"worker {w.name or w.group}" for w in app.workers
             if w.state in (WorkerState.PENDING, WorkerState.RUNNING)
             and w.group not in FOREVER and not waiting(w)]
    for screen in app.screen_stack:
        for node in screen.walk_children(with_self=True):
            for value in getattr(node, "__dict__", {}).values():
                if isinstance(value, Debounce) and value.pending:
                    found.append(f"debounce of {type(node).__name__}")
    animator = app.animator  # CI under load read a scroll at 1.86 of its 2 lines
    if animator._animations or animator._scheduled:
        found.append("an animation")
    return found


async def settle(pilot: Pilot[Any], timeout: float = 20.0) -> None:
    """Wait until the app is idle twice in a row (what a worker posts can start more)."""
    deadline = time.monotonic() + timeout
    quiet = 0
    while quiet < 2:
        await pilot.pause(0)  # every message handled (no wait for the CPU to be idle)
        doing = busy(pilot.app)
        if doing:
            quiet = 0
            if time.monotonic() > deadline:
                raise AssertionError(f"still busy after {timeout} s: {', '.join(doing)}")
            await asyncio.sleep(0.01)
        else:
            quiet += 1


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool],
                     timeout: float = 10.0, what: str = "condition") -> None:
    """Wait until ``condition()`` holds, handling messages meanwhile."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not met in {timeout} s")
        await pilot.pause(0.02)


async def shown(pilot: Pilot[Any], kind: type[Any] | tuple[type[Any], ...], what: str,
                timeout: float = 10.0) -> Any:
    """Wait until a screen of ``kind`` (a class, or a tuple of them as ``isinstance``
    takes) is on top, composed and mounted, and return it: a screen is on top as soon as
    it is pushed, before its widgets exist (CI under load: NoMatches on a ComposeScreen
    read the moment it was pushed; a PickScreen dismissed before it was mounted failed in
    its own on_mount)."""
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind)
                     and pilot.app.screen.is_mounted, timeout=timeout, what=what)
    return pilot.app.screen


def notifications(app: Any) -> str:
    """The text of every toast on screen (a toast goes after its timeout, 5 s)."""
    return " ".join(str(n.message) for n in app._notifications)


def said(app: Any) -> str:
    """The text of every toast shown since the app started, gone ones too: under load the
    work before a wait can outlast a toast (CI: "Created #…" gone before it was read)."""
    return " ".join(str(n.message) for n in said_each(app))


def said_each(app: Any) -> list[Any]:
    """Each toast (a Textual Notification: message, title, severity) shown since the app
    started, in order, gone ones too: for a test that counts toasts or reads one whole."""
    return list(getattr(app._notifications, "shown", ()))


def keep_toasts(monkeypatch: Any) -> None:
    """Keep, for ``said``, every toast the app adds (Textual forgets those timed out)."""
    from textual.notifications import Notification, Notifications

    add = Notifications.add

    def adding(self: Notifications, notification: Notification) -> Notifications:
        self.__dict__.setdefault("shown", []).append(notification)
        return add(self, notification)

    monkeypatch.setattr(Notifications, "add", adding)


def screen_name(app: Any) -> str:
    """The class name of the screen on top."""
    return type(app.screen).__name__


def pumps_at_rest(app: Any) -> bool:
    """Whether no message waits in the queue of the app or of any node of its screens.

    A key travels through several queues: the app's, the focused widget's, then up through
    each parent (the key bubbles) back to the app, which runs the binding. Each hop posts
    it to the next queue while handling it, so until it has run its binding it is always
    in some queue whenever the event loop turns to another task.
    """
    nodes = [app] + [node for screen in app.screen_stack
                     for node in screen.walk_children(with_self=True)]
    return all(node._message_queue.empty() and node._pending_message is None
               for node in nodes)


AT_REST_TURNS = 3
"""Turns of the event loop the app must stay at rest (a key the driver sends reaches the
app's queue one turn after it is sent, through a task)."""


def quick_keys(monkeypatch: Any) -> None:
    """Make ``pilot.press`` wait for each key to be handled, not for the CPU to be idle.

    Textual's Pilot waits, after every key, until the whole process has been idle for a
    moment (up to a second): while any background thread works (decrypting, counting the
    queue), each key costs that second. Here a key is waited for until every message
    queue of the app and its screens has stayed empty for a few turns of the event loop:
    the key has then gone all the way up to the binding it runs. (A fixed few milliseconds
    were not enough under load: the key was still bubbling when ``press`` returned, and a
    test read the cursor before the binding moved it.) Tests wait for the work a key
    starts (workers, debounces) with ``settle`` and ``wait_until``.
    """
    import textual.app
    from textual._context import active_app

    async def handled(min_sleep: float = 0.0, max_sleep: float = 1.0) -> None:
        app = active_app.get()
        deadline = time.monotonic() + max(max_sleep, 5.0)
        quiet = 0
        while quiet < AT_REST_TURNS and time.monotonic() < deadline:
            await asyncio.sleep(0)
            quiet = quiet + 1 if pumps_at_rest(app) else 0

    monkeypatch.setattr(textual.app, "wait_for_idle", handled)


async def confirm(pilot: Pilot[Any], *keys: str, answer: str = "y") -> None:
    """Press ``keys``, wait for the question they open (a ConfirmScreen, composed), then
    answer it: typing the answer at once would race the flow's work before it asks."""
    from hdtui.ui.screens.confirm import ConfirmScreen

    await pilot.press(*keys)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen)
                     and bool(pilot.app.screen.query("#confirm-body")), what="the question")
    await pilot.press(answer)
