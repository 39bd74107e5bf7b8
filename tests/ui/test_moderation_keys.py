"""List moderation keys in the demo (docs/moderation.md): a held post reads as a moderation
item; D previews before discarding (tagged notices in one step), Y asks before approving,
W says why reject and defer are on the web page, a read-only skim refuses with the reason;
what would leave goes to the demo's outbox."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hdtui.domain.mail import HELD_PREFIX, Kind
from hdtui.domain.marks import Mark
from hdtui.domain.moderation import NOT_HELD
from hdtui.ui.screens.confirm import ConfirmScreen
from hdtui.ui.screens.preview import PreviewScreen
from hdtui.ui.widgets.report_view import ReportView
from hdtui.wiring import Setup
from tests.support.demo_ui import demo_app, settle
from tests.support.pilot import said, said_each, wait_until

SPAM = "Best VPN deals 2026"
REAL = "Building Tails on Apple silicon?"


async def cursor_on(pilot: Any, words: str) -> None:
    """Put the cursor on the held post whose line has ``words``, and wait for it."""
    await settle(pilot)
    table: Any = pilot.app.screen.query_one("#queue")
    table.move_cursor(row=next(i for i, r in enumerate(table.rows)
                               if r.kind is Kind.LIST_ADMIN and words in r.summary))
    await settle(pilot)


async def question(pilot: Any, *keys: str) -> ConfirmScreen:
    await pilot.press(*keys)
    # Laid out, not only mounted: under load the answer keys' region was still empty when
    # a test read it (a clean-clone CI run of session 18).
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen)
                     and bool(keys := pilot.app.screen.query("#confirm-keys"))
                     and keys.first().region.height > 0, what="the question, laid out")
    screen = pilot.app.screen
    assert isinstance(screen, ConfirmScreen)
    return screen


def sent(setup: Setup) -> list[Any]:
    assert setup.actions is not None and setup.actions.demo_log is not None
    return [i for i in setup.actions.demo_log() if i.kind == "mail"]


async def test_a_held_post_reads_as_a_moderation_item(
        demo_setup: Callable[..., Setup]) -> None:
    app = demo_app(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        await cursor_on(pilot, REAL)
        table: Any = app.screen.query_one("#queue")
        row = table.current
        assert row.summary.startswith(HELD_PREFIX + "tails-dev: " + REAL)
        await pilot.press("enter")  # the pager at 80 columns
        await settle(pilot)
        shown = str(app.screen.query_one("#report-head").render()) + \
            str(app.screen.query_one("#report-body").render())
        for words in ("Held on", "tails-dev@boum.org", "Sender", "someone@example.com",
                      "Reason", "Post by non-member to a members-only list", "Age",
                      "expired", "Status", "The held post:", "Apple silicon"):
            assert words in shown, words
        view = app.screen.query_one(ReportView)
        assert view.moderation.startswith("expired")


async def test_the_demos_held_spam_waits_as_of_its_newest_message(
        demo_setup: Callable[..., Setup]) -> None:
    """The demo is fixed in time: age and expiry count from its newest message (the
    report of 2026-11-26 08:08), not from today, so the spam held the day before waits."""
    app = demo_app(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        await cursor_on(pilot, SPAM)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ReportView)
        await wait_until(pilot, lambda: view.moderation != "", what="the status")
        shown = str(app.screen.query_one("#report-head").render())
        assert "10 h ago; expires 2026-11-28 21:40 UTC" in shown
        assert view.moderation == "held, waiting for a moderator"


async def test_d_previews_then_discards_the_tagged_held_posts_in_one_step(
        demo_setup: Callable[..., Setup]) -> None:
    setup = demo_setup()
    app = demo_app(setup)
    async with app.run_test(size=(80, 24)) as pilot:  # the home size: it all fits
        for words in (SPAM, REAL):
            await cursor_on(pilot, words)
            await pilot.press("t")
        screen = await question(pilot, "D")
        assert screen.confirm_title == "Discard 2 held post(s)?"
        body = str(screen.body)
        assert "To tails-dev-request@boum.org, Subject \"Re: confirm <cookie>\", empty " \
            "body" in body and "No password is sent" in body
        assert body.count("• tails-dev: ") == 2 and SPAM in body and REAL[:30] in body
        assert "1 older than 3 days" in body  # as of the demo's newest message
        keys = screen.query_one("#confirm-keys").region
        assert keys.height == 1 and keys.bottom <= 24  # the answer keys are on screen
        await pilot.press("n")
        await settle(pilot)
        assert sent(setup) == [] and "Nothing was sent." in said(app)
        await question(pilot, "D")
        await pilot.press("y")
        await settle(pilot)
        mails = sent(setup)
        assert [m.to for m in mails] == ["tails-dev-request@boum.org"] * 2
        assert all(m.title.startswith("Re: confirm ") and m.text.strip() == ""
                   for m in mails)
        assert "discarded: 2 sent to Mailman" in said(app)
        table: Any = app.screen.query_one("#queue")
        assert table.tagged == set()  # done with: untagged
        held = [r for r in table.rows if r.summary.startswith(HELD_PREFIX)]
        assert [Mark.REPLIED in r.marks for r in held] == [True, True]


async def test_y_asks_before_approving_and_w_explains_the_web_page(
        demo_setup: Callable[..., Setup]) -> None:
    setup = demo_setup()
    app = demo_app(setup)
    async with app.run_test(size=(80, 24)) as pilot:
        await cursor_on(pilot, REAL)
        screen = await question(pilot, "Y")
        assert screen.confirm_title == "Approve this post to the list?"
        assert "never shown or kept" in str(screen.body)
        assert screen.query_one("#confirm-keys").region.bottom <= 24
        await pilot.press("n")
        await settle(pilot)
        assert sent(setup) == []
        await question(pilot, "Y")
        await pilot.press("y")
        await settle(pilot)
        (mail,) = sent(setup)
        assert mail.text.startswith("Approved: ")  # the demo's stand-in password
        await pilot.press("W")
        await wait_until(pilot, lambda: isinstance(app.screen, PreviewScreen)
                         and bool(app.screen.query("#preview-body")), what="the web page")
        shown = str(app.screen.query_one("#preview-body").render())
        assert "cannot be done by mail" in shown
        assert "https://lists.example.org/mailman/admindb/tails-dev" in shown


async def test_a_skim_refuses_moderation_with_the_reason(
        demo_setup: Callable[..., Setup]) -> None:
    setup = demo_setup(read_only=True)
    app = demo_app(setup)
    async with app.run_test(size=(160, 45)) as pilot:
        await cursor_on(pilot, SPAM)
        for key in ("D", "Y", "P"):
            await pilot.press(key)
            await settle(pilot)
            assert not isinstance(app.screen, ConfirmScreen)
        assert said(app).count("read-only skim") >= 3
        assert sent(setup) == []


async def test_t_says_why_the_demo_cannot_copy_a_held_post(
        demo_setup: Callable[..., Setup]) -> None:
    app = demo_app(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await cursor_on(pilot, REAL)
        await pilot.press("P")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert "needs an IMAP mailbox" in said(app)


async def test_d_y_w_p_on_user_mail_say_the_same_words(
        demo_setup: Callable[..., Setup]) -> None:
    """Each moderation key on a message that is no held-post notice says why in the same
    words (D and Y said "(kind:moderation lists them)", W and P "(/ kind:moderation ...)")."""
    app = demo_app(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table: Any = app.screen.query_one("#queue")
        table.move_cursor(row=next(i for i, r in enumerate(table.rows)
                                   if r.kind is not Kind.LIST_ADMIN))
        await settle(pilot)
        for key in ("D", "Y", "W", "P"):
            before = len(said_each(app))
            await pilot.press(key)
            await settle(pilot)
            toasts = [str(n.message) for n in said_each(app)[before:]]
            assert len(toasts) == 1 and toasts[0].endswith(NOT_HELD), (key, toasts)
            assert not isinstance(app.screen, ConfirmScreen | PreviewScreen), key


def test_digests_and_answers_say_what_they_are() -> None:
    from hdtui.config import DEFAULT_TEAM_ADDRESSES
    from hdtui.domain.queue import Entry, classify
    from hdtui.sources.parse import parse_message
    from hdtui.ui.widgets.report_view import moderation_head
    from tests.support import mailman

    def head(raw: bytes) -> str:
        message = parse_message(raw, "k").message
        parts = moderation_head(Entry(message, classify(message, DEFAULT_TEAM_ADDRESSES)))
        return " ".join(f"{p.label} {p.value}" for p in parts)  # type: ignore[union-attr]

    assert "Digest 4 request(s) waiting on Tails-dev: counts only" in head(
        mailman.digest("tails-dev", 4))
    code = mailman.cookie()
    original = f"From: a@b.c\nSubject: Re: confirm {code}\n\n".encode()
    assert f"Mailman discarded (confirm {code})" in head(
        mailman.results(original, mailman.SUCCEEDED))
    assert f"Mailman expired or already handled (confirm {code})" in head(
        mailman.results(original, mailman.INVALID))
    assert head(b"From: x@y.z\nSubject: hello\n\nhi\n") == ""
