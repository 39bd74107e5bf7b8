"""Provides the reply flows: ``reply`` (r: the best fit, docs/replies.md) and
``preview_reply`` (a reply chosen in the replies pane, previewed, then answered with)."""

from __future__ import annotations

from textual.content import Content

from hdtui.domain.compose import ComposeError, Draft, DraftKind, reply_recipient
from hdtui.domain.mail import Kind
from hdtui.domain.reply import render
from hdtui.domain.reply_choice import ReplyChoice
from hdtui.services.acting import reply_values
from hdtui.ui.flows.answered import cleared
from hdtui.ui.flows.compose import compose
from hdtui.ui.flows.flow import Flow
from hdtui.ui.safe import literal
from hdtui.ui.screens.pick import PickScreen
from hdtui.ui.screens.preview import PreviewScreen
from hdtui.ui.widgets.issue_list import IssueList
from hdtui.ui.widgets.reply_list import ReplyList
from hdtui.ui.widgets.report_view import ReportView


async def reply(flow: Flow) -> None:
    """Reply with the best fit: the first of the replies pane, wherever its cursor is
    (docs/replies.md); when nothing fits well enough, the member chooses in the pane."""
    if flow.acting("replying") is None or await no_one_to_answer(flow):
        return
    entry = flow.screen.query_one(ReportView).entry
    row = flow.queue.table.current
    if entry is not None and row is not None and entry.key == row.key \
            and entry.kind is Kind.TEAM:
        await plain_reply(flow)
        return
    replies = flow.screen.query_one(ReplyList)
    best = replies.best
    if best is None and replies.choices:
        # Nothing fits well enough to be written by default: the member chooses.
        flow.screen.action_focus_pane("replies")  # in the pager: its replies page
        # Two lines at 80 columns, its end (what to do next) too (docs/layouts.md).
        flow.app.notify("None fits well enough to take without asking (see "
                        "why on each). Choose one here: enter previews it, r there replies "
                        "with it.", title="Choose a reply", markup=False)
        return
    if best is None:
        flow.warn("No standard reply for this message yet.")
        return
    await reply_with(flow, best, chosen=False)


async def plain_reply(flow: Flow) -> None:
    """A team's mail: a plain reply to its sender, quoting it, with no standard reply
    (those are written for users: docs/team-mail.md)."""
    ready = await cleared(flow, "replying", DraftKind.REPLY)
    if ready is None:
        return
    row, actions, accepted = ready

    def make() -> tuple[Draft, str]:
        kept = actions.kept(DraftKind.REPLY, row.key)
        if kept is not None:
            return kept, "The reply kept for this message, opened again (ctrl+o lists drafts)"
        return actions.plain_reply(row.key), ("a team's mail: a plain reply to its sender, "
                                              "quoting it (standard replies are for users)")

    draft, said = await flow.run(make)
    await compose(flow, actions, draft, (), "Reply", said, accepted)


async def no_one_to_answer(flow: Flow) -> bool:
    """When the message shown has no one to reply to (an anonymous or undecryptable
    report), say so and offer what can be done instead; True then. A contact that is
    not one address is not "no one": the reply opens with what it names, or To empty for
    the member to write (``compose.reply_recipient``)."""
    row = flow.queue.table.current
    entry = flow.screen.query_one(ReportView).entry
    if row is None or entry is None or entry.key != row.key:
        return False  # not shown yet: composing says why, if it cannot
    try:
        reply_recipient(entry)
    except ComposeError as error:
        why = str(error)
    else:
        return False
    match = flow.screen.query_one(IssueList).current
    offers: dict[str, str] = {}
    if match is not None and match.confident:
        offers[f"Link it to {match.issue.ref} (l): it is counted with that issue's "
               "reports"] = "link_issue"
    elif match is not None:  # only the best guess: the member looks before linking
        offers[f"Link it to {match.issue.ref} (l), the best match but not a sure one: "
               "read it first"] = "link_issue"
    if flow.actions is not None and flow.actions.teams:
        offers["Forward it to a team (f)"] = "forward"
    offers["Record the outcome, e.g. no reply needed (x)"] = "record_outcome"
    offers["Keep a personal note on it (N)"] = "edit_note"
    option = await flow.ask(PickScreen(
        "No one to reply to", list(offers), why,
        hint="enter does the one under the cursor · escape closes",
        preview_heading="Why:"))
    if option is not None:
        await flow.screen.run_action(f"flow({offers[option]!r})")
    return True


async def reply_with(flow: Flow, choice: ReplyChoice, chosen: bool) -> None:
    """A reply made from ``choice`` (or the message's kept reply draft) in the editor, then
    sent or kept; the compose header says which reply and why. ``chosen``: the member
    picked it in the pane."""
    ready = await cleared(flow, "replying", DraftKind.REPLY)
    if ready is None:
        return
    row, actions, accepted = ready
    template = choice.template
    why = (f"{template.title} [{template.language}]: "
           + ("chosen in the replies list; " if chosen else "the best fit; ") + choice.reason)

    def make() -> tuple[Draft, tuple[str, ...], str]:
        kept = actions.kept(DraftKind.REPLY, row.key)
        if kept is not None:
            return kept, (), ("The reply kept for this message, opened again (ctrl+o lists "
                              "drafts)")
        draft, missing = actions.reply(row.key, template)
        return draft, missing, why

    draft, missing, said = await flow.run(make)
    await compose(flow, actions, draft, missing, "Reply", said, accepted)


async def preview_reply(flow: Flow, choice: ReplyChoice) -> None:
    """Preview a reply filled in for the message under the cursor; ``r`` there replies
    with it (the member chose it: not the best fit ``r`` takes from the main screen)."""
    entry = flow.screen.query_one(ReportView).entry
    if entry is None:
        return
    template = choice.template
    rendered = render(template, reply_values(entry))
    title = Content.assemble(literal(template.title, "bold"),
                             (f"  [{template.language}] from {template.source}", "dim"))
    parts: list[Content | str | tuple[str, str]] = [
        ("Why: ", "bold"), literal(choice.reason), "\n",
        ("Subject: ", "bold"), literal(rendered.subject), "\n",
    ]
    if rendered.missing:
        parts += [("To fill in before sending: ", "bold red"),
                  literal(", ".join(f"${m}" for m in rendered.missing), "red"), "\n"]
    parts += ["\n", literal(rendered.body)]
    wants = await flow.ask(PreviewScreen(title, Content.assemble(*parts), can_reply=True))
    current = flow.queue.table.current
    if wants and current is not None and current.key == entry.key:
        await reply_with(flow, choice, chosen=True)
