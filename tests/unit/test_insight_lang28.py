"""What the clusters read of the parts a user says work, in the queue's languages, and a
possible report listed once (lang28; docs/insight.md, "Session 28: what works, in the
queue's languages (lang28)" and "Session 28: a possible report listed once")."""

from __future__ import annotations

import pytest

from hdtui.domain.insight.clusters import _NOT_THE_PROBLEM
from hdtui.domain.insight.overview import overview
from hdtui.domain.insight.per_issue import clustered_said, worth_listing
from hdtui.domain.insight.working import LANGUAGES, WORDS_SAYING_IT_WORKS, said_working
from hdtui.domain.terms import terms
from tests.unit.test_insight_new_problems import RELEASES, TODAY
from tests.unit.test_insight_regfix27 import _mac_week, _own_cluster

READ: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "en": [("touch bar is blank, keyboard works", ("keyboard",)),
           ("keyboard and trackpad work fine", ("keyboard", "trackpad")),
           ("no sound but the keyboard works", ("keyboard",))],
    "de": [("Tastatur funktioniert, nur das Touchpad nicht", ("keyboard",)),
           ("Die Tastatur läuft einwandfrei", ("keyboard",)),
           ("Tastatur und Touchpad funktionieren", ("keyboard", "touchpad")),
           ("Touch Bar bleibt leer, Tastatur geht", ("keyboard",))],
    "fr": [("le clavier marche", ("keyboard",)),
           ("le pavé tactile ne répond pas, une souris USB marche", ("mouse", "usb")),
           ("l'écran fonctionne bien", ("screen",)),
           ("le clavier et la souris marchent", ("keyboard", "mouse"))],
    "es": [("el teclado funciona", ("keyboard",)),
           ("el teclado sí funciona bien", ("keyboard",)),
           ("el teclado y el ratón funcionan", ("keyboard", "mouse"))],
    "pt": [("o teclado funciona", ("keyboard",)),
           ("o teclado funciona normalmente", ("keyboard",))],
    "it": [("la tastiera funziona", ("keyboard",)),
           ("la tastiera e il touchpad funzionano", ("keyboard", "touchpad"))],
    "ru": [("клавиатура работает", ("keyboard",)),
           ("клавиатура работает нормально", ("keyboard",)),
           ("клавиатура и тачпад работают", ("keyboard", "touchpad"))],
    "pl": [("klawiatura działa", ("keyboard",))],
}
"""Per language, texts saying a part works and the parts read."""

NOT_READ: dict[str, list[str]] = {
    "en": ["the keyboard does not work", "neither keyboard nor mouse works",
           "keyboard works in macOS, dead in Tails", "In macOS, the keyboard works fine",
           "the keyboard works for a few seconds", "keyboard stopped working",
           "The keyboard does not work in Tails. The keyboard works."],
    "de": ["Tastatur funktioniert nicht", "Die Tastatur funktioniert nicht mehr",
           "weder Tastatur noch Maus funktionieren", "Unter macOS funktioniert die Tastatur",
           "Tastatur funktioniert unter Windows", "Mit USB-Kabel geht es",
           "der Bluetooth-Schalter geht von selbst wieder aus",
           "die Tastatur funktioniert nur kurz", "Touchpad geht seit 7.7 nicht mehr"],
    "fr": ["le clavier ne marche pas", "le clavier marche pas", "le clavier ne fonctionne plus",
           "le clavier marche sous macOS", "Sous Windows, le clavier marche",
           "le Wi-Fi fonctionne au démarrage puis plus rien", "le clavier marche parfois"],
    "es": ["el teclado no funciona", "ni el teclado ni el ratón funcionan",
           "el teclado funciona en Windows", "el ratón funciona a veces",
           "con un ratón USB funciona"],
    "pt": ["o teclado não funciona", "o teclado funciona no Windows",
           "o teclado funciona às vezes"],
    "it": ["la tastiera non funziona", "la tastiera funziona solo in macOS",
           "Con i documenti\npiccoli funziona"],
    "ru": ["клавиатура не работает", "ни клавиатура, ни мышь не работают",
           "клавиатура работает в Windows", "в Windows клавиатура работает",
           "obfs4 иногда работает"],
    "pl": ["klawiatura nie działa", "klawiatura działa w Windows"],
}
"""Per language, texts that say no part works in Tails: negations, another system, a
while, a condition."""


@pytest.mark.parametrize(("lang", "text", "parts"),
                         [(lang, text, parts) for lang, cases in READ.items()
                          for text, parts in cases])
def test_a_part_said_to_work_is_read_in_each_language(lang: str, text: str,
                                                      parts: tuple[str, ...]) -> None:
    """"Tastatur funktioniert", "le clavier marche", "el teclado funciona", "клавиатура
    работает": the part (its words through ``terms``, so "Tastatur" is "keyboard")."""
    assert said_working(text) == parts, lang


@pytest.mark.parametrize(("lang", "text"),
                         [(lang, text) for lang, texts in NOT_READ.items() for text in texts])
def test_a_part_said_not_to_work_or_to_work_elsewhere_is_not_read(lang: str, text: str
                                                                  ) -> None:
    """"funktioniert nicht", "ne marche pas", "no funciona", "не работает" are problems;
    "unter macOS", "sous Windows", "en Windows", "в Windows" say where else it works."""
    assert said_working(text) == (), lang


def test_every_language_read_is_tested() -> None:
    """Each language of the table has cases both ways (a language added without them would
    be read untested)."""
    assert set(LANGUAGES) == set(READ) == set(NOT_READ)


def test_a_line_break_inside_an_answer_ends_no_sentence() -> None:
    """WhisperBack wraps an answer at 70 columns: "the keyboard\\nworks" is one clause, and
    a blank line (between the summary and the answers) ends a sentence."""
    assert said_working("touch bar is blank, the keyboard\nworks") == ("keyboard",)
    assert said_working("keyboard works\nin macOS only") == ()
    assert said_working("In macOS\n\nthe keyboard works") == ("keyboard",)


def test_words_saying_it_works_are_no_problem_words() -> None:
    """What says a part works or not, in every language, is no problem word of a cluster:
    "fine" made "they work fine in macOS" a cluster's own word (lang28)."""
    for word in terms("fine funktioniert marche funciona funziona работает не sous unter"):
        assert word in WORDS_SAYING_IT_WORKS and word in _NOT_THE_PROBLEM, word
    for word in terms("keyboard trackpad touchpad screen sound randomly super"):
        assert word not in _NOT_THE_PROBLEM, word


def test_keyboard_and_trackpad_dead_in_tails_fine_in_macos_are_the_issues() -> None:
    """The open case of review27c: "keyboard and trackpad do not work in Tails, they work
    fine in macOS" made a cluster of its own. Not by "working" parts (none is read: "they",
    and "in macOS" after): "fine" was one of the cluster's four problem words, with
    "dead", "keyboard", "trackpad", and two of four are not more than half. Now the
    issue's (#13576's possible reports)."""
    problem = "keyboard and trackpad do not work in Tails, they work fine in macOS"
    assert said_working(problem) == ()
    assert _own_cluster("keyboard trackpad dead", problem) == []
    assert _own_cluster("keyboard trackpad", problem) == []


@pytest.mark.parametrize(("summary", "problem"), [
    ("Tastatur", "Tastatur funktioniert nicht"),
    ("Tastatur und Trackpad", "Tastatur und Trackpad funktionieren unter Tails nicht, unter "
                              "macOS schon"),
    ("clavier", "le clavier ne marche pas"),
    ("clavier et trackpad", "le clavier et le trackpad ne marchent pas sous Tails, ils "
                            "marchent sous macOS"),
    ("teclado", "el teclado no funciona"),
    ("teclado y trackpad", "el teclado y el trackpad no funcionan en Tails, en macOS "
                           "funcionan bien"),
    ("teclado", "o teclado não funciona"),
    ("tastiera", "la tastiera non funziona"),
    ("клавиатура", "клавиатура не работает"),
])
def test_terse_reports_of_the_issue_fold_in_each_language(summary: str, problem: str
                                                          ) -> None:
    """A terse report of #13576's keyboard in German, French, Spanish, Portuguese,
    Italian or Russian folds into it as "keyboard not working" does: "funktioniert",
    "marche", "funciona", "не" are no problem words of the cluster's own. On main the
    German, French, Spanish and Portuguese ones (and all that say where else it works)
    were a new problem of three reports."""
    assert _own_cluster(summary, problem) == []


@pytest.mark.parametrize(("summary", "problem"), [
    ("Touch Bar leer", "Touch Bar bleibt leer, Tastatur funktioniert"),
    ("Touch Bar vide", "la Touch Bar reste vide, le clavier marche"),
    ("Touch Bar vacía", "la Touch Bar está vacía, el teclado funciona"),
    ("Touch Bar vazia", "a Touch Bar fica vazia, o teclado funciona"),
    ("Touch Bar vuota", "la Touch Bar resta vuota, la tastiera funziona"),
    ("Touch Bar пустая", "Touch Bar пустая, клавиатура работает"),
])
def test_a_touch_bar_blank_while_the_keyboard_works_is_a_new_problem_in_each_language(
        summary: str, problem: str) -> None:
    """Regfix27's terse case in six languages: the keyboard is what they say works, so
    the three reports are a new problem, not #13576's (on main the Spanish, Italian and
    Russian ones were folded into it)."""
    assert _own_cluster(summary, problem) == [3]


def test_a_possible_report_a_cluster_holds_is_listed_with_the_cluster_only() -> None:
    """The three MacBookPro15,2 "touch bar is blank, keyboard works" reports, best
    matching #13576, are a new problem's cluster: listed there, not also as #13576's
    possible ones (they were under both); #13576 says which cluster holds them."""
    view = overview(_mac_week("touch bar blank", "touch bar is blank, keyboard works"), [],
                    TODAY, RELEASES)
    [cluster] = [c for c in view.clusters if {"k9", "k10", "k11"} <= set(c.reports)]
    stats = view.stats[13576]
    assert stats.possible == () and stats.possible_clustered == ((cluster.id, 3),)
    assert clustered_said(stats) == (f" · 3 more whose best match it is are in new "
                                     f"problem {cluster.id} (listed there)")
    listed_keys = [f.key for s in view.hot for f in (*s.likely, *s.possible)]
    listed_keys += [k for c in view.clusters for k in c.reports]
    assert len(listed_keys) == len(set(listed_keys))
    # Counts only (no clusters yet): still the issue's possible ones.
    counts = overview(_mac_week("touch bar blank", "touch bar is blank, keyboard works"),
                      [], TODAY, RELEASES, counts_only=True)
    assert len(counts.stats[13576].possible) == 3


def test_an_issue_whose_possible_reports_are_all_clustered_is_no_hot_topic() -> None:
    """An issue with no report counted or linked whose possible reports a cluster holds
    is listed nowhere but through the cluster (the demo's #19132 was a possible-only row
    beside the sound cluster holding its two reports)."""
    week = [f for f in _mac_week("touch bar blank", "touch bar is blank, keyboard works")
            if f.key in {"k9", "k10", "k11"} or not f.likely]
    view = overview(week, [], TODAY, RELEASES)
    assert any({"k9", "k10", "k11"} <= set(c.reports) for c in view.clusters)
    assert 13576 not in [s.iid for s in view.hot] and not worth_listing(view.stats[13576])


def test_the_reports_terms_as_the_first_test_read_the_same() -> None:
    """``report_facts`` gives ``said_working`` the text's ``terms`` to skip a text none of
    whose terms says a part works: every case reads the same with them as without."""
    texts = [text for cases in READ.values() for text, _ in cases]
    texts += [text for cases in NOT_READ.values() for text in cases]
    texts += ["the keyboard\nworks fine", "networks are slow"]
    for text in texts:
        assert said_working(text, terms(text)) == said_working(text), text
    assert said_working("networks are slow", terms("networks are slow")) == ()
