"""What walk28 (a read-only walk of the demo, session 28) found in the numbers' spans,
built in the pure domain: every count is of the window its heading names, and the
outputs say what they cover (docs/insight.md, "Session 28: numbers of the window")."""

from __future__ import annotations

import json
from datetime import timedelta

from hdtui.domain.insight.facts import UNREAD_KIND
from hdtui.domain.insight.overview import overview
from hdtui.domain.links import IssueLink
from hdtui.domain.weekly import as_data, markdown
from hdtui.report_list_json import ReportList
from hdtui.stats import _json, file_time_said, text
from hdtui.ui.screens.hot_topics import _heading, reports_of
from tests.unit.test_insight_forged import TODAY, fact

RELEASES = [("7.6.2", TODAY - timedelta(days=60)), ("7.7", TODAY - timedelta(days=27))]
WIFI = 19113
MAC = 13576


def _queue() -> list:  # type: ignore[type-arg]
    """Wi-Fi reports in the window (2 and 20 days ago) and one before it (70 days ago, on
    7.5 from an old laptop); a Mac issue whose likely reports all came before the window
    (80 and 90 days ago) and one possible report in it; other reports of their own."""
    return [
        fact(1, 2, likely=(WIFI,), product="Acer One"),
        fact(2, 20, likely=(WIFI,), product="Acer One"),
        fact(3, 70, likely=(WIFI,), version="7.5", product="Old Laptop"),
        fact(4, 80, likely=(MAC,), version="7.5"),
        fact(5, 90, likely=(MAC,), version="7.5"),
        fact(6, 3, possible=MAC),
        *(fact(100 + n, 5 + n, product=f"Machine {n}") for n in range(6)),
    ]


def test_every_count_is_of_the_window_the_heading_names() -> None:
    """Walk28's defect 1: "64 messages counted over 8 weeks (from 2026-10-14)" while 13 of
    them came before; #19113 "4 likely" beside a trend summing to 3; versions and hardware
    of all 64. The reports before the window count in no number and the heading says how
    many there are."""
    view = overview(_queue(), [], TODAY, RELEASES)
    assert {f.key for f in view.facts} == {"k1", "k2", "k6", *(f"k{100 + n}" for n in range(6))}
    assert {f.key for f in view.earlier} == {"k3", "k4", "k5"}
    wifi = view.stats[WIFI]
    assert [f.key for f in wifi.likely] == ["k1", "k2"]
    assert sum(wifi.per_week) == len(wifi.likely) == 2
    assert dict(wifi.versions) == {"7.7": 2}
    assert "Old Laptop" not in dict(wifi.hardware)
    assert wifi.first_seen == TODAY - timedelta(days=20)
    md = markdown(view, {})
    start = (TODAY - timedelta(days=55)).isoformat()
    assert (f"9 messages counted in 8 weeks, {start} to {TODAY.isoformat()} (3 earlier not "
            "counted") in md
    assert "`7.5`" not in md.split("## Versions")[1]
    assert "Old Laptop" not in md
    assert "total 2 in the 8 weeks" in md
    data = as_data(view, {})
    assert data["reports"] == 9 and data["earlier"] == 3 and data["from"] == start
    said = text(view, {}, 0.1)
    assert said.startswith(f"9 messages counted in 8 weeks, {start} to ")
    # Hot topics counts the window too.
    assert _heading(view).startswith("Hot topics · 9 reports, 8 weeks to")


def test_an_issue_whose_likely_reports_came_before_the_window_says_them() -> None:
    """Walk28: with `--weeks 2`, #19113 was "2 possible reports (best match, not confident:
    not counted)", as if only possible reports had ever matched it. Its possible report in
    the window is listed apart, under a heading, with its likely ones before the window
    said and not counted."""
    view = overview(_queue(), [], TODAY, RELEASES)
    mac = view.stats[MAC]
    assert mac.likely == () and [f.key for f in mac.possible] == ["k6"]
    md = markdown(view, {MAC: "Macs"})
    top = md.split("## Top issues")[1].split("\n## ")[0]
    heading = "### Issues with possible reports only in these weeks (none counted)"
    assert heading in top
    [line] = [x for x in top.splitlines() if x.startswith(f"- **#{MAC}**")]
    assert top.index(heading) < top.index(line)
    assert line.endswith("; 2 likely before these weeks (not counted here)")
    said = text(view, {MAC: "Macs"}, 0.1).splitlines()
    [row] = [x for x in said if x.startswith(f"#{MAC}")]
    assert said.index("Issues with possible reports only in these weeks (none counted):") \
        == said.index(row) - 1
    assert "2 likely before these weeks (not counted here)" in row
    assert {i["iid"]: i["likely_before"] for i in as_data(view, {})["issues"]}[MAC] == 2


def test_the_regressions_look_before_the_window_and_say_their_span() -> None:
    """A window of one week still calls the regression a release's weeks show: it compares
    the reports on 7.7 with the weeks before it, outside the window, and says so ("in N
    days ... in the 4 weeks before and since"); the release dated by the reports is the
    same."""
    before = [fact(i, 30 + i % 20, version="7.6.2", gpus=("8086:1616",)) for i in range(20)]
    after = [fact(100 + i, i, version="7.7", gpus=("8086:1616",)) for i in range(14)]
    planted = [fact(200 + i, i, version="7.7", gpus=("8086:a7a0",)) for i in range(6)]
    week = overview(before + after + planted, [], TODAY, weeks=1)
    assert len(week.facts) == 13 and len(week.earlier) == 27
    assert week.releases[-1][0] == "7.7"
    assert [r.group for r in week.regressions] == ["GPU 8086:a7a0"]
    assert [r.group for r in overview(before + after + planted, [], TODAY).regressions] \
        == ["GPU 8086:a7a0"]
    # A regression's reports before the window are still found by key (its JSON list).
    [regression] = week.regressions
    assert all(week.report(key) is not None for key in regression.reports)


def test_links_dated_before_the_window_count_in_none_of_its_numbers() -> None:
    """A report linked 70 days ago is in no count of an 8-week window ("2 linked" beside a
    trend that showed 1 was walk28's defect 1 for links)."""
    queue = _queue()
    links = [IssueLink(WIFI, queue[2].reference, TODAY - timedelta(days=70)),
             IssueLink(WIFI, queue[0].reference, TODAY - timedelta(days=2))]
    wifi = overview(queue, links, TODAY, RELEASES).stats[WIFI]
    assert wifi.confirmed == (queue[0].reference,)
    assert wifi.linked_users + len(wifi.likely) == sum(wifi.per_week) == 2


def test_one_message_and_one_week_are_singular() -> None:
    """Walk28's defect 9: "1 messages", "1 weeks"."""
    queue = [fact(1, 2, likely=(WIFI,)), fact(2, 40, likely=(WIFI,))]
    view = overview(queue, [], TODAY, RELEASES, weeks=1)
    start = (TODAY - timedelta(days=6)).isoformat()
    said = text(view, {}, 0.1)
    assert said.startswith(f"1 message counted in 1 week, {start} to {TODAY.isoformat()} "
                           "(1 earlier not counted")
    assert "1 messages" not in said and "1 weeks" not in said
    md = markdown(view, {})
    assert "1 message counted in 1 week," in md and "total 1 in the 1 week" in md
    assert "1 messages" not in md and "1 weeks" not in md


def test_the_follow_up_counted_is_listed_and_shown() -> None:
    """Walk28's defect 4: #20401 "(3 reports, 2 users)" listed 2 reports; its follow-up
    (counted in "3 reports", the same user again) was listed nowhere, and hot topics'
    enter showed 2 rows. The Markdown said "(3 reports, 2 users) (total 2)"."""
    report = fact(1, 2, likely=(20401,), contact="a1", words=frozenset({"bridges", "tor"}))
    other = fact(2, 9, likely=(20401,), contact="b2", words=frozenset({"obfs4", "x"}))
    follow = fact(3, 1, likely=(20401,), contact="a1", report_id="",
                  reference="mail:2026-12-06:abc", kind="support",
                  words=frozenset({"still", "fails"}))
    view = overview([report, other, follow], [], TODAY, RELEASES)
    stats = view.stats[20401]
    assert "(3 reports, 2 users)" in stats.label and len(stats.resent) == 1
    assert sorted(f.key for f in stats.listed) == ["k1", "k2", "k3"]
    assert sorted(reports_of(view, "#20401") or ()) == ["k1", "k2", "k3"]
    md = markdown(view, {20401: "Tor bridges"})
    bridges = md.split("**#20401**")[1].split("\n- ")[0]
    assert "(3 reports, 2 users), total 2 in the 8 weeks" in bridges
    assert ") (total" not in bridges
    assert "reports: `" + report.report_id + "`, `" + other.report_id + \
        "` and 1 support mail without a report ID" in bridges
    assert "of them the same users again (counted once): 1 support mail" in bridges


def test_fixed_in_is_said_in_text_markdown_and_json() -> None:
    """Walk28's defect 5: "fixed in 7.7" only in the TUI; a member reading the weekly saw
    #19113 as open with its reports."""
    queue = [fact(1, 2, likely=(WIFI,), version="7.7"), fact(2, 20, likely=(WIFI,),
                                                             version="7.6.2")]
    view = overview(queue, [], TODAY, RELEASES)
    fixed = {WIFI: "7.7"}
    [row] = [x for x in text(view, {WIFI: "Wi-Fi"}, 0.1, fixed=fixed).splitlines()
             if x.startswith(f"#{WIFI}")]
    assert "fixed in 7.7, yet 1 report on 7.7 or later" in row
    assert "fixed in 7.7, yet 1 report on 7.7 or later" in markdown(view, {}, fixed=fixed)
    [issue] = as_data(view, {}, fixed=fixed)["issues"]
    assert issue["fixed_in"] == "7.7" and issue["since_fixed"] == 1
    [plain] = as_data(view, {})["issues"]
    assert plain["fixed_in"] is None and plain["since_fixed"] == 0
    assert "fixed in" not in text(view, {}, 0.1)


def test_undecryptable_messages_are_said_apart_everywhere() -> None:
    """Walk28's defect 6: the Markdown said "2 could not be decrypted"; stats' text and hot
    topics said nothing, and the JSON's `unclustered` did not mark them."""
    queue = [fact(1, 2, likely=(WIFI,)), fact(2, 3, product="Lone"),
             fact(3, 4, kind=UNREAD_KIND, version="", report_id="", reference="mail:x:1"),
             fact(4, 5, kind=UNREAD_KIND, version="", report_id="", reference="mail:x:2")]
    view = overview(queue, [], TODAY, RELEASES)
    assert "1 other message belongs to no known issue and no group (each stands alone); 2 "\
        "could not be decrypted (what they report is unknown)." in text(view, {}, 0.1)
    assert "2 not decrypted" in _heading(view)
    marks = {e["message"]: e["undecrypted"] for e in as_data(view, {})["unclustered"]}
    assert marks == {"k2": False, "k3": True, "k4": True}
    # The JSON stats writes (its own writer, written ahead of the clusters) the same.

    def view_of(clustering, later=False):  # type: ignore[no-untyped-def]
        return overview(queue, [], TODAY, RELEASES, clustering=clustering, looks_later=later)

    data = json.loads("".join(_json(view_of, {}, 0.0)))
    assert {e["message"]: e["undecrypted"] for e in data["unclustered"]} == marks
    assert "undecrypted" not in data["issues"][0]["likely"][0]
    assert json.loads(ReportList(view.facts, marked=True).text("\n")) \
        == json.loads(json.dumps([{**e} for e in ReportList(view.facts, marked=True).data()]))


def test_the_cut_list_says_what_more_it_means() -> None:
    """Walk28's defect 8: "and 14 more issues (--json lists them all)" followed by 5 issues
    with nothing counted."""
    queue = [fact(n, 2 + n % 40, likely=(30000 + n,)) for n in range(20)]
    queue.append(fact(99, 3, possible=40000))
    view = overview(queue, [], TODAY, RELEASES)
    said = text(view, {}, 0.1)
    assert ("and 5 more issues with linked or likely reports in these weeks, not listed here "
            "(--json lists them all)") in said
    md = markdown(view, {})
    assert ("- and 10 more issues with linked or likely reports in these weeks, not listed "
            "here (`hdtui stats --json` lists them all)") in md


ARRIVAL = "arrival (the time a Maildir name starts with, else the file's time)"


def test_a_date_line_says_only_what_happened() -> None:
    """Walk28's defect 11: "counted on the file's time" of a message whose file time fell
    after the window's end (`--until`): it was not counted."""
    queue = [fact(1, 2), fact(2, -3), fact(3, 1, kind="team")]
    start = TODAY - timedelta(days=55)
    inside = file_time_said({"k1"}, "dated in the future", queue, start, TODAY)
    assert f"1 message dated in the future: dated by its {ARRIVAL}, counted in the " \
        f"window, {start}" in inside and inside.endswith("never taken from it.")
    outside = file_time_said({"k2"}, "dated in the future", queue, start, TODAY)
    assert "outside the window" in outside and "(not counted)" in outside
    assert "counted in the window" not in outside
    both = file_time_said({"k1", "k2", "k3"}, "x", queue, start, TODAY)
    assert f"3 messages x: dated by their {ARRIVAL}, 1 counted in the window" in both
    assert both.endswith("never taken from them.")
    assert "1 outside the window" in both and "1 not a user's message (never counted)" in both
    assert file_time_said(set(), "x", queue, start, TODAY) == ""
