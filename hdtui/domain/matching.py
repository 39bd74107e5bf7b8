"""Provides the ranking of known issues for a message: IssueIndex, Match, suggest_issues.

The score of an issue adds three parts:

- BM25 over the issue's title (counted twice), description and labels, with the message's
  weighted terms as the query (summary and subject weigh more than answers; product and
  chip words of the hardware count too);
- structured signals (signals.py): each shared key adds its weight times its inverse
  document frequency, so a PCI id only one issue mentions counts much more than a vendor
  every other issue names;
- error phrases the issue quotes that appear in the message's journal or text, compared by
  word trigrams with numbers folded ("soft lockup - CPU#2 stuck for 23s!" matches
  "soft lockup - CPU#N stuck for Ns").

An issue that names PCI devices only of vendors the machine has none of counts
``OTHER_VENDORS`` times its score. Issues can learn words from the reports linked to them
(``IssueIndex.learned``, vocabulary.py).

A match is *confident* when its score clears ``CONFIDENT_SCORE`` and a strong signal (a PCI
id, a product or chip model, a driver, the prefill application, or an error phrase)
contributed, or the text alone clears ``CONFIDENT_TEXT``; and it stands out, and it passes
the rules of docs/insight.md ("What makes a match likely": applications, devices, vendors,
symptom words).
"""

from __future__ import annotations

import copy
import hashlib
import heapq
import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from hdtui.domain.components import (
    APPLICATION_WORDS,
    PROGRAM_WORDS,
    components_in,
    issue_components,
)
from hdtui.domain.issue import KnownIssue
from hdtui.domain.mail import Kind
from hdtui.domain.queue import Entry
from hdtui.domain.reply import issue_sections
from hdtui.domain.signals import (
    APPLE_SILICON_KEY,
    HALF_UPGRADE_KEY,
    LINE_WORDS,
    NOMODESET_KEY,
    SEVERAL_GPUS_KEY,
    SOFTWARE_MAKERS,
    VENDOR_IDS,
    MessageSignals,
    Signal,
    apple_models,
    intel_mac,
    issue_keys,
    issue_phrase_grams,
    issue_phrases,
    issue_text,
    line_grams,
    line_models,
    line_tokens,
    mac_sold_years,
    mac_years,
    machine_generations,
    machine_lines,
    machine_makers,
    message_signals,
    model_generations,
    model_numbers,
    other_line_model,
)
from hdtui.domain.terms import normalise, terms, words
from hdtui.domain.vocabulary import (
    FUNCTION_WORDS,
    GENERIC_WORDS,
    HARDWARE_WORDS,
    MACHINE_WORDS,
    symptom_words,
)

K1 = 1.2
B = 0.75
TITLE_BOOST = 2
CLOSED_FACTOR = 0.85
ERROR_WEIGHT = 1.0
JOURNAL_WEIGHT = 2.5
"""An error line the issue quotes, found in the journal, is the crash signature of the
problem (docs/matching.md): it weighs more than the same words typed by the user."""
PHRASE_COVERAGE = 0.6
MAX_PHRASES = 2
CONTEXT_FLOOR = 0.3
SYMPTOM_FULL = 15.0
CONFIDENT_SCORE = 18.0
CONFIDENT_SYMPTOM = 6.0
CONFIDENT_TEXT = 23.0
"""Points of the user's words alone (application names left out) that make a match
confident without a strong signal: 25 until session 7; measured then on the seven spent
insight parts and the three matching sets, 23 adds right matches and no wrong one, 21
adds a wrong one (docs/insight.md)."""
CONFIDENT_HARD = 12.0
"""A lower bar for issues with hard evidence: an error line they quote found in the
journal, or the exact PCI id (vendor:device) they name."""
DEVICE_WORDS: dict[str, frozenset[str]] = {
    "network": frozenset(terms(
        "wifi wireless wlan network internet connect connection connected disconnect "
        "disconnects router hotspot ethernet cable wired offline signal ssid")),
    "gpu": frozenset(terms(
        "display black blank grey gray graphics graphic monitor flicker flickers flickering "
        "freezes freeze frozen hang hangs stuck resolution brightness desktop pixels "
        "artifacts")),
}
"""What a user says when a chip of that kind is the problem (normalised terms): an exact
PCI id counts as hard evidence only with one of them in the report."""
CHIP_NAMES = frozenset(terms("graphics graphic"))
"""Words that name a graphics chip, not what it does: "this computer has a discrete
graphics card" says which machine it is."""
DEVICE_SAID: dict[str, frozenset[str]] = {
    "gpu": DEVICE_WORDS["gpu"] - CHIP_NAMES, "network": DEVICE_WORDS["network"]}
"""What a user says of a chip of that kind when it is the problem: the machine's graphics
chip backs an issue as strong evidence only when the user says what shows wrong (the
screen, a freeze, a resolution), not when the user only names the graphics card
(docs/matching.md, "Session 17: second rank round")."""
OTHER_DEVICE_KINDS: tuple[frozenset[str], ...] = (
    frozenset(terms("sound audio speaker speakers microphone mic headphone headphones "
                    "headset earphones")),
    frozenset(terms("bluetooth")),
    frozenset(terms("printer printers print printing")),)
"""Devices a user names when they are what fails (sound, the microphone, Bluetooth, a
printer): an issue that never names a device of that kind is about another problem of the
machine, unless the journal carries an error line it quotes (docs/insight.md, "Session 8,
sixth round"; the printer since "Session 9, thirteenth round")."""
FREEZE_WORDS = frozenset(terms("freeze freezes frozen hang hangs unresponsive"))
"""How a user says the machine froze: when the machine's hardware is what backs an issue
that names no such failure, the issue is another problem of that machine (trails of the
pointer, a wrong resolution), however the user's other words (the screen, the mouse) meet
it, unless the journal carries an error line it quotes. "Stuck" is not one of them: Tor
is "stuck" at a step of connecting, a progress that stops, not a machine that freezes
(docs/insight.md, "Session 9, thirteenth round")."""
STOP_WORDS = FREEZE_WORDS | frozenset(terms("stuck stop stops stopped unstable crash crashes"))
"""How an issue may name the failure a user calls a freeze: a machine "stuck after the
boot menu", one that "stops during startup" or "is unstable"."""
LOCK_WORDS = frozenset(terms("lockscreen screensaver"))
"""How a user says the screen was locked (the lexicon folds "lock screen", "the screen
locked", "Sperrbildschirm", "блокировка экрана", "锁屏" to "lockscreen"): what fails
after the lock screen (no password box, a black screen coming back) is the lock screen's
problem, not a problem of the machine's GPU that an issue names without ever naming a
lock (``LOCK_NAMED``), however "black" and "screen" meet it (docs/insight.md, "Session 9,
fourteenth round")."""
LOCK_NAMED = LOCK_WORDS | frozenset(terms("lock unlock"))
GRAPHICS_FAILURES: tuple[frozenset[str], ...] = (
    frozenset(terms("black blank")), frozenset(terms("grey gray")),
    frozenset(terms("flicker flickers flickering")),
    FREEZE_WORDS | frozenset(terms("stuck")), frozenset(terms("resolution")),
    frozenset(terms("brightness")), frozenset(terms("pixels artifacts")))
"""What a graphics chip shows wrong, one failure each: a black (blank) screen, a grey one,
flickering, a freeze, a wrong resolution or brightness, broken pixels. Unlike the
network's words, which all say one failure (no connection), ``DEVICE_WORDS["gpu"]``
holds different failures of one chip (and where they show: the display, the monitor):
where the graphics chip is what backs an issue that names some of them (no error line it
quotes), the user's must be among them, not only of their kind (docs/insight.md,
"Session 15, twenty-second round")."""
GRAPHICS_WORDS = frozenset().union(*GRAPHICS_FAILURES)
_INTEL_GENERATION_RE = re.compile(r"[a-z]{3,}lake|haswell|broadwell|valleyview")
"""A generation of Intel's processors and their graphics as one word of lspci's device
names ("JasperLake", "CoffeeLake-H", "Haswell-ULT"): the chip's family, which issue titles
name too."""
_INTEL_GENERATION_HINT_RE = re.compile(r"lake|haswell|broadwell|valleyview", re.IGNORECASE)
INTEGRATED_GPU = "pci:8086:"
"""The key prefix of Intel's graphics chips: beside another GPU, the one built into the
processor, which every laptop with a discrete card has as well."""
NOMODESET_RESOLUTION = frozenset(terms("resolution"))
"""What ``nomodeset`` itself does to the screen: the kernel leaves the graphics chip's
driver out and the screen runs on the firmware's framebuffer, at a low resolution."""
CHIP_FAILURE_WORDS = frozenset().union(*DEVICE_WORDS.values())
"""What a user says of a failing graphics or network chip: ``_title_part_said``."""
NEGATION_REMNANTS = frozenset(terms("don't doesn't didn't isn't aren't won't can't cannot"))
"""What a title's negation leaves as a term ("don't work": "don"): no part of anything."""
SHOWN_ON = frozenset(terms("screen display monitor panel"))
"""Where a graphics failure shows, not which failure it is: "screen tearing" and "the
screen stops moving" are two failures on one screen (``IssueIndex._other_chip``)."""
PART_KINDS: tuple[frozenset[str], ...] = (
    DEVICE_WORDS["network"], DEVICE_SAID["gpu"], *OTHER_DEVICE_KINDS)
"""The parts of a machine an issue's title or a user's words name as what fails (the
network, the screen, sound, Bluetooth, a printer): ``IssueIndex._line_of_another_part``."""
ASKED_PARTS: tuple[frozenset[str], ...] = (
    *OTHER_DEVICE_KINDS,
    frozenset(terms("fan fans")),
    frozenset(terms("battery")),
    frozenset(terms("keyboard keys touchpad trackpad mouse pointer")))
"""Besides the network and the screen, what a user's title names as the part asked about
(sound, Bluetooth, a printer, the fans, the battery, the keyboard and pointer): an issue
that the machine alone backs and that names none of it is not the user's question
(``IssueIndex._title_of_another_part``)."""
UPGRADE_ASKED = frozenset(terms("upgrade upgrader"))
"""A title's upgrade: asked about when the report's versions show an upgrade half done
(``HALF_UPGRADE_KEY``); "Upgrade" alone is often what the user was doing when a part
failed (``IssueIndex._title_of_another_part``)."""
PEN_WORDS = frozenset(terms("pen stylus"))
"""The pen of a touch screen, a part of the machine a user asks about by name ("does the
Surface Pen work?"): docs/matching.md, "Session 28: rules v98 (rank49)", "The pen"."""
TITLED_PARTS = frozenset().union(*DEVICE_WORDS.values(), *OTHER_DEVICE_KINDS, SHOWN_ON,
                                 PEN_WORDS)
"""The parts of a machine a user's title names when one of them fails (the screen, the
network, sound, a printer, the pen): ``_model_titled_otherwise``."""
WHEN_SHOWN = frozenset(terms("boot menu start startup"))
"""When a failure shows (at the boot menu, at start), not which failure: two words of
another issue's title of that kind do not make the user's title that issue's problem
(``IssueIndex._graphics_untitled``)."""
TOR_LINK_WORDS = frozenset(terms("connect connection connected disconnect disconnects internet"))
"""Network words that, in a report which names Tor, say Tor's connection ("Tor does not
connect", "la conexión a Tor falla") rather than the network chip's: there they do not
make the machine's network chip evidence (docs/matching.md)."""
TOR = frozenset(terms("tor"))
TOR_CONNECT_WORDS = TOR_LINK_WORDS - frozenset(terms("internet"))
"""What, in a report that names Tor, a title says of Tor's connection ("Tor won't
connect"); "no internet" there still says the network is down."""
ADVICE_RARE = 5
"""A word an issue writes only as advice counts as a workaround's name ("Snowflake",
"Kleopatra") when at most this many issues write it at all: "boot", "setting" or "error"
are in dozens (``IssueIndex._advice_titled``)."""
TITLE_WEIGHT = 1.5
"""The weight of the user's words in the subject and the summary (signals.py): their
title for the problem, which the answers then explain."""
SYMPTOM_KINDS: tuple[frozenset[str], ...] = (
    DEVICE_WORDS["network"], DEVICE_WORDS["gpu"] - frozenset(terms("graphics graphic pixels")))
"""Kinds of symptom: a report and an issue that each use a word of one kind ("wireless",
"wifi") describe the same kind of failure. Names of the hardware ("graphics") are no
symptom."""
SYMPTOM_UNION = frozenset().union(*SYMPTOM_KINDS)
SLEEP_WORDS = frozenset(terms("suspend resume sleep wake lid hibernate"))
"""How a user says the machine was asleep (suspended, its lid closed): a title that names
it says when the problem shows, after waking up; an issue that never names sleep is about
another moment of the machine (its startup, its use), however the machine and the screen
meet it (docs/insight.md, "Session 15, twenty-second round")."""
SIBLING_KINDS: tuple[tuple[frozenset[str], ...], ...] = (
    (frozenset(terms("touchpad")), frozenset(terms("touchscreen"))),
    (frozenset(terms("sound speaker speakers headphone headphones")),
     frozenset(terms("microphone"))),
    (frozenset(terms("wifi wireless wlan")), frozenset(terms("ethernet wired"))),
    (SLEEP_WORDS, frozenset(terms("shutdown shutting"))),
)
"""Families of things a user's title and an issue's title name, one kind each: the
touchpad or the touchscreen; what plays sound or the microphone; Wi-Fi or a wired
connection; waking from sleep or shutting down. When the issue's title names one kind of a
family and the user's title another kind of it and not the issue's, the user's problem is
of the sibling thing ("Touchpad not working" and "ThinkPad E14: touchscreen not working";
"YouTube has no audio" and "video calls find no microphone"): the match is never
confident, whatever else backs it (docs/insight.md, "Session 13, twentieth round")."""
CONFIDENT_MARGIN = 1.15
CONFIDENT_MARGIN_TEXT = 1.6
"""How far a confident top match must lead the runner-up (with strong or hard evidence;
on words alone)."""
OWN_WORDS = 2
"""How many of the user's words the top issue must match that a runner-up of the same
application does not, for the margin of strong evidence to apply to words alone: one word
of its own can be a coincidence (docs/insight.md, "Session 8, sixth round")."""
STRAY_WORDS = 1
"""How many of the user's words a runner-up of the same application may match that the
top does not, when the top matches ``OWN_WORDS`` more than that of its own: one word of
the runner-up's own is as much a coincidence as one of the top's (docs/insight.md,
"Session 9, fifteenth round")."""
CONFIDENT_MARGIN_COVERED = 1.4
"""How far a top match on words alone must lead a runner-up of the same application that
matches none of the user's words the top does not, when the top has fewer than
``OWN_WORDS`` of its own: one word of its own may be a coincidence, so the lead must be
larger than strong evidence's, though the runner-up explains nothing the top does not
(docs/insight.md, "Session 16, twenty-fourth round")."""
CONFIDENT_MARGIN_SAME_LINES = 1.0
"""How far a top match with strong evidence must lead a runner-up that holds the same
quoted lines of the report, when the user's words name the top alone (a word of its own
that its title has and the runner-up's lacks, none of the runner-up's own): the lines
weigh the same for both, so the lead is the words' and any lead will do
(``_same_lines_own_words``; docs/insight.md, "Session 17, twenty-sixth round"). Issues
that quote the same line are often one failure on other machines or of other causes
("Error starting GDM" on Nvidia and on Intel GPUs)."""
KERNEL_PREFIX = "kernel:"
"""How a journal line the kernel wrote begins once its date and host are stripped; a
program's line begins with its name and process id ("gdm3[812]:")."""
_PROCESS_RE = re.compile(r"[\w.-]\[\d+\]")
"""A process named with its id ("firefox.real[5968]"): a kernel line that has one is about
that program (its segfault, its trap), not about the machine."""
_LINE_PROGRAM_RE = re.compile(r"(?:^|\s)([\w.-]+)\[\d+\]:")
"""The program that wrote a journal line or an issue's quoted one ("nautilus[4581]: ..."),
kernel lines about a program included ("kernel: inkscape[1234]: segfault ...")."""
_DISK_RE = re.compile(r"\b(dm)-\d+\b|\b(sd)[a-z]{1,2}\d*\b|\b(nvme)\d+n\d+(?:p\d+)?\b"
                      r"|\b(mmcblk)\d+(?:p\d+)?\b")
"""A disk the kernel names in a line (a block device), by its kind: a mapped volume
("dm-0": the Persistent Storage, a VeraCrypt volume), a USB or SATA disk ("sdb", "sdc1"),
an NVMe disk ("nvme0n1p5"), an SD card ("mmcblk0p1"). The letter or number of a disk of
one kind is the order it was found in, not another problem."""
ERROR_GOES_ON = 2
"""How many words a program's line must say after an issue's shorter message for the line
to be another error of that step (``_goes_on``)."""
SAME_MACHINE = 0.5
"""A runner-up whose machine score is at least this share of the top's fits the same
machine: the top must then lead on the problem's own score."""
LEARNED_PART = 1.0
"""A word an issue learnt from its linked reports counts as one mention in its description
(BM25's term-frequency part of one mention at the average length). Measured on the
labelled insight set: twice that made more wrong matches than right ones."""
OTHER_VENDORS = 0.6
"""An issue that names PCI devices only of vendors the machine has none of, or whose title
names the vendor of a kind of chip (an "Nvidia GPU") the machine has only of others, is
about other machines: its score counts this much (and it is never confident)."""
TITLE_KINDS: dict[str, frozenset[str]] = {
    "gpu": frozenset(words("gpu gpus graphics radeon geforce")),
    "network": frozenset(words("wifi wi-fi wireless wlan ethernet")),
}
"""Title words that say which kind of chip an issue is about."""
MACHINE_NAMES = MACHINE_WORDS | frozenset(terms("pro air max mini ultra plus touch bar"))
"""Makers, model lines and what follows a line's name ("MacBook Air", "Mac mini"): the
user's words that name a machine (``_machine_as_context``)."""
MINIMUM_SCORE = 4.0
COMMON = 0.2
"""Terms and keys found in more than this share of the issues (and in more than
FREQUENT_MIN) are skipped: they weigh little (low IDF) and would make every issue a
candidate."""
FREQUENT = 0.02
FREQUENT_MIN = 50
"""Terms in more than max(FREQUENT share, FREQUENT_MIN) issues only add to issues that
something rarer already matched (keeps ranking fast on 10,000 issues)."""


INDEX_FORMAT = 1
"""The version of the saved index's layout (``export``). A change in what the analysis
derives from an issue (terms, keys, phrases, applications) is caught by the saved file's
digest of the analysing code (tracker/index_file.py), with no version to remember."""


def index_fingerprint(issues: Sequence[KnownIssue]) -> str:
    """Changes whenever anything an index reads of the issues does, or their order, or
    INDEX_FORMAT: a saved index is used only for the issues it was made of."""
    digest = hashlib.sha256(f"{INDEX_FORMAT}\0{len(issues)}".encode())
    for issue in issues:
        digest.update(f"\0{issue.iid}\0{issue.state}\0{issue.title}\0{issue.description}"
                      f"\0{chr(1).join(issue.labels)}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Match:
    """A known issue that matches a message, with why."""

    issue: KnownIssue
    score: float
    terms: tuple[str, ...]
    """Matched words and ids, most telling first."""
    signals: tuple[str, ...] = ()
    """Named structured signals that matched: "PCI 10ec:b723", "journal: …"."""
    confident: bool = False
    placed: str = ""
    """Why a rule put it where its score would not ("placed by rule, not by score: ..."),
    else "": also the first of ``signals``, but no signal of the user's, so no word of
    theirs is dropped for being in it (docs/matching.md, "Session 26: the placed label is
    not a matched word")."""


def _share(problem: float) -> float:
    """How much of the machine's score counts: in full only once the problem matches too
    (the same laptop hits many issues; the same symptom on that laptop, few)."""
    return CONTEXT_FLOOR + (1.0 - CONTEXT_FLOOR) * min(1.0, problem / SYMPTOM_FULL)


class IssueIndex:
    """Known issues prepared for ranking: text postings, signal postings, error phrases."""

    def __init__(self, issues: Sequence[KnownIssue],
                 saved: Mapping[str, Any] | None = None) -> None:
        """Index ``issues``; ``saved``: what ``export`` gave for these very issues (in this
        order), to skip the analysis (docs/matching.md, "A saved index")."""
        self.issues = list(issues)
        n = len(self.issues)
        self._n = max(n, 1)
        if saved is not None:
            self._keys: dict[str, list[int]] = saved["keys"]
            self._phrases: list[tuple[int, str, int]] = saved["phrases"]
            self._grams: dict[str, list[int]] = saved["grams"]
            self._postings: dict[str, tuple[list[int], list[float]]] = saved["postings"]
            self._lengths: list[int] = saved["lengths"]
            self._components: list[frozenset[str]] = saved["components"]
            self._gram_idf: dict[str, float] = saved["gram_idf"]
            if len(self._lengths) != n or len(self._components) != n:
                raise ValueError("the saved index is of other issues")
        else:
            self._analyse()
        self._avg_length = (sum(self._lengths) / n) if n else 1.0
        self._closed = [issue.state != "opened" for issue in self.issues]
        self._common = max(COMMON * n, FREQUENT_MIN)
        self._frequent = max(FREQUENT * n, FREQUENT_MIN)
        self._frequent_parts = {
            term: dict(zip(docs, parts, strict=True))
            for term, (docs, parts) in self._postings.items()
            if self._frequent < len(docs) <= self._common
        }
        self._generation_titles: dict[int, list[tuple[frozenset[str], str]]] | None = None
        """The machines with a generation each issue's title names (built at first use)."""
        self._mac_titles: dict[int, frozenset[str]] | None = None
        """The Apple model identifiers each issue's title names (built at first use)."""
        self._dated_titles: dict[int, tuple[frozenset[str], frozenset[int], int | None]] | (
            None) = None
        """The Mac families, years and first year "and later" of each title that names Macs
        by family and year only (built at first use)."""
        self._suffix_titles: dict[int, frozenset[tuple[str, str]]] | None = None
        """The model numbers with a suffix each issue's title names (built at first use)."""
        self._line_model_titles: dict[int, tuple[frozenset[str], frozenset[str]]] | None = None
        """The model lines and numbers each issue's title leads with (built at first use)."""
        self._maker_titles: dict[int, frozenset[str]] | None = None
        """The makers of machines each issue's title names (built at first use)."""
        self._line_titles: dict[str, list[int]] | None = None
        """The issues whose title names each model line (built at first use)."""
        self._vendors: _Vendors | None = None
        """Which issues are about which vendors' chips (built at the first ranking)."""
        self._hardware: dict[int, bool] = {}
        """Per issue judged so far, whether it is about hardware (``_about_hardware``)."""
        self._chip_docs: frozenset[int] | None = None
        """The issues that name a PCI id or a chip maker (built at first use)."""
        self._learned: dict[str, list[int]] = {}
        """Symptom words issues learnt from their linked reports (``learned``): term ->
        the issues that learnt it, none of which has it in its own text."""
        self._learned_of: dict[int, frozenset[str]] = {}
        self._title_terms: dict[int, frozenset[str]] = {}
        self._intel_generations: dict[str, frozenset[int]] | None = None
        """Per generation word of Intel's (``_INTEL_GENERATION_RE``), the issues whose title
        holds it (built at first use)."""
        """The terms of each issue's title judged so far (``_sibling_titled``)."""
        self._maker_lines: dict[str, list[tuple[int, frozenset[str], frozenset[str]]]] | None = (
            None)
        """Per maker, the issues whose title leads with its lines (``_lines_by_maker``)."""
        self._title_problems: dict[int, frozenset[str]] = {}
        """The words of each issue's title that name its problem, of the issues judged so
        far (``_title_problem``)."""
        self._described: dict[int, frozenset[str]] = {}
        """The applications each issue's description names, for the issues judged so far
        (``_apps_in_story``)."""
        self._quoted: dict[int, tuple[_Quoted, ...]] = {}
        """Per issue judged so far, its quoted phrases (``_other_program_line``,
        ``_other_disk_line``)."""
        self._phrase_own: dict[int, bool] = {}
        """Per quoted phrase judged so far (its number), whether it names an application
        its issue is about (``_match_phrases``)."""
        self._advice: dict[int, frozenset[str]] = {}
        """Per issue judged so far, the terms it writes only as advice (``advice_only``)."""
        self._named_pci: dict[int, frozenset[str]] = {}
        """Per issue judged so far, the PCI ids it names (``other_device``): read from
        its text once, not for every report that leads on it (docs/insight.md, "Session
        21: the count after a first open")."""

    def _analyse(self) -> None:
        """Read every issue: terms, keys, quoted phrases, applications (the slow part)."""
        n = len(self.issues)
        counts_per_doc: list[Counter[str]] = []
        keys: dict[str, list[int]] = defaultdict(list)
        self._phrases = []  # (issue, phrase, number of grams)
        grams_of: dict[str, list[int]] = defaultdict(list)  # gram -> phrase numbers
        gram_df: Counter[str] = Counter()
        for doc, issue in enumerate(self.issues):
            counts_per_doc.append(_issue_terms(issue))
            for key in issue_keys(issue):
                keys[key].append(doc)
            issue_grams: set[str] = set()
            for phrase in issue_phrases(issue):
                grams = set(issue_phrase_grams(phrase))
                number = len(self._phrases)
                self._phrases.append((doc, phrase, len(grams)))
                for gram in grams:
                    grams_of[gram].append(number)
                issue_grams |= grams
            gram_df.update(issue_grams)
        self._keys, self._grams = dict(keys), dict(grams_of)
        lengths = [sum(c.values()) for c in counts_per_doc]
        self._lengths = lengths
        self._avg_length = (sum(lengths) / n) if n else 1.0
        # Postings keep BM25's term-frequency part, computed once: ranking only multiplies.
        self._postings = {}
        for doc, counts in enumerate(counts_per_doc):
            for term, tf in counts.items():
                docs, parts = self._postings.setdefault(term, ([], []))
                docs.append(doc)
                parts.append(self._tf_part(tf, lengths[doc]))
        self._components = [issue_components(issue) for issue in self.issues]
        self._gram_idf = {g: self._idf(c) for g, c in gram_df.items()}

    def learned(self, vocabulary: Mapping[int, Iterable[str]]) -> IssueIndex:
        """This index, its issues extended with the symptom words their linked reports
        share (``vocabulary.learned_vocabulary``, by iid): a learnt word counts for an issue
        as one mention in its description would, and makes the user's symptom agree with
        it (docs/insight.md). A copy that shares the analysis: cheap, and this index is
        unchanged."""
        twin = copy.copy(self)
        doc_of = {issue.iid: doc for doc, issue in enumerate(self.issues)}
        learned: dict[str, list[int]] = defaultdict(list)
        learned_of: dict[int, frozenset[str]] = {}
        for iid, taught in sorted(vocabulary.items()):
            doc = doc_of.get(iid)
            if doc is None:
                continue
            new = frozenset(t for t in taught
                            if doc not in self._postings.get(t, ((), ()))[0])
            for term in sorted(new):
                learned[term].append(doc)
            if new:
                learned_of[doc] = new
        twin._learned, twin._learned_of = dict(learned), learned_of
        return twin

    def _add_learned(self, weights: dict[str, float], scores: dict[int, float]) -> None:
        """Add the learnt words' part (as one mention each) to the scores."""
        for term, weight in weights.items():
            docs = self._learned.get(term)
            if docs is None:
                continue
            own = self._postings.get(term)
            factor = LEARNED_PART * weight * self._idf(len(docs) + (len(own[0]) if own else 0))
            for doc in docs:
                scores[doc] = scores.get(doc, 0.0) + factor

    def export(self) -> dict[str, Any]:
        """What the analysis found, as plain lists, dicts, strings and numbers (for
        ``IssueIndex(issues, saved=...)`` with the same issues, in the same order)."""
        return {"keys": self._keys, "phrases": self._phrases, "grams": self._grams,
                "postings": self._postings, "lengths": self._lengths,
                "components": self._components, "gram_idf": self._gram_idf}

    def __len__(self) -> int:
        return len(self.issues)

    def _idf(self, df: int) -> float:
        return math.log(1.0 + (self._n - df + 0.5) / (df + 0.5))

    def _tf_part(self, tf: int, length: int) -> float:
        return tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length / self._avg_length))

    def _key_docs(self, key: str) -> list[int]:
        if key.startswith("term:"):
            posting = self._postings.get(normalise(key[5:]))
            return posting[0] if posting else []
        return self._keys.get(key, [])

    def rank(self, found: MessageSignals, limit: int = 5) -> list[Match]:
        """The best issues for a message's signals, best first."""
        if any(s.key == NOMODESET_KEY for s in found.signals) and not (
                NOMODESET_RESOLUTION.isdisjoint(found.text)):
            # nomodeset runs the screen on the firmware's framebuffer, at a low resolution:
            # a user started with it who writes of the resolution says what nomodeset
            # did, not the failure that made them add it (docs/matching.md, "Session 24:
            # the resolution nomodeset gives").
            found = replace(found, text={t: w for t, w in found.text.items()
                                         if t not in NOMODESET_RESOLUTION})
        if not GRAPHICS_WORDS.isdisjoint(found.text) and any(
                s.key == NOMODESET_KEY for s in found.signals):
            # The user's words say what the screen did: they, not the boot option, tell
            # which failure it was (docs/matching.md, "Session 22: started with nomodeset").
            found = replace(found, signals=tuple(s for s in found.signals
                                                 if s.key != NOMODESET_KEY))
        vendors = self._other_vendors(_machine(found))
        macs = self._other_macs(found)
        elsewhere = vendors | macs
        makers = self._other_makers(found)
        if elsewhere or makers:
            # An issue that names one of the machine's own devices by its id (a USB
            # Ethernet adapter of Realtek's on a machine whose network chip is Intel's)
            # is about this machine, whatever vendors or makers its title names
            # (docs/matching.md).
            own = {doc for s in found.signals if s.kind in ("pci", "typed")
                   and s.key.startswith("pci:") for doc in self._key_docs(s.key)}
            elsewhere -= own
            makers -= elsewhere | own
        siblings = self._other_generations(found)
        phrases, written, own_lines = self._match_phrases(found.lines)
        lines = self._other_lines(found) | self._machines_unnamed(found, phrases)
        models = self._other_suffixes(found) | self._other_line_models(found)
        chips = self._other_chip(found)
        other_models = models | lines | chips
        sibling_chips = self._sibling_chips(found)
        sibling_chips -= self._generation_titled(found, sibling_chips, phrases)
        unsaid = self._chip_unsaid(found)
        # The issues only the rules of another line of the maker, of a Mac's year and of a
        # machine on a message that gives none (``_machines_unnamed``) lower:
        # they lower a score, never remove the issue (docs/matching.md, "Session 23:
        # lowered, never removed"); rank35's other chip keeps its own measure (removed
        # under the minimum, as measured).
        lowered_only = ((lines | (macs & elsewhere if self._by_written_year(found) else set()))
                        - vendors - models - chips - sibling_chips - makers - siblings)
        scoring = _machine_as_context(found)
        # What the user's words naming the machine gave each issue, were they the problem's:
        # an issue they back still counts in full as the runner-up a confident top must
        # stand out from (docs/matching.md, "Session 15: rank round").
        moved = {t: w for t, w in found.text.items() if t not in scoring.text}
        machine_said = self._score_text(moved) if moved else {}
        text = self._score_text(scoring.text)
        if self._learned:
            self._add_learned(scoring.text, text)
        named = self._score_text({t: w for t, w in found.text.items()
                                  if t in APPLICATION_WORDS})
        context = self._score_text(scoring.hardware_text)
        symptom: dict[int, float] = {}
        strong: set[int] = set()
        exact: set[int] = set()
        pasted = [s for s in found.signals if s.kind == "symptom" and s.label.startswith("text:")]
        # A running version newer than the installed one scores nothing: it only offers the
        # half-done upgrade's issue a place (``_upgrade_slot``).
        upgraded = any(s.key == HALF_UPGRADE_KEY for s in found.signals)
        model_named: set[int] = set()
        self._score_signals([s for s in found.signals if s not in pasted
                             and s.key != HALF_UPGRADE_KEY], symptom, context,
                            strong, exact, found.text, model_named)
        signalled = set(strong)  # strong through the machine or the journal
        self._score_signals(pasted, symptom, context, strong, exact, found.text)
        machine_docs = {doc for doc in self._machine_docs(found, scoring, exact)
                        if doc not in elsewhere and doc not in makers and doc not in siblings
                        and doc not in other_models and doc not in sibling_chips}
        for doc, matched in phrases.items():
            symptom[doc] = symptom.get(doc, 0.0) + sum(value for value, _ in matched)
            strong.add(doc)
        # The issues the loop below ranks at OTHER_VENDORS: the floor of the pruning counts
        # them at that score, so that none keeps a place from an issue it will not outrank
        # (docs/matching.md, "Session 23: the pruning knows what ranks lower").
        # An issue of a sibling chip keeps its rank on an error line the user wrote, not on
        # one of the journal alone: its driver logs that line for any chip it fails on
        # ("amdgpu: Fatal error during GPU init" from an HD 7850 as from an RX 480):
        # docs/matching.md, "Session 26: a sibling chip's line in the journal". Nor on a line
        # the user wrote that an issue of no sibling chip quotes too (GDM's "Error starting
        # GDM with your graphics card", quoted by the HD issues as by the RX 480's): that
        # line says the card failed, not which ("Session 26: the user's line every AMD
        # issue quotes").
        shared = {label for doc, matched in phrases.items() if doc not in sibling_chips
                  for _, label in matched}
        said_lines = {doc for doc, matched in phrases.items()
                      if any(not label.startswith("journal:")
                             and (doc not in sibling_chips or label not in shared)
                             for _, label in matched)}
        lower = elsewhere | other_models | makers | (
            (sibling_chips - said_lines) | (unsaid - phrases.keys()))
        candidates = self._survivors(text.keys() | symptom.keys() | context.keys(), text,
                                     symptom, context, scoring, limit, elsewhere, lower)
        if moved:
            # And the issues that could be the runner-up with the words for the machine
            # counted as the problem's: confidence is judged on those scores.
            full_text = dict(text)
            for doc, value in machine_said.items():
                full_text[doc] = full_text.get(doc, 0.0) + value
            candidates = list(dict.fromkeys([*candidates, *self._survivors(
                full_text.keys() | symptom.keys() | context.keys(), full_text, symptom,
                context, found, limit, elsewhere)]))
        self._add_frequent(scoring.text, candidates, text)
        self._add_frequent(scoring.hardware_text, candidates, context)
        if moved:
            self._add_frequent(moved, candidates, machine_said)
        journal = {doc for doc, matched in phrases.items()
                   if any(label.startswith("journal:") for _, label in matched)}
        hard = journal | exact
        scored: list[tuple[float, int, bool]] = []
        problems: dict[int, float] = {}
        # The user pasted their machine into a mail and no word of theirs nor any line is
        # in an issue (an lspci and a greeting): the machine is what the user sent, and
        # its issues rank on it, the machine's score in full against MINIMUM_SCORE; never
        # confident, nothing of the problem matched. A WhisperBack report attaches the
        # machine to every report, a "thanks" too: not there (docs/matching.md, "Session
        # 24: a pasted machine with no words").
        wordless = (found.pasted_machine and bool(context) and not text and not symptom
                    and not machine_said)
        # siblings_of: issues of sibling chips, their full score (those that only the
        # machine backs, below MINIMUM_SCORE, found before the loop: ``_quiet``)
        looping, siblings_of = self._quiet(candidates, text, symptom, context, machine_said,
                                           exact, elsewhere, other_models | sibling_chips
                                           | makers, wordless)
        judged: dict[int, float] = {}  # the score confidence is judged on
        network_exact = exact & {doc for s in found.signals
                                 if s.kind == "pci" and s.device == "network"
                                 for doc in self._key_docs(s.key)}
        for doc in looping:
            problem = text.get(doc, 0.0) + symptom.get(doc, 0.0)
            share = 1.0 if doc in exact and self._symptom_agrees(doc, found, True) else (
                _share(problem))
            total = problem + share * context.get(doc, 0.0)
            problems[doc] = problem
            full = total
            if share < 1.0 and doc in network_exact and self._network_failure_said(doc, found):
                # The machine's network chip, named by this issue only, and the user says
                # the network fails as the issue does, in other words ("internet ne marche
                # pas" for "No Wi-Fi adapter found"): the machine counts in full for the
                # order, not for confidence, which still needs a shared word
                # (docs/matching.md, "Session 28: rules v98 (rank49)", "The network chip's
                # failure in other words").
                total = problem + context.get(doc, 0.0)
            if doc in machine_said:
                # Confidence is judged on the score the issue had with the user's words for
                # the machine counted as the problem's (``_machine_as_context``): only the
                # order changes (docs/matching.md, "Session 15: rank round").
                said = machine_said[doc]
                problems[doc] += said
                full = max(total, problem + said + _share(problem + said) * max(
                    0.0, context.get(doc, 0.0) - said))
            if self._closed[doc]:
                total *= CLOSED_FACTOR
                full *= CLOSED_FACTOR
            if doc in elsewhere:
                total *= OTHER_VENDORS
                full *= OTHER_VENDORS
            elif doc in other_models or (doc in sibling_chips and doc not in said_lines) or (
                    doc in makers) or (doc in unsaid and doc not in phrases):
                # The issue is about another model of the machine's line, names chips of
                # the machine's GPU or network maker by their ids, none of them the
                # machine's, or its title names machines of another maker: it is about
                # other models, sibling chips or other machines, and ranks as an issue of
                # other machines does; but it still fits enough that the top must stand out
                # from its full score to be confident (docs/matching.md, "Session 10,
                # second rank round"; "Session 12: the fourth rank round"; docs/insight.md,
                # "Session 12, nineteenth round").
                siblings_of[doc] = full
                total *= OTHER_VENDORS
                full *= OTHER_VENDORS
            if total < MINIMUM_SCORE and not (
                    doc in lowered_only and total >= MINIMUM_SCORE * OTHER_VENDORS) and not (
                    wordless and total >= MINIMUM_SCORE * _share(0.0)):
                continue
            judged[doc] = full
            # The machine's model, named by this issue only, and the part its title says
            # fails, named by the user: hard evidence, as the exact chip is, for confidence
            # only (docs/matching.md, "Session 28: rules v98 (rank49)", "The model the
            # issue names, and the part the user names").
            confident = ((full >= CONFIDENT_SCORE and problems[doc] >= CONFIDENT_SYMPTOM
                          and (doc in strong or text.get(doc, 0.0) + machine_said.get(doc, 0.0)
                               - named.get(doc, 0.0) >= CONFIDENT_TEXT))
                         or (full >= CONFIDENT_HARD and (doc in journal or (
                             doc in exact or doc in model_named))))
            if confident and found.components and self._components[doc] and (
                    found.components.isdisjoint(self._components[doc])) and not (
                    doc in own_lines or (doc in journal and self._apps_in_story(doc, found))):
                # The user names other applications than the issue's (components.py),
                # unless the journal says the user's applications are part of the issue's
                # problem (docs/insight.md, "Session 14, twenty-first round").
                confident = False
            # A closed issue was fixed or given up: the same words today are a regression
            # or another problem; only hard evidence counts for it (docs/insight.md).
            scored.append((total, doc, confident and doc not in elsewhere and doc not in makers
                           and doc not in siblings and doc not in other_models
                           and (not self._closed[doc] or doc in hard)))
        best = heapq.nsmallest(limit + 1, scored, key=lambda t: (-t[0], self.issues[t[1]].iid))
        if best and best[0][2]:
            # A confident match must also stand out: close runners-up mean the message fits
            # several issues about as well, and none of them is "likely" (docs/insight.md).
            total, doc, _ = best[0]
            other = best[1][1] if len(best) > 1 else None
            if machine_said and len(best) > 1:
                # The runner-up as it was with the user's words for the machine counted.
                other = min((d for _, d, _ in scored if d != doc),
                            key=lambda d: (-judged[d], self.issues[d].iid))
            runner_up = max([judged[other] if other is not None else 0.0,
                             *(full for other_doc, full in siblings_of.items()
                               if other_doc != doc)])
            needed = CONFIDENT_MARGIN_TEXT if doc not in strong and doc not in hard else (
                CONFIDENT_MARGIN)
            if needed == CONFIDENT_MARGIN_TEXT and other is not None:
                # A runner-up that is only another issue of the user's application (all it
                # matches, the top matches too) asks for a smaller lead (docs/insight.md).
                needed = self._margin_over_same_app(other, doc, found)
            elif needed == CONFIDENT_MARGIN and other is not None and doc not in hard and (
                    doc not in signalled and _other_line(phrases, doc, other)):
                # The user pasted error lines of two issues: the top's line alone does not
                # say which is the user's problem, the words must (docs/insight.md); and
                # when the user names the runner-up's application, not the top's, the
                # runner-up's line is the one of what the user was doing.
                needed = CONFIDENT_MARGIN_TEXT
                if not found.components.isdisjoint(self._components[other]) and (
                        found.components.isdisjoint(self._components[doc])):
                    needed = math.inf
            elif needed == CONFIDENT_MARGIN and other is not None and (
                    self._user_line(phrases, other) and not self._user_line(phrases, doc)
                    and doc in journal and doc not in written
                    and len(self._scoring_terms(doc, found.text) - PROGRAM_WORDS) < OWN_WORDS):
                # The user wrote the runner-up's error line: the error they saw. The top's
                # evidence is the machine and a kernel line of its journal, no program's
                # line, no line of the user's and fewer than OWN_WORDS of the user's words:
                # both may be the user's problem, and the top must stand out as words
                # alone must (docs/matching.md, "Session 23: the error the user wrote").
                needed = CONFIDENT_MARGIN_TEXT
            elif needed == CONFIDENT_MARGIN and other is not None and (
                    self._same_lines_own_words(doc, other, phrases, found)):
                # Both issues quote the same lines the report holds: the lines do not tell
                # them apart, the user's words do: they name what the top's title does, or
                # the user's summary names what only the top says (docs/insight.md,
                # "Session 17, twenty-sixth round"; "Session 19, thirty-first round").
                needed = CONFIDENT_MARGIN_SAME_LINES
            if judged[doc] < needed * runner_up or (
                    other is not None and problems[other] > problems[doc]
                    and context.get(other, 0.0) - machine_said.get(other, 0.0)
                    >= SAME_MACHINE * (context.get(doc, 0.0) - machine_said.get(doc, 0.0))):
                # ... and, when the same machine fits the runner-up too, lead on the
                # problem: the machine alone does not tell which of its issues it is.
                best[0] = (total, doc, False)
            elif self._other_device(found, doc) or (
                    doc not in phrases and not self._symptom_agrees(doc, found)) or (
                    doc not in phrases and self._kind_unnamed(doc, found, OTHER_DEVICE_KINDS)
                    ) or (doc not in phrases and doc in signalled and (self._kind_unnamed(
                        doc, found, (FREEZE_WORDS,), STOP_WORDS)
                        or self._kind_unnamed(doc, found, (LOCK_WORDS,), LOCK_NAMED))) or (
                    self._machine_line_only(doc, found, phrases, journal, exact, written)) or (
                    doc not in phrases and doc in signalled and (
                        self._chip_in_passing(doc, found)
                        or self._graphics_untitled(doc, found, [d for _, d, _ in best[1:]]))
                    ) or (doc not in phrases and (self._other_graphics_failure(doc, found)
                                                  or self._sleep_unnamed(doc, found))) or (
                    self._sibling_titled(doc, found)) or self._other_program_line(doc, found) or (
                    doc in journal and self._other_disk_line(doc, found)) or (
                    self._one_of_two_chips(doc, found, [d for _, d, _ in best[1:]])) or (
                    doc not in phrases and self._model_titled_otherwise(doc, found)) or (
                    doc in journal and self._line_of_another_part(doc, found, phrases)) or (
                    self._title_of_another_part(doc, found, phrases, own_lines)) or (
                    self._machine_evidence_unasked(doc, found, phrases, journal, exact,
                                                   own_lines)) or (
                    self._advice_titled(doc, found)) or (
                    self._other_chips_part_titled(doc, found, phrases, own_lines,
                                                  [d for _, d, _ in best[1:]])):
                # Without an error line the issue quotes, the machine and the words of any
                # problem do not make it this issue: the user's symptom must be its own.
                # And a program's line, or a disk's, that holds only part of what the issue
                # quotes says another error of the program, or of another disk.
                best[0] = (total, doc, False)
        if limit > 1 and len(best) > 1:
            best = self._title_named(best, limit, found, phrases, journal, written,
                                     machine_docs)
            best = self._words_over_machine(best, limit, found, phrases, exact, text)
        ranked = best[:limit]
        if machine_docs and limit > 1:
            best = self._machine_slot(best, limit, machine_docs, text, symptom, context)
        placed: dict[int, str] = {}  # an issue the rules placed, not its score: why
        if limit > 2:
            best = self._discrete_slot(best, limit, found, text, symptom, context,
                                       elsewhere | other_models | makers, placed, phrases)
        if limit > 1 and best and not best[0][2] and not placed:
            best = self._line_under_chip(best, limit, found, phrases, placed)
        if limit > 1 and len(best) > 1 and not placed:
            best = self._own_model_over_other_maker(best, limit, found, placed)
        if limit > 1 and len(best) > 1 and not best[0][2] and not placed:
            best = self._several_over_vendor(best, found, phrases,
                                             elsewhere | other_models | makers, placed)
        if upgraded and limit > 1 and best and not best[0][2]:
            best = self._upgrade_slot(best[:limit], limit, best[:limit] != ranked, text,
                                      symptom, context)
        if limit > 1 and len(best) > 1 and not best[0][2] and not placed:
            best = self._upgrade_over_unsaid(best, limit, found, phrases, placed)
        if limit > 1 and len(best) > 1 and not best[0][2] and not placed:
            best = self._machine_over_unnamed_app(best, found, phrases, context, placed)
        # Only the top match can be confident: "likely" names one issue per report.
        return [self._explain(doc, round(total, 2), confident and rank == 0, found,
                              phrases.get(doc, []), placed.get(doc, ""))
                for rank, (total, doc, confident) in enumerate(best[:limit])]

    def _machine_docs(self, found: MessageSignals, scoring: MessageSignals,
                      exact: set[int]) -> set[int]:
        """The issues of this very machine: those its exact chips back (``exact``), those
        that name its product (DMI) by a key, and those whose title names its model line
        (``machine_lines``: "Acer Swift 3" for a Swift SF314-54, "Macs" for an iMac14,2,
        the user's "MacBook" in a mail): what ``_machine_slot`` picks from."""
        docs = set(exact)
        for signal in scoring.signals:
            if signal.kind == "product":
                keyed = self._key_docs(signal.key)
                if len(keyed) <= self._common:
                    docs.update(keyed)
        mine = machine_lines(found.machine) | {t for t in scoring.hardware_text
                                              if t in LINE_WORDS}
        if mine:
            by_line = self._titles_by_line()
            for line in mine:
                docs.update(by_line.get(line, ()))
        return docs

    def _title_named(self, best: list[tuple[float, int, bool]], limit: int,
                     found: MessageSignals, phrases: dict[int, list[tuple[float, str]]],
                     journal: set[int], written: set[int], machine_docs: set[int]
                     ) -> list[tuple[float, int, bool]]:
        """``best`` with the issue of this machine whose title names the problem of the
        user's title first, when the top is carried by a line of the machine in its
        journal (the kernel's or one of its devices', as ``_machine_line_only`` reads it;
        no line of the user's) and holds no word of the user's title: a kernel line every
        machine of the model logs ("applespi ... Error writing to device" on every 2017
        MacBook Pro) says what the machine does, not what the user asks about, and the
        user's title ("Wi-Fi password asked again") names another of
        the machine's issues ("Broadcom 43602: Wi-Fi password asked in a loop"). The named
        issue is one the machine backs (``machine_docs``: its chips by id, its product, its
        line) and shows among the first ``limit``; it is shown with the top's score, the
        top right under it (the list stays in order but for the tie), neither confident
        (docs/matching.md, "Session 24: the machine's line against the user's title")."""
        top = best[0][1]
        if top not in journal or self._user_line(phrases, top) or (
                top in written and not self._device_named(top, found)):
            return best
        title = {t for t, w in found.text.items() if w >= TITLE_WEIGHT} - set(
            found.hardware_text) - MACHINE_NAMES - GENERIC_WORDS - FUNCTION_WORDS
        if not title or title & self._issue_words(top, frozenset(title)):
            return best
        for place in range(1, min(limit, len(best))):
            doc = best[place][1]
            if doc in machine_docs and not title.isdisjoint(self._title_problem(doc)):
                return [(best[0][0], doc, False), (best[0][0], top, False), *best[1:place],
                        *best[place + 1:]]
        return best

    def _words_over_machine(self, best: list[tuple[float, int, bool]], limit: int,
                            found: MessageSignals,
                            phrases: dict[int, list[tuple[float, str]]], exact: set[int],
                            text: dict[int, float]) -> list[tuple[float, int, bool]]:
        """``best`` with the issue the user's title names placed over a top that only the
        machine backs: its graphics or network chip by id (and its product, its
        journal's lines of the chip), no error line the user wrote, and a title of the
        user's (subject and summary, less generic, function, machine and ``SHOWN_ON`` /
        ``WHEN_SHOWN`` words) that names nothing of the chip's kind (the network's words,
        ``GRAPHICS_WORDS``) nor any word of the issue. The chip is in every report of the
        machine; a title of another problem ("my Persistent Storage settings are gone",
        "JavaScript works at the safest level") is the user's question. The named issue
        is the first below the top that no device of the machine backs, whose title shares
        a word with the user's and on which the user's words score more than on the top;
        both are shown with the top's score, neither confident, the rest in order
        (docs/matching.md, "Session 25: the user's words over the machine's chip"). A top
        that the machine's model backs with no chip's id (its product, its journal's
        lines) is read so too, and only an issue not about hardware goes over it: another
        machine's or chip's issue is no better answer (docs/matching.md, "Session 27:
        rules v94")."""
        total, top, confident = best[0]
        if confident or self._user_line(phrases, top):
            return best
        backing = {s.device for s in found.signals if s.strong and s.device
                   and top in self._key_docs(s.key)}
        if backing and not backing <= {"gpu", "network"}:
            return best
        if not backing and not any(s.kind == "product" and top in self._key_docs(s.key)
                                   for s in found.signals):
            return best  # neither a chip nor the model of the machine backs the top
        said = frozenset(t for t, w in found.text.items() if w >= TITLE_WEIGHT)
        # A title that names a device's doing (the network, the screen) is of the machine;
        # for a graphics chip, a title of where or when its failure shows (the boot, the
        # start: "Tails does not start"; the screensaver, waking up) is too.
        kind = _network_words(found) | GRAPHICS_WORDS | DEVICE_WORDS["gpu"] | (
            SHOWN_ON | WHEN_SHOWN | LOCK_WORDS | SLEEP_WORDS if "gpu" in backing
            else frozenset())
        title = said - set(found.hardware_text) - MACHINE_NAMES - GENERIC_WORDS - (
            FUNCTION_WORDS | SHOWN_ON | WHEN_SHOWN)
        if not title or not said.isdisjoint(kind) or self._issue_words(top, title):
            return best
        for place in range(1, min(limit, len(best))):
            doc = best[place][1]
            if doc in exact or any(s.strong and s.device and doc in self._key_docs(s.key)
                                   for s in found.signals):
                continue
            if not backing and self._about_hardware(doc):
                # Under the model's issue, another machine's or chip's issue is no
                # better answer (docs/matching.md, "Session 27: rules v94").
                continue
            named = components_in(self.issues[doc].title)
            if named and named.isdisjoint(found.components):
                # An issue whose title names an application the user does not name
                # ("Tor Browser: the bookmarks toolbar is hidden again after each
                # restart"): a word shared with its title is not the user's question about
                # it (docs/matching.md, "Session 25: the application's issue over the chip
                # needs the application").
                continue
            if not title.isdisjoint(self._title_of(doc)) and (
                    text.get(doc, 0.0) > text.get(top, 0.0)):
                return [(total, doc, False), (total, top, False), *best[1:place],
                        *best[place + 1:]]
        return best

    def _titles_by_line(self) -> dict[str, list[int]]:
        """The issues whose title names each model line, read at first need."""
        if self._line_titles is None:
            by_line: dict[str, list[int]] = defaultdict(list)
            for doc, issue in enumerate(self.issues):
                for line in machine_lines(issue.title):
                    by_line[line].append(doc)
            self._line_titles = dict(by_line)
        return self._line_titles

    def _machine_slot(self, best: list[tuple[float, int, bool]], limit: int,
                      machine_docs: set[int], text: dict[int, float],
                      symptom: dict[int, float], context: dict[int, float]
                      ) -> list[tuple[float, int, bool]]:
        """``best`` with its last shown place (the ``limit``-th) given to the issue of this
        machine the machine fits best (``context``: its chips, product and line), when none
        of the first ``limit - 1`` is that issue and it is not shown already: a message whose
        words the lexicon does not read gives its issue no score of the problem, and any
        issue sharing one word outranks it; the machine still says which issue it may be
        (docs/matching.md, "Session 18: the machine's place in the top five"). Only the
        last place changes, never the top nor its confidence (a ranking with nothing in it
        stays empty: the machine's issue would be its top); the issue is shown with its
        score (problem plus the machine's share), at most the one it replaces, so the list
        stays in order but for ties."""
        if not best:
            return best  # nothing else ranks: the machine's issue would be the top
        shown = {doc for _, doc, _ in best[:limit - 1]}
        pick: tuple[float, int] | None = None
        for doc in machine_docs - shown:
            fit = context.get(doc, 0.0)
            if pick is None or (fit, -self.issues[doc].iid) > (
                    pick[0], -self.issues[pick[1]].iid):
                pick = (fit, doc)
        if pick is None or any(doc == pick[1] for _, doc, _ in best[:limit]):
            return best
        doc = pick[1]
        problem = text.get(doc, 0.0) + symptom.get(doc, 0.0)
        total = (problem + _share(problem) * context.get(doc, 0.0)) * (
            CLOSED_FACTOR if self._closed[doc] else 1.0)
        if len(best) >= limit:
            total = min(total, best[limit - 1][0])
        return [*best[:limit - 1], (total, doc, False)]

    def _discrete_slot(self, best: list[tuple[float, int, bool]], limit: int,
                       found: MessageSignals, text: dict[int, float],
                       symptom: dict[int, float], context: dict[int, float],
                       apart: set[int], placed: dict[int, str],
                       phrases: Mapping[int, list[tuple[float, str]]]
                       ) -> list[tuple[float, int, bool]]:
        """``best`` with the issue of a machine's discrete graphics card, or of its having
        several GPUs, among the first ``limit`` when two or more of them are issues backed
        by the integrated chip's id alone (Intel's, the only chip they name): sibling
        issues of one integrated chip ("UHD Graphics 630: screen tearing", "...: wrong
        resolution", "...: HDMI not detected") all fit the lspci line every such laptop has,
        and would fill the places the card's issue needs. Of the issues the other chip's id
        or ``SEVERAL_GPUS_KEY`` backs, less those of other machines (``apart``: another
        maker's, another Mac's), the one the card's vendor backs too ("Nvidia GPUs and
        computers with several GPUs", not a MacBook Pro's switchable graphics), then the
        one the machine fits best (``context``), the lower number on a tie, unless one
        such is shown already, takes the place of the lowest of those siblings; it is shown
        last, never confident (docs/matching.md, "Session 24: the discrete card among the
        integrated chip's issues"). One shown already under two or more of the siblings
        moves up, right after the first of them ("Session 25: the discrete card shown
        under the integrated chip's issues"). Either keeps its own score, and ``placed``
        gets why it stands where its score would not put it ("Session 26: a placed issue
        shows its own score"). The integrated chip's id the user quotes (GDM's "Error
        starting GDM with your graphics card: Intel ... [8086:3e9b]") counts as its lspci
        line does; and the card's issue that quotes the user's error line, over siblings
        that quote none, goes first, still not confident ("Session 26: the two-chip laptop
        that quotes GDM's error")."""
        chips = {s.key for s in found.signals
                 if (s.kind == "pci" and s.device == "gpu") or (
                     s.kind == "typed" and s.pasted == "gpu"
                     and s.key.startswith(INTEGRATED_GPU))}
        integrated = {key for key in chips if key.startswith(INTEGRATED_GPU)}
        if len(chips) < 2 or not integrated or integrated == chips:
            return best
        shown = best[:limit]
        others = chips - integrated
        alone = [place for place, (_, doc, _) in enumerate(shown)
                 if not any(doc in self._key_docs(key) for key in others)
                 and any(doc in self._key_docs(key) for key in integrated)]
        if len(alone) < 2:
            return best
        theirs = set().union(*(self._key_docs(key) for key in others),
                             self._key_docs(SEVERAL_GPUS_KEY))
        theirs -= set().union(*(self._key_docs(key) for key in integrated), apart)
        card = set().union(*(self._key_docs("vendor:" + key.split(":")[1]) for key in others))
        shown_at = [place for place, (_, doc, _) in enumerate(shown)
                    if doc in theirs and doc in card]
        why = "placed by rule, not by score: second GPU " + ", ".join(
            sorted(key.removeprefix("pci:") for key in others))
        if shown_at and shown_at[0] > alone[1]:
            # Shown already, but under two or more of the siblings: it goes right after the
            # first of them (docs/matching.md, "Session 25: the discrete card shown under
            # the integrated chip's issues"), with its own score ("Session 26").
            moved = shown[shown_at[0]]
            rest = [entry for place, entry in enumerate(shown) if place != shown_at[0]]
            at = alone[0] + 1
            if alone[0] == 0 and not shown[0][2] and phrases.get(moved[1]) and not any(
                    phrases.get(shown[place][1]) for place in range(shown_at[0])):
                # The user's error is the card's issue's, none of the issues above it
                # quotes it: they hold the integrated chip alone (docs/matching.md,
                # "Session 26: the two-chip laptop that quotes GDM's error").
                at = 0
            elif alone[0] == 0 and not shown[0][2] and not any(
                    self._chip_problem_said(shown[place][1], found)
                    for place in alone if place < shown_at[0]):
                # The user names none of the problems the siblings above it are about:
                # the integrated chip's id says which chip, not which of its problems;
                # the card's issue is about the machine's both chips (docs/matching.md,
                # "Session 27: the siblings' problems unsaid").
                at = 0
            placed[moved[1]] = why
            return [*rest[:at], (moved[0], moved[1], False), *rest[at:], *best[limit:]]
        if not theirs or shown_at:
            return best
        pick = min(theirs, key=lambda d: (d not in card, -context.get(d, 0.0),
                                          self.issues[d].iid))
        if context.get(pick, 0.0) <= 0.0:
            return best
        problem = text.get(pick, 0.0) + symptom.get(pick, 0.0)
        total = (problem + _share(problem) * context.get(pick, 0.0)) * (
            CLOSED_FACTOR if self._closed[pick] else 1.0)
        kept = [entry for place, entry in enumerate(shown) if place != alone[-1]]
        if len(kept) >= limit:
            kept = kept[:limit - 1]
        placed[pick] = why
        if alone[0] == 0 and not shown[0][2] and not any(
                self._chip_problem_said(shown[place][1], found) for place in alone):
            # As above: no sibling's problem is the user's ("Session 27: the siblings'
            # problems unsaid").
            return [(total, pick, False), *kept]
        return [*kept, (total, pick, False)]

    def _line_under_chip(self, best: list[tuple[float, int, bool]], limit: int,
                         found: MessageSignals, phrases: Mapping[int, list[tuple[float, str]]],
                         placed: dict[int, str]) -> list[tuple[float, int, bool]]:
        """``best`` (its top not confident) with the first issue among the first ``limit``
        that quotes an error line the user wrote moved first, when every issue above it
        quotes no line and is backed by an id of the machine's chips whose title names a
        problem the user does not (``_chip_problem_said``): "Intel Alder Lake Iris Xe: mouse
        pointer leaves trails" holds the Intel id the user copied with GDM's error, not
        the error. The line says what failed; the chip's id only which chip the user has.
        It keeps its own score, is not confident, and ``placed`` says why it stands there
        (docs/matching.md, "Session 27: the user's error under the chip's other problems")."""
        ids = {s.key for s in found.signals
               if s.kind in ("pci", "typed") and s.key.startswith("pci:")}
        if not ids:
            return best
        line_at = next((place for place in range(1, min(limit, len(best))) if any(
            not label.startswith("journal:") for _, label in phrases.get(best[place][1], ()))),
                       None)
        if line_at is None:
            return best
        doc = best[line_at][1]
        said = frozenset().union(*(terms(label) for _, label in phrases[doc]
                                   if not label.startswith("journal:")))
        said -= GENERIC_WORDS | FUNCTION_WORDS | SHOWN_ON | CHIP_NAMES | MACHINE_NAMES
        for _, above, _ in best[:line_at]:
            if phrases.get(above) or not any(above in self._key_docs(key) for key in ids) or (
                    self._chip_problem_said(above, found)) or any(
                    word in self.terms_of(above) for word in said):
                # It quotes a line, is no issue of the machine's chip, is about the problem
                # the user names, or names the failure the user's line says ("Error starting
                # GDM" in its own words): it may be the user's.
                return best
        placed[doc] = "placed by rule, not by score: the error line the user wrote"
        return [(best[line_at][0], doc, False), *best[:line_at], *best[line_at + 1:]]

    def _own_model_over_other_maker(self, best: list[tuple[float, int, bool]], limit: int,
                                    found: MessageSignals, placed: dict[int, str]
                                    ) -> list[tuple[float, int, bool]]:
        """``best`` with the issue whose title names this machine's model (its maker and
        a word of the product name that the machine's DMI gives, backed by that product
        signal: "Lenovo ThinkPad 11e (2015) is unstable" on a ThinkPad 11e) first, neither
        confident, when the top's title names a machine of another maker only ("Intel Bay
        Trail (Acer Aspire E13): stuck after the boot menu"): the top fits through a chip
        the two machines share, the model's issue is about this very machine. It keeps its
        own score and ``placed`` says why (docs/matching.md, "Session 27: the machine's own
        model over another maker's machine")."""
        mine = machine_makers(found.machine)
        if not mine:
            return best
        top = best[0][1]
        theirs = machine_makers(self.issues[top].title, leading=True)
        if not theirs or not theirs.isdisjoint(mine):
            return best
        products = [s for s in found.signals if s.kind == "product"]
        for place in range(1, min(limit, len(best))):
            doc = best[place][1]
            if machine_makers(self.issues[doc].title, leading=True).isdisjoint(mine):
                continue
            title = self._title_of(doc)
            if any(doc in self._key_docs(s.key) and s.term in title for s in products):
                placed[doc] = "placed by rule, not by score: this machine's model"
                return [(best[place][0], doc, False), (best[0][0], top, False),
                        *best[1:place], *best[place + 1:]]
        return best

    def _upgrade_over_unsaid(self, best: list[tuple[float, int, bool]], limit: int,
                             found: MessageSignals,
                             phrases: Mapping[int, list[tuple[float, str]]],
                             placed: dict[int, str]) -> list[tuple[float, int, bool]]:
        """``best`` (its top not confident) with an issue of a half-done upgrade
        (``HALF_UPGRADE_KEY``: "Partial incremental upgrades leave Tails broken") first when
        the user's words name an upgrade and every issue above it has a title whose problem
        the user does not name (``_unsaid_title``: "Tor Browser: bookmarks lost after
        upgrade" for a user whose Tor Browser no longer starts after an interrupted upgrade)
        and quotes no line of the report; the half-done upgrade's issue must not name a
        symptom the user does not (#19136's "stuck"). The upgrade is what the user says
        happened; an application's issue that shares the upgrade and the application's name
        says nothing of what broke. Placed, not confident (docs/matching.md, "Session 27: a
        half-done upgrade told in words")."""
        if UPGRADE_ASKED.isdisjoint(found.text):
            return best
        keyed = self._keys.get(HALF_UPGRADE_KEY, [])
        for place in range(min(limit, len(best))):
            doc = best[place][1]
            if doc in keyed:
                if not place:
                    return best
                if (self._title_of(doc) & SYMPTOM_UNION) <= found.text.keys():
                    placed[doc] = "placed by rule, not by score: a half-done upgrade"
                    return [(best[place][0], doc, False), *best[:place], *best[place + 1:]]
            elif phrases.get(doc) or not self._unsaid_title(doc, found):
                return best
        return best

    def _machine_over_unnamed_app(self, best: list[tuple[float, int, bool]],
                                  found: MessageSignals,
                                  phrases: Mapping[int, list[tuple[float, str]]],
                                  context: Mapping[int, float], placed: dict[int, str]
                                  ) -> list[tuple[float, int, bool]]:
        """``best`` (its top not confident) with the second issue first when the top's
        title names an application the user does not name ("Tor Browser window too small on
        HiDPI screens" for "Re: pantalla gris" and a pasted lspci), the machine backs
        nothing of it and it quotes no line of the report, while the second is about
        hardware, names no application in its title and the machine backs it (its chips,
        vendors, several GPUs): the words the two share ("grey", "screen") are no question
        about the application. Placed, not confident (docs/matching.md, "Session 27: the
        machine's issue over an application the user does not name"; the converse of
        "Session 25: the application's issue over the chip needs the application")."""
        top, second = best[0][1], best[1][1]
        named = components_in(self.issues[top].title)
        if not named or not named.isdisjoint(found.components) or phrases.get(top) or (
                context.get(top, 0.0) > 0.0):
            return best
        if context.get(second, 0.0) <= 0.0 or components_in(self.issues[second].title) or (
                not self._about_hardware(second)):
            return best
        placed[second] = "placed by rule, not by score: the machine's issue"
        return [(best[1][0], second, False), best[0], *best[2:]]

    def _unsaid_title(self, doc: int, found: MessageSignals) -> bool:
        """Whether the title of ``doc`` names a problem (words beyond its applications,
        Tor, the upgrade, the words of any problem and where it shows) and the user's words
        name none of it."""
        problem = self._title_of(doc) - APPLICATION_WORDS - TOR - UPGRADE_ASKED - (
            GENERIC_WORDS | FUNCTION_WORDS | SHOWN_ON)
        return bool(problem) and problem.isdisjoint(found.text)

    def _several_over_vendor(self, best: list[tuple[float, int, bool]],
                             found: MessageSignals,
                             phrases: Mapping[int, list[tuple[float, str]]], apart: set[int],
                             placed: dict[int, str]) -> list[tuple[float, int, bool]]:
        """``best`` (its top not confident) with the issue of computers with several GPUs
        first when it stands second, under an issue that only the vendor of the machine's
        integrated chip backs (no id of the machine, no line: "Black screen after the boot
        menu with Intel GPU"), on a machine whose lspci lists GPUs of two makers: the second
        fits the machine's both chips and their vendors, the first one of them, and the
        user's words about the screen fit both. It keeps its own score, is not confident,
        and ``placed`` says why (docs/matching.md, "Session 27: several GPUs over the
        integrated chip's vendor")."""
        if not any(s.key == SEVERAL_GPUS_KEY for s in found.signals):
            return best
        chips = {s.key for s in found.signals if s.kind == "pci" and s.device == "gpu"}
        integrated = {key for key in chips if key.startswith(INTEGRATED_GPU)}
        others = {"vendor:" + key.split(":")[1] for key in chips - integrated}
        if not integrated or not others:
            return best
        top, second = best[0][1], best[1][1]
        ids = {s.key for s in found.signals if s.kind in ("pci", "typed")
               and s.key.startswith("pci:")}
        if phrases.get(top) or top not in self._key_docs("vendor:8086") or any(
                top in self._key_docs(key) for key in ids | {SEVERAL_GPUS_KEY}):
            return best
        if second in apart or phrases.get(second) or (
                second not in self._key_docs(SEVERAL_GPUS_KEY)) or not any(
                second in self._key_docs(key) for key in others):
            return best
        placed[second] = "placed by rule, not by score: several GPUs"
        return [(best[1][0], second, False), best[0], *best[2:]]

    def _chip_problem_said(self, doc: int, found: MessageSignals) -> bool:
        """Whether the user's words name the problem that the title of ``doc``, an issue
        of one of the machine's chips, is about ("screen tearing when scrolling": "tear",
        "scroll"), less the words for where anything shows (``SHOWN_ON``) and the words of
        machines: every report of the screen says "screen" (docs/matching.md, "Session
        27: the siblings' problems unsaid")."""
        problem = self._title_problem(doc) - SHOWN_ON - MACHINE_NAMES
        return not problem or not problem.isdisjoint(found.text)

    def _network_failure_said(self, doc: int, found: MessageSignals) -> bool:
        """Whether the user's words and the issue's both say the network fails, each in
        its own words ("internet", "cable"; "Wi-Fi", "wireless"): ``_network_words``, so
        that with Tor named, Tor's connection is no network's; and the user names no
        device the issue does not (``OTHER_DEVICE_KINDS``: Bluetooth headphones that do
        not "connect")."""
        network = _network_words(found)
        terms_of = self.terms_of(doc)
        # A user who names Bluetooth, sound or a printer, which the issue never names,
        # "connects" that device, not the network.
        return (not network.isdisjoint(found.text) and any(t in terms_of for t in network)
                and not self._kind_unnamed(doc, found, OTHER_DEVICE_KINDS))

    def _title_part_said(self, doc: int, said: Mapping[str, float]) -> bool:
        """Whether the user's words name something the title of ``doc`` says fails, past
        the machine it leads with (``_title_problem``): "keyboard" for "MacBook Pro 2016
        and later: keyboard, trackpad and Touch Bar don't work". Not the words for where
        anything shows (``SHOWN_ON``), of machines, nor what is left of a negation
        ("don't": "don"); nor the words of the screen's or the network's failures, whose
        chips the machine's ids name (``DEVICE_WORDS``): the model stands in for a part no
        chip id names (a keyboard on SPI), not for a "black" screen."""
        problem = self._title_problem(doc) - SHOWN_ON - MACHINE_NAMES - NEGATION_REMNANTS - (
            CHIP_FAILURE_WORDS)
        return not problem.isdisjoint(said)

    def _upgrade_slot(self, best: list[tuple[float, int, bool]], limit: int,
                      machine_placed: bool, text: dict[int, float], symptom: dict[int, float],
                      context: dict[int, float]) -> list[tuple[float, int, bool]]:
        """``best`` (no longer than ``limit``, its top not confident) with a place for each
        issue of a half-done upgrade not shown when the report runs a newer version than
        the one installed (``signals.half_upgrade_signals``): after the others when fewer
        than ``limit`` are shown, else the last place, or the one before it when the
        machine's issue was just given the last (``_machine_slot``), or the one before an
        issue of the key shown there; never the first. Of the issues carrying the key,
        the one the report's words and machine fit best goes first, the lower number on a
        tie. A stick that upgraded well shows the same versions, so the signal never moves
        the first place nor makes anything confident (docs/matching.md, "Session 20: a
        half-done upgrade read from the installed version"). The key's issues are the
        stuck start after upgrades and the partial upgrade itself, and the versions do not
        tell which ("Session 26: both issues of a half-done upgrade"). The issue is shown
        with its own score, and the signal's label, first among what matched, says why it
        stands there (until rules v89 the score was bent into the list's order: "Session
        26: a placed issue shows its own score")."""
        keyed = self._keys.get(HALF_UPGRADE_KEY, [])

        def score(doc: int) -> float:
            problem = text.get(doc, 0.0) + symptom.get(doc, 0.0)
            return (problem + _share(problem) * context.get(doc, 0.0)) * (
                CLOSED_FACTOR if self._closed[doc] else 1.0)

        for _ in keyed:
            docs = [doc for doc in keyed if all(doc != shown for _, shown, _ in best)]
            if not docs:
                break
            pick = max(docs, key=lambda doc: (score(doc), -self.issues[doc].iid))
            place = len(best)
            if place >= limit:
                # The list is full: the last place, or the one before it when the last is
                # the machine's issue; one of the key's issues shown there keeps it.
                place = limit - 2 if machine_placed and limit > 2 else limit - 1
                while place > 1 and best[place][1] in keyed:
                    place -= 1
                if best[place][1] in keyed:
                    break  # no place left under the first
            best = [*best[:place], (score(pick), pick, False), *best[place + 1:]]
        return best

    def _quiet(self, candidates: list[int], text: dict[int, float],
               symptom: dict[int, float], context: dict[int, float],
               machine_said: dict[int, float], exact: set[int], elsewhere: set[int],
               siblings: set[int], wordless: bool = False
               ) -> tuple[list[int], dict[int, float]]:
        """The candidates the loop of ``rank`` must judge, in order, and the full score of
        the others that are of other models, sibling chips or makers (``siblings``, not
        ``elsewhere``): those with no score of the problem (no words, no symptom, none of
        the machine's words) and not an exact chip, whose total, ``0.0 + _share(0.0) *``
        the machine's score times factors of at most 1, is below ``MINIMUM_SCORE``: the
        loop only notes the score of such a sibling (docs/matching.md, "Session 17: one
        ranking's speed"). A ``wordless`` message (``rank``) compares the machine's score
        in full with ``MINIMUM_SCORE``: all such candidates are judged."""
        share = _share(0.0)
        busy = text.keys() | symptom.keys() | machine_said.keys() | exact
        looping: list[int] = []
        quiet: dict[int, float] = {}
        for doc in candidates:
            if doc in busy:
                looping.append(doc)
                continue
            total = share * context.get(doc, 0.0)
            if total >= MINIMUM_SCORE or (wordless and total >= MINIMUM_SCORE * share):
                looping.append(doc)
            elif doc in siblings and doc not in elsewhere:
                quiet[doc] = total * CLOSED_FACTOR if self._closed[doc] else total
        return looping, quiet

    def _sibling_chips(self, found: MessageSignals) -> set[int]:
        """The issues that name, by PCI id, chips of the maker of the machine's graphics or
        network chip, and none of the machine's own devices: ``other_device`` for every
        issue at once, from the index's keys (docs/matching.md, "Session 10, second rank
        round")."""
        makers = {s.term.split(":", 1)[0] for s in found.signals
                  if (s.device if s.kind == "pci" else s.pasted) in ("gpu", "network")}
        if not makers:
            return set()
        if self._vendors is None:
            self._vendors = _Vendors(self)
        docs: set[int] = set().union(*(self._vendors.pci.get(v, ()) for v in makers))
        for s in found.signals:
            if s.kind in ("pci", "typed") and ":" in s.term:
                docs.difference_update(self._keys.get(f"pci:{s.term}", ()))
        return docs

    def _generation_titled(self, found: MessageSignals, docs: set[int],
                           phrases: Mapping[int, object]) -> set[int]:
        """Of ``docs``, the issues whose title names the generation of the machine's Intel
        chip as lspci names it ("Error starting GDM with recent Intel GPUs (TigerLake,
        JasperLake, Ice Lake)" for a "JasperLake [UHD Graphics]"), on a message that says
        the graphics failed (started with ``nomodeset``, the user's words for the screen,
        or a line the issue quotes): whatever other chips of that generation they list by
        id, they are about the machine's own chip, not a sibling's (docs/matching.md,
        "Session 24: the generation of the machine's chip")."""
        names = {t for t in found.hardware_text if _INTEL_GENERATION_RE.fullmatch(t)}
        if not names or not docs:
            return set()
        failed = not GRAPHICS_WORDS.isdisjoint(found.text) or any(
            s.key == NOMODESET_KEY for s in found.signals)
        if self._intel_generations is None:
            by_word: dict[str, set[int]] = defaultdict(set)
            for doc, issue in enumerate(self.issues):
                if not _INTEL_GENERATION_HINT_RE.search(issue.title):
                    continue  # read the terms of the few titles that may hold one
                for term in self._title_of(doc):
                    if _INTEL_GENERATION_RE.fullmatch(term):
                        by_word[term].add(doc)
            self._intel_generations = {term: frozenset(d) for term, d in by_word.items()}
        titled = set().union(*(self._intel_generations.get(name, ()) for name in names))
        return titled & (docs if failed else docs & phrases.keys())

    def _chip_in_passing(self, doc: int, found: MessageSignals) -> bool:
        """Whether the machine's network chip, and no other device of it (a USB id, the
        GPU), backs the issue while the user's title for
        the problem (the subject and summary, ``TITLE_WEIGHT``) says something and nothing
        of the network: the Wi-Fi is named only in passing, in the answers ("my Wi-Fi is
        fine", "I use a USB Wi-Fi adapter"), and the question is about something else
        (docs/insight.md, "Session 9, fifteenth round")."""
        backing = {s.device for s in found.signals if s.strong and s.device
                   and doc in self._key_docs(s.key)}
        if backing != {"network"}:
            return False
        title = {t for t, w in found.text.items() if w >= TITLE_WEIGHT}
        return bool(title) and title.isdisjoint(_network_words(found))

    def _graphics_untitled(self, doc: int, found: MessageSignals, others: list[int]) -> bool:
        """Whether the machine's graphics chip, and no other device of it, backs the issue
        while the user's title (the subject and summary, ``TITLE_WEIGHT``) names nothing of
        graphics (``GRAPHICS_WORDS``, where it shows: ``SHOWN_ON``) nor any word the issue
        names, and names two words or more of another ranked issue's title (not a machine's,
        not ``WHEN_SHOWN``'s): the chip is in every report of the machine, and body words
        that read as the chip's failure ("black", "screen") do not make the user's question,
        a keyboard layout in Ido, the chip's (docs/matching.md, "Session 24: a chip's issue
        under a title of another problem")."""
        backing = {s.device for s in found.signals if s.strong and s.device
                   and doc in self._key_docs(s.key)}
        if backing != {"gpu"}:
            return False
        title = frozenset(t for t, w in found.text.items() if w >= TITLE_WEIGHT) - (
            GENERIC_WORDS | FUNCTION_WORDS | SHOWN_ON)
        if not title or not title.isdisjoint(GRAPHICS_WORDS) or self._issue_words(doc, title):
            return False
        asked = title - WHEN_SHOWN - MACHINE_NAMES
        return any(len(asked & self._title_of(other)) >= 2 for other in others)

    def _model_titled_otherwise(self, doc: int, found: MessageSignals) -> bool:
        """Whether the machine's model (its product name, DMI) backs the issue and no chip
        nor other key does, while the user's title (the subject and summary,
        ``TITLE_WEIGHT``, less generic, function and machine words) names a part that fails
        (``TITLED_PARTS``: the screen, the network, sound, a printer) and no word of the
        title is the issue's (a freeze is, when the issue says its machine stops:
        ``STOP_WORDS``): every report of the machine names its model, and a grey
        screen on an HP 255 G7 is not that machine's USB-C dock issue (docs/matching.md,
        "Session 25: the machine's issue under a title of another part")."""
        backing = {s.kind for s in found.signals if s.strong
                   and doc in self._key_docs(s.key)}
        if backing != {"product"}:
            return False
        title = frozenset(t for t, w in found.text.items() if w >= TITLE_WEIGHT) - (
            GENERIC_WORDS | FUNCTION_WORDS | MACHINE_NAMES)
        if title.isdisjoint(TITLED_PARTS):
            return False
        named = self._issue_words(doc, title | STOP_WORDS)
        # An issue that says its machine stops during startup names the user's freeze.
        return not (named & title or (named & STOP_WORDS and not title.isdisjoint(
            FREEZE_WORDS)))

    def _line_of_another_part(self, doc: int, found: MessageSignals,
                              phrases: dict[int, list[tuple[float, str]]]) -> bool:
        """Whether the issue's title names a part that fails (``PART_KINDS``: the Wi-Fi of
        "Wi-Fi disabled by a hardware switch"), the report's journal holds a line the
        issue quotes and the user did not write it, and the user's words name nothing of
        that part nor of the issue's symptom (``_symptom_agrees``) but another part or an
        application the issue does not name: the line
        says the state the machine is in at every start (its Wi-Fi switch read as off),
        not what the user asks about, downloads that vanish or no sound from the
        speakers (docs/matching.md, "Session 26: the machine's own line under another
        problem"). Words of no part and no application (an unread language, "it does not
        work") leave the line to tell the problem."""
        if self._user_line(phrases, doc) or self._symptom_agrees(doc, found):
            return False
        title = self._title_of(doc)
        network = _network_words(found)
        parts = [network if kind is DEVICE_WORDS["network"] else kind for kind in PART_KINDS]
        own = [kind for kind in PART_KINDS if not kind.isdisjoint(title)]
        if not own or any(not part.isdisjoint(found.text) for kind, part in zip(
                PART_KINDS, parts, strict=True) if kind in own):
            return False
        other_part = any(not part.isdisjoint(found.text) for kind, part in zip(
            PART_KINDS, parts, strict=True) if kind not in own)
        return other_part or bool(found.components - self._components[doc])

    def _title_of_another_part(self, doc: int, found: MessageSignals,
                               phrases: dict[int, list[tuple[float, str]]],
                               own_lines: set[int]) -> bool:
        """Whether only the machine backs the issue (a journal line the user did not
        write and no process of the issue's application wrote, its chips, its model, its
        boot options) while the user's title (the subject
        and summary, ``TITLE_WEIGHT``, less generic, function and machine words) names a
        part the issue never names (the network, the screen, ``ASKED_PARTS``: a printer,
        the fans; an upgrade when one is half done) and no word nor symptom of the issue:
        the title is the question, and the machine's evidence is there whatever is asked.
        What the answers say of the issue's part ("the Wi-Fi connects fine") does not
        count. A title of words the lexicon does not read, or of nothing, leaves the
        machine to tell the problem (docs/matching.md, "Session 26: the machine's
        evidence under a title of another part")."""
        if self._user_line(phrases, doc) or doc in own_lines or not (doc in phrases or any(
                s.strong and s.kind != "symptom" and doc in self._key_docs(s.key)
                for s in found.signals)):
            return False
        title = frozenset(t for t, w in found.text.items() if w >= TITLE_WEIGHT) - (
            frozenset(found.hardware_text) | GENERIC_WORDS | FUNCTION_WORDS | MACHINE_NAMES)
        terms_of = self.terms_of(doc)
        learnt = self._learned_of.get(doc, frozenset())

        def names(words: frozenset[str]) -> bool:
            return any(t in terms_of or t in learnt for t in words)

        if not title or names(title):
            return False
        if self._symptom_agrees(doc, replace(found, text={
                t: w for t, w in found.text.items() if t in title})):
            return False
        # The network and the screen as a title names them: not Tor's connection, not a
        # freeze (of any part); a chip of the machine that backs the issue is its part.
        chips = {s.device for s in found.signals if s.strong and s.device
                 and doc in self._key_docs(s.key)}
        screen = SHOWN_ON | DEVICE_SAID["gpu"] - FREEZE_WORDS - STOP_WORDS - {"stuck"}
        kinds = ((DEVICE_WORDS["network"] - TOR_LINK_WORDS, DEVICE_WORDS["network"], "network"),
                 (screen, screen | GRAPHICS_WORDS | DEVICE_WORDS["gpu"], "gpu"),
                 *((kind, kind, "") for kind in ASKED_PARTS))
        if any(s.key == HALF_UPGRADE_KEY for s in found.signals):
            kinds = (*kinds, (UPGRADE_ASKED, UPGRADE_ASKED, ""))
        asked = [(owned, chip) for said, owned, chip in kinds if not said.isdisjoint(title)]
        return bool(asked) and not any(chip in chips or names(owned) for owned, chip in asked)

    def _machine_evidence_unasked(self, doc: int, found: MessageSignals,
                                  phrases: dict[int, list[tuple[float, str]]],
                                  journal: set[int], exact: set[int], own_lines: set[int]
                                  ) -> bool:
        """Whether an issue of this machine (``_of_this_machine``) has, for evidence of the
        problem, a line it quotes in the machine's journal that the user did not write and
        that no process of the issue's application wrote (``own_lines``), and no exact chip
        (whose failure the user's words name: ``exact``); while the user's title (the
        subject and summary, ``TITLE_WEIGHT``, less generic, function and makers' words)
        names no word nor symptom of the issue, and no word of the user's, title or
        answers, is a word of the issue's title (``_title_problem_words``) nor of the same
        failure (a stop, one graphics failure, one part: ``STOP_WORDS``,
        ``GRAPHICS_FAILURES``, ``ASKED_PARTS``). The line is logged on that machine
        whatever the user asks ("thanks", "how do I change the language", "how do I save a
        page"): it is the machine's evidence, not the user's, and is not confident alone.
        A user who says little keeps it: a title of generic words only ("problem", "it
        doesn't work") or none (a "can't type" under no summary) leaves the line to tell
        the problem, and a word of the issue's title anywhere ("wifi") keeps it
        (docs/matching.md, "Session 29: rules v107 (rank50; v104 on its branch)"). A title
        written without spaces (Chinese, Japanese: ``title_unsplit``) is not "little"
        although no term is read from it: only the lexicon's words found inside it
        ("键盘", "キーボード") name the issue ("Session 29: rules v110 (rank51)")."""
        if doc not in journal or doc in exact or self._user_line(phrases, doc) or (
                doc in own_lines) or not self._of_this_machine(doc, found):
            return False
        title = frozenset(t for t, w in found.text.items() if w >= TITLE_WEIGHT) - (
            GENERIC_WORDS | FUNCTION_WORDS | MACHINE_WORDS)
        if not title and not found.title_unsplit:
            # A title of Chinese or Japanese with none of the lexicon's words ("谢谢",
            # "日本語入力の切り替え方") said something: the words below judge it.
            return False
        terms_of = self.terms_of(doc)
        learnt = self._learned_of.get(doc, frozenset())
        if any(t in terms_of or t in learnt for t in title) or self._symptom_agrees(
                doc, replace(found, text={t: w for t, w in found.text.items() if t in title})):
            return False
        problem = self._title_problem_words(doc)
        said = frozenset(found.text)
        return problem.isdisjoint(said) and not any(
            not kind.isdisjoint(problem) and not kind.isdisjoint(said)
            for kind in (STOP_WORDS, *GRAPHICS_FAILURES, *ASKED_PARTS))

    def _of_this_machine(self, doc: int, found: MessageSignals) -> bool:
        """Whether an issue about hardware (``_about_hardware``) names this machine by one
        of its keys: a PCI id, a chip or the product. An issue whose title has only words
        of hardware ("the target device is busy") is a program's, whatever it says."""
        return self._about_hardware(doc) and any(
            s.kind in ("pci", "chip", "product") and doc in self._key_docs(s.key)
            for s in found.signals)

    def _title_problem_words(self, doc: int) -> frozenset[str]:
        """The words of the issue's title that a user may say of its problem, wherever the
        title puts them: not makers and model lines, generic or function words, where it
        shows (``SHOWN_ON``) nor a negation's remains."""
        return self._title_of(doc) - MACHINE_WORDS - GENERIC_WORDS - FUNCTION_WORDS - (
            SHOWN_ON | NEGATION_REMNANTS)

    def _other_chips_part_titled(self, doc: int, found: MessageSignals,
                                 phrases: dict[int, list[tuple[float, str]]],
                                 own_lines: set[int], others: list[int]) -> bool:
        """Whether a journal line the user did not write backs the issue, the user's title
        (``TITLE_WEIGHT``) names no word of the issue's title but the network or the
        screen, in words the issue never writes, and another issue ranked below is backed
        by the machine's chip of that part (the Wi-Fi chip's issue under "the Wi-Fi
        password screen keeps coming back" on a MacBook Pro whose keyboard line is in
        every journal): the machine has two issues, and the title says which part the
        question is about, though a word of it ("screen") is in the top issue's text
        (docs/matching.md, "Session 26: the title names another chip's part")."""
        if doc not in phrases or self._user_line(phrases, doc) or doc in own_lines:
            return False
        title = frozenset(t for t, w in found.text.items() if w >= TITLE_WEIGHT) - (
            frozenset(found.hardware_text) | GENERIC_WORDS | FUNCTION_WORDS | MACHINE_NAMES)
        if not title or not title.isdisjoint(self._title_of(doc)):
            return False
        terms_of = self.terms_of(doc)
        learnt = self._learned_of.get(doc, frozenset())
        screen = SHOWN_ON | DEVICE_SAID["gpu"] - FREEZE_WORDS - STOP_WORDS - {"stuck"}
        for said, chip in ((DEVICE_WORDS["network"] - TOR_LINK_WORDS, "network"),
                           (screen, "gpu")):
            if said.isdisjoint(title) or any(t in terms_of or t in learnt
                                             for t in said & title):
                continue
            keys = [s.key for s in found.signals if s.strong and s.device == chip]
            if any(doc in self._key_docs(key) for key in keys):
                continue
            if any(other in self._key_docs(key) for key in keys for other in others):
                return True
        return False

    def _advice_titled(self, doc: int, found: MessageSignals) -> bool:
        """Whether the user's title (the subject or the summary) puts a word the issue
        writes only as advice (``advice_only``: "try a Snowflake bridge") next to a word
        of the issue's title ("snowflake bridge" where the title says "obfs4 bridges"):
        the title says which one fails, and it is the one the issue tells users to try,
        another problem than the issue's, whatever else fits. Not for an issue about
        hardware, whose advice is a boot option or a setting the user may well have
        tried on the same machine (docs/matching.md, "Session 26: a workaround's word is
        not the problem"); nor when the user's title also holds another word of the
        issue's title that at most ``ADVICE_RARE`` issues write ("obfs4 bridges stop at
        10%, a snowflake bridge works"): the title names the issue's own problem too
        (docs/matching.md, "Session 27: rules v94")."""
        if self._about_hardware(doc):
            return False
        advice = self._advice.get(doc)
        if advice is None:
            advice = self._advice[doc] = frozenset(
                t for t in advice_only(self.issues[doc])
                if len(self._postings.get(t, ((), ()))[0]) <= ADVICE_RARE)
        if not advice:
            return False
        title = self._title_of(doc)
        paired = {second if first in advice else first for first, second in found.title_pairs
                  if (first in advice and second in title) or (first in title and second in advice)}
        if not paired:
            return False
        users_title = {t for t, w in found.text.items() if w >= TITLE_WEIGHT}
        return not any(t in users_title and t not in paired
                       and len(self._postings.get(t, ((), ()))[0]) <= ADVICE_RARE
                       for t in title)

    def _chip_unsaid(self, found: MessageSignals) -> set[int]:
        """The issues that the machine's network chip, and no other device of it, backs by
        a strong signal, when the user's words name nothing of the network at all
        (``_chip_in_passing`` asks it of the title only, for confidence): the chip is in
        the lspci, not in the problem, and such an issue ranks as another model's does
        (docs/matching.md, "Session 23: a network chip the user says nothing of")."""
        if not _network_words(found).isdisjoint(found.text):
            return set()
        backing: dict[int, set[str]] = defaultdict(set)
        for s in found.signals:
            if s.strong and s.device:
                for doc in self._key_docs(s.key):
                    backing[doc].add(s.device)
        return {doc for doc, devices in backing.items() if devices == {"network"}}

    def _other_graphics_failure(self, doc: int, found: MessageSignals) -> bool:
        """Whether the machine's graphics chip backs the issue, the issue names failures
        of the chip (``GRAPHICS_FAILURES``) and the user names others, none of the
        issue's: a grey error screen at startup is not the same chip's black screen at
        shutdown. A freeze the issue names with any of ``STOP_WORDS`` ("stops during
        startup") is named; a user or an issue that names no failure of the chip is not
        judged by this rule."""
        if DEVICE_WORDS["gpu"].isdisjoint(found.text) or not any(
                s.strong and s.device == "gpu" and doc in self._key_docs(s.key)
                for s in found.signals):
            return False  # the chip backs an issue only when the user talks about it
        issue = self._issue_words(doc, GRAPHICS_WORDS | STOP_WORDS)
        mine = {n for n, failure in enumerate(GRAPHICS_FAILURES)
                if not failure.isdisjoint(found.text)}
        theirs = {n for n, failure in enumerate(GRAPHICS_FAILURES) if not failure.isdisjoint(
            issue | (FREEZE_WORDS if not issue.isdisjoint(STOP_WORDS) else frozenset()))}
        return bool(mine) and bool(theirs) and mine.isdisjoint(theirs)

    def _sleep_unnamed(self, doc: int, found: MessageSignals) -> bool:
        """Whether the user's title (subject and summary, ``TITLE_WEIGHT``) says the
        problem shows after the machine slept (``SLEEP_WORDS``) and the issue never names
        sleep: the issue is about another moment of the machine."""
        if SLEEP_WORDS.isdisjoint(t for t, w in found.text.items() if w >= TITLE_WEIGHT):
            return False
        issue = self._issue_words(doc, SLEEP_WORDS)
        return SLEEP_WORDS.isdisjoint(issue)

    def _sibling_titled(self, doc: int, found: MessageSignals) -> bool:
        """Whether the user's title (subject and summary, ``TITLE_WEIGHT``) names a kind
        of thing of a family (``SIBLING_KINDS``) that the issue's title names another kind
        of, and not the one the issue's title names: the user's problem is of the sibling
        thing."""
        title = {t for t, w in found.text.items() if w >= TITLE_WEIGHT}
        if not title:
            return False
        issue = self._title_of(doc)
        for kinds in SIBLING_KINDS:
            theirs = {n for n, kind in enumerate(kinds) if not kind.isdisjoint(issue)}
            mine = {n for n, kind in enumerate(kinds) if not kind.isdisjoint(title)}
            if theirs and mine and theirs.isdisjoint(mine):
                return True
        return False

    def _other_program_line(self, doc: int, found: MessageSignals) -> bool:
        """Whether a journal line of a program the issue quotes lines of ("nautilus[1234]:
        ...") holds one of the issue's quoted messages that names no program (a shorter
        one, "Error while copying") and goes on after it (``_goes_on``), while no line of
        the report holds any of the issue's lines of a program or any error its title
        quotes, by their grams or by their error text (what follows the last colon, "File
        too large"): the program logged another error of the same step (a name the stick
        refuses, "Invalid argument"), and the message they share only says that the step
        failed (docs/insight.md, "Session 15, twenty-third round")."""
        quoted = self._quoted_of(doc)
        programs = {q.program for q in quoted if q.program}
        if not programs:
            return False
        shared = False
        for source, line in found.lines:
            grams = set(line_grams(line_tokens(line)))
            said = f" {' '.join(words(line))} "
            if any((q.program or q.titled) and (_covers(q.grams, grams) or (
                    q.tail and f" {q.tail} " in said)) for q in quoted):
                return False  # the issue's own line of its program, or its title's error
            match = _LINE_PROGRAM_RE.search(line) if source == "journal" else None
            if match is not None and match.group(1) in programs and any(
                    not q.program and _covers(q.grams, grams) and _goes_on(q.said, said)
                    for q in quoted):
                shared = True
        return shared

    def _other_device(self, found: MessageSignals, doc: int) -> bool:
        """``other_device`` for issue ``doc``, its PCI ids read once (``_named_pci``)."""
        named = self._named_pci.get(doc)
        if named is None:
            named = self._named_pci[doc] = named_pci(self.issues[doc])
        return other_device(found, self.issues[doc], named)

    def _other_disk_line(self, doc: int, found: MessageSignals) -> bool:
        """Whether the issue's lines that the report holds are only lines that name a disk
        (``_DISK_RE``: "Buffer I/O error on dev dm-0", the Persistent Storage's volume),
        each of them in a line of the report about disks of other kinds only ("... on dev
        nvme0n1p5", the internal disk): the same error of another disk is another problem
        (docs/insight.md, "Session 15, twenty-third round")."""
        other = False
        quoted = self._quoted_of(doc)
        for _, line in found.lines:  # each line's grams and disks read once
            grams = set(line_grams(line_tokens(line)))
            disks: frozenset[str] | None = None
            for q in quoted:
                if not _covers(q.grams, grams):
                    continue
                if disks is None:
                    disks = _disks(line)
                if not q.disks or not disks or not disks.isdisjoint(q.disks):
                    return False  # a line of the issue's own, or about its disk
                other = True
        return other

    def _quoted_of(self, doc: int) -> tuple[_Quoted, ...]:
        """The issue's quoted phrases, read once."""
        quoted = self._quoted.get(doc)
        if quoted is None:
            title = " ".join(self.issues[doc].title.split())
            quoted = self._quoted[doc] = tuple(
                _Quoted(match.group(1) if (match := _LINE_PROGRAM_RE.match(phrase)) else "",
                        frozenset(issue_phrase_grams(phrase)),
                        " ".join(words(phrase.rsplit(":", 1)[1])) if ":" in phrase else "",
                        _disks(phrase), f" {' '.join(words(phrase))} ", phrase in title)
                for phrase in issue_phrases(self.issues[doc]))
        return quoted

    def _apps_in_story(self, doc: int, found: MessageSignals) -> bool:
        """Whether the issue's description names every application the user names: the
        issue tells how they take part in its problem (a key asked again for a share
        another application made, with the Persistent Storage unlocked), though its title
        and labels name another application."""
        described = self._described.get(doc)
        if described is None:
            described = self._described[doc] = components_in(self.issues[doc].description)
        return found.components <= described

    def terms_of(self, doc: int) -> _IssueTerms:
        """The terms of issue ``doc``, to ask whether it has one (``term in ...``): read
        from the postings, not by analysing the issue again (docs/matching.md, "Session 17:
        one ranking's speed")."""
        return _IssueTerms(self._postings, doc)

    def _issue_words(self, doc: int, asked: frozenset[str]) -> set[str]:
        """The words of ``asked`` that an issue names (its own terms), and those it learnt
        from its linked reports."""
        terms_of = self.terms_of(doc)
        return {t for t in asked if t in terms_of} | self._learned_of.get(doc, frozenset())

    def _kind_unnamed(self, doc: int, found: MessageSignals,
                      kinds: tuple[frozenset[str], ...], named: frozenset[str] = frozenset()
                      ) -> bool:
        """Whether the user names a thing of one of ``kinds`` that the issue never names
        (with a word of the kind or of ``named``): a device (``OTHER_DEVICE_KINDS``: sound,
        the microphone, Bluetooth, a printer) or a freeze (``FREEZE_WORDS``, which an issue
        names with any of ``STOP_WORDS``)."""
        issue = self._issue_words(doc, named.union(*kinds))
        return any(not kind.isdisjoint(found.text) and (kind | named).isdisjoint(issue)
                   for kind in kinds)

    def _margin_over_same_app(self, other: int, doc: int, found: MessageSignals) -> float:
        """The lead a top match on words alone (``doc``) needs over the runner-up
        ``other``: ``CONFIDENT_MARGIN`` when the runner-up is only another issue of the
        application the user and the top name (all three name it, every word of the user's
        that scores for the runner-up, programs' names aside, scores for the top too but at
        most ``STRAY_WORDS``, and the top matches ``OWN_WORDS`` more than those: the
        runner-up explains nothing of the report the top does not; docs/insight.md,
        "Session 8, sixth round"; "Session 9, fifteenth round"); ``CONFIDENT_MARGIN_COVERED``
        when the runner-up matches no word the top does not and the top has one or more of
        its own, fewer than that ("Session 16, twenty-fourth round"); else
        ``CONFIDENT_MARGIN_TEXT``."""
        if found.components.isdisjoint(self._components[doc] & self._components[other]):
            return CONFIDENT_MARGIN_TEXT
        theirs = self._scoring_terms(other, found.text) - PROGRAM_WORDS
        mine = self._scoring_terms(doc, found.text) - PROGRAM_WORDS
        stray = len(theirs - mine)
        if stray <= STRAY_WORDS and len(mine - theirs) >= OWN_WORDS + stray:
            return CONFIDENT_MARGIN
        if not stray and mine - theirs:
            return CONFIDENT_MARGIN_COVERED
        return CONFIDENT_MARGIN_TEXT

    def _same_lines_own_words(self, doc: int, other: int,
                              phrases: Mapping[int, list[tuple[float, str]]],
                              found: MessageSignals) -> bool:
        """Whether the top ``doc`` and the runner-up ``other`` hold the same quoted lines
        of the report (one or more, the same phrases of both issues), every word of the
        user's that scores for the runner-up scores for the top too (programs' names
        aside), and one that scores for the top alone is a word of the top's title that the
        runner-up's title lacks ("Nvidia" against "Intel GPU"), or one of the user's own
        title for the problem, the summary or subject (``TITLE_WEIGHT``: "after a Windows
        update" for the SBAT issue that names Windows updates, against the older one that
        does not; docs/insight.md, "Session 19, thirty-first round: likely recall"): the
        user names what the top is about, and nothing tells for the runner-up."""
        mine = {label for _, label in phrases.get(doc, [])}
        if not mine or mine != {label for _, label in phrases.get(other, [])}:
            return False
        theirs = self._scoring_terms(other, found.text) - PROGRAM_WORDS
        own = self._scoring_terms(doc, found.text) - PROGRAM_WORDS
        if not theirs <= own:
            return False
        told = own - theirs
        return not told.isdisjoint(self._title_of(doc) - self._title_of(other)) or any(
            found.text[t] >= TITLE_WEIGHT for t in told)

    def _title_of(self, doc: int) -> frozenset[str]:
        """The terms of the issue's title, read once."""
        title = self._title_terms.get(doc)
        if title is None:
            title = self._title_terms[doc] = frozenset(terms(self.issues[doc].title))
        return title

    def _scoring_terms(self, doc: int, weights: Mapping[str, float]) -> set[str]:
        """The terms of ``weights`` that add to the issue's score of words."""
        counts = self.terms_of(doc)
        learnt = self._learned_of.get(doc, frozenset())
        return {t for t in weights if t in learnt or (
            t in counts and len(self._postings.get(t, ((),))[0]) <= self._common)}

    def _about_hardware(self, doc: int) -> bool:
        """Whether an issue is about hardware: it names a chip (a PCI id or a chip maker) or
        its title has a word of machines or hardware (a maker, a model line, "laptop",
        "GPU"). Only there is a model-like word ("T480s", "RTL8821CE") a machine's model;
        elsewhere it names software ("obfs4" bridges, "ext4", "OAuth2"): docs/insight.md.
        Judged at first need, issue by issue (a ranking meets few of them)."""
        if self._chip_docs is None:
            self._chip_docs = frozenset(d for key, docs in self._keys.items()
                                        if key.startswith(("pci:", "vendor:")) for d in docs)
        known = self._hardware.get(doc)
        if known is None:
            known = doc in self._chip_docs or not (MACHINE_WORDS | HARDWARE_WORDS).isdisjoint(
                terms(self.issues[doc].title))
            self._hardware[doc] = known
        return known

    def _other_macs(self, found: MessageSignals) -> set[int]:
        """The issues whose title names Apple model identifiers ("MacBookAir7,2"), none of
        them this Mac's, when the report gives its identifier: they are about other
        models (docs/insight.md); and those that name Intel Macs only, when the report or
        the user says the Mac has an Apple processor."""
        mine = {s.term for s in found.signals if s.kind == "product"}
        written = {tuple(s.term.split(" ", 1)) for s in found.signals if s.kind == "mac"}
        if any(apple_models(term) for term in mine):
            families = {_APPLE_FAMILY_OF_RE.sub("", term) for term in mine
                        if apple_models(term)}
            return {doc for doc, models in self._titled_macs().items()
                    if models.isdisjoint(mine)} | self._other_dated_macs(families, written)
        if any(s.key == APPLE_SILICON_KEY for s in found.signals):
            # A Mac with an Apple processor is none of the Intel Macs whose identifiers a
            # title names (docs/matching.md, "Session 21: an Apple processor is no Intel
            # Mac").
            return {doc for doc, models in self._titled_macs().items()
                    if all(intel_mac(model) for model in models)}
        if written:  # as ``_by_written_year``
            # A Mac the user names with its year ("a 2018 Mac mini") is none of the Macs
            # a title names by their identifiers of another family, or of its family with
            # other years only ("Macmini7,1 (Mac mini late 2014)") (docs/matching.md,
            # "Session 23: a Mac named with its year").
            families = {family for family, _ in written}
            return {doc for doc, models in self._titled_macs().items()
                    if self._other_mac_years(doc, models, families, written)}
        return set()

    @staticmethod
    def _by_written_year(found: MessageSignals) -> bool:
        """Whether ``_other_macs`` tells other Macs by the family and year the user writes
        (the report gives no identifier and names no Apple processor)."""
        return not any(apple_models(s.term) for s in found.signals if s.kind == "product") and (
            all(s.key != APPLE_SILICON_KEY for s in found.signals)) and any(
            s.kind == "mac" for s in found.signals)

    def _other_mac_years(self, doc: int, models: frozenset[str], families: set[str],
                         written: set[tuple[str, ...]]) -> bool:
        """Whether issue ``doc``, whose title names the Apple identifiers ``models``, is
        about other Macs than those the user names with their years (``written``: family
        and year; ``families``: their families)."""
        if all(_APPLE_FAMILY_OF_RE.sub("", model) not in families for model in models):
            return True
        dated = mac_years(self.issues[doc].title)
        if not dated:
            return False
        # One identifier may be the Macs of several years ("MacBookAir7,2": the 13-inch
        # MacBook Air of early 2015 and of 2017): a title that writes one of them names
        # them all (docs/matching.md, "Session 23: one Mac identifier, several years").
        dated |= {(_APPLE_FAMILY_OF_RE.sub("", model), year)
                  for model in models for year in mac_sold_years(model)}
        return dated.isdisjoint(written)

    def _other_dated_macs(self, families: set[str], written: set[tuple[str, ...]]
                          ) -> set[int]:
        """On a Mac whose report gives its identifier (``families``: their families,
        "macbookpro" for MacBookPro12,1), the issues whose title names Macs by family and
        year only, no identifier ("MacBook Pro 2016 and later", "MacBook Air Retina
        2018/2019"): those of other families, and those of the machine's family whose
        years are none the user writes for it ("MacBook Pro 2015" against 2016 and later)
        (docs/matching.md, "Session 24: a Mac's identifier against a title's years")."""
        if self._dated_titles is None:
            dated: dict[int, tuple[frozenset[str], frozenset[int], int | None]] = {}
            for doc, issue in enumerate(self.issues):
                named = mac_years(issue.title)
                if named and not apple_models(issue.title):
                    years = frozenset(int(y) for y in _YEAR_RE.findall(issue.title))
                    later = min(years) if _LATER_RE.search(issue.title) and years else None
                    dated[doc] = (frozenset(f for f, _ in named), years, later)
            self._dated_titles = dated
        said = {int(year) for family, *rest in written if family in families
                for year in rest if year.isdigit()}
        return {doc for doc, (titled, years, later) in self._dated_titles.items()
                if titled.isdisjoint(families) or (said and not any(
                    y in years or (later is not None and y >= later) for y in said))}

    def _titled_macs(self) -> dict[int, frozenset[str]]:
        """The Apple model identifiers each issue's title names, of the issues that name
        one (built at first use)."""
        if self._mac_titles is None:
            self._mac_titles = {doc: frozenset(apple_models(issue.title))
                                for doc, issue in enumerate(self.issues)
                                if apple_models(issue.title)}
        return self._mac_titles

    def _other_suffixes(self, found: MessageSignals) -> set[int]:
        """The issues whose title names this machine's model number with other suffixes
        only ("Acer Aspire 5 A515-56" for an Aspire A515-54, "Nitro 5 AN515-55" for an
        AN515-57), when the report's product name gives its own: another model of the same
        line, as another Mac identifier is (docs/insight.md, "Session 12, nineteenth
        round")."""
        mine = _model_suffixes(found.machine)
        if not mine:
            return set()
        if self._suffix_titles is None:
            self._suffix_titles = {doc: named for doc, issue in enumerate(self.issues)
                                   if (named := _model_suffixes(issue.title))}
        bases = {base for base, _ in mine}
        suffixes = {suffix for _, suffix in mine}
        return {doc for doc, named in self._suffix_titles.items()
                if (theirs := {suffix for base, suffix in named if base in bases})
                and theirs.isdisjoint(suffixes)}

    def _other_line_models(self, found: MessageSignals) -> set[int]:
        """The issues whose title leads with this machine's model line and model numbers,
        none of them this machine's ("Dell XPS 15 9570" for an XPS 13 9343, "Lenovo
        ThinkPad T480s" for a T440s), when the report's product name gives the line and a
        number: another model of the same line, as another Mac identifier is
        (docs/matching.md, "Session 21: another model of the machine's line")."""
        lines = machine_lines(found.machine)
        mine = model_numbers(found.machine)
        if not lines or not mine:
            return set()
        return {doc for doc, (theirs, numbers) in self._line_model_titled().items()
                if not theirs.isdisjoint(lines) and other_line_model(numbers, mine)}

    def _other_lines(self, found: MessageSignals) -> set[int]:
        """The issues whose title leads with another model line of the machine's maker and
        a model number ("Dell Latitude E6430" for an OptiPlex 9020, "Lenovo ThinkPad 11e"
        for an IdeaPad 100S), when the report's product name gives the machine's line, and
        whose title's problem the user's words do not name: other models of the maker.
        When they name it ("ThinkPad T480s: battery percentage not shown" for a ThinkBook
        whose user writes of the battery), the issue is still the nearest known problem
        (docs/matching.md, "Session 23: another line of the machine's maker"). The words
        are the ranker's terms, read across languages as the lexicon reads them; an issue
        this rule lowers is never removed ("Session 23: lowered, never removed")."""
        lines = machine_lines(found.machine)
        if not lines:
            return set()
        makers = {LINE_WORDS[line] for line in lines}
        by_maker = self._lines_by_maker()
        return {doc for maker in makers for doc, theirs, of in by_maker.get(maker, ())
                if theirs.isdisjoint(lines) and of <= makers
                and self._title_problem(doc).isdisjoint(found.text)}

    def _other_chip(self, found: MessageSignals) -> set[int]:
        """On a machine with two graphics chips, when an issue names the machine's product
        and one of the chips by its id ("Dell XPS 15 7590 with Nvidia GPU becomes
        unresponsive", GTX 1650 ``[10de:1f91]``): the issues that name the other chip by
        its id, neither the product nor the first chip, and whose title's problem the
        user's words do not name ("Intel UHD Graphics 630: screen tearing when
        scrolling" for a user who writes of a freeze). The machine's own issue names the
        chip of its problem; the other chip is only in the same lspci, and ranks as another
        model does (docs/matching.md, "Session 23: the machine's other graphics chip")."""
        chips = {s.key for s in found.signals if s.kind == "pci" and s.device == "gpu"}
        if len(chips) < 2:
            return set()
        product = {doc for s in found.signals if s.kind == "product"
                   for doc in self._key_docs(s.key)}
        named = {key: set(self._key_docs(key)) for key in chips}
        own = {key for key, docs in named.items() if not docs.isdisjoint(product)}
        if not own:
            return set()
        mine = product.union(*(named[key] for key in own))
        return {doc for key in chips - own for doc in named[key]
                if doc not in mine
                and (self._title_problem(doc) - SHOWN_ON).isdisjoint(found.text)}

    def _one_of_two_chips(self, doc: int, found: MessageSignals, others: list[int]) -> bool:
        """On a machine with two graphics chips, whether the issue names the integrated one
        (Intel's) by its id, not the other nor the product, while another issue of the
        ranking is backed by the other chip's id or by the machine having several GPUs,
        and the user's title (the subject and summary) does not name the failure the
        issue's title does: the lspci does not say which chip the user's screen failed on,
        and a laptop's integrated chip is in every such report (docs/matching.md, "Session
        24: one of two graphics chips")."""
        chips = {s.key for s in found.signals if s.kind == "pci" and s.device == "gpu"}
        if len(chips) < 2:
            return False
        backing = {key for key in chips if doc in self._key_docs(key)}
        if len(backing) != 1 or not next(iter(backing)).startswith(INTEGRATED_GPU):
            return False
        if any(doc in self._key_docs(s.key) for s in found.signals if s.kind == "product"):
            return False
        title = {t for t, w in found.text.items() if w >= TITLE_WEIGHT}
        if not title.isdisjoint(self._title_problem(doc) - SHOWN_ON):
            return False  # the user's title names the chip's failure: theirs
        theirs = set().union(*(self._key_docs(key) for key in chips - backing),
                             self._key_docs(SEVERAL_GPUS_KEY))
        return not theirs.isdisjoint(others)

    def _lines_by_maker(self) -> dict[str, list[tuple[int, frozenset[str], frozenset[str]]]]:
        """Per maker, the issues whose title leads with lines of it and a model number:
        (issue, its lines, their makers) (built at first use)."""
        if self._maker_lines is None:
            by_maker: dict[str, list[tuple[int, frozenset[str], frozenset[str]]]] = (
                defaultdict(list))
            for doc, (theirs, _) in self._line_model_titled().items():
                of = frozenset(LINE_WORDS[line] for line in theirs)
                for maker in of:
                    by_maker[maker].append((doc, theirs, of))
            self._maker_lines = dict(by_maker)
        return self._maker_lines

    def _title_problem(self, doc: int) -> frozenset[str]:
        """The words of an issue's title that name its problem: not those of the machine it
        leads with ("Dell Latitude E6430"), not the words of every problem ("start",
        "fails": ``GENERIC_WORDS``) nor function words."""
        problem = self._title_problems.get(doc)
        if problem is None:
            title = self.issues[doc].title
            lead = frozenset(terms(_TITLE_LEAD_RE.split(title, maxsplit=1)[0]))
            problem = self._title_problems[doc] = (
                self._title_of(doc) - lead - GENERIC_WORDS - FUNCTION_WORDS)
        return problem

    def _line_model_titled(self) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
        """The model lines and numbers each issue's title leads with (``line_models``), of
        the issues whose title leads with one (built at first use)."""
        if self._line_model_titles is None:
            self._line_model_titles = {doc: named for doc, issue in enumerate(self.issues)
                                       if (named := line_models(issue.title))[0]}
        return self._line_model_titles

    def _other_makers(self, found: MessageSignals) -> set[int]:
        """The issues whose title names makers of machines (or their model lines: "Lenovo
        ThinkPad 11e", "Dell Latitude 5490", "Macs"), none of them the maker of this
        machine, when the report gives its maker: they are about other makers' machines
        (docs/matching.md, "Session 12: the fourth rank round")."""
        mine = machine_makers(found.machine)
        if not mine:
            return set()
        if self._maker_titles is None:
            self._maker_titles = {doc: named for doc, issue in enumerate(self.issues)
                                  if (named := machine_makers(issue.title, leading=True))}
        return {doc for doc, named in self._maker_titles.items() if named.isdisjoint(mine)}

    def _machines_unnamed(self, found: MessageSignals,
                          phrases: dict[int, list[tuple[float, str]]]) -> set[int]:
        """The issues whose title leads with a machine ("MacBookPro11,5 with Radeon R9:
        white or striped Tor Browser and Thunderbird", "Dell Latitude E6430: ..."), on a
        message that gives no machine at all: no hardware section, no device or product
        signal, and no word of the user's names a maker or model line. Nothing says the
        user has that machine, and the issue is another machine's problem that shares the
        user's words ("Thunderbird", a white window); it ranks as another model's issue
        does, lowered, never removed, unless the user wrote an error line the issue quotes
        (docs/matching.md, "Session 24: a machine's issue on a message without one")."""
        if found.machine or found.hardware_text or any(
                s.kind in ("product", "pci", "typed", "chip", "mac") for s in found.signals):
            return set()
        said = " ".join(found.text)
        if machine_makers(said) - SOFTWARE_MAKERS or machine_lines(said) or not (
                MACHINE_NAMES.isdisjoint(found.text)):
            return set()
        if self._maker_titles is None:
            self._maker_titles = {doc: named for doc, issue in enumerate(self.issues)
                                  if (named := machine_makers(issue.title, leading=True))}
        return {doc for doc in self._maker_titles if not self._user_line(phrases, doc)}

    def _other_generations(self, found: MessageSignals) -> set[int]:
        """The issues whose title names this machine's family with other generations only
        ("HP ProBook 450 G7" for an HP ProBook 450 G9, "ThinkPad T14 Gen 3" for a Gen 4),
        when the report's product name gives its generation: they are about a sibling
        model (docs/insight.md, "Session 8, seventh round")."""
        words, mine = machine_generations(found.machine)
        if not mine:
            return set()
        if self._generation_titles is None:
            self._generation_titles = {doc: named for doc, issue in enumerate(self.issues)
                                       if (named := model_generations(issue.title))}
        other: set[int] = set()
        for doc, named in self._generation_titles.items():
            theirs = {generation for family, generation in named if family <= words}
            if theirs and theirs.isdisjoint(mine):
                other.add(doc)
        return other

    def _other_vendors(self, machine: Mapping[str, frozenset[str]]) -> set[int]:
        """The issues about other machines than this one (``_machine``): they name PCI
        devices, none of a vendor the machine has (known from lspci or typed ids; nothing
        is known of a machine without them), or their title names the vendors of a kind of
        chip the machine has only of other vendors (docs/insight.md)."""
        if self._vendors is None:
            self._vendors = _Vendors(self)
        vendors = self._vendors
        other: set[int] = set()
        if machine["any"]:
            other |= vendors.pci_docs.difference(
                *(vendors.pci.get(v, ()) for v in machine["any"]))
        for kind, docs in vendors.title_docs.items():
            if machine[kind]:
                by_vendor = vendors.title[kind]
                other |= docs.difference(*(by_vendor.get(v, ()) for v in machine[kind]))
        return other

    def _score_text(self, weights: dict[str, float]) -> dict[int, float]:
        scores: dict[int, float] = {}
        get = scores.get
        for term, weight in weights.items():
            posting = self._postings.get(term)
            if posting is None:
                continue
            docs, parts = posting
            if len(docs) > self._frequent:
                continue
            factor = weight * self._idf(len(docs))
            for doc, part in zip(docs, parts, strict=True):
                scores[doc] = get(doc, 0.0) + factor * part
        return scores

    def _frequent_bound(self, weights: dict[str, float]) -> float:
        """The most the frequent terms of a query can add to one issue."""
        return sum(weight * self._idf(len(self._frequent_parts[term])) * (K1 + 1.0)
                   for term, weight in weights.items() if term in self._frequent_parts)

    def _survivors(self, candidates: set[int], text: dict[int, float],
                   symptom: dict[int, float], context: dict[int, float],
                   found: MessageSignals, limit: int, elsewhere: set[int],
                   lower: set[int] | None = None) -> list[int]:
        """The candidates that can still reach the top ``limit`` once frequent terms are
        added (scores only grow, so the current ``limit``-th score is a floor). ``lower``
        (``elsewhere`` when not given): the issues the ranking gives ``OTHER_VENDORS`` of
        their score, counted so in the floor; their bound is still their full score,
        which a confident top must stand out from (``siblings_of`` in ``rank``)."""
        lower = elsewhere if lower is None else lower
        text_bound = self._frequent_bound(found.text)
        context_bound = self._frequent_bound(found.hardware_text)
        if len(candidates) > limit and self._all_survive(
                candidates, text, symptom, context, limit, elsewhere, text_bound,
                context_bound):
            return list(candidates)
        now: list[tuple[float, float, int]] = []
        for doc in candidates:
            problem = text.get(doc, 0.0) + symptom.get(doc, 0.0)
            fit = context.get(doc, 0.0)
            factor = (CLOSED_FACTOR if self._closed[doc] else 1.0) * (
                OTHER_VENDORS if doc in elsewhere else 1.0)
            total = (problem + _share(problem) * fit) * factor * (
                OTHER_VENDORS if doc in lower and doc not in elsewhere else 1.0)
            upper = ((problem + text_bound) + _share(problem + text_bound) * (
                fit + context_bound)) * factor
            now.append((total, upper, doc))
        if len(now) <= limit:
            return [doc for _, _, doc in now]
        floor = heapq.nlargest(limit, (total for total, _, _ in now))[-1]
        return [doc for _, upper, doc in now if upper >= floor]

    def _all_survive(self, candidates: set[int], text: dict[int, float],
                     symptom: dict[int, float], context: dict[int, float], limit: int,
                     elsewhere: set[int], text_bound: float, context_bound: float) -> bool:
        """Whether ``_survivors`` keeps every candidate, found without its loop over each
        of them (thousands at 10,000 issues, when the frequent terms' bound is large):
        every score is at least 0 and each float operation of ``upper`` is monotonic, so no
        candidate's upper bound is below the one of a problem and a fit of 0 at the
        lowest factor; and the floor is at most the ``limit``-th largest of the exact
        totals of the issues with a problem score and of ``_share(0.0)`` times the largest
        fits (an issue with none has ``_share(0.0) * fit`` times a factor of at most 1).
        docs/matching.md, "Session 17: one ranking's speed"."""
        if min(text.values(), default=0.0) < 0.0 or min(
                symptom.values(), default=0.0) < 0.0 or min(
                context.values(), default=0.0) < 0.0:
            return False
        lowest = CLOSED_FACTOR * (OTHER_VENDORS if not elsewhere.isdisjoint(candidates)
                                  else 1.0)
        least = (text_bound + _share(text_bound) * context_bound) * lowest
        bounds: list[float] = []
        for doc in text.keys() | symptom.keys():
            problem = text.get(doc, 0.0) + symptom.get(doc, 0.0)
            factor = (CLOSED_FACTOR if self._closed[doc] else 1.0) * (
                OTHER_VENDORS if doc in elsewhere else 1.0)
            bounds.append((problem + _share(problem) * context.get(doc, 0.0)) * factor)
        share = _share(0.0)
        bounds.extend(share * fit for fit in heapq.nlargest(limit, context.values()))
        return least >= heapq.nlargest(limit, bounds)[-1]

    def _add_frequent(self, weights: dict[str, float], candidates: list[int],
                      scores: dict[int, float]) -> None:
        """Add the frequent terms' part to the candidates only."""
        among: set[int] | None = None
        for term, weight in weights.items():
            parts = self._frequent_parts.get(term)
            if parts is None:
                continue
            factor = weight * self._idf(len(parts))
            if len(parts) < len(candidates):
                # The same sums, read from the smaller side (docs/matching.md, "Session
                # 17: one ranking's speed").
                among = among if among is not None else set(candidates)
                for doc, share in parts.items():
                    if doc in among:
                        scores[doc] = scores.get(doc, 0.0) + factor * share
                continue
            get = parts.get
            for doc in candidates:
                part = get(doc)
                if part is not None:
                    scores[doc] = scores.get(doc, 0.0) + factor * part

    def _score_signals(self, signals: Sequence[Signal], symptom: dict[int, float],
                       context: dict[int, float], strong: set[int], exact: set[int],
                       said: Mapping[str, float], model_named: set[int] | None = None
                       ) -> None:
        """Adds each signal's points to ``symptom`` or ``context``; notes the issues it
        makes ``strong`` or ``exact`` (the machine's chip, named by that issue only, and
        the user says what the chip does), and in ``model_named`` those of the machine's
        model named by that issue only, whose title's part the user names
        (``_title_part_said``)."""
        pci_vendors: dict[int, set[str]] = defaultdict(set)
        model: dict[int, float] = {}  # per issue, the most a product key of the machine added
        if not TOR.isdisjoint(said):
            said = {t: w for t, w in said.items() if t not in TOR_LINK_WORDS}
        for signal in sorted(signals, key=lambda s: s.kind == "vendor"):  # vendors last
            docs = self._key_docs(signal.key)
            if not docs or len(docs) > self._common:
                continue
            value = signal.weight * self._idf(len(docs))
            target = context if signal.context else symptom
            # What does not depend on the issue, judged once per signal (docs/matching.md,
            # "Session 17: one ranking's speed").
            # A graphics or network chip of the machine backs the issue only when the user
            # talks about what it does; a model the user typed backs only an issue about
            # hardware (docs/insight.md).
            backs = signal.strong and (signal.device not in DEVICE_SAID or not DEVICE_SAID[
                signal.device].isdisjoint(said))
            hardware_only = signal.kind == "typed" and signal.key.startswith("model:")
            # The chip, named by this issue only, and the user talks about what it does (a
            # chip several issues name does not say which one).
            unique = set(docs)
            is_exact = signal.kind == "pci" and len(unique) == 1 and not DEVICE_WORDS.get(
                signal.device, frozenset()).isdisjoint(said)
            vendor = signal.kind == "vendor"
            pci_vendor = signal.term.split(":", 1)[0] if signal.kind == "pci" else None
            product = signal.kind == "product"
            for doc in unique:
                if product and self._number_only(signal, doc):
                    continue
                if product and model_named is not None and len(unique) == 1 and (
                        self._title_part_said(doc, said)):
                    model_named.add(doc)
                if vendor and signal.term in pci_vendors.get(doc, ()):
                    continue  # the exact chip already matched: its vendor adds nothing
                if pci_vendor is not None:
                    pci_vendors[doc].add(pci_vendor)
                if product:
                    # One machine, one model: the keys of its product name ("MacBookAir7,2"
                    # and "MacBookAir7") count once, as the best of them (docs/matching.md,
                    # "Session 10, second rank round").
                    before = model.get(doc, 0.0)
                    model[doc] = max(before, value)
                    target[doc] = target.get(doc, 0.0) + model[doc] - before
                else:
                    target[doc] = target.get(doc, 0.0) + value
                if backs and (not hardware_only or self._about_hardware(doc)):
                    strong.add(doc)
                if is_exact:
                    exact.add(doc)

    def _match_phrases(self, lines: Sequence[tuple[str, str]]
                       ) -> tuple[dict[int, list[tuple[float, str]]], set[int], set[int]]:
        """Per issue, the (value, label) of its quoted error phrases found in the lines;
        the issues with a phrase found in a journal line of a program (not the kernel's);
        and those of them whose phrase, and the journal line that holds it, name an
        application the issue is about (the line of that application's own process:
        "soffice.bin[1234]: ...")."""
        sources: dict[str, str] = {}
        programs: set[str] = set()  # grams of journal lines a program, not the kernel, wrote
        quoted: set[str] = set()  # grams found only in a value a line quotes ('...')
        program_lines: list[tuple[str, frozenset[str]]] = []  # and their issues' grams
        for source, line in lines:
            line_grams_found = dict.fromkeys(line_grams(line_tokens(line)))
            if "'" in line or "‘" in line:  # the quoted value may be the error itself
                values = [g for g in line_grams(line_tokens(line, values=False))
                          if g not in line_grams_found]
                quoted.update(values)
                line_grams_found.update(dict.fromkeys(values))
            program = source == "journal" and (not line.startswith(KERNEL_PREFIX)
                                               or _PROCESS_RE.search(line) is not None)
            known = [gram for gram in line_grams_found if gram in self._grams]
            for gram in known:
                if sources.get(gram) != "journal":
                    sources[gram] = source
            if program and known:
                programs.update(known)
                program_lines.append((line, frozenset(known)))
        hits: dict[int, list[str]] = defaultdict(list)
        for gram in sources:
            for number in self._grams[gram]:
                hits[number].append(gram)
        per_doc: dict[int, list[tuple[float, str]]] = defaultdict(list)
        written: set[int] = set()
        own: set[int] = set()
        for number, grams in hits.items():
            doc, phrase, total = self._phrases[number]
            coverage = len(grams) / total
            if coverage < PHRASE_COVERAGE:
                continue
            if _NAME_RE.fullmatch(phrase) and all(
                    sources[g] == "journal" and g not in quoted for g in grams):
                # A quoted name (a kernel module, a package) is no error: a journal line
                # that names it (not as a value it quotes, such as the reason
                # 'ssid-not-found') says the module is there (docs/matching.md, "Session
                # 9, fourteenth round"); a user who writes it names it.
                continue
            idf = sum(self._gram_idf[g] for g in grams) / len(grams)
            # A gram of masked numbers alone ("# # #": a device's address, a timestamp) is
            # in many lines: the journal holds the phrase only with one of its words
            # (docs/matching.md, "Session 9, twelfth round").
            where = "journal" if any(sources[g] == "journal" and not _numbers_only(g)
                                     for g in grams) else "error"
            if where == "journal" and not programs.isdisjoint(grams):
                written.add(doc)
                if self._names_own_app(number) and any(
                        not held.isdisjoint(grams)
                        and not components_in(line).isdisjoint(self._components[doc])
                        for line, held in program_lines):
                    own.add(doc)
            label = f"{where}: {phrase if len(phrase) <= 60 else phrase[:59] + '…'}"
            weight = JOURNAL_WEIGHT if where == "journal" else ERROR_WEIGHT
            per_doc[doc].append((weight * coverage * idf, label))
        return ({doc: sorted(found, reverse=True)[:MAX_PHRASES]
                 for doc, found in per_doc.items()}, written, own)

    def _names_own_app(self, number: int) -> bool:
        """Whether quoted phrase ``number`` names an application its issue is about."""
        known = self._phrase_own.get(number)
        if known is None:
            doc, phrase, _ = self._phrases[number]
            known = self._phrase_own[number] = not components_in(phrase).isdisjoint(
                self._components[doc])
        return known

    def _machine_line_only(self, doc: int, found: MessageSignals,
                           phrases: dict[int, list[tuple[float, str]]], journal: set[int],
                           exact: set[int], written: set[int]) -> bool:
        """Whether the issue's only hard evidence is an error line of the machine in its
        journal, and the user's words do not point at the issue: no symptom of it, fewer
        than ``OWN_WORDS`` of its words. The line is the machine's when it is an error of
        one of its devices (the issue names the device's PCI id) or the kernel's own (no
        program's journal line holds it: a soft lockup, a hung task): either is logged
        whatever the user asks about (docs/insight.md, "Session 8, tenth round" and
        "Session 9, eleventh round")."""
        return (doc in journal and doc not in exact and not self._user_line(phrases, doc)
                and (doc not in written or self._device_named(doc, found))
                and not self._symptom_agrees(doc, found)
                and len(self._scoring_terms(doc, found.text) - PROGRAM_WORDS) < OWN_WORDS)

    def _device_named(self, doc: int, found: MessageSignals) -> bool:
        """Whether the issue names one of the machine's devices by its PCI id: its
        journal lines are then that device's, logged whatever the user is doing."""
        return any(s.kind == "pci" and doc in self._key_docs(s.key) for s in found.signals)

    @staticmethod
    def _user_line(phrases: dict[int, list[tuple[float, str]]], doc: int) -> bool:
        """Whether an error line the issue quotes is in the user's words, not only in the
        machine's journal."""
        return any(not label.startswith("journal:") for _, label in phrases.get(doc, []))

    def _symptom_agrees(self, doc: int, found: MessageSignals, same_word: bool = False
                        ) -> bool:
        """Whether the report's symptom words meet the issue's: a word of both that names
        neither hardware nor application nor any problem at all, or (unless ``same_word``)
        a word of the same kind of failure on each side (SYMPTOM_KINDS); docs/insight.md."""
        said = symptom_words(found.text) - {
            t for t in found.hardware_text if not any(t in kind for kind in SYMPTOM_KINDS)}
        terms_of = self.terms_of(doc)
        issue = symptom_words(t for t in said | SYMPTOM_UNION if t in terms_of) | (
            self._learned_of.get(doc, frozenset()))
        return not said.isdisjoint(issue) or (not same_word and any(
            not kind.isdisjoint(said) and not kind.isdisjoint(issue) for kind in SYMPTOM_KINDS))

    def _number_only(self, signal: Signal, doc: int) -> bool:
        """Whether a product key of the machine is a plain number ("400" of "HP ProDesk
        400 G1 SFF") that the issue names without any other word of the product: there it
        is another thing's number ("RX 400 series"), not the machine's model
        (docs/matching.md, "Session 22: a product's plain number")."""
        if not signal.term.isdigit():
            return False
        counts = self.terms_of(doc)
        return not any(t in counts for t in _product_words(signal.label))

    def _explain(self, doc: int, score: float, confident: bool, found: MessageSignals,
                 phrases: list[tuple[float, str]], placed: str = "") -> Match:
        """The Match of one ranked issue, with the words and signals that count most;
        ``placed``: why a rule put it where its score would not, said first."""
        issue = self.issues[doc]
        counts = self.terms_of(doc)
        learnt = self._learned_of.get(doc, frozenset())
        words: list[tuple[float, str]] = []
        for weights in (found.text, found.hardware_text):
            for term, weight in weights.items():
                if weights is found.text and term in learnt:  # its linked reports' word
                    words.append((weight * self._idf(len(self._learned[term])),
                                  found.said.get(term, term)))
                elif term in counts:
                    # The user's own word ("goes", "écran"), not the ranking's ("goe").
                    words.append((weight * self._idf(len(self._postings[term][0])),
                                  found.said.get(term, term)))
        # The issue's keys, read from the index's (``_holds``), not by analysing it again.
        named: list[tuple[float, str]] = [(value, label) for value, label in phrases]
        exact_vendors = {s.term.split(":", 1)[0] for s in found.signals
                         if s.kind == "pci" and _holds(self._keys.get(s.key, ()), doc)}
        for signal in found.signals:
            if signal.key.startswith("term:"):
                hit = normalise(signal.key[5:]) in counts
            else:
                hit = _holds(self._keys.get(signal.key, ()), doc)
            if not hit or (signal.kind == "vendor" and signal.term in exact_vendors) or (
                    signal.kind == "product" and self._number_only(signal, doc)):
                continue
            value = signal.weight * self._idf(len(self._key_docs(signal.key)))
            named.append((value, signal.label))
            words.append((value, signal.term))
        signals = _top(named, 6)
        return Match(issue, score, _top(words, 8),
                     (placed, *signals[:5]) if placed else signals, confident, placed)


class _Vendors:
    """Which issues are about which vendors' chips: by the PCI ids they name, and by the
    vendor and kind of chip their title names ("Nvidia GPUs: ..." is ("gpu", "10de"))."""

    def __init__(self, index: IssueIndex) -> None:
        pci: dict[str, set[int]] = defaultdict(set)
        for key, docs in index._keys.items():
            if key.startswith("pci:"):
                pci[key[4:8]].update(docs)
        self.pci = dict(pci)
        self.pci_docs: set[int] = set().union(*pci.values()) if pci else set()
        self.title: dict[str, dict[str, set[int]]] = {kind: defaultdict(set)
                                                      for kind in TITLE_KINDS}
        self.title_docs: dict[str, set[int]] = {kind: set() for kind in TITLE_KINDS}
        for doc, issue in enumerate(index.issues):
            said = set(words(issue.title))
            vendors = {VENDOR_IDS[w] for w in said if w in VENDOR_IDS}
            kinds = [kind for kind, names in TITLE_KINDS.items() if not names.isdisjoint(said)]
            if vendors and len(kinds) == 1:
                self.title_docs[kinds[0]].add(doc)
                for vendor in vendors:
                    self.title[kinds[0]][vendor].add(doc)


class _IssueTerms:
    """Whether one issue has a term, read from the index's postings: each posting lists
    its issues in order, so a bisection finds the issue or finds it absent. The same
    answers as ``term in _issue_terms(issue)``, since the postings were made from those
    very terms (docs/matching.md, "Session 17: one ranking's speed")."""

    __slots__ = ("_doc", "_postings")

    def __init__(self, postings: Mapping[str, tuple[list[int], list[float]]], doc: int
                 ) -> None:
        self._postings = postings
        self._doc = doc

    def __contains__(self, term: object) -> bool:
        posting = self._postings.get(term) if isinstance(term, str) else None
        return posting is not None and _holds(posting[0], self._doc)


@lru_cache(maxsize=256)
def _product_words(label: str) -> tuple[str, ...]:
    """The words of a product signal's name but its plain numbers ("product HP ProDesk 400
    G1 SFF": hp, prodesk, g1, sff), read once a name."""
    return tuple(t for t in terms(label.removeprefix("product ")) if not t.isdigit())


def _holds(docs: Sequence[int], doc: int) -> bool:
    """Whether ``docs``, in order (a posting's, or the issues of a key), holds ``doc``."""
    at = bisect_left(docs, doc)
    return at < len(docs) and docs[at] == doc


def _machine_as_context(found: MessageSignals) -> MessageSignals:
    """``found`` with the user's words that name the report's own machine (a maker or model
    line of ``MACHINE_NAMES`` that its hardware names too: "my MacBook Pro", "ThinkPad")
    counted as the machine's words, not the problem's: the machine is where the problem
    happens, and its model's issues should not outrank the user's symptom for naming it
    (docs/matching.md, "Session 15: rank round"). A report without hardware keeps them."""
    moved = {t: w for t, w in found.text.items()
             if t in MACHINE_NAMES and t in found.hardware_text}
    if not moved:
        return found
    hardware = dict(found.hardware_text)
    for term, weight in moved.items():
        hardware[term] += weight
    return replace(found, text={t: w for t, w in found.text.items() if t not in moved},
                   hardware_text=hardware)


def _network_words(found: MessageSignals) -> frozenset[str]:
    """The words that name the network in this message: with Tor named, "connect" and
    "connection" are Tor's (``TOR_LINK_WORDS``), not the network chip's."""
    if TOR.isdisjoint(found.text):
        return DEVICE_WORDS["network"]
    return DEVICE_WORDS["network"] - TOR_CONNECT_WORDS


def _machine(found: MessageSignals) -> dict[str, frozenset[str]]:
    """The PCI vendors of a machine: of all its devices listed or typed ("any"), of its
    graphics chips ("gpu") and of its network chips ("network")."""
    machine = {"any": frozenset(s.term[:4] for s in found.signals
                                if s.kind in ("pci", "typed") and ":" in s.term)}
    for kind in TITLE_KINDS:
        machine[kind] = frozenset(s.term[:4] for s in found.signals
                                  if s.kind == "pci" and s.device == kind)
    return machine


def named_pci(issue: KnownIssue) -> frozenset[str]:
    """The PCI ids (``vendor:device``) an issue names."""
    return frozenset(key[4:] for key in issue_keys(issue) if key.startswith("pci:"))


def other_device(found: MessageSignals, issue: KnownIssue,
                 named: frozenset[str] | None = None) -> bool:
    """Whether the report's graphics or network chip is of a vendor whose devices the issue
    names by PCI id (``named``, its ``named_pci`` when the caller has them), but none of
    the report's devices is one of them: the issue is about other chips of that maker (an
    RX 480 issue and an RX 7600 card), so the match is not confident, however its error
    lines agree (docs/insight.md)."""
    if named is None:
        named = named_pci(issue)
    if not named:
        return False
    mine = {s.term for s in found.signals if s.kind in ("pci", "typed")}  # lspci, or typed
    if not mine.isdisjoint(named):
        return False
    vendors = {pci.split(":", 1)[0] for pci in named}
    return any(s.term.split(":", 1)[0] in vendors for s in found.signals
               if s.kind == "pci" and s.device in ("gpu", "network"))


def _other_line(phrases: Mapping[int, list[tuple[float, str]]], doc: int, other: int
                ) -> bool:
    """Whether the runner-up ``other`` matches an error line the user pasted that the
    top ``doc`` does not quote, and the top's lines too are pasted, not from the
    journal: two issues' error lines in one message."""
    mine = {label for _, label in phrases.get(doc, [])}
    theirs = {label for _, label in phrases.get(other, [])}
    return bool(mine) and bool(theirs) and mine.isdisjoint(theirs) and all(
        label.startswith("error:") for label in mine | theirs)


_TITLE_LEAD_RE = re.compile(r"[:(]")
"""Where the machine an issue's title leads with ends ("Dell Latitude E6430: ...")."""
_APPLE_FAMILY_OF_RE = re.compile(r"\d.*")
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_LATER_RE = re.compile(r"\b(?:and|or)\s+(?:later|newer)\b|\d\+", re.IGNORECASE)
"""What follows an Apple identifier's family ("macmini7,1" -> "macmini")."""
_NAME_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")
"""A quote that is only a name: letters joined by hyphens (`hid-multitouch`,
`open-vm-tools-desktop`), no file, path, id or message."""


_MODEL_SUFFIX_RE = re.compile(r"\b([a-z]{1,3}\d{2,4})-(\d{2}[a-z]{0,2})\b", re.IGNORECASE)
"""A model number and its suffix ("A515-56", "SF514-54"): one model of a line."""


_JOINED_SUFFIX_RE = re.compile(r"(?<![a-z0-9])([a-z]{1,3}\d{3,4})([a-z]{2})(?![a-z0-9])",
                               re.IGNORECASE)
"""A model number and a suffix of two letters written together ("FX505DT", "UX425EA",
"X540UA"; a product name may repeat it: "FX505GU_FX505GU"): one model of a line too
(docs/matching.md, "Session 14: rank round")."""


def _model_suffixes(text: str) -> frozenset[tuple[str, str]]:
    """The (model number, suffix) pairs a text names, lowercased."""
    return frozenset((base.lower(), suffix.lower())
                     for pattern in (_MODEL_SUFFIX_RE, _JOINED_SUFFIX_RE)
                     for base, suffix in pattern.findall(text))


@dataclass(frozen=True, slots=True)
class _Quoted:
    """An error phrase an issue quotes, as the rules of confidence read it."""

    program: str
    """The program that wrote it ("nautilus" of "nautilus[1234]: ..."), or ""."""
    grams: frozenset[str]
    tail: str
    """Its error text: the words after its last colon ("file too large"), or ""."""
    disks: frozenset[str]
    """The kinds of the disks it names (``_DISK_RE``)."""
    said: str
    """Its words, as " word word ... " (``_goes_on``)."""
    titled: bool
    """Whether the issue's title quotes it: the error the issue is about."""


def _goes_on(phrase: str, line: str) -> bool:
    """Whether ``line`` holds the words of ``phrase`` in a row and goes on after them
    with an error text of its own (both as " word word ... "): "Error while copying: The
    name ... is not valid on this file system" says more than "Error while copying"."""
    at = line.find(phrase)
    return at >= 0 and len(line[at + len(phrase):].split()) >= ERROR_GOES_ON


def _disks(line: str) -> frozenset[str]:
    """The kinds of the disks a line names (``_DISK_RE``)."""
    return frozenset("".join(kind) for kind in _DISK_RE.findall(line))


def _covers(phrase: frozenset[str], grams: set[str]) -> bool:
    """Whether a line's grams hold a quoted phrase (``PHRASE_COVERAGE`` of its grams)."""
    return bool(phrase) and len(phrase & grams) >= PHRASE_COVERAGE * len(phrase)


def _numbers_only(gram: str) -> bool:
    """Whether a gram of an error line is masked numbers only (``line_tokens`` masks every
    number, address and id as "#")."""
    return not gram.replace("#", "").strip()


_NAME_IN_SENTENCE_RE = re.compile(r"(?<=[a-z,] )[A-Z][\w-]*")
"""A capitalised word within a sentence, after a lower-case word: a name ("try a Snowflake
bridge", "or with Kleopatra"), not the first word of a sentence ("Watch the DVD on another
system")."""


def advice_only(issue: KnownIssue) -> frozenset[str]:
    """The names an issue writes only in its advice to users, its "Standard reply",
    "Workaround" and "We need your feedback" sections (reply.py reads them), capitalised
    within a sentence (``_NAME_IN_SENTENCE_RE``): what to try instead ("Please try a
    Snowflake bridge"), not what goes wrong. A user who names such a word may have the
    workaround's own problem (docs/matching.md, "Session 26: a workaround's word is not
    the problem")."""
    sections = issue_sections(issue.description)
    if not sections:
        return frozenset()
    rest = str(issue.description)
    advice: set[str] = set()
    for text in sections.values():
        for name in _NAME_IN_SENTENCE_RE.findall(text):
            advice.update(terms(name))
        rest = rest.replace(text, "\n")
    return frozenset(advice - set(terms(f"{issue.title}\n{rest}")))


def _issue_terms(issue: KnownIssue) -> Counter[str]:
    """Term counts of an issue, its title counted TITLE_BOOST times."""
    counts = Counter(terms(issue_text(issue)))
    counts.update({t: TITLE_BOOST - 1 for t in terms(issue.title)})
    return counts


def _top(items: list[tuple[float, str]], limit: int) -> tuple[str, ...]:
    """The distinct names of the largest contributions."""
    seen: dict[str, None] = {}
    for _, name in sorted(items, key=lambda item: -item[0]):
        seen.setdefault(name, None)
        if len(seen) >= limit:
            break
    return tuple(seen)


def suggest_issues(entry: Entry, index: IssueIndex, limit: int = 5) -> list[Match]:
    """Rank known issues for one queue entry (nothing for team mail and list administration)."""
    if entry.kind in (Kind.TEAM, Kind.LIST_ADMIN, Kind.SYSTEM):
        return []  # not a user's problem: nothing to match
    if entry.report is None and not entry.message.text and not entry.message.subject:
        return []
    return index.rank(message_signals(entry), limit)
