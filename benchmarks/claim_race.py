"""Two members claim one message at the same moment, many times, against a loopback
Dovecot: how often both win, one, or neither (docs/marks.md, "Two members at once").

Each try is the service test ``test_two_members_claiming_at_once_give_exactly_one_winner``:
a fresh user with one message, two ImapSources that list it, then both call ``claim``
with the listed mod-sequence after one barrier. ``PYTHONPATH=<tree>`` picks the tree
measured (hdtui and the test helpers); alternate two trees under the same load.

    python benchmarks/claim_race.py [tries] [--known]   # at most 190: a fresh user a try

``--known``: the mailbox knows ``$HDClaimed`` already (another message was claimed and
released first), as a team's mailbox does after its first claim; without it the race is
the keyword's first use in the mailbox, as in the service test.

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


def one_try(server: Dovecot, known: bool) -> tuple[bool, bool]:
    """One race on a fresh mailbox: the two results, sorted."""
    user = server.new_user()
    seed(server, user, 2 if known else 1)
    members = [ImapSource(account(server, user)) for _ in range(2)]
    try:
        if known:
            older = min(members[0].list(), key=lambda item: item.key).key
            members[0].set_keywords(older, add=["$HDClaimed"])
            members[0].set_keywords(older, remove=["$HDClaimed"])
        items = [max(member.list(), key=lambda item: item.key) for member in members]
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
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    tries = int(numbers[0]) if numbers else 150
    known = "--known" in sys.argv[1:]
    server = Dovecot.create()
    server.start()
    try:
        counts = Counter(one_try(server, known) for _ in range(tries))
    finally:
        server.remove()
    import hdtui
    print(f"{Path(hdtui.__file__).parents[1]}: {tries} tries"
          f"{' (keyword known)' if known else ''}: "
          + ", ".join(f"{NAMES[k]} {counts[k]}" for k in NAMES))


if __name__ == "__main__":
    main()
