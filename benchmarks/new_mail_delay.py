"""Measures the server's part of "new mail on screen": from a message's delivery being
done to an IDLE client hearing ``* N EXISTS``, and what a client's resync then costs the
server, for several ways of delivering and several Dovecot settings.

Run: .venv/bin/python benchmarks/new_mail_delay.py [--messages 100000] [--runs 3]
        [--setups default,very-dirty] [--deliveries append,lda,new] [--watch idle]
        [--select] [--on-watcher]

For each server setup a loopback Dovecot is seeded with N plain reports
(``imap_sync.seed_plain``) and indexed once; then, for each delivery, a watcher
connection (EXAMINE, IDLE, read as hdtui's watcher reads it) waits while one message is
delivered:

- ``append``: APPEND from another IMAP session (another client, or a member's Sent copy);
- ``lda``: ``dovecot-lda -d user`` (Dovecot's delivery agent, as an MTA calls it);
  (Dovecot's LMTP service, how Postfix hands mail to a Dovecot server, saves through the
  same delivery code; it is not installed on the VM);
- ``save``: ``doveadm save`` (what the test fixture's ``deliver`` does);
- ``new``: a file written into the Maildir's ``new/`` (an MDA other than Dovecot's);
- ``keyword``: not new mail: another IMAP client sets (then, run after run, clears) the
  ``$HDClaimed`` keyword on the newest message with ``UID STORE`` (another member's claim;
  Dovecot keeps a Maildir message's keywords in its file name, so it renames the file);
  the watcher waits for the ``FETCH`` that tells of it, and no body is fetched.

Each time is from the delivery's end (the command returned, the server said OK, the file
renamed into place) to the watcher's ``EXISTS``; then, on a third connection that had
the folder open before the delivery, hdtui's resync (NOOP, ``UID FETCH 1:*
(CHANGEDSINCE n)``, ``UID SEARCH RETURN (COUNT) ALL``) and the fetch of the new body
(``--on-watcher``: the body fetched first on the watcher's own connection).

``--headers``: before the body, the watcher fetches the new message's header fields
(``BODY.PEEK[HEADER.FIELDS (...)]``, what a provisional row needs), timed apart.
``--trace``: ``strace`` on the watcher's and the main connection's ``imap`` processes
(benchmarks/maildir_trace.py): per step, how often each read cur/ and new/ and looked for
a message file under a name it no longer has (the times of a traced run are slower).

``--watch noop`` replaces IDLE by a NOOP every 0.1 s on the watcher (polling);
``--watch notify`` asks for NOTIFY (RFC 5465) of new mail before the IDLE. Never talks
to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import imaplib
import os
import pwd
import re
import ssl
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dovecot_bench import LDA, Bench, seeded_dovecot  # noqa: E402
from imap_sync import plain_report, raw_fetch  # noqa: E402
from imapclient import IMAPClient  # noqa: E402
from maildir_trace import Trace  # noqa: E402

from hdtui.sources.imap import _idle_responses  # noqa: E402
from tests.servers.dovecot import Dovecot  # noqa: E402

BODY = (ROOT / "tests" / "data" / "whisperback" / "anonymous.txt").read_text()
SETUPS = {
    "default": "",
    # Dovecot trusts its own index for cur/: it reads the directory again only when its
    # mtime changed in a way Dovecot did not expect (its own renames are expected).
    "very-dirty": "maildir_very_dirty_syncs = yes\n",
    "list-index": "mailbox_list_index = yes\n",
    # Dovecot's own multi-message format (the Maildir imported into it: to_mdbox).
    "mdbox": "",
}


def to_mdbox(bench: Bench) -> None:
    """The seeded Maildir imported into an mdbox store, and the server switched to it."""
    server, user = bench.server, bench.user[0]
    conf = server.dir / "dovecot.conf"
    maildir = f"maildir:{server.dir}/mail/%u:LAYOUT=fs"
    server.stop()
    conf.write_text(conf.read_text().replace(maildir, f"mdbox:{server.dir}/mdbox/%u"))
    (server.dir / "mdbox").mkdir()
    nobody = pwd.getpwnam("nobody")
    os.chown(server.dir / "mdbox", nobody.pw_uid, nobody.pw_gid)
    server.start()
    server.doveadm("import", "-u", user, maildir.replace("%u", user), "", "all")


def connect(server: Dovecot, user: tuple[str, str]) -> IMAPClient:
    context = ssl.create_default_context(cafile=server.cafile)
    client = IMAPClient(server.host, port=server.imaps_port, ssl=True, ssl_context=context,
                        timeout=60)
    client.login(*user)
    client.enable("CONDSTORE")
    return client


def message(token: str) -> bytes:
    raw = plain_report(0, BODY, int(time.time()))
    return raw.replace(b"Subject: Bug report: " + b"0" * 32,
                       f"Subject: Bug report: {token}".encode(), 1)


def deliverer(server: Dovecot, user: tuple[str, str], how: str
              ) -> Callable[[bytes], object]:
    if how == "append":
        other = connect(server, user)
        return lambda raw: other.append("INBOX", raw)
    if how == "keyword":
        member = connect(server, user)
        member.select_folder("INBOX")
        newest = max(member.search("ALL"))
        claimed = b"$HDClaimed" in member.get_flags([newest])[newest]
        toggle = member.remove_flags if claimed else member.add_flags
        return lambda raw: toggle([newest], [b"$HDClaimed"], silent=True)
    if how == "save":
        return lambda raw: server.deliver(user[0], raw)
    if how == "lda":
        return lambda raw: subprocess.run(
            [LDA, "-c", str(server.dir / "dovecot.conf"), "-d", user[0]], input=raw,
            check=True, capture_output=True)
    if how == "new":
        box = server.dir / "mail" / user[0]
        nobody = pwd.getpwnam("nobody")

        def drop(raw: bytes) -> None:
            name = f"{time.time_ns()}.M1P{os.getpid()}.bench"
            tmp = box / "tmp" / name
            tmp.write_bytes(raw.replace(b"\n", b"\r\n"))
            os.chown(tmp, nobody.pw_uid, nobody.pw_gid)
            os.rename(tmp, box / "new" / name)
        return drop
    raise SystemExit(f"unknown delivery {how}")


def wait_exists(watcher: IMAPClient, watch: str, timeout: float = 30.0,
                what: bytes = b"EXISTS") -> tuple[float, int]:
    """monotonic() when the watcher heard EXISTS (``what``: FETCH, a flag change; NaN if
    not within ``timeout``), and the message count (number) it said."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if watch != "noop":
            responses = _idle_responses(watcher, 0.5, 60)
        else:
            time.sleep(0.1)
            responses = watcher.noop()[1]
        for r in responses:
            if isinstance(r, tuple) and len(r) >= 2 and r[1] == what:
                return time.monotonic(), int(r[0])
    return float("nan"), 0


def resync(main: IMAPClient, modseq: int, body: bool = True,
           mark: Callable[[str], None] = lambda step: None) -> dict[str, float]:
    """hdtui's resync of the folder open on ``main``, each command timed: NOOP, ``UID
    FETCH 1:* (...) (CHANGEDSINCE n)``, ``UID SEARCH RETURN (COUNT) ALL``, then, when
    ``body``, the new message's body; ``mark`` is told of each step as it begins."""
    times: dict[str, float] = {}
    mark("resync: NOOP")
    started = time.monotonic()
    main.noop()
    times["resync: NOOP"] = time.monotonic() - started
    mark("resync: FETCH CHANGEDSINCE")
    started = time.monotonic()
    _, data = main._imap.uid("FETCH", "1:*", "(UID FLAGS RFC822.SIZE INTERNALDATE MODSEQ)",
                             f"(CHANGEDSINCE {modseq})")
    times["resync: FETCH CHANGEDSINCE"] = time.monotonic() - started
    mark("resync: COUNT")
    started = time.monotonic()
    main._imap.uid("SEARCH", "RETURN", "(COUNT)", "ALL")
    times["resync: COUNT"] = time.monotonic() - started
    if not body:
        return times
    uids = [int(m.group(1)) for line in data if isinstance(line, bytes)
            for m in [re.search(rb"UID (\d+)", line)] if m]
    mark("main: new body")
    started = time.monotonic()
    main.fetch(uids, ["BODY.PEEK[]"])
    times["new body"] = time.monotonic() - started
    return times


def one(server: Dovecot, user: tuple[str, str], how: str, watch: str, run: int,
        on_watcher: bool, select: bool = False, headers: bool = False,
        trace: Trace | None = None) -> dict[str, float]:
    if trace is not None:
        trace.skip_new()
    deliver = deliverer(server, user, how)
    if trace is not None:
        trace.skip_new()
    watcher = connect(server, user)
    if trace is not None:
        trace.attach_new("watcher")
    watcher.select_folder("INBOX", readonly=not select)
    main = connect(server, user)
    if trace is not None:
        trace.attach_new("main")
    info = main.select_folder("INBOX", readonly=not select)
    modseq = int(info[b"HIGHESTMODSEQ"])
    if watch == "notify":  # RFC 5465: new mail told with its UID and size, then IDLE
        imaplib.Commands.setdefault("NOTIFY", ("AUTH", "SELECTED"))
        typ, data = watcher._imap._simple_command(
            "NOTIFY", "SET", "(SELECTED (MessageNew (UID RFC822.SIZE) MessageExpunge))")
        assert typ == "OK", data
    if watch != "noop":
        watcher.idle()
    time.sleep(1.0)
    done: list[float] = []

    mark = trace.mark if trace is not None else (lambda step: None)
    changed = b"FETCH" if how == "keyword" else b"EXISTS"

    def go() -> None:
        mark("delivery -> EXISTS" if changed == b"EXISTS" else "STORE -> FETCH")
        started = time.monotonic()
        deliver(message(f"{how}{run}{time.time_ns() % 10**9}"))
        done.extend((started, time.monotonic()))

    thread = threading.Thread(target=go)
    thread.start()
    heard, count = wait_exists(watcher, watch, what=changed)
    thread.join()
    times: dict[str, float] = {}
    if on_watcher and changed == b"EXISTS":
        if watch != "noop":
            watcher.idle_done()
        if headers:
            mark("watcher: header fields")
            started = time.monotonic()
            watcher._imap.fetch(str(count), "(UID BODY.PEEK[HEADER.FIELDS "
                                "(SUBJECT FROM DATE MESSAGE-ID)])")
            times["watcher: header fields"] = time.monotonic() - started
        mark("watcher: new body")
        started = time.monotonic()
        watcher._imap.fetch(str(count), "(UID BODY.PEEK[])")
        times["watcher: new body"] = time.monotonic() - started
    times.update(resync(main, modseq, body=changed == b"EXISTS", mark=mark))
    mark("done")
    if watch != "noop" and not (on_watcher and changed == b"EXISTS"):
        watcher.idle_done()
    for client in (watcher, main):
        client.logout()
    return {"delivery itself": done[1] - done[0],
            f"delivered -> {changed.decode()}": heard - done[1], **times}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--setups", default="default,very-dirty")
    parser.add_argument("--deliveries", default="append,lda,new")
    parser.add_argument("--watch", default="idle", choices=("idle", "noop", "notify"))
    parser.add_argument("--select", action="store_true",
                        help="open the folder with SELECT (a member on shift), not EXAMINE")
    parser.add_argument("--on-watcher", action="store_true",
                        help="fetch the new body on the watcher's connection first")
    parser.add_argument("--headers", action="store_true",
                        help="with --on-watcher: the header fields first, timed apart")
    parser.add_argument("--prime-headers", action="store_true",
                        help="before the deliveries, fetch the header fields of the "
                             "newest messages once (Dovecot then caches them as mail "
                             "is saved)")
    parser.add_argument("--trace", action="store_true",
                        help="count each connection's reads of cur/ and new/ (strace)")
    args = parser.parse_args()
    for setup in args.setups.split(","):
        with seeded_dovecot(args.messages, "hdnew-", settings=SETUPS[setup],
                            index=setup != "mdbox") as bench:
            server, user = bench.server, bench.user
            if setup == "mdbox":
                to_mdbox(bench)
                raw_fetch(server, user)  # indexed once, outside the timings
            print(f"Dovecot {setup} ({SETUPS[setup].strip() or 'as the fixture'}"
                  f"{', mail_location = mdbox' if setup == 'mdbox' else ''}), "
                  f"{args.messages} plain reports, watcher {args.watch} "
                  f"({'SELECT' if args.select else 'EXAMINE'}), {args.runs} runs, "
                  f"load {os.getloadavg()[0]:.1f}:", flush=True)
            if args.prime_headers:
                primer = connect(server, user)
                primer.select_folder("INBOX", readonly=True)
                count = len(primer.search("ALL"))
                primer._imap.fetch(f"{max(1, count - 49)}:*", "(BODY.PEEK[HEADER.FIELDS "
                                   "(SUBJECT FROM DATE MESSAGE-ID)])")
                primer.logout()
            results: dict[str, dict[str, list[float]]] = {}
            for run in range(args.runs):
                for how in args.deliveries.split(","):
                    if how == "new" and setup == "mdbox":
                        continue  # no new/ directory
                    trace = (Trace(bench.work, server.proc.pid)  # type: ignore[union-attr]
                             if args.trace else None)
                    for name, value in one(server, user, how, args.watch, run,
                                           args.on_watcher, args.select, args.headers,
                                           trace).items():
                        results.setdefault(how, {}).setdefault(name, []).append(value)
                    if trace is not None:
                        print(f"  {how}, run {run + 1}, what each connection's imap "
                              "process read:", flush=True)
                        for step, seen in trace.stop().items():
                            for conn, counts in seen.items():
                                if any(counts.values()):
                                    print(f"    {step:<28} {conn:<8} " + ", ".join(
                                        f"{k} {v}" for k, v in counts.items() if v),
                                        flush=True)
            for how, found in results.items():
                print(f"  {how}:", flush=True)
                for name, v in found.items():
                    print(f"    {name:<28} median {statistics.median(v):.3f} s "
                          f"({min(v):.3f}-{max(v):.3f})", flush=True)
            print(f"  load at the end {os.getloadavg()[0]:.1f}", flush=True)

if __name__ == "__main__":
    main()
