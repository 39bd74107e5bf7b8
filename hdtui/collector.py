"""Provides the start's pause of the cyclic garbage collector.

A start imports about 500 modules and builds the first frame: some 60,000 objects the
collector tracks, nearly all of them kept for the whole session, and few garbage cycles.
The collector's passes over them (about 150 young, a dozen middle and one full pass) took
40-50 ms of a warm start's 0.35-0.40 s of CPU before the first frame (docs/benchmarks.md,
"Warm start imports", session 9). ``python -m hdtui`` (and the ``hdtui`` command) pauses
it before importing anything else; a command resumes it once its arguments are parsed,
the TUI once its first frame is drawn.

Resuming first freezes what exists (``gc.freeze``: moved out of the collector's reach, as
the feed does once the whole queue is shown): otherwise the first young pass after the
first frame would walk all 60,000 objects (25-30 ms), then a middle and a full pass again
(30 ms), while the whole queue loads. The few thousand objects of the start's garbage
cycles stay in memory (a few hundred KB), as those the feed's freeze catches do."""

from __future__ import annotations

import gc

_paused = [False]


def pause() -> None:
    """Pause the cyclic collector, if it runs (until ``resume``)."""
    if gc.isenabled():
        gc.disable()
        _paused[0] = True


def resume() -> None:
    """Let the collector run again if ``pause`` stopped it, on the objects made from now
    on (a second call does nothing)."""
    if _paused[0]:
        _paused[0] = False
        gc.freeze()
        gc.enable()
