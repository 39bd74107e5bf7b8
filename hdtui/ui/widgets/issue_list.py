"""Provides IssueList: the known issues that match the message, with the words that matched."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from hdtui.domain.links import VETTED, ReportCount
from hdtui.ui.safe import literal, one_line

if TYPE_CHECKING:  # the matcher and the reply ranking load after the first frame
    from hdtui.domain.matching import Match


def match_prompt(match: Match, count: ReportCount | None = None,
                 linked: bool = False, fixed: str | None = None) -> Content:
    """Reference, score (with ✓ when confident) and title; what matched; and, when the
    tracker knows them, how many reports the issue has (and whether this one is linked)."""
    issue = match.issue
    closed = "" if issue.state == "opened" else f" ({issue.state})"
    if issue.confidential:  # members only: its title and text never go into a reply
        closed += " (confidential)"
    parts: list[Content | str | tuple[str, str]] = [
        (f"{issue.ref:>7} ", "bold cyan"),
        (f"{match.score:5.1f}{'✓' if match.confident else ' '} ", "dim"),
        literal(one_line(issue.title, 70) + closed),
        "\n",
        ("        matched: ", "dim"),
        literal(", ".join(_reasons(match)), "italic"),
    ]
    if count is not None or linked or fixed:
        parts += ["\n", ("        ", "")]
        if count is not None:
            parts.append((count.label, "bold" if count.this_week else ""))
        if linked:
            parts.append(("  · linked", "green"))
        if fixed:
            parts.append((f"  · fixed in {one_line(fixed, 12)}", "bold green"))
    return Content.assemble(*parts)


def _reasons(match: Match) -> list[str]:
    """The named signals first, then the other matched words."""
    named = " ".join(match.signals).lower()
    return [*match.signals, *(t for t in match.terms if t.lower() not in named)][:8]


class IssueList(OptionList):
    """Ranked known issues; enter opens the issue."""

    class Chosen(Message):
        """The member picked an issue."""

        def __init__(self, match: Match) -> None:
            super().__init__()
            self.match = match

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.matches: list[Match] = []
        self.counts: dict[int, ReportCount] = {}
        self.linked: set[int] = set()
        self.fixed: dict[int, str] = {}
        """The release that fixes each issue, from the release feed (docs/releases.md)."""
        self.border_title = "Known issues"

    @property
    def current(self) -> Match | None:
        """The issue under the cursor."""
        index = self.highlighted
        if index is None or not (0 <= index < len(self.matches)):
            return None
        return self.matches[index]

    def show_matches(self, matches: Sequence[Match] | None,
                     counts: Mapping[int, ReportCount] | None = None,
                     linked: Collection[int] = (),
                     fixed: Mapping[int, str] | None = None, unloaded: str = "") -> None:
        """Show the ranking (None while it is being computed), with report counts; with
        no match and ``unloaded``, why no known issue could be loaded (not "no match")."""
        self.matches = list(matches or [])
        self.counts = dict(counts or {})
        self.linked = set(linked)
        self.fixed = dict(fixed or {})
        self.clear_options()
        if matches is None:
            self.add_option(Option(Content.styled("matching…", "dim"), disabled=True))
        elif not matches:
            said = "no known issue matches"
            if unloaded:  # none to match, which is not "no match" (docs/config.md)
                said = unloaded if unloaded.startswith("No [tracker]") \
                    else f"known issues not loaded: {unloaded}"
            self.add_option(Option(Content.styled(said, "dim"), disabled=True))
        else:
            self.add_options(Option(match_prompt(m, self.counts.get(m.issue.iid),
                                                 m.issue.iid in self.linked,
                                                 self.fixed.get(m.issue.iid)),
                                    id=str(m.issue.iid)) for m in matches)
            self.highlighted = 0
        self._title()

    def _title(self) -> None:
        """"Known issues (5) · only our links count" (docs/gitlab.md), the note left out
        when the border cannot hold it whole (it was cut to "· cou…" at 120x40)."""
        title = f"Known issues ({len(self.matches)})"
        vetted = f"{title} · {VETTED}"
        room = self.size.width - 4  # the corners and a space each side
        self.border_title = vetted if self.counts and (not room or len(vetted) <= room) \
            else title

    def on_resize(self) -> None:
        """The title as the new width holds it."""
        self._title()

    def action_select(self) -> None:
        """Enter: open the one under the cursor; on an empty pane, say so (no silent key)."""
        if not self.matches:
            self.notify("No known issue here to open: none matches this message"
                        " (or none is shown yet).",
                        severity="warning", markup=False)
            return
        super().action_select()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen issue."""
        event.stop()
        if 0 <= event.option_index < len(self.matches):
            self.post_message(self.Chosen(self.matches[event.option_index]))
