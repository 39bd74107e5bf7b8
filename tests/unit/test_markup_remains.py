"""Terminal escapes and console markup in mail are no users' words: what is left of them is
cut out before the words (``domain.markup_remains``), so they group no mails and match no
issue, while the text shown keeps them as they came (docs/matching.md, "Escapes and
markup are no words")."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest

from hdtui.domain.insight.clusters import clusters
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.markup_remains import without_markup
from hdtui.domain.terms import terms, words
from hdtui.domain.text import clean

HOSTILE = "\x1b[31mred\x1b[0m [bold red]Please read[/bold red]"


@pytest.mark.parametrize("text, expected", [
    (HOSTILE, ["red", "please", "read"]),
    (str(clean(HOSTILE)), ["red", "please", "read"]),  # ESC drawn as ␛, as mail is kept
    (str(clean("\x9b1;31mwarning")), ["warning"]),  # a C1 CSI, written <U+009B>
    ("see \x1b]8;;https://evil.example/\x07here\x1b]8;;\x1b\\ now", ["see", "here", "now"]),
    ("\x1b]0;title without end", []),  # an OSC to the end of the line
    ("\x1b(Bcharset word", ["word"]),  # after an ESC, no word
    ("cut \x1b[3", ["cut"]),  # a sequence cut short
    ("[on $panel]dark[/] [@click=app.quit]quit[/] [link=https://a.example]a[/link]",
     ["dark", "quit", "a"]),
    ("[b]x[/b][#ff0000]y[/][not bold italic]z[/]", ["x", "y", "z"]),
])
def test_escapes_and_markup_leave_no_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize("text", [
    "[sudo] password for amnesia", "OSError: [Errno 28] No space left",
    "kernel: [ 12.345678] [drm] Initialized i915", "systemd[1]: Started", "[x] done",
    "Wi-Fi does not work", "",
])
def test_text_without_them_is_the_same(text: str) -> None:
    assert without_markup(text) is text


def test_the_remains_are_no_terms_and_the_words_around_them_stay_apart() -> None:
    found = terms(f"{clean(HOSTILE)} attachment")
    assert not {"0m", "31mred", "bold", "31m"} & set(found)
    assert "attachment" in found
    assert words("Wi[bold]fi[/bold]") == ["wi", "fi"]


def test_hostile_subjects_group_no_unrelated_mail() -> None:
    # The walk's case: three mails whose subjects hold escapes and markup, and a malformed
    # mail that says "bold", "0m" and "31mred" in its own words; before, the remains made
    # the four one cluster ("words: 0m, 31mred, bold, attachment").
    today = date(2026, 12, 7)
    hostile = [ReportFacts(key=f"e{n}", reference=f"e{n}", received=today - timedelta(days=n),
                           words=frozenset(terms(f"{clean(HOSTILE)} number {n}\n"
                                                 "See the attachment.")))
               for n in range(3)]
    malformed = ReportFacts(key="m", reference="m", received=today - timedelta(days=1),
                            words=frozenset(terms("bold attachment\nThe attachment would "
                                                  "not open, the 0m file, 31mred.")))
    found = clusters([*hostile, malformed], today)
    assert all("m" not in c.reports for c in found)
    assert not any({"0m", "31mred", "bold"} & set(c.words) for c in found)


@pytest.mark.parametrize("line", [
    "[link=a" + " link=a" * 24,  # exponential before: 7 s at 24 words
    "[link=a" * 20,  # each [ scanned to the end of the line before: 45 s at 20000
    "[@a" * 20, "[bold" + " bold" * 30, "[b" + " " * 40, "[$a 50%" * 10,
    "[not " * 20, "[rgb(1, 2, 3" * 10, "\x1b]" * 20, "\u241b[" * 20, "[link=a]" * 20,
])
def test_hostile_text_takes_linear_time(line: str) -> None:
    text = "\n".join([line] * (100_000 // len(line) + 1))  # 100 KB of such lines
    single = "".join([line.replace("\n", " ")] * (100_000 // len(line) + 1))  # one line
    started = time.process_time()
    without_markup(text)
    without_markup(single)
    assert time.process_time() - started < 0.5  # milliseconds; minutes before


def test_a_link_s_address_stops_at_a_space_or_a_bracket() -> None:
    assert words("[link=https://a.example/x]here[/link]") == ["here"]
    assert words("[@click=app.quit]quit[/]") == ["quit"]
    assert words("[red]a[/red] [r]b[/r] [reverse]c[/]") == ["a", "b", "c"]
    assert without_markup("[link=a.example/x y]") == "[link=a.example/x y]"  # kept
