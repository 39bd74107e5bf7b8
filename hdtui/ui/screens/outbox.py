"""Provides OutboxScreen: what waits to leave this machine, and the kept drafts to act on.

The mark changes made while the server was out of reach (applied when it is back), every
kept draft by what it is (a reply to whom, a forward, [FT], about which report) and, in the
demo, what would have been sent; the GitLab writes not made yet (waiting for GitLab, or
refused by it: docs/gitlab-writes.md); then what this member wrote to GitLab (notes, links,
new issues: the store's record, newest first). ``enter`` opens the draft under the cursor
in the editor (to send it, or keep it again), ``d`` deletes it; on a GitLab write ``enter``
shows its whole text (to copy), ``r`` retries the writes now and ``x`` drops the one under
the cursor. The screen returns an OutboxChoice and the caller
(hdtui/ui/flows/outbox.py) acts on it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from hdtui.domain.compose import Draft, DraftKind
from hdtui.domain.gitlab_write import GitLabWrite, PendingWrite, WriteState
from hdtui.domain.marks import MarkChange
from hdtui.domain.text import cut
from hdtui.services.ports import SentItem
from hdtui.ui.safe import literal
from hdtui.ui.screens import DIALOGS_CSS

GITLAB_SHOWN = 20
"""The newest writes to GitLab the outbox lists."""
KIND_WORDS = {DraftKind.REPLY: "Reply", DraftKind.FORWARD: "Forward", DraftKind.FT: "[FT]",
              DraftKind.AUTO_REPLY: "Auto-reply request",
              DraftKind.MODERATION: "Moderation (to Mailman)"}


@dataclass(frozen=True, slots=True)
class OutboxChoice:
    """What to do: open a kept draft in the editor or delete it; show a GitLab write not
    made yet, retry them all now, or drop one."""

    action: Literal["open", "delete", "show", "retry", "drop"]
    draft: Draft | None = None
    write: PendingWrite | None = None


def draft_line(draft: Draft) -> str:
    """A kept draft by what it is: its kind, to whom, its subject and its report."""
    about = f" · report {draft.report_id}" if draft.report_id and \
        draft.report_id not in draft.subject else ""
    return (f"{KIND_WORDS.get(draft.kind, draft.kind.value)} to {', '.join(draft.to)} · "
            f"{draft.subject}{about}")


class OutboxScreen(ModalScreen[OutboxChoice | None]):
    """Mark changes waiting, kept drafts (a list to act on), and the demo's log."""

    CSS_PATH = DIALOGS_CSS

    DEFAULT_CSS = """
    #outbox-changes { max-height: 6; }
    #outbox-drafts { height: auto; max-height: 8; }
    #outbox-gitlab { height: auto; max-height: 6; }
    #outbox-pending { height: auto; max-height: 6; }
    #outbox-sent-scroll { height: 1fr; }
    """
    BINDINGS = [
        Binding("enter", "open_draft", "Open the draft", id="open-draft"),
        Binding("d", "delete_draft", "Delete the draft", id="delete-draft"),
        Binding("r", "retry_writes", "Retry the GitLab writes now", id="retry-gitlab-writes"),
        Binding("x", "drop_write", "Drop the GitLab write", id="drop-gitlab-write"),
        Binding("escape,q", "close_outbox", "Close", id="close-outbox"),
    ]

    def __init__(self, changes: Sequence[MarkChange], drafts: Sequence[Draft],
                 sent: Sequence[SentItem] | None = None,
                 written: Sequence[GitLabWrite] = (),
                 pending: Sequence[PendingWrite] = (),
                 names: Mapping[str, str] | None = None) -> None:
        """Args:
            changes: mark changes waiting for the server, oldest first.
            drafts: the kept drafts.
            sent: in the demo, what would have left this machine (None elsewhere).
            written: what was written to GitLab, newest first.
            pending: GitLab writes not made yet, oldest first.
            names: the messages of ``changes`` in people's words ("report <ID>" or the
                summary), by key: a list never shows the internal key.
        """
        super().__init__()
        self.changes = list(changes)
        self.drafts = list(drafts)
        self.sent = None if sent is None else list(sent)
        self.written = list(written)
        self.pending = list(pending)
        self.names = dict(names or {})

    def compose(self) -> ComposeResult:
        """The changes, the drafts, the demo's log, the keys."""
        with Vertical(id="outbox-dialog", classes="dialog"):
            yield Static(Content.styled(f"Outbox: {len(self.changes)} change(s) waiting for "
                                        "the server", "bold"), id="outbox-title")
            lines = [f"{'set' if c.add else 'clear'} {c.mark.label}: "
                     f"{self.names.get(c.key, 'a message not in the queue')}"
                     for c in self.changes]
            yield Static(literal("\n".join(lines) or
                                 "Nothing waiting: every change is on the server."),
                         id="outbox-changes")
            yield Static(Content.styled(f"Kept drafts ({len(self.drafts)}):", "bold"),
                         classes="section-heading")
            yield OptionList(*(Option(literal(draft_line(d))) for d in self.drafts),
                             id="outbox-drafts", markup=False, compact=True)
            waiting = sum(1 for w in self.pending if w.state is WriteState.WAITING)
            yield Static(Content.styled(
                f"GitLab writes not made yet ({len(self.pending)}"
                f"{f', {waiting} waiting for GitLab' if waiting else ''}):", "bold"),
                classes="section-heading", id="outbox-pending-heading")
            yield OptionList(*(Option(literal(w.line())) for w in self.pending),
                             id="outbox-pending", markup=False, compact=True)
            if not self.pending:
                yield Static(literal("none: every link, note and issue reached GitLab"),
                             id="outbox-pending-none")
            shown = self.written[:GITLAB_SHOWN]
            more = len(self.written) - len(shown)
            yield Static(Content.styled(
                f"Written to GitLab ({len(self.written)}{', newest first' if shown else ''}"
                f"{f'; {more} older not shown' if more else ''}):", "bold"),
                classes="section-heading", id="outbox-gitlab-heading")
            yield Static(literal("\n".join(w.line() for w in shown) or
                                 "nothing yet (links, notes and new issues are listed here)"),
                         id="outbox-gitlab")
            with VerticalScroll(id="outbox-sent-scroll"):
                yield Static(self._sent(), id="outbox-sent")
            keys = ("enter opens the draft under the cursor · d deletes it · "
                    if self.drafts else "")
            if self.pending:
                keys += ("on a GitLab write: enter shows it · r retries them now · x drops "
                         "it · ")
            yield Static(Content.styled(f"{keys}escape closes", "dim"))

    def _sent(self) -> Content:
        if self.sent is None:
            return Content("")
        parts: list[Content | str | tuple[str, str]] = [
            (f"DEMO: NOT SENT. {len(self.sent)} message(s) and alert(s) that would have "
             "left this machine:", "bold reverse")]
        for item in self.sent:
            when = time.strftime("%H:%M:%S", time.localtime(item.when))
            parts += ["\n\n", (f"{when} {item.kind} to ", "bold"), literal(item.to, "bold"),
                      "\n", literal(item.title, "italic"), "\n", literal(cut(item.text, 2000))]
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        """The drafts under the cursor at once."""
        drafts = self.query_one("#outbox-drafts", OptionList)
        pending = self.query_one("#outbox-pending", OptionList)
        if self.pending:
            pending.highlighted = 0
        else:
            pending.display = False
        if self.drafts:
            drafts.highlighted = 0
            drafts.focus()
        else:
            drafts.display = False
            if self.pending:
                pending.focus()
            else:
                self.query_one("#outbox-sent-scroll").focus()

    def _current(self) -> Draft | None:
        index = self.query_one("#outbox-drafts", OptionList).highlighted
        if index is None or not self.drafts:
            self.notify("No kept draft.", severity="warning", markup=False)
            return None
        return self.drafts[index]

    def _current_write(self) -> PendingWrite | None:
        index = self.query_one("#outbox-pending", OptionList).highlighted
        if index is None or not self.pending:
            self.notify("No GitLab write waits.", severity="warning", markup=False)
            return None
        return self.pending[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a draft opens it; on a GitLab write, shows it."""
        event.stop()
        if event.option_list.id == "outbox-pending":
            write = self._current_write()
            if write is not None:
                self.dismiss(OutboxChoice("show", write=write))
            return
        self.action_open_draft()

    def action_retry_writes(self) -> None:
        """Retry the GitLab writes not made yet, refused ones too, in order."""
        if not self.pending:
            self.notify("No GitLab write waits.", severity="warning", markup=False)
            return
        self.dismiss(OutboxChoice("retry"))

    def action_drop_write(self) -> None:
        """Drop the GitLab write under the cursor (the caller asks first)."""
        write = self._current_write()
        if write is not None:
            self.dismiss(OutboxChoice("drop", write=write))

    def action_open_draft(self) -> None:
        """Open the draft under the cursor in the editor."""
        draft = self._current()
        if draft is not None:
            self.dismiss(OutboxChoice("open", draft=draft))

    def action_delete_draft(self) -> None:
        """Delete the draft under the cursor (the caller asks first)."""
        draft = self._current()
        if draft is not None:
            self.dismiss(OutboxChoice("delete", draft=draft))

    def action_close_outbox(self) -> None:
        """Close, doing nothing."""
        self.dismiss(None)
