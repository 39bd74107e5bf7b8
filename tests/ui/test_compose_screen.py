"""Pilot tests of the compose screen: edit, confirm, send or keep, placeholders, literal text."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from hdtui.domain.compose import DraftKind
from hdtui.domain.text import cells
from hdtui.ui.screens.compose import (
    ComposeOutcome,
    ComposeScreen,
    editor_command,
    split_recipients,
    unfilled,
)
from hdtui.ui.screens.confirm import ConfirmScreen
from tests.support.compose_host import NOT_SET, ComposeHost, reply
from tests.support.pilot import said

SIZE = (100, 36)


def text_of(app: ComposeHost, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def body(app: ComposeHost) -> TextArea:
    return app.screen.query_one("#compose-body", TextArea)


def outcome(app: ComposeHost) -> ComposeOutcome:
    assert isinstance(app.outcome, ComposeOutcome), app.outcome
    return app.outcome


async def type_at_end(pilot: Pilot[object], text: str) -> None:
    area = body(pilot.app)  # type: ignore[arg-type]
    area.focus()
    area.move_cursor(area.document.end)
    await pilot.press(*text)


async def test_edit_confirm_and_send_an_unencrypted_reply() -> None:
    app = ComposeHost(reply())
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ComposeScreen)
        assert app.screen.focused is body(app)  # the body is where one writes
        notice = app.screen.query_one("#compose-encryption", Static)
        assert "UNENCRYPTED" in str(notice.render()) and notice.has_class("-unencrypted")
        await type_at_end(pilot, "Bye")
        await pilot.press("shift+tab")  # back to the subject, as tab order goes
        assert app.screen.focused is app.screen.query_one("#compose-subject", Input)
        await pilot.press("end", *"-again")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        summary = text_of(app, "#confirm-body")
        assert "To: Jane Doe <jane@example.org>" in summary
        assert "Subject: Re: Bug report: 8c1f3e0a-again" in summary
        assert "UNENCRYPTED" in summary and "NOT encrypted" in summary
        # The body as it will leave, not only its envelope.
        assert summary.endswith("Body (as sent):\n  Hello,\n  \n  Thank you for your "
                                "report.\n  Bye"), summary
        assert "Send this reply?" in text_of(app, "#confirm-title")
        await pilot.press("y")
        await pilot.pause()
    sent = outcome(app)
    assert sent.action == "send"
    assert sent.draft.body == "Hello,\n\nThank you for your report.\nBye\n"
    assert sent.draft.subject == "Re: Bug report: 8c1f3e0a-again"
    assert sent.draft.to == ("Jane Doe <jane@example.org>",)
    assert sent.draft.in_reply_to == "<report@example.org>"  # threading kept
    assert sent.draft.kind is DraftKind.REPLY


async def test_the_confirmation_shows_a_long_body_s_first_lines_literally() -> None:
    lines = ["[bold]Dear[/bold] user \x1b[31m,", "x" * 200, *(f"line {n}" for n in range(3, 12))]
    app = ComposeHost(reply("\n".join(lines) + "\n\n"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        summary = text_of(app, "#confirm-body")
        assert "Body (first lines of 11):\n  [bold]Dear[/bold] user \u241b[31m,\n" in summary
        assert f"\n  {'x' * 57}…\n  line 3\n" in summary  # cut, not wrapped
        assert summary.endswith("\n  line 4\n  … 7 more lines"), summary
        dialog, keys = (app.screen.query_one(f"#confirm-{n}") for n in ("dialog", "keys"))
        assert dialog.content_region.contains_region(keys.region)  # y/n still on screen
        shown = [line for line in summary.splitlines() if line.startswith("  ")]
        assert max(map(cells, shown)) <= dialog.content_region.width  # body lines unwrapped
        await pilot.press("n")


async def test_the_header_says_which_reply_and_why_whole_at_80_columns() -> None:
    """The line was cut to one line at 80 columns ("…[en]: the best fit; T…"): it wraps."""
    why = ("Apple hardware (Mac) [en]: the best fit; fits: a Mac (Apple MacBookAir6,2), a "
           "hardware problem (the best match #19114 is a hardware issue) \x1b[31m[bold]x")
    app = ComposeHost(reply(), why=why)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#compose-why", Static)
        assert line.region.height == 2
        shown = " ".join(line.render_line(n).text.strip() for n in range(2))
        assert shown.startswith("Apple hardware (Mac) [en]: the best fit; fits: a Mac")
        assert shown.endswith("(the best match #19114 is a hardware issue) [31m[bold]x")
        assert "…" not in shown
        assert "\x1b" not in text_of(app, "#compose-why")  # mail text stays data
        assert "[bold]" in text_of(app, "#compose-why")
        assert app.screen.query_one("#compose-body").region.height >= 8
    plain = ComposeHost(reply())
    async with plain.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not plain.screen.query("#compose-why")


async def test_no_in_the_confirmation_returns_to_editing_and_escape_keeps() -> None:
    app = ComposeHost(reply())
    async with app.run_test(size=SIZE) as pilot:
        await type_at_end(pilot, "PS")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, ComposeScreen) and app.outcome is NOT_SET
        await pilot.press("ctrl+s", "escape")  # escape answers no as well
        assert isinstance(app.screen, ComposeScreen) and app.outcome is NOT_SET
        app.screen.query_one("#compose-cc", Input).value = 'a@example.org, "Doe, J" <j@x.org>'
        await pilot.press("escape")
        await pilot.pause()
    kept = outcome(app)
    assert kept.action == "keep"
    assert kept.draft.body == "Hello,\n\nThank you for your report.\nPS"  # kept as typed
    assert kept.draft.cc == ("a@example.org", '"Doe, J" <j@x.org>')


async def test_enter_confirms_too() -> None:
    app = ComposeHost(reply())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
    assert outcome(app).action == "send"


async def test_a_placeholder_left_in_the_text_needs_a_second_confirmation() -> None:
    app = ComposeHost(reply("The issue: $issue_url\n"), missing=["issue_url", "version"])
    async with app.run_test(size=SIZE) as pilot:
        flagged = app.screen.query_one("#compose-missing", Static)
        assert flagged.display and "$issue_url is not filled in" in str(flagged.render())
        assert "$version" not in str(flagged.render())  # not in the text: nothing to flag
        await pilot.press("ctrl+s")
        assert "Still not filled in: $issue_url" in text_of(app, "#confirm-body")
        await pilot.press("y")
        assert isinstance(app.screen, ConfirmScreen)  # the second question
        assert "placeholders" in text_of(app, "#confirm-title")
        assert "$issue_url" in text_of(app, "#confirm-body")
        await pilot.press("n")
        assert isinstance(app.screen, ComposeScreen) and app.outcome is NOT_SET
        await pilot.press("ctrl+s", "y", "y")
        await pilot.pause()
    sent = outcome(app)
    assert sent.action == "send" and "$issue_url" in sent.draft.body


async def test_filling_the_placeholder_clears_the_flag_and_the_second_question() -> None:
    app = ComposeHost(reply("The issue: $issue_url\n"), missing=["issue_url"])
    async with app.run_test(size=SIZE) as pilot:
        area = body(app)
        area.focus()
        area.move_cursor((0, len("The issue: ")))
        await pilot.press(*["shift+right"] * len("$issue_url"), *"#42")
        assert area.text == "The issue: #42\n"
        assert not app.screen.query_one("#compose-missing", Static).display
        await pilot.press("ctrl+s")
        assert "Still not filled in" not in text_of(app, "#confirm-body")
        await pilot.press("y")
        await pilot.pause()
    assert outcome(app).action == "send"


async def test_a_kept_drafts_placeholders_are_flagged_only_while_in_the_text() -> None:
    # A reply reopened from the kept drafts carries its unfilled placeholders in the draft
    # itself; the warning follows the text, and nothing else on screen keeps a stale one.
    app = ComposeHost(reply("See $issue_url\n", placeholders=("issue_url",)))
    async with app.run_test(size=SIZE) as pilot:
        assert "$issue_url is not filled in" in text_of(app, "#compose-missing")
        area = body(app)
        area.focus()
        area.move_cursor((0, len("See ")))
        await pilot.press(*["shift+right"] * len("$issue_url"), *"#42")
        await pilot.pause()
        assert not app.screen.query_one("#compose-missing", Static).display
        shown = " ".join(str(w.render()) for w in app.screen.query(Static) if w.display)
        assert "issue_url" not in shown
        await pilot.press("ctrl+s")
        assert "issue_url" not in text_of(app, "#confirm-body")


async def test_markup_from_mail_is_shown_literally() -> None:
    draft = reply("[bold]x[/] and [link=https://e.org]y[/link]\n", subject="[bold]x[/]",
                  notes=("Raised as [red]FT[/red] before",))
    app = ComposeHost(draft, title="[b]Reply[/b]")
    async with app.run_test(size=SIZE) as pilot:
        assert "[b]Reply[/b]" in text_of(app, "#compose-title")
        note = app.screen.query_one(".compose-note", Static)
        assert "Raised as [red]FT[/red] before" in str(note.render())
        assert body(app).text.startswith("[bold]x[/] and [link=https://e.org]y[/link]")
        await pilot.press("ctrl+s")
        summary = text_of(app, "#confirm-body")
        assert "Subject: [bold]x[/]" in summary
        assert "[red]FT[/red]" in summary
        await pilot.press("y")
        await pilot.pause()
    assert outcome(app).draft.subject == "[bold]x[/]"


@pytest.mark.parametrize(("to", "said"), [
    ("not an address", "not a valid mail address"),
    ("jane@example.org, bob@", "'bob@' is not one mail address"),
    ("", "no recipient"),
])
async def test_an_invalid_recipient_blocks_sending(to: str, said: str) -> None:
    app = ComposeHost(reply())
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#compose-to", Input).value = to
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ComposeScreen)  # no confirmation, nothing sent
        error = app.screen.query_one("#compose-error", Static)
        assert error.display and said in str(error.render())
        assert "Cannot send" in str(error.render())
        app.screen.query_one("#compose-to", Input).value = "jane@example.org"
        await pilot.pause()
        assert not error.display  # fixing it clears the message
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
    assert outcome(app).draft.to == ("jane@example.org",)


async def test_an_invalid_cc_blocks_sending_but_escape_keeps_it_as_typed() -> None:
    app = ComposeHost(reply())
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#compose-cc", Input).value = "bob at example"
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ComposeScreen)
        assert "Cc recipient" in text_of(app, "#compose-error")
        await pilot.press("escape")
        await pilot.pause()
    assert outcome(app) == ComposeOutcome("keep", reply(cc=("bob at example",)))


async def test_an_encrypted_reply_says_so() -> None:
    app = ComposeHost(reply(encrypt_to="0123456789ABCDEF0123456789ABCDEF01234567",
                            encrypt_uid="Jane Doe <jane@example.org>",
                            helpdesk_key="1F56EDD30741048035DAC1C5EC57B56EF0C43132"))
    async with app.run_test(size=SIZE) as pilot:
        notice = app.screen.query_one("#compose-encryption", Static)
        assert str(notice.render()).startswith(
            "Encrypted to 89AB CDEF 0123 4567 Jane Doe <jane@example.org> and to the Help "
            "Desk key EC57 B56E F0C4 3132")
        assert not notice.has_class("-unencrypted")
        await pilot.press("ctrl+s")
        summary = text_of(app, "#confirm-body")
        assert "Encrypted: Encrypted to 89AB CDEF 0123 4567" in summary
        assert "UNENCRYPTED" not in summary


async def test_a_user_key_not_in_the_keyring_is_said_plainly() -> None:
    app = ComposeHost(reply(user_key="0xDEADBEEF"))
    async with app.run_test(size=SIZE):
        notice = text_of(app, "#compose-encryption")
        assert "not in the keyring" in notice and "UNENCRYPTED" in notice


async def test_a_forward_shows_its_attachment() -> None:
    draft = reply(kind=DraftKind.FORWARD, to=("Foundations Team <ft@example.org>",),
                  subject="Fwd: Bug report: 8c1f3e0a", attachment=b"x" * 1234,
                  attachment_name="bug-report-8c1f3e0a.eml")
    app = ComposeHost(draft, title="Forward to Foundations Team")
    async with app.run_test(size=SIZE) as pilot:
        line = text_of(app, "#compose-attachment")
        assert "bug-report-8c1f3e0a.eml (1.2 kB), attached intact" in line
        await pilot.press("ctrl+s")
        assert "Send this forward?" in text_of(app, "#confirm-title")
        assert "attached intact" in text_of(app, "#confirm-body")
        await pilot.press("y")
        await pilot.pause()
    assert outcome(app).draft.attachment == b"x" * 1234


async def test_editor_without_a_terminal_says_so_and_keeps_the_body(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "true")
    app = ComposeHost(reply())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        before = body(app).text
        await pilot.press("ctrl+e")  # headless: App.suspend is not supported
        await pilot.pause()
        assert "cannot hand over to an editor" in said(app)
        assert body(app).text == before
        assert isinstance(app.screen, ComposeScreen)


def test_editor_command_order_and_splitting(tmp_path: object) -> None:
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "vi"}) == ["code", "--wait"]
    assert editor_command({"EDITOR": "'my editor' -n"}) == ["my editor", "-n"]
    assert editor_command({"VISUAL": " ", "EDITOR": "ed"}) == ["ed"]
    assert editor_command({"PATH": "/nonexistent"}) is None
    with pytest.raises(ValueError):
        editor_command({"EDITOR": "'unbalanced"})


def test_recipients_split_outside_quotes_and_placeholders_found() -> None:
    assert split_recipients('a@x.org, "Doe, J" <j@x.org>,, ') == ("a@x.org", '"Doe, J" <j@x.org>')
    assert unfilled(["issue_url", "version", "id"], "see ${version} and $issue_url.",
                    "$ids") == ("issue_url", "version")


async def test_at_80x24_the_body_has_ten_lines_and_more() -> None:
    why = "Apple hardware (Mac) [en]: the best fit; fits: a Mac (Apple MacBookAir6,2)"
    app = ComposeHost(reply(), why=why)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        area = body(app)
        assert area.content_region.height >= 10
        # The header, the reason and the encryption line are each one line, with no blank
        # line between them and the body.
        title = app.screen.query_one("#compose-title", Static)
        encryption = app.screen.query_one("#compose-encryption", Static)
        assert area.region.y == encryption.region.bottom
        assert encryption.region.y - title.region.y == 6  # why, From, To, Cc, Subject
