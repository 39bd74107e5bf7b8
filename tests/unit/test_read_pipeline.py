"""The reader's pipeline: gpg of the next batches runs while the caller handles one."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from hdtui.domain.mail import DecryptedText, Parsed, SourceItem
from hdtui.domain.message import Message
from hdtui.domain.text import MailText
from hdtui.errors import SourceError
from hdtui.services.reading import AHEAD, Reader


class Mailbox:
    """Encrypted messages whose "ciphertext" is their key (in memory)."""

    identity = "mem"

    def list(self) -> list[SourceItem]:
        return []

    def read(self, key: str) -> bytes:
        return key.encode()

    def load(self, item: SourceItem) -> Parsed:
        (loaded,) = self.load_many([item])
        assert not isinstance(loaded, SourceError)
        return loaded

    def load_many(self, items: Sequence[SourceItem]) -> list[Parsed | SourceError]:
        return [Parsed(Message(key=i.key, encrypted=True, subject=MailText("x")),
                       i.key.encode()) for i in items]


class Gpg:
    """Records which messages it was asked to decrypt, and when."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.lock = threading.Lock()
        self.second_batch = threading.Event()

    def decrypt_text(self, ciphertext: bytes) -> DecryptedText:
        return self.decrypt_texts([ciphertext])[0]

    def decrypt_texts(self, ciphertexts: Sequence[bytes]) -> list[DecryptedText]:
        with self.lock:
            self.asked.extend(c.decode() for c in ciphertexts)
            if any(int(c.decode()) >= 10 for c in ciphertexts):
                self.second_batch.set()
        return [DecryptedText(True, MailText(f"plain {c.decode()}")) for c in ciphertexts]


def items(count: int) -> list[SourceItem]:
    return [SourceItem(str(n), 10) for n in range(count)]


def test_the_next_batch_is_decrypted_while_the_caller_handles_this_one() -> None:
    gpg = Gpg()
    reader = Reader(Mailbox(), gpg, ())
    read = reader.read_many(items(40), workers=2, batch=10)
    item, entry = next(read)
    assert item.key == "0" and not isinstance(entry, SourceError)
    # The caller is still on the first message: gpg already has the second batch.
    assert gpg.second_batch.wait(5), "the next batch waited for the caller"
    rest = list(read)
    assert [i.key for i, _ in rest] == [str(n) for n in range(1, 40)]  # in order
    assert all(not isinstance(e, SourceError) and e.message.encrypted for _, e in rest)
    assert sorted(gpg.asked, key=int) == [str(n) for n in range(40)]  # each once


def test_a_caller_that_stops_leaves_no_batch_running_or_to_come() -> None:
    gpg = Gpg()
    read = Reader(Mailbox(), gpg, ()).read_many(items(100), workers=2, batch=10)
    next(read)
    read.close()  # returns once the batches under way are done
    asked = len(gpg.asked)
    assert asked <= (1 + AHEAD) * 10
    threading.Event().wait(0.2)
    assert len(gpg.asked) == asked


class PlainMailbox(Mailbox):
    """One plain (not encrypted) message with a pasted report."""

    def __init__(self, subject: str, body: str) -> None:
        self.subject, self.body = subject, body

    def load_many(self, items: Sequence[SourceItem]) -> list[Parsed | SourceError]:
        return [Parsed(Message(key=i.key, subject=MailText(self.subject),
                               sender_address=MailText("user@example.org"),
                               text=MailText(self.body))) for i in items]


PASTED = "Hello,\n\nTails-Version: 7.4\n\nit breaks\n"


def test_a_plain_report_whose_subject_names_it_is_not_said_to_miss_its_id() -> None:
    # A report saved and mailed again by hand: the ID is read from the subject, so the
    # problems never say it is missing beside it (the walk's "report ID missing").
    reader = Reader(PlainMailbox("Bug report: 0123456789abcdef0123", PASTED), Gpg(), ())
    entry = reader.read(SourceItem("1", 10))
    assert entry.report is not None and entry.report_id == "0123456789abcdef0123"
    assert entry.report.report_id == "0123456789abcdef0123"
    assert "report ID missing" not in entry.report.problems
    # Without an ID in the subject, it is missing, and said so.
    other = Reader(PlainMailbox("Tails broke", PASTED), Gpg(), ()).read(SourceItem("1", 10))
    assert other.report is not None and "report ID missing" in other.report.problems
