"""Provides the structured signals known-issue ranking compares, for a message and for an issue.

A message yields named signals (PCI ``[vendor:device]`` ids, the vendors of its GPU and network
chips, product and chip model names, kernel drivers named in journal errors, the application of
a bug-specific prefill, the Tails version), candidate error lines (journal, prefill details and
the user's own lines) and weighted text terms. An issue yields the signal keys its title and
description mention and its quoted error phrases. Keys are shared: ``pci:10ec:b723``,
``vendor:10ec``, ``model:e6430``, ``term:applespi``, ``ver:7.5``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from hdtui.domain.components import components_in
from hdtui.domain.debug import DebugSection, strip_journal_prefix
from hdtui.domain.hardware import Hardware, is_filler
from hdtui.domain.issue import KnownIssue
from hdtui.domain.mail import Kind
from hdtui.domain.queue import Entry
from hdtui.domain.report import WhisperBackReport
from hdtui.domain.terms import has_unsplit_words, term_words, terms, words

PCI_RE = re.compile(r"(?<![0-9a-f:])([0-9a-f]{4}):([0-9a-f]{4})(?![0-9a-f:])", re.IGNORECASE)
_APPLE_MODEL_RE = re.compile(
    r"\b((?:MacBookPro|MacBookAir|MacBook|iMacPro|iMac|Macmini|MacPro)\d{1,2},\d{1,2})\b",
    re.IGNORECASE,
)
_MODEL_SPLIT_RE = re.compile(r"[^0-9a-z]+")
_UNIT_RE = re.compile(r"\d+(?:gb|mb|kb|tb|ghz|mhz|hz|s|ms|min|h|k|m|g|x|th|st|nd|rd|p|w|v)")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
# Wi-Fi standards and lane counts: in every other chip name, never a model.
_NOT_MODELS = frozenset({"802", "11a", "11b", "11g", "11n", "11ac", "11ax", "11bgn", "11abgn",
                         "2x2", "1x1", "160mhz", "80mhz"})
_HEXISH_RE = re.compile(r"(?:0x)?[0-9a-f]+")
_CODE_SPAN_RE = re.compile(r"`([^`]{6,240})`")
_QUOTED_RE = re.compile(r"[\"“«]\s?([^\"”»]{8,240}?)\s?[\"”»]")
_INDENTED_RE = re.compile(r"^(?: {4}|\t)(\S.{5,240})$", re.MULTILINE)
_URL_ONLY_RE = re.compile(r"<?[a-z][a-z0-9+.-]*://\S*>?", re.IGNORECASE)
_BOOT_OPTIONS_RE = re.compile(r"[\w.-]+=[\w.,=-]*(?:\s+[\w.-]+=[\w.,=-]*)*")
_GRAM_TOKEN_RE = re.compile(r"[a-z0-9_]+")
_DRIVER_RE = re.compile(r"^kernel: (?:\[[^\]]*\] )?([a-z][a-z0-9_]{2,30})(?=[ :])")
_IDENT_RE = re.compile(r"^([a-z][a-z0-9_.-]{2,40})\[\d+\]:")
_VERSION_RE = re.compile(
    r"\b(?:tails|since|version|versions|in)\s+(\d\.\d{1,2}(?:\.\d{1,2})?)\b"
    r"|\b(\d\.\d{1,2}(?:\.\d{1,2})?)\s+(?:and later|or later|or older|and older|and newer)\b",
    re.IGNORECASE,
)
_APPLE_CHIP_RE = re.compile(r"(?<![\w.])m[1-9](?:\s*(?:pro|max|ultra))?(?![a-z0-9_]|\.\w)"
                            r"|apple silicon|puce apple|chip (?:de )?apple|apple[- ]chip|苹果芯片"
                            r"|蘋果晶片|애플 ?실리콘|アップルシリコン",
                            re.IGNORECASE)
"""An M-number may carry a Korean or Japanese particle ("M2를", "M2で") or end a sentence
("на M2."): no Latin letter or digit may follow it, nor a dot and more ("m2.1")."""
_CLOCK_RE = re.compile(
    r"clock is (?:[\w,]+ ){0,6}?(?:behind|ahead)|clock skew|skewed time|\bclock_skew\b"
    r"|accurate clock|not yet valid|no good time source|time synchroni[sz]ation failed",
    re.IGNORECASE)
CLOCK_KEY = "symptom:clock"
_FILESYSTEM_RE = re.compile(
    r"ext4-fs error|ext[234]-fs \([^)]*\): [^\n]*corrupt|bad superblock"
    r"|unexpected inconsistency|run fsck manually|file ?system still has errors"
    r"|error reading block|fsck returned exit status [1-9]", re.IGNORECASE)
FILESYSTEM_KEY = "symptom:filesystem"
_WRITES_RE = re.compile(
    r"I/O error[^\n]*\bWRITE\b|lost async page write|\bwrite errors?\b"
    r"|fail\w* under (?:sustained |heavy |long |large )?writes|\bwrites? fail", re.IGNORECASE)
WRITES_KEY = "symptom:writes"
LINE_SYMPTOMS: tuple[tuple[str, re.Pattern[str], tuple[str, ...], str], ...] = (
    (CLOCK_KEY, _CLOCK_RE, ("clock", "skewed time", "not yet valid", "time source",
                            "time synchroni"), "clock is wrong"),
    (FILESYSTEM_KEY, _FILESYSTEM_RE, ("-fs", "superblock", "inconsisten", "fsck",
                                      "still has errors", "error reading block"),
     "file system damaged"),
    (WRITES_KEY, _WRITES_RE, ("i/o error", "async page write", "write error", "writes",
                              "write fail"), "writes to a disk fail"),
)
"""Symptoms a program states in its own line, whatever the user writes (docs/matching.md):
(key, the line's pattern, substrings one of which every such line holds in lower case,
label). The clock is wrong: Tor's "Our clock is 5 hours behind", "CLOCK_SKEW", htpdate's
"No good time source found", a certificate "not yet valid". The file system is damaged:
the kernel's "EXT4-fs error", e2fsck's "UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY",
"Error reading block", "bad superblock". Writes to a disk fail: the kernel's "I/O error,
dev sdb, ... op 0x1:(WRITE)", "lost async page write"; an issue of sticks that "fail under
sustained writes" (docs/matching.md, "Session 14: rank round")."""
HALF_UPGRADE_KEY = "upgrade:half-done"
_HALF_UPGRADE_ISSUE_RE = re.compile(
    r"\b(?:incremental|automatic)\)?(?: \(\w+\))? upgrades? (?:is |was |gets |got )?interrupted"
    r"|\bpartial(?:ly)?(?: incremental)? upgrad|\bhalf[- ](?:done|finished) upgrade"
    r"|\bafter (?:an |one or more |several )?automatic upgrades?\b", re.IGNORECASE)
"""How an issue names a stick left between two versions by an automatic upgrade: "an
automatic (incremental) upgrade is interrupted", "partially upgraded", "partial
incremental upgrades", "after an automatic upgrade" (docs/matching.md, "Session 20: a
half-done upgrade read from the installed version")."""
NOMODESET_KEY = "start:graphics"
_NOMODESET_RE = re.compile(r"(?<![\w.=-])nomodeset(?![\w=-])", re.IGNORECASE)
"""The boot option that starts Linux with the graphics drivers' mode setting off, as a
word of its own ("nomodeset", not "i915.nomodeset=1" nor "nouveau.modeset=0")."""
_GRAPHICS_START_ISSUE_RE = re.compile(
    r"\bError starting GDM\b|\bblack screen\b[^.\n]{0,40}\bafter the boot menu\b"
    r"|(?<![\w.=-])nomodeset(?![\w=-])", re.IGNORECASE)
"""How an issue names a graphics chip that fails as the desktop starts: GDM's error
screen, a black screen right after the boot menu, or the ``nomodeset`` workaround
(docs/matching.md, "Session 22: started with nomodeset")."""
_VERSION_NUMBER_RE = re.compile(r"(\d{1,2})\.(\d{1,2})(?:\.(\d{1,2}))?(?![\d.])")
_MAC_RE = re.compile(r"\bmac|apple|苹果|蘋果|マック|мак|맥|애플|ماك|مک", re.IGNORECASE)
_SECTION_MARK = "======= content of "
_MAX_JOURNAL_LINES = 6000
_MAX_TEXT = 20_000
_MAX_LINE = 400

# PCI vendor ids of the chip makers issues name in words.
VENDOR_IDS: dict[str, str] = {
    "intel": "8086",
    "realtek": "10ec",
    "broadcom": "14e4",
    "amd": "1002",
    "radeon": "1002",
    "ati": "1002",
    "nvidia": "10de",
    "geforce": "10de",
    "marvell": "11ab",
    "atheros": "168c",
    "qualcomm": "168c",
    "mediatek": "14c3",
}
VENDOR_NAMES: dict[str, str] = {
    "8086": "Intel", "10ec": "Realtek", "14e4": "Broadcom", "1002": "AMD", "10de": "Nvidia",
    "11ab": "Marvell", "168c": "Qualcomm Atheros", "14c3": "MediaTek",
}
# Words of lspci descriptions every chip of a kind has: they say nothing about the chip.
_CHIP_NOISE_TEXT = """
corporation inc ltd co semiconductor controller network wireless adapter pcie pci express
series graphics subsidiaries technology group devices advanced micro ati amd intel lan
soc dual band mobile integrated processor display vga compatible ethernet gigabit fast
nvidia broadcom realtek qualcomm atheros marvell mediatek corp
"""
_CHIP_NOISE = frozenset(_CHIP_NOISE_TEXT.split())

# Apple model identifiers ("MacBookPro14,3") -> the words issues use for the family.
APPLE_FAMILIES = {
    "macbookpro": "MacBook Pro Mac", "macbookair": "MacBook Air Mac", "macbook": "MacBook Mac",
    "imacpro": "iMac Pro Mac", "imac": "iMac Mac", "macmini": "Mac mini", "macpro": "Mac Pro",
}
_APPLE_FAMILY_RE = re.compile(r"\b(MacBookPro|MacBookAir|MacBook|iMacPro|iMac|Macmini|MacPro)"
                              r"\d{1,2},\d{1,2}\b", re.IGNORECASE)
_CPU_NOISE = frozenset(["cpu", "core", "tm", "with", "gfx", "genuine", "authentic", "apu"])
PCI_CLASS_WEIGHT = {"gpu": 1.5, "network": 1.5, "other": 0.5, "usb": 1.5}
USB_ROOT_HUBS = "1d6b"
"""The USB vendor id of the kernel's own root hubs: every machine lists them (lsusb)."""
WEIGHTS = {
    "pci-text": 1.5, "vendor": 0.12, "product": 1.2, "chip": 1.0, "model-text": 0.8,
    "driver": 0.5, "app": 1.0, "version": 0.25, "apple-silicon": 3.0, "symptom": 2.0,
    "upgrade": 2.0,  # orders the explanation only: ``half_upgrade_signals``
    "nomodeset": 2.0,
}
STRONG_KINDS = frozenset({"pci", "product", "chip", "typed", "symptom"})
# Facts about the machine: they say an issue *could* apply, not that the user hit it.
CONTEXT_KINDS = frozenset({"pci", "vendor", "product", "chip", "driver", "version"})


@dataclass(frozen=True, slots=True)
class Signal:
    """One structured fact of a message that issues can mention."""

    kind: str
    """pci, vendor, product, chip, driver, version (the machine); typed (an id or model the
    user wrote), app (bug-specific prefill), symptom (a program's line), upgrade (a running
    version newer than the installed one: ``half_upgrade_signals``), nomodeset (the
    machine was started with the graphics drivers' mode setting off: ``nomodeset_signals``),
    mac (a Mac the user names with its year: ``mac_years``; it scores nothing)."""
    key: str
    """The shared index key, e.g. ``pci:10ec:b723``."""
    label: str
    """How the UI names it, e.g. ``PCI 10ec:b723``."""
    weight: float
    term: str
    """The matched token, e.g. ``10ec:b723``."""
    device: str = ""
    """For a PCI id: the device's kind, ``gpu`` or ``network`` (else "")."""
    pasted: str = ""
    """For a PCI id the user wrote: the kind of device its line names it, ``gpu`` or
    ``network`` (``_typed_kind``), else "". Kept apart from ``device``: a pasted id says
    which chip the user has, not that the user talks about what it does."""

    @property
    def strong(self) -> bool:
        """Whether this signal can make a match trustworthy."""
        return self.kind in STRONG_KINDS

    @property
    def context(self) -> bool:
        """Whether this is a fact about the machine rather than about the problem."""
        return self.kind in CONTEXT_KINDS


@dataclass(frozen=True, slots=True)
class MessageSignals:
    """Everything of one message that ranking compares with issues."""

    signals: tuple[Signal, ...] = ()
    lines: tuple[tuple[str, str], ...] = ()
    """(source, line): source is "journal" or "text"; candidate error lines."""
    text: dict[str, float] = field(default_factory=dict)
    """Weighted terms of the user's own words, for BM25."""
    hardware_text: dict[str, float] = field(default_factory=dict)
    """Weighted terms of the machine's product and chip names, for BM25."""
    components: frozenset[str] = frozenset()
    """The applications the user's words or the prefill name (components.py)."""
    said: dict[str, str] = field(default_factory=dict)
    """The user's own word for each of their terms, as they wrote it (shown as matched)."""
    machine: str = ""
    """The machine's maker, product name and version as the report gives them (DMI)."""
    title_pairs: frozenset[tuple[str, str]] = frozenset()
    """The terms that follow each other in the user's subject or summary ("snowflake
    bridge"): what the title says a word of it is (docs/matching.md, "Session 26: a
    workaround's word is not the problem")."""
    pasted_machine: bool = False
    """The debug sections are in a support mail, not a WhisperBack report: the user pasted
    their machine (lspci, DMI) themselves, where WhisperBack attaches it to every report,
    a "thanks" too (docs/matching.md, "Session 24: a pasted machine with no words")."""
    title_unsplit: bool = False
    """The subject or summary holds words written without spaces (Chinese, Japanese, Thai:
    ``has_unsplit_words``): a title with no term was not empty, the term reader only found
    none of the lexicon's words in it (docs/matching.md, "Session 29: rules v110
    (rank51)")."""


# ------------------------------------------------------------------ shared helpers

_DIGIT_RE = re.compile(r"\d")
_ALPHA_RE = re.compile(r"[^\W\d_]")


_GENERATION_RE = re.compile(r"\b(?:g|gen\.?\s?)(\d{1,2})\b", re.IGNORECASE)
_NAME_TOKEN_RE = re.compile(r"[0-9a-z]+")
_SEGMENT_RE = re.compile(r"[:;,()\[\]/]| - ")
FAMILY_TOKENS = 3
"""How many words before a generation ("HP ProBook 450 G7", "ThinkPad T14 Gen 4") name
the machine's family."""


def model_generations(text: str) -> list[tuple[frozenset[str], str]]:
    """The machines a text names with a generation ("HP ProBook 450 G7" ->
    ({"hp", "probook", "450"}, "7"); "ThinkPad T14 Gen 4" -> ({"thinkpad", "t14"}, "4")):
    the family is the words just before the first generation of a part of the text, one
    of them with a letter and one with a digit; more generations after it ("T14 Gen 3 and
    Gen 4", "T14 Gen 3, Gen 4") are of the same family (docs/insight.md, "Session 8,
    seventh round")."""
    found: list[tuple[frozenset[str], str]] = []
    family: frozenset[str] | None = None
    for segment in _SEGMENT_RE.split(text.lower()):
        matches = list(_GENERATION_RE.finditer(segment))
        if not matches:
            family = None
            continue
        before = frozenset(_NAME_TOKEN_RE.findall(segment[:matches[0].start()])[-FAMILY_TOKENS:])
        if any(len(t) >= 3 and not t.isdigit() for t in before) and (
                any(_DIGIT_RE.search(t) for t in before)):
            family = before
        elif before:
            family = None
        if family is not None:
            found += [(family, match.group(1)) for match in matches]
    return found


def machine_generations(machine: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words of a machine's names (maker, product, version) and the generations they
    give ("G9", "Gen 4")."""
    return (frozenset(_NAME_TOKEN_RE.findall(machine.lower())),
            frozenset(m.group(1) for m in _GENERATION_RE.finditer(machine)))


_MAKER_WORDS_TEXT = """
apple=apple mac=apple macs=apple macbook=apple macbooks=apple imac=apple imacs=apple
macmini=apple macbookair=apple macbookpro=apple macpro=apple imacpro=apple
lenovo=lenovo thinkpad=lenovo thinkpads=lenovo ideapad=lenovo
thinkbook=lenovo thinkcentre=lenovo ideacentre=lenovo dell=dell latitude=dell
inspiron=dell vostro=dell xps=dell optiplex=dell alienware=dell hp=hp hewlett-packard=hp
elitebook=hp probook=hp pavilion=hp elitedesk=hp zbook=hp asus=asus asustek=asus
zenbook=asus vivobook=asus acer=acer aspire=acer travelmate=acer msi=msi micro-star=msi
toshiba=toshiba dynabook=toshiba samsung=samsung fujitsu=fujitsu lifebook=fujitsu
huawei=huawei matebook=huawei gigabyte=gigabyte aorus=gigabyte system76=system76
medion=medion vaio=sony sony=sony xiaomi=xiaomi razer=razer clevo=clevo
microsoft=microsoft
"""
MAKER_WORDS: dict[str, str] = dict(pair.split("=", 1) for pair in _MAKER_WORDS_TEXT.split())
"""Makers of machines and their model lines, by the maker: an issue whose title names
one is about that maker's machines (docs/matching.md, "Session 12: the fourth rank
round")."""


def machine_makers(text: str, leading: bool = False) -> frozenset[str]:
    """The makers of machines a text names (``MAKER_WORDS``): "Lenovo ThinkPad 11e" ->
    {"lenovo"}, "iMac18,3" -> {"apple"}. With ``leading``, only by the first word of a part
    of the text, as an issue's title names its machine ("Dell Latitude 5490: ...", "Intel
    UHD 620 (Dell Latitude 7490)", "Macs: ..."), not a machine in passing ("a drive
    formatted on a Mac"), or by a model line's own name wherever it stands (``_LINE_NAMES``:
    "Switchable graphics MacBook Pro (6,2 / 10,1)" is Apple's: docs/matching.md, "Session
    25: a Mac's issue needs a Mac")."""
    found = set()
    for segment in _SEGMENT_RE.split(text) if leading else [text]:
        said = words(segment)
        for index, word in enumerate(said):
            word = word.rstrip("0123456789,")
            maker = MAKER_WORDS.get(word)
            if maker and (not leading or index == 0 or word in _LINE_NAMES):
                found.add(maker)
    return frozenset(found)


SOFTWARE_MAKERS = frozenset({"microsoft"})
"""Makers whose name in a user's words is more often their software's than a machine's
("my Microsoft account", Outlook, Windows): the DMI's manufacturer still says the machine's
maker (docs/matching.md, "Session 27: the Surface's maker")."""


_LINE_NAMES = frozenset(word for word, maker in MAKER_WORDS.items()
                        if word != maker and word not in ("mac", "macs", "hewlett-packard",
                                                          "asustek", "micro-star"))
"""The words of ``MAKER_WORDS`` that name a model line ("MacBook", "iMac", "ThinkPad",
"Latitude"), not a maker ("Dell", "Apple") nor a Mac in general ("a drive formatted on a
Mac"): a title that names one names the machine the issue is about wherever it stands."""


_NOT_LINES = frozenset({"hewlett-packard", "asustek", "micro-star"})
"""Other names of a maker, not model lines."""
_NAMED_LINES_TEXT = """
envy=hp spectre=hp victus=hp omen=hp yoga=lenovo legion=lenovo rog=asus tuf=asus
swift=acer nitro=acer predator=acer surface=microsoft
"""
NAMED_LINES: dict[str, str] = dict(pair.split("=", 1) for pair in _NAMED_LINES_TEXT.split())
"""Model lines that are also everyday words ("envy", "swift", "surface"): a line only right
after their maker's name ("HP Envy 13", "Acer Swift 3")."""
LINE_WORDS: dict[str, str] = {**{word: maker for word, maker in MAKER_WORDS.items()
                                 if word != maker and word not in _NOT_LINES}, **NAMED_LINES}
"""Model lines of the makers, by the maker ("elitebook" and "pavilion": HP's; "mac",
"macbook", "imac": Apple's; and ``NAMED_LINES``)."""


_COMPANY_WORDS = frozenset({"corporation", "corp", "inc", "co", "ltd", "limited", "gmbh",
                            "llc"})
"""The words that follow a maker's name in the DMI's manufacturer ("Microsoft Corporation",
"Razer Inc."): between the maker and a line named by an everyday word ("Surface"), they do
not part the two (docs/matching.md, "Session 27: the Surface's maker")."""


def machine_lines(text: str) -> frozenset[str]:
    """The model lines a text names (``LINE_WORDS``), "thinkpads" as "thinkpad", "Macs" as
    "mac": "HP EliteBook 840 G6" -> {"elitebook"}, "HP Envy 13" -> {"envy"}."""
    found = set()
    before = ""
    for word in words(text):
        word = word.rstrip("0123456789,")
        if word in _COMPANY_WORDS:
            continue  # "Microsoft Corporation Surface Laptop 4": the line follows the maker
        if word.endswith("s") and word[:-1] in LINE_WORDS:
            word = word[:-1]
        maker = LINE_WORDS.get(word)
        if maker is not None and (word not in NAMED_LINES or before == maker):
            found.add(word)
        before = MAKER_WORDS.get(word, word)
    return frozenset(found)


_TITLE_MACHINE_RE = re.compile(r"[:(]")
_WILDCARD_RE = re.compile(r"x+$")


def model_numbers(text: str) -> frozenset[str]:
    """The words of a text that can be a model's number: three characters or more, one of
    them a digit, not a year ("9570", "t480s", "e6430", "cs3xxx", "11e"; not "15", "g7",
    "2017")."""
    return frozenset(t for t in _NAME_TOKEN_RE.findall(text.lower())
                     if len(t) >= 3 and _DIGIT_RE.search(t) and not _YEAR_RE.fullmatch(t))


_MODEL_WORDS = frozenset(["carbon", "gaming", "gen", "pro", "plus", "max", "mini", "air",
                          "ultra", "slim", "flip"])
"""Words without a digit that belong to a model's name after its line ("ThinkPad X1 Carbon
6th Gen", "TUF Gaming FX505DT", "AORUS PRO"): the model's words go on past them."""
_SIZE_RE = re.compile(r"\d+(?:\.\d+)?(?:gb|tb|mb|ghz|mhz|hz|mah|wh)")
"""A size or a speed ("4GB", "2.4GHz"): never a model's number."""
CHIP_MAKERS = frozenset(["intel", "realtek", "amd", "nvidia", "broadcom", "qualcomm",
                         "mediatek"])
"""Makers of a machine's parts, not of the machine: a number after them is a chip's."""


def _lead_numbers(said: Sequence[str]) -> frozenset[str]:
    """The model numbers of a title's lead (its words, ``said``): from the words after the
    maker and the line, up to the first word that is not a model's ("with", "for", "on",
    "laptops", a verb), a chip maker or a size ("Lenovo ThinkPad T470 with Intel 8265":
    {"t470"}; "Dell Latitude fails with 4GB RAM": none)."""
    found: set[str] = set()
    for word in said:
        if word in CHIP_MAKERS or _SIZE_RE.fullmatch(word):
            break
        if word in MAKER_WORDS or word in LINE_WORDS or word in _MODEL_WORDS:
            continue
        if not _DIGIT_RE.search(word):
            break
        found |= model_numbers(word)
    return frozenset(found)


def line_models(title: str) -> tuple[frozenset[str], frozenset[str]]:
    """The model lines an issue's title leads with and the model numbers it names there:
    "Dell XPS 15 9570: USB-C dock not recognized" -> ({"xps"}, {"9570"}); "HP ProBook
    5330m/4330s/6560b: ..." -> ({"probook"}, {"5330m", "4330s", "6560b"}). Only the part
    before the first colon or bracket, and only when it starts with a maker or a line
    ("Intel Bay Trail (Acer Aspire E13)" names a machine as an example, not its subject).
    Apple's lines give nothing: a Mac is told by its identifier (``apple_models``).
    The numbers are those of the words right after the maker and the line, up to the first
    that is not a model's (``_lead_numbers``): "Dell XPS with Intel AX210 Wi-Fi" names no
    model, "AX210" is its Wi-Fi chip (rules v69). Nothing when the part names no number
    (docs/matching.md, "Session 21: another model of the machine's line")."""
    lead = _TITLE_MACHINE_RE.split(title, maxsplit=1)[0]
    said = words(lead)
    if not said or (said[0] not in MAKER_WORDS and said[0] not in LINE_WORDS):
        return frozenset(), frozenset()
    lines = frozenset(line for line in machine_lines(lead) if LINE_WORDS[line] != "apple")
    numbers = _lead_numbers(said)
    if not lines or not numbers:
        return frozenset(), frozenset()
    return lines, numbers


def other_line_model(numbers: frozenset[str], mine: frozenset[str]) -> bool:
    """Whether none of a title's model numbers is among the machine's (``model_numbers`` of
    its maker, product and version as the report gives them): "9570" for an "XPS 13 9343".
    A number ending in x's is a series ("15-cs3xxx"): any number of the machine it begins
    is the machine's. False when the machine's names hold no number (nothing is known of
    its model)."""
    if not mine:
        return False
    for number in numbers:
        stem = _WILDCARD_RE.sub("", number) if _DIGIT_RE.search(number[:-1]) else number
        if any(own == number or (stem != number and own.startswith(stem)) for own in mine):
            return False
    return True


_NAME_WORDS = _MODEL_WORDS | frozenset(["laptop", "book", "go", "studio"])
"""Words without a digit that name a model of a line before its small number ("Surface
Laptop 3", "Surface Book 2", "Surface Go 2", "IdeaPad Slim 3")."""
_SMALL_NUMBER_RE = re.compile(r"\d{1,2}")


def named_models(text: str) -> frozenset[str]:
    """The models a text names by a line, the words of the model's name and a number of
    one or two digits, as the maker sells them ("Microsoft Surface Laptop 3 and 4" ->
    {"surface-laptop-3", "surface-laptop-4"}; "Acer Swift 3" -> {"swift-3"}): such a
    number has too few characters to be a model token (``model_tokens``), yet with its line
    it is the model's whole name, the DMI's product as the issue's title. Not when a
    model's number follows ("Dell XPS 13 9343", "IdeaPad 3 15ADA05": the longer number is
    the model, ``model_numbers``), nor for Apple's lines (a Mac is told by its identifier:
    ``apple_models``). docs/matching.md, "Session 28: rules v98 (rank49)", "A model named
    by its small number"."""
    said = words(text)
    found: set[str] = set()
    before = ""
    for index, word in enumerate(said):
        if word in _COMPANY_WORDS:
            continue
        maker = LINE_WORDS.get(word)
        is_line = maker is not None and maker != "apple" and (
            word not in NAMED_LINES or before == maker)
        before = MAKER_WORDS.get(word, word)
        if not is_line:
            continue
        at = index + 1
        names: list[str] = []
        while at < len(said) and len(names) < 2 and said[at] in _NAME_WORDS:
            names.append(said[at])
            at += 1
        numbers: list[str] = []
        while at < len(said) and _SMALL_NUMBER_RE.fullmatch(said[at]):
            numbers.append(said[at])
            at += 1
            if at + 1 < len(said) and said[at] in ("and", "or") and _SMALL_NUMBER_RE.fullmatch(
                    said[at + 1]):
                at += 1
        if not numbers or (at < len(said) and model_numbers(said[at])):
            continue
        found.update("-".join([word, *names, number]) for number in numbers)
    return frozenset(found)


def apple_models(text: str) -> set[str]:
    """The Apple model identifiers a text names, lowercased ("macbookair7,2")."""
    return {m.lower() for m in _APPLE_MODEL_RE.findall(text)}


_INTEL_MACS = {"macbookair": 9, "macbookpro": 16, "macbook": 10, "imac": 20, "imacpro": 1,
               "macmini": 8, "macpro": 7}
"""The last model identifier of each Mac family with an Intel processor: MacBookAir10,1,
MacBookPro17,1, iMac21,1 and Macmini9,1 have Apple's M1 (and the Mac Pro, MacBook and iMac
Pro families had none after those numbers)."""
_APPLE_MODEL_PARTS_RE = re.compile(r"([a-z]+)(\d{1,2}),\d{1,2}")


def intel_mac(identifier: str) -> bool:
    """Whether an Apple model identifier ("macbookair7,2", as ``apple_models`` gives it) is
    of a Mac with an Intel processor."""
    parts = _APPLE_MODEL_PARTS_RE.fullmatch(identifier.lower())
    if parts is None:
        return False
    last = _INTEL_MACS.get(parts.group(1))
    return last is not None and int(parts.group(2)) <= last


_TWO_YEARS = {"2013/2014": ("macbookair6,1", "macbookair6,2", "macbookpro11,1",
                             "macbookpro11,2", "macbookpro11,3"),
              "2015/2017": ("macbookair7,2",),
              "2012/2013": ("macbookpro10,1", "macbookpro10,2"),
              "2018/2019": ("macbookpro15,1", "macbookpro15,2"),
              "2014/2015": ("imac15,1",),
              "2010/2012": ("macpro5,1",)}
_SOLD_OVER_YEARS: dict[str, frozenset[str]] = {
    identifier: frozenset(years.split("/"))
    for years, identifiers in _TWO_YEARS.items() for identifier in identifiers}
"""The Intel Mac identifiers Apple sold in more than one year, and those years, as Apple's
"Identify your MacBook Air / MacBook Pro / iMac / Mac Pro model" pages list them: one
identifier, several models ("MacBookAir7,2": the 13-inch MacBook Air of early 2015 and of
2017; docs/matching.md, "Session 23: one Mac identifier, several years")."""


def mac_sold_years(identifier: str) -> frozenset[str]:
    """The years of the Macs an Apple identifier ("macbookair7,2", as ``apple_models``
    gives it) names, when Apple sold it over several years; nothing for the others (their
    one year is the one a title writes beside them)."""
    return _SOLD_OVER_YEARS.get(identifier.lower(), frozenset())


def model_tokens(text: str, digits_only: bool = False) -> list[str]:
    """Model-like tokens of a text: ``MacBookPro14,1``, ``e6430``, ``rtl8723be``, ``88w8897``;
    with ``digits_only`` also 3-5 digit numbers such as ``7590`` (not years). The two halves
    of a PCI id (``[10de:1401]``) are no model: the vendor's half is the same for every chip
    of its maker, and the id is read whole as a ``pci:`` key (docs/matching.md, "Session 22:
    a pasted graphics card")."""
    found = [m.lower() for m in _APPLE_MODEL_RE.findall(text)]
    if ":" in text:
        text = PCI_RE.sub(" ", text)
    for token in _MODEL_SPLIT_RE.split(text.lower()):
        if (len(token) < 3 or token in _NOT_MODELS or _UNIT_RE.fullmatch(token)
                or _YEAR_RE.fullmatch(token)):
            continue
        if _DIGIT_RE.search(token) is None:
            continue
        if token.isdigit():
            if digits_only and len(token) <= 5:
                found.append(token)
            continue
        if len(token) > 12 and _HEXISH_RE.fullmatch(token):
            continue  # report IDs, commits
        if _ALPHA_RE.search(token) is None:
            continue
        found.append(token)
    return found


GRAM_TOKENS_KEPT = 8192
"""Line tokens whose folded form is kept (``_gram_token``): a journal's words come back
line after line and report after report, and two expressions tried on each token were a
16th of the count after a cold read (docs/insight.md, "Session 21: the count after a
first open"); at most this many short strings are held."""


@lru_cache(maxsize=GRAM_TOKENS_KEPT)
def _gram_token(token: str) -> str:
    """A line token as error matching compares it: numbers and hex blobs become "#"."""
    if token.isdigit() or (len(token) >= 5 and _HEXISH_RE.fullmatch(token)
                           and any(c.isdigit() for c in token)):
        return "#"
    if _UNIT_RE.fullmatch(token):
        return "#"
    return token


_QUOTED_VALUE_RE = re.compile(r"'[^'\s]{1,80}'|‘[^’\s]{1,80}’")
"""A value an error line quotes ("Package 'gnome-calculator' has no installation
candidate"): the case at hand, not the error, like a number."""


def line_tokens(line: str, values: bool = True) -> list[str]:
    """Normalised tokens of an error line (lowercase, numbers folded, and unless
    ``values`` is False, quoted values too)."""
    if values and ("'" in line or "‘" in line):
        line = _QUOTED_VALUE_RE.sub(" 0 ", line)
    return [_gram_token(t) for t in _GRAM_TOKEN_RE.findall(line.lower())]


def phrase_tokens(phrase: str) -> list[str]:
    """The tokens an issue's quoted error is matched by: its quoted values folded, unless
    the value is the error itself (NetworkManager's reason ``'ssid-not-found'``: fewer
    than two words would be left)."""
    tokens = line_tokens(phrase)
    return tokens if _wordy(tokens) else line_tokens(phrase, values=False)


def _wordy(tokens: list[str]) -> bool:
    """Whether an error's tokens hold two words or more (not only numbers and values):
    enough to be told from another error."""
    return sum(1 for t in tokens if any(c.isalpha() for c in t)) >= 2


def phrase_grams(tokens: list[str]) -> list[str]:
    """The n-grams an issue phrase is matched by: trigrams, or the bigram of a 2-token phrase."""
    if len(tokens) < 2:
        return []
    if len(tokens) == 2:
        return [" ".join(tokens)]
    return [" ".join(tokens[i:i + 3]) for i in range(len(tokens) - 2)]


_ELLIPSIS_RE = re.compile(r"\s(?:…|\.\.\.+)\s")
"""An ellipsis standing alone between words ("file … Screenshots"), not a value's mask
("[...]") nor the end of a message ("Connecting…")."""


def issue_phrase_grams(phrase: str) -> list[str]:
    """The n-grams of an issue's quoted error, none across an ellipsis: "Error opening
    file … Screenshots: No such file" cuts out a path, so the words on its two sides were
    never next to each other in the line the program wrote (docs/matching.md, "Session 9,
    twelfth round")."""
    grams: dict[str, None] = {}
    for part in _ELLIPSIS_RE.split(phrase):
        grams.update(dict.fromkeys(phrase_grams(phrase_tokens(part))))
    return list(grams)


def line_grams(tokens: list[str]) -> Iterable[str]:
    """Bigrams and trigrams of a message line."""
    for i in range(len(tokens) - 1):
        yield f"{tokens[i]} {tokens[i + 1]}"
        if i + 2 < len(tokens):
            yield f"{tokens[i]} {tokens[i + 1]} {tokens[i + 2]}"


# ------------------------------------------------------------------ issues

def issue_text(issue: KnownIssue) -> str:
    """Title and description of an issue as one text: what it says of the problem. Its
    labels are left out: they name the team, the priority, the kind of work and the
    component ("Core Work:Foundations Team", "P:Elevated", "C:Unsafe Browser"), not what
    goes wrong, and a component label made its application's name a word of every issue
    filed under it (docs/matching.md, "Session 10, rank round"). The applications of the
    labels are read by components.py."""
    return f"{issue.title}\n{issue.description}"


def apple_silicon(text: str) -> bool:
    """Whether a text speaks of a Mac with an Apple processor (M1, M2 Pro, "Apple
    silicon"): a machine of its own, unlike any Intel Mac model (docs/matching.md)."""
    return _APPLE_CHIP_RE.search(text) is not None and _MAC_RE.search(text) is not None


APPLE_SILICON_KEY = "model:apple-silicon"
MAC_YEAR_KEY = "mac-year:"
"""The key prefix of a Mac the user names with its year (``mac_years``): no issue carries
it; it tells which Intel Macs the user's is not (docs/matching.md, "Session 23: a Mac named
with its year")."""
_SP = r"[^\S\n]"
"""A space within one line: a Mac's family and year are written on one line, and a year at
the end of a subject is not the year of the family that starts the body (rules v74)."""
_MAC_FAMILY = (rf"(mac{_SP}?book{_SP}?pro|mac{_SP}?book{_SP}?air|mac{_SP}?book|imac{_SP}?pro"
               rf"|imac|mac{_SP}?mini|mac{_SP}?pro)")
_MAC_BETWEEN = (rf"(?:(?:{_SP}|[(,])+(?:\d\d(?:\.\d)?(?:\"|''|”|-?inch(?:es)?)?|early|mid|late"
                r"|retina|of|from|de|del|da|do|di|von|aus|van|pouces|zoll|pulgadas|pollici"
                r"|polegadas|d[ée]but|fin|anfang|mitte|ende|principios|mediados|finales|inizio"
                r"|met[àa]|in[íi]cio|meados|final))*")
_MAC_YEAR_AFTER_RE = re.compile(
    rf"\b{_MAC_FAMILY}{_MAC_BETWEEN}(?:{_SP}|[(,])+(20[012]\d)\b", re.IGNORECASE)
_MAC_YEAR_BEFORE_RE = re.compile(
    rf"\b(20[012]\d)(?:{_SP}+(?:early|mid|late))?{_SP}+{_MAC_FAMILY}\b", re.IGNORECASE)
_SPACES_RE = re.compile(r"\s+")


def mac_years(text: str) -> frozenset[tuple[str, str]]:
    """The Macs a text names by their family and year, as (family, year) with the family
    as Apple's identifiers spell it: "a 2018 Mac mini" and "Mac mini late 2014" give
    ("macmini", "2018") and ("macmini", "2014"), "MacBook Pro 13\" early 2015"
    ("macbookpro", "2015"), "MacBook Air de 2017" ("macbookair", "2017"). A size (in inches,
    "pouces", "Zoll", "pulgadas", "pollici", "polegadas"), "early", "mid", "late" (or as
    Apple's French, German, Spanish, Italian and Portuguese model names say them: "début",
    "Anfang", "principios", "inizio", "início" ...), "Retina" or a word for "of" or "from"
    (English, the Romance languages', German, Dutch) may stand between the family and the
    year; nothing else does ("MacBook
    Pro 2016 and later" names 2016), and all of it on one line: "... early 2015" ending a
    subject names no year of a "MacBook Air" starting the body."""
    found = {(_SPACES_RE.sub("", m.group(1).lower()), m.group(2))
             for m in _MAC_YEAR_AFTER_RE.finditer(text)}
    found |= {(_SPACES_RE.sub("", m.group(2).lower()), m.group(1))
              for m in _MAC_YEAR_BEFORE_RE.finditer(text)}
    return frozenset(found)
_TOUCH_BAR_RE = re.compile(r"\btouch\s?bar\b", re.IGNORECASE)
_TOUCH_BAR_MODEL_RE = re.compile(
    r"\b(?:with|without|w/o|mit|ohne|avec|sans|con|sin|senza|com|sem|met|zonder|z|bez|с|без)"
    r"\s+(?:(?:a|the|der|die|la|le|el|o)\s+)?touch\s?bar\b", re.IGNORECASE)
"""A MacBook Pro named by its Touch Bar: Apple sells its MacBook Pro models of 2016 to 2020
with or without one, and users tell them apart so ("MacBook Pro 2017 without Touch Bar",
"ohne Touch Bar", "sans Touch Bar")."""


def touch_bar_names_model(user: str) -> bool:
    """Whether every Touch Bar the user's words name is the one the model has or lacks
    ("my MacBook Pro (2017, without Touch Bar)"), none the Touch Bar that fails ("the
    Touch Bar stays dark"): then "touch" and "bar" name the machine, not the problem
    (docs/matching.md, "Session 23: a MacBook Pro with or without a Touch Bar")."""
    named = len(_TOUCH_BAR_MODEL_RE.findall(user))
    return named > 0 and named == len(_TOUCH_BAR_RE.findall(user))


SEVERAL_GPUS_KEY = "model:several-gpus"
_SEVERAL_GPUS_RE = re.compile(
    r"\b(?:several|two|dual|multiple)[- ]GPUs?\b|\b(?:hybrid|switchable) graphics\b"
    r"|\bOptimus\b|\bintegrated and (?:a )?discrete GPU", re.IGNORECASE)
"""How an issue names machines with two GPUs (an integrated one and a discrete one of
another maker: "computers with several GPUs", "switchable graphics", Nvidia Optimus); a
machine whose lspci lists graphics chips of two makers is one (docs/matching.md, "Session
11: the third rank round")."""


def issue_keys(issue: KnownIssue) -> frozenset[str]:
    """Signal keys an issue mentions (PCI ids, vendors, models, Tails versions)."""
    text = f"{issue.title}\n{issue.description}"
    keys: set[str] = set()
    for vendor, device in PCI_RE.findall(text):
        keys.add(f"pci:{vendor.lower()}:{device.lower()}")
        keys.add(f"vendor:{vendor.lower()}")
    for word in set(words(text)):
        vendor_id = VENDOR_IDS.get(word)
        if vendor_id:
            keys.add(f"vendor:{vendor_id}")
    keys.update(f"model:{t}" for t in model_tokens(text, digits_only=True))
    keys.update(f"model:{name}" for name in named_models(text))
    for first, second in _VERSION_RE.findall(text):
        keys.add(f"ver:{first or second}")
    if apple_silicon(text):
        keys.add(APPLE_SILICON_KEY)
    if _SEVERAL_GPUS_RE.search(text):
        keys.add(SEVERAL_GPUS_KEY)
    keys.update(key for key, pattern, _, _ in LINE_SYMPTOMS if pattern.search(text))
    if _HALF_UPGRADE_ISSUE_RE.search(text):
        keys.add(HALF_UPGRADE_KEY)
    if _GRAPHICS_START_ISSUE_RE.search(text):
        keys.add(NOMODESET_KEY)
    return frozenset(keys)


def issue_phrases(issue: KnownIssue) -> tuple[str, ...]:
    """Error messages an issue quotes: code spans, quoted strings and indented lines."""
    text = f"{issue.title}\n{issue.description}"
    found: dict[str, None] = {}
    for regex in (_CODE_SPAN_RE, _QUOTED_RE, _INDENTED_RE):
        for raw in regex.findall(text):
            if raw.count("\n") > 1:
                continue  # not a quote: the span runs over several lines
            phrase = " ".join(raw.split())
            if _URL_ONLY_RE.fullmatch(phrase) or _BOOT_OPTIONS_RE.fullmatch(phrase):
                continue  # a link or boot options, not an error message; an error that
                # names a URL ("JavaScript error: resource:///modules/...") is kept
            tokens = line_tokens(phrase, values=False)
            if _wordy(tokens):
                found.setdefault(phrase, None)
    return tuple(found)


# ------------------------------------------------------------------ messages

def _add_terms(weights: dict[str, float], text: str, weight: float,
               said: dict[str, str] | None = None) -> None:
    for term, word in term_words(text):
        if weights.get(term, 0.0) < weight:
            weights[term] = weight
        if said is not None:
            said.setdefault(term, word)


def _hardware_signals(hw: Hardware) -> list[Signal]:
    found: list[Signal] = []
    for device in hw.pci:
        vid = device.vendor_device
        found.append(Signal("pci", f"pci:{vid}", f"PCI {vid}", PCI_CLASS_WEIGHT[device.kind],
                            vid, device.kind))
        if device.kind in ("gpu", "network"):
            vendor = device.vendor_id
            name = VENDOR_NAMES.get(vendor, vendor)
            found.append(Signal("vendor", f"vendor:{vendor}", f"vendor {name}",
                                WEIGHTS["vendor"], vendor))
            for token in model_tokens(device.description, digits_only=True):
                found.append(Signal("chip", f"model:{token}", f"chip {token}", WEIGHTS["chip"],
                                    token, device.kind))
    if len({device.vendor_id for device in hw.pci if device.kind == "gpu"}) > 1:
        found.append(Signal("chip", SEVERAL_GPUS_KEY, "several GPUs", WEIGHTS["chip"],
                            "several-gpus", "gpu"))
    for value in (hw.product, hw.version):
        if value is None or is_filler(value):
            continue
        for token in model_tokens(value, digits_only=True):
            found.append(Signal("product", f"model:{token}", f"product {value.strip()}",
                                WEIGHTS["product"], token))
    if hw.product and not is_filler(hw.product):
        # The maker first: a line named by an everyday word ("Surface") is one only after
        # its maker (``NAMED_LINES``).
        maker = hw.manufacturer if hw.manufacturer and not is_filler(hw.manufacturer) else ""
        for name in sorted(named_models(f"{maker} {hw.product}")):
            found.append(Signal("product", f"model:{name}", f"product {hw.product.strip()}",
                                WEIGHTS["product"], name))
    for usb_id in hw.usb_ids:
        # A device plugged in by USB (an Ethernet adapter, a Wi-Fi stick) that an issue
        # names by its id is as much that issue's device as a PCI chip is: issues write
        # both as vendor:device, so the key is shared (docs/matching.md, ninth round).
        if not usb_id.startswith(USB_ROOT_HUBS):
            found.append(Signal("pci", f"pci:{usb_id}", f"USB {usb_id}", PCI_CLASS_WEIGHT["usb"],
                                usb_id, "usb"))
    return found


_STICK_RE = re.compile(r'"vendor":\s*"([^"\n]{1,40})",\s*"model":\s*"[^"\n]{0,40}",'
                       r'(?:\s*"[a-z]{1,20}":\s*(?:true|false|null|"[^"\n]{0,200}"),){0,30}?'
                       r'\s*"tran":\s*"usb"')
"""A USB disk of the block device list WhisperBack attaches (tails-block-device-info: the
stick Tails runs from, and any other plugged in): its maker, as the disk itself reports it
("PNY ", "Kingston "). Its model ("USB 3.0 FD", "Ultra Fit", "Extreme Pro") is left out:
words of every kind, which would meet issues of other things. The fields between the
model and the transport are bounded (lsblk writes about a dozen): a report is a stranger's
text, and an unbounded run of them made a long crafted line cost quadratic time."""
_STICK_NOISE = frozenset(["usb", "flash", "disk", "drive", "generic", "mass", "storage",
                          "device"])
"""Words a stick's maker field may hold that are no maker's name."""


def stick_words(sections: Iterable[DebugSection]) -> str:
    """The makers of the USB disks the block device list names ("PNY", "Kingston"): issues
    name sticks that fail by their maker, as they name machines ("PNY sticks fail under
    sustained writes"), and the disk gives its maker in words, not by an id an issue would
    quote (docs/matching.md, "Session 14: rank round")."""
    found: list[str] = []
    for section in sections:
        if "block-device" not in section.key:
            continue
        for vendor in _STICK_RE.findall("\n".join(section.lines[:200])):
            found += [w for w in words(vendor)
                      if w.isalpha() and len(w) > 2 and w not in _STICK_NOISE]
    return " ".join(dict.fromkeys(found))


def _journal_lines(sections: Iterable[DebugSection]) -> list[str]:
    lines: list[str] = []
    for section in sections:
        if section.is_journal:
            for line in section.lines[:_MAX_JOURNAL_LINES]:
                stripped = strip_journal_prefix(line[:_MAX_LINE])
                if stripped and not stripped.startswith("-- "):
                    lines.append(stripped)
    return lines


def _journal_signals(report: WhisperBackReport) -> list[Signal]:
    found: list[Signal] = []
    for line in report.journal_errors(200):
        match = _DRIVER_RE.match(line) or _IDENT_RE.match(line)
        if match and not any(c in match.group(1) for c in ".-"):
            name = match.group(1)
            found.append(Signal("driver", f"term:{name}", f"driver {name}", WEIGHTS["driver"],
                                name))
    return found


_TYPED_KIND_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("gpu", re.compile(r"\bVGA compatible controller\b|\b3D controller\b|\bDisplay controller\b"
                       r"|\bgraphics card\b|\[03(?:00|02|80)\]", re.IGNORECASE)),
    ("network", re.compile(r"\bNetwork controller\b|\bEthernet controller\b"
                           r"|\[02(?:00|80)\]", re.IGNORECASE)),
)
"""How a pasted line says what its PCI id is: lspci's class ("VGA compatible controller
[0300]", "Network controller [0280]") or GDM's "Error starting GDM with your graphics card:
... [10de:1401]" (docs/matching.md, "Session 22: a pasted graphics card")."""


def _typed_kind(line: str) -> str:
    """The kind of device (``gpu``, ``network`` or "") a line says the PCI ids it holds
    are."""
    for kind, pattern in _TYPED_KIND_RES:
        if pattern.search(line):
            return kind
    return ""


def _text_signals(text: str) -> list[Signal]:
    """PCI ids and model names the user typed or pasted."""
    found: list[Signal] = []
    for line in text.splitlines() if ":" in text else ():
        ids = PCI_RE.findall(line)
        kind = _typed_kind(line) if ids else ""  # once a line, however many ids it holds
        for vendor, device in ids:
            vid = f"{vendor}:{device}".lower()
            found.append(Signal("typed", f"pci:{vid}", f"PCI {vid} (written)",
                                WEIGHTS["pci-text"], vid, pasted=kind))
    for token in model_tokens(text):
        found.append(Signal("typed", f"model:{token}", f"model {token} (written)",
                            WEIGHTS["model-text"], token))
    if apple_silicon(text):
        found.append(Signal("typed", APPLE_SILICON_KEY, "Mac with an Apple processor (written)",
                            WEIGHTS["apple-silicon"], "apple-silicon"))
    for family, year in sorted(mac_years(text)):
        found.append(Signal("mac", f"{MAC_YEAR_KEY}{family}-{year}",
                            f"{family} {year} (written)", 0.0, f"{family} {year}"))
    return found


def _symptom_signals(lines: Sequence[tuple[str, str]]) -> list[Signal]:
    """The symptoms (LINE_SYMPTOMS) that a journal line or a line the user pasted states in
    a program's own words."""
    text = "\n".join(line for _, line in lines).lower()
    found: list[Signal] = []
    for key, pattern, hints, label in LINE_SYMPTOMS:
        if not any(hint in text for hint in hints):
            continue  # a plain substring test first: journals have thousands of lines
        for source, line in lines:
            if pattern.search(line):
                found.append(Signal("symptom", key, f"{source}: {label}", WEIGHTS["symptom"],
                                    key.split(":", 1)[1]))
                break
    return found


def _version_signals(version: str | None) -> list[Signal]:
    if not version:
        return []
    keys = {version}
    parts = version.split(".")
    if len(parts) > 2:
        keys.add(".".join(parts[:2]))
    return [Signal("version", f"ver:{v}", f"Tails {version}", WEIGHTS["version"], v)
            for v in sorted(keys)]


def _version_number(version: str | None) -> tuple[tuple[int, int, int], str] | None:
    """A Tails version as numbers ("7.6.2" is (7, 6, 2), "7.7" is (7, 7, 0)) and as the
    digits and dots it was written with (nothing else of the mail's text); None when the
    text holds none."""
    found = _VERSION_NUMBER_RE.search(version or "")
    if found is None:
        return None
    major, minor, patch = found.groups()
    return (int(major), int(minor), int(patch or 0)), found.group(0)


def half_upgrade_signals(version: str | None, installed: str | None) -> list[Signal]:
    """A report whose running version (its ``Tails-Version`` block) is newer than the
    version its squashfs os-release section says was installed: the stick was upgraded
    automatically since it was installed, so its problem may be the upgrader's (an
    interrupted or partial upgrade). A stick that upgraded well says the same, so the
    signal adds to no score: when the top is not confident it offers a place among the
    shown issues to one issue carrying its key (``matching.IssueIndex._upgrade_slot``),
    and it names the reason among the words that matched; its weight only orders that
    explanation (docs/matching.md, "Session 20: a half-done upgrade read from the
    installed version"). Versions that agree, a missing one, or an installed one newer
    than the running one (not an upgrade) give nothing."""
    running, first = _version_number(version), _version_number(installed)
    if running is None or first is None or first[0] >= running[0]:
        return []
    label = f"installed {first[1]} under a {running[1]} report: a half-done upgrade?"
    return [Signal("upgrade", HALF_UPGRADE_KEY, label, WEIGHTS["upgrade"], "upgrade")]


def nomodeset_signals(user: str, sections: Iterable[DebugSection] = ()) -> list[Signal]:
    """A machine started with ``nomodeset``, on the kernel command line the report's
    ``/proc/cmdline`` section gives or in the user's words: a user adds it when the
    graphics did not start without it (a black screen or GDM's error after the boot menu),
    whatever language the rest is written in. Its key is carried by the issues of such
    failures (``_GRAPHICS_START_ISSUE_RE``); it scores as the problem's, is no strong
    signal (it says what kind of failure, the graphics chip says whose), and is shown among
    the words that matched (docs/matching.md, "Session 22: started with nomodeset")."""
    where = ""
    for section in sections:
        if section.key == "/proc/cmdline" and any(
                _NOMODESET_RE.search(line[:_MAX_TEXT]) for line in section.lines[:4]):
            where = "on the kernel command line"
            break
    if not where and _NOMODESET_RE.search(user[:_MAX_TEXT]):
        where = "written"
    if not where:
        return []
    return [Signal("nomodeset", NOMODESET_KEY, f"started with nomodeset ({where})",
                   WEIGHTS["nomodeset"], "nomodeset")]


def term_pairs(text: str) -> frozenset[tuple[str, str]]:
    """The pairs of terms that follow each other on a line of ``text``."""
    pairs: set[tuple[str, str]] = set()
    for line in text.splitlines():
        found = terms(line)
        pairs.update(pairwise(found))
    return frozenset(pairs)


def _user_lines(text: str) -> list[tuple[str, str]]:
    return [("text", line.strip()[:_MAX_LINE]) for line in text.splitlines() if line.strip()]


def _dedupe(signals: Iterable[Signal]) -> tuple[Signal, ...]:
    """One signal a key, the weightiest. An id the user wrote that the machine's lspci
    lists too keeps the kind of device lspci gives it when its own line names none (GDM's
    error wrapped over two lines): written, it is still the machine's graphics chip
    (docs/matching.md, "Session 26: the two-chip laptop that quotes GDM's error")."""
    best: dict[str, Signal] = {}
    devices: dict[str, str] = {}
    for signal in signals:
        if signal.kind == "pci" and signal.device:
            devices[signal.key] = signal.device
        known = best.get(signal.key)
        if known is None or (known.weight, not known.context) < (signal.weight,
                                                                  not signal.context):
            best[signal.key] = signal
    return tuple(replace(s, pasted=devices[s.key])
                 if s.kind == "typed" and not s.pasted and s.key in devices else s
                 for s in best.values())


_REPLY_PREFIX_RE = re.compile(r"^\s*(?:(?:re|fwd?|aw|tr|sv|vs|wg)\s*:\s*)+", re.IGNORECASE)
"""The prefixes a mail client puts before a subject it answers or forwards ("Re:",
"Fwd:", the German "AW:"/"WG:", the French "TR:", the Nordic "SV:"/"VS:"): no words of the
user's (docs/matching.md, "Session 25: a reply's prefix is no word")."""


def message_signals(entry: Entry) -> MessageSignals:
    """Signals, candidate error lines and weighted text terms of one queue entry."""
    text: dict[str, float] = {}
    said: dict[str, str] = {}
    signals: list[Signal] = []
    lines: list[tuple[str, str]] = []
    message = entry.message
    report = entry.report
    subject = _REPLY_PREFIX_RE.sub("", message.subject) if entry.report_id is None else ""
    if report is None:
        body = message.text[:_MAX_TEXT].split(_SECTION_MARK, 1)[0]
        _add_terms(text, subject, 1.5, said)
        _add_terms(text, body, 1.0, said)
        signals += _text_signals(f"{subject}\n{body}")
        signals += nomodeset_signals(f"{subject}\n{body}")
        lines += _user_lines(f"{subject}\n{body}")
        signals += _symptom_signals(lines)
        return MessageSignals(_dedupe(signals), tuple(lines), text,
                              components=components_in(f"{subject}\n{body}"), said=said,
                              title_pairs=term_pairs(subject),
                              title_unsplit=has_unsplit_words(subject))
    answers = "\n".join(a.text for a in report.answers)
    user = f"{subject}\n{report.summary}\n{answers}"
    _add_terms(text, subject, 1.5, said)
    _add_terms(text, report.summary, 1.5, said)
    _add_terms(text, answers, 1.0, said)
    hw = report.hardware
    hardware_text: dict[str, float] = {}
    for value in (hw.product, hw.version):
        if value and not is_filler(value):
            _add_terms(hardware_text, value, 1.0)
            for family in _APPLE_FAMILY_RE.findall(value):
                _add_terms(hardware_text, APPLE_FAMILIES[family.lower()], 1.0)
    maker = hw.short().split(" ", 1)[0] if hw.manufacturer and not is_filler(
        hw.manufacturer) else ""
    _add_terms(hardware_text, maker, 0.5)
    for term in terms(hw.cpu_model or ""):
        if term not in _CHIP_NOISE and term not in _CPU_NOISE:
            hardware_text.setdefault(term, 0.5)
    for device in hw.gpus + hw.network:
        for term in terms(device.description):
            if term not in _CHIP_NOISE and hardware_text.get(term, 0.0) < 0.5:
                hardware_text[term] = 0.5
    for term in terms(stick_words(report.debug)):
        hardware_text.setdefault(term, 0.5)
    if {"macbook", "pro"} <= hardware_text.keys() and touch_bar_names_model(user):
        # The model's name, as the product's words are (``_machine_as_context``).
        for term in terms("touch bar"):
            hardware_text.setdefault(term, 0.5)
    for name, value in report.prefill:
        _add_terms(text, value, 1.0)
        if name == "app" and value.strip():
            app = value.strip().lower()
            signals.append(Signal("app", f"term:{app}", f"app {app}", WEIGHTS["app"], app))
        if name == "details":
            lines.append(("text", value[:_MAX_LINE]))
    signals += _hardware_signals(hw)
    signals += _journal_signals(report)
    signals += _text_signals(user)
    signals += _version_signals(report.version)
    signals += half_upgrade_signals(report.version, report.installed_version)
    signals += nomodeset_signals(user, report.debug)
    lines += _user_lines(user)
    lines += [("journal", line) for line in _journal_lines(report.debug)]
    signals += _symptom_signals(lines)
    named = components_in("\n".join([user, *(value for name, value in report.prefill
                                              if name == "app")]))
    machine = " ".join(v for v in (hw.manufacturer, hw.product, hw.version)
                       if v and not is_filler(v))
    return MessageSignals(_dedupe(signals), tuple(lines), text, hardware_text, named, said,
                          machine, term_pairs(subject) | term_pairs(report.summary),
                          pasted_machine=entry.kind is Kind.SUPPORT,
                          title_unsplit=has_unsplit_words(f"{subject}\n{report.summary}"))
