"""The codec round-trips every queue entry shape the store caches."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from hdtui.domain.codec import from_data, to_data
from hdtui.domain.mail import Kind
from hdtui.domain.marks import Mark
from hdtui.domain.message import Attachment, Message
from hdtui.domain.queue import DecryptState, Entry
from hdtui.domain.report import parse_report

DATA = Path(__file__).parent.parent / "data" / "whisperback"


def test_round_trip_of_every_sample_report() -> None:
    samples = sorted(DATA.glob("*.txt"))
    assert samples
    for path in samples:
        report = parse_report(path.read_text(encoding="utf-8"), "8c1f3e0a")
        entry = Entry(Message(key=path.name, subject="Bug report: 8c1f3e0a",
                              date=datetime(2026, 11, 2, 14, 3, tzinfo=UTC)),
                      Kind.REPORT, report, DecryptState.DECRYPTED, None,
                      frozenset({Mark.CLAIMED, Mark.TRIAGED}))
        data = json.loads(json.dumps(to_data(entry)))
        assert from_data(Entry, data) == entry, path.name


DECODE_ALONE = """
import json, sys
from hdtui.domain.codec import from_data, to_data
from hdtui.domain.queue import Entry
before = "hdtui.domain.report" in sys.modules
entry = from_data(Entry, json.loads(sys.stdin.read()))
print(before, type(entry.report).__name__, json.dumps(to_data(entry)))
"""


def test_a_cached_report_is_decoded_where_nothing_imported_the_parser() -> None:
    """The queue imports the WhisperBack parser only when an Entry is first decoded (a warm
    start's first rows do not need it: docs/benchmarks.md, "Session 15: warm first rows");
    the codec still resolves Entry's hints, and the report comes back the same."""
    report = parse_report((DATA / "nested-sections.txt").read_text(encoding="utf-8"), "8c1f3e0a")
    entry = Entry(Message(key="k", subject="Bug report: 8c1f3e0a"), Kind.REPORT, report,
                  DecryptState.DECRYPTED)
    data = json.dumps(to_data(entry))
    result = subprocess.run([sys.executable, "-c", DECODE_ALONE], input=data,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    before, kind, again = result.stdout.split(" ", 2)
    assert (before, kind) == ("False", "WhisperBackReport")
    assert from_data(Entry, json.loads(again)) == entry


def test_round_trip_of_a_plain_mail() -> None:
    entry = Entry(Message(key="k", subject="Hola", attachments=(Attachment("a.png", "image/png",
                                                                           120),),
                          references=("<a@b>", "<c@d>"), headers=(("From", "x <x@y>"),)),
                  Kind.SUPPORT)
    assert from_data(Entry, json.loads(json.dumps(to_data(entry)))) == entry


def test_dates_round_trip_beside_datetimes() -> None:
    from datetime import date

    from hdtui.domain.insight.facts import ReportFacts

    facts = ReportFacts("k", "wb://1", "1", date(2026, 11, 30), "7.7", ("1002:15bf",),
                        words=frozenset({"sound", "speaker"}), likely=(3,))
    back = from_data(ReportFacts, to_data(facts))
    assert back == facts and isinstance(back.received, date)


def test_dataclasses_of_no_field_and_of_one_field_are_converted() -> None:
    # The fields' values are taken with one attrgetter call, which gives a bare value for
    # one name and cannot be made for none (docs/benchmarks.md, "Session 15: the cold
    # read's children, second step").
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Empty:
        pass

    @dataclass(frozen=True)
    class One:
        inner: tuple[Empty, ...]

    @dataclass(frozen=True)
    class Two:
        one: One
        name: str

    assert to_data(Empty()) == {}
    assert to_data(One((Empty(), Empty()))) == {"inner": [{}, {}]}
    assert to_data(Two(One(()), "x")) == {"one": {"inner": []}, "name": "x"}


def _cache_json(value: object) -> str:
    """The cache's JSON text as it was written before ``to_json``."""
    return json.dumps(to_data(value), separators=(",", ":"))


def test_the_json_text_is_to_datas_for_every_mail_of_the_test_data() -> None:
    # One pass of the C encoder, dataclasses, enums, dates and sets handed back to Python
    # (docs/benchmarks.md, "Session 16: the cold read, parent and children"): the text
    # must stay the one the cache held, for every shape a read makes.
    from hdtui.config import DEFAULT_TEAM_ADDRESSES
    from hdtui.domain.codec import to_json
    from hdtui.domain.mail import DecryptedText, SourceItem
    from hdtui.services.reading import Reader
    from hdtui.sources.parse import parse_item

    class Decrypting:  # an encrypted report "decrypted" into its own clear text
        def decrypt_text(self, ciphertext: str) -> DecryptedText:
            return DecryptedText(len(ciphertext) % 2 == 0, ciphertext, ("a problem",),
                                 "" if len(ciphertext) % 2 == 0 else "no key", "F1")

    reader = Reader(None, Decrypting(), DEFAULT_TEAM_ADDRESSES)  # type: ignore[arg-type]
    paths = sorted((DATA.parent).rglob("*.eml"))[::3]  # every shape, a third of the time
    assert len(paths) > 800
    for number, path in enumerate(paths):
        item = SourceItem(f"INBOX/1/{number}", 1, seen=number % 2 == 0,
                          mtime=datetime(2026, 1, 1, tzinfo=UTC))
        entry = reader.understand(parse_item(path.read_bytes(), item))
        entry = entry._replace(marks=frozenset(list(Mark)[:number % 4]))
        assert to_json(entry) == _cache_json(entry), path


def test_the_json_text_of_every_sample_report_with_marks_dates_and_mail_text() -> None:
    from hdtui.domain.codec import to_json
    from hdtui.domain.text import MailText

    for path in sorted(DATA.glob("*.txt")):
        report = parse_report(path.read_text(encoding="utf-8"), "8c1f3e0a")
        entry = Entry(Message(key=path.name, subject=MailText("Bug \u202ereport\x1b[31m"),
                              sender=MailText("Zoë <z@example.org>"),
                              date=datetime(2026, 11, 2, 14, 3, tzinfo=UTC),
                              attachments=(Attachment("a.png", "image/png", 120),),
                              headers=(("From", "x <x@y>"),)),
                      Kind.REPORT, report, DecryptState.DECRYPTED, None,
                      frozenset({Mark.TRIAGED, Mark.CLAIMED}))
        text = to_json(entry)
        assert text == _cache_json(entry), path.name
        assert from_data(Entry, json.loads(text)) == entry


def test_the_json_text_refuses_what_is_not_plain_data_as_json_does() -> None:
    import pytest

    from hdtui.domain.codec import to_json

    with pytest.raises(TypeError):
        _cache_json(Message(key="k", subject=object()))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        to_json(Message(key="k", subject=object()))  # type: ignore[arg-type]


def test_an_entry_cached_before_dated_by_file_reads_back_with_its_default() -> None:
    """``Message.dated_by_file`` (session 20's review) is one more key of a cached entry's
    document: an entry cached before it, without the key, reads back as not dated by its
    file, and the rest as it was; one with it keeps it."""
    when = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    entry = Entry(Message(key="cur/1", subject="s", date=when, dated_by_file=True),
                  Kind.SUPPORT)
    data = to_data(entry)
    assert data["message"]["dated_by_file"] is True
    assert from_data(Entry, json.loads(json.dumps(data))) == entry
    del data["message"]["dated_by_file"]
    assert from_data(Entry, data) == entry._replace(message=replace(entry.message,
                                                                    dated_by_file=False))
