"""The context block on top of a forward: problem, importance, workarounds, reproduction."""

from __future__ import annotations

from pathlib import Path

from hdtui.domain.compose import context_block
from hdtui.domain.forward import context_text, forward_context, forward_problem
from hdtui.domain.mail import Kind
from hdtui.domain.message import Message
from hdtui.domain.queue import WHISPERBACK_SENDER, DecryptState, Entry
from hdtui.domain.report import parse_report

WB = Path(__file__).parent.parent / "data" / "whisperback"
WIFI_ID = "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"


def wifi() -> Entry:
    body = (WB / "tails-7.5-wifi.txt").read_text(encoding="utf-8")
    message = Message(key="INBOX:1", subject=f"Bug report: {WIFI_ID}",
                      sender=WHISPERBACK_SENDER, sender_address=WHISPERBACK_SENDER)
    return Entry(message=message, kind=Kind.REPORT, report=parse_report(body, WIFI_ID),
                 decrypt=DecryptState.DECRYPTED)


def test_problem_names_summary_version_and_machine() -> None:
    assert forward_problem(wifi()) == ("Wi-Fi networks not listed since upgrade to 7.5 "
                                       "(Tails 7.5, HP 250 G5 Notebook PC)")
    plain = Entry(Message(key="k", subject="Help\nplease"), Kind.SUPPORT)
    assert forward_problem(plain) == "Help please"


def test_context_has_every_part_and_the_reproduction_line() -> None:
    text = forward_context(wifi(), "high: regression in 7.5, 5 reports this week",
                           "rtl8723be.fwlps=0 rtl8723be.ips=0\nor rtl8723be.ant_sel=1",
                           "Reproduced by Help Desk in 12 minutes")
    lines = text.rstrip("\n").split("\n")
    assert lines[0] == "Context from the Help Desk"
    assert lines[2].startswith("Problem:     Wi-Fi networks not listed")
    assert "Importance:  high: regression in 7.5, 5 reports this week" in lines
    assert "Workarounds: rtl8723be.fwlps=0 rtl8723be.ips=0" in lines
    assert "             or rtl8723be.ant_sel=1" in lines
    assert lines[-1] == "Reproduced:  Reproduced by Help Desk in 12 minutes"


def test_same_layout_as_compose_context_block() -> None:
    ours = context_text("P", "", "", "")
    theirs = context_block("P", "", "", None)
    assert ours.split("\n")[:-2] == theirs.split("\n")[:-2]
    assert ours.endswith("Reproduced:  Not tried\n")
    assert "Importance:  (not assessed)" in ours and "Workarounds: none known" in ours
