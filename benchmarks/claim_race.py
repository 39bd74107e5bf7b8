"""Two members claim one message at the same moment, many times, against a loopback
Dovecot: how often both win, one, or neither (docs/marks.md, "Two members at once").

Each try is the service test ``test_two_members_claiming_at_once_give_exactly_one_winner``:
a fresh user with one message, two ImapSources that list it, then both call ``claim``
with the listed mod-sequence after one barrier. ``PYTHONPATH=<tree>`` picks the tree
measured (hdtui and the test helpers); alternate two trees under the same load.

    python benchmarks/claim_race.py [tries]   # at most 190: one fresh user per try

Never talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from pathlib import Path

# Appended, not inserted: with PYTHONPATH=<tree> the tree given is the one measured.
sys.path.append(str(Path(__file__).resolve().parents[1]))

from hdtui.sources.imap import ImapSource
from tests.adapters.test_imap import account, seed
from tests.servers.dovecot import Dovecot

NAMES = {(True, True): "both won", (False, True): "one won", (False, False): "neither"}


def one_try(server: Dovecot) -> tuple[bool, bool]:
    """One race on a fresh mailbox: the two results, sorted."""
    user = server.new_user()
    seed(server, user, 1)
    members = [ImapSource(account(server, user)) for _ in range(2)]
    try:
        items = [member.list()[0] for member in members]
        results = [False, False]
        barrier = threading.Barrier(2)

        def claim(n: int) -> None:
            barrier.wait()
            results[n] = members[n].claim(items[n].key, "$HDClaimed", items[n].modseq)

        threads = [threading.Thread(target=claim, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        first, second = sorted(results)
        return first, second
    finally:
        for member in members:
            member.close()


def main() -> None:
    tries = int(sys.argv[1]) if len(sys.argv) > 1 else 150
    server = Dovecot.create()
    server.start()
    try:
        counts = Counter(one_try(server) for _ in range(tries))
    finally:
        server.remove()
    import hdtui
    print(f"{Path(hdtui.__file__).parents[1]}: {tries} tries: "
          + ", ".join(f"{NAMES[k]} {counts[k]}" for k in NAMES))


if __name__ == "__main__":
    main()
