"""Provides ``why_not``: whether a main-screen action can apply now, and if not, why.

The footer greys an action that cannot apply to the message under the cursor or in this
shift (with why as its tooltip) and the command palette says why next to it; the key itself
still runs its flow, which says the same, so no key ever seems to do nothing
(docs/actions.md). ``why_not`` is pure: it reads only the state it is given; ``explained``
applies such reasons to any screen's footer (the forms use it too).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from textual.binding import ActiveBinding
from textual.dom import DOMNode

ON_A_MESSAGE = frozenset({
    "toggle_mark", "edit_note", "link_issue", "toggle_tag", "reply", "forward", "raise_ft",
    "create_issue", "reproduce", "record_outcome", "report_ids_on_issue"})
"""Actions on the message under the cursor."""
WRITES_THE_MAILBOX = frozenset({
    "toggle_mark", "link_issue", "reply", "forward", "raise_ft", "reproduce", "record_outcome",
    "update_auto_reply"})
"""Actions a read-only skim refuses (docs/skim.md): everything but reporting back."""
NEEDS_ACTIONS = frozenset({
    "link_issue", "reply", "forward", "raise_ft", "create_issue", "alert_team", "reproduce",
    "record_outcome", "report_ids_on_issue"})
"""Actions that need the session's services for acting (not a read-only viewer)."""
ON_AN_ISSUE = frozenset({"link_issue", "alert_team"})
"""Actions on the known issue under the cursor of the issues pane."""


@dataclass(frozen=True, slots=True)
class Situation:
    """What the main screen shows and allows now."""

    has_message: bool
    read_only: bool
    has_actions: bool
    has_issue: bool
    teams: int
    """Teams configured (forwarding needs one)."""
    xmpp_teams: int
    """Teams with an XMPP room or address (alerts need one)."""


def why_not(action: str, now: Situation) -> str | None:
    """None when ``action`` can apply now; else why not, in a few words."""
    if action in ON_A_MESSAGE and not now.has_message:
        return "no message under the cursor"
    if action in WRITES_THE_MAILBOX and now.read_only:
        return "not in a read-only skim (ctrl+t)"
    if action in NEEDS_ACTIONS and not now.has_actions:
        return "actions are not available in this session"
    if action in ON_AN_ISSUE and not now.has_issue:
        return "no known issue in the issues pane"
    if action == "forward" and not now.teams:
        return "no team configured ([[teams]])"
    if action == "alert_team" and not now.xmpp_teams:
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
