"""The headless command line: --help, --version, scan (text and JSON), bad paths."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.cpython import email_test_data

ROOT = Path(__file__).parents[2]
DEMO = ROOT / "hdtui" / "demo" / "maildir"
BAD = ROOT / "tests" / "data" / "bad"


def hdtui(*args: str, env_root: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(env_root),
           "XDG_CONFIG_HOME": str(env_root / "config"), "XDG_DATA_HOME": str(env_root / "data"),
           "XDG_CACHE_HOME": str(env_root / "cache")}
    return subprocess.run([sys.executable, "-m", "hdtui", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120, check=False)


def test_help_and_version(xdg: Path) -> None:
    result = hdtui("--help", env_root=xdg)
    assert result.returncode == 0 and "scan" in result.stdout and "--read-only" in result.stdout
    result = hdtui("--version", env_root=xdg)
    assert result.returncode == 0 and result.stdout.startswith("hdtui 0.")


def test_scan_the_demo_mailbox(xdg: Path) -> None:
    result = hdtui("scan", "--demo", str(DEMO), env_root=xdg)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    rows = [line.split("\t") for line in lines[:-1]]
    assert len(rows) == 67 and lines[-1].startswith("67 messages, ")
    kinds = [r[1] for r in rows]
    assert kinds.count("report") >= 45 and {"team", "support", "list-admin", "ft"} <= set(kinds)
    undecryptable = [r for r in rows if "cannot decrypt" in r[-1]]
    assert len(undecryptable) == 2
    wifi = next(r for r in rows if r[2] == "665bce744bdc41648bb1cc4246de2400" and r[1] == "report")
    assert wifi[3] == "7.5" and wifi[4] == "HP 250 G5 Notebook PC"
    # Mail text is printed as data: the ESC byte of the markup sample is made visible.
    assert "\x1b" not in result.stdout


def test_scan_json_and_flags_in_either_position(xdg: Path) -> None:
    result = hdtui("--demo", "scan", "--json", str(DEMO), env_root=xdg)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["count"] == 67 and len(data["messages"]) == 67
    decrypted = [m for m in data["messages"] if m.get("decrypt") == "decrypted"]
    assert len(decrypted) >= 45


def test_scan_files_of_any_name_and_bad_input(xdg: Path) -> None:
    files = sorted(str(p) for p in BAD.iterdir())
    result = hdtui("scan", *files, env_root=xdg)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"{len(files)} messages, ")
    assert "Traceback" not in result.stderr


def test_unusable_path_exits_2_with_a_message(xdg: Path) -> None:
    result = hdtui("scan", str(xdg / "missing"), env_root=xdg)
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_bad_keymap_in_config_is_reported(xdg: Path) -> None:
    config = xdg / "config" / "hdtui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[keymap_overrides]\n"claim" = "c"\n')
    result = hdtui("--config", str(config), "--demo", env_root=xdg)
    assert result.returncode == 2
    assert "unknown binding id 'claim'" in result.stderr and "toggle-claim" in result.stderr


def test_scan_cpython_email_test_data(xdg: Path) -> None:
    data = email_test_data()
    result = hdtui("scan", str(data), env_root=xdg)
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    count = len([p for p in data.rglob("*") if p.is_file()])
    assert result.stdout.splitlines()[-1].startswith(f"{count} messages")


def test_scan_json_escapes_c1_bidi_and_format_characters(xdg: Path, tmp_path: Path) -> None:
    tricky = "Écran \u202eelif.exe\u202c \u2067isolate\u2069 \u200e\u200f\u061c \x80PAD \x9bCSI"
    mail = tmp_path / "tricky.eml"
    mail.write_bytes(b"From: user@example.org\nTo: support@tails.net\nSubject: "
                     + tricky.encode() + b"\nContent-Type: text/plain; charset=utf-8\n\nhi\n")
    result = hdtui("scan", "--json", str(mail), env_root=xdg)
    assert result.returncode == 0, result.stderr
    for char in "\u202e\u202c\u2067\u2069\u200e\u200f\u061c\x80\x9b":
        assert char not in result.stdout
    for escaped in ("\\u202e", "\\u202c", "\\u2067", "\\u2069", "\\u200e", "\\u200f",
                    "\\u061c", "\\u0080", "\\u009b"):
        assert escaped in result.stdout
    assert "Écran" in result.stdout  # letters stay readable, not \u00c9
    [row] = json.loads(result.stdout)["messages"]
    assert row["summary"] == tricky
