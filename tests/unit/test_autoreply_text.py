"""The auto-reply's frequent-problems block, its place in the text, the diff, the request
to the sysadmins, and system mail (auto-replies, bounces) told from mail people wrote."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES, bundled_dir
from hdtui.domain.autoreply import (
    END_LINE,
    START_LINE,
    FrequentItem,
    as_sent,
    current_block,
    frequent_block,
    replace_block,
    request_text,
    unified_diff,
    with_front_matter,
)
from hdtui.domain.mail import Kind
from hdtui.domain.queue import KINDS, classify
from hdtui.domain.reply import parse_template
from hdtui.replies import load_templates
from hdtui.sources.parse import parse_message

SYSTEM = Path(__file__).parent.parent / "data" / "system"

WIFI = FrequentItem("Wi-Fi does not work on RTL8723BE", "https://gitlab.test/t/-/issues/1",
                    3, "Plug in a USB Wi-Fi adapter.")
BLACK = FrequentItem("Black screen after upgrading to 7.5", "https://gitlab.test/t/-/issues/2",
                     7)

BODY = f"""Hello,

Intro.

{START_LINE}
Problems reported often right now:

- old problem
{END_LINE}

Bye
"""


def test_the_block_lists_the_most_reported_first_and_is_deterministic() -> None:
    block = frequent_block([WIFI, BLACK], "en")
    assert block == frequent_block([BLACK, WIFI], "en")
    assert block.splitlines() == [
        "Problems reported often right now:",
        "",
        "- Black screen after upgrading to 7.5",
        "  https://gitlab.test/t/-/issues/2",
        "- Wi-Fi does not work on RTL8723BE",
        "  https://gitlab.test/t/-/issues/1",
        "  Workaround: Plug in a USB Wi-Fi adapter.",
    ]
    assert "(none at the moment)" in frequent_block([], "en")
    assert frequent_block([WIFI], "fr").startswith("Problèmes souvent signalés")
    assert frequent_block([WIFI], "pt").startswith("Problems reported")  # falls back


def test_the_block_wraps_at_72_and_keeps_dollars_literal() -> None:
    long = FrequentItem("Persistent Storage " * 8 + "costs $5", "https://x.test/1", 1,
                        "Run the command shown in the issue " * 4)
    lines = frequent_block([long]).splitlines()
    assert all(len(line) <= 72 for line in lines)
    text = "\n".join(lines)
    assert "$$5" in text  # a reply file is a template: $ is written $$
    assert "$5" in as_sent(text) and "$$" not in as_sent(text)


def test_titles_from_the_tracker_are_one_clean_line() -> None:
    item = FrequentItem("Evil\ntitle\x1b[31m", "https://x.test/1", 1)
    line = frequent_block([item]).splitlines()[2]
    assert "\x1b" not in line and "\n" not in line and line.startswith("- Evil title")


def test_replace_block_keeps_the_markers_and_the_rest() -> None:
    new = replace_block(BODY, frequent_block([BLACK]))
    assert new.startswith("Hello,\n\nIntro.\n\n" + START_LINE + "\n")
    assert new.endswith(END_LINE + "\n\nBye\n")
    assert "old problem" not in new and "Black screen" in new
    assert current_block(new) == frequent_block([BLACK])
    assert replace_block(new, frequent_block([BLACK])) == new  # idempotent


@pytest.mark.parametrize("body", ["no markers at all\n", f"{END_LINE}\nx\n{START_LINE}\n",
                                  f"{START_LINE}\n{START_LINE}\n{END_LINE}\n"])
def test_replace_block_refuses_a_text_without_one_clear_block(body: str) -> None:
    with pytest.raises(ValueError, match="frequent-problems"):
        replace_block(body, "x")


def test_unified_diff() -> None:
    assert unified_diff("a\nb\n", "a\nb\n") == ""
    diff = unified_diff("a\nb\nc", "a\nB\nc", "old", "new")
    assert diff.splitlines() == ["--- old", "+++ new", "@@ -1,3 +1,3 @@", " a", "-b", "+B",
                                 " c"]


def test_the_bundled_auto_reply_loads_and_has_a_block() -> None:
    templates, problems = load_templates(bundled_dir("replies"))
    assert not any("auto-reply" in p for p in problems)
    (auto,) = [t for t in templates if t.slug == "auto-reply" and t.language == "en"]
    assert "automated reply" in auto.body
    assert "Problems reported often" in current_block(auto.body)
    assert START_LINE not in as_sent(auto.body)


def test_with_front_matter_changes_only_the_subject_and_body() -> None:
    text = (bundled_dir("replies") / "auto-reply.en.md").read_text()
    new = with_front_matter(text, "New subject", "New body\n")
    template = parse_template(new, "x", "auto-reply", "en")
    assert (template.subject, template.body) == ("New subject", "New body\n")
    original = parse_template(text, "x", "auto-reply", "en")
    assert (template.title, template.when) == (original.title, original.when)


def test_the_request_says_what_to_do_and_holds_the_whole_new_text() -> None:
    old = f"Text\n{START_LINE}\n- old\n{END_LINE}\n"
    new = replace_block(old, "- new $$1 problem\n")
    text = request_text("New subject", new, "Old subject", old)
    assert "Please update the auto-reply" in text
    assert 'the subject, from "Old subject" to "New subject"' in text
    assert "Subject: New subject" in text
    assert "- new $1 problem" in text  # as the server sends it
    assert "+- new $1 problem" in text and "-- old" in text  # the diff
    assert START_LINE not in text  # markers are hdtui's, not the server's


# -- system mail --------------------------------------------------------------------------


def kind_of(name: str) -> Kind:
    message = parse_message((SYSTEM / name).read_bytes(), name).message
    return classify(message, DEFAULT_TEAM_ADDRESSES)


@pytest.mark.parametrize(("name", "kind"), [
    ("auto-replied.eml", Kind.SYSTEM),  # RFC 3834 Auto-Submitted: auto-replied
    ("bounce.eml", Kind.SYSTEM),  # RFC 3464 delivery status, from MAILER-DAEMON
    ("x-autoreply.eml", Kind.SYSTEM),  # X-Autoreply, Precedence: auto_reply
    ("person-auto-submitted-no.eml", Kind.SUPPORT),  # "no" means a person wrote it
    ("list-moderation.eml", Kind.LIST_ADMIN),  # automatic, but needs a moderator
])
def test_system_mail_is_told_from_user_mail(name: str, kind: Kind) -> None:
    assert kind_of(name) is kind


def test_the_headers_that_decide_are_kept() -> None:
    message = parse_message((SYSTEM / "bounce.eml").read_bytes(), "b").message
    assert ("Content-Type", "multipart/report; report-type=delivery-status") in \
        message.headers
    message = parse_message((SYSTEM / "auto-replied.eml").read_bytes(), "a").message
    assert ("Auto-Submitted", "auto-replied") in message.headers


def test_the_auto_reply_coming_back_is_system_mail() -> None:
    raw = (SYSTEM / "person-auto-submitted-no.eml").read_bytes().replace(
        b"Tails does not start after the upgrade", b"Automatic reply from the Tails Help Desk")
    message = parse_message(raw, "k").message
    assert classify(message, (), ["Automatic reply from the Tails Help Desk"]) is Kind.SYSTEM
    assert classify(message, ()) is Kind.SUPPORT


def test_the_new_kind_is_appended_so_stored_codes_stay_valid() -> None:
    assert KINDS[:5] == (Kind.TEAM, Kind.REPORT, Kind.SUPPORT, Kind.LIST_ADMIN, Kind.FT)
    assert KINDS[-1] is Kind.SYSTEM and Kind.SYSTEM.label == "Sys"
    assert Kind.SYSTEM.priority > Kind.SUPPORT.priority > Kind.TEAM.priority


def _sound_cluster(error: str = "kernel snd_hda_intel 0000:c1:00.6: azx_get_response "
                   "timeout") -> Any:
    from datetime import date, timedelta

    from hdtui.domain.insight.clusters import clusters
    from hdtui.domain.insight.facts import ReportFacts

    today = date(2026, 11, 30)
    sound = [ReportFacts(key=f"k{n}", reference=f"wb://{n:032x}",
                         received=today - timedelta(days=n), version="7.7",
                         product="Framework Laptop 13", gpus=("1002:15bf",),
                         network=("14c3:0616",) if n < 2 else (),
                         errors=(error,), words=frozenset({"kestrel", "son", "sound"}))
             for n in range(3)]
    (cluster,) = clusters(sound, today)
    return cluster


def test_a_new_problem_enters_the_block_by_its_reasons_never_by_words() -> None:
    from hdtui.domain.autoreply import cluster_item

    cluster = _sound_cluster()
    # The reasons: the journal error (snd_hda_intel: sound) leads, then the GPU and the
    # machine every report shares; the Wi-Fi chip only two of three have.
    assert cluster.signals[0].startswith("same journal error")
    item = cluster_item(cluster)
    assert item.title == ("A problem with sound we are looking into on computers with "
                          "graphics chip 1002:15bf and the Framework Laptop 13, on Tails 7.7")
    assert item.count == 3 and item.url == ""
    assert "kestrel" not in item.title and "snd_hda" not in item.title
    assert "azx" not in item.title and "14c3" not in item.title
    assert "Framework Laptop 13" in " ".join(frequent_block([item]).split())


def test_a_new_problem_whose_reasons_say_no_symptom_names_no_hardware() -> None:
    from hdtui.domain.autoreply import cluster_item

    # A journal error of a program no area is known for: the GPU is a reason, but naming
    # it would send users towards graphics for a problem nobody knows the part of.
    item = cluster_item(_sound_cluster("kernel mystery_drv: probe failed with error #"))
    assert item.title == "A problem we are looking into, on Tails 7.7"
    assert "graphics" not in item.title and "Framework" not in item.title


def test_an_issue_whose_title_still_says_todo_is_left_out_with_a_note() -> None:
    from hdtui.domain.autoreply import publishable
    from hdtui.domain.issue_draft import TITLE_SYMPTOM

    draft = FrequentItem(f"journal error: kernel snd_hda_intel: {TITLE_SYMPTOM} (Tails 7.7)",
                         "", 9)
    half = FrequentItem("Wi-Fi drops on resume", "https://gitlab.example/issues/7", 2,
                        "TODO: what affected users should try")
    kept, notes = publishable([draft, WIFI, half])
    assert [i.title for i in kept] == [WIFI.title, half.title]
    assert kept[1].workaround == ""
    assert len(notes) == 2 and "still says TODO" in notes[0]
    assert "snd_hda_intel" in notes[0] and "Wi-Fi drops on resume" in notes[1]
    block = frequent_block([draft, WIFI, half])
    assert "TODO" not in block and "snd_hda_intel" not in block
    assert WIFI.title in " ".join(block.split())
    assert publishable([WIFI]) == ([WIFI], [])
    # A word holding the letters is no placeholder.
    assert publishable([FrequentItem("TODOS los correos fallan", "", 1)])[1] == []


def test_an_app_reason_names_the_application_as_users_know_it() -> None:
    from dataclasses import replace

    from hdtui.domain.autoreply import cluster_item

    cluster = _sound_cluster()
    persistent = replace(cluster, signals=("same app tps_frontend", "same GPU 1002:15bf"))
    assert cluster_item(persistent).title == (
        "A problem with the Persistent Storage we are looking into on computers with "
        "graphics chip 1002:15bf, on Tails 7.7")
    unknown = replace(cluster, signals=("same app some-tool", "same GPU 1002:15bf"))
    assert cluster_item(unknown).title == "A problem we are looking into, on Tails 7.7"
