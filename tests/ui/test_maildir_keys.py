"""Message keys are never joined into a string and split again: in a Maildir as Dovecot
writes it, a file name holds commas (``,S=4521,W=4600``) and the flags after a colon.
Creating an issue from two tagged reports of such a mailbox links exactly those two, on
the local GitLab API server over real HTTP."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES, TeamConfig
from hdtui.domain.links import parse_note
from hdtui.gpg import GpgCrypto
from hdtui.outbound.demo import DemoMailer, DemoNotifier
from hdtui.services.acting import Actions
from hdtui.services.triage import Triage
from hdtui.sources.local import MaildirSource
from hdtui.store import LocalStore
from hdtui.tracker.gitlab import GitLabSettings, GitLabTracker
from hdtui.ui.app import HdtuiApp
from hdtui.ui.widgets.queue_table import QueueTable
from tests.servers.gitlab_api import GitLabAPI, Project
from tests.support.demo_ui import create_from_form, settle
from tests.support.pgp import KeyPair, short_tmp, whisperback_message, write_maildir
from tests.support.pilot import said

WB = Path(__file__).parents[1] / "data" / "whisperback"
TOKEN = "glpat-helpdesk-token"
REPORTS = {
    # unique name (as listed: the part before ":") -> report ID
    "1700000001.M1P1.host,S=4521,W=4600": "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64",
    "1700000002.M2P1.host,S=4522,W=4601": "72e11dad9c9faf4d5a990800a3349dd0",
    "1700000003.M3P1.host,S=4523,W=4602": "abcdef0123456789abcdef0123456789",
}


@pytest.fixture
def comma_maildir(test_key: KeyPair) -> Iterator[Path]:
    """Three reports under Dovecot-style names: two new, one read (``:2,S`` in cur/)."""
    root = short_tmp("hdk-")
    text = (WB / "tails-7.5-wifi.txt").read_text(encoding="utf-8")
    messages = {name: whisperback_message(text, rid, test_key) for name, rid in REPORTS.items()}
    mailbox = write_maildir(root / "Maildir", messages)
    last = next(reversed(REPORTS))
    (mailbox / "new" / last).rename(mailbox / "cur" / f"{last}:2,S")
    yield mailbox
    shutil.rmtree(root, ignore_errors=True)


def app_over(mailbox: Path, api: GitLabAPI, key: KeyPair, tmp_path: Path,
             **settings: Any) -> tuple[HdtuiApp, Project, list[object]]:
    """The app over ``mailbox`` and the local GitLab server (``settings``: more of
    GitLabSettings); its store and tracker are in the list, to close."""
    api.add_user(TOKEN, "helpdesk")
    project = api.add_project(2, "tails/tails")
    api.add_issue(project, "Realtek RTL8723BE: no Wi-Fi networks", "no networks")
    tracker = GitLabTracker(GitLabSettings(url=api.url, project="tails/tails",
                                           token=lambda: TOKEN, timeout=5.0, **settings),
                            tmp_path / "issues.json")
    tracker.sync()
    store = LocalStore(tmp_path / "store.json")
    triage = Triage(MaildirSource(mailbox), GpgCrypto(key.home), store, tracker, [],
                    DEFAULT_TEAM_ADDRESSES)
    actions = Actions(triage, DemoMailer(tmp_path / "outbox"), GpgCrypto(key.home), tracker,
                      DemoNotifier(tmp_path / "alerts.log"), "hd@tails.invalid",
                      "tails-bugs@boum.org",
                      [TeamConfig("Foundations Team", "foundations@tails.net",
                                  "@foundations-team", "")])
    return HdtuiApp(triage, {}, "default", "comma Maildir", actions=actions), project, \
        [store, tracker]


async def test_an_issue_from_two_tagged_reports_links_those_two(
    comma_maildir: Path, gitlab_api: GitLabAPI, test_key: KeyPair, tmp_path: Path
) -> None:
    app, project, to_close = app_over(comma_maildir, gitlab_api, test_key, tmp_path)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            table = app.screen.query_one(QueueTable)
            assert {row.key for row in table.rows} == set(REPORTS)  # commas kept whole
            tagged = [n for n, row in enumerate(table.rows)
                      if row.report_id != REPORTS["1700000002.M2P1.host,S=4522,W=4601"]]
            for n in tagged:
                table.move_cursor(row=n)
                await pilot.press("t")
            await settle(pilot)
            await pilot.press("I")
            await settle(pilot)
            await create_from_form(pilot)
            shown = said(app)
            assert "Created #2" in shown and "2 report(s) linked" in shown, shown
            assert "not linked" not in shown
    finally:
        for item in to_close:
            item.close()  # type: ignore[attr-defined]
    cited = {link.reference for note in project.notes.get(2, [])
             for link in parse_note(note["body"])}
    assert cited == {f"wb://{REPORTS['1700000001.M1P1.host,S=4521,W=4600']}",
                     f"wb://{REPORTS['1700000003.M3P1.host,S=4523,W=4602']}"}
    assert not project.notes.get(1)  # the existing issue got no stray note
