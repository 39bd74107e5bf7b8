"""Provides how a failure reaches the member, decided by the error's class, never its title.

A ConnectionProblem (the server is out of reach) becomes ``Offline``: the reconnect banner,
the cached queue kept. Any other HdtuiError becomes ``ActionFailed``: a warning for a
ReadOnlyError, ConflictError or WriteKept (a GitLab write kept in the outbox to retry:
``is_warning``), an error dialog otherwise. A draft that cannot be built (ComposeError, a
domain error) is a dialog too, so no key ever seems to do nothing; an unexpected
exception (a bug) is a dialog naming only its type and place, since its text might hold a
secret or a message's content (docs/secrets.md).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Mapping

from textual.message import Message
from textual.message_pump import MessagePump

from hdtui.errors import ConflictError, ConnectionProblem, HdtuiError, ReadOnlyError, WriteKept
from hdtui.ui.messages import ActionFailed, Offline


def failure_message(error: Exception) -> Message:
    """What a worker posts for ``error`` (see the module)."""
    if isinstance(error, ConnectionProblem):
        return Offline(error.message)
    if isinstance(error, HdtuiError):
        return ActionFailed(error)
    if isinstance(error, _compose_error()):
        return ActionFailed(HdtuiError(str(error), "Cannot write this message"))
    return ActionFailed(bug(error, "This action failed", "Action failed"))


def _compose_error() -> type[Exception]:
    """ComposeError, imported when a failure is looked at: the first frame builds no draft
    and does not import the message builder (docs/benchmarks.md, "Warm start imports",
    session 9)."""
    from hdtui.domain.compose import ComposeError

    return ComposeError


NOT_EVERYTHING = "Not everything happened"
"""The title of the box listing what an action or a background job did not do."""

SHIFT_MODE_BINDING = "toggle-shift-mode"
"""The binding id of the action that switches between a read-only skim and a shift."""


def shift_key(keymap: Mapping[str, str]) -> str:
    """The key that starts a normal shift: the member's keymap, else the binding's own."""
    keys = keymap.get(SHIFT_MODE_BINDING)
    if not keys:
        from hdtui.ui.flows import FLOW_BINDINGS  # the flows import this module

        keys = next((b.key for b in FLOW_BINDINGS if b.id == SHIFT_MODE_BINDING), "")
    from hdtui.ui.keys import display_keys

    return display_keys(keys.split(",")[0]) if keys else ""


def refusal(error: ReadOnlyError, keymap: Mapping[str, str]) -> str:
    """A read-only skim's refusal, with the key that starts a normal shift (docs/skim.md)."""
    key = shift_key(keymap)
    return f"{error.message} Press {key} to start one." if key else error.message


def warning_text(error: HdtuiError, keymap: Mapping[str, str]) -> str:
    """What a warning toast says: a refusal in a skim names the key out of it."""
    return refusal(error, keymap) if isinstance(error, ReadOnlyError) else error.message


def is_warning(error: HdtuiError) -> bool:
    """Whether the failure is a warning toast (a refused write in a skim, someone faster,
    a GitLab write kept in the outbox to retry) rather than a dialog."""
    return isinstance(error, (ReadOnlyError, ConflictError, WriteKept))


def bug(error: BaseException, what: str, title: str, retry: str = "") -> HdtuiError:
    """An unexpected exception as an error the member can report: its type and the place it
    was raised, never its text."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames \
        else "an unknown place"
    return HdtuiError(f"{what} because of a bug in hdtui ({type(error).__name__} at {where}). "
                      f"Please report it{retry}.", title)


def deliver(node: MessagePump, job: Callable[[], Iterable[Message]]) -> None:
    """Run a blocking job (in a worker thread) and post its messages to ``node``, or its
    failure (see the module)."""
    try:
        messages = list(job())
    except Exception as error:
        if not isinstance(error, (HdtuiError, _compose_error())):
            raise
        node.post_message(failure_message(error))
        return
    for message in messages:
        node.post_message(message)
