"""``hangup.held``: SIGHUP and SIGTERM wait while a block makes or removes something that
must be whole or gone, then end the run (docs/store.md, "Reading a store in use")."""

from __future__ import annotations

import os
import signal

import pytest

from hdtui.hangup import ending_on_hang_up, held


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_waits_for_the_held_block_then_ends_the_run(number: int) -> None:
    before = signal.getsignal(number)
    done: list[str] = []
    with pytest.raises(SystemExit) as ended, ending_on_hang_up():
        with held():
            os.kill(os.getpid(), number)
            os.kill(os.getpid(), signal.SIGTERM)  # a second one: no second exit
            done.append("made whole")
        done.append("after")  # never: the run ends right after the block
    assert ended.value.code == 128 + number
    assert done == ["made whole"]
    assert signal.getsignal(number) == before  # the handlers put back


def test_without_a_signal_held_changes_nothing_and_a_signal_outside_it_ends_at_once(
) -> None:
    done: list[str] = []
    with pytest.raises(SystemExit) as ended, ending_on_hang_up():
        with held():
            done.append("held")
        os.kill(os.getpid(), signal.SIGTERM)
        done.append("after")  # never: not held, the signal ends the run at once
    assert ended.value.code == 128 + signal.SIGTERM
    assert done == ["held"]


def test_once_the_way_out_is_under_way_a_second_ctrl_c_is_ignored_then_given_back() -> None:
    """review25: a second ctrl+c while the session closed raised KeyboardInterrupt in the
    keeping of the open form, lost without a word. From ``ignore_further`` to the end of
    ``ending_on_hang_up`` SIGINT is ignored; then its handler is the one before."""
    from hdtui.hangup import ignore_further

    before = signal.getsignal(signal.SIGINT)
    with ending_on_hang_up():
        assert signal.getsignal(signal.SIGINT) is before  # ctrl+c still leaves the app
        ignore_further()
        os.kill(os.getpid(), signal.SIGINT)  # no KeyboardInterrupt: the closing goes on
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    assert signal.getsignal(signal.SIGINT) is before
