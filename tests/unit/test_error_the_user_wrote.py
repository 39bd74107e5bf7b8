"""The error the user wrote, against a top backed by the machine and a kernel line of its
journal only (docs/matching.md, "Session 23: the error the user wrote")."""

from __future__ import annotations

from hdtui.domain.matching import suggest_issues
from tests.unit.matching_support import RTL8723BE, matching_set_index, report

BRASWELL = ("00:02.0 VGA compatible controller [0300]: Intel Corporation Atom/Celeron/Pentium "
            "Processor x5-E8000/J3xxx/N3xxx Integrated Graphics Controller [8086:22b1]")
AP_OFF = "kernel: rtl8723be: rtlwifi: AP off, try to reconnect now"


def ranked(problem: str) -> list[tuple[int, bool]]:
    entry = report("Upgrade", problem, product="Aspire ES1-432",
                   maker="Acer", lspci=(BRASWELL, RTL8723BE), journal=(AP_OFF,) * 3)
    return [(m.issue.iid, m.confident) for m in suggest_issues(entry, matching_set_index())]


def test_a_kernel_line_of_the_machine_is_not_likely_over_the_error_the_user_wrote() -> None:
    # The user saw the Upgrader's error and says the internet is slow: the Wi-Fi chip's
    # issue (#19113), backed by the chip and the kernel's "AP off" lines, may be the
    # cause, the Upgrader's issue (#20405) is what the user saw; neither is likely. Since
    # rules v85 the Upgrader's issue, which the user's title ("Upgrade") names, is first
    # (docs/matching.md, "Session 25: the user's words over the machine's chip").
    found = ranked("Der Download bricht ab: Error while downloading the upgrade. Das "
                   "Internet ist langsam.")
    assert sorted(found[:2]) == [(19113, False), (20405, False)], found


def test_the_chips_issue_is_still_likely_when_the_user_writes_no_other_error() -> None:
    found = ranked("Das WLAN bricht ab, das Internet ist langsam.")
    assert found[0] == (19113, True), found
