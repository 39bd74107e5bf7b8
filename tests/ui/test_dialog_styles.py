"""Every screen but the main one takes its layout from dialogs.tcss.

app.tcss holds only what the main screen's first frame needs; the dialogs' and forms'
rules are in hdtui/ui/dialogs.tcss, which each of those screens names as its
``CSS_PATH`` (docs/benchmarks.md, "Session 16: warm first rows"). A new screen that
forgets it opens unstyled: this test names it.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.screen import Screen

import hdtui.ui.screens as screens
from hdtui.ui.screens import DIALOGS_CSS

MAIN_SCREENS = {"InboxScreen"}
"""Styled by app.tcss, parsed before the first frame."""


def screen_classes() -> list[type[Screen[object]]]:
    found: list[type[Screen[object]]] = []
    for info in pkgutil.iter_modules(screens.__path__, screens.__name__ + "."):
        module = importlib.import_module(info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if (issubclass(value, Screen) and value.__module__ == module.__name__
                    and value.__name__ not in MAIN_SCREENS):
                found.append(value)
    return found


def test_every_dialog_names_the_dialogs_css() -> None:
    classes = screen_classes()
    # The package holds the shift-start screen, the forms and the dialogs: a walk that
    # found none of them would prove nothing.
    assert {"ShiftStartScreen", "ComposeScreen", "HelpScreen"} <= {c.__name__ for c in classes}
    unstyled = sorted(c.__name__ for c in classes if c.CSS_PATH != DIALOGS_CSS)
    assert unstyled == []

