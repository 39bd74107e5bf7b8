"""A browser other than Tor Browser ("een andere browser", "einen anderen Browser",
"другой браузер") is how users ask for the Unsafe Browser without its name: "unsafe" is
read beside it (docs/matching.md, "Session 25: another browser is the Unsafe Browser")."""

from __future__ import annotations

from hdtui.domain.components import components_in
from hdtui.domain.matching import suggest_issues
from hdtui.domain.terms import term_words
from tests.unit.matching_support import mail, matching_set_index


def read(text: str) -> list[str]:
    return [term for term, _ in term_words(text)]


def test_another_browser_reads_as_unsafe() -> None:
    for text in ("is er een andere browser", "Ich brauche einen anderen Browser",
                 "нужен другой браузер", "je cherche un autre navigateur",
                 "I need another browser"):
        assert "unsafe" in read(text), text
    assert "unsafe" not in read("the browser is slow")


def test_the_german_name_in_any_case_names_the_application() -> None:
    # "unsicherer Browser" was read, "einen unsicheren Browser" was not.
    assert "unsafe-browser" in components_in("Wo ist der unsicheren Browser hin?")
    assert "unsafe-browser" in components_in("der unsichere Browser")


def test_a_dutch_mail_asking_for_another_browser_meets_the_unsafe_browser() -> None:
    entry = mail("Wifi in de bus",
                 "In de bus moet ik eerst op een pagina akkoord geven, maar Tor komt er "
                 "niet door. In het menu staat geen andere browser. Hoe moet dat?")
    ranked = [m.issue.iid for m in suggest_issues(entry, matching_set_index())]
    # On v85 no Unsafe Browser issue was ranked: "browser" and "tor" gave Tor Browser's.
    assert 20407 in ranked[:5], ranked
