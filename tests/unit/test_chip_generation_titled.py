"""An issue whose title names the generation of the machine's Intel chip as lspci names it
("JasperLake") is about the machine's own chip, whatever other chips of that generation it
lists by id: not a sibling chip's issue (docs/matching.md, "Session 24: the generation of
the machine's chip")."""

from __future__ import annotations

from hdtui.domain.matching import suggest_issues
from tests.unit.matching_support import matching_set_index, report
from tests.unit.test_nomodeset import CMDLINE, UNREAD

# An Acer Aspire 3 A315-35's chip: JasperLake, another id than the one #19126 lists.
JASPERLAKE = ("00:02.0 VGA compatible controller [0300]: Intel Corporation JasperLake [UHD "
              "Graphics] [8086:4e71] (rev 01)")
# The Ivy Bridge's chip has no generation word lspci gives ("3rd Gen Core processor").
IVY_BRIDGE = ("00:02.0 VGA compatible controller [0300]: Intel Corporation Xeon E3-1200 v2/3rd "
              "Gen Core processor Graphics Controller [8086:0162] (rev 09)")


def ranked(lspci: tuple[str, ...]) -> list[int]:
    entry = report("Ka hina te mata", UNREAD, product="Aspire A315-35", maker="Acer",
                   lspci=lspci, cmdline=f"{CMDLINE} nomodeset")
    return [m.issue.iid for m in suggest_issues(entry, matching_set_index())]


def test_the_issue_naming_the_chips_generation_comes_before_every_intel_machines() -> None:
    # Started with nomodeset, words the lexicon does not read: on v80 #17953 and #16447
    # (nomodeset and the vendor, which every Intel machine has) were over #19126 ("Error
    # starting GDM with recent Intel GPUs (TigerLake, JasperLake, Ice Lake)"), ranked as
    # a sibling chip's issue for listing JasperLake's [8086:4e55].
    assert ranked((JASPERLAKE,))[0] == 19126


def test_a_chip_of_no_generation_in_the_title_is_left_as_it_was() -> None:
    ranking = ranked((IVY_BRIDGE,))
    assert ranking[0] != 19126 and set(ranking[:2]) <= {16447, 17953}, ranking


TIGERLAKE = ("00:02.0 VGA compatible controller [0300]: Intel Corporation TigerLake-LP GT2 "
             "[UHD Graphics G4] [8086:9a78] (rev 01)")


def test_a_report_that_says_no_graphics_failure_leaves_the_issue_a_siblings() -> None:
    # A TigerLake Inspiron whose user writes of accented letters (insight-twelfth-086):
    # nothing says the graphics failed, and the issue of TigerLake's start stays a sibling
    # chip's, at 0.6 of its score (a first form of the rule put it first on the insight
    # set's issues, on the machine and "avvio"; fourth here, with the keyboard issues).
    entry = report("Tastiera italiana", "Le lettere accentate non escono giuste, è à "
                   "diventano altri simboli. Ho scelto italiano all'avvio.",
                   product="Inspiron 15 3511", maker="Dell Inc.", lspci=(TIGERLAKE,))
    ranking = [m.issue.iid for m in suggest_issues(entry, matching_set_index())]
    assert 19126 not in ranking, ranking
