"""``hdtui followups [--json]`` (docs/followups.md): what came due for the member, for cron or
a login message, without a TTY."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import formatdate
from pathlib import Path

from hdtui.domain.followups import Reminder
from hdtui.store import LocalStore
from tests.cli.test_cli import hdtui
from tests.support.pgp import write_maildir


def thread(now: datetime) -> dict[str, bytes]:
    """A user's question, the Help Desk's answer and the user's reply, the reply a day
    before ``now``: within the 60 days a follow-up looks back on any day the test runs
    (fixed dates of December 2026 fell out of them in February 2027)."""
    asked, answered, replied = (formatdate((now - ago).timestamp(), usegmt=True).encode()
                                for ago in (timedelta(days=3), timedelta(days=3, hours=-2),
                                            timedelta(days=1)))
    return {
        "1.M1P1.t": b"From: Kestrel <kestrel@example.org>\nTo: support@tails.net\n"
                    b"Subject: Tor does not start\nDate: " + asked + b"\n"
                    b"Message-ID: <ask@example.org>\n\nIt hangs at 50%.\n",
        "2.M2P1.t": b"From: Tails Help Desk <support@tails.net>\nTo: kestrel@example.org\n"
                    b"Subject: Re: Tor does not start\nDate: " + answered + b"\n"
                    b"Message-ID: <answer@tails.net>\nIn-Reply-To: <ask@example.org>\n"
                    b"References: <ask@example.org>\n\nTry a bridge.\n",
        "3.M3P1.t": b"From: Kestrel <kestrel@example.org>\nTo: support@tails.net\n"
                    b"Subject: Re: Re: Tor does not start\nDate: " + replied + b"\n"
                    b"Message-ID: <again@example.org>\nIn-Reply-To: <answer@tails.net>\n"
                    b"References: <ask@example.org> <answer@tails.net>\n\n"
                    b"A bridge works, thanks.\n"}


def test_followups_json_lists_a_users_answer_and_a_reminder_due(xdg: Path,
                                                                tmp_path: Path) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    write_maildir(tmp_path / "Maildir", thread(now))
    replied = now - timedelta(days=1)
    store_path = tmp_path / "store" / "store.json"
    store_path.parent.mkdir(mode=0o700)
    store = LocalStore(store_path)
    store.set_reminder(Reminder("gone", now - timedelta(hours=1), "check the fix", now,
                                "8c1f3e0a", "report 8c1f3e0a"))
    store.set_reminder(Reminder("later", now + timedelta(days=2), "not yet"))
    store.close()
    config = tmp_path / "config.toml"
    config.write_text(f'[source]\npath = "{tmp_path / "Maildir"}"\n'
                      f'[store]\npath = "{store_path}"\n'
                      '[queue]\nhelpdesk_addresses = ["support@tails.net"]\n'
                      'member_name = "alice"\n')
    result = hdtui("--config", str(config), "followups", "--json", env_root=xdg)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["member"] == "alice" and data["offline"] is None
    assert [f["why"] for f in data["followups"]] == ["reminder", "user"]
    reminder, user = data["followups"]
    assert set(user) == {"why", "key", "report_id", "about", "detail", "since"}
    assert user["key"].endswith("3.M3P1.t")
    assert user["since"].startswith(f"{replied:%Y-%m-%dT%H:%M}")
    assert user["detail"] == "after you replied"
    assert reminder == {"why": "reminder", "key": "gone", "report_id": "8c1f3e0a",
                        "about": "report 8c1f3e0a", "detail": "check the fix",
                        "since": reminder["since"]}
    text = hdtui("--config", str(config), "followups", env_root=xdg)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].startswith("reminder · report 8c1f3e0a: check the fix (")
    assert lines[1].startswith("the user answered · “Tor does not start”: after you "
                               f"replied ({replied:%Y-%m-%d %H:%M} UTC)")


def test_followups_read_a_snapshot_while_a_tui_holds_the_store(xdg: Path) -> None:
    """A login message or a cron run during a shift, while the member's TUI holds the
    store (here: this process holding its lock): the follow-ups are read from a snapshot,
    as `hdtui stats` reads one, and none of the owner's files is written. It stopped with
    "Store in use" and exit 2 (session 25's newcomer check)."""
    from hdtui.config import Config
    from hdtui.wiring import store_path
    from tests.support.held_store import run_while_held

    free = hdtui("--demo", "followups", env_root=xdg)
    assert free.returncode == 0, free.stderr
    path = store_path(Config(), demo=True)
    held, unchanged = run_while_held(lambda: hdtui("--demo", "followups", env_root=xdg))
    assert held.returncode == 0, held.stderr
    assert "reading a snapshot of it (the store is not written)" in held.stderr
    assert held.stdout == free.stdout and "Which bridges should I use?" in held.stdout
    assert unchanged
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".stats-snapshot-")]
