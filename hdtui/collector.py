"""Provides the start's pause of the cyclic garbage collector.

A start imports about 500 modules and builds the first frame: hundreds of thousands of
objects, nearly all of them kept for the whole session, and no garbage cycles worth
collecting. The collector's passes over them (about 150 young, a dozen middle and one
full pass) took 40-50 ms of a warm start's 0.35-0.40 s of CPU before the first frame
(docs/benchmarks.md, "Warm start imports", session 9). ``python -m hdtui`` (and the
``hdtui`` command) pauses it before importing anything else; a command resumes it once
its arguments are parsed, the TUI once its first frame is drawn.
"""

from __future__ import annotations

import gc

_paused = [False]


def pause() -> None:
    """Pause the cyclic collector, if it runs (until ``resume``)."""
    if gc.isenabled():
        gc.disable()
        _paused[0] = True


def resume() -> None:
    """Let the collector run again if ``pause`` stopped it (a second call does nothing)."""
    if _paused[0]:
        _paused[0] = False
        gc.enable()
