"""Provides GitLab issue drafts from reports, pure: IssueDraft, issue_draft(), redaction.

A Help Desk issue holds the problem, the report references (IDs only: issues are usually
public), a frequency estimate, the team mention, whether Help Desk reproduced it, and a
"We need your feedback" section for affected users (domain.md §3). `issue_draft` prefills
one from one or several reports; the member edits it before it is created.

Personal data stays out by default: `redact` removes from the reports' text

- email addresses (and the report's ``OpenPGP-Key:`` value as written, e.g. a URL);
- OpenPGP material: armoured blocks (a pasted public key), 40-hex fingerprints (also in
  groups of four), ``0x`` key IDs of 8 or 16 hex digits and bare 16-hex key IDs;
- names: the display names of the reports' contact (``From:`` inside a report) and of the
  sender of plain mail, in full and each part of three letters or more, as whole words.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.utils import parseaddr

from hdtui.domain.links import mail_reference, report_reference
from hdtui.domain.markdown import code_span, fence, plain_title
from hdtui.domain.queue import WHISPERBACK_SENDER, Entry
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

EMAIL_RE = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_ARMOR_RE = re.compile(r"-----BEGIN PGP [A-Z ]+-----.*?(?:-----END PGP [A-Z ]+-----|\Z)",
                       re.DOTALL)
_FINGERPRINT_RE = re.compile(r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{4} {0,2}){9}[0-9A-Fa-f]{4}"
                             r"(?![0-9A-Fa-f])")
_KEY_ID_RE = re.compile(r"(?<![0-9A-Za-z])(?:0x(?:[0-9A-Fa-f]{16}|[0-9A-Fa-f]{8})"
                        r"|(?=[0-9A-Fa-f]*[A-Fa-f])(?=[0-9A-Fa-f]*\d)[0-9A-Fa-f]{16})"
                        r"(?![0-9A-Za-z])")
_HARDWARE_RE = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in HARDWARE_WORDS)
                          + r")s?(?!\w)", re.IGNORECASE)
_QUOTED_RE = re.compile(r"^\s*>.*$\n?", re.MULTILINE)
NAME_PART_MIN = 3

EMAIL = "email address"
KEY_BLOCK = "OpenPGP block"
FINGERPRINT = "OpenPGP fingerprint"
KEY_ID = "OpenPGP key ID"
NAME = "name"
_REMOVED = {
    EMAIL: "[email removed]",
    KEY_BLOCK: "[OpenPGP block removed]",
    FINGERPRINT: "[OpenPGP key removed]",
    KEY_ID: "[OpenPGP key removed]",
    NAME: "[name removed]",
}


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


@dataclass(frozen=True, slots=True)
class Redaction:
    """Text with personal data removed, and what was removed (one kind per item)."""

    text: str
    removed: tuple[str, ...] = ()

    @property
    def summary(self) -> tuple[str, ...]:
        """``("2 email addresses", "1 name")``: counts per kind, in a fixed order."""
        return _count_words(self.removed)


def _plural(kind: str, count: int) -> str:
    if count == 1:
        return kind
    return kind + "es" if kind.endswith("s") else kind + "s"


def _count_words(kinds: Iterable[str]) -> tuple[str, ...]:
    """``("2 email addresses", "1 name")`` from one kind per removed item."""
    counts = Counter(kinds)
    order = (EMAIL, KEY_BLOCK, FINGERPRINT, KEY_ID, NAME)
    return tuple(f"{counts[k]} {_plural(k, counts[k])}" for k in order if counts[k])


def find_addresses(text: str) -> list[str]:
    """The email addresses in ``text``, each once, in order of appearance."""
    return list(dict.fromkeys(EMAIL_RE.findall(text)))


def _display_name(value: str | None) -> str:
    """The display name of ``Name <addr>`` (or "")."""
    if not value:
        return ""
    name, addr = parseaddr(value)
    if addr.lower() == WHISPERBACK_SENDER:
        return ""
    return " ".join(name.split())


def personal_names(entries: Sequence[Entry]) -> list[str]:
    """Display names found in the reports' contact lines and plain mail senders."""
    names: list[str] = []
    for entry in entries:
        if entry.report is not None:
            names.append(_display_name(entry.report.contact))
        names.append(_display_name(entry.message.sender))
    return [n for n in dict.fromkeys(names) if n]


def _literal_values(entries: Sequence[Entry]) -> list[str]:
    """Values to remove exactly as written: the reports' OpenPGP-Key lines (e.g. URLs)."""
    values = []
    for entry in entries:
        key = entry.report.openpgp_key if entry.report is not None else None
        if key and key.strip() and key.strip() != "included below":
            values.append(key.strip())
    return values


def _name_patterns(names: Iterable[str]) -> list[re.Pattern[str]]:
    """Whole-word patterns: each full name (any case), then each part of it."""
    full: list[re.Pattern[str]] = []
    parts: dict[str, None] = {}
    for name in names:
        words = name.split()
        if not words:
            continue
        full.append(re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words)
                               + r"(?!\w)", re.IGNORECASE))
        for word in words:
            word = word.strip(".,\"'()")
            if len(word) >= NAME_PART_MIN and any(c.isalpha() for c in word):
                parts.setdefault(word, None)
    return full + [re.compile(r"(?<!\w)" + re.escape(w) + r"(?!\w)") for w in parts]


def redact(text: str, entries: Sequence[Entry]) -> Redaction:
    """Remove email addresses, OpenPGP material and the reports' names from ``text``."""
    removed: list[str] = []

    def sub(pattern: re.Pattern[str], kind: str, value: str) -> str:
        def replace(_match: re.Match[str]) -> str:
            removed.append(kind)
            return _REMOVED[kind]

        return pattern.sub(replace, value)

    out = sub(_ARMOR_RE, KEY_BLOCK, text)
    for literal in _literal_values(entries):
        kind = EMAIL if EMAIL_RE.fullmatch(literal) else KEY_ID
        out = sub(re.compile(re.escape(literal)), kind, out)
    out = sub(EMAIL_RE, EMAIL, out)
    for pattern in _name_patterns(personal_names(entries)):
        out = sub(pattern, NAME, out)
    out = sub(_FINGERPRINT_RE, FINGERPRINT, out)
    out = sub(_KEY_ID_RE, KEY_ID, out)
    return Redaction(out, tuple(removed))


def strip_personal(text: str, entries: Sequence[Entry]) -> str:
    """``text`` without email addresses, OpenPGP material and the reports' names."""
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


def _title(entry: Entry) -> str:
    """The first report's summary, completed by its prefill details when that is all."""
    report = entry.report
    summary = entry.summary
    if report is not None:
        prefill_summary = report.prefill_value("summary")
        details = (report.prefill_value("details") or "").strip()
        if details and (not report.summary.strip() or report.summary.strip() == prefill_summary):
            summary = f"{summary}: {details.splitlines()[0]}"
    return summary


def _problem_text(entry: Entry) -> str:
    """The first report's own words: its answers (headed), or plain mail's first lines."""
    report = entry.report
    if report is not None:
        parts = [f"{a.heading}\n\n{_cut(a.text, ANSWER_MAX)}" if a.heading
                 else _cut(a.text, ANSWER_MAX) for a in report.answers[:4]]
        details = report.prefill_value("details")
        if details:
            parts.append(f"Error details\n\n{_cut(details, ANSWER_MAX)}")
        return "\n\n".join(parts)
    return _cut(_QUOTED_RE.sub("", entry.message.text), ANSWER_MAX)


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
    removed: list[str] = []

    def clean(text: str) -> str:
        red = redact(text, entries)
        removed.extend(red.removed)
        return red.text

    # The title repeats the summary (counted below), so its removals are not counted twice.
    # GitLab links references and mentions in titles too (no Markdown there): plain_title.
    title = plain_title(_cut(one_line(strip_personal(_title(first), entries)), TITLE_MAX))
    refs = tuple(dict.fromkeys(r for r in map(entry_reference, entries) if r))
    parts = ["## Problem", "", _fenced(clean(first.summary))]
    words = clean(_problem_text(first))
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
    return IssueDraft(title=title, description="\n".join(parts),
                      labels=suggest_labels(entries), report_refs=refs,
                      stripped=_count_words(removed))


def parse_labels(text: str) -> tuple[str, ...]:
    """Comma-separated labels as typed: trimmed, empty ones dropped, each once."""
    return tuple(dict.fromkeys(one_line(p) for p in text.split(",") if p.strip()))


def render_issue(draft: IssueDraft) -> str:
    """The draft as plain text for a preview: title, labels, then the description."""
    labels = ", ".join(draft.labels) if draft.labels else "(none)"
    return f"Title: {draft.title}\nLabels: {labels}\n\n{draft.description.rstrip()}\n"
