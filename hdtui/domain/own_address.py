"""Whether an address is one of the Help Desk's own (``[queue] helpdesk_addresses``,
``[smtp] from_address``, the lists that relay users' mail): one rule for the report pane's
notice, a reply's To, the send-time guard and the counted facts (docs/insight.md,
"Session 28: fix28c" and "Session 28: fix28d").

What a user types in WhisperBack's e-mail field is free text: ``help-desk@demo.invalid, ``
or ``help-desk@demo.invalid>`` names the Help Desk as surely as the bare address does. The
address a text is judged by (``sent_address``) is the one a reply would be sent to
(``compose.parse_address``, which the send runs on To and Cc), so that the guard and the
send never disagree: ``(user@example.org) help-desk@demo.invalid`` goes to the Help Desk
(fix28d). A text that does not parse as one address is never sent to; it is judged by
the address it names (``named_address``): the first one written in angle brackets
(``Name <addr>``), else the first bare one, lowercased, a trailing dot dropped (the same
domain), decided by no parser of the standard library."""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

_ATOM = r"[^\s<>,;:()\"\[\]\\@]+"
_BRACKETED = re.compile(rf"<\s*(?:mailto:)?({_ATOM}@{_ATOM})\s*(?:>|$)", re.IGNORECASE)
_BARE = re.compile(rf"{_ATOM}@{_ATOM}")
_DOT_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_ADDR = rf"{_DOT_ATOM}(?:\.{_DOT_ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_NAME = r"[^\s<>()\[\]:;@\\,\"]+"
_PLAIN = re.compile(rf"\s*(?:{_NAME}(?:\s+{_NAME})*\s*<({_ADDR})>|({_ADDR}))\s*")
"""A bare address or ``Name <addr>`` (no quotes, comments or specials in the name) that
``compose.parse_address`` returns as it is written: read without it (about 0.6 µs instead
of 10 to 20 on the 2-core machine; a report's contact and a mail's sender are mostly
so: docs/insight.md, "Session 28: fix28d")."""


def named_address(text: str) -> str:
    """The address ``text`` names (``addr``, ``Name <addr>``, with stray separators or
    brackets around it), lowercased; "" when it names none."""
    found = _BRACKETED.search(text) if "<" in text else None
    if found is not None:
        return found.group(1).strip("'").rstrip(".").lower()
    bare = _BARE.search(text)
    return bare.group(0).strip("'").rstrip(".").lower() if bare is not None else ""


def sent_address(text: str) -> str:
    """The address a reply to ``text`` goes to, lowercased: ``compose.parse_address``'s,
    as the send reads To and Cc; when ``text`` is no one address it can send to, the
    address it names (``named_address``); "" for none."""
    plain = _PLAIN.fullmatch(text)
    if plain is not None:
        return (plain.group(1) or plain.group(2)).lower()
    # Here, not at the top: compose imports this module.
    from hdtui.domain.compose import ComposeError, parse_address

    try:
        return parse_address(text).addr_spec.lower()
    except ComposeError:
        return named_address(text)


def own_addresses(addresses: Iterable[str]) -> frozenset[str]:
    """The addresses ``addresses`` name (``named_address``), those that name none left
    out: what ``is_ours`` compares with."""
    return frozenset(a for a in map(named_address, addresses) if a)


def is_ours(address: str, ours: AbstractSet[str]) -> bool:
    """Whether ``address`` is one of ``ours`` (``own_addresses``), case aside, as a reply
    would be sent (``sent_address``)."""
    if not ours:
        return False
    named = sent_address(address)
    return bool(named) and named in ours
