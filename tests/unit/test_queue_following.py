"""The report on screen follows its row (issue #13, section 0): another member's marks or
another client's \\Seen reach the complete entry without reading the message again."""

from __future__ import annotations

from hdtui.domain.mail import Kind
from hdtui.domain.marks import Mark
from hdtui.domain.message import Message
from hdtui.domain.queue import SEP, Entry, Row, keywords_of


def row(seen: int, marks: frozenset[Mark]) -> Row:
    return Row("INBOX/1/42", 10, 0.0, 0, 0, seen, keywords_of(marks), 0,
               SEP.join(("Wi-Fi", "7.5", "", "")))


def test_an_entry_takes_its_rows_marks_and_seen() -> None:
    entry = Entry(Message("INBOX/1/42"), Kind.SUPPORT)
    assert entry.state == "new" and not entry.differs_from(row(0, frozenset()))
    claimed = row(1, frozenset({Mark.CLAIMED}))
    assert entry.differs_from(claimed)
    followed = entry.following(claimed)
    assert followed.marks == {Mark.CLAIMED} and followed.message.seen
    assert followed.state == "claimed" and not followed.differs_from(claimed)
    assert entry.following(row(1, frozenset())).state == "read"
