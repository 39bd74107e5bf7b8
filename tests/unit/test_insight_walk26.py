"""What walk26 (a member's week on main 1c0be8b0) found wrong in the counts, built in the
pure domain from the walk25 queue's builders and the demo's machines (docs/insight.md,
"Session 26: what walk26 counted wrong")."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from demo import build
from hdtui.domain.insight.clusters import Cluster, clusters
from hdtui.domain.insight.facts import ReportFacts, report_facts
from hdtui.domain.insight.overview import Clustering, Overview, overview
from hdtui.domain.insight.per_issue import to_link
from hdtui.domain.links import IssueLink
from hdtui.domain.mail import Kind
from hdtui.domain.message import Message
from hdtui.domain.queue import WHISPERBACK_SENDER, DecryptState, Entry
from hdtui.domain.report import parse_report
from hdtui.domain.text import MailText
from hdtui.domain.weekly import as_data, markdown
from hdtui.stats import _json, text
from tests.unit.test_insight_new_problems import RELEASES, TODAY, fact, others
from tests.unit.test_insight_walk25 import walk_queue


def _ahead(chosen: list[ReportFacts], day: date, weeks: int, away: frozenset[str],
           start: date | None = None) -> Callable[[], list[Cluster]]:
    """``hdtui stats``'s child clustering, here in this process."""
    found = clusters(chosen, day, weeks, away, start)
    return lambda: found


def test_stats_json_weighs_regressions_by_the_clusters_as_the_text_does() -> None:
    """Walk26's defect 1: `stats --json` listed "USB device ...: 6 reports on 7.7" and a
    GPU's "7 reports" made of the portal, printer, reader and sound reports, while the
    text, the Markdown and hot topics said none: the JSON's view was made before its
    clusters (written while a child makes them), so the reports were weighed by no
    cluster. Every output weighs them with the clusters."""
    queue = walk_queue()

    def view_of(clustering: Clustering | None, later: bool = False) -> Overview:
        return overview(queue, [], TODAY, RELEASES, clustering=clustering,
                        looks_later=later)

    data = json.loads("".join(_json(view_of, {}, 0.0, _ahead)))
    view = view_of(None)
    assert view.clusters and view.regressions == ()
    assert "regression" not in text(view, {}, 0.0)
    assert "None flagged on 7.7." in markdown(view, {})
    assert data["regressions"] == as_data(view, {})["regressions"] == []
    # The case is one: weighed by no cluster, the queue's USB controller rises.
    unweighed = overview(queue, [], TODAY, RELEASES, clustering=lambda *_: list)
    assert unweighed.regressions


HARDWARE = tomllib.loads((Path(build.__file__).parent / "hardware.toml").read_text())
REPORTS = {r["id"]: r for r in build.load_reports()}
"""The demo's reports and machines (demo/build.py), read as the walk built its mailbox."""
MAC = {13: "7fc1944bc67e0871b6373a468591e4a3", 14: "3efce2495c82bbd6527178789162a6e8",
       15: "c155a61796ad3a762efd7e1eab581aaf"}
"""The demo's #13576 reports, one on each MacBook Pro model (13,2, 14,3, 15,2)."""


def demo_fact(n: int, report_id: str, days_ago: int, likely: tuple[int, ...] = (),
              possible: int = 0, **changed: str) -> ReportFacts:
    """The facts of the demo's report ``report_id`` (its text, machine and journal, as
    demo/build.py writes it), received ``days_ago`` before ``TODAY`` under a report ID of
    its own, the report's fields ``changed``."""
    report = {**REPORTS[report_id], "id": f"{n:032x}", **changed}
    when = datetime.combine(TODAY - timedelta(days=days_ago), time(12), tzinfo=UTC)
    body = build.report_body(report, HARDWARE[str(report["hardware"])], when)
    message = Message(key=f"k{n}", subject=MailText(f"Bug report: {report['id']}"),
                      sender_address=MailText(WHISPERBACK_SENDER), date=when,
                      encrypted=True, size=len(body))
    entry = Entry(message, Kind.REPORT, parse_report(body, str(report["id"])),
                  DecryptState("decrypted"))
    return report_facts(entry, likely, possible)


def _macs(**changed: str) -> list[ReportFacts]:
    """The walk's #13576: 3 reports on each model, likely on the 13,2 and 14,3, possible
    (best matched, not confidently) on the 15,2, whose fields are ``changed``."""
    found = []
    for n, (model, days_ago) in enumerate(
            (m, d) for m, days in ((13, (40, 20, 3)), (14, (30, 15, 9)), (15, (25, 10, 1)))
            for d in days):
        if model == 15:
            found.append(demo_fact(n + 1, MAC[15], days_ago, possible=13576, **changed))
        else:
            found.append(demo_fact(n + 1, MAC[model], days_ago, likely=(13576,)))
    return found


def test_a_family_issues_possible_reports_on_a_model_it_counted_none_on_are_no_problem(
        ) -> None:
    """Walk26's defect 3: #13576 (MacBook Pros from 2016) counted 6 likely reports on
    MacBookPro13,2 and 14,3; its 3 "cant type anything" reports on a MacBookPro15,2, best
    matched to it, made `C-a1e3e5 same GPU 8086:3ea5; same Wi-Fi/network chip 14e4:4464;
    same machine Apple MacBookPro15,2`. Known25's rule needs the issue to have counted as
    many on that very model: it counted none. The model's line (MacBook Pro), most of the
    issue's counted reports, and the keyboard they all say make them its."""
    macs = _macs()
    pool = macs + others(30)
    assert not any(f.key in c.reports for c in clusters(pool, TODAY) for f in macs)
    view = overview(pool, [], TODAY, RELEASES)
    assert len(view.stats[13576].possible) == 3  # "3 possible" on its row, as before
    # Another problem on that model, which the issue's reports do not say, stays new.
    sound = _macs(summary="No sound", problem="The speakers give no sound at all, "
                  "the volume is up and headphones are silent too.")
    assert any({"k7", "k8", "k9"} <= set(c.reports)
               for c in clusters(sound + others(30), TODAY))


GDM = ("264b5e5de3fc6dfd027b9df7e27e2794", "600f136b4b20ff6b5e1c156167e83377",
       "c53706560da233b8268929664bd246ad")
"""The demo's three #19126 reports (Error starting GDM: a Latitude 5420, an ASUS
VivoBook E410, an Inspiron 3593)."""


def _gdm_week() -> list[ReportFacts]:
    """The walk's #19126: its three demo reports twice (six users), one of them likely on
    2026-11-15, two more with the Latitude's text but no journal on a Surface Pro 4
    (11-11) and an HP 14-cf (11-13), best matched to it; and every other demo report on
    its machine, as the walk's mailbox held them."""
    days = (60, 50, 40, 22, 12, 5)
    found = [demo_fact(10 + n, rid, days_ago, likely=(19126,), contact=f"u{n}@example.org")
             for n, (rid, days_ago) in enumerate(zip(GDM * 2, days, strict=True))]
    found += [demo_fact(30, GDM[0], 26, possible=19126, hardware="surface-pro-4", journal=""),
              demo_fact(31, GDM[0], 24, possible=19126, hardware="hp-14-cf-rtl8821ce",
                        journal="")]
    return found + [
        demo_fact(100 + n, rid, n % 50, likely=(int(r["known_issue"]),))
        for n, (rid, r) in enumerate(REPORTS.items())
        if r.get("hardware") and r.get("known_issue") not in (None, 19126)]


def test_a_known_issues_doubted_pair_is_its_week_worth_a_look_not_a_new_problem() -> None:
    """Walk26's defect 4: the two #19126 reports without its journal line became `C-76ea8e
    2 reports reached the threshold: similar words (2 reports)`, and #19126 said only "2
    possible", no week worth a look. Grouped by words alone, nearest #19126, saying its
    words ("gdm", "graphic") and logging no error of their own, they are its reports the
    matcher doubted: its week of 11-10 is worth a look, and no new problem is flagged."""
    view = overview(_gdm_week(), [], TODAY, RELEASES)
    assert not any({"k30", "k31"} & set(c.reports) for c in view.clusters)
    stats = view.stats[19126]
    assert len(stats.possible) == 2 and not stats.flagged
    assert stats.look_said == "1 likely + 2 possible in the week of 2026-11-10"


def test_a_word_many_other_reports_say_makes_no_family() -> None:
    """Walk26's defect 4 too: the pair's JSON said `family: ["C-251c8c"]`, the Orca screen
    reader cluster: both say "screen" (a grey screen, a screen reader), as many graphics
    reports do. A family's word is one most of whose reports are in its clusters."""
    grey = frozenset({"grey", "screen", "gdm", "graphic", "card", "message"})
    reader = frozenset({"orca", "screen", "speech", "silent", "reader"})
    pool = [fact(1, 3, product="A1", words=grey | {"slow"}),
            fact(2, 25, product="A2", words=grey | {"sad"}),
            fact(3, 2, product="B1", words=reader | {"mute"}),
            fact(4, 30, product="B2", words=reader | {"nothing"}), *others(30)]
    found = {frozenset(c.reports): c for c in clusters(pool, TODAY)}
    assert {frozenset({"k1", "k2"}), frozenset({"k3", "k4"})} <= set(found)
    assert found[frozenset({"k1", "k2"})].family  # "screen" is theirs alone here
    black = [fact(200 + n, n, product=f"G{n}", likely=(19127,),
                  words=frozenset({"black", "screen", "flicker"})) for n in range(6)]
    found = {frozenset(c.reports): c for c in clusters(pool + black, TODAY)}
    assert not any(c.family for c in found.values())


def test_linking_resends_keeps_an_issues_count_in_users() -> None:
    """Walk26's defect 5: #20402 read `0 linked, 8 likely, 2 this week (11 reports, 8
    users)`; after `l` linked its 10 reports (the dialog marking the 2 resends "the same
    user, counted once") it read `10 linked, 0 likely (11 reports, 8 users)`. Linked and
    likely count users: 8, then 8; the weekly Markdown's total too."""
    words = frozenset({"tor", "bridge", "obfs4", "connect", "censored", "country"})
    users = [fact(i, i, likely=(20402,), product=f"Laptop {i}", words=words, contact=f"u{i}")
             for i in range(8)]
    resends = [fact(20 + i, 2, likely=(20402,), product="Laptop 2", words=words,
                    contact="u2") for i in range(2)]
    queue = users + resends
    before = overview(queue, [], TODAY, RELEASES).stats[20402]
    assert before.label.startswith("0 linked, 8 likely")
    links = [IssueLink(20402, f.reference, f.received or TODAY) for f, _ in to_link(before)]
    assert len(links) == 10
    view = overview(queue, links, TODAY, RELEASES)
    after = view.stats[20402]
    assert after.label.startswith("8 linked, 0 likely")
    assert after.label.endswith("(10 reports, 8 users)")
    assert "total 8 in the 8 weeks" in markdown(view, {20402: "Tor bridges"})
    assert after.linked_users == 8 and len(after.confirmed) == 10
