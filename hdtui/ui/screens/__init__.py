"""Provides the screens package."""

from pathlib import Path

DIALOGS_CSS = Path(__file__).with_name("dialogs.tcss")
"""The stylesheet of every screen but the main one (their ``CSS_PATH``): Textual reads it
when the first of them opens, not for the first frame (docs/benchmarks.md, "Session 14:
warm first rows")."""
