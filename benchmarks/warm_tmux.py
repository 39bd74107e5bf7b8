"""Measures warm starts of the real `hdtui` in tmux at 10,000 or 100,000 messages: the
first rows, the whole queue and the peak RSS, for one or several checkouts alternating.

Run: .venv/bin/python benchmarks/warm_tmux.py [--messages 100000] [--runs 3]
                                              [--roots DIR,DIR] [--serve DIR]
                                              [--use DIR[,DIR]] [--hold SECONDS]
                                              [--first-start] [--peers]

Seeds a loopback Dovecot with plain WhisperBack reports (``imap_sync.seed_plain``),
caches them once with ``hdtui sync`` (from the first checkout), then starts
``hdtui --read-only`` in tmux (120x40) from each checkout in turn, each time with a fresh
copy of that synced store, and polls the screen every 10 ms: the time from starting the
process to the first queue row on screen, to the status line counting every message
(``N/N shown``: the whole queue, after the IMAP resync), and the peak RSS of the process
tree (sampled every 50 ms until one second after the whole queue, or ``--hold SECONDS``
after it: then the RSS at that moment is printed too, e.g. 30 s to see the issues pane's
counting of the saved facts, docs/benchmarks.md). The load average is printed with each
round: the VM's speed drifts, so compare checkouts within one run.

A member's warm start is timed: before the timed starts, each checkout is started once,
untimed, on a copy of the store, and the ``css.pickle`` that start leaves in its cache
(Textual's parsed CSS, docs/store.md) and its ``toml.json`` (the config's and the
keymap's tables, since session 26) are put into every timed start's copy of that
checkout, as an earlier start of the same home leaves them. ``--first-start`` times the
first TUI start of a home only ``hdtui sync`` used instead (no ``css.pickle``: it parses
Textual's CSS; the figures of sessions 13-20 were taken so).

``--serve DIR`` keeps the server and the synced store for profiling by hand: it writes
``DIR/env.sh`` (the environment of a start) and ``DIR/home`` (the synced store), and waits
until ``DIR/stop`` exists; ``--use DIR`` then times starts on that server (a fresh copy
of ``DIR/home`` each time) without seeding and syncing again; ``--use DIR,DIR`` gives
each checkout of ``--roots`` its own copy of the served directory (a store whose facts
that checkout saved itself: checkouts of different rules versions recompute each other's).
``--peers`` (with ``--use``) times NeoMutt (no header cache) and aerc too, once each after
each round of hdtui's starts, on the same served Dovecot over IMAPS: their first message
row on screen (``imap_cold_start.py``'s clients and poll; neither keeps a cache between
starts, so each start of theirs is a first one).
Never talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dovecot_bench import Bench, hdtui_config, hdtui_env, seeded_dovecot  # noqa: E402
from imap_cold_start import tmux, tree_rss_mb  # noqa: E402

ROW_STARTS = ("WB ", "Mail ", "Team ")


Start = tuple[float, float, float, float, float]
"""Seconds to the first row, seconds to the whole queue, peak RSS MB, RSS MB at the end
of the hold, CPU seconds the process tree had used when the whole queue was seen."""


def one_start(command: str, home: Path, total: int, timeout: float = 120.0,
              hold: float = 1.0) -> Start:
    """One start, sampled until ``hold`` seconds after the whole queue."""
    started = time.monotonic()
    tmux("new-session", "-d", "-s", "b", "-x", "120", "-y", "40", "-c", str(home),
         f"{command} </dev/tty; sleep 600")
    pane = int(tmux("display-message", "-p", "-t", "b", "#{pane_pid}").strip() or 0)
    first = whole = peak = last = cpu = 0.0
    whole_text = f"{total}/{total} shown"
    while time.monotonic() - started < timeout:
        now = time.monotonic() - started
        if now - last >= 0.05 and pane:
            peak = max(peak, tree_rss_mb(pane))
            last = now
        text = tmux("capture-pane", "-p", "-t", "b")
        now = time.monotonic() - started
        if not first and any(line.startswith(ROW_STARTS) for line in text.splitlines()):
            first = now
        if whole_text in text:
            whole = now
            first = first or now
            cpu = tree_cpu(pane) if pane else 0.0
            break
        time.sleep(0.01)
    settle = time.monotonic() + hold
    rss = 0.0
    while time.monotonic() < settle and pane:
        rss = tree_rss_mb(pane)
        peak = max(peak, rss)
        time.sleep(0.05)
    hang_up(pane)
    return first, whole, peak, rss, cpu


def hang_up(pane: int) -> None:
    """End a start: its tmux server killed (the terminal hangs up), then what it left
    running (``end_left``)."""
    started_tree = tree_pids(pane) if pane else []
    tmux("kill-server")
    time.sleep(0.5)
    end_left(started_tree)


def tree_cpu(pid: int) -> float:
    """CPU seconds (user and system) a process and its descendants have used: on a
    machine shared with other jobs, the figure of a start least moved by them (its wall
    time grows with the load; docs/benchmarks.md, "Session 11")."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for current in tree_pids(pid):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def tree_pids(pid: int) -> list[int]:
    """A process and its descendants (every thread's children)."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        with contextlib.suppress(OSError):
            stack.extend(int(child) for task in os.listdir(f"/proc/{current}/task")
                         for child in Path(f"/proc/{current}/task/{task}/children")
                         .read_text().split())
    return found


CLOSING = 5.0
"""Seconds a start is given to end by itself after its terminal went away."""


def end_left(pids: list[int]) -> None:
    """End what a start left running after its tmux server was killed: an hdtui the
    hang-up did not end went on using a fifth of a core or more, reparented to init,
    under every later start of the run (session 10: the load rose from 9 to 12 over
    eight starts). Closing takes hdtui about a second (the watch looks at its stop event
    every second: docs/live-changes.md, "Closing"), so a start is given
    ``CLOSING`` seconds to end by itself first."""
    deadline = time.monotonic() + CLOSING
    while any(map(_alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    for signal_number in (signal.SIGTERM, signal.SIGKILL):
        left = [pid for pid in pids if _alive(pid)]
        if not left:
            return
        print(f"  ending {len(left)} processes the start left running", flush=True)
        for pid in left:
            with contextlib.suppress(OSError):
                os.kill(pid, signal_number)
        deadline = time.monotonic() + 5
        while any(map(_alive, left)) and time.monotonic() < deadline:
            time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def synced_home(bench: Bench, root: Path) -> tuple[Path, float]:
    """The home of one ``hdtui sync`` of the bench's mailbox (from ``root``), seconds
    taken by the sync."""
    started = time.perf_counter()
    home = bench.work / "synced"
    home.mkdir()
    config = hdtui_config(bench, home)
    subprocess.run(["sh", "-c", f"cd {root} && {hdtui_env(bench, home, config)} "
                    f"{sys.executable} -m hdtui sync"], check=True, capture_output=True,
                   timeout=7200)
    return home, time.perf_counter() - started


def fresh_home(synced: Path, to: Path, bench: Bench) -> str:
    """A copy of the synced home at ``to`` (its own config); the environment of a start."""
    shutil.rmtree(to, ignore_errors=True)
    shutil.copytree(synced, to)
    return hdtui_env(bench, to, hdtui_config(bench, to))


def served_home(served: Path, to: Path) -> str:
    """A copy of the home kept by ``--serve`` at ``to``; the environment of a start."""
    shutil.rmtree(to, ignore_errors=True)
    shutil.copytree(served / "home", to)
    env = (served / "env.sh").read_text().strip()
    config = (to / "config.toml").read_text().replace(str(served / "home"), str(to))
    (to / "config.toml").write_text(config)
    return env.replace(str(served / "home"), str(to))


CSS_FILE = Path("cache") / "hdtui" / "css.pickle"
"""Where a start's home keeps Textual's parsed CSS (``hdtui_env``'s XDG_CACHE_HOME)."""
TOML_FILE = Path("cache") / "hdtui" / "toml.json"
"""Where it keeps the config's and the keymap's parsed tables (docs/store.md; a checkout
before session 26 writes none)."""
KEPT = (CSS_FILE, TOML_FILE)
"""What an earlier start of the same home leaves for the next one's first frame."""


def left_by_start(home: Path) -> dict[Path, bytes]:
    """The files of KEPT a start in ``home`` left behind (``css.pickle`` at least)."""
    kept = {name: (home / name).read_bytes() for name in KEPT if (home / name).exists()}
    if CSS_FILE not in kept:
        raise SystemExit(f"the untimed start left no {CSS_FILE}")
    return kept


def forget_kept(home: Path) -> None:
    """Remove what an earlier start of ``home`` left (a first TUI start's home)."""
    for name in KEPT:
        (home / name).unlink(missing_ok=True)


def kept_css(command: str, home: Path, messages: int) -> dict[Path, bytes]:
    """The ``css.pickle`` (and ``toml.json``) an untimed start of ``command`` in ``home``
    leaves behind."""
    forget_kept(home)
    one_start(command, home, messages)
    return left_by_start(home)


def give_css(home: Path, kept: dict[Path, bytes]) -> None:
    """Put what an earlier start left into ``home`` as hdtui writes it (owner-only:
    another mode is not read)."""
    for name, data in kept.items():
        path = home / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)


def time_starts(served: list[Path], roots: list[Path], work: Path, messages: int,
                runs: int, home_at: Callable[[Path], str] | None = None,
                hold: float = 1.0, first_start: bool = False,
                peers: dict[str, Peer] | None = None) -> None:
    """Start hdtui from each checkout in turn, ``runs`` times (on ``served[n]`` for the
    n-th checkout, or the one served directory for all); print each start and the
    medians. Unless ``first_start``, each checkout's starts get the ``css.pickle`` of an
    untimed start of that checkout first (``kept_css``)."""
    def fresh(n: int) -> tuple[Path, str]:
        home = work / f"home-{n}"
        return home, home_at(home) if home_at is not None else \
            served_home(served[n % len(served)], home)

    def command(root: Path, env: str) -> str:
        return f"cd {root} && {env} {sys.executable} -m hdtui --read-only"

    css: dict[Path, dict[Path, bytes]] = {}
    if first_start:
        print("  each start is the first TUI start of its home (no css.pickle: Textual's "
              "CSS parsed)", flush=True)
    else:
        for n, root in enumerate(roots):
            home, env = fresh(n)
            css[root] = kept_css(command(root, env), home, messages)
            files = ", ".join(f"{name.name} ({len(data):,} bytes)"
                              for name, data in css[root].items())
            print(f"  {root}: each start with the {files} of an untimed earlier start of "
                  "this checkout (a member's warm start)", flush=True)
    results: dict[Path, list[Start]] = {r: [] for r in roots}
    peer_results: dict[str, list[tuple[float, float]]] = {}
    for run in range(runs):
        for n, root in enumerate(roots):
            home, env = fresh(n)
            if root in css:
                give_css(home, css[root])
            else:
                forget_kept(home)
            load = os.getloadavg()
            found = one_start(command(root, env), home, messages, hold=hold)
            results[root].append(found)
            held = f", RSS {found[3]:.0f} MB {hold:.0f} s after it" if hold > 1 else ""
            print(f"  run {run + 1} {root}: first rows {found[0]:.2f} s, whole queue "
                  f"{found[1]:.2f} s (CPU {found[4]:.2f} s), peak RSS {found[2]:.0f} MB{held} "
                  f"(load "
                  f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}, then "
                  f"{os.getloadavg()[0]:.1f})", flush=True)
        if peers:
            time_peers(peers, work / f"peers-{run}", peer_results)
    for root, starts in results.items():
        print(f"  {root}:")
        lines = [("process start to the first rows on screen", [f[0] for f in starts], "s"),
                 ("process start to the whole queue on screen", [f[1] for f in starts], "s"),
                 ("CPU used by then (the process tree)", [f[4] for f in starts], "s"),
                 ("peak RSS", [f[2] for f in starts], "MB")]
        if hold > 1:
            lines.append((f"RSS {hold:.0f} s after the whole queue", [f[3] for f in starts],
                          "MB"))
        print_medians(lines)
    for name, starts_of_peer in peer_results.items():
        print(f"  {name}:")
        print_medians([("process start to the first rows on screen",
                        [first for first, _ in starts_of_peer], "s"),
                       ("peak RSS", [peak for _, peak in starts_of_peer], "MB")])
    print(f"  load average at the end: {os.getloadavg()[0]:.1f}", flush=True)


Peer = Callable[[Path], tuple[str, Path]]
"""A peer client's command line and home (made under the given work directory)."""


def served_peers(served: Path) -> dict[str, Peer]:
    """NeoMutt and aerc on the Dovecot that ``--serve`` keeps at ``served``: its IMAPS
    port, CA, user and password as the served home's config and ``env.sh`` name them."""
    import tomllib
    from types import SimpleNamespace

    from imap_cold_start import aerc_command, neomutt_command

    account = tomllib.loads((served / "home" / "config.toml").read_text())["account"]
    words = dict(word.split("=", 1) for word in (served / "env.sh").read_text().split()
                 if "=" in word)
    server: Any = SimpleNamespace(imaps_port=account["port"], cafile=account["ca_file"])
    user = (account["user"], words[account["password_env"]])
    return {"NeoMutt": lambda work: neomutt_command(server, user, work),
            "aerc": lambda work: aerc_command(server, user, work)}


def time_peers(peers: dict[str, Peer], work: Path,
               found: dict[str, list[tuple[float, float]]]) -> None:
    """One start of each peer: seconds to its first message row, peak RSS (MB)."""
    from imap_cold_start import one_start as peer_start

    work.mkdir(parents=True, exist_ok=True)
    for name, made in peers.items():
        command, home = made(work)
        load = os.getloadavg()[0]
        first, _, peak = peer_start(command, home, timeout=120.0)
        found.setdefault(name, []).append((first, peak))
        print(f"  {name}: first rows {first:.2f} s, peak RSS {peak:.0f} MB (load {load:.1f})",
              flush=True)


def print_medians(lines: list[tuple[str, list[float], str]]) -> None:
    """One line a figure: its name, median, min and max over the starts."""
    for name, values, unit in lines:
        print(f"    {name:<44} median {statistics.median(values):6.2f} {unit} "
              f"(min {min(values):.2f}, max {max(values):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--roots", default=str(ROOT),
                        help="checkouts of hdtui to time in alternation, comma-separated")
    parser.add_argument("--serve", type=Path,
                        help="set up, write DIR/env.sh, wait for DIR/stop (no timing)")
    parser.add_argument("--use", help="time starts on the server of --serve DIR (DIR,DIR: "
                        "a copy of it for each checkout of --roots, in order)")
    parser.add_argument("--hold", type=float, default=1.0,
                        help="seconds to sample the RSS after the whole queue (default 1)")
    parser.add_argument("--first-start", action="store_true",
                        help="time the first TUI start of each home (no css.pickle) "
                        "instead of a member's warm start")
    parser.add_argument("--peers", action="store_true",
                        help="with --use: time NeoMutt and aerc on the served Dovecot too")
    args = parser.parse_args()
    roots = [Path(r).resolve() for r in args.roots.split(",")]
    work = Path(tempfile.mkdtemp(prefix="hdwarm-"))
    try:
        if args.use:
            served = [Path(u) for u in args.use.split(",")]
            time_starts(served, roots, work, args.messages, args.runs, hold=args.hold,
                        first_start=args.first_start,
                        peers=served_peers(served[0]) if args.peers else None)
            return
        with seeded_dovecot(args.messages, "hdwarm-seed-") as bench:
            synced, took = synced_home(bench, roots[0])
            took += bench.seeding + bench.indexing
            if args.serve:
                args.serve.mkdir(parents=True, exist_ok=True)
                env = fresh_home(synced, args.serve / "home", bench)
                (args.serve / "env.sh").write_text(env + "\n")
                print(f"serving {args.messages} messages (set up in {took:.0f} s): "
                      f"{args.serve}/env.sh; touch {args.serve}/stop to end", flush=True)
                while not (args.serve / "stop").exists():
                    time.sleep(1)
                return
            print(f"warm start in tmux (120x40), {args.messages} plain reports, "
                  f"{os.cpu_count()} cores, {args.runs} runs each (seeded and synced in "
                  f"{took:.0f} s)", flush=True)
            time_starts([], roots, work, args.messages, args.runs,
                        lambda to: fresh_home(synced, to, bench), args.hold,
                        args.first_start)
    finally:
        tmux("kill-server")
        shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
