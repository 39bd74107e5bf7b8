"""Provides ReplyList: the standard replies that fit, with a preview on enter."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from hdtui.domain.reply import ReplyTemplate
from hdtui.ui.safe import literal, one_line


def reply_prompt(template: ReplyTemplate) -> Content:
    """Title and language, then when to use it."""
    from_issue = template.source.startswith("issue")
    return Content.assemble(
        literal(one_line(template.title, 70), "bold green" if from_issue else "bold"),
        (f" [{template.language}]", "dim"),
        "\n  ",
        literal(one_line(template.when or template.body, 90), "dim"),
    )


class ReplyList(OptionList):
    """Replies for the message; enter shows the filled-in preview."""

    class Chosen(Message):
        """The member wants to preview a reply."""

        def __init__(self, template: ReplyTemplate) -> None:
            super().__init__()
            self.template = template

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.templates: list[ReplyTemplate] = []
        self.border_title = "Replies"

    def show_replies(self, templates: Sequence[ReplyTemplate] | None) -> None:
        """Show the replies (None while they are being chosen)."""
        self.templates = list(templates or [])
        self.clear_options()
        if templates is None:
            self.add_option(Option(Content.styled("choosing…", "dim"), disabled=True))
        elif not templates:
            self.add_option(Option(Content.styled("no standard replies loaded", "dim"),
                                   disabled=True))
        else:
            self.add_options(Option(reply_prompt(t)) for t in templates)
            self.highlighted = 0
        self.border_title = f"Replies ({len(self.templates)})"

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Preview the chosen reply."""
        event.stop()
        if 0 <= event.option_index < len(self.templates):
            self.post_message(self.Chosen(self.templates[event.option_index]))
