"""The Persian keyboard, "صفحه‌کلید", is no screen (docs/matching.md, "Session 22: the
Persian keyboard is no screen")."""

from __future__ import annotations

from hdtui.domain.matching import suggest_issues
from hdtui.domain.terms import terms
from tests.unit.matching_support import matching_set_index, report

UHD620 = ("00:02.0 VGA compatible controller [0300]: Intel Corporation UHD Graphics 620 "
          "[8086:5917] (rev 07)")


def test_the_keyboard_joined_spaced_or_with_its_non_joiner_is_the_keyboard() -> None:
    # Joined (the non-joiner lost on the way), with the non-joiner kept (it ends a word),
    # with a space, and with a plural ending: the keyboard, never the screen.
    for written in ("صفحهکلید", "صفحه\u200cکلید", "صفحه کلید", "صفحه\u200cکلیدها"):
        found = terms(f"{written} کار نمی‌کند")
        assert found[0] == "keyboard" and "screen" not in found, written
    # The screen alone, or before another word, is still the screen.
    assert terms("صفحه سیاه شد")[:2] == ["screen", "black"]
    assert terms("صفحه خوش‌آمدگویی")[0] == "screen"
    assert terms("کلید") == ["کلید"]


def test_a_persian_keyboard_layout_report_ranks_the_layout_before_the_machines_screen() -> None:
    # "In the Welcome Screen I chose Persian, but the keyboard still types English", on a
    # ThinkPad T480 whose UHD 620 has an issue of its screen (#19127, the Latitude 7490's
    # chip): the keyboard, read as a screen, put that issue first; it is the layout's
    # (#17794).
    index = matching_set_index()
    words = ("در صفحه خوش‌آمدگویی زبان فارسی را انتخاب کردم اما صفحه‌کلید هنوز انگلیسی "
             "تایپ می‌کند و رمز را درست نمی‌پذیرد.")
    entry = report("صفحه‌کلید انگلیسی می‌ماند", words, product="ThinkPad T480",
                   maker="LENOVO", lspci=(UHD620,))
    ranked = [m.issue.iid for m in suggest_issues(entry, index)]
    assert ranked[0] == 17794, ranked
