"""The saved known-issue index (tracker/index_file.py): used only for the issues it was made
of, ranks exactly as a fresh analysis, survives nothing foreign, owner-only."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from hdtui.domain.matching import IssueIndex, index_fingerprint, suggest_issues
from hdtui.domain.text import MailText
from hdtui.gpg import GpgCrypto
from hdtui.services.triage import Triage
from hdtui.sources.local import MaildirSource
from hdtui.store import LocalStore
from hdtui.tracker import index_file
from hdtui.tracker.index_file import MAGIC, IndexFile
from hdtui.tracker.static import StaticTracker
from tests.support import insight_set


def ranked(index: IssueIndex, cases: list[insight_set.Case]) -> list[list[tuple[int, float,
                                                                           bool]]]:
    return [[(m.issue.iid, m.score, m.confident) for m in suggest_issues(c.entry, index)]
            for c in cases]


def test_a_saved_index_ranks_exactly_as_a_fresh_analysis(tmp_path: Path) -> None:
    data = insight_set.load()
    issues = list(data.issues)
    fresh = IssueIndex(issues)
    saved = IndexFile(tmp_path / "cache" / "issue-index.bin")
    assert saved.save(index_fingerprint(issues), fresh.export())
    loaded = saved.load(index_fingerprint(issues))
    assert loaded is not None
    cases = data.part("sealed")[:40]
    assert ranked(IssueIndex(issues, loaded), cases) == ranked(fresh, cases)
    mode = stat.S_IMODE((tmp_path / "cache" / "issue-index.bin").stat().st_mode)
    assert mode == 0o600
    assert stat.S_IMODE((tmp_path / "cache").stat().st_mode) == 0o700


def test_an_index_of_other_issues_or_a_damaged_file_is_never_used(tmp_path: Path) -> None:
    issues = list(insight_set.load().issues)[:50]
    path = tmp_path / "issue-index.bin"
    saved = IndexFile(path)
    assert saved.save(index_fingerprint(issues), IssueIndex(issues).export())
    edited = [replace(issues[0], title=MailText(issues[0].title + " (edited)")), *issues[1:]]
    assert index_fingerprint(edited) != index_fingerprint(issues)
    assert saved.load(index_fingerprint(edited)) is None  # one title changed
    assert saved.load(index_fingerprint(list(reversed(issues)))) is None  # another order
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])  # cut short
    assert saved.load(index_fingerprint(issues)) is None
    path.write_bytes(b"something else\n" + good[len(MAGIC):])  # not ours
    assert saved.load(index_fingerprint(issues)) is None
    path.write_bytes(MAGIC + b"\xff\x00garbage")
    assert saved.load(index_fingerprint(issues)) is None
    blocked = IndexFile(tmp_path / "file" / "issue-index.bin")
    (tmp_path / "file").write_text("a file where the directory should be")
    assert not blocked.save(index_fingerprint(issues), {})  # says so, never raises


def test_triage_saves_the_index_once_and_analyses_again_when_the_issues_change(
        tmp_path: Path) -> None:
    issues_file = tmp_path / "issues.json"
    rest = [{"iid": i.iid, "title": i.title, "description": i.description,
             "labels": list(i.labels), "state": i.state}
            for i in list(insight_set.load().issues)[:80]]
    issues_file.write_text(json.dumps(rest))
    path = tmp_path / "cache" / "issue-index.bin"

    def triage() -> Triage:
        (tmp_path / "Maildir" / "cur").mkdir(parents=True, exist_ok=True)
        (tmp_path / "Maildir" / "new").mkdir(exist_ok=True)
        (tmp_path / "Maildir" / "tmp").mkdir(exist_ok=True)
        # The queue stays empty: the keyring is never used, so no gpg-agent starts.
        return Triage(MaildirSource(tmp_path / "Maildir"), GpgCrypto(tmp_path / "gnupg"),
                      store=LocalStore(tmp_path / f"store-{len(list(tmp_path.iterdir()))}.json"),
                      tracker=StaticTracker(issues_file), templates=[], team_addresses=(),
                      saved_index=IndexFile(path))

    first = triage().known_issues()
    written = path.read_bytes()
    assert len(first) == 80
    again = triage().known_issues()
    assert path.read_bytes() == written  # the saved index was used: nothing written
    assert [i.iid for i in again.issues] == [i.iid for i in first.issues]
    rest[3]["title"] = "Something else entirely"
    issues_file.write_text(json.dumps(rest))
    changed = triage().known_issues()
    assert path.read_bytes() != written  # analysed again, saved for the new issues
    assert changed.issues[3].title == "Something else entirely"


def test_an_index_saved_by_other_analysing_code_is_never_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    issues = list(insight_set.load().issues)[:20]
    saved = IndexFile(tmp_path / "issue-index.bin")
    monkeypatch.setattr(index_file, "analysis_code", lambda: "an older hdtui's digest")
    assert saved.save(index_fingerprint(issues), IssueIndex(issues).export())
    monkeypatch.undo()
    assert saved.load(index_fingerprint(issues)) is None  # another lexicon, other rules
    assert saved.save(index_fingerprint(issues), IssueIndex(issues).export())
    assert saved.load(index_fingerprint(issues)) is not None
