"""GitLabTracker against a local GitLab REST API server, over real HTTP with python-gitlab.

Sync (pagination, incremental, closed issues), links as notes (de-duplicated, also across
members), counts, issue creation, fresh reads, read-only skims, the cache's permissions,
and failures: 401, 404, 429 with Retry-After, 500, a server that goes away mid-sync.
"""

from __future__ import annotations

import stat
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hdtui.domain.links import ReportCount, note_body
from hdtui.domain.reply import reply_from_issue
from hdtui.errors import ReadOnlyError, TrackerError
from hdtui.tracker.gitlab import GitLabSettings, GitLabTracker, parse_time
from hdtui.tracker.issue_cache import FORMAT
from tests.servers.gitlab_api import GitLabAPI, Project

TOKEN = "glpat-alice-secret-token"
TOKEN_BOB = "glpat-bob-secret-token"
WB = "wb://8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"
WB2 = "wb://72e11dad9c9faf4d5a990800a3349dd"


@pytest.fixture
def project(gitlab_api: GitLabAPI) -> Project:
    gitlab_api.add_user(TOKEN, "alice")
    gitlab_api.add_user(TOKEN_BOB, "bob")
    return gitlab_api.add_project(43, "tails/tails")


def make(api: GitLabAPI, cache: Path, token: str = TOKEN, read_only: bool = False,
         clock: Any = None, **changes: Any) -> GitLabTracker:
    settings: dict[str, Any] = dict(url=api.url, project="tails/tails", token=lambda: token,
                                    timeout=5.0, per_page=50, max_wait=5.0,
                                    helpdesk_accounts=("alice", "bob"))
    settings.update(changes)
    return GitLabTracker(GitLabSettings(**settings), cache, read_only=read_only, clock=clock)


def seed(api: GitLabAPI, project: Project, count: int, ago: timedelta | None = None) -> None:
    """``count`` issues; the first updated ``ago``, the next ones a minute later each
    (without ``ago``: now)."""
    start = datetime.now(UTC) - ago if ago is not None else None
    for n in range(count):
        api.add_issue(project, f"Issue {n + 1}", f"Description {n + 1}",
                      labels=("C:Tor",) if n % 2 else ("P:High", "T:Code"),
                      updated_at=start + timedelta(minutes=n) if start else None)


def issue_gets(api: GitLabAPI) -> list[dict[str, str]]:
    return [r.query for r in api.requests("GET") if r.path.endswith("/issues")]


# -- sync ---------------------------------------------------------------------------------


def test_full_sync_follows_pagination_and_keeps_recently_closed(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 120)
    now = datetime.now(UTC)
    gitlab_api.add_issue(project, "Closed last week", state="closed",
                         updated_at=now - timedelta(days=7))
    gitlab_api.add_issue(project, "Closed long ago", state="closed",
                         updated_at=now - timedelta(days=90))
    tracker = make(gitlab_api, tmp_path / "cache.json")
    seen: list[tuple[int, int]] = []

    result = tracker.sync(progress=lambda done, total: seen.append((done, total)))

    assert (result.new, result.changed, result.total, result.full) == (121, 0, 121, True)
    pages = [q for q in issue_gets(gitlab_api) if q["state"] == "opened"]
    # 120 issues, 50 a page, keyset pages followed through Link (a cursor, no page number)
    assert ["cursor" in q for q in pages] == [False, True, True]
    assert all(q["order_by"] == "updated_at" and q["sort"] == "asc" and q["per_page"] == "50"
               and q["pagination"] == "keyset" and "page" not in q
               for q in issue_gets(gitlab_api))
    closed = [q for q in issue_gets(gitlab_api) if q["state"] == "closed"]
    assert len(closed) == 1 and "updated_after" in closed[0]
    assert seen[-1] == (121, 121)
    # The project is looked up by its URL-encoded path, notes later use the numeric ID.
    assert gitlab_api.log[0].raw_path == "/api/v4/projects/tails%2Ftails"
    issues = {i.iid: i for i in tracker.issues()}
    assert len(issues) == 121 and "Closed long ago" not in {i.title for i in issues.values()}
    assert issues[2].title == "Issue 2" and issues[2].description == "Description 2"
    assert issues[2].labels == ("C:Tor",) and issues[1].labels == ("P:High", "T:Code")
    assert issues[121].state == "closed"


def test_incremental_sync_asks_only_for_what_changed(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 120, ago=timedelta(hours=3))
    tracker = make(gitlab_api, tmp_path / "cache.json")
    tracker.sync()
    gitlab_api.clear_log()
    gitlab_api.update_issue(project, 7, title="Issue 7, retitled")
    gitlab_api.update_issue(project, 8, labels=["C:Tor", "P:Urgent"])
    gitlab_api.update_issue(project, 9, state="closed")
    gitlab_api.add_issue(project, "A new problem")

    result = tracker.sync()

    assert (result.new, result.changed, result.total, result.full) == (1, 3, 121, False)
    queries = issue_gets(gitlab_api)
    assert len(queries) == 1 and queries[0]["state"] == "all"
    # Asked from five minutes before the newest update seen (a late commit is caught):
    # what changed, and the six seeded issues updated in those minutes, came over the wire.
    newest = parse_time(project.issues[120]["updated_at"])
    assert parse_time(queries[0]["updated_after"]) == newest - timedelta(minutes=5)
    assert result.fetched == 4 + 6
    issues = {i.iid: i for i in tracker.issues()}
    assert issues[7].title == "Issue 7, retitled"
    assert issues[8].labels == ("C:Tor", "P:Urgent")
    assert issues[9].state == "closed"
    assert issues[121].title == "A new problem"

    again = tracker.sync()  # the overlap reads the last five minutes' changes again
    assert (again.new, again.changed, again.total) == (0, 0, 121) and again.fetched == 4


def test_incremental_sync_survives_a_restart_and_drops_issues_closed_too_long(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 3)
    gitlab_api.update_issue(project, 2, state="closed")
    make(gitlab_api, tmp_path / "cache.json").sync()
    gitlab_api.clear_log()
    later = datetime.now(UTC) + timedelta(hours=12)
    tracker = make(gitlab_api, tmp_path / "cache.json", clock=lambda: later, closed_days=0)

    result = tracker.sync()

    assert not result.full and len(issue_gets(gitlab_api)) == 1
    assert result.dropped == 1 and [i.iid for i in tracker.issues()] == [1, 3]


def test_a_daily_full_sync_drops_issues_deleted_moved_or_no_longer_listed(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """Incremental syncs see only what GitLab lists as updated: a deleted issue, or one
    that stopped being visible, never is. The daily reconciliation (and ``--full``) lists
    everything again and keeps only that; a moved issue (``moved_to_id``) leaves too."""
    seed(gitlab_api, project, 5)
    elsewhere = gitlab_api.add_project(44, "tails/elsewhere")
    make(gitlab_api, tmp_path / "cache.json").sync()
    gitlab_api.delete_issue(project, 2)
    gitlab_api.move_issue(project, 4, elsewhere)
    hours = [1.0]
    tracker = make(gitlab_api, tmp_path / "cache.json",
                   clock=lambda: datetime.now(UTC) + timedelta(hours=hours[0]))

    soon = tracker.sync()
    assert not soon.full and soon.dropped == 1  # moved: listed as updated, dropped
    assert [i.iid for i in tracker.issues()] == [1, 2, 3, 5]  # deleted: not seen yet
    hours[0] = 25.0
    gitlab_api.clear_log()

    daily = tracker.sync()

    assert daily.full and daily.dropped == 1 and [i.iid for i in tracker.issues()] == [1, 3, 5]
    assert {q["state"] for q in issue_gets(gitlab_api)} == {"opened", "closed"}
    assert tracker.sync().full is False  # reconciled: incremental again for a day
    assert make(gitlab_api, tmp_path / "cache.json").sync(full=True).full  # --full


def test_first_issues_call_syncs_once(gitlab_api: GitLabAPI, project: Project,
                                      tmp_path: Path) -> None:
    seed(gitlab_api, project, 3)
    tracker = make(gitlab_api, tmp_path / "cache.json")
    assert len(tracker.issues()) == 3
    requests_after_first = len(gitlab_api.log)
    assert len(tracker.issues()) == 3 and len(gitlab_api.log) == requests_after_first


# -- links and counts ------------------------------------------------------------------------


def test_link_adds_one_note_and_never_a_second(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 2)
    alice = make(gitlab_api, tmp_path / "alice.json")
    received = date.today()

    assert alice.link(1, WB, received) is True
    assert alice.link(1, WB, received) is False
    bob = make(gitlab_api, tmp_path / "bob.json", token=TOKEN_BOB)  # another member
    assert bob.link(1, WB, received) is False

    notes = project.notes[1]
    assert len(notes) == 1 and notes[0]["author"]["username"] == "alice"
    assert notes[0]["body"] == f"Help Desk report: {WB} received {received} (hdtui)"
    posts = gitlab_api.requests("POST", "/notes")
    assert len(posts) == 1 and posts[0].raw_path == "/api/v4/projects/43/issues/1/notes"
    assert alice.linked(WB) == [1] and bob.linked(WB) == [1]
    assert '"wb://8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"' in (tmp_path / "alice.json").read_text()


def test_link_finds_the_note_another_member_made(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 1)
    gitlab_api.add_note(project, 1, "Thanks, seen this too.\n\n" +
                        note_body(WB, date(2026, 11, 2)), username="bob")
    tracker = make(gitlab_api, tmp_path / "cache.json")

    assert tracker.link(1, WB, date(2026, 11, 3)) is False
    assert gitlab_api.requests("POST") == []
    assert tracker.link(1, "mail:2026-11-03:0123456789ab", date(2026, 11, 3)) is True
    assert len(project.notes[1]) == 2


def test_unlink_deletes_the_note_and_updates_the_cache(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 2)
    alice = make(gitlab_api, tmp_path / "alice.json")
    alice.link(1, WB, date(2026, 11, 3))
    alice.link(1, WB2, date(2026, 11, 3))
    gitlab_api.add_note(project, 1, "Thanks, seen this too.", username="bob")

    assert alice.unlink(1, WB) is True
    bodies = [n["body"] for n in project.notes[1]]
    assert bodies == [note_body(WB2, date(2026, 11, 3)), "Thanks, seen this too."]
    deletes = gitlab_api.requests("DELETE")
    assert len(deletes) == 1 and deletes[0].status == 204
    assert alice.linked(WB) == [] and alice.linked(WB2) == [1]
    assert alice.counts([1])[1].total == 1
    assert alice.unlink(1, WB) is False  # nothing cites it any more: nothing deleted
    assert len(gitlab_api.requests("DELETE")) == 1


def test_unlink_of_another_members_note_is_refused_by_gitlab_unless_admin(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 1)
    gitlab_api.add_note(project, 1, note_body(WB, date(2026, 11, 2)), username="bob")
    alice = make(gitlab_api, tmp_path / "alice.json")
    with pytest.raises(TrackerError) as refused:
        alice.unlink(1, WB)
    assert "403" in refused.value.message and len(project.notes[1]) == 1
    gitlab_api.add_user("glpat-root-token", "root", admin=True)
    root = make(gitlab_api, tmp_path / "root.json", token="glpat-root-token")
    assert root.unlink(1, WB) is True and project.notes[1] == []


def test_unlink_leaves_a_note_citing_other_reports_and_is_refused_in_a_skim(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 1)
    both = note_body(WB, date(2026, 11, 2)) + "\n" + note_body(WB2, date(2026, 11, 2))
    gitlab_api.add_note(project, 1, both, username="alice")
    with pytest.raises(ReadOnlyError):
        make(gitlab_api, tmp_path / "skim.json", read_only=True).unlink(1, WB)
    with pytest.raises(TrackerError, match="cites other reports too"):
        make(gitlab_api, tmp_path / "alice.json").unlink(1, WB)
    assert len(project.notes[1]) == 1 and gitlab_api.requests("DELETE") == []


def test_the_test_server_answers_delete_of_an_unknown_note_404(
    gitlab_api: GitLabAPI, project: Project
) -> None:
    import urllib.error
    import urllib.request
    seed(gitlab_api, project, 1)
    request = urllib.request.Request(f"{gitlab_api.url}/api/v4/projects/43/issues/1/notes/99",
                                     method="DELETE", headers={"PRIVATE-TOKEN": TOKEN})
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=5)
    assert answer.value.code == 404


def test_counts_total_and_this_week_from_the_notes(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 2)
    today = datetime.now(UTC).date()
    for n, age in enumerate((0, 2, 6, 7, 30)):  # three within the last seven days
        gitlab_api.add_note(project, 1, note_body(f"wb://{n:032x}", today - timedelta(days=age)),
                            username="bob")
    gitlab_api.add_note(project, 1, note_body("wb://" + "0" * 32, today),
                        username="alice")  # the same report
    gitlab_api.add_note(project, 1, note_body("wb://" + "f" * 32, today), system=True)
    gitlab_api.add_note(project, 1, "Help Desk report: wb://NOT-HEX (hdtui)")
    gitlab_api.add_note(project, 1, "see Help Desk report: wb://abc (hdtui) above")
    for n in range(60):  # the notes of issue 2 span two pages
        gitlab_api.add_note(project, 2, note_body(f"wb://{n + 100:032x}", today),
                            username="bob")
    tracker = make(gitlab_api, tmp_path / "cache.json")

    counts = tracker.counts([1, 2])

    assert counts == {1: ReportCount(5, 3), 2: ReportCount(60, 60)}
    assert counts[1].label == "5 reports, 3 this week"
    gitlab_api.clear_log()
    gitlab_api.add_note(project, 1, note_body(WB, today), username="bob")
    assert tracker.counts([1]) == {1: ReportCount(5, 3)}  # cached (short TTL)
    assert gitlab_api.log == []
    assert tracker.refresh_counts([1]) == {1: ReportCount(6, 4)}
    gitlab_api.stop()
    assert tracker.counts([1, 2]) == {1: ReportCount(6, 4), 2: ReportCount(60, 60)}


def test_one_internal_note_with_twenty_made_up_ids_adds_a_few_links_at_most(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """walk23: an internal note by an account outside the Help Desk with 20 made-up
    ``wb://…beef00NN`` lines gave "20 linked"; one dated after the note counted too. A
    note adds at most ``NOTE_LINKS_MAX`` links, none dated after it (docs/gitlab.md,
    "What one note can add")."""
    from hdtui.domain.links import NOTE_LINKS_MAX

    seed(gitlab_api, project, 2)
    today = datetime.now(UTC).date()
    made_up = "\n".join(note_body(f"wb://{0xbeef00 + n:032x}", today - timedelta(days=1))
                        for n in range(20))
    gitlab_api.add_note(project, 1, made_up, username="mallory", internal=True)
    gitlab_api.add_note(project, 2, note_body(WB, today + timedelta(days=3)),
                        username="carol", internal=True)
    tracker = make(gitlab_api, tmp_path / "cache.json", helpdesk_accounts=())
    assert tracker.counts([1, 2]) == {1: ReportCount(NOTE_LINKS_MAX, NOTE_LINKS_MAX,
                                                     left_out=20 - NOTE_LINKS_MAX),
                                      2: ReportCount(0, 0)}
    assert tracker.links_left_out() == {1: 20 - NOTE_LINKS_MAX}


def test_counts_are_refreshed_after_the_ttl(gitlab_api: GitLabAPI, project: Project,
                                             tmp_path: Path) -> None:
    seed(gitlab_api, project, 1)
    tracker = make(gitlab_api, tmp_path / "cache.json", counts_ttl=0.2)
    assert tracker.counts([1]) == {1: ReportCount(0, 0)}
    gitlab_api.add_note(project, 1, note_body(WB, date.today()), username="bob")
    time.sleep(0.3)
    assert tracker.counts([1]) == {1: ReportCount(1, 1)}


def test_markers_from_anyone_else_count_nothing_and_block_no_link(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """Anyone may comment on a public issue: a marker line in their note neither counts nor
    makes ``link`` answer "already linked"; one in code is a quotation, not a link."""
    seed(gitlab_api, project, 1)
    today = datetime.now(UTC).date()
    gitlab_api.add_note(project, 1, note_body(WB, today), username="mallory")
    for n in range(3):
        gitlab_api.add_note(project, 1, note_body(f"wb://{n + 1:032x}", today),
                            username="mallory")
    gitlab_api.add_note(project, 1, "As the bot says:\n```\n" +
                        note_body(WB2, today) + "\n```\n", username="bob")
    gitlab_api.add_note(project, 1, "Seen again.\r\n\r\n" +
                        note_body("wb://" + "e" * 32, today) + "\r\n", username="bob")
    tracker = make(gitlab_api, tmp_path / "cache.json")

    assert tracker.counts([1]) == {1: ReportCount(1, 1)}  # bob's CRLF note only
    assert tracker.link(1, WB, today) is True
    assert tracker.link(1, WB2, today) is True
    mine = [n for n in project.notes[1] if n["author"]["username"] == "alice"]
    assert [n["body"] for n in mine] == [note_body(WB, today), note_body(WB2, today)]
    assert tracker.refresh_counts([1]) == {1: ReportCount(3, 3)}


def test_a_note_copied_by_someone_else_does_not_pass_for_ours(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 1)
    text = "Report IDs for the developers:\n\n- 8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"
    gitlab_api.add_note(project, 1, text, username="mallory")
    tracker = make(gitlab_api, tmp_path / "cache.json")
    assert tracker.has_note(1, text) is False
    tracker.add_note(1, text)
    assert tracker.has_note(1, text) is True


def test_markers_count_by_author_id_not_by_name(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """The allow-list is resolved to ids once: a note whose author merely shows the name
    (another user's ``name``, or a renamed account) does not pass for a Help Desk one."""
    seed(gitlab_api, project, 1)
    today = datetime.now(UTC).date()
    impostor = gitlab_api.add_note(project, 1, note_body(WB, today), username="mallory")
    impostor["author"] = {**impostor["author"], "name": "bob"}
    tracker = make(gitlab_api, tmp_path / "cache.json", helpdesk_accounts=("bob", "nobody"))

    assert tracker.counts([1]) == {1: ReportCount(0, 0)}
    assert tracker.unknown_accounts == ("nobody",)
    assert [r.query for r in gitlab_api.requests("GET", "/users")] == [
        {"username": "bob"}, {"username": "nobody"}]
    tracker.refresh_counts([1])
    assert len(gitlab_api.requests("GET", "/users")) == 2  # resolved once


def test_helpdesk_accounts_gitlab_does_not_know_are_told_to_the_member(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    gitlab_api.add_user("glpat-bob", "bob")
    tracker = make(gitlab_api, tmp_path / "cache.json", helpdesk_accounts=("bob", "b0b"))
    problems = tracker.account_problems()
    assert len(problems) == 1
    assert "helpdesk_accounts: 'b0b' is not a GitLab user" in problems[0]
    assert "its notes are not counted" in problems[0]
    assert tracker.account_problems() == problems  # asked once
    assert len(gitlab_api.requests("GET", "/users")) == 2
    known = make(gitlab_api, tmp_path / "known.json", helpdesk_accounts=("Bob",))
    assert known.account_problems() == []
    gitlab_api.go_away(mode="close")
    with pytest.raises(TrackerError):
        make(gitlab_api, tmp_path / "down.json", helpdesk_accounts=("b0b",)
             ).account_problems()


def test_internal_notes_count_and_link_notes_are_written_internal(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """With ``count_markers_from = "internal"`` (the default) and a token of Reporter role
    or above, internal notes count, whoever of the project wrote them, and hdtui writes its
    link notes internal; with "allow-list", or a token of a lower role, only the Help Desk's
    accounts count and link notes are public."""
    seed(gitlab_api, project, 2)
    today = datetime.now(UTC).date()
    gitlab_api.add_note(project, 1, note_body(WB, today), username="carol", internal=True)
    gitlab_api.add_note(project, 1, note_body(WB2, today), username="mallory")
    internal = make(gitlab_api, tmp_path / "internal.json", helpdesk_accounts=())
    assert internal.counts([1]) == {1: ReportCount(1, 1)}
    assert internal.link(2, WB, today) is True
    assert project.notes[2][-1]["internal"] is True
    post = gitlab_api.requests("POST", "/notes")[-1]
    assert post.body["internal"] is True
    assert "internal notes" in internal.count_rule

    listed = make(gitlab_api, tmp_path / "listed.json", helpdesk_accounts=(),
                  count_markers_from="allow-list")
    assert listed.counts([1]) == {1: ReportCount(0, 0)}
    assert listed.link(2, WB2, today) is True
    assert project.notes[2][-1]["internal"] is False
    assert listed.count_rule == "notes by 1 Help Desk account"

    gitlab_api.add_user("glpat-guest", "guest", access_level=10)
    guest = make(gitlab_api, tmp_path / "guest.json", token="glpat-guest",
                 helpdesk_accounts=())
    assert guest.counts([1]) == {1: ReportCount(0, 0)}
    assert guest.counts([2]) == {2: ReportCount(0, 0)}  # alice's public note: not listed


def test_the_test_server_hides_internal_notes_from_guests(
    gitlab_api: GitLabAPI, project: Project
) -> None:
    import json
    import urllib.request
    seed(gitlab_api, project, 1)
    gitlab_api.add_note(project, 1, "internal", username="carol", internal=True)
    gitlab_api.add_note(project, 1, "public", username="mallory")
    gitlab_api.add_user("glpat-guest", "guest", access_level=10)

    def bodies(token: str) -> list[str]:
        request = urllib.request.Request(
            f"{gitlab_api.url}/api/v4/projects/43/issues/1/notes?sort=asc",
            headers={"PRIVATE-TOKEN": token})
        with urllib.request.urlopen(request, timeout=5) as answer:
            notes = json.loads(answer.read())
        assert all(isinstance(n["author"]["id"], int) for n in notes)
        return [n["body"] for n in notes]

    assert bodies(TOKEN) == ["internal", "public"]
    assert bodies("glpat-guest") == ["public"]


def test_a_cache_of_the_previous_format_drops_its_links_and_keeps_its_issues(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """Format 1 counted any note's marker: its links are read again, its issues kept."""
    import json
    seed(gitlab_api, project, 1)
    cache = tmp_path / "cache.json"
    cache.write_text(json.dumps({
        "format": 1, "source": f"{gitlab_api.url} tails/tails", "project_id": 43,
        "high_water": "2026-11-19T06:47:00.000Z", "synced_at": 1.0,
        "issues": {"1": {"iid": 1, "title": "Cached", "state": "opened", "labels": [],
                         "updated_at": "2026-11-19T06:47:00.000Z"}},
        "links": {"1": [{"reference": WB, "received": "2026-11-19"}]},
        "links_checked": {"1": time.time()}}))
    tracker = make(gitlab_api, cache)
    assert [i.title for i in tracker.issues()] == ["Cached"]  # no sync: kept
    assert tracker.links() == [] and gitlab_api.log == []
    gitlab_api.stop()
    # The forged-or-not count is gone, and, GitLab out of reach, its 0 says it is unread.
    assert tracker.counts([1]) == {1: ReportCount(0, 0, unread=True)}


def test_the_first_sync_after_a_format_1_cache_is_a_full_one(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """Format 1 never reconciled: its copy may hold deleted issues, so the next sync is
    full, drops them, and the cache is written in the current format (``FORMAT``)."""
    import json
    seed(gitlab_api, project, 2)
    cache = tmp_path / "cache.json"
    cache.write_text(json.dumps({
        "format": 1, "source": f"{gitlab_api.url} tails/tails", "project_id": 43,
        "high_water": datetime.now(UTC).isoformat(), "synced_at": time.time(),
        "issues": {str(n): {"iid": n, "title": f"Issue {n}", "state": "opened",
                            "labels": [], "updated_at": datetime.now(UTC).isoformat()}
                   for n in (1, 2, 9)}}))
    tracker = make(gitlab_api, cache)

    result = tracker.sync()

    assert result.full and result.dropped == 1 and [i.iid for i in tracker.issues()] == [1, 2]
    saved = json.loads(cache.read_text())
    assert saved["format"] == FORMAT and saved["full_at"] and saved["vetting"]


# -- issues: fresh reads and creation ---------------------------------------------------------


def test_issue_is_read_fresh_with_its_reply_sections(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 1)
    tracker = make(gitlab_api, tmp_path / "cache.json")
    tracker.sync()
    gitlab_api.update_issue(project, 1, description="Text.\n\n## Standard reply\n\nUse a "
                            "USB 2 port.\n\n## We need your feedback\n\nTry 7.6.\n")

    issue = tracker.issue(1)

    reply = reply_from_issue(issue.iid, issue.title, issue.web_url, issue.description)
    assert reply is not None and "Use a USB 2 port." in reply.body and "Try 7.6." in reply.body
    assert "Standard reply" in tracker.issues()[0].description
    with pytest.raises(TrackerError) as info:
        tracker.issue(999)
    assert info.value.title == "Issue not found" and "#999" in info.value.message


def test_create_issue(gitlab_api: GitLabAPI, project: Project, tmp_path: Path) -> None:
    seed(gitlab_api, project, 2)
    tracker = make(gitlab_api, tmp_path / "cache.json")

    issue = tracker.create_issue("Wi-Fi fails on RTL8723BE", "Reports: wb://1", ["C:Tor"])

    assert issue.iid == 3 and issue.labels == ("C:Tor",) and issue.state == "opened"
    post = gitlab_api.requests("POST", "/issues")[0]
    assert post.status == 201
    assert post.body == {"title": "Wi-Fi fails on RTL8723BE", "description": "Reports: wb://1",
                         "labels": ["C:Tor"]}
    assert tracker.link(issue.iid, WB, date.today()) is True
    assert 3 in {i.iid for i in tracker.issues()}


def test_create_issue_refused_or_failing_says_why_and_can_be_retried(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    tracker = make(gitlab_api, tmp_path / "cache.json")
    tracker.sync()
    with pytest.raises(TrackerError, match="needs a title"):
        tracker.create_issue("   ", "text")
    assert gitlab_api.requests("POST") == []
    gitlab_api.fail_next(1, 400, message="labels is invalid")
    with pytest.raises(TrackerError) as info:
        tracker.create_issue("Title", "text", ["x"])
    assert info.value.title == "GitLab refused" and "labels is invalid" in info.value.message
    gitlab_api.fail_next(1, 500)
    with pytest.raises(TrackerError) as info:
        tracker.create_issue("Title", "text")
    assert info.value.title == "GitLab server error"
    assert len(gitlab_api.requests("POST")) == 2  # a write is never sent twice by itself
    assert tracker.create_issue("Title", "text").iid == 1  # the retry of the kept draft
    assert len(project.issues) == 1


def test_read_only_skim_refuses_writes(gitlab_api: GitLabAPI, project: Project,
                                       tmp_path: Path) -> None:
    seed(gitlab_api, project, 1)
    tracker = make(gitlab_api, tmp_path / "cache.json", read_only=True)
    with pytest.raises(ReadOnlyError):
        tracker.link(1, WB, date.today())
    assert gitlab_api.requests("POST") == []
    assert tracker.sync().total == 1 and tracker.counts([1]) == {1: ReportCount(0, 0)}
    # A skim reports new problems back: it creates the issue and links its reports.
    new = tracker.create_issue("Title", "text")
    assert tracker.link(new.iid, WB, date.today()) is True
    assert len(gitlab_api.requests("POST")) == 2
    with pytest.raises(ReadOnlyError):
        tracker.link(1, WB, date.today())
    tracker.set_read_only(False)
    assert tracker.link(1, WB, date.today()) is True


def test_a_note_is_written_in_a_skim_too_and_counts_no_report(
        gitlab_api: GitLabAPI, project: Project, tmp_path: Path) -> None:
    seed(gitlab_api, project, 1)
    tracker = make(gitlab_api, tmp_path / "cache.json", read_only=True)
    tracker.add_note(1, "The WhisperBack reports linked to this issue:\n\n- abc\n")
    [note] = project.notes[1]
    assert note["body"] == "The WhisperBack reports linked to this issue:\n\n- abc\n"
    assert tracker.refresh_counts([1]) == {1: ReportCount(0, 0)}  # not a link
    with pytest.raises(TrackerError, match="empty note"):
        tracker.add_note(1, " \n")
    with pytest.raises(TrackerError, match="#999"):
        tracker.add_note(999, "x")
    assert len(gitlab_api.requests("POST")) == 2  # the note, and the refused #999


def test_cache_is_owner_only_and_holds_no_token(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 1)
    cache = tmp_path / "store" / "gitlab-issues.json"
    tracker = make(gitlab_api, cache)
    tracker.sync()
    tracker.link(1, WB, date.today())
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache.with_name(cache.name + ".lock").stat().st_mode) == 0o600
    assert TOKEN not in cache.read_text()
    assert [p.name for p in cache.parent.iterdir() if p.name.startswith(".")] == []


# -- failures --------------------------------------------------------------------------------


def test_bad_token(gitlab_api: GitLabAPI, project: Project, tmp_path: Path) -> None:
    tracker = make(gitlab_api, tmp_path / "cache.json", token="glpat-wrong-token")
    with pytest.raises(TrackerError) as info:
        tracker.sync()
    assert info.value.title == "GitLab token rejected"
    assert gitlab_api.url in info.value.message and "token_env" in info.value.message
    assert "glpat-wrong-token" not in info.value.message
    assert len(gitlab_api.log) == 1  # a 401 is not retried


def test_unknown_project(gitlab_api: GitLabAPI, project: Project, tmp_path: Path) -> None:
    tracker = make(gitlab_api, tmp_path / "cache.json", project="tails/nope")
    with pytest.raises(TrackerError) as info:
        tracker.sync()
    assert info.value.title == "GitLab project not found"
    assert "'tails/nope'" in info.value.message and "tails/tails" in info.value.message


def test_numeric_project_id(gitlab_api: GitLabAPI, project: Project, tmp_path: Path) -> None:
    seed(gitlab_api, project, 2)
    assert make(gitlab_api, tmp_path / "cache.json", project="43").sync().total == 2


def test_429_retry_after_is_waited_out(gitlab_api: GitLabAPI, project: Project,
                                       tmp_path: Path) -> None:
    seed(gitlab_api, project, 3)
    tracker = make(gitlab_api, tmp_path / "cache.json")
    tracker.sync()
    gitlab_api.clear_log()
    gitlab_api.fail_next(1, 429, retry_after="1")
    started = time.monotonic()

    result = tracker.sync()

    assert time.monotonic() - started >= 1.0 and result.waited == 1.0
    limited, retried = gitlab_api.log[0], gitlab_api.log[1]
    assert (limited.status, retried.status) == (429, 200)
    assert retried.query == limited.query and retried.at - limited.at >= 0.95
    assert result.total == 3


def test_429_with_a_long_retry_after_fails_at_once(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 3)
    tracker = make(gitlab_api, tmp_path / "cache.json")
    tracker.sync()
    gitlab_api.fail_next(1, 429, retry_after="3600")
    started = time.monotonic()
    with pytest.raises(TrackerError) as info:
        tracker.sync()
    assert time.monotonic() - started < 5.0  # below max_wait: it gave up without waiting
    assert info.value.title == "GitLab rate limit"
    assert "3600 s" in info.value.message and "5 s" in info.value.message
    assert len(tracker.issues()) == 3


def test_429_without_end_gives_up(gitlab_api: GitLabAPI, project: Project,
                                  tmp_path: Path) -> None:
    gitlab_api.fail_next(10, 429, retry_after="0")
    tracker = make(gitlab_api, tmp_path / "cache.json", max_retries=2)
    with pytest.raises(TrackerError) as info:
        tracker.sync()
    assert info.value.title == "GitLab rate limit" and "429" in info.value.message
    assert len(gitlab_api.log) == 3


def test_500_is_retried_then_reported_and_the_cache_stays(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 3)
    tracker = make(gitlab_api, tmp_path / "cache.json")
    gitlab_api.fail_next(1, 500)
    assert tracker.sync().total == 3  # one transient error: retried
    gitlab_api.update_issue(project, 1, title="changed")
    gitlab_api.fail_next(10, 500)
    with pytest.raises(TrackerError) as info:
        tracker.sync()
    assert info.value.title == "GitLab server error" and "500" in info.value.message
    assert "cache (3 issues)" in info.value.message
    assert tracker.issues()[0].title == "Issue 1"


def test_server_gone_mid_sync_leaves_the_cache_usable(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 120)
    cache = tmp_path / "cache.json"
    tracker = make(gitlab_api, cache)
    tracker.sync()
    before = cache.read_bytes()
    for iid in range(1, 121):
        gitlab_api.update_issue(project, iid, title=f"Renamed {iid}")
    gitlab_api.go_away(after=1)  # page 1 comes, page 2 never does

    with pytest.raises(TrackerError) as info:
        tracker.sync()

    assert info.value.title == "GitLab unreachable"
    assert gitlab_api.url in info.value.message and "cache (120 issues)" in info.value.message
    assert cache.read_bytes() == before
    assert {i.title for i in tracker.issues()} == {f"Issue {n}" for n in range(1, 121)}
    assert len(make(gitlab_api, cache).issues()) == 120  # a restart starts from it too
    gitlab_api.come_back()
    assert tracker.sync().changed == 120


def test_server_that_stops_answering_times_out(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 2)
    tracker = make(gitlab_api, tmp_path / "cache.json", timeout=0.5, max_retries=1)
    tracker.sync()
    gitlab_api.go_away(mode="hang")
    with pytest.raises(TrackerError) as info:
        tracker.sync()
    assert info.value.title == "GitLab unreachable" and "within 0 s" not in info.value.message
    assert len(tracker.issues()) == 2
    gitlab_api.come_back()


def test_server_down(gitlab_api: GitLabAPI, project: Project, tmp_path: Path) -> None:
    seed(gitlab_api, project, 2)
    tracker = make(gitlab_api, tmp_path / "cache.json", max_retries=1)
    tracker.sync()
    gitlab_api.stop()
    with pytest.raises(TrackerError) as info:
        tracker.sync()
    assert info.value.title == "GitLab unreachable"
    assert len(tracker.issues()) == 2 and tracker.counts([1]) == {1: ReportCount(0, 0)}
    with pytest.raises(TrackerError):
        tracker.link(1, WB, date.today())


def test_tls_is_verified_and_a_ca_file_is_accepted(
    gitlab_tls: GitLabAPI, gitlab_cert: tuple[str, str], tmp_path: Path
) -> None:
    gitlab_tls.add_user(TOKEN, "alice")
    seed(gitlab_tls, gitlab_tls.add_project(43, "tails/tails"), 2)
    with pytest.raises(TrackerError) as info:
        make(gitlab_tls, tmp_path / "cache.json", max_retries=0).sync()
    assert info.value.title == "Untrusted certificate" and "ca_file" in info.value.message
    assert gitlab_tls.log == []  # nothing, and no token, went over an unverified link
    trusting = make(gitlab_tls, tmp_path / "cache.json", ca_file=gitlab_cert[0])
    assert trusting.sync().total == 2


def test_retry_after_as_an_http_date(gitlab_api: GitLabAPI, project: Project,
                                     tmp_path: Path) -> None:
    from email.utils import formatdate

    seed(gitlab_api, project, 1)
    tracker = make(gitlab_api, tmp_path / "cache.json")
    tracker.sync()
    gitlab_api.fail_next(1, 429, retry_after=formatdate(time.time() + 1, usegmt=True))
    assert tracker.sync().total == 1
    lists = [r.status for r in gitlab_api.log if r.path.endswith("/issues")]
    assert lists[-2:] == [429, 200]  # (the notes of the issue, read after, are not)


# -- reached under another name ------------------------------------------------------------


def test_lists_over_a_page_stay_on_the_name_hdtui_reached_gitlab_by(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """GitLab writes its configured host into every ``Link``; reached under another name
    (here ``localhost``, configured ``127.0.0.1``: both this machine), every page of more
    than 100 issues and notes is still asked under the name hdtui was given."""
    seed(gitlab_api, project, 130)
    for n in range(120):
        gitlab_api.add_note(project, 1, note_body(f"wb://{n + 1:032x}", date.today()),
                            username="bob")
    tunnel = f"http://localhost:{gitlab_api.port}"
    tracker = make(gitlab_api, tmp_path / "cache.json", url=tunnel, per_page=100)

    assert tracker.sync().total == 130
    assert tracker.counts([1])[1].total == 120

    # (the sync reads every new issue's notes: issue 1's in two pages, next followed)
    notes = [r for r in gitlab_api.requests("GET") if r.path.endswith("/issues/1/notes")]
    assert len(issue_gets(gitlab_api)) >= 3 and len(notes) == 2  # next pages followed
    assert "127.0.0.1" in gitlab_api.url
    assert {r.host for r in gitlab_api.log} == {f"localhost:{gitlab_api.port}"}


def test_the_test_server_builds_link_from_its_configured_base_url(
    gitlab_api: GitLabAPI, project: Project
) -> None:
    import urllib.request
    seed(gitlab_api, project, 3)
    gitlab_api.external_url = "https://gitlab.example.org"
    request = urllib.request.Request(
        f"http://localhost:{gitlab_api.port}/api/v4/projects/43/issues?per_page=2",
        headers={"PRIVATE-TOKEN": TOKEN})
    with urllib.request.urlopen(request, timeout=5) as answer:
        link = answer.headers["Link"]
    assert "<https://gitlab.example.org/api/v4/projects/43/issues?" in link
    assert "localhost" not in link


# -- syncs that lose nothing ----------------------------------------------------------------


def test_a_full_sync_loses_no_issue_edited_while_it_pages(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """Offset pages sorted by update shift when an issue is edited between two pages: the
    issue after the page boundary was never received, and no incremental sync brought it
    back (its ``updated_at`` is old)."""
    seed(gitlab_api, project, 120)

    def edit(pages: int) -> None:
        if pages == 1:
            gitlab_api.update_issue(project, 3, title="Issue 3, edited during the sync")
    gitlab_api.during_lists(edit)
    tracker = make(gitlab_api, tmp_path / "cache.json")

    tracker.sync(full=True)
    gitlab_api.during_lists(None)
    tracker.sync()

    issues = {i.iid: i for i in tracker.issues()}
    assert sorted(issues) == list(range(1, 121))
    assert issues[3].title == "Issue 3, edited during the sync"


def test_without_keyset_pages_a_full_sync_reads_newest_first_and_again_if_the_list_shifts(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """A GitLab without keyset pages for issues answers offset pages (``X-Page``): hdtui
    then reads them newest-created first (an edit moves nothing), and reads them again
    when the number of open issues changed while it paged (an issue closed meanwhile
    shifts the later pages by one)."""
    gitlab_api.keyset_issues = False
    seed(gitlab_api, project, 120)

    def close(pages: int) -> None:
        if pages == 2:  # the first offset page (the first answer was to the keyset ask)
            gitlab_api.update_issue(project, 100, state="closed")  # on the first page
            gitlab_api.update_issue(project, 30, title="Issue 30, edited")
    gitlab_api.during_lists(close)
    tracker = make(gitlab_api, tmp_path / "cache.json")

    result = tracker.sync()

    issues = {i.iid: i for i in tracker.issues()}
    assert sorted(issues) == list(range(1, 121)) and result.total == 120
    assert issues[100].state == "closed" and issues[30].title == "Issue 30, edited"
    opened = [q for q in issue_gets(gitlab_api) if q["state"] == "opened"]
    assert opened[0]["pagination"] == "keyset"  # asked once, answered with offset pages
    assert all(q["order_by"] == "created_at" and q["sort"] == "desc" for q in opened[1:])
    assert [q.get("page", "1") for q in opened[1:]] == ["1", "2", "3", "1", "2", "3"]
    gitlab_api.clear_log()
    gitlab_api.during_lists(None)
    tracker.sync(full=True)  # known now: no keyset request again
    assert all("pagination" not in q for q in issue_gets(gitlab_api))


def test_a_keyset_ask_refused_405_falls_back_to_offset_pages(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    gitlab_api.keyset_issues = "refuse"
    seed(gitlab_api, project, 60)
    tracker = make(gitlab_api, tmp_path / "cache.json")
    assert tracker.sync().total == 60
    opened = [q for q in issue_gets(gitlab_api) if q["state"] == "opened"]
    assert opened[0]["pagination"] == "keyset" and opened[1]["order_by"] == "created_at"


def test_the_test_server_pages_issues_by_keyset(gitlab_api: GitLabAPI, project: Project) -> None:
    import json
    import urllib.request
    seed(gitlab_api, project, 5)

    def get(query: str) -> tuple[list[int], Any]:
        request = urllib.request.Request(
            f"{gitlab_api.url}/api/v4/projects/43/issues?{query}",
            headers={"PRIVATE-TOKEN": TOKEN})
        with urllib.request.urlopen(request, timeout=5) as answer:
            return [i["iid"] for i in json.loads(answer.read())], answer.headers

    gitlab_api.update_issue(project, 2, title="moved to the end")
    iids, headers = get("pagination=keyset&order_by=updated_at&sort=asc&per_page=2")
    assert iids == [1, 3] and "X-Page" not in headers and "X-Total" not in headers
    link = headers["Link"]
    assert 'rel="next"' in link and "cursor=" in link and "&page=" not in link
    iids, headers = get(link[link.index("?") + 1:link.index(">")])
    assert iids == [4, 5] and 'rel="next"' in headers["Link"]
    _, headers = get("pagination=keyset&order_by=title&per_page=2")  # not keyset-able
    assert headers["X-Page"] == "1"
    gitlab_api.keyset_issues = False  # an older GitLab
    _, headers = get("pagination=keyset&order_by=updated_at&per_page=2")
    assert headers["X-Page"] == "1"


def test_the_test_server_throttles_touch_and_marks_moved_issues(
    gitlab_api: GitLabAPI, project: Project
) -> None:
    seed(gitlab_api, project, 2)
    old = datetime.now(UTC) - timedelta(minutes=5)
    gitlab_api.add_issue(project, "Quiet for five minutes", updated_at=old)
    before = project.issues[1]["updated_at"]
    gitlab_api.add_note(project, 1, "within a minute of the last update")
    assert project.issues[1]["updated_at"] == before  # ThrottledTouch
    gitlab_api.add_note(project, 3, "after five quiet minutes")
    assert parse_time(project.issues[3]["updated_at"]) > old + timedelta(minutes=4)
    assert project.issues[2]["moved_to_id"] is None
    moved = gitlab_api.move_issue(project, 2, gitlab_api.add_project(44, "tails/other"))
    assert moved["state"] == "closed" and moved["moved_to_id"] == \
        gitlab_api.projects[44].issues[1]["id"]
