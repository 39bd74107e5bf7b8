"""The main screen's actions, one flow per action (docs/actions.md).

Each module holds one action written top to bottom as ``async def name(flow: Flow) -> None``:
check what it needs, ask the member (``await flow.ask(form)`` returns the form's typed
result), run the blocking services in a thread (``await flow.run(...)``) and say what
happened. This file is the only place that names them: ``FLOWS``, each flow by its action
name with what it needs to apply (hdtui/ui/applicable.py greys it otherwise), and
``FLOW_BINDINGS``, their keys on the main screen (``flow('name', args...)`` runs
``InboxScreen.action_flow``, which starts the flow with ``start``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib import import_module
from typing import Concatenate, NamedTuple

from textual.binding import Binding

from hdtui.ui.applicable import Needs
from hdtui.ui.flows.flow import Flow

FlowStarter = Callable[Concatenate[Flow, ...], Awaitable[None]]
"""A flow: the Flow, then the binding's arguments (``toggle_mark`` takes the mark)."""


ANYTIME = Needs()
"""Needs nothing: applies whatever is under the cursor, in any session."""


class Action(NamedTuple):
    """A flow and what it needs to apply (the footer greys it otherwise, with why). A
    NamedTuple, not a dataclass, as ``Needs`` (docs/benchmarks.md, "Session 15: warm first
    rows")."""

    path: str
    """``module:function`` of the flow under hdtui.ui.flows: imported on first use, so the
    main screen's first frame does not wait for every form to be imported (issue #12)."""
    needs: Needs = ANYTIME

    @property
    def flow(self) -> FlowStarter:
        """The flow (its module imported now, once)."""
        module, _, name = self.path.partition(":")
        found: FlowStarter = getattr(import_module(f"hdtui.ui.flows.{module}"), name)
        return found


ON_MESSAGE = Needs(message=True)
WRITES = Needs(message=True, writes=True)
ACTS = Needs(message=True, actions=True)
WRITES_ACTS = Needs(message=True, writes=True, actions=True)

FLOWS: dict[str, Action] = {
    "toggle_mark": Action("marks:toggle_mark", WRITES),
    "edit_note": Action("note:edit_note", ON_MESSAGE),
    "link_issue": Action("link:link_issue", WRITES_ACTS._replace(issue=True)),
    "unlink_issue": Action("link:unlink_issue"),
    "toggle_tag": Action("tag:toggle_tag", ON_MESSAGE),
    "reply": Action("reply:reply", WRITES_ACTS),
    "forward": Action("forward:forward", WRITES_ACTS._replace(team=True)),
    "raise_ft": Action("ft:raise_ft", WRITES_ACTS),
    "create_issue": Action("issue:create_issue", ACTS),  # a skim reports back (docs/skim.md)
    "alert_team": Action("alert:alert_team", Needs(actions=True, issue=True, xmpp=True)),
    "report_ids_on_issue": Action("team_note:report_ids_on_issue", ACTS),
    "reproduce": Action("reproduce:reproduce", WRITES_ACTS),
    "record_outcome": Action("outcome:record_outcome", WRITES_ACTS),
    "show_outbox": Action("outbox:show_outbox"),
    "show_hot_topics": Action("hot_topics:hot_topics"),
    "show_releases": Action("releases:show_releases"),
    "update_auto_reply": Action("autoreply:update_auto_reply", Needs(writes=True)),
    "toggle_shift_mode": Action("shift_mode:toggle_shift_mode"),
    "discard_held": Action("moderation:discard_held", WRITES_ACTS),
    "approve_held": Action("moderation:approve_held", WRITES_ACTS),
    "moderate_on_web": Action("moderation:moderate_on_web", ACTS),  # shows an address
    "held_to_report": Action("moderation:held_to_report", WRITES_ACTS),
    "show_shift_start": Action("shift:show_shift_start"),
    "hand_off": Action("shift:hand_off", Needs(writes=True)),
    "remind": Action("shift:remind", ON_MESSAGE),
    "show_thread": Action("shift:show_thread", ON_MESSAGE),
}
"""Every action of the main screen that is a flow, by its name (``flow('name')``)."""

FLOW_BINDINGS = [
    Binding("c", "flow('toggle_mark', 'claimed')", "Claim", id="toggle-claim"),
    Binding("m", "flow('toggle_mark', 'triaged')", "Triaged", id="mark-triaged"),
    Binding("o", "flow('toggle_mark', 'no-reply')", "No reply", show=False,
            id="mark-no-reply"),
    Binding("N", "flow('edit_note')", "Note", show=False, id="edit-note"),
    Binding("l", "flow('link_issue')", "Link issue", show=False, id="link-issue"),
    Binding("u", "flow('unlink_issue')", "Remove link", show=False, id="unlink-issue"),
    Binding("t", "flow('toggle_tag')", "Tag", show=False, id="toggle-tag"),
    Binding("r", "flow('reply')", "Reply", id="reply-message"),
    Binding("f", "flow('forward')", "Forward", id="forward-message"),
    Binding("F", "flow('raise_ft')", "[FT]", show=False, id="raise-ft"),
    Binding("I", "flow('create_issue')", "New issue", show=False, id="create-issue"),
    Binding("A", "flow('alert_team')", "Alert", show=False, id="alert-team"),
    Binding("i", "flow('report_ids_on_issue')", "IDs on issue", show=False,
            id="report-ids-on-issue"),
    Binding("R", "flow('reproduce')", "Reproduce", show=False, id="reproduce-checklist"),
    Binding("x", "flow('record_outcome')", "Outcome", show=False, id="record-outcome"),
    Binding("ctrl+o", "flow('show_outbox')", "Outbox", show=False, id="show-outbox"),
    Binding("H", "flow('show_hot_topics')", "Hot topics", show=False, id="show-hot-topics"),
    Binding("L", "flow('show_releases')", "Releases", show=False, id="show-releases"),
    Binding("U", "flow('update_auto_reply')", "Update the auto-reply", show=False,
            id="update-auto-reply"),
    Binding("ctrl+t", "flow('toggle_shift_mode')", "Normal shift / read-only skim",
            show=False, id="toggle-shift-mode"),
    Binding("D", "flow('discard_held')", "Discard held post(s)", show=False,
            id="discard-held-post", tooltip="Discard the tagged held posts, else the one "
            "under the cursor, by mail to Mailman (previewed first)"),
    Binding("Y", "flow('approve_held')", "Approve held post", show=False,
            id="approve-held-post", tooltip="Approve the held post under the cursor by mail "
            "to Mailman, with the moderator password (asks first)"),
    Binding("W", "flow('moderate_on_web')", "Reject/defer (web page)", show=False,
            id="moderate-on-web", tooltip="Reject or defer cannot be done by mail: show the "
            "list's admin page"),
    Binding("P", "flow('held_to_report')", "Held post to queue", show=False,
            id="held-post-to-report", tooltip="Copy the held post into the mailbox as user "
            "mail, to triage it (asks first)"),
    Binding("S", "flow('show_shift_start')", "Shift start", show=False,
            id="show-shift-start"),
    Binding("E", "flow('hand_off')", "End of shift: hand-off note", show=False,
            id="hand-off"),
    Binding("b", "flow('remind')", "Check back later (reminder)", show=False,
            id="remind-later"),
    Binding("T", "flow('show_thread')", "Thread: the report and its answers", show=False,
            id="show-thread"),
]
"""The main screen's keys that start a flow, in the order the footer and help list them."""
