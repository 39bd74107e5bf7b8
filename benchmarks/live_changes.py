"""Measures how soon a change made on the server by someone else is on screen: new mail,
a keyword set by another member ($HDClaimed), \\Flagged set and cleared by another client.

Run: .venv/bin/python benchmarks/live_changes.py [--messages 10000] [--runs 5]
                                                 [--no-peers] [--roots DIR,DIR]
                                                 [--sync-once] [--member] [--lda]
                                                 [--dovecot 'SETTING = VALUE;...']
                                                 [--quit]

Seeds a loopback Dovecot with plain WhisperBack reports (``imap_sync.seed_plain``),
caches them once with ``hdtui sync`` (a warm start), then opens each client in tmux
(120x40) on the mailbox and waits until its whole queue is shown. Another client
(imapclient, its own connection) then makes each change; the time is taken from the
moment the server answered OK to the APPEND or STORE (``--lda``: dovecot-lda returned)
until the change is in the terminal (tmux's screen polled every 10 ms):

- new mail: a report whose summary and subject carry a token of their own, on screen;
- $HDClaimed on the newest message: hdtui's state column shows ``c`` (another member's
  claim) on its row (the peers do not show keywords in their index);
- \\Flagged set, then cleared, on the newest message: ``!`` on its row, then gone.

hdtui runs ``--read-only`` (a skim: it writes nothing; ``--member``: as a member on
shift, opening the mailbox with SELECT); NeoMutt with ``imap_idle`` and
``timeout = 1`` (it looks at its IDLE connection when its input times out), aerc as
configured by default (IDLE). Runs alternate between the clients, so the machine's load
hits them alike; ``--roots`` times hdtui from several checkouts (before and after a
change) in alternation. Never talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import shutil
import signal
import ssl
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dovecot_bench import LDA, hdtui_config, hdtui_env, seeded_dovecot  # noqa: E402
from imap_cold_start import (  # noqa: E402
    aerc_command,
    neomutt_command,
    tmux,
    tmux_server,
    tree_rss_mb,
)
from imap_sync import plain_report  # noqa: E402
from imapclient import IMAPClient  # noqa: E402
from warm_tmux import tree_pids  # noqa: E402

from tests.servers.dovecot import Dovecot  # noqa: E402

BODY = (ROOT / "tests" / "data" / "whisperback" / "anonymous.txt").read_text()
STATE = slice(11, 23)
"""hdtui's state column in a queue line (after the kind and the date)."""
Check = Callable[[list[str]], bool]


def top_line(lines: list[str], hdtui: bool) -> str:
    """The newest message's line: the first queue row."""
    for line in lines:
        if (line.startswith("WB ") if hdtui else "Bug report: " in line):
            return line
    return ""


def flags_of(line: str, hdtui: bool) -> str:
    """The part of a message line that holds its flags."""
    if hdtui:
        return line[STATE]
    return line.split("Bug report: ", 1)[0]


class Screen:
    """One client in tmux, polled."""

    def __init__(self, command: str, cwd: Path) -> None:
        tmux("new-session", "-d", "-s", "b", "-x", "120", "-y", "40", "-c", str(cwd),
             f"{command} </dev/tty; sleep 600")
        self.pid = int(tmux("display-message", "-p", "-t", "b", "#{pane_pid}").strip() or 0)
        self.peak = 0.0

    def lines(self) -> list[str]:
        return tmux("capture-pane", "-p", "-t", "b").splitlines()

    def wait(self, check: Check, timeout: float = 30.0) -> float:
        """Seconds until ``check`` holds (NaN if it never did)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if check(self.lines()):
                return time.monotonic() - started
            time.sleep(0.01)
        return float("nan")

    def close(self) -> float:
        """End the client as a dropped terminal does (SIGHUP: ``tmux kill-server``) and
        wait until every process it started is gone, so that the next start is timed on
        its own, not behind this one's exit (an hdtui still exiting holds the store's lock:
        "Store in use"). Seconds from the hang-up until they were gone (NaN: still there
        after EXIT_WAIT; they are then killed)."""
        return self._gone(lambda: tmux("kill-server"))

    def quit(self) -> float:
        """End hdtui as a member does: ``q``, then ``n`` to the hand-off question when it
        is asked (a member on shift with a team folder); seconds from the member's last key
        (the ``n``, else the ``q``) until every process it started is gone (NaN as for
        ``close``). The terminal is then killed."""
        tree = tree_pids(self.pid)[1:] if self.pid else []  # (the shell then runs sleep)

        def asked(lines: list[str]) -> bool:
            return any("hand-off note before you go" in line for line in lines) \
                or not any(alive(pid) for pid in tree)

        def answer() -> None:
            tmux("send-keys", "-t", "b", "n")

        started = time.monotonic()
        tmux("send-keys", "-t", "b", "q")
        self.wait(asked, 10)
        if any("hand-off note before you go" in line for line in self.lines()):
            gone = self._gone(answer, tree)
        else:  # no question (a skim): from the q
            waited = self._gone(lambda: None, tree)
            gone = waited if waited != waited else time.monotonic() - started
        tmux("kill-server")
        return gone

    def _gone(self, end: Callable[[], None], tree: list[int] | None = None) -> float:
        tree = (tree_pids(self.pid) if self.pid else []) if tree is None else tree
        if self.pid:
            self.peak = max(self.peak, tree_rss_mb(self.pid))
        started = time.monotonic()
        end()
        while any(alive(pid) for pid in tree):
            if time.monotonic() - started > EXIT_WAIT:
                for pid in tree:
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
                return float("nan")
            time.sleep(0.01)
        return time.monotonic() - started


EXIT_WAIT = 60.0
"""Seconds a client is given to exit after its hang-up."""


def cache_version(root: Path) -> str:
    """The cache format a checkout writes (hdtui/cache.py's VERSION line)."""
    text = (root / "hdtui" / "cache.py").read_text()
    return next((line for line in text.splitlines() if line.startswith("VERSION = ")), "")


SLOW_START = 8.0
"""Seconds after which a start is looked into (``--stacks``)."""
STACKS_RUN = ("import faulthandler, runpy, signal, sys; "
              "faulthandler.register(signal.SIGUSR1, open(%r, 'w'), all_threads=True); "
              "sys.argv = ['hdtui'] + %r.split(); runpy.run_module('hdtui', run_name='__main__')")
"""hdtui run so that SIGUSR1 writes the stack of every thread to a file."""


def slow(screen: Screen, home: Path, run: int, name: str) -> None:
    """Print a slow start's screen and every thread's stack of its hdtui."""
    print(f"  slow start, run {run}, {name}; its screen:", flush=True)
    print("\n".join("    | " + line for line in screen.lines() if line.strip()))
    for pid in tree_pids(screen.pid)[1:]:
        with contextlib.suppress(OSError):
            if "faulthandler" in Path(f"/proc/{pid}/cmdline").read_text():
                os.kill(pid, signal.SIGUSR1)
    time.sleep(0.5)
    with contextlib.suppress(OSError):
        print((home / "stacks.txt").read_text(), flush=True)


def alive(pid: int) -> bool:
    """The process runs still (a zombie, ended but not waited for, counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


class Changer:
    """Another client: one IMAP connection making the changes."""

    def __init__(self, server: Dovecot, user: tuple[str, str], lda: bool = False) -> None:
        self.lda = [LDA, "-c", str(server.dir / "dovecot.conf"), "-d", user[0]] if lda else []
        """New mail through Dovecot's delivery agent, as an MTA hands it over."""
        context = ssl.create_default_context(cafile=server.cafile)
        self.client = IMAPClient(server.host, port=server.imaps_port, ssl=True,
                                 ssl_context=context)
        self.client.login(*user)
        self.client.select_folder("INBOX")
        self.made = 0

    def newest(self) -> int:
        self.client.noop()  # mail delivered by dovecot-lda is not known to this session yet
        return max(self.client.search("ALL"))

    def append(self, token: str) -> None:
        self.made += 1
        body = BODY.replace("Subject: ", f"Subject: {token} ", 1)
        raw = plain_report(0, body, int(time.time()))
        raw = raw.replace(b"Subject: Bug report: " + b"0" * 32,
                          f"Subject: Bug report: {token}".encode(), 1)
        if self.lda:
            subprocess.run(self.lda, input=raw, check=True, capture_output=True)
        else:
            self.client.append("INBOX", raw)

    def store(self, uid: int, flag: bytes, add: bool) -> None:
        if add:
            self.client.add_flags([uid], [flag], silent=True)
        else:
            self.client.remove_flags([uid], [flag], silent=True)

    def close(self) -> None:
        self.client.logout()


def measure(screen: Screen, changer: Changer, hdtui: bool, run: int,
            label: str) -> dict[str, float]:
    """Each change once; seconds from the server's OK to the change on screen."""
    found: dict[str, float] = {}
    uid = changer.newest()

    def flagged(want: bool) -> Check:
        return lambda lines: ("!" in flags_of(top_line(lines, hdtui), hdtui)) == want

    for name, flag, add, check in (
            ("\\Flagged set", b"\\Flagged", True, flagged(True)),
            ("\\Flagged cleared", b"\\Flagged", False, flagged(False)),
            *((("$HDClaimed set by another member", b"$HDClaimed", True,
                lambda lines: "c" in flags_of(top_line(lines, True), True)),
               ("$HDClaimed cleared", b"$HDClaimed", False,
                lambda lines: "c" not in flags_of(top_line(lines, True), True)))
              if hdtui else ())):
        time.sleep(0.7)  # a change apart from the last one (no debounce merges them)
        changer.store(uid, flag, add)
        found[name] = screen.wait(check)
    time.sleep(0.7)
    token = f"{label[:1]}{run}{os.getpid() % 1000:03d}{time.monotonic_ns() % 10**6:06d}"
    token = token.encode().hex()[:20]
    changer.append(token)
    found["new mail"] = screen.wait(lambda lines: any(token in line for line in lines))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-peers", action="store_true", help="hdtui only")
    parser.add_argument("--sync-once", action="store_true",
                        help="sync with the first of --roots only and give the others a copy "
                        "of its cache (those whose cache format is the same; the others "
                        "sync their own)")
    parser.add_argument("--lda", action="store_true",
                        help="deliver the new mail with dovecot-lda (as an MTA does), not "
                        "APPEND")
    parser.add_argument("--member", action="store_true",
                        help="hdtui as a member on shift, not a read-only skim")
    parser.add_argument("--dovecot", default="",
                        help="settings added to the server's dovecot.conf, e.g. "
                        "'maildir_very_dirty_syncs = yes' (docs/live-changes.md)")
    parser.add_argument("--linger", type=float, default=0.0,
                        help="seconds each client keeps running after its last change "
                             "is seen (a row shown from its headers has its body read)")
    parser.add_argument("--stacks", action="store_true",
                        help=f"a start of hdtui not whole after {SLOW_START:.0f} s: print "
                             "its screen and every thread's stack")
    parser.add_argument("--quit", action="store_true",
                        help="end hdtui with q (n to the hand-off question, asked with "
                             "--member) instead of a hang-up: '(exit after q)' is from the q "
                             "to its processes gone")
    parser.add_argument("--roots", default=str(ROOT),
                        help="checkouts of hdtui to time in alternation, comma-separated")
    args = parser.parse_args()
    roots = [Path(r).resolve() for r in args.roots.split(",")]
    # Dovecot indexes the Maildir once, outside the timings.
    with seeded_dovecot(args.messages, "hdlive-", settings=args.dovecot.replace(";", "\n")
                        ) as bench, tmux_server():
        server, user, work = bench.server, bench.user, bench.work
        started = time.perf_counter()
        homes: dict[Path, Path] = {}
        for n, root in enumerate(roots):
            home = homes[root] = work / f"hdtui-{n}"
            # The first checkout's cache, when of the same format: another would make the
            # start a cold one (docs/benchmarks.md, "Session 21: new mail and other
            # members' changes at 100,000").
            copied = bool(n and args.sync_once
                          and cache_version(root) == cache_version(roots[0]))
            if copied:
                shutil.copytree(homes[roots[0]], home)
            home.mkdir(exist_ok=True)
            config = hdtui_config(bench, home, shift_start=False)
            if copied:
                continue
            subprocess.run(["sh", "-c", f"cd {root} && {hdtui_env(bench, home, config)} "
                            f"{sys.executable} -m hdtui sync"], check=True,
                           capture_output=True, timeout=3600)
        seeded = bench.seeding + bench.indexing
        load = os.getloadavg()
        print(f"changes on screen, tmux 120x40, {args.messages} plain reports, "
              f"{os.cpu_count()} cores, {args.runs} runs each (seeded and synced in "
              f"{seeded + time.perf_counter() - started:.0f} s, seeding {seeded:.0f} s; load "
              f"{load[0]:.1f}); Dovecot: {args.dovecot or 'as the test fixture'}; hdtui "
              f"{'as a member' if args.member else '--read-only'}; new mail by "
              f"{'dovecot-lda' if args.lda else 'APPEND'}", flush=True)
        changer = Changer(server, user, args.lda)
        clients: list[tuple[str, Callable[[], tuple[str, Path]], bool]] = []
        for root in roots:
            home = homes[root]
            name = "hdtui" if len(roots) == 1 else f"hdtui ({root})"
            config = home / "config.toml"
            flags = "" if args.member else " --read-only"
            # --stacks: hdtui run so that SIGUSR1 writes every thread's stack to a file
            run = (f"-c {shlex.quote(STACKS_RUN % (str(home / 'stacks.txt'), flags))}"
                   if args.stacks else "-m hdtui" + flags)
            command = f"cd {root} && {hdtui_env(bench, home, config)} {sys.executable} {run}"
            clients.append((name, lambda command=command, home=home: (command, home), True))
        if not args.no_peers:
            clients.append(("NeoMutt (imap_idle, timeout 1)",
                            lambda: neomutt_idle(server, user, work), False))
            clients.append(("aerc", lambda: aerc_command(server, user, work), False))
        results: dict[str, dict[str, list[float]]] = {}
        rss: dict[str, list[float]] = {}
        for run in range(args.runs):
            for name, command_of, hdtui in clients:
                command, home = command_of()
                screen = Screen(command, home)
                whole = f"{args.messages + changer.made}/{args.messages + changer.made} shown"
                def started(lines: list[str], whole: str = whole) -> bool:
                    return any(whole in line for line in lines)

                shown = screen.wait(started if hdtui else
                                    (lambda lines: bool(top_line(lines, False))),
                                    SLOW_START if args.stacks and hdtui else 600)
                if shown != shown:  # a slow start (--stacks): what it shows, where it is
                    slow(screen, home, run, name)
                    shown = SLOW_START + screen.wait(started, 600 - SLOW_START)
                time.sleep(1.0)  # settled: IDLE in place, the start's own work done
                found = measure(screen, changer, hdtui, run, name) if shown == shown else {}
                found["(start to the queue: hdtui whole, peers first rows)"] = shown
                time.sleep(args.linger)  # the new mail's read done before the client ends
                if args.quit and hdtui:
                    found["(exit after q, the hand-off question answered)"] = screen.quit()
                else:
                    found["(exit after the hang-up)"] = screen.close()
                rss.setdefault(name, []).append(screen.peak)
                for change, seconds in found.items():
                    results.setdefault(name, {}).setdefault(change, []).append(seconds)
        changer.close()
        for name, changes in results.items():
            print(f"  {name} (peak RSS {statistics.median(rss[name]):.0f} MB):")
            for change, values in changes.items():
                ok = [v for v in values if v == v]
                missed = len(values) - len(ok)
                text = (f"median {statistics.median(ok):5.2f} s (min {min(ok):.2f}, "
                        f"max {max(ok):.2f})" if ok else "never")
                print(f"    {change:<36} {text}"
                      + (f", {missed} not seen in 30 s" if missed and ok else ""), flush=True)
        print(f"  load average at the end: {os.getloadavg()[0]:.1f}")


def neomutt_idle(server: Dovecot, user: tuple[str, str], work: Path) -> tuple[str, Path]:
    """NeoMutt as in imap_cold_start, told to use IDLE and to look at it every second."""
    command, home = neomutt_command(server, user, work)
    rc = home / ".neomuttrc"
    text = rc.read_text().replace("set timeout = 600", "set timeout = 1")
    rc.write_text(text + "set imap_idle = yes\nset mail_check = 1\n")
    return command, home


if __name__ == "__main__":
    main()
