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


def test_a_copy_dates_a_mail_without_date_by_its_name_not_the_copys_day(
    xdg: Path, tmp_path: Path
) -> None:
    """A copy (``cp -r``) gives its files the copy's day: a mail without a Date delivered
    on 2026-11-06 (its name's time) was dated by the copy's day and said outside a window
    ending 2026-11-20. Dated by its name, it is in the window and counted."""
    copy = tmp_path / "maildir"
    shutil.copytree(DEMO, copy)
    (copy / "new" / "1794000000.M998P1.host").write_bytes(
        b"From: Someone <someone@example.org>\nTo: help@tails.example\n"
        b"Subject: Tor does not connect\nMessage-ID: <undated@example.org>\n"
        b"\nTor Connection fails on Tails 7.7.\n")
    result = hdtui("--demo", "stats", "--json", "--until", "2026-11-20", str(copy),
                   env_root=xdg)
    assert result.returncode == 0, result.stderr
    [line] = [x for x in result.stderr.splitlines() if "dated by its arrival" in x]
    assert line.startswith("hdtui: 1 message ")
    assert "counted in the window" in line and "2026-11-20" in line, line
    assert "outside" not in line
