"""An unencrypted message claiming an encrypted report's ID (walk22): over a real Maildir,
real GnuPG and the real store, it keeps no ID of its own, is not threaded with the real
report, and a link or issue made from it cites the message, not the report
(docs/encryption.md, "A report ID claimed without encryption")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hdtui.config import DEFAULT_TEAM_ADDRESSES, bundled_dir
from hdtui.domain.issue_draft import entry_reference
from hdtui.domain.queue import DecryptState
from hdtui.gpg import GpgCrypto
from hdtui.outbound.demo import DemoMailer
from hdtui.replies import load_templates
from hdtui.services.acting import Actions, reference_of
from hdtui.services.shift import Shift
from hdtui.services.triage import Triage
from hdtui.sources.local import MaildirSource
from hdtui.store import LocalStore
from hdtui.tracker.gitlab import GitLabSettings, GitLabTracker
from hdtui.tracker.static import StaticTracker
from tests.servers.gitlab_api import GitLabAPI
from tests.support.pgp import KeyPair, short_tmp, whisperback_message, write_maildir

DATA = Path(__file__).parent.parent / "data"
REAL = "0000000000000000000000000000000a"
OWN = "0000000000000000000000000000000b"


def _plain(report_id: str, body_file: str, day: int) -> bytes:
    body = (DATA / "whisperback" / body_file).read_text(encoding="utf-8")
    return (f"From: devnull@tails.boum.org\nTo: support@tails.net\n"
            f"Subject: Bug report: {report_id}\nMessage-ID: <plain-{day}@example.org>\n"
            f"Date: Tue, 0{day} Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\n"
            f"Content-Type: text/plain; charset=utf-8\n\n{body}").encode()


def _mailbox(test_key: KeyPair) -> Path:
    root = short_tmp("hdf-")
    wifi = (DATA / "whisperback" / "tails-7.5-wifi.txt").read_text(encoding="utf-8")
    mailbox = write_maildir(root / "Maildir", {
        "1.M1P1.test": whisperback_message(wifi, REAL, test_key),
        "2.M2P1.test": _plain(REAL, "vm-qemu.txt", 3),  # the ID of the encrypted one
        "3.M3P1.test": _plain(OWN, "anonymous.txt", 4),  # an ID no encrypted one has
    })
    return mailbox


def _triage(test_key: KeyPair, tmp_path: Path) -> Triage:
    mailbox = _mailbox(test_key)
    issues = tmp_path / "issues.json"
    issues.write_text(json.dumps([]))
    templates, _ = load_templates(bundled_dir("replies"))
    return Triage(MaildirSource(mailbox), GpgCrypto(test_key.home),
                  LocalStore(tmp_path / "store.json"), StaticTracker(issues), templates,
                  DEFAULT_TEAM_ADDRESSES)


def test_a_plain_message_claiming_an_encrypted_reports_id_is_not_that_report(
        test_key: KeyPair, tmp_path: Path) -> None:
    triage = _triage(test_key, tmp_path)
    triage.inbox()
    real, forged, plain = (triage.full(k) for k in ("1.M1P1.test", "2.M2P1.test",
                                                    "3.M3P1.test"))
    assert real is not None and forged is not None and plain is not None
    assert real.decrypt is DecryptState.DECRYPTED and real.report_id == REAL
    assert forged.decrypt is DecryptState.PLAIN and forged.id_disputed
    assert forged.report_id is None and forged.claimed_id == REAL
    # Links, issues and drafts cite the message itself, never the real report.
    assert reference_of(real) == f"wb://{REAL}"
    assert reference_of(forged).startswith("mail:")
    assert entry_reference(forged) == reference_of(forged)
    cached = triage.cached("2.M2P1.test")  # what follow-ups and the pane read first
    assert cached is not None and cached.id_disputed
    # A plain report whose ID no encrypted report has stays a report (demo, benchmarks).
    assert triage.describe("2.M2P1.test") == f"unencrypted mail claiming report {REAL}"
    assert triage.describe("1.M1P1.test") == f"report {REAL}"
    assert not plain.id_disputed and plain.report_id == OWN
    assert reference_of(plain) == f"wb://{OWN}"


def test_the_forged_message_and_the_real_report_are_not_one_thread(
        test_key: KeyPair, tmp_path: Path) -> None:
    triage = _triage(test_key, tmp_path)
    triage.inbox()
    shift = Shift(triage)
    assert "2.M2P1.test" not in [m.key for m in shift.thread("1.M1P1.test")]
    assert "1.M1P1.test" not in [m.key for m in shift.thread("2.M2P1.test")]


def test_the_report_pane_says_the_id_may_be_forged(test_key: KeyPair, tmp_path: Path) -> None:
    from hdtui.ui.widgets.report_view import head_content

    triage = _triage(test_key, tmp_path)
    triage.inbox()
    forged, real = triage.full("2.M2P1.test"), triage.full("1.M1P1.test")
    assert forged is not None and real is not None
    head = " ".join(head_content(forged).plain.split())
    assert f"Report not encrypted: the report ID {REAL} may be forged" in head
    assert "Not " not in head_content(forged).plain  # no label split from its words
    assert f"wb://{REAL}" not in head
    assert "may be forged" not in head_content(real).plain


def test_an_issue_made_from_the_forged_message_does_not_count_the_real_report(
        gitlab_api: GitLabAPI, test_key: KeyPair, tmp_path: Path) -> None:
    """The walk's case on the local GitLab API: the new issue's link note cites the plain
    message, so the real report is counted under no issue."""
    gitlab_api.add_user("glpat-helpdesk-token", "helpdesk")
    project = gitlab_api.add_project(2, "tails/tails")
    tracker = GitLabTracker(GitLabSettings(url=gitlab_api.url, project="tails/tails",
                                           token=lambda: "glpat-helpdesk-token",
                                           timeout=5.0), tmp_path / "issues.json")
    tracker.sync()
    triage = Triage(MaildirSource(_mailbox(test_key)), GpgCrypto(test_key.home),
                    LocalStore(tmp_path / "store.json"), tracker, [], DEFAULT_TEAM_ADDRESSES)
    triage.inbox()
    actions = Actions(triage, DemoMailer(tmp_path / "outbox"), GpgCrypto(test_key.home),
                      tracker, None, "hd@tails.invalid", "tails-bugs@boum.org")
    try:
        issue, problems = actions.create_issue("Tor hangs in a VM", "From a report.", [],
                                               ["2.M2P1.test"])
        assert problems == []
        notes = " ".join(n["body"] for n in project.notes.get(issue.iid, []))
        assert "mail:" in notes and f"wb://{REAL}" not in notes
        assert tracker.linked(f"wb://{REAL}") == []
        assert actions.linked_to("1.M1P1.test") == []
        assert actions.linked_to("2.M2P1.test") == [issue.iid]
    finally:
        triage.store.close()  # type: ignore[attr-defined]
        tracker.close()


def test_follow_ups_do_not_thread_the_forged_message_with_the_real_report(
        test_key: KeyPair, tmp_path: Path) -> None:
    """The threading of follow-ups (every message of the window, from the cache) gives the
    disputed message no report ID: it can answer or be answered by nothing of the real one."""
    triage = _triage(test_key, tmp_path)
    triage.inbox()
    shift = Shift(triage)
    messages = {m.key: m for m in shift._messages(0.0)}
    assert messages["1.M1P1.test"].report_id == REAL
    assert messages["2.M2P1.test"].report_id == ""
    assert messages["3.M3P1.test"].report_id == OWN


async def test_the_thread_key_names_the_forged_message_as_unencrypted_mail(
        test_key: KeyPair, tmp_path: Path) -> None:
    """Pilot: ``T`` on the forged message finds no thread and does not call it the report."""
    from hdtui.ui.app import HdtuiApp
    from tests.support.demo_ui import settle
    from tests.support.pilot import said

    triage = _triage(test_key, tmp_path)
    actions = Actions(triage, DemoMailer(tmp_path / "outbox"), GpgCrypto(test_key.home),
                      None, None, "hd@tails.invalid", "tails-bugs@boum.org")
    actions.shift = Shift(triage)
    app = HdtuiApp(triage, {}, "default", "forged", actions=actions)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        table: Any = app.screen.query_one("#queue")
        table.move_cursor(row=next(i for i, r in enumerate(table.rows)
                                   if r.key == "2.M2P1.test"))
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        toasts = said(app)
        assert f"unencrypted mail claiming report {REAL} has no other message" in toasts


def test_the_hand_off_names_a_claimed_forged_copy_as_unencrypted_mail(
        test_key: KeyPair, tmp_path: Path) -> None:
    """The walk: the hand-off note said "still claimed by me: report a746cb72…" while the
    claim was on the forged plain copy and the real report was unclaimed."""
    from hdtui.domain.marks import Mark

    triage = _triage(test_key, tmp_path)
    triage.inbox()
    forged = triage.row("2.M2P1.test")
    assert forged is not None
    triage.toggle_mark(forged, Mark.CLAIMED)
    assert Shift(triage).still_held() == [f"unencrypted mail claiming report {REAL}"]


def test_the_forged_copy_is_counted_as_no_report(test_key: KeyPair, tmp_path: Path) -> None:
    """The walk: `stats --json` listed the forged copy as `mail:…` under an issue's
    likely reports, and `l` offered to link it, while its pane said it was not counted as
    that report. Its facts are a disputed report's, counted as none; the real one counts
    once, as encrypted."""
    from hdtui.domain.insight.counted import counted
    from hdtui.domain.insight.facts import DISPUTED_KIND, PLAIN_KIND
    from hdtui.services.insight import Insight

    triage = _triage(test_key, tmp_path)
    triage.inbox()
    facts = {f.key: f for f in Insight(triage, None).facts()}
    assert facts["2.M2P1.test"].kind == DISPUTED_KIND
    assert facts["1.M1P1.test"].kind == "report"  # encrypted
    assert facts["3.M3P1.test"].kind == PLAIN_KIND  # a plain report of its own ID
    assert {f.key for f in counted(facts.values())} == {"1.M1P1.test", "3.M3P1.test"}
