"""Snapshot fixtures: keys handled as in the Pilot tests (tests/support/pilot.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _quick_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support.pilot import quick_keys

    quick_keys(monkeypatch)
