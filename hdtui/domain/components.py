"""Provides the Tails applications a text names: components_in, issue_components.

Users name the application they were using, in any language, mostly by its proper name
("Tor Browser", "Thunderbird", "LibreOffice"); a known issue names its application in its
title or in a ``C:`` label. When a report names applications and a known issue names
others, none of the report's, the issue is not about what the user did, however many of
its words or error lines the report shares (docs/matching.md, "Applications"). Only
applications are listed here: "Tor", "Graphics" or "Hardware support" say where a problem
lies, not what the user was doing.
"""

from __future__ import annotations

import re

from hdtui.domain.issue import KnownIssue
from hdtui.domain.terms import fold, terms

_NAMES: dict[str, str] = {
    "tor-browser": (r"tor[ -]?browser|torbrowser|navegador (?:do |de )?tor|navigateur tor"
                    r"|browser (?:di )?tor|тор[ -]?браузер|браузер tor|tor[ -]?браузер"
                    r"|مرورگر تور|tor tarayıcı|متصفح تور"),
    "unsafe-browser": (r"unsafe[ -]?browser|navigateur non s[eé]curis[eé]|navegador inseguro"
                       r"|unsicher(?:e[nmrs]?)? browser|небезопасн\w* браузер"
                       r"|navegador n(?:o|ão|ao) seguro"
                       r"|browser non sicuro|安全でないブラウザ|不安全(?:的)?浏览器"),
    "thunderbird": r"thunderbird|тандерберд",
    "libreoffice": r"libre ?office|\bsoffice\b|\blowriter\b|\blo impress\b",
    "veracrypt": r"vera ?crypt",
    "persistent-storage": (r"persisten|persistan|tps[_-]frontend|постоянн\w* хранилищ"
                           r"|best(?:ä|a)ndige[rn]? speicher"
                           r"|ذخیره[‌ ]?سازی ماندگار|kalıcı depolama|التخزين الدائم"),
    "keepassxc": r"keepass",
    "onionshare": r"onion ?share",
    "electrum": r"electrum",
    "kleopatra": r"kleopatra",
    "pidgin": r"pidgin",
    "tails-cloner": r"tails cloner|tails installer|\bcloner\b",
    "gnome-disks": r"gnome[ -]disks",
    "audacity": r"audacity",
    "gimp": r"\bgimp\b",
}
_PATTERNS = {name: re.compile(pattern) for name, pattern in _NAMES.items()}
APPLICATION_WORDS = frozenset(terms(
    "browser thunderbird libreoffice veracrypt persistent keepassxc onionshare electrum "
    "kleopatra pidgin cloner metadata cleaner unsafe"))
"""The words of applications' names (normalised): they say which application, not which
of its problems, so words alone need more than them to make a match confident."""
PROGRAM_WORDS = APPLICATION_WORDS | frozenset(terms("tor"))
"""The words of programs' names, Tor's too ("Tor Browser"): which program, not which of
its problems. Words the matcher and the clustering set aside where a problem's own words
count (docs/insight.md)."""


def components_in(text: str) -> frozenset[str]:
    """The applications a text names (accents folded, any case)."""
    folded = fold(text.lower())
    return frozenset(name for name, pattern in _PATTERNS.items()
                     if pattern.search(folded) or pattern.search(text.lower()))


def issue_components(issue: KnownIssue) -> frozenset[str]:
    """The applications a known issue is about: named in its title or a ``C:`` label."""
    labels = " ".join(label[2:] for label in issue.labels if label.startswith("C:"))
    return components_in(f"{issue.title}\n{labels}")
