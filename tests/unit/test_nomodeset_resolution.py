"""A user started with ``nomodeset`` who writes of the resolution says what the boot
option did (the firmware's framebuffer, at a low resolution), not the failure that made
them add it (docs/matching.md, "Session 24: the resolution nomodeset gives")."""

from __future__ import annotations

from hdtui.domain.matching import suggest_issues
from tests.unit.matching_support import matching_set_index, report
from tests.unit.test_nomodeset import CMDLINE

UHD630 = ("00:02.0 VGA compatible controller [0300]: Intel Corporation CoffeeLake-H GT2 "
          "[UHD Graphics 630] [8086:3e9b]")
GTX1050 = ("01:00.0 3D controller [0302]: NVIDIA Corporation GP107M [GeForce GTX 1050 "
           "Mobile] [10de:1c8d] (rev a1)")
# Maori, which the lexicon does not read: "After the boot menu the screen went grey with a
# sad face and English words. I added nomodeset, now it starts," and in English, what
# nomodeset gave: "but the resolution is very low."
WORDS = ("I muri i te tahua tīmata ka hina te mata, he kanohi pōuri me ngā kupu Ingarihi. "
         "I tāpirihia e ahau te nomodeset, ka tīmata ināianei, but the resolution is very "
         "low.")


def ranked(words: str, line: str) -> list[int]:
    entry = report("Ka hina te mata", words, product="Nitro AN515-52", maker="Acer",
                   lspci=(UHD630, GTX1050), cmdline=line)
    return [m.issue.iid for m in suggest_issues(entry, matching_set_index())]


def test_the_low_resolution_after_nomodeset_is_not_the_users_problem() -> None:
    # On v80 the UHD 630's "wrong screen resolution on the laptop panel" (#21161) was first
    # and confident on the word and its chip's id; the failure that nomodeset works around
    # on a laptop with an Nvidia card beside the Intel chip is #19133's.
    ranking = ranked(WORDS, f"{CMDLINE} nomodeset")
    assert ranking[0] == 19133, ranking
    assert ranking.index(21161) > ranking.index(19133), ranking


def test_without_nomodeset_the_resolution_is_the_users_problem() -> None:
    # The same words without the boot option: the resolution is what the user reports.
    words = WORDS.replace("I tāpirihia e ahau te nomodeset, ka tīmata ināianei, but", "But")
    assert ranked(words, CMDLINE)[0] == 21161
