"""The insight core: counts, clusters and regressions over hand-made report facts."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from hdtui.domain.insight.clusters import clusters
from hdtui.domain.insight.counted import counted
from hdtui.domain.insight.facts import ReportFacts, mask, report_facts
from hdtui.domain.insight.overview import overview, releases_seen
from hdtui.domain.insight.per_issue import issue_stats
from hdtui.domain.insight.regressions import Regression, regressions
from hdtui.domain.insight.weeks import per_week
from hdtui.domain.links import IssueLink
from hdtui.domain.mail import Kind
from hdtui.domain.message import Message
from hdtui.domain.queue import WHISPERBACK_SENDER, DecryptState, Entry
from hdtui.domain.report import parse_report
from hdtui.domain.terms import terms
from hdtui.domain.text import MailText
from hdtui.domain.vocabulary import FUNCTION_WORDS

TODAY = date(2026, 11, 30)


def fact(n: int, days_ago: int, **kw: object) -> ReportFacts:
    values: dict[str, object] = {"key": f"k{n}", "reference": f"wb://{n:032x}",
                                 "report_id": f"{n:032x}",
                                 "received": TODAY - timedelta(days=days_ago),
                                 "version": "7.6"}
    values.update(kw)
    return ReportFacts(**values)  # type: ignore[arg-type]


def test_linked_reports_are_listed_newest_first() -> None:
    """As every list of reports (docs/insight.md, `hdtui stats`): by the day the report
    came when it was read, else by its link's day; ties by reference. They were in the
    references' order."""
    facts = [fact(1, 20), fact(2, 5), fact(3, 40)]
    links = [IssueLink(7, f"wb://{n:032x}", TODAY - timedelta(days=1)) for n in (1, 2, 3)]
    links += [IssueLink(7, "wb://" + "f" * 32, TODAY - timedelta(days=10)),  # not read here
              IssueLink(7, "wb://" + "e" * 32, TODAY - timedelta(days=10))]
    stats = issue_stats(facts, links, TODAY)
    assert stats[7].confirmed == (f"wb://{2:032x}", "wb://" + "e" * 32, "wb://" + "f" * 32,
                                  f"wb://{1:032x}", f"wb://{3:032x}")


def test_weeks_end_today_and_count_only_the_window() -> None:
    days = [TODAY, TODAY - timedelta(days=6), TODAY - timedelta(days=7),
            TODAY - timedelta(days=55), TODAY - timedelta(days=56), TODAY + timedelta(days=1)]
    assert per_week(days, TODAY) == (1, 0, 0, 0, 0, 0, 1, 2)


def test_issue_counts_both_linked_and_likely_and_never_twice() -> None:
    facts = [fact(1, 1, likely=(7,)), fact(2, 2, likely=(7,)), fact(3, 20, likely=(7,)),
             fact(4, 3, likely=(8, 7))]
    links = [IssueLink(7, "wb://" + f"{1:032x}", TODAY - timedelta(days=1)),
             IssueLink(7, "wb://" + "f" * 32, TODAY - timedelta(days=40)),  # not in the cache
             IssueLink(7, "wb://" + f"{1:032x}", TODAY)]  # linked twice: counted once
    stats = issue_stats(facts, links, TODAY)
    seven = stats[7]
    assert len(seven.confirmed) == 2
    assert [f.key for f in seven.likely] == ["k2", "k3"]  # k1 is linked; k4's best is #8
    assert seven.label == "2 linked, 2 likely, 2 this week"
    assert sum(seven.per_week) == 4  # 2 linked (one 40 days ago: inside 8 weeks) + 2 likely
    assert stats[8].label == "0 linked, 1 likely, 1 this week"
    assert seven.first_seen == TODAY - timedelta(days=40)


def test_possible_reports_flag_no_week_and_are_never_counted() -> None:
    """A week is flagged by the reports its count shows (walk25's defect 4: "#16926 1
    linked, 0 likely, 0 this week, 3 possible FLAGGED" on a week counted 1): possible
    ones, best matches only, neither count nor complete a week's flag (they did from rules
    v50 to v84, with the journal tests of v50 and v56 that are gone with it)."""
    this_week = [fact(1, 1, likely=(7,)), fact(2, 2, possible=7)]
    alone = [fact(3, 20, possible=7), fact(4, 21, possible=7)]  # no likely one that week
    other = [fact(5, 3, likely=(8,)), fact(6, 4, possible=9)]
    stats = issue_stats([*this_week, *alone, *other], [], TODAY)
    seven = stats[7]
    assert [f.key for f in seven.possible] == ["k2", "k3", "k4"]
    assert seven.label == "0 linked, 1 likely, 1 this week"  # possible ones not counted
    assert seven.flagged_weeks == ()
    assert not stats[8].flagged  # one likely report in its week
    # Only possible reports: listed with them, counted none, no flag (walkfix27b: such an
    # issue was in no output, its report said to belong to no known issue).
    nine = stats[9]
    assert [f.key for f in nine.possible] == ["k6"] and not nine.flagged
    assert nine.label == "0 linked, 0 likely, 0 this week" and sum(nine.per_week) == 0
    linked = issue_stats([*this_week], [IssueLink(7, f"wb://{2:032x}", TODAY)], TODAY)
    assert linked[7].flagged_weeks == (TODAY - timedelta(days=6),)
    assert len(linked[7].confirmed) == 1 and not linked[7].possible
    assert linked[7].per_week[-1] == 2  # the week's count the flag rests on


def test_a_report_that_says_what_a_counted_one_says_is_possible_for_its_issue() -> None:
    """Rules v32 (docs/insight.md, "Session 11, eighteenth round"): a report whose own
    words are exactly those of a report counted for an issue is possible for that issue,
    whatever its own best match (its machine pulled the matcher elsewhere); never counted.
    One word of its own more, or words two issues' reports both say, and it is not."""
    said = frozenset(terms("le schede si bloccano quando apro due video, messaggio di crash"))
    counted_one = fact(1, 1, likely=(7,), words=said)
    other_machine = fact(2, 2, possible=9, words=said)
    stats = issue_stats([counted_one, other_machine], [], TODAY)
    assert [f.key for f in stats[7].possible] == ["k2"]
    assert stats[7].label == "0 linked, 1 likely, 1 this week"
    assert not stats[7].flagged  # a possible one completes no week (walk25)
    more = replace(other_machine, words=said | {"printer"})
    assert not issue_stats([counted_one, more], [], TODAY)[7].possible
    # A linked report's words count as a likely one's.
    linked = [IssueLink(7, counted_one.reference, TODAY - timedelta(days=1))]
    unmatched = replace(counted_one, likely=())
    assert [f.key for f in issue_stats([unmatched, other_machine], linked, TODAY)[7].possible
            ] == ["k2"]
    both = [counted_one, fact(3, 3, likely=(8,), words=said), other_machine]
    assert not issue_stats(both, [], TODAY)[7].possible


def test_words_two_issues_reports_say_leave_a_report_its_own_best_match() -> None:
    """Rules v35 (docs/insight.md, "Session 12, nineteenth round"): words that reports
    counted for two issues both say name neither issue, and the report that says them
    keeps its own best, not confident, match: possible for it (it had been possible for no
    issue at all)."""
    said = frozenset(terms("le schede si bloccano quando apro due video, messaggio di crash"))
    seven, eight = fact(1, 1, likely=(7,), words=said), fact(3, 3, likely=(8,), words=said)
    mine = fact(5, 1, likely=(9,))
    other_machine = fact(2, 2, possible=9, words=said)
    stats = issue_stats([seven, eight, mine, other_machine], [], TODAY)
    assert [f.key for f in stats[9].possible] == ["k2"]
    assert not stats[7].possible and not stats[8].possible
    assert not stats[7].flagged and not stats[8].flagged


def test_forwarded_copies_and_team_mail_are_not_counted() -> None:
    report = fact(1, 3)
    forwarded = fact(1, 2, key="k1-ft", kind="ft")
    quoted = fact(1, 1, key="k1-again")
    team = fact(9, 1, kind="team")
    assert [f.key for f in counted([quoted, forwarded, report, team])] == ["k1"]


def test_errors_are_masked_into_signatures() -> None:
    a = mask("amdgpu 0000:03:00.0: [drm] *ERROR* ring gfx_0.0.0 timeout, signaled seq=1234")
    b = mask("amdgpu 0000:05:00.0: [drm] *ERROR* ring gfx_0.0.0 timeout, signaled seq=99")
    assert a == b and "1234" not in a


def test_a_volume_serial_in_a_mount_path_is_masked_but_words_are_not() -> None:
    # Rules v16: one problem, two USB sticks; their FAT serials are not the problem.
    a = mask("nautilus[2341]: Unable to find or create trash directory for "
             "/media/amnesia/B481-16B5/.Trash-1000")
    b = mask("nautilus[977]: Unable to find or create trash directory for "
             "/media/amnesia/7A18-AD4C/.Trash-1000")
    assert a == b and "b481" not in a
    # Hex-looking words without a digit, and words with letters past f, stay.
    assert "face" in mask("dbus face ext4 failed").split()
    assert "ext4" in mask("dbus face ext4 failed").split()


def test_clusters_group_by_shared_chip_and_error_and_explain_why() -> None:
    error = ("amdgpu ring gfx timeout",)
    new_gpu = [fact(i, i, gpus=("1002:15bf",), errors=error, words=frozenset({"black"}))
               for i in range(1, 4)]
    wifi = [fact(10 + i, i, network=("0bda:8179",), words=frozenset({"wifi", "dongle", "usb"}))
            for i in range(2)]
    lone = [fact(20, 1, words=frozenset({"printer"}))]
    matched = [fact(30, 1, gpus=("1002:15bf",), errors=error, likely=(5,))]
    found = clusters(new_gpu + wifi + lone + matched, TODAY)
    groups = {frozenset(c.reports) for c in found}
    assert frozenset({"k1", "k2", "k3"}) in groups
    assert frozenset({"k11", "k10"}) in groups
    assert all("k20" not in g and "k30" not in g for g in groups)  # alone, or matched
    gpu = next(c for c in found if "k1" in c.reports)
    assert any("GPU 1002:15bf" in s or "amdgpu ring gfx timeout" in s for s in gpu.signals)
    assert gpu.flagged and gpu.per_week[-1] == 3
    # Deterministic: the same input gives the same ids, whatever the order.
    again = clusters(list(reversed(new_gpu + wifi + lone + matched)), TODAY)
    assert [c.id for c in again] == [c.id for c in found]


def test_two_clusters_with_the_same_signals_have_ids_of_their_own() -> None:
    # One laptop model and one journal error, two problems in words that share nothing:
    # two clusters whose signals (and so their ids) were the same.
    probook = {"product": "HP ProBook 440 G9", "gpus": ("8086:46a8",),
               "errors": ("kernel i915 # # # # gpu hang",)}
    lid = [fact(i, i, words=frozenset({"lid", "freezes", "closing"}), **probook)
           for i in (1, 2)]
    deckel = [fact(i, i, words=frozenset({"deckel", "eingefroren", "zuklappen"}), **probook)
              for i in (3, 4)]
    found = clusters(lid + deckel, TODAY)
    assert {frozenset(c.reports) for c in found} == {frozenset({"k1", "k2"}),
                                                     frozenset({"k3", "k4"})}
    assert found[0].signals == found[1].signals
    assert len({c.id for c in found}) == 2
    again = clusters(list(reversed(deckel + lid)), TODAY)
    assert {c.id: c.reports for c in again} == {c.id: c.reports for c in found}


def test_one_machine_model_and_two_common_words_are_not_one_problem() -> None:
    # Two owners of the same laptop model share every chip whatever their problem: that is
    # one machine, not a symptom, so it needs a shared error or enough words of their own.
    aspire = {"product": "Acer Aspire A515-54", "gpus": ("8086:3ea0",),
              "network": ("8086:9df0",)}
    printer = fact(1, 1, words=frozenset({"impressora", "aparece", "funciona"}), **aspire)
    dongle = fact(2, 2, words=frozenset({"adaptador", "aparece", "funciona"}), **aspire)
    assert clusters([printer, dongle], TODAY) == []
    # The same two words with the same chip on two different machines do link them.
    other = {"product": "Lenovo V15 G2", "gpus": ("8086:3ea0",), "network": ("8086:9df0",)}
    assert len(clusters([printer, fact(3, 2, words=dongle.words, **other)], TODAY)) == 1
    # And the same model with the same error does too.
    error = ("cupsd job # usr lib cups backend usb crashed",)
    assert len(clusters([replace(printer, errors=error), replace(dongle, errors=error)],
                        TODAY)) == 1


def test_keep_and_again_are_no_words_of_a_problem() -> None:
    """"Keeps asking", "crashed again": words of repetition say how often, not what goes
    wrong; two users of the same Wi-Fi chip who write "keep" and "log" (in, out) are not
    one problem (docs/insight.md, fifth round)."""
    chip = {"network": ("8086:2723",)}
    mail = fact(1, 1, product="A", words=frozenset({"keep", "log", "gmail", "window"}), **chip)
    tabs = fact(2, 2, product="B", words=frozenset({"keep", "log", "video", "crash"}), **chip)
    assert clusters([mail, tabs], TODAY) == []
    # Two words of their own still link them.
    both = replace(tabs, words=frozenset({"keep", "log", "gmail", "crash"}))
    assert len(clusters([mail, both], TODAY)) == 1


def test_a_unit_of_size_is_no_word_of_a_problem() -> None:
    """"16 GB of RAM", "a 64 GB stick": units say how much, in reports of any problem;
    with a shared chip, "gb" and one more word are not one problem (docs/insight.md)."""
    chip = {"network": ("8086:15bb",)}
    drive = fact(1, 1, product="A", words=frozenset({"disk", "gb", "bitlocker"}), **chip)
    memory = fact(2, 2, product="B", words=frozenset({"disk", "gb", "ram"}), **chip)
    assert clusters([drive, memory], TODAY) == []


def test_a_programs_name_is_not_two_words_of_a_problem() -> None:
    """"Tor Browser" names a program, as the app key does: with a shared chip, "tor" and
    "browser" are not the two words of one problem (docs/insight.md, fifth round)."""
    chip = {"network": ("8086:24fd",)}
    mail = fact(1, 1, product="A", words=frozenset({"tor", "browser", "gmail"}), **chip)
    crash = fact(2, 2, product="B", words=frozenset({"tor", "browser", "video"}), **chip)
    assert clusters([mail, crash], TODAY) == []
    # Two words of the problem besides the name do link them.
    same = replace(crash, words=frozenset({"tor", "browser", "gmail", "login"}))
    assert len(clusters([replace(mail, words=mail.words | {"login"}), same], TODAY)) == 1


def test_words_of_every_problem_are_not_two_words_of_one_problem() -> None:
    """"Error" and "fails" are in reports of any problem: two laptops with the same Wi-Fi
    chip whose users say "error" and "file" (a disk that vanishes while copying a file, a
    Persistent Storage that shows an error) are not one problem (docs/insight.md,
    "Session 10, sixteenth round")."""
    chip = {"network": ("8086:2723",)}
    disk = fact(1, 1, product="A", words=frozenset({"error", "file", "disk", "vanish"}), **chip)
    storage = fact(2, 2, product="B", words=frozenset({"error", "file", "unlock", "storage"}),
                   **chip)
    assert clusters([disk, storage], TODAY) == []
    # Two words of the problem itself still link them.
    same = replace(storage, words=frozenset({"error", "file", "disk", "vanish"}))
    assert len(clusters([disk, same], TODAY)) == 1


def test_words_alone_do_not_join_a_device_one_report_names_and_the_other_does_not() -> None:
    """Rules v28 (docs/insight.md, "Session 10, sixteenth round"): "no sound in my
    headphones" and "no sound in my Bluetooth headphones" share their words, but a device
    one user names (Bluetooth, a printer, sound) and the other does not is another problem;
    words alone do not make them one."""
    wired = fact(1, 1, product="A", words=frozenset(terms("headphones sound listen")))
    wireless = fact(2, 2, product="B",
                    words=frozenset(terms("bluetooth headphones sound listen")))
    assert clusters([wired, wireless], TODAY) == []
    # Both naming it: the same words are one problem again.
    both = replace(wired, words=wireless.words)
    assert len(clusters([both, wireless], TODAY)) == 1


def test_generic_journal_noise_and_common_laptop_chips_link_no_pair() -> None:
    # A flaky USB port logs the same error on any machine, whatever the problem.
    usb = ("kernel usb # # device descriptor read # error #",)
    odd = [fact(1, 1, errors=usb, words=frozenset({"keepassxc"}), product="A"),
           fact(2, 2, errors=usb, words=frozenset({"printer"}), product="B")]
    assert clusters(odd, TODAY) == []
    assert mask("usb 2-1: device descriptor read/64, error -71") in (
        "usb # # device descriptor read # error #", "usb # device descriptor read # error #")
    # An Intel UHD 620 is in a quarter of all reports: two users who have one and say
    # "open" and "closed" in their language are not one problem...
    common = [fact(10 + i, i % 50, gpus=("8086:5917",), words=frozenset({f"w{i}"}))
              for i in range(30)]
    pair = [fact(1, 1, gpus=("8086:5917",), product="A", words=frozenset({"باز", "بسته"})),
            fact(2, 2, gpus=("8086:5917",), product="B", words=frozenset({"باز", "بسته"}))]
    assert not any({"k1", "k2"} <= set(c.reports) for c in clusters(pair + common, TODAY))
    # ...while a rare chip and the same two words are.
    rare = [replace(f, gpus=("1002:15bf",)) for f in pair]
    assert any({"k1", "k2"} <= set(c.reports) for c in clusters(rare + common, TODAY))


def test_a_peripheral_chip_and_two_words_link_as_a_gpu_does() -> None:
    # Rules v38: two machines of other makers whose SATA controller is in RAID mode (their
    # only shared chip), their users saying the same two words, are one problem. A USB
    # device is not such a chip: every report lists the stick Tails runs from.
    words = frozenset({"invisible", "ssd"})
    raid = [fact(1, 1, product="Dell Inspiron 5570", gpus=("8086:5917",), words=words,
                 devices=("8086:282a",)),
            fact(2, 2, product="HP Pavilion 15", gpus=("8086:8a56",), words=words,
                 devices=("8086:282a", "usb:8087:0aaa"))]
    key = frozenset({"webauthn", "passkey"})
    fido = [fact(3, 3, product="A", network=("8086:2723",), words=key,
                 devices=("usb:1050:0407",)),
            fact(4, 4, product="B", network=("14e4:43a0",), words=key,
                 devices=("usb:1050:0407", "10ec:522a"))]
    found = {frozenset(c.reports) for c in clusters(raid + fido, TODAY)}
    assert found == {frozenset({"k1", "k2"})}
    raid_cluster = next(c for c in clusters(raid + fido, TODAY) if "k1" in c.reports)
    assert "same device 8086:282a" in raid_cluster.signals
    # A cluster is named after such a chip only when nothing else is as shared.
    same_gpu = [replace(f, gpus=("1002:15bf",)) for f in raid]
    (both,) = clusters(same_gpu, TODAY)
    assert both.label == "same GPU 1002:15bf"
    # A chip in more than a tenth of all reports (a chipset's USB controller) says nothing.
    common = [fact(10 + i, i % 50, product=f"M{i}", words=frozenset({f"w{i}"}),
                   devices=("8086:9ded",)) for i in range(20)]
    usb3 = [replace(f, devices=("8086:9ded",)) for f in raid]
    assert not any({"k1", "k2"} <= set(c.reports) for c in clusters(usb3 + common, TODAY))


def test_a_chip_and_two_words_do_not_link_reports_whose_programs_logged_other_errors(
) -> None:
    # Rules v59: a Tiger Lake GPU and "copy" and "window" joined a report whose Nautilus
    # logged "file name too long" to one whose kernel's vmd driver failed to probe the
    # disk: two problems, and the pair chained their two clusters into one.
    words = frozenset({"copy", "window"})
    nautilus = ("nautilus # error while copying to home amnesia persistent file name too long",)
    vmd = ("kernel vmd # # 0e # probe of # e1 # # failed with error #",)
    pair = [fact(1, 1, product="Dell Inspiron 15 3511", gpus=("8086:9a78",), words=words,
                 errors=nautilus),
            fact(2, 2, product="HP Pavilion Laptop 15", gpus=("8086:9a78",), words=words,
                 errors=vmd)]
    assert clusters(pair, TODAY) == []
    # The same driver's other error is one problem's (amdgpu's "dpm features" and its
    # "late_init"): still linked.
    amdgpu = [replace(pair[0], errors=("kernel amdgpu # # # # amdgpu failed to enable "
                                       "requested dpm features",)),
              replace(pair[1], errors=("kernel amdgpu # # # # amdgpu fatal error during "
                                       "gpu init",))]
    assert {frozenset(c.reports) for c in clusters(amdgpu, TODAY)} == {frozenset({"k1", "k2"})}
    # And a report that logged no error is not kept apart by the other's.
    quiet = [pair[0], replace(pair[1], errors=())]
    assert {frozenset(c.reports) for c in clusters(quiet, TODAY)} == {frozenset({"k1", "k2"})}


def test_a_common_chip_alone_never_makes_a_cluster() -> None:
    intel = [fact(i, i % 50, gpus=("8086:1616",), words=frozenset({f"w{i}", f"x{i}"}))
             for i in range(40)]
    assert clusters(intel, TODAY) == []


def test_a_hardware_regression_after_a_release_is_flagged() -> None:
    release = ("7.7", TODAY - timedelta(days=6))
    before = [fact(i, 10 + i, version="7.6", gpus=("8086:1616",)) for i in range(20)]
    after = [fact(100 + i, i, version="7.7", gpus=("8086:1616",)) for i in range(6)]
    planted = [fact(200 + i, i, version="7.7", gpus=("8086:a7a0",)) for i in range(5)]
    found = regressions(before + after + planted, [("7.6", TODAY - timedelta(days=60)),
                                                   release], TODAY)
    assert [r.group for r in found] == ["GPU 8086:a7a0"]
    assert found[0].explanation.startswith("GPU 8086:a7a0: 5 reports on 7.7 in 7 days, 0 on")
    # Without the planted group nothing rises: more reports of every kind is not a regression.
    assert regressions(before + after, [release], TODAY) == []


def on_7_7_after_twenty_on_7_6(seen: list[ReportFacts]) -> list[Regression]:
    """The regressions found when ``seen`` come on 7.7 (one a day) after twenty reports of
    other machines on 7.6 in the weeks before."""
    new = [replace(f, received=TODAY - timedelta(days=i), version="7.7")
           for i, f in enumerate(seen)]
    before = [fact(10 + i, 10 + i, version="7.6", gpus=("8086:5916",)) for i in range(20)]
    return regressions(before + new, [("7.6", TODAY - timedelta(days=60)),
                                      ("7.7", TODAY - timedelta(days=6))], TODAY)


@pytest.mark.parametrize(("chip", "device"), [
    ("02:00.0 Unassigned class [ff00]: Realtek Semiconductor Co., Ltd. RTS522A PCI Express "
     "Card Reader [10ec:522a] (rev 01)", "10ec:522a"),
    # Rules v37: the chipset's Serial IO I2C controller, the bus a touchpad hangs on.
    ("00:15.0 Serial bus controller [0c80]: Intel Corporation Tiger Lake-LP Serial IO I2C "
     "Controller #0 [8086:a0e8] (rev 20)", "8086:a0e8"),
    # Rules v44: a Thunderbolt controller, listed among lspci's "System peripheral"s: the
    # dock, and the network, keyboard and monitors behind it, hang on it.
    ("00:0d.2 System peripheral [0880]: Intel Corporation Tiger Lake-LP Thunderbolt 4 NHI "
     "#0 [8086:9a1b] (rev 01)", "8086:9a1b"),
])
def test_a_peripheral_chip_that_stops_working_on_a_release_is_a_regression(
        chip: str, device: str) -> None:
    """Rules v34 (docs/insight.md, "Regressions after a release"): a peripheral chip that
    is neither a GPU nor a network chip (an SD card reader, lspci's "Unassigned class"; an
    I2C controller since v37, a Thunderbolt controller since v44) shared by machines that
    otherwise differ rises on a release; bridges and the SMBus, which every machine of a
    chipset has, are no group."""
    shared = ["00:1c.0 PCI bridge [0604]: Intel Corporation Sunrise Point-LP PCI Express "
              "Root Port [8086:9d10] (rev f1)",
              "00:1f.4 SMBus [0c05]: Intel Corporation Sunrise Point-LP SMBus [8086:9d23]",
              chip]
    seen = []
    for n, gpu in enumerate(("5916", "1916", "3ea0"), start=1):
        pci = "\n".join([f"00:02.0 VGA compatible controller [0300]: Intel Corporation "
                         f"HD Graphics [8086:{gpu}] (rev 07)", *shared])
        entry = report(n, "the SD card is not detected", "Dell Inc.", f"Model {n}", [])
        # The same report with an lspci section (report() writes none).
        text = (f"Tails-Version: 7.7\n\nWhat happened instead?\n----------------------\n\n"
                f"the SD card is not detected\n\n"
                f"======= content of /usr/bin/lspci -nn =======\n{pci}\n")
        parsed = parse_report(text, f"{n:032x}")
        seen.append(report_facts(entry._replace(report=parsed), today=TODAY))
    # No bridge; the SMBus kept apart (rules v53), for regressions only.
    assert [f.devices for f in seen] == [(device, "smbus:8086:9d23")] * 3
    found = on_7_7_after_twenty_on_7_6(seen)
    # The SMBus rose with the chip, and nobody names what hangs on it: no line of its own.
    assert [r.group for r in found] == [f"PCI device {device}"]
    assert (found[0].count_new, found[0].count_before) == (3, 0)


def thinkpad_on_7_7(n: int, said: str, gpu: str, audio: bool, journal: Sequence[str]
                     ) -> ReportFacts:
    """A report on 7.7 from an Alder Lake laptop (its SMBus 8086:51a3, class 0c05, at
    00:1f.4), through the real parser: lspci and journal as WhisperBack sends them."""
    pci = [f"00:02.0 VGA compatible controller [0300]: Intel Corporation Alder Lake-P GT2 "
           f"[Iris Xe Graphics] [8086:{gpu}] (rev 0c)",
           "00:1f.4 SMBus [0c05]: Intel Corporation Alder Lake PCH-P SMBus Host Controller "
           "[8086:51a3] (rev 01)"]
    if audio:
        pci.append("00:1f.3 Multimedia audio controller [0401]: Intel Corporation Alder Lake "
                   "PCH-P High Definition Audio Controller [8086:51c8] (rev 01)")
    return machine_on_7_7(n, said, "LENOVO", f"ThinkPad {n}", pci, journal)


def machine_on_7_7(n: int, said: str, maker: str, model: str, pci: Sequence[str],
                   journal: Sequence[str]) -> ReportFacts:
    """A report on 7.7 (key ``k{n}``) of a machine with the lspci lines given, through the
    real parser: machine, lspci and journal as WhisperBack sends them."""
    lines = "\n".join(f"Nov 20 10:0{i}:00 amnesia {line}" for i, line in enumerate(journal))
    text = (f"Tails-Version: 7.7\n\nWhat happened instead?\n----------------------\n\n"
            f"{said}\n\n"
            f"======= content of /usr/sbin/dmidecode -s system-manufacturer =======\n{maker}\n\n"
            f"======= content of /usr/sbin/dmidecode -s system-product-name =======\n"
            f"{model}\n\n"
            f"======= content of /usr/bin/lspci -nn =======\n" + "\n".join(pci) + "\n\n"
            f"======= content of /bin/journalctl --catalog --no-pager =======\n{lines}\n")
    entry = report(1, said, maker, model, [])  # its key and date: replaced
    facts = report_facts(entry._replace(report=parse_report(text, f"{n:032x}")), today=TODAY)
    return replace(facts, key=f"k{n}")


SMBUS_TIMEOUT = "kernel: i801_smbus 0000:00:1f.4: Timeout waiting for interrupt!"
RMI4_FAILED = "kernel: rmi4_smbus 0-002c: failed to get SMBus version number!"


def test_an_smbus_whose_reports_name_what_hangs_on_it_is_a_regression() -> None:
    """Rules v52 (docs/insight.md, "Session 19, thirtieth round: regressions"): the SMBus
    every machine of a chipset has is a regression when the rising reports name what hangs
    on it (a touchpad, a TrackPoint, the i2c_i801 driver's errors), even though a GPU most
    of them share rose too; the line says why."""
    seen = [thinkpad_on_7_7(1, "the TrackPoint does nothing since 7.7", "46a6", False,
                            [SMBUS_TIMEOUT]),
            thinkpad_on_7_7(2, "тачпад не прокручивает", "46a6", True, [RMI4_FAILED]),
            thinkpad_on_7_7(3, "TrackPoint und Tasten ohne Funktion", "46a8", True, []),
            thinkpad_on_7_7(4, "my mouse buttons stopped", "46a6", True, [SMBUS_TIMEOUT])]
    assert all("smbus:8086:51a3" in f.devices for f in seen)
    found = on_7_7_after_twenty_on_7_6(seen)
    assert [r.group.split(" (")[:2] for r in found] == [
        ["SMBus 8086:51a3", "touchpad, TrackPoint, i2c_i801 errors)"]]
    assert "3 of them also GPU 8086:46a6" in found[0].group
    assert found[0].explanation.startswith(
        "SMBus 8086:51a3 (touchpad, TrackPoint, i2c_i801 errors) (3 of them also")
    assert (found[0].count_new, found[0].count_before) == (4, 0)
    # The team report and the JSON say it as the hot topics screen does (the explanation).
    from hdtui.domain.weekly import as_data, markdown
    new = [replace(f, received=TODAY - timedelta(days=i)) for i, f in enumerate(seen)]
    before = [fact(10 + i, 10 + i, version="7.6", gpus=("8086:5916",)) for i in range(20)]
    view = overview(before + new, [], TODAY, releases=[("7.6", TODAY - timedelta(days=60)),
                                                       ("7.7", TODAY - timedelta(days=6))])
    assert f"- `{found[0].explanation}`" in markdown(view, {})
    assert [r["group"] for r in as_data(view, {})["regressions"]] == [found[0].group]
    # Machines that share their GPU too: one line, the SMBus and its reason named in it.
    same_gpu = [thinkpad_on_7_7(n, "touchpad lost scrolling", "46a6", False, [])
                for n in (1, 2, 3)]
    assert [r.group for r in on_7_7_after_twenty_on_7_6(same_gpu)] == [
        "GPU 8086:46a6, SMBus 8086:51a3 (touchpad)"]


def test_an_smbus_that_rose_with_a_shared_gpu_and_that_nobody_names_is_no_regression() -> None:
    """Rules v52: the same machines, their users writing of other things and their journals
    silent on the SMBus: the GPU most of them share leads, the SMBus (a chipset's plumbing
    that rose with it) is no line and no name in it."""
    quiet = [thinkpad_on_7_7(n, "the screen flickers", gpu, audio, [])
             for n, gpu, audio in ((1, "46a6", False), (2, "46a6", True), (3, "46a8", True),
                                   (4, "46a6", True))]
    found = on_7_7_after_twenty_on_7_6(quiet)
    assert [r.group for r in found] == ["GPU 8086:46a6 (2 of them also PCI device 8086:51c8)"]


def test_an_smbus_that_is_all_the_rising_reports_share_is_a_regression() -> None:
    """Rules v52: the SMBus of machines that share nothing else that rose is flagged,
    saying so; the same SMBus common before the release rises with none."""
    seen = [fact(100 + n, n, version="7.7", gpus=(gpu,), product=f"M{n}",
                 devices=("smbus:8086:51a3",))
            for n, gpu in enumerate(("8086:46a6", "8086:46a8", "8086:4626"))]
    found = on_7_7_after_twenty_on_7_6(seen)
    assert [r.explanation for r in found] == [
        "SMBus 8086:51a3 (most of these reports share nothing else that rose): 3 reports on "
        "7.7 in 7 days, 0 on earlier versions in the 4 weeks before and since"]
    release = ("7.7", TODAY - timedelta(days=6))
    common = [fact(i, 10 + i, version="7.6", gpus=("8086:5916",),
                   devices=("smbus:8086:51a3",)) for i in range(20)]
    assert regressions(common + seen, [release], TODAY) == []
    # Two GPU regressions of one chipset, each half of its SMBus's reports: the SMBus rose
    # with them, together they explain it; no line of its own.
    two = [fact(200 + n, n, version="7.7", gpus=(gpu,), product=f"N{n}",
                devices=("smbus:8086:51a3",))
           for n, gpu in enumerate(["8086:46a6"] * 3 + ["8086:46a8"] * 3)]
    assert [r.group for r in on_7_7_after_twenty_on_7_6(two)] == ["GPU 8086:46a6",
                                                                  "GPU 8086:46a8"]


AMD_SFH = ("04:00.7 Signal processing controller [1180]: Advanced Micro Devices, Inc. [AMD] "
           "Raven/Raven2/Renoir Sensor Fusion Hub [1022:15e4]")
INTEL_THERMAL = ("00:04.0 Signal processing controller [1180]: Intel Corporation Tiger Lake-LP "
                 "Dynamic Tuning Processor Participant [8086:9a03] (rev 01)")
SFH_FAILED = "kernel: amd_sfh 0000:04:00.7: probe with driver amd_sfh failed with error -95"


def hp_on_7_7(n: int, said: str, vga: str, chipset: str, journal: Sequence[str]
              ) -> ReportFacts:
    """A report on 7.7 of an HP laptop with the GPU and chipset lspci lines given."""
    return machine_on_7_7(n, said, "HP", f"Laptop {n}", [vga, chipset], journal)


def amd_vga(gpu: str) -> str:
    return (f"04:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. "
            f"[AMD/ATI] Renoir [1002:{gpu}] (rev c1)")


def test_a_sensor_hub_whose_reports_name_what_sits_on_it_is_a_regression() -> None:
    """Rules v57 (docs/insight.md, "Session 19, thirty-first round: a sensor hub's
    regression"): AMD's Sensor Fusion Hub (class 1180, a chipset's signal processing
    controller) is a regression when the rising reports name what sits on it (the screen's
    rotation, tablet mode, the amd_sfh driver's errors), though a GPU most of them share
    rose too; the line says why. Rules v54 listed no class 1180 device: the GPU led."""
    seen = [hp_on_7_7(1, "the screen no longer rotates since 7.7", amd_vga("164c"),
                           AMD_SFH, [SFH_FAILED]),
            hp_on_7_7(2, "Im Tablet-Modus tippt die Tastatur weiter", amd_vga("164c"),
                           AMD_SFH, []),
            hp_on_7_7(3, "экран не поворачивается", amd_vga("1636"), AMD_SFH,
                           [SFH_FAILED]),
            hp_on_7_7(4, "it stopped working after the upgrade", amd_vga("164c"),
                           AMD_SFH, [SFH_FAILED])]
    assert all("sensorhub:1022:15e4" in f.devices for f in seen)
    found = on_7_7_after_twenty_on_7_6(seen)
    assert [r.explanation for r in found] == [
        "sensor hub 1022:15e4 (rotation, tablet mode, amd_sfh errors) (3 of them also GPU "
        "1002:164c): 4 reports on 7.7 in 7 days, 0 on earlier versions in the 4 weeks "
        "before and since; most of them log journal errors of kernel amd_sfh"]
    # The same hub, its users writing of their screen flickering and no driver error: it
    # rose with the GPU they share, which leads alone.
    quiet = [hp_on_7_7(n, "the screen flickers", amd_vga("164c"), AMD_SFH, [])
             for n in (1, 2, 3)]
    assert [r.group for r in on_7_7_after_twenty_on_7_6(quiet)] == ["GPU 1002:164c"]
    # A desktop environment in Spanish or Portuguese ("ambiente gráfico") is no ambient
    # light sensor (rules v58, the review of session 19).
    desktop = [hp_on_7_7(n, said, amd_vga("164c"), AMD_SFH, []) for n, said in (
        (1, "el ambiente gráfico no carga"), (2, "o ambiente gráfico não abre"),
        (3, "pantalla negra al iniciar"))]
    assert [r.group for r in on_7_7_after_twenty_on_7_6(desktop)] == ["GPU 1002:164c"]


def test_a_signal_processing_controller_every_machine_shares_is_no_regression() -> None:
    """Rules v57 and v58: Intel's Dynamic Tuning controller (class 1180 too) is on every machine of
    a chipset, before the release as after: nothing rises when more reports of every kind
    come, and a GPU regression of that chipset, whose users write of their screen's
    brightness, is the GPU's line alone (class 1180 as a plain peripheral would lead it)."""
    intel = ("00:02.0 VGA compatible controller [0300]: Intel Corporation TigerLake-LP GT2 "
             "[Iris Xe Graphics] [8086:9a49] (rev 01)")
    before = [replace(hp_on_7_7(n, "Tor does not connect", intel, INTEL_THERMAL, []),
                      version="7.6", received=TODAY - timedelta(days=10 + n))
              for n in range(1, 9)]
    # Rules v58: not a sensor hub at all (lspci does not call it one).
    assert all(f.devices == () for f in before)
    after = [replace(hp_on_7_7(n, "Tor does not connect", intel, INTEL_THERMAL, []),
                     received=TODAY - timedelta(days=n % 5)) for n in range(10, 14)]
    releases = [("7.6", TODAY - timedelta(days=60)), ("7.7", TODAY - timedelta(days=6))]
    assert regressions(before + after, releases, TODAY) == []
    dim = [hp_on_7_7(n, "the brightness keys do nothing, the screen stays dim",
                          intel.replace("9a49", "9a78"), INTEL_THERMAL, [])
           for n in (20, 21, 22)]
    found = on_7_7_after_twenty_on_7_6(dim)
    assert [r.group for r in found] == ["GPU 8086:9a78"]
    # Nor is it named, with a reason that is not its own, beside a GPU whose users write of
    # a rotated screen or a drawing tablet (the review of session 19 found "GPU 8086:9a49,
    # sensor hub 8086:9a03 (rotation)").
    for said in ("the screen is rotated upside down", "my Wacom drawing tablet does nothing"):
        odd = [hp_on_7_7(n, said, intel.replace("9a49", "9a78"), INTEL_THERMAL, [])
               for n in (20, 21, 22)]
        assert [r.group for r in on_7_7_after_twenty_on_7_6(odd)] == ["GPU 8086:9a78"], said


def test_a_usb_wifi_stick_that_stops_working_on_a_release_is_a_regression() -> None:
    """Rules v36 (docs/insight.md, "Regressions after a release"): a USB device (lsusb)
    shared by machines that otherwise differ, here a Wi-Fi stick, rises on a release; the
    kernel's root hubs, which every machine lists, are no group."""
    seen = []
    for n, gpu in enumerate(("5916", "1916", "3ea0"), start=1):
        text = (f"Tails-Version: 7.7\n\nWhat happened instead?\n----------------------\n\n"
                f"my wifi stick shows no networks\n\n"
                f"======= content of /usr/bin/lspci -nn =======\n"
                f"00:02.0 VGA compatible controller [0300]: Intel Corporation HD Graphics "
                f"[8086:{gpu}] (rev 07)\n\n"
                f"======= content of /usr/bin/lsusb =======\n"
                f"Bus 002 Device 001: ID 1d6b:0003 Linux Foundation 3.0 root hub\n"
                f"Bus 001 Device 003: ID 0bda:8179 Realtek Semiconductor Corp. RTL8188EUS "
                f"802.11n Wireless Network Adapter\n"
                f"Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub\n")
        entry = report(n, "my wifi stick shows no networks", "Dell Inc.", f"Model {n}", [])
        parsed = parse_report(text, f"{n:032x}")
        seen.append(report_facts(entry._replace(report=parsed), today=TODAY))
    assert [f.devices for f in seen] == [("usb:0bda:8179",)] * 3  # no root hub
    found = on_7_7_after_twenty_on_7_6(seen)
    assert [r.group for r in found] == ["USB device 0bda:8179"]
    assert (found[0].count_new, found[0].count_before) == (3, 0)


def test_releases_are_seen_in_the_reports_when_no_feed_is_at_hand() -> None:
    facts = [fact(1, 30, version="7.6"), fact(2, 29, version="7.6"),
             fact(3, 60, version="7.7"),  # a wrong clock: one report cannot date a release
             fact(4, 5, version="7.7"), fact(5, 4, version="7.7"), fact(6, 3, version="7.8")]
    assert releases_seen(facts, 2) == [("7.6", TODAY - timedelta(days=30)),
                                       ("7.7", TODAY - timedelta(days=5))]


def test_a_release_seen_in_the_reports_is_dated_by_its_first_each_report_once() -> None:
    # The walk's demo: the first 7.7 report (day 17) was in neither count when the release
    # was dated by its second; copies of one report moved the date; 7.5, reported late,
    # was dated after 7.7.
    first = [fact(1, 17, version="7.7"), fact(2, 16, version="7.7"),
             fact(3, 10, version="7.7"), fact(4, 40, version="7.6"),
             fact(5, 38, version="7.6"), fact(6, 15, version="7.5"),
             fact(7, 14, version="7.5")]
    assert releases_seen(first, 2) == [
        ("7.5", TODAY - timedelta(days=40)),  # no later than 7.6
        ("7.6", TODAY - timedelta(days=40)), ("7.7", TODAY - timedelta(days=17))]
    # The same reports twice (an mbox holding copies) date them the same.
    copies = [replace(f, key=f"copy-{f.key}") for f in first]
    assert releases_seen([*copies, *first], 2) == releases_seen(first, 2)
    # One report and its copy are one report: no release.
    assert releases_seen([fact(8, 3, version="7.8"),
                          replace(fact(8, 2, version="7.8"), key="again")], 2) == []
    # Mail no user wrote is no sign of a release.
    assert releases_seen([replace(fact(9, 3, version="7.9"), kind="team"),
                          replace(fact(10, 2, version="7.9"), kind="team")], 2) == []


def test_overview_filters_by_date() -> None:
    facts = [fact(1, 1, likely=(7,)), fact(2, 30, likely=(7,))]
    view = overview(facts, [], TODAY, since=TODAY - timedelta(days=7))
    assert [f.key for f in view.facts] == ["k1"]
    assert view.stats[7].label == "0 linked, 1 likely, 1 this week"


def test_a_report_linked_to_one_issue_is_never_likely_for_another() -> None:
    facts = [fact(1, 1, likely=(7,))]
    links = [IssueLink(5, f"wb://{1:032x}", TODAY - timedelta(days=1))]
    stats = issue_stats(facts, links, TODAY)
    assert stats[5].label == "1 linked, 0 likely, 1 this week"
    assert 7 not in stats or not stats[7].likely


def test_links_after_the_end_date_do_not_count() -> None:
    links = [IssueLink(5, "wb://" + "a" * 32, TODAY - timedelta(days=1)),
             IssueLink(5, "wb://" + "b" * 32, TODAY + timedelta(days=3))]
    view = overview([], links, TODAY)
    assert view.stats[5].confirmed == ("wb://" + "a" * 32,)


def test_a_new_group_with_no_report_before_the_release_is_flagged() -> None:
    """Against a history of other reports (rules v74: a regression needs one)."""
    history = [fact(100 + i, 10 + i, version="7.6", gpus=("8086:1616",)) for i in range(10)]
    new = [fact(i, i, version="7.7", gpus=("1002:15bf",)) for i in range(4)]
    found = regressions(history + new, [("7.7", TODAY - timedelta(days=6))], TODAY)
    assert [r.group for r in found] == ["GPU 1002:15bf"] and found[0].count_before == 0


def test_the_newest_release_is_the_highest_version_not_the_latest_seen() -> None:
    before = [fact(i, 10 + i, version="7.6", gpus=("8086:1616",)) for i in range(10)]
    new = [fact(100 + i, i, version="7.7", gpus=("8086:a7a0",)) for i in range(4)]
    stragglers = [fact(200 + i, 1, version="6.19") for i in range(2)]
    releases = [("7.6", TODAY - timedelta(days=60)), ("7.7", TODAY - timedelta(days=6)),
                ("6.19", TODAY - timedelta(days=1))]  # 6.19 first seen yesterday
    found = regressions(before + new + stragglers, releases, TODAY)
    assert [(r.group, r.version) for r in found] == [("GPU 8086:a7a0", "7.7")]


def test_published_cluster_signals_never_carry_the_users_words() -> None:
    # Two mails signed with a name: their words group them, the name must not be published.
    words = frozenset({"marguerite", "oyelaran", "wifi", "connect"})
    found = clusters([fact(1, 1, words=words), fact(2, 2, words=words)], TODAY)
    [cluster] = found
    assert "marguerite" in cluster.words  # the member sees it on screen
    assert not any("marguerite" in s for s in (*cluster.signals, cluster.label))


def test_clusters_with_no_report_in_the_window_are_left_out() -> None:
    error = ("amdgpu ring gfx timeout",)
    old = [fact(i, 100 + i, gpus=("1002:15bf",), errors=error) for i in range(3)]
    assert clusters(old, TODAY) == []


def test_the_template_answers_of_hindi_greek_hebrew_korean_czech_swahili_link_no_pair() -> None:
    # WhisperBack's "What were you trying to do?" answered in one language repeats the
    # same words in every report ("I just wanted to use it normally"): two reports of other
    # problems do not become one through them.
    said = {"hi": "मैं बस सामान्य रूप से लैपटॉप इस्तेमाल करना चाहता था",
            "el": "Ήθελα απλώς να χρησιμοποιήσω τον υπολογιστή κανονικά",
            "he": "רק רציתי להשתמש במחשב כרגיל",
            "ko": "그냥 정상적으로 노트북 사용하고 싶었습니다",
            "cs": "Jen jsem chtěl normálně používat počítač",
            "sw": "Nilitaka tu kutumia kompyuta kama kawaida"}
    _template_links_no_pair(said)


def _template_links_no_pair(said: dict[str, str]) -> None:
    """Two reports of other problems (Wi-Fi, sound) whose users answer with one language's
    ``said`` are not one cluster."""
    for lang, template in said.items():
        wifi = fact(1, 1, product="A", words=frozenset(terms(f"{template} wifi")))
        sound = fact(2, 2, product="B", words=frozenset(terms(f"{template} sound")))
        assert clusters([wifi, sound], TODAY) == [], lang


def test_the_template_answers_of_catalan_croatian_slovak_finnish_swedish_link_no_pair(
) -> None:
    """Rules v51: the same for five more languages; Slovak and Swedish "som" (I am, as) is
    not among their words, as Portuguese "som" is the sound."""
    said = {"ca": "Només volia fer servir l'ordinador amb normalitat",
            "hr": "Samo sam htio normalno koristiti računalo",
            "sk": "Len som chcel normálne používať počítač",
            "fi": "Halusin vain käyttää tietokonetta normaalisti",
            "sv": "Jag ville bara använda datorn som vanligt"}
    _template_links_no_pair(said)
    assert "sound" not in FUNCTION_WORDS
    # Catalan "només" (only) folds to "nome", Italian's and Portuguese's name: not one.
    assert "nome" not in FUNCTION_WORDS


def test_the_template_answers_of_danish_norwegian_tagalog_belarusian_serbian_link_no_pair(
) -> None:
    """Rules v54: the same for five more languages, and Danish and Norwegian "som" (as)
    beside their words is no sound."""
    said = {"da": "Jeg ville bare bruge computeren som normalt",
            "nb": "Jeg ville bare bruke Tails som vanlig",
            "nn": "Eg ville berre bruke Tails som vanleg",
            "tl": "Gusto ko lang gamitin ang Tails nang normal",
            "be": "Я проста хацеў карыстацца Tails як звычайна",
            "sr": "Само сам хтео да нормално користим Tails",
            "sr-Latn": "Samo sam hteo da normalno koristim Tails"}
    _template_links_no_pair(said)
    assert "sound" not in FUNCTION_WORDS


def test_a_word_of_a_problem_in_one_language_is_no_everyday_word_of_another() -> None:
    """Rules v55: Tagalog "dati" (formerly) and Serbian "malo" (a little) are Italian "data"
    and Spanish "bad": as everyday words they kept two reports of lost data, or of a
    speaker that sounds bad, apart."""
    for said in (("i dati persistenti della chiavetta spariti",
                  "dati persistenti spariti dopo il riavvio"),
                 ("el altavoz suena malo, chirrido", "chirrido malo en el altavoz")):
        one, other = (fact(n, n, product=product, words=frozenset(terms(text)))
                      for n, product, text in ((1, "A", said[0]), (2, "B", said[1])))
        assert len(clusters([one, other], TODAY)) == 1, said


def test_the_machines_name_is_not_a_shared_word() -> None:
    # Two owners of one laptop model who name it in their words share the machine, not a
    # problem: a rotated screen and no sound on the CHUWI MiniBook X, a dead keyboard and
    # dead speakers on a Lenovo ThinkPad (makers and model lines, on any machine).
    minibook = "CHUWI Innovation And Technology(ShenZhen)co.,Ltd MiniBook X"
    rotated = fact(1, 1, product=minibook, words=frozenset(terms("CHUWI MiniBook screen "
                                                                 "rotated sideways")))
    silent = fact(2, 2, product=minibook, words=frozenset(terms("CHUWI MiniBook screen fine, "
                                                                "dummy output")))
    assert clusters([rotated, silent], TODAY) == []
    keyboard = fact(3, 1, words=frozenset(terms("Lenovo ThinkPad keyboard dead")))
    speakers = fact(4, 2, words=frozenset(terms("Lenovo ThinkPad speakers dead")))
    assert clusters([keyboard, speakers], TODAY) == []


def test_a_short_report_all_of_whose_words_a_long_one_has_joins_it() -> None:
    # A mail without debug sections says little; when most of what it says is what a long
    # report says, they are one problem, though the long report's other words make their
    # share of all the words small.
    short = fact(1, 1, words=frozenset(terms("clock wrong, tor cannot connect")))
    long = fact(2, 2, product="Dell Latitude 7490", words=frozenset(terms(
        "the clock shows yesterday and tor cannot connect, bridges fail, the globe icon "
        "has a cross, battery was dead for a month")))
    found = clusters([short, long], TODAY)
    assert [set(c.reports) for c in found] == [{"k1", "k2"}]


def test_a_rise_that_chance_explains_is_no_regression() -> None:
    # An issue with 1 report in the 4 weeks before the release (55 reports then) and 3 of
    # the 36 on it: three times its share, but one report more or less either side is
    # chance (about 1 in 14), not something the release broke. Nine would not be.
    release = ("7.7", TODAY - timedelta(days=6))
    before = [fact(i, 8 + i % 20, version="7.6", likely=(7,) if i == 0 else ())
              for i in range(55)]

    def on_release(issue_reports: int) -> list[ReportFacts]:
        return [fact(100 + i, i % 6, version="7.7",
                     likely=(7,) if i < issue_reports else ()) for i in range(36)]

    releases = [("7.6", TODAY - timedelta(days=60)), release]
    assert regressions(before + on_release(3), releases, TODAY) == []
    assert [r.group for r in regressions(before + on_release(9), releases, TODAY)] == ["#7"]
    # Never seen before, three reports on the release are still flagged for a look.
    assert [r.group for r in regressions(before[1:] + on_release(3), releases, TODAY)] == [
        "#7"]


def test_one_problem_in_two_languages_on_one_model_clusters() -> None:
    # Rules v16 (docs/insight.md, "Session 8, eighth round"): the words of a symptom in
    # Spanish and Italian fold to the English ones, so reports of one problem on one
    # machine model share words as well as their error line.
    error = ("gsd power # failed to set brightness no backlight",)
    e14 = "Lenovo ThinkPad E14 Gen 5"
    spanish = fact(1, 1, product=e14, errors=error,
                   words=frozenset(terms("la tecla de brillo no cambia el brillo")))
    english = fact(2, 2, product=e14, errors=error,
                   words=frozenset(terms("the brightness keys do nothing")))
    assert [sorted(c.reports) for c in clusters([spanish, english], TODAY)] == [["k1", "k2"]]


def test_an_error_only_some_reports_of_a_model_log_is_its_problems_in_any_language() -> None:
    """Rules v27 (docs/insight.md, "Session 10, sixteenth round"): the same model logs the
    same errors whatever its user's problem, so a shared error needs a shared word there;
    but an error that other reports of that model do not log is one of its problems', and
    links two of them written in languages that share no word."""
    e15 = {"product": "Lenovo ThinkPad E15 Gen 4"}
    sound = ("kernel snd_hda_intel # # 1f # azx_get_response timeout switching",)
    keys = ("kernel thinkpad_acpi error probing battery #",)
    german = fact(1, 1, errors=sound, words=frozenset(terms("der Ton knackt")), **e15)
    korean = fact(2, 2, errors=sound, words=frozenset({"지직거려요"}), **e15)
    hotkeys = [fact(3 + i, i, errors=keys, words=frozenset({"volume", "key", f"w{i}"}), **e15)
               for i in range(2)]
    found = clusters([german, korean, *hotkeys], TODAY)
    assert {frozenset(c.reports) for c in found} == {frozenset({"k1", "k2"}),
                                                     frozenset({"k3", "k4"})}
    # When every report of the model logs it, it is the model's, not a problem's.
    both = [replace(f, errors=sound + keys) for f in (german, korean, *hotkeys)]
    assert {frozenset(c.reports) for c in clusters(both, TODAY)} == {frozenset({"k3", "k4"})}


def test_everyday_italian_words_do_not_keep_one_problem_apart() -> None:
    # An Italian report's fillers ("nessun", "nelle", "niente") made its share of the
    # symptom words too small to join an English report of the same problem.
    english = fact(1, 1, words=frozenset(terms(
        "the internal speaker stays silent in videos and calls, the sound settings list only "
        "a dummy output, the volume icon is crossed")))
    italian = fact(2, 2, words=frozenset(terms(
        "quando provo a usare l'audio non viene nessun suono dagli altoparlanti, nelle "
        "impostazioni solo uscita fittizia, niente")))
    assert [sorted(c.reports) for c in clusters([english, italian], TODAY)] == [["k1", "k2"]]


def test_one_model_and_one_nearest_issue_join_a_problem_across_languages() -> None:
    """Rules v30 (docs/insight.md, "Session 10, seventeenth round"): reports of one machine
    model whose nearest, not confident, issue is the same and that share a word of their
    own join a group of such reports, whatever their language; two single reports do not
    join each other, and another nearest issue or no shared word keeps a report apart."""
    model = {"product": "Lenovo ThinkBook 15 G2 ITL"}
    english = [fact(1 + i, 1 + i, possible=7, words=frozenset(
        {"battery", "icon", "shown", "wrong", "left", f"w{i}"}), **model) for i in range(2)]
    spanish = fact(3, 20, possible=7, words=frozenset({"battery", "indicador", "aviso"}),
                   **model)
    unrelated = fact(4, 3, possible=7, words=frozenset({"screen", "flicker"}), **model)
    elsewhere = fact(5, 4, possible=8, words=frozenset({"battery", "charge"}), **model)
    docks = [fact(6 + i, 5 + i, possible=9, words=frozenset({"dock", f"d{i}"}), **model)
             for i in range(2)]
    found = clusters([*english, spanish, unrelated, elsewhere, *docks], TODAY)
    assert [sorted(c.reports) for c in found] == [["k1", "k2", "k3"]]
    # Another model, or no nearest issue, and the Spanish report stays alone.
    for other in (replace(spanish, product="Dell Latitude 7330"), replace(spanish, possible=0)):
        assert [sorted(c.reports) for c in clusters([*english, other], TODAY)] == [["k1", "k2"]]


def test_a_report_without_a_model_does_not_keep_its_group_apart() -> None:
    """Rules v30: a report that says no model (a mail without debug sections) does not make
    its group another model's: the group of a Spanish report and a mail of the same words
    joins the English reports of its model and nearest issue; a mail alone does not."""
    model = {"product": "Acer Swift SF314-512"}
    english = [fact(1 + i, 1 + i, possible=7, words=frozenset(
        {"lid", "close", "battery", "empty", "hot", f"w{i}"}), **model) for i in range(2)]
    words = frozenset({"battery", "chauffe", "marche", "ordinateur", "met"})
    with_model = fact(3, 10, possible=7, words=words, **model)
    mail = fact(4, 12, possible=7, words=words)
    found = clusters([*english, with_model, mail], TODAY)
    assert [sorted(c.reports) for c in found] == [["k1", "k2", "k3", "k4"]]
    mails = [replace(mail, key=f"k{5 + i}", report_id=f"{5 + i:032x}",
                     reference=f"wb://{5 + i:032x}") for i in range(2)]
    assert [sorted(c.reports) for c in clusters([*english, *mails], TODAY)] == [
        ["k1", "k2"], ["k5", "k6"]]


def test_three_lone_reports_of_one_model_and_nearest_issue_are_a_problem() -> None:
    """Rules v30: two lone reports of one model and nearest issue that share a word stay
    apart, three that words connect (in any order of languages) are one cluster."""
    model = {"product": "CHUWI MiniBook X"}
    italian = fact(1, 1, possible=7, words=frozenset({"screen", "rotated", "schermo"}),
                   **model)
    chinese = fact(2, 9, possible=7, words=frozenset({"screen", "旋转"}), **model)
    other = fact(3, 20, possible=7, words=frozenset({"旋转", "横屏"}), **model)
    assert clusters([italian, chinese], TODAY) == []
    found = clusters([italian, chinese, other], TODAY)
    assert [sorted(c.reports) for c in found] == [["k1", "k2", "k3"]]


def test_a_group_is_the_nearest_issue_most_of_its_reports_have() -> None:
    """Rules v30: a group counts as the nearest issue more than half of its reports have;
    a lone report of its model with that nearest issue and a shared word joins it."""
    model = {"product": "ASUS Vivobook 16 X1605VA"}
    errors = ("kernel i915 # gpu hang on rcs0",)
    group = [fact(1 + i, 1 + i, possible=near, errors=errors, words=frozenset(
        {"freeze", "idle", "minute", f"w{i}"}), **model) for i, near in enumerate((7, 7, 9))]
    spanish = fact(4, 20, possible=7, words=frozenset({"freeze", "congela"}), **model)
    found = clusters([*group, spanish], TODAY)
    assert [sorted(c.reports) for c in found] == [["k1", "k2", "k3", "k4"]]
    # One report of three is not most: the Spanish report stays apart.
    for nearest in ((7, 9, 9), (7, 9, 8)):
        mixed = [replace(f, possible=n) for f, n in zip(group, nearest, strict=True)]
        assert [sorted(c.reports) for c in clusters([*mixed, spanish], TODAY)] == [
            ["k1", "k2", "k3"]]


def report(n: int, summary: str, maker: str, model: str, journal: list[str]) -> Entry:
    """A decrypted WhisperBack report with a machine and a journal, through the parser."""
    lines = "\n".join(f"Nov 2{n} 10:0{i}:00 amnesia {line}" for i, line in enumerate(journal))
    body = (f"Subject: {summary}\nTails-Version: 7.6\n\nWhat happened instead?\n"
            f"----------------------\n\n{summary}\n\n"
            f"======= content of /usr/sbin/dmidecode -s system-manufacturer =======\n{maker}\n\n"
            f"======= content of /usr/sbin/dmidecode -s system-product-name =======\n{model}\n\n"
            f"======= content of /bin/journalctl --catalog --no-pager =======\n{lines}\n")
    report_id = f"{n:032x}"
    message = Message(key=f"k{n}", subject=MailText(f"Bug report: {report_id}"),
                      sender_address=MailText(WHISPERBACK_SENDER),
                      date=datetime(2026, 11, 20 + n, tzinfo=UTC), encrypted=True,
                      size=len(body))
    return Entry(message, Kind.REPORT, parse_report(body, report_id), DecryptState.DECRYPTED)


def test_the_kernel_resetting_a_device_is_a_problems_signature_on_any_machine() -> None:
    """Rules v32 (docs/insight.md, "Session 11, eighteenth round"): a USB disk's SCSI error
    handler aborting and resetting it logs no "error", yet the same lines on different
    machines, whose users describe different things, are one problem."""
    resets = ["kernel: scsi host3: uas_eh_device_reset_handler start",
              "kernel: sd 7:0:0:0: [sdc] tag#75 uas_eh_abort_handler 0 uas-tag 4 inflight: CMD OUT",
              "kernel: usb 2-1: reset SuperSpeed USB device number 3 using xhci_hcd"]
    facts = [report_facts(report(1, "backup to my external disk fails halfway", "Dell Inc.",
                                 "Inspiron 15 3511", resets)),
             report_facts(report(2, "Le SSD externe se déconnecte", "HP", "ProBook 430 G6",
                                 resets)),
             report_facts(report(3, "Files freezes when copying", "LENOVO", "20L5CTO1WW",
                                 resets)),
             report_facts(report(4, "the screen stays black", "Acer", "Aspire A515-54",
                                 ["kernel: random: crng init done"]))]
    assert all(len(f.errors) == 3 for f in facts[:3]) and not facts[3].errors
    assert [sorted(c.reports) for c in clusters(facts, TODAY)] == [["k1", "k2", "k3"]]


def test_two_reports_that_say_exactly_the_same_are_one_problem() -> None:
    """Rules v32 (docs/insight.md, "Session 11, eighteenth round"): a short report folds to
    few words of its own ("start" is no word of a problem), too few for the rules of words;
    two that say exactly the same, three words or more, are one problem."""
    said = frozenset(terms("Thunderbird freeze start"))
    a = fact(1, 1, product="Lenovo ideacentre 510S-07ICB", words=said)
    b = fact(2, 3, product="HP ProBook 450 G8 Notebook PC", words=said)
    assert [sorted(c.reports) for c in clusters([a, b], TODAY)] == [["k1", "k2"]]
    assert clusters([a, replace(b, words=said | {"printer"})], TODAY) == []


def test_a_cluster_whose_reports_all_say_two_rare_words_takes_a_report_in_another_language(
        ) -> None:
    # Rules v39: three reports in one language make a cluster; a fourth, in another
    # language, shares only the words that cross languages ("youtube", "bot"): too few for
    # a pair, but every report of the cluster says them, and few other reports do.
    said = frozenset({"youtube", "bot", "video", "quiero", "mensaje", "cuenta", "sesion",
                      "google", "inicie", "watch", "lecture", "account"})
    cluster = [fact(i, i, product=f"M{i}", words=said) for i in range(1, 4)]
    other = frozenset({"youtube", "bot", "robo", "conta", "pede", "tocar", "todo", "vez"})
    lone = fact(4, 4, product="M4", words=other)
    # Other reports: four of them in the cluster's language (its everyday words).
    rest = [fact(10 + i, i, product=f"N{i}", words=frozenset(
        {f"a{i}", f"b{i}", f"c{i}", f"d{i}"} | ({"quiero", "mensaje", "cuenta"} if i < 4
                                               else set()))) for i in range(30)]

    def together(*facts: ReportFacts) -> set[frozenset[str]]:
        return {frozenset(c.reports) for c in clusters([*facts, *rest], TODAY)}

    assert together(*cluster, lone) == {frozenset({"k1", "k2", "k3", "k4"})}
    # In the cluster's language, with more of its everyday words than rare ones: a
    # language shared, not a problem.
    same_language = replace(lone, words=frozenset(
        {"youtube", "bot", "quiero", "mensaje", "cuenta", *(f"x{i}" for i in range(9))}))
    assert together(*cluster, same_language) == {frozenset({"k1", "k2", "k3"})}
    # A cluster whose reports all run on one machine is that machine's problem: it takes
    # no report of another machine, but a mail that says nothing of its machine.
    one_model = [replace(f, product="Dell XPS 13 9310") for f in cluster]
    assert together(*one_model, lone) == {frozenset({"k1", "k2", "k3"})}
    mail = replace(lone, product="")
    assert together(*one_model, mail) == {frozenset({"k1", "k2", "k3", "k4"})}
    # A report that fits two clusters as well joins neither: it never bridges them.
    twin = [fact(20 + i, i, product=f"P{i}", words=frozenset(
        {"robo", "conta", "login", "fehler", "konto", "seite", "immer", "wieder"}))
        for i in range(1, 3)]
    found = together(*cluster, *twin, lone)
    assert frozenset({"k1", "k2", "k3"}) in found and frozenset({"k21", "k22"}) in found


def test_a_regression_whose_reports_a_larger_one_holds_is_named_in_it() -> None:
    # Rules v39: sound gone on 7.7 on three laptop models sharing only their audio
    # controller; two of the models share a GPU and a Wi-Fi chip too, and so does one
    # other machine's report. One line for these reports, naming what most of them share.
    release = ("7.7", TODAY - timedelta(days=6))
    before = [fact(i, 10 + i, version="7.6", gpus=("8086:1616",)) for i in range(20)]
    models = [("T14", ("8086:9b41",), ("8086:02f0",))] * 3 + [
        ("ProBook", ("8086:9b41",), ("8086:02f0",))] * 2 + [("Latitude", ("8086:9bca",), ())] * 2
    sound = [fact(100 + n, n % 6, version="7.7", product=product, gpus=gpus, network=net,
                  ethernet=(), devices=("8086:02c8",))
             for n, (product, gpus, net) in enumerate(models)]
    other = fact(200, 1, version="7.7", product="Other", gpus=("8086:9b41",),
                 network=("8086:02f0",), ethernet=())
    (found,) = regressions(before + sound + [other], [release], TODAY)
    assert found.group == ("PCI device 8086:02c8 (5 of them also GPU 8086:9b41, Wi-Fi/network "
                           "chip 8086:02f0; 3 of them also machine T14)")
    assert found.reports == tuple(f.key for f in sorted(sound, key=lambda f: (
        -f.received.toordinal() if f.received else 0, f.key)))
    # A regression that shares half of its reports or fewer with a larger one is its own
    # line: two more Latitudes on 7.7, without the sound problem's audio controller.
    elsewhere = [fact(300 + n, n, version="7.7", product="Latitude", gpus=("8086:9bca",))
                 for n in range(2)]
    found_both = regressions(before + sound + [other, *elsewhere], [release], TODAY)
    assert [r.group for r in found_both] == [found.group, "GPU 8086:9bca, machine Latitude"]


def test_groups_joined_by_their_words_are_looked_at_again_with_their_new_size() -> None:
    # Rules v40: a problem written in four languages; each language's reports make a group
    # of their own (they say the same), and all its seven reports say "qr" and "whatsapp".
    # Two groups also say "chrome" and "google", only they: they join (rules v39). "qr" and
    # "whatsapp" are not rare for two groups of two (seven reports against 1.5 times four),
    # but they are for the joined group and the third (1.5 times six), and then for it and
    # the lone report.
    def lang(name: str, extra: frozenset[str] = frozenset()) -> frozenset[str]:
        return frozenset({"qr", "whatsapp", *(f"{name}{i}" for i in range(6))}) | extra

    browser = frozenset({"chrome", "google"})
    groups = [lang("a", browser), lang("b", browser), lang("c")]
    split = [fact(10 * g + i, i, product=f"M{g}{i}", words=words)
             for g, words in enumerate(groups) for i in range(1, 3)]
    lone = fact(40, 3, product="M40", words=lang("d"))
    rest = [fact(100 + i, i % 7, product=f"N{i}", words=frozenset(
        {f"x{i}", f"y{i}", f"z{i}", f"w{i}"})) for i in range(30)]
    found = {frozenset(c.reports) for c in clusters([*split, lone, *rest], TODAY)}
    assert found == {frozenset({"k1", "k2", "k11", "k12", "k21", "k22", "k40"})}


def test_two_letter_words_alone_join_no_groups() -> None:
    # Rules v43: three reports of one problem in a language the lexicon does not fold say
    # the same (a cluster); a lone report of another problem in that language shares only
    # its everyday words ("að", "ef", "þú"), rare in a pool of other languages: no join.
    said = frozenset({"að", "ef", "þu", "letri", "smatt", "stækka", "siðu", "lesa", "fer",
                      "aftur"})
    cluster = [fact(i, i, product=f"M{i}", words=said) for i in range(1, 4)]
    lone = fact(4, 4, product="M4", words=frozenset(
        {"að", "ef", "þu", "afrita", "skra", "lykil", "stor", "plass"}))
    rest = [fact(10 + i, i % 7, product=f"N{i}", words=frozenset(
        {f"a{i}", f"b{i}", f"c{i}", f"d{i}"})) for i in range(30)]
    found = {frozenset(c.reports) for c in clusters([*cluster, lone, *rest], TODAY)}
    assert found == {frozenset({"k1", "k2", "k3"})}
    # Beside a longer rare word they count: the lone report says the problem's too.
    same = replace(lone, words=lone.words | {"smatt"})
    found = {frozenset(c.reports) for c in clusters([*cluster, same, *rest], TODAY)}
    assert found == {frozenset({"k1", "k2", "k3", "k4"})}


def _screen_video_pool() -> tuple[list[ReportFacts], list[ReportFacts]]:
    """Two clusters of one problem in two languages, sharing only the lexicon's concepts
    ("screen", "video", "sound", "disabl"), and other reports that say two of them each, so
    that each concept is in more reports of the pool than 1.5 times the two clusters'."""
    concepts = frozenset({"screen", "video", "sound", "disabl"})
    slovene = [fact(i, i, product=f"S{i}", words=concepts | {
        "zatemni", "predavanja", "gledam", "petih", "minutah", "naprej"}) for i in range(1, 4)]
    persian = [fact(i, i, product=f"P{i}", words=concepts | {
        "دقیقه", "پنج", "هنگام", "دیدن", "ادامه", "حدود"}) for i in range(4, 7)]
    others = [fact(20 + i, i, product=f"O{i}", words=frozenset(
        ({"screen", "sound"} if i < 4 else {"video", "disabl"}) | {f"x{i}", f"y{i}", f"z{i}"}))
        for i in range(8)]
    rest = [fact(40 + i, i % 7, product=f"N{i}", words=frozenset(
        {f"a{i}", f"b{i}", f"c{i}", f"d{i}"})) for i in range(30)]
    return [*slovene, *persian], [*others, *rest]


def test_clusters_that_share_concepts_few_reports_say_all_together_join() -> None:
    # Rules v47: each concept is in 10 reports of the pool, more than 1.5 x 6 (not rare
    # for the two clusters), but only the clusters' 6 reports say all four.
    clustered, others = _screen_video_pool()
    found = {frozenset(c.reports) for c in clusters([*clustered, *others], TODAY)}
    assert found == {frozenset(f"k{i}" for i in range(1, 7))}
    # Many reports saying them all together: no problem of these two clusters alone.
    common = [replace(f, words=f.words | {"screen", "video", "sound", "disabl"})
              for f in others[:4]]
    found = {frozenset(c.reports) for c in clusters([*clustered, *common, *others[4:]], TODAY)}
    assert frozenset(f"k{i}" for i in range(1, 7)) not in found


def test_a_lone_report_joins_a_cluster_only_saying_most_of_its_words() -> None:
    # Rules v47: the joined cluster's reports all say four concepts; a lone report saying
    # two of them ("video", "sound": a video whose sound stopped), rare for the cluster and
    # it, is another problem.
    clustered, others = _screen_video_pool()
    lone = fact(9, 2, product="L9", words=frozenset(
        {"video", "sound", "attimo", "fermato", "secondo", "ripartito", "normalmente",
         "segnalo"}))
    found = {frozenset(c.reports) for c in clusters([*clustered, lone, *others], TODAY)}
    assert found == {frozenset(f"k{i}" for i in range(1, 7))}
    # Saying all four, it is the cluster's problem (with a report fewer saying two of
    # them, so that they stay rare for the cluster and it).
    said = replace(lone, words=lone.words | {"screen", "disabl"})
    fewer = [*others[1:4], *others[5:]]
    found = {frozenset(c.reports) for c in clusters([*clustered, said, *fewer], TODAY)}
    assert found == {frozenset(f"k{i}" for i in (*range(1, 7), 9))}


def test_a_mail_joins_the_cluster_most_of_whose_reports_say_its_rare_words() -> None:
    # Rules v43: four reports in four languages share a journal line (a cluster); three of
    # them say "emoji" and three "black", but not the same three, so no word is every
    # report's. A mail (no hardware, no journal) saying both, and few other reports of
    # the pool saying them, is the cluster's problem.
    line = ("tor browser # parent # main thread warning font family noto color emoji "
            "rejected by fontconfig",)
    words = [{"emoji", "black", "kvadrat"}, {"emoji", "black", "ures"},
             {"emoji", "vuoti", "colori"}, {"black", "bianco", "neri"}]
    cluster = [fact(i, i, product=f"M{i}", errors=line, words=frozenset(w))
               for i, w in enumerate(words, 1)]
    mail = fact(5, 5, words=frozenset({"emoji", "black", "bos", "dordbucaq", "sayt"}))
    rest = [fact(10 + i, i % 7, product=f"N{i}", words=frozenset(
        {f"a{i}", f"b{i}", f"c{i}", f"d{i}"})) for i in range(30)]

    def together(*facts: ReportFacts) -> set[frozenset[str]]:
        return {frozenset(c.reports) for c in clusters([*facts, *rest], TODAY)}

    assert together(*cluster, mail) == {frozenset({"k1", "k2", "k3", "k4", "k5"})}
    # A report with its hardware is not a mail: its machine could have said more.
    report = replace(mail, product="M5")
    assert together(*cluster, report) == {frozenset({"k1", "k2", "k3", "k4"})}
    # Words many other reports say are not the cluster's alone.
    common = [replace(f, words=f.words | {"emoji", "black"}) for f in rest[:3]]
    assert frozenset({"k1", "k2", "k3", "k4"}) in {
        frozenset(c.reports) for c in clusters([*cluster, mail, *common, *rest[3:]], TODAY)}
    # A cluster all of whose reports run on one machine is that machine's problem.
    one_model = [replace(f, product="Dell XPS 13 9310") for f in cluster]
    assert together(*one_model, mail) == {frozenset({"k1", "k2", "k3", "k4"})}


def test_a_mail_joins_no_cluster_by_the_words_that_name_its_device() -> None:
    """Rules v51: "usb" names a device, not what goes wrong with it (``HARDWARE_WORDS``):
    a mail asking whether a USB stick is genuine says "usb" and "stick" as most reports of
    a cluster of copies to a stick that stall do, and is not their problem; a mail that
    says the stick and how it fails (eject) is."""
    line = ("udisksd # unmounting dev sdb1 waiting for # mib of cached data to be written "
            "to the drive",)
    words = [{"usb", "stick", "eject", "kvart"}, {"usb", "stick", "eject", "minut"},
             {"usb", "stick", "copia", "quart"}, {"usb", "eject", "copie", "vingt"}]
    cluster = [fact(i, i, product=f"M{i}", lines=line, words=frozenset(w))
               for i, w in enumerate(words, 1)]
    rest = [fact(10 + i, i % 7, product=f"N{i}", words=frozenset(
        {f"a{i}", f"b{i}", f"c{i}", f"d{i}"})) for i in range(30)]
    genuine = fact(5, 5, words=frozenset({"usb", "stick", "genuine", "friend", "check"}))
    ejecting = fact(5, 5, words=frozenset({"stick", "eject", "ewig", "fertig", "daten"}))

    def together(*facts: ReportFacts) -> set[frozenset[str]]:
        return {frozenset(c.reports) for c in clusters([*cluster, *facts, *rest], TODAY)}

    four = frozenset({"k1", "k2", "k3", "k4"})
    assert together(genuine) == {four}
    assert together(ejecting) == {four | {"k5"}}


def test_reports_sharing_a_journal_line_that_is_no_error_are_one_problem_in_any_language(
) -> None:
    """Rules v49 (docs/insight.md, "Session 18, twenty-eighth round: cluster pairs"): the
    screen blanking while a video plays logs no error, only what GNOME does; users in three
    languages share no word of it the lexicon folds, but their machines log the same."""
    blanking = ["gsd-power[1790]: Ignoring idle inhibitor of firefox (real: no) for this "
                "sandbox",
                "gnome-shell[1544]: Idle monitor: 300 s without input, blanking the screen"]
    facts = [report_facts(report(1, "Zaslon se zatemni med predavanjem", "Dell Inc.",
                                 "Latitude 7490", blanking)),
             report_facts(report(2, "Pantaila beltz geratzen da", "HP",
                                 "ProBook 450 G8 Notebook PC", blanking)),
             report_facts(report(3, "Экран гаснет во время лекции", "LENOVO", "20U1S00000",
                                 blanking)),
             report_facts(report(4, "the wifi drops every hour", "Acer", "Aspire A515-54",
                                 ["kernel: random: crng init done"]))]
    assert not any(f.errors for f in facts)
    assert facts[0].lines == ("gnome shell # idle monitor # s without input blanking the "
                              "screen", "gsd power # ignoring idle inhibitor of firefox real "
                              "no for this sandbox")
    found = clusters(facts, TODAY)
    assert [sorted(c.reports) for c in found] == [["k1", "k2", "k3"]]
    assert found[0].label == ('same journal line "gnome shell # idle monitor # s without '
                              'input blanking the screen"')
    # One machine model logs the same whatever its user's problem: as for errors, two of
    # its reports that share no word are not one problem by its lines alone.
    same = [report_facts(report(n, summary, "Dell Inc.", "Latitude 7490", blanking))
            for n, summary in ((5, "Zaslon se zatemni"), (6, "Klávesnica nefunguje"))]
    assert clusters(same, TODAY) == []
    # One such line alone links only with two words of their own, as a chip does: many
    # machines log a line that is no error whatever their problem.
    one_line = [facts[0], replace(facts[2], lines=facts[2].lines[1:])]
    assert one_line[1].lines == facts[0].lines[1:]
    assert clusters([*one_line, facts[3]], TODAY) == []
    both_say = [replace(f, words=f.words | {"lecture", "blank"}) for f in one_line]
    assert [sorted(c.reports) for c in clusters([*both_say, facts[3]], TODAY)] == [
        ["k1", "k3"]]


def test_two_journal_lines_a_session_logs_apart_link_no_pair() -> None:
    """Rules v51: two lines that are no errors link two reports without words only when
    the pool's reports log them together more often than chance would (one problem's
    lines); two lines many machines log each apart from the other (a real journal's
    session) are shared by chance."""
    first = "gnome shell # screen lock is locked down"
    second = "networkmanager # info # device wlan0 state change activated"
    pair = [fact(1, 1, product="M1", lines=(first, second), words=frozenset({"wifi"})),
            fact(2, 2, product="M2", lines=(first, second), words=frozenset({"printer"}))]
    apart = [fact(10 + i, i % 7, product=f"N{i}", lines=(first if i % 2 else second,),
                  words=frozenset({f"a{i}", f"b{i}"})) for i in range(8)]
    rest = [fact(30 + i, i % 7, product=f"R{i}", words=frozenset({f"c{i}", f"d{i}"}))
            for i in range(24)]
    assert clusters([*pair, *apart, *rest], TODAY) == []
    assert [sorted(c.reports) for c in clusters([*pair, *rest], TODAY)] == [["k1", "k2"]]


def test_a_report_with_a_journal_joins_by_words_only_a_cluster_whose_lines_it_logs(
) -> None:
    """Rules v49: most of a cluster's reports log a line; a report whose journal logs none
    of it is another problem, whatever rare words it shares with them (an Italian video
    whose sound stopped a second, beside the cluster of the screen blanking during a
    video); with the line, or with no journal at all, it may join. (Were the line every
    report's, rules v39 would take no report with a machine and without the line.)"""
    clustered, others = _screen_video_pool()
    line = ("gsd power # ignoring idle inhibitor of firefox real no for this sandbox",)
    clustered = [replace(f, lines=line) if n % 3 else f for n, f in enumerate(clustered)]
    # Few reports of the pool say "video" and "sound": rare for the cluster and it.
    others = others[8:]
    lone = fact(9, 2, product="L9", words=frozenset(
        {"video", "sound", "attimo", "fermato", "secondo", "ripartito"}))

    def together(*facts: ReportFacts) -> set[frozenset[str]]:
        return {frozenset(c.reports) for c in clusters([*clustered, *facts, *others], TODAY)}

    six = frozenset(f"k{i}" for i in range(1, 7))
    assert together(replace(lone, lines=("kernel # random crng init done",))) == {six}
    assert together(replace(lone, errors=("pulseaudio # stream underrun",))) == {six}
    assert together(lone) == {six | {"k9"}}
    assert together(replace(lone, lines=line)) == {six | {"k9"}}


def test_a_journal_line_keeps_a_users_file_by_its_extension_only() -> None:
    """Rules v49: a line that is no error can name the user's file, and a document's name
    can be a person's; the line is kept with the file's extension only (the cluster's
    label, which the team report and the JSON carry, may quote it)."""
    opening = ["nautilus[2211]: Opening /home/amnesia/Persistent/Contract-Ann-Smith.docx "
               "with org.gnome.FileRoller.desktop (content type application/zip)",
               "gvfsd[1210]: mounted '/media/amnesia/ANN SMITH' read-only"]
    facts = report_facts(report(1, "docx opens as an archive", "HP", "EliteBook 840 G8",
                                opening))
    assert facts.lines == ("gvfsd # mounted read only",
                           "nautilus # opening docx with org gnome fileroller desktop "
                           "content type application zip")


def _two_word_clusters(word: str) -> list[ReportFacts]:
    """Two clusters of words alone (two reports each, in two languages), whose four reports
    all say ``word`` and nothing else in common, one report of each in the last week; and
    other reports that share nothing."""
    german = frozenset({word, "einmalcode", "falsch", "abgelehnt", "anmeldung", "bank"})
    spanish = frozenset({word, "autenticador", "codigo", "caducado", "entrar", "cuenta"})
    pairs = [fact(1, 2, product="A1", words=german), fact(2, 30, product="A2", words=german),
             fact(3, 3, product="B1", words=spanish), fact(4, 40, product="B2", words=spanish)]
    rest = [fact(10 + i, i % 7 + 8, product=f"N{i}", words=frozenset(
        {f"a{i}", f"b{i}", f"c{i}", f"d{i}"})) for i in range(30)]
    return [*pairs, *rest]


def test_clusters_of_words_alone_whose_reports_all_say_one_word_flag_a_week_together() -> None:
    # Rules v50: each cluster has one report in the last week, the two together two: one
    # problem the joins split, flagged that week on both, and still two clusters.
    found = {frozenset(c.reports): c for c in clusters(_two_word_clusters("totp"), TODAY)}
    assert set(found) == {frozenset({"k1", "k2"}), frozenset({"k3", "k4"})}
    a, b = found[frozenset({"k1", "k2"})], found[frozenset({"k3", "k4"})]
    assert a.family == (b.id,) and b.family == (a.id,)
    last_week = TODAY - timedelta(days=6)
    assert a.flagged_weeks == (last_week,) and b.flagged_weeks == (last_week,)
    # A maker's name says which machine, not which problem: no family, no flag.
    found = {frozenset(c.reports): c for c in clusters(_two_word_clusters("thinkpad"), TODAY)}
    assert len(found) == 2 and not any(c.family or c.flagged for c in found.values())
    # Nor does a program's name: two problems of Thunderbird are two (session 18's review).
    found = {frozenset(c.reports): c for c in clusters(_two_word_clusters("thunderbird"),
                                                       TODAY)}
    assert len(found) == 2 and not any(c.family or c.flagged for c in found.values())


def test_a_family_is_the_clusters_saying_one_of_its_words_not_a_chain() -> None:
    """Cluster A says "totp" with B, B says "qrcode" with C: A and C share no word and are
    not one family (a union of every shared word chained problems that share none)."""
    words = ({"totp", "einmalcode", "falsch", "abgelehnt"},
             {"totp", "qrcode", "caducado", "entrar"},
             {"qrcode", "kamera", "scannen", "leer"})
    facts = [fact(10 * n + i, 2 + 30 * i, product=f"P{n}{i}",
                  words=frozenset({*w, f"own{n}x{i}", f"more{n}x{i}"}))
             for n, w in enumerate(words) for i in (0, 1)]
    facts += [fact(100 + i, i % 7 + 8, product=f"N{i}", words=frozenset(
        {f"a{i}", f"b{i}", f"c{i}", f"d{i}"})) for i in range(30)]
    found = {frozenset(c.reports): c for c in clusters(facts, TODAY)}
    a, b, c = (found[frozenset({f"k{10 * n}", f"k{10 * n + 1}"})] for n in range(3))
    assert a.family == (b.id,) and c.family == (b.id,)
    assert set(b.family) == {a.id, c.id}


def test_the_json_names_a_clusters_family() -> None:
    from hdtui.domain.weekly import as_data

    data = as_data(overview(_two_word_clusters("totp"), [], TODAY), {})
    family = {c["id"]: c["family"] for c in data["clusters"]}
    a, b = family
    assert family == {a: [b], b: [a]}
    assert all(c["flagged"] for c in data["clusters"])


def test_a_confident_match_that_the_reports_journal_contradicts_is_not_likely() -> None:
    """Rules v50: a report confidently matching issue 7 logs a journal error that two
    reports whose best match is issue 9 log too: it is their problem's (a new one, or 9's),
    counted possible for 7, not likely, and clustered with them: listed with the cluster,
    said of 7 by the cluster's id (lang28: it was listed under both)."""
    from hdtui.domain.insight.per_issue import contradicted

    error = "nautilus # failed to load thumbnail # heif"
    claimed = fact(1, 1, likely=(7,), errors=(error,), product="M1")
    theirs = [fact(n, n, possible=9, errors=(error,), product=f"M{n}") for n in (2, 3)]
    rest = [fact(10 + i, 40, likely=(8,)) for i in range(12)]
    view = overview([claimed, *theirs, *rest], [], TODAY, iids=[7])
    [cluster] = [c for c in view.clusters if set(c.reports) == {"k1", "k2", "k3"}]
    assert not view.stats[7].likely and not view.stats[7].possible
    assert view.stats[7].possible_clustered == ((cluster.id, 1),)
    assert contradicted([claimed, *theirs, *rest]) == {claimed.reference}
    # Logged by reports of issue 7 too (half or more): likely as before.
    ours = [replace(f, possible=7) for f in theirs]
    assert [f.key for f in overview([claimed, *ours, *rest], [], TODAY).stats[7].likely] == [
        "k1"]
    # Linked to 7 on GitLab: 7's whatever its journal.
    link = IssueLink(7, claimed.reference, TODAY - timedelta(days=1))
    assert not contradicted([claimed, *theirs, *rest], [link])


def test_journal_lines_name_a_cluster_after_its_chip_and_leave_for_the_teams_as_programs(
) -> None:
    """A cluster's chip names it before the journal lines its reports share (lines sort
    before chips by key: three lines pushed the chip out of the label, the signals and a
    draft's title), and what leaves the machine (the JSON, the Markdown, a draft) names a
    shared journal line by its program: a line can hold a volume label or an SSID that
    masking kept (docs/insight.md, "Signals that leave the machine")."""
    from hdtui.domain.weekly import as_data

    lines = ("networkmanager # device wlan0 state change activated",
             "networkmanager # connected to smith family wifi",
             "udisksd # mounted dev sdb1 at smith on behalf of uid #")
    both = [fact(n, n, network=("10ec:c821",), ethernet=(), lines=lines, product=f"M{n}",
                 words=frozenset({f"own{n}"})) for n in (1, 2)]
    view = overview(both, [], TODAY)
    (cluster,) = view.clusters
    assert cluster.label == "same Wi-Fi/network chip 10ec:c821"
    data = as_data(view, {})
    text = json.dumps(data["clusters"])
    assert "smith" not in text and "family wifi" not in text
    assert "same journal line of networkmanager" in data["clusters"][0]["signals"]


def test_reports_the_matcher_found_nothing_for_do_not_contradict_a_confident_match() -> None:
    """A report confidently matching issue 7 logs an error three reports log that the
    matcher found no issue for (their words in a language the lexicon does not read, say):
    no evidence of another issue, so the match stays likely (session 18's review); with
    those three possible for issue 9, it is contradicted as before."""
    from hdtui.domain.insight.per_issue import contradicted

    error = "nautilus # failed to load thumbnail # heif"
    claimed = fact(1, 1, likely=(7,), errors=(error,), product="M1")
    unmatched = [fact(n, n, errors=(error,), product=f"M{n}") for n in (2, 3, 4)]
    rest = [fact(10 + i, 40, likely=(8,)) for i in range(12)]
    assert not contradicted([claimed, *unmatched, *rest])
    assert contradicted([claimed, *(replace(f, possible=9) for f in unmatched), *rest]) == {
        claimed.reference}


def _sessions_pool(problems: int, matched: int, rng: random.Random
                   ) -> tuple[list[ReportFacts], dict[str, int]]:
    """``problems`` problems of 5 reports each, whose machines end their journals on the
    lines of one of five session kinds (and a line every machine logs), and ``matched``
    reports likely for issues 7, 8 and 9 from machines of the same kinds; each report's
    problem by key."""
    sessions = [(f"networkmanager # dhcp4 wlp{n} state changed new lease address #",
                 f"networkmanager # device wlp{n} supplicant interface state completed")
                for n in range(5)]
    every = ("sudo # amnesia tty unknown pwd user root command tails debugging info",)
    facts, problem_of = [], {}
    for p in range(problems):
        own = sorted(f"p{p}w{i}" for i in range(4))
        for r in range(5):
            n = 5 * p + r + 1
            words = frozenset(rng.sample(own, 3)) | {f"x{n}a", f"x{n}b", f"x{n}c"}
            facts.append(fact(n, rng.randrange(56), product=f"M{n}", words=words,
                              lines=(*sessions[rng.randrange(5)], *every)))
            problem_of[f"k{n}"] = p
    facts += [fact(1000 + m, rng.randrange(56), likely=(7 + m % 3,), product=f"L{m}",
                   lines=(*sessions[m % 5], *every)) for m in range(matched)]
    return facts, problem_of


def test_journal_lines_a_fifth_of_the_machines_log_chain_no_pool_into_one_cluster() -> None:
    """Real journals end on lines a kind of machine or session logs whatever its problem
    (NetworkManager's lease on one Wi-Fi driver, one GNOME habit: a fifth of the machines
    each), always together, under the 25 % that makes a key every machine's: they linked
    every report of a kind, and the problems' words then joined the kinds into one cluster
    of the whole pool (session 18's review). Reports of known issues log them too: a line
    reports likely for two issues log links no pair, in a small pool as in a large one."""
    for problems in (10, 20):
        facts, problem_of = _sessions_pool(problems, 30, random.Random(problems))
        found = clusters(facts, TODAY)
        assert all(len({problem_of[k] for k in c.reports}) == 1 for c in found)
        assert len(found) == problems


def test_a_big_problem_only_its_journal_lines_link_is_one_cluster() -> None:
    """A new problem's reports share two journal lines that are no errors and no word
    (each in its own language): however many they are, they are one cluster, as long as
    no report of a known issue logs those lines (session 18's second review: a bar on how
    many reports may log a line dropped problems of 13 reports and more)."""
    lines = ("firefox # sandbox content process exited with code #",
             "firefox # ipc channel error send failed")
    crash = [fact(n, n % 50, product=f"C{n}", lines=lines,
                  words=frozenset({f"own{n}a", f"own{n}b", f"own{n}c"})) for n in range(20)]
    noise = [fact(100 + n, n % 50, product=f"N{n}", lines=(f"other # line {n}",),
                  words=frozenset({f"n{n}a", f"n{n}b", f"n{n}c"})) for n in range(280)]
    found = clusters(crash + noise, TODAY)
    assert [sorted(c.reports) for c in found] == [sorted(f.key for f in crash)]



def test_the_unclustered_reports_are_listed_newest_first_whatever_the_facts_order() -> None:
    """`hdtui stats --json`'s ``unclustered`` list is the same for the same reports, in
    whatever order they were read (the mailbox's listing on a first run, the saved order
    later): newest first, then by key."""
    from hdtui.domain.weekly import as_data

    facts = [fact(n, (n * 7) % 30, product=f"M{n}", words=frozenset({f"own{n}"}))
             for n in range(12)]
    first = as_data(overview(facts, [], TODAY), {})["unclustered"]
    later = as_data(overview(list(reversed(facts)), [], TODAY), {})["unclustered"]
    assert len(first) == 12 and first == later
    days = [r["received"] for r in first]
    assert days == sorted(days, reverse=True)


def _share_pool() -> tuple[list[ReportFacts], list[ReportFacts]]:
    """Six reports of an OnionShare failure, linked by its journal error (different
    machines, "onionshare" said by all), four of them also logging the line of its
    compressing step; and thirty reports that share nothing."""
    error = ("onionshare # oserror errno # no space left on device #",)
    line = ("onionshare # web compressing # files into zip",)
    said = frozenset({"onionshare", "share", "folder", "big", "fail"})
    cluster = [fact(n, n, product=f"M{n}", errors=error, lines=line if n <= 4 else (),
                    words=said | {f"own{n}"}) for n in range(1, 7)]
    rest = [fact(20 + i, i % 7 + 1, product=f"R{i}", words=frozenset(
        {f"a{i}", f"b{i}", f"c{i}"}), lines=(f"program{i} # did thing {i}",))
        for i in range(30)]
    return cluster, rest


def test_a_lone_report_logging_a_clusters_line_and_saying_its_word_joins_it() -> None:
    """Rules v52 (docs/insight.md, "Session 19, thirtieth round"): a Spanish report names
    OnionShare and logs the line most of the cluster's machines log, but the lexicon folds
    none of its other words: one line and one word link no pair. The cluster's reports say
    that word and log that line, and no other report does: it joins, and the cluster says
    why on screen."""
    cluster, rest = _share_pool()
    spanish = fact(9, 2, product="L9", lines=("onionshare # web compressing # files into zip",),
                   words=frozenset({"onionshare", "carpeta", "comprimiendo", "rato"}))

    def together(*facts: ReportFacts) -> list[tuple[str, ...]]:
        return [tuple(sorted(c.reports)) for c in clusters([*cluster, *facts, *rest], TODAY)]

    six = tuple(sorted(f.key for f in cluster))
    assert together(spanish) == [tuple(sorted((*six, "k9")))]
    found = clusters([*cluster, spanish, *rest], TODAY)[0]
    assert found.attached == (
        f'{9:032x} added: logs journal line "onionshare # web compressing # files into zip" '
        "(4 of 6) and says onionshare, as most of them do",)
    # The word alone (no line of theirs), or the line with no word most of them say:
    # another problem's report, or too little to tell.
    assert together(replace(spanish, lines=("kernel # usb # new device",))) == [six]
    assert together(replace(spanish, words=frozenset({"carpeta", "comprimiendo"}))) == [six]
    # A line another cluster's reports log too is no one cluster's.
    other = [fact(40 + n, n, product=f"O{n}", errors=("gvfsd # mount failed disk #",),
                  lines=("onionshare # web compressing # files into zip",),
                  words=frozenset({"disk", "mount", f"x{n}"})) for n in range(2)]
    assert sorted(together(spanish, *other)) == sorted([six, ("k40", "k41")])
    # A cluster all of whose reports are one machine is that machine's problem: a report
    # of another machine stays out, one that names none may join (as rule 5).
    cluster = [replace(f, product="Dell XPS 13 9310") for f in cluster]
    assert together(spanish) == [six]
    assert together(replace(spanish, product="")) == [tuple(sorted((*six, "k9")))]


def test_a_journal_line_is_kept_without_the_devices_place_and_the_cpus_number() -> None:
    """Rules v52: where a device hangs in sysfs and the number the kernel gives it (the
    port, "input92") and which CPU logs are one machine's and one boot's: the same tablet
    on two machines logs one line, and so does the same throttling."""
    def lines(n: int, place: str, cpu: int) -> tuple[str, ...]:
        return report_facts(report(n, "pen pressure ignored", "Dell Inc.", "OptiPlex 3080", [
            f"kernel: input: Tablet Pen (0) as /devices/pci0000:00/0000:00:14.0/usb1/{place}",
            f"kernel: CPU{cpu}: Core temperature above threshold, cpu clock throttled "
            "(total events = 744)"])).lines

    assert lines(1, "1-9/1-9:1.0/0003:5ad3:b29f.d6e4/input/input64", 6) == (
        "kernel cpu core temperature above threshold cpu clock throttled total events #",
        "kernel input tablet pen # as")
    assert lines(2, "1-7/1-5:1.0/0003:dd31:bbdf.ae73/input/input44", 1) == lines(
        1, "1-9/1-9:1.0/0003:5ad3:b29f.d6e4/input/input64", 6)


def test_a_mail_joins_a_cluster_by_its_programs_name_and_one_rare_word_of_its_own() -> None:
    """Rules v52: a mail (no debug sections) names the program the cluster's reports all
    name, Metadata Cleaner, and says "mp4" as most of them do: two of their rare words, one
    of them the program's. The program's names alone are not enough: they say which
    program, not which of its problems."""
    said = frozenset({"metadata", "cleaner", "mp4", "format"})
    cluster = [fact(n, n, product=f"M{n}", errors=("metadata cleaner # # mp4 not supported",),
                    words=said | {f"own{n}"}) for n in range(1, 7)]
    rest = [fact(20 + i, i % 7 + 1, product=f"R{i}", words=frozenset(
        {f"a{i}", f"b{i}", f"c{i}", f"d{i}"})) for i in range(30)]
    mail = fact(9, 2, words=frozenset({"metadata", "mp4", "limpiador", "movil"}))

    def together(lone: ReportFacts) -> list[tuple[str, ...]]:
        return [tuple(sorted(c.reports)) for c in clusters([*cluster, lone, *rest], TODAY)]

    six = tuple(sorted(f.key for f in cluster))
    assert together(mail) == [tuple(sorted((*six, "k9")))]
    assert together(replace(mail, words=frozenset({"metadata", "cleaner", "limpiador"}))
                    ) == [six]


def test_a_report_is_dated_by_its_utc_day_as_today_is() -> None:
    """Rules v62: ``Mon, 07 Dec 2026 08:00:00 +1100`` is 6 December in UTC, the day the
    counts run to; dated by its sender's day it was after "today" and counted nowhere. Its
    reference (how a link cites a mail) keeps the sender's day, as links were made."""
    from datetime import timezone

    from hdtui.domain.insight.counted import counted_in
    from hdtui.domain.insight.weeks import this_week
    from hdtui.domain.links import reference_for

    entry = report(1, "Tails does not start", "Dell Inc.", "Inspiron 15 3511", [])
    sydney = datetime(2026, 12, 7, 8, 0, tzinfo=timezone(timedelta(hours=11)))
    mail = entry._replace(report=None, kind=Kind.SUPPORT,
                   message=replace(entry.message, date=sydney, message_id="<a@b>",
                                   subject=MailText("Tails does not start")))
    utc_today = date(2026, 12, 6)
    for found in (report_facts(entry._replace(message=replace(entry.message, date=sydney))),
                  report_facts(mail)):
        assert found.received == utc_today
        assert counted_in([found], utc_today) == [found]
        assert this_week([found.received], utc_today) == 1
    assert report_facts(mail).reference == reference_for(None, "<a@b>", "k1",
                                                         date(2026, 12, 7))
    naive = replace(entry.message, date=datetime(2026, 12, 7, 8, 0))  # no zone: as it is
    assert report_facts(entry._replace(message=naive)).received == date(2026, 12, 7)

def test_a_file_that_is_not_mail_is_never_counted_whatever_kind_it_was_given() -> None:
    # A cache written before rules v63 holds such a file as support mail: its facts say
    # "system" all the same (the rule stats follows: ``is_not_mail``).
    from hdtui.domain.mail import NOT_MAIL, is_not_mail
    from hdtui.domain.queue import classify

    junk = Message(key="cur/binary.bin", subject=MailText("(not a mail message)"),
                   problems=(NOT_MAIL,))
    assert is_not_mail(junk) and classify(junk, ()) is Kind.SYSTEM
    facts = report_facts(Entry(junk, Kind.SUPPORT), today=TODAY)
    assert facts.kind == "system" and counted([facts]) == []
    mail = Message(key="cur/mail", subject=MailText("help"), sender_address=MailText("a@b.c"))
    assert classify(mail, ()) is Kind.SUPPORT
    assert counted([report_facts(Entry(mail, Kind.SUPPORT), today=TODAY)]) != []
