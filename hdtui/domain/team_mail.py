"""Provides what hdtui understands of a team's mail: the plain reply to it (quoting, with
no standard reply: those are written for users) and the issue a request such as "reply on
the issue with the report IDs" is about, with the note that answers it (docs/team-mail.md).

Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hdtui.domain.links import IssueLink
from hdtui.domain.queue import Entry
from hdtui.domain.reply import RenderedReply

_ISSUE_URL_RE = re.compile(r"https?://\S+?/-/issues/(\d{1,7})\b")
"""A GitLab issue's address: ``…/-/issues/18042``."""
_ISSUE_REF_RE = re.compile(r"(?:^|(?<=[\s(\[,;]))(?:[\w.-]+(?:/[\w.-]+)*)?#(\d{2,7})\b")
"""A GitLab reference in text: ``#18042``, ``tails#18042``, ``tails/tails#18042`` (not a
page anchor in an address, not an HTML entity ``&#123;``)."""
QUOTED_LINES = 200
"""A plain reply quotes at most this many lines of the team's mail."""
_WB_PREFIX = "wb://"


def issue_named(subject: str, text: str) -> int | None:
    """The issue a team's mail is about: the first GitLab issue address in its subject or
    text, else the first ``#NNNN`` there; None when it names none."""
    for pattern in (_ISSUE_URL_RE, _ISSUE_REF_RE):
        for part in (subject, text):
            found = pattern.search(part)
            if found is not None:
                return int(found.group(1))
    return None


def plain_reply(entry: Entry) -> RenderedReply:
    """A reply to a team's mail: "Re:" its subject, its text quoted, nothing else."""
    message = entry.message
    subject = str(message.subject)
    if not re.match(r"(?i)re:", subject.strip()):
        subject = f"Re: {subject}"
    lines = message.text.splitlines()[:QUOTED_LINES]
    who = message.sender_address or "you"
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
    return RenderedReply(subject=subject, body=f"\n\n{who} wrote:\n{quoted}\n", missing=())


def report_ids(links: Sequence[IssueLink], iid: int) -> tuple[list[str], int]:
    """The WhisperBack report IDs linked to issue ``iid``, oldest link first and each
    once, and how many other messages (support mail, cited by a hash) are linked."""
    ids: list[str] = []
    mail = 0
    for link in sorted((k for k in links if k.iid == iid), key=lambda k: k.received):
        if link.reference.startswith(_WB_PREFIX):
            rid = link.reference.removeprefix(_WB_PREFIX)
            if rid not in ids:
                ids.append(rid)
        else:
            mail += 1
    return ids, mail


def report_ids_note(ids: Sequence[str], mail: int) -> str:
    """The note that answers a team's request for the report IDs of an issue. With support
    mail linked too, it says how many messages are linked in all: the number hot topics
    and the known-issues pane count as linked (walk23: the note said 11 where they said
    12, the twelfth a message without a report ID)."""
    of_all = f" of the {len(ids) + mail} messages linked" if mail else ""
    if not ids:
        lines = ["No WhisperBack report is linked to this issue yet (Tails Help Desk)."]
    else:
        noun = "report" if len(ids) == 1 else "reports"
        lines = [f"The WhisperBack {noun} linked to this issue (Tails Help Desk), "
                 f"{len(ids)}{of_all}:", "", *(f"- {rid}" for rid in ids)]
    if mail:
        lines += ["", f"And {mail} support mail{'s' if mail != 1 else ''} (no report ID), "
                      "counted as linked with them."]
    return "\n".join(lines) + "\n"
