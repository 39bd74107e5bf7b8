"""Provides what hdtui understands of Mailman's mail to list moderators: held-post notices
(Mailman 2.1 and 3), the daily "moderator request(s) waiting" digests, and the "results of
your email commands" answers; and the confirmation mail that approves or discards a held
post (docs/moderation.md).

Pure: no I/O. Every value read here comes from a stranger's mail (anyone can write to the
Help Desk, and a notice can be forged): it is data, shown literally, and an address that
mail is sent to is derived only from the notice's own list-owner sender, checked against
the configured lists before a password goes with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from hdtui.domain.mail import HELD_PREFIX
from hdtui.domain.message import Embedded, Message
from hdtui.domain.text import one_line

NOT_HELD = ("This is not a held-post notice: moderation keys act on Mailman's \"… post from "
            "… requires approval\" notices (kind:moderation in the filter lists them).")
"""What every moderation key (D, Y, W, P) says on another message, in the same words."""
EXPIRY = timedelta(days=3)
"""Mailman forgets a held post's confirmation cookie after about three days."""

HELD_SUBJECT_RE = re.compile(r"^(?P<list>.+?) post from (?P<sender>.+?) requires approval$",
                             re.IGNORECASE)
_DIGEST_RE = re.compile(r"^(?P<count>\d{1,6}) (?P<list>.+?) moderator requests?(?:\(s\))? "
                        r"waiting$", re.IGNORECASE)
_RESULTS_RE = re.compile(r"^(?:re:\s*)?the results of your email commands?$", re.IGNORECASE)
_COOKIE_RE = re.compile(r"\bconfirm\s+([0-9a-f]{20,64})\b", re.IGNORECASE)
_OWNER_RE = re.compile(r"^(?P<list>[a-z0-9][a-z0-9._+-]*?)-(?:owner|bounces|admin)"
                       r"@(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)+)$", re.IGNORECASE)
_BLOCK_RE = re.compile(r"^[ \t]+(?P<name>List|From|Subject|Reason):[ \t]*(?P<value>.*)$",
                       re.IGNORECASE | re.MULTILINE)
_URL_RE = re.compile(r"https?://[^\s<>\"]+/admindb/[^\s<>\"]+")
_APPROVED_LINE_RE = re.compile(r"^\s*(?:x-)?approved?\s*:", re.IGNORECASE)
LIST_NAME_RE = re.compile(r"[a-z0-9][a-z0-9._+-]{0,63}")
"""A list's name as it may be put into a password command (``{list}``)."""

MAILMAN_3 = "3"
MAILMAN_2 = "2.1"

REASONS_2 = (
    "Post by non-member to a members-only list",
    "Post to moderated list",
    "Posting to a restricted list by sender requires approval",
    "Too many recipients to the message",
    "Message has implicit destination",
    "Message may contain administrivia",
    "Message has a suspicious header",
    "Message body is too big",
    "The message headers matched a filter rule",
)
"""Mailman 2.1's hold reasons as its notices word them (the body-size one goes on with the
sizes); docs/moderation.md."""
REASONS_3 = (
    "The message is not from a list member",
    "The message comes from a moderated member",
    "The message has no subject",
    "The message's content type was not explicitly allowed",
    "The message is larger than the",
    "The message has a matching header",
    "Message quarantined by emergency moderation",
    "DMARC moderation",
)
"""Mailman 3's wording of the same (the size one goes on with the limit)."""


class Outcome(StrEnum):
    """What Mailman answered to a confirmation, as the member is told."""

    APPROVED = "approved"
    DISCARDED = "discarded"
    INVALID = "expired or already handled"
    BAD_PASSWORD = "wrong password: still held"
    UNKNOWN = "answered, not understood"


class Action(StrEnum):
    """What a confirmation asks for."""

    APPROVE = "approve"
    DISCARD = "discard"


@dataclass(frozen=True, slots=True)
class HeldPost:
    """One held post, as its notice says it (docs/moderation.md)."""

    list_name: str
    """The list as the notice's subject names it (Mailman 2.1: its real name, ``Tails-dev``;
    3: its address)."""
    list_address: str
    """``tails-dev@boum.org``, from the notice's list-owner sender."""
    request_address: str
    """``tails-dev-request@boum.org``: where confirmations go."""
    sender: str
    subject: str
    reason: str
    cookie: str
    """The confirmation cookie (hex), "" when the notice carries none."""
    received: datetime | None
    version: str
    """``MAILMAN_2`` or ``MAILMAN_3``."""
    admin_url: str = ""
    """The list's web page for held posts (``…/admindb/<list>``), "" if not given."""
    post: Embedded | None = None
    """The held post, readable like any mail."""
    problems: tuple[str, ...] = ()
    """What is wrong with the notice (no cookie, no held post, …): it stays plain mail for
    what it lacks, and says so."""

    @property
    def short_name(self) -> str:
        """The list's name: the local part of its address (``tails-dev``)."""
        return self.list_address.partition("@")[0]

    @property
    def actionable(self) -> bool:
        """Whether a confirmation can be sent for it by mail."""
        return bool(self.cookie and self.request_address)

    def expires(self) -> datetime | None:
        """When Mailman forgets its cookie (about three days after the notice)."""
        return self.received + EXPIRY if self.received is not None else None

    def expired(self, now: datetime) -> bool:
        """Whether its cookie is past the three days."""
        when = self.expires()
        return when is not None and now >= when

    def summary(self) -> str:
        """Its line in the queue: the list, the held post's subject and sender."""
        return one_line(f"{HELD_PREFIX}{self.short_name or self.list_name}: "
                        f"{self.subject or '(no subject)'} — from {self.sender}")


@dataclass(frozen=True, slots=True)
class Digest:
    """A daily "N moderator request(s) waiting" digest: counts only, no cookie."""

    list_name: str
    count: int
    list_address: str = ""

    def summary(self) -> str:
        """Its line in the queue."""
        noun = "request" if self.count == 1 else "requests"
        return f"{self.count} moderator {noun} waiting on {self.list_name} (digest: no action)"


@dataclass(frozen=True, slots=True)
class Results:
    """Mailman's answer to a confirmation ("The results of your email commands")."""

    cookie: str
    outcome: Outcome
    received: datetime | None
    list_address: str = ""

    def summary(self) -> str:
        """Its line in the queue."""
        cookie = self.cookie[:12] + "…" if self.cookie else "(no cookie)"
        return f"Mailman's answer: {self.outcome.value} (confirm {cookie})"


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A message that says it is a Mailman notice but cannot be read as one: shown as
    plain mail with this note."""

    note: str


Notice = HeldPost | Digest | Results | Unreadable


def age_text(received: datetime | None, now: datetime) -> str:
    """How long ago, in a few words ("5 h", "2 days")."""
    if received is None:
        return "unknown"
    seconds = max(0, int((now - received).total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"


def _header(headers: Iterable[tuple[str, str]], name: str) -> str:
    wanted = name.lower()
    return next((value for key, value in headers if key.lower() == wanted), "")


def _owner(address: str) -> tuple[str, str] | None:
    """(list address, request address) from a list's -owner/-bounces sender."""
    found = _OWNER_RE.match(address.strip())
    if found is None:
        return None
    name, host = found.group("list").lower(), found.group("host").lower()
    return f"{name}@{host}", f"{name}-request@{host}"


def _block(text: str) -> dict[str, str]:
    """The indented ``List:``/``From:``/``Subject:``/``Reason:`` block of a notice's first
    part (the first of each: the held post's own text comes later in the message). A
    reason may go on over more indented lines (Mailman 3 lists several)."""
    values: dict[str, str] = {}
    lines = text.splitlines()
    for index, line in enumerate(lines):
        found = _BLOCK_RE.match(line)
        if found is None:
            continue
        name = found.group("name").lower()
        if name in values:
            continue
        value = found.group("value").strip()
        if name == "reason":
            indent = len(line) - len(line.lstrip())
            for more in lines[index + 1:index + 6]:
                if not more.strip() or _BLOCK_RE.match(more) or \
                        len(more) - len(more.lstrip()) <= indent:
                    break
                value += "; " + more.strip()
        values[name] = one_line(value, 300)
        if len(values) == 4:
            break
    return values


def _cookie_part(parts: Sequence[Embedded]) -> Embedded | None:
    return next((p for p in parts if _COOKIE_RE.search(p.subject)), None)


def read_notice(message: Message) -> Notice | None:
    """What a Mailman notice says; None for any other message. A held-post notice that
    lacks a part is still a HeldPost, with what is missing in ``problems``; one that cannot
    be read at all is Unreadable (never an exception)."""
    subject = one_line(message.subject)
    sender = str(message.sender_address).lower()
    owner = _owner(sender)
    held = HELD_SUBJECT_RE.match(subject)
    if held is not None and owner is not None:
        return _held(message, held, owner)
    if held is not None:
        return Unreadable("This says it is a held-post notice, but it does not come from a "
                          "list's -owner address: shown as plain mail, no action offered.")
    digest = _DIGEST_RE.match(subject)
    if digest is not None and owner is not None:
        return Digest(one_line(digest.group("list"), 80), int(digest.group("count")),
                      owner[0])
    if _RESULTS_RE.match(subject) and (owner is not None or sender.endswith("-request@")
                                       or "-request@" in sender):
        return _results(message)
    return None


def _held(message: Message, held: re.Match[str], owner: tuple[str, str]) -> HeldPost:
    problems: list[str] = []
    block = _block(message.text)
    version = MAILMAN_3 if _header(message.headers, "X-Mailman-Version").startswith("3") \
        or "@" in held.group("list") else MAILMAN_2
    confirm = _cookie_part(message.embedded)
    cookie = ""
    request = owner[1]
    if confirm is None:
        problems.append("no confirmation message attached (no cookie): approve and discard "
                        "by mail are not possible; use the list's web page")
    else:
        found = _COOKIE_RE.search(confirm.subject)
        cookie = found.group(1).lower() if found else ""
        inner = str(confirm.sender_address).lower()
        if inner and inner != request:
            problems.append(f"the confirmation comes from {inner}, not {request}: the "
                            f"confirmation goes to {request}, the list's own address")
    post = next((p for p in message.embedded if p is not confirm), None)
    if post is None:
        problems.append("the held post is not attached")
    reason = block.get("reason", "")
    if not reason:
        problems.append("the notice gives no reason")
    url = _URL_RE.search(message.text)
    return HeldPost(
        list_name=one_line(held.group("list"), 80),
        list_address=owner[0],
        request_address=request,
        sender=one_line(block.get("from") or held.group("sender"), 200),
        subject=one_line(block.get("subject") or (post.subject if post else ""), 300),
        reason=reason or "(not given)",
        cookie=cookie,
        received=message.date,
        version=version,
        admin_url=url.group(0) if url else "",
        post=post,
        problems=tuple(problems),
    )


def _results(message: Message) -> Results:
    text = message.text
    original = next((p for p in message.embedded if _COOKIE_RE.search(p.subject)), None)
    found = _COOKIE_RE.search(original.subject) if original is not None else \
        _COOKIE_RE.search(text)
    cookie = found.group(1).lower() if found else ""
    lowered = " ".join(text.lower().split())
    if "bad approval password" in lowered:
        outcome = Outcome.BAD_PASSWORD
    elif "invalid confirmation string" in lowered:
        outcome = Outcome.INVALID
    elif "confirmation succeeded" in lowered or "message accepted" in lowered:
        approved = original is not None and _approved(original)
        outcome = Outcome.APPROVED if approved or "message accepted" in lowered \
            else Outcome.DISCARDED
    elif "discarded" in lowered:
        outcome = Outcome.DISCARDED
    else:
        outcome = Outcome.UNKNOWN
    owner = _owner(str(message.sender_address))
    return Results(cookie, outcome, message.date, owner[0] if owner else "")


def _approved(original: Embedded) -> bool:
    """Whether a confirmation carried an Approved line (its value is never kept)."""
    if any(name.lower() in ("approved", "approve") for name, _ in original.headers):
        return True
    first = next((line for line in original.text.splitlines() if line.strip()), "")
    return bool(_APPROVED_LINE_RE.match(first))


# -- what happened to a held post ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Status:
    """What is known of a held post now: Mailman's answers to its cookie, oldest first."""

    text: str
    """One line for the member."""
    done: bool
    """Handled: nothing more can be done by mail."""


def status(post: HeldPost, answers: Sequence[Results], now: datetime,
           sent: str = "") -> Status:
    """A held post's state from Mailman's answers to its cookie (``answers``, any order),
    and ``sent``, what this member's hdtui sent for it ("" when nothing)."""
    mine = sorted((a for a in answers if a.cookie and a.cookie == post.cookie),
                  key=lambda a: a.received.timestamp() if a.received else 0.0)
    done = [a for a in mine if a.outcome in (Outcome.APPROVED, Outcome.DISCARDED)]
    if done:
        first = done[0]
        text = f"{first.outcome.value} (Mailman confirmed{_when(first.received)})"
        if any(a.outcome is Outcome.INVALID for a in mine[mine.index(first) + 1:]):
            text += "; a later confirmation found it already handled"
        return Status(text, True)
    if mine and mine[-1].outcome is Outcome.INVALID:
        return Status("expired or already handled (Mailman refused the confirmation"
                      f"{_when(mine[-1].received)}: another moderator may have handled it "
                      "on the web page)", True)
    if mine and mine[-1].outcome is Outcome.BAD_PASSWORD:
        return Status("still held: Mailman refused the moderator password"
                      f"{_when(mine[-1].received)}", False)
    if sent:
        return Status(f"{sent}: sent, waiting for Mailman's answer", False)
    if not post.actionable:
        return Status("held; no cookie: only the list's web page can act on it", False)
    if post.expired(now):
        return Status("expired: Mailman forgets a request after 3 days (it may still be "
                      "held on the web page)", True)
    return Status("held, waiting for a moderator", False)


def _when(received: datetime | None) -> str:
    return f" {received:%Y-%m-%d %H:%M}" if received is not None else ""


# -- the confirmation ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Confirmation:
    """The mail that approves or discards one held post: to the list's -request address,
    ``Re: confirm <cookie>``, an empty body, or only the ``Approved:`` line."""

    action: Action
    to: str
    subject: str
    cookie: str
    list_address: str
    description: str
    """The held post in a few words, for previews and the outbox."""
    version: str = MAILMAN_2
    """Mailman 2.1 reads the password from the body's first line; 3 from a header."""

    @property
    def in_header(self) -> bool:
        """Whether an approval's password goes in an ``Approved:`` header (Mailman 3)
        rather than the body's first line (2.1, which reads both)."""
        return self.version == MAILMAN_3

    def body(self, password: str = "") -> str:
        """The body: empty for a discard, and for an approval to Mailman 3 (its password
        goes in a header); the ``Approved:`` line for an approval to 2.1 (the password is
        given only here, just before sending, and never kept)."""
        if self.action is Action.APPROVE:
            _check_password(password)
            return "" if self.in_header else f"Approved: {password}\n"
        return ""

    def header(self, password: str = "") -> str | None:
        """The ``Approved:`` header's value for an approval to Mailman 3, else None."""
        if self.action is not Action.APPROVE or not self.in_header:
            return None
        _check_password(password)
        return password

    def preview(self) -> str:
        """What will be sent, without the password."""
        secret = "(the moderator password, from the password command)"
        if self.action is Action.APPROVE and self.in_header:
            return f"To: {self.to}\nSubject: {self.subject}\nApproved: {secret}\n\n(empty)\n"
        body = f"Approved: {secret}\n" if self.action is Action.APPROVE else "(empty)\n"
        return f"To: {self.to}\nSubject: {self.subject}\n\n{body}"


def _check_password(password: str) -> None:
    if not password or any(c in password for c in "\r\n\0"):
        raise ValueError("an approval needs a one-line moderator password")


def confirmation(post: HeldPost, action: Action) -> Confirmation:
    """The confirmation of ``action`` for a held post; ValueError when it has no cookie."""
    if not post.actionable:
        raise ValueError("This notice carries no confirmation cookie: it can only be "
                         "handled on the list's web page.")
    return Confirmation(action, post.request_address, f"Re: confirm {post.cookie}",
                        post.cookie, post.list_address,
                        one_line(f"{post.short_name}: {post.subject} — from {post.sender}",
                                 120), post.version)


def admin_url(post: HeldPost, host_pages: str = "") -> str:
    """The list's page for held posts: the notice's own link, else
    ``<host_pages>/admindb/<list>`` when the list's web address is configured."""
    if post.admin_url:
        return post.admin_url
    if host_pages and post.short_name:
        return f"{host_pages.rstrip('/')}/admindb/{post.short_name}"
    return ""
