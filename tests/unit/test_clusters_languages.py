"""One problem told in several languages is one cluster (rules v73; docs/insight.md,
"Session 23: one problem in four languages")."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hdtui.domain.insight.clusters import clusters
from hdtui.domain.insight.facts import ReportFacts, report_facts
from hdtui.domain.issue_draft import issue_draft
from hdtui.domain.mail import Kind
from hdtui.domain.message import Message
from hdtui.domain.queue import WHISPERBACK_SENDER, DecryptState, Entry
from hdtui.domain.report import parse_report
from hdtui.domain.terms import terms
from hdtui.domain.text import MailText
from hdtui.domain.vocabulary import cluster_concepts

TODAY = date(2026, 12, 7)

SOUND = (
    ("en", "Since the upgrade to 7.7 I have no sound at all: videos play silently, the "
           "speakers and the headphones are both mute. It worked in 7.6."),
    ("fr", "Depuis la mise à jour vers 7.7 je n'ai plus aucun son : ni les haut-parleurs "
           "ni le casque. Ça marchait avec 7.6."),
    ("de", "Seit dem Update auf 7.7 habe ich keinen Ton mehr, weder über die Lautsprecher "
           "noch über die Kopfhörer. Mit 7.6 ging es."),
    ("es", "Desde la actualización a 7.7 no tengo sonido, ni por los altavoces ni por los "
           "auriculares. Con 7.6 funcionaba."),
    ("en", "Audio stopped working after the 7.7 upgrade. The volume icon shows the sound "
           "is on but nothing comes out of the speakers or the headphones."),
    ("fr", "Pas de son après la mise à jour 7.7. Aucun son dans les vidéos, le volume est "
           "au maximum, les écouteurs ne donnent rien."),
    ("de", "Kein Sound nach dem Update auf 7.7. Videos laufen ohne Ton, die Lautstärke ist "
           "auf Maximum, die Kopfhörer bleiben stumm."),
    ("es", "No hay audio después de actualizar a 7.7. Los vídeos se reproducen sin sonido, "
           "el volumen está al máximo y los auriculares no suenan."),
)
"""The walk's new problem (docs/insight.md, "Session 23"): no sound on 7.7, two reports
in each of four languages, on four machines."""

OTHERS = (
    "Tor Browser cannot connect to any website, it says the proxy server is refusing",
    "The Persistent Storage asks for my passphrase again and never unlocks it",
    "The keyboard layout switches back to English after every restart",
    "Thunderbird shows a certificate warning for my mail server",
    "The Unsafe Browser does not open the captive portal of the hotel",
    "Electrum wallet does not synchronize and stays offline",
    "KeePassXC database cannot be opened from the Persistent Storage",
    "The clock is wrong by two hours so Tor cannot connect",
    "OnionShare does not receive files, the upload stops at 50 percent",
    "The screen reader Orca is silent in the Welcome Screen",
    "Kleopatra crashes when importing an OpenPGP key from a file",
    "Metadata Cleaner cannot clean my HEIC photos",
)
"""Reports of other new problems, one each: the rest of a quiet week's new reports."""


def _fact(n: int, text: str, product: str, days_ago: int, likely: tuple[int, ...] = ()
          ) -> ReportFacts:
    return ReportFacts(key=f"k{n}", reference=f"wb://{n:032x}", report_id=f"{n:032x}",
                       received=TODAY - timedelta(days=days_ago), version="7.7",
                       product=product, words=frozenset(terms(text)), likely=likely)


def _week(sound: tuple[tuple[str, str], ...] = SOUND) -> list[ReportFacts]:
    machines = ("LENOVO ThinkPad T480", "Dell Latitude 7490", "HP EliteBook 840 G5",
                "ASUS VivoBook X512DA")
    found = [_fact(n, text, machines[n % 4], n % 7) for n, (_, text) in enumerate(sound)]
    found += [_fact(100 + n, text, f"Machine {n}", n % 7) for n, text in enumerate(OTHERS)]
    # Reports of known issues: counted for them, they are in no cluster.
    found += [_fact(200 + n, "Wi-Fi networks not listed since the upgrade, the Wi-Fi card "
                    "is not found", f"Laptop {n}", n % 7, likely=(19113,)) for n in range(12)]
    return found


def test_one_problem_told_in_four_languages_is_one_cluster() -> None:
    """The walk's eight sound reports (two each in English, French, German and Spanish)
    became four clusters, one a language: the words they share across languages were
    read as everybody's (8 of 20 new reports say "sound"), and French "son", German "Ton",
    "casque", "Kopfhörer" and "auriculares" were not read as the sound and the headphones:
    only the words of one language were left to link two reports."""
    found = clusters(_week(), TODAY)
    sound = {f"k{n}" for n in range(len(SOUND))}
    with_sound = [c for c in found if sound & set(c.reports)]
    assert len(with_sound) == 1, [c.reports for c in with_sound]
    assert set(with_sound[0].reports) == sound


def test_one_problem_told_in_four_languages_is_one_cluster_after_three_more() -> None:
    more = (("en", "No audio anymore since I upgraded to Tails 7.7. Speakers silent, "
                   "headphones silent too."),
            ("fr", "Le son ne marche plus depuis la version 7.7, ni haut-parleurs ni "
                   "écouteurs."),
            ("de", "Lautsprecher und Kopfhörer bleiben stumm seit Tails 7.7, kein Ton."))
    found = clusters(_week(SOUND + more), TODAY)
    sound = {f"k{n}" for n in range(len(SOUND) + len(more))}
    with_sound = [c for c in found if sound & set(c.reports)]
    assert len(with_sound) == 1, [c.reports for c in with_sound]
    assert set(with_sound[0].reports) == sound


def test_other_new_problems_stay_out_of_the_sound_problems_cluster() -> None:
    """The other new problems (the screen reader "silent" in the Welcome Screen among
    them) join no sound report."""
    found = clusters(_week(), TODAY)
    sound = {f"k{n}" for n in range(len(SOUND))}
    assert all(set(c.reports) <= sound for c in found if sound & set(c.reports))


def test_son_and_ton_are_the_sound_only_beside_another_word_of_the_sound() -> None:
    """French "son" is also "his" and Spanish "son" "they are", French "ton" "your": the
    clusters read them as the sound only beside a word of its kind."""
    assert "sound" in cluster_concepts(terms("Pas de son dans le casque"))
    assert "sound" in cluster_concepts(terms("Kein Ton aus den Kopfhörern"))
    assert "headphone" in cluster_concepts(terms("Los auriculares no funcionan"))
    assert "sound" not in cluster_concepts(terms("Tails plante quand je branche son disque"))
    assert "sound" not in cluster_concepts(terms("Los archivos son muy grandes"))


def _entry(n: int, said: str, maker: str, model: str, sections: str = "") -> Entry:
    """A decrypted WhisperBack report on 7.7, through the parser; ``sections``: more debug
    sections after the machine's name."""
    body = (f"Subject: {said[:40]}\nTails-Version: 7.7\n\nWhat happened instead?\n"
            f"----------------------\n\n{said}\n\n"
            f"======= content of /usr/sbin/dmidecode -s system-manufacturer =======\n{maker}\n\n"
            f"======= content of /usr/sbin/dmidecode -s system-product-name =======\n{model}\n"
            f"{sections}")
    report_id = f"{n + 1:032x}"
    message = Message(key=f"k{n}", subject=MailText(f"Bug report: {report_id}"),
                      sender_address=MailText(WHISPERBACK_SENDER),
                      date=datetime(2026, 12, 7 - n % 7, 10, tzinfo=UTC), encrypted=True,
                      size=len(body))
    return Entry(message, Kind.REPORT, parse_report(body, report_id), DecryptState.DECRYPTED)


def test_the_issue_drafted_from_the_cluster_cites_every_report_in_every_language() -> None:
    """The walk's `I` on one of the four clusters drafted an issue citing 2 of the 8
    reports; from the one cluster, the draft cites all eight, and says how often."""
    machines = (("LENOVO", "20L5CTO1WW"), ("Dell Inc.", "Latitude 7490"),
                ("HP", "HP EliteBook 840 G5"), ("ASUSTeK COMPUTER INC.", "X512DA"))
    entries = {f"k{n}": _entry(n, said, *machines[n % 4]) for n, (_, said) in enumerate(SOUND)}
    facts = [report_facts(e, today=TODAY) for e in entries.values()]
    others = [replace(f, key=f"o{f.key}") for f in _week(())]
    found = [c for c in clusters(facts + others, TODAY) if set(c.reports) & set(entries)]
    assert len(found) == 1 and set(found[0].reports) == set(entries)
    cluster = found[0]
    count = f"{len(cluster.reports)} reports, {cluster.per_week[-1]} this week"
    draft = issue_draft([entries[k] for k in cluster.reports], count, "", "Not tried",
                        cluster.signals)
    cited = {f"wb://{n + 1:032x}" for n in range(len(SOUND))}
    assert set(draft.report_refs) == cited
    assert all(ref in draft.description for ref in cited)
    assert f"Frequency: {len(SOUND)} reports, " in draft.description


def test_a_concept_most_of_a_clusters_reports_say_joins_it_to_another_language() -> None:
    """Three reports of a sound problem, linked two by two by a chip and two words, are a
    cluster: two name the headphones, two the volume. Two reports in German, linked by
    their own words, name the sound and the headphones. The words every report of the
    three says are "sound" alone, one word where a join of two clusters needs two;
    "headphone", said by two of the three, counts as said by all (rules v73)."""
    three = [_fact(n, text, f"Machine {n}", n) for n, text in enumerate((
        "no sound in the headphones since this morning",
        "the headphones give no sound, the volume is at its highest",
        "no sound, the volume slider moves but nothing plays"))]
    three = [replace(f, devices=chips) for f, chips in zip(three, (
        ("8086:9d71",), ("8086:9d71", "1022:15e3"), ("1022:15e3",)), strict=True)]
    german = [_fact(10 + n, text, f"Rechner {n}", n) for n, text in enumerate((
        "kein Ton aus den Kopfhörern, seltsamerweise erst nach dem Neustart beobachtet",
        "Kopfhörer ohne Ton, seltsamerweise auch nach dem Neustart beobachtet"))]
    others = [replace(f, key=f"o{f.key}") for f in _week(())]
    found = clusters(three + german + others, TODAY)
    sound = {f.key for f in three + german}
    with_sound = [c for c in found if sound & set(c.reports)]
    assert [set(c.reports) for c in with_sound] == [sound]
