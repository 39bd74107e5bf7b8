"""Inert Markdown: hostile report text in a fence, a code span or a title does nothing on
GitLab (parsed as GitLab's CommonMark engine would, tests/support/gfm.py)."""

from __future__ import annotations

import pytest

from hdtui.domain.markdown import code_span, fence, inline, plain_title
from tests.support.gfm import REFERENCE_RE, fences, headings, live_markup, parse

HOSTILE = [
    "@all please look",
    "@team and @tails/foundations-team",
    "see #1, !2, &3, $4, ~bug, ~\"To Do\", %\"7.6\", %7.6, tails/tails#12, group/project!3",
    "![x](http://e/x.png) and [click](http://e/) and <http://e/>",
    "<img src=x onerror=alert(1)>",
    "<!-- hidden -->",
    "<details><summary>open me</summary>secret</details>",
    "[[Home]] and :smile: and &amp; &#64;all",
    "# Heading\n> quote\n- item\n1. item\n| a | b |\n|---|---|\n| c | d |",
    "**bold** _em_ ~~strike~~",
    "/close\n/assign @x\n/label ~\"P:Urgent\"",
    "```\n/close\n```\n@all",
    "~~~\n/close\n~~~\n@all",
    "``````````\nten backticks\n``````````",
    "   ````\nindented fence",
    "a `code` b ``two`` c",
    "CR\r```\r/close\r@all",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_fence_holds_the_text_whole_and_nothing_in_it_is_live(text: str) -> None:
    block = fence(text, "text")
    after = f"{block}\n\n## After\n\nplain words\n"
    assert live_markup(after) == []
    assert fences(after) == [text.replace("\r", "\n").rstrip() + "\n"]
    assert headings(after) == ["After"]  # the fence closed where it should


def test_the_fence_is_longer_than_any_backtick_run_and_tildes_cannot_close_it() -> None:
    assert fence("plain") == "```\nplain\n```"
    assert fence("a ``````` b").startswith("````````\n")
    assert fence("~~~~~~~~~~\n/close").startswith("```\n")
    assert fence("") == "```\n```"
    with pytest.raises(ValueError):
        fence("x", "text`")


@pytest.mark.parametrize("text", [t for t in HOSTILE if "\n" not in t and "\r" not in t] + [
    "Tails 7.6.2", "Dell XPS 15 7590", "Realtek RTL8723BE [10ec:b723]", "`start", "end`",
    " spaced ", "``", "a ` b",
])
def test_a_code_span_shows_the_text_as_written(text: str) -> None:
    line = f"- Machines: {code_span(text)} (2 reports)"
    assert live_markup(line) == []
    inline = next(t for t in parse(line) if t.type == "inline")
    codes = [c.content for c in inline.children or [] if c.type == "code_inline"]
    assert codes == [text]


def test_a_code_span_is_one_line_and_blank_text_gives_nothing() -> None:
    assert code_span("7.5\n/close") == "`7.5 /close`"
    assert code_span("  \n ") == ""


def test_hostile_text_is_live_without_protection() -> None:
    # The model is not blind: the same texts, unprotected, are found live (formatting
    # is not "live", it is checked above by the fence's and code span's exact contents).
    for text in HOSTILE[:8] + HOSTILE[10:13]:
        assert live_markup(text) != [], text


@pytest.mark.parametrize("title", [
    "@all Wi-Fi broken", "see #1 and !2", "tails/tails#12 again", "group/project!3",
    "&3 $4 ~bug ~\"To Do\" %\"7.6\" %7 ^alert#1", "user@example.org",
    "https://gitlab.tails.boum.org/tails/tails/-/issues/1",
])
def test_a_title_has_no_live_mention_or_reference(title: str) -> None:
    shown = plain_title(title)
    assert REFERENCE_RE.search(shown) is None, shown
    assert len(shown) == len(title)  # one fullwidth character for one ASCII one


def test_a_title_keeps_ordinary_punctuation_and_is_one_line() -> None:
    assert plain_title("Wi-Fi broken! 100% sure, C# app\n/close") == (
        "Wi-Fi broken! 100% sure, C# app /close")
    assert plain_title("@all #12") == "\uff20all \uff0312"


@pytest.mark.parametrize("text", [*HOSTILE, "No sound … <b>[red]x[/red]</b>",
                                  "snd_hda_intel *not bold* __nor__ `code` a|b \\<i>",
                                  "C:Hardware <script>x</script> &copy; &#64;team"])
def test_inline_text_in_a_list_item_is_shown_as_written(text: str) -> None:
    # The walk of issue #10: `stats --markdown` escaped `#` in a title, not its HTML.
    line = f"- **Issue** {inline(text)}: 3 likely"  # hdtui's own #20409 links, on purpose
    assert live_markup(line) == [], line
    tokens = parse(line)
    assert [t.type for t in tokens].count("bullet_list_open") == 1  # no list, quote inside
    assert not any(t.type in ("heading_open", "blockquote_open", "table_open") for t in tokens)
    inline_token = next(t for t in tokens if t.type == "inline")
    children = inline_token.children or []
    assert {c.type for c in children} <= {"text", "text_special", "strong_open",
                                          "strong_close"}, line
    assert [c.type for c in children].count("strong_open") == 1  # only hdtui's own **…**
    shown = "".join(c.content for c in children)
    assert shown == f"Issue {plain_title(text)}: 3 likely"


@pytest.mark.parametrize("start", ["1. one", "2) two", "- item", "+ item", "* item",
                                   "> quote", "# heading", "| a | b |", "/close"])
def test_inline_text_starting_a_line_starts_no_block(start: str) -> None:
    tokens = parse(f"{inline(start)}\n")
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], start
    assert tokens[1].content.replace("\\", "") == plain_title(start)


@pytest.mark.parametrize("text", ["go to www.evil.example/x", "(www.evil.example)",
                                  "WWW.Evil.Example", "*www.evil.example*"])
def test_inline_breaks_a_bare_www_host_as_it_breaks_links(text: str) -> None:
    # GitLab's GFM autolinks a bare www. host (no scheme); its dot is made fullwidth.
    escaped = inline(text)
    assert "www." not in escaped.lower()
    assert escaped.replace("\\", "").replace("\uff0e", ".") == text
    assert inline("awww.com") == "awww.com"  # not the start of a host


def test_a_quick_action_at_a_line_start_is_escaped() -> None:
    # GitLab runs /close at the start of a description's line; \/close is shown as written.
    assert inline("/close") == "\\/close"
    assert inline("see /close") == "see /close"
