"""Tests for splitting WhisperBack debug information into sections."""

from __future__ import annotations

import random
import re
from pathlib import Path

from hdtui.domain.debug import (
    MARKER_PREFIX,
    MARKER_SUFFIX,
    DebugSection,
    _markers,
    find_section,
    journal_errors,
    journal_scan,
    marker_key,
    parse_os_release,
    split_debug,
    strip_journal_prefix,
)
from tests.support.growth import assert_linear

DATA = Path(__file__).resolve().parent.parent / "data" / "whisperback"


def journal_tail(sections: list[DebugSection], tail: int,
                 also: re.Pattern[str] | None = None) -> tuple[str, ...]:
    """The journal's last lines that are no errors, as ``journal_scan`` gives them."""
    return journal_scan(sections, 0, also, tail)[1]


def load(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_split_7x_report_sections_in_order() -> None:
    preamble, sections = split_debug(load("tails-7.5-wifi.txt"))
    assert preamble.startswith("Subject: Wi-Fi networks not listed since upgrade to 7.5\n")
    assert "What did you do that triggered this error?" in preamble
    assert "======= content of" not in preamble
    assert len(sections) == 13
    assert sections[0].key == "/proc/cmdline"
    assert sections[1].key == "/usr/sbin/dmidecode -s system-manufacturer"
    assert sections[1].lines == ("HP",)
    assert sections[-1].key == "/bin/journalctl --catalog --no-pager"
    assert sections[-1].is_journal
    assert not sections[0].is_journal


def test_trailing_blank_lines_dropped_inner_kept() -> None:
    _, sections = split_debug(load("tails-7.5-wifi.txt"))
    profiles = find_section(sections, "/run/tails-persistent-storage/profiles")
    assert profiles is not None
    assert profiles.lines == (
        "",
        ">  === content of /run/tails-persistent-storage/profiles/unlock ===",
        "> duration=4.2",
    )


def test_nested_directory_items_stay_in_parent() -> None:
    _, sections = split_debug(load("nested-sections.txt"))
    assert len(sections) == 11
    profiles = find_section(sections, "/run/tails-persistent-storage/profiles")
    assert profiles is not None
    unlock = "/run/tails-persistent-storage/profiles/unlock"
    assert profiles.lines[1] == f">  === content of {unlock} ==="
    assert "> attempts=1" in profiles.lines
    nested = profiles.nested()
    assert [n.key for n in nested] == [
        "/run/tails-persistent-storage/profiles/unlock",
        "/run/tails-persistent-storage/profiles/features",
    ]
    assert nested[0].lines == ("duration=3.9", "attempts=1")
    assert nested[1].lines[0].startswith("WARNING: not opening file /run/tails-persistent-storage")


def test_missing_items_and_warnings() -> None:
    _, sections = split_debug(load("nested-sections.txt"))
    missing = [s.key for s in sections if s.missing]
    assert missing == [
        "/live/persistence/TailsData_unlocked/persistence.conf",
        "/live/persistence/TailsData_unlocked/live-additional-software.conf",
        "/live/persistence/TailsData_unlocked/apt-sources.list.d",
    ]
    tca = find_section(sections, "/var/lib/tca/tca.conf")
    assert tca is not None and not tca.missing
    assert tca.lines == (
        "WARNING: not opening file /var/lib/tca/tca.conf, because it is owned by debian-tor "
        "instead of root",
    )


def test_sanitisation_placeholders_kept_verbatim() -> None:
    _, sections = split_debug(load("nested-sections.txt"))
    journal = sections[-1]
    text = journal.text
    for placeholder in (
        "[MAC REMOVED]",
        "'[ESSID REMOVED]'",
        "[IPV4 REMOVED]",
        "DMI: [DMI REMOVED]",
        "UUID: [UUID REMOVED]",
    ):
        assert placeholder in text


def test_title_strips_bin_prefixes() -> None:
    assert DebugSection("/usr/bin/lspci -nn", ()).title == "lspci -nn"
    assert DebugSection("/usr/sbin/dmidecode -s system-version", ()).title == (
        "dmidecode -s system-version"
    )
    assert DebugSection("/bin/journalctl --catalog --no-pager", ()).title == (
        "journalctl --catalog --no-pager"
    )
    assert DebugSection("/sbin/losetup --list", ()).title == "losetup --list"
    assert DebugSection("/proc/cmdline", ()).title == "/proc/cmdline"
    assert DebugSection("/usr/local/sbin/tails-debugging-info", ()).title == (
        "/usr/local/sbin/tails-debugging-info"
    )


def test_missing_is_exact() -> None:
    assert DebugSection("x", ("Not found",)).missing
    assert not DebugSection("x", ("Not found here",)).missing
    assert not DebugSection("x", ()).missing
    assert not DebugSection("x", ("Not found", "more")).missing


def test_is_journal_variants() -> None:
    assert DebugSection("journalctl --no-pager", ()).is_journal
    assert DebugSection("/usr/bin/journalctl -b", ()).is_journal
    assert not DebugSection("/var/log/boot.log", ()).is_journal
    assert not DebugSection("", ()).is_journal


def test_marker_regex_is_not_greedy_across_lines() -> None:
    text = "pre\n======= content of /a =======\none\n======= content of /b =======\ntwo\n"
    preamble, sections = split_debug(text)
    assert preamble == "pre"
    assert [(s.key, s.lines) for s in sections] == [("/a", ("one",)), ("/b", ("two",))]


def test_crlf_line_endings() -> None:
    text = "pre\r\n\r\n======= content of /a =======\r\nline\r\n\r\n"
    preamble, sections = split_debug(text)
    assert preamble == "pre\n"
    assert sections == (DebugSection("/a", ("line",)),)


def test_no_markers_gives_whole_preamble() -> None:
    assert split_debug("hello\nworld") == ("hello\nworld", ())
    assert split_debug("") == ("", ())


def test_marker_key_requires_whole_line() -> None:
    assert marker_key("======= content of /proc/cmdline =======") == "/proc/cmdline"
    assert marker_key("x ======= content of /proc/cmdline =======") is None
    assert marker_key("======= content of /proc/cmdline") is None
    assert marker_key(">  === content of /a ===") is None


def test_inner_lines_kept_verbatim() -> None:
    text = "======= content of /x =======\n  indented\t\n[bold red]x[/]\n\x1b[2Jz\n"
    _, sections = split_debug(text)
    assert sections[0].lines == ("  indented\t", "[bold red]x[/]", "\x1b[2Jz")


def test_many_marker_lines_take_time_in_proportion_to_their_number() -> None:
    # Hostile input (a body of section markers only) must not make the split quadratic.
    assert_linear(lambda n: "======= content of /x =======\n" * n, split_debug, 20_000)
    preamble, sections = split_debug("======= content of /x =======\n" * 100_000)
    assert preamble == ""
    assert len(sections) == 100_000
    assert all(s.lines == () for s in sections[:10])


def test_parse_os_release() -> None:
    values = parse_os_release(['NAME="Tails"', "ID=tails", "VERSION='7.5'", "junk", ""])
    assert values == {"NAME": "Tails", "ID": "tails", "VERSION": "7.5"}


def test_journal_errors_helpers() -> None:
    line = "Mar 02 14:05:52 amnesia NetworkManager[1432]: <warn>  device (wlan0): failed"
    assert strip_journal_prefix(line) == "NetworkManager[1432]: <warn>  device (wlan0): failed"
    assert strip_journal_prefix("no prefix here") == "no prefix here"
    sections = (
        DebugSection("/var/log/boot.log", ("error in boot log",)),
        DebugSection("/bin/journalctl --catalog --no-pager", (line, line, "Mar  2 1:00 x ok")),
    )
    assert journal_errors(sections) == ("NetworkManager[1432]: <warn>  device (wlan0): failed",)
    assert journal_errors(sections, limit=0) == ()


def test_the_journals_tail_is_its_last_lines_that_are_not_errors() -> None:
    # Rules v49 (docs/insight.md, "Session 18, twenty-eighth round: cluster pairs"): the
    # last lines first, each once, errors (and lines ``also`` matches) left to
    # ``journal_errors``, and other sections than the journal ignored.
    lines = ("Mar 02 14:05:50 amnesia kernel: random: crng init done",
             "Mar 02 14:05:51 amnesia systemd-logind[1]: Lid closed.",
             "Mar 02 14:05:52 amnesia NetworkManager[1432]: <warn>  device (wlan0): failed",
             "Mar 02 14:05:53 amnesia kernel: usb 2-1: reset high-speed USB device",
             "Mar 02 14:05:54 amnesia systemd-logind[1]: Lid closed.",
             "Mar 02 14:05:55 amnesia kernel: PM: suspend entry (s2idle)")
    sections = (DebugSection("/bin/journalctl --catalog --no-pager", lines),
                DebugSection("/var/log/boot.log", ("boot went fine",)))
    reset = re.compile(r"\breset\b")
    assert journal_tail(sections, 12, reset) == (
        "kernel: PM: suspend entry (s2idle)", "systemd-logind[1]: Lid closed.",
        "kernel: random: crng init done")
    assert journal_tail(sections, 2) == ("kernel: PM: suspend entry (s2idle)",
                                         "systemd-logind[1]: Lid closed.")
    assert journal_tail(sections, 0) == ()


def test_one_reading_of_the_journal_gives_its_errors_and_its_tail() -> None:
    # ``journal_scan`` is ``journal_errors`` and ``journal_tail`` together, whether the
    # errors run out before the journal does (then its tail is read from the end) or not.
    rng = random.Random(3)
    kinds = ["kernel: usb 1-1: reset high-speed USB device", "app[1]: failed {}",
             "systemd[1]: Started unit {}.", "gnome-shell[2]: monitor {} added", ""]
    for _ in range(200):
        lines = tuple(f"Mar 02 14:05:{n % 60:02d} amnesia "
                      + rng.choice(kinds).format(rng.randrange(6)) for n in range(30))
        sections = (DebugSection("/bin/journalctl --catalog --no-pager", lines[:20]),
                    DebugSection("/usr/bin/lspci -nn", ("00:02.0 failed",)),
                    DebugSection("/bin/journalctl -b -1", lines[20:]))
        reset = re.compile(r"\breset\b")
        for limit, tail in ((40, 12), (2, 3), (0, 4), (5, 0)):
            assert journal_scan(sections, limit, reset, tail) == (
                journal_errors(sections, limit, reset), journal_tail(sections, tail, reset))
            assert journal_errors(sections, limit, reset) == _errors_slowly(
                sections, limit, reset)
            assert journal_tail(sections, tail, reset) == _tail_slowly(sections, tail, reset)


def _is_error_slowly(line: str, also: re.Pattern[str]) -> bool:
    return bool(re.search(r"error|\bfail|warn|segfault|\boops\b|timed out|\btimeout\b"
                          r"|\bcritical\b|\bpanic|call trace|traceback|\bdenied\b"
                          r"|\brefused\b|\bunable to\b|\bcannot\b|\bcan't\b"
                          r"|\bnot supported\b|\bunsupported\b|\bdoes not support\b",
                          line, re.IGNORECASE) or re.search(r"\bBUG\b", line)
                or also.search(line))


def _errors_slowly(sections: tuple[DebugSection, ...], limit: int, also: re.Pattern[str]
                   ) -> tuple[str, ...]:
    """The first ``limit`` distinct error lines without date and host (the rule)."""
    found: list[str] = []
    for line in (line for s in sections if s.is_journal for line in s.lines):
        message = strip_journal_prefix(line)
        if _is_error_slowly(line, also) and message and message not in found:
            found.append(message)
    return tuple(found[:limit])


def _tail_slowly(sections: tuple[DebugSection, ...], tail: int, also: re.Pattern[str]
                 ) -> tuple[str, ...]:
    """The last ``tail`` distinct lines that are no errors, the last first (the rule)."""
    lines = [strip_journal_prefix(line) for s in sections if s.is_journal for line in s.lines
             if not _is_error_slowly(line, also)]
    found: list[str] = []
    for line in reversed(lines):
        if line and line not in found:
            found.append(line)
    return tuple(found[:tail])


def test_a_line_saying_something_is_not_supported_is_an_error() -> None:
    # A program that refuses what the user asked for says so in these words, without
    # "error" or "failed" (docs/insight.md, "Session 8, ninth round").
    lines = ("Mar 02 14:05:52 amnesia keepassxc[2211]: Auto-Type: Wayland platform is not "
             "supported",
             "Mar 02 14:05:53 amnesia app[12]: Wayland does not support QWindow::raise()",
             "Mar 02 14:05:54 amnesia gst[13]: unsupported codec profile",
             "Mar 02 14:05:55 amnesia systemd[1]: Started Session 2 of user amnesia.")
    found = journal_errors((DebugSection("/bin/journalctl --catalog --no-pager", lines),))
    assert found == ("keepassxc[2211]: Auto-Type: Wayland platform is not supported",
                     "app[12]: Wayland does not support QWindow::raise()",
                     "gst[13]: unsupported codec profile")


def _markers_line_by_line(text: str) -> list[tuple[int, int, str]]:
    """What ``_markers`` gives, found a line at a time (the rule, slowly)."""
    found, start = [], 0
    for line in text.split("\n"):
        bare = line[:-1] if line.endswith("\r") else line
        if bare.startswith(MARKER_PREFIX) and bare.endswith(MARKER_SUFFIX) and \
                len(bare) >= len(MARKER_PREFIX) + len(MARKER_SUFFIX):
            end = start + len(line)
            found.append((start, min(end + 1, len(text)),
                          bare[len(MARKER_PREFIX):len(bare) - len(MARKER_SUFFIX)]))
        start += len(line) + 1
    return found


def test_markers_are_only_lines_that_start_with_one() -> None:
    # The marker expression is not anchored (docs/benchmarks.md, "Session 17: the cold
    # read"): a marker's text inside a line is no marker, and hides none after it.
    cases = [
        "", "======= content of a =======", "======= content of a =======\n",
        "x======= content of a =======\n======= content of b =======\nv\n",
        "> ======= content of a ======= ======= content of b =======\n",
        " ======= content of a =======\r\n======= content of b =======\r\nv",
        "======= content of a ======= \n======= content of  =======\n",
        "======= content of a =======\r\r\n======= content of b =======\rz\n",
        "p\n======= content of a ======= x ======= content of b =======\n\n",
        "======= content of ======= content of c =======\n",
    ]
    for path in sorted(DATA.glob("*.txt")):
        cases.append(path.read_text())
    for text in cases:
        assert _markers(text) == _markers_line_by_line(text), text
    assert [key for _, _, key in _markers(cases[3])] == ["b"]


def test_the_error_expression_tries_each_word_where_its_first_letter_stands() -> None:
    # The journal's error expression starts with a look-ahead at the words' first letters
    # (docs/insight.md, "Session 21: the count after a first open"): a word whose first
    # letter is missing there would no longer be found.
    from hdtui.domain.debug import _JOURNAL_ERROR_FIRST, JOURNAL_ERROR_WORDS

    words = [w.removeprefix(r"\b") for w in JOURNAL_ERROR_WORDS.split("|")]
    assert {w[0] for w in words} == set(_JOURNAL_ERROR_FIRST)


def test_the_error_expression_finds_what_the_words_alone_find() -> None:
    # The same lines are errors as with the words' expression alone, case and Unicode's
    # case folding included (the long s of "ſegfault", a Kelvin sign in "tracebacK",
    # capitals), at the start, in the middle and at the end of a line, and beside a word
    # boundary that no longer holds ("unfailing" is no "\bfail").
    from hdtui.domain.debug import _JOURNAL_ERROR_RE, JOURNAL_ERROR_WORDS

    alone = re.compile(JOURNAL_ERROR_WORDS, re.IGNORECASE)
    words = [w.removeprefix(r"\b").removesuffix(r"\b") for w in JOURNAL_ERROR_WORDS.split("|")]
    lines = ["ſegfault at 0", "tracebacK (most recent call last)", "unfailing", "xerror",
             "Jan 1 00:00:00 amnesia kernel: nothing happened", "", "e", "ERRor"]
    for word in words:
        for form in (word, word.upper(), word.title()):
            lines += [form, f"x {form} y", f"x{form}y", f"{form}:", f"··{form}"]
    rng = random.Random(21)
    letters = "efwsotcpdrunBUGſK ':ı"
    lines += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 12)))
              for _ in range(20_000)]
    lines += [line for path in sorted(DATA.glob("*.txt"))
              for line in path.read_text(encoding="utf-8").splitlines()]
    differ = [line for line in lines
              if bool(_JOURNAL_ERROR_RE.search(line)) != bool(alone.search(line))]
    assert differ == []
    assert _JOURNAL_ERROR_RE.search("x ſegfault") and _JOURNAL_ERROR_RE.search("TRACEBACK")
