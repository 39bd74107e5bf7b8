"""An issue whose title leads with a machine is that machine's problem: on a mail that
gives no machine at all (no hardware, no maker or model line in the user's words) it ranks
as another model's issue does, under the issue of the user's problem (docs/matching.md,
"Session 24: a machine's issue on a message without one")."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, suggest_issues
from tests.unit.matching_support import issue, mail, unrelated_issues


def index() -> IssueIndex:
    return IssueIndex([
        issue(1, "MacBookPro11,5 with Radeon R9: white Thunderbird and Tor Browser windows",
              "On the MacBookPro11,5 the windows of Thunderbird and Tor Browser are white; "
              "the login window too."),
        issue(2, "Thunderbird: OAuth2 login window blank for some providers",
              "The provider's login page stays blank."),
        *unrelated_issues()])


def ranked(subject: str, text: str) -> list[int]:
    return [m.issue.iid for m in suggest_issues(mail(subject, text), index())]


def test_a_machines_issue_ranks_under_the_problem_on_a_mail_without_a_machine() -> None:
    said = ranked("Thunderbird login window white",
                  "I set up my mail in Thunderbird and the login window is white, nothing "
                  "loads. Tor Browser works.")
    assert said[0] == 2, said
    assert 1 in said, said  # lowered, never removed


def test_a_mail_that_names_the_machine_keeps_its_issue() -> None:
    said = ranked("Thunderbird login window white on my MacBook Pro",
                  "I set up my mail in Thunderbird and the login window is white, nothing "
                  "loads. Tor Browser works.")
    assert said[0] == 1, said


def test_the_users_error_line_keeps_the_machines_issue() -> None:
    known = IssueIndex([
        issue(1, 'Dell Latitude E6430: "Invalid partition table!" when starting',
              "The laptop says `Invalid partition table!` after the boot menu."),
        issue(2, "USB stick not starting after the boot menu on some computers",
              "Some computers do not start the USB stick after the boot menu."),
        *unrelated_issues()])
    said = suggest_issues(mail("Invalid partition table!",
                               "After the boot menu the USB stick says Invalid partition "
                               "table! and nothing else."), known)
    assert said[0].issue.iid == 1, [(m.issue.iid, m.score) for m in said]
