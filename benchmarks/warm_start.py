"""Measures a warm start in a fresh process: Python start to the queue on screen.

Run by benchmarks/imap_sync.py (one process per run, so imports, the store and peak RSS
are those of a member opening hdtui):

    .venv/bin/python benchmarks/warm_start.py STORE HOST PORT CAFILE USER PASSWORD \
        GPG_HOME SPAWNED

SPAWNED is the parent's time.monotonic() just before starting this process (the
monotonic clock is shared by every process on Linux), so the first number includes the
interpreter's start. It starts as `hdtui` does: the first rows from the cache's index go
into the first frame, then a worker lists what changed on the server and shows the whole
queue. Prints one JSON line: seconds from spawn to imports done, to the first rows read,
to the first frame (a usable queue: rows on screen, keys work), to the whole queue on
screen, and the peak RSS in MB.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


ARGUMENTS = ("STORE", "HOST", "PORT", "CAFILE", "USER", "PASSWORD", "GPG_HOME", "SPAWNED")


def arguments(argv: list[str]) -> list[str]:
    """The eight arguments; with --help, or a wrong count, the usage (the module's text)
    and exit status 0 or 2, not a traceback."""
    if len(argv) == len(ARGUMENTS) and not {"-h", "--help"} & set(argv):
        return argv
    help_asked = bool({"-h", "--help"} & set(argv))
    print(f"usage: warm_start.py {' '.join(ARGUMENTS)}\n\n{__doc__}",
          file=sys.stdout if help_asked else sys.stderr)
    if not help_asked:
        print(f"warm_start.py: expected {len(ARGUMENTS)} arguments, got {len(argv)}",
              file=sys.stderr)
    raise SystemExit(0 if help_asked else 2)


def main() -> None:
    store, host, port, cafile, user, password, gpg_home, spawned = arguments(sys.argv[1:])
    origin = float(spawned)

    from hdtui.config import DEFAULT_TEAM_ADDRESSES, demo_dir
    from hdtui.gpg import GpgCrypto
    from hdtui.services.triage import Triage
    from hdtui.sources.imap import ImapAccount, ImapSource
    from hdtui.store import LocalStore
    from hdtui.tracker.static import StaticTracker
    from hdtui.ui.app import HdtuiApp
    from hdtui.ui.widgets.queue_table import QueueTable

    imported = time.monotonic() - origin
    source = ImapSource(ImapAccount(host=host, user=user, password=lambda: password,
                                    port=int(port), ca_file=cafile, timeout=60.0),
                        read_only=True)
    triage = Triage(source, GpgCrypto(Path(gpg_home)), LocalStore(Path(store)),
                    StaticTracker(demo_dir() / "known_issues.json"), [],
                    DEFAULT_TEAM_ADDRESSES, read_only=True, live=source)
    head = triage.head()
    read = time.monotonic() - origin
    app = HdtuiApp(triage, {}, "default", "bench", (), head)
    shown: dict[str, float] = {}

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            screen: Any = app.screen
            table = screen.query_one(QueueTable)
            while table.row_count < len(head.rows):
                await asyncio.sleep(0.002)
            await pilot.pause()  # the frame with the rows has been drawn
            shown["frame"] = time.monotonic() - origin
            while len(screen.queue.all_rows) <= len(head.rows) and time.monotonic() - origin < 60:
                await asyncio.sleep(0.005)
            await pilot.pause()
            shown["whole"] = time.monotonic() - origin
            shown["rows"] = len(screen.queue.all_rows)
            await pilot.press("q")

    asyncio.run(run())
    triage.store.close()  # type: ignore[attr-defined]
    source.close()
    print(json.dumps({
        "rows": shown["rows"], "imported": imported, "head": read,
        "first_frame": shown["frame"], "whole_queue": shown["whole"],
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
