"""KeptForm: the offer's question and the lines of what was typed it shows."""

from __future__ import annotations

from hdtui.domain.codec import from_data, to_data
from hdtui.domain.issue_draft import IssueDraft
from hdtui.domain.kept_form import FormKind, KeptForm


def test_the_offer_names_the_form_the_message_and_how_hdtui_ended() -> None:
    assert KeptForm(FormKind.HANDOFF, text="x").offer() == (
        "You were writing a hand-off note when the connection dropped: open it?")
    assert KeptForm(FormKind.NOTE, "k", "x", crashed=True).offer("report 8c1f") == (
        "You were writing a personal note on report 8c1f when hdtui stopped on an error: "
        "open it?")


def test_the_preview_shows_the_first_lines_and_says_how_many_more() -> None:
    text = "\n".join(f"line {n}" for n in range(1, 10))
    assert KeptForm(FormKind.HANDOFF, text=text).preview() == (
        "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\n… (3 more lines)")
    issue = KeptForm(FormKind.ISSUE, issue=IssueDraft("Wi-Fi gone", "It is.", (), ()))
    assert issue.preview() == "Title: Wi-Fi gone\n\nIt is."
    reminder = KeptForm(FormKind.REMINDER, "k", fields=(("delay", "2d"), ("note", "FT")))
    assert reminder.preview() == "Delay: 2d\nNote: FT"
    assert reminder.field("note") == "FT" and reminder.field("team", "none") == "none"


def test_a_kept_form_reads_back_as_it_was_kept() -> None:
    form = KeptForm(FormKind.ISSUE, "k1", issue=IssueDraft(
        "t", "d", ("C:x",), ("wb://1",), ("2 email addresses",)), keys=("k1", "k2"),
        fields=(("a", "b"),), crashed=True)
    assert from_data(KeptForm, to_data(form)) == form


def test_a_form_kept_before_the_left_field_existed_reads_as_kept_at_a_hang_up() -> None:
    """Session 25 added ``left`` (ctrl+q or ctrl+c from the form): a form the store kept
    before reads back, its offer unchanged; one kept at a leave says so."""
    earlier = {"kind": "handoff", "key": "", "text": "x", "issue": None, "keys": [],
               "fields": [], "crashed": False}
    form = from_data(KeptForm, earlier)
    assert form == KeptForm(FormKind.HANDOFF, text="x") and not form.left
    left = from_data(KeptForm, to_data(KeptForm(FormKind.HANDOFF, text="x", left=True)))
    assert left.offer() == ("You were writing a hand-off note when you left hdtui "
                            "(ctrl+q or ctrl+c): open it?")
