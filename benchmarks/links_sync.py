"""What a sync of the known issues costs now that it reads the link notes of the issues
that changed (docs/gitlab.md, "Links other members made"): a fresh member's full sync,
then an incremental sync, against the local GitLab-API test server in this process.

    PYTHONPATH=<tree> python benchmarks/links_sync.py [issues] [--commented PERCENT]
        [--notes-delay SECONDS] [--first]

Every tenth issue holds three internal link notes; ``--commented``: that share of the
issues also holds a plain comment written when the issue last changed (a project where
most issues were discussed; default 0); ``--notes-delay``: every notes request waits that
long (a distant GitLab); ``--first``: a new member's first ``issues()`` (what the first
match waits for) is timed instead, then the notes read after it. Prints the requests,
the CPU time of this process (client and server both) and the wall time of each sync,
and the links the cache holds after the full one. ``PYTHONPATH=<tree>`` picks the tree
measured; alternate two trees under the same load. Never talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

# Appended, not inserted: with PYTHONPATH=<tree> the tree given is the one measured.
sys.path.append(str(Path(__file__).resolve().parents[1]))

from hdtui.domain.links import note_body
from hdtui.tracker.gitlab import GitLabSettings, GitLabTracker
from tests.servers.gitlab_api import GitLabAPI


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("issues", nargs="?", type=int, default=1000)
    parser.add_argument("--commented", type=int, default=0, metavar="PERCENT")
    parser.add_argument("--notes-delay", type=float, default=0.0, metavar="SECONDS")
    parser.add_argument("--first", action="store_true")
    args = parser.parse_args()
    api = GitLabAPI()
    api.start()
    api.notes_delay = args.notes_delay
    try:
        api.add_user("glpat-bench", "bob")
        project = api.add_project(43, "tails/tails")
        start = datetime.now(UTC) - timedelta(days=2)
        for n in range(args.issues):
            api.add_issue(project, f"Issue {n}", "A description.",
                          updated_at=start + timedelta(seconds=n))
        for n in range(args.issues):
            if n * args.commented // 100 != (n + 1) * args.commented // 100:
                issue = project.issues[n + 1]
                before = issue["updated_at"]
                note = api.add_note(project, n + 1, "Seen here too.", "carol")
                with api.lock:  # written when the issue last changed, long ago
                    note["created_at"] = note["updated_at"] = issue["updated_at"] = before
        for n in range(0, args.issues, 10):
            for k in range(3):
                api.add_note(project, n + 1,
                             note_body(f"wb://{n:08x}{k:024x}", date.today()), "bob",
                             internal=True)
        with tempfile.TemporaryDirectory() as directory:
            tracker = GitLabTracker(GitLabSettings(api.url, "tails/tails",
                                                   lambda: "glpat-bench"),
                                    Path(directory) / "issues.json")
            if args.first:
                first(api, tracker)
                return
            for kind, full in (("full", True), ("incremental", False)):
                api.clear_log()
                cpu, wall = time.process_time(), time.monotonic()
                tracker.sync(full=full)
                cpu, wall = time.process_time() - cpu, time.monotonic() - wall
                print(f"{kind}: {len(api.log)} requests, {cpu:.3f} s CPU, {wall:.3f} s wall, "
                      f"{len(tracker.links())} links cached")
            tracker.close()
    finally:
        api.stop()


def first(api: GitLabAPI, tracker: GitLabTracker) -> None:
    """A new member's first ``issues()``, then the pass that reads the notes it left (the
    TUI's start sync; on a tree before linksfix23 ``issues()`` read them itself)."""
    api.clear_log()
    cpu, wall = time.process_time(), time.monotonic()
    listed = len(tracker.issues())
    cpu, wall = time.process_time() - cpu, time.monotonic() - wall
    print(f"first issues(): {listed} issues, {len(api.log)} requests, {cpu:.3f} s CPU, "
          f"{wall:.3f} s wall, {len(tracker.links())} links cached")
    api.clear_log()
    cpu, wall = time.process_time(), time.monotonic()
    tracker.sync()
    cpu, wall = time.process_time() - cpu, time.monotonic() - wall
    print(f"then sync: {len(api.log)} requests, {cpu:.3f} s CPU, {wall:.3f} s wall, "
          f"{len(tracker.links())} links cached")
    tracker.close()


if __name__ == "__main__":
    main()
