"""Provides GitLab issue drafts from reports, pure: IssueDraft, issue_draft(), redaction.

A Help Desk issue holds the problem, the report references (IDs only: issues are usually
public), a frequency estimate, the team mention, whether Help Desk reproduced it, and a
"We need your feedback" section for affected users (docs/process.md §6). `issue_draft` prefills
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
(`PREFILL_LABELS`) and ``C:Hardware support`` when most of the reports name hardware
(`HARDWARE_WORDS`) and none speaks of a problem that is not the hardware's
(`NOT_HARDWARE_WORDS`: a captive portal, a screen reader, a printer). Unknown applications
give no label, so no new label is created on GitLab by accident; in doubt, none is offered
(docs/process.md §6).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from hdtui.domain.hardware import PciDevice
from hdtui.domain.links import mail_reference, report_reference
from hdtui.domain.markdown import code_span, fence, plain_title
from hdtui.domain.placeholders import FEEDBACK_PLACEHOLDER, TITLE_SYMPTOM
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
from hdtui.domain.signal_text import NETWORK_NAMES, draft_signals, read_signal
from hdtui.domain.signal_text import draft_signal as draft_signal  # re-exported
from hdtui.domain.signal_text import journal_program as journal_program  # re-exported
from hdtui.domain.signals import VENDOR_NAMES
from hdtui.domain.text import one_line

TITLE_MAX = 100
"""The longest prefilled title, in characters."""
SUBJECT_MAX = 48
"""The longest journal error a cluster's title leads with, in characters."""
ANSWER_MAX = 600
"""How much of each answer of the first report goes into the description."""
OTHER_SUMMARIES_MAX = 10
"""How many other reports' summaries are listed."""
FEEDBACK_HEADING = "## We need your feedback"
HARDWARE_LABEL = "C:Hardware support"
PREFILL_LABELS: dict[str, str] = {
    "tps_frontend": "C:Persistence",
    "fsck": "C:Persistence",
}
"""The GitLab category of each known ``Bug-specific app:`` (docs/whisperback.md §5)."""
HARDWARE_WORDS = (
    "wi-fi", "wifi", "wireless", "graphics", "gpu", "black screen", "screen", "display",
    "keyboard", "touchpad", "trackpad", "mouse", "sound", "audio", "webcam", "camera",
    "bluetooth", "usb", "bios", "uefi", "firmware", "driver", "laptop", "monitor",
    "battery", "suspend",
)
"""Words that make a report a hardware-support report."""
NOT_HARDWARE_WORDS = (
    "captive portal", "portal", "hotspot", "login page", "unsafe browser", "screen reader",
    "orca", "printer", "printing",
)
"""Problems that are not the hardware's even when their reports say a hardware word (a
hotel's Wi-Fi login page, the screen reader): any of them leaves ``C:Hardware support``
out (walk24: a captive portal's cluster was offered it; no label beats a wrong one).
Words a hardware report says in passing (its Persistent Storage, Tor) are not here."""

_HARDWARE_RE = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in HARDWARE_WORDS)
                          + r")s?(?!\w)", re.IGNORECASE)
_NOT_HARDWARE_RE = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in NOT_HARDWARE_WORDS)
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


_NETWORK_WORDS_RE = re.compile(r"(?<!\w)(?:wi-?fi|wireless|wlan|network|internet|réseau|"
                               r"red|netz|rete|rede|сеть|интернет)(?!\w)", re.IGNORECASE)


def _shared(values: Sequence[frozenset[str]]) -> frozenset[str]:
    """What every one of the sets holds."""
    return frozenset.intersection(*values) if values else frozenset()


def _devices_of(entry: Entry) -> frozenset[str]:
    """The report's GPUs and network chips: ``description [vendor:device]``."""
    report = entry.report
    if report is None:
        return frozenset()
    return frozenset(f"{d.description} [{d.vendor_device}]"
                     for d in (*report.hardware.gpus, *report.hardware.network))


def device_name(device: PciDevice) -> str:
    """A chip as a title names it: ``Realtek RTL8723BE [10ec:b723]``, ``Intel Graphics 5500
    [8086:1616]`` (the vendor's short name, the model word of lspci's description)."""
    vendor = VENDOR_NAMES.get(device.vendor_id, "")
    words = device.description.replace(",", " ").split()
    model = next((w for w in words if any(c.isdigit() for c in w)
                  and any(c.isalpha() for c in w)), "")
    if not model:
        number = next((n for n, w in enumerate(words) if w.isdigit()), None)
        if number is not None:
            model = " ".join(words[max(0, number - 1):number + 1])
    name = " ".join(p for p in (vendor, model) if p) or device.description
    return f"{name} [{device.vendor_device}]"


def _title(entries: Sequence[Entry], why: Sequence[str] = ()) -> str:
    """A title from what the reports share, never from a user's words (issue #11): the
    application Tails prefilled, its error summary, the chip all reports have, the version
    all run; the symptom is left to the member (``TITLE_SYMPTOM``) unless Tails' own
    prefilled summary names it.

    With several chips shared, a Wi-Fi chip leads when the users talk about the network
    (their words are read to choose, never copied), else the graphics chip does.

    A cluster's draft (``why``: its signals) leads with the cluster's own first signal
    instead (`cluster_subject`): a sound problem's cluster is not titled by its GPU.
    """
    reports = [e.report for e in entries if e.report is not None]
    every = len(reports) == len(entries)

    def same(key: str) -> str:  # a Bug-specific prefill value every report has alike
        values = {(r.prefill_value(key) or "").strip().split("\n")[0].rstrip(":")
                  for r in reports}
        return next(iter(values)) if every and len(values) == 1 else ""

    app, summary, symptom = same("app"), same("summary"), same("details")
    subject = f"{summary} ({app})" if summary and app else summary or app
    if why:
        subject = subject or cluster_subject(entries, why)
    elif not subject and reports and every:
        shared = frozenset.intersection(*(frozenset(d.vendor_device for d in
                                                     (*r.hardware.gpus, *r.hardware.network))
                                          for r in reports))
        devices = {d.vendor_device: d for d in (*reports[0].hardware.gpus,
                                                *reports[0].hardware.network)
                   if d.vendor_device in shared}
        said = " ".join(f"{e.summary} {e.message.subject}" for e in entries)
        network_first = _NETWORK_WORDS_RE.search(said) is not None

        def rank(device: PciDevice) -> tuple[int, str]:
            wireless = device.class_id == "0280"
            if network_first:
                order = 0 if wireless else 1 if device.kind == "network" else 2
            else:
                order = 0 if device.kind == "gpu" else 1 if wireless else 2
            return order, device.vendor_device

        ordered = sorted(devices.values(), key=rank)
        subject = device_name(ordered[0]) if ordered else ""
    versions = {e.version for e in entries}
    version = next(iter(versions)) if len(versions) == 1 and "" not in versions else ""
    title = f"{subject}: {symptom or TITLE_SYMPTOM}" if subject else (symptom or TITLE_SYMPTOM)
    return f"{title} (Tails {version})" if version else title


_SUBJECT_KINDS = ("app", "journal error", "GPU", *NETWORK_NAMES, "machine")
"""The signals a cluster's title can lead with, when every report shares them."""


def cluster_subject(entries: Sequence[Entry], why: Sequence[str]) -> str:
    """What a cluster's title leads with: its first signal every report shares (``same app
    X``, ``same journal error "..."``, a chip, a machine), as the hot topics label says it
    (docs/insight.md); "" when the reports go together by their words alone (the symptom is
    then the member's, no hardware leads). A masked journal error loses its ``#`` masks."""
    first = next((r for r in map(read_signal, why)
                  if r is not None and r.scope == "same" and r.kind in _SUBJECT_KINDS), None)
    if first is None:
        return ""
    _, kind, value = first
    if kind == "journal error":
        return "journal error: " + journal_program(value)
    if kind in ("GPU", *NETWORK_NAMES):
        devices = (d for e in entries if e.report is not None
                   for d in (*e.report.hardware.gpus, *e.report.hardware.network))
        return next((device_name(d) for d in devices if d.vendor_device == value),
                    f"{kind} {value}")
    return value


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
    """Versions, machines and the relevant PCI devices, one bullet each.

    Only the devices every report has are listed: a chip one report happens to have would
    make the issue match unrelated machines with it (the matcher reads PCI ids, issue #11).
    How many other devices differ is said, without naming them."""
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
    reports = [e for e in entries if e.report is not None]
    every = [_devices_of(e) for e in reports]
    shared = _shared(every)
    if shared:
        scope = "in every report" if len(reports) > 1 else "graphics and network"
        lines.append(f"- Devices ({scope}): " + ", ".join(code_span(d) for d in sorted(shared)))
    others = frozenset().union(*every) - shared if every else frozenset()
    if others:
        lines.append(f"- Other graphics and network devices differ between the reports "
                     f"({len(others)}), so they are not listed.")
    return lines


def suggest_labels(entries: Sequence[Entry]) -> tuple[str, ...]:
    """Labels from what the reports say: prefill application categories, and hardware
    support when more than half of the reports name hardware and none names a problem
    that is not the hardware's (``NOT_HARDWARE_WORDS``): a wrong label misfiles the issue,
    none leaves the choice to the member."""
    labels: dict[str, None] = {}
    hardware = other = 0
    for entry in entries:
        report = entry.report
        if report is not None:
            label = PREFILL_LABELS.get((report.prefill_value("app") or "").strip().lower())
            if label:
                labels.setdefault(label, None)
            said = " ".join([report.summary, *(a.text for a in report.answers)])
        else:
            said = entry.message.subject
        hardware += _HARDWARE_RE.search(said) is not None
        other += _NOT_HARDWARE_RE.search(said) is not None
    if 2 * hardware > len(entries) and not other:
        labels.setdefault(HARDWARE_LABEL, None)
    return tuple(labels)


def cluster_frequency(per_week: Sequence[int], today: date | None = None, *,
                      reports: int = 0, first: date | None = None,
                      latest: date | None = None, earlier: int = 0) -> str:
    """How often a new problem (a hot-topics cluster, no issue yet) was reported, in
    words true before the issue exists: ``4 reports this week, 7 in the 8 weeks to
    2026-12-07 (per week, oldest first: 0 0 0 0 0 1 2 4)``. Not "linked" nor "likely":
    those are a known issue's words, and walk24 read "4 linked, 0 likely" in a draft of
    reports nothing was linked to yet. The users are said after it (``who_sent``).

    With ``reports`` (every report of the cluster the issue cites, those before the weeks
    too) and their ``first`` and ``latest`` days, the whole comes first and the weeks'
    counts are said as the weeks' (fix29a): ``9 reports from 2026-10-01 to 2026-12-06, 4
    this week; 7 in the 8 weeks to 2026-12-07 (per week, oldest first: ...), 2 before
    them``."""
    weeks = len(per_week)
    this_week = per_week[-1] if per_week else 0
    to = f" to {today.isoformat()}" if today is not None else ""
    window = (f"in the {weeks} week{'' if weeks == 1 else 's'}{to} (per week, oldest first: "
              f"{' '.join(map(str, per_week))})")
    if not reports:
        return (f"{this_week} report{'' if this_week == 1 else 's'} this week, "
                f"{sum(per_week)} {window}")
    span = ""
    if first is not None and latest is not None:
        span = f" on {first.isoformat()}" if first == latest else \
            f" from {first.isoformat()} to {latest.isoformat()}"
    before = f", {earlier} before them" if earlier else ""
    return (f"{reports} report{'' if reports == 1 else 's'}{span}, {this_week} this week; "
            f"{sum(per_week)} {window}{before}")


def who_sent(entries: Sequence[Entry]) -> str:
    """`` (8 reports, 5 users; 5 of them unencrypted)``: how many users the reports drafted
    are (a user's resends of the same words from the same machine counted once) and how
    many of those came unencrypted, said as ``hdtui stats`` says an issue's numbers
    (``insight.caveats``, rules v73), so that the issue cites honest numbers; only numbers,
    nothing personal. "" without a report or support mail among them."""
    # The counting rules load with the first draft, not with the reply screen that
    # imports this module (``HARDWARE_LABEL``).
    from hdtui.domain.insight.counted import counted, unencrypted
    from hdtui.domain.insight.facts import report_facts
    from hdtui.domain.insight.per_issue import caveats, one_per_user

    users, again = one_per_user(counted(map(report_facts, entries)))
    if not users:
        return ""
    return caveats(len(users), len(again), sum(map(unencrypted, users)), always=True)


def issue_draft(entries: Sequence[Entry], count_label: str, team_mention: str,
                reproduction: str, why: Sequence[str] = ()) -> IssueDraft:
    """A prefilled issue for one or several reports (the first one leads).

    ``count_label`` is the frequency (``14 reports, 5 this week``), followed by how many
    users sent the reports and how many came unencrypted (``who_sent``); ``team_mention`` the
    GitLab mention (``@foundations-team``, may be ""), ``reproduction`` the line of
    `hdtui.domain.process.reproduction_line`; ``why`` a hot-topics cluster's signals
    (structured, no user words: docs/insight.md), said in the description and leading the
    title.
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

    # The title holds what Tails wrote, never the users' words; redacted all the same.
    # GitLab links references and mentions in titles too (no Markdown there): plain_title.
    title = plain_title(_cut(one_line(redact_text(_title(entries, why), known).text),
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
    if why:
        # Signals name chips, apps and a journal error's program, never a user's words: a
        # code span each, so they mention and reference nothing on GitLab.
        parts += ["", "Why these reports go together: "
                  + "; ".join(dict.fromkeys(code_span(clean(one_line(w)))
                                            for w in draft_signals(why)))]
    facts = _facts(entries)
    if facts:
        parts += ["", "## Affected versions and hardware", "", *facts]
    parts += [
        "",
        "## Reports",
        "",
        f"Reports: {', '.join(refs) if refs else '(none referenced)'}",
        "",
        f"Frequency: {one_line(count_label) or 'unknown'}{who_sent(entries)}",
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
