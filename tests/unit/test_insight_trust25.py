"""Numbers a member can trust, session 25 (after walk24b): a known issue's reports on its
machines are no new problem, a cluster keeps the id a member saw (docs/insight.md,
"Session 25: four numbers a member can trust")."""

from __future__ import annotations

from dataclasses import replace

from hdtui.domain.address import own_addresses
from hdtui.domain.insight.clusters import clusters
from hdtui.domain.insight.facts import (
    OURS_KIND,
    ReportFacts,
    contact_digest,
    report_facts,
)
from hdtui.domain.insight.overview import overview
from hdtui.domain.links import IssueLink
from tests.unit.test_insight_new_problems import SOUND, TODAY, fact, others, sound
from tests.unit.test_insight_trust import _mail_entry, _report_entry
from tests.unit.test_insight_trust import fact as trust_fact

WIFI = "Wi-Fi networks are not listed and the connection drops after a few minutes"
MAC = "The keyboard and the trackpad do not respond at all, only an external mouse works"


def _in_cluster(pool: list[ReportFacts], key: str) -> bool:
    return any(key in c.reports for c in clusters(pool, TODAY))


def test_a_known_issues_reports_logging_its_symptom_are_no_new_problem() -> None:
    """walk24b: #19113's reports its matcher calls only possible, on the Realtek chip all
    its counted reports have, still formed "same journal line of networkmanager": they
    logged Tor Connection's "no network connection detected", the issue's very symptom,
    which none of its counted reports happened to log. A line of the journal's tail keeps
    no cluster from its issue; an error of its own still does."""
    realtek = {"network": ("10ec:b723",)}
    symptom = ("tca # tor connection no network connection detected",)
    near = [fact(n, n, WIFI, product="Toshiba Satellite C55-C", possible=19113,
                 lines=symptom, **realtek) for n in range(1, 4)]
    counted = [fact(n, n, "no wifi networks listed", product=f"Laptop {n}", likely=(19113,),
                    **realtek) for n in range(10, 14)]
    assert not _in_cluster(near + counted + others(30), "k1")
    # An error of their own, none of the issue's reports logs: a new problem of the chip.
    error = ("kernel rtl8723be # firmware crashed while scanning",)
    assert _in_cluster([replace(f, errors=error) for f in near] + counted + others(30), "k1")


def test_a_family_issues_reports_on_one_of_its_models_are_no_new_problem() -> None:
    """walk24b: #13576 (MacBook Pros from 2016) counted 9 reports over four models, 2 of
    them on a MacBookPro15,2; 2 more on that model, nearest #13576, were a new problem
    "same GPU 8086:3ea5": no machine is most of a family's reports. The very model the
    issue counted as many reports on as the cluster holds is the issue's."""
    models = ["Apple MacBookPro13,2", "Apple MacBookPro14,3", "Apple MacBookPro11,5"]
    counted = [fact(n, n, "keyboard not working", product=models[n % 3], likely=(13576,),
                    gpus=(f"8086:{n:04x}",)) for n in range(10, 17)]
    on_15 = {"product": "Apple MacBookPro15,2", "gpus": ("8086:3ea5",)}
    counted += [fact(n, n, "keyboard not working", likely=(13576,), **on_15)
                for n in (17, 18)]
    near = [fact(n, n, MAC, possible=13576, **on_15) for n in (1, 2)]
    assert not _in_cluster(near + counted + others(30), "k1")
    # Fewer counted on that model than the cluster holds: a wave of its own.
    assert _in_cluster(near + counted[:-1] + others(30), "k1")
    # A chip (not a model) shared with 2 of the 9: not the issue's hardware.
    chip_only = [replace(f, product="") for f in near]
    elsewhere = [replace(f, product="") if f.product.endswith("15,2") else f for f in counted]
    assert _in_cluster(chip_only + elsewhere + others(30), "k1")


def test_a_cluster_keeps_its_id_when_its_oldest_report_is_linked_away() -> None:
    """walk24b: the id was its oldest report's, so linking that report to an issue gave
    the rest another id, and a member's note or hand-off citing the cluster pointed
    nowhere. The group holding most of its old cluster keeps that cluster's id."""
    facts = sound() + others(30)
    before = [c for c in overview(facts, [], TODAY).clusters if "k2" in c.reports]
    oldest = min(facts[:8], key=lambda f: f.received or TODAY)  # k7, 7 days ago
    assert before[0].reports[-1] == oldest.key
    links = [IssueLink(17759, oldest.reference, TODAY)]
    after = [c for c in overview(facts, links, TODAY).clusters if "k2" in c.reports]
    assert oldest.key not in after[0].reports
    assert len(after[0].reports) == 7
    assert after[0].id == before[0].id
    # Every one linked: no cluster left, as before.
    every = [IssueLink(17759, f.reference, TODAY) for f in facts[:8]]
    assert not any("k2" in c.reports for c in overview(facts, every, TODAY).clusters)
    # An outside account's link keeps the report in its cluster (rules v81), id the same.
    outside = [IssueLink(17759, oldest.reference, TODAY, outside=True)]
    kept = [c for c in overview(facts, outside, TODAY).clusters if "k2" in c.reports]
    assert kept[0].reports == before[0].reports and kept[0].id == before[0].id


def test_a_linked_report_holds_no_cluster_together() -> None:
    """The review of known25: A, B and D say there is no sound, C that the screen flickers
    on A's GPU with A's journal error. Linking A (the oldest) left C, which shares nothing
    with B and D, counted in their sound cluster: A still grouped them. The clusters are
    those of the pool without A; the one holding most of A's old cluster keeps its id."""
    gpu, error = ("1002:15bf",), ("kernel amdgpu # ring gfx timeout",)
    a = fact(1, 9, SOUND[0], product="Laptop A", gpus=gpu, errors=error)
    c = fact(3, 4, "The screen flickers black every few seconds", product="Laptop C",
             gpus=gpu, errors=error)
    facts = [a, fact(2, 5, SOUND[0], product="Laptop B"), c,
             fact(4, 3, SOUND[0], product="Laptop D")]
    before = overview(facts, [], TODAY).clusters
    assert [set(x.reports) for x in before] == [{"k1", "k2", "k3", "k4"}]
    after = overview(facts, [IssueLink(17759, a.reference, TODAY)], TODAY).clusters
    without = overview(facts[1:], [], TODAY).clusters
    assert [x.reports for x in after] == [x.reports for x in without] == [("k4", "k2")]
    assert after[0].id == before[0].id != without[0].id


def test_a_linked_reports_id_goes_to_most_of_its_old_cluster_only() -> None:
    """A's old cluster splits in two once A is linked: the part holding more than half of
    its remaining reports keeps its id; with no such part, each has an id of its own."""
    gpu, error = ("1002:15bf",), ("kernel amdgpu # ring gfx timeout",)
    a = fact(1, 9, SOUND[0], product="Laptop A", gpus=gpu, errors=error)
    screen = [fact(n, n - 1, "The screen flickers black every few seconds",
                   product=f"Laptop {n}", gpus=gpu, errors=error) for n in (3, 5)]
    sounds = [fact(n, n, SOUND[0], product=f"Laptop {n}") for n in (2, 4, 6)]
    link = [IssueLink(17759, a.reference, TODAY)]
    for said, kept in ((sounds[:2], False), (sounds, True)):
        facts = [a, *said, *screen]
        before = overview(facts, [], TODAY).clusters
        assert [len(x.reports) for x in before] == [len(facts)]
        after = overview(facts, link, TODAY).clusters
        assert sorted(map(len, (x.reports for x in after))) == sorted([2, len(said)])
        ids = {x.id: x.reports for x in after}
        assert (before[0].id in ids) is kept
        if kept:
            assert len(ids[before[0].id]) == 3  # the sound reports, not the screen's


def test_the_help_desks_own_addresses_are_no_user() -> None:
    """The review of session 24: a member's reply or forward read back from the mailbox,
    or mail of the bugs list, had a contact digest as a user's mail has: a member's reply
    counted as a user of the issue its quoted words match, and every user's report giving
    the Help Desk's address (users type it in WhisperBack's e-mail field) or mail the list
    passed on folded into one user through it."""
    ours = own_addresses(["Help Desk <Support@Tails.net>", "ana@tails.net", "no"])
    assert ours == {"support@tails.net", "ana@tails.net"}
    relays = own_addresses(["tails-bugs@boum.org"])
    reply = report_facts(_mail_entry("support@tails.net"), likely=(20402,), ours=ours,
                         relays=relays)
    assert reply.kind == OURS_KIND and reply.contact == ""
    # The bugs list passes users' mail on under its own address: a user's mail, of no
    # contact (all of them were one user through it).
    relayed = report_facts(_mail_entry("tails-bugs@boum.org"), likely=(20402,), ours=ours,
                           relays=relays)
    assert relayed.kind == "support" and relayed.contact == ""
    assert report_facts(_mail_entry("tails-bugs@boum.org")).contact
    # Not configured: a user's mail, as before.
    assert report_facts(_mail_entry("support@tails.net"), likely=(20402,)).kind == "support"
    # A report giving the Help Desk's address is a report, of no contact.
    report = report_facts(_report_entry("support@tails.net"), likely=(20402,), ours=ours)
    assert report.kind == "report" and report.contact == ""
    assert report_facts(_report_entry("Alice <alice@example.org>"), ours=ours).contact
    # Two users giving it count as two; the member's reply counts as none.
    users = [trust_fact(n, n, likely=(20402,), product=f"M{n}", contact=report.contact)
             for n in range(2)]
    mail = replace(trust_fact(9, 0, likely=(20402,)), report_id="", kind=reply.kind,
                   reference="mail:2026-12-06:0123456789ab", contact=reply.contact)
    view = overview([*users, mail], [], TODAY)
    assert view.stats[20402].label.startswith("0 linked, 2 likely, 2 this week")
    # What the digests made of them before: one user, and the reply a second.
    digest = contact_digest("support@tails.net")
    before = [replace(f, contact=digest) for f in users] + [
        replace(mail, kind="support", contact=digest)]
    assert overview(before, [], TODAY).stats[20402].label.endswith("(3 reports, 1 user)")


def test_facts_are_made_again_once_a_help_desk_address_is_configured() -> None:
    """Facts saved before ``[queue] helpdesk_addresses`` named an address kept its
    messages' user contact: the fingerprint they are saved with moves with the addresses."""
    from hdtui.services.insight import ours_fingerprint

    assert ours_fingerprint("f00d", frozenset()) == "f00d"
    one = ours_fingerprint("f00d", own_addresses(["support@tails.net"]))
    two = ours_fingerprint("f00d", own_addresses(["support@tails.net", "ana@tails.net"]))
    assert len({"f00d", one, two}) == 3
    assert ours_fingerprint("f00d", own_addresses(["ANA@tails.net", "support@tails.net"])
                            ) == two
