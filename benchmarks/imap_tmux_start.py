"""Measures a warm start of the real `hdtui` on a live IMAP mailbox in a real terminal (tmux).

Run: .venv/bin/python benchmarks/imap_tmux_start.py [--messages 2000] [--runs 3]

Seeds a loopback Dovecot like benchmarks/imap_sync.py, syncs it once (cold), then starts
`hdtui --read-only` in tmux (120x40) several times and polls the screen: the time from
starting the process to the first queue rows on screen (a usable queue), and to the
status line counting every message (the whole queue, after the IMAP resync). This is what
a member sees over SSH, Python's start and Textual's first frame included. Never talks
to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from imap_sync import close, make_triage, seed  # noqa: E402

from hdtui.config import demo_dir  # noqa: E402
from hdtui.gpg import GpgCrypto  # noqa: E402
from tests.servers.dovecot import Dovecot  # noqa: E402
from tests.support.pgp import kill_agent  # noqa: E402

SOCKET = "hdtui-bench-start"


def screen() -> str:
    return subprocess.run(["tmux", "-L", SOCKET, "capture-pane", "-p", "-t", "b"],
                          capture_output=True, text=True, check=False).stdout


def one_start(env: str, total: int) -> tuple[float, float]:
    started = time.monotonic()
    subprocess.run(["tmux", "-L", SOCKET, "new-session", "-d", "-s", "b", "-x", "120", "-y",
                    "40", "-c", str(ROOT), f"{env} {sys.executable} -m hdtui --read-only "
                    "</dev/tty; sleep 30"], check=True)
    first = whole = 0.0
    while time.monotonic() - started < 60:
        text = screen()
        if not first and any(line.startswith(("WB ", "Mail ", "Team ")) for line in
                             text.splitlines()):
            first = time.monotonic() - started
        if f"{total}/{total} shown" in text:
            whole = time.monotonic() - started
            break
        time.sleep(0.01)
    subprocess.run(["tmux", "-L", SOCKET, "kill-server"], check=False)
    time.sleep(0.5)
    return first, whole


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hdtmux-"))
    gpg_home = work / "gnupg"
    GpgCrypto(gpg_home).import_keys((demo_dir() / "demo-key.asc").read_text())
    server = Dovecot.create()
    server.start()
    try:
        user = server.new_user()
        seed(server, user[0], args.messages)
        triage = make_triage(server, user, work / "store.json", gpg_home)
        total = len(triage.inbox().rows)
        close(triage)
        config = work / "config.toml"
        config.write_text(
            f'[source]\nkind = "imap"\n[account]\nhost = "127.0.0.1"\n'
            f'port = {server.imaps_port}\nuser = "{user[0]}"\npassword_env = "HDPW"\n'
            f'ca_file = "{server.cafile}"\n[gpg]\nhome = "{gpg_home}"\n'
            f'[store]\npath = "{work}/store.json"\n[tracker]\nkind = "static"\n'
            f'file = "{demo_dir() / "known_issues.json"}"\n')
        env = (f"env -i PATH=/usr/local/bin:/usr/bin:/bin HOME={work} TERM=xterm-256color "
               f"HDPW={user[1]} HDTUI_CONFIG={config} XDG_CACHE_HOME={work}/cache")
        runs = [one_start(env, total) for _ in range(args.runs)]
        print(f"hdtui in tmux (120x40), {total} messages, {os.cpu_count()} cores, "
              f"{args.runs} warm starts:")
        for name, values in (("process start to the first rows on screen", [r[0] for r in runs]),
                             ("process start to the whole queue on screen", [r[1] for r in runs])):
            print(f"  {name:<46} median {statistics.median(values):.2f} s "
                  f"(min {min(values):.2f}, max {max(values):.2f})")
    finally:
        server.remove()
        kill_agent(gpg_home)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
