"""Provides ``why_not``: whether a main-screen action can apply now, and if not, why.

The footer greys an action that cannot apply to the message under the cursor or in this
shift (with why as its tooltip) and the command palette says why next to it; the key itself
still runs its flow, which says the same, so no key ever seems to do nothing
(docs/actions.md). ``why_not`` is pure: it reads only the state it is given and what the
action's flow declares it needs (``Needs``); ``explained`` applies such reasons to any
screen's footer (the forms use it too).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import NamedTuple

from textual.binding import ActiveBinding
from textual.dom import DOMNode


class Needs(NamedTuple):
    """What an action needs to apply; each flow declares it next to its name
    (``FLOWS`` in hdtui/ui/flows/__init__.py). A NamedTuple: this module is imported before
    the first frame, where a frozen dataclass is built from generated source at every start
    (docs/benchmarks.md, "Session 15: warm first rows")."""

    message: bool = False
    """It acts on the message under the cursor."""
    writes: bool = False
    """It writes the mailbox: a read-only skim refuses it (docs/skim.md), reporting back
    to the project excepted."""
    actions: bool = False
    """It needs the session's services for acting (not a read-only viewer)."""
    issue: bool = False
    """It acts on the known issue under the cursor of the issues pane."""
    team: bool = False
    """It needs a team configured (forwarding)."""
    xmpp: bool = False
    """It needs a team with an XMPP room or address (alerts)."""


class Situation(NamedTuple):
    """What the main screen shows and allows now. A NamedTuple, as ``Needs``: built at
    import before the first frame (docs/benchmarks.md, "Session 21: warm first rows")."""

    has_message: bool
    read_only: bool
    has_actions: bool
    has_issue: bool
    teams: int
    """Teams configured (forwarding needs one)."""
    xmpp_teams: int
    """Teams with an XMPP room or address (alerts need one)."""
    shift_key: str = ""
    """The key that starts a normal shift, from the member's keymap ("" if unbound)."""


def needs_of(action: str) -> Needs:
    """What ``action`` needs: its flow's declaration, nothing for the screen's own keys."""
    from hdtui.ui.flows import FLOWS  # the flows import the forms, which import this module

    flow = FLOWS.get(action)
    return flow.needs if flow is not None else Needs()


def why_not(action: str, now: Situation) -> str | None:
    """None when ``action`` can apply now; else why not, in a few words."""
    needs = needs_of(action)
    if needs.message and not now.has_message:
        return "no message under the cursor"
    if needs.writes and now.read_only:
        return "not in a read-only skim" + (f" ({now.shift_key})" if now.shift_key else "")
    if needs.actions and not now.has_actions:
        return "actions are not available in this session"
    if needs.issue and not now.has_issue:
        return "no known issue in the issues pane"
    if needs.team and not now.teams:
        return "no team configured ([[teams]])"
    if needs.xmpp and not now.xmpp_teams:
        return "no team has an XMPP room ([[teams]] xmpp)"
    return None


def explained(bindings: dict[str, ActiveBinding], node: DOMNode,
              not_now: Callable[[str], str | None],
              hidden: Collection[str] = ()) -> dict[str, ActiveBinding]:
    """A screen's ``active_bindings`` as its footer shows them: a binding of ``node`` that
    cannot apply now is greyed with why as its tooltip, or left out when its action is in
    ``hidden``. Keys are dispatched without this (Textual's ``check_action`` stays True),
    so the key still runs its action, which says why."""
    shown: dict[str, ActiveBinding] = {}
    for key, active in bindings.items():
        why = not_now(active.binding.action) if active.node is node and active.enabled \
            else None
        if why is None:
            shown[key] = active
        elif active.binding.action not in hidden:
            shown[key] = ActiveBinding(active.node, active.binding, False, f"Not now: {why}")
    return shown
