"""Provides ActingScreen: the Help Desk's actions on the message under the cursor (issue
#5), as the base of the main screen.

Reply, forward, [FT], an issue from tagged reports, an alert, the reproduce checklist and
the outcome: each reads what its form needs in a worker, opens the form, and hands the
member's choice to `hdtui.services.acting.Actions` in a worker. A read-only skim refuses
before any form opens (the services refuse as well). The key bindings are declared on
InboxScreen, with the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import work
from textual.message import Message
from textual.screen import Screen

from hdtui.domain.alert import alert_text
from hdtui.domain.compose import ComposeError, Draft, DraftKind, contact_address
from hdtui.domain.forward import ForwardChoice
from hdtui.domain.issue_draft import IssueDraft
from hdtui.domain.process import Outcome, ReproduceState, reproduction_line
from hdtui.domain.queue import Row
from hdtui.domain.reply_choice import ReplyChoice
from hdtui.errors import HdtuiError, ReadOnlyError, is_connection_problem
from hdtui.services.acting import Actions
from hdtui.services.triage import Triage
from hdtui.ui.messages import ActionFailed, DraftReady, FormReady, Notice, Offline, RowChanged
from hdtui.ui.screens.checklist import ReproduceScreen
from hdtui.ui.screens.compose import ComposeOutcome, ComposeScreen
from hdtui.ui.screens.forward_form import ForwardFormScreen
from hdtui.ui.screens.issue_form import IssueFormScreen
from hdtui.ui.screens.outcome import OutcomeScreen
from hdtui.ui.screens.pick import PickScreen
from hdtui.ui.widgets.issue_list import IssueList
from hdtui.ui.widgets.queue_table import QueueTable
from hdtui.ui.widgets.reply_list import ReplyList
from hdtui.ui.widgets.report_view import ReportView
from hdtui.ui.widgets.shift_bar import ShiftBar


class ActingScreen(Screen[None]):
    """The actions of a shift on the message under the cursor (see the module)."""

    triage: Triage
    actions: Actions | None
    all_rows: list[Row]

    def _deliver(self, job: Callable[[], Iterable[Message]]) -> None:
        """Run a blocking job (in a worker thread) and post its messages, or its error."""
        try:
            messages = list(job())
        except HdtuiError as error:
            # A dropped link is not a dialog: the bar says so and hdtui reconnects.
            failed = Offline(error.message) if is_connection_problem(error) \
                else ActionFailed(error)
            self.post_message(failed)
            return
        except ComposeError as error:
            # A draft that cannot be built (no contact address...): a worker would drop it
            # silently, and the key would seem to do nothing.
            self.post_message(ActionFailed(HdtuiError(str(error), "Cannot write this message")))
            return
        for message in messages:
            self.post_message(message)

    def _current(self) -> Row | None:
        row = self.query_one(QueueTable).current
        if row is None:
            self.notify("No message selected.", severity="warning")
        return row

    def _needs_actions(self) -> Actions | None:
        if self.actions is None:
            self.notify("Actions are not available in this session.", severity="warning")
        return self.actions

    # -- acting on a report (issue #5) ---------------------------------------------------

    def _acting(self, what: str, in_skim: bool = False) -> tuple[Row, Actions] | None:
        """The message under the cursor and the actions, or None after saying why not
        (a read-only skim refuses before any form opens, unless ``in_skim``: reporting a
        problem back to the project, docs/skim.md; the services refuse too)."""
        row = self._current()
        actions = self._needs_actions()
        if row is None or actions is None:
            return None
        try:
            if not in_skim:
                self.triage.ensure_writable(what)  # the services' own check and words
        except ReadOnlyError as error:
            self.notify(error.message, title=error.title, severity="warning", markup=False)
            return None
        return row, actions

    def action_reply(self) -> None:
        """Reply with the best fit: the first of the replies pane, wherever its cursor is
        (docs/replies.md); a reply chosen in the pane is answered with from its preview."""
        if self._acting("replying") is None or self._no_one_to_answer():
            return
        replies = self.query_one(ReplyList)
        best = replies.best
        if best is None and replies.choices:
            # Nothing fits well enough to be written by default: the member chooses.
            self.set_focus(replies)
            self.notify("No standard reply fits this message well enough to take it without "
                        "asking (see why on each). Choose one here: enter previews it, r there "
                        "replies with it.", title="Choose a reply", markup=False)
            return
        if best is None:
            self.notify("No standard reply for this message yet.", severity="warning")
            return
        self.reply_with(best, chosen=False)

    def _no_one_to_answer(self) -> bool:
        """When the message shown has no one to reply to (an anonymous or undecryptable
        report), say so and offer what can be done instead; True then."""
        row = self.query_one(QueueTable).current
        entry = self.query_one(ReportView).entry
        if row is None or entry is None or entry.key != row.key:
            return False  # not shown yet: composing says why, if it cannot
        try:
            contact_address(entry)
        except ComposeError as error:
            why = str(error)
        else:
            return False
        match = self.query_one(IssueList).current
        offers: dict[str, str] = {}
        if match is not None:
            offers[f"Link it to {match.issue.ref} (l): it is counted with that issue's "
                   "reports"] = "link_issue"
        if self.actions is not None and self.actions.teams:
            offers["Forward it to a team (f)"] = "forward"
        offers["Record the outcome, e.g. no reply needed (x)"] = "record_outcome"
        offers["Keep a personal note on it (N)"] = "edit_note"

        def chosen(option: str | None) -> None:
            if option is not None:
                self.call_later(self.run_action, offers[option])

        self.app.push_screen(PickScreen(
            "No one to reply to", list(offers), why,
            hint="enter does the one under the cursor · escape closes",
            preview_heading="Why:"), chosen)
        return True

    def reply_with(self, choice: ReplyChoice, chosen: bool) -> None:
        """Open a reply made from ``choice`` (or the message's kept reply draft); the compose
        header says which reply and why. ``chosen``: the member picked it in the pane."""
        acting = self._acting("replying")
        if acting is None:
            return
        row, actions = acting
        template = choice.template
        why = [f"{template.title} [{template.language}]: "
               + ("chosen in the replies list; " if chosen else "the best fit; ")
               + choice.reason]

        def make() -> tuple[Draft, tuple[str, ...]]:
            kept = actions.kept(DraftKind.REPLY, row.key)
            if kept is not None:
                why[0] = "The reply kept for this message, opened again (ctrl+o lists drafts)"
                return kept, ()
            return actions.reply(row.key, template)

        self._draft(make, "Reply", lambda: why[0])

    def action_raise_ft(self) -> None:
        """Raise the report to the Foundations Team: [FT] on the bugs list."""
        acting = self._acting("raising a report with [FT]")
        if acting is None:
            return
        row, actions = acting

        def make() -> tuple[Draft, tuple[str, ...]]:
            kept = actions.kept(DraftKind.FT, row.key)
            if kept is not None:
                return kept, ()
            state = actions.reproduce_state(row.key)
            body = (f"Hi FT,\n\nRaising this report: {row.summary}\n"
                    f"Reproduction: {reproduction_line(state)}\n\n"
                    "Why it needs you: \n")
            return actions.ft(row.key, body), ()

        self._draft(make, "[FT] on the bugs list")

    def action_forward(self) -> None:
        """Forward the original, unchanged, to a team with a context block on top."""
        acting = self._acting("forwarding")
        if acting is None:
            return
        row, actions = acting
        if not actions.teams:
            self.notify("No teams configured: add [[teams]] to the config.", severity="warning")
            return
        self._prepare("forward", (row.key,), lambda: (
            actions.problem(row.key), reproduction_line(actions.reproduce_state(row.key))))

    @work(thread=True, group="actions", exit_on_error=False)
    def _prepare(self, form: str, keys: tuple[str, ...], job: Callable[[], object]) -> None:
        """Read what a form needs off the UI thread, then open it (on_form_ready)."""
        self._deliver(lambda: [FormReady(form, keys, job())])

    def action_create_issue(self) -> None:
        """Create a GitLab issue from the tagged reports (or the one under the cursor)."""
        acting = self._acting("creating an issue", in_skim=True)
        if acting is None:
            return
        row, actions = acting
        tagged = [r.key for r in self.all_rows if r.key in self.query_one(QueueTable).tagged]
        keys = tuple(tagged) or (row.key,)
        mention = next((t.gitlab_mention for t in actions.teams if t.gitlab_mention), "")

        self._prepare("issue", keys, lambda: actions.issue_draft(keys, mention))

    def action_alert_team(self) -> None:
        """Alert a team over XMPP about the known issue under the cursor, with its count."""
        acting = self._acting("alerting a team", in_skim=True)
        if acting is None:
            return
        _, actions = acting
        issues = self.query_one(IssueList)
        match = issues.current
        if match is None:
            self.notify("No known issue to alert about: link or create one first.",
                        severity="warning")
            return
        teams = [t.name for t in actions.teams if t.xmpp]
        if not teams:
            self.notify("No team has an XMPP room or address: set [[teams]] xmpp.",
                        severity="warning")
            return
        count = issues.counts.get(match.issue.iid)
        total, week = (count.total, count.this_week) if count is not None else (0, 0)
        preview = alert_text(match.issue.ref, match.issue.web_url, match.issue.title, total,
                             week, count.likely if count is not None else None)

        def chosen(team: str | None) -> None:
            if team is not None:
                self._run_action(lambda: [Notice(
                    f"Alert sent to {team}: {actions.alert(team, match.issue, count)}",
                    "Alert sent")])

        self.app.push_screen(PickScreen(f"Alert a team about {match.issue.ref}", teams,
                                        preview), chosen)

    def action_reproduce(self) -> None:
        """The reproduce checklist: three conditions, then a 30-minute attempt."""
        acting = self._acting("running the reproduce checklist")
        if acting is None:
            return
        row, actions = acting

        self._prepare("reproduce", (row.key,), lambda: actions.reproduce_state(row.key))

    def action_record_outcome(self) -> None:
        """Record "stop answering" with its reason, or "no reply needed"."""
        acting = self._acting("recording an outcome")
        if acting is None:
            return
        row, actions = acting

        self._prepare("outcome", (row.key,), lambda: actions.outcome(row.key))

    def on_form_ready(self, message: FormReady) -> None:
        """Open the form a worker prepared; act on what the member chose."""
        actions = self.actions
        if actions is None:
            return
        key, data = message.key, message.data
        if message.form == "forward":
            problem, reproduction = data

            def forward(choice: ForwardChoice | None) -> None:
                if choice is None:
                    return

                def make() -> tuple[Draft, tuple[str, ...]]:
                    context = actions.forward_context(key, choice.importance,
                                                      choice.workarounds)
                    return actions.forward(key, choice.team, context), ()

                self._draft(make, f"Forward to {choice.team}")

            self.app.push_screen(ForwardFormScreen([t.name for t in actions.teams], problem,
                                                   reproduction), forward)
        elif message.form == "issue":
            keys = message.keys

            def create(draft: IssueDraft | None) -> None:
                if draft is None:
                    return

                def run() -> list[Message]:
                    issue, problems = actions.create_issue(draft.title, draft.description,
                                                           draft.labels, keys)
                    linked = len(keys) - len(problems)
                    text = f"Created {issue.ref}: {issue.web_url}; {linked} report(s) linked."
                    return [Notice(text, "Issue created", tuple(problems))]

                self.query_one(QueueTable).tagged.clear()
                self._run_action(run)

            mentions = [t.gitlab_mention for t in actions.teams if t.gitlab_mention]
            self.app.push_screen(IssueFormScreen(data, mentions), create)
        elif message.form == "reproduce":
            def save(state: ReproduceState | None) -> None:
                if state is None:
                    return
                self.query_one(ShiftBar).set_countdown(state.deadline if state.running
                                                       else None)

                def run() -> list[Message]:
                    actions.save_reproduce(key, state)
                    if state.result is None:
                        return []
                    return [Notice(f"Kept with the report: {reproduction_line(state)}.",
                                   "Reproduce checklist")]

                self._run_action(run)

            self.app.push_screen(ReproduceScreen(data), save)
        elif message.form == "outcome":
            def record(outcome: Outcome | None) -> None:
                if outcome is None:
                    return

                def run() -> list[Message]:
                    row = actions.record_outcome(key, outcome)
                    done: list[Message] = [Notice(f"Outcome recorded: {outcome.label}.",
                                                  "Outcome")]
                    return done + ([RowChanged(row)] if isinstance(row, Row) else [])

                self._run_action(run)

            self.app.push_screen(OutcomeScreen(data), record)

    @work(thread=True, group="actions", exit_on_error=False)
    def _run_action(self, job: Callable[[], Iterable[Message]]) -> None:
        self._deliver(job)

    @work(thread=True, group="actions", exit_on_error=False)
    def _draft(self, make: Callable[[], tuple[Draft, tuple[str, ...]]], title: str,
               why: Callable[[], str] = str) -> None:
        """Make a draft off the UI thread, then open it; ``why``: which standard reply it
        was made from and why (asked after ``make``)."""
        def ready() -> list[Message]:
            draft, missing = make()
            return [DraftReady(draft, missing, title, why())]

        self._deliver(ready)

    def on_draft_ready(self, message: DraftReady) -> None:
        """Open the draft in the editor; send it, or keep it, as the member says."""
        actions = self.actions
        if actions is None:
            return

        def done(outcome: ComposeOutcome | None) -> None:
            if outcome is None:
                return
            draft = outcome.draft
            if outcome.action == "send":
                self._send(actions, draft)
            else:
                def keep() -> list[Message]:
                    actions.keep(draft)
                    return [Notice("Draft kept: the same key opens it again; ctrl+o lists "
                                   "kept drafts.", "Draft kept")]

                self._run_action(keep)

        self.app.push_screen(ComposeScreen(message.draft, actions.from_address,
                                           message.missing, message.title, keys=actions,
                                           why=message.why), done)

    @work(thread=True, group="actions", exit_on_error=False)
    def _send(self, actions: Actions, draft: Draft) -> None:
        def send() -> list[Message]:
            report = actions.send(draft)
            what = "Sent (demo: NOT sent, see ctrl+o)" if actions.demo_log else "Sent"
            text = f"{what} to {', '.join(report.accepted)}."
            changed = self.triage.row(draft.report_key)
            return [Notice(text, "Sent", report.problems),
                    *([RowChanged(changed)] if changed is not None else [])]

        self._deliver(send)

    def on_notice(self, message: Notice) -> None:
        """Say what an action did, and anything that did not happen."""
        self.notify(message.text, title=message.title, markup=False)
        for problem in message.problems:
            self.notify(problem, title="Not everything happened", severity="warning",
                        timeout=15, markup=False)

