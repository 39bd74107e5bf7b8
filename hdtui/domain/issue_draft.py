"""Provides GitLab issue drafts from reports, pure: IssueDraft, issue_draft(), redaction.

A Help Desk issue holds the problem, the report references (IDs only: issues are usually
public), a frequency estimate, the team mention, whether Help Desk reproduced it, and a
"We need your feedback" section for affected users (domain.md §3). `issue_draft` prefills
one from one or several reports; the member edits it before it is created.

Personal data stays out by default: `redact` strips the reports' text with
`hdtui.domain.redact` (addresses in every form, OpenPGP material, the names of the contact,
of the key's user IDs and those signed in the text; docs/privacy.md), always on the whole
text before anything is cut. Lines it is unsure about become `IssueDraft.uncertain`, so the
form points at them instead of claiming that no personal data was found.

A 40-hex git commit is removed too (it looks like a fingerprint): reports' versions are
given as numbers instead. The user's own words go into fenced code blocks, so that
``@mentions``, ``#refs`` and Markdown in a report do nothing on GitLab.

Labels are suggested simply: the category of a known Bug-specific prefill application
(`PREFILL_LABELS`) and ``C:Hardware support`` when the summary or answers name hardware
(`HARDWARE_WORDS`). Unknown applications give no label, so no new label is created on GitLab
by accident.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from hdtui.domain.links import mail_reference, report_reference
from hdtui.domain.markdown import code_span, fence, plain_title
from hdtui.domain.queue import Entry
from hdtui.domain.redact import EMAIL_RE as EMAIL_RE  # re-exported for the draft's users
from hdtui.domain.redact import NAME_PART_MIN as NAME_PART_MIN
from hdtui.domain.redact import (
    Known,
    Uncertain,
    count_kinds,
    find_uncertain,
    known_from_entries,
    redact_text,
)
from hdtui.domain.redact import Redaction as Redaction
from hdtui.domain.redact import find_addresses as find_addresses
from hdtui.domain.text import one_line

TITLE_MAX = 100
"""The longest prefilled title, in characters."""
ANSWER_MAX = 600
"""How much of each answer of the first report goes into the description."""
OTHER_SUMMARIES_MAX = 10
"""How many other reports' summaries are listed."""
FEEDBACK_HEADING = "## We need your feedback"
FEEDBACK_PLACEHOLDER = ("TODO: what affected users should try or tell us (e.g. test a nightly "
                        "image, say which Tails version last worked).")
HARDWARE_LABEL = "C:Hardware support"
PREFILL_LABELS: dict[str, str] = {
    "tps_frontend": "C:Persistence",
    "fsck": "C:Persistence",
}
"""The GitLab category of each known ``Bug-specific app:`` (domain.md §2.6)."""
HARDWARE_WORDS = (
    "wi-fi", "wifi", "wireless", "graphics", "gpu", "black screen", "screen", "display",
    "keyboard", "touchpad", "trackpad", "mouse", "sound", "audio", "webcam", "camera",
    "bluetooth", "usb", "bios", "uefi", "firmware", "driver", "laptop", "monitor",
    "battery", "suspend",
)
"""Words that make a report a hardware-support report."""

_HARDWARE_RE = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in HARDWARE_WORDS)
                          + r")s?(?!\w)", re.IGNORECASE)
_QUOTED_RE = re.compile(r"^\s*>.*$\n?", re.MULTILINE)
_FENCE_RE = re.compile(r"^`{3,}")


@dataclass(frozen=True, slots=True)
class IssueDraft:
    """A GitLab issue still to create, as the member will edit it."""

    title: str
    description: str
    labels: tuple[str, ...]
    report_refs: tuple[str, ...]
    """``wb://<id>`` and ``mail:<date>:<hash>`` references of the reports it cites."""
    stripped: tuple[str, ...] = ()
    """What was kept out of the prefilled text, one item per kind: ``2 email addresses``."""
    uncertain: tuple[Uncertain, ...] = ()
    """Lines of the prefilled description that may still hold personal data."""


def personal_names(entries: Sequence[Entry]) -> list[str]:
    """Names known to be personal in the reports: contacts, key user IDs, signatures."""
    return list(known_from_entries(entries).names)


def redact(text: str, entries: Sequence[Entry]) -> Redaction:
    """Remove addresses, OpenPGP material and the reports' names from ``text``."""
    return redact_text(text, known_from_entries(entries))


def strip_personal(text: str, entries: Sequence[Entry]) -> str:
    """``text`` without addresses, OpenPGP material and the reports' names."""
    return redact(text, entries).text


# --- the draft ---------------------------------------------------------------------------


def entry_reference(entry: Entry) -> str | None:
    """``wb://<id>`` for a report, ``mail:<date>:<hash>`` for plain mail, or None."""
    if entry.report_id:
        try:
            return report_reference(entry.report_id)
        except ValueError:
            return None
    message = entry.message
    if message.message_id and message.date is not None:
        try:
            return mail_reference(message.message_id, message.date.date())
        except ValueError:
            return None
    return None


def _fenced(text: str) -> str:
    """Text in a fenced code block GitLab shows as is (`hdtui.domain.markdown.fence`)."""
    return fence(text, "text")


def _cut(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _title(entry: Entry, clean: Callable[[str], str]) -> str:
    """The first report's summary, completed by its prefill details when that is all.

    Stripped whole before its first line is taken: a wrapped fingerprint stays whole.
    """
    report = entry.report
    summary = clean(entry.summary)
    if report is not None:
        prefill_summary = report.prefill_value("summary")
        details = clean(report.prefill_value("details") or "").strip()
        if details and (not report.summary.strip() or report.summary.strip() == prefill_summary):
            summary = f"{summary}: {details.splitlines()[0]}"
    return summary


def _problem_text(entry: Entry, clean: Callable[[str], str]) -> str:
    """The first report's own words: its answers (headed), or plain mail's first lines.

    Each text is stripped of personal data before it is cut, so that no part of an address
    or key is left by the cut.
    """
    report = entry.report
    if report is not None:
        parts = [f"{a.heading}\n\n{_cut(clean(a.text), ANSWER_MAX)}" if a.heading
                 else _cut(clean(a.text), ANSWER_MAX) for a in report.answers[:4]]
        details = report.prefill_value("details")
        if details:
            parts.append(f"Error details\n\n{_cut(clean(details), ANSWER_MAX)}")
        return "\n\n".join(parts)
    return _cut(clean(_QUOTED_RE.sub("", entry.message.text)), ANSWER_MAX)


def _fenced_uncertain(description: str, known: Known) -> tuple[Uncertain, ...]:
    """Doubtful lines of the description, only inside fences (the reports' own words)."""
    fenced: set[int] = set()
    inside = False
    for number, line in enumerate(description.split("\n"), start=1):
        if _FENCE_RE.match(line):
            inside = not inside
        elif inside:
            fenced.add(number)
    return tuple(u for u in find_uncertain(description, known.names) if u.line in fenced)


def _counted(values: Iterable[str]) -> str:
    """Distinct values by frequency, each a code span: ``7.5`` (2 reports), ``6.12``."""
    counts = Counter(v for v in values if v.strip())
    # Versions, machines and devices come from the report: code spans, so they mention,
    # reference and embed nothing on GitLab.
    return ", ".join(code_span(v) if n == 1 else f"{code_span(v)} ({n} reports)"
                     for v, n in counts.most_common())


def _facts(entries: Sequence[Entry]) -> list[str]:
    """Versions, machines and the relevant PCI devices, one bullet each."""
    lines = []
    versions = _counted(e.version for e in entries)
    if versions:
        lines.append(f"- Tails versions: {versions}")
    installed = _counted(e.report.installed_version or "" for e in entries
                         if e.report is not None)
    if installed:
        lines.append(f"- Initially installed: {installed}")
    machines = _counted(e.hardware for e in entries)
    if machines:
        lines.append(f"- Machines: {machines}")
    devices = _counted(
        f"{d.description} [{d.vendor_device}]"
        for e in entries if e.report is not None
        for d in (*e.report.hardware.gpus, *e.report.hardware.network))
    if devices:
        lines.append(f"- Devices: {devices}")
    return lines


def suggest_labels(entries: Sequence[Entry]) -> tuple[str, ...]:
    """Labels from the reports: prefill application categories, hardware support."""
    labels: dict[str, None] = {}
    hardware = False
    for entry in entries:
        report = entry.report
        if report is not None:
            label = PREFILL_LABELS.get((report.prefill_value("app") or "").strip().lower())
            if label:
                labels.setdefault(label, None)
            said = " ".join([report.summary, *(a.text for a in report.answers)])
        else:
            said = entry.message.subject
        hardware = hardware or _HARDWARE_RE.search(said) is not None
    if hardware:
        labels.setdefault(HARDWARE_LABEL, None)
    return tuple(labels)


def issue_draft(entries: Sequence[Entry], count_label: str, team_mention: str,
                reproduction: str) -> IssueDraft:
    """A prefilled issue for one or several reports (the first one leads).

    ``count_label`` is the frequency (``14 reports, 5 this week``), ``team_mention`` the
    GitLab mention (``@foundations-team``, may be ""), ``reproduction`` the line of
    `hdtui.domain.process.reproduction_line`.
    """
    if not entries:
        raise ValueError("An issue needs at least one report.")
    first = entries[0]
    known = known_from_entries(entries)
    removed: list[str] = []

    def clean(text: str) -> str:
        red = redact_text(text, known)
        removed.extend(red.removed)
        return red.text

    # The title repeats the summary (counted below), so its removals are not counted twice.
    # GitLab links references and mentions in titles too (no Markdown there): plain_title.
    title = plain_title(_cut(one_line(_title(first, lambda t: redact_text(t, known).text)),
                             TITLE_MAX))
    refs = tuple(dict.fromkeys(r for r in map(entry_reference, entries) if r))
    parts = ["## Problem", "", _fenced(clean(first.summary))]
    words = _problem_text(first, clean)
    if words.strip():
        parts += ["", "What the first report says (personal data removed):", "",
                  _fenced(words)]
    others = list(dict.fromkeys(
        one_line(clean(e.summary)) for e in entries[1:]
        if e.summary.strip() and e.summary.strip() != first.summary.strip()))
    if others:
        shown = others[:OTHER_SUMMARIES_MAX]
        more = len(others) - len(shown)
        parts += ["", "Other reports summarise it as:", "",
                  _fenced("\n".join(shown + ([f"(and {more} more)"] if more else [])))]
    facts = _facts(entries)
    if facts:
        parts += ["", "## Affected versions and hardware", "", *facts]
    parts += [
        "",
        "## Reports",
        "",
        f"Reports: {', '.join(refs) if refs else '(none referenced)'}",
        "",
        f"Frequency: {one_line(count_label) or 'unknown'}",
        "",
        f"Reproduction: {one_line(reproduction) or 'Not tried'}",
    ]
    mention = one_line(team_mention)
    if mention:
        parts += ["", f"Team: {mention}"]
    parts += ["", FEEDBACK_HEADING, "", FEEDBACK_PLACEHOLDER, ""]
    description = "\n".join(parts)
    return IssueDraft(title=title, description=description,
                      labels=suggest_labels(entries), report_refs=refs,
                      stripped=count_kinds(removed),
                      uncertain=_fenced_uncertain(description, known))


def parse_labels(text: str) -> tuple[str, ...]:
    """Comma-separated labels as typed: trimmed, empty ones dropped, each once."""
    return tuple(dict.fromkeys(one_line(p) for p in text.split(",") if p.strip()))


def render_issue(draft: IssueDraft) -> str:
    """The draft as plain text for a preview: title, labels, then the description."""
    labels = ", ".join(draft.labels) if draft.labels else "(none)"
    return f"Title: {draft.title}\nLabels: {labels}\n\n{draft.description.rstrip()}\n"
