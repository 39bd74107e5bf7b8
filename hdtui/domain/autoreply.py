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
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from string import Template
from typing import TYPE_CHECKING

from hdtui.domain.text import one_line

if TYPE_CHECKING:  # the queue's numbers are computed after the first frame
    from hdtui.domain.insight import Cluster

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


_CLUSTER_KINDS = (("GPU ", "graphics chip {}"), ("net ", "network chip {}"))


def cluster_item(cluster: Cluster) -> FrequentItem:
    """A new problem (a cluster of reports no known issue covers) as a block item.

    Its title says only what every one of its reports shares and a user can check (the
    machine model, a chip's PCI id, the Tails version), never a user's words nor a journal
    line; the member rewrites it in the screen before saving (docs/autoreply.md)."""
    size = len(cluster.reports)
    shared = [name for name, count in cluster.hardware if count == size]
    parts: list[str] = []
    for name in shared:
        for prefix, words in _CLUSTER_KINDS:
            if name.startswith(prefix):
                parts.append(words.format(name[len(prefix):]))
                break
        else:
            parts.append(f"the {name}")
    title = "A problem we are looking into"
    if parts:
        title += " on computers with " + " and ".join(parts[:2])
    versions = [v for v, count in cluster.versions if count == size]
    if versions:
        title += f", on Tails {versions[0]}"
    return FrequentItem(title, "", cluster.per_week[-1] if cluster.per_week else 0)


def _literal(text: str) -> str:
    """Text as a template holds it literally: ``$`` doubled (reply files are templates)."""
    return text.replace("$", "$$")


def frequent_block(items: Sequence[FrequentItem], language: str = "en") -> str:
    """The block's lines (without the markers): a heading, then one entry per problem, most
    reported first, wrapped at 72 columns; deterministic for the same items."""
    heading, label, none = _WORDS.get(language.split("-")[0].split("_")[0].lower(),
                                      _WORDS["en"])
    ordered = sorted(items, key=lambda i: (-i.count, one_line(i.title).lower(), i.url))
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
