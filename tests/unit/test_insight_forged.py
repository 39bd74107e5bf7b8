"""Numbers forged or inflated reports cannot bend (rules v73; docs/insight.md, "Session
23: numbers forged reports cannot bend"): anyone can mail the Help Desk, encrypted or
not, so a few reports must never make a release, hide a regression or inflate a count."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hdtui.domain.insight.counted import counted
from hdtui.domain.insight.facts import (
    DISPUTED_KIND,
    PLAIN_KIND,
    SHOWN_NAME,
    ReportFacts,
    report_facts,
)
from hdtui.domain.insight.overview import overview, plausible_versions, releases_seen
from hdtui.domain.insight.per_issue import issue_stats
from hdtui.domain.insight.regressions import regressions
from hdtui.domain.links import IssueLink
from hdtui.domain.mail import Kind
from hdtui.domain.message import Message
from hdtui.domain.queue import WHISPERBACK_SENDER, DecryptState, Entry
from hdtui.domain.report import parse_report
from hdtui.domain.text import MailText
from tests.unit.test_insight import fact as insight_fact

TODAY = date(2026, 12, 7)


def fact(n: int, days_ago: int, **kw: object) -> ReportFacts:
    """``test_insight.fact`` counted back from this file's day, on 7.7 unless told."""
    made = insight_fact(n, 0, **{"version": "7.7", **kw})
    return replace(made, received=kw.get("received", TODAY - timedelta(days=days_ago)))


def test_three_reports_of_a_far_version_date_no_release_from_the_reports() -> None:
    real = [fact(i, 20 - i % 15, version="7.7") for i in range(30)]
    older = [fact(100 + i, 40 + i, version="7.6.2") for i in range(10)]
    forged = [fact(200 + i, 0, version="9.9") for i in range(3)]
    dated = dict(releases_seen(real + older + forged))
    assert set(dated) == {"7.6.2", "7.7"}
    # Even many of them: 9.9 is no step from 7.7.
    many = [fact(300 + i, 0, version="9.9") for i in range(12)]
    assert "9.9" not in dict(releases_seen(real + older + many))
    # Few reports of a plausible next version do not date it either: more than a few must.
    few = [fact(400 + i, 0, version="7.8") for i in range(3)]
    assert "7.8" not in dict(releases_seen(real + few))
    enough = [fact(500 + i, i, version="7.8") for i in range(4)]
    assert "7.8" in dict(releases_seen(real + enough))


def test_plausible_versions_are_those_up_to_the_most_run_and_one_step_beyond() -> None:
    counts = {"7.6.2": 12, "7.7": 9, "7.8": 2, "8.0": 1, "9.9": 3, "7.5": 1, "x": 4}
    assert plausible_versions(counts) == {"7.5", "7.6.2", "7.7", "7.8", "8.0"}
    assert plausible_versions({"7.7": 5, "9.9": 3, "10.0": 2}) == {"7.7"}
    assert plausible_versions({}) == set()


def test_forged_reports_with_a_far_version_keep_the_real_regressions_in_overview() -> None:
    """The walk: three forged reports of "9.9" replaced every regression on 7.7 by "3
    reports on 9.9 in 1 days" when releases were dated from the reports."""
    before = [fact(i, 30 + i % 20, version="7.6.2", gpus=("8086:1616",)) for i in range(20)]
    after = [fact(100 + i, i, version="7.7", gpus=("8086:1616",)) for i in range(14)]
    planted = [fact(200 + i, i, version="7.7", gpus=("8086:a7a0",)) for i in range(6)]
    forged = [fact(300 + i, 0, version="9.9", product="X" * 300) for i in range(3)]
    view = overview(before + after + planted + forged, [], TODAY)
    assert view.releases[-1][0] == "7.7"
    assert [(r.group, r.version) for r in view.regressions] == [("GPU 8086:a7a0", "7.7")]


def test_a_long_machine_name_is_shortened_in_a_regressions_name() -> None:
    name = "Forged " + "very long machine name " * 13
    history = [fact(100 + i, 10 + i, version="7.6.2", gpus=("8086:1616",)) for i in range(10)]
    new = [fact(i, i, version="7.7", product=name) for i in range(4)]
    [found] = regressions(history + new, [("7.7", TODAY - timedelta(days=6))], TODAY)
    assert found.group.startswith("machine Forged very long")
    assert len(found.group) <= len("machine ") + SHOWN_NAME and found.group.endswith("…")
    assert len(found.explanation) < 160


def test_reports_on_earlier_versions_since_the_release_count_as_earlier() -> None:
    """The walk: "13 reports on 7.7 in 28 days, 0 on earlier versions" though 3 reports
    of the same chip came on 7.6.2 after 7.7's release (users who had not upgraded)."""
    chip = ("10ec:b723",)
    others = [fact(i, 30 + i, version="7.6.2", network=("8086:2723",)) for i in range(20)]
    new = [fact(100 + i, i, version="7.7", network=chip) for i in range(13)]
    late = [fact(200 + i, 15 + i, version="7.6.2", network=chip) for i in range(3)]
    found = regressions(others + new + late, [("7.7", TODAY - timedelta(days=27))], TODAY)
    [row] = [r for r in found if "10ec:b723" in r.group]
    assert row.count_before == 3
    assert "3 on earlier versions in the 4 weeks before and since" in row.explanation


def _entry(n: int, disputed: bool = False, decrypt: str = "plain") -> Entry:
    body = ("Subject: Tor does not start\nTails-Version: 7.7\n\nWhat happened instead?\n"
            "----------------------\n\nTor does not start\n")
    report_id = "a" * 32
    message = Message(key=f"k{n}", subject=MailText(f"Bug report: {report_id}"),
                      sender_address=MailText(WHISPERBACK_SENDER),
                      date=datetime(2026, 12, 6, tzinfo=UTC),
                      encrypted=decrypt != "plain", size=len(body))
    return Entry(message, Kind.REPORT, parse_report(body, report_id), DecryptState(decrypt),
                 id_disputed=disputed)


def test_a_plain_copy_of_an_encrypted_reports_id_is_counted_as_no_report() -> None:
    """The walk: a forged plain copy of an encrypted report's ID was counted and linked as
    a report of its own (``mail:…`` under #19113's likely) while its pane said it was not
    counted as that report. Its facts are of a disputed report: counted as none."""
    real = report_facts(_entry(1, decrypt="decrypted"), likely=(19113,))
    forged = report_facts(_entry(2, disputed=True), likely=(19113,))
    assert real.kind == "report" and forged.kind == DISPUTED_KIND
    assert forged.reference.startswith("mail:")
    assert counted([real, forged]) == [real]
    view = overview([real, forged], [], TODAY)
    assert [f.key for f in view.stats[19113].likely] == ["k1"]
    assert view.stats[19113].label == "0 linked, 1 likely, 1 this week"


def test_an_encrypted_report_is_counted_rather_than_an_earlier_plain_one_of_its_id() -> None:
    """Facts made without knowing the encrypted twin (a count in another process, facts
    saved before it came): the plain one, though earlier, is not the one counted."""
    plain = replace(fact(1, 3, likely=(7,)), key="plain", kind=PLAIN_KIND)
    real = replace(fact(1, 1, likely=(7,)), key="real", kind="report")
    assert [f.key for f in counted([plain, real])] == ["real"]
    assert [f.key for f in counted([real, plain])] == ["real"]
    # Two plain (or two encrypted) copies: the earliest, as before.
    assert [f.key for f in counted([replace(real, kind=PLAIN_KIND), plain])] == ["plain"]


WORDS = frozenset({"usb", "stick", "boot", "freeze", "black", "screen", "logo"})


def test_resends_of_one_text_from_one_machine_are_one_user() -> None:
    """The walk: three encrypted resends of byte-identical text with new IDs took #20402
    from 5 to 8. A member counts users: the same words from the same machine within
    ``SAME_USER_DAYS`` are one, and the label says how many reports that was."""
    users = [fact(i, i, likely=(20402,), product=f"M{i}", words=WORDS) for i in range(5)]
    resends = [fact(10 + i, 0, likely=(20402,), product="M0", words=WORDS) for i in range(3)]
    stats = issue_stats(users + resends, [], TODAY)[20402]
    assert len(stats.likely) == 5 and len(stats.resent) == 3
    assert stats.label == "0 linked, 5 likely, 5 this week (8 reports, 5 users)"
    # Weeks apart, the same text from the same machine is the user writing again.
    later = [replace(r, received=TODAY - timedelta(days=20)) for r in resends[:1]]
    assert len(issue_stats(users + later, [], TODAY)[20402].likely) == 6
    # Few words are said alike by many users of one model: not one user.
    short = [replace(f, words=frozenset({"usb", "boot"}), product="M0") for f in users]
    assert len(issue_stats(short, [], TODAY)[20402].likely) == 5
    # A resend of a linked report is that user's too.
    links = [IssueLink(20402, users[0].reference, TODAY)]
    assert len(issue_stats(users + resends, links, TODAY)[20402].resent) == 3


def test_unencrypted_reports_are_told_apart_where_encrypted_ones_come_too() -> None:
    """The walk: five plain reports with new IDs took #13576 from 1 to 6 this week and
    made a regression. Anyone can send a plain report: the count says how many are."""
    real = fact(1, 1, likely=(13576,))
    plain = [fact(10 + i, i, likely=(13576,), product=f"Mac{i}", version="7.7",
                  devices=("usb:0781:5591",), kind=PLAIN_KIND) for i in range(5)]
    stats = issue_stats([real, *plain], [], TODAY)[13576]
    assert stats.label == "0 linked, 6 likely, 6 this week (5 of them unencrypted)"
    # A mailbox of plain reports only (the benchmarks') says nothing of it.
    assert issue_stats(plain, [], TODAY)[13576].label == "0 linked, 5 likely, 5 this week"
    before = [fact(100 + i, 10 + i, version="7.6.2", gpus=("8086:1616",)) for i in range(20)]
    found = regressions([*before, *plain], [("7.7", TODAY - timedelta(days=6))], TODAY)
    [rose] = found  # the five under #13576 (their USB stick named in it)
    assert set(rose.reports) == {f.key for f in plain} and rose.mostly_unencrypted
    assert rose.explanation.endswith("(5 of them unencrypted)")


def test_links_that_outnumber_the_mail_say_where_they_come_from() -> None:
    """The walk: one note with 20 made-up IDs gave "#13576 26 this week · 20 linked"."""
    here = [fact(1, 1, likely=(13576,))]
    made_up = [IssueLink(13576, f"wb://{0xbeef00 + n:032x}", TODAY - timedelta(days=1))
               for n in range(20)]
    stats = issue_stats(here, made_up, TODAY)[13576]
    assert stats.label == ("20 linked, 1 likely, 21 this week (20 of the links to reports "
                           "not in this mailbox)")
    # A few links to reports read elsewhere, fewer than the reports here: said nowhere.
    few = issue_stats([*here, fact(2, 2, likely=(13576,))], made_up[:1], TODAY)[13576]
    assert few.label == "1 linked, 2 likely, 3 this week"


def test_the_json_says_the_resends_and_the_unencrypted_reports() -> None:
    from hdtui.domain.weekly import as_data

    users = [fact(i, i, likely=(20402,), product=f"M{i}", words=WORDS) for i in range(2)]
    resend = fact(10, 0, likely=(20402,), product="M0", words=WORDS)
    plain = fact(20, 1, likely=(20402,), product="Mac", kind=PLAIN_KIND)
    data = as_data(overview([*users, resend, plain], [], TODAY), {})
    [issue] = data["issues"]
    assert [r["message"] for r in issue["resent"]] == ["k10"]
    assert issue["unencrypted"] == 1 and len(issue["likely"]) == 3


def test_a_cluster_made_mostly_of_unencrypted_reports_is_marked_so() -> None:
    from hdtui.domain.weekly import as_data, markdown, mostly_plain

    error = ("snd_hda_intel codec probe failed",)
    plain = [fact(10 + i, i, gpus=("1002:15bf",), errors=error, kind=PLAIN_KIND)
             for i in range(3)]
    real = [fact(20 + i, i, gpus=("8086:1616",)) for i in range(3)]
    view = overview([*plain, *real], [], TODAY)
    [cluster] = [c for c in view.clusters if set(c.reports) >= {f.key for f in plain}]
    assert view.unencrypted(cluster.reports) == 3
    assert mostly_plain(view, cluster.reports) == " (3 of them unencrypted)"
    assert " (3 of them unencrypted)" in markdown(view, {})
    assert as_data(view, {})["clusters"][0]["unencrypted"] == 3
    # Plain reports only: nothing to tell apart.
    alone = overview(plain, [], TODAY)
    assert alone.unencrypted(alone.clusters[0].reports) == 0


def test_a_long_machine_name_is_shortened_in_an_issues_hardware_and_breakdown() -> None:
    from hdtui.domain.insight.weeks import breakdown

    name = "Forged " + "very long machine name " * 13
    facts = [fact(i, i, likely=(7,), product=name, gpus=("8086:1616",)) for i in range(3)]
    stats = issue_stats(facts, [], TODAY)[7]
    [machine] = [n for n, _ in stats.hardware if n.startswith("Forged")]
    assert len(machine) == SHOWN_NAME and machine.endswith("…")
    assert (machine, ("k0", "k1", "k2")) in breakdown(facts, TODAY)
