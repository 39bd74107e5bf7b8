"""Provides the Help Desk process, pure: the reproduce checklist and the recorded outcome.

The Help Desk reproduces a problem only when three conditions hold (docs/process.md §2): the
report brings new information, it affects at least one persona, and reproducing it takes
under 30 minutes. `ReproduceState` holds which conditions were checked, when the
30-minute attempt started and how it ended; `reproduction_line` says it in one line for
forwards and issues.

`Outcome` is the decision not to answer: "no reply needed", or "stop answering" with one of
the three reasons of the process. The shared mark ($HDNoReply) says only that no reply is
expected; the reason is kept locally.

Pure: no I/O and no clock; "now" is always passed in (epoch seconds).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hdtui.domain.marks import Mark

REPRODUCE_MINUTES = 30
"""The longest the Help Desk spends reproducing one problem."""

_REPRODUCE_SECONDS = REPRODUCE_MINUTES * 60


class Condition(StrEnum):
    """One condition that must hold before the Help Desk tries to reproduce a problem."""

    NEW_INFORMATION = "new-information"
    AFFECTS_PERSONA = "affects-persona"
    QUICK = "under-30-minutes"

    @property
    def label(self) -> str:
        """The condition as a short sentence for the checklist."""
        return _CONDITION_LABELS[self]


_CONDITION_LABELS = {
    Condition.NEW_INFORMATION: "New information: not a known issue, not reported before",
    Condition.AFFECTS_PERSONA: "Affects at least one persona",
    Condition.QUICK: f"Reproducible in under {REPRODUCE_MINUTES} minutes",
}

PERSONAS: tuple[tuple[str, str], ...] = (
    ("Riou", "Censorship Evader (primary): student activist, slow Internet"),
    ("Cris", "Information Gatherer (secondary): journalist, not techy"),
    ("Kim", "Surveilled at Home (secondary): monitored, little time"),
    ("Derya", "Privacy Advocate (lowest): tries every privacy tool"),
)
"""The Tails personas (name, one-line description), in priority order (docs/process.md §5).

Short enough to fit one line of the checklist on an 80-column terminal."""


class Reproduction(StrEnum):
    """How an attempt to reproduce a problem ended."""

    REPRODUCED = "reproduced"
    NOT_REPRODUCED = "not reproduced"
    GAVE_UP = "gave up"


@dataclass(frozen=True, slots=True)
class ReproduceState:
    """The reproduce checklist of one report: conditions checked, timer, result."""

    conditions: frozenset[Condition] = frozenset()
    started_at: float | None = None
    """When the 30-minute attempt started (epoch seconds), or None."""
    result: Reproduction | None = None
    finished_at: float | None = None
    """When the result was recorded (epoch seconds), or None."""

    @property
    def all_hold(self) -> bool:
        """Whether every condition is checked, so reproducing is worth trying."""
        return self.conditions >= frozenset(Condition)

    @property
    def running(self) -> bool:
        """Whether an attempt is under way (started, no result yet)."""
        return self.started_at is not None and self.result is None

    @property
    def deadline(self) -> float | None:
        """When the running attempt's 30 minutes are up (epoch seconds), or None."""
        if not self.running or self.started_at is None:
            return None
        return self.started_at + _REPRODUCE_SECONDS

    def remaining(self, now: float) -> float | None:
        """Seconds left of the running attempt (0 once time is up), or None if none runs."""
        deadline = self.deadline
        return None if deadline is None else max(0.0, deadline - now)

    def toggle(self, condition: Condition) -> ReproduceState:
        """A copy with ``condition`` checked or unchecked."""
        return ReproduceState(self.conditions ^ {condition}, self.started_at, self.result,
                              self.finished_at)

    def start(self, now: float) -> ReproduceState:
        """A copy with the attempt started at ``now`` (any earlier result is cleared).

        Raises ValueError unless every condition holds: the process says not to try.
        """
        if not self.all_hold:
            raise ValueError("Reproduce only when all three conditions hold.")
        return ReproduceState(self.conditions, now, None, None)

    def record(self, result: Reproduction, now: float) -> ReproduceState:
        """A copy with the attempt's result recorded at ``now``."""
        return ReproduceState(self.conditions, self.started_at, result, now)


def _minutes(seconds: float) -> int:
    """Whole minutes, at least 1."""
    return max(1, round(seconds / 60))


def reproduction_line(state: ReproduceState) -> str:
    """One line for forward and issue text: whether and how quickly it was reproduced."""
    took: int | None = None
    if state.started_at is not None and state.finished_at is not None:
        took = _minutes(max(0.0, state.finished_at - state.started_at))
    if state.result is Reproduction.REPRODUCED:
        return f"Reproduced by Help Desk in {took} minutes" if took else \
            "Reproduced by Help Desk"
    if state.result is Reproduction.NOT_REPRODUCED:
        return "Not reproduced"
    if state.result is Reproduction.GAVE_UP:
        return f"Help Desk gave up after {took} minutes" if took else "Help Desk gave up"
    return "Not tried"


class StopReason(StrEnum):
    """Why the Help Desk stops answering a conversation (docs/process.md §2, step 8)."""

    GATHERED = "information gathered"
    CANNOT_IMPROVE = "cannot realistically improve"
    LOW_PRIORITY = "low priority"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What was decided about answering a message.

    ``no_reply=True`` with no reason is "no reply needed"; with a reason it is "stop
    answering" for that reason. ``no_reply=False`` (no reason allowed) means a reply is
    expected again, i.e. the outcome was cleared.
    """

    no_reply: bool
    reason: StopReason | None = None

    def __post_init__(self) -> None:
        if self.reason is not None and not self.no_reply:
            raise ValueError("A stop reason means no reply: set no_reply=True.")

    @classmethod
    def stop_answering(cls, reason: StopReason) -> Outcome:
        """Stop answering for ``reason``."""
        return cls(True, reason)

    @classmethod
    def not_needed(cls) -> Outcome:
        """No reply needed."""
        return cls(True, None)

    @property
    def label(self) -> str:
        """``stop answering: low priority``, ``no reply needed`` or ``reply expected``."""
        if self.reason is not None:
            return f"stop answering: {self.reason.value}"
        return "no reply needed" if self.no_reply else "reply expected"

    @property
    def mark(self) -> Mark | None:
        """The shared mark this outcome sets ($HDNoReply), or None."""
        return Mark.NO_REPLY if self.no_reply else None
