"""`scan` says each problem of a message once (walk28, item 9): a report with control
characters in its Subject and in its encrypted body said "control characters shown as
symbols" twice, one for the outer message and one for the decrypted text."""

from __future__ import annotations

import json
from pathlib import Path

from hdtui.domain.text import CONTROL_PROBLEM
from tests.cli.test_cli import hdtui
from tests.support.pgp import KeyPair, whisperback_message

WB = Path(__file__).parents[1] / "data" / "whisperback"
REPORT_ID = "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"


def test_a_problem_of_the_subject_and_of_the_body_is_said_once(
        xdg: Path, tmp_path: Path, test_key: KeyPair) -> None:
    text = (WB / "tails-7.5-wifi.txt").read_text(encoding="utf-8").replace(
        "Connect to the Wi-Fi network", "Connect \x1b[31mto\x1b[0m the Wi-Fi network")
    raw = whisperback_message(text, REPORT_ID, test_key).replace(
        f"Subject: Bug report: {REPORT_ID}".encode(),
        f"Subject: Bug report: {REPORT_ID} \x1b[5m".encode())
    report = tmp_path / "report.eml"
    report.write_bytes(raw)
    config = tmp_path / "config.toml"
    config.write_text(f'[gpg]\nhome = "{test_key.home}"\n', encoding="utf-8")
    result = hdtui("--config", str(config), "scan", "--json", str(report), env_root=xdg)
    assert result.returncode == 0, result.stderr
    [message] = json.loads(result.stdout)["messages"]
    assert message["decrypt"] == "decrypted", message
    assert message["problems"].count(CONTROL_PROBLEM) == 1, message["problems"]
    line = hdtui("--config", str(config), "scan", str(report), env_root=xdg).stdout
    assert line.count(CONTROL_PROBLEM) == 1, line
