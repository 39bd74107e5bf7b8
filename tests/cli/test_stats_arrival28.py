"""``hdtui stats PATH`` on a Maildir copied with old file times counts as on the original
(arrival28; docs/insight.md, "Session 28: arrival28")."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from tests.cli.test_cli import DEMO, hdtui


def test_a_maildir_copied_with_its_files_dated_1980_counts_as_the_original(
    xdg: Path, tmp_path: Path
) -> None:
    """Every file dated 1980 (``touch -d``, an archive's times): every date was "ahead of
    its arrival", counted on 1980, and the copy counted nothing. The delivery times its
    names start with are the arrival: the same counts as the demo's own Maildir."""
    copy = tmp_path / "maildir"
    shutil.copytree(DEMO, copy)
    old = datetime(1980, 1, 1, tzinfo=UTC).timestamp()
    for sub in ("cur", "new"):
        for path in (copy / sub).iterdir():
            os.utime(path, (old, old))
    original = hdtui("--demo", "stats", "--json", str(DEMO), env_root=xdg)
    copied = hdtui("--demo", "stats", "--json", str(copy), env_root=xdg)
    assert original.returncode == 0 and copied.returncode == 0, copied.stderr
    before, after = json.loads(original.stdout), json.loads(copied.stdout)
    assert "dated more than a day after" not in copied.stderr
    assert after["today"] == before["today"] == "2026-11-26"
    assert after["reports"] == before["reports"]
    assert [(i["iid"], i["this_week"]) for i in after["issues"]] == [
        (i["iid"], i["this_week"]) for i in before["issues"]]
    assert any(i["this_week"] for i in after["issues"])
