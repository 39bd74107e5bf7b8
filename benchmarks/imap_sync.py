"""Measures hdtui against a loopback Dovecot seeded with N realistic messages.

Run: .venv/bin/python benchmarks/imap_sync.py [--messages 10000] [--decrypt 2000]

The mailbox is seeded from the demo messages used as byte templates (WhisperBack
reports encrypted to the demo key, support mail, team mail), each copy with its own
Subject report ID and Message-ID, written straight into Dovecot's Maildir. Measured in
the same run: the raw imapclient FETCH of the listing fields (the floor), hdtui's cold
listing, cold reading (decrypt + parse) of a sample, the warm start (new process state,
listing state and cache from the store), a resync with nothing new, the delay from
delivery to the message being in the queue (IDLE), key presses on a queue of N rows,
and peak RSS. Never talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pwd
import resource
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gnupg  # noqa: E402
from imapclient import IMAPClient  # noqa: E402

from hdtui.config import DEFAULT_TEAM_ADDRESSES, demo_dir  # noqa: E402
from hdtui.gpg import GpgCrypto  # noqa: E402
from hdtui.services.triage import Triage  # noqa: E402
from hdtui.sources.imap import ImapAccount, ImapSource  # noqa: E402
from hdtui.store import LocalStore  # noqa: E402
from hdtui.tracker.static import StaticTracker  # noqa: E402
from tests.servers.dovecot import Dovecot  # noqa: E402
from tests.support.pgp import KeyPair, kill_agent, whisperback_message  # noqa: E402


def seed(server: Dovecot, user: str, count: int) -> None:
    """Write `count` messages into the user's INBOX Maildir from the demo templates."""
    raw = [p.read_bytes() for p in demo_templates()]
    box = server.dir / "mail" / user
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True, exist_ok=True)
    now = int(time.time())
    for n in range(count):
        data = raw[n % len(raw)]
        # A distinct report ID and Message-ID per copy, same length as the original.
        data = data.replace(b"Bug report: ", b"Bug report: %08x" % n, 1)
        data = data.replace(b"Message-ID: <", b"Message-ID: <%d." % n, 1)
        (box / "cur" / f"{now - n}.M{n}P1.bench:2,").write_bytes(data)
    _chown_mail(server)


def plain_report(n: int, body: str, now: int) -> bytes:
    """A plain WhisperBack report (already decrypted, as saved from a mail client): the
    outer headers WhisperBack sends, the inner text in clear."""
    stamp = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(now - n * 60))
    return (f"Received: from localhost by mail.example.org; {stamp}\n"
            f"Date: {stamp}\nFrom: devnull@tails.boum.org\nTo: support@tails.net\n"
            f"Subject: Bug report: {n:032x}\nMessage-ID: <{n}.bench@example.org>\n"
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n"
            f"Content-Transfer-Encoding: 8bit\n\n{body}\n").encode()


def seed_plain(server: Dovecot, user: str, count: int) -> None:
    """Write `count` plain WhisperBack reports into the user's INBOX Maildir, their inner
    texts taken from tests/data/whisperback (each with its own report ID and date)."""
    bodies = [p.read_text() for p in sorted((ROOT / "tests" / "data" / "whisperback")
                                            .glob("*.txt"))]
    box = server.dir / "mail" / user
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True, exist_ok=True)
    now = int(time.time())
    for n in range(count):
        (box / "cur" / f"{now - n}.M{n}P1.bench:2,").write_bytes(
            plain_report(n, bodies[n % len(bodies)], now))
    _chown_mail(server)


TEMPLATES = 100
"""Distinct ciphertexts ``EncryptedReports`` makes; the copies differ in their outer
headers (gpg's work is the same for each copy: nothing is cached between messages)."""


class EncryptedReports:
    """A seed of WhisperBack reports as WhisperBack sends them (PGP/MIME), encrypted to an
    ed25519/cv25519 test key generated in the bench's GnuPG home (``key``, before the
    seeding): the key a member's keyring holds, not the demo key, whose primary secret
    key is kept offline and whose decryption costs gpg less (docs/encryption.md)."""

    def __init__(self) -> None:
        self.pair: KeyPair | None = None

    def key(self, home: Path) -> None:
        """Generate the test key (no passphrase) in ``home``."""
        gpg = gnupg.GPG(gnupghome=str(home))
        made = gpg.gen_key(gpg.gen_key_input(
            key_type="EDDSA", key_curve="ed25519", subkey_type="ECDH",
            subkey_curve="cv25519", name_email="helpdesk-bench@hdtui.invalid",
            expire_date="1d", no_protection=True))
        assert made.fingerprint, made.stderr
        self.pair = KeyPair(home, str(made.fingerprint), gpg)

    def __call__(self, server: Dovecot, user: str, count: int) -> None:
        """Write ``count`` encrypted reports into the user's INBOX Maildir, each with its
        own report ID, Message-ID and date."""
        assert self.pair is not None, "key() first"
        bodies = [p.read_text() for p in sorted((ROOT / "tests" / "data" / "whisperback")
                                                .glob("*.txt"))]
        made = [whisperback_message(bodies[n % len(bodies)], f"{n:032x}", self.pair)
                for n in range(min(count, TEMPLATES))]
        box = server.dir / "mail" / user
        for sub in ("cur", "new", "tmp"):
            (box / sub).mkdir(parents=True, exist_ok=True)
        now = int(time.time())
        for n in range(count):
            stamp = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(now - n * 60))
            data = made[n % len(made)].replace(
                b"Bug report: %032x" % (n % len(made)), b"Bug report: %032x" % n, 1)
            head = (f"Received: from localhost by mail.example.org; {stamp}\nDate: {stamp}\n"
                    f"Message-ID: <{n}.bench@example.org>\n").encode()
            (box / "cur" / f"{now - n}.M{n}P1.bench:2,").write_bytes(head + data)
        _chown_mail(server)


def _chown_mail(server: Dovecot) -> None:
    nobody = pwd.getpwnam("nobody")
    for dirpath, _dirs, files in os.walk(server.dir / "mail"):
        os.chown(dirpath, nobody.pw_uid, nobody.pw_gid)
        for name in files:
            os.chown(os.path.join(dirpath, name), nobody.pw_uid, nobody.pw_gid)


def raw_fetch(server: Dovecot, user: tuple[str, str]) -> float:
    """The floor: imapclient alone fetching the listing fields in batches of 500."""
    context = ssl.create_default_context(cafile=server.cafile)
    started = time.perf_counter()
    client = IMAPClient(server.host, port=server.imaps_port, ssl=True, ssl_context=context)
    client.login(*user)
    client.enable("CONDSTORE")
    client.select_folder("INBOX", readonly=True)
    uids = client.search("ALL")
    for start in range(0, len(uids), 500):
        client.fetch(uids[start:start + 500],
                     ["UID", "FLAGS", "RFC822.SIZE", "INTERNALDATE", "MODSEQ"])
    elapsed = time.perf_counter() - started
    client.logout()
    return elapsed


def make_triage(server: Dovecot, user: tuple[str, str], store: Path, gpg_home: Path) -> Triage:
    source = ImapSource(ImapAccount(host=server.host, user=user[0], password=lambda: user[1],
                                    port=server.imaps_port, ca_file=server.cafile,
                                    timeout=60.0), read_only=True)
    return Triage(source, GpgCrypto(gpg_home), LocalStore(store),
                  StaticTracker(demo_dir() / "known_issues.json"), [], DEFAULT_TEAM_ADDRESSES,
                  read_only=True, live=source)


def close(triage: Triage) -> None:
    triage.store.close()  # type: ignore[attr-defined]
    triage.source.close()  # type: ignore[attr-defined]


def warm_start(server: Dovecot, user: tuple[str, str], store: Path,
               gpg_home: Path) -> dict[str, float]:
    """One warm start in a fresh process (benchmarks/warm_start.py)."""
    spawned = time.monotonic()
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "warm_start.py"), str(store), server.host,
         str(server.imaps_port), str(server.cafile), user[0], user[1], str(gpg_home),
         repr(spawned)], capture_output=True, text=True, check=True, timeout=600)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def report(name: str, seconds: float, note: str = "") -> None:
    print(f"  {name:<58} {seconds * 1000:10.1f} ms  {note}", flush=True)


async def key_latency(triage: Triage, presses: int) -> list[float]:
    """Seconds per key press moving down a queue of every message: the cursor action plus
    drawing every visible line of the queue, timed inside the app. (Pilot's own press
    costs about 63 ms even in an empty app, so it cannot measure this.)"""
    from hdtui.ui.app import HdtuiApp
    from hdtui.ui.widgets.queue_table import QueueTable

    app = HdtuiApp(triage, {}, "default", "bench", (), triage.snapshot())
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        table = app.screen.query_one(QueueTable)
        for _ in range(presses):
            started = time.perf_counter()
            table.action_cursor_down()
            for y in range(table.size.height):
                table.render_line(y)
            times.append(time.perf_counter() - started)
            await pilot.pause()
        assert table.cursor_row == presses
    return times


def demo_templates() -> list[Path]:
    """The demo's messages the mailbox is seeded from, in order."""
    return [p for p in sorted((demo_dir() / "maildir" / "cur").iterdir())
            if p.is_file() and not p.name.startswith(".")]


def main() -> None:
    # The count of templates, computed: a number written here went stale as the demo grew.
    described = (__doc__ or "").replace("the demo messages",
                                        f"the {len(demo_templates())} demo messages", 1)
    parser = argparse.ArgumentParser(description=described,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--decrypt", type=int, default=1_000,
                        help="how many messages the cold read (decrypt + parse) covers")
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--warm-runs", type=int, default=3)
    parser.add_argument("--plain", action="store_true",
                        help="seed plain WhisperBack reports (seed_plain) instead of the "
                        "demo templates (72%% encrypted)")
    parser.add_argument("--cold-only", action="store_true",
                        help="stop after the cold first sync (no warm starts, IDLE, keys)")
    args = parser.parse_args()
    print(f"hdtui IMAP benchmark: {args.messages} messages, {os.cpu_count()} cores, "
          f"Python {sys.version.split()[0]}")
    work = Path(tempfile.mkdtemp(prefix="hdbench-"))
    gpg_home = Path(tempfile.mkdtemp(prefix="hdg-"))
    GpgCrypto(gpg_home).import_keys((demo_dir() / "demo-key.asc").read_text())
    server = Dovecot.create()
    server.start()
    try:
        user = server.new_user()
        started = time.perf_counter()
        (seed_plain if args.plain else seed)(server, user[0], args.messages)
        report("seeding the Maildir (byte templates)", time.perf_counter() - started)
        raw_fetch(server, user)  # let Dovecot index the Maildir once, outside the timings
        floor = statistics.median(raw_fetch(server, user) for _ in range(3))
        report("floor: raw imapclient FETCH of the listing fields", floor)

        triage = make_triage(server, user, work / "store.json", gpg_home)
        started = time.perf_counter()
        snapshot = triage.snapshot()
        cold_list = time.perf_counter() - started
        items = list(snapshot.pending)
        report("cold listing (envelopes, flags, sizes; batches of 500) + saving it", cold_list,
               f"{cold_list / floor:.2f}x the floor")

        sample = items[:args.decrypt]
        started = time.perf_counter()
        read = sum(1 for _ in triage.reader.read_many(sample, triage.workers))
        cold_read = time.perf_counter() - started
        report(f"cold read of {read} messages (fetch, decrypt, parse)", cold_read,
               f"{read / cold_read:.0f} messages/s with {triage.workers} gpg workers")

        started = time.perf_counter()
        result = triage.read_pending(snapshot)
        full = time.perf_counter() - started
        report(f"cold first sync of all {len(result.rows)} (read + cache)", full,
               f"{len(result.rows) / full:.0f} messages/s")
        close(triage)
        if args.cold_only:
            return

        runs = [warm_start(server, user, work / "store.json", gpg_home)
                for _ in range(args.warm_runs)]
        for name, field in (("warm start: process start to imports done", "imported"),
                            ("warm start: to the first rows read (cache index)", "head"),
                            ("warm start: to the first frame (usable queue)", "first_frame"),
                            ("warm start: to the whole queue on screen (+ IMAP resync)",
                             "whole_queue")):
            values = [r[field] for r in runs]
            report(name, statistics.median(values),
                   f"min {min(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms")
        print(f"  peak RSS of the warm-started process: "
              f"{statistics.median(r['rss_mb'] for r in runs):.0f} MB "
              f"({runs[0]['rows']} rows)", flush=True)

        warm = make_triage(server, user, work / "store.json", gpg_home)
        started = time.perf_counter()
        snapshot = warm.snapshot()
        report("warm queue read in this process (store + IMAP resync)",
               time.perf_counter() - started, f"{len(snapshot.rows)} rows")
        before = warm.source.round_trips  # type: ignore[attr-defined]
        started = time.perf_counter()
        assert not warm.snapshot().listed
        report("resync with nothing new (snapshot: listing + queue)",
               time.perf_counter() - started,
               f"{warm.source.round_trips - before} round trip(s)")  # type: ignore[attr-defined]

        changed = threading.Event()
        stop = threading.Event()
        watcher = threading.Thread(target=warm.watch, args=(changed.set, stop), daemon=True)
        watcher.start()
        # The watcher says once when its IDLE is in place (a resync then catches anything
        # before it); only a notice after that counts for the delivery.
        assert changed.wait(60), "the IDLE watcher did not start"
        warm.inbox()
        changed.clear()
        time.sleep(0.5)
        saving = time.perf_counter()
        server.deliver(user[0], b"From: late@example.org\nSubject: pushed\n\nhello\n")
        started = time.perf_counter()  # delivered: the message is in the mailbox now
        report("  (the delivery itself: doveadm save into the Maildir)", started - saving)
        assert changed.wait(10), "no IDLE notice within 10 s"
        noticed = time.perf_counter()
        rows = warm.inbox().rows
        assert any(r.summary == "pushed" for r in rows)
        report("delivered to the message in the queue (IDLE + resync + read)",
               time.perf_counter() - started,
               f"IDLE notice after {max(noticed - started, 0) * 1000:.0f} ms")
        stop.set()

        times = asyncio.run(key_latency(warm, args.keys))
        report(f"key press: cursor move + redraw of the queue, median of {len(times)}",
               statistics.median(times), f"max {max(times) * 1000:.1f} ms")
        close(warm)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak RSS of this process (cold sync included): {peak:.0f} MB; report cache "
              f"{(work / 'store-cache.sqlite').stat().st_size / 1e6:.1f} MB")
    finally:
        server.remove()
        kill_agent(gpg_home)
        shutil.rmtree(gpg_home, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
