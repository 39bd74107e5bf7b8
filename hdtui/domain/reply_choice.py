"""Provides the ranking of standard replies for one message, each with why it is offered.

The rules (docs/replies.md tells members and reply writers the same), in this order:

1. ``upgrade`` when the report's Tails is older than the current stable version
   (docs/releases.md): nothing else is worth asking before.
2. When the best known issue matches confidently (`hdtui.domain.matching`), that issue's own
   text: its "Standard reply" section, else its "Workaround" and "We need your feedback"
   sections made into a reply, else the generic known-issue reply filled with the issue's
   title and link.
3. Standard replies whose facts fit the message (``requires``, ``fits`` and ``mentions`` in
   their front matter, `hdtui.domain.reply`): every ``fits`` fact shown, and something
   shown at all; the best fit (the most facts and words) first.
4. Standard replies the message shows some of the ``fits`` facts of; then those that name
   no fact.
5. The "Standard reply" sections of the other issues that match, in match order: a match
   that is not confident never comes before a standard reply.
6. Standard replies whose facts the message does not show.

Only the first three are fits (`Standing.fits`): ``r`` takes the first reply when it is
one, and otherwise asks the member to choose.

Issue text is offered as above only from *vetted* issues (`Vetting`): anyone can open an
issue in a public project and write a "Standard reply" in it. An issue that is not vetted
gives its Standard reply last of all ("from an issue not vetted by Help Desk"), never as a
fit; when it is the confident match, the generic known-issue reply, filled with its title
and link, takes rule 2's place. A confidential issue gives no reply at all: its text and
title are for project members only (docs/replies.md).

A team's mail is offered no reply at all: ``r`` answers its sender with a plain reply
quoting it (`hdtui.domain.team_mail`, docs/team-mail.md). Other mail that no user wrote
(an [FT] thread, a list's, a server's) is not ranked: the standard replies by title, then
the matching issues' Standard replies, none a fit.

A reply is not offered at all when the message does not show every fact it ``requires``
(a reply that says "your Realtek RTL8723BE card" requires ``pci 10ec:b723``), nor is the
auto-reply, which the mail server sends by itself (docs/autoreply.md). Each reply is taken
in the message's language when that variant exists, else as `choose_variant` falls back.

The facts come from what hdtui already understood of the message: its kind, the report's
hardware (Mac or PC, the PCI ids of lspci), its version, the matching known issues and the
user's own words. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.utils import getaddresses
from enum import IntEnum

from hdtui.domain.autoreply import SLUG as AUTO_REPLY_SLUG
from hdtui.domain.issue import KnownIssue
from hdtui.domain.issue_draft import HARDWARE_LABEL
from hdtui.domain.language import detect_language
from hdtui.domain.mail import Kind
from hdtui.domain.matching import Match
from hdtui.domain.queue import Entry
from hdtui.domain.releases import outdated
from hdtui.domain.reply import (
    SECTION_FEEDBACK,
    SECTION_NAMES,
    SECTION_STANDARD_REPLY,
    SECTION_WORKAROUND,
    ReplyTemplate,
    choose_variant,
    fill_in,
    group_by_slug,
    issue_sections,
    reply_from_sections,
    unready_sections,
)
from hdtui.domain.terms import normalise, terms, words

UPGRADE_SLUG = "upgrade"
"""The reply that asks to upgrade: first for a report from an outdated Tails."""
KNOWN_ISSUE_SLUG = "known-issue-feedback"
"""The generic known-issue reply (placeholders ``$issue_title`` and ``$issue_url``)."""

SHORT_WORDS = 15
"""Fewer words than this of the user's own text make the fact ``short``."""
REQUIRED_WEIGHT = 3
"""What each fact a reply requires adds to its rank: the reply states it, so it was written
for messages like this one (its Realtek card, its Mac)."""
FACT_WEIGHT = 2
"""What each fact a reply fits, and the message shows, adds to its rank."""
MENTION_WEIGHT = 1
"""What each of a reply's ``mentions`` found in the user's words adds to its rank."""

_HARDWARE_WORDS = """
wifi wi-fi wireless bluetooth ethernet graphics gpu nvidia radeon display monitor resolution
brightness keyboard touchpad trackpad mouse sound audio speaker headphone microphone webcam
camera battery fan bios uefi firmware driver hardware touchscreen fingerprint suspend
"""
HARDWARE_TERMS = frozenset(normalise(w) for w in _HARDWARE_WORDS.split())
"""Normalised words (`hdtui.domain.terms`: other languages' everyday words map to English)
that make the user's text about hardware."""
_PC_MAKERS = """
dell hp lenovo thinkpad ideapad asus acer toshiba msi samsung fujitsu sony huawei gigabyte
system76 framework medion chromebook pc
"""
PC_MAKERS = frozenset(_PC_MAKERS.split())
"""PC makers and product lines, and "PC": a text that names one is about a PC."""
_MAC_TEXT_RE = re.compile(
    r"\b(?:MacBook(?:\s?(?:Pro|Air))?|iMac|Mac\s?mini|Mac\s?Pro|macOS|Mac\s?OS|Apple\s?M[1-9])"
    r"\b|\bMac\b(?!\s?[Aa]ddress)")
"""How a text names a Mac (``Mac`` with a capital, not a "MAC address")."""
_LIST_ID_RE = re.compile(r"<([A-Za-z0-9_+-]+)\.[^>\s]*>")
"""A List-Id's list name: ``<tails-dev.boum.org>`` names ``tails-dev`` (RFC 2919)."""
_QUOTED_RE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
_SECTION_MARK = "======= content of "

USER_KINDS = frozenset({Kind.REPORT, Kind.SUPPORT})
"""Messages from users: the ones standard replies are ranked for."""
_NOT_FROM_A_USER = {Kind.TEAM: "a team's mail", Kind.FT: "an [FT] thread",
                    Kind.LIST_ADMIN: "a list's mail", Kind.SYSTEM: "mail no person wrote"}

LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "de": "German",
                  "it": "Italian", "pt": "Portuguese", "ru": "Russian"}

FACT_NOUNS = {
    "report": "a WhisperBack report",
    "mail": "mail from a user",
    "mac": "a Mac",
    "pc": "a PC",
    "vm": "a virtual machine",
    "hardware": "a hardware problem",
    "outdated": "an outdated Tails",
    "known-issue": "a confident known-issue match",
    "short": "a short text",
}
"""How a reason names a fact the message does not show."""


class Standing(IntEnum):
    """Where a reply ranks, best first (the rules of the module)."""

    FIRST = 0
    """Outdated: the upgrade reply."""
    ISSUE = 1
    """The text of the issue that matches confidently."""
    FITS = 2
    """A standard reply whose facts the message shows."""
    PARTLY = 3
    """A standard reply the message shows some of the facts of, not all of them."""
    GENERAL = 4
    """A standard reply that names no fact."""
    POSSIBLE = 5
    """The Standard reply of another matching issue: never before a standard reply."""
    UNFIT = 6
    """A standard reply whose facts the message does not show."""
    UNVETTED = 7
    """The Standard reply of an issue not vetted by Help Desk: offered last of all."""

    @property
    def fits(self) -> bool:
        """Whether a reply of this standing is a fit ``r`` may take without asking."""
        return self <= Standing.FITS


@dataclass(frozen=True, slots=True)
class Vetting:
    """Which issues' own text may be offered as a reply: those carrying one of ``labels``
    (GitLab drops the labels a non-member sets) or whose description was last written by
    one of ``accounts`` (GitLab usernames, any case). ``everything``: every issue, for
    issues that come from the member's own file rather than from GitLab."""

    labels: frozenset[str] = frozenset()
    accounts: frozenset[str] = frozenset()
    everything: bool = False

    def vetted(self, issue: KnownIssue) -> bool:
        """Whether the issue's text may be offered as a reply."""
        if self.everything or any(label in self.labels for label in issue.labels):
            return True
        writer = issue.description_by.lower()
        return bool(writer) and writer in {a.lower() for a in self.accounts}

    def warning(self, issue: KnownIssue) -> str:
        """What a reply drafted from the issue's text says when the issue is not vetted
        (checked again as the reply is written: a label may have been removed, or the
        description rewritten, since it was offered); "" when it is."""
        if self.vetted(issue):
            return ""
        writer = f"'{issue.description_by}'" if issue.description_by else "someone"
        return (f"This reply is the text of {issue.ref}, {NOT_VETTED} now: it carries no "
                f"vetting label and its description was last written by {writer}, not one "
                "of the Help Desk's accounts. Anyone can write an issue: read every line "
                "before sending it to a user.")


TRUSTED = Vetting(everything=True)
"""Every issue's text is offered (a static file of issues, the demo)."""
NOT_VETTED = "an issue not vetted by Help Desk"
"""How a reason names an issue whose text is not vetted."""


@dataclass(frozen=True, slots=True)
class ReplyChoice:
    """One reply offered for a message, and why."""

    template: ReplyTemplate
    reason: str
    """Why it is offered here, one short line: "fits: a PC (Dell XPS 13 9380), …"."""
    standing: Standing
    score: int = 0
    """How well it fits: ``REQUIRED_WEIGHT``, ``FACT_WEIGHT`` and ``MENTION_WEIGHT``."""


@dataclass(frozen=True, slots=True)
class MessageFacts:
    """What a message shows, as the facts replies name."""

    shown: Mapping[str, str]
    """Each fact the message shows, with how it shows it: ``{"mac": "a Mac (Apple …)"}``."""
    words: tuple[str, ...]
    """The user's own words, normalised as ranking compares them, in order."""
    language: str | None
    """The message's language code, when known."""

    def mentions(self, phrase: str) -> bool:
        """Whether the user's words hold ``phrase`` (its words in a row, normalised)."""
        wanted = terms(phrase)
        if not wanted:
            return False
        n = len(wanted)
        return any(list(self.words[i:i + n]) == wanted
                   for i in range(len(self.words) - n + 1))


def user_text(entry: Entry) -> str:
    """What the user wrote: a report's summary and answers; a mail's subject and text,
    without what it quotes and without pasted debug sections."""
    report = entry.report
    if entry.kind is Kind.REPORT:  # an undecryptable one says nothing
        return "" if report is None else "\n".join([report.summary,
                                                    *(a.text for a in report.answers)])
    message = entry.message
    body = message.text.split(_SECTION_MARK, 1)[0]
    subject = message.subject if entry.report_id is None else ""
    return _QUOTED_RE.sub("", f"{subject}\n{body}")


def message_language(entry: Entry) -> str | None:
    """A report's language, else the language of a mail's text (None when unsure)."""
    if entry.report is not None:
        return entry.report.language
    return detect_language(entry.message.text[:5000])


def message_facts(entry: Entry, matches: Sequence[Match] = (),
                  stable: str = "") -> MessageFacts:
    """The facts a message shows. ``matches``: its known issues, best first; ``stable``:
    the current stable Tails ("" when the release feeds were not read: nothing is then
    outdated)."""
    shown: dict[str, str] = {}
    text = user_text(entry)
    raw = words(text)
    normalised = tuple(terms(text))
    if entry.kind is Kind.REPORT:
        shown["report"] = "a WhisperBack report"
    elif entry.kind is Kind.SUPPORT:
        shown["mail"] = "mail from a user"
    _machine(entry, text, raw, shown)
    # Only a sure match speaks for the problem's kind: a best guess on one word (a Framework
    # laptop's "sonido" under the Macs issue, walk27) made every mail "a hardware problem".
    if matches and matches[0].confident and HARDWARE_LABEL in matches[0].issue.labels:
        shown["hardware"] = f"a hardware problem (the best match {matches[0].issue.ref} is a " \
                            "hardware issue)"
    else:
        named = next((w for w in normalised if w in HARDWARE_TERMS), None)
        if named is not None:
            shown["hardware"] = f"a hardware problem (the user writes “{named}”)"
    version = entry.version
    if stable and outdated(version, stable):
        shown["outdated"] = f"Tails {version}, older than the current {stable}"
    if matches and matches[0].confident:
        shown["known-issue"] = f"{matches[0].issue.ref} matches confidently"
    if len(raw) < SHORT_WORDS and (entry.report is not None or entry.kind is Kind.SUPPORT):
        shown["short"] = f"only {len(raw)} word{'s' if len(raw) != 1 else ''} from the user"
    _recipients(entry, shown)
    return MessageFacts(shown, normalised, message_language(entry))


def _recipients(entry: Entry, shown: dict[str, str]) -> None:
    """``to`` facts: the To and Cc addresses and their names, and a List-Id's list name."""
    message = entry.message
    cc = [value for name, value in message.headers if name.lower() == "cc"]
    for _, address in getaddresses([message.to, *cc]):
        address = address.lower()
        if "@" in address:
            shown[f"to {address}"] = f"sent to {address}"
            shown.setdefault(f"to {address.split('@', 1)[0]}", f"sent to {address}")
    for name, value in message.headers:
        found = _LIST_ID_RE.search(value) if name.lower() == "list-id" else None
        if found is not None:
            shown.setdefault(f"to {found.group(1).lower()}", f"sent to the list {found.group(0)}")


def _machine(entry: Entry, text: str, raw: Sequence[str], shown: dict[str, str]) -> None:
    """Mac, PC or virtual machine, and the PCI ids: from the report's hardware, else from
    what the text names."""
    hardware = entry.report.hardware if entry.report is not None else None
    if hardware is not None:
        for device in hardware.pci:
            vid = device.vendor_device.lower()
            shown.setdefault(f"pci {vid}", f"[{vid}] in lspci")
    if hardware is not None and hardware.known:
        name = hardware.short()
        named = f" ({name})" if name else ""
        if hardware.is_vm:
            shown["vm"] = f"a virtual machine{named}"
        elif hardware.is_mac:
            shown["mac"] = f"a Mac{named}"
        else:
            shown["pc"] = f"a PC{named or ' (its PCI devices)'}"
        return
    for vendor, device in re.findall(r"(?<![0-9a-f:])([0-9a-f]{4}):([0-9a-f]{4})(?![0-9a-f:])",
                                     text, re.IGNORECASE):
        vid = f"{vendor}:{device}".lower()
        shown.setdefault(f"pci {vid}", f"the user writes [{vid}]")
    mac = _MAC_TEXT_RE.search(text)
    maker = next((w for w in raw if w in PC_MAKERS), None)
    if mac is not None:
        shown["mac"] = f"a Mac (the user writes “{mac.group(0)}”)"
    elif maker is not None:
        shown["pc"] = f"a PC (the user writes “{maker}”)"


def _fact_noun(fact: str) -> str:
    """How a reason names a fact the message does not show."""
    name, _, value = fact.partition(" ")
    if name == "pci":
        return f"PCI [{value}]"
    if name == "to":
        return f"mail to {value}"
    return FACT_NOUNS.get(name, fact)


def _language_note(template: ReplyTemplate, language: str | None) -> str:
    """"" for English or an unknown language; else which variant was taken and why."""
    if not language:
        return ""
    wanted = re.split(r"[-_]", language.lower(), maxsplit=1)[0]
    if wanted == "en":
        return ""
    name = LANGUAGE_NAMES.get(wanted, wanted)
    have = re.split(r"[-_]", template.language.lower(), maxsplit=1)[0]
    if have == wanted:
        return f"; in {name}, the message's language"
    if template.source.startswith("issue #"):
        return f"; in {LANGUAGE_NAMES.get(have, have)}: the issue's own text"
    return f"; in {LANGUAGE_NAMES.get(have, have)}: no {name} variant"


def _issue_choice(match: Match, facts: MessageFacts,
                  known_issue: ReplyTemplate | None, vetted: bool = True) -> ReplyChoice | None:
    """The confident match's own text (rule 2 of the module); ``known_issue``: the generic
    known-issue reply filled with this issue, if offered; not ``vetted``: only that."""
    issue = match.issue
    found = issue_sections(issue.description) if vetted else {}
    unready = unready_sections(found)
    sections = {key: text for key, text in found.items() if key not in unready}
    template = reply_from_sections(issue.iid, issue.title, issue.web_url, sections)
    ref = f"from issue {issue.ref}, the confident match"
    # A section still saying TODO (an issue just created from a draft) is left out, and
    # the reason says so: a user is never sent the placeholder (docs/replies.md).
    todo = (f"; its {' and '.join(SECTION_NAMES[k] for k in unready)} "
            f"section{'s' if len(unready) > 1 else ''} still say{'' if len(unready) > 1 else 's'}"
            " TODO: left out") if unready else ""
    if template is not None and SECTION_STANDARD_REPLY in sections:
        reason = f"{ref}: its Standard reply{todo}"
    elif template is not None:
        parts = [SECTION_NAMES[key] for key in (SECTION_WORKAROUND, SECTION_FEEDBACK)
                 if key in sections]
        reason = (f"{ref}: its {' and '.join(parts)} section{'s' if len(parts) > 1 else ''}"
                  + todo)
    elif known_issue is not None:
        template = known_issue
        why = ("has no reply of its own" + todo) if vetted else f"is {NOT_VETTED}"
        reason = (f"the confident match {issue.ref} {why}: the known-issue reply, filled "
                  "with its title and link")
    else:
        return None
    return ReplyChoice(template, reason + _language_note(template, facts.language),
                       Standing.ISSUE)


def _generic_choice(template: ReplyTemplate, facts: MessageFacts) -> ReplyChoice:
    """A standard reply ranked by its facts (rules 3 and 5 of the module)."""
    fitting = [f for f in (*template.requires, *template.fits) if f in facts.shown]
    unshown = [f for f in template.fits if f not in facts.shown]
    mentioned = [m for m in template.mentions if facts.mentions(m)]
    score = (REQUIRED_WEIGHT * len(template.requires)
             + FACT_WEIGHT * (len(fitting) - len(template.requires))
             + MENTION_WEIGHT * len(mentioned))
    note = _language_note(template, facts.language)
    why = [facts.shown[f] for f in fitting]
    if mentioned:
        why.append("the user writes " + ", ".join(f"“{m}”" for m in mentioned))
    if score and not unshown:
        return ReplyChoice(template, "fits: " + ", ".join(why) + note, Standing.FITS, score)
    if score:
        return ReplyChoice(template, "fits in part: " + ", ".join(why) + "; not shown: "
                           + ", ".join(_fact_noun(f) for f in unshown) + note,
                           Standing.PARTLY, score)
    if not (template.fits or template.mentions):
        return ReplyChoice(template, "general: it names no fact to check" + note,
                           Standing.GENERAL)
    missing = [_fact_noun(f) for f in template.fits]
    if template.mentions:
        missing.append("words such as “" + template.mentions[0] + "”")
    return ReplyChoice(template, "the message shows none of: " + ", ".join(missing) + note,
                       Standing.UNFIT)


def _standard_reply(match: Match, vetting: Vetting, reason: str,
                    facts: MessageFacts) -> ReplyChoice | None:
    """The Standard reply section of a matching issue (rule 5 of the module; last of all
    when the issue is not vetted), or None when it has none. ``reason``: why it is offered,
    ``{ref}`` standing for the issue's reference and ``{note}`` for the language note."""
    issue = match.issue
    sections = issue_sections(issue.description)
    if SECTION_STANDARD_REPLY not in sections or SECTION_STANDARD_REPLY in unready_sections(
            sections):  # a Standard reply still saying TODO is never offered
        return None
    template = reply_from_sections(issue.iid, issue.title, issue.web_url, sections)
    if template is None:  # pragma: no cover - a Standard reply section makes one
        return None
    note = _language_note(template, facts.language)
    if not vetting.vetted(issue):
        return ReplyChoice(template, f"from issue {issue.ref}, {NOT_VETTED}: its Standard "
                           f"reply{note}", Standing.UNVETTED)
    return ReplyChoice(template, reason.format(ref=issue.ref, note=note), Standing.POSSIBLE)


def _not_from_a_user(entry: Entry, templates: Sequence[ReplyTemplate],
                     matches: Sequence[Match], facts: MessageFacts,
                     vetting: Vetting) -> list[ReplyChoice]:
    """Mail from a team, a list or a server: no reply is ranked as fitting (they are
    written for users); the standard replies by title, then the issues' Standard replies."""
    what = _NOT_FROM_A_USER.get(entry.kind, "not mail from a user")
    choices: list[ReplyChoice] = []
    for match in matches:
        choice = _standard_reply(match, vetting,
                                 "from issue {ref}: its Standard reply; " + what, facts)
        if choice is not None:
            choices.append(choice)
    general = []
    for slug in group_by_slug(templates):
        chosen = choose_variant(templates, slug, facts.language)
        if slug == AUTO_REPLY_SLUG or chosen is None:
            continue
        if all(f in facts.shown for f in chosen.requires):
            general.append(ReplyChoice(
                chosen, f"{what}: replies are written for users"
                + _language_note(chosen, facts.language), Standing.GENERAL))
    return (sorted(general, key=lambda c: c.template.title.lower())
            + sorted(choices, key=lambda c: c.standing))


def rank_replies(entry: Entry, templates: Sequence[ReplyTemplate],
                 matches: Sequence[Match] = (), stable: str = "",
                 vetting: Vetting = TRUSTED) -> list[ReplyChoice]:
    """The replies to offer for a message, best first, each with why (see the module).

    ``matches``: the known issues that match it, best first; ``stable``: the current
    stable Tails ("" when unknown); ``vetting``: whose issue text may be offered."""
    if entry.kind is Kind.TEAM:
        return []  # replies are written for users; a team gets a plain reply
    matches = [m for m in matches if not m.issue.confidential]  # members' eyes only
    facts = message_facts(entry, matches, stable)
    if entry.kind not in USER_KINDS:
        return _not_from_a_user(entry, templates, matches, facts, vetting)
    offered: list[ReplyTemplate] = []
    for slug in group_by_slug(templates):
        if slug == AUTO_REPLY_SLUG:
            continue  # the server sends it by itself; never an answer (docs/autoreply.md)
        chosen = choose_variant(templates, slug, facts.language)
        if chosen is not None and all(f in facts.shown for f in chosen.requires):
            offered.append(chosen)

    choices: list[ReplyChoice] = []
    upgrade = next((t for t in offered if t.slug == UPGRADE_SLUG), None)
    if upgrade is not None and "outdated" in facts.shown:
        offered.remove(upgrade)
        choices.append(ReplyChoice(
            upgrade, f"{facts.shown['outdated']}: upgrading comes first"
            + _language_note(upgrade, facts.language), Standing.FIRST))

    known_issue = next((t for t in offered if t.slug == KNOWN_ISSUE_SLUG), None)
    top = matches[0] if matches and matches[0].confident else None
    if top is not None:
        if known_issue is not None:  # filled with the confident match wherever it ranks
            offered.remove(known_issue)
            known_issue = fill_in(known_issue, {"issue_title": top.issue.title,
                                                "issue_url": top.issue.web_url})
        own = _issue_choice(top, facts, known_issue, vetting.vetted(top.issue))
        if own is not None:
            choices.append(own)
            if own.template is known_issue:
                known_issue = None
        if known_issue is not None:
            offered.append(known_issue)

    ranked = [_generic_choice(t, facts) for t in offered]
    for match in matches:
        if match is top and vetting.vetted(match.issue):
            continue  # its text is rule 2's
        # only the top can be confident (and when it is not vetted, it is not offered here)
        choice = _standard_reply(match, vetting, "from issue {ref}, a possible match (not "
                                 "confident): its Standard reply{note}", facts)
        if choice is not None:
            ranked.append(choice)
    # Python's sort is stable: the issues' replies keep the matches' order.
    from_issues = (Standing.POSSIBLE, Standing.UNVETTED)
    choices += sorted(ranked, key=lambda c: (
        c.standing, -c.score, "" if c.standing in from_issues else c.template.title.lower()))
    return choices
