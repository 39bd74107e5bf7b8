"""The values built on a warm start's path without generated code (hdtui.domain.frozen:
docs/benchmarks.md, "Session 21: warm first rows, second pass", and "Session 22: warm
first rows" for the listed message and the queue's entry) act as the frozen
dataclasses they were: made by position or keyword, compared and hashed by their fields,
shown by them, immutable, replaced, copied and pickled."""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
from datetime import UTC, datetime

import pytest

from hdtui.domain.codec import from_data, to_data, to_json
from hdtui.domain.mail import Kind, SourceItem
from hdtui.domain.marks import Mark, MarkChange, Personal
from hdtui.domain.message import Message
from hdtui.domain.query import Clause, Field, Hits, Query, Term, parse
from hdtui.domain.queue import DecryptState, Entry, ParsedLine
from hdtui.read_process import Job, _packed, _unpacked
from hdtui.sources.imap import FolderState, ImapAccount, _Watched
from hdtui.sources.uid_set import UidSet


def test_none_is_a_dataclass() -> None:
    classes = (Clause, Term, Hits, Query, Personal, MarkChange, ParsedLine, ImapAccount,
               FolderState, _Watched, Job, SourceItem, Entry)
    assert [cls.__name__ for cls in classes if dataclasses.is_dataclass(cls)] == []


def test_the_filter_values_compare_hash_and_show_by_their_fields() -> None:
    term = Term(Field.WORDS, "wifi", needles=(("wifi",),))
    assert term == Term(field=Field.WORDS, value="wifi", negated=False, needles=(("wifi",),))
    assert term != Term(Field.WORDS, "wifi", True, (("wifi",),))
    assert hash(term) == hash(Term(Field.WORDS, "wifi", False, (("wifi",),), None, 0))
    assert term.clause == Clause((("wifi",),))
    assert repr(Clause((), True)) == "Clause(needles=(), negated=True)"
    assert Query() == Query((), "") and Query().empty
    assert parse("wifi") == parse("wifi") and {parse("wifi"): 1}[parse("wifi")] == 1
    assert Term(Field.WORDS, "x") != ("x",)  # another type is never equal
    with pytest.raises(AttributeError):
        term.value = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del term.value
    with pytest.raises(TypeError):
        Query(text="a", extra=1)  # type: ignore[call-arg]


def test_hits_narrow_as_before() -> None:
    hits = Hits().narrowed(["a", "b"]).narrowed(["b", "c"]).narrowed(["b"], negated=True)
    assert hits == Hits(frozenset({"b"}), frozenset({"b"}))
    assert not hits.admits("b") and not hits.admits("a")
    assert Hits().admits("z") and Hits(exclude=frozenset({"z"})).admits("y")


def test_personal_is_replaced_and_its_waiting_is_its_own() -> None:
    first, second = Personal(), Personal()
    assert first == second and first.waiting == {} and first.waiting is not second.waiting
    seen = first.with_seen("k")
    assert seen.seen == {"k"} and first.seen == frozenset() and seen.with_seen("k") is seen
    assert first.with_note("k", True)._replace(every_claim_mine=True) == Personal(
        noted=frozenset({"k"}), every_claim_mine=True)
    with pytest.raises(TypeError):
        first._replace(nobody=1)
    assert repr(Personal()) == ("Personal(mine=frozenset(), noted=frozenset(), "
                                "seen=frozenset(), every_claim_mine=False, waiting={})")


def test_they_copy_and_pickle_by_their_fields() -> None:
    query = parse("-from:jane wifi")
    assert pickle.loads(pickle.dumps(query, pickle.HIGHEST_PROTOCOL)) == query
    assert copy.deepcopy(query) == query and copy.copy(query) is not query
    personal = Personal(mine=frozenset({"a"}), waiting={"b": 1.0})
    assert pickle.loads(pickle.dumps(personal)) == personal


def test_the_imap_account_hides_its_password_and_the_job_travels_whole() -> None:
    account = ImapAccount("127.0.0.1", "helpdesk", lambda: "secret", security="plain")
    assert (account.port, account.folders, account.timeout) == (0, ("INBOX",), 15.0)
    assert account.where == "helpdesk@127.0.0.1:143"
    assert "password" not in repr(account) and "secret" not in repr(account)
    with pytest.raises(AttributeError):
        account.host = "example.org"  # type: ignore[misc]
    fields = {name: getattr(account, name) for name in ImapAccount.FIELDS
              if name != "password"}
    job = Job(fields, "secret", True, None, "gpg", "/cache", 11, "ns", (), (), {}, 2, 100,
              50, 120.0)
    assert job.system_subjects == () and job.account["security"] == "plain"
    again = pickle.loads(pickle.dumps(job, pickle.HIGHEST_PROTOCOL))
    assert again == job and again.account == fields
    assert ImapAccount(password=account.password, **again.account) == account


def test_the_listing_states_stay_mutable() -> None:
    state = FolderState(7, 9, UidSet.of([1, 2]))
    state.highestmodseq = 10
    assert (state.uidvalidity, state.highestmodseq, list(state.uids)) == (7, 10, [1, 2])
    watched = _Watched("INBOX", 7, 12, True)
    watched.uidnext = 13
    assert (watched.folder, watched.uidnext, watched.read_only) == ("INBOX", 13, True)


def test_the_codec_stores_a_frozen_value_as_it_stored_the_dataclass() -> None:
    """The outbox's MarkChange, in the store as a dict of its fields (test_store.py reads
    the formats written before)."""
    change = MarkChange("INBOX/7", Mark.TRIAGED, True)
    assert to_data(change) == {"key": "INBOX/7", "mark": "$HDTriaged", "add": True}
    assert to_json([change]) == '[{"key":"INBOX/7","mark":"$HDTriaged","add":true}]'
    assert from_data(MarkChange, to_data(change)) == change
    assert from_data(list[MarkChange], [to_data(change)]) == [change]
    with pytest.raises(ValueError):
        from_data(MarkChange, {"key": 7, "mark": "$HDTriaged", "add": True})
    with pytest.raises(TypeError):  # a field missing: the store leaves the document out
        from_data(MarkChange, {"key": "INBOX/7", "add": True})


WHEN = datetime(2026, 12, 7, 6, 30, tzinfo=UTC)


def test_a_listed_message_keeps_its_defaults_comparison_and_hash() -> None:
    item = SourceItem("INBOX/7", 2048)
    assert (item.seen, item.mtime, item.keywords, item.modseq) == (False, None, frozenset(), 0)
    full = SourceItem(key="INBOX/7", size=2048, seen=True, mtime=WHEN,
                      keywords=frozenset({"$HDClaimed"}), modseq=12)
    assert full == SourceItem("INBOX/7", 2048, True, WHEN, frozenset({"$HDClaimed"}), 12)
    assert full != item and item == SourceItem("INBOX/7", 2048) and item != ("INBOX/7", 2048)
    assert {full: 1}[SourceItem("INBOX/7", 2048, True, WHEN, frozenset({"$HDClaimed"}), 12)]
    assert hash(item) != hash(full) and item.cache_key == "INBOX/7:2048"
    assert full._replace(keywords=frozenset()) == SourceItem("INBOX/7", 2048, True, WHEN,
                                                             modseq=12)
    assert repr(item) == ("SourceItem(key='INBOX/7', size=2048, seen=False, mtime=None, "
                          "keywords=frozenset(), modseq=0)")
    with pytest.raises(AttributeError):
        item.size = 1  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(full, pickle.HIGHEST_PROTOCOL)) == full
    # to the reading children and back as plain tuples, every field kept
    assert _unpacked(_packed([item, full])) == [item, full]


def test_many_listed_messages_get_the_defaults_of_the_fields_not_given() -> None:
    made = SourceItem.many(["a", "b"], [1, 2], [True, False], [WHEN, None])
    assert made == [SourceItem("a", 1, True, WHEN), SourceItem("b", 2)]
    assert all(type(item) is SourceItem for item in made)
    with pytest.raises(ValueError):
        SourceItem.many(["a"], [1, 2], [True], [None])


def test_an_entry_is_made_compared_replaced_and_stored_as_the_dataclass_was() -> None:
    message = Message(key="cur/1", subject="Bug report: 8c1f3e0a", date=WHEN)
    entry = Entry(message, Kind.REPORT)
    assert (entry.report, entry.decrypt, entry.decrypt_error, entry.marks,
            entry.decrypted_by) == (None, DecryptState.PLAIN, None, frozenset(), None)
    marked = entry.with_marks(frozenset({Mark.CLAIMED}))
    assert marked == Entry(message, Kind.REPORT, marks=frozenset({Mark.CLAIMED}))
    assert marked != entry and entry.marks == frozenset() and hash(marked) == hash(
        Entry(message, Kind.REPORT, None, DecryptState.PLAIN, None, frozenset({Mark.CLAIMED})))
    assert entry._replace(decrypt=DecryptState.FAILED).summary == (
        "(cannot decrypt) Bug report: 8c1f3e0a")
    with pytest.raises(AttributeError):
        entry.kind = Kind.SUPPORT  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(marked, pickle.HIGHEST_PROTOCOL)) == marked
    # the cache's document: the same keys, in the same order, as the dataclass wrote (with
    # privacy22's id_disputed last; an entry cached without it reads back undisputed)
    data = json.loads(to_json(marked))
    assert list(data) == ["message", "kind", "report", "decrypt", "decrypt_error", "marks",
                          "decrypted_by", "id_disputed"]
    assert (data["kind"], data["decrypt"], data["marks"]) == ("report", "plain",
                                                              ["$HDClaimed"])
    assert from_data(Entry, data) == marked
