"""Where the time of a change made by someone else goes, from the server to the screen
(issue #12): a timeline of new mail and of a flag another client sets, in the real TUI.

Run: .venv/bin/python benchmarks/live_timeline.py --use DIR[,DIR] [--runs 3] [--changes 3]
                                                  [--roots DIR,DIR] [--append] [--verbose]
                                                  [--wait-count | --during-count]

Starts the real ``hdtui`` as a member on shift (SELECT) in tmux (120x40) on the store and
server of ``warm_tmux.py --serve DIR`` (a fresh copy each time, the shift-start screen
off; ``--use DIR,DIR``: a copy of the served directory for each checkout, a store in its
own cache format, the server the first's), the checkouts of ``--roots`` in turn, under a
hook that notes, with the system's monotonic clock and the CPU of the process and of its
UI thread: the IDLE watcher's notice (``on_change``), the feed hearing it on the UI
thread, the resync, the read of the new message, each result the feed shows, the queue's
``apply``, every write to the terminal (and the one that carries the new message's
token), and the cyclic collector's passes. Once the whole queue is shown, another client
(its own IMAP connection) sets and clears ``\\Flagged`` on the newest message, then a
message is delivered by ``dovecot-lda`` (``--append``: APPEND), ``--changes`` times; the
screen is polled every 10 ms. Each step is printed in seconds after the change reached
the server; a change made while the start's count of the queue's facts ran
(``Insight.facts``: a store without saved facts) is shown apart, "during the count";
``--wait-count`` makes the changes only once that count is over, ``--during-count`` as
soon as it began (``--settle`` seconds after). Nothing talks to
anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from cold_timeline import noting, patch_on_import  # noqa: E402

WHOLE = re.compile(r"(\d+)/\1 shown")
TOKEN = "feedface"
"""Every new message's token starts so: the hook spots the write that carries it."""


def hook(log: Path, argv: list[str]) -> None:
    """Run hdtui (``argv``) from the current directory's checkout, noting each step."""
    sys.path.insert(0, os.getcwd())
    lock = threading.Lock()
    main_clock = time.pthread_getcpuclockid(threading.main_thread().ident or 0)

    def note(what: str) -> None:
        line = (f"{time.monotonic():.4f}\t{time.process_time():.4f}\t"
                f"{time.clock_gettime(main_clock):.4f}\t{threading.current_thread().name}"
                f"\t{what}\n")
        with lock, log.open("a") as f:
            f.write(line)

    collecting: list[float] = []

    def collector(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collecting.append(time.monotonic())
        elif collecting:
            took = time.monotonic() - collecting.pop()
            if took >= 0.01:
                note(f"gc generation {info['generation']}: {took * 1000:.0f} ms")

    gc.callbacks.append(collector)

    around = partial(noting(note), times=None)  # every call

    def patch(module: Any) -> None:
        if module.__name__ == "hdtui.services.triage":
            around(module.Triage, "resync", "resync")
            around(module.Triage, "read_pending", "read_pending")
            around(module, "cached_line", "cached_line")
        elif module.__name__ == "hdtui.sources.imap":
            around(module.ImapSource, "_prefetch", "watcher reads the new mail")
            around(module.ImapSource, "_take_prefetched", "read takes the watcher's bodies")
            around(module.ImapSource, "_in_folder", "main connection command")
            around(module, "_fetch_bodies", "BODY.PEEK[] fetch")
            around(module, "_uid_fetch", "UID FETCH")
            around(module, "parse_item", "parse_item")
        elif module.__name__ == "hdtui.store":
            around(module.LocalStore, "put_parsed", "store put_parsed")
            around(module.LocalStore, "apply_listing", "store apply_listing")
        elif module.__name__ == "hdtui.ui.widgets.mailbox_feed":
            around(module.MailboxFeed, "_changed", "IDLE notice (watcher)")
            around(module.MailboxFeed, "on_mailbox_changed", "feed hears it (UI)")
            around(module.MailboxFeed, "on_inbox_loaded", "feed shows a result (UI)")
            around(module.MailboxFeed, "on_rows_read", "feed gets rows read (UI)")
            around(module.MailboxFeed, "_count_queue", "count of the queue asked")
            counted = module.MailboxFeed._counted

            def noted_counted(self: Any) -> None:
                counted(self)
                note(f"queue counted: {len(gc.get_objects())} objects in the collector's "
                     f"reach, {gc.get_freeze_count()} frozen")

            module.MailboxFeed._counted = noted_counted
            around(module.MailboxFeed, "_index_documents", "filter documents asked")
        elif module.__name__ == "hdtui.services.insight":
            around(module.Insight, "facts", "the count (Insight.facts)")
        elif module.__name__ == "hdtui.ui.background_pause":
            around(module.BackgroundPause, "hold", "background pause held")
            around(module.BackgroundPause, "release", "background pause released")
        elif module.__name__ == "hdtui.ui.widgets.queue_view":
            around(module.QueueView, "apply", "queue apply")
            around(module.QueueView, "load", "queue load")
        elif module.__name__ == "hdtui.ui.app":
            run = module.HdtuiApp.run

            def counted_run(self: Any, *args: Any, **kwargs: Any) -> Any:
                from textual.drivers.linux_driver import LinuxDriver

                write = LinuxDriver.write

                def counted(driver: Any, data: str) -> None:
                    write(driver, data)
                    if TOKEN in data:
                        note(f"terminal write with the token ({len(data)} chars)")
                    elif len(data) > 40:
                        note(f"terminal write ({len(data)} chars)")

                LinuxDriver.write = counted  # type: ignore[method-assign,assignment]
                return run(self, *args, **kwargs)

            module.HdtuiApp.run = counted_run

    patch_on_import({"hdtui.services.triage", "hdtui.ui.widgets.mailbox_feed",
                     "hdtui.sources.imap", "hdtui.store",
                     "hdtui.ui.widgets.queue_view", "hdtui.ui.app", "hdtui.services.insight",
                     "hdtui.ui.background_pause"}, patch)
    import runpy

    sys.argv = ["hdtui", *argv]
    runpy.run_module("hdtui", run_name="__main__", alter_sys=True)


def measure(args: argparse.Namespace) -> None:
    from dovecot_bench import LDA
    from imap_cold_start import tmux, tmux_server
    from imap_sync import plain_report
    from imapclient import IMAPClient
    from live_changes import BODY, flags_of, top_line
    from warm_tmux import served_home

    roots = [Path(r).resolve() for r in args.roots.split(",")]
    served_dirs = [Path(u) for u in args.use.split(",")]
    served = served_dirs[0]
    work = Path(args.work)
    config = (served / "home" / "config.toml").read_text()
    cafile = re.search(r'ca_file = "(.*)"', config)
    port = re.search(r"port = (\d+)", config)
    user = re.search(r'user = "(.*)"', config)
    password = re.search(r"HDPW=(\S+)", (served / "env.sh").read_text())
    assert cafile and port and user and password, "not a --serve directory"
    conf = Path(cafile[1]).parent / "dovecot.conf"
    import ssl

    client = IMAPClient("127.0.0.1", port=int(port[1]), ssl=True,
                        ssl_context=ssl.create_default_context(cafile=cafile[1]))
    client.login(user[1], password[1])
    client.select_folder("INBOX")
    steps: dict[tuple[Path, str], dict[str, list[float]]] = {}
    print(f"changes on screen, timeline, {os.cpu_count()} cores, {args.runs} runs of "
          f"{args.changes} changes each, new mail by "
          f"{'APPEND' if args.append else 'dovecot-lda'}", flush=True)
    with tmux_server():
        for run in range(args.runs):
            for n, root in enumerate(roots):
                home = work / f"home-{n}"
                env = served_home(served_dirs[n % len(served_dirs)], home)
                toml = home / "config.toml"
                toml.write_text(toml.read_text().replace("shift_start = true",
                                                         "shift_start = false"))
                log = home / "timeline.tsv"
                log.unlink(missing_ok=True)
                command = (f"cd {root} && {env} {sys.executable} {Path(__file__).resolve()}"
                           f" --hook {log}")
                tmux("new-session", "-d", "-s", "b", "-x", "120", "-y", "40", "-c",
                     str(home), f"{command} </dev/tty; sleep 600")

                def wait(check: Any, timeout: float = 30.0) -> float:
                    started = time.monotonic()
                    while time.monotonic() - started < timeout:
                        lines = tmux("capture-pane", "-p", "-t", "b").splitlines()
                        if check(lines):
                            return time.monotonic()
                        time.sleep(0.01)
                    return float("nan")

                whole = wait(lambda lines: any(WHOLE.search(line) for line in lines), 300)
                load = os.getloadavg()[0]
                if whole != whole:
                    print(f"  run {run + 1} {root}: the whole queue never came", flush=True)
                    tmux("kill-server")
                    continue
                if args.wait_count or args.during_count:
                    # The changes once the start's count of the queue ended, or as soon
                    # as it started (a store without saved facts).
                    mark = "the count (Insight.facts) " + (
                        "done" if args.wait_count else "start")

                    started = time.monotonic()
                    while not (log.exists() and mark in log.read_text()) and (
                            time.monotonic() - started < 1800):
                        time.sleep(0.05)
                    print(f"  {mark} {time.monotonic() - whole:.1f} s after the whole "
                          "queue", flush=True)
                time.sleep(args.settle)
                events: list[tuple[str, float, float]] = []
                for change in range(args.changes):
                    client.noop()
                    uid = max(client.search("ALL"))
                    for name, want in (("\\Flagged set", True), ("\\Flagged cleared", False)):
                        time.sleep(0.7)
                        if want:
                            client.add_flags([uid], [b"\\Flagged"], silent=True)
                        else:
                            client.remove_flags([uid], [b"\\Flagged"], silent=True)
                        made = time.monotonic()
                        seen = wait(lambda lines, want=want: (
                            "!" in flags_of(top_line(lines, True), True)) == want)
                        events.append((name, made, seen))
                    time.sleep(0.7)
                    token = f"{TOKEN}{run}{n}{change}{os.getpid() % 1000:03d}"
                    body = BODY.replace("Subject: ", f"Subject: {token} ", 1)
                    raw = plain_report(0, body, int(time.time()))
                    raw = raw.replace(b"Subject: Bug report: " + b"0" * 32,
                                      f"Subject: Bug report: {token}".encode(), 1)
                    if args.append:
                        client.append("INBOX", raw)
                    else:
                        subprocess.run([LDA, "-c", str(conf), "-d", user[1]], input=raw,
                                       check=True, capture_output=True)
                    made = time.monotonic()
                    seen = wait(lambda lines, token=token: any(token in li for li in lines))
                    events.append(("new mail", made, seen))
                    if seen != seen:  # never seen: what the poll saw instead
                        pane = tmux("capture-pane", "-p", "-t", "b")
                        print(f"  new mail never seen; tmux {'answers' if pane else 'is silent'}"
                              f": {pane.strip().splitlines()[:3]}", flush=True)
                tmux("kill-server")
                time.sleep(0.5)
                notes = [line.split("\t") for line in log.read_text().splitlines()]
                print(f"  run {run + 1} {root}: whole queue seen, load {load:.1f}", flush=True)
                if args.verbose:  # the collector's state and its long passes, whenever
                    for at, _process, _ui, thread, what in notes:
                        if what.startswith(("queue counted", "gc generation 2")):
                            print(f"    {float(at) - whole:7.3f} s after the whole queue "
                                  f"[{thread}] {what}")
                counting = _counting(notes)
                for start, end in counting:
                    print(f"    a count of the queue from {start - whole:.1f} to "
                          f"{end - whole:.1f} s after the whole queue was seen", flush=True)
                for name, made, seen in events:
                    if any(start <= made < end for start, end in counting):
                        name += ", during the count"
                    found = steps.setdefault((root, name), {})
                    found.setdefault("on screen (tmux poll)", []).append(seen - made)
                    following = [e[1] for e in events if e[1] > made]
                    until = min(following) if following else made + 30
                    firsts: dict[str, tuple[float, float, float]] = {}
                    for at, process, ui, _thread, what in notes:
                        if made - 0.05 <= float(at) < until and what not in firsts:
                            firsts[what] = (float(at), float(process), float(ui))
                    for what, (at, _process, _ui) in firsts.items():
                        found.setdefault(what, []).append(at - made)
                    if args.verbose:
                        print(f"    {name}: on screen {seen - made:.3f} s")
                        for at, process, ui, thread, what in notes:
                            if made - 0.05 <= float(at) < until:
                                print(f"      {float(at) - made:7.3f} cpu {process} ui {ui} "
                                      f"[{thread}] {what}")
                shutil.rmtree(home, ignore_errors=True)
    client.logout()
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    for (root, name), found in steps.items():
        print(f"{root}, {name}: median seconds after the change reached the server (min-max)")
        for what, values in sorted(found.items(), key=lambda kv: statistics.median(kv[1])):
            print(f"  {statistics.median(values):7.3f} ({min(values):.3f}-{max(values):.3f})"
                  f"  {what}" + (f"  [{len(values)}]" if len(values) != len(
                      found["on screen (tmux poll)"]) else ""))


def _counting(notes: list[list[str]]) -> list[tuple[float, float]]:
    """When the process counted the queue's facts (``Insight.facts``, each call on a
    worker thread of its own; a recount can start while a cancelled one ends): (start,
    end), the end infinite for a count still running when the process was ended."""
    spans: list[tuple[float, float]] = []
    started: dict[str, float] = {}
    for at, _process, _ui, thread, what in notes:
        if what == "the count (Insight.facts) start":
            started[thread] = float(at)
        elif what == "the count (Insight.facts) done" and thread in started:
            spans.append((started.pop(thread), float(at)))
    spans.extend((start, float("inf")) for start in started.values())
    return sorted(spans)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hook", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--use", help="served directories (warm_tmux.py --serve DIR)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--changes", type=int, default=3)
    parser.add_argument("--roots", default=str(ROOT))
    parser.add_argument("--append", action="store_true")
    parser.add_argument("--settle", type=float, default=4.0,
                        help="seconds after the whole queue before the first change")
    parser.add_argument("--wait-count", action="store_true",
                        help="make the changes once the start's count of the queue ended")
    parser.add_argument("--during-count", action="store_true",
                        help="make the changes once the start's count of the queue began "
                        "(a store without saved facts), --settle seconds after")
    parser.add_argument("--verbose", action="store_true", help="every note of every change")
    parser.add_argument("--work", default="/tmp/hdlive-timeline")
    args = parser.parse_args()
    if args.hook is not None:  # in the started process: hdtui as a member, noted
        hook(args.hook, [])
    elif not args.use:
        parser.error("--use DIR[,DIR] is needed")
    else:
        Path(args.work).mkdir(parents=True, exist_ok=True)
        measure(args)


if __name__ == "__main__":
    main()
