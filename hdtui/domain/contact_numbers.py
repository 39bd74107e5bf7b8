"""Provides phone numbers and IP addresses in users' words, pure: patterns and their checks.

`hdtui.domain.redact` removes what these find before an issue leaves the machine
(docs/privacy.md, "What is removed"). Reports' debug text is full of numbers
that look alike (versions ``7.4.1``, Tor's ``0.4.8.12``, PCI ids ``8086:0166``, PCI slots
``0000:02:00.0``, kernel timestamps, sizes in columns, dates, MAC addresses), so every
pattern is narrow and each candidate is checked again:

- a phone number is removed when written internationally (``+33 6 12 34 56 78``,
  ``+1 (555) 010-0199``: 8 to 15 digits) or, written nationally, when a word such as
  *phone*, *call*, *téléphone*, *Handy*, *телефон* comes shortly before it on its line;
  other groups of digits shaped like a phone number in running text are only pointed at;
- an IPv4 address is removed unless it identifies no one: loopback, private networks,
  link-local, ``0.x.x.x`` (that is how Tor's versions look), netmasks, and after a version
  word (firmware ``version 7.35.177.61``); an IPv6 address
  is removed when it is a global unicast one (``2000::/3``, the documentation range too).
"""

from __future__ import annotations

import ipaddress
import re

PHONE_DIGITS_MIN = 8
"""An international number has at least this many digits (country code included)."""
PHONE_DIGITS_MAX = 15
"""E.164 allows at most 15 digits."""
NATIONAL_DIGITS_MIN = 7

_DIGITS_RE = re.compile(r"\d")
_WIDE_GAP_RE = re.compile(r"[ \t]{2}")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}[./-]\d{2}[./-]\d{4}")

INTERNATIONAL_RE = re.compile(r"(?<![\w+])\+[ \t]?\d[\d \t.\-()/]{5,24}\d(?!\w)")
"""``+`` and a country code: a phone number once `is_international` agrees on the digits."""
NATIONAL_RE = re.compile(r"(?<![\w.+:/-])\(?\d[\d \t.\-()/]{4,20}\d(?!\w|[.:/-]\d)")
"""Digits that may be a national phone number; removed only after a phone word."""
_PHONE_WORD_RE = re.compile(
    r"(?<!\w)(?i:phone|telephone|tel\b|tél|call|mobile|cell|whatsapp|signal\b|sms\b|"
    r"téléphone|portable|appel|numéro|número|numero|number|teléfono|telefono|móvil|movil|celular|"
    r"llám|llam|telefon|handy|nummer|ruf|cellulare|chiama|telefone|ligue|"
    r"телефон|номер|звони|позвони|电话|電話|手机|携帯|تلفن|موبایل|هاتف|رقم|جوال)")
_PHONE_WORD_REACH = 30
"""How far before the digits (on their line) a phone word counts, in characters."""
PHONE_SHAPE_RE = re.compile(r"(?<![\w.+:/-])(?:\(\d{2,4}\)|\d{2,4})(?:[ .-]\d{2,4}){2,5}"
                            r"(?!\w|[.:/-]\d)")
"""Groups of 2 to 4 digits split by single separators: ``06 12 34 56 78``, ``555-010-0199``."""

IPV4_RE = re.compile(r"(?<![\w.-])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)")
IPV6_RE = re.compile(r"(?<![\w:.])(?=[0-9A-Fa-f]*:[0-9A-Fa-f]*:)[0-9A-Fa-f:]{3,39}"
                     r"(?![\w:]|\.\d)")
_VERSION_BEFORE_RE = re.compile(r"(?i:version|ver\.?|v)[ \t:=]*$")
_JOURNAL_LINE_RE = re.compile(r"^[ \t>]*[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} ")
"""A journal line (``Mar 02 14:03:11 amnesia kernel: …``): its numbers are no phones."""
_IPV4_ANONYMOUS = tuple(ipaddress.IPv4Network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.168.0.0/16", "224.0.0.0/3"))
"""Networks that name no one: this host, private, loopback, link-local, multicast and up."""
_IPV6_GLOBAL = ipaddress.IPv6Network("2000::/3")


def _digits(text: str) -> int:
    return len(_DIGITS_RE.findall(text))


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")") and _WIDE_GAP_RE.search(text) is None


def is_international(match: re.Match[str]) -> bool:
    """Whether an `INTERNATIONAL_RE` match has a phone number's digits and spacing."""
    text = match.group()
    return (PHONE_DIGITS_MIN <= _digits(text) <= PHONE_DIGITS_MAX
            and _WIDE_GAP_RE.search(text) is None and "\n" not in text)


def is_national_after_word(match: re.Match[str]) -> bool:
    """Whether a `NATIONAL_RE` match is a phone number: digits and a phone word before."""
    text = match.group()
    if not NATIONAL_DIGITS_MIN <= _digits(text) <= PHONE_DIGITS_MAX or not _balanced(text):
        return False
    if _DATE_RE.search(text) or is_ipv4(text):
        return False
    start = match.start()
    line_start = match.string.rfind("\n", 0, start) + 1
    before = match.string[max(line_start, start - _PHONE_WORD_REACH):start]
    return _PHONE_WORD_RE.search(before) is not None


def looks_like_phone(line: str) -> bool:
    """Digits in a line shaped like a phone number that nothing removed (only pointed at).

    Groups of four digits only are sizes in columns or card-like numbers, not phones.
    """
    if _JOURNAL_LINE_RE.match(line):
        return False
    for match in PHONE_SHAPE_RE.finditer(line):
        text = match.group()
        groups = re.findall(r"\d+", text)
        if (9 <= _digits(text) <= 13 and _DATE_RE.search(text) is None
                and not is_ipv4(text) and any(len(g) < 4 for g in groups)):
            return True
    return False


def is_ipv4(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


def is_personal_ipv4(match: re.Match[str]) -> bool:
    """Whether an `IPV4_RE` match is a valid address that may name someone.

    Firmware versions look the same (``version 7.35.177.61``): a version word before keeps it.
    """
    line_start = match.string.rfind("\n", 0, match.start()) + 1
    if _VERSION_BEFORE_RE.search(match.string[line_start:match.start()]):
        return False
    try:
        address = ipaddress.IPv4Address(match.group())
    except ValueError:
        return False
    return not any(address in network for network in _IPV4_ANONYMOUS)


def is_personal_ipv6(match: re.Match[str]) -> bool:
    """Whether an `IPV6_RE` match is a valid global unicast address."""
    try:
        address = ipaddress.IPv6Address(match.group())
    except ValueError:
        return False
    return address in _IPV6_GLOBAL
