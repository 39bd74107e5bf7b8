"""Provides the numbers Help Desk produces across messages: per-issue counts, clusters of
reports no known issue covers, and regressions after a release. Pure: facts in, numbers out.

A report is reduced once to its ``ReportFacts`` (when, which version, which chips and
machine, which app, its journal errors with numbers masked, the user's words through the
cross-language lexicon, the issues it confidently matches). Everything else is computed from
those facts by deterministic, versioned rules that explain themselves; see docs/insight.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, MutableSequence, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import UTC, date, timedelta
from functools import lru_cache
from itertools import chain
from operator import attrgetter, itemgetter, methodcaller
from typing import Any

from hdtui.domain.components import PROGRAM_WORDS
from hdtui.domain.hardware import Hardware
from hdtui.domain.links import IssueLink, left_out_said, reference_for
from hdtui.domain.lookahead import first_letters_ahead
from hdtui.domain.mail import Kind, is_not_mail
from hdtui.domain.matching import OTHER_DEVICE_KINDS
from hdtui.domain.queue import DecryptState, Entry
from hdtui.domain.signal_text import attached_text, explain
from hdtui.domain.signals import line_tokens
from hdtui.domain.terms import terms
from hdtui.domain.vocabulary import (
    CONCEPT_WORDS,
    FOLDED_FOR_CLUSTERS,
    FUNCTION_WORDS,
    GENERIC_WORDS,
    HARDWARE_WORDS,
    MACHINE_WORDS,
    PROBLEM_WORDS,
    cluster_concepts,
    kinds_disagree,
    problem_kinds,
)
from hdtui.domain.word_set import NO_WORDS, WordSet

RULES_VERSION = 77
"""The version of the grouping rules below: a change of rule is a new version, so that
numbers published with one version are never silently compared with another's. (41:
session 15's three rounds merged, each written apart as 40: docs/insight.md; 42: two rules
of confidence, a program's other error and another kind of disk: docs/insight.md,
"Session 15, twenty-third round"; 43: session 16's three rounds, written apart: two-letter
words alone join no groups, a mail joins the cluster most of whose reports say its rare
words (docs/insight.md, "Session 16, twenty-fourth round: cluster pairs"); a lead of 1.4
over a runner-up of the same application that matches nothing more ("Session 16,
twenty-fourth round: likely recall"); the lexicon's words of docs/matching.md, "Session
16: rank round", which change the words reports are grouped by; 44: lspci's other system
peripherals, Thunderbolt controllers among them, are regression groups: docs/insight.md,
"Session 16, twenty-fifth round: regressions"; the lexicon's words of docs/matching.md,
"Session 16: second rank round": Thai, Lao, Burmese and Khmer read inside their runs,
Amharic by its start, and more words of other languages; and the review's mends of the
lexicon (clause-final "aus"/"uit" after a verb of state only, half an hour not "partial",
a conjunct's zero-width joiner); 45: the lexicon's words of docs/matching.md, "Session
17: rank round": the words of the issues in eleven more languages, the numeric keypad and
Num Lock, photos turned on their side, an interrupted or half-done upgrade, a bad
connection in six more languages; 46: a top that holds the same quoted lines as its
runner-up, and the only words of its own, one of its title's, needs only the lead:
docs/insight.md, "Session 17, twenty-sixth round"; and the review's mends of the
lexicon's new words (docs/matching.md, "Session 17: the review's mends"); 47: the
lexicon's words of docs/matching.md, "Session 17: second rank round", which change the
words saved report facts hold, though no figure of the insight set moved; 48: clusters
whose shared words few reports say all together join, a lone report joins such clusters
only saying most of those words, and the lexicon's words for a screen that goes off during
a video and for the font: docs/insight.md, "Session 17, twenty-seventh round: cluster
pairs"; 49: a report keeps its journal's last lines that are not errors, and two reports
sharing one link as a shared error does; a report with a journal joins a cluster by its
words only logging one of the lines most of the cluster's reports log: docs/insight.md,
"Session 18, twenty-eighth round: cluster pairs"; 50: clusters of words alone whose
reports all say one word are a family, flagged together; a best match whose journal errors
are mostly other issues' reports' completes no week, and a confident match so
contradicted is not likely: docs/insight.md, "Session 18, twenty-eighth round: likely
recall and weeks"; and, in the same version, the ranking's last shown place goes to the
issue of the user's machine (docs/matching.md, "Session 18: the machine's place in the top
five"), which changes no saved fact: likely and possible read the top only; 51: a mail
joins no cluster by the words that name a device ("usb"), the everyday words of Catalan,
Croatian, Slovak, Finnish and Swedish are no words of a problem, and two journal lines that
are no errors link without words only when the pool logs them together three times as
often as chance would: docs/insight.md, "Session 18, twenty-ninth round: cluster
precision"; and, in the same version, the review's mends: a line that reports likely for
two known issues log links nothing, a family is no chain and no program's name,
a report with no issue contradicts no match: "Session 18: the review of the journal's
lines"; 52: a report no pair linked joins the cluster whose reports alone log a journal
line or error it logs, saying a rare word most of them say, and the screen says why; a mail
joins a cluster by the name of the program its reports name and one rare word of theirs;
a journal line is kept without the device's sysfs path and the CPU's number:
docs/insight.md, "Session 19, thirtieth round: cluster pair recall"; 53: a machine's SMBus
controller is a regression group when the rising reports name what hangs on it (touchpad,
TrackPoint, the i2c_i801 driver's errors) or share nothing else that rose, and is named
with the reason: docs/insight.md, "Session 19, thirtieth round: regressions" (52 on its
branch); 54: the everyday words of Danish, Norwegian, Tagalog, Belarusian and Serbian are
no words of a problem, and a Danish or Norwegian "som" is no "sound": docs/insight.md,
"Session 19: the everyday words of five more languages" (53 on its branch); 55: the
review's mends: a Swedish "som" is no "sound" either, and "dati" and "malo" (Italian data,
Spanish bad) are no everyday words: the same section; 56 (55 on its branch): a top
that holds the same quoted lines as its runner-up needs only the lead also when its only
words of its own include one of the user's summary: docs/insight.md, "Session 19,
thirty-first round: likely recall"; and a best match completes a week only when, of the
reports logging its journal errors, enough are counted for the issue: the issue's other
best matches do not vouch for it; and the lexicon's CAPTCHA in Cyrillic and Persian, the
iPhone in four more scripts, Bengali words of its issue and Spanish's Night Light, which
change the words saved report facts hold; 57 (55 on its
branch): a signal processing controller (class 1180: AMD's Sensor Fusion Hub) is a
regression group on the SMBus's conditions, its reports naming a screen's rotation, tablet
mode or the amd_sfh driver's errors: docs/insight.md, "Session 19, thirty-first round: a
sensor hub's regression"; 58: the second review's mends: a signal processing controller
is a sensor hub only when lspci calls it one (Intel's thermal controller was named a
sensor hub, with a rotated screen's or a drawing tablet's reason), "ambiente" (Romance
languages' desktop environment) is no ambient light sensor, Spanish "luz" and "noche"
alone are no light and night (only "luz nocturna" is the Night Light), Bengali
"বিশ্বাস" (also "believe") is no trust: the same sections; 59: a chip and two words link
no two reports that both log journal errors when no program or kernel driver logs in both
(Nautilus's "file name too long" and the vmd driver's failed probe, on one GPU, saying
"copy" and "window", chained two clusters): docs/insight.md, "Session 19, thirty-second
round: chained groups"; 60: what terminal escape sequences and console markup tags leave
in a text is no word (``markup_remains``: "0m", "31mred" and "bold" of a subject written
in escapes and markup grouped three such mails with an unrelated one): docs/insight.md,
"Session 20: escapes and markup are no words"; 61: a report whose running version is newer
than the version its squashfs os-release section says was installed, and whose top is not
confident, is offered the issue of a half-done upgrade (#14754, #19136) in its top five,
which changes the rankings saved report facts come from though no top nor confidence:
docs/matching.md, "Session 20: a half-done upgrade read from the installed version"; 62
(61 on its branch): a report is dated by its UTC day, as ``today`` is, not by its
sender's (``Mon, 07 Dec 2026 08:00:00 +1100`` while UTC is still 6 December counted in no
week): docs/insight.md, "Session 20: dated in UTC"; 63 (62 on its branch): a file that
is not mail is never counted (the facts saved for it before said "support"), and without
feeds a version is a release dated by its first report, each report once, never after a
newer version: docs/insight.md, "Session 20: numbers that agree with each other"; 64: an
issue whose title leads with the machine's model line and other model numbers only ("Dell
XPS 15 9570" for an XPS 13 9343) ranks as an issue of another model, which changes the
rankings saved report facts come from: docs/matching.md, "Session 21: another model of the
machine's line"; 65: when the user or the report says the Mac has an Apple processor, an
issue titled with identifiers of Intel Macs only ranks as another Mac's: docs/matching.md,
"Session 21: an Apple processor is no Intel Mac"; 66: the lexicon's Korean names of
machine makers and lines ("서피스" Surface, "레노버" Lenovo, "씽크패드" ThinkPad), which
change the words saved report facts hold: docs/matching.md, "Session 21: makers and lines
written in Hangul"; 67: the lexicon's Turkish words for the keyboard layout ("düzen")
and the language ("dil"): docs/matching.md, "Session 21: the Turkish keyboard layout"; 68:
the lexicon's Arabic "ترقية" (upgrade) and "تنزيل" (download): docs/matching.md, "Session
21: the Arabic upgrade and download"; 69: a title's model numbers are only those right
after its maker and line, never a chip's ("Intel AX210"), a size ("4GB") or one after
"with": docs/matching.md, "Session 21: a chip's number is no other model"; 70: session
22's three mends: the halves of a PCI id are no model number ("10de" of "[10de:1401]"),
an id pasted on a line that calls it a graphics card or a network controller makes the
issues naming other chips of its maker sibling chips' issues, and a machine started with
``nomodeset`` backs the issues of graphics failing as the desktop starts: docs/matching.md,
"Session 22: a pasted graphics card (rules version 70)" and "Session 22: started with
nomodeset (rules version 70)"; 71: the ranker's defects of docs/matching.md, "Session
22"; 72: the matcher's rules of session 23 (docs/matching.md); 73, two branches of session
23 merged as one version: numbers forged reports cannot bend: versions only reports name
are no release beside a feed, and without one need ``RELEASE_MIN_REPORTS`` reports and a
plausible number; regressions compare with earlier versions up to today; a report
claiming an encrypted one's ID counts as none; resends are one user; plain reports are
told apart: docs/insight.md, "Session 23: numbers forged reports cannot bend"; and one
problem told in several languages is one cluster: the clusters read the words of several
languages for headphones, the volume and a sound that is gone as one concept each (French
"son" and German "Ton" only beside another word of the sound), never leave out a device
kind's words or those concepts as everybody's words, and count a concept more than half
of a cluster's reports say among the words all of them say: docs/insight.md, "Session 23:
one problem in four languages"; 74: rank35's matcher rules (the machine's other graphics
chip, a MacBook Pro's Touch Bar, a network chip the user says nothing of, the pruning
floor: docs/matching.md, "Session 23"), which took 73 on their branch too; 75: rank34's
two rules mended: an issue of another line of the machine's maker or of another year's
Mac is lowered, never removed, the battery and its percentage read in German compounds
and the Romance and Slavic languages, an Apple identifier sold over several years names
each of them, and a Mac's family and year are read on one line: docs/matching.md,
"Session 23: lowered, never removed" and "Session 23: one Mac identifier, several
years"; 76: counts fair to real members (74 on its branch): a Help Desk account's note is
never cut, an outside account adds a few links in all; a regression needs
``REGRESSION_MIN_HISTORY`` reports before the release, else it says so; a version no
release knows is an "unknown version"; linked resends stay one user; one user needs the
same words beyond a quoted error line (``own_words``, a new field): docs/insight.md,
"Session 23: counts fair to real members".)"""
WEEK = 7
WEEKS = 8
"""How many weeks counts and trends cover by default."""
FLAG_PER_WEEK = 2
"""The process's threshold: a problem reported this many times in one week is relayed."""
MAX_ERRORS = 6
"""How many distinct journal error signatures a report keeps."""
MAX_LINES = 12
"""How many of its journal's last lines that are not errors a report keeps (rules v49,
``ReportFacts.lines``)."""
FREQUENT_SHARE = 0.25
"""A signal more than this share of the reports have says nothing about a problem."""
COMMON_CHIP_SHARE = 0.1
"""A graphics or network chip in more than this share of the reports is a common laptop's
(an Intel UHD 620), not a sign of one problem: it links no pair."""
WORDS_MIN_SHARED = 3
WORDS_MIN_JACCARD = 0.3
SYMPTOM_MIN_SHARED = 2
WORDS_MIN_OVERLAP = 0.5
SAME_WORDS_MIN = 3
"""Two reports whose words are exactly the same, this many or more, say one thing: one
problem (``_linked``), and possible for the issue one of them is counted for (rules v32)."""
MAX_POSTINGS = 400
"""A chip, machine, app or error shared by more reports than this links no pair by itself
(it is a common machine, not a problem): it keeps the pairs to compare near-linear."""
LINES_LIFT = 3.0
"""Two journal lines that are no errors are one problem's when the reports log them together
at least this many times as often as chance would (rules v51,
``_ModelErrors.logged_together``)."""
MAX_WORD_POSTINGS = 30
"""The same for one word of the users: only rare words propose pairs (common words still
count once a pair is proposed)."""
GROUP_MIN_SHARED = 2
GROUP_RARE_SHARE = 1.5
"""Two groups (a cluster and a lone report, or two clusters) are one problem when the words
every report of both has include this many rare ones: words no more reports of the pool
have than this many times the two groups' reports (rules v39, ``_join_by_group_words``)."""
SHORT_WORD = 2
"""Rare words this long or shorter join no groups when they are all the rare words two groups
share: they are the everyday words of a language the lexicon does not fold (Icelandic
"eg", "er", "og"), said by all its users whatever their problem; beside a longer rare word
they count (an acronym: "qr" beside "whatsapp"; rules v43)."""
TOGETHER_MIN_SHARED = 3
TOGETHER_RARE_SHARE = 2.0
"""Two clusters are one problem when the words every report of both says are this many or
more, said all together by no more reports of the pool than ``GROUP_RARE_SHARE`` times
their reports, and each by no more than ``TOGETHER_RARE_SHARE`` times that (rules v48,
``_rare_together``)."""
MAIL_MOST_RARE = 1.0
"""A mail (a report naming no hardware and no journal line) joins a cluster by words more
than half its reports say only when each is in no more reports of the pool than this many
times the cluster's reports and the mail (rules v43, ``_join_mail_by_most_words``)."""
REGRESSION_MIN_NEW = 3
REGRESSION_WEEKS_BEFORE = 4
REGRESSION_RATIO = 3.0
REGRESSION_CHANCE = 0.01
REGRESSION_MIN_HISTORY = 10
"""The fewest reports received in the ``REGRESSION_WEEKS_BEFORE`` weeks before a release
for its regressions to be called (rules v76): without them every group above the minimum
was flagged, and one report on another version (a real 7.6.2, a forged 9.9) turned six
regressions into none. A week's mail of the Help Desk is far more."""
NO_HISTORY = "not enough history before {release} to call regressions"
"""A rise chance would give this often, or more, is no regression: the count on the
release is compared with what the share before it predicts (a Poisson tail)."""

# Noise every machine of a model, or any machine, logs whatever the problem is.
_MACHINE_NOISE_RE = re.compile(
    r"\bacpi\b|firmware bug|ae_not_found|dswload|psparse"
    # A flaky USB port or cable, and missing optional firmware: any machine, any problem
    # (the skip list of crash-signature systems, docs/insight.md).
    r"|device descriptor read|unable to enumerate usb|not accepting address"
    r"|direct firmware load for regulatory")
# The kernel recovering a device from a fault (a SCSI error handler's abort, a USB or GPU
# reset): the journal does not call these errors, but they are a problem's signature on
# any machine (docs/insight.md, "Session 11, eighteenth round").
FAULT_WORDS = r"\babort|\breset\b|_eh_"
_FAULT_RE = first_letters_ahead("ar_", FAULT_WORDS)
_HEX_ADDR_RE = re.compile(
    r"0x[0-9a-f]+|\b[0-9a-f]{6,}\b"
    # A short hex group with a digit and a letter ("B481-16B5", a FAT volume's serial in its
    # mount path; the groups of a UUID): one stick's or one install's id, not the problem's
    # (docs/insight.md, "Session 8, eighth round").
    r"|\b(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{4,5}\b", re.IGNORECASE)
_USER_PATH_RE = re.compile(
    r"(['\"‘])(?:/home|/media|/run/media|/live/persistence|/tmp)/[^'\"’]*['\"’]"
    r"|(?:/home|/media|/run/media|/live/persistence|/tmp)/\S*?(?=[\s'\"),;]|$)")
"""A path among the user's files in a journal line, quoted (spaces and all) or not: a
document's or a stick's name can be a person's; a line that is no error is kept without
it, but for its extension (rules v49)."""
_EXTENSION_RE = re.compile(r"\.(\w{1,5})['\"’]?$")


def _without_user_paths(line: str) -> str:
    """``line`` with each path among the user's files replaced by its extension, if any
    ("Opening /home/amnesia/Persistent/Contract-Ann.docx with" -> "Opening docx with"):
    the kind of file says what the machine did, its name only who."""
    def extension(found: re.Match[str]) -> str:
        ext = _EXTENSION_RE.search(found.group())
        return f" {ext.group(1)} " if ext else " "
    return _USER_PATH_RE.sub(extension, line)


_DEVICE_PATH_RE = re.compile(r"(?:/sys)?/devices/\S*")
"""A device's place in sysfs ("/devices/pci0000:00/0000:00:14.0/usb1/1-7/.../input/input92"):
the port it is plugged in and the number the kernel gave it on this boot, one machine's
and one session's; cut from a line that is no error (rules v52)."""


_CPU_RE = re.compile(r"\bcpu\d+\b", re.IGNORECASE)
"""Which CPU logged a kernel line ("CPU6: Core temperature above threshold"): the same
throttling on another core, or another machine, says "CPU1" (rules v52)."""


def _without_device_paths(line: str) -> str:
    """``line`` without the sysfs paths it names ("input: Tablet Pen (0) as /devices/...
    /input/input92" -> "input: Tablet Pen (0) as ") and with its CPU unnumbered: the same
    device, or the same throttling, on two machines logs one line (rules v52)."""
    # Asked first by a look for the text (most lines name neither): two searches a line
    # cost 6% of a report's facts.
    if "/devices/" in line:
        line = _DEVICE_PATH_RE.sub(" ", line)
    return _CPU_RE.sub("cpu", line) if "CPU" in line or "cpu" in line else line


_KIND_RANK = {"device": 1, "line": 2}
"""Among keys as many reports share, what names a cluster last: a chipset's other chips say
least of a problem (rules v38), a journal line that is no error less than any chip, app or
error (a line every machine of one kind logs would otherwise push the chip out)."""
_HARDWARE_KINDS = ("gpu", "net", "product", "app", "device")
"""The kinds of key that say which machine, chip or program (errors are another kind)."""
_JOURNAL_KEYS = ("error:", "line:")
"""The kinds of key that say what the machine logged (rules v49: its other lines too)."""


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """What counting needs of one report (or support mail), and nothing personal."""

    key: str
    """The message's key in its source (or the path given to ``hdtui stats``)."""
    reference: str
    """``wb://<id>`` for a report, ``mail:...`` for a mail: what GitLab notes cite."""
    report_id: str = ""
    received: date | None = None
    version: str = ""
    gpus: tuple[str, ...] = ()
    """``vendor:device`` of the display controllers."""
    network: tuple[str, ...] = ()
    """``vendor:device`` of the network controllers."""
    product: str = ""
    app: str = ""
    errors: tuple[str, ...] = ()
    """Journal error lines, lowercased, numbers and addresses masked."""
    words: WordSet = NO_WORDS
    """The user's own words (summary and answers), normalised across languages: compact,
    since every report's are kept for the session (another set of words given is made
    one)."""
    likely: tuple[int, ...] = ()
    """Known issues this report matches confidently, best first."""
    possible: int = 0
    """The best match when no match is confident (else 0): never counted as likely, but
    it can complete a week's flag (``IssueStats.flagged_weeks``)."""
    kind: str = "report"
    """The message's Kind value: only reports and support mail are counted. Since rules
    v73 a report that came unencrypted is a ``PLAIN_KIND`` (counted, told apart) and one
    claiming an encrypted report's ID a ``DISPUTED_KIND`` (not counted); "report" is one
    that came encrypted."""
    devices: tuple[str, ...] = ()
    """``vendor:device`` of the machine's other peripheral chips (card readers, audio,
    storage and USB controllers; no bridges or chipset plumbing), then its SMBus controller
    as ``smbus:vendor:device`` (rules v53) and its signal processing controllers as
    ``sensorhub:vendor:device`` (rules v57), then its USB devices as ``usb:vendor:product``
    (no root hubs): regressions look at them all, clusters at the peripheral chips only
    (rules versions 34, 36 and 38; docs/insight.md, "Regressions after a release")."""
    lines: tuple[str, ...] = ()
    """The last ``MAX_LINES`` journal lines that are not errors (those are ``errors``),
    masked as errors are, the last first: what the machine did, whatever language its user
    writes in (rules v49; docs/insight.md, "Session 18, twenty-eighth round: cluster
    pairs"). A row saved before it existed reads as none (``facts_codec``)."""
    own_words: int = -1
    """How many of ``words`` the user wrote outside a quoted error line (``own_words``):
    two users of one laptop model who both paste the same short error sentence are two
    users (``_user_of``, rules v76); -1, not known (facts made by hand), counts all of
    ``words``. Last of the fields: a row saved before it existed reads as -1."""

    def __post_init__(self) -> None:
        if type(self.words) is not WordSet:
            object.__setattr__(self, "words", WordSet(self.words))

    def keys(self) -> list[str]:
        """The structured signals of this report, as ``kind:value`` keys."""
        found = [f"gpu:{g}" for g in self.gpus] + [f"net:{n}" for n in self.network]
        if self.product:
            found.append(f"product:{self.product}")
        if self.app:
            found.append(f"app:{self.app}")
        found += [f"error:{e}" for e in self.errors]
        if self.lines:
            found += [f"line:{line}" for line in self.lines]
        return found

    @property
    def hardware(self) -> tuple[str, ...]:
        """Machine and chips, as the hardware breakdown shows them."""
        return _hardware(self.product, self.gpus, self.network)


def _hardware(product: str, gpus: tuple[str, ...], network: tuple[str, ...]
              ) -> tuple[str, ...]:
    """``ReportFacts.hardware`` of a machine and its chips."""
    chips = tuple(f"GPU {g}" for g in gpus) + tuple(f"net {n}" for n in network)
    return ((shortened(product),) if product else ()) + chips  # as it is shown (v73)


_PRODUCT = attrgetter("product")
_GPUS = attrgetter("gpus")
_NETWORK = attrgetter("network")
_DEVICES = attrgetter("devices")
_LIKELY = attrgetter("likely")
_KEY = attrgetter("key")
_RECEIVED = attrgetter("received")
_REFERENCE = attrgetter("reference")
_VERSION = attrgetter("version")
_KIND_OF = attrgetter("kind")


class _Named(dict[str, str]):
    """Chips' names in the hardware breakdown (``GPU 8086:0018``), each made once."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self._prefix = prefix

    def __missing__(self, chip: str) -> str:
        name = self[chip] = self._prefix + chip
        return name


def _hardware_counts(facts: Sequence[ReportFacts], gpu_names: _Named, net_names: _Named
                     ) -> Counter[str]:
    """``Counter(h for f in facts for h in f.hardware)``: the GPUs, network chips and
    machines each counted in C, the chips named by the ``_Named`` given (docs/insight.md,
    "Session 18: stats --json at 100,000")."""
    counts: Counter[str] = Counter()
    gpus = Counter(chain.from_iterable(map(_GPUS, facts)))
    dict.update(counts, zip(map(gpu_names.__getitem__, gpus), gpus.values(), strict=True))
    chips = Counter(chain.from_iterable(map(_NETWORK, facts)))
    dict.update(counts, zip(map(net_names.__getitem__, chips), chips.values(), strict=True))
    products = Counter(filter(None, map(_PRODUCT, facts)))  # those that name one
    if any(len(name) > SHOWN_NAME for name in products):  # as ``_hardware`` names them
        products = Counter(shortened(f.product) for f in facts if f.product)
    if products.keys() & counts.keys():  # a machine named like a chip: one count
        counts.update(products)
    else:
        dict.update(counts, products)
    return counts


def newest_first_sorted(facts: Iterable[ReportFacts]) -> list[ReportFacts]:
    """``sorted(facts, key=_newest_first)``, by two sorts on attributes (no Python call per
    report): by key, then (stable) by the day received, newest first; undated ones last."""
    by_key = sorted(facts, key=_KEY)
    dated = [f for f in by_key if f.received is not None]
    if len(dated) < len(by_key):
        dated.sort(key=_RECEIVED, reverse=True)  # ``reverse`` keeps equal days in order
        return dated + [f for f in by_key if f.received is None]
    dated.sort(key=_RECEIVED, reverse=True)
    return dated


SMBUS_CLASS = "0c05"
"""lspci's "SMBus" class: every machine of a chipset has one; touchpads and TrackPoints
(Synaptics InterTouch, RMI4) hang on it."""
SIGNAL_PROCESSING_CLASS = "1180"
"""lspci's "Signal processing controller" class: AMD's Sensor Fusion Hub (``1022:15e4``,
the ``amd_sfh`` driver: a convertible's accelerometer, tablet-mode switch and light
sensor sit behind it), and Intel's thermal and Dynamic Tuning controllers, on every
machine of a chipset."""
_PLUMBING_CLASSES = ("02", "03", "05", "06", "0800", "0801", "0802", "0803", "0804",
                     "0806", SMBUS_CLASS, "11")
"""PCI classes that are no peripheral a user's problem sits on (network and display chips
have fields of their own; memory, bridges, interrupt and DMA controllers, timers, IOMMUs,
SMBus, signal processing): every machine of a chipset has them. The other serial bus
controllers (``0c80``: a chipset's Serial IO I2C and SPI controllers) are peripherals
since rules version 37: touchpads and touchscreens hang on them; the other system
peripherals (``0880``: lspci's "System peripheral", where Thunderbolt controllers are
listed) since rules version 44: a dock and all behind it hang on them (docs/insight.md,
"Regressions after a release"). The SMBus (rules version 52) and the signal processing
controllers (rules version 57) are kept apart (``_HOSTS``): a regression group only when
it is what the rising reports share."""


def _peripheral(class_id: str) -> bool:
    """Whether a PCI class (``0805``, ``ff00``) is a peripheral chip: card readers (SD host
    controllers, or the unassigned class many readers report), audio, storage, USB."""
    return bool(class_id) and not class_id.startswith(_PLUMBING_CLASSES)


USB_PREFIX = "usb:"
"""Marks a USB device's ``vendor:product`` among a report's devices (``usb:0bda:8179``)."""
SMBUS_PREFIX = "smbus:"
"""Marks the SMBus controller's ``vendor:device`` among a report's devices
(``smbus:8086:51a3``, rules v53): read by regressions only, never a clustering key (every
machine of a chipset shares it)."""
SENSOR_HUB_PREFIX = "sensorhub:"
"""Marks a signal processing controller's ``vendor:device`` among a report's devices
(``sensorhub:1022:15e4``, rules v57), as ``SMBUS_PREFIX`` does the SMBus's."""


@dataclass(frozen=True, slots=True)
class _Host:
    """A class of chipset plumbing that a problem a user sees can sit on: every machine of
    a chipset lists it, so it is a regression group only when the rising reports name what
    sits on it or share nothing else that rose (rules versions 53 and 57; docs/insight.md,
    "Session 19, thirty-first round: a sensor hub's regression")."""

    class_id: str
    """lspci's class (``0c05``)."""
    prefix: str
    """What marks it among a report's devices (``smbus:``)."""
    group: str
    """What its regression group is called, before its id (``SMBus ``)."""
    words: tuple[tuple[str, str], ...]
    """The starts of the users' words (as ``terms`` folds them) that name what sits on it,
    each with the name the line gives it."""
    journal: tuple[tuple[str, str], ...]
    """The starts of journal error tokens (split at ``-`` and ``_``) that name what sits on
    it or its driver failing, each with its name."""
    names: tuple[str, ...]
    """The order a regression names them in."""
    word_starts: tuple[str, ...] = field(init=False)
    """The starts of ``words`` alone: one ``startswith`` a word tells whether it names any."""
    journal_starts: tuple[str, ...] = field(init=False)
    """The starts of ``journal`` alone, likewise."""
    described: re.Pattern[str] | None = None
    """When set, only a device whose lspci description it finds is one (every Intel
    machine's thermal controller is a signal processing controller too)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "word_starts", tuple(start for start, _ in self.words))
        object.__setattr__(self, "journal_starts", tuple(start for start, _ in self.journal))


_HOSTS = (
    _Host(SMBUS_CLASS, SMBUS_PREFIX, "SMBus ",
          words=(("touchpad", "touchpad"), ("trackpad", "touchpad"),
                 ("trackpoint", "TrackPoint")),
          journal=(("rmi4", "touchpad"), ("synaptics", "touchpad"), ("psmouse", "touchpad"),
                   ("elantech", "touchpad"), ("intertouch", "touchpad"),
                   ("trackpoint", "TrackPoint"), ("i801", "i2c_i801 errors")),
          names=("touchpad", "TrackPoint", "i2c_i801 errors")),
    _Host(SIGNAL_PROCESSING_CLASS, SENSOR_HUB_PREFIX, "sensor hub ",
          words=(("rotat", "rotation"), ("autorotat", "rotation"), ("поворот", "rotation"),
                 ("поворачива", "rotation"), ("accelerometer", "accelerometer"),
                 ("gyro", "accelerometer"), ("tablet", "tablet mode"),
                 ("планшет", "tablet mode"), ("convertible", "tablet mode"),
                 ("2in1", "tablet mode"), ("трансформер", "tablet mode")),
          journal=(("sfh", "amd_sfh errors"), ("ish", "intel_ish errors"),
                   ("iio", "iio-sensor-proxy errors")),
          names=("rotation", "tablet mode", "accelerometer",
                 "amd_sfh errors", "intel_ish errors", "iio-sensor-proxy errors"),
          described=re.compile(r"sensor (?:fusion )?hub|\bish\b", re.IGNORECASE)),
)
"""The SMBus (touchpads and TrackPoints, the i2c_i801 driver: rules v53) and the sensor
hubs among the signal processing controllers (AMD's Sensor Fusion Hub, Intel's Integrated
Sensor Hub: a convertible's rotation and tablet mode, the amd_sfh and intel_ish drivers,
iio-sensor-proxy: rules v57; since v58 only a controller lspci calls a sensor hub: every
Intel machine of a GPU's generation shares its thermal controller, class 1180 too, and
the "ambient" light sensor is gone, Romance languages' "ambiente" being the desktop
environment). Not the words "brightness" or "screen" alone: a GPU's backlight and
display problems say them."""
_HOST_PREFIXES = tuple(h.prefix for h in _HOSTS)
_HOST_GROUPS = tuple(h.group for h in _HOSTS)
_NOT_CLUSTERED = (USB_PREFIX, *_HOST_PREFIXES)
"""The devices no cluster key is made of (``_device_keys``)."""
_USB_ROOT_HUB_VENDOR = "1d6b:"  # the kernel's own root hubs: every machine lists them


def _devices(hw: Hardware) -> tuple[str, ...]:
    """A report's peripheral chips (lspci), its SMBus and signal processing controllers
    (rules v53 and v57) and USB devices (lsusb, without the root hubs), for regression
    groups (rules versions 34 and 36; docs/insight.md, "Regressions after a release")."""
    pci = {d.vendor_device for d in hw.pci if _peripheral(d.class_id)}
    hosts: list[str] = []
    for host in _HOSTS:
        hosts += sorted({host.prefix + d.vendor_device for d in hw.pci
                         if d.class_id.startswith(host.class_id)
                         and (host.described is None or host.described.search(d.description))})
    usb = {USB_PREFIX + u for u in hw.usb_ids if not u.startswith(_USB_ROOT_HUB_VENDOR)}
    return tuple(sorted(pci)) + tuple(hosts) + tuple(sorted(usb))


def mask(line: str) -> str:
    """An error line as a signature: lowercase tokens, numbers and addresses as ``#``."""
    return " ".join(line_tokens(_HEX_ADDR_RE.sub(" 0 ", line)))[:160]


_CAME_ENCRYPTED = frozenset({DecryptState.DECRYPTED, DecryptState.FAILED,
                             DecryptState.READING})
"""A report's states that are not plain (one still being read is not known to be plain)."""


def report_facts(entry: Entry, likely: Sequence[int] = (), possible: int = 0,
                 today: date | None = None) -> ReportFacts:
    """The facts of one queue entry; ``likely``: the issues it confidently matches;
    ``possible``: its best match when none is confident; ``today`` dates a message that
    has no date (as linking does)."""
    message = entry.message
    sent = message.date.date() if message.date is not None else None  # the sender's day
    # Counted by its UTC day, as ``today`` is (``Insight.counting_day``): a report dated
    # in the sender's zone, a day ahead of UTC, was counted in no week (rules v62).
    received = sent if message.date is None or message.date.tzinfo is None else \
        message.date.astimezone(UTC).date()
    report = entry.report
    # A file that is not mail is never counted, whatever kind a cache written before
    # gave it (``is_not_mail``: the rule stats follows too).
    kind = Kind.SYSTEM.value if is_not_mail(message) else entry.kind.value
    if kind == Kind.REPORT.value and entry.id_disputed:
        kind = DISPUTED_KIND  # counted as no report (rules v73)
    elif kind == Kind.REPORT.value and entry.decrypt not in _CAME_ENCRYPTED:
        kind = PLAIN_KIND
    report_id = entry.report_id or ""
    reference = entry.key  # no usable ID: counted under its key, and cannot be linked
    with contextlib.suppress(ValueError):
        reference = reference_for(  # by the sender's day, as links cite it (``acting``)
            report_id, message.message_id, entry.key, sent or today or date.min)
    if report is None:
        return ReportFacts(entry.key, reference, report_id, received,
                           words=WordSet(terms(f"{message.subject}\n{message.text[:5000]}")),
                           likely=tuple(likely), possible=possible, kind=kind)
    hw = report.hardware
    errors: dict[str, None] = {}
    found, tail = report.journal_scan(40, _FAULT_RE, MAX_LINES)
    for line in found:
        signature = mask(line)
        if len(signature.split()) >= 3 and not _MACHINE_NOISE_RE.search(signature):
            errors.setdefault(signature, None)
        if len(errors) >= MAX_ERRORS:
            break
    lines: dict[str, None] = {}
    for line in tail:
        signature = mask(_without_device_paths(_without_user_paths(line)))
        if len(signature.split()) >= 3 and not _MACHINE_NOISE_RE.search(signature):
            lines.setdefault(signature, None)
    user = "\n".join([report.summary, *(a.text for a in report.answers)])
    words = WordSet(terms(user))
    return ReportFacts(
        key=entry.key,
        reference=reference,
        report_id=report_id,
        received=received,
        version=report.version or "",
        gpus=tuple(sorted({d.vendor_device for d in hw.gpus})),
        network=tuple(sorted({d.vendor_device for d in hw.network})),
        devices=_devices(hw),
        product=hw.short(),
        app=(report.prefill_value("app") or "").strip().lower(),
        errors=tuple(errors),
        words=words,
        likely=tuple(likely),
        possible=possible,
        kind=kind,
        lines=tuple(line for line in lines if line not in errors),
        own_words=own_words(user, words),
    )


_QUOTED_ERROR_RE = re.compile(
    r"\b(?:error|errors|erreur|fehler|errore|erro|fail|failed|failure|échec|echec"
    r"|fehlgeschlagen|unable|cannot|can't|could not|impossible|exception|denied|refused"
    r"|timed out|not found|fatal|panic)\b|^\W*[\w.-]+:\s", re.IGNORECASE)
"""A line of the user's text that quotes an error: an error word of the languages most
reports come in, or a ``program: message`` line."""


def own_words(user: str, words: WordSet) -> int:
    """How many of ``words`` (those of the user's text ``user``) come from lines that quote
    no error (``_QUOTED_ERROR_RE``): what the user said beyond the error on the screen."""
    if not words:
        return 0
    quoted = [line for line in user.splitlines() if _QUOTED_ERROR_RE.search(line)]
    if not quoted:
        return len(words)
    rest = WordSet(terms("\n".join(line for line in user.splitlines()
                                    if not _QUOTED_ERROR_RE.search(line))))
    return len(rest)


# ------------------------------------------------------------------ weeks

def week_starts(today: date, weeks: int = WEEKS) -> list[date]:
    """The first day of each of the last ``weeks`` seven-day windows, oldest first; the last
    window ends today."""
    return [today - timedelta(days=WEEK * (weeks - i) - 1) for i in range(weeks)]


def per_week(days: Iterable[date | None], today: date, weeks: int = WEEKS) -> tuple[int, ...]:
    """How many of ``days`` fall in each window of ``week_starts``, oldest first."""
    first = today - timedelta(days=WEEK * weeks - 1)
    counts = [0] * weeks
    for day, times in Counter(days).items():  # each day once: reports share their days
        if day is None or not first <= day <= today:
            continue
        counts[(day - first).days // WEEK] += times
    return tuple(counts)


def this_week(days: Iterable[date | None], today: date) -> int:
    """How many of ``days`` fall in "this week": the last seven days, today included (the
    last window of ``per_week``; docs/insight.md). Every count that says "this week" says
    it of this window."""
    return per_week(days, today, 1)[0]


def breakdown(facts: Iterable[ReportFacts], today: date, weeks: int = WEEKS
              ) -> list[tuple[str, tuple[str, ...]]]:
    """The reports behind each number of a row's breakdown, as (what, message keys): each
    week with reports (newest first, as ``week_starts`` counts them), each Tails version,
    then each piece of hardware (as ``ReportFacts.hardware`` names it), the most reported
    first; what hot topics' enter opens from the detail (docs/insight.md)."""
    chosen = list(facts)
    found: list[tuple[str, tuple[str, ...]]] = []
    starts = week_starts(today, weeks)
    for start in reversed(starts):
        end = start + timedelta(days=WEEK - 1)
        keys = tuple(f.key for f in chosen if f.received is not None
                     and start <= f.received <= end)
        if keys:
            found.append((f"week {start.isoformat()} to {end.isoformat()}", keys))
    grouped: list[dict[str, list[str]]] = [{}, {}]
    for f in chosen:
        if f.version:
            grouped[0].setdefault(f"Tails {f.version}", []).append(f.key)
        for name in f.hardware:
            grouped[1].setdefault(name, []).append(f.key)
    for group in grouped:
        found += [(name, tuple(keys)) for name, keys in
                  sorted(group.items(), key=lambda pair: (-len(pair[1]), pair[0]))]
    return found


# ------------------------------------------------------------------ per issue

@dataclass(frozen=True, slots=True)
class IssueStats:
    """The numbers of one known issue: linked (confirmed) and likely reports."""

    iid: int
    confirmed: tuple[str, ...]
    """References of the reports linked on GitLab (some may be older than the cache)."""
    likely: tuple[ReportFacts, ...]
    """Reports that match the issue confidently and are not linked yet."""
    linked_facts: tuple[ReportFacts, ...]
    """The linked reports hdtui has read."""
    per_week: tuple[int, ...]
    versions: tuple[tuple[str, int], ...]
    hardware: tuple[tuple[str, int], ...]
    first_seen: date | None
    last_seen: date | None
    possible: tuple[ReportFacts, ...] = ()
    """Reports whose best, not confident, match is this issue, or whose words are exactly a
    counted report's of it (not linked anywhere)."""
    flagged_weeks: tuple[date, ...] = ()
    """First days of the weeks with ``FLAG_PER_WEEK`` reports or more, counting possible
    ones, at least one of them linked or likely: a week to look at, not a count."""
    resent: tuple[ReportFacts, ...] = ()
    """Likely reports not counted because a counted one of the issue is the same user's
    (``one_per_user``): the same words from the same machine within ``SAME_USER_DAYS``
    (rules v73)."""
    unencrypted: int = 0
    """How many of the counted reports read here (linked or likely) came unencrypted, when
    the reports counted hold encrypted ones too (else 0: a mailbox of plain reports only,
    the benchmarks', says nothing of it; rules v73)."""
    left_out: int = 0
    """Links of accounts outside the Help Desk the tracker did not count
    (``links.notes_links``): said in the label (rules v76)."""
    linked_resent: tuple[ReportFacts, ...] = ()
    """Linked reports that are a resend of another linked one (``one_per_user``): linked
    on GitLab, so in ``confirmed``, but counted as no user and in no week (rules v76)."""

    @property
    def flagged(self) -> bool:
        """Whether the issue is flagged in any week of the window."""
        return bool(self.flagged_weeks)

    @property
    def this_week(self) -> int:
        """Reports, linked or likely, received in the last seven days."""
        return self.per_week[-1] if self.per_week else 0

    @property
    def label(self) -> str:
        """``4 linked, 9 likely, 5 this week``, then what the numbers hold that anyone
        could send: ``(11 reports, 9 users; 5 of them unencrypted)``."""
        return (f"{len(self.confirmed)} linked, {len(self.likely)} likely, "
                f"{self.this_week} this week{self.caveats}")

    @property
    def caveats(self) -> str:
        """What ``label`` says after its numbers (`caveats`), "" when nothing: the
        known-issues pane and hot topics' rows say it too (docs/insight.md, "Session 23:
        the TUI shows what the numbers are made of")."""
        here = len(self.linked_facts) + len(self.likely)
        elsewhere = len(self.confirmed) - len(self.linked_facts)
        resent = len(self.resent) + len(self.linked_resent)
        return caveats(len(self.confirmed) + len(self.likely) - len(self.linked_resent),
                       resent, self.unencrypted, elsewhere if elsewhere > here else 0,
                       left_out=self.left_out)


RESEND_MARK = "(a resend: the same user, counted once)"
"""How the ``l`` preview marks a resend it links (``to_link``)."""


def to_link(stats: IssueStats) -> list[tuple[ReportFacts, bool]]:
    """What ``l`` (link the likely reports) links for one issue, newest first, each with
    whether it is a resend (``one_per_user``) the preview marks (``RESEND_MARK``): the
    likely reports and their resends, so that the issue's notes cite every report; once
    linked a resend is still counted as no user (``IssueStats.linked_resent``, rules
    v76)."""
    resent = {f.reference for f in stats.resent}
    return [(f, f.reference in resent)
            for f in newest_first_sorted([*stats.likely, *stats.resent])]


def caveats(users: int, resent: int, plain: int, elsewhere: int = 0,
            always: bool = False, left_out: int = 0) -> str:
    """`` (8 reports, 5 users; 5 of them unencrypted)`` after a count of ``users`` that
    left ``resent`` reports out as the same users' and holds ``plain`` unencrypted
    reports; ``elsewhere``: links to reports not in this mailbox, said when they outnumber
    the reports in it (``20 of the links to reports not in this mailbox``: a note can cite
    any ID); ``left_out``: links of outside accounts not counted (``3 links of accounts
    outside the Help Desk not counted``); "" when there is none of these. ``always``: the
    users and the unencrypted ones said even when none was left out or came plain (an
    issue draft's frequency: ``(3 reports, 3 users; 0 of them unencrypted)``)."""
    parts = []
    if resent or always:
        sent = users + resent
        parts.append(f"{sent} report{'' if sent == 1 else 's'}, "
                     f"{users} user{'' if users == 1 else 's'}")
    if plain or always:
        parts.append(unencrypted_said(plain))
    if elsewhere:
        parts.append(f"{elsewhere} of the links to reports not in this mailbox")
    if left_out:
        parts.append(left_out_said(left_out))
    return f" ({'; '.join(parts)})" if parts else ""


def unencrypted_said(plain: int) -> str:
    """``5 of them unencrypted``: how every count says its plain reports (rules v73)."""
    return f"{plain} of them unencrypted"


def mostly_unencrypted_said(plain: int, total: int) -> str:
    """`` (5 of them unencrypted)`` after a count of ``total`` reports when more than half
    of them came unencrypted (a regression's, a cluster's), else ""."""
    return f" ({unencrypted_said(plain)})" if 2 * plain > total else ""


SAME_USER_DAYS = 3
"""Days within which the same words from the same machine are one user resending
(``one_per_user``, rules v73)."""
SAME_USER_WORDS = 6
"""The fewest words two reports must share exactly to be one user's: a short summary
("wifi does not work") is said alike by many users of one laptop model."""


def _user_of(f: ReportFacts) -> tuple[object, ...] | None:
    """What makes two reports one user's: the very same words, at least
    ``SAME_USER_WORDS`` of them written beyond a quoted error line (``own_words``: two
    users of one laptop model pasting the same error sentence are two, rules v76), and
    the same machine (model, chips, peripherals and USB devices), version and app; None
    without a machine or with few words of the user's own."""
    said = len(f.words) if f.own_words < 0 else f.own_words
    if not (f.product or f.gpus or f.network) or said < SAME_USER_WORDS:
        return None
    return (f.words.packed(), f.product, f.gpus, f.network, f.devices, f.version, f.app)


_PACKED = methodcaller("packed")
_WORDS_OF = attrgetter("words")


def one_per_user(facts: Sequence[ReportFacts], anchors: Iterable[ReportFacts] = ()
                 ) -> tuple[list[ReportFacts], list[ReportFacts]]:
    """``facts`` split into those counted and those left out as resent: a report with the
    same words and machine (``_user_of``) as an earlier one of ``facts`` or ``anchors``
    (the linked reports, counted anyway) within ``SAME_USER_DAYS`` of it is that user's
    again. A Help Desk member counts users, not mails: three encrypted resends of one
    text with new IDs took an issue from 5 to 8 (rules v73; docs/insight.md, "Session 23:
    numbers forged reports cannot bend"). Order kept."""
    anchors = list(anchors)
    # Only reports whose words and machine model another one has can be a resend: found
    # in C, and only those are made a user and walked in time (the counts' path: 0.2 s of
    # CPU more at 100,000 otherwise; docs/benchmarks.md, "Session 23: counting users, not
    # mails").
    said = list(zip(map(_PACKED, map(_WORDS_OF, chain(anchors, facts))),
                    map(_PRODUCT, chain(anchors, facts)), strict=True))
    times = Counter(said)
    if len(times) == len(said):
        return list(facts), []
    again = {key for key, n in times.items() if n > 1}
    first: dict[tuple[object, ...], date] = {}
    for f, key in zip(anchors, said, strict=False):
        user = _user_of(f) if key in again else None
        if user is not None and f.received is not None:
            known = first.get(user)
            first[user] = f.received if known is None else min(known, f.received)
    candidates = [(n, f) for n, (f, key) in enumerate(zip(facts, said[len(anchors):],
                                                          strict=True)) if key in again]
    dropped: set[int] = set()
    for n, f in sorted(candidates, key=lambda pair: _earlier_key(pair[1])):
        user = _user_of(f)
        if user is None or f.received is None:
            continue
        known = first.get(user)
        if known is not None and abs((f.received - known).days) <= SAME_USER_DAYS:
            dropped.add(n)
        elif known is None or f.received > known:
            first[user] = f.received
    if not dropped:
        return list(facts), []
    return ([f for n, f in enumerate(facts) if n not in dropped],
            [f for n, f in enumerate(facts) if n in dropped])


def _earlier_key(f: ReportFacts) -> tuple[date, str]:
    return (f.received or date.max, f.key)


def issue_stats(facts: Sequence[ReportFacts], links: Iterable[IssueLink], today: date,
                weeks: int = WEEKS, iids: Iterable[int] = ()) -> dict[int, IssueStats]:
    """Per known issue: linked references, likely reports, weekly counts and breakdowns.

    Every issue linked, likely, or named in ``iids`` gets an entry (zeros for the last).
    """
    by_reference = dict(zip(map(_REFERENCE, facts), facts, strict=True))
    linked: dict[int, dict[str, date]] = defaultdict(dict)
    for link in links:
        known = linked[link.iid].get(link.reference)
        if known is None or link.received < known:
            linked[link.iid][link.reference] = link.received
    linked_anywhere = {ref for refs in linked.values() for ref in refs}
    likely: dict[int, list[ReportFacts]] = defaultdict(list)
    possible: dict[int, list[ReportFacts]] = defaultdict(list)
    uncounted: list[ReportFacts] = []
    for f in facts:
        # A report linked to any issue is that issue's: never likely for another one too.
        if f.reference in linked_anywhere:
            continue
        if f.likely:
            likely[f.likely[0]].append(f)
        else:
            uncounted.append(f)
    # A resend folded as one user stays folded once linked (the `l` preview linked it):
    # the linked reports read here are counted as users too (rules v76).
    resent_linked: dict[int, set[str]] = {}
    for issue, refs in linked.items():
        mine_linked = [by_reference[r] for r in refs if r in by_reference]
        if len(mine_linked) > 1:
            _, again = one_per_user(mine_linked)
            if again:
                resent_linked[issue] = {f.reference for f in again}
    resent: dict[int, list[ReportFacts]] = {}
    for issue, mine in likely.items():
        kept, again = one_per_user(mine, (by_reference[r] for r in linked.get(issue, {})
                                          if r in by_reference))
        if again:
            likely[issue], resent[issue] = kept, again
    mixed = Kind.REPORT.value in map(_KIND_OF, facts)  # in C, stops at the first
    said = _said_by_counted(likely, linked, by_reference)
    by_words: set[str] = set()  # possible for saying what a counted report says
    for f in uncounted:
        # Words two issues' reports both say (0) name neither: the report keeps its own
        # best match (rules v35; docs/insight.md, "Session 12, nineteenth round").
        iid = said.get(f.words.packed(SAME_WORDS_MIN))
        if iid:
            by_words.add(f.reference)
        iid = iid or f.possible
        if iid:
            possible[iid].append(f)
    chosen = sorted(set(linked) | set(likely) | set(iids))
    days_of = {iid: [*(day for ref, day in linked.get(iid, {}).items()
                       if ref not in resent_linked.get(iid, ())),
                     *(f.received for f in likely.get(iid, []))]
               for iid in chosen}
    counted_of = {iid: per_week(days_of[iid], today, weeks) for iid in chosen}
    # A best match that would complete a week (one counted report there) and whose journal
    # errors are mostly other issues' reports' completes none (rules v50); the issue's
    # other best matches do not vouch for it, only its counted reports (rules v56).
    first = today - timedelta(days=WEEK * weeks - 1)
    completing = [f for iid in chosen for f in possible.get(iid, [])
                  if f.reference not in by_words and f.received is not None
                  and first <= f.received <= today
                  and 0 < counted_of[iid][(f.received - first).days // WEEK] < FLAG_PER_WEEK]
    elsewhere = _logged_elsewhere(facts, completing, _best_match, {
        ref: iid for iid, refs in linked.items() for ref in refs}, True) if completing else set()
    starts = week_starts(today, weeks)
    gpu_names, net_names = _Named("GPU "), _Named("net ")
    result: dict[int, IssueStats] = {}
    for iid in chosen:
        refs = linked.get(iid, {})
        mine = likely.get(iid, [])
        known_linked = [by_reference[r] for r in refs if r in by_reference]
        days = days_of[iid]
        counted = known_linked + mine
        seen = [d for d in days if d is not None]
        counted_weeks = counted_of[iid]
        with_possible = per_week([*days, *(f.received for f in possible.get(iid, [])
                                           if f.reference not in elsewhere)], today, weeks)
        versions = Counter(map(_VERSION, counted))
        for version in [v for v in versions if not v]:
            del versions[version]  # no version said
        result[iid] = IssueStats(
            iid=iid,
            confirmed=tuple(_newest_linked_first(refs, by_reference)),
            likely=tuple(newest_first_sorted(mine)),
            linked_facts=tuple(known_linked),
            per_week=counted_weeks,
            versions=_top(versions),
            hardware=_top(_hardware_counts(counted, gpu_names, net_names)),
            first_seen=min(seen) if seen else None,
            last_seen=max(seen) if seen else None,
            possible=tuple(newest_first_sorted(possible.get(iid, []))),
            flagged_weeks=tuple(start for start, n, m in zip(
                starts, counted_weeks, with_possible, strict=True)
                if n >= 1 and m >= FLAG_PER_WEEK),
            resent=tuple(newest_first_sorted(resent.get(iid, []))),
            unencrypted=list(map(_KIND_OF, counted)).count(PLAIN_KIND) if mixed else 0,
            linked_resent=tuple(newest_first_sorted(
                f for f in known_linked if f.reference in resent_linked.get(iid, ()))),
        )
    return result


def _newest_linked_first(refs: Mapping[str, date], by_reference: Mapping[str, ReportFacts]
                        ) -> list[str]:
    """Linked references newest first, as every list of reports (docs/insight.md, `hdtui
    stats`): by the day the report was received when it was read here, else the day its
    link names; then by reference."""
    def day(reference: str) -> date:
        known = by_reference.get(reference)
        return known.received if known is not None and known.received is not None \
            else refs[reference]

    return sorted(sorted(refs), key=day, reverse=True)  # ``reverse`` keeps the ties' order


def _logged_elsewhere(facts: Sequence[ReportFacts], asked: Sequence[ReportFacts],
                      issue_of: Callable[[ReportFacts], int],
                      linked_to: Mapping[str, int], vouch_counted: bool = False
                      ) -> set[str]:
    """References of the ``asked`` reports, each with the issue it is counted or possible
    for (``issue_of``), that are not that issue's problem by their journal: other reports
    (of ``facts``) log their journal errors, and on average over those errors fewer than half of the
    reports logging one (the report included) have that issue as theirs (linked to it,
    else likely for it, else with it as their best match); an error more than
    ``FREQUENT_SHARE`` of all reports log is every machine's and left out, and each error
    weighs the same, so that a chatty line many problems log does not outweigh the
    problem's own. Such a report is of those reports' problem, one the issue does not
    cover (rules v50; docs/insight.md, "Session 18, twenty-eighth round: likely recall and
    weeks"). Shares per error, not the set of reports sharing any of its errors, which
    would cost those reports for each report: this runs on the counts' path.
    ``vouch_counted`` (the weeks' test): of the reports logging an error, only those
    counted for the issue (linked or likely) and the asked report itself have it as theirs;
    others whose best match it is are guesses as the asked one is, pulled by the same words
    and lines, and vouch for nothing (rules v56; docs/insight.md, "Session 19, thirty-first
    round: likely recall")."""
    asked = [f for f in asked if f.errors]
    if not asked:
        return set()
    logging = [f for f in facts if f.errors]
    # The every-machine errors by every report; the shares by the reports with an issue
    # (the asked ones have theirs): one the matcher found nothing for is no evidence of
    # another issue (its words may be in a language the lexicon does not read).
    everywhere = Counter(chain.from_iterable(f.errors for f in logging))  # counted in C
    limit = FREQUENT_SHARE * len(facts)
    issues = set(map(issue_of, asked))
    theirs: dict[int, list[ReportFacts]] = defaultdict(list)
    with_issue: list[ReportFacts] = []
    for f in logging:
        iid = linked_to.get(f.reference) or (f.likely[0] if f.likely else f.possible)
        if iid:
            with_issue.append(f)
        if iid in issues and (not vouch_counted or f.likely or f.reference in linked_to):
            theirs[iid].append(f)
    logged = Counter(chain.from_iterable(f.errors for f in with_issue))
    # Per issue asked about, its own reports' errors, counted in C too.
    logged_for = {iid: Counter(chain.from_iterable(f.errors for f in theirs[iid]))
                  for iid in issues}
    found: set[str] = set()
    # One problem's reports log alike: judged once per issue and errors (no new objects
    # per report: this runs over every likely report).
    judged: dict[int, dict[tuple[str, ...], bool]] = {iid: {} for iid in issues}
    for f in asked:
        iid = issue_of(f)
        elsewhere = judged[iid].get(f.errors)
        if elsewhere is None:
            errors = [e for e in f.errors if logged[e] >= 2 and everywhere[e] <= limit]
            mine = logged_for[iid]
            itself = 1 if vouch_counted and not f.likely else 0
            elsewhere = judged[iid][f.errors] = bool(errors) and 2 * sum(
                (mine[e] + itself) / logged[e] for e in errors) < len(errors)
        if elsewhere:
            found.add(f.reference)
    return found


def contradicted(facts: Sequence[ReportFacts], links: Iterable[IssueLink] = ()) -> set[str]:
    """References of the reports among ``facts`` (counted ones: ``counted``) whose
    confident match their journal contradicts (``_logged_elsewhere``: the reports logging
    its errors are mostly other issues'): not likely for it (rules v50; docs/insight.md,
    "Session 18, twenty-eighth round: likely recall and weeks"). Linked reports are their
    issue's whatever their journal."""
    linked_to = {link.reference: link.iid for link in links}
    asked = [f for f in facts if f.likely and f.errors and f.reference not in linked_to]
    return _logged_elsewhere(facts, asked, _first_likely, linked_to) if asked else set()


def _first_likely(f: ReportFacts) -> int:
    return f.likely[0]


def _best_match(f: ReportFacts) -> int:
    return f.possible


def vetted(facts: Sequence[ReportFacts], links: Iterable[IssueLink] = ()) -> list[ReportFacts]:
    """``facts`` with each ``contradicted`` confident match made the report's best match
    only: possible for that issue, not likely, and clustered."""
    return demoted(facts, contradicted(facts, links))


def demoted(facts: Sequence[ReportFacts], doubted: AbstractSet[str]) -> list[ReportFacts]:
    """``facts`` with the confident match of each report of ``doubted`` (references, as
    ``contradicted`` gives them) made its best match only (``vetted``)."""
    return [replace(f, likely=(), possible=f.likely[0]) if f.reference in doubted else f
            for f in facts] if doubted else list(facts)


def _said_by_counted(likely: Mapping[int, Sequence[ReportFacts]],
                     linked: Mapping[int, Mapping[str, date]],
                     by_reference: Mapping[str, ReportFacts]) -> dict[bytes, int]:
    """The words of each report counted for an issue (likely or linked), and that issue:
    a report that says exactly what a counted one says is possible for its issue, whatever
    its own best match (its machine and journal pulled the matcher elsewhere; rules v32,
    docs/insight.md, "Session 11, eighteenth round"). Words two issues' reports both say
    name neither (0): such a report keeps its own best match."""
    said: dict[bytes, int] = {}
    for iid, counted_facts in (*likely.items(), *(
            (iid, [by_reference[r] for r in refs if r in by_reference])
            for iid, refs in linked.items())):
        for f in counted_facts:
            key = f.words.packed(SAME_WORDS_MIN)
            said[key] = iid if said.get(key, iid) == iid else 0
    said.pop(b"", None)
    return said


def hot_topics(stats: Mapping[int, IssueStats]) -> list[IssueStats]:
    """Issues ranked by reports this week, then over the whole window, then newest seen."""
    return sorted((s for s in stats.values() if sum(s.per_week) or s.confirmed),
                  key=lambda s: (-s.this_week, -sum(s.per_week),
                                 -(s.last_seen.toordinal() if s.last_seen else 0), s.iid))


def _newest_first(f: ReportFacts) -> tuple[int, str]:
    return (-(f.received.toordinal() if f.received else 0), f.key)


def _top(counter: Counter[str], limit: int = 8) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])


# ------------------------------------------------------------------ clusters

@dataclass(frozen=True, slots=True)
class Cluster:
    """Reports that share a problem no known issue covers, and why they are together."""

    id: str
    """Stable: derived from the signals that define the cluster (``C-1a2b3c``)."""
    label: str
    signals: tuple[str, ...]
    """What its reports share, e.g. ``same GPU 1002:15bf``, ``same journal error "..."``
    (structured signals only: no user words)."""
    reports: tuple[str, ...]
    """Keys of its reports, newest first."""
    per_week: tuple[int, ...]
    flagged_weeks: tuple[date, ...] = ()
    """First days of the weeks with ``FLAG_PER_WEEK`` reports or more."""
    versions: tuple[tuple[str, int], ...] = ()
    hardware: tuple[tuple[str, int], ...] = ()
    report_ids: tuple[str, ...] = field(default_factory=tuple)
    words: tuple[str, ...] = ()
    """The users' words most of its reports share: shown to the member, never published
    (they can hold a name)."""
    family: tuple[str, ...] = ()
    """Ids of the other clusters of its family: clusters grouped by words alone all of whose
    reports say one word of a problem (``_families``); their reports count together toward
    a week's flag."""
    attached: tuple[str, ...] = ()
    """Why each report that no pair linked was added (``_attach_by_journal``, rules v52):
    the journal line it logs with some of the reports and the words of theirs it says.
    Shown to the member, never published (the words are the users')."""

    @property
    def flagged(self) -> bool:
        """Reported often enough in some week to be relayed (the process's threshold)."""
        return bool(self.flagged_weeks)


class _Groups:
    """Union-find over report indexes: the groups the rules' links make."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def clusters(self) -> list[list[int]]:
        """The groups of two reports or more, each the indexes of its reports in ascending
        order (the group whose smallest index is smaller first); not the lone reports,
        most of the pool: a list each was about 10 MB at 85,000 reports, made and dropped
        by each rule's pass (docs/insight.md, "Session 23: the clustering's passes")."""
        return [[root, *others] for root, others in sorted(self.children().items())]

    def children(self) -> dict[int, list[int]]:
        """Each group's root (its smallest index) with its other reports, ascending, for
        the groups of two reports or more only."""
        # A report's parent is never after it (``join`` points the later root at the
        # earlier one, ``find`` only shortens paths), so in ascending order its parent's
        # root is known when it is reached: every path made one step, no call of ``find``
        # per report (5 walks of the pool per ``clusters``).
        parent = self.parent
        for i, up in enumerate(parent):
            if up != i:
                parent[i] = parent[up]
        children: dict[int, list[int]] = defaultdict(list)
        for i, root in enumerate(parent):
            if root != i:
                children[root].append(i)
        return children


def _frequent(items: Sequence[Iterable[str]], total: int,
              also: Mapping[str, int] | None = None) -> set[str]:
    """The keys of more than ``FREQUENT_SHARE`` of ``total`` reports: ``items`` holds each
    report's keys, ``also`` counts more keys already counted report by report."""
    # In one call, not one per report (each report's keys once).
    counts: Counter[str] = Counter(chain.from_iterable(map(set, items)))
    if also:
        counts.update(also)
    limit = max(FREQUENT_SHARE * total, 4)
    return {k for k, n in counts.items() if n > limit}


def _session_lines(facts: Iterable[ReportFacts]) -> set[str]:
    """The keys of the journal's lines that are no errors which reports likely for two or
    more different known issues log: a kind of machine's or session's lines
    (NetworkManager's lease on one Wi-Fi driver, one GNOME habit), logged whatever the
    problem, under the quarter of the pool that makes a key every machine's
    (``FREQUENT_SHARE``). They link no pair: two of them chained every report of a kind,
    and the problems' words then the kinds, into one cluster of the whole pool. A new
    problem's own line is logged by its reports, which no issue counts (rules v51;
    docs/insight.md, "Session 18: the review of the journal's lines")."""
    issue_of: dict[str, int] = {}
    shared: set[str] = set()
    for f in facts:
        if f.likely and f.lines:
            iid = f.likely[0]
            for line in f.lines:
                if issue_of.setdefault(line, iid) != iid:
                    shared.add(f"line:{line}")
    return shared


def _machines_own(keys: Sequence[Sequence[str]], pool: Sequence[ReportFacts],
                  kinds: Sequence[frozenset[str]], having: Mapping[str, int]) -> set[str]:
    """The chips, machines, apps and journal keys of the pool that reports of different
    problems share, which their words tell apart (``problem_kinds``): half of the reports
    that have one or more name a kind of problem, two kinds or more, none named by more
    than half of them. The sound, a printer, a captive portal and the screen reader told
    on the same eight machines all came with the machines' network chip and a kernel
    line of their journal: those are the machines', not a problem's, and like every
    machine's noise they link no pair, keep no report from a cluster and name none
    (docs/insight.md, "Session 23: different problems on the same machines"). A key most
    of whose reports name one kind (the sound's driver error, a printer's CUPS line)
    stays that problem's. ``having``: how many reports of the pool have each key."""
    named: Counter[str] = Counter()
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for i, said in enumerate(kinds):
        if said:  # most name none: not asked
            for key in {*keys[i], *_device_keys(pool[i].devices)}:
                named[key] += 1
                per_kind[key].update(said)
    return {key for key, counts in per_kind.items()
            if len(counts) >= 2 and 2 * max(counts.values()) <= named[key]
            and 2 * named[key] >= having[key]}


def _device_keys(devices: Iterable[str]) -> list[str]:
    """A report's other peripheral PCI chips (``ReportFacts.devices``; not its USB devices:
    every report lists the stick Tails runs from, and the popular sticks are many users';
    not its SMBus or signal processing controllers, which every machine of its chipset
    has) as keys: a chip the reports of
    one problem share links them as a GPU does, with two words of their own (rules v38;
    docs/insight.md, "Session 13, twentieth round")."""
    return [f"device:{d}" for d in devices if not d.startswith(_NOT_CLUSTERED)]


_DEVICES = attrgetter("devices")


def _device_counts(facts: Iterable[ReportFacts]) -> Counter[str]:
    """How many reports list each peripheral PCI chip, by its key (``_device_keys``;
    a chip listed twice by one report counts once): counted on the devices as listed, and
    made keys once per chip."""
    listed = Counter(chain.from_iterable(map(set, map(_DEVICES, facts))))
    return Counter({f"device:{d}": n for d, n in listed.items()
                    if not d.startswith(_NOT_CLUSTERED)})


def _common_chips(facts: Sequence[ReportFacts], devices: Counter[str] | None = None
                  ) -> set[str]:
    """Graphics and network chips, and other peripheral chips (rules v38), of more
    than COMMON_CHIP_SHARE of all the reports (matched ones too: a chip is common because
    many machines have it, not because of a problem). ``devices``: the facts'
    ``_device_counts`` when already counted."""
    # Counted by distinct pair of chip tuples first: a few thousand, not one per report
    # (docs/insight.md, "Session 12: `hdtui stats --json` at 100,000").
    counts: Counter[str] = Counter()
    for (gpus, network), times in Counter((f.gpus, f.network) for f in facts).items():
        for key in {f"gpu:{g}" for g in gpus} | {f"net:{n}" for n in network}:
            counts[key] += times
    # The other peripheral chips (rules v38): their tuples hold USB devices too, so they
    # are seldom shared; counted chip by chip instead.
    counts.update(_device_counts(facts) if devices is None else devices)
    limit = max(COMMON_CHIP_SHARE * len(facts), 4)
    return {k for k, n in counts.items() if n > limit}


@dataclass(frozen=True, slots=True)
class _Signals:
    """What the rules compare of one report, with the non-distinctive parts left out."""

    hardware: frozenset[str]
    errors: frozenset[str]
    """Its journal errors, ``error:`` keys, and since rules v49 its journal's other last
    lines (``ReportFacts.lines``), ``line:`` keys: what the machine did, linked alike."""
    words: frozenset[str]
    """Its own words, but those no other report of the pool says (``clusters``' ``once``):
    they are in no pair's shared words, and a frozenset of them was most of the
    clustering's memory (docs/insight.md, "Session 22: the clustering's words")."""
    product: str
    size: int = 0
    """How many own words it has, those no other report says included: what the rules
    that weigh the words shared against all of them count (``_linked``)."""
    chips: frozenset[str] = frozenset()
    """The peripheral PCI chips among ``hardware`` (rules v38): their postings are made
    per distinct set of them (``_chip_postings``)."""
    machine: tuple[str, ...] = ()
    """The rest of ``hardware`` (chips, machine, app), posted report by report."""
    nearest: int = 0
    """The report's best, not confident, known issue (``ReportFacts.possible``)."""
    said: bytes = b""
    """All the report's words (``WordSet.packed``), when ``SAME_WORDS_MIN`` or more."""
    kinds: frozenset[str] = frozenset()
    """The kinds of problem its words name (``vocabulary.problem_kinds``: the sound, a
    printer, a captive portal...): a chip or a journal line shared with a report that names
    only other kinds links no pair (``kinds_disagree``; docs/insight.md, "Session 23:
    different problems on the same machines")."""


def _linked(a: _Signals, b: _Signals, model_errors: _ModelErrors | None) -> bool:
    """Rules v2: two reports are one problem when they share
    - a journal error, and either different machines or one word of their own (the same
      machine logs the same errors whatever its user's problem), or an error other reports
      of their model do not log (``model_errors``: one of its problems', in any language;
      rules v27); since rules v49 the journal's other last lines count as errors do, but
      one such line alone, with no error, links only with two words of their own, as a
      chip does (two lines or more link without, since rules v51 only when the pool logs
      two of them together ``LINES_LIFT`` times as often as chance would:
      ``_ModelErrors.logged_together``): many machines log a line that is no error
      whatever their problem, and lines shared by chance must not chain them;
    - a chip (a GPU, a network chip, or since rules v38 any other peripheral PCI chip: a
      SATA controller in RAID mode), machine or app and two words of their own (not
      words of a program's name,
      PROGRAM_WORDS: they say which program, as the app key does; nor words of every
      problem, GENERIC_WORDS: "error", "fails", rules v26), unless the machines
      are the same model (then every chip is shared whatever the problem, as errors
      are), or since rules v59 both log errors and no program logs in both
      (``_own_errors``); or
    - enough of their own words: three or more, a third of all their words or half of the
      shorter report's (a short mail without debug sections, all of whose words a long
      report has, is that report's problem; rules v5), unless one names a device kind the
      other does not (rules v28). Makers, model lines and the words of the machine's own
      product name are not their own words: they say which machine;
    - or they say exactly the same, three words or more (``said``; rules v32: a short report
      folds to too few words of its own for the rules above)."""
    if a.said and a.said == b.said:
        return True
    if kinds_disagree(a.kinds, b.kinds):
        # Their words name different problems (the sound, a printer): a chip or a
        # journal line they share is their machines', not one problem's (docs/insight.md,
        # "Session 23: different problems on the same machines").
        return False
    shared_words = a.words & b.words
    same_machine = bool(a.product) and a.product == b.product
    shared_errors = a.errors & b.errors
    symptom_words = shared_words - PROGRAM_WORDS - GENERIC_WORDS
    if shared_errors and (not same_machine or shared_words or (
            model_errors is not None and model_errors.any_of(a.product, shared_errors))) and (
            not all(k.startswith("line:") for k in shared_errors)
            or (len(shared_errors) > 1 and (model_errors is None
                                            or model_errors.logged_together(shared_errors)))
            or len(symptom_words) >= SYMPTOM_MIN_SHARED):
        return True
    if (len(symptom_words) >= SYMPTOM_MIN_SHARED and not same_machine
            and not a.hardware.isdisjoint(b.hardware)
            and not _own_errors(a.errors, b.errors)):
        return True
    if len(shared_words) < WORDS_MIN_SHARED or _other_devices(a.words, b.words):
        return False
    # |a ∪ b| of all their own words (``size``: with the words no other report says).
    return (len(shared_words) / (a.size + b.size - len(shared_words)) >= WORDS_MIN_JACCARD
            or len(shared_words) / min(a.size, b.size) >= WORDS_MIN_OVERLAP)


def _own_errors(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two reports that share no journal error both log one (``error:`` keys) and
    no program or kernel driver logs in both (``_loggers``, of their errors and other
    lines): each machine said what failed, and not even the same program did, so a chip
    and two words they share do not make them one problem (rules v59; docs/insight.md,
    "Session 19, thirty-second round: chained groups"). The same driver's other error
    (amdgpu's "dpm features" and its "late_init") is one problem's, and still links."""
    if not (any(k.startswith("error:") for k in a) and any(k.startswith("error:") for k in b)):
        return False
    return _loggers(a).isdisjoint(_loggers(b))


def _loggers(journal: frozenset[str]) -> set[str]:
    """What logged each of a report's journal keys: at most the two words before the first
    masked part ("nautilus", "gnome shell", "kernel vmd")."""
    return {" ".join(k.split(":", 1)[1].split(" #", 1)[0].split()[:2]) for k in journal}


def _other_devices(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether one of two reports' words names a device kind (sound, Bluetooth, a printer:
    ``matching.OTHER_DEVICE_KINDS``) the other's do not: then their shared words are about
    two devices, two problems (rules v28)."""
    return any(bool(a & kind) != bool(b & kind) for kind in OTHER_DEVICE_KINDS)


def _signals(f: ReportFacts, keys: Iterable[str], device_key_of: Mapping[str, str],
             chip_sets: dict[tuple[str, ...], frozenset[str]], noise_keys: set[str],
             not_own: frozenset[str],
             one_set: dict[Any, Any] | None = None,
             once: AbstractSet[str] = frozenset(),
             kinds: frozenset[str] = frozenset()) -> _Signals:
    """``keys`` are ``f.keys()``; ``device_key_of`` gives the key of each peripheral PCI
    chip that is not noise: a hardware key each (rules v38). ``chip_sets`` keeps one
    frozenset per distinct list of them, shared by the reports of one machine.
    ``not_own``: the noise words, function words and machine words together. ``one_set``
    keeps one frozenset of hardware, of errors and of words, and one tuple of machine keys,
    per distinct value, shared by every report that has it (``clusters``). ``once``: words
    no other report of the pool says, left out of ``words`` (counted in ``size``).
    ``kinds``: the kinds of problem its words name (``problem_kinds``)."""
    own = set(keys) - noise_keys
    machine = tuple(k for k in own if k.split(":", 1)[0] in _HARDWARE_KINDS)
    if one_set is not None:  # (its tuples too: many reports name the same machine)
        machine = one_set.setdefault(machine, machine)
    listed = tuple(filter(None, map(device_key_of.get, f.devices)))
    chips = chip_sets.get(listed)
    if chips is None:
        chips = chip_sets[listed] = frozenset(listed)
    hardware = chips.union(machine)
    # Errors and (rules v49) the journal's other lines: both say what the machine did.
    errors = frozenset(k for k in own if k.startswith(_JOURNAL_KEYS)
                       and not _MACHINE_NOISE_RE.search(k))
    # One set of words for the reports that say the same words and name the same machine
    # (looked up by the words' numbers: no set made, no set hashed, for those seen).
    # Fewer than SAME_WORDS_MIN words (no ``said``): a small set, made for each.
    said = f.words.packed(SAME_WORDS_MIN)
    at = (said, f.product) if said and one_set is not None else None
    seen = one_set.get(at) if at is not None and one_set is not None else None
    if seen is None:
        # The machine's own name ("CHUWI MiniBook X") and makers say which machine.
        own_words = f.words - not_own - _product_words(f.product)
        words = own_words if once.isdisjoint(own_words) else own_words - once
        size = len(own_words)
        if at is not None and one_set is not None:
            one_set[at] = (words, size)
    else:
        words, size = seen
    if one_set is not None:
        hardware = one_set.setdefault(hardware, hardware)
        errors = one_set.setdefault(errors, errors)
    return _Signals(
        hardware=hardware, chips=chips, machine=machine, errors=errors,
        words=words, size=size,
        product=f.product, nearest=f.possible,
        said=said, kinds=kinds)


@lru_cache(maxsize=8192)
def _product_words(product: str) -> frozenset[str]:
    """The words of a machine's product name (``terms``), found once per product: many
    reports name the same machine."""
    return frozenset(terms(product))


def _numbers() -> MutableSequence[int]:
    """A list of report numbers, 4 bytes each (no int object held for each)."""
    return array("i")


def _join_pairs(members: Sequence[int], signals: Sequence[_Signals], groups: _Groups,
                model_errors: _ModelErrors) -> None:
    """Join every pair of ``members`` the rules link (skipping pairs already together)."""
    if type(members) is not list:  # (``_numbers``: their slices below, ints made once)
        members = list(members)
    find = groups.find
    for x, i in enumerate(members):
        first = signals[i]
        for j in members[x + 1:]:
            if find(i) != find(j) and _linked(first, signals[j], model_errors):
                groups.join(i, j)


def clusters(facts: Sequence[ReportFacts], today: date, weeks: int = WEEKS) -> list[Cluster]:
    """Group reports that match no known issue (``likely`` empty) into clusters of two or
    more, by the rules of ``_linked``; biggest this week first."""
    # Rules v73: the pool's words as the clusters compare them, a concept for the words
    # of several languages that name it (``cluster_concepts``); a report with none of
    # those words is read as it is (most: no set made).
    # The kinds of problem each report's words name (``problem_kinds``): asked of the
    # reports that say one of the words alone, one frozenset a distinct value.
    pool: list[ReportFacts] = []
    kinds: list[frozenset[str]] = []
    one_kinds: dict[frozenset[str], frozenset[str]] = {}
    for f in facts:
        if f.likely:
            continue
        named = _NAMING.intersection(f.words)
        if named:
            if not FOLDED_FOR_CLUSTERS.isdisjoint(named):
                f = replace(f, words=WordSet(cluster_concepts(f.words)))
            said = problem_kinds(f.words)
            kinds.append(one_kinds.setdefault(said, said))
        else:
            kinds.append(_NO_KINDS)
        pool.append(f)
    del one_kinds
    # Each report's keys made of one string a value: made anew for every report, the 321,000
    # keys of 85,000 reports took 39 MB at 100,000 messages for 44 values (the shift-start
    # line counts clusters right after the start: docs/benchmarks.md, "Session 21: the warm
    # queue at 100,000").
    one_key: dict[str, str] = {}
    keys = [[one_key.setdefault(k, k) for k in ReportFacts.keys(f)] for f in pool]
    # The chips are counted once on the pool and once on the other facts (the common ones
    # are counted on all).
    pool_devices = _device_counts(pool)
    all_devices = pool_devices + _device_counts(f for f in facts if f.likely)
    # How many reports of the pool have each key (each report's keys once), counted once
    # for the frequent keys and the machines' own.
    key_counts = Counter(chain.from_iterable(map(set, keys)))
    key_counts.update(pool_devices)
    noise_keys = _frequent((), len(pool), key_counts) | _common_chips(facts, all_devices) \
        | _session_lines(facts) | _machines_own(keys, pool, kinds, key_counts)
    del key_counts
    # A WordSet's words are distinct: counted as they are (no set made of each).
    word_counts = Counter(chain.from_iterable(f.words for f in pool))
    noise_words = _everyones_words(word_counts, len(pool))
    # Words one report of the pool says link no pair and are in no group's shared words:
    # left out of its signals' words (``_Signals.size`` counts them), but the device
    # kinds', which say what a report is not about (``_other_devices``).
    once = frozenset(w for w, n in word_counts.items() if n == 1).difference(
        *OTHER_DEVICE_KINDS)
    del word_counts
    # Each chip's key made once, not once per report (many reports share a machine;
    # docs/insight.md, "Session 13: the clustering's CPU after v38"); noise ones left out.
    device_key_of = {k.removeprefix("device:"): k for k in pool_devices if k not in noise_keys}
    chip_sets: dict[tuple[str, ...], frozenset[str]] = {}
    not_own = frozenset(noise_words).union(FUNCTION_WORDS, MACHINE_WORDS)  # one subtraction
    # One frozenset a distinct value of hardware and of errors: one each a report took 39
    # MB at 100,000 messages (docs/benchmarks.md, "Session 21: the warm queue at 100,000").
    one_set: dict[Any, Any] = {}
    signals = [_signals(f, k, device_key_of, chip_sets, noise_keys, not_own, one_set, once,
                        named)
               for f, k, named in zip(pool, keys, kinds, strict=True)]
    del one_set, one_key, keys, once, kinds
    # Candidate pairs come from shared keys and shared rare words (an inverted index):
    # comparing every pair would be quadratic in the reports.
    # Hardware and errors by key; words and whole sayings apart (no key made for each).
    # The reports' numbers kept 4 bytes each (``_numbers``), not as a list of int objects:
    # held through every pass, they were 12.7 MB at 85,000 reports (docs/insight.md,
    # "Session 23: the clustering's passes").
    postings: dict[str, MutableSequence[int]] = defaultdict(_numbers)
    with_chips: dict[frozenset[str], list[int]] = defaultdict(list)
    by_word: dict[str, MutableSequence[int]] = defaultdict(_numbers)
    by_said: dict[bytes, MutableSequence[int]] = defaultdict(_numbers)
    for i, sig in enumerate(signals):
        for k in (*sig.machine, *sig.errors):
            postings[k].append(i)
        if sig.chips:
            with_chips[sig.chips].append(i)
        for w in sig.words:
            by_word[w].append(i)
        if sig.said:
            by_said[sig.said].append(i)
    postings.update(_chip_postings(with_chips))
    model_errors = _ModelErrors(postings, signals)
    groups = _Groups(len(pool))
    # The chips of one chipset are on the same machines: their reports are compared once
    # (rules v38 made a machine's every peripheral chip a key; docs/insight.md, "Session
    # 13, twentieth round").
    compared: set[tuple[int, ...]] = set()
    # One report: no pair (most postings; docs/insight.md, "Session 12"); too many: too
    # common to be a problem's signal.
    for members in by_word.values():
        if 2 <= len(members) <= MAX_WORD_POSTINGS:
            _join_pairs(members, signals, groups, model_errors)
    for members in by_said.values():
        if 2 <= len(members) <= MAX_POSTINGS:
            _join_pairs(members, signals, groups, model_errors)
    for name, members in postings.items():
        if not 2 <= len(members) <= MAX_POSTINGS:
            continue
        if not name.startswith(_JOURNAL_KEYS):  # hardware (machine and chips)
            reports = tuple(members)
            if reports in compared:
                continue
            compared.add(reports)
            # A shared chip links only with two shared words (errors have postings of their
            # own): only reports that share a word are worth comparing.
            sharing: dict[str, list[int]] = defaultdict(list)
            for i in members:
                for w in signals[i].words:
                    sharing[w].append(i)
            for bucket in sharing.values():
                if len(bucket) > 1:  # most words are one report's: no pair, no call
                    _join_pairs(bucket, signals, groups, model_errors)
        else:
            _join_pairs(members, signals, groups, model_errors)
    _join_same_model_and_nearest(signals, groups)
    # Whether each report has a journal at all, noise included (rules v49).
    journal = [bool(f.errors or f.lines) for f in pool]
    _join_by_group_words(signals, groups, by_word, journal)
    _join_mail_by_most_words(signals, groups, by_word)
    attached = _attach_by_journal(signals, groups, postings, by_word)
    found = [_cluster([pool[i] for i in members], noise_keys, noise_words, today, weeks,
                      _attached_text(members, attached, pool))
             for members in groups.clusters()]
    found = [c for c in found if sum(c.per_week)]  # not one report in the window: old news
    by_key = {f.key: f for f in pool}
    found = _families(_unique_ids(found), by_key, not_own | GENERIC_WORDS | PROGRAM_WORDS,
                      today, weeks)
    return sorted(found, key=lambda c: (-c.per_week[-1], -sum(c.per_week), c.id))


def _everyones_words(word_counts: Counter[str], pool: int) -> set[str]:
    """The words of more than ``FREQUENT_SHARE`` of the pool's reports (``word_counts``, of
    ``pool`` reports): everybody's words ("start", "tails"), not one problem's; but never a
    word that names a kind of device (``OTHER_DEVICE_KINDS``: the sound, Bluetooth, a
    printer) or a concept the clusters fold from several languages (``CONCEPT_WORDS``:
    headphones, the volume, a sound that is gone). A new problem of a device can be a
    large share of the reports no known issue covers (8 of 20 in a quiet week): its own
    words were then left out as everybody's, only its reports' everyday words, those of
    their languages, still linked them, and the problem was split by language (rules
    v73; docs/insight.md, "Session 23: one problem in four languages")."""
    return _frequent((), pool, word_counts).difference(CLUSTER_KINDS)


CLUSTER_KINDS = CONCEPT_WORDS.union(*OTHER_DEVICE_KINDS)
_NAMING = FOLDED_FOR_CLUSTERS | PROBLEM_WORDS
"""The words a report must say one of to be folded or to name a kind of problem."""
_NO_KINDS: frozenset[str] = frozenset()
"""The words ``_everyones_words`` never gives (rules v73)."""


def _families(found: list[Cluster], by_key: Mapping[str, ReportFacts],
              not_own: frozenset[str], today: date, weeks: int) -> list[Cluster]:
    """Clusters grouped by the users' words alone (no shared signal) all of whose reports,
    in both, say one word of their own (not a function word, a program's name, a maker's
    or model's, a word of every problem, nor a word frequent in the pool) are one family:
    one problem whose reports the joins' bars split (fewer shared words than a join
    needs). They stay apart (pairs are the joins'), but a week with ``FLAG_PER_WEEK``
    reports of the family is flagged on each of its clusters that has one of them (rules
    v50; docs/insight.md, "Session 18, twenty-eighth round: likely recall and weeks")."""
    said = {c.id: frozenset.intersection(*(frozenset(by_key[k].words) for k in c.reports))
            - not_own for c in found if not c.signals}
    said = {cid: words for cid, words in said.items() if words}
    by_word: dict[str, list[str]] = defaultdict(list)
    for cid in sorted(said):
        for w in said[cid]:
            by_word[w].append(cid)
    # A cluster's family is the clusters saying one of its words, not theirs in turn: a
    # chain of one shared word at a time would join problems that share none.
    family_of = {cid: sorted({other for w in words for other in by_word[w]})
                 for cid, words in said.items()}
    family_of = {cid: family for cid, family in family_of.items() if len(family) >= 2}
    if not family_of:
        return found
    per_week_of = {c.id: c.per_week for c in found}
    starts = week_starts(today, weeks)
    result = []
    for c in found:
        family = family_of.get(c.id)
        if family is None:
            result.append(c)
            continue
        together = [sum(week) for week in zip(*(per_week_of[cid] for cid in family),
                                              strict=True)]
        result.append(replace(
            c, family=tuple(cid for cid in family if cid != c.id),
            flagged_weeks=tuple(starts[i] for i, n in enumerate(c.per_week)
                                if n >= FLAG_PER_WEEK or (n and together[i] >= FLAG_PER_WEEK))))
    return result


def _chip_postings(with_chips: Mapping[frozenset[str], list[int]]) -> dict[str, list[int]]:
    """The postings of the peripheral PCI chips (rules v38), from the reports of each
    distinct set of them (``with_chips``, reports in ascending order): one per set of
    reports, as the chips of one chipset are on the same machines and their postings would
    be the same (the clustering compares the reports of one posting once; docs/insight.md,
    "Session 13: the clustering's CPU after v38")."""
    sets = list(with_chips.values())
    containing: dict[str, list[int]] = defaultdict(list)
    for n, chips in enumerate(with_chips):
        for chip in chips:
            containing[chip].append(n)
    found: dict[str, list[int]] = {}
    seen: set[tuple[int, ...]] = set()
    for chip, where in containing.items():
        if (same := tuple(where)) in seen:
            continue  # the same reports as another chip's posting
        seen.add(same)
        found[chip] = sets[where[0]] if len(where) == 1 else sorted(
            chain.from_iterable(sets[n] for n in where))
    return found


def _join_same_model_and_nearest(signals: Sequence[_Signals], groups: _Groups) -> None:
    """Rules v30: join the groups (clusters and lone reports) whose reports are all of one
    machine model (reports that name no model aside, but one at least names it) and
    whose nearest, not confident, known issue is the same (a group's is the one more than
    half of its reports have), when their own words (not a
    program's, not one of every problem's) connect them, report to report, and together
    they hold three reports or more. The model says which machine and the nearest issue
    what the users describe, in any language (the matcher folds languages); the words say
    they agree. Two lone reports stay apart: two reports alone are too weak a sign
    (docs/insight.md, "Session 10, seventeenth round")."""
    # Lone reports as tuples of one, groups of two or more as lists, by smallest index
    # (without a list made for every lone report of the pool: docs/insight.md, "Session
    # 23: the clustering's passes").
    children = groups.children()
    by_key: dict[tuple[str, int], list[Sequence[int]]] = defaultdict(list)
    for root, up in enumerate(groups.parent):
        if up != root:
            continue
        others = children.get(root)
        if others is None:  # most: its own model and nearest issue, without counting
            alone = signals[root]
            if alone.product and alone.nearest:
                by_key[(alone.product, alone.nearest)].append((root,))
            continue
        members: Sequence[int] = [root, *others]
        products = {signals[i].product for i in members} - {""}
        (most, n), = Counter(signals[i].nearest for i in members).most_common(1)
        if len(products) == 1 and most and 2 * n > len(members):
            by_key[(next(iter(products)), most)].append(members)
    del children
    for found in by_key.values():
        # Each word's first group (the smallest number: ``found`` is walked in order), the
        # others joined to it as they come: the same joins as a set of groups a word kept
        # each joined to its smallest, without a set a word (20 MB at 85,000 reports).
        # Groups whose words name different kinds of problem are not joined, nor are
        # their groups through a third (``named``: per local group, the kinds its groups
        # name; docs/insight.md, "Session 23: different problems on the same machines").
        first_of: dict[str, int] = {}
        local = _Groups(len(found))
        named = {n: said for n, members in enumerate(found)
                 if (said := _kinds_of(signals, members))}  # most name none: not held
        for n, members in enumerate(found):
            for i in members:
                for w in signals[i].words:
                    if w in PROGRAM_WORDS or w in GENERIC_WORDS:
                        continue
                    first = first_of.setdefault(w, n)
                    if first == n:
                        continue
                    if not named:
                        local.join(first, n)
                        continue
                    a, b = local.find(first), local.find(n)
                    said_a, said_b = named.get(a, _NO_KINDS), named.get(b, _NO_KINDS)
                    if a != b and not kinds_disagree(said_a, said_b):
                        local.join(a, b)
                        if said_a or said_b:
                            named[min(a, b)] = said_a | said_b
        del first_of, named
        _join_three_or_more(found, local, groups)


def _kinds_of(signals: Sequence[_Signals], members: Sequence[int]) -> frozenset[str]:
    """The kinds of problem a group's reports name, together (``problem_kinds``)."""
    if len(members) == 1:
        return signals[members[0]].kinds
    return frozenset().union(*(signals[i].kinds for i in members))


def _join_three_or_more(found: Sequence[Sequence[int]], local: _Groups, groups: _Groups
                        ) -> None:
    """Join in ``groups`` the groups of ``found`` that ``local`` (over their numbers) put
    together, where they hold three reports or more together."""
    size: Counter[int] = Counter()
    for n, members in enumerate(found):
        size[local.find(n)] += len(members)
    for n, members in enumerate(found):
        root = local.find(n)
        if size[root] >= 3:
            groups.join(members[0], found[root][0])


def _join_by_group_words(signals: Sequence[_Signals], groups: _Groups,
                         by_word: Mapping[str, Sequence[int]], journal: Sequence[bool]
                         ) -> None:
    """Rules v39: join a group of two reports or more (a cluster the rules above made) and
    another group or a lone report when the words every report of both has, not a
    program's nor one of every problem's, hold ``GROUP_MIN_SHARED`` rare words (each in no
    more reports of the pool, ``by_word``, than ``GROUP_RARE_SHARE`` times the reports of
    the two) and no more words that are not rare than rare ones. Reports in two languages
    share only the words that cross languages (a site's or a program's name, an acronym,
    a concept the lexicon folds): too few for a pair, but a cluster's reports all saying
    them is the evidence a pair lacks. Two reports of one language share its everyday
    words too (common in the pool): more of those than rare words is a language, not a
    problem. A group whose reports all share a chip, machine, app or journal error takes
    only reports that have one of them or say nothing of their hardware (a mail): the
    cluster is that hardware's problem. A lone report joins only the group it shares the
    most rare words with (none on a tie), so one report never bridges two clusters
    (docs/insight.md, "Session 14, twenty-first round").

    Rules v40: the groups this joins are looked at again, until none joins: a problem
    written in many languages is split into several small groups, none of which alone is
    big enough for the words all its reports say to be rare (ten reports saying "qr" are
    not rare for two groups of three), but the groups it joined are (docs/insight.md,
    "Session 15, twenty-second round")."""
    concepts: dict[int, frozenset[str]] = {}
    while _group_words_pass(signals, groups, by_word, concepts, journal):
        pass


def _group_words_pass(signals: Sequence[_Signals], groups: _Groups,
                      by_word: Mapping[str, Sequence[int]],
                      concepts: dict[int, frozenset[str]], journal: Sequence[bool]) -> bool:
    """One pass of ``_join_by_group_words`` over the groups as they are: whether it joined
    any. ``concepts``: the words two clusters were joined by in ``_rare_together`` (rules
    v48), by a report of them, kept between passes. ``journal``: whether each report has a
    journal, noise included (rules v49, ``_logs_one``)."""
    found = groups.clusters()
    own: list[frozenset[str]] = []
    hardware: list[frozenset[str]] = []
    logged: list[frozenset[str]] = []
    named = [_kinds_of(signals, members) for members in found]
    by_core: dict[str, list[int]] = defaultdict(list)  # cluster by word every report says
    for n, members in enumerate(found):
        core = frozenset.intersection(*(signals[i].words for i in members))
        # Rules v73: a concept more than half of its reports say counts as all said: one
        # report of a sound problem names the volume where the others name the headphones.
        said = Counter(w for i in members for w in signals[i].words & CLUSTER_KINDS)
        core = core.union(w for w, k in said.items() if 2 * k > len(members))
        own.append(core - PROGRAM_WORDS - GENERIC_WORDS)
        hardware.append(frozenset.intersection(
            *(signals[i].hardware | signals[i].errors for i in members)))
        logged.append(_most_logged(signals, members))
        for w in own[n]:
            by_core[w].append(n)

    def fits(members: Sequence[int], m: int) -> bool:
        """Whether ``members`` have one of cluster ``m``'s shared chips, machine, app or
        errors (when it has any), or name no hardware; and one of the journal lines most
        of its reports log (when they do), or have no journal (rules v49)."""
        shared = hardware[m]
        return (not shared or all(not signals[i].hardware or not shared.isdisjoint(
            signals[i].hardware | signals[i].errors) for i in members)) and _logs_one(
                signals, journal, members, logged[m])

    def rare_shared(words: frozenset[str], size: int, m: int) -> int:
        """How many of ``words`` (a group of ``size`` reports) are cluster ``m``'s and
        rare, or 0 when more of those they share are not rare (a language shared)."""
        return _rare_shared(words & own[m], GROUP_RARE_SHARE * (size + len(found[m])),
                            by_word)

    def says_most(words: frozenset[str], m: int) -> bool:
        """Rules v48: whether a lone report's ``words`` hold more than half of the concepts
        cluster ``m`` was joined by (``_rare_together``, in an earlier pass: ``found`` is
        this pass's groups as they were before it), if it was: clusters in several
        languages that share only concepts are one problem by all of them together, and a
        report that says two of four ("video" and "sound", not "screen" nor "off") tells
        another problem."""
        return all(2 * len(words & concepts[k]) > len(concepts[k])
                   for k in found[m] if k in concepts)

    joined = False
    find = groups.find
    joined_by: dict[int, frozenset[str]] = {}  # this pass's: its lone reports see ``found``
    for n, members in enumerate(found):
        for m in sorted({m for w in own[n] for m in by_core[w] if m > n}):
            if (find(members[0]) != find(found[m][0]) and not kinds_disagree(named[n], named[m])
                    and fits(found[m], n) and fits(members, m)):
                if rare_shared(own[n], len(members), m) < GROUP_MIN_SHARED:
                    if not _rare_together(own[n] & own[m], GROUP_RARE_SHARE * (
                            len(members) + len(found[m])), by_word):
                        continue
                    joined_by[members[0]] = own[n] & own[m]
                groups.join(members[0], found[m][0])
                joined = True
    # Lone reports: only those that say a word some cluster's reports all say.
    clustered = set(chain.from_iterable(found))
    lone = sorted(set(chain.from_iterable(by_word[w] for w in by_core)) - clustered)
    for i in lone:
        words = frozenset(filter(by_core.__contains__, signals[i].words))
        if len(words) < GROUP_MIN_SHARED:
            continue
        options = sorted(((rare_shared(words, 1, m), m) for m in {
            m for w in words for m in by_core[w]}
            if fits((i,), m) and not kinds_disagree(signals[i].kinds, named[m])), reverse=True)
        options = [(k, m) for k, m in options if k >= GROUP_MIN_SHARED]
        if options and (len(options) == 1 or options[0][0] > options[1][0]) and says_most(
                words, options[0][1]):
            groups.join(i, found[options[0][1]][0])
            joined = True
    concepts.update(joined_by)
    return joined


def _most_logged(signals: Sequence[_Signals], members: Sequence[int]) -> frozenset[str]:
    """The journal errors and lines more than half of ``members`` log (rules v49)."""
    counts = Counter(chain.from_iterable(signals[i].errors for i in members))
    return frozenset(k for k, n in counts.items() if 2 * n > len(members))


def _logs_one(signals: Sequence[_Signals], journal: Sequence[bool], members: Sequence[int],
              logged: frozenset[str]) -> bool:
    """Whether each of ``members`` that has a journal logs one of ``logged`` (a cluster's
    ``_most_logged``), when there are any: the machines of one problem log what it does,
    and a report whose journal logs none of it is another problem, whatever words it
    shares with them (rules v49; docs/insight.md, "Session 18, twenty-eighth round:
    cluster pairs")."""
    return not logged or all(
        not journal[i] or not logged.isdisjoint(signals[i].errors) for i in members)


def _rare_shared(common: frozenset[str], limit: float, by_word: Mapping[str, Sequence[int]]
                 ) -> int:
    """How many of the words two groups share (``common``) are rare, in no more reports of
    the pool (``by_word``) than ``limit``; 0 when more of them are not rare (a language
    shared, rules v39) or when every rare one is a two-letter word (``SHORT_WORD``: a
    language's everyday words, rules v43)."""
    rare = [w for w in common if len(by_word[w]) <= limit]
    if all(len(w) <= SHORT_WORD for w in rare):
        return 0
    return len(rare) if 2 * len(rare) >= len(common) else 0


def _rare_together(common: frozenset[str], limit: float,
                   by_word: Mapping[str, Sequence[int]]) -> bool:
    """Rules v48: whether the words two clusters share (``common``), ``TOGETHER_MIN_SHARED``
    or more and not two-letter ones alone, are said all together by no more reports of the
    pool (``by_word``) than ``limit``, and each by no more than ``TOGETHER_RARE_SHARE``
    times ``limit``. A problem in many languages is split into clusters of a few reports
    each, which share only the concepts the lexicon folds ("screen", "video", "sound", "off"
    for a screen that goes off while a video plays): each of them is said by most of the
    problem's reports and by a report or two besides, too many to be rare for two of those
    clusters (``_rare_shared``), but few reports say them all (docs/insight.md, "Session 17,
    twenty-seventh round: cluster pairs")."""
    if len(common) < TOGETHER_MIN_SHARED or all(len(w) <= SHORT_WORD for w in common):
        return False
    postings = sorted((by_word[w] for w in common), key=len)
    if len(postings[-1]) > TOGETHER_RARE_SHARE * limit:
        return False
    together = set(postings[0]).intersection(*postings[1:])
    return len(together) <= limit


def _join_mail_by_most_words(signals: Sequence[_Signals], groups: _Groups,
                             by_word: Mapping[str, Sequence[int]]) -> None:
    """Rules v43: a lone report that names no chip, machine or app and has no journal line
    (a mail, a report without its debug sections) joins the cluster more than half of whose
    reports say ``GROUP_MIN_SHARED`` or more of its words, each in no more reports of the
    pool than ``MAIL_MOST_RARE`` times the cluster's reports and the mail (no more words
    shared that are not so rare than ones that are, not two-letter words alone: as
    ``_rare_shared``), the one it shares the most such words with, none on a tie. Every
    report of a cluster in many languages rarely says one word (the Portuguese one writes
    "preto" for black, the Sinhala one nothing the lexicon folds), so the words all of
    them say (``_join_by_group_words``) are too few; a mail has nothing but its words to
    go by, so the words must be nearly the cluster's alone. A cluster all of whose reports
    share a chip, machine or app is that hardware's problem (a regression's): a mail cannot
    show it has it, and takes no part in it (docs/insight.md, "Session 16, twenty-fourth
    round: cluster pairs").

    Rules v52: the name of the program most of the cluster's reports name counts among
    those words (Metadata Cleaner's "metadata" beside "mp4"), as long as one rare word of
    the two is not a program's: a mail says which program it is about, and Spanish
    "limpiador" or a French "correcteur" are not folded, but a program's name alone says
    nothing of which of its problems (docs/insight.md, "Session 19, thirtieth round")."""
    found = groups.clusters()
    most: list[frozenset[str]] = []
    by_most: dict[str, list[int]] = defaultdict(list)  # cluster by word most reports say
    for n, members in enumerate(found):
        said = Counter(chain.from_iterable(signals[i].words for i in members))
        hardware = frozenset.intersection(*(signals[i].hardware for i in members))
        most.append(frozenset() if hardware else frozenset(
            w for w, k in said.items() if 2 * k > len(members)) - GENERIC_WORDS)
        for w in most[n]:
            by_most[w].append(n)
    for clusters_of in by_most.values():  # the largest first: see ``rare_for`` below
        clusters_of.sort(key=lambda m: -len(found[m]))
    clustered = set(chain.from_iterable(found))
    for i in sorted(set(chain.from_iterable(by_word[w] for w in by_most)) - clustered):
        if signals[i].hardware or signals[i].errors:
            continue
        # Rules v51: not the words that name a device ("usb"): a mail about a USB stick
        # shares them with every cluster of a stick's problem, whatever went wrong.
        words = frozenset(filter(by_most.__contains__, signals[i].words - HARDWARE_WORDS))
        if len(words) < GROUP_MIN_SHARED:
            continue
        # Only a cluster for which two or more of the words are rare can be chosen
        # (``_rare_shared``): a word in more reports of the pool than the largest cluster
        # could make rare names no candidate, and the clusters of a word are walked from
        # the largest down while it is rare for them. The same options as asking every
        # cluster that shares a word, without the cost of mails x clusters for the words
        # every language says (docs/insight.md, "Session 16, twenty-fourth round: cluster
        # pairs").
        rare_for: Counter[int] = Counter()
        for w in words:
            pool = len(by_word[w])
            for m in by_most[w]:
                if pool > MAIL_MOST_RARE * (len(found[m]) + 1):
                    break
                rare_for[m] += 1
        options = sorted(((_rare_shared(words & most[m], MAIL_MOST_RARE * (len(found[m]) + 1),
                                        by_word), m)
                          for m, k in rare_for.items() if k >= GROUP_MIN_SHARED), reverse=True)
        # Rules v52: a program's name counts, but one rare word is not a program's.
        options = [(k, m) for k, m in options if k >= GROUP_MIN_SHARED and any(
            len(by_word[w]) <= MAIL_MOST_RARE * (len(found[m]) + 1)
            for w in words & most[m] - PROGRAM_WORDS)]
        if options and (len(options) == 1 or options[0][0] > options[1][0]):
            groups.join(i, found[options[0][1]][0])


@dataclass(frozen=True, slots=True)
class _Attachment:
    """Why ``_attach_by_journal`` added a lone report to a cluster: the journal keys it
    logs that only that cluster's reports log, with how many of them log each, and the
    words it says that most of them say."""

    keys: tuple[tuple[str, int], ...]
    words: tuple[str, ...]
    others: int
    """The cluster's reports before the report joined."""


def _attach_by_journal(signals: Sequence[_Signals], groups: _Groups,
                       postings: Mapping[str, Sequence[int]],
                       by_word: Mapping[str, Sequence[int]]) -> dict[int, _Attachment]:
    """Rules v52: a report no rule put in a cluster joins the cluster one of whose reports
    logs a journal error or line it logs, that no report of another cluster logs (not
    noise, nor a line reports of two known issues log: those are no keys here), when it
    also says a word more than half of that cluster's reports say, rare (in no more reports
    of the pool than ``GROUP_RARE_SHARE`` times the cluster's and its own; a program's name
    counts, one of every problem's, "error", does not). A pair needs one such line and two
    words of their own (``_linked``): a report whose user writes a language the lexicon
    does not fold ("tegnebrettet", "comprimiendo") shares one word at most with any other
    report, but that word is what the cluster's reports say and the line what their
    machines log. Clusters are taken as the rules above made them (no report joins
    through another that joins in this pass); of two clusters, the one it shares more
    keys with, none on a tie. A cluster all of whose reports share a chip, machine or app
    takes only a report that has one of them or names no hardware (as rule 5). Returns
    each report joined, with why (docs/insight.md, "Session 19, thirtieth round: cluster
    pair recall")."""
    found = groups.clusters()
    cluster_of = {i: n for n, members in enumerate(found) for i in members}
    most: dict[int, frozenset[str]] = {}

    def rare_most(n: int) -> frozenset[str]:
        """The words more than half of cluster ``n`` says, rare for it and one report."""
        words = most.get(n)
        if words is None:
            members = found[n]
            said = Counter(chain.from_iterable(signals[i].words for i in members))
            limit = GROUP_RARE_SHARE * (len(members) + 1)
            words = most[n] = frozenset(
                w for w, k in said.items()
                if 2 * k > len(members) and len(by_word[w]) <= limit) - GENERIC_WORDS
        return words

    machines: dict[int, frozenset[str]] = {}

    def fits(sig: _Signals, n: int) -> bool:
        """Whether a report with ``sig`` has one of the chips, machine or app every report
        of cluster ``n`` has, if they share any, or names no hardware: as rule 5 asks
        (``_group_words_pass``), a cluster of one machine's reports is that hardware's
        problem."""
        shared = machines.get(n)
        if shared is None:
            shared = machines[n] = frozenset.intersection(
                *(signals[i].hardware for i in found[n]))
        return not shared or not sig.hardware or not shared.isdisjoint(sig.hardware)

    owner: dict[str, tuple[int, int] | None] = {}  # per key: its one cluster, how many

    def owned(key: str) -> tuple[int, int] | None:
        """The one cluster whose reports log ``key`` and how many of them do, if one."""
        if key in owner:
            return owner[key]
        reports = postings.get(key, ())
        logging = Counter(cluster_of[j] for j in reports if j in cluster_of) if len(
            reports) <= MAX_POSTINGS else Counter()
        found_one = owner[key] = next(iter(logging.items())) if len(logging) == 1 else None
        return found_one

    chosen: dict[int, tuple[int, _Attachment]] = {}
    for i, sig in enumerate(signals):
        if i in cluster_of or not sig.errors or not sig.size:
            continue
        shared: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for key in sig.errors:
            if (one := owned(key)) is not None:
                shared[one[0]].append((key, one[1]))
        options = sorted(((len(keys), n) for n, keys in shared.items()
                          if not sig.words.isdisjoint(rare_most(n)) and fits(sig, n)
                          and not kinds_disagree(sig.kinds, _kinds_of(signals, found[n]))),
                         reverse=True)
        if options and (len(options) == 1 or options[0][0] > options[1][0]):
            n = options[0][1]
            chosen[i] = (n, _Attachment(tuple(sorted(shared[n])),
                                        tuple(sorted(sig.words & rare_most(n))),
                                        len(found[n])))
    for i, (n, _) in chosen.items():
        groups.join(i, found[n][0])
    return {i: why for i, (_, why) in chosen.items()}


def _attached_text(members: Sequence[int], attached: Mapping[int, _Attachment],
                   pool: Sequence[ReportFacts]) -> tuple[str, ...]:
    """What the hot topics screen says of each report of ``members`` that
    ``_attach_by_journal`` added (``Cluster.attached``)."""
    return tuple(attached_text(pool[i].report_id or pool[i].key, why.keys, why.others,
                               why.words)
                 for i in members if (why := attached.get(i)) is not None)


class _ModelErrors:
    """Which journal errors are one of a machine model's problems, not the model's own
    noise: two or more of its reports log them and another of its reports with a journal
    does not (from three such reports on; docs/insight.md, "Session 10, sixteenth round").
    Asked only for two reports of one model that share an error and no word, so counted
    when asked. Since rules v51 it also answers whether two journal lines that are no
    errors are logged together (``logged_together``), from the same postings."""

    def __init__(self, postings: Mapping[str, Sequence[int]],
                 signals: Sequence[_Signals]) -> None:
        self.postings = postings
        self.signals = signals
        self.with_journal = Counter(s.product for s in signals if s.product and s.errors)
        self.together: dict[tuple[str, str], bool] = {}

    def logged_together(self, lines: Iterable[str]) -> bool:
        """Rules v51: whether two of ``lines`` (journal lines that are no errors, shared by
        two reports) are logged together: by mostly the same reports (half of the reports
        logging either log both), or ``LINES_LIFT`` times as often as chance would have it
        (reports logging both, times the pool, over the product of the reports logging
        each). One problem's lines come together, while a real journal's session lines,
        each logged by a share of all machines, come together by chance only, and two of
        them shared link no pair without words (docs/insight.md, "Session 18, twenty-ninth
        round: cluster precision")."""
        ordered = sorted(lines)
        return any(self._together(x, y) for n, x in enumerate(ordered) for y in ordered[n + 1:])

    def _together(self, first: str, second: str) -> bool:
        """``logged_together`` for two lines, answered once per pair of lines."""
        found = self.together.get((first, second))
        if found is None:
            x = self.postings.get(first, ())
            y = self.postings.get(second, ())
            # A line more reports log than MAX_POSTINGS is a common machine's, not a
            # problem's (and its postings are the longest to intersect).
            both = len(set(x).intersection(y)) if len(x) <= MAX_POSTINGS >= len(y) else 0
            # Mostly the same reports (half of those logging either log both), or more
            # often than chance: in a small pool a problem's lines can be most of it.
            found = self.together[(first, second)] = bool(both) and (
                3 * both >= len(x) + len(y)
                or both * len(self.signals) >= LINES_LIFT * len(x) * len(y))
        return found

    def any_of(self, product: str, errors: Iterable[str]) -> bool:
        """Whether one of ``errors`` is one of ``product``'s problems'."""
        total = self.with_journal[product]
        if total <= 2:
            return False
        for error in errors:
            members = self.postings.get(error, ())
            if len(members) <= MAX_POSTINGS and 2 <= sum(
                    1 for i in members if self.signals[i].product == product) < total:
                return True
        return False


def _unique_ids(found: list[Cluster]) -> list[Cluster]:
    """Two clusters can share the signals their id comes from (one machine model and one
    journal error, but users' words that do not link them): each then gets an id of its
    own, from that id and its oldest report, whatever the order they were found in (the
    issue form and the hot-topics cursor find a cluster by its id)."""
    seen = Counter(c.id for c in found)
    return [c if seen[c.id] == 1 else replace(c, id=_cluster_id(f"{c.id}|{c.reports[-1]}"))
            for c in found]


def _cluster_id(signature: str) -> str:
    return "C-" + hashlib.sha1(f"{RULES_VERSION}:{signature}".encode()).hexdigest()[:6]


def _cluster(members: list[ReportFacts], noise_keys: set[str], noise_words: set[str],
             today: date, weeks: int, attached: tuple[str, ...] = ()) -> Cluster:
    members.sort(key=_newest_first)
    key_counts: Counter[str] = Counter(
        k for f in members for k in {*f.keys(), *_device_keys(f.devices)} - noise_keys)
    word_counts: Counter[str] = Counter(w for f in members for w in f.words - noise_words)
    # Named after what most reports share, chips, apps and errors before a chipset's other
    # chips (rules v38) and journal lines (``_KIND_RANK``).
    shared = [k for k, n in sorted(key_counts.items(), key=lambda kv: (
        -kv[1], _KIND_RANK.get(kv[0].split(":", 1)[0], 0), kv[0])) if n >= 2][:3]
    words = [w for w, n in sorted(word_counts.items(), key=lambda kv: (-kv[1], kv[0]))
             if n >= 2][:4]
    # The users' own words explain a cluster on screen only: they can hold a name, and the
    # signals go into the team report and the JSON (docs/insight.md).
    explained = [explain(k, key_counts[k], len(members)) for k in shared]
    signature = "|".join(shared) or "|".join(words) or members[-1].key
    label = explained[0] if explained else f"similar words ({len(members)} reports)"
    weekly = per_week((f.received for f in members), today, weeks)
    starts = week_starts(today, weeks)
    return Cluster(
        id=_cluster_id(signature),
        label=label,
        signals=tuple(explained),
        reports=tuple(f.key for f in members),
        per_week=weekly,
        flagged_weeks=tuple(starts[i] for i, n in enumerate(weekly) if n >= FLAG_PER_WEEK),
        versions=_top(Counter(f.version for f in members if f.version)),
        hardware=_top(Counter(h for f in members for h in f.hardware)),
        report_ids=tuple(f.report_id for f in members if f.report_id),
        words=tuple(words),
        attached=attached,
    )


# ------------------------------------------------------------------ regressions

@dataclass(frozen=True, slots=True)
class Regression:
    """A group of reports that rose on a new release against the weeks before it."""

    group: str
    """``GPU 8086:a7a0``, ``machine Dell XPS 15 7590``, ``#19123``."""
    version: str
    count_new: int
    days_new: int
    count_before: int
    weeks_before: int
    reports: tuple[str, ...] = ()
    unencrypted: int = 0
    """How many of ``reports`` came unencrypted, when the reports hold encrypted ones too
    (rules v73)."""

    @property
    def mostly_unencrypted(self) -> bool:
        """Whether more than half of its reports came unencrypted: anyone could have sent
        them (rules v73)."""
        return 2 * self.unencrypted > self.count_new

    @property
    def explanation(self) -> str:
        """``GPU 8086:a7a0: 5 reports on 7.7 in 6 days, 0 on earlier versions in the 4 weeks
        before and since``: the reports on earlier versions since the release count too
        (rules v73); ``(4 of them unencrypted)`` after it when most are."""
        plain = mostly_unencrypted_said(self.unencrypted, self.count_new)
        return (f"{self.group}: {self.count_new} reports on {self.version} in {self.days_new} "
                f"days, {self.count_before} on earlier versions in the {self.weeks_before} "
                f"weeks before and since{plain}")


def version_key(version: str) -> tuple[int, ...]:
    """A version as numbers for ordering (``7.10`` after ``7.9``); unreadable ones first."""
    parts = []
    for part in version.split("~")[0].split("."):
        if not part.isdigit():
            return (-1,)
        parts.append(int(part))
    return tuple(parts)


def on_version(version: str, release: str) -> bool:
    """Whether a report's version belongs to a release (``7.7`` holds ``7.7.1``)."""
    return version == release or version.startswith(release + ".")


_DEVICE_GROUPS = ("PCI device ", "USB device ", *_HOST_GROUPS)
_PREFIXED_GROUPS = {USB_PREFIX[:-1]: _DEVICE_GROUPS[1],
                    **{h.prefix[:-1]: h.group for h in _HOSTS}}
"""A device's prefix (without its colon) -> its group's name; a PCI chip has none (its
``vendor:device`` starts with a hex digit)."""


def _device_group(device: str) -> str:
    kind, _, rest = device.partition(":")
    group = _PREFIXED_GROUPS.get(kind)
    return f"{_DEVICE_GROUPS[0]}{device}" if group is None else f"{group}{rest}"


def _named_on(host: _Host, f: ReportFacts) -> set[str]:
    """What a report names of what sits on a host (``_HOSTS``): its user's words and its
    journal's error lines (not its other lines: a touchpad's or a sensor's driver says
    hello at every start)."""
    named: set[str] = set()
    for word in f.words:
        if word.startswith(host.word_starts):
            named.update(what for start, what in host.words if word.startswith(start))
    for line in f.errors:
        for token in line.replace("-", "_").replace("_", " ").split():
            if token.startswith(host.journal_starts):
                named.update(what for start, what in host.journal if token.startswith(start))
    return named


_SHARE_NOTHING_ELSE = "most of these reports share nothing else that rose"


def _host_regressions(found: Sequence[Regression],
                      members: Mapping[str, Sequence[ReportFacts]]) -> list[Regression]:
    """Rules v53 and v57: of the groups that rose, a host (``_HOSTS``: an SMBus or a
    signal processing controller, which every machine of a chipset has) is kept only when
    it is what the rising reports share: when more than half of its reports name what sits
    on it (a touchpad, a TrackPoint, the i2c_i801 driver's errors; a screen's rotation,
    tablet mode, the amd_sfh driver's errors), or when the other groups that rose (GPUs,
    chips, machines, issues), all of them together, hold half of its reports or fewer:
    else it only rose with them (one chipset's GPU regressions). It is named with the
    reason ("SMBus 8086:51a3 (touchpad, TrackPoint)", "sensor hub 1022:15e4 (rotation,
    amd_sfh errors)"), since a member who reads a chipset's plumbing in the list wants to
    know why (docs/insight.md, "Session 19, thirtieth round: regressions" and "Session 19,
    thirty-first round: a sensor hub's regression")."""
    kept: list[Regression] = []
    explained: set[str] = set()
    for r in found:
        if not r.group.startswith(_HOST_GROUPS):
            explained.update(r.reports)
    for r in found:
        if not r.group.startswith(_HOST_GROUPS):
            kept.append(r)
            continue
        host = next(h for h in _HOSTS if r.group.startswith(h.group))
        said: set[str] = set()
        saying = 0
        for f in members[r.group]:
            named = _named_on(host, f)
            said |= named
            saying += bool(named)
        mine = set(r.reports)
        if 2 * saying > len(mine):
            names = [w for w in host.names if w in said]
            kept.append(replace(r, group=f"{r.group} ({', '.join(names)})"))
        elif 2 * len(mine & explained) <= len(mine):
            kept.append(replace(r, group=f"{r.group} ({_SHARE_NOTHING_ELSE})"))
    return kept


def _groups_of(f: ReportFacts) -> list[str]:
    found = [f"GPU {g}" for g in f.gpus] + [f"Wi-Fi/network chip {n}" for n in f.network]
    found += [_device_group(d) for d in f.devices]
    if f.product:
        found.append(f"machine {f.product}")
    if f.likely:
        found.append(f"#{f.likely[0]}")
    return found


def _group_counts(facts: Sequence[ReportFacts]) -> Counter[str]:
    """``Counter(g for f in facts for g in _groups_of(f))``: each kind of group counted in
    C, each value named once (no two kinds share a name: each has its own prefix;
    docs/insight.md, "Session 18: stats --json at 100,000")."""
    kinds: tuple[tuple[Iterable[Any], Callable[[Any], str]], ...] = (
        (chain.from_iterable(map(_GPUS, facts)), "GPU {}".format),
        (chain.from_iterable(map(_NETWORK, facts)), "Wi-Fi/network chip {}".format),
        (chain.from_iterable(map(_DEVICES, facts)), _device_group),
        (filter(None, map(_PRODUCT, facts)), "machine {}".format),
        (map(itemgetter(0), filter(None, map(_LIKELY, facts))), "#{}".format),
    )
    counts: Counter[str] = Counter()
    for values, name in kinds:
        for value, times in Counter(values).items():
            counts[name(value)] += times
    return counts


def regressions(facts: Sequence[ReportFacts], releases: Sequence[tuple[str, date]],
                today: date) -> list[Regression]:
    """Groups (chips, machines, issues) whose share of reports rose on the newest release
    against the ``REGRESSION_WEEKS_BEFORE`` weeks before it: at least ``REGRESSION_MIN_NEW``
    reports on it, and a share ``REGRESSION_RATIO`` times the share before (smoothed, so a
    group never seen before needs the minimum count, and a release that brings more reports
    of every kind flags nothing)."""
    past = [r for r in releases if r[1] <= today]
    if not past:
        return []
    # The newest release by its number (an old version first reported lately is not new).
    version, released = max(past, key=lambda r: (version_key(r[0]), r[1]))
    start_before = released - timedelta(days=WEEK * REGRESSION_WEEKS_BEFORE)
    if not _history_before(facts, start_before, released):
        return []  # nothing to compare with: said (``regressions_said``), never guessed
    new, _ = one_per_user([f for f in facts if f.received is not None
                           and released <= f.received <= today
                           and on_version(f.version, version)])  # users, not mails
    # Earlier versions are compared from the weeks before the release up to today: users
    # who have not upgraded yet report on them after it too, and a regression said "0 on
    # earlier versions" of a chip three 7.6.2 reports had since the release (rules v73;
    # docs/insight.md, "Session 23: numbers forged reports cannot bend").
    before = [f for f in facts if f.received is not None and start_before <= f.received
              <= today and f.version and not on_version(f.version, version)]
    if not new:
        return []
    new_groups: dict[str, list[ReportFacts]] = defaultdict(list)
    for f in new:
        for g in _groups_of(f):
            new_groups[g].append(f)
    before_counts = _group_counts(before)
    found = []
    for group, members in new_groups.items():
        count_new, count_before = len(members), before_counts[group]
        share_new = count_new / len(new)
        share_before = (count_before + 0.5) / (len(before) + 1)
        rose = (share_new >= REGRESSION_RATIO * share_before
                and _chance(count_new, share_before * len(new)) <= REGRESSION_CHANCE)
        if count_new >= REGRESSION_MIN_NEW and rose:
            found.append(Regression(group, version, count_new, (today - released).days + 1,
                                    count_before, REGRESSION_WEEKS_BEFORE,
                                    tuple(f.key for f in sorted(members, key=_newest_first))))
    found = _host_regressions(found, new_groups)
    # The same reports rising under several names (their GPU, Wi-Fi chip and machine) are
    # one regression, named by all of them.
    # A peripheral chip only names reports no GPU, network chip, machine or issue already
    # does (the machines of a GPU's regression share their audio and USB chips too); an
    # SMBus or sensor hub still kept names them too, with its reason (rules v53 and v57:
    # what its users name).
    merged: dict[tuple[str, ...], Regression] = {}
    for r in sorted(found, key=lambda r: (r.group.startswith(_DEVICE_GROUPS), r.group)):
        known = merged.get(r.reports)
        if known is not None and r.group.startswith(_DEVICE_GROUPS[:2]):
            continue
        merged[r.reports] = r if known is None else Regression(
            f"{known.group}, {r.group}", r.version, r.count_new, r.days_new,
            max(known.count_before, r.count_before), r.weeks_before, r.reports)
    found = [_shortened(r, new) for r in _one_line_per_reports(
        sorted(merged.values(), key=lambda r: (-r.count_new, r.group)))]
    if Kind.REPORT.value not in map(_KIND_OF, facts):  # no encrypted report
        return found
    plain = {f.key for f in new if unencrypted(f)}
    return [replace(r, unencrypted=len(plain.intersection(r.reports))) for r in found]


def _history_before(facts: Iterable[ReportFacts], start: date, released: date) -> bool:
    """Whether at least ``REGRESSION_MIN_HISTORY`` reports were received from ``start`` to
    the day before ``released``: the history a regression is measured against."""
    found = 0
    for f in facts:
        if f.received is not None and start <= f.received < released:
            found += 1
            if found >= REGRESSION_MIN_HISTORY:
                return True
    return False


def regressions_said(facts: Sequence[ReportFacts], releases: Sequence[tuple[str, date]],
                     today: date) -> str:
    """Why no regression can be called on the newest release, for the member: "not enough
    history before 7.7 to call regressions" when fewer than ``REGRESSION_MIN_HISTORY``
    reports came in the ``REGRESSION_WEEKS_BEFORE`` weeks before it; "" otherwise (rules
    v76; docs/insight.md, "Session 23: counts fair to real members")."""
    past = [r for r in releases if r[1] <= today]
    if not past:
        return ""
    version, released = max(past, key=lambda r: (version_key(r[0]), r[1]))
    start = released - timedelta(days=WEEK * REGRESSION_WEEKS_BEFORE)
    return "" if _history_before(facts, start, released) else NO_HISTORY.format(
        release=version)


UNKNOWN_VERSION = "unknown version"
"""How an issue's version line shows a version the releases do not know (a forged 9.9)."""


def known_version(version: str, releases: Sequence[tuple[str, date]]) -> bool:
    """Whether ``version`` is of a known release, or older than the newest (a copy of the
    feed may list recent releases only); True when no release is known."""
    if not releases:
        return True
    if any(on_version(version, r) for r, _ in releases):
        return True
    newest = max(version_key(r) for r, _ in releases)
    key = version_key(version)
    return key != (-1,) and key < newest


def versions_shown(versions: Iterable[tuple[str, int]], releases: Sequence[tuple[str, date]]
                   ) -> tuple[tuple[str, int], ...]:
    """An issue's versions with those the releases do not know counted together as
    ``UNKNOWN_VERSION``, last: "Versions: 7.7 12, unknown version 3", never "9.9 3"
    (rules v76)."""
    known: list[tuple[str, int]] = []
    unknown = 0
    for version, n in versions:
        if known_version(version, releases):
            known.append((version, n))
        else:
            unknown += n
    return (*known, (UNKNOWN_VERSION, unknown)) if unknown else tuple(known)


SHOWN_NAME = 60
"""The longest machine name a regression's name shows whole: a report names its machine
as it likes (a forged one with 300 characters filled a row and its detail at 80x24)."""


def shortened(name: str, limit: int = SHOWN_NAME) -> str:
    """``name`` cut to ``limit`` characters, its end an ellipsis when cut."""
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


def _shortened(found: Regression, facts: Iterable[ReportFacts]) -> Regression:
    """``found`` with each long machine name in its name ``shortened`` (rules v73)."""
    group = found.group
    for product in {f.product for f in facts if len(f.product) > SHOWN_NAME}:
        group = group.replace(product, shortened(product))
    return found if group == found.group else replace(found, group=group)


def _one_line_per_reports(found: Sequence[Regression]) -> list[Regression]:
    """Rules v39: a regression most of whose reports (more than half) a larger one already
    holds is that one's, named in it ("5 of them also ..."): the machines of a chip's
    regression share their GPU, Wi-Fi chip or model too, and one line per group of reports
    is what a member relays (docs/insight.md, "Session 14, twenty-first round").
    ``found``: largest first."""
    kept: list[Regression] = []
    also: list[list[str]] = []
    for r in found:
        mine = set(r.reports)
        at = next((n for n, k in enumerate(kept)
                   if 2 * len(mine.intersection(k.reports)) > len(mine)), None)
        if at is None:
            kept.append(r)
            also.append([])
        else:
            also[at].append(f"{len(mine.intersection(kept[at].reports))} of them also {r.group}")
    return [replace(r, group=f"{r.group} ({'; '.join(more)})") if more else r
            for r, more in zip(kept, also, strict=True)]


def _chance(count: int, expected: float) -> float:
    """How often a Poisson count of mean ``expected`` reaches ``count`` or more: small
    when ``count`` is far above ``expected`` (docs/insight.md, "Regressions after a
    release"). Summed from ``count`` up, in log space (no underflow at large means)."""
    term = math.exp(count * math.log(expected) - expected - math.lgamma(count + 1))
    total, k = 0.0, count
    while term > 1e-15 * total and k < count + 10_000:
        total += term
        k += 1
        term *= expected / k
    return min(total, 1.0)


# ------------------------------------------------------------------ releases and overview

RELEASE_SPREAD = 14
"""Days within which a version's first reports follow each other when they date its
release (``releases_seen``): a report weeks before the next is a wrong clock."""

RELEASE_MIN_REPORTS = 4
"""Reports (each once) a version needs before the reports alone date it as a release
(``releases_seen``, used only without a copy of the release feed): more than a few, since
anyone can send a few reports naming any version, encrypted or not (rules v73;
docs/insight.md, "Session 23: numbers forged reports cannot bend"). It was 2: three forged
reports of a "9.9" made it the newest release and hid every real regression."""


def plausible_versions(counts: Mapping[str, int]) -> set[str]:
    """The versions of ``counts`` (reports per version) that can be releases: those up to
    the version most reports run (the one most users run cannot be made up by a few), and
    each newer one that is at most one step beyond a plausible one below it: the next
    minor version (``7.7`` after ``7.6.2``), a new major ``.0`` (``8.0`` after ``7.7``), or
    a point release of either. ``9.9`` after ``7.7`` is no release whatever its count
    (rules v73). Unreadable versions are none."""
    readable = [v for v in counts if version_key(v) != (-1,)]
    if not readable:
        return set()
    most = max(readable, key=lambda v: (counts[v], version_key(v)))
    kept = {v for v in readable if version_key(v) <= version_key(most)}
    below = version_key(most)
    for version in sorted((v for v in readable if version_key(v) > version_key(most)),
                          key=version_key):
        key = version_key(version)
        major, minor = below[0], below[1] if len(below) > 1 else 0
        new_minor = key[1] if len(key) > 1 else 0
        if (key[0] == major and new_minor <= minor + 1) or \
                (key[0] == major + 1 and new_minor == 0):
            kept.add(version)
            below = key
    return kept


def releases_seen(facts: Sequence[ReportFacts], min_reports: int = RELEASE_MIN_REPORTS
                  ) -> list[tuple[str, date]]:
    """Releases as the reports show them when no release feed is at hand: every plausible
    version (``plausible_versions``; bugfix releases are releases too) that
    ``min_reports`` reports show, dated by its first report that ``min_reports - 1``
    others follow within ``RELEASE_SPREAD`` days, so that report counts on the release,
    and one report from a machine with a wrong clock, weeks before the others, cannot date
    it (rules v63). Each report once (a copy in another folder or mbox, a forward: its
    earliest day), users' mail only, and never after a newer version: a newer release's
    date dates the older ones no later (an old version reported late is still older;
    docs/insight.md, "Session 20: numbers that agree with each other")."""
    days: dict[str, dict[str, date]] = defaultdict(dict)
    for f in facts:
        if f.version and f.received is not None and f.kind in COUNTED_KINDS:
            seen = days[f.version]
            known = seen.get(f.reference)
            if known is None or f.received < known:
                seen[f.reference] = f.received
    plausible = plausible_versions({v: len(refs) for v, refs in days.items()})
    found: dict[str, date] = {}
    after = min_reports - 1
    for version, by_reference in days.items():
        if len(by_reference) < min_reports or version not in plausible:
            continue
        ordered = sorted(by_reference.values())
        found[version] = next(
            (day for day, then in zip(ordered, ordered[after:], strict=False)
             if (then - day).days <= RELEASE_SPREAD), ordered[after])
    newer = date.max
    for version in sorted(found, key=version_key, reverse=True):
        newer = found[version] = min(found[version], newer)
    return sorted(found.items(), key=lambda r: (r[1], r[0]))


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything the hot topics screen and ``hdtui stats`` show, for one day."""

    today: date
    weeks: int
    facts: tuple[ReportFacts, ...]
    stats: dict[int, IssueStats]
    hot: tuple[IssueStats, ...]
    clusters: tuple[Cluster, ...]
    regressions: tuple[Regression, ...]
    releases: tuple[tuple[str, date], ...]
    partial: bool = False
    """Counts only: clusters and regressions not computed yet."""
    counting: tuple[int, int] | None = None
    """Counted while the queue's facts were still being read or computed (the start's
    background count): (messages whose facts are known, messages in the queue). The numbers
    are of the known ones only, incomplete until the count ends (docs/insight.md)."""
    since: date | None = None
    """Only reports from this day on were counted (``hdtui stats --since``): the weeks
    before it show none because none were counted, not because none came."""
    regressions_said: str = ""
    """Why no regression is called ("not enough history before 7.7 to call
    regressions": ``regressions_said``), or ""."""
    _by_key: dict[str, ReportFacts] = field(default_factory=dict, compare=False, repr=False)
    _mixed: list[bool] = field(default_factory=list, compare=False, repr=False)

    def unencrypted(self, keys: Iterable[str]) -> int:
        """How many of the reports of ``keys`` (a cluster's) came unencrypted, when the
        counted reports hold encrypted ones too; else 0 (rules v73, as
        ``IssueStats.unencrypted``)."""
        mixed = self._mixed
        if not mixed:  # once per overview: a plain mailbox's would be a pass each time
            mixed.append(Kind.REPORT.value in map(_KIND_OF, self.facts))
        if not mixed[0]:
            return 0
        return sum(1 for f in map(self.report, keys) if f is not None and unencrypted(f))

    def report(self, key: str) -> ReportFacts | None:
        """The facts of one report by key."""
        by_key = self._by_key
        if not by_key:
            by_key.update(zip(map(_KEY, self.facts), self.facts, strict=True))
        return by_key.get(key)


PLAIN_KIND = "plain report"
"""The kind of a report's facts when it came unencrypted (rules v73): anyone can send a
plain report, so plain ones are told apart in the counts (``unencrypted``); a report that
came encrypted keeps the kind ``"report"``."""
DISPUTED_KIND = "disputed report"
"""The kind of an unencrypted report's facts when it claims the ID of an encrypted report
in the queue (``Entry.id_disputed``): the ID may be forged, so it is counted neither as
that report nor as a report of its own (rules v73; docs/encryption.md)."""
COUNTED_KINDS = frozenset({"report", "support", PLAIN_KIND})
"""What users send: team mail, list notices and [FT] threads are not counted, nor a
disputed report."""


def unencrypted(f: ReportFacts) -> bool:
    """Whether ``f`` is of a report that came unencrypted (support mail is not a report)."""
    return f.kind == PLAIN_KIND


def counted(facts: Iterable[ReportFacts]) -> list[ReportFacts]:
    """The reports and support mail among ``facts``, each reference once (the earliest):
    a report forwarded or quoted in a thread is still one user. An encrypted report wins
    over a plain one of the same ID, whatever their days: the plain one's ID may be forged
    (facts made without knowing the encrypted twin, rules v73; docs/encryption.md)."""
    first: dict[str, ReportFacts] = {}
    for f in facts:
        if f.kind not in COUNTED_KINDS:
            continue
        known = first.get(f.reference)
        if known is None or _preferred(f, known):
            first[f.reference] = f
    return list(first.values())


def _preferred(a: ReportFacts, b: ReportFacts) -> bool:
    """Whether ``a`` is counted rather than ``b`` of the same reference: the encrypted
    one, else the earlier."""
    if (a.kind == PLAIN_KIND) != (b.kind == PLAIN_KIND):
        return b.kind == PLAIN_KIND
    return _earlier(a, b)


def counted_in(facts: Iterable[ReportFacts], today: date, since: date | None = None
               ) -> list[ReportFacts]:
    """What ``overview`` counts: ``counted`` of the reports received up to ``today`` (and
    from ``since``, when given), or undated."""
    return counted(f for f in facts if f.received is None or (
        f.received <= today and (since is None or f.received >= since)))


def _earlier(a: ReportFacts, b: ReportFacts) -> bool:
    return (a.received or date.max, a.key) < (b.received or date.max, b.key)


def latest_day(facts: Iterable[ReportFacts]) -> date | None:
    """The newest date among the reports (the demo's "today": its mail is fixed in time)."""
    return max((f.received for f in facts if f.received is not None), default=None)


Clustering = Callable[[list[ReportFacts], date, int], Callable[[], list[Cluster]]]
"""Starts ``clusters(facts, today, weeks)`` and gives the function that waits for them
(``overview``)."""


def overview(facts: Sequence[ReportFacts], links: Iterable[IssueLink], today: date,
             releases: Sequence[tuple[str, date]] = (), weeks: int = WEEKS,
             since: date | None = None, iids: Iterable[int] = (),
             counts_only: bool = False, clustering: Clustering | None = None,
             counted: Overview | None = None, left_out: Mapping[int, int] | None = None
             ) -> Overview:
    """Counts, hot topics, clusters and regressions of the reports received up to ``today``
    (and from ``since``, when given); releases from the feed, else as the reports show.
    ``counts_only`` leaves clusters and regressions out (the slow part: a screen shows the
    counts first, then the rest). ``clustering`` starts ``clusters`` elsewhere (``hdtui
    stats``: in a child process) and gives how to wait for them, while the rest is
    counted here. ``counted``: the ``counts_only`` overview of the very same arguments,
    whose counts are kept rather than made again (the hot topics screen shows it first).
    ``left_out``: per issue, the links of outside accounts the tracker did not count
    (``links.notes_links``), said in its label."""
    links = [link for link in links if link.received <= today
             and (since is None or link.received >= since)]
    if counted is not None:
        chosen, stats = list(counted.facts), counted.stats
        known_releases = list(counted.releases)
    else:
        chosen = vetted(counted_in(facts, today, since), links)
    found = None if counts_only or clustering is None else clustering(chosen, today, weeks)
    if counted is None:
        known_releases = sorted(releases or releases_seen(chosen),
                                key=lambda r: (version_key(r[0]), r[1]))  # the newest last
        cut = left_out or {}
        stats = {iid: replace(s, versions=versions_shown(s.versions, known_releases),
                              left_out=cut.get(iid, 0))
                 for iid, s in issue_stats(chosen, links, today, weeks, iids).items()}
    if counts_only:
        return Overview(today, weeks, tuple(chosen), stats, tuple(hot_topics(stats)), (), (),
                        tuple(known_releases), partial=True, since=since)
    found_regressions = tuple(regressions(chosen, known_releases, today))
    return Overview(today, weeks, tuple(chosen) if counted is None else counted.facts, stats,
                    tuple(hot_topics(stats)) if counted is None else counted.hot,
                    tuple(clusters(chosen, today, weeks) if found is None else found()),
                    found_regressions, tuple(known_releases), since=since,
                    regressions_said=regressions_said(chosen, known_releases, today))
