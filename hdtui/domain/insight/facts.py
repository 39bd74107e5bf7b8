"""A report reduced once to its facts (``ReportFacts``, ``report_facts``): its day, version,
machine and chips, journal errors and lines, words and matches; the hardware and device
helpers the counts share. Pure; see docs/insight.md.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import UTC, date
from itertools import chain
from operator import attrgetter
from typing import Any

from hdtui.domain.address import is_ours, user_address
from hdtui.domain.hardware import Hardware
from hdtui.domain.insight.working import said_working, wants_it
from hdtui.domain.links import reference_for
from hdtui.domain.lookahead import first_letters_ahead
from hdtui.domain.mail import Kind, is_not_mail
from hdtui.domain.queue import WHISPERBACK_SENDER, DecryptState, Entry
from hdtui.domain.signal_text import ETHERNET_CHIP, NETWORK_CHIP, WIFI_CHIP
from hdtui.domain.signals import line_tokens
from hdtui.domain.terms import terms
from hdtui.domain.word_set import NO_WORDS, WordSet

MAX_ERRORS = 6
"""How many distinct journal error signatures a report keeps."""
MAX_LINES = 12
"""How many of its journal's last lines that are not errors a report keeps (rules v49,
``ReportFacts.lines``)."""

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
    ``words``. A row saved before it existed reads as -1."""
    contact: str = ""
    """A digest of the user's contact address (``contact_digest``), never the address: a
    report's e-mail field, a mail's sender. Two reports from different addresses are two
    users whatever they say; a mail from the address of a report counted for the same
    issue is that user again (``one_per_user``, rules v78; docs/insight.md, "Session 24:
    who is one user"). "" when none was given. A row saved before it existed reads as
    ""."""
    ethernet: tuple[str, ...] | None = None
    """Of ``network``, the chips the report's lspci calls an "Ethernet controller" (PCI
    class 0200: wired); the others are "Network controller"s, Wi-Fi. None: not known, the
    facts were saved before the class was kept (session 26), and their chips are named
    "network chip" until the report is counted again (``network_chip_name``). Last of the
    fields: a row saved before it existed reads as None."""
    working: tuple[str, ...] = ()
    """Of ``words``, those of the parts the user says work ("keyboard works", "the keyboard
    is fine", "keyboard ok", "Tastatur funktioniert", "le clavier marche":
    ``working.said_working``): said, but not the problem (regfix27, lang28). Last of the
    fields: a row saved before it existed reads as ()."""

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


ETHERNET_CLASS = "0200"
"""The PCI class lspci prints as "Ethernet controller" (a Wi-Fi chip is a "Network
controller", 0280)."""
_WIFI_CHIP_RE = re.compile(re.escape(WIFI_CHIP) + r" ([0-9a-f]{4}:[0-9a-f]{4})")


def network_chip_name(chip: str, facts: Iterable[ReportFacts]) -> str:
    """What the reports among ``facts`` that have network chip ``chip`` say it is, by the
    class their lspci printed: ``ETHERNET_CHIP`` (wired: 10ec:8168, the Realtek RTL8111/8168
    was called a Wi-Fi/network chip), ``WIFI_CHIP``, or ``NETWORK_CHIP`` when none of them
    knows the class (facts saved before it was kept)."""
    for f in facts:
        if f.ethernet is not None and chip in f.network:
            return ETHERNET_CHIP if chip in f.ethernet else WIFI_CHIP
    return NETWORK_CHIP


def network_chips_named(text: str, facts: Iterable[ReportFacts]) -> str:
    """``text`` (a regression's group, a cluster's signal) with each ``Wi-Fi/network chip
    vendor:device`` it names called what ``facts``, its reports', say it is
    (``network_chip_name``)."""
    if WIFI_CHIP not in text:
        return text
    known = list(facts)
    return _WIFI_CHIP_RE.sub(
        lambda m: f"{network_chip_name(m.group(1), known)} {m.group(1)}", text)


_REPORT_PREFIX = "wb://"
"""What a report's reference puts before its ID (``links.report_reference``)."""


class _ReportIdInReference:
    """``ReportFacts.report_id`` read from ``reference`` when that is ``wb://`` and the
    ID: the facts of every report are held for the session, and the ID as a string of its
    own was 81 bytes a report, 8.1 MB at 100,000 (docs/insight.md, "Session 25: the report
    ID read from the reference"). Set as the dataclass sets its fields (its ``__init__``,
    ``replace``, the codec's slot setters, unpickling: ``reference`` is always set first),
    its slot keeps None for an ID the reference holds, and the ID itself otherwise; the
    first read of such an ID keeps the string it made (the facts read no differently)."""

    def __init__(self, slot: Any) -> None:
        self._slot = slot

    def __get__(self, facts: ReportFacts | None, owner: type | None = None) -> Any:
        if facts is None:
            return self
        found: str | None = self._slot.__get__(facts, owner)
        if found is None:
            # Made once, on the first read: what reads IDs keeps them (a cluster's
            # ``report_ids``), and a second read gives the same string, not a copy.
            token = _REFERENCE_SLOT.__get__(facts, owner)
            found = report_id_of_number(token) if type(token) is int else \
                facts.reference[len(_REPORT_PREFIX):]
            self._slot.__set__(facts, found)
        return found

    def __set__(self, facts: ReportFacts, report_id: str) -> None:
        token = _REFERENCE_SLOT.__get__(facts, ReportFacts)
        if type(token) is int:  # (a WhisperBack reference: compared without its string)
            same = type(report_id) is str and len(report_id) == _ID_DIGITS \
                and report_id_of_number(token) == report_id
            self._slot.__set__(facts, None if same else report_id)
            return
        reference = facts.reference
        if (report_id and type(report_id) is str and reference.startswith(_REPORT_PREFIX)
                and reference.endswith(report_id)
                and len(reference) == len(report_id) + len(_REPORT_PREFIX)):
            self._slot.__set__(facts, None)
        else:
            self._slot.__set__(facts, report_id)


_REPORT_ID_SLOT = vars(ReportFacts)["report_id"]
setattr(ReportFacts, "report_id", _ReportIdInReference(_REPORT_ID_SLOT))  # noqa: B010

_ID_DIGITS = 32
"""Hex digits of a WhisperBack report ID (``wb://`` and 32 lowercase hex digits)."""
_REPORT_ID = f"[0-9a-f]{{{_ID_DIGITS}}}"
"""A WhisperBack report ID, 32 lowercase hex digits: the one pattern of an ID that a
number can make back exactly (``report_id_of_number``)."""
_REPORT_REFERENCE = re.compile(re.escape(_REPORT_PREFIX) + _REPORT_ID).fullmatch
is_report_id: Callable[[str], object] = re.compile(_REPORT_ID).fullmatch
"""Whether a string is a WhisperBack report ID as a number keeps it (``_REPORT_ID``):
true (a match) or None."""


def report_id_of_number(token: int) -> str:
    """The report ID a reference's number (``reference_token``) was made of: 32 lowercase
    hex digits."""
    return f"{token:032x}"


def reference_token(reference: str) -> int | str:
    """What ``ReportFacts`` keeps of ``reference``: the ID's number for ``wb://`` and 32
    lowercase hex digits (made back exactly by ``reference_of_token``), else the string.
    Two references are equal exactly when their tokens are (the counts compare tokens:
    ``token_of``)."""
    if type(reference) is str and _REPORT_REFERENCE(reference):
        return int(reference[len(_REPORT_PREFIX):], 16)
    return reference


def reference_of_token(token: int | str) -> str:
    """The reference a token (``reference_token``) was made of."""
    return token if isinstance(token, str) else _REPORT_PREFIX + report_id_of_number(token)


class _ReferenceAsNumber:
    """``ReportFacts.reference`` kept as its token (``reference_token``): a report's
    ``wb://`` and 32 hex digits as the ID's number (an int of 48 bytes, or less), not a
    string of 96 bytes of its own: 100,000 held for the session were 9.6 MB (docs/
    insight.md, "Session 29: the references as numbers"). Read, the string is made again
    (the same text; not the same object twice); set as the dataclass sets its fields (its
    ``__init__``, ``replace``, the codec's slot setters, unpickling). What compares the
    references of many reports compares their tokens (``reference_tokens``), no string
    made."""

    def __init__(self, slot: Any) -> None:
        self._slot = slot

    def __get__(self, facts: ReportFacts | None, owner: type | None = None) -> Any:
        if facts is None:
            return self
        found = self._slot.__get__(facts, owner)
        return found if type(found) is str else _REPORT_PREFIX + report_id_of_number(found)

    def __set__(self, facts: ReportFacts, reference: str) -> None:
        self._slot.__set__(facts, reference_token(reference))


_REFERENCE_SLOT = vars(ReportFacts)["reference"]
setattr(ReportFacts, "reference", _ReferenceAsNumber(_REFERENCE_SLOT))  # noqa: B010
token_of: Callable[[ReportFacts], int | str] = _REFERENCE_SLOT.__get__
"""The token of a report's reference (``reference_token``), as its facts keep it."""


def reference_tokens(facts: Iterable[ReportFacts]) -> list[int | str]:
    """The tokens of the references of ``facts``, in order (no string made)."""
    return list(map(token_of, facts))


class ByReference(Mapping[str, ReportFacts]):
    """``{f.reference: f for f in facts}`` (the last of equal references kept), held by
    the references' tokens: no string made of each report's reference (``reference_token``;
    the weekly Markdown's and ``stats --json``'s issues look up every report)."""

    __slots__ = ("_by_token",)

    def __init__(self, facts: Iterable[ReportFacts]) -> None:
        self._by_token = {token_of(f): f for f in facts}

    def __getitem__(self, reference: str) -> ReportFacts:
        return self._by_token[reference_token(reference)]

    def __contains__(self, reference: object) -> bool:
        return isinstance(reference, str) and reference_token(reference) in self._by_token

    def __iter__(self) -> Iterator[str]:
        return map(reference_of_token, self._by_token)

    def __len__(self) -> int:
        return len(self._by_token)


def passing_report_id(facts: ReportFacts) -> str:
    """``facts.report_id``, not kept by the facts when read from the reference: for what
    reads the IDs of many reports and holds them only as long as its own result (a
    cluster's ``report_ids``). Kept by the facts, the IDs of every clustered report stayed
    for the session once the first overview was dropped (5.2 MB at 100,000 messages), each
    string made in the middle of the clustering's passes and keeping their freed memory
    from going back (docs/insight.md, "Session 26: the clusters' report IDs")."""
    found: str | None = _REPORT_ID_SLOT.__get__(facts, ReportFacts)
    if found is not None:
        return found
    token = token_of(facts)
    return report_id_of_number(token) if type(token) is int else \
        facts.reference[len(_REPORT_PREFIX):]


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
                 today: date | None = None, ours: AbstractSet[str] = frozenset(),
                 relays: AbstractSet[str] = frozenset()) -> ReportFacts:
    """The facts of one queue entry; ``likely``: the issues it confidently matches;
    ``possible``: its best match when none is confident; ``today`` dates a message that
    has no date (as linking does); ``ours``: the addresses Help Desk members write from
    (``address.own_addresses``): their mail is no user's, and no one's contact; ``relays``: the
    lists that pass users' mail on (the bugs list): no one's contact, their mail still a
    user's."""
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
    if ours and kind == Kind.SUPPORT.value and is_ours(message.sender_address, ours):
        kind = OURS_KIND  # a member's reply or forward, the bugs list: no user (rules v86)
    elif kind == Kind.REPORT.value and entry.id_disputed:
        kind = DISPUTED_KIND  # counted as no report (rules v73)
    elif kind == Kind.REPORT.value and entry.decrypt not in _CAME_ENCRYPTED:
        kind = PLAIN_KIND
    elif kind == Kind.REPORT.value and entry.decrypt is DecryptState.FAILED:
        kind = UNREAD_KIND  # counted, never said to belong to no known issue (rules v94)
    report_id = entry.report_id or ""
    reference = entry.key  # no usable ID: counted under its key, and cannot be linked
    with contextlib.suppress(ValueError):
        reference = reference_for(  # by the sender's day, as links cite it (``acting``)
            report_id, message.message_id, entry.key, sent or today or date.min)
    if report is None:
        return ReportFacts(entry.key, reference, report_id, received,
                           words=WordSet(terms(f"{message.subject}\n{message.text[:5000]}")),
                           likely=tuple(likely), possible=possible, kind=kind,
                           contact=_sender_contact(message.sender_address, entry.kind,
                                                   ours | relays if relays else ours))
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
    said = terms(user)
    words = WordSet(said)
    return ReportFacts(
        key=entry.key,
        reference=reference,
        report_id=report_id,
        received=received,
        version=report.version or "",
        gpus=tuple(sorted({d.vendor_device for d in hw.gpus})),
        network=tuple(sorted({d.vendor_device for d in hw.network})),
        ethernet=tuple(sorted({d.vendor_device for d in hw.network
                               if d.class_id == ETHERNET_CLASS})),
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
        contact=_contact(report.contact or "", ours | relays if relays else ours),
        # Its parts apart (a blank line between): a single line break is WhisperBack's
        # wrapping of an answer, inside a sentence (lang28); not the old form's "Desired
        # result", what the user wants (fix28b).
        working=said_working("\n\n".join([report.summary, *(
            a.text for a in report.answers if not wants_it(a.heading))]), said),
    )


CONTACT_DIGITS = 16
"""Hex digits of a contact's digest kept: 64 bits, so two addresses among a mailbox's
hundreds of thousands never share one by chance."""


def _sender_contact(sender: str, kind: Kind, ours: AbstractSet[str] = frozenset()) -> str:
    """The contact digest of a message read without a report (an unreadable report, a
    user's mail): "" for WhisperBack's sender, which every report's outer mail has (the
    unreadable ones were one user: rules v81), for another team's address, and for the
    Help Desk's own (``ours``)."""
    if sender.strip().lower() == WHISPERBACK_SENDER or kind is Kind.TEAM:
        return ""
    return _contact(sender, ours)


def _contact(address: str, ours: AbstractSet[str]) -> str:
    """``contact_digest`` of ``address``, "" for one of the Help Desk's own addresses
    (``ours``: its members' and the bugs list): a member's reply or forward read as mail,
    a mail the list passed on, a report giving the support address are no one user's, and
    each of them counted as one folded every other user it wrote about or for into that
    one user (rules v86; docs/insight.md, "Session 25: four numbers a member can
    trust"). The user is the one address it is as the send reads it, else the first
    address it names that is not ours, whatever the order (``address.user_address``,
    rules v109, fix29c)."""
    return _digest(user_address(address, ours))


def contact_digest(address: str) -> str:
    """The digest of a contact address (``ReportFacts.contact``): of the address a reply
    to it would be sent to (``address.user_address``: ``zoe@example.org,``, ``Zoe
    <zoe@example.org>`` and ``(Zoe) ZOE@example.org`` are one user; rules v104, fix29a),
    hashed (SHA-256, its first ``CONTACT_DIGITS`` hex digits); "" for anything that names
    no address (``jane@gmail,com``: rules v109, fix29c). The counts compare digests and
    never show one."""
    return _digest(user_address(address))


def _digest(sent: str) -> str:
    """The digest of an address as ``user_address`` gives it; "" for none. A domain
    written in Unicode is hashed as its ASCII form (IDNA: ``jane@bücher.de`` and
    ``jane@xn--bcher-kva.de`` are one user; rules v108, review29)."""
    if "@" not in sent or any(c.isspace() for c in sent):
        return ""
    if not sent.isascii():
        local, domain = sent.rsplit("@", 1)
        try:  # the codec's module is loaded only for such an address
            ascii_domain = domain.encode("idna").decode("ascii")
        except UnicodeError:  # no domain IDNA can write: hashed as written
            ascii_domain = domain
        sent = f"{local}@{ascii_domain}"
    import hashlib  # here: nothing of the first frame needs it (as links.mail_reference)

    return hashlib.sha256(sent.encode("utf-8")).hexdigest()[:CONTACT_DIGITS]


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


SHOWN_NAME = 60
"""The longest machine name a regression's name shows whole: a report names its machine
as it likes (a forged one with 300 characters filled a row and its detail at 80x24)."""


def shortened(name: str, limit: int = SHOWN_NAME) -> str:
    """``name`` cut to ``limit`` characters, its end an ellipsis when cut."""
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


PLAIN_KIND = "plain report"
"""The kind of a report's facts when it came unencrypted (rules v73): anyone can send a
plain report, so plain ones are told apart in the counts (``unencrypted``); a report that
came encrypted keeps the kind ``"report"``."""
OURS_KIND = "help desk mail"
"""The kind of the facts of mail sent from an address Help Desk members write from
(``report_facts``'s ``ours``: a member's reply or forward read back from the mailbox): no
user's, never counted, and no contact anyone's reports fold through (rules v86;
docs/insight.md, "Session 25: four numbers a member can trust"). Not the bugs list's
(``relays``): a list passes users' mail on under its own address."""
UNREAD_KIND = "undecrypted report"
"""The kind of the facts of a report that came encrypted and could not be decrypted (no
key, a broken part): counted as a message, matched to nothing, and said apart ("2 could
not be decrypted"): what it is about is unknown, not "no known issue" (rules v94;
docs/insight.md, "Session 27: walkfix27b")."""
DISPUTED_KIND = "disputed report"
"""The kind of an unencrypted report's facts when it claims the ID of an encrypted report
in the queue (``Entry.id_disputed``): the ID may be forged, so it is counted neither as
that report nor as a report of its own (rules v73; docs/encryption.md)."""
