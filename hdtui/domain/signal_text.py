"""Provides the text of a cluster's signals, written and read in one place: ``explain``
writes it ("same GPU 1002:15bf", "3 of 4 share journal error \"...\""), ``read_signal``
reads it back, and what leaves the member's machine (a GitLab draft, the weekly Markdown,
`hdtui stats --json`) names a journal error or line by its program alone
(``draft_signal``). Pure and light: the JSON's path imports no issue form."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

WIFI_CHIP, ETHERNET_CHIP, NETWORK_CHIP = "Wi-Fi/network chip", "Ethernet chip", "network chip"
"""What a network chip is called by the class the report's lspci printed: a "Network
controller" (Wi-Fi), an "Ethernet controller", or not known (facts saved before session
26 kept it: ``insight.facts.network_chip_name``)."""
NETWORK_NAMES = (WIFI_CHIP, ETHERNET_CHIP, NETWORK_CHIP)
SIGNAL_KINDS = {"gpu": "GPU", "net": WIFI_CHIP, "product": "machine",
                "app": "app", "error": "journal error", "issue": "issue",
                "device": "device", "line": "journal line", "word": "problem word"}
"""What a signal calls each kind of key (``kind:value``)."""
JOURNAL_KINDS = ("error", "line")
"""Kinds whose value is a masked journal line: quoted, and never sent whole."""
_MASK_RE = re.compile(r"(?:^|\s)#(?=\s|$)")
_SIGNAL_RE = re.compile(r"^(same|\d+ of \d+ share) ("
                        + "|".join(map(re.escape, (*SIGNAL_KINDS.values(),
                                                   *NETWORK_NAMES[1:]))) + r") (.*)$")
_JOURNAL_NAMES = frozenset(SIGNAL_KINDS[k] for k in JOURNAL_KINDS)


class Signal(NamedTuple):
    """A signal read back: its scope ("same", "3 of 4 share"), kind name and value."""

    scope: str
    kind: str
    value: str


def explain(key: str, count: int, total: int) -> str:
    """A cluster's signal: what ``count`` of its ``total`` reports share (``key``)."""
    kind, value = key.split(":", 1)
    name = SIGNAL_KINDS.get(kind, kind)
    shown = f'"{value}"' if kind in JOURNAL_KINDS else value
    scope = "same" if count == total else f"{count} of {total} share"
    return f"{scope} {name} {shown}"


def attached_text(report: str, keys: Iterable[tuple[str, int]], others: int,
                  words: Iterable[str]) -> str:
    """Why a report no pair linked was added to a cluster of ``others`` reports (rules v52:
    ``insight._attach_by_journal``): the journal keys it logs, each with how many of the
    others log it, and the words of theirs it says. Shown on screen only: the words are the
    user's."""
    logged = "; ".join(f'{SIGNAL_KINDS[key.split(":", 1)[0]]} "{key.split(":", 1)[1]}" '
                       f"({count} of {others})" for key, count in keys)
    return (f"{report} added: logs {logged} and says {', '.join(words)}, as most of "
            "them do")


def read_signal(signal: str) -> Signal | None:
    """``explain``'s text read back (a journal line unquoted); None for other text."""
    match = _SIGNAL_RE.match(signal)
    if match is None:
        return None
    scope, kind, value = match.groups()
    if kind in _JOURNAL_NAMES and len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return Signal(scope, kind, value)


_MODULE_RE = re.compile(r"[a-z0-9_]+")


def journal_program(masked: str) -> str:
    """The program a masked journal line is from (and, for the kernel, the driver that
    speaks): what a draft shows of it. The rest of the line can hold what masking keeps
    of a path, a volume label or a file name ("mount of maria_gonzalez"), which is
    personal; the whole line stays on the hot topics screen (docs/insight.md)."""
    words = _MASK_RE.sub(" ", masked).split()
    if not words:
        return "?"
    if words[0] == "kernel" and len(words) > 1 and _MODULE_RE.fullmatch(words[1]) \
            and "_" in words[1]:
        return f"{words[0]} {words[1]}"
    return words[0]


def draft_signal(signal: str) -> str:
    """A cluster's signal (or label) as what leaves the machine says it (a draft for
    GitLab, the weekly report and the JSON for the teams): a journal error or line, shared
    by all or some of the reports, by its program alone."""
    read = read_signal(signal)
    if read is not None and read.kind in _JOURNAL_NAMES:
        return f"{read.scope} {read.kind} of {journal_program(read.value)}"
    return signal


def draft_signals(signals: Iterable[str]) -> list[str]:
    """A cluster's signals as ``draft_signal`` says them, each once, in their order: two
    journal lines of one program read the same once cut to the program, and the weekly
    Markdown said ``same journal line of networkmanager`` twice (walk24, item G)."""
    return list(dict.fromkeys(map(draft_signal, signals)))
