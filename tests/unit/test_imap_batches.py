"""The IMAP body batches: UIDs as ranges, and the usual FETCH responses (bodies, the
listing's fields) read directly."""

from __future__ import annotations

from datetime import datetime

from hdtui.sources.imap import _listed, _literal_bodies, uid_set


def test_consecutive_uids_go_as_ranges() -> None:
    assert uid_set([7, 1, 2, 3, 9, 10]) == "1:3,7,9:10"
    assert uid_set([5]) == "5"


def test_the_usual_body_response_is_read_and_any_other_shape_is_left_to_imapclient() -> None:
    usual = [(b"1 (UID 5 BODY[] {3}", b"abc"), b")", (b"2 (UID 9 BODY[] {2}", b"de"), b")"]
    assert _literal_bodies(usual) == {5: b"abc", 9: b"de"}
    assert _literal_bodies([None]) == {}  # nothing matched
    # The UID after the body, other items, a literal not closed: imapclient's parser.
    assert _literal_bodies([(b"1 (BODY[] {3}", b"abc"), b" UID 5)"]) is None
    assert _literal_bodies([(b"1 (UID 5 FLAGS (\\Seen) BODY[] {3}", b"abc"), b")"]) is None
    assert _literal_bodies([(b"1 (UID 5 BODY[] {3}", b"abc")]) is None


def test_the_usual_listing_response_is_read_and_any_other_shape_is_left_to_imapclient(
) -> None:
    usual = [b'1 (UID 5 FLAGS (\\Seen $HDClaimed) RFC822.SIZE 2048 '
             b'INTERNALDATE "05-Dec-2026 19:47:20 +0000" MODSEQ (12))',
             b'2 (MODSEQ (3) UID 9 RFC822.SIZE 10 FLAGS () INTERNALDATE "bad date")']
    assert _listed(usual) == {
        5: {b"FLAGS": (b"\\Seen", b"$HDClaimed"), b"RFC822.SIZE": 2048,
            b"INTERNALDATE": datetime(2026, 12, 5, 19, 47, 20), b"MODSEQ": (12,)},
        9: {b"MODSEQ": (3,), b"RFC822.SIZE": 10, b"FLAGS": (), b"INTERNALDATE": None}}
    assert _listed([None]) == {}
    for other in ([(b"1 (UID 5 FLAGS {4}", b"\\Foo"), b")"],  # a literal
                  [b"1 (UID 5 X-GM-LABELS (a))"],  # an item not listed
                  [b"1 (FLAGS (\\Seen))"],  # no UID
                  [b'1 (UID 5 FLAGS ("quoted"))'],
                  [b"1 (UID 5RFC822.SIZE 3)"],  # items not apart
                  [b"* 1 (UID 5)"]):
        assert _listed(other) is None, other


def test_a_claims_answer_is_judged_by_uid_and_by_number_only_without_one() -> None:
    """We claim UID 12, sequence number 3. Another session's change of the message numbered
    12 (UID 40), told without its UID, is not a change of ours: its number is no UID
    (docs/marks.md, "Two members at once"). The same change of our message, told with or
    without our UID, is."""
    from hdtui.sources.imap import _flags_changed_by_another

    ours_only = [b"3 (UID 12 MODSEQ (99))"]
    assert not _flags_changed_by_another(ours_only, 12, 3)
    other_by_number = [b"12 (FLAGS (\\Seen))", *ours_only]
    assert not _flags_changed_by_another(other_by_number, 12, 3)
    other_with_uid = [b"12 (UID 40 FLAGS (\\Seen))", *ours_only]
    assert not _flags_changed_by_another(other_with_uid, 12, 3)
    assert _flags_changed_by_another([b"3 (UID 12 MODSEQ (99) FLAGS ($HDClaimed))"], 12, 3)
    assert _flags_changed_by_another([b"3 (FLAGS ($HDClaimed))", None], 12, 3)
    # Without a known number, an answer with no UID is nobody's.
    assert not _flags_changed_by_another([b"3 (FLAGS ($HDClaimed))"], 12, 0)


def test_answers_without_a_uid_are_nobodys_in_a_uid_fetch() -> None:
    """Another session's change told by sequence number only (``* 12 FETCH (FLAGS ...)``)
    in the answer of a UID FETCH: its number is no UID. Keyed as imapclient keys answers,
    it became a row for UID 12, or its FLAGS replaced those of the message whose UID is
    12."""
    from hdtui.sources.imap import _by_uid

    ours = b"3 (UID 12 FLAGS ($HDClaimed) MODSEQ (5))"
    for data in ([b"12 (FLAGS (\\Seen))", ours], [ours, b"12 (FLAGS (\\Seen))"]):
        found = _by_uid(data)
        assert list(found) == [12] and found[12][b"FLAGS"] == (b"$HDClaimed",)
    assert _by_uid([b"7 (FLAGS (\\Seen))"]) == {}


def test_two_messages_sharing_a_number_after_an_expunge_stay_two() -> None:
    """An EXPUNGE told during a UID FETCH (RFC 3501 allows it) renumbers the messages
    after it: two answers can carry one sequence number. Each answer is read on its own,
    literals and all (the review of session 19: keyed by number, UID 20 was lost)."""
    from hdtui.sources.imap import _by_uid

    found = _by_uid([b"5 (UID 20 FLAGS (\\Seen) MODSEQ (7))", b"5 (UID 21 FLAGS () MODSEQ (8))"])
    assert sorted(found) == [20, 21] and found[20][b"FLAGS"] == (b"\\Seen",)
    bodies = _by_uid([(b"5 (UID 20 BODY[] {5}", b"hello"), b")",
                      (b"5 (UID 21 BODY[] {3}", b"bye"), b" FLAGS (\\Seen))", None])
    assert {uid: v[b"BODY[]"] for uid, v in bodies.items()} == {20: b"hello", 21: b"bye"}
    assert bodies[21][b"FLAGS"] == (b"\\Seen",)
