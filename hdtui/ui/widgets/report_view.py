"""Provides ReportView: one message read as a report, debug sections folded."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Collapsible, Static
from textual.widgets._collapsible import CollapsibleTitle
from textual.worker import Worker

from hdtui.domain.debug import DebugSection
from hdtui.domain.decrypt_advice import advice
from hdtui.domain.hardware import is_filler
from hdtui.domain.mail import SYSTEM_HEADERS, Kind
from hdtui.domain.marks import DISPLAY_ORDER, Mark
from hdtui.domain.queue import DecryptState, Entry, Row
from hdtui.domain.report import WhisperBackReport
from hdtui.domain.text import cells, cut, one_line
from hdtui.ui.labelled import HEADER_CHARS, Labelled, LabelledStatic, Part, header_line
from hdtui.ui.labelled import line as _line
from hdtui.ui.safe import literal

if TYPE_CHECKING:
    from hdtui.domain.releases import ReleasesKnown

MAX_SECTION_LINES = 5000
MAX_BODY_LINES = 2000
"""The lines of a user's text shown in the pane: a 12 MB mail took seconds of CPU to lay
out whole (walk22), and the member reads its start; forwarding still sends it whole."""
MAX_SHOWN_CHARS = 200_000
"""The characters of one text shown (a text of few but very long lines)."""
NAME_CELLS = 64
"""The most cells of a machine name the head shows (what says the rest included:
``named``): one row at 80x24, where a value has 66. A forged report's 300-character
machine name took 5 rows (walk24); the debug sections below hold it whole. A chip's
description may take two (``DEVICE_CELLS``): lspci's are long, and their model is at the
end ("Realtek Semiconductor Co., Ltd. RTL8723BE PCIe Wireless Network Adapter")."""
DEVICE_CELLS = 2 * NAME_CELLS


def capped(text: str, max_lines: int) -> tuple[str, str]:
    """The start of a long text that the pane shows, and what says the rest is not shown
    ("" when all of it is)."""
    shown = text[:MAX_SHOWN_CHARS]
    lines = shown.split("\n", max_lines)
    if len(lines) > max_lines:
        shown = "\n".join(lines[:max_lines])
    rest = text[len(shown):].removeprefix("\n")
    if not rest:  # all of it, or all but the line break that ends it
        return text, ""
    more = rest.count("\n") + (0 if rest.endswith("\n") else 1)
    return shown, (f"\n… {more} more line{'' if more == 1 else 's'} "
                   f"({_size(len(rest.encode('utf-8', 'replace')))}) not shown here")


def moderation_head(entry: Entry, status: str = "", now: datetime | None = None
                    ) -> list[Part]:
    """What a Mailman notice says, for a list-moderation item (docs/moderation.md):
    list, sender, subject, reason, age and expiry as of ``now`` (the moderator's clock:
    the demo's newest message; default the wall clock), what Mailman answered, the keys."""
    # Imported when a notice is shown: the first frame shows none (docs/benchmarks.md,
    # "Warm start imports", session 10).
    from hdtui.domain.moderation import Digest, HeldPost, Results, age_text, read_notice

    notice = read_notice(entry.message) if entry.kind is Kind.LIST_ADMIN else None
    if isinstance(notice, Digest):
        return [_line("Digest", f"{notice.count} request(s) waiting on {notice.list_name}: "
                      "counts only, no cookie (act on the held-post notices, or the web "
                      "page)", "cyan")]
    if isinstance(notice, Results):
        return [_line("Mailman", f"{notice.outcome.value} (confirm {notice.cookie or '?'})",
                      "cyan")]
    if not isinstance(notice, HeldPost):
        return []
    now = now or datetime.now(UTC)
    expires = notice.expires()
    when = f"{age_text(notice.received, now)} ago"
    if expires is not None:
        when += ("; expired " if notice.expired(now) else "; expires ") + \
            expires.strftime("%Y-%m-%d %H:%M %Z")
    keys = "D discard · Y approve · W reject/defer (web page) · P copy to the queue" \
        if notice.actionable else "W the list's web page (no cookie: nothing by mail)"
    return [
        _line("Held on", f"{notice.list_address} (Mailman {notice.version})", "bold cyan"),
        header_line("Sender", notice.sender),
        header_line("Subject", notice.subject or "(no subject)"),
        header_line("Reason", notice.reason, "yellow"),
        _line("Age", when),
        _line("Status", status or "held", "bold"),
        _line("Keys", keys, "dim"),
    ]


def head_content(entry: Entry, note: str = "", claimed_by_me: bool = False,
                 claimant: str = "another member", moderation: str = "",
                 now: datetime | None = None,
                 releases: ReleasesKnown | None = None,
                 own: Sequence[str] = ()) -> Labelled:
    """The top of the view: identity, contact, versions, hardware, problems; every mark,
    and whose the claim is (``claimed_by_me``, else ``claimant``, a member's name from the
    claims folder, shown literally: docs/marks.md). ``releases``: the release feeds' copy,
    recent or not (none: not known), which marks a version no release can have yet;
    ``own``: the Help Desk's own addresses, which a report's contact field is said not to
    be the user's when it names one (docs/replies.md)."""
    message = entry.message
    parts: list[Part] = []
    report = entry.report
    if entry.report_id:
        parts.append(_line("Report", f"{entry.report_id}   wb://{entry.report_id}", "bold cyan"))
    elif entry.id_disputed:
        # Labelled "Report" as the line it stands for: the label "Not" with its value
        # "encrypted: ..." read as "Not        encrypted:" (session 23's walk).
        parts.append(_line("Report", f"not encrypted: the report ID {entry.claimed_id} may "
                                     "be forged (an encrypted report in the queue has it); "
                                     "this message is not threaded, linked or counted as "
                                     "that report", "bold red"))
    parts.append(header_line("Summary", entry.summary, "bold"))
    parts.extend(moderation_head(entry, moderation, now))
    if report is not None:
        parts.extend(_report_head(report, releases, own))
    date = message.date.strftime("%Y-%m-%d %H:%M %Z") if message.date else "unknown"
    parts.append(_line("Received", f"{date}   kind: {entry.kind.value}   state: {entry.state}"))
    if entry.kind is Kind.TEAM:  # docs/team-mail.md, "Told by its From address"
        parts.append(_line("Sender", "not verified: team mail is told by its From address, "
                                     "which anyone can write", "dim"))
    # A date the mail gave itself in the future (docs/insight.md, "Session 27: walkfix27b");
    # the message's module is loaded by now (a message was read), not before the first frame.
    from hdtui.domain.message import date_in_future

    if (ahead := date_in_future(message)) is not None:
        parts.append(_line("Dated", f"{ahead:%Y-%m-%d %H:%M %Z} by the mail itself: in the "
                           "future when it reached the mailbox, not believed; counted and "
                           "sorted by its arrival", "yellow"))
    if entry.marks:
        words = [mark.label for mark in DISPLAY_ORDER if mark in entry.marks]
        parts.append(_line("Marks", ", ".join(words)))
    if Mark.CLAIMED in entry.marks:
        parts.append(_line("Claimed", "by me" if claimed_by_me else
                           f"by {claimant} (c asks before releasing it)",
                           "" if claimed_by_me else "yellow"))
    if entry.decrypt is DecryptState.FAILED:
        parts.append(_line("Cannot", f"decrypt: {entry.decrypt_error}", "bold red"))
        parts.append(_line("", advice(entry.decrypt_error or ""), "red"))
    for problem in entry.problems:
        if entry.decrypt_error and problem.endswith(entry.decrypt_error):
            continue
        parts.append(_line("Problem", problem, "yellow"))
    if note:
        parts.append(_line("My note", note, "italic"))
    return Labelled(parts)


def named(name: str, room: int = NAME_CELLS) -> str:
    """A machine or chip name in at most ``room`` cells: when longer, cut, saying how long
    it is and where it is whole: ``AAAA… (300 characters, whole below)`` (the debug
    sections)."""
    if cells(name) <= room:
        return name
    rest = f" ({len(name)} characters, whole below)"
    return cut(name, room - cells(rest)) + rest


def running_said(version: str, known: ReleasesKnown | None) -> tuple[str, str]:
    """``Tails 9.9`` with what the counts say of it, and the line's style: a version no
    release has and none can have yet (``beyond_releases``, the counts' very rule, an old
    copy of the feed included: it allows the releases that can have come since its newest)
    is an ``unknown version``, counted apart, as ``hdtui stats`` and hot topics say it
    (docs/insight.md); one after the newest release that can be the next (7.8 after 7.7:
    counted) is "newer than the release feed copy"; a version of a release, older than
    the newest, its candidate, or no release known, is said as is. The pane said "may be
    forged" of 7.8 and 7.7~rc1, which the counts count (rules v81), and, until session
    25, nothing of 9.9 with a copy over 45 days old, which the counts set apart."""
    releases = known.versions if known is not None else ()
    if known is None or not releases or not version:
        return f"Tails {version}", ""
    # Imported when a report is shown: the counting rules (docs/benchmarks.md, "Warm
    # start imports").
    from hdtui.domain.insight.regressions import (
        UNKNOWN_VERSION,
        beyond_releases,
        known_version,
        version_key,
    )

    if beyond_releases(version, known.releases, known.recent, known.today):
        return (f"Tails {version} ({UNKNOWN_VERSION}: no release is {version}, the newest "
                f"is {_newest(releases)}; counted apart, the report may be forged)",
                "yellow")
    if known_version(version, known.releases) or \
            version_key(version) <= version_key(_newest(releases)):
        return f"Tails {version}", ""
    return f"Tails {version} (newer than the release feed copy)", ""


def _newest(releases: Sequence[str]) -> str:
    from hdtui.domain.insight.regressions import version_key

    return max(releases, key=version_key)


def _report_head(report: WhisperBackReport, releases: ReleasesKnown | None = None,
                 own: Sequence[str] = ()) -> list[Part]:
    parts: list[Part] = []
    contact = report.contact or "none given (anonymous report: no reply possible)"
    # The values the user or the report's sender wrote are cut as a header is, the whole
    # folded below (``long_values``; docs/text-safety.md, "Long header values").
    parts.append(header_line("Contact", contact))
    if report.contact and own:
        from hdtui.domain.address import is_own_address  # (a report is shown by now)

        if is_own_address(report.contact, own):  # walk28: shown with no word of it
            parts.append(_line("", "one of the Help Desk's own addresses, not the user's: "
                               "counted as no contact; r leaves To empty for you to fill "
                               "in", "yellow"))
    if report.openpgp_key:
        parts.append(header_line("OpenPGP", report.openpgp_key))
    if report.running is not None:
        parts.append(header_line("Running", *running_value(report, releases)))
    else:
        parts.append(_line("Running", "unknown (technical details not sent)", "dim"))
    if report.installed_version:
        parts.append(header_line("Installed", installed_value(report)))
    hw = report.hardware
    if hw.short() or hw.pci:
        machine = hw.short() or "unknown machine"
        if hw.version and not is_filler(hw.version) and hw.version not in machine:
            machine += f" (version {hw.version})"
        if hw.is_vm:
            machine += " [virtual machine]"
        parts.append(_line("Hardware", named(machine)))
        for device in hw.gpus:
            parts.append(_line("  GPU", f"{named(device.description, DEVICE_CELLS)} "
                                        f"[{device.vendor_device}]"))
        for device in hw.network:
            parts.append(_line("  Network", f"{named(device.description, DEVICE_CELLS)} "
                                            f"[{device.vendor_device}]"))
        extra = []
        if hw.memory_total_mb:
            extra.append(f"{hw.memory_total_mb / 1000:.1f} GB memory")
        if hw.cpu_model:
            extra.append(hw.cpu_model)
        if extra:
            parts.append(_line("  Other", ", ".join(extra)))
    if report.language:
        parts.append(header_line("Language", report.language))
    for name, value in report.prefill:
        parts.append(header_line("Prefill", f"{name}: {value}", "magenta"))
    return parts


def running_value(report: WhisperBackReport, releases: ReleasesKnown | None
                  ) -> tuple[str, str]:
    """The report's Running line (the version with what the counts say of it, its build
    date, tag, branch and channel) and its style; ("", "") when it gives no version block."""
    running = report.running
    if running is None:
        return "", ""
    said, style = running_said(running.version, releases)
    details = [said]
    if running.build_date:
        details.append(f"built {running.build_date}")
    if running.git_tag:
        details.append(f"tag {running.git_tag}")
    if running.git_branch:
        details.append(f"branch {running.git_branch}")
    if running.channel:
        details.append(f"channel {running.channel}")
    return ", ".join(details), style


def installed_value(report: WhisperBackReport) -> str:
    """The report's Installed line: the version installed, and whether it was upgraded
    since the running one started."""
    upgraded = ""
    if report.running and report.installed_version != report.running.version:
        upgraded = " (upgraded since)"
    return (report.installed_version or "") + upgraded


def held_post_content(entry: Entry) -> Labelled | None:
    """A held-post notice's post, readable like any mail; None for other messages."""
    from hdtui.domain.moderation import HeldPost, read_notice

    notice = read_notice(entry.message) if entry.kind is Kind.LIST_ADMIN else None
    if not isinstance(notice, HeldPost) or notice.post is None:
        return None
    post = notice.post
    parts: list[Part] = [Content.styled("The held post:\n", "bold underline")]
    for name, value in shown_headers(entry):
        parts.append(header_line(name, value, "dim"))
    parts += [Content("\n"), literal(post.text or "(no text)"), Content("\n")]
    if post.attachments:
        parts.append(Content.styled("\nAttachments (not opened):\n", "bold"))
        for att in post.attachments:
            parts.append(literal(f"  {att.filename}  {att.content_type}  {_size(att.size)}\n"))
    return Labelled(parts)


def body_content(entry: Entry) -> Labelled:
    """The user's words: answers under their headings, or the mail text and attachments."""
    held = held_post_content(entry)
    if held is not None:
        return held
    parts: list[Part] = []
    report = entry.report
    if report is not None and report.answers:
        for answer in report.answers:
            if answer.heading:
                parts.append(literal(answer.heading, "bold underline"))
                parts.append(Content("\n"))
            parts.extend(_shown(answer.text or "(empty)"))
            parts.append(Content("\n\n"))
    elif report is not None and entry.message.text == "":
        parts.append(Content.styled("(the user wrote nothing)\n", "dim"))
    if report is None or entry.message.text:
        for name, value in shown_headers(entry):
            parts.append(header_line(name, value, "dim"))
        if entry.message.headers:
            parts.append(Content("\n"))
        parts.extend(_shown(entry.message.text or "(no text)"))
        parts.append(Content("\n"))
    if entry.message.attachments:
        parts.append(Content.styled("\nAttachments (not opened):\n", "bold"))
        for att in entry.message.attachments:
            parts.append(literal(f"  {att.filename}  {att.content_type}  {_size(att.size)}\n"))
    return Labelled(parts)


def shown_headers(entry: Entry) -> list[tuple[str, str]]:
    """The header lines the pane shows above the text: a held post's own (From, To, Cc,
    Date, Subject), else the message's, those kept to spot auto-replies and bounces only
    on system mail; none for a report whose text is its answers."""
    from hdtui.domain.moderation import HeldPost, read_notice

    notice = read_notice(entry.message) if entry.kind is Kind.LIST_ADMIN else None
    if isinstance(notice, HeldPost) and notice.post is not None:
        return [(n, v) for n, v in notice.post.headers
                if n in ("From", "To", "Cc", "Date", "Subject")]
    if entry.report is not None and not entry.message.text:
        return []
    return [(n, v) for n, v in entry.message.headers
            if entry.kind is Kind.SYSTEM or n not in (*SYSTEM_HEADERS, "Content-Type")]


def long_values(entry: Entry, releases: ReleasesKnown | None = None
                ) -> list[tuple[str, str]]:
    """The values the pane cuts at ``HEADER_CHARS`` (the summary, a header, a report's
    Contact, OpenPGP, Running, Installed, Language and prefill, a held post's Sender,
    Subject and Reason), each once with the labels it stands under ("Summary and
    Subject"), to fold whole below the message: a 20,000-character Subject is readable on
    demand, not in the way (walk28). ``releases``: as ``head_content`` was given them
    (the Running line says what the counts say of its version)."""
    from hdtui.domain.moderation import HeldPost, read_notice

    notice = read_notice(entry.message) if entry.kind is Kind.LIST_ADMIN else None
    held = [("Sender", notice.sender), ("Subject", notice.subject),
            ("Reason", notice.reason)] if isinstance(notice, HeldPost) else []
    report = entry.report
    given = [("Contact", report.contact or ""), ("OpenPGP", report.openpgp_key or ""),
             ("Running", running_value(report, releases)[0]),
             ("Installed", installed_value(report) if report.installed_version else ""),
             ("Language", report.language or ""),
             *(("Prefill", f"{name}: {value}") for name, value in report.prefill)
             ] if report is not None else []
    labels: dict[str, list[str]] = {}
    for name, value in [("Summary", entry.summary), *held, *given, *shown_headers(entry)]:
        if len(value) > HEADER_CHARS and name not in labels.setdefault(value, []):
            labels[value].append(name)
    return [(" and ".join(names), value) for value, names in labels.items() if names]


def whole_value(label: str, value: str) -> Collapsible:
    """A long value, folded, shown literally (its start when it is huge)."""
    shown, tail = capped(value, MAX_BODY_LINES)
    return folded(Static(Content.assemble(literal(shown), (tail, "dim")),
                         classes="whole-value"),
                  literal(f"Whole {label} ({len(value):,} characters)"))


def _shown(text: str) -> list[Part]:
    """A user's text as the pane shows it: literally, its start only when it is long."""
    shown, tail = capped(text, MAX_BODY_LINES)
    return [literal(shown), Content.styled(tail, "dim")] if tail else [literal(shown)]


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size = size / 1024  # type: ignore[assignment]
    return f"{size} B"


def ordered_sections(report: WhisperBackReport) -> list[DebugSection]:
    """Debug sections in report order, the journal last."""
    return sorted(report.debug, key=lambda s: s.is_journal)


def section_title(section: DebugSection) -> Content:
    """A folded section's title: its key and size, literally."""
    count = len(section.lines)
    size = "Not found" if section.missing else f"{count} line{'' if count == 1 else 's'}"
    return Content.assemble(literal(section.title), (f"  ({size})", "dim"))


def section_body(section: DebugSection) -> Content:
    """A section's lines, literally, capped for very long journals."""
    shown, tail = capped("\n".join(section.lines), MAX_SECTION_LINES)
    return Content.assemble(literal(shown or "(empty)"), (tail, "dim"))


def folded(body: Static, title: Content, classes: str = "") -> Collapsible:
    """A collapsed section whose title is literal Content.

    Collapsible types its title as str, which it would parse as markup; it
    accepts Content as well, and Content is what keeps a path from mail literal.
    """
    return Collapsible(body, title=cast(str, title), collapsed=True, classes=classes)


class ReportView(VerticalScroll):
    """The message under the cursor, read as a report."""

    BINDINGS = [
        Binding("space", "toggle_section", "Fold", id="toggle-section",
                tooltip="Open or close the debug section under the cursor"),
        Binding("down", "scroll_down", "Scroll down", show=False, id="scroll-down"),
        Binding("up", "scroll_up", "Scroll up", show=False, id="scroll-up"),
        Binding("O", "toggle_all_sections", "Fold all", id="toggle-all-sections",
                tooltip="Open or close every debug section"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entry: Entry | None = None
        self.moderation = ""
        """The held post's status on screen (Mailman's answers), docs/moderation.md."""
        self._generation = 0
        self._sections_lock = asyncio.Lock()

    def compose(self) -> ComposeResult:
        """Fixed parts updated in place; the folded sections are replaced per message."""
        yield LabelledStatic(Content("No message selected."), id="report-head")
        yield LabelledStatic(Content(""), id="report-body")
        thread = Static(Content(""), id="report-thread")
        thread.display = False
        yield thread
        yield Static(Content(""), id="sections-heading", classes="section-heading")
        yield Vertical(id="sections")

    def show_loading(self, row: Row) -> None:
        """Say which message is being read from the cache (a few milliseconds, longer for
        one that was never read)."""
        if self.entry is not None and self.entry.key == row.key:
            return
        self.show_entry(None)
        self.query_one("#report-head", Static).update(Content.assemble(
            literal(one_line(row.summary, 300), "bold"), "\n", ("Reading…", "dim")))

    def _moderation_now(self, entry: Entry) -> datetime | None:
        """When a held post's age and expiry are counted from: the moderator's clock (the
        demo's newest message), else now (None)."""
        if entry.kind is not Kind.LIST_ADMIN:
            return None
        actions = getattr(self.app, "actions", None)
        moderator = getattr(actions, "moderator", None)
        return moderator.now() if moderator is not None else None

    def _own_addresses(self) -> tuple[str, ...]:
        """The Help Desk's own addresses (``Triage.own_addresses``), or none known."""
        return tuple(getattr(getattr(self.app, "triage", None), "own_addresses", ()))

    def show_entry(self, entry: Entry | None, note: str = "", claimed_by_me: bool = False,
                   claimant: str = "another member", moderation: str | None = None) -> None:
        """Show an entry (or nothing); the same message again keeps the scroll position
        (and its moderation status, unless ``moderation`` gives a new one)."""
        same = entry is not None and self.entry is not None and entry.key == self.entry.key
        if moderation is None:
            moderation = self.moderation if same else ""
        self.moderation = moderation
        self.entry = entry
        head = self.query_one("#report-head", Static)
        body = self.query_one("#report-body", Static)
        heading = self.query_one("#sections-heading", Static)
        if not same:
            self.show_thread(Content(""))
        folded_parts: list[Collapsible] = []
        if entry is None:
            head.update(Content("No message selected."))
            body.update(Content(""))
            heading.update(Content(""))
        else:
            # Release awareness: a report from before the stable version says so first.
            from hdtui.ui.screens.releases import known_releases, outdated_line, stable_version

            head.update(Labelled((*outdated_line(entry, stable_version(self.app)),
                                  *head_content(entry, note, claimed_by_me, claimant,
                                               moderation, self._moderation_now(entry),
                                               known_releases(self.app),
                                               self._own_addresses()).parts)))
            body.update(body_content(entry))
            # First: space, which opens the first section, opens the value the head cut.
            folded_parts.extend(whole_value(label, value) for label, value in
                                long_values(entry, known_releases(self.app)))
            report = entry.report
            sections = ordered_sections(report) if report is not None else []
            if report is not None and report.key_block:
                folded_parts.append(folded(Static(literal(report.key_block)),
                                           Content("Pasted OpenPGP public key")))
            for section in sections:
                folded_parts.append(folded(Static(section_body(section), classes="debug"),
                                           section_title(section),
                                           "journal" if section.is_journal else ""))
            heading.update(Content.styled(
                f"Debug information: {len(sections)} sections (space opens one)", "bold")
                if sections else Content(""))
        self._generation += 1
        # Not an exclusive worker: cancelling one in the middle of a mount or a removal
        # leaves widgets half there. Each run waits its turn and only the newest applies.
        # The callable, not a coroutine made now: a worker that never starts (the app is
        # closing) leaves no coroutine behind that was never awaited.
        generation = self._generation

        async def replace() -> None:
            await self._replace_sections(folded_parts, generation)

        worker: Worker[None] = self.run_worker(replace, group="report-sections")
        del worker  # typed so that mypy knows what the work returns
        if not same:
            self.scroll_home(animate=False)

    def show_thread(self, content: Content) -> None:
        """Show the thread part below the report (widgets/thread.py)."""
        thread = self.query_one("#report-thread", Static)
        thread.update(content)
        thread.display = bool(content.plain)  # nothing to say takes no line

    async def _replace_sections(self, parts: list[Collapsible], generation: int) -> None:
        async with self._sections_lock:
            if generation != self._generation:
                return  # a newer message is already on its way
            container = self.query_one("#sections", Vertical)
            await container.remove_children()
            if parts:
                await container.mount_all(parts)

    def _focused_collapsible(self) -> Collapsible | None:
        focused = self.app.focused
        if isinstance(focused, CollapsibleTitle) and isinstance(focused.parent, Collapsible):
            return focused.parent
        return None

    def action_toggle_section(self) -> None:
        """Open or close the section under the cursor (the first one if none is)."""
        target = self._focused_collapsible()
        if target is None:
            sections = list(self.query(Collapsible))
            if not sections:
                self.notify("This message has no debug sections.", severity="information")
                return
            target = sections[0]
            target.query_one(CollapsibleTitle).focus()
        target.collapsed = not target.collapsed
        # Scroll once the opened section has been laid out (the scroll range grows with it).
        self.set_timer(0.05, lambda: self.scroll_to_widget(target, top=True, animate=False))

    def action_toggle_all_sections(self) -> None:
        """Open every section, or close them all if any is open."""
        sections = list(self.query(Collapsible))
        open_any = any(not s.collapsed for s in sections)
        for section in sections:
            section.collapsed = open_any
