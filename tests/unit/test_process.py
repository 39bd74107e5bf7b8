"""The reproduce checklist and the recorded outcome, pure."""

from __future__ import annotations

import json

import pytest

from hdtui.domain.codec import from_data, to_data
from hdtui.domain.marks import Mark
from hdtui.domain.process import (
    PERSONAS,
    REPRODUCE_MINUTES,
    Condition,
    Outcome,
    ReproduceState,
    Reproduction,
    StopReason,
    reproduction_line,
)

T0 = 1_790_000_000.0


def all_checked() -> ReproduceState:
    state = ReproduceState()
    for condition in Condition:
        state = state.toggle(condition)
    return state


def test_conditions_have_stable_values_and_labels() -> None:
    assert [c.value for c in Condition] == ["new-information", "affects-persona",
                                            "under-30-minutes"]
    assert "30 minutes" in Condition.QUICK.label
    assert all(len(c.label) <= 60 for c in Condition)
    assert "persona" in Condition.AFFECTS_PERSONA.label


def test_the_four_personas_in_priority_order_one_line_each() -> None:
    assert [name for name, _ in PERSONAS] == ["Riou", "Cris", "Kim", "Derya"]
    for _, description in PERSONAS:
        assert "\n" not in description and len(description) <= 60
    assert "Censorship Evader" in PERSONAS[0][1]


def test_all_hold_only_with_every_condition() -> None:
    state = ReproduceState()
    assert not state.all_hold
    state = state.toggle(Condition.NEW_INFORMATION).toggle(Condition.AFFECTS_PERSONA)
    assert not state.all_hold
    assert state.toggle(Condition.QUICK).all_hold
    assert not all_checked().toggle(Condition.QUICK).all_hold


def test_starting_needs_every_condition() -> None:
    with pytest.raises(ValueError, match="three conditions"):
        ReproduceState().start(T0)


def test_remaining_counts_down_and_stops_at_zero_or_a_result() -> None:
    state = all_checked()
    assert state.remaining(T0) is None
    running = state.start(T0)
    assert running.remaining(T0) == REPRODUCE_MINUTES * 60
    assert running.remaining(T0 + 48) == 30 * 60 - 48
    assert running.remaining(T0 + 31 * 60) == 0.0
    assert running.deadline == T0 + 1800
    done = running.record(Reproduction.REPRODUCED, T0 + 600)
    assert done.remaining(T0 + 700) is None and done.deadline is None


@pytest.mark.parametrize(("result", "seconds", "line"), [
    (Reproduction.REPRODUCED, 12 * 60 + 10, "Reproduced by Help Desk in 12 minutes"),
    (Reproduction.NOT_REPRODUCED, 20 * 60, "Not reproduced"),
    (Reproduction.GAVE_UP, 30 * 60, "Help Desk gave up after 30 minutes"),
])
def test_reproduction_line(result: Reproduction, seconds: float, line: str) -> None:
    state = all_checked().start(T0).record(result, T0 + seconds)
    assert reproduction_line(state) == line


def test_reproduction_line_without_a_try_or_times() -> None:
    assert reproduction_line(ReproduceState()) == "Not tried"
    assert reproduction_line(all_checked().start(T0)) == "Not tried"
    assert reproduction_line(ReproduceState(result=Reproduction.REPRODUCED)) == \
        "Reproduced by Help Desk"


def test_state_round_trips_through_json() -> None:
    """The store keeps it through the domain's one codec (hdtui/store.py)."""
    state = all_checked().start(T0).record(Reproduction.GAVE_UP, T0 + 1800)
    data = json.loads(json.dumps(to_data(state)))
    assert data == {"conditions": ["affects-persona", "new-information", "under-30-minutes"],
                    "started_at": T0, "result": "gave up", "finished_at": T0 + 1800}
    assert from_data(ReproduceState, data) == state
    assert from_data(ReproduceState, to_data(ReproduceState())) == ReproduceState()


@pytest.mark.parametrize("data", [None, [], {"conditions": ["nope", 3], "result": "maybe",
                                              "started_at": "soon", "finished_at": True}])
def test_unreadable_state_is_refused(data: object) -> None:
    with pytest.raises(ValueError):  # the store then starts a fresh checklist
        from_data(ReproduceState, data)


def test_outcome_labels_and_mark() -> None:
    stop = Outcome.stop_answering(StopReason.LOW_PRIORITY)
    assert stop == Outcome(True, StopReason.LOW_PRIORITY)
    assert stop.label == "stop answering: low priority"
    assert stop.mark is Mark.NO_REPLY
    assert Outcome.not_needed().label == "no reply needed"
    assert Outcome.not_needed().mark is Mark.NO_REPLY
    assert Outcome(False).label == "reply expected" and Outcome(False).mark is None
    with pytest.raises(ValueError):
        Outcome(False, StopReason.GATHERED)


def test_outcome_round_trips_and_rejects_garbage() -> None:
    for outcome in (Outcome.stop_answering(StopReason.CANNOT_IMPROVE), Outcome.not_needed(),
                    Outcome(False)):
        assert from_data(Outcome, json.loads(json.dumps(to_data(outcome)))) == outcome
    for garbage in ({"no_reply": "yes"}, {"no_reply": True, "reason": "bored"},
                    {"no_reply": False, "reason": "low priority"}):
        with pytest.raises(ValueError):  # the store then has no outcome
            from_data(Outcome, garbage)
