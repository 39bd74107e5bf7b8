"""A forged report in the report pane at 80x24 (walk24, item 2): its 300-character machine
name takes one row, the whole kept in the debug section below, and its "Tails 9.9", a
version no release covers, says so as the counts do ("unknown version")."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from hdtui.domain.mail import Kind
from hdtui.domain.releases import FeedResult, Release, ReleasesKnown, ReleaseState
from hdtui.domain.text import MailText
from hdtui.services.reading import Reader
from hdtui.sources.parse import parse_message
from hdtui.ui.widgets.report_view import (
    DEVICE_CELLS,
    NAME_CELLS,
    ReportView,
    head_content,
    named,
    running_said,
)
from tests.support.pilot import settle


def copy(*versions: str) -> ReleasesKnown:
    """A recent copy of the feed listing ``versions``."""
    return ReleasesKnown(tuple((version, date.min) for version in versions))

LONG_NAME = "A" * 300
REPORT_ID = "9e" * 16


def forged(version: str) -> bytes:
    """A plain WhisperBack-like report naming ``version`` and a 300-character machine."""
    body = (f"Subject: Nothing works\nTails-Version: {version}\n\n"
            "What happened instead?\n----------------------\n\nNothing works.\n\n"
            "======= content of /usr/sbin/dmidecode -s system-manufacturer =======\n"
            "Forged Inc\n\n"
            "======= content of /usr/sbin/dmidecode -s system-product-name =======\n"
            f"{LONG_NAME}\n\n")
    return (f"From: whisperback@tails.net\r\nTo: tails-bugs@boum.org\r\n"
            f"Subject: Bug report: {REPORT_ID}\r\nDate: Mon, 7 Dec 2026 06:00:00 +0000\r\n"
            f"Message-ID: <{version}@example.org>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n").encode() + body.encode()


class ViewApp(App[None]):
    def __init__(self, fetched: float | None = None) -> None:
        super().__init__()
        # Released days before today's, whatever today is: the pane judges versions on
        # today (an old copy allows a step more per 21 days since its newest release).
        today = date.today()
        self.release_result = FeedResult(ReleaseState(releases=tuple(
            Release(MailText(v), (today - timedelta(days=d)).isoformat(), MailText(""))
            for v, d in (("7.7", 27), ("7.6.2", 48)))),
            fetched_at={} if fetched is None else {"news": fetched})

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield ReportView(id="report")


async def shown_head(version: str, fetched: float | None = None) -> list[str]:
    entry = Reader(None, None, ()).understand(parse_message(forged(version), "k1"))  # type: ignore[arg-type]
    assert entry.report is not None
    app: Any = ViewApp(fetched)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ReportView)
        view.show_entry(entry)
        await settle(pilot)
        await app.workers.wait_for_complete()
        text = str(view.query_one("#report-head").render())
        head = view.query_one("#report-head")
        lines = [strip.text.rstrip() for strip in head.render_lines(head.region.reset_offset)]
        assert text
        return lines


async def test_a_forged_machine_name_takes_one_row_and_an_unknown_version_is_said() -> None:
    lines = await shown_head("9.9")
    hardware = [n for n, line in enumerate(lines) if line.startswith("Hardware")]
    assert len(hardware) == 1
    assert lines[hardware[0]].endswith("… (307 characters, whole below)")  # maker too
    # The name goes on in no other row (it took 5).
    assert [line for line in lines if "AAAA" in line] == [lines[hardware[0]]]
    said = " ".join(" ".join(lines).split())
    assert "Tails 9.9 (unknown version: no release is 9.9, the newest is 7.7; counted " \
        "apart, the report may be forged)" in said, said
    # A version a release covers is said as is.
    known = " ".join(" ".join(await shown_head("7.6.2")).split())
    assert "Tails 7.6.2" in known and "unknown version" not in known


def test_names_are_cut_to_a_row_and_versions_marked_only_against_known_releases() -> None:
    assert named("HP 250 G5 Notebook PC") == "HP 250 G5 Notebook PC"
    rest = "… (300 characters, whole below)"
    assert named(LONG_NAME) == "A" * (NAME_CELLS - len(rest)) + rest
    assert len(named(LONG_NAME)) == NAME_CELLS
    lspci = "Realtek Semiconductor Co., Ltd. RTL8723BE PCIe Wireless Network Adapter"
    assert named(lspci, DEVICE_CELLS) == lspci  # two rows at most: the model stays
    assert running_said("9.9", copy()) == ("Tails 9.9", "")  # no feed copy: unknown, not none
    assert running_said("9.9", None) == ("Tails 9.9", "")
    assert running_said("7.5", copy("7.7", "7.6")) == ("Tails 7.5", "")  # older than the newest
    assert running_said("7.7.1", copy("7.7")) == ("Tails 7.7.1", "")
    said, style = running_said("9.9", copy("7.7", "7.6"))
    assert said.startswith("Tails 9.9 (unknown version: ") and style == "yellow"
    # The counts' rule (``beyond_releases``): 7.8 is the next release, counted, and
    # 7.7~rc1 a candidate of one known: neither "may be forged" (rules v81).
    newer = ("Tails 7.8 (newer than the release feed copy)", "")
    assert running_said("7.8", copy("7.7", "7.6.2")) == newer
    assert running_said("8.0", copy("7.7")) == ("Tails 8.0 (newer than the release feed copy)", "")
    assert running_said("7.7~rc1", copy("7.7", "7.6.2")) == ("Tails 7.7~rc1", "")
    assert running_said("8.5", copy("7.7"))[1] == "yellow"


def test_a_stale_feed_copy_judges_in_the_pane_as_in_the_counts() -> None:
    """A copy fetched more than ``FEED_RECENT_DAYS`` ago judges with room for the releases
    that can have come since its newest (``beyond_releases`` with ``today``), as the counts
    do (walkfix25): 9.9 is set apart, 7.9 and 8.1 seven weeks after 7.7 are not. Until
    session 25 the pane was given no release at all with such a copy and marked nothing."""
    from datetime import UTC, datetime, timedelta
    from types import SimpleNamespace
    from typing import cast

    from hdtui.domain.insight.regressions import FEED_RECENT_DAYS, beyond_releases
    from hdtui.ui.screens.releases import known_releases

    now = datetime.now(UTC)
    released = (now - timedelta(days=49)).date()
    listing = ReleaseState((Release(MailText("7.7"), released.isoformat(), MailText("")),))
    for days, recent in ((FEED_RECENT_DAYS + 4, False), (1, True)):
        result = FeedResult(listing, (), {"news": (now - timedelta(days=days)).timestamp()})
        app = cast(App[object], SimpleNamespace(release_result=result))
        known = known_releases(app)
        assert known.releases == (("7.7", released),) and known.recent is recent
        assert known.today == date.today()
        said, style = running_said("9.9", known)
        assert said.startswith("Tails 9.9 (unknown version: ") and style == "yellow"
        for version in ("7.9", "8.1"):  # releases that can have come since, when old
            assert (running_said(version, known)[1] == "yellow") is recent, version
            assert beyond_releases(version, known.releases, recent, known.today) is recent


async def test_the_pane_marks_9_9_with_a_feed_copy_50_days_old() -> None:
    """At 80x24, the version line of a 9.9 report with a copy of the feed 50 days old
    says what the counts say: counted apart."""
    from datetime import UTC, datetime, timedelta

    lines = await shown_head("9.9", fetched=(datetime.now(UTC) - timedelta(days=50)).timestamp())
    said = " ".join(" ".join(lines).split())
    assert "Tails 9.9 (unknown version: no release is 9.9, the newest is 7.7" in said, said


def test_team_mail_says_its_sender_is_told_by_its_from_address_only() -> None:
    """Anyone can write a team's From address (walk27: a forged Foundations Team mail was
    classed team mail, sorted first, and nothing said so): a team mail's head says its
    sender is not verified; a user's mail says nothing of it."""
    def head(sender: str) -> tuple[Kind, str]:
        raw = (f"From: Foundations Team <{sender}>\r\nTo: support@tails.net\r\n"
               "Subject: relay maintenance\r\nDate: Mon, 7 Dec 2026 06:00:00 +0000\r\n\r\n"
               "Please answer the users.\r\n").encode()
        entry = Reader(None, None, ("foundations@tails.net",)).understand(  # type: ignore[arg-type]
            parse_message(raw, sender))
        text = "".join(str(part.value) if hasattr(part, "value") else str(part)
                       for part in head_content(entry).parts)
        return entry.kind, text

    kind, text = head("foundations@tails.net")
    assert kind is Kind.TEAM
    assert "not verified: team mail is told by its From address" in text
    kind, text = head("someone@example.org")
    assert kind is not Kind.TEAM and "not verified" not in text
