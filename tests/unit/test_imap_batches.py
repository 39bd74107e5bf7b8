"""The IMAP body batches: UIDs as ranges, and the usual FETCH response read directly."""

from __future__ import annotations

from hdtui.sources.imap import _literal_bodies, uid_set


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
