"""``hdtui stats --json`` as a member runs it, end to end, over a cache of N messages
whose facts are saved (a warm run: the facts were counted before, by the TUI or an
earlier ``stats``).

    .venv/bin/python benchmarks/stats_command.py --use DIR[,DIR2...] [--messages 100000]
        [--runs 2] [--roots /work/main,/work/wt-x]

The first call makes DIR: a Maildir of N small support mails, a config that reads it,
``hdtui sync`` to fill the report cache, then the synthetic facts of
``insight_speed.py`` saved for each message (keyed by its key and size, with the known
issues' fingerprint, as ``Insight.facts`` saves them). Later calls reuse DIR. Each run
starts ``python -m hdtui stats --json`` in a fresh process for each root (alternating) and
prints its wall time, its CPU time (user + system, from ``wait4``) and its peak RSS
(``/usr/bin/time``'s); the output of every root must be the same (checked, the
``seconds`` field aside).

Roots whose report caches differ (another cache version: a root opening a newer cache
drops it) each take a DIR of their own, in the order of ``--roots``: a DIR after the
first that does not exist yet is a copy of the first's config, store and report cache,
reading the first's Maildir, so the root's own code migrates the cache on its first run
(a run that is timed like the others: run once more for a warm one).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

UNTIL = "2026-11-30"


def make(directory: Path, messages: int) -> None:
    """The Maildir, config, synced cache and saved facts."""
    from insight_speed import synthetic

    from hdtui.cache import ReportCache
    from hdtui.domain.facts_codec import encode
    from hdtui.domain.insight import RULES_VERSION
    from hdtui.services.insight import issues_fingerprint
    from hdtui.sources.local import MaildirSource
    from hdtui.store import SCHEMA
    from hdtui.tracker.static import StaticTracker

    maildir = directory / "maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    for i in range(messages):
        (maildir / "cur" / f"{i:07d}.hdtui:2,S").write_text(
            f"From: user{i}@example.org\nTo: help@example.org\nSubject: question {i}\n"
            f"Date: Mon, 30 Nov 2026 10:00:00 +0000\nMessage-ID: <m{i}@example.org>\n\n"
            "Hello, Tails does not start.\n")
    issues_file = directory / "issues.json"
    issues_file.write_text(json.dumps([
        {"iid": i, "title": f"Issue {i}", "description": "", "state": "opened",
         "labels": [], "web_url": f"https://gitlab.example.org/i/{i}",
         "updated_at": "2026-11-01T00:00:00Z"} for i in range(60)]))
    config = directory / "config.toml"
    config.write_text(f'[source]\nkind = "maildir"\npath = "{maildir}"\n'
                      f'[store]\npath = "{directory / "store.json"}"\n'
                      f'[gpg]\nhome = "{directory / "gnupg"}"\n')
    (directory / "gnupg").mkdir(mode=0o700, exist_ok=True)
    subprocess.run([sys.executable, "-m", "hdtui", "--config", str(config), "sync"],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    issues = StaticTracker(issues_file).issues()
    fingerprint = issues_fingerprint(issues)
    namespace = MaildirSource(maildir).identity
    cache = ReportCache(directory / "store-cache.sqlite", SCHEMA)
    rows = cache._db.execute("SELECT key, size FROM queue WHERE ns = ? ORDER BY key",
                             (namespace,)).fetchall()
    facts = synthetic(len(rows))
    from dataclasses import replace
    cache.put_facts(namespace, [
        (key, size, RULES_VERSION, fingerprint,
         encode(replace(f, key=key)))
        for (key, size), f in zip(rows, facts, strict=True)])
    cache.close()
    print(f"made {directory}: {len(rows)} messages with saved facts", file=sys.stderr)


def copy(first: Path, directory: Path) -> None:
    """Another DIR for the same Maildir: the first's config, store and report cache."""
    import shutil

    directory.mkdir(mode=0o700)
    for name in ("store.json", "store-cache.sqlite", "store-cache.sqlite-wal", "issues.json"):
        if (first / name).exists():
            shutil.copy2(first / name, directory / name)
    (directory / "gnupg").mkdir(mode=0o700)
    (directory / "config.toml").write_text(
        (first / "config.toml").read_text().replace(str(first / "store.json"),
                                                    str(directory / "store.json"))
        .replace(str(first / "gnupg"), str(directory / "gnupg")))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--use", required=True, help="DIR, or one DIR per root (comma-separated)")
    p.add_argument("--messages", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=2)
    p.add_argument("--roots", default=str(ROOT))
    args = p.parse_args()
    roots = [Path(r) for r in args.roots.split(",")]
    dirs = [Path(d) for d in args.use.split(",")]
    if not (dirs[0] / "config.toml").exists():
        make(dirs[0], args.messages)
    for directory in dirs[1:]:
        if not (directory / "config.toml").exists():
            copy(dirs[0], directory)
    use = dict(zip(roots, dirs + [dirs[0]] * (len(roots) - len(dirs)), strict=True))
    outputs: dict[Path, str] = {}
    for n in range(args.runs):
        for root in roots:
            wall, cpu, rss, out = timed(root, use[root])
            data = json.loads(out)
            data.pop("seconds", None)
            text = json.dumps(data, sort_keys=True)
            if outputs.setdefault(root, text) != text:
                print(f"{root}: output changed between runs", file=sys.stderr)
            print(f"run {n + 1} {root}: wall {wall:.2f} s, CPU {cpu:.2f} s, peak RSS "
                  f"{rss:.0f} MB, {data['reports']} reports, {len(data['clusters'])} clusters",
                  flush=True)
    if len(set(outputs.values())) > 1:
        print("OUTPUTS DIFFER between roots", file=sys.stderr)
    else:
        print(f"same output from every root ({len(roots)})")


def timed(root: Path, directory: Path) -> tuple[float, float, float, str]:
    """``run`` with the child's CPU time and peak RSS (``os.wait4``, ``/usr/bin/time``)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    started = time.perf_counter()
    peak = directory / "peak.txt"
    with open(directory / "out.json", "wb") as out, open(directory / "err.txt", "wb") as err:
        # The peak RSS as /usr/bin/time reads it for its child: ``wait4``'s for a child of
        # this process counted this process's own memory, shared by the child until its
        # exec (the outputs read by earlier runs: 314 MB from the third run on).
        process = subprocess.Popen(
            ["/usr/bin/time", "-f", "%M", "-o", str(peak),
             str(ROOT / ".venv/bin/python"), "-m", "hdtui", "--config",
             str(directory / "config.toml"), "stats", "--json", "--until", UNTIL,
             "--issues", str(directory / "issues.json")],
            cwd=root, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{root}: exit {status}: "
                         f"{(directory / 'err.txt').read_text()[-2000:]}")
    return (wall, usage.ru_utime + usage.ru_stime, int(peak.read_text().split()[-1]) / 1024,
            (directory / "out.json").read_text())


if __name__ == "__main__":
    main()
