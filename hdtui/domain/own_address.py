"""Whether an address is one of the Help Desk's own (``[queue] helpdesk_addresses``,
``[smtp] from_address``, the lists that relay users' mail): one rule for the report pane's
notice, a reply's To, the send-time guard and the counted facts (docs/insight.md,
"Session 28: fix28c").

What a user types in WhisperBack's e-mail field is free text: ``help-desk@demo.invalid, ``
or ``help-desk@demo.invalid>`` names the Help Desk as surely as the bare address does. The
address a text names is the first one written in angle brackets (``Name <addr>``), else
the first bare one, lowercased: no parser of the standard library decides it, so a Python
upgrade cannot move it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

_ATOM = r"[^\s<>,;:()\"\[\]\\@]+"
_BRACKETED = re.compile(rf"<\s*(?:mailto:)?({_ATOM}@{_ATOM})\s*(?:>|$)", re.IGNORECASE)
_BARE = re.compile(rf"{_ATOM}@{_ATOM}")


def named_address(text: str) -> str:
    """The address ``text`` names (``addr``, ``Name <addr>``, with stray separators or
    brackets around it), lowercased; "" when it names none."""
    found = _BRACKETED.search(text) if "<" in text else None
    if found is not None:
        return found.group(1).strip("'").lower()
    bare = _BARE.search(text)
    return bare.group(0).strip("'").lower() if bare is not None else ""


def own_addresses(addresses: Iterable[str]) -> frozenset[str]:
    """The addresses ``addresses`` name (``named_address``), those that name none left
    out: what ``is_ours`` compares with."""
    return frozenset(a for a in map(named_address, addresses) if a)


def is_ours(address: str, ours: AbstractSet[str]) -> bool:
    """Whether ``address`` names one of ``ours`` (``own_addresses``), case aside."""
    if not ours:
        return False
    named = named_address(address)
    return bool(named) and named in ours
