"""Builders of plain domain data for the matching tests: reports, mails, issues; the index
of the matching set's issues."""

from __future__ import annotations

import json
from pathlib import Path

from hdtui.domain.issue import KnownIssue
from hdtui.domain.mail import Kind
from hdtui.domain.matching import IssueIndex
from hdtui.domain.message import Message
from hdtui.domain.queue import Entry
from hdtui.domain.report import parse_report
from hdtui.tracker.static import issue_from_rest

MATCHING = Path(__file__).resolve().parents[1] / "data" / "matching"
MATCHING_ISSUES = MATCHING / "issues.json"

RTL8723BE = ("02:00.0 Network controller [0280]: Realtek Semiconductor Co., Ltd. RTL8723BE "
             "PCIe Wireless Network Adapter [10ec:b723]")
RTL8822BE = ("02:00.0 Network controller [0280]: Realtek Semiconductor Co., Ltd. RTL8822BE "
             "802.11a/b/g/n/ac WiFi adapter [10ec:b822]")
RTL8821CE = ("02:00.0 Network controller [0280]: Realtek Semiconductor Co., Ltd. RTL8821CE "
             "802.11ac PCIe Wireless Network Adapter [10ec:c821]")
INTEL_ETHERNET = ("00:1f.6 Ethernet controller [0200]: Intel Corporation Ethernet Connection "
                  "(4) I219-V [8086:15d8] (rev 21)")
RTL8153_USB = ("Bus 002 Device 003: ID 0bda:8153 Realtek Semiconductor Corp. RTL8153 Gigabit "
               "Ethernet Adapter")
ROOT_HUB = "Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub"
HD5500 = ("00:02.0 VGA compatible controller [0300]: Intel Corporation HD Graphics 5500 "
          "[8086:1616] (rev 09)")


def report(summary: str, problem: str, *, product: str = "HP 250 G5 Notebook PC",
           lspci: tuple[str, ...] = (HD5500, RTL8723BE), journal: tuple[str, ...] = (),
           prefill: str = "", version: str = "7.6", lsusb: tuple[str, ...] = (),
           maker: str = "HP", blocks: str = "", cmdline: str = "") -> Entry:
    """A WhisperBack report entry with the given answers and debug sections (``blocks``:
    the block device list's JSON; ``cmdline``: the kernel command line, when given)."""
    body = [f"Subject: {summary}", f'Tails-Version: VERSION="{version}"', 'ID="tails"']
    body += [prefill] if prefill else []
    body += ["", "What happened instead?", "----------------------", "", problem, ""]
    body += ["======= content of /proc/cmdline =======", cmdline, ""] if cmdline else []
    body += ["======= content of /usr/sbin/dmidecode -s system-manufacturer =======", maker,
             "", "======= content of /usr/sbin/dmidecode -s system-product-name =======",
             product, "", "======= content of /usr/bin/lspci -nn =======", *lspci, "",
             "======= content of /usr/bin/lsusb =======", *lsusb, "",
             "======= content of /usr/local/sbin/tails-block-device-info =======",
             *blocks.splitlines(), "",
             "======= content of /bin/journalctl --catalog --no-pager ======="]
    body += [f"Nov 02 10:00:{n:02d} amnesia {line}" for n, line in enumerate(journal)]
    parsed = parse_report("\n".join(body) + "\n", "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64")
    message = Message(key="r", subject="Bug report: 8c1f3e0a9b7d42e6a5f01c3d9e2b7a64",
                      sender_address="devnull@tails.boum.org")
    return Entry(message, Kind.REPORT, parsed)


def mail(subject: str, text: str, kind: Kind = Kind.SUPPORT) -> Entry:
    """A plain support mail entry."""
    return Entry(Message(key="m", subject=subject, sender_address="user@example.org",
                         text=text), kind)


def issue(iid: int, title: str, description: str = "", state: str = "opened") -> KnownIssue:
    """A known issue."""
    return KnownIssue(iid=iid, title=title, description=description,
                      labels=("C:Hardware support",), state=state)


def matching_set_index() -> IssueIndex:
    """The index of the matching set's issues (tests/data/matching/issues.json)."""
    known = json.loads(MATCHING_ISSUES.read_text(encoding="utf-8"))
    return IssueIndex([issue_from_rest(obj) for obj in known])


def unrelated_issues(count: int = 20) -> list[KnownIssue]:
    """Issues of nothing of hardware, ``count`` of them: an index's statistics need more
    issues than the few a test ranks."""
    return [issue(10 + n, f"Tor Browser: bookmark {n} lost", "Nothing of hardware.")
            for n in range(count)]


def set_message(labels: str, name: str) -> Entry:
    """One message of a spent matching set (``labels``: its labels file), read as hdtui
    reads mail."""
    from hdtui.services.reading import Reader
    from hdtui.sources.parse import parse_message

    info = json.loads((MATCHING / labels).read_text(encoding="utf-8"))[name]
    reader = Reader(None, None, ())  # type: ignore[arg-type]  # plain messages only
    return reader.understand(parse_message((MATCHING / info["file"]).read_bytes(), name))
