"""What a quit during a first read leaves behind: the processes and the cache after it.

Run: .venv/bin/python benchmarks/quit_mid_read.py [--messages 3000] [--at 0.2]
     [--quit q-n|TERM] [--tree PATH]

Seeds a loopback Dovecot with `imap_sync.seed` (the demo's messages: plain and encrypted
reports), starts `hdtui` cold in tmux (80x24, its own socket, temporary HOME and cache,
the shift-start screen off), and once the cache holds `--at` of the mailbox quits it
(`q` then `n` to the hand-off question, or SIGTERM). Then, every 20 ms until nothing is
left: the processes that carry this run's config in their environment (the app, its
reading children, their gpg processes), how many messages the cache holds, and whether
the store's lock is free. `--tree` runs another checkout's code (alternate it with this
one). Never talks to anything but 127.0.0.1. (docs/cold-start.md, "The reading children at
a quit".)
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dovecot_bench import hdtui_config, hdtui_env, seeded_dovecot  # noqa: E402
from imap_sync import seed  # noqa: E402

from tests.support.tmux import kill_server  # noqa: E402

SOCKET = f"hdtui-bench-quit-{os.getpid()}"


def ours(config: Path) -> list[tuple[int, str]]:
    """This run's processes (the config's path in their environment), but tmux's."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            if str(config).encode() not in (proc / "environ").read_bytes():
                continue
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
            if command and "tmux" not in command and not command.startswith("sleep"):
                found.append((int(proc.name), command))
    return found


def cached(home: Path) -> int:
    total = 0
    for path in home.rglob("*.sqlite*"):
        if path.name.endswith(("-wal", "-shm")):
            continue
        with contextlib.suppress(sqlite3.Error), contextlib.closing(
                sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as db:
            total += db.execute("SELECT count(*) FROM messages").fetchone()[0]
    return total


def lock_free(lock: Path) -> bool:
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # (releases it when taken)
    return True


def name(command: str) -> str:
    return ("app" if command.endswith("-m hdtui") else "child" if "read_process" in command
            else "gpg" if "gpg" in command else command[:20])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--at", type=float, default=0.2)
    parser.add_argument("--quit", choices=("q-n", "TERM"), default="TERM")
    parser.add_argument("--tree", type=Path, default=ROOT)
    args = parser.parse_args()
    with seeded_dovecot(args.messages, "hdquit-", seed=seed) as bench:
        home = bench.work
        config = hdtui_config(bench, home, shift_start=False)
        command = (f"{hdtui_env(bench, home, config)} PYTHONPATH={args.tree} "
                   f"{sys.executable} -m hdtui; sleep 60")
        started = time.monotonic()
        subprocess.run(["tmux", "-L", SOCKET, "new-session", "-d", "-s", "b", "-x", "80",
                        "-y", "24", "-c", str(args.tree), command], check=True)
        try:
            while cached(home) < args.messages * args.at:
                if time.monotonic() - started > 300:
                    raise SystemExit("the read did not start")
                time.sleep(0.1)
            print(f"{os.getloadavg()[0]:.1f} load; quitting ({args.quit}) at "
                  f"{cached(home)} of {args.messages} cached")
            asked = time.monotonic()  # (q-n: the times include 0.3 s of keys)
            if args.quit == "TERM":
                os.kill(next(p for p, c in ours(config) if name(c) == "app"), 15)
            else:
                for key in ("q", "n"):
                    subprocess.run(["tmux", "-L", SOCKET, "send-keys", "-t", "b", key],
                                   check=True)
                    time.sleep(0.15)
            lock = home / "store.json.lock"
            last = None
            while time.monotonic() - asked < 30:
                processes = sorted(name(c) for _, c in ours(config))
                state = (processes, cached(home), lock_free(lock))
                if state != last:
                    print(f"  {time.monotonic() - asked:5.2f} s: {' '.join(processes) or '-'}"
                          f"; cached {state[1]}; lock {'free' if state[2] else 'held'}")
                    last = state
                if not processes:
                    break
                time.sleep(0.02)
            time.sleep(2)
            print(f"  2 s later: cached {cached(home)}; left {ours(config)}")
        finally:
            kill_server(SOCKET)
            for pid, _ in ours(config):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, 9)


if __name__ == "__main__":
    main()
