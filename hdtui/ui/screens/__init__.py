"""Provides the screens package, and the CSS of its dialogs and forms."""

from pathlib import Path

DIALOGS_CSS = str(Path(__file__).resolve().parent.parent / "dialogs.tcss")
"""The layout of every screen but the main one (InboxScreen, styled by app.tcss): each
names it as its ``CSS_PATH``, so Textual parses it when the first of them is opened, not
for the main screen's first frame (docs/benchmarks.md, "Session 16: warm first rows")."""
