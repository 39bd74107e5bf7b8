"""Provides ShiftStartScreen: what a member sees first at the start of a shift
(docs/shift.md): other teams' mail not answered, follow-ups due, what arrived since the last
shift, moderation requests, a release or advisory, hot topics, and the hand-off notes of
the previous shifts. Each count opens the messages behind it.

What it shows is gathered in a thread worker (the team folder is read from the server);
every text from mail, feeds or other members' notes reaches the screen through ``literal``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import get_current_worker

from hdtui.domain.text import cells, cut
from hdtui.errors import HdtuiError
from hdtui.ui.fetch_again import FETCHED_SAID, FetchAgain
from hdtui.ui.safe import literal
from hdtui.ui.screens import DIALOGS_CSS
from hdtui.ui.widgets.dialog_scroll import DialogScroll


@dataclass(frozen=True, slots=True)
class StartLine:
    """One numbered line: what it counts and what its number opens."""

    text: str
    keys: frozenset[str] = frozenset()
    """The messages behind it (the queue shows only them)."""
    opens: str = ""
    """"queue" (the messages behind it), a flow's name (``show_releases``), or "" (none)."""
    label: str = ""
    """How the queue names what it shows then."""
    style: str = ""


@dataclass(frozen=True, slots=True)
class StartView:
    """Everything the screen shows."""

    title: str
    lines: tuple[StartLine, ...]
    notes: str = ""
    """The previous shifts' hand-off notes, as text."""
    problems: tuple[str, ...] = field(default_factory=tuple)
    reading: int = 0
    """Gathered during a first read of the mailbox: the messages the queue held then (its
    counts are of those; the screen counts again once the read ends). 0 otherwise."""
    notes_unreached: bool = False
    """The team folder was never reached (offline): no notes is not "none yet"."""


LINE_CHARS = 200
"""The most cells a numbered line shows of each of its lines: three rows at 80x24 (the
hot-topics line names three issues, the new problems flagged and the regressions); the rest is
said by "… more", and its number opens it (docs/shift.md). A line of 13 rows (a
regression naming every group its reports share) pushed the hand-off notes off screen."""

MORE_STEPS = 3
"""At most this many ``more`` steps after the quick view (two are used: the hot topics'
counts, then their new problems and regressions)."""

NOTES_UNREACHED = "Not read: the team folder was out of reach (offline)."

READING = "Reading the mailbox"
COUNTING = "Counting the reports"
NOUNS = {READING: "messages", COUNTING: "reports"}


class ShiftStartScreen(ModalScreen[StartLine | None]):
    """The start of a shift; a number opens what its line counts, escape closes."""

    CSS_PATH = DIALOGS_CSS

    HELP_WHERE = "shift start"
    BINDINGS = [
        Binding("escape,enter,q", "close_start", "Close", id="close-shift-start"),
        Binding("f5", "fetch_again", "Count again", id="refresh-shift-start"),
        *(Binding(str(n), f"open_line({n})", f"Open line {n}", show=False,
                  id=f"shift-start-{n}") for n in range(1, 7)),
    ]

    def __init__(self, load: Callable[[], StartView],
                 more: Callable[[StartView], StartView | None] | None = None,
                 fetch: Callable[[], None] | None = None) -> None:
        """Args:
            load: what the screen shows, the quick part (blocking: run in a worker).
            more: that view with its slower counts (the hot topics, then new problems
                and regressions), or None when there is nothing more; run in the same
                worker once it is shown, and again on what it returns until None.
            fetch: the queue's F5 (new mail, the known issues): F5 here starts it and
                gathers again as each part is in (``fetched``); None: F5 gathers again
                what is here.
        """
        super().__init__()
        self.fetch_again = FetchAgain(fetch)
        self.load = load
        self.more = more
        self.view: StartView | None = None
        self._progress: tuple[int, int, str] = (0, 0, READING)
        """The last progress of a first read or of the count after it (``show_progress``),
        applied once mounted."""
        self.opened_at: float | None = None
        """When it was mounted (``time.monotonic``, the clock of Textual's events): a key
        typed before was meant for what was on screen then (``HdtuiApp.on_event``)."""

    def compose(self) -> ComposeResult:
        """Title, the counts, the notes."""
        with Vertical(id="shift-dialog", classes="dialog"):
            yield Static(Content.styled("Start of shift", "bold"), id="shift-title")
            reading = Static("", id="shift-reading")
            reading.display = False
            yield reading
            # One row at 80x24 (the dialog's inside is 76 cells).
            yield Static(Content.styled("1–6: show what a line counts · f5: count again · "
                                        "escape: queue, S reopens", "dim"),
                         id="shift-keys", classes="dialog-keys")
            with DialogScroll(id="shift-scroll"):
                yield Static(Content.styled("Gathering what happened since your last "
                                            "shift…", "dim"), id="shift-body")

    def on_mount(self) -> None:
        """Gather in a thread."""
        self.opened_at = time.monotonic()
        self.query_one("#shift-scroll").focus()
        self.show_progress(*self._progress)
        self._gather()

    def regather(self) -> None:
        """Count again: the queue has been read since (a first start)."""
        self.show_progress(0, 0)
        self._gather()

    def show_progress(self, done: int, total: int, what: str = READING) -> None:
        """How far the first read of the mailbox is (``what``: READING), then the count of
        its reports that completes this screen's numbers (COUNTING), while this screen
        covers the queue and its progress bar (docs/shift.md); hidden once ``done``
        reaches ``total``. Before the screen is composed (pushed while the read goes on)
        it is kept, and shown on mount."""
        self._progress = (done, total, what)
        try:
            line = self.query_one("#shift-reading", Static)
        except NoMatches:
            return
        if done >= total:
            line.display = False
            return
        percent = done * 100 // total if total else 0
        line.update(Content.styled(f"{what}: {done:,} of {total:,} {NOUNS[what]} "
                                   f"({percent}%)", "bold"))
        line.display = True

    @work(thread=True, exclusive=True, group="shift-start", exit_on_error=False)
    def _gather(self) -> None:
        try:
            view = self.load()
        except HdtuiError as error:
            view = StartView("Start of shift", (), problems=(error.message,))
        if get_current_worker().is_cancelled:  # a later gathering replaced this one
            return
        self.app.call_from_thread(self.show_view, view)
        if self.more is None or not view.lines:
            return
        for _ in range(MORE_STEPS):
            try:
                fuller = self.more(view)
            except HdtuiError:
                return  # the quicker counts stay on screen
            if fuller is None or get_current_worker().is_cancelled:
                return
            self.app.call_from_thread(self.show_view, fuller)
            view = fuller

    def show_view(self, view: StartView) -> None:
        """Show what was gathered."""
        self.view = view
        self.query_one("#shift-title", Static).update(literal(view.title, "bold"))
        self.query_one("#shift-body", Static).update(start_content(view))

    def action_open_line(self, number: int) -> None:
        """Close, opening what line ``number`` counts; a line with nothing to open says
        so."""
        view = self.view
        if view is None:
            self.notify("Still gathering: a moment.", severity="warning", timeout=3)
            return
        if not 0 < number <= len(view.lines):
            self.notify(f"There is no line {number}.", severity="warning", timeout=3)
            return
        line = view.lines[number - 1]
        if not line.opens or (line.opens == "queue" and not line.keys):
            self.notify("Nothing to show for this line.", severity="warning", timeout=3)
            return
        self.dismiss(line)

    def action_fetch_again(self) -> None:
        """F5, as in the queue: fetch new mail and the known issues, then gather again
        (the numbers of every line); with no fetch in this session, gather again now."""
        if not self.fetch_again.ask():
            self.regather()
            return
        line = self.query_one("#shift-reading", Static)
        line.update(Content.styled(FETCHED_SAID[0].upper() + FETCHED_SAID[1:] + "…", "bold"))
        line.display = True

    def fetched(self, what: str) -> None:
        """New mail or the known issues were fetched (the queue's feed says so): gather
        again if F5 here asked for them."""
        if self.fetch_again.heard(what):
            self.regather()  # (its line of progress, the fetch's, goes)

    def action_close_start(self) -> None:
        """Close (the queue)."""
        self.dismiss(None)


def start_content(view: StartView) -> Content:
    """The numbered lines, the problems, then the hand-off notes."""
    parts: list[Content | str] = []
    for number, line in enumerate(view.lines, 1):
        parts.extend((Content.styled(f"[{number}] ", "bold"),
                      literal(fitted(line.text, number if line.opens else None,
                                     opened(line)), line.style), "\n"))
    if view.reading:
        noun = "message" if view.reading == 1 else "messages"
        parts.extend((Content.styled(
            f"Counted from the first {view.reading:,} {noun} of a mailbox still being "
            "read: counted again when the read ends.", "dim"), "\n"))
    for problem in view.problems:
        parts.extend((literal(problem, "yellow"), "\n"))
    parts.extend(("\n", Content.styled("Hand-off notes of the previous shifts", "bold "
                                       "underline"), "\n"))
    parts.append(literal(view.notes) if view.notes else
                 Content.styled(NOTES_UNREACHED if view.notes_unreached else
                                "None in the team folder yet.", "dim"))
    return Content.assemble(*parts)


OPENED = {"show_hot_topics": "hot topics", "show_releases": "the releases"}
"""What a line's number opens, in words, by ``StartLine.opens`` (a queue's: its messages)."""


def opened(line: StartLine) -> str:
    """What the line's number opens, as its cut says it: ``hot topics``."""
    if line.opens == "queue":
        return "its messages"
    return OPENED.get(line.opens, "it")


def fitted(text: str, number: int | None, where: str = "it") -> str:
    """Each line of a numbered line's text, cut to ``LINE_CHARS``, saying what was cut
    and the key that opens the rest (``number``; None: the line opens nothing; ``where``:
    what it opens). A text of parts (``a; b; c``, as the hot-topics line is) is cut
    between parts, and the parts left out are named by their heads (``… and 1 regression
    (6 opens hot topics)``): "1 … more (6 opens it)" said neither (walk24)."""
    more = f" ({number} opens {where})" if number is not None else ""
    return "\n".join(_fitted_part(part, more) for part in text.split("\n"))


def _fitted_part(text: str, more: str) -> str:
    if cells(text) <= LINE_CHARS:
        return text
    pieces = _pieces(text)
    for kept in range(len(pieces) - 1, 0, -1):
        left = ", ".join(_head(piece) for piece in pieces[kept:])
        shown = f"{'; '.join(pieces[:kept])}; … and {left}{more}"
        if cells(shown) <= LINE_CHARS:
            return shown
    return cut(text, LINE_CHARS, f" … more{more}" if more else " …")


def _pieces(text: str) -> list[str]:
    """The parts of a line split at "; " outside parentheses (a regression's groups are
    said inside them, joined by "; " too)."""
    pieces, depth, start = [], 0, 0
    for at, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth <= 0 and text.startswith("; ", at):
            pieces.append(text[start:at])
            start = at + 2
    return [*pieces, text[start:]]


def _head(piece: str) -> str:
    """What a part of a line is, without its details: ``1 regression`` of ``1 regression
    (GPU 8086:5917, …)``."""
    return cut(piece.split(" (", 1)[0].split(": ", 1)[0], 40, "…")


__all__ = ["COUNTING", "LINE_CHARS", "READING", "ShiftStartScreen", "StartLine", "StartView",
           "fitted", "opened", "start_content"]
