"""What a third walk of a member's week (walk25, on main 45b7ba48) found wrong in the counts,
built in the pure domain like its queue: the known issues' reports, four new problems on
7.7 spread over the same eight machines, forged 9.9 reports (docs/insight.md, "Session 25:
what walk25 counted wrong")."""

from __future__ import annotations

from datetime import date

from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.overview import overview
from hdtui.domain.insight.per_issue import issue_stats
from hdtui.domain.insight.regressions import regressions
from hdtui.domain.links import IssueLink
from tests.unit.test_insight_new_problems import RELEASES, SOUND, TODAY, fact

USB_PCH = "8086:9d2f"
"""The Intel Sunrise Point-LP USB controller: in most of the walk's laptops."""
ETHERNET = "10ec:8168"
"""A Realtek wired Ethernet chip two of the walk's laptops have."""

PORTAL = ["The captive portal of the hotel never opens in the Unsafe Browser.",
          "Le portail captif de l'hôtel ne s'ouvre jamais dans le navigateur non sécurisé.",
          "Das Captive Portal des Hotels öffnet sich nie im unsicheren Browser.",
          "El portal cautivo del hotel nunca se abre en el navegador no seguro."]
PRINTER = ["The printer prints nothing, the job stays in the queue.",
           "L'imprimante n'imprime rien, la tâche reste dans la file d'attente.",
           "Der Drucker druckt nichts, der Auftrag bleibt in der Warteschlange.",
           "La impresora no imprime nada, el trabajo se queda en la cola."]
READER = ["Orca screen reader silent after the upgrade, no speech at all.",
          "Le lecteur d'écran Orca est muet depuis la mise à jour.",
          "Der Bildschirmleser Orca ist stumm seit dem Update.",
          "El lector de pantalla Orca está mudo desde la actualización."]
WIFI = "Wi-Fi networks are not listed and the connection drops after a few minutes."
MAC = "The internal keyboard and the trackpad of the MacBook do not respond."


def _machine(n: int) -> dict[str, object]:
    """The walk's eight laptops: six with the PCH's USB controller, two with the wired
    Ethernet chip, each its own GPU and Wi-Fi chip."""
    return {"product": f"Laptop {n}", "gpus": (f"10de:{n:04x}",),
            "network": (f"8086:{n:04x}",) + ((ETHERNET,) if n in (1, 5) else ()),
            "devices": (USB_PCH,) if n in range(6) else ()}


def walk_queue() -> list[ReportFacts]:
    """The known issues' reports (#19113's Wi-Fi, #13576's MacBooks) on 7.7 and 7.6.2, a
    history of 7.6.2 reports before 7.7, and four new problems on 7.7 (8 sound, 4 portal, 4
    printer, 4 screen reader reports) spread over the same eight laptops."""
    queue: list[ReportFacts] = []
    n = 0

    def add(text: str, days_ago: int, **kw: object) -> None:
        nonlocal n
        queue.append(fact(n, days_ago, text, **kw))
        n += 1

    # #19113 on 7.7 (three of them on the laptops with the Ethernet chip) and on 7.6.2.
    for i in range(12):
        machine = _machine((1, 5, 1)[i]) if i < 3 else {
            "product": "HP Notebook", "network": ("10ec:b723",)}
        add(WIFI, i * 2, likely=(19113,), **machine)
    for i in range(3):
        add(WIFI, 30 + i, version="7.6.2", likely=(19113,), product="HP Notebook",
            network=("10ec:b723",))
    # #13576 on two of the laptops.
    for i in range(2):
        add(MAC, 3 + i, likely=(13576,), **_machine(i * 2))
    # A history of 7.6.2 before 7.7 on other machines (one with the USB controller).
    for i in range(14):
        add("", 30 + i, version="7.6.2",
            product=f"Desktop {i}", devices=(USB_PCH,) if i == 0 else ())
    # The new problems on 7.7, each spread over the eight laptops.
    for i, text in enumerate(SOUND * 2):
        add(text, i * 3, **_machine(i))
    for texts, first in ((PORTAL, 1), (PRINTER, 3), (READER, 5)):
        for i, text in enumerate(texts):
            add(text, first + i * 6, **_machine((first + i * 2) % 8))
    return queue


def test_the_walks_queue_rises_on_the_usb_controller_and_the_ethernet_chip() -> None:
    """What the walk saw without knowing the problems: on the facts alone (no issue or
    cluster given), the USB controller and the Ethernet chip rise with reports of several
    problems, which is what made its two false regressions."""
    groups = [r.group for r in regressions(walk_queue(), RELEASES, TODAY)]
    assert any(USB_PCH in g for g in groups)


def test_a_regression_whose_reports_are_several_known_problems_is_none() -> None:
    """Walk25's defect 1: "regression: PCI device 8086:9d2f: 16 reports on 7.7" made of the
    MacBook, captive portal, printer, screen reader and sound reports, and "Wi-Fi/network
    chip 10ec:8168: 6 reports" of #19113, printer and sound reports. Each of those reports
    is explained already (a known issue's, a new problem's cluster): the truth is no
    regression, before and after they are linked."""
    queue = walk_queue()
    view = overview(queue, [], TODAY, RELEASES)
    assert len(view.clusters) >= 3  # the new problems are clusters
    assert [r.group for r in view.regressions] == []
    sound = [f for f in queue if f.words & {"sound", "headphone", "speaker"} and not f.likely]
    links = [IssueLink(17759, f.reference, TODAY) for f in sound]
    links += [IssueLink(19113, f.reference, TODAY) for f in queue if f.likely == (19113,)]
    assert [r.group for r in overview(queue, links, TODAY, RELEASES).regressions] == []


def test_a_wifi_regression_keeps_its_name_beside_another_problems_report() -> None:
    """Walk25's item 10: six Dell reports of a new Wi-Fi chip (two also saying Bluetooth)
    and one sound report of the sound cluster on a laptop with the Dells' GPU were
    "regression: GPU 8086:3e9b (6 of them also ... Wi-Fi/network chip 8086:51f1 ...): 7
    reports": the sound report is its cluster's, and the regression is the six reports
    of the chip."""
    dell = {"product": "Dell XPS 15 7590", "gpus": ("8086:3e9b", "10de:1f91"),
            "network": ("8086:51f1",), "ethernet": ()}
    texts = ["Wifi and bluetooth both stopped working after the upgrade, no adapter.",
             "Since the upgrade the wifi and the bluetooth are gone, nothing is found.",
             "Wifi does not connect at all since the upgrade, it keeps asking.",
             "The wifi card finds no network since the upgrade.",
             "No wireless network at all since the upgrade, the wifi is off.",
             "After updating the wifi adapter is missing from the menu."]
    queue = walk_queue()
    legion = next(i for i, f in enumerate(queue) if f.words & {"sound"})
    queue[legion] = ReportFacts(**{**{k: getattr(queue[legion], k) for k in (
        "key", "reference", "report_id", "received", "version", "words")},
        "product": "LENOVO Legion Y530", "gpus": ("8086:3e9b",)})
    queue += [fact(900 + i, i, text, **dell) for i, text in enumerate(texts)]
    found = overview(queue, [], TODAY, RELEASES).regressions
    assert len(found) == 1
    assert found[0].count_new == 6
    assert queue[legion].key not in found[0].reports
    assert found[0].group.startswith("Wi-Fi/network chip 8086:51f1")


def test_a_flag_rests_on_the_weeks_count_and_says_the_week() -> None:
    """Walk25's defect 4: "#16926 1 linked, 0 likely, 0 this week, 3 possible FLAGGED",
    "Reached the threshold (2 or more in a week)", its weeks counted [0,0,0,0,0,0,1,0]:
    the three printer reports best matched to it (not confidently) completed the week of
    2026-11-24. A flag rests on the linked and likely reports the row counts."""
    linked = fact(1, 10, product="Laptop 1")  # 2026-11-27, in the week of 11-24
    printer = [fact(2 + i, (9, 12, 2)[i], PRINTER[i], possible=16926, product=f"Laptop {i}")
               for i in range(3)]
    links = [IssueLink(16926, linked.reference, TODAY)]
    stats = issue_stats([linked, *printer], links, TODAY)[16926]
    assert stats.per_week == (0, 0, 0, 0, 0, 0, 1, 0)
    assert len(stats.possible) == 3
    assert not stats.flagged and stats.flag_said == ""
    # Two counted reports in that week flag it, and the flag says which week and how many.
    likely = fact(9, 11, likely=(16926,), product="Laptop 9")
    stats = issue_stats([linked, likely, *printer], links, TODAY)[16926]
    assert stats.flagged_weeks == (date(2026, 11, 24),)
    assert stats.flag_said == "2 in the week of 2026-11-24"


def test_an_old_feed_copy_still_sets_apart_a_version_no_release_can_have_yet() -> None:
    """Walk25's defect 6: with no copy of the release feed, three forged 9.9 reports of
    #19113 were "(3 reports on a version no release has, not counted)"; with a copy 50
    days old they counted ("#19113 16 linked, 1 likely ... 18 reports, 17 users"). Seven
    weeks after 7.7 two releases can have come (7.9, 8.1: counted), never 9.9."""
    forged = [fact(700 + i, i, WIFI, version="9.9", likely=(19113,),
                   product="HP Notebook", network=("10ec:b723",)) for i in range(3)]
    queue = walk_queue() + forged
    refs = {f.reference for f in forged}
    no_copy = overview(queue, [], TODAY)
    assert {f.reference for f in no_copy.stats[19113].unreleased} == refs
    old_copy = overview(queue, [], TODAY, RELEASES, feed_old=True)
    assert {f.reference for f in old_copy.stats[19113].unreleased} == refs
    assert "3 reports on a version no release has" in old_copy.stats[19113].label
    later = [fact(800 + i, i, WIFI, version=version, likely=(19113,), product=f"PC {i}")
             for i, version in enumerate(("7.8", "7.9", "8.0", "8.1"))]
    counted = overview(queue + later, [], TODAY, RELEASES, feed_old=True).stats[19113]
    assert not {f.key for f in later} & {f.key for f in counted.unreleased}
    # A recent copy allows the next release only, as before (rules v78).
    recent = overview(queue + later, [], TODAY, RELEASES).stats[19113]
    assert {f.version for f in recent.unreleased} == {"9.9", "7.9", "8.1"}
