"""Which Dovecot process reads a Maildir's cur/ directory, and when: ``strace`` attached
to the ``imap`` process of each IMAP connection a benchmark opens, the directory reads
(``getdents64``) and the failed opens of message files (``ENOENT``) counted between the
benchmark's marks (benchmarks/new_mail_delay.py ``--trace``; docs/live-changes.md).

A whole read of cur/ at 100,000 messages is about 150 ``getdents64`` calls (a few on a
directory that holds little); a message file Dovecot looked for under a name it no
longer has shows as an ``ENOENT`` open or stat of that name. Local processes only.
"""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

CALLS = "getdents64,openat,open,stat,newfstatat,lstat,rename,renameat,renameat2"
LINE = re.compile(r"^(?:\d+ +)?(\d+\.\d+) (\w+)\((.*)$")


def imap_pids(master: int) -> set[int]:
    """The ``imap`` processes (one per logged-in connection) the Dovecot whose master
    process is ``master`` runs now."""
    found: set[int] = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(text.rsplit(")", 1)[1].split()[1])
        if ppid == master and cmdline.split(b"\0")[0].split(b" ")[0].endswith(b"/imap"):
            found.add(int(stat.parent.name))
    return found


@dataclass
class Trace:
    """strace on the imap processes named so far, written under ``work``."""

    work: Path
    master: int
    known: set[int] = field(default_factory=set)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    marks: list[tuple[str, float]] = field(default_factory=list)

    def attach_new(self, name: str) -> None:
        """Attach to the imap process that appeared since the last call (the one of the
        connection just logged in), under ``name``."""
        deadline = time.monotonic() + 5
        while True:
            new = imap_pids(self.master) - self.known
            if len(new) == 1 or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        if len(new) != 1:
            raise RuntimeError(f"expected one new imap process, found {sorted(new)}")
        pid = new.pop()
        self.known.add(pid)
        self.procs[name] = subprocess.Popen(
            ["strace", "-ttt", "-y", "-e", f"trace={CALLS}", "-o",
             str(self.work / f"{name}.strace"), "-p", str(pid)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)  # attached

    def attach_all(self) -> None:
        """Attach to every imap process not traced yet, each named by its pid (a client
        whose connections cannot be told apart from outside, such as hdtui's)."""
        for pid in sorted(imap_pids(self.master) - self.known):
            self.known.add(pid)
            self.procs[f"imap {pid}"] = subprocess.Popen(
                ["strace", "-ttt", "-y", "-e", f"trace={CALLS}", "-o",
                 str(self.work / f"imap {pid}.strace"), "-p", str(pid)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)  # attached

    def skip_new(self) -> None:
        """The imap process that appeared since the last call is not traced."""
        time.sleep(0.2)
        self.known |= imap_pids(self.master)

    def mark(self, step: str) -> None:
        """The step that begins now (wall clock, as strace's)."""
        self.marks.append((step, time.time()))

    def stop(self) -> dict[str, dict[str, dict[str, int]]]:
        """Detach; per step, per traced connection: reads of cur/ and new/ and the
        failed looks for a message file."""
        for proc in self.procs.values():
            proc.terminate()
            proc.wait(10)
        counts: dict[str, dict[str, dict[str, int]]] = {}
        for name in self.procs:
            for line in (self.work / f"{name}.strace").read_text().splitlines():
                m = LINE.match(line)
                if not m:
                    continue
                when, call, rest = float(m.group(1)), m.group(2), m.group(3)
                step = "before"
                for label, at in self.marks:
                    if when >= at:
                        step = label
                seen = counts.setdefault(step, {}).setdefault(
                    name, {"cur/ reads": 0, "new/ reads": 0, "file not found": 0,
                           "renames": 0})
                if call == "getdents64":
                    if "/cur>" in rest:
                        seen["cur/ reads"] += 1
                    elif "/new>" in rest:
                        seen["new/ reads"] += 1
                elif call.startswith("rename"):
                    seen["renames"] += 1
                elif "ENOENT" in rest and ("/cur/" in rest or "/new/" in rest):
                    seen["file not found"] += 1
        return counts
