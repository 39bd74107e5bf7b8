"""Provides the list-moderation flows (docs/moderation.md): ``discard_held`` (the held
posts tagged, else the one under the cursor, after a preview), ``approve_held`` (asks
first), ``moderate_on_web`` (reject and defer: not possible by mail in Mailman 2.1, so the
list's admin page is shown) and ``held_to_report`` (a held post relevant to triage copied
into the mailbox as user mail)."""

from __future__ import annotations

from textual.content import Content

from hdtui.domain.moderation import NOT_HELD, Action, Confirmation, HeldPost, admin_url
from hdtui.domain.text import cut
from hdtui.errors import HdtuiError
from hdtui.services.moderation import NO_COPY, ModerationReport, Moderator
from hdtui.ui.flows.flow import Flow
from hdtui.ui.safe import literal
from hdtui.ui.screens.confirm import ConfirmScreen
from hdtui.ui.screens.preview import PreviewScreen

SHOWN = 6
"""Held posts listed by name in a bulk discard's preview (it fits 80x24 with its notes)."""


def _moderator(flow: Flow, what: str, in_skim: bool = False) -> Moderator | None:
    """The moderator, or None after saying why not (no actions, a skim, no cursor)."""
    acting = flow.acting(what, in_skim)
    if acting is None:
        return None
    moderator = acting[1].moderator
    if moderator is None:
        flow.warn("List moderation is not set up in this session.", "Not available")
    return moderator


async def _held_here(flow: Flow, what: str, in_skim: bool = False
                     ) -> tuple[Moderator, str, HeldPost] | None:
    """The moderator, the message under the cursor and the post it holds, or None after
    saying why not."""
    moderator = _moderator(flow, what, in_skim)
    row = flow.queue.table.current
    if moderator is None or row is None:
        return None
    try:
        return moderator, row.key, await flow.run(moderator.held, row.key)
    except HdtuiError:
        flow.warn(NOT_HELD, "Not a held post")
        return None


def _targets(flow: Flow) -> list[str]:
    """The tagged messages, else the one under the cursor."""
    tagged = flow.queue.tagged()
    if tagged:
        return tagged
    row = flow.queue.table.current
    return [row.key] if row is not None else []


async def _confirmations(flow: Flow, moderator: Moderator, keys: list[str],
                         action: Action) -> tuple[list[str], list[Confirmation], list[str]]:
    """The notices that can be confirmed (keys and confirmations) and why the others
    cannot (never an exception: each is said)."""
    def check() -> tuple[list[str], list[Confirmation], list[str]]:
        good: list[str] = []
        found: list[Confirmation] = []
        bad: list[str] = []
        for key in keys:
            try:
                found.append(moderator.confirmation(key, action))
                good.append(key)
            except HdtuiError as error:
                bad.append(f"{flow.triage.describe(key)}: {error.message}")
        return good, found, bad

    return await flow.run(check)


def _said(flow: Flow, report: ModerationReport, verb: str, keys: list[str]) -> None:
    # Short enough for two lines at 80 columns, whole (docs/layouts.md, "Notices").
    lines = [f"{verb}: {len(report.sent)} sent to Mailman; its answer shows on each "
             "notice."] if report.sent else []
    if report.kept:
        lines.append(f"{len(report.kept)} kept in the outbox (ctrl+o), not sent: "
                     f"{report.kept[0]}")
    flow.say("\n".join(lines) or "Nothing was sent.", "Held posts",
             (*report.refused, *report.problems))
    for key in keys:  # their new mark (replied) in the queue and the report
        flow.changed(flow.triage.row(key))


def _expiry_notes(found: list[Confirmation], keys: list[str],
                  moderator: Moderator) -> list[str]:
    now = moderator.now()
    notes = []
    for key, confirm in zip(keys, found, strict=True):
        try:
            post = moderator.held(key)
        except HdtuiError:
            continue
        if post.expired(now):
            notes.append(f"{confirm.description}: older than 3 days, Mailman has probably "
                         "forgotten it (its answer will say so).")
    return notes


async def discard_held(flow: Flow) -> None:
    """Discard the tagged held posts (else the one under the cursor) after a preview of
    every confirmation: no password is sent."""
    moderator = _moderator(flow, "discarding held posts")
    if moderator is None:
        return
    keys, found, bad = await _confirmations(flow, moderator, _targets(flow), Action.DISCARD)
    if not found:
        flow.warn("\n".join(bad) if bad else NOT_HELD, "Nothing to discard")
        return
    notes = await flow.run(_expiry_notes, found, keys, moderator)
    addresses = ", ".join(sorted({c.to for c in found}))
    parts: list[Content | str] = [
        literal(f"To {addresses}, Subject \"Re: confirm <cookie>\", empty body: Mailman "
                "discards the post. No password is sent.\n\n")]
    for confirm in found[:SHOWN]:
        parts += [literal(f"• {cut(confirm.description, 54)}"), "\n"]
    if len(found) > SHOWN:
        parts.append(Content.styled(f"… and {len(found) - SHOWN} more\n", "dim"))
    if notes:
        parts.append(literal(f"\n{len(notes)} older than 3 days: Mailman has probably "
                             "forgotten them (its answer will say so).\n", "yellow"))
    strangers = sorted({c.list_address for c in found if not moderator.known(c.list_address)})
    if strangers:
        parts.append(literal(f"Not in [moderation] lists (a notice can be forged): "
                             f"{cut(', '.join(strangers), 80)}\n", "yellow"))
    for line in bad[:2]:
        parts += [literal(cut(line, 110), "yellow"), "\n"]
    if len(bad) > 2:
        parts.append(Content.styled(f"… and {len(bad) - 2} more not discarded\n", "dim"))
    if not await flow.ask(ConfirmScreen(f"Discard {len(found)} held post(s)?",
                                        Content.assemble(*parts))):
        flow.say("Nothing was sent.", "Not discarded")
        return
    report = await flow.run(moderator.send, keys, Action.DISCARD)
    flow.queue.clear_tags(keys)
    _said(flow, report, "discarded", keys)


async def approve_held(flow: Flow) -> None:
    """Approve the held post under the cursor, after asking: the confirmation carries the
    moderator password, read from the password command only now."""
    moderator = _moderator(flow, "approving a held post")
    if moderator is None:
        return
    row = flow.queue.table.current
    if row is None:
        return
    keys, found, bad = await _confirmations(flow, moderator, [row.key], Action.APPROVE)
    if not found:
        flow.warn("\n".join(bad), "Cannot approve")
        return
    (confirm,) = found
    notes = await flow.run(_expiry_notes, found, keys, moderator)
    body = Content.assemble(
        literal(confirm.description, "bold"), "\n\n",
        literal(confirm.preview()), "\n",
        ("The post goes to every subscriber of the list. The moderator password is read "
         "from [moderation] password_command (or password_env) when it is sent, and is "
         "never shown or kept.", "dim"),
        *(literal("\n" + note, "yellow") for note in notes))
    if not await flow.ask(ConfirmScreen("Approve this post to the list?", body)):
        flow.say("Nothing was sent.", "Not approved")
        return
    report = await flow.run(moderator.send, keys, Action.APPROVE)
    _said(flow, report, "approved", keys)


async def moderate_on_web(flow: Flow) -> None:
    """Reject or defer: Mailman 2.1 does neither by mail; show the list's admin page."""
    found = await _held_here(flow, "rejecting or deferring a held post", in_skim=True)
    if found is None:
        return
    moderator, _, post = found
    url = admin_url(post, moderator.settings.web)
    where = url or ("no admin address is known: the notice gives none; set [moderation] "
                    "web to the lists' web address")
    body = Content.assemble(
        ("Reject (with a reason sent to the author) and defer cannot be done by mail: "
         "Mailman 2.1 reads only approve (Approved: with the password) and discard (an "
         "empty reply) from a confirmation. Do it on the list's page for held posts:",
         ""), "\n\n", literal(where, "bold"), "\n\n",
        ("Open it in a browser with the list's moderator password. Discard (D) and "
         "approve (Y) work from here.", "dim"))
    await flow.ask(PreviewScreen(Content.assemble(("Reject or defer: on the web page ", "bold"),
                                                  literal(post.list_address, "bold")), body))


async def held_to_report(flow: Flow) -> None:
    """Copy the held post under the cursor into the mailbox as user mail, so it is
    triaged like a support request (docs/moderation.md); asks first."""
    found = await _held_here(flow, "copying a held post into the queue")
    if found is None:
        return
    moderator, key, post = found
    if not moderator.can_copy:
        flow.warn(NO_COPY, "Not copied")
        return
    body = Content.assemble(
        literal(f"{post.subject} — from {post.sender}", "bold"), "\n\n",
        ("The held post is copied, unchanged, into the mailbox as a new message: it shows "
         "in the queue as the user's mail (its sender, its subject), with a header saying "
         "which list held it. The notice stays: approve or discard it as well.", ""))
    if not await flow.ask(ConfirmScreen("Copy this held post into the queue?", body)):
        return
    where = await flow.run(moderator.to_report, key)
    flow.say(f"Copied into {where}; it shows in the queue at the next refresh.",
             "Held post copied")
