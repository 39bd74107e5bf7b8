"""A machine started with ``nomodeset`` (docs/matching.md, "Session 22: started with
nomodeset"): the boot option says the graphics did not start without it, whatever
language the report is written in."""

from __future__ import annotations

from hdtui.domain.debug import DebugSection
from hdtui.domain.matching import suggest_issues
from hdtui.domain.signals import NOMODESET_KEY, issue_keys, nomodeset_signals
from tests.unit.matching_support import issue, matching_set_index, report

IVY_BRIDGE = ("00:02.0 VGA compatible controller [0300]: Intel Corporation Xeon E3-1200 v2/3rd "
              "Gen Core processor Graphics Controller [8086:0162] (rev 09)")
CMDLINE = ("BOOT_IMAGE=/live/vmlinuz initrd=/live/initrd.img boot=live config "
           "live-media=removable nopersistence noprompt timezone=Etc/UTC splash noautologin "
           "module=Tails slab_nomerge quiet")
# Maori, which the lexicon does not read: "The screen goes black after the start menu. I
# added nomodeset, it starts but is very slow."
UNREAD = ("Ka pango te mata i muri i te tahua tīmata. I tāpirihia e ahau te nomodeset, ka "
          "tīmata engari he pōturi rawa.")


def cmdline(line: str) -> list[DebugSection]:
    return [DebugSection("/proc/cmdline", (line,))]


def test_the_boot_option_on_the_kernel_command_line_or_in_the_users_words() -> None:
    found = nomodeset_signals("", cmdline(f"{CMDLINE} nomodeset"))
    assert [(s.key, s.label) for s in found] == [
        (NOMODESET_KEY, "started with nomodeset (on the kernel command line)")]
    assert not found[0].strong  # it says the kind of failure, not whose
    assert [s.label for s in nomodeset_signals("I added nomodeset and it starts")] == [
        "started with nomodeset (written)"]
    # Other options that name mode setting are other options; a line of another section
    # is no command line.
    for line in (CMDLINE, f"{CMDLINE} i915.nomodeset=1", f"{CMDLINE} nouveau.modeset=0",
                 f"{CMDLINE} nomodeset=0"):
        assert nomodeset_signals("", cmdline(line)) == [], line
    assert nomodeset_signals("", [DebugSection("/usr/bin/lspci -nn", ("nomodeset",))]) == []


def test_the_issues_of_graphics_that_fail_as_the_desktop_starts_carry_the_key() -> None:
    for title, description in (
            ("Black screen after the boot menu with Intel GPU (i915)", ""),
            ("Intel GPU regression", 'Fails with "Error starting GDM with your graphics card".'),
            ("Old NVIDIA cards", "Add `nomodeset` to the boot options.")):
        assert NOMODESET_KEY in issue_keys(issue(1, title, description)), title
    for title, description in (
            ("Intel UHD 620: flickering and black screen", "Add `i915.enable_psr=0`."),
            ("Black screen after suspend", "The screen stays black after the boot menu"
             " was long gone: after resume.")):
        assert NOMODESET_KEY not in issue_keys(issue(1, title, description)), title


def test_a_report_the_lexicon_cannot_read_started_with_nomodeset() -> None:
    # An old office PC whose Intel graphics gave a black screen, started with nomodeset,
    # written in words the lexicon does not read: the boot option and the Intel chip
    # still put the Intel start failures first, the i915 black screen (#16447) among them.
    index = matching_set_index()
    entry = report("Ka pango te mata", UNREAD, product="OptiPlex 7010", maker="Dell Inc.",
                   lspci=(IVY_BRIDGE,), cmdline=f"{CMDLINE} nomodeset")
    ranked = [m.issue.iid for m in suggest_issues(entry, index)]
    assert 16447 in ranked[:5] and {ranked[0], ranked[1]} <= {16447, 17953}
    assert not any(m.confident for m in suggest_issues(entry, index))


def test_the_users_words_for_the_screen_decide_over_the_boot_option() -> None:
    # A user who says the screen was grey has said which failure it was: the boot option
    # adds nothing then, and the ranking is the one without it.
    index = matching_set_index()
    words = "Después del menú de arranque sale una pantalla gris."
    with_option, without = (
        [(m.issue.iid, m.score) for m in suggest_issues(report(
            "pantalla gris", words, lspci=(IVY_BRIDGE,), cmdline=line), index)]
        for line in (f"{CMDLINE} nomodeset", CMDLINE))
    assert with_option == without
