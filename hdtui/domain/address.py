"""Mail addresses, read as the send reads them and judged against the Help Desk's own:
one module for a reply's To, the send, the send-time guard, the report pane's notice and
the counted facts (docs/replies.md, "Never to the Help Desk itself"; docs/insight.md,
"Session 28: fix28c", "Session 28: fix28d" and "Session 29: fix29a").

``parse_address`` reads one address (``addr`` or ``Name <addr>``) as the send reads To
and Cc, ``format_address`` writes it back so that it reads as the same one address.

Whether an address is one of the Help Desk's own (``[queue] helpdesk_addresses``,
``[smtp] from_address``, the lists that relay users' mail): what a user types in
WhisperBack's e-mail field is free text: ``help-desk@demo.invalid, `` or
``help-desk@demo.invalid>`` names the Help Desk as surely as the bare address does. The
address a text is judged by (``sent_address``) is the one a reply would be sent to
(``parse_address``), so that the guard and the send never disagree: ``(user@example.org)
help-desk@demo.invalid`` goes to the Help Desk (fix28d). A text that does not parse as
one address is never sent to; it is judged by the address it names (``named_address``):
the first one written in angle brackets (``Name <addr>``), else the first bare one,
lowercased, a trailing dot dropped (the same domain), decided by no parser of the
standard library; a domain with no dot names none (``jane@gmail,com``). The user a
contact names (``user_address``: the counts, the pane's notice, ``r``) is the one address
it is, else the first it names that is not ours, whatever the order (fix29c)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from email.headerregistry import Address


class ComposeError(ValueError):
    """A draft cannot be built or encoded; the message says why and what to do. Raised
    here for an address that is not one mail address, and by ``compose`` (which exports
    it) for the rest."""


CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""The control characters a header (``one_line``) or a body (``compose.clean_body``) never
holds: all C0 but tab, line feed and carriage return, and DEL."""
_ADDR_RE = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_NAME_SPECIALS = re.compile(r'[()<>\[\]:;@\\,"]')
"""What a display name cannot hold unquoted and still be read back as one name."""


def one_line(text: str) -> str:
    """Text fit for a header: control characters and line breaks become single spaces."""
    return " ".join(CONTROL_RE.sub(" ", text.replace("\r", " ").replace("\n", " ")).split())


def parse_address(text: str, what: str = "address") -> Address:
    """One mail address (``addr`` or ``Name <addr>``); ComposeError if it is not exactly one."""
    # Here, not at the top: the counts import this module, and a plain address is read
    # without the email package (``sent_address``): about 17 ms of imports it never needs.
    from email.headerregistry import Address
    from email.utils import getaddresses

    value = one_line(text)
    pairs = getaddresses([value])
    if len(pairs) != 1 or not pairs[0][1]:
        raise ComposeError(f"The {what} {value!r} is not one mail address.")
    name, addr = pairs[0]
    if not addr.isascii():
        raise ComposeError(f"The {what} {addr!r} has non-ASCII characters; hdtui cannot "
                           "send to it (internationalised addresses are not supported).")
    if not _ADDR_RE.fullmatch(addr) or addr.startswith(".") or ".." in addr:
        raise ComposeError(f"The {what} {addr!r} is not a valid mail address.")
    local, domain = addr.rsplit("@", 1)
    return Address(display_name=one_line(name), username=local, domain=domain)


def format_address(address: Address) -> str:
    """``Name <addr>`` or ``addr`` (unencoded; ``compose.to_message`` encodes it); a name
    holding a comma, an ``@``, brackets or quotes is quoted, so that the line reads back
    (``parse_address``, the To field's split) as the same one address (fix29a)."""
    name = address.display_name
    if not name:
        return address.addr_spec
    if _NAME_SPECIALS.search(name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{address.addr_spec}>"


_ATOM = r"[^\s<>,;:()\"\[\]\\@]+"
_LABEL = r"[^\s<>,;:()\"\[\]\\@.]+"
_DOMAIN = rf"{_LABEL}(?:\.{_LABEL})+"
"""A domain as an address names it: dotted labels, at least two. ``jane@gmail,com``
(a comma typed for the dot) names no address, not a user ``jane@gmail``; the send
(``parse_address``) takes no dotless domain either (fix29c)."""
_BRACKETED = re.compile(rf"<\s*(?:mailto:)?({_ATOM}@{_DOMAIN})\.?\s*(?:>|$)", re.IGNORECASE)
_BARE = re.compile(rf"{_ATOM}@{_DOMAIN}")
_DOT_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_ADDR = rf"{_DOT_ATOM}(?:\.{_DOT_ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_NAME = r"[^\s<>()\[\]:;@\\,\"]+"
_PLAIN = re.compile(rf"\s*(?:{_NAME}(?:\s+{_NAME})*\s*<({_ADDR})>|({_ADDR}))\s*")
"""A bare address or ``Name <addr>`` (no quotes, comments or specials in the name) that
``parse_address`` returns as it is written: read without it (about 0.6 µs instead
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


_ANGLED = re.compile(r'<\s*((?:"(?:[^"\\\r\n]|\\.)*"|[^\s<>@"]+)'
                     r'@(?:\[[^\[\]\\\s<>]*\]|[^\s<>@\[\]]+))\s*>')
"""An address in angle brackets whatever its form: a quoted local part (``"odd [a]"``), a
domain literal (``[127.0.0.1]``)."""


def angled_address(text: str) -> str:
    """The address in the first angle brackets of ``text`` that hold one, as written,
    also with a quoted local part or a domain literal (``Bob [w] <bob@[127.0.0.1]>``),
    lowercased and a trailing dot of its domain dropped; "" when none. What a From whose
    name the parse cannot read answers to when ``named_address`` finds none (review29b)."""
    found = _ANGLED.search(text) if "<" in text else None
    if found is None:
        return ""
    address = found.group(1)
    return (address if address.endswith("]") else address.rstrip(".")).lower()


def addresses_named(text: str) -> list[str]:
    """Every address ``text`` names, as ``named_address`` reads one (those in angle
    brackets if any, else the bare ones; a quote around and a trailing dot dropped), each
    once whatever its case, in their order, as written: what a reply can be sent to when
    ``text`` is not one address as it stands (``compose.reply_recipient``: one found is
    answered, none or several leave To to the member; docs/replies.md, "A contact that is
    not one address")."""
    found = _BRACKETED.findall(text) if "<" in text else []
    found = found or _BARE.findall(text)
    seen: dict[str, str] = {}
    for address in found:
        address = address.strip("'").rstrip(".")
        seen.setdefault(address.lower(), address)
    return list(seen.values())


def sent_address(text: str) -> str:
    """The address a reply to ``text`` goes to, lowercased: ``parse_address``'s, as the
    send reads To and Cc; when ``text`` is no one address it can send to, the address it
    names (``named_address``); "" for none."""
    plain = _PLAIN.fullmatch(text)
    if plain is not None:
        return (plain.group(1) or plain.group(2)).lower()
    try:
        return parse_address(text).addr_spec.lower()
    except ComposeError:
        return named_address(text)


def user_address(text: str, ours: AbstractSet[str] = frozenset()) -> str:
    """The user a contact ``text`` names, lowercased; "" for none. One rule whatever the
    order of what it names (docs/insight.md, "Session 29: fix29c"): a text that is one
    address as the send reads it is that address (``sent_address``), "" when it is one of
    ``ours`` (``own_addresses``: ``(user@example.org) help-desk@example.org`` goes to the
    Help Desk, fix28d); any other text is the first address it names
    (``addresses_named``) that is not one of ``ours``: ``help-desk@example.org,
    jane@example.org`` and ``jane@example.org, help-desk@example.org`` are both jane, as
    a reply answers them (``compose.reply_recipient``)."""
    plain = _PLAIN.fullmatch(text)
    if plain is not None:
        sent = (plain.group(1) or plain.group(2)).lower()
    else:
        try:
            sent = parse_address(text).addr_spec.lower()
        except ComposeError:
            return next((a for a in map(str.lower, addresses_named(text))
                         if a not in ours), "")
    return "" if sent in ours else sent


def own_addresses(addresses: Iterable[str]) -> frozenset[str]:
    """The addresses ``addresses`` name (``named_address``), those that name none left
    out: what ``is_ours`` compares with."""
    return frozenset(a for a in map(named_address, addresses) if a)


def is_ours(address: str, ours: AbstractSet[str]) -> bool:
    """Whether ``address`` is one of ``ours`` (``own_addresses``), case aside, as a reply
    would be sent: it names an address, and no user but ours (``user_address``: the pane,
    the facts and ``r`` agree that ``help-desk@demo.invalid, jane@x.org`` is jane's,
    fix29c)."""
    if not ours:
        return False
    first = user_address(address)
    return bool(first) and first in ours and not user_address(address, ours)


def is_own_address(address: str, own: Iterable[str]) -> bool:
    """Whether ``address`` (``addr`` or ``Name <addr>``) is one of the Help Desk's own
    addresses ``own`` (``[queue] helpdesk_addresses`` and ``[smtp] from_address``),
    compared as the counted facts compare them (``is_ours``)."""
    return is_ours(address, own_addresses(own))
