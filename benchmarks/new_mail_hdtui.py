"""Measures hdtui's whole path of new mail, without the screen: a message delivered by
``dovecot-lda`` -> hdtui's IDLE watcher says so -> the resync lists it -> the message is
read (fetched, parsed, cached): the queue's rows are ready to draw. "A row" is when the
resync had a provisional row for it (its header fields, read before the body:
docs/live-changes.md, "A row before the body"), else the read's end.

Run: .venv/bin/python benchmarks/new_mail_hdtui.py [--messages 100000] [--runs 3]
        [--roots DIR,DIR] [--setups default,very-dirty] [--member] [--trace]

Seeds a loopback Dovecot with N plain reports, caches them once with ``hdtui sync`` (a
warm start), then for each server setup (``new_mail_delay.SETUPS``, the server restarted
with it) runs each checkout of ``--roots`` in a process of its own, twice, alternating:
a Triage on the cached queue (a skim, or with ``--member`` a member on shift) watching
the mailbox, and ``--runs`` deliveries, each timed from the delivery's end. ``--trace``:
``strace`` on every ``imap`` process hdtui opened (benchmarks/maildir_trace.py), and per
step which of them read cur/ (a whole read of 100,000 names is about 150 ``getdents64``)
or looked for a message file under a name it no longer has. Never talks to anything but
127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("delivered -> IDLE notice", "resync", "read the new message",
         "notice -> read (hdtui's part)", "delivered -> read",
         "delivered -> a row (headers or read)")


def child(root: Path, info: dict[str, str], runs: int, member: bool,
          trace_in: str = "") -> None:
    """In a process running ``root``'s code: the deliveries, timed; prints JSON (with
    ``trace_in``, a directory: the reads of each imap process, per step, printed first)."""
    sys.path[:0] = [str(root), str(root / "benchmarks")]
    sys.path.append(str(ROOT / "benchmarks"))  # the tracer, when ``root`` has none
    from dovecot_bench import LDA
    from imap_sync import make_triage, plain_report
    from maildir_trace import Trace

    from tests.servers.dovecot import Dovecot

    server = Dovecot(Path(info["dir"]), 0, int(info["port"]), info["cafile"])
    user = (info["user"], info["password"])
    triage = make_triage(server, user, Path(info["store"]), Path(info["gpg_home"]))
    if member:
        triage.set_read_only(False)
    triage.snapshot()
    changed, stop = threading.Event(), threading.Event()
    watcher = threading.Thread(target=triage.watch, args=(changed.set, stop), daemon=True)
    watcher.start()
    assert changed.wait(60), "the IDLE watcher did not start"
    time.sleep(0.5)
    triage.read_pending(triage.resync())  # what earlier runs delivered
    trace = Trace(Path(trace_in), int(info["master"])) if trace_in else None
    if trace is not None:
        trace.attach_all()
    mark = trace.mark if trace is not None else (lambda step: None)
    body = (root / "tests" / "data" / "whisperback" / "anonymous.txt").read_text()
    found: dict[str, list[float]] = {}
    for _ in range(runs):
        time.sleep(1.5)
        changed.clear()
        if trace is not None:
            trace.attach_all()  # a connection hdtui opened since (its first use)
        mark("delivery -> notice")
        subprocess.run([LDA, "-c", f"{info['dir']}/dovecot.conf",
                        "-d", user[0]], input=plain_report(0, body, int(time.time())),
                       check=True)
        delivered = time.monotonic()
        assert changed.wait(30), "no IDLE notice in 30 s"
        heard = time.monotonic()
        mark("resync")
        listed = triage.resync()
        resynced = time.monotonic()
        mark("read")
        read = triage.read_pending(listed)
        done = time.monotonic()
        mark("after")
        assert len(listed.pending) == 1 and read.parsed == 1, (len(listed.pending), read.parsed)
        # A resync that has a (provisional) row for the new message shows it at once.
        headed = any(row.key == listed.pending[0].key for row in listed.rows)
        row = resynced if headed else done
        for step, seconds in zip(STEPS, (heard - delivered, resynced - heard, done - resynced,
                                         done - heard, done - delivered, row - delivered),
                                 strict=True):
            found.setdefault(step, []).append(seconds)
    stop.set()
    if trace is not None:
        said = set()
        for step, seen in trace.stop().items():
            for conn, counts in seen.items():
                if any(counts.values()):
                    said.add(conn)
                    print(f"    {step:<20} {conn:<12} " + ", ".join(
                        f"{k} {v}" for k, v in counts.items() if v), flush=True)
        for conn in sorted(set(trace.procs) - said):
            print(f"    {'every step':<20} {conn:<12} read no directory, missed no file",
                  flush=True)
    triage.store.close()  # type: ignore[attr-defined]
    triage.source.close()  # type: ignore[attr-defined]
    print(json.dumps(found))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--roots", default=str(ROOT))
    parser.add_argument("--setups", default="default,very-dirty")
    parser.add_argument("--member", action="store_true",
                        help="hdtui as a member on shift (SELECT), not a read-only skim")
    parser.add_argument("--trace", action="store_true",
                        help="count each imap process's reads of cur/ (strace), per step")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), json.loads(args.child[1]), args.runs, args.child[2] == "1",
              args.child[3])
        return
    sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
    from dovecot_bench import hdtui_config, hdtui_env, seeded_dovecot
    from new_mail_delay import SETUPS

    roots = [Path(r).resolve() for r in args.roots.split(",")]
    with seeded_dovecot(args.messages, "hdnewui-", ) as bench:
        home = bench.work / "hdtui"
        home.mkdir()
        env = hdtui_env(bench, home, hdtui_config(bench, home))
        subprocess.run(["sh", "-c", f"cd {roots[0]} && {env} {sys.executable} -m hdtui sync"],
                       check=True, capture_output=True, timeout=3600)
        server = bench.server
        conf = server.dir / "dovecot.conf"
        base = conf.read_text()
        info = {"dir": str(server.dir), "port": str(server.imaps_port),
                "cafile": server.cafile, "user": bench.user[0], "password": bench.user[1],
                "store": str(home / "store.json"), "gpg_home": str(bench.gpg_home),
                "master": "0"}
        for setup in args.setups.split(","):
            server.stop()
            conf.write_text(base + SETUPS[setup])
            server.start()
            info["master"] = str(server.proc.pid)  # type: ignore[union-attr]
            results: dict[Path, dict[str, list[float]]] = {}
            for _ in range(2):
                for root in roots:
                    out = subprocess.run(
                        [sys.executable, __file__, "--runs", str(args.runs), "--child",
                         str(root), json.dumps(info), "1" if args.member else "0",
                         str(bench.work) if args.trace else ""],
                        capture_output=True, text=True, check=True, timeout=600)
                    if args.trace:
                        print(f"  {root.name}, what each imap process read:", flush=True)
                        print("\n".join(out.stdout.splitlines()[:-1]), flush=True)
                    for step, values in json.loads(out.stdout.splitlines()[-1]).items():
                        results.setdefault(root, {}).setdefault(step, []).extend(values)
            print(f"new mail, {args.messages} plain reports, Dovecot {setup} "
                  f"({SETUPS[setup].strip() or 'as the fixture'}), hdtui "
                  f"{'as a member' if args.member else '--read-only'}, "
                  f"{2 * args.runs} deliveries per checkout, load "
                  f"{os.getloadavg()[0]:.1f}:", flush=True)
            for root, steps in results.items():
                print(f"  {root}:")
                for step, values in steps.items():
                    print(f"    {step:<30} median {statistics.median(values):.3f} s "
                          f"({min(values):.3f}-{max(values):.3f})", flush=True)


if __name__ == "__main__":
    main()
