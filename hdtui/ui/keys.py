"""Provides the binding registry: every id'd binding of the UI and key-name checks."""

from __future__ import annotations

import importlib
import re
import string
from collections.abc import Iterator, Mapping

from textual.binding import Binding
from textual.keys import Keys, _character_to_key

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED = frozenset(k.value for k in Keys) | frozenset(
    _character_to_key(c) for c in string.printable if c not in "\t\n\r\x0b\x0c"
) | {"space", "tab", "enter", "escape", "backspace", "delete", "insert"}


def is_valid_key(key: str) -> bool:
    """True for a key a terminal can send: ``x``, ``?``, ``f5``, ``ctrl+shift+up``."""
    parts = key.split("+")
    base = parts[-1]
    if any(part not in MODIFIERS for part in parts[:-1]):
        return False
    if len(base) == 1:
        return base.isprintable()
    return base in _NAMED


def binding_classes() -> list[tuple[str, type]]:
    """Every class that declares id'd bindings, with where it applies.

    The classes below come first, in this order (the help screen and keymaps/default.toml
    list them so); any other screen or widget of hdtui.ui.screens and hdtui.ui.widgets that
    declares id'd bindings follows, found by itself (a new form needs no line here), under
    its ``HELP_WHERE`` or, without one, its class name in words ("OutboxScreen": "outbox").
    """
    from hdtui.ui.app import HdtuiApp
    from hdtui.ui.screens.autoreply import AutoReplyScreen
    from hdtui.ui.screens.checklist import ReproduceScreen
    from hdtui.ui.screens.compose import ComposeScreen
    from hdtui.ui.screens.confirm import ConfirmScreen
    from hdtui.ui.screens.error import ErrorModal
    from hdtui.ui.screens.forward_form import ForwardFormScreen
    from hdtui.ui.screens.help import HelpScreen
    from hdtui.ui.screens.hot_topics import HotTopicsScreen
    from hdtui.ui.screens.inbox import InboxScreen
    from hdtui.ui.screens.issue_form import IssueFormScreen
    from hdtui.ui.screens.note import NoteScreen
    from hdtui.ui.screens.outcome import OutcomeScreen
    from hdtui.ui.screens.pick import PickScreen
    from hdtui.ui.screens.preview import PreviewScreen
    from hdtui.ui.screens.releases import ReleasesScreen
    from hdtui.ui.widgets.queue_table import QueueTable
    from hdtui.ui.widgets.report_view import ReportView

    known: list[tuple[str, type]] = [
        ("everywhere", HdtuiApp),
        ("main screen", InboxScreen),
        ("queue", QueueTable),
        ("report", ReportView),
        ("note editor", NoteScreen),
        ("compose", ComposeScreen),
        ("auto-reply", AutoReplyScreen),
        ("confirm dialog", ConfirmScreen),
        ("preview", PreviewScreen),
        ("issue form", IssueFormScreen),
        ("forward form", ForwardFormScreen),
        ("reproduce checklist", ReproduceScreen),
        ("outcome", OutcomeScreen),
        ("team picker", PickScreen),
        ("hot topics", HotTopicsScreen),
        ("releases", ReleasesScreen),
        ("help", HelpScreen),
        ("error dialog", ErrorModal),
    ]
    seen = {cls for _, cls in known}
    found = [(where_of(cls), cls) for cls in _ui_classes() if cls not in seen]
    return known + sorted(found, key=lambda pair: pair[0])


def where_of(cls: type) -> str:
    """Where a class's bindings apply, as the help screen says it."""
    where = getattr(cls, "HELP_WHERE", None)
    if isinstance(where, str) and where:
        return where
    name = cls.__name__.removesuffix("Screen")
    return " ".join(re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", name)).lower() or name


def _ui_classes() -> list[type]:
    """The classes of hdtui.ui.screens and hdtui.ui.widgets that declare id'd bindings."""
    # pkgutil here: the start checks keymaps without it (docs/benchmarks.md, "Session 19:
    # warm first rows")
    import pkgutil

    import hdtui.ui.screens
    import hdtui.ui.widgets

    classes: list[type] = []
    for package in (hdtui.ui.screens, hdtui.ui.widgets):
        for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            for value in vars(importlib.import_module(module.name)).values():
                if isinstance(value, type) and value.__module__ == module.name and any(
                        isinstance(b, Binding) and b.id
                        for b in value.__dict__.get("BINDINGS", [])):
                    classes.append(value)
    return classes


WHERE_OF_ID = {"quit": "main screen"}
"""Where a binding applies when its class does not say it (the app's ``q`` is declared
for every screen, but HdtuiApp.check_action lets it quit from the main screen only)."""

NOTE_OF_ID = {"quit": "a view or dialog: q closes it, as escape does"}
"""What the keys table says after a binding's description (the footer keeps it short)."""


def described(binding: Binding) -> str:
    """A binding's description as the keys tables say it: with its note, if it has one."""
    description = binding.description or binding.action
    note = NOTE_OF_ID.get(binding.id or "")
    return f"{description} ({note})" if note else description


def iter_bindings() -> Iterator[tuple[str, Binding]]:
    """Every id'd binding declared by hdtui, with where it applies, each place's bindings
    together (a binding moved by WHERE_OF_ID joins its place's: one heading each)."""
    classes = binding_classes()
    order: dict[str, int] = {}
    for where, _ in classes:
        order.setdefault(where, len(order))
    pairs = [(WHERE_OF_ID.get(binding.id, where), binding)
             for where, cls in classes for binding in cls.__dict__.get("BINDINGS", [])
             if isinstance(binding, Binding) and binding.id]
    yield from sorted(pairs, key=lambda pair: order.get(pair[0], len(order)))


def binding_ids() -> frozenset[str]:
    """All binding ids a keymap may name."""
    return frozenset(b.id for _, b in iter_bindings() if b.id)


def default_keymap() -> dict[str, str]:
    """The keys declared in code, by binding id."""
    return {b.id: b.key for _, b in iter_bindings() if b.id}


def help_rows(keymap: Mapping[str, str]) -> list[tuple[str, str, str, str]]:
    """(keys, description, where, id) for every binding, with the keymap applied."""
    rows = []
    for where, binding in iter_bindings():
        assert binding.id is not None
        keys = keymap.get(binding.id, binding.key)
        rows.append((display_keys(keys), described(binding), where, binding.id))
    return rows


def display_keys(keys: str) -> str:
    """Keys as a person reads them: ``question_mark`` as ``?``."""
    shown = []
    for key in keys.split(","):
        key = key.strip()
        for char in string.punctuation:
            if _character_to_key(char) == key:
                key = char
                break
        shown.append(key)
    return ", ".join(shown)
