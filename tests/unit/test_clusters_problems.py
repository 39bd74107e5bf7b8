"""Different problems told on the same machines are different clusters (
docs/insight.md, "Session 23: different problems on the same machines")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hdtui.domain.insight.clusters import clusters
from hdtui.domain.insight.facts import ReportFacts, report_facts
from hdtui.domain.queue import Entry
from hdtui.domain.terms import terms
from hdtui.domain.vocabulary import cluster_concepts, kinds_disagree, problem_kinds
from tests.unit.test_clusters_languages import SOUND, _fact, _week
from tests.unit.test_clusters_languages import _entry as _entry_of

TODAY = date(2026, 12, 7)

PRINTER = (
    "Since the upgrade to 7.7 my printer does not print anymore. The HP LaserJet is listed "
    "but every print job stays in the queue.",
    "Depuis la mise à jour vers 7.7 l'imprimante n'imprime plus rien, les documents restent "
    "dans la file d'attente d'impression.",
    "Seit dem Update auf 7.7 druckt mein Drucker nicht mehr, die Druckaufträge bleiben in "
    "der Warteschlange hängen.",
    "Desde la actualización a 7.7 la impresora no imprime, los trabajos de impresión se "
    "quedan en la cola.",
)
PORTAL = (
    "Since 7.7 I cannot get through the captive portal of the hotel Wi-Fi: the Unsafe "
    "Browser never shows the login page.",
    "Depuis 7.7 impossible de passer le portail captif du wifi de la gare : le navigateur "
    "non sécurisé n'affiche jamais la page de connexion.",
    "Seit 7.7 komme ich nicht durch das Captive Portal im Hotel-WLAN: der unsichere Browser "
    "zeigt die Anmeldeseite nie an.",
    "Desde 7.7 no puedo pasar el portal cautivo del wifi del aeropuerto: el navegador no "
    "seguro nunca muestra la página de inicio de sesión.",
)
READER = (
    "Since 7.7 the Orca screen reader does not read anything in the Welcome Screen, I am "
    "blind and cannot start Tails alone.",
    "Depuis 7.7 le lecteur d'écran Orca ne lit plus rien dans l'écran d'accueil, je suis "
    "aveugle et je ne peux pas démarrer seul.",
    "Seit 7.7 liest der Bildschirmleser Orca im Begrüßungsbildschirm nichts mehr vor, ich "
    "bin blind und kann Tails nicht allein starten.",
    "Desde 7.7 el lector de pantalla Orca no lee nada en la pantalla de bienvenida, soy "
    "ciego y no puedo iniciar Tails solo.",
)
"""The walk's other new problems on 7.7 (walk23b, item A), one report a language."""

MACHINES = (("LENOVO", "20L5CTO1WW ThinkPad T480", "8086:5917"),
            ("Dell Inc.", "Latitude 7490", "8086:5917"),
            ("HP", "HP EliteBook 840 G5", "8086:5917"),
            ("ASUSTeK COMPUTER INC.", "X512DA", "1002:15d8"),
            ("LENOVO", "20QD ThinkPad X1 Carbon 7th", "8086:3ea0"),
            ("Dell Inc.", "XPS 13 9380", "8086:3ea0"),
            ("HP", "HP ProBook 450 G6", "8086:3ea0"),
            ("Acer", "Swift SF314-54", "8086:5917"))
"""Eight machines; two by two they share a network chip (``NETWORK``) and a journal
error that has nothing to do with what their users tell (``JOURNAL``), each two others."""
NETWORK = ("00:1f.6 Ethernet controller [0200]: Intel Corporation Ethernet Connection (4) "
           "I219-V [8086:15d8] (rev 21)",
           "02:00.0 Network controller [0280]: Realtek RTL8821CE [10ec:c821]",
           "02:00.0 Network controller [0280]: Intel Wireless 8265 [8086:24fd] (rev 78)",
           "02:00.0 Network controller [0280]: MEDIATEK MT7922 [14c3:0616]")
JOURNAL = ("kernel: snd_hda_intel 0000:00:1f.3: azx_get_response timeout, switching to "
           "polling mode: last cmd=0x20270503",
           "kernel: i2c_hid_acpi i2c-ELAN0001:00: failed to get a report from device: -121",
           "kernel: iwlwifi 0000:00:14.3: Microcode SW error detected. Restarting 0x0.",
           "kernel: nouveau 0000:01:00.0: fifo: SCHED_ERROR 20 []")
AUDIO = ("00:1f.3 Audio device [0403]: Intel Corporation Sunrise Point-LP HD Audio "
         "[8086:9d71] (rev 21)")


def machine_sections(n: int) -> tuple[str, str, str]:
    """Machine ``n % 8``'s maker, model, and the debug sections after its name: its chips
    and its journal."""
    maker, model, gpu = MACHINES[n % 8]
    machine = n % 8
    return maker, model, (
        f"\n======= content of /usr/bin/lspci -nn =======\n"
        f"00:02.0 VGA compatible controller [0300]: Some GPU [{gpu}]\n{AUDIO}\n"
        f"{NETWORK[machine // 2]}\n\n"
        f"======= content of /bin/journalctl --catalog --no-pager =======\n"
        f"Dec 01 10:00:00 amnesia {JOURNAL[machine % 4]}\n")


def _entry(n: int, said: str) -> Entry:
    """A decrypted WhisperBack report on 7.7 from machine ``n % 8``, through the parser."""
    return _entry_of(n, said, *machine_sections(n))


def _queue(*problems: tuple[str, tuple[str, ...]]) -> tuple[list[ReportFacts], dict[str, str]]:
    """The facts of the problems' reports, one after the other on the eight machines, and
    the problem of each report's key."""
    facts: list[ReportFacts] = []
    problem_of: dict[str, str] = {}
    for name, texts in problems:
        for said in texts:
            n = len(facts)
            facts.append(report_facts(_entry(n, said), today=TODAY))
            problem_of[f"k{n}"] = name
    return facts, problem_of


SOUND_TEXTS = tuple(text for _, text in SOUND)


def test_a_chip_the_machines_share_does_not_make_sound_and_a_printer_one_problem() -> None:
    """walk23b, item A: the eight sound reports and four printer reports on the same eight
    machines were one cluster, "4 of 12 share Wi-Fi/network chip": the chip and a journal
    error are the machines', the users' words name the sound or a printer."""
    facts, problem_of = _queue(("sound", SOUND_TEXTS), ("printer", PRINTER))
    found = clusters(facts, TODAY)
    assert found
    for c in found:
        assert len({problem_of[k] for k in c.reports}) == 1, (c.label, c.reports)
    sound = [c for c in found if problem_of[c.reports[0]] == "sound"]
    assert [len(c.reports) for c in sound] == [len(SOUND_TEXTS)]


def test_four_problems_on_the_same_machines_are_never_one_cluster() -> None:
    """The walk's queue: sound, a printer, a captive portal and the screen reader, each in
    four languages on the same eight machines, were one cluster of twenty, "5 of 20 share
    journal error of kernel i2c_hid_acpi"; each cluster now holds one problem, and the
    sound's eight reports are one."""
    facts, problem_of = _queue(("sound", SOUND_TEXTS), ("printer", PRINTER),
                               ("portal", PORTAL), ("reader", READER))
    found = clusters(facts, TODAY)
    for c in found:
        assert len({problem_of[k] for k in c.reports}) == 1, (c.label, c.reports)
    clustered = {problem_of[c.reports[0]]: set(c.reports) for c in found}
    assert clustered["sound"] == {k for k, p in problem_of.items() if p == "sound"}


def test_the_kinds_of_problem_are_read_in_every_language() -> None:
    """Each text of a problem names its kind, whatever its language; German "drücken"
    (press) is no printer, whatever the lexicon makes of it, a PDF reader no screen
    reader."""
    for kind, texts in (("sound", SOUND_TEXTS), ("printer", PRINTER), ("portal", PORTAL),
                        ("screenreader", READER)):
        for text in texts:
            assert problem_kinds(cluster_concepts(terms(text))) == {kind}, text
    assert not problem_kinds(cluster_concepts(terms(
        "Nur langes Drücken des Einschaltknopfs hilft, der Bildschirm bleibt schwarz")))
    assert not problem_kinds(cluster_concepts(terms("The PDF reader crashes on this file")))
    assert problem_kinds(cluster_concepts(terms("Ma webcam n'est pas détectée"))) == {
        "camera"}


def test_kinds_disagree_only_when_both_name_a_kind_and_none_is_the_same() -> None:
    assert kinds_disagree({"sound"}, {"printer"})
    assert not kinds_disagree({"sound", "bluetooth"}, {"bluetooth"})
    assert not kinds_disagree({"sound"}, set())
    assert not kinds_disagree(set(), set())


def test_what_the_machines_of_four_problems_share_names_no_cluster() -> None:
    """The network chips and kernel errors that reports of the four problems share are the
    machines', not a problem's: no cluster is named after them (the sound's was "2 of 8
    share journal error of kernel i2c_hid_acpi", the `I` draft's "why" with it), and the
    screen reader's and the portal's reports cluster by their words."""
    facts, problem_of = _queue(("sound", SOUND_TEXTS), ("printer", PRINTER),
                               ("portal", PORTAL), ("reader", READER))
    found = clusters(facts, TODAY)
    machines = ("snd_hda_intel", "i2c_hid_acpi", "iwlwifi", "nouveau", "8086:15d8",
                "10ec:c821", "8086:24fd", "14c3:0616")
    assert found
    for c in found:
        assert not [s for s in c.signals if any(m in s for m in machines)], c.signals
    assert {problem_of[c.reports[0]] for c in found} >= {"sound", "portal", "reader"}


def test_one_model_and_nearest_issue_do_not_join_the_sound_and_a_printer() -> None:
    """The same-model rule joins a model's groups with one nearest issue whose words meet,
    report to report: "upgrade" and "7.7" met between two sound reports and a printer
    report of one ThinkPad. The model is the machine; the words name two problems, and the
    sound's two reports alone are too few to be a cluster by this rule."""
    said = ("No sound since the upgrade to 7.7, the speakers stay quiet",
            "The headphones are mute since the upgrade to 7.7 this morning",
            "The printer is not found anymore since the upgrade to 7.7")
    three = [replace(_fact(n, text, "LENOVO ThinkPad T480", n), possible=20402)
             for n, text in enumerate(said)]
    found = clusters(three + [replace(f, key=f"o{f.key}") for f in _week(())], TODAY)
    assert not [c.reports for c in found if "k2" in c.reports]
