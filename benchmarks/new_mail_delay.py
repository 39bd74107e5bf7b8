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
- ``new``: a file written into the Maildir's ``new/`` (an MDA other than Dovecot's).

Each time is from the delivery's end (the command returned, the server said OK, the file
renamed into place) to the watcher's ``EXISTS``; then, on a third connection that had
the folder open before the delivery, hdtui's resync (NOOP, ``UID FETCH 1:*
(CHANGEDSINCE n)``, ``UID SEARCH RETURN (COUNT) ALL``) and the fetch of the new body
(``--on-watcher``: the body fetched first on the watcher's own connection).

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


def wait_exists(watcher: IMAPClient, watch: str, timeout: float = 30.0
                ) -> tuple[float, int]:
    """monotonic() when the watcher heard EXISTS (NaN if not within ``timeout``), and
    the message count it said."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if watch != "noop":
            responses = _idle_responses(watcher, 0.5, 60)
        else:
            time.sleep(0.1)
            responses = watcher.noop()[1]
        for r in responses:
            if isinstance(r, tuple) and len(r) >= 2 and r[1] == b"EXISTS":
                return time.monotonic(), int(r[0])
    return float("nan"), 0


def resync(main: IMAPClient, modseq: int) -> dict[str, float]:
    """hdtui's resync of the folder open on ``main``, each command timed: NOOP, ``UID
    FETCH 1:* (...) (CHANGEDSINCE n)``, ``UID SEARCH RETURN (COUNT) ALL``, then the new
    message's body."""
    times: dict[str, float] = {}
    started = time.monotonic()
    main.noop()
    times["resync: NOOP"] = time.monotonic() - started
    started = time.monotonic()
    _, data = main._imap.uid("FETCH", "1:*", "(UID FLAGS MODSEQ)",
                             f"(CHANGEDSINCE {modseq})")
    times["resync: FETCH CHANGEDSINCE"] = time.monotonic() - started
    started = time.monotonic()
    main._imap.uid("SEARCH", "RETURN", "(COUNT)", "ALL")
    times["resync: COUNT"] = time.monotonic() - started
    uids = [int(m.group(1)) for line in data if isinstance(line, bytes)
            for m in [re.search(rb"UID (\d+)", line)] if m]
    started = time.monotonic()
    main.fetch(uids, ["BODY.PEEK[]"])
    times["new body"] = time.monotonic() - started
    return times


def one(server: Dovecot, user: tuple[str, str], how: str, watch: str, run: int,
        on_watcher: bool, select: bool = False) -> dict[str, float]:
    deliver = deliverer(server, user, how)
    watcher = connect(server, user)
    watcher.select_folder("INBOX", readonly=not select)
    main = connect(server, user)
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

    def go() -> None:
        started = time.monotonic()
        deliver(message(f"{how}{run}{time.time_ns() % 10**9}"))
        done.extend((started, time.monotonic()))

    thread = threading.Thread(target=go)
    thread.start()
    heard, count = wait_exists(watcher, watch)
    thread.join()
    times: dict[str, float] = {}
    if on_watcher:
        started = time.monotonic()
        if watch != "noop":
            watcher.idle_done()
        watcher._imap.fetch(str(count), "(UID BODY.PEEK[])")
        times["watcher: new body"] = time.monotonic() - started
    times.update(resync(main, modseq))
    if watch != "noop" and not on_watcher:
        watcher.idle_done()
    for client in (watcher, main):
        client.logout()
    return {"delivery itself": done[1] - done[0], "delivered -> EXISTS": heard - done[1],
            **times}


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
            results: dict[str, dict[str, list[float]]] = {}
            for run in range(args.runs):
                for how in args.deliveries.split(","):
                    if how == "new" and setup == "mdbox":
                        continue  # no new/ directory
                    for name, value in one(server, user, how, args.watch, run,
                                           args.on_watcher, args.select).items():
                        results.setdefault(how, {}).setdefault(name, []).append(value)
            for how, found in results.items():
                print(f"  {how}:", flush=True)
                for name, v in found.items():
                    print(f"    {name:<28} median {statistics.median(v):.3f} s "
                          f"({min(v):.3f}-{max(v):.3f})", flush=True)
            print(f"  load at the end {os.getloadavg()[0]:.1f}", flush=True)

if __name__ == "__main__":
    main()
