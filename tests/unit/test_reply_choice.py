"""The ranking of standard replies for a message (hdtui/domain/reply_choice.py), on real
parsed messages of the labeled matching set (tests/data/matching) and the shipped replies."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from hdtui.domain.autoreply import SLUG as AUTO_REPLY
from hdtui.domain.issue import KnownIssue
from hdtui.domain.mail import Kind
from hdtui.domain.matching import IssueIndex, Match, suggest_issues
from hdtui.domain.message import Message
from hdtui.domain.queue import Entry
from hdtui.domain.reply import ReplyTemplate, issue_sections, parse_template
from hdtui.domain.reply_choice import (
    KNOWN_ISSUE_SLUG,
    UPGRADE_SLUG,
    ReplyChoice,
    Standing,
    message_facts,
    rank_replies,
)
from hdtui.replies import load_templates
from hdtui.services.reading import Reader
from hdtui.sources.parse import parse_message
from hdtui.tracker.static import issue_from_rest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "matching"
REALTEK = "realtek-rtl8723be"
APPLE = "apple-hardware"


@cache
def templates() -> list[ReplyTemplate]:
    found, problems = load_templates(ROOT / "replies")
    assert problems == []
    return found


@cache
def index() -> IssueIndex:
    data = json.loads((DATA / "issues.json").read_text(encoding="utf-8"))
    return IssueIndex([issue_from_rest(obj) for obj in data])


@cache
def labels() -> dict[str, dict[str, object]]:
    loaded: dict[str, dict[str, object]] = json.loads(
        (DATA / "labels.json").read_text(encoding="utf-8"))
    return loaded


@cache
def entry(name: str) -> Entry:
    """A message of the matching set, read the way hdtui reads mail."""
    raw = (DATA / str(labels()[name]["file"])).read_bytes()
    return Reader(None, None, ()).understand(parse_message(raw, name))  # type: ignore[arg-type]


@cache
def matches(name: str) -> tuple[Match, ...]:
    return tuple(suggest_issues(entry(name), index(), 5))


def ranked(name: str, stable: str = "") -> list[ReplyChoice]:
    return rank_replies(entry(name), templates(), matches(name), stable)


def slugs(choices: list[ReplyChoice]) -> list[str]:
    return [c.template.slug for c in choices]


# --- the confident issue's own text comes first --------------------------------------------


def test_a_dell_xps_report_gets_its_confident_issue_first_and_never_the_apple_reply() -> None:
    choices = ranked("xps7590-en-vague")
    assert entry("xps7590-en-vague").hardware == "Dell XPS 15 7590"
    first = choices[0]
    assert first.standing is Standing.ISSUE and first.template.source == "issue #19123"
    assert first.reason == "from issue #19123, the confident match: its Workaround section"
    assert "pcie_port_pm=off" in first.template.body  # the issue's Workaround, as a reply
    assert APPLE not in slugs(choices)
    # Another issue's Standard reply (the soft lockup one) comes after every standard reply
    # that fits or is general: a match that is not confident is never put first.
    lockup = slugs(choices).index("issue-19109")
    assert choices[lockup].standing is Standing.POSSIBLE
    assert "not confident" in choices[lockup].reason
    assert all(c.standing is not Standing.UNFIT for c in choices[:lockup])
    assert {c.standing for c in choices[:lockup]} >= {Standing.FITS, Standing.GENERAL}
    assert slugs(choices)[1:3] == ["reproduce-debian-live", "hardware-unsupported"]
    assert "a PC (Dell XPS 15 7590)" in choices[1].reason
    assert "a hardware problem" in choices[1].reason


def test_a_confident_issue_with_a_standard_reply_offers_that_reply_first() -> None:
    choices = ranked("rtl8723be-en-explicit")
    first = choices[0]
    assert first.template.source == "issue #19113"
    assert first.reason == "from issue #19113, the confident match: its Standard reply"
    assert "rtl8723be.ant_sel=2" in first.template.body
    assert "We need your feedback" in first.template.body


def test_a_confident_issue_without_sections_gets_the_known_issue_reply_filled_in() -> None:
    choices = ranked("fsck-en")
    first = choices[0]
    top = matches("fsck-en")[0]
    assert top.confident and issue_sections(top.issue.description) == {}
    assert first.template.slug == KNOWN_ISSUE_SLUG and first.standing is Standing.ISSUE
    assert f"confident match {top.issue.ref} has no reply of its own" in first.reason
    assert top.issue.web_url in first.template.body and top.issue.title in first.template.body
    assert not {"issue_url", "issue_title"} & set(first.template.placeholders)
    assert slugs(choices).count(KNOWN_ISSUE_SLUG) == 1
    # The Persistent Storage unlock issue only possibly matches: its reply comes later.
    possible = next(c for c in choices if c.template.source.startswith("issue #"))
    assert possible.standing is Standing.POSSIBLE and choices.index(possible) > 1


def test_the_clock_problem_gets_its_own_issue_first_not_the_bridges_reply() -> None:
    """The clock problem offered the bridges reply first. Its words are vague, but the
    journal carries the error line its issue quotes (a crash signature): the clock issue
    is the confident match and its reply comes first; the bridges reply comes later, as a
    possible match."""
    choices = ranked("clock-cert-en-vague")
    top = matches("clock-cert-en-vague")[0]
    assert top.issue.iid == 20406 and top.confident
    assert choices[0].standing is Standing.ISSUE and top.issue.ref in choices[0].reason
    bridges = next(c for c in choices if c.template.slug == "issue-20401")
    assert bridges.standing is Standing.POSSIBLE and choices.index(bridges) > 0


def test_without_a_confident_match_no_issue_reply_comes_first() -> None:
    for name in labels():
        found = matches(name)
        if found and found[0].confident:
            continue
        choices = ranked(name)
        assert all(c.standing is not Standing.ISSUE for c in choices), name
        from_issues = [c for c in choices if c.template.source.startswith("issue #")]
        assert all(c.standing is Standing.POSSIBLE for c in from_issues), name


# --- generic replies: facts the message shows ----------------------------------------------


def test_the_apple_reply_is_offered_only_for_macs() -> None:
    for name in labels():
        e = entry(name)
        hardware = e.report.hardware if e.report is not None else None
        offered = APPLE in slugs(ranked(name))
        if hardware is not None and hardware.known:
            assert offered == hardware.is_mac, name
    mac = ranked("bcm4360-macbookair-en")
    apple = next(c for c in mac if c.template.slug == APPLE)
    assert apple.standing is Standing.FITS
    assert "a Mac (Apple MacBookAir6,2)" in apple.reason
    assert slugs(mac).index(APPLE) < slugs(mac).index("hardware-unsupported")


def test_a_mail_naming_a_mac_gets_the_apple_reply_and_one_naming_a_dell_does_not() -> None:
    mac = ranked("mac-m2-en-mail")
    assert mac[0].template.slug == APPLE
    assert "the user writes “MacBook Air”" in mac[0].reason
    assert APPLE not in slugs(ranked("xps7590-en-mail"))
    assert "pc" in message_facts(entry("xps7590-en-mail")).shown


def test_the_fact_stating_reply_needs_the_pci_id() -> None:
    assert REALTEK not in slugs(ranked("xps7590-en-vague"))  # no 10ec:b723 in its lspci
    assert REALTEK not in slugs(ranked("xps7590-en-mail"))
    assert REALTEK not in slugs(ranked("none-donate-en-mail"))
    with_card = ranked("rtl8723be-fr-vague")  # only lspci names the card
    realtek = next(c for c in with_card if c.template.slug == REALTEK)
    assert realtek.standing is Standing.FITS and "[10ec:b723] in lspci" in realtek.reason
    assert "no French variant" in realtek.reason
    # The Realtek issue is a confident match (the card only it names, and "réseau" for what
    # the card does, in the words of its symptom): its own reply comes first, the card's
    # reply is still offered.
    assert slugs(with_card)[0] == "issue-19113" and REALTEK in slugs(with_card)
    pasted = ranked("rtl8723be-es-mail-paste")  # a mail that writes the id
    assert REALTEK in slugs(pasted)


def test_an_outdated_report_gets_the_upgrade_reply_first() -> None:
    outdated = ranked("rtl8723be-en-explicit", stable="7.7")
    assert outdated[0].template.slug == UPGRADE_SLUG and outdated[0].standing is Standing.FIRST
    assert outdated[0].reason == ("Tails 7.6.1, older than the current 7.7: upgrading comes "
                                  "first")
    assert outdated[1].template.source == "issue #19113"
    current = ranked("rtl8723be-en-explicit", stable="7.6.1")
    assert UPGRADE_SLUG not in slugs(current)  # it says "not the current version"
    assert UPGRADE_SLUG not in slugs(ranked("rtl8723be-en-explicit"))  # feeds unknown


def test_a_french_report_gets_the_french_variants() -> None:
    choices = ranked("macbookpro11-5-fr", stable="7.7")
    by_slug = {c.template.slug: c for c in choices}
    assert by_slug[UPGRADE_SLUG].template.language == "fr"
    assert by_slug[APPLE].template.language == "fr"
    assert "in French, the message's language" in by_slug[APPLE].reason
    assert by_slug["reproduce-debian-live"].template.language == "en"
    assert "in English: no French variant" in by_slug["reproduce-debian-live"].reason
    assert by_slug["issue-19121"].reason.endswith("in English: the issue's own text")


def test_support_mail_takes_its_language_from_its_text() -> None:
    choices = ranked("e6430-fr-mail")
    hardware = next(c for c in choices if c.template.slug == "hardware-unsupported")
    assert hardware.template.language == "fr"


def test_mentions_rank_a_reply_for_the_words_of_the_user() -> None:
    choices = ranked("none-donate-en-mail")
    assert choices[0].template.slug == "how-to-collaborate"
    assert choices[0].reason == "fits: the user writes “donate”, “donation”"


def test_the_auto_reply_is_never_offered() -> None:
    assert any(t.slug == AUTO_REPLY for t in templates())
    for name in labels():
        assert AUTO_REPLY not in slugs(ranked(name)), name


def test_every_choice_says_why() -> None:
    for name in labels():
        choices = ranked(name, stable="7.7")
        assert len({(c.template.slug, c.template.language) for c in choices}) == len(choices)
        assert [c.standing for c in choices] == sorted(c.standing for c in choices), name
        assert all(c.reason and "\n" not in c.reason for c in choices), name


# --- team and list mail --------------------------------------------------------------------


def mail_to(to: str, kind: Kind = Kind.SUPPORT) -> Entry:
    return Entry(Message(key="m", subject="Help with my laptop", to=to,
                         sender_address="someone@example.org",
                         text="Hello, my Wi-Fi does not work with Tails. What can I do?"), kind)


def test_a_reply_that_names_the_list_needs_mail_to_that_list() -> None:
    assert "not-tails-dev" in slugs(rank_replies(mail_to("tails-dev@boum.org"), templates()))
    assert "not-tails-dev" not in slugs(rank_replies(mail_to("support@tails.net"), templates()))
    other = mail_to("Someone <someone@example.org>")
    cc = other._replace(message=replace(other.message, headers=(
        ("Cc", "Tails dev <tails-dev@boum.org>, x@example.org"),)))
    listed = other._replace(message=replace(other.message, headers=(
        ("List-Id", "Tails development <tails-dev.boum.org>"),)))
    for entry_ in (cc, listed):
        choices = rank_replies(entry_, templates())
        assert "not-tails-dev" in slugs(choices)
        assert "sent to" in next(c for c in choices if c.template.slug == "not-tails-dev").reason


def test_team_mail_is_offered_no_user_reply() -> None:
    team = mail_to("helpdesk@tails.net", Kind.TEAM)
    assert rank_replies(team, templates()) == []
    # Not even a confident match's Standard reply: that is written for users too.
    assert rank_replies(team, templates(), matches("rtl8723be-en-explicit")) == []


def test_list_mail_gets_no_fitting_user_reply() -> None:
    listed = mail_to("tails-dev@boum.org", Kind.LIST_ADMIN)
    choices = rank_replies(listed, templates())
    assert choices and AUTO_REPLY not in slugs(choices)
    assert all(c.standing is Standing.GENERAL for c in choices)
    assert choices[0].reason == "a list's mail: replies are written for users"
    titles = [c.template.title.lower() for c in choices]
    assert titles == sorted(titles)
    assert APPLE not in slugs(choices)
    found = matches("rtl8723be-en-explicit")
    with_issue = rank_replies(listed, templates(), found)
    assert with_issue[:-1] == choices
    assert with_issue[-1].standing is Standing.POSSIBLE
    assert with_issue[-1].reason == "from issue #19113: its Standard reply; a list's mail"


# --- written replies -----------------------------------------------------------------------


def reply(slug: str, front: str, language: str = "en") -> ReplyTemplate:
    return parse_template(f"---\ntitle: {slug}\nwhen: W\n{front}\n---\nHello$name_greeting,\n",
                          f"replies/{slug}.{language}.md", slug, language)


def test_full_fits_first_then_partial_general_possible_and_unfit() -> None:
    written = [reply("a-general", ""), reply("b-unfit", "fits: vm"),
               reply("c-partly", "fits: pc, vm"), reply("d-full", "fits: pc, report"),
               reply("e-fuller", "fits: pc, report, hardware")]
    choices = rank_replies(entry("xps7590-en-vague"), written, matches("xps7590-en-vague"))
    assert [(c.template.slug, c.standing) for c in choices[1:]] == [
        ("e-fuller", Standing.FITS), ("d-full", Standing.FITS), ("c-partly", Standing.PARTLY),
        ("a-general", Standing.GENERAL), ("issue-19109", Standing.POSSIBLE),
        ("b-unfit", Standing.UNFIT)]
    assert choices[3].reason == ("fits in part: a PC (Dell XPS 15 7590); not shown: a "
                                 "virtual machine")
    assert choices[6].reason == "the message shows none of: a virtual machine"
    assert [c.standing.fits for c in choices] == [True, True, True, False, False, False, False]


@pytest.mark.parametrize("vid", ["10de:1f91", "8086:9999"])
def test_a_required_pci_id_is_the_one_in_lspci(vid: str) -> None:
    written = [reply("card", f"requires: pci {vid}")]
    offered = rank_replies(entry("xps7590-en-vague"), written)
    assert bool(offered) == (vid == "10de:1f91")  # the XPS's Nvidia GPU


def test_a_confident_issue_whose_reply_is_missing_still_comes_first_as_the_generic_one() -> None:
    issue = KnownIssue(7, "Clock is wrong", "Nothing else.", ("C:Time",),
                       web_url="https://example.org/7")
    found = [Match(issue, 40.0, ("clock",), confident=True)]
    mail = mail_to("support@tails.net")
    choices = rank_replies(mail, templates(), found)
    assert choices[0].template.slug == KNOWN_ISSUE_SLUG
    assert "https://example.org/7" in choices[0].template.body
    without_generic = [t for t in templates() if t.slug != KNOWN_ISSUE_SLUG]
    assert rank_replies(mail, without_generic, found)[0].standing is not Standing.ISSUE


def test_an_undecryptable_report_shows_no_facts_of_its_text() -> None:
    from hdtui.domain.queue import DecryptState

    sealed = Entry(Message(key="k", subject="Bug report: 0123456789abcdef0123456789abcdef",
                           sender_address="devnull@tails.boum.org", text="-----BEGIN PGP"),
                   Kind.REPORT, None, DecryptState.FAILED)
    assert set(message_facts(sealed).shown) == {"report"}
    short = Entry(Message(key="k", subject="Help", text="It does not work."), Kind.SUPPORT)
    assert message_facts(short).shown["short"] == "only 5 words from the user"  # with "Help"


def test_only_a_sure_hardware_match_makes_a_message_a_hardware_problem() -> None:
    """A best guess under a hardware issue says nothing of the problem's kind (walk27: a
    Framework laptop's mail, its best guess the Macs issue on one Spanish word, was
    offered the "hardware we can't help with" reply as "a hardware problem" because of the
    guess); a sure one does."""
    hardware = [m for name in labels() for m in matches(name)[:1]
                if "Hardware" in " ".join(m.issue.labels)]
    sure = next(m for m in hardware if m.confident)
    guess = replace(sure, confident=False)
    mail = Reader(None, None, ()).understand(parse_message(  # type: ignore[arg-type]
        b"From: u@example.org\nTo: support@tails.net\nSubject: it stopped\n\n"
        b"Nada funciona desde ayer, no entiendo.\n", "stopped"))
    assert "hardware" in message_facts(mail, [sure]).shown
    assert "hardware" not in message_facts(mail, [guess]).shown
