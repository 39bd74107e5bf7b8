"""Measures a cold first start (empty local cache) of the real `hdtui` on a live IMAP
mailbox in a real terminal (tmux), side by side with NeoMutt (no header cache) and aerc
on the same Dovecot in the same run.

Run: .venv/bin/python benchmarks/imap_cold_start.py [--messages 10000] [--runs 3]
                                                   [--no-peers] [--whole]

Seeds a loopback Dovecot with plain WhisperBack reports (``imap_sync.seed_plain``), lets
Dovecot index the mailbox once, then starts each client in tmux (120x40) with nothing
cached and polls its screen: the time from starting the process to the first message row
on screen (a line holding "Bug report: ", the subject every client shows for such a
report, or for hdtui a queue line starting with its kind, since a row read from the body
shows the report's own summary), and for hdtui, with ``--whole``, to every message read
and cached (the status line counting them all with nothing left to read). Peak RSS of the
client's process tree is sampled while polling. NeoMutt and aerc get a temporary HOME
configured for the loopback Dovecot only; nothing here talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dovecot_bench import Bench, hdtui_config, hdtui_env, seeded_dovecot  # noqa: E402

from tests.servers.dovecot import Dovecot  # noqa: E402
from tests.support.tmux import kill_server  # noqa: E402

SOCKET = f"hdtui-bench-cold-{os.getpid()}"
FIRST_ROW = "Bug report: "


def tmux(*args: str) -> str:
    """A tmux command on this benchmark's server (kill-server removes its socket file too)."""
    if args == ("kill-server",):
        kill_server(SOCKET)
        return ""
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True,
                          check=False).stdout


@contextmanager
def tmux_server() -> Iterator[None]:
    """This benchmark's tmux server, killed on leaving (a client a failure left running
    goes with it)."""
    try:
        yield
    finally:
        tmux("kill-server")


def tree_rss_mb(pid: int) -> float:
    """The resident memory of a process and its descendants, in MB."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as f:
                total += next((int(line.split()[1]) for line in f
                               if line.startswith("VmRSS:")), 0)
            # Every thread's children: hdtui starts its reading process from a worker.
            children = [c for task in os.listdir(f"/proc/{current}/task")
                        for c in Path(f"/proc/{current}/task/{task}/children")
                        .read_text().split()]
        except (OSError, StopIteration):
            continue
        stack.extend(int(c) for c in children)
    return total / 1024


def one_start(command: str, home: Path, done: Callable[[str], bool] | None = None,
              timeout: float = 600.0) -> tuple[float, float, float]:
    """Start ``command`` in a fresh tmux session; (seconds to the first row, seconds to
    ``done`` (0 without), peak RSS MB)."""
    started = time.monotonic()
    tmux("new-session", "-d", "-s", "b", "-x", "120", "-y", "40", "-c", str(home),
         f"{command} </dev/tty; sleep 600")
    pane_pid = int(tmux("display-message", "-p", "-t", "b", "#{pane_pid}").strip() or 0)
    first = whole = peak = 0.0
    last_rss = 0.0
    while time.monotonic() - started < timeout:
        text = tmux("capture-pane", "-p", "-t", "b")
        now = time.monotonic() - started
        if now - last_rss > 0.2 and pane_pid:
            peak = max(peak, tree_rss_mb(pane_pid))
            last_rss = now
        if not first and (FIRST_ROW in text or any(
                line.startswith(("WB ", "Mail ", "Team ")) for line in text.splitlines())):
            first = now
            if done is None:
                break
        if first and done is not None and done(text):
            whole = now
            break
        time.sleep(0.01)
    if pane_pid:
        peak = max(peak, tree_rss_mb(pane_pid))
    tmux("kill-server")
    time.sleep(0.5)
    return first, whole, peak


def hdtui_command(bench: Bench, run: int | str, root: Path = ROOT) -> tuple[str, Path]:
    """The command line of a cold hdtui start from the checkout ``root``: a store
    directory of its own (empty)."""
    home = bench.work / f"hdtui-{run}"
    home.mkdir()
    env = hdtui_env(bench, home, hdtui_config(bench, home))
    return f"cd {root} && {env} {sys.executable} -m hdtui --read-only", home


def installed(program: str) -> None:
    """Stop at once, saying how to get it, when a peer client is not installed (its pane
    would otherwise wait for rows until the benchmark's timeout)."""
    if shutil.which(program, path="/usr/bin:/bin") is None:
        raise SystemExit(f"{program} is not installed: `scripts/setup.sh bench` installs "
                         "NeoMutt and aerc, or pass --no-peers to measure hdtui alone")


def neomutt_command(server: Dovecot, user: tuple[str, str], work: Path) -> tuple[str, Path]:
    """NeoMutt reading the loopback Dovecot over IMAPS, no header or body cache."""
    installed("neomutt")
    home = work / "neomutt"
    home.mkdir(exist_ok=True)
    rc = home / ".neomuttrc"
    rc.write_text(
        f'set folder = "imaps://{user[0]}@127.0.0.1:{server.imaps_port}/"\n'
        f'set spoolfile = "+INBOX"\nset imap_user = "{user[0]}"\n'
        f'set imap_pass = "{user[1]}"\nset certificate_file = "{home}/certificates"\n'
        f'set ssl_ca_certificates_file = "{server.cafile}"\n'
        'unset header_cache\nunset message_cachedir\nset imap_check_subscribed = no\n'
        'set mail_check_stats = no\nset sort = reverse-date\nset ssl_force_tls = yes\n'
        'set timeout = 600\nset imap_keepalive = 600\n')
    rc.chmod(0o600)
    env = f"env -i PATH=/usr/bin:/bin HOME={home} TERM=xterm-256color"
    return f"{env} neomutt -n -F {rc}", home


def aerc_command(server: Dovecot, user: tuple[str, str], work: Path) -> tuple[str, Path]:
    """aerc on the loopback Dovecot over IMAPS (Go reads the test CA from SSL_CERT_FILE)."""
    installed("aerc")
    home = work / "aerc"
    config = home / ".config" / "aerc"
    config.mkdir(parents=True, exist_ok=True)
    (config / "aerc.conf").write_text("[general]\nunsafe-accounts-conf = true\n"
                                      "[ui]\nsort = -r date\n")
    accounts = config / "accounts.conf"
    accounts.write_text(
        f"[bench]\nsource = imaps://{user[0]}:{user[1]}@127.0.0.1:"
        f"{server.imaps_port}\noutgoing = /bin/false\ndefault = INBOX\n"
        f"from = Bench <{user[0]}@example.org>\ncheck-mail = 0\n")
    accounts.chmod(0o600)
    (config / "binds.conf").write_text("")
    env = (f"env -i PATH=/usr/bin:/bin HOME={home} TERM=xterm-256color "
           f"XDG_CONFIG_HOME={home}/.config XDG_CACHE_HOME={home}/.cache "
           f"SSL_CERT_FILE={server.cafile}")
    return f"{env} aerc", home


def whole_queue(total: int) -> Callable[[str], bool]:
    def done(text: str) -> bool:
        return f"{total}/{total} shown" in text and "reading" not in text \
            and "listing" not in text
    return done


def time_sync(bench: Bench, run: int | str, root: Path = ROOT) -> float:
    """Seconds of a cold ``hdtui sync`` (empty cache), process start included."""
    from cold_cpu import sync_words  # (read only, as the TUI's cold path it is set against)

    command, _ = hdtui_command(bench, f"sync-{run}", root)
    started = time.monotonic()
    subprocess.run(["sh", "-c", command.replace("--read-only", " ".join(sync_words(root)))],
                   check=True, capture_output=True, timeout=3600)
    return time.monotonic() - started


def slug(label: str) -> str:
    """A label as a directory name."""
    return label.replace(" ", "-")


def show(name: str, values: list[float], rss: list[float]) -> None:
    print(f"  {name:<58} median {statistics.median(values):6.2f} s (min {min(values):.2f}, "
          f"max {max(values):.2f}), peak RSS {statistics.median(rss):.0f} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-peers", action="store_true", help="hdtui only")
    parser.add_argument("--whole", action="store_true",
                        help="also time hdtui until every message is read and cached, and "
                        "a cold `hdtui sync` doing the same work")
    parser.add_argument("--before", type=Path,
                        help="another checkout (the code before a change), timed the same "
                        "way, interleaved with this one")
    args = parser.parse_args()
    # Dovecot indexes the Maildir once, outside the timings.
    with seeded_dovecot(args.messages, "hdcold-") as bench, tmux_server():
        server, user, work = bench.server, bench.user, bench.work
        print(f"cold start in tmux (120x40), {args.messages} plain reports, "
              f"{os.cpu_count()} cores, {args.runs} runs each (seeded in "
              f"{bench.seeding:.1f} s):", flush=True)
        results: dict[str, tuple[list[float], list[float]]] = {}
        wholes: dict[str, list[float]] = {}
        syncs: dict[str, list[float]] = {}
        roots = [("hdtui", ROOT)] + ([("hdtui before", args.before)] if args.before else [])
        for run in range(args.runs):  # interleaved: the machine's load hits all alike
            for label, root in roots:
                command, home = hdtui_command(bench, f"{slug(label)}-{run}", root)
                first, whole, rss = one_start(command, home, whole_queue(args.messages)
                                              if args.whole else None)
                name = f"{label}, empty cache: process start to the first rows"
                results.setdefault(name, ([], []))
                results[name][0].append(first)
                results[name][1].append(rss)
                if args.whole:
                    wholes.setdefault(label, []).append(whole)
                    syncs.setdefault(label, []).append(
                        time_sync(bench, f"{slug(label)}-{run}", root))
            if args.no_peers:
                continue
            for name, (peer, peer_home) in (
                    ("NeoMutt (no header cache): to the first rows",
                     neomutt_command(server, user, work)),
                    ("aerc: to the first rows", aerc_command(server, user, work))):
                first, _, rss = one_start(peer, peer_home, timeout=300)
                results.setdefault(name, ([], []))
                results[name][0].append(first)
                results[name][1].append(rss)
                shutil.rmtree(peer_home / ".cache", ignore_errors=True)
        for name, (values, rss) in results.items():
            show(name, values, rss)
        for label, _ in roots if args.whole else ():
            for what, found in (("empty cache: to every message read and cached", wholes),
                                ("sync, empty cache: every message read and cached", syncs)):
                values = found[label]
                title = f"{label} {what}"
                print(f"  {title:<58} median "
                      f"{statistics.median(values):6.2f} s (min {min(values):.2f}, max "
                      f"{max(values):.2f}): {args.messages / statistics.median(values):.0f} "
                      f"messages/s from process start ({', '.join(f'{v:.1f}' for v in values)})",
                      flush=True)


if __name__ == "__main__":
    main()
