"""The benchmarks a newcomer runs by hand answer --help with their usage, not a
traceback, and say numbers computed from what they use (docs/benchmarks.md)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hdtui.config import demo_dir
from tests.support.pgp import kill_agent

ROOT = Path(__file__).resolve().parents[2]


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args],
                          capture_output=True, text=True, timeout=60, check=False, cwd=ROOT)


def test_warm_start_says_its_usage() -> None:
    helped = run("warm_start.py", "--help")
    assert helped.returncode == 0 and "Traceback" not in helped.stderr
    assert helped.stdout.startswith("usage: warm_start.py STORE HOST PORT CAFILE USER "
                                    "PASSWORD GPG_HOME SPAWNED\n")
    wrong = run("warm_start.py", "only-one")
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert "expected 8 arguments, got 1" in wrong.stderr


def test_imap_sync_counts_the_demo_messages_it_seeds_from() -> None:
    count = sum(1 for p in (demo_dir() / "maildir" / "cur").iterdir()
                if p.is_file() and not p.name.startswith("."))
    helped = run("imap_sync.py", "--help")
    assert helped.returncode == 0, helped.stderr
    assert f"seeded from the {count} demo messages" in " ".join(helped.stdout.split())


def test_gpg_batch_removes_its_key_when_stopped_while_encrypting() -> None:
    """review29b: the throwaway key was made outside the ``try``, so a failure (here ^C)
    while the reports were encrypted left its home and agent in $TMPDIR."""
    scratch = Path(tempfile.mkdtemp(prefix="gbt-"))  # short: the agent's socket path
    run = subprocess.Popen(  # far more reports than it encrypts in the seconds waited
        [sys.executable, str(ROOT / "benchmarks" / "gpg_batch.py"), "--reports", "1000000"],
        cwd=ROOT, env={**os.environ, "TMPDIR": str(scratch)}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not any(scratch.glob("hdk-*/private-keys-v1.d/*.key")):
            assert run.poll() is None and time.monotonic() < deadline, "no key made"
            time.sleep(0.1)
        time.sleep(3)  # the key made, its reports being encrypted
        assert run.poll() is None
        run.send_signal(signal.SIGINT)
        _, err = run.communicate(timeout=60)
        assert "KeyboardInterrupt" in err
        assert list(scratch.iterdir()) == []
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        for home in scratch.glob("hdk-*"):  # left by a failure: its agent stopped too
            kill_agent(home)
        shutil.rmtree(scratch, ignore_errors=True)
