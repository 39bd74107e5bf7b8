"""Provides the one error hierarchy of hdtui.

    HdtuiError(message, title)
     ├── ConfigError     bad config file, keymap or reply template directory
     ├── SourceError     a mailbox that cannot be read
     │    ├── LoginRefused       the server refused the login (retrying is useless)
     │    └── ConnectionProblem  the server is out of reach: the UI reconnects, no dialog
     │         ├── ServerUnreachable  it could not be reached at all
     │         └── ConnectionLost     the connection dropped during a command
     ├── CryptoError     GnuPG missing or unusable
     ├── StoreError      the local store cannot be opened or written
     ├── TrackerError    the known-issue tracker cannot be read
     │    ├── TrackerUnreachable  out of reach for now (no connection, timeout, 5xx, 429)
     │    ├── TrackerRefused      GitLab answered no (401, 403, 404, 400, 422, ...)
     │    └── WriteKept           a write kept in the outbox instead (docs/gitlab-writes.md)
     ├── FeedError       a Tails release feed cannot be fetched or understood
     ├── SendError       mail could not be sent
     ├── NotifyError     an alert could not be delivered
     ├── ReadOnlyError   a write was asked for during a read-only skim
     └── ConflictError   another member changed the same thing first (a claim lost)

Adapters translate third-party errors into these with ``raise ... from e``; the
CLI prints them to stderr. The UI decides how to show one by its class, never by its
title (hdtui/ui/failures.py): a ConnectionProblem is the reconnect banner, a
ReadOnlyError or ConflictError a warning, anything else an error dialog.
"""

from __future__ import annotations

from typing import Any


class HdtuiError(Exception):
    """An error a Help Desk member can act on: what went wrong and what to do."""

    def __init__(self, message: str, title: str = "Error") -> None:
        super().__init__(message)
        self.message = message
        self.title = title

    def __str__(self) -> str:
        return self.message


class ConfigError(HdtuiError):
    """The configuration, a keymap or a template directory is wrong."""

    def __init__(self, message: str, title: str = "Configuration error") -> None:
        super().__init__(message, title)


class SourceError(HdtuiError):
    """A mailbox or message file cannot be read."""

    def __init__(self, message: str, title: str = "Mailbox error") -> None:
        super().__init__(message, title)


class LoginRefused(SourceError):
    """The server refused the login: retrying with the same secret is useless."""

    def __init__(self, message: str, title: str = "IMAP login refused") -> None:
        super().__init__(message, title)


class FolderMissing(SourceError):
    """The IMAP server has no folder of that name: the others are still listed, and the
    messages cached from this one are kept until it is fixed (docs/config.md)."""

    def __init__(self, message: str, title: str = "IMAP folder missing") -> None:
        super().__init__(message, title)


class ConnectionProblem(SourceError):
    """The server is out of reach for now: it goes away by itself when the link comes
    back, so hdtui keeps the cached queue and reconnects instead of showing a dialog."""

    def __init__(self, message: str, title: str = "Connection lost") -> None:
        super().__init__(message, title)


class ServerUnreachable(ConnectionProblem):
    """The server could not be reached at all (refused, timed out, no route, no name)."""

    def __init__(self, message: str, title: str = "IMAP server unreachable") -> None:
        super().__init__(message, title)


class ConnectionLost(ConnectionProblem):
    """An open connection dropped during a command: worth one retry on a new one."""

    def __init__(self, message: str, title: str = "Connection lost") -> None:
        super().__init__(message, title)


class ReadsEnded(ConnectionProblem):
    """hdtui is ending (a quit, a hang-up): a read of a message's body was abandoned, not
    failed; nothing of it is cached, and the next start reads it."""

    def __init__(self, message: str = "hdtui is ending: the read was abandoned.",
                 title: str = "Read abandoned") -> None:
        super().__init__(message, title)


class CryptoError(HdtuiError):
    """GnuPG is missing or its home directory is unusable."""

    def __init__(self, message: str, title: str = "OpenPGP error") -> None:
        super().__init__(message, title)


class StoreError(HdtuiError):
    """The local store cannot be opened, locked or written."""

    def __init__(self, message: str, title: str = "Local store error") -> None:
        super().__init__(message, title)


class StoreInUse(StoreError):
    """Another hdtui holds the store's lock (docs/store.md): ``owner`` its pid as the lock
    file says it, ``store`` the store's path as shown; ``demo``: the demo's store, which
    no [store] path moves (the advice to set one misled a newcomer trying the demo)."""

    def __init__(self, owner: str, store: str, demo: bool = False) -> None:
        then = (": the demo always uses this store" if demo
                else ", or give this one another [store] path")
        super().__init__(f"Another hdtui (pid {owner}) is using the store {store}. Close it "
                         f"first{then}.", "Store in use")
        self.owner = owner
        self.store = store
        self.demo = demo


class TrackerError(HdtuiError):
    """The known-issue tracker cannot be read or written."""

    def __init__(self, message: str, title: str = "Issue tracker error") -> None:
        super().__init__(message, title)


class TrackerUnreachable(TrackerError):
    """GitLab could not be reached for now (no connection, a timeout, a server error, a
    rate limit): a write is worth trying again later (docs/gitlab-writes.md)."""


class TrackerRefused(TrackerError):
    """GitLab answered and refused (a rejected token, a missing issue, a bad request):
    trying again unchanged does not help."""


def not_set_up(what: str, reason: str, meanwhile: str) -> str:
    """How a section that cannot work is said, the same at start, in the commands and on
    the keys that need it: "SMTP not set up: <reason>; replies are kept as drafts."."""
    return f"{what} not set up: {reason.rstrip('. ')}; {meanwhile}."


SMTP_MEANWHILE = "replies are kept as drafts, nothing is sent"
XMPP_MEANWHILE = "alerts to the teams cannot be sent"
GITLAB_MEANWHILE = ("known issues come from the cached copy, if any; nothing is written "
                    "to GitLab")


class TrackerNotSetUp(TrackerError):
    """The tracker's settings cannot work (its token's variable is not set, its command
    fails): nothing is asked of GitLab this session; matching goes on with the cached
    issues, or none (docs/config.md, "One section wrong")."""

    def __init__(self, message: str, title: str = "GitLab not set up") -> None:
        super().__init__(message, title)


class WriteKept(TrackerError):
    """A GitLab write that could not be made now (GitLab was unreachable) and is kept in
    the local outbox, to be retried by itself (docs/gitlab-writes.md)."""

    def __init__(self, message: str, title: str = "GitLab unreachable") -> None:
        super().__init__(message, title)


class CountStopped(HdtuiError):
    """The app is ending: the count of the queue's facts stopped with the processes that
    made them (``Triage.stop_reading``); what they saved stays saved, the rest is counted
    at the next start (docs/insight.md, "Session 22: the count after a first open, in
    processes of its own")."""

    def __init__(self) -> None:
        super().__init__("The count of the queue stopped: the app is ending.")


class TerminalDriverChanged(HdtuiError):
    """Textual's terminal driver does not handle the signals hdtui guards as the pinned
    version does (hdtui.ui.continue_guard): said at start, rather than run unguarded."""


class FeedError(HdtuiError):
    """A Tails feed (news, advisories, latest version) cannot be fetched or understood."""

    def __init__(self, message: str, title: str = "Release feed error") -> None:
        super().__init__(message, title)


class SendError(HdtuiError):
    """Mail could not be sent."""

    def __init__(self, message: str, title: str = "Sending failed") -> None:
        super().__init__(message, title)


class NotifyError(HdtuiError):
    """An alert could not be delivered."""

    def __init__(self, message: str, title: str = "Alert failed") -> None:
        super().__init__(message, title)


class ReadOnlyError(HdtuiError):
    """A write was asked for during a read-only skim."""

    def __init__(self, message: str, title: str = "Read-only skim") -> None:
        super().__init__(message, title)


class ConflictError(HdtuiError):
    """Another member changed the same message first (for example, claimed it)."""

    def __init__(self, message: str, title: str = "Someone was faster") -> None:
        super().__init__(message, title)


class AnsweredMeanwhile(ConflictError):
    """At send time the server says the report was answered (claimed, replied, forwarded,
    raised) since the member started: nothing was sent, the draft is kept
    (docs/team-mail.md)."""

    def __init__(self, message: str, marks: frozenset[Any],
                 title: str = "Answered meanwhile") -> None:
        super().__init__(message, title)
        self.marks = marks
        """The marks found (hdtui.domain.marks.Mark): accepted, the send may go on."""


class ForeignClaimError(ConflictError):
    """Releasing a claim another member made: the member is asked to confirm first."""

    def __init__(self, key: str, who: str = "another member") -> None:
        super().__init__(
            f"This message is claimed by {who}. Ask them on the Help Desk channel first; "
            "press the claim key again within 5 seconds to release their claim anyway.",
            "Claimed by another member")
        self.key = key
        self.who = who
