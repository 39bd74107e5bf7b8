"""An aiosmtpd server on 127.0.0.1 that answers confirmations the way Mailman 2.1 does
(docs/moderation.md): mail to ``<list>-request@`` whose subject is ``confirm <cookie>``
(one ``Re:`` allowed) approves the held post when an ``Approved:`` header or first body
line carries the right password, discards it when there is none, leaves it held when the
password is wrong, and refuses a cookie it does not know or that was used already. Every
answer is a "results of your email commands" mail, delivered by ``deliver`` (to Dovecot)
to the sender."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.servers.dovecot import free_port
from tests.support import mailman

PASSWORD = "moderator-test-pw"
_SUBJECT_RE = re.compile(r"^\s*(?:re:\s*)?confirm\s+([0-9a-f]{40})\s*$", re.IGNORECASE)


@dataclass
class Mailman21:
    """Held posts by cookie, and what happened to them."""

    deliver: Callable[[bytes], None]
    """Where the answers go (the Help Desk's mailbox)."""
    held: dict[str, str] = field(default_factory=dict)
    """Cookie -> list name, for the requests still pending."""
    done: dict[str, str] = field(default_factory=dict)
    """Cookie -> "approved" or "discarded"."""
    received: list[bytes] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hold(self, list_name: str) -> str:
        """A new held post on ``list_name``: its cookie."""
        code = mailman.cookie()
        with self.lock:
            self.held[code] = list_name
        return code

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or envelope.content or b""
        data = content if isinstance(content, bytes) else content.encode()
        with self.lock:
            self.received.append(data)
            answer = self._answer(data, tuple(envelope.rcpt_tos))
        if answer is not None:
            self.deliver(answer)
        return "250 OK queued"

    def _answer(self, data: bytes, rcpt: tuple[str, ...]) -> bytes | None:
        message = message_from_bytes(data, policy=policy.default)
        if not any(r.lower().endswith("-request@" + mailman.HOST) for r in rcpt):
            return None
        found = _SUBJECT_RE.match(str(message["Subject"] or ""))
        list_name = rcpt[0].split("-request@")[0]
        if found is None or found.group(1) not in self.held:
            return mailman.results(data, mailman.INVALID, list_name)
        code = found.group(1)
        approved = message["Approved"] or message["Approve"]
        if approved is None:
            body = message.get_body(("plain",))
            text = body.get_content() if body is not None else ""
            first = next((line for line in text.splitlines() if line.strip()), "")
            name, _, value = first.partition(":")
            if name.strip().lower() in ("approved", "approve"):
                approved = value.strip()
        if approved is not None and str(approved).strip() != PASSWORD:
            return mailman.results(data, mailman.BAD_PASSWORD, list_name)
        del self.held[code]
        self.done[code] = "approved" if approved is not None else "discarded"
        return mailman.results(data, mailman.SUCCEEDED, list_name)


class MailmanServer:
    """The responder on a plain port of 127.0.0.1."""

    def __init__(self, lists: Mailman21) -> None:
        self.lists = lists
        self.host = "127.0.0.1"
        self.port = free_port()
        self.controller = Controller(lists, hostname=self.host, port=self.port,
                                     ready_timeout=10)

    def __enter__(self) -> MailmanServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
