"""An application's full name names it by its short name too: "balenaEtcher", written
whole in a mail of any language, is the "Etcher" of an issue's title (docs/matching.md,
"Session 24: balenaEtcher is Etcher")."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, suggest_issues
from hdtui.domain.terms import terms
from tests.unit.matching_support import issue, mail, unrelated_issues


def test_the_full_name_gives_the_short_one_and_keeps_itself() -> None:
    assert {"balenaetcher", "etcher"} <= set(terms("balenaEtcher"))
    assert terms("Etcher") == ["etcher"]


def test_a_mail_naming_balena_etcher_ranks_the_etcher_issue_first() -> None:
    index = IssueIndex([
        issue(1, "Installing Tails with Etcher fails on macOS",
              "balenaEtcher on macOS fails to write the Tails USB image."),
        issue(2, "USB stick not listed in the boot menu",
              "On a Mac, some sticks are not shown."),
        *unrelated_issues()])
    entry = mail("MacでUSBメモリが作れません",
                 "Mac で balenaEtcher を使って USB に書き込もうとしています。"
                 "「Something went wrong」と出て止まってしまいます。")
    ranked = [m.issue.iid for m in suggest_issues(entry, index)]
    assert ranked[0] == 1, ranked
