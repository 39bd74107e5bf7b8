"""Provides the demo's outbound adapters: mail and alerts that never leave the machine.

``hdtui --demo`` runs every action through the same services as a real shift; only the
last step differs. Mail that would be sent is written, byte for byte as SMTP would carry
it, to a local outbox directory with a "demo: not sent" header on top; XMPP alerts go to
a local log. The member opens both in the app (ctrl+o), so the demo shows exactly what
would leave. Files are owner-only, like every cache of hdtui.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path

from hdtui.domain.compose import message_bytes
from hdtui.errors import NotifyError, SendError

MARKER = b"X-Hdtui-Demo: not sent (demo mode: this message never left the machine)\r\n"


@dataclass(frozen=True, slots=True)
class DemoSent:
    """What the demo 'sent'."""

    accepted: tuple[str, ...]
    data: bytes
    path: Path


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One message or alert in the demo's outbox, for the app to show."""

    when: float
    kind: str
    """"mail" or "xmpp"."""
    to: str
    title: str
    text: str


def _private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def _write_private(path: Path, data: bytes, append: bool = False) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


class DemoMailer:
    """A Mailer that writes each message to ``directory`` instead of sending it."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, message: EmailMessage, recipients: Sequence[str] | None = None) -> DemoSent:
        """Write the message as it would go out; never opens a connection."""
        data = message_bytes(message)
        to = recipients or [a for _, a in getaddresses(
            [str(v) for v in (message.get_all("To") or []) + (message.get_all("Cc") or [])])]
        try:
            _private_dir(self.directory)
            path = self.directory / f"{time.time():.6f}.eml"
            _write_private(path, MARKER + data)
        except OSError as e:
            raise SendError(f"The demo outbox {self.directory} cannot be written: "
                            f"{e.strerror}. Nothing was sent; the draft is kept.") from e
        return DemoSent(tuple(to), data, path)


class DemoNotifier:
    """A Notifier that appends each alert to a local log instead of sending it."""

    def __init__(self, log: Path) -> None:
        self.log = log

    def alert(self, to: str, text: str) -> None:
        """Log the alert as it would be sent."""
        line = json.dumps({"when": time.time(), "to": to, "text": text}) + "\n"
        try:
            _private_dir(self.log.parent)
            _write_private(self.log, line.encode(), append=True)
        except OSError as e:
            raise NotifyError(f"The demo alert log {self.log} cannot be written: "
                              f"{e.strerror}.") from e


def demo_outbox(directory: Path, log: Path) -> list[OutboxItem]:
    """Everything the demo would have sent, newest first."""
    from email import message_from_bytes
    from email.policy import default

    items: list[OutboxItem] = []
    if directory.is_dir():
        for path in directory.glob("*.eml"):
            raw = path.read_bytes()
            parsed = message_from_bytes(raw, policy=default)
            body = parsed.get_body(("plain",)) if parsed.is_multipart() else parsed
            text = body.get_content() if body is not None else ""
            if parsed.get_content_type() == "multipart/encrypted":
                text = "(encrypted to the user's key)"
            items.append(OutboxItem(float(path.stem), "mail", str(parsed.get("To", "")),
                                    str(parsed.get("Subject", "")), str(text)))
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            try:
                data = json.loads(line)
                items.append(OutboxItem(float(data["when"]), "xmpp", str(data["to"]),
                                        "XMPP alert", str(data["text"])))
            except (ValueError, KeyError, TypeError):
                continue
    return sorted(items, key=lambda i: i.when, reverse=True)
