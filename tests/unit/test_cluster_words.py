"""What the team reads of a new problem (walk24, items 11 and G): a cluster's reasons said
once in the weekly Markdown and the issue draft, a draft's frequency in words true before
the issue exists, and its label chosen from what the reports say (none rather than a
wrong one)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hdtui.domain.insight.clusters import Cluster
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.overview import overview
from hdtui.domain.issue_draft import (
    HARDWARE_LABEL,
    cluster_frequency,
    issue_draft,
    suggest_labels,
)
from hdtui.domain.mail import Kind
from hdtui.domain.message import Message
from hdtui.domain.queue import WHISPERBACK_SENDER, DecryptState, Entry
from hdtui.domain.report import parse_report
from hdtui.domain.signal_text import draft_signals
from hdtui.domain.weekly import markdown

TODAY = date(2026, 12, 7)
LINES = ('same journal line "NetworkManager[#]: <warn> [#] device (wlan0): Activation: '
         'failed for connection Hotel"',
         'same journal line "NetworkManager[#]: <info> [#] dhcp4 (wlan0): state changed '
         'timeout"')


def test_a_clusters_reason_is_said_once_in_the_markdown() -> None:
    """Two journal lines of one program read alike once cut to the program: the Markdown
    said ``same journal line of networkmanager`` twice."""
    facts = [ReportFacts(key=f"k{n}", reference=f"wb://{n:032x}", report_id=f"{n:032x}",
                         received=TODAY - timedelta(days=n), version="7.7")
             for n in range(4)]
    cluster = Cluster("C-aaaaaa", LINES[0], (*LINES, "same GPU 8086:5917"),
                      tuple(f.key for f in facts), (0, 0, 0, 0, 0, 0, 0, 4))
    view = replace(overview(facts, [], TODAY), clusters=(cluster,))
    why = next(line for line in markdown(view, {}).split("\n")
               if line.startswith("  - why: "))
    program = draft_signals(LINES)
    assert len(program) == 1 and program[0].startswith("same journal line of ")
    assert why == f"  - why: `{program[0]}`; `same GPU 8086:5917`", why


def _report(n: int, summary: str, words: str) -> Entry:
    report_id = f"{n:032x}"
    body = (f"Subject: {summary}\nTails-Version: 7.7\n\nWhat happened instead?\n"
            f"----------------------\n\n{words}\n")
    message = Message(key=f"INBOX:{n}", subject=f"Bug report: {report_id}",
                      sender=WHISPERBACK_SENDER, sender_address=WHISPERBACK_SENDER,
                      date=datetime(2026, 12, 1 + n % 5, 10, tzinfo=UTC), encrypted=True)
    return Entry(message=message, kind=Kind.REPORT, report=parse_report(body, report_id),
                 decrypt=DecryptState.DECRYPTED)


def test_a_captive_portals_draft_is_offered_no_hardware_label() -> None:
    """walk24: four reports of a hotel's captive portal (they say Wi-Fi and laptop) were
    offered ``C:Hardware support``."""
    portal = [_report(n, "Cannot log in to the hotel Wi-Fi",
                      "The captive portal login page never opens on my laptop.")
              for n in range(4)]
    assert suggest_labels(portal) == ()
    reader = [_report(n, "No speech", "The screen reader says nothing since 7.7.")
              for n in range(3)]
    assert suggest_labels(reader) == ()
    # One report of four naming hardware in passing is not what the problem is about.
    mixed = [_report(0, "Tor is slow", "My laptop fan is loud."),
             *(_report(n, "Tor is slow", "Connecting takes minutes.") for n in (1, 2, 3))]
    assert suggest_labels(mixed) == ()
    # Most of them about the sound card: hardware support, as before.
    sound = [_report(n, "No sound", "The speakers and headphones give no sound at all.")
             for n in range(3)] + [_report(3, "Problème", "Rien ne marche.")]
    assert suggest_labels(sound) == (HARDWARE_LABEL,)


def test_a_new_problems_frequency_says_no_linked_nor_likely() -> None:
    """walk24: "Frequency: 4 linked, 0 likely, 4 this week" before the issue existed."""
    said = cluster_frequency((0, 0, 0, 0, 0, 0, 1, 4), TODAY)
    assert said == ("4 reports this week, 5 in the 8 weeks to 2026-12-07 (per week, oldest "
                    "first: 0 0 0 0 0 0 1 4)")
    assert cluster_frequency((1,)) == "1 report this week, 1 in the 1 week (per week, " \
        "oldest first: 1)"
    portal = [_report(n, "Hotel login", "The captive portal never opens.") for n in range(4)]
    draft = issue_draft(portal, said, "", "Not tried", LINES)
    frequency = next(line for line in draft.description.split("\n")
                     if line.startswith("Frequency: "))
    assert frequency == (f"Frequency: {said} (4 reports, 4 users; 0 of them unencrypted)")
    reasons = next(line for line in draft.description.split("\n")
                   if line.startswith("Why these reports go together: "))
    assert reasons.count("journal line of") == 1, reasons
