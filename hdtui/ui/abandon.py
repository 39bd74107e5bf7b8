"""Ending a worker's long job once the app has cancelled the worker.

The app cancels its workers as it exits (a quit, a hang-up). A thread cannot be stopped
from outside, and Python waits for every worker's thread before the process ends: a job
that never looks would go on, unseen, after the TUI is gone (a first read of the whole
mailbox, the counting of every report), and the member's shell would wait for it
(docs/cold-start.md, "Quitting during a first read"). Such jobs call ``still_wanted`` as
they go (from their progress callbacks), which raises ``Abandoned`` in a cancelled worker.
"""

from __future__ import annotations

import contextlib

from textual.worker import NoActiveWorker, get_current_worker


class Abandoned(Exception):
    """Raised in a worker the app cancelled: nothing is left to show the result to."""


def still_wanted(*_progress: int) -> None:
    """Raise ``Abandoned`` if the current worker was cancelled; nothing outside a worker.
    Takes (and ignores) a progress callback's ``done, total``, so it can be one."""
    with contextlib.suppress(NoActiveWorker):
        if get_current_worker().is_cancelled:
            raise Abandoned
