"""`hdtui stats` on the demo: every number of the window its heading names, and the lines
on stderr say what happened (walk28; docs/insight.md, "Session 28: numbers of the
window")."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.cli.test_cli import DEMO, hdtui
from tests.cli.test_stats_trust27 import _future_mail


def test_a_week_of_the_demo_counts_that_week_in_every_output(xdg: Path) -> None:
    """Walk28's defect 1: `stats --weeks 1` said "64 messages, 1 weeks to 2026-11-26" and
    counted #20402's three reports of eight weeks beside a trend of 1; versions counted 64
    messages. Now the week's 10 messages, in the text, the JSON and the Markdown."""
    result = hdtui("--demo", "stats", "--json", "--weeks", "1", env_root=xdg)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["from"] == "2026-11-20" and data["today"] == "2026-11-26"
    assert data["reports"] == 10 and data["earlier"] == 54
    for issue in data["issues"]:
        # Nothing listed or counted before the window: each counted report in the trend.
        for report in (*issue["likely"], *issue["possible"], *issue["resent"]):
            assert report["received"] >= "2026-11-20", (issue["iid"], report)
        held = [r for r in issue["confirmed"] if r["message"] is not None]
        assert sum(issue["per_week"]) >= len(issue["likely"]) + len(held) - len(
            issue["linked_resent"]), issue["iid"]
        assert issue["first_seen"] is None or issue["first_seen"] >= "2026-11-20"
    text = hdtui("--demo", "stats", "--weeks", "1", env_root=xdg).stdout
    assert text.startswith("10 messages counted in 1 week, 2026-11-20 to 2026-11-26 (54 "
                           "earlier not counted")
    assert "1 weeks" not in text
    markdown = hdtui("--demo", "stats", "--markdown", "--weeks", "1", env_root=xdg).stdout
    assert "10 messages counted in 1 week, 2026-11-20 to 2026-11-26" in markdown
    versions = markdown.split("## Versions\n\n")[1].split("\n")[0]
    assert "`7.5`" not in versions  # all of the demo's 7.5 reports are of October
    # The regression on 7.7 looks before the week, and says its own span.
    assert "4 reports on 7.7 in 17 days" in markdown


def test_a_future_dated_mail_outside_the_window_is_said_not_counted(xdg: Path,
                                                                     tmp_path: Path) -> None:
    """Walk28's defect 11: the stderr line said "counted on the file's time" of a mail
    whose file time fell after the demo's window: it was counted nowhere."""
    copy = tmp_path / "maildir"
    shutil.copytree(DEMO, copy)
    _future_mail(copy / "new", "future.M1P1.host", "Fri, 01 Jan 2100 00:00:00 +0000")
    result = hdtui("--demo", "stats", "--json", str(copy), env_root=xdg)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["today"] == "2026-11-26"
    [line] = [x for x in result.stderr.splitlines() if "reaching the mailbox" in x]
    assert "dated by its arrival (the time a Maildir name starts with, else the file's " \
        "time), outside the window, 2026-10-02 to 2026-11-26 (not counted)" in line
    assert "counted in the window" not in line and "counted on" not in line
