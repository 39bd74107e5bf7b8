"""Walk28's TUI defects (items 3, 7, 9 and 10): the queue a shift-start line opens is named
in the line's words; hot topics come in one order on the shift start, in H and in the
hand-off note; H counts messages apart from reports; a report whose contact field names
one of the Help Desk's own addresses says so, and ``r`` never addresses the Help Desk."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from textual.widgets import OptionList

from hdtui.cli import _app
from hdtui.domain.compose import ComposeError, Draft, DraftKind
from hdtui.domain.insight.clusters import Cluster
from hdtui.domain.insight.facts import UNREAD_KIND
from hdtui.domain.insight.look_order import look_order
from hdtui.domain.insight.regressions import Regression
from hdtui.domain.mail import Kind
from hdtui.domain.regression_name import short_group
from hdtui.ui.app import HdtuiApp
from hdtui.ui.screens.compose import ComposeScreen
from hdtui.ui.screens.hot_topics import HotTopicsScreen, label_of, reports_of
from hdtui.ui.screens.shift_start import ShiftStartScreen
from hdtui.ui.widgets.queue_view import QueueView
from hdtui.wiring import DEMO_FROM, Setup, build
from tests.servers.smtp import SmtpServers
from tests.support.contact_report import config_with_contact, open_the_report
from tests.support.pgp import KeyPair
from tests.support.pilot import said, settle, shown, wait_until

WB = Path(__file__).parent.parent / "data" / "whisperback"


def app_of(setup: Setup) -> HdtuiApp:
    return HdtuiApp(setup.triage, {}, "default", setup.label, actions=setup.actions,
                    insight=setup.insight, releases=setup.releases,
                    autoreply=setup.autoreply, shift_start=True)


def body(app: HdtuiApp) -> str:
    found = app.screen.query("#shift-body")
    return " ".join(str(found.first().render()).split()) if found else ""


def named(text: str, topics: list[str]) -> list[str]:
    """Which of ``topics`` (hot topics' labels) ``text`` names, in its order."""
    places = {t: text.find(short_group(t) if not t.startswith(("#", "C-")) else t)
              for t in topics}
    return sorted((t for t, at in places.items() if at >= 0), key=places.__getitem__)


async def test_the_shift_start_h_and_the_note_agree_and_name_what_they_show(
        demo_setup: Callable[..., Setup]) -> None:
    setup = demo_setup()
    app = app_of(setup)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ShiftStartScreen))
        await wait_until(pilot, lambda: "regression" in body(app) and "counting" not in
                         body(app), timeout=60, what="the hot-topics line counted in full")
        line = body(app).split("[6]", 1)[1].split("Hand-off notes", 1)[0]
        # Item 3: [3] shows the week's arrivals, named as the line names them (not
        # "reports of arrived since your last shift": the demo's start is no later shift,
        # and the 12 include list notices and a support mail).
        arrived = re.search(r"\[3\] \d+ (arrived this week \(the 7 days to [\d-]+\))",
                            body(app))
        assert arrived, body(app)
        await pilot.press("3")
        await settle(pilot)
        queue = app.screen.query_one(QueueView)
        assert queue.only is not None
        status = queue.describe()
        assert arrived.group(1) in status and "reports of" not in status, status
        await pilot.press("escape")
        await settle(pilot)
        # Item 7: H's order is the line's.
        await pilot.press("H")
        hot = await shown(pilot, HotTopicsScreen, "hot topics", timeout=30)
        await wait_until(pilot, lambda: hot.view is not None and not hot.view.partial,
                         timeout=60, what="hot topics counted in full")
        items = hot.items
        assert isinstance(items[0], Regression), items[:3]
        assert isinstance(items[1], Cluster) and items[1].flagged, items[:3]
        topics = [label_of(i) for i in items]
        on_line = named(line, topics)
        assert len(on_line) >= 3, (line, topics)
        assert on_line == [t for t in topics if t in on_line], (line, topics)
        # Item 9: the heading counts messages, reports apart from support mails.
        assert hot.view is not None
        facts = hot.view.facts
        mails = sum(1 for f in facts if f.kind == "support")
        assert mails, "the demo has support mails"
        heading = " ".join(str(hot.query_one("#hot-heading").render()).split())
        unread = sum(1 for f in facts if f.kind == UNREAD_KIND)  # the demo has 2
        assert unread, "the demo has undecryptable reports"
        assert (f"{len(facts)} messages ({len(facts) - mails} reports, {unread} not "
                f"decrypted; {mails} mails)") in heading, heading
        # Item 3 in hot topics: "reports of" a row only when they are all reports.
        view = hot.view
        kinds = [{row.kind for row in map(app.triage.row, reports_of(view, label_of(i)) or ())
                  if row is not None} for i in items]
        pick = next((n for n, found in enumerate(kinds) if found - {Kind.REPORT}), 0)
        hot.query_one("#hot-list", OptionList).highlighted = pick
        await pilot.press("enter")
        await settle(pilot)
        status = app.screen.query_one(QueueView).describe()
        of = "messages of " if kinds[pick] - {Kind.REPORT} else "reports of "
        assert f"{of}{label_of(items[pick])}" in status, (status, kinds[pick])
        await pilot.press("escape")  # back to hot topics
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        if isinstance(app.screen, ShiftStartScreen):
            await pilot.press("escape")
            await settle(pilot)
        # ... and the note's "What to watch" too.
        await pilot.press("E")
        await wait_until(pilot, lambda: bool(app.screen.query("#handoff-text")), timeout=30,
                         what="the hand-off note")
        text = app.screen.query_one("#handoff-text").text  # type: ignore[attr-defined]
        watch = " ".join(text.split("What to watch:\n", 1)[1].split())
        in_note = named(watch, topics)
        assert len(in_note) >= 3, (watch, topics)
        assert in_note == [t for t in topics if t in in_note], (watch, topics)
        assert in_note[:2] == on_line[:2] == [label_of(i) for i in look_order(items)][:2]


async def test_a_report_giving_the_help_desks_own_address_is_never_replied_to_there(
        xdg: Path, tmp_path: Path, test_key: KeyPair, smtpd: SmtpServers) -> None:
    """Item 10: its contact field names ``[queue] helpdesk_addresses`` (in capitals): the
    pane says it is ours, ``r`` opens the reply with To empty and says why, and To typed
    back to ours is refused when sending; nothing leaves."""
    config = config_with_contact(tmp_path, test_key, smtpd,
                                 "Help Desk <HELP-DESK@example.org>")
    setup = build(config, False, False)
    try:
        app = _app(setup, {}, "default", config)
        async with app.run_test(size=(80, 24)) as pilot:
            view = await open_the_report(pilot, app)
            head = " ".join(str(view.query_one("#report-head").render()).split())
            assert "Contact Help Desk <HELP-DESK@example.org> one of the Help Desk's own " \
                "addresses, not the user's" in head, head
            await pilot.press("r")
            compose = await shown(pilot, ComposeScreen, "the reply", timeout=30)
            assert compose.field("to") == ""
            notes = " ".join(str(n.render()) for n in compose.query(".compose-note"))
            assert "HELP-DESK@example.org, is one of the Help Desk's own addresses" in \
                " ".join(notes.split()), notes
            # Typed back: sending refuses it, the draft is kept, nothing is sent.
            compose.query_one("#compose-to").value = "help-desk@example.org"  # type: ignore[attr-defined]
            await pilot.press("ctrl+s")
            await settle(pilot)
            while type(app.screen).__name__ == "ConfirmScreen":  # placeholders, sending
                await pilot.press("y")
                await settle(pilot)
            await wait_until(pilot, lambda: "Not sent: To names help-desk@example.org, one "
                             "of the Help Desk's own addresses" in " ".join((said(app) + " ".join(
                                 str(w.render()) for w in app.screen.query("Static"))).split()),
                             timeout=20, what="the refusal said")
            assert smtpd.handler.received == []
    finally:
        setup.close()


def test_sending_a_reply_to_our_own_address_is_refused(
        demo_setup: Callable[..., Setup]) -> None:
    """The demo sends from ``DEMO_FROM``: a reply typed to it is kept, not sent."""
    setup = demo_setup()
    actions = setup.actions
    assert actions is not None
    draft = Draft(DraftKind.REPLY, ("help-desk@DEMO.invalid",), "Re: hello", "Hello\n")
    try:
        actions.send(draft)
    except ComposeError as error:
        assert "one of the Help Desk's own addresses" in str(error)
    else:
        raise AssertionError("a reply to the Help Desk's own address was sent")
    assert any(d.to == draft.to for d in actions.drafts())  # kept
    assert DEMO_FROM.endswith("<help-desk@demo.invalid>")
