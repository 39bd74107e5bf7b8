"""Provides the auto-reply's frequent-problems block: building it, putting it in the text,
the diff a member checks, the request mail to the sysadmins, and the file's front matter.

The auto-reply is the standard reply ``replies/auto-reply.<lang>.md``; the mail server sends
its text by itself, and it is not synced automatically, so every change of its text or
subject goes to the sysadmins (docs/autoreply.md). Its body holds one block hdtui rewrites,
between two marker lines a person editing the file sees and understands::

    <!-- frequent-problems: start (hdtui rewrites up to the end) -->
    Problems reported often right now:
    ...
    <!-- frequent-problems: end -->

The file's body is a `string.Template` text like every reply: a literal ``$`` is ``$$``.
Pure: no I/O, no clock.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, replace
from string import Template
from typing import TYPE_CHECKING

from hdtui.domain.signal_text import NETWORK_NAMES, Signal, journal_program, read_signal
from hdtui.domain.text import one_line

if TYPE_CHECKING:  # the queue's numbers are computed after the first frame
    from hdtui.domain.insight.clusters import Cluster

SLUG = "auto-reply"
"""The slug of the auto-reply's files in the replies directory."""

START_MARKER = "<!-- frequent-problems: start"
"""How the line opening the block begins (the rest of the line is a note to humans)."""
END_MARKER = "<!-- frequent-problems: end"
"""How the line closing the block begins."""
START_LINE = "<!-- frequent-problems: start (hdtui rewrites up to the end) -->"
END_LINE = "<!-- frequent-problems: end -->"

WIDTH = 72
"""Standard replies are wrapped at 72 columns."""
MAX_ITEMS = 8
"""More problems than this make a list nobody reads: the most reported are kept."""

_WORDS: dict[str, tuple[str, str, str]] = {
    # heading, workaround label, the line when nothing is reported often
    "en": ("Problems reported often right now:", "Workaround:", "- (none at the moment)"),
    "fr": ("Problèmes souvent signalés en ce moment :", "Contournement :",
           "- (aucun pour le moment)"),
    "es": ("Problemas que se reportan a menudo en este momento:", "Solución temporal:",
           "- (ninguno por ahora)"),
}


@dataclass(frozen=True, slots=True)
class FrequentItem:
    """One problem reported often: a known issue or a cluster of reports."""

    title: str
    """What users see, e.g. the issue's title."""
    url: str
    """Where to read more (the issue, a documentation page)."""
    count: int
    """How many reports this week: orders the list, never shown to users."""
    workaround: str = ""
    """A one-line workaround, if one is known."""


@dataclass(frozen=True, slots=True)
class ProposedChange:
    """A merge request opened to change a reply file."""

    iid: int
    web_url: str
    branch: str
    target: str


_HARDWARE_REASONS = {"machine": "the {}", "GPU": "graphics chip {}",
                     **dict.fromkeys(NETWORK_NAMES, "network chip {}")}
"""How a user reads each kind of hardware reason (a cluster signal's kind name)."""
_AREAS: tuple[tuple[str, str], ...] = (
    ("snd_", "sound"), ("snd-", "sound"), ("sof_", "sound"), ("sof-", "sound"),
    ("soundwire", "sound"), ("pipewire", "sound"), ("pulseaudio", "sound"),
    ("wireplumber", "sound"),
    ("iwlwifi", "Wi-Fi"), ("iwlmvm", "Wi-Fi"), ("ath9k", "Wi-Fi"), ("ath10k", "Wi-Fi"),
    ("ath11k", "Wi-Fi"), ("ath12k", "Wi-Fi"), ("rtw88", "Wi-Fi"), ("rtw89", "Wi-Fi"),
    ("rtl8", "Wi-Fi"), ("brcmfmac", "Wi-Fi"), ("mt76", "Wi-Fi"), ("mt79", "Wi-Fi"),
    ("wpa_supplicant", "Wi-Fi"),
    ("i915", "the display"), ("amdgpu", "the display"), ("radeon", "the display"),
    ("nouveau", "the display"),
    ("btusb", "Bluetooth"), ("bluetooth", "Bluetooth"),
    ("i2c_hid", "the touchpad"), ("psmouse", "the touchpad"),
    ("hid_multitouch", "the touchpad"),
)
"""The area a journal line's program or kernel driver speaks for, as users name it: the
symptom a cluster's journal reason says. A program not listed says no symptom (its line's
words are never published: docs/autoreply.md)."""
_APP_NAMES = {
    "tor-browser": "Tor Browser", "unsafe-browser": "the Unsafe Browser",
    "thunderbird": "Thunderbird", "libreoffice": "LibreOffice", "veracrypt": "VeraCrypt",
    "persistent-storage": "the Persistent Storage", "keepassxc": "KeePassXC",
    "onionshare": "OnionShare", "electrum": "Electrum", "kleopatra": "Kleopatra",
    "pidgin": "Pidgin", "tails-cloner": "Tails Cloner", "gnome-disks": "GNOME Disks",
    "audacity": "Audacity", "gimp": "GIMP",
}
"""How users name each application ``components`` knows: the symptom an app reason says
(WhisperBack's app field holds a program's name, "tps_frontend" for the Persistent
Storage). Another program says no symptom."""
TODO_RE = re.compile(r"(?<![A-Za-z])TODO(?![A-Za-z])")
"""A draft's placeholder (the issue form prefills "TODO: the symptom, in English"): text
that still holds it is unfinished and never goes to users."""


def _area(program: str) -> str:
    """The area of a journal program ("kernel snd_hda_intel": sound), "" when unknown."""
    name = program.removeprefix("kernel ").strip().lower()
    return next((area for prefix, area in _AREAS
                 if name == prefix.strip("_-") or name.startswith(prefix)), "")


def _symptom(signal: Signal) -> str:
    """What a reason says users see, "" when it says no symptom (a chip, a machine, a
    journal line of an unlisted program)."""
    if signal.kind == "app":
        from hdtui.domain.components import components_in  # the matcher's, after start

        names = sorted(components_in(signal.value))
        return _APP_NAMES.get(names[0], "") if len(names) == 1 else ""
    if signal.kind in ("journal error", "journal line"):
        return _area(journal_program(signal.value))
    return ""


def cluster_item(cluster: Cluster) -> FrequentItem:
    """A new problem (a cluster of reports no known issue covers) as a block item.

    Its title says only what the cluster's reasons (its signals) say, the leading reason
    first, and never a user's words nor a journal line: the symptom, when a reason names
    one (an application, or the area of the program or driver that logs its journal error:
    "sound" for snd_hda_intel), then the hardware every report shares ("on computers
    with …") only when hardware is a reason and the symptom is known, then the Tails
    version every report runs. A chip without a symptom would send users looking at the
    wrong part, so then the title names none (docs/autoreply.md)."""
    reasons = [s for s in map(read_signal, cluster.signals) if s is not None]
    symptom = next((found for found in map(_symptom, reasons) if found), "")
    hardware = [_HARDWARE_REASONS[s.kind].format(s.value) for s in reasons
                if s.scope == "same" and s.kind in _HARDWARE_REASONS]
    title = f"A problem with {symptom} we are looking into" if symptom \
        else "A problem we are looking into"
    if symptom and hardware:
        title += " on computers with " + " and ".join(hardware[:2])
    size = len(cluster.reports)
    versions = [v for v, count in cluster.versions if count == size]
    if versions:
        title += f", on Tails {versions[0]}"
    return FrequentItem(title, "", cluster.per_week[-1] if cluster.per_week else 0)


def publishable(items: Sequence[FrequentItem]) -> tuple[list[FrequentItem], list[str]]:
    """The items the block may show users, and a note for each one left out or changed.

    An item whose title still holds a draft's TODO (an issue filed from the form without
    naming its symptom) is left out: the block is text for users at risk, and a title to
    be written says nothing to them. A workaround still holding TODO is dropped, its item
    kept. Each note says why, for the member (docs/autoreply.md)."""
    kept: list[FrequentItem] = []
    notes: list[str] = []
    for item in items:
        title = one_line(item.title) or one_line(item.url)
        where = f" ({one_line(item.url)})" if item.url.strip() else ""
        if TODO_RE.search(item.title):
            notes.append(f"Left out: \"{title}\"{where}: its title still says TODO. Name "
                         "the symptom in the issue's title, then press U again.")
            continue
        if TODO_RE.search(item.workaround):
            notes.append(f"Workaround left out for \"{title}\": it still says TODO.")
            item = replace(item, workaround="")
        kept.append(item)
    return kept, notes


def _literal(text: str) -> str:
    """Text as a template holds it literally: ``$`` doubled (reply files are templates)."""
    return text.replace("$", "$$")


def frequent_block(items: Sequence[FrequentItem], language: str = "en") -> str:
    """The block's lines (without the markers): a heading, then one entry per problem, most
    reported first, wrapped at 72 columns; deterministic for the same items. Only what
    ``publishable`` keeps is shown: never a draft's TODO."""
    heading, label, none = _WORDS.get(language.split("-")[0].split("_")[0].lower(),
                                      _WORDS["en"])
    ordered = sorted(publishable(items)[0],
                     key=lambda i: (-i.count, one_line(i.title).lower(), i.url))
    lines = [heading, ""]
    for item in ordered[:MAX_ITEMS]:
        title = one_line(item.title) or one_line(item.url)
        lines += textwrap.wrap(_literal(title), WIDTH, initial_indent="- ",
                               subsequent_indent="  ", break_on_hyphens=False,
                               break_long_words=False)
        if item.url.strip():
            lines.append(f"  {_literal(one_line(item.url))}")
        if item.workaround.strip():
            lines += textwrap.wrap(_literal(f"{label} {one_line(item.workaround)}"), WIDTH,
                                   initial_indent="  ", subsequent_indent="  ",
                                   break_on_hyphens=False, break_long_words=False)
    if not ordered:
        lines.append(none)
    return "\n".join(lines) + "\n"


def _bounds(lines: Sequence[str]) -> tuple[int, int]:
    """Indexes of the start and end marker lines; ValueError saying what is wrong."""
    starts = [i for i, line in enumerate(lines) if line.strip().startswith(START_MARKER)]
    ends = [i for i, line in enumerate(lines) if line.strip().startswith(END_MARKER)]
    if not starts or not ends:
        raise ValueError(
            "The auto-reply has no frequent-problems block: put the list between a line "
            f"{START_LINE!r} and a line {END_LINE!r}.")
    if len(starts) > 1 or len(ends) > 1:
        raise ValueError("The auto-reply has more than one frequent-problems marker of a "
                         "kind: keep one start line and one end line.")
    if ends[0] < starts[0]:
        raise ValueError("The auto-reply's frequent-problems end marker comes before its "
                         "start marker.")
    return starts[0], ends[0]


def current_block(body: str) -> str:
    """The lines between the markers (ValueError when the markers are missing)."""
    lines = body.split("\n")
    start, end = _bounds(lines)
    inner = lines[start + 1:end]
    return "\n".join(inner) + "\n" if inner else ""


def replace_block(current_body: str, new_block: str) -> str:
    """The body with the lines between the markers replaced by ``new_block``; the markers
    and everything around them stay as they were. ValueError without markers."""
    lines = current_body.replace("\r\n", "\n").split("\n")
    start, end = _bounds(lines)
    block = new_block.replace("\r\n", "\n").strip("\n")
    inner = block.split("\n") if block else []
    return "\n".join([*lines[: start + 1], *inner, *lines[end:]])


def unified_diff(old: str, new: str, old_name: str = "current", new_name: str = "new") -> str:
    """A unified diff of two texts ("" when they are equal), three lines of context."""
    # Lines are compared with their line break: a last line without one is given one, so
    # it is not glued to the next line of the diff.
    def lines(text: str) -> list[str]:
        return [line + "\n" for line in text.replace("\r\n", "\n").split("\n")] \
            if text else []

    old_lines = lines(old.removesuffix("\n")) if old else []
    new_lines = lines(new.removesuffix("\n")) if new else []
    return "".join(difflib.unified_diff(old_lines, new_lines, old_name, new_name, n=3))


def as_sent(body: str) -> str:
    """The text the server sends: marker lines dropped, ``$$`` made ``$`` (the file is a
    template with nothing to fill in)."""
    kept = [line for line in body.split("\n")
            if not line.strip().startswith((START_MARKER, END_MARKER))]
    return Template("\n".join(kept)).safe_substitute({})


def with_front_matter(file_text: str, subject: str, body: str) -> str:
    """A reply file's text with its ``subject:`` and body replaced, every other front-matter
    line kept as written (ValueError when the file has no front matter)."""
    lines = file_text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        raise ValueError("The auto-reply file has no front matter (it must start with '---').")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ValueError("The auto-reply file's front matter is not closed by '---'.") from None
    head = [line for line in lines[1:end] if line.split(":", 1)[0].strip().lower() != "subject"]
    head.append(f"subject: {one_line(subject)}")
    return "\n".join(["---", *head, "---", body.strip("\n").rstrip(), ""])


def request_text(subject: str, body: str, old_subject: str, old_body: str,
                 help_desk: str = "The Help Desk") -> str:
    """The "please update the auto-reply" mail to the sysadmins: what to do, what changed
    (subject, and a diff of the text), then the whole new subject and text to copy."""
    new_text, old_text = as_sent(body), as_sent(old_body)
    changed = []
    if one_line(subject) != one_line(old_subject):
        changed.append(f"- the subject, from \"{one_line(old_subject)}\" to "
                       f"\"{one_line(subject)}\"")
    if new_text != old_text:
        changed.append("- the text (the changes are below)")
    what = "\n".join(changed) or "- nothing compared to the last saved version (a reminder)"
    diff = unified_diff(old_text, new_text, "auto-reply (now)", "auto-reply (new)")
    rule = "-" * 72
    parts = [
        "Hi sysadmins,",
        "",
        "Please update the auto-reply of the Help Desk's support address: the",
        "server does not pick up changes by itself. The new subject and text are",
        "below, between the lines, to copy as they are.",
        "",
        "What changed:",
        what,
        "",
        f"Subject: {one_line(subject)}",
        rule,
        new_text.strip("\n"),
        rule,
    ]
    if diff:
        parts += ["", "The changes to the text:", "", diff.rstrip("\n")]
    parts += ["", "Thanks!", help_desk]
    return "\n".join(parts) + "\n"


REQUEST_SUBJECT = "Please update the auto-reply of the Help Desk"
"""The subject of the request to the sysadmins."""
