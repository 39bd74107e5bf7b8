"""Provides IssueList: the known issues that match the message, with the words that matched."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from hdtui.domain.links import VETTED, ReportCount
from hdtui.domain.match_reasons import reasons
from hdtui.domain.text import clean
from hdtui.ui.labelled import hanging as wrapped_under
from hdtui.ui.safe import literal, one_line

if TYPE_CHECKING:  # the matcher and the reply ranking load after the first frame
    from hdtui.domain.insight.per_issue import IssueStats
    from hdtui.domain.matching import Match


TITLE_AT = 15
"""The column where an issue's title starts, after its reference and score."""
MATCHED = "        matched: "


def hanging(text: str, first: int, indent: int, width: int) -> str:
    """``text`` wrapped to ``width`` terminal cells when its first line starts at column
    ``first`` and the others at ``indent`` (``labelled.hanging``): a long title or list of
    words wraps under itself, not to the pane's first column (walk22, 80x24). A ``width``
    of 0 (not laid out yet) leaves the text on one line."""
    if width <= 0 or width - indent < 8:
        return text
    return wrapped_under(Content(text), indent, width, first - indent).plain


def match_prompt(match: Match, count: ReportCount | None = None,
                 linked: bool = False, fixed: str | None = None, width: int = 0,
                 stats: IssueStats | None = None) -> Content:
    """Reference, score (with ✓ when confident) and title; what matched; and, when the
    tracker knows them, how many reports the issue has (and whether this one is linked).
    ``width``: the pane's width in cells, to wrap the title and the words under
    themselves; ``stats``: the issue's numbers as hot topics last counted them, to say
    "fixed in 7.7, yet N reports on 7.7 or later" as hot topics does."""
    issue = match.issue
    closed = "" if issue.state == "opened" else f" ({issue.state})"
    if issue.confidential:  # members only: its title and text never go into a reply
        closed += " (confidential)"
    title = hanging(str(clean(one_line(issue.title, 70) + closed)), TITLE_AT, TITLE_AT, width)
    words = hanging(str(clean(", ".join(_reasons(match)))), len(MATCHED), len(MATCHED), width)
    parts: list[Content | str | tuple[str, str]] = [
        (f"{issue.ref:>7} ", "bold cyan"),
        (f"{match.score:5.1f}{'✓' if match.confident else ' '} ", "dim"),
        literal(title),
        "\n",
        (MATCHED, "dim"),
        literal(words, "italic"),
    ]
    pieces: list[tuple[str, str]] = []
    if count is not None:
        pieces.append((count.label, "bold" if count.this_week else ""))
    if linked:
        pieces.append(("linked", "green"))
    if fixed:
        from hdtui.domain.insight.regressions import fixed_said

        version = one_line(fixed, 12)
        said = fixed_said(stats, version) if stats is not None else f"fixed in {version}"
        pieces.append((said, "bold green" if said.endswith(version) else "bold yellow"))
    if pieces:
        parts += ["\n", *_counts_line(pieces, width)]
    return Content.assemble(*parts)


COUNTS_AT = 8
"""The column where an issue's counts start, under its score."""


def _counts_line(pieces: Sequence[tuple[str, str]], width: int) -> list[tuple[str, str]]:
    """The counts, "linked" and "fixed in" as styled pieces joined by "  · ", a piece
    that does not fit on its line starting the next one under the first (``width``: the
    pane's cells, 0 for one line), each piece wrapped under itself when alone too long."""
    indent = " " * COUNTS_AT
    out: list[tuple[str, str]] = [(indent, "")]
    used = COUNTS_AT
    for number, (text, style) in enumerate(pieces):
        joint = "  · " if number else ""
        if number and width and used + len(joint) + cell_len(text) > width:
            out.append(("\n" + indent, ""))
            joint, used = "", COUNTS_AT
        text = hanging(text, used + len(joint), COUNTS_AT, width)
        out += [(joint, style), (text, style)]
        used = cell_len(text.rsplit("\n", 1)[-1]) + (0 if "\n" in text else used + len(joint))
    return out


def _reasons(match: Match) -> list[str]:
    """The named signals first, then the other matched words (a word inside a signal's
    name is dropped; a rule's reason for the place is no signal of the user's):
    ``match_reasons.reasons``, as ``hdtui match`` shows them."""
    return reasons(match.signals, match.terms, match.placed)


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
        self._wrapped_at = 0
        """The width the options were wrapped to (a resize to another wraps them again)."""
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
            width = self._prompt_width()
            stats: Mapping[int, IssueStats] = getattr(self.app, "issue_stats", {})
            self.add_options(Option(match_prompt(m, self.counts.get(m.issue.iid),
                                                 m.issue.iid in self.linked,
                                                 self.fixed.get(m.issue.iid), width,
                                                 stats.get(m.issue.iid)),
                                    id=str(m.issue.iid)) for m in matches)
            self.highlighted = 0
        self._wrapped_at = self._prompt_width()
        self._title()

    def _title(self) -> None:
        """"Known issues (5) · only our links count" (docs/gitlab.md), the note left out
        when the border cannot hold it whole (it was cut to "· cou…" at 120x40)."""
        title = f"Known issues ({len(self.matches)})"
        vetted = f"{title} · {VETTED}"
        room = self.size.width - 4  # the corners and a space each side
        self.border_title = vetted if self.counts and (not room or len(vetted) <= room) \
            else title

    def _prompt_width(self) -> int:
        """The cells an option's text has: the pane's content less a scroll bar, whether
        it is shown yet or not (the options wrapped before theirs appeared were two cells
        too wide once it did: CI), and a cell to spare."""
        width = self.content_region.width - self.styles.scrollbar_size_vertical - 1
        return max(width, 0)

    def on_resize(self) -> None:
        """The title as the new width holds it, and the issues wrapped to the new width."""
        self._title()
        if self.matches and self._prompt_width() != self._wrapped_at:
            highlighted = self.highlighted
            self.show_matches(self.matches, self.counts, self.linked, self.fixed)
            self.highlighted = highlighted

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
