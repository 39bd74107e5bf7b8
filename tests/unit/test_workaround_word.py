"""A word an issue writes only as its advice (the workaround to try, what to tell the
Help Desk) does not back the issue as the user's problem: a title that says the very
workaround fails ("snowflake bridge never finishes" under "fails at 10% with obfs4
bridges") is another problem, not a confident match nor a likely one in the counts
(docs/matching.md, "Session 26: a workaround's word is not the problem")."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, advice_only, suggest_issues
from hdtui.services.insight import matched_issues
from tests.unit.matching_support import issue, mail, matching_set_index, report, unrelated_issues

OBFS4 = issue(20401, "Tor Connection fails at 10% with obfs4 bridges",
              'Tor Connection stops at 10% with obfs4 bridges, then "Failed to connect to '
              'Tor".\n\n## Standard reply\n\nPlease try a Snowflake bridge, or request new '
              "obfs4 bridges.\n\n## We need your feedback\n\n- Whether Snowflake works.\n")
SNOWFLAKE = "Tor Connection with snowflake bridge never finishes"
STORY = ("Tor Connection with the built-in snowflake bridge stays at 'Connecting to Tor' "
         "for ever and then says it failed to connect to Tor. I am in a censored country.")


def test_the_words_of_advice_only() -> None:
    assert "snowflake" in advice_only(OBFS4)
    # Words of the problem's own text are not advice only, though the advice repeats them.
    assert {"obfs4", "bridge", "tor"}.isdisjoint(advice_only(OBFS4))
    assert advice_only(issue(1, "Crash", "It crashes.")) == frozenset()


def test_the_walks_snowflake_reports_are_not_the_obfs4_issue() -> None:
    # walk26b: three reports counted likely for #20401, "matched: error: Failed to connect
    # to Tor, snowflake, bridge, ...".
    entry = report(SNOWFLAKE, STORY,
                   journal=("tca[1788]: Tor Connection: bootstrap stuck at 5% with snowflake "
                            "bridge", "tca[1788]: Failed to connect to Tor"))
    matches = suggest_issues(entry, matching_set_index())
    assert matches[0].issue.iid == 20401
    assert not matches[0].confident
    assert matched_issues(entry, matching_set_index())[0] == ()


def test_a_mail_on_the_workaround_is_not_confident_and_obfs4_stays() -> None:
    index = IssueIndex([OBFS4, *unrelated_issues()])
    assert not suggest_issues(mail(SNOWFLAKE, STORY), index)[0].confident
    obfs4 = mail("Tor Connection with obfs4 bridges stops at 10%",
                 'Tor Connection stops at 10% with my obfs4 bridges, then "Failed to connect '
                 'to Tor". I am in a censored country.')
    assert suggest_issues(obfs4, index)[0].confident
    # Snowflake named in the story, not in the title next to the issue's words: the user
    # tried the workaround, the title says what fails.
    tried = mail("Tor Connection with obfs4 bridges stops at 10%",
                 'Tor Connection stops at 10% with my obfs4 bridges, then "Failed to connect '
                 'to Tor". I am in a censored country. Snowflake is slow.')
    assert suggest_issues(tried, index)[0].confident


def test_the_issues_own_rare_title_word_beside_the_workaround_keeps_it_confident() -> None:
    # Review of v93: the title holds "obfs4", the word that sets #20401 apart, as well as
    # the workaround that works or that the user tried: the obfs4 issue, confident.
    index = matching_set_index()
    story = ('Tor Connection stops at 10% with my obfs4 bridges, then "Failed to connect to '
             'Tor". I am in a censored country.')
    for title in ("obfs4 bridges stop at 10%, a snowflake bridge works",
                  "obfs4 bridges stop at 10% even after trying Snowflake bridge"):
        matches = suggest_issues(mail(title, story), index)
        assert matches[0].issue.iid == 20401, title
        assert matches[0].confident, title
    plain = suggest_issues(mail("Tor Connection with obfs4 bridges stops at 10%", story), index)
    assert plain[0].issue.iid == 20401 and plain[0].confident
    # "snowflake bridge" alone beside common words of the title ("Tor Connection") is
    # still the workaround's own problem.
    alone = suggest_issues(mail(SNOWFLAKE, STORY), index)
    assert alone[0].issue.iid == 20401 and not alone[0].confident
