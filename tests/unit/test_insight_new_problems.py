"""New problems and regressions a member can trust (session 24, after walk24): a report
linked to an issue, or a group of reports whose best match is one issue, is never a new
problem; a cluster is named by its problem, keeps its id while its reports stay; a
hardware regression is one problem and says which (docs/insight.md, "Session 24: new
problems a member can trust")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hdtui.domain.insight.clusters import clusters
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.overview import overview
from hdtui.domain.insight.regressions import regressions
from hdtui.domain.links import IssueLink
from hdtui.domain.terms import terms

TODAY = date(2026, 12, 7)
RELEASES = [("7.6.2", date(2026, 10, 13)), ("7.7", date(2026, 11, 10))]
SOUND = [
    "No sound from the speakers or the headphones since the upgrade, videos play silently.",
    "Plus de son dans le casque ni les haut-parleurs depuis la mise à jour, les vidéos sont "
    "muettes.",
    "Kein Ton aus den Lautsprechern oder dem Kopfhörer seit dem Update, Videos sind lautlos.",
    "No hay sonido en los altavoces ni en los auriculares desde la actualización, los videos "
    "no suenan.",
]


def fact(n: int, days_ago: int, text: str = "", **kw: object) -> ReportFacts:
    values: dict[str, object] = {
        "key": f"k{n}", "reference": f"wb://{n:032x}", "report_id": f"{n:032x}",
        "received": TODAY - timedelta(days=days_ago), "version": "7.7",
        "words": terms(text) if text else frozenset({f"own{n}x", f"else{n}y"})}
    values.update(kw)
    return ReportFacts(**values)  # type: ignore[arg-type]


def others(count: int, first: int = 100, **kw: object) -> list[ReportFacts]:
    """Reports of problems of their own: each its machine and words."""
    return [fact(n, n % 40, product=f"Machine {n}", **kw) for n in range(first, first + count)]


def sound(first: int = 0, **kw: object) -> list[ReportFacts]:
    """The walk's sound problem: 8 reports in four languages on 8 machines, 2 of which
    share a Wi-Fi chip."""
    return [fact(first + i, i, text, product=f"Laptop {i}",
                 network=("8086:2723",) if i < 2 else (f"10ec:{i:04x}",), **kw)
            for i, text in enumerate(SOUND * 2)]


def test_the_sound_reports_make_one_cluster_named_by_their_problem() -> None:
    """Walk24's A: the cluster was named "2 of 8 share Wi-Fi/network chip 8086:2723" (stats,
    Markdown, JSON, hot topics), its words only in the detail: a chip 2 of 8 reports share
    says nothing of the problem."""
    found = [c for c in clusters(sound() + others(30), TODAY) if "k0" in c.reports]
    assert len(found) == 1
    assert len(found[0].reports) == 8
    assert found[0].label == "same problem word headphone"
    assert found[0].signals == ("same problem word headphone", "same problem word sound",
                                "same problem word speaker")


def test_linked_reports_are_their_issues_never_a_new_problem() -> None:
    """Walk24's defect 1: Bob linked the 8 sound reports to #17759 by a note, and a cluster
    of 7 of them was still flagged as a new problem (the Markdown listed the same IDs under
    #17759 and "New problems"). Linked to an issue, open or closed (a closed issue's
    reports are matched to nothing, their links stay), a report is that issue's."""
    facts = sound() + others(30)
    assert any("k0" in c.reports for c in overview(facts, [], TODAY).clusters)
    links = [IssueLink(17759, f.reference, TODAY) for f in facts[:8]]
    view = overview(facts, links, TODAY)
    assert not {f"k{i}" for i in range(8)} & {k for c in view.clusters for k in c.reports}
    assert len(view.stats[17759].confirmed) == 8


def test_a_few_linked_reports_leave_the_others_clustered() -> None:
    """Only the linked reports leave: the rest of the problem is still a new one."""
    facts = sound() + others(30)
    links = [IssueLink(17759, f.reference, TODAY) for f in facts[:2]]
    found = [c for c in overview(facts, links, TODAY).clusters if "k2" in c.reports]
    assert len(found) == 1
    assert set(found[0].reports) == {f"k{i}" for i in range(2, 8)}


def test_a_cluster_nearest_an_issue_on_its_hardware_is_that_issues() -> None:
    """Walk24's defect 7: 2 of 3 HP reports of #19113 (a Realtek Wi-Fi chip's issue), its
    best match but not a confident one, formed "same machine HP Notebook" as a new problem.
    Most of a cluster's reports nearest one known issue, on hardware a report counted for
    that issue has: they are that issue's possible reports, no new problem."""
    realtek = {"network": ("10ec:b723",)}
    hp = [fact(n, n, "Wi-Fi networks are not listed and the connection drops after a few "
               "minutes", product="HP Notebook", possible=19113 if n < 3 else 0, **realtek)
          for n in range(1, 4)]
    counted = [fact(n, n, "no wifi networks listed", product=f"Laptop {n}", likely=(19113,),
                    **realtek) for n in range(10, 14)]
    pool = hp + counted + others(30)
    assert not any("k1" in c.reports for c in clusters(pool, TODAY))
    # The issue's reports on other hardware: the nearest issue alone is no proof (rules
    # v30: a new problem's reports are often all nearest one issue).
    elsewhere = [replace(f, network=("8086:2723",)) for f in counted]
    assert any("k1" in c.reports for c in clusters(hp + elsewhere + others(30), TODAY))
    # Nearest no issue: a new problem.
    unmatched = [replace(f, possible=0) for f in hp]
    assert any("k1" in c.reports for c in clusters(unmatched + counted + others(30), TODAY))
    # A journal error of their own, that none of the issue's reports logs: a new problem
    # of the chip.
    error = ("kernel rtl8723be # firmware crashed while scanning",)
    logging = [replace(f, errors=error) for f in hp]
    assert any("k1" in c.reports for c in clusters(logging + counted + others(30), TODAY))
    # ... unless they log it too.
    both = [replace(f, errors=error) for f in counted]
    assert not any("k1" in c.reports for c in clusters(logging + both + others(30), TODAY))
    # As many nearest reports as the issue counts on the chip: a wave of its own.
    wave = [fact(n, n % 7, "Wi-Fi networks are not listed and the connection drops after a "
                 "few minutes", product="HP Notebook", possible=19113, **realtek)
            for n in range(20, 24)]
    assert any("k20" in c.reports for c in clusters(wave + counted + others(30), TODAY))


def test_a_cluster_keeps_its_id_while_its_reports_stay() -> None:
    """Walk24's defect 10: the same 4 reports got another id after an unrelated change of
    the rest of the pool (an issue closed): the id came from the keys the cluster was named
    by, which the pool's common ones change. It comes from its oldest report now."""
    four = [fact(n, n, "My USB printer is not detected and I cannot print documents.",
                 product=f"Laptop {n}", gpus=("8086:3ea0",)) for n in range(4)]
    first = [c for c in clusters(four + others(40), TODAY) if "k0" in c.reports]
    # The same pool but for other reports that make the chip everybody's (noise).
    second = [c for c in clusters(four + others(40, gpus=("8086:3ea0",)), TODAY)
              if "k0" in c.reports]
    assert len(first) == len(second) == 1
    assert first[0].reports == second[0].reports
    assert first[0].id == second[0].id
    # A new report of the problem joins: the cluster is the same one.
    fifth = fact(9, 0, "The USB printer is not detected, I cannot print any documents.",
                 product="Laptop 9")
    grown = [c for c in clusters([*four, fifth, *others(40)], TODAY) if "k0" in c.reports]
    assert len(grown[0].reports) == 5
    assert grown[0].id == first[0].id


T480 = {"product": "LENOVO ThinkPad T480", "gpus": ("8086:5917",), "network": ("8086:24fd",)}


def _history() -> list[ReportFacts]:
    """Reports on 7.6.2 before 7.7 and reports on 7.7 of other machines."""
    before = [fact(100 + n, 30 + n % 25, version="7.6.2", product=f"Machine {n}",
                   gpus=(f"1002:{n:04x}",)) for n in range(14)]
    after = [fact(200 + n, n % 20, product=f"Machine N{n}", gpus=(f"10de:{n:04x}",))
             for n in range(14)]
    return before + after


def test_a_regression_of_several_problems_on_one_machine_is_none() -> None:
    """Walk24's defect 5: six reports on a ThinkPad T480 (a captive portal, the screen
    reader, the sound twice, a printer, the Wi-Fi) were "regression: GPU 8086:5917, Wi-Fi/
    network chip 8086:24fd": five problems that share a machine are no regression of it."""
    texts = ["The captive portal of the hotel never opens in the Unsafe Browser.",
             "Orca the screen reader does not speak anymore at the Welcome Screen.",
             "No sound from the speakers since the upgrade.",
             "No sound in the headphones, videos are silent.",
             "My printer is not detected, I cannot print.",
             "Wi-Fi disconnects every few minutes."]
    new = [fact(n, n, text, **T480) for n, text in enumerate(texts)]
    assert regressions(new + _history(), RELEASES, TODAY) == []


def test_a_regression_says_what_its_problem_is() -> None:
    """One problem on one machine is a regression, and its explanation says which."""
    new = [fact(n, n, SOUND[n % 4], **T480) for n in range(6)]
    found = regressions(new + _history(), RELEASES, TODAY)
    assert len(found) == 1
    assert found[0].about == ("say headphone, sound, speaker",)
    assert found[0].explanation.endswith("; most of them say headphone, sound, speaker")
    logging = [replace(f, errors=("kernel snd_hda_intel #:#: azx_get_response timeout",))
               for f in new]
    found = regressions(logging + _history(), RELEASES, TODAY)
    assert found[0].explanation.endswith(
        "; most of them say headphone, sound, speaker and log journal errors of kernel "
        "snd_hda_intel")


def test_hot_topics_detail_says_what_a_regression_s_reports_share() -> None:
    """The regression's detail on hot topics said only its counts: it says the problem."""
    from hdtui.ui.screens.hot_topics import regression_detail

    new = [fact(n, n, SOUND[n % 4], **T480) for n in range(6)]
    (found,) = regressions(new + _history(), RELEASES, TODAY)
    assert "\nMost of them say headphone, sound, speaker\n" in regression_detail(found)


def test_clusters_named_by_a_problem_word_are_still_a_family() -> None:
    """Clusters of words alone that all say one word of their own are a family, flagged
    together (rules v50); a problem word among their signals (the lexicon's "printer")
    keeps them clusters of words: they were left out of families once named by it."""
    cable = frozenset({"printer", "cable", "detect", "lsusb"})
    queue = frozenset({"printer", "queue", "job", "paused"})
    pool = [fact(1, 1, words=cable | {"plugged"}), fact(2, 20, words=cable | {"socket"}),
            fact(3, 2, words=queue | {"spool"}), fact(4, 30, words=queue | {"stuck"}),
            *others(30)]
    found = [c for c in clusters(pool, TODAY) if c.reports[-1] in ("k2", "k4")]
    assert [c.signals for c in found] == [("same problem word printer",)] * 2
    assert all(c.family and c.flagged_weeks == (date(2026, 12, 1),) for c in found)


PRINTER = ["The printer does not print anything, the job stays in the queue.",
           "L'imprimante n'imprime rien, le travail reste dans la file d'attente.",
           "Der Drucker druckt nichts, der Auftrag bleibt in der Warteschlange.",
           "La impresora no imprime nada, el trabajo se queda en la cola."]


def test_lone_printer_reports_in_four_languages_are_one_cluster() -> None:
    """Walk24's A: the 4 printer reports (one per language, the same problem) made no
    cluster: they share the printer and little else. Lone reports naming one kind of
    problem, and only it, are a group of it when 3 to 8 of them do."""
    printer = [fact(n, n, text, product=f"Laptop {n}") for n, text in enumerate(PRINTER)]
    found = [c for c in clusters(printer + sound(10) + others(30), TODAY)
             if "k0" in c.reports]
    assert len(found) == 1
    assert sorted(found[0].reports) == ["k0", "k1", "k2", "k3"]
    assert found[0].label == "same problem word printer"
    # Two are no group; nine lone printer reports are several problems of printers.
    assert not any("k0" in c.reports
                   for c in clusters(printer[:2] + sound(10) + others(30), TODAY))
    def printers(count: int) -> list[ReportFacts]:
        return [fact(n, n, words=frozenset({"printer", f"own{n}x", f"else{n}y"}),
                     product=f"Laptop {n}") for n in range(count)]

    assert [len(c.reports) for c in clusters(printers(8) + others(30), TODAY)
            if "k0" in c.reports] == [8]
    assert not any("k0" in c.reports for c in clusters(printers(9) + others(30), TODAY))
    # Lone reports naming the sound on the way are not joined by it.
    hum = [fact(n, n, text, product=f"Laptop {n}") for n, text in enumerate([
        "The screen stays black but the sound of the boot is heard.",
        "Tor does not connect; the video had sound before.",
        "Das Fenster friert ein, der Ton geht noch."])]
    assert not any("k0" in c.reports for c in clusters(hum + others(30), TODAY))
