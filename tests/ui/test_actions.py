"""Acting from the keyboard in the demo: link a report to a known issue, see the count,
and the same keys refused in a read-only skim. The demo's tracker is a local file, so
this runs the real services end to end with nothing leaving the machine."""

from __future__ import annotations

from collections.abc import Callable
from email import message_from_string
from email.policy import default
from typing import Any

from textual.pilot import Pilot

from hdtui.config import cache_dir
from hdtui.ui.app import HdtuiApp
from hdtui.ui.flows.issue import NEW_ANYWAY
from hdtui.ui.screens.pick import PickScreen
from hdtui.ui.widgets.issue_list import IssueList
from hdtui.wiring import Setup
from tests.support.demo_ui import WIFI_ID, create_from_form, open_wifi_report, settle
from tests.support.pilot import confirm, wait_until


def app_for(setup: Setup) -> HdtuiApp:
    return HdtuiApp(setup.triage, {}, "default", setup.label, actions=setup.actions)


def notes_file() -> str:
    path = cache_dir() / "demo" / "known_issues-notes.json"
    return path.read_text() if path.exists() else ""


def notifications(app: HdtuiApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_link_key_writes_one_note_and_shows_the_count(
    demo_setup: Callable[..., Setup]
) -> None:
    app = app_for(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        issues = app.screen.query_one(IssueList)
        best = issues.matches[0].issue.iid
        assert best not in issues.linked
        await pilot.press("l")  # which issue, and the note: asked first
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        body = str(app.screen.query_one("#confirm-body").render())
        assert f"#{best}" in body and f"wb://{WIFI_ID}" in body
        await pilot.press("n")
        await settle(pilot)
        assert "Not linked" in notifications(app) and WIFI_ID not in notes_file()
        await confirm(pilot, "l")
        await settle(pilot)
        assert f"Linked to #{best}" in notifications(app)
        assert best in issues.linked and issues.counts[best].total == 1
        assert f"wb://{WIFI_ID}" in notes_file()
        await pilot.press("l")
        await settle(pilot)
        assert f"Already linked to #{best}" in notifications(app)
        assert notes_file().count(f"wb://{WIFI_ID}") == 1


async def test_a_misplaced_link_is_removed_after_asking(
    demo_setup: Callable[..., Setup]
) -> None:
    app = app_for(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert "not linked to any issue" in notifications(app)
        issues = app.screen.query_one(IssueList)
        best = issues.matches[0].issue.iid
        await confirm(pilot, "l")
        await settle(pilot)
        assert f"wb://{WIFI_ID}" in notes_file()
        await pilot.press("u")
        await settle(pilot)
        assert f"Remove the link to #{best}?" in str(
            app.screen.query_one("#confirm-title").render())
        await pilot.press("n")
        await settle(pilot)
        assert f"wb://{WIFI_ID}" in notes_file() and "The link stays" in notifications(app)
        await confirm(pilot, "u")
        await settle(pilot)
        assert f"Link to #{best} removed" in notifications(app)
        assert WIFI_ID not in notes_file()
        assert best not in issues.linked and issues.counts[best].total == 0


async def test_a_skim_refuses_to_link(demo_setup: Callable[..., Setup]) -> None:
    app = app_for(demo_setup(read_only=True))
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert "read-only skim" in notifications(app)
        assert type(app.screen).__name__ != "ConfirmScreen"  # refused before asking
        await pilot.press("u")
        await settle(pilot)
        assert notifications(app).count("read-only skim") == 2
        assert WIFI_ID not in notes_file()


async def send_from_the_editor(pilot: Pilot[None]) -> None:
    """ctrl+s in the compose screen, then yes to every confirmation it asks."""
    app: Any = pilot.app
    assert type(app.screen).__name__ == "ComposeScreen"
    await pilot.press("ctrl+s")
    await settle(pilot)
    while type(app.screen).__name__ == "ConfirmScreen":  # placeholders ask twice
        await pilot.press("y")
        await settle(pilot)


def outbox_files() -> list[str]:
    directory = cache_dir() / "demo" / "outbox"
    return sorted(p.read_text(errors="replace") for p in directory.glob("*.eml")) \
        if directory.exists() else []


def state_of(app: HdtuiApp, report_id: str) -> str:
    table: Any = app.screen.query_one("#queue")
    return str(next(r.state for r in table.rows
                    if r.report_id == report_id and r.kind.value == "report"))


async def test_forward_goes_through_the_form_the_editor_and_a_confirmation(
    demo_setup: Callable[..., Setup]
) -> None:
    app = app_for(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert type(app.screen).__name__ == "ForwardFormScreen"
        await pilot.press("enter")  # the first team, then the importance
        await pilot.press(*"high")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await send_from_the_editor(pilot)
        assert "demo: NOT sent" in notifications(app)
        (sent,) = outbox_files()
        assert sent.startswith("X-Hdtui-Demo: not sent")
        message = message_from_string(sent, policy=default)
        assert message["To"] == "Foundations Team <foundations@tails.net>"
        text = message.get_body(("plain",))
        assert text is not None and "Importance:  high" in text.get_content()
        (original,) = message.iter_attachments()
        assert original.get_content_type() == "message/rfc822"
        assert state_of(app, WIFI_ID) == "forwarded", notifications(app)


async def test_outcome_and_reproduce_checklist(demo_setup: Callable[..., Setup]) -> None:
    from hdtui.ui.widgets.shift_bar import ShiftBar

    app = app_for(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("R")
        await settle(pilot)
        await pilot.press("1", "2", "3", "s", "escape")
        await settle(pilot)
        # The countdown names the report it is for (its short ID).
        assert "reproducing 665bce74:" in str(app.screen.query_one(ShiftBar).render())
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("3")  # stop answering: low priority
        await settle(pilot)
        assert state_of(app, WIFI_ID) == "no-reply"
        assert "low priority" in notifications(app)


async def test_a_skim_opens_no_form_and_sends_nothing(demo_setup: Callable[..., Setup]) -> None:
    app = app_for(demo_setup(read_only=True))
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        for key in ("r", "f", "F", "R", "x"):
            await pilot.press(key)
            await settle(pilot)
            assert type(app.screen).__name__ == "InboxScreen", key
        assert notifications(app).count("read-only skim") >= 5
        # A skim still reports new problems back: the issue form and the alert open. The
        # Wi-Fi report confidently matches a known issue: that is said first (linking it is
        # refused in a skim, a new issue is not).
        await pilot.press("I")
        await settle(pilot)
        assert type(app.screen).__name__ == "PickScreen"
        assert app.screen.options == [NEW_ANYWAY]  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "IssueFormScreen"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert type(app.screen).__name__ == "PickScreen"
        await pilot.press("escape")
        await settle(pilot)
        assert outbox_files() == []


async def test_issue_from_two_tagged_reports(demo_setup: Callable[..., Setup]) -> None:
    app = app_for(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        table: Any = app.screen.query_one("#queue")
        reports = [n for n, r in enumerate(table.rows) if r.kind.value == "report"][:2]
        ids = [table.rows[n].report_id for n in reports]
        for n in reports:
            table.move_cursor(row=n)
            await pilot.press("t")
        await settle(pilot)
        await pilot.press("I")
        await settle(pilot)
        await create_from_form(pilot)
        notes = notes_file()
        assert all(f"wb://{i}" in notes for i in ids)


async def test_reply_and_ft_from_the_keyboard(demo_setup: Callable[..., Setup]) -> None:
    app = app_for(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("r")
        await settle(pilot)
        await send_from_the_editor(pilot)
        await pilot.press("F")
        await settle(pilot)
        await send_from_the_editor(pilot)
        sent = [message_from_string(m, policy=default) for m in outbox_files()]
        reply = next(m for m in sent if "[FT]" not in str(m["Subject"]))
        ft = next(m for m in sent if "[FT]" in str(m["Subject"]))
        assert "devnull" not in str(reply["To"]) and reply["In-Reply-To"]
        assert str(ft["Subject"]) == f"Re: [FT] Bug report: {WIFI_ID}"
        assert state_of(app, WIFI_ID) in ("escalated", "replied")


def compose_text(app: HdtuiApp) -> tuple[str, str]:
    """The compose screen's "which reply and why" line and its body."""
    from textual.widgets import Static

    from hdtui.ui.screens.compose import ComposeScreen

    screen = app.screen
    assert isinstance(screen, ComposeScreen)
    return str(screen.query_one("#compose-why", Static).render()), screen.body_text


async def test_r_takes_the_best_fit_wherever_the_replies_cursor_is(
    demo_setup: Callable[..., Setup]
) -> None:
    from hdtui.ui.widgets.reply_list import ReplyList

    app = app_for(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        replies = app.screen.query_one(ReplyList)
        best = replies.choices[0]
        assert best.template.source == "issue #19113"  # the confident match's Standard reply
        await pilot.press("4", "down", "down")  # the cursor of the replies pane moves away
        assert replies.highlighted == 2
        await pilot.press("r")
        await settle(pilot)
        why, body = compose_text(app)
        assert why.startswith(f"{best.template.title} [en]: the best fit; {best.reason}")
        assert "rtl8723be.ant_sel=2" in body  # the issue's Standard reply, filled in


async def test_r_asks_to_choose_when_no_reply_fits(demo_setup: Callable[..., Setup]) -> None:
    from hdtui.domain.mail import Kind
    from hdtui.ui.widgets.reply_list import ReplyList

    app = app_for(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        table: Any = app.screen.query_one("#queue")
        table.move_cursor(row=next(i for i, e in enumerate(table.rows)
                                   if e.kind is Kind.LIST_ADMIN))
        await settle(pilot)
        replies = app.screen.query_one(ReplyList)
        assert replies.choices and replies.best is None  # a list's mail: nothing fits
        await pilot.press("r")
        await settle(pilot)
        assert type(app.screen).__name__ == "InboxScreen"  # no draft was opened
        assert app.screen.focused is replies
        assert "Choose one here: enter previews it, r there replies with it" in \
            notifications(app)


async def test_a_reply_chosen_in_the_pane_is_composed_from_its_preview(
    demo_setup: Callable[..., Setup]
) -> None:
    from hdtui.ui.screens.preview import PreviewScreen
    from hdtui.ui.widgets.reply_list import ReplyList

    app = app_for(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        replies = app.screen.query_one(ReplyList)
        await pilot.press("4", "down", "down", "enter")
        await settle(pilot)
        chosen = replies.choices[2]
        assert chosen.template.slug != replies.choices[0].template.slug
        assert isinstance(app.screen, PreviewScreen)
        await pilot.press("r")
        await settle(pilot)
        why, body = compose_text(app)
        assert why.startswith(f"{chosen.template.title} [{chosen.template.language}]: "
                              "chosen in the replies list; ")
        first_line = chosen.template.body.splitlines()[2]  # after the greeting
        assert first_line in body


async def test_r_on_an_anonymous_report_says_so_and_offers_what_can_be_done(
    demo_setup: Callable[..., Setup]
) -> None:
    from hdtui.ui.screens.pick import PickScreen

    app = app_for(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        table: Any = app.screen.query_one("#queue")
        anonymous = "61345fccdb36c31cb4cb70b3963078a8"  # "internet does not work", no From:
        table.move_cursor(row=next(i for i, e in enumerate(table.rows)
                                   if e.report_id == anonymous))
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PickScreen)
        assert screen.title_text == "No one to reply to"
        assert "gave no contact address" in screen.preview
        [link] = [o for o in screen.options if o.startswith("Link it to #")]
        issues: Any = app.screen_stack[-2].query_one(IssueList)
        # A sure match is offered as such; a best guess says to read it first.
        assert ("not a sure one" in link) == (not issues.current.confident)
        assert "Forward it to a team (f)" in screen.options
        await pilot.press("enter")  # the first offer: link (which issue: asked)
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("y")
        await settle(pilot)
        assert "Linked to #" in notifications(app)
        assert f"wb://{anonymous}" in notes_file()
        assert outbox_files() == []  # nothing was written to anyone


async def test_alert_a_team_after_a_preview(demo_setup: Callable[..., Setup]) -> None:
    setup = demo_setup()
    app = app_for(setup)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("A")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PickScreen)
        assert screen.title_text.endswith("(demo: it will NOT be sent)")
        await pilot.press("enter")
        await settle(pilot)
        log = (cache_dir() / "demo" / "alerts.log").read_text()
        best = app.screen.query_one(IssueList).matches[0].issue
        assert f"#{best.iid}" in log and "foundations@conference.demo.invalid" in log
        said = notifications(app)
        assert "Alert to Foundations Team (demo: NOT sent, see ctrl+o)" in said
        assert "Alert sent to" not in said
        # Asking a team is an act of the report on screen (docs/followups.md).
        assert setup.actions is not None and setup.actions.shift is not None
        (act,) = setup.actions.shift.this_shift()
        assert act.did == f"alerted Foundations Team about #{best.iid}"
        assert act.report_id == WIFI_ID


async def error_on_reply(setup: Setup, from_address: str) -> tuple[str, str]:
    """Press r on the demo's Wi-Fi report with this sending address; the error dialog's
    title and message (the dialog must open)."""
    from hdtui.ui.screens.error import ErrorModal

    assert setup.actions is not None
    setup.actions.from_address = from_address
    app = app_for(setup)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ErrorModal)
        return screen.error_title, screen.message


async def test_reply_without_a_sending_address_says_which_key_in_which_file(
    demo_setup: Callable[..., Setup]
) -> None:
    setup = demo_setup()
    assert setup.actions is not None
    setup.actions.config_file = "/home/member/.config/hdtui/config.toml"
    title, message = await error_on_reply(setup, "")
    assert title == "No sending address"
    assert ("set from_address in the [smtp] section of "
            "/home/member/.config/hdtui/config.toml") in message
    assert outbox_files() == []


async def test_a_draft_that_cannot_be_built_is_shown_not_dropped(
    demo_setup: Callable[..., Setup]
) -> None:
    """ComposeError (here: the sending address is not an address) used to vanish in the
    worker: the key seemed to do nothing."""
    title, message = await error_on_reply(demo_setup(), "not an address")
    assert title == "Cannot write this message"
    assert "sending address" in message


async def test_a_new_issue_for_a_known_problem_offers_to_link_instead(
    demo_setup: Callable[..., Setup]
) -> None:
    """I on a report that confidently matches a known issue says so first; linking it
    writes the note a link writes, and no issue is created."""
    from hdtui.ui.screens.pick import PickScreen

    app = app_for(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        best = app.screen.query_one(IssueList).matches[0].issue
        await pilot.press("I")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PickScreen)
        assert screen.title_text == f"1 of 1 report(s) confidently match {best.ref}"
        assert screen.options == [f"Link it to {best.ref} instead", NEW_ANYWAY]
        # Down past the last option stays there (it wrapped back to the link).
        await pilot.press("down", "down")
        assert screen.query_one("#pick-options").highlighted == 1  # type: ignore[attr-defined]
        await pilot.press("up", "up")
        assert screen.query_one("#pick-options").highlighted == 0  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        # A write others see is previewed first, the report ID whole (second walk).
        assert type(app.screen).__name__ == "ConfirmScreen"
        body = " ".join(str(app.screen.query_one("#confirm-body").render()).split())
        assert f"wb://{WIFI_ID}" in body and best.ref in body
        await pilot.press("n")
        await settle(pilot)
        assert "Not linked" in notifications(app) and WIFI_ID not in notes_file()
        issues = app.screen.query_one(IssueList)
        assert best.iid not in issues.linked
        await pilot.press("I")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert type(app.screen).__name__ == "InboxScreen"
        assert f"1 report linked to {best.ref}" in notifications(app)
        assert f"wb://{WIFI_ID}" in notes_file() and "Created #" not in notifications(app)
        # The pane says so at once, not once the report is opened again.
        await wait_until(pilot, lambda: best.iid in issues.linked, timeout=10,
                         what="the pane's link")
        assert issues.counts[best.iid].total == 1


async def test_f_reopens_the_kept_forward_instead_of_a_new_one(
    demo_setup: Callable[..., Setup]
) -> None:
    app = app_for(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("enter")  # the first team, then the importance
        await pilot.press(*"high")
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen: Any = app.screen
        screen.query_one("#compose-body").insert("\nMy own words, kept.\n", (0, 0))
        await pilot.press("escape")  # closed: the draft is kept
        await settle(pilot)
        assert "Draft kept" in notifications(app)
        await pilot.press("f")  # no form: the kept forward, with the words written
        await settle(pilot)
        why, body = compose_text(app)
        assert "The forward kept for this message, opened again" in why
        assert "My own words, kept." in body
