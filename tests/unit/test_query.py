"""The queue filter: parsing every prefix, words in every form (Wi-Fi = wifi, accents,
plurals, prefixes while typing), phrases, negation, and an unknown prefix that says so."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hdtui.domain import query as query_module
from hdtui.domain.mail import Kind, SourceItem
from hdtui.domain.marks import Mark
from hdtui.domain.message import Message
from hdtui.domain.query import (
    Field,
    Hits,
    Query,
    QueryError,
    document,
    filter_rows,
    parse,
    search_documents,
)
from hdtui.domain.queue import DecryptState, Entry, Row
from hdtui.domain.report import parse_report

WB = Path(__file__).parents[1] / "data" / "whisperback"
WIFI_ID = "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"
FR_REPORT = """Subject: Écrans noirs au démarrage
From: rené@example.fr
Tails-Version: 5.14 - 20230612

Que s'est-il passé ?
--------------------

L'écran reste noir après le démarrage, le réseau ne marche pas.

======= content of /usr/sbin/dmidecode -s system-manufacturer =======
LENOVO

======= content of /usr/sbin/dmidecode -s system-product-name =======
20L5CTO1WW

======= content of /usr/sbin/dmidecode -s system-version =======
ThinkPad T480

======= content of /usr/bin/lspci -nn =======
00:02.0 VGA compatible controller [0300]: Intel Corporation UHD Graphics 620 [8086:5917] (rev 07)
03:00.0 Network controller [0280]: Intel Corporation Wireless 8265 / 8275 [8086:24fd] (rev 78)
"""


def msg(key: str, day: int, subject: str, sender: str = "devnull@tails.boum.org",
        to: str = "support@tails.net", text: str = "") -> Message:
    address = sender.rsplit("<", 1)[-1].rstrip(">")
    return Message(key=key, subject=subject, sender=sender, sender_address=address, to=to,
                   date=datetime(2026, 11, day, tzinfo=UTC), text=text)


def entries() -> list[Entry]:
    wifi = parse_report((WB / "tails-7.5-wifi.txt").read_text(encoding="utf-8"), WIFI_ID)
    return [
        Entry(msg("wifi", 2, f"Bug report: {WIFI_ID}"), Kind.REPORT, wifi,
              DecryptState.DECRYPTED),
        Entry(msg("fr", 5, "Bug report: 2b"), Kind.REPORT,
              parse_report(FR_REPORT, "2b"), DecryptState.DECRYPTED,
              marks=frozenset({Mark.CLAIMED, Mark.REPLIED})),
        Entry(msg("mail", 9, "WiFi keeps dropping", "Jane Roe <jane.roe@example.org>",
                  text="Starting Tails, the wireless networks disappear after a minute."),
              Kind.SUPPORT),
        Entry(msg("team", 1, "Counting reports", "FT <foundations@tails.net>",
                  text="How many Wi-Fi reports this week?"), Kind.TEAM),
        Entry(msg("broken", 7, "Bug report: 3c"), Kind.REPORT, None, DecryptState.FAILED,
              "no secret key"),
    ]


def rows() -> list[Row]:
    return [e.row(SourceItem(e.key, 100), e.marks) for e in entries()]


def documents() -> list[tuple[str, str]]:
    return [(e.key, document(e)) for e in entries()]


def shown(text: str, issue_keys: dict[int, set[str]] | None = None) -> list[str]:
    """The keys the filter shows, with the whole text searched as the store does."""
    query = parse(text)
    hits = search_documents(query.clauses, documents()) if query.needs_search else None
    for term in query.issues:
        hits = (hits or Hits()).narrowed((issue_keys or {}).get(term.iid, set()),
                                         term.negated)
    return [r.key for r in filter_rows(rows(), query, hits)]


# -- parsing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field"),
    [("wifi", Field.WORDS), ("from:jane", Field.FROM), ("to:support", Field.TO),
     ("subject:wifi", Field.SUBJECT), ("id:8c1f", Field.ID), ("issue:#101", Field.ISSUE),
     ("pci:10ec:b723", Field.PCI), ("hw:thinkpad", Field.HW), ("kind:report", Field.KIND),
     ("version:7.5", Field.VERSION), ("state:new", Field.STATE), ("k:wb", Field.KIND),
     ("v:7", Field.VERSION), ("s:claimed", Field.STATE), ("FROM:Jane", Field.FROM),
     ("wb://8c1f", Field.ID)],
)
def test_every_prefix_is_parsed(text: str, field: Field) -> None:
    (term,) = parse(text).terms
    assert term.field is field and not term.negated


def test_negation_quotes_and_what_is_left_out_while_typing() -> None:
    query = parse('-wifi "no networks" -from:"Jane Roe" subject:"no netw')
    assert [(t.field, t.negated, t.needles) for t in query.terms] == [
        (Field.WORDS, True, (("wifi",),)),
        (Field.WORDS, False, (("no", "network"),)),
        (Field.FROM, True, (("_from_jane", "_from_roe"),)),
        (Field.SUBJECT, False, (("_subject_no", "_subject_netw"),)),
    ]
    # A prefix with nothing after it yet, a lone minus, punctuation: nothing to look for.
    assert parse("from: - ?? issue:").empty
    assert parse("issue:#12").terms[0].iid == 12 and parse("issue:7").terms[0].iid == 7
    assert parse("pci:[10EC:B723]").terms[0].needles == (("_pci_10ec_b723",),)


def test_an_unknown_prefix_says_so_and_names_the_known_ones() -> None:
    with pytest.raises(QueryError) as raised:
        parse("wifi foo:bar")
    message = str(raised.value)
    assert message.startswith("unknown filter foo:")
    for prefix in ("from", "to", "subject", "id", "issue", "pci", "hw", "kind", "version",
                   "state"):
        assert prefix in message
    assert '"foo:bar"' in message  # how to search for the text itself
    with pytest.raises(QueryError, match="unknown filter https:"):
        parse("https://example.org")
    with pytest.raises(QueryError, match="unknown filter foo:"):
        parse("foo:")
    assert parse('"foo:bar"').terms[0].needles == (("foo", "bar"),)  # quoted: words


@pytest.mark.parametrize(
    ("text", "error"),
    [("kind:spam", "unknown kind 'spam'"), ("state:done", "unknown state 'done'"),
     ("issue:abc", "issue: takes an issue number"), ("pci:wifi", "pci: takes vendor:device"),
     ("id:xyz", "id: takes a report ID")],
)
def test_a_bad_value_says_what_is_expected(text: str, error: str) -> None:
    with pytest.raises(QueryError, match=error):
        parse(text)


# -- words in every form ----------------------------------------------------------------


@pytest.mark.parametrize("word", ["wifi", "Wi-Fi", "wi-fi", "WIFI", "WiFi", "wlan"])
def test_wifi_in_every_spelling_finds_the_same_messages(word: str) -> None:
    assert shown(word) == ["wifi", "mail", "team"]


@pytest.mark.parametrize("word", ["écran", "ecran", "ÉCRANS", "screen"])
def test_accents_and_languages_fold_as_matching_does(word: str) -> None:
    assert shown(word) == ["fr"]


def test_plurals_and_endings_are_one_word() -> None:
    assert shown("networks") == shown("network") == ["wifi", "fr", "mail"]
    assert shown("disappears") == shown("disappear") == ["mail"]
    # démarrage is "start" too, as matching has it.
    assert shown("start") == shown("starting") == ["wifi", "fr", "mail"]


def test_a_word_being_typed_is_a_prefix() -> None:
    assert shown("wif") == ["wifi", "mail", "team"]
    assert shown("startin") == ["mail"]  # as written: "Starting"
    assert shown("rtl8723") == ["wifi"]  # a part of "rtl8723be"


def test_phrases_keep_their_order() -> None:
    assert shown('"no networks"') == ["wifi"]
    assert shown('"listed networks"') == []
    assert shown('"networks no"') == ["wifi"]  # the last word is a prefix: "not"
    assert shown('"écran reste noir"') == ["fr"]


def test_negation_leaves_out() -> None:
    assert shown("-wifi") == ["fr", "broken"]
    assert shown("kind:report -pci:10ec") == ["fr", "broken"]


# -- prefixes --------------------------------------------------------------------------


def test_from_to_and_subject() -> None:
    assert shown("from:jane") == shown("from:Jane.Roe@example.org") == ["mail"]
    assert shown("from:roe") == ["mail"]
    assert shown("from:kestrel") == ["wifi"]  # a report's contact address
    assert shown("from:rene") == ["fr"]  # accents folded in addresses too
    assert shown("from:foundations") == ["team"]
    assert shown("to:support") == ["wifi", "fr", "mail", "team", "broken"]
    assert shown("to:nobody") == []
    assert shown("subject:wifi") == ["wifi", "mail"]  # a report's summary is its subject
    assert shown("subject:network") == ["wifi"]
    assert shown("subject:counting") == ["team"]
    assert shown("subject") == []  # a word, not every subject


def test_id_pci_and_hw() -> None:
    assert shown("id:8C1F") == shown(f"wb://{WIFI_ID}") == ["wifi"]
    assert shown("id:2") == ["fr"] and shown("-id:2") == ["wifi", "mail", "team", "broken"]
    assert shown("pci:10ec:b723") == shown("pci:10ec") == ["wifi"]
    assert shown("pci:8086") == ["wifi", "fr"]
    assert shown("pci:8086:24") == ["fr"] and shown("pci:8086:24fe") == []
    assert shown("10ec:b723") == ["wifi"]  # as words too
    assert shown("hw:thinkpad") == shown("hw:ThinkPad T480") == ["fr"]
    assert shown("hw:hp 250") == ["wifi"]
    assert shown("hw:lenovo") == ["fr"]


def test_kind_version_and_state_are_decided_on_the_rows() -> None:
    for text in ("kind:report", "version:<6", "state:claimed", "hw:hp", "id:8c"):
        assert not parse(text).needs_search
    assert shown("kind:report") == ["wifi", "fr", "broken"]
    assert shown("k:team") == ["team"]
    assert shown("version:7") == ["wifi"] and shown("version:<6") == ["fr"]
    assert shown("version:>=5.14 -version:7.5") == ["fr"]
    assert shown("state:replied") == ["fr"]  # the state shown
    assert shown("state:claimed") == ["fr"]  # a mark under it
    assert shown("state:new") == ["wifi", "mail", "team"]
    assert shown("state:undecryptable") == ["broken"]


def test_issue_takes_what_the_links_and_counts_give() -> None:
    keys = {101: {"wifi", "mail"}}
    assert shown("issue:#101", keys) == ["wifi", "mail"]
    assert shown("issue:#101 kind:report", keys) == ["wifi"]
    assert shown("-issue:#101", keys) == ["fr", "team", "broken"]
    assert shown("issue:#7", keys) == []


def test_terms_combine_and_an_empty_filter_shows_all() -> None:
    assert shown("wifi kind:support from:jane") == ["mail"]
    assert shown("") == shown("   ") == ["wifi", "fr", "mail", "team", "broken"]


def test_a_filter_that_needs_the_whole_text_refuses_to_guess_without_it() -> None:
    with pytest.raises(ValueError, match="searched first"):
        filter_rows(rows(), parse("wifi"))
    assert filter_rows(rows(), Query()) == rows()


def test_a_failed_report_is_not_searched_by_its_ciphertext() -> None:
    armored = "-----BEGIN PGP MESSAGE-----\nhQIMA3wifiqwerty\n-----END PGP MESSAGE-----"
    entry = Entry(msg("x", 1, "Bug report: 3c", text=armored), Kind.REPORT, None,
                  DecryptState.FAILED, "no secret key")
    assert "wifiqwerty" not in document(entry) and "hqima3" not in document(entry)


def test_short_texts_shared_by_reports_are_split_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Reports share versions, hardware lines and PCI devices' descriptions: the second
    # report's document finds them split already (docs/benchmarks.md, "Session 14: the
    # cold read's children"), and every document is the one split word by word.
    query_module._short_forms.cache_clear()
    wifi = entries()[0]
    document(wifi)
    before = query_module._short_forms.cache_info().hits
    again = Entry(msg("wifi2", 3, f"Bug report: {WIFI_ID}"), Kind.REPORT, wifi.report,
                  DecryptState.DECRYPTED)
    cached = [document(e) for e in [again, *entries()]]
    assert query_module._short_forms.cache_info().hits >= before + len(wifi.report.answers)
    monkeypatch.setattr(query_module, "SHORT_TEXT", -1)
    assert cached == [document(e) for e in [again, *entries()]]
