"""Mailman's mail to list moderators, generated for the tests (docs/moderation.md): held-post
notices as Mailman 2.1 and 3 send them, the daily digest, and the "results of your email
commands" answer. Written from the formats described in docs/moderation.md."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime

HOST = "boum.org"


def cookie() -> str:
    """A fresh 40-hex confirmation cookie."""
    return secrets.token_hex(20)


def held_post(sender: str = "someone@example.org", subject: str = "Tails 7.6 fixed my Wi-Fi",
              text: str = "Hello,\n\nsince 7.6 the Wi-Fi of my ThinkPad T480 works.\n",
              to: str = f"tails-testers@{HOST}") -> EmailMessage:
    """A post as a list receives it."""
    post = EmailMessage(policy=policy.SMTP)
    post["From"] = sender
    post["To"] = to
    post["Subject"] = subject
    post["Date"] = format_datetime(datetime(2026, 12, 4, 9, 0, tzinfo=UTC))
    post["Message-ID"] = f"<{secrets.token_hex(6)}@example.org>"
    post.set_content(text)
    return post


def notice(list_name: str = "tails-testers", *, version: str = "2.1.39",
           real_name: str | None = None, reason: str = "Post by non-member to a members-only "
           "list", post: EmailMessage | None = None, code: str | None = None,
           date: datetime | None = None, with_confirm: bool = True,
           with_post: bool = True, subject: str | None = None) -> bytes:
    """A held-post notice: Mailman 2.1 by default, 3 when ``version`` starts with 3."""
    post = post or held_post(to=f"{list_name}@{HOST}")
    code = code or cookie()
    mm3 = version.startswith("3")
    real = real_name or list_name.capitalize()
    owner = f"{list_name}-owner@{HOST}"
    request = f"{list_name}-request@{HOST}"
    shown_list = f"{list_name}@{HOST}" if mm3 else real
    outer = EmailMessage(policy=policy.SMTP)
    outer["Subject"] = subject or f"{shown_list} post from {post['From']} requires approval"
    outer["From"] = owner
    outer["To"] = owner
    outer["Date"] = format_datetime(date or datetime(2026, 12, 4, 9, 1, tzinfo=UTC))
    outer["Message-ID"] = f"<mailman.1.1764838860.{list_name}@{HOST}>"
    outer["X-BeenThere"] = f"{list_name}@{HOST}"
    outer["X-Mailman-Version"] = version
    outer["Precedence"] = "bulk" if mm3 else "list"
    outer["List-Id"] = f"{real} <{list_name}.{HOST}>"
    outer["X-List-Administrivia"] = "yes"
    where = ("visit your dashboard to approve or deny the\nrequest." if mm3 else
             f"visit:\n\n    https://lists.{HOST}/mailman/admindb/{list_name}\n\n"
             "to approve or deny the request.")
    outer.set_content(
        "As list administrator, your authorization is requested for the\n"
        "following mailing list posting:\n\n"
        f"    List:    {list_name}@{HOST}\n"
        f"    From:    {post['From']}\n"
        f"    Subject: {post['Subject']}\n"
        f"    Reason:  {reason}\n\n"
        f"At your convenience, {where}\n")
    if with_post:
        outer.add_attachment(post)
    if with_confirm:
        confirm = EmailMessage(policy=policy.SMTP)
        confirm["Subject"] = f"confirm {code}"
        confirm["From"] = request
        confirm["Sender"] = request
        confirm.set_content(
            "If you reply to this message, keeping the Subject: header intact,\n"
            "Mailman will discard the held message.  Do this if the message is\n"
            "spam.  If you reply to this message and include an Approved: header\n"
            "with the list password in it, the message will be approved for\n"
            "posting to the list.\n")
        outer.add_attachment(confirm)
    return outer.as_bytes()


def digest(list_name: str = "tails-dev", count: int = 3) -> bytes:
    """The daily digest of waiting requests (counts only, no cookie)."""
    outer = EmailMessage(policy=policy.SMTP)
    outer["Subject"] = f"{count} {list_name.capitalize()} moderator request(s) waiting"
    outer["From"] = f"{list_name}-bounces@{HOST}"
    outer["To"] = f"{list_name}-owner@{HOST}"
    outer["Date"] = format_datetime(datetime(2026, 12, 4, 8, 0, tzinfo=UTC))
    outer["X-Mailman-Version"] = "2.1.39"
    outer.set_content(f"The {list_name.capitalize()}@{HOST} mailing list has {count} request(s)"
                      " waiting for your consideration at:\n\n"
                      f"\thttps://lists.{HOST}/mailman/admindb/{list_name}\n")
    return outer.as_bytes()


SUCCEEDED = "Confirmation succeeded"
INVALID = ("Invalid confirmation string.  Note that confirmation strings expire\n"
           "approximately 3 days after the initial request.  They also expire if the\n"
           "confirmation has already been used.")
BAD_PASSWORD = "Bad approval password given.  Held message is still being held."


def results(original: bytes, result: str, list_name: str = "tails-testers",
            to: str = "support@tails.net",
            date: datetime | None = None) -> bytes:
    """Mailman 2.1's answer to a confirmation, the original attached."""
    outer = EmailMessage(policy=policy.SMTP)
    outer["Subject"] = "The results of your email commands"
    outer["From"] = f"{list_name}-bounces@{HOST}"
    outer["To"] = to
    outer["Date"] = format_datetime(date or datetime.now(UTC))
    outer["Message-ID"] = f"<mailman.{secrets.token_hex(4)}.{list_name}@{HOST}>"
    outer["X-Mailman-Version"] = "2.1.39"
    body = "\n".join("    " + line for line in result.splitlines())
    outer.set_content("The results of your email command are provided below.\n"
                      f"Attached is your original message.\n\n- Results:\n{body}\n\n- Done.\n")
    outer.add_attachment(BytesParser(policy=policy.SMTP).parsebytes(original))
    return outer.as_bytes()
