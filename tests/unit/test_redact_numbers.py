"""Phone numbers and IP addresses in what goes to GitLab (docs/privacy.md), and none taken
from the numbers of real WhisperBack debug text (tests/data, demo/)."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from demo import build
from hdtui.domain.redact import IP_ADDRESS, PHONE, PHONE_LIKE, redact_text

ROOT = Path(__file__).resolve().parents[2]


def test_the_walk_s_sentence_loses_its_phone_number_and_ip_address() -> None:
    red = redact_text("My name is Jane Roe, write to jane.roe@private.example or call "
                      "+33 6 12 34 56 78, my IP is 203.0.113.77.")
    assert red.text == ("My name is [name removed], write to [email removed] or call "
                        "[phone number removed], my IP is [IP address removed].")
    assert "1 phone number" in red.summary and "1 IP address" in red.summary
    assert "1 phone number, 1 IP address" in red.note()


@pytest.mark.parametrize("phone", [
    "+33 6 12 34 56 78", "+33612345678", "+1 (555) 010-0199", "+44 (0)20 7946 0958",
    "+49 171-1234567", "+7 912 345 67 89", "+55.11.91234.5678",
])
def test_international_numbers_are_removed(phone: str) -> None:
    assert redact_text(f"reach me on {phone} today").text == \
        "reach me on [phone number removed] today"


@pytest.mark.parametrize("text", [
    "my phone: 06 12 34 56 78", "Call me at (555) 010-0199", "Handy 0171 1234567",
    "appelez-moi au 06.12.34.56.78", "mi teléfono es 612 345 678", "телефон 8 912 345-67-89",
])
def test_national_numbers_after_a_phone_word_are_removed(text: str) -> None:
    red = redact_text(text)
    assert red.summary == ("1 phone number",), red.text
    assert red.text.endswith("[phone number removed]")


def test_national_numbers_without_a_phone_word_are_pointed_at() -> None:
    red = redact_text("you can reach me, it is 555-010-0199 in the evening")
    assert red.removed == ()
    assert [u.reason for u in red.uncertain] == [PHONE_LIKE]


@pytest.mark.parametrize(("address", "gone"), [
    ("203.0.113.77", True), ("198.51.100.4:9001", True), ("IP:81.2.69.142", True),
    ("2001:db8::1234:5678", True), ("2a01:e35:8bd9:8bb0::1", True),
    ("127.0.0.1:9050", False), ("192.168.1.20", False), ("10.0.2.15", False),
    ("172.17.0.1", False), ("169.254.3.4", False), ("255.255.255.0", False),
    ("::1", False), ("fe80::1ff:fe23:4567:890a", False), ("fd00::5", False),
])
def test_ip_addresses_that_may_name_someone_are_removed(address: str, gone: bool) -> None:
    red = redact_text(f"connecting to {address} failed")
    assert (red.removed == (IP_ADDRESS,)) is gone, red.text


@pytest.mark.parametrize("text", [
    "Tails 7.4.1, Tor 0.4.8.12, Firefox 128.5.0esr, kernel 6.1.0-18-amd64",
    "VGA [8086:0166] at 0000:00:02.0, USB ID 0781:5581, MAC 00:1a:2b:3c:4d:5e",
    "Mar 02 14:03:11 amnesia kernel: [   12.345678] took 1772460352.4410 s",
    "on 2026-03-02 at 14:03:11+01:00, sizes 8241 1733 5012, commit 20230418",
    "brcmfmac: Firmware: BCM43602/1 wl0: Nov 10 2015 06:38:10 version 7.35.177.61",
    "std::vector<int> and Gtk::Window, card 1234 5678 9012 3456, +0x1a/0x40",
])
def test_version_numbers_ids_and_timestamps_stay(text: str) -> None:
    red = redact_text(text)
    assert PHONE not in red.removed and IP_ADDRESS not in red.removed, red.text
    assert PHONE_LIKE not in [u.reason for u in red.uncertain]


def _whisperback_texts() -> list[tuple[str, str]]:
    texts = [(p.name, p.read_text()) for p in sorted(
        (ROOT / "tests" / "data" / "whisperback").glob("*.txt"))]
    hardware = tomllib.loads((ROOT / "demo" / "hardware.toml").read_text())
    when = dt.datetime(2026, 3, 2, 14, 0, tzinfo=dt.UTC)
    for report in build.load_reports():
        machine = hardware.get(report.get("hardware", ""))
        texts.append((report["id"], build.report_body(report, machine, when)))
    for path in sorted((ROOT / "tests" / "data" / "matching").glob("hardware*.toml")):
        for name, machine in tomllib.loads(path.read_text()).items():
            journal = machine.get("journal", "")
            texts.append((f"{path.name}:{name}", journal if isinstance(journal, str)
                          else "\n".join(journal)))
    return texts


def test_no_number_of_real_debug_text_is_taken_for_a_phone_or_an_ip_address() -> None:
    texts = _whisperback_texts()
    assert len(texts) > 300
    for name, text in texts:
        red = redact_text(text)
        taken = [k for k in red.removed if k in (PHONE, IP_ADDRESS)]
        assert not taken, (name, [line for line in red.text.splitlines()
                                  if "phone number removed" in line
                                  or "IP address removed" in line])
        assert PHONE_LIKE not in [u.reason for u in red.uncertain], name
