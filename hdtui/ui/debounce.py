"""Provides Debounce: act once the member pauses (the cursor resting on a message, the
filter box no longer typed in), not on every key."""

from __future__ import annotations

from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer


class Debounce:
    """Calls ``callback`` once, ``delay`` seconds after the last ``poke``; ``pending`` says
    whether a call is still to come (tests wait on it instead of sleeping)."""

    def __init__(self, owner: MessagePump, delay: float, callback: Callable[[], object]) -> None:
        self.owner = owner
        self.delay = delay
        self.callback = callback
        self._timer: Timer | None = None

    @property
    def pending(self) -> bool:
        """Whether the callback is still to be called."""
        return self._timer is not None

    def poke(self) -> None:
        """Call the callback ``delay`` seconds from now (and not at any earlier time)."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.owner.set_timer(self.delay, self.fire)

    def fire(self) -> None:
        """Call the callback now, if it is still to be called."""
        if self._timer is None:
            return
        self._timer.stop()
        self._timer = None
        self.callback()

    def cancel(self) -> None:
        """Do not call the callback."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
