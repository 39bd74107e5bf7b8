"""An issue still holding the draft's TODO placeholders is neither created nor turned into
a reply (hdtui/domain/placeholders.py, docs/gitlab-writes.md, docs/replies.md)."""

from __future__ import annotations

from hdtui.domain.issue import KnownIssue
from hdtui.domain.issue_draft import FEEDBACK_PLACEHOLDER, TITLE_SYMPTOM
from hdtui.domain.matching import Match
from hdtui.domain.placeholders import holds_placeholder, unfilled, unfilled_message
from hdtui.domain.reply import reply_from_issue
from hdtui.domain.reply_choice import KNOWN_ISSUE_SLUG, Standing, rank_replies
from tests.unit.test_reply_choice import mail_to, templates

DRAFTED = ("## Problem\n\n```text\nTODO: a user's own words, fenced\n```\n\n"
           f"## We need your feedback\n\n{FEEDBACK_PLACEHOLDER}\n")


def test_the_fields_still_saying_todo_are_named_and_fenced_words_are_not() -> None:
    title = f"journal error: kernel snd_hda_intel: {TITLE_SYMPTOM} (Tails 7.7)"
    assert unfilled(title, DRAFTED) == ("the title", 'the "We need your feedback" section')
    message = unfilled_message(unfilled(title, DRAFTED))
    assert "the title and the \"We need your feedback\" section" in message
    filled = DRAFTED.replace(FEEDBACK_PLACEHOLDER, "Please test the 7.8 nightly image.")
    assert unfilled("No sound on Framework 13 (Tails 7.7)", filled) == ()
    assert unfilled_message(()) == ""
    assert not holds_placeholder(f"```\n{FEEDBACK_PLACEHOLDER}\n```\n")
    assert holds_placeholder(f"Hello,\n\n  {FEEDBACK_PLACEHOLDER}\n")


def test_a_title_quoting_todo_is_the_members_own() -> None:
    # Only the form's own placeholder counts, not any "TODO:".
    assert unfilled('Tor Browser shows "TODO:" in its menu (Tails 7.7)', DRAFTED) == (
        'the "We need your feedback" section',)
    assert unfilled(TITLE_SYMPTOM, "") == ("the title",)


def test_only_the_forms_placeholders_count_in_a_description() -> None:
    assert not holds_placeholder("TODO: ask upstream about the menu\n")
    assert holds_placeholder(f"## Feedback\n\n{FEEDBACK_PLACEHOLDER}\n")
    assert holds_placeholder(f"{TITLE_SYMPTOM}\n")


def test_an_indented_code_line_is_not_a_placeholder() -> None:
    # Four columns of indentation make an indented code block: a quote, not the form's text.
    assert not holds_placeholder(f"Quoted:\n\n    {FEEDBACK_PLACEHOLDER}\n")
    assert not holds_placeholder(f"Quoted:\n\n\t{FEEDBACK_PLACEHOLDER}\n")
    assert holds_placeholder(f"Quoted:\n\n   {FEEDBACK_PLACEHOLDER}\n")


def test_a_fence_line_with_an_info_string_does_not_close_a_fence() -> None:
    # "```text" inside an open fence is the report's own text; only a bare ``` closes.
    quoted = f"```\nlog:\n```text\n{FEEDBACK_PLACEHOLDER}\n```\n"
    assert not holds_placeholder(quoted)
    assert holds_placeholder(f"{quoted}\n{FEEDBACK_PLACEHOLDER}\n")


def _created(description: str) -> KnownIssue:
    return KnownIssue(20409, "No sound on Framework 13", description,
                      web_url="https://gitlab.test/tails/tails/-/issues/20409")


def test_a_feedback_section_still_saying_todo_is_never_offered_as_a_reply() -> None:
    # The walk: `4` offered "#20409 … its We need your feedback section" first, whose
    # preview was the placeholder.
    issue = _created(DRAFTED)
    assert reply_from_issue(issue.iid, issue.title, issue.web_url, issue.description) is None
    choices = rank_replies(mail_to("support@tails.net"), templates(),
                           [Match(issue, 40.0, ("sound",), confident=True)])
    assert all("TODO" not in c.template.body for c in choices)
    first = choices[0]
    assert first.template.slug == KNOWN_ISSUE_SLUG and first.standing is Standing.ISSUE
    assert "We need your feedback section still says TODO: left out" in first.reason


def test_a_section_still_saying_todo_is_left_out_and_the_others_kept() -> None:
    issue = _created("## Workaround\n\nUse a USB sound card.\n\n" + DRAFTED)
    choices = rank_replies(mail_to("support@tails.net"), templates(),
                           [Match(issue, 40.0, ("sound",), confident=True)])
    first = choices[0]
    assert first.template.slug == "issue-20409" and "USB sound card" in first.template.body
    assert "TODO" not in first.template.body
    assert first.reason.startswith("from issue #20409, the confident match: its Workaround "
                                   "section; its We need your feedback section still says "
                                   "TODO: left out")
    standard = _created(f"## Standard reply\n\nHello,\n\n{FEEDBACK_PLACEHOLDER}\n")
    others = rank_replies(mail_to("support@tails.net"), templates(),
                          [Match(standard, 20.0, ("sound",), confident=False)])
    assert all("TODO" not in c.template.body for c in others)
