"""The count after a first open, in processes of their own (hdtui/count_process.py): the
reading children cache a loopback Dovecot's mailbox, the counting children make every
report's facts from that cache, the TUI's process only takes them in (docs/insight.md,
"Session 22: the count after a first open, in processes of its own")."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from hdtui.count_process import CountProcess
from hdtui.domain.facts_codec import encode
from hdtui.domain.far_count import CountBatch
from hdtui.domain.insight import RULES_VERSION
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.issue import KnownIssue
from hdtui.domain.links import ReportCount
from hdtui.errors import CountStopped
from hdtui.services import insight as insight_module
from hdtui.services.insight import Insight
from hdtui.services.triage import Triage
from hdtui.store import SCHEMA
from hdtui.wiring import Setup
from tests.servers.dovecot import Dovecot
from tests.services.test_cold_start import mixed_mail
from tests.services.test_read_process import ROOT, member
from tests.services.test_triage_imap import close
from tests.support.pgp import KeyPair


class Quit(Exception):
    """The app quitting, as the TUI's worker is cancelled (its progress raises)."""


@pytest.fixture(autouse=True)
def small_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(insight_module, "FAR_MIN", 1)  # even a small mailbox goes far
    monkeypatch.setattr(insight_module, "FAR_EVERY", 3)  # a batch every 3 reports


@pytest.fixture
def here_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The reports matched in this process (the counting children import their own)."""
    calls: list[str] = []
    matched = insight_module.matched_issues

    def counted_here(entry: object, index: object) -> tuple[tuple[int, ...], int]:
        calls.append(entry.key)  # type: ignore[attr-defined]
        return matched(entry, index)  # type: ignore[arg-type]

    monkeypatch.setattr(insight_module, "matched_issues", counted_here)
    yield calls


def first_open(dovecot: Dovecot, mailbox: tuple[str, str], key: KeyPair, store: Path,
               far: bool = True) -> Triage:
    """A member's first open: every message read (by the reading children) and cached;
    with ``far``, the counting processes a TUI on an IMAP mailbox has."""
    triage = member(dovecot, mailbox, key, store)
    if far:
        triage.far_counter = CountProcess(
            triage.store.cache_path, SCHEMA)  # type: ignore[attr-defined]
    triage.inbox()
    return triage


def by_key(facts: list[ReportFacts]) -> dict[str, str]:
    return {f.key: encode(f) for f in facts}


def counted_here(dovecot: Dovecot, mailbox: tuple[str, str], key: KeyPair, tmp_path: Path,
                 calls: list[str]) -> dict[str, str]:
    """Every report's encoded facts as counted in this process, by key."""
    here = first_open(dovecot, mailbox, key, tmp_path / "here.json", far=False)
    try:
        expected = by_key(Insight(here, here.tracker).facts())  # type: ignore[arg-type]
    finally:
        close(here)
    assert len(expected) == len(mixed_mail(key)) and calls
    calls.clear()
    return expected


def tracker_counts(insight: Insight, issues: list[KnownIssue]) -> dict[int, ReportCount]:
    return insight.with_likely({i.iid: ReportCount(0, 0, 0) for i in issues})


def test_the_counting_processes_make_the_facts_counting_here_would(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path,
    here_calls: list[str]
) -> None:
    here = first_open(dovecot, mailbox, test_key, tmp_path / "here.json", far=False)
    try:
        insight = Insight(here, here.tracker)  # type: ignore[arg-type]
        expected = by_key(insight.facts())
        issues = list(here.known_issues().issues)
        expected_counts = tracker_counts(insight, issues)
    finally:
        close(here)
    assert len(expected) == len(mixed_mail(test_key)) and here_calls
    here_calls.clear()
    far = first_open(dovecot, mailbox, test_key, tmp_path / "far.json")
    try:
        insight = Insight(far, far.tracker)  # type: ignore[arg-type]
        progress: list[tuple[int, int]] = []
        assert insight.counting  # "counting the queue, so far" until the count ends
        facts = insight.facts(lambda done, total: progress.append((done, total)))
        assert by_key(facts) == expected  # byte for byte, every report
        assert here_calls == []  # none matched in this process
        assert not insight.counting and tracker_counts(insight, issues) == expected_counts
        assert any(c.likely for c in expected_counts.values())  # (the counts count some)
        assert progress[-1] == (len(expected), len(expected))
        assert len(progress) > 2  # a batch at a time, not at the end only
        saved = list(far.store.facts(far.source.identity, RULES_VERSION))
        assert {row[0]: row[4] for row in saved} == expected  # saved by the children
    finally:
        close(far)
    again = member(dovecot, mailbox, test_key, tmp_path / "far.json")  # the next start
    try:
        again.inbox()
        insight = Insight(again, again.tracker)  # type: ignore[arg-type]
        assert by_key(insight.facts()) == expected and here_calls == []
    finally:
        close(again)


def test_what_a_dead_counting_process_left_is_counted_here(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path,
    here_calls: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = counted_here(dovecot, mailbox, test_key, tmp_path, here_calls)
    far = first_open(dovecot, mailbox, test_key, tmp_path / "far.json")
    counter = far.far_counter
    assert isinstance(counter, CountProcess)
    killed: list[int] = []
    start = counter._start

    def dying_first(job: Any, share: Any) -> Any:
        """The first process killed once given its share (before any batch: killed at
        a batch, it could have counted its whole share already)."""
        child = start(job, share)
        if child is not None and not killed:
            killed.append(child.pid)
            os.kill(child.pid, signal.SIGKILL)
        return child

    monkeypatch.setattr(counter, "_start", dying_first)
    try:
        facts = Insight(far, far.tracker).facts()  # type: ignore[arg-type]
        assert killed and by_key(facts) == expected
        assert 0 < len(here_calls) < len(expected)  # the dead one's share, here
    finally:
        close(far)


def test_a_quit_during_the_count_ends_the_processes_and_loses_nothing(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path,
    here_calls: list[str]
) -> None:
    far = first_open(dovecot, mailbox, test_key, tmp_path / "far.json")
    counter = far.far_counter
    assert isinstance(counter, CountProcess)
    children: list[int] = []

    def quit_at_first(done: int, total: int) -> None:
        children.extend(counter.pids)
        raise Quit

    try:
        insight = Insight(far, far.tracker)  # type: ignore[arg-type]
        with pytest.raises(Quit):
            insight.facts(quit_at_first)
        assert children and insight.count_failed  # not whole: the counts say so
        for pid in children:  # ended and waited for
            with pytest.raises(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
        saved = {row[0] for row in far.store.facts(far.source.identity, RULES_VERSION)}
        assert saved  # what the children saved stays saved
        total = len(far.rows())
    finally:
        close(far)
    again = member(dovecot, mailbox, test_key, tmp_path / "far.json", far=False)
    try:
        again.inbox()
        facts = Insight(again, again.tracker).facts()  # type: ignore[arg-type]
        assert len(facts) == total
        assert len(here_calls) == total - len(saved)  # only the rest computed again
    finally:
        close(again)


def test_stop_ends_a_count_under_way_and_starts_none(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path,
    here_calls: list[str]
) -> None:
    far = first_open(dovecot, mailbox, test_key, tmp_path / "far.json")
    counter = far.far_counter
    assert isinstance(counter, CountProcess)
    stopped = threading.Event()

    def stop_at_first(done: int, total: int) -> None:
        if not stopped.is_set():
            stopped.set()
            far.stop_reading()  # the app ending (its thread)

    try:
        with pytest.raises(CountStopped):
            Insight(far, far.tracker).facts(stop_at_first)  # type: ignore[arg-type]
        # The rest is not counted here (the app is ending): the next start counts it.
        assert here_calls == [] and counter.stopped and counter.pids == []
        saved = len(list(far.store.facts(far.source.identity, RULES_VERSION)))
        assert 0 < saved <= len(far.rows())  # (all, if both were done by then)
    finally:
        close(far)


def test_facts_counted_far_are_counted_again_when_the_known_issues_change(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path,
    here_calls: list[str]
) -> None:
    """The facts the processes saved carry the known issues' fingerprint, as those
    counted here: once the issues change (a tracker sync), every report is counted again
    (by the processes again), and matched against the new issues only."""
    far = first_open(dovecot, mailbox, test_key, tmp_path / "far.json")
    try:
        insight = Insight(far, far.tracker)  # type: ignore[arg-type]
        before = by_key(insight.facts())
        issues = list(far.known_issues().issues)
        kept = [i for i in issues if i.iid not in
                {iid for f in insight.saved_facts() for iid in f.likely}]
        assert len(kept) < len(issues)  # the issues some reports were likely for: gone
        far.use_known_issues(kept)
        after = by_key(insight.facts())
        assert here_calls == [] and after.keys() == before.keys() and after != before
        assert not any(iid not in {i.iid for i in kept}
                       for f in insight.saved_facts() for iid in f.likely)
        fingerprint = insight_module.issues_fingerprint(kept)
        assert {row[3] for row in far.store.facts(far.source.identity, RULES_VERSION)} \
            == {fingerprint}
    finally:
        close(far)


def test_the_counts_so_far_count_what_the_processes_sent(
    demo_setup: Callable[..., Setup], monkeypatch: pytest.MonkeyPatch,
    here_calls: list[str]
) -> None:
    """While the processes count (the demo's queue, every fact stale after the issues
    changed), hot topics' counts so far are of the facts they sent, share after share:
    not of the stale facts of the reports still to count."""
    setup = demo_setup()
    setup.triage.inbox()
    Insight(setup.triage, setup.tracker).facts()  # saved, then made stale:
    setup.triage.use_known_issues(list(setup.triage.known_issues().issues)[1:])
    counter = CountProcess(setup.store.cache_path, SCHEMA)
    setup.triage.far_counter = counter
    insight = Insight(setup.triage, setup.tracker)
    insight.load_saved()
    here_calls.clear()
    seen: list[tuple[int, int]] = []
    sent: list[int] = [0]  # the reports the batches before each look were of
    shares: set[int] = set()
    count = counter.count

    def looked_at(*args: Any) -> Generator[CountBatch, None, None]:
        for batch in count(*args):
            view = insight.overview_so_far()  # (what the hot topics screen sees)
            assert view is not None and view.counting is not None
            seen.append(view.counting)
            sent.append(sent[-1] + batch.processed)
            shares.add(batch.share)
            yield batch

    monkeypatch.setattr(counter, "count", looked_at)
    total = len(setup.triage.rows())
    facts = insight.facts()
    assert len(facts) == total and here_calls == []
    # Before each batch is taken in: the reports of the batches before it, of both
    # shares, and none of the stale facts of the reports still to count.
    assert seen == [(known, total) for known in sent[:-1]] and sent[-1] == total
    assert shares == set(range(counter.processes)) and len(seen) >= total // 3


def test_hdtui_sync_counts_in_the_counting_processes_and_the_next_start_counts_nothing(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path,
    here_calls: list[str], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    """``hdtui sync`` on an IMAP mailbox counts what it read in the counting processes
    (docs/cli.md, "hdtui sync counts too"), and saves the facts counting here would make:
    the TUI's next start on that store has nothing to count."""
    from hdtui import cli

    expected = counted_here(dovecot, mailbox, test_key, tmp_path, here_calls)
    issues = ROOT / "hdtui" / "demo" / "known_issues.json"
    config = tmp_path / "config.toml"
    config.write_text(
        f'[source]\nkind = "imap"\n[account]\nhost = "127.0.0.1"\nport = {dovecot.imaps_port}\n'
        f'user = "{mailbox[0]}"\npassword_env = "HELPDESK_PW"\nca_file = "{dovecot.cafile}"\n'
        f'[gpg]\nhome = "{test_key.home}"\n[store]\npath = "{tmp_path}/synced.json"\n'
        f'[tracker]\nkind = "static"\nfile = "{issues}"\n')
    monkeypatch.setenv("HELPDESK_PW", mailbox[1])
    monkeypatch.setenv("HDTUI_CONFIG", str(config))
    assert cli.sync(cli.parse_arguments(["sync"])) == 0
    out = capsys.readouterr().out
    assert f"counted: {len(expected)} reports against the " in out
    assert "; 0 were counted already" in out
    assert here_calls == []  # every report counted by the counting processes
    again = member(dovecot, mailbox, test_key, tmp_path / "synced.json")  # the TUI's start
    try:
        again.inbox()
        progress: list[tuple[int, int]] = []
        facts = Insight(again, again.tracker).facts(  # type: ignore[arg-type]
            lambda done, total: progress.append((done, total)))
        assert by_key(facts) == expected
        assert progress == [] and here_calls == []  # nothing left to count
    finally:
        close(again)
