"""Provides ReplyList: the standard replies for the message, best first, each with why; a
preview on enter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from hdtui.ui.safe import literal, one_line

if TYPE_CHECKING:  # the matcher, the reply ranking and the replies load after the first
    # frame (docs/benchmarks.md, "Session 14: warm first rows")
    from hdtui.domain.reply import ReplyTemplate
    from hdtui.domain.reply_choice import ReplyChoice


def reply_prompt(choice: ReplyChoice) -> Content:
    """Title and language, then why it is offered (docs/replies.md)."""
    template = choice.template
    from_issue = template.source.startswith("issue")
    return Content.assemble(
        literal(one_line(template.title, 70), "bold green" if from_issue else "bold"),
        (f" [{template.language}]", "dim"),
        "\n  ",
        literal(one_line(choice.reason, 90), "dim"),
    )


class ReplyList(OptionList):
    """Replies for the message, the best fit first; enter shows the filled-in preview."""

    class Chosen(Message):
        """The member wants to preview a reply (and may reply with it from there)."""

        def __init__(self, choice: ReplyChoice) -> None:
            super().__init__()
            self.choice = choice

        @property
        def template(self) -> ReplyTemplate:
            """The reply chosen."""
            return self.choice.template

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices: list[ReplyChoice] = []
        self.border_title = "Replies"

    @property
    def templates(self) -> list[ReplyTemplate]:
        """The replies shown, in order."""
        return [choice.template for choice in self.choices]

    @property
    def best(self) -> ReplyChoice | None:
        """The best fit: the first reply, wherever the cursor is; None when it is no fit
        (it only fits in part, names no fact or is a possible match: docs/replies.md)."""
        return self.choices[0] if self.choices and self.choices[0].standing.fits else None

    def show_replies(self, choices: Sequence[ReplyChoice] | None,
                     empty: str = "no standard reply for this message") -> None:
        """Show the replies (None while they are being chosen); ``empty``: what the pane
        says when there is none."""
        self.choices = list(choices or [])
        self.clear_options()
        if choices is None:
            self.add_option(Option(Content.styled("choosing…", "dim"), disabled=True))
        elif not choices:
            self.add_option(Option(Content.styled(empty, "dim"), disabled=True))
        else:
            self.add_options(Option(reply_prompt(c)) for c in choices)
            self.highlighted = 0
        self.border_title = f"Replies ({len(self.choices)})"

    def action_select(self) -> None:
        """Enter: open the one under the cursor; on an empty pane, say so (no silent key)."""
        if not self.choices:
            self.notify("No reply here to preview: none is offered for this message"
                        " (or none is shown yet).",
                        severity="warning", markup=False)
            return
        super().action_select()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Preview the chosen reply."""
        event.stop()
        if 0 <= event.option_index < len(self.choices):
            self.post_message(self.Chosen(self.choices[event.option_index]))
