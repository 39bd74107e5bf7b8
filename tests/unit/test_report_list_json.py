"""``ReportList`` writes the text ``indented`` writes of the same report entries, to the
byte, and ``json_text`` escapes what it did before (docs/insight.md, "Session 18: stats
--json at 100,000")."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from hdtui.cli import json_text
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.text import MailText
from hdtui.domain.weekly import report_dicts
from hdtui.indented_json import indented
from hdtui.report_list_json import ReportList
from tests.unit.test_insight import fact


def _odd_facts() -> list[ReportFacts]:
    """Every shape a field takes: no report ID, no date, no version, text from mail with
    quotes, backslashes, controls, DEL, C1, bidi overrides, line separators and astral
    characters, a ``MailText`` key."""
    return [
        fact(1, 0),
        fact(2, 3, report_id="", version=""),
        fact(3, 9, received=None),
        fact(4, 0, key="dir/\"quoted\" \\ back\tslash\x01\x7f.eml", version="7.7~rc1"),
        fact(5, 1, key=MailText("Écran \u202enoir\u2028 \x9b 日本語 \U0001f600"),
             reference="mail:<a\"b@example.org>"),
        fact(6, 1, key="k6", report_id="", received=None, version=""),
    ]


@pytest.mark.parametrize("level", [0, 1, 3, 4])
def test_the_text_is_indenteds_of_the_same_entries(level: int) -> None:
    facts = _odd_facts()
    written = ReportList(facts).text("\n" + "  " * level)
    assert written == indented(report_dicts(facts), level)
    assert json.loads(written) == report_dicts(facts)
    assert ReportList([]).text("\n  ") == "[]"


def test_inside_data_it_is_written_where_it_stands_and_as_its_data_by_json() -> None:
    facts = _odd_facts()
    data = {"issues": [{"iid": 7, "likely": ReportList(facts), "possible": ReportList([])}],
            "unclustered": ReportList(facts[:2])}
    plain = {"issues": [{"iid": 7, "likely": report_dicts(facts), "possible": []}],
             "unclustered": report_dicts(facts[:2])}
    assert indented(data) == json.dumps(plain, indent=2, ensure_ascii=False)
    assert json_text(data) == json_text(plain)
    # Data the library writes itself (a key that is no string) takes the list as its data.
    odd = {1: ReportList(facts)}
    assert indented(odd) == json.dumps({1: report_dicts(facts)}, indent=2,
                                       ensure_ascii=False)


def test_a_field_of_another_type_is_written_the_general_way() -> None:
    facts = [fact(1, 0), fact(2, 0, key=None)]  # not a str: written as null
    assert ReportList(facts).text("\n    ") == indented(report_dicts(facts), 2)
    with pytest.raises(TypeError):
        indented({"a": {1, 2}, "b": ReportList(facts)})  # still refused as json refuses it


def _escaped_the_old_way(text: str) -> str:
    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"}:
            return char
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
        return f"\\u{code:04x}"

    return re.sub("[^\x20-\x7e\n]", escape, text)


@pytest.mark.parametrize("data", [
    ["plain ASCII", {"k": None, "n": 1}],
    ["DEL\x7f alone in ASCII", "\x01\x1f\t"],
    ["\u202e override", "\x9b C1", "é", "\U000e0041 tag", "\ufeff"],
])
def test_json_text_escapes_as_before_with_or_without_letters_past_ascii(
        data: list[object]) -> None:
    assert json_text(data) == _escaped_the_old_way(indented(data))
    assert "\x7f" not in json_text(data)
    assert json.loads(json_text(data)) == data


def test_entries_written_ahead_are_the_same_text_less_the_reports_left_out() -> None:
    facts = _odd_facts()
    ahead = ReportList(facts, ahead="\n  ")
    assert ahead.text("\n  ") == indented(report_dicts(facts), 1)
    gone = {facts[1].key, facts[4].key, "not a key"}
    kept = [f for f in facts if f.key not in gone]
    assert ahead.without(gone).text("\n  ") == indented(report_dicts(kept), 1)
    assert ahead.without(gone).text("\n      ") == indented(report_dicts(kept), 3)
    assert ahead.without({f.key for f in facts}).text("\n  ") == "[]"
    assert ReportList([], ahead="\n  ").without(set()).text("\n  ") == "[]"
    odd = [fact(1, 0), fact(2, 0, key=None)]  # written the general way, later
    assert ReportList(odd, ahead="\n  ").without({"k1"}).text("\n  ") == indented(
        report_dicts(odd[1:]), 1)


def test_unclustered_are_the_unlisted_reports_no_cluster_holds() -> None:
    from datetime import timedelta

    from hdtui.domain.insight.overview import overview
    from hdtui.domain.links import IssueLink
    from hdtui.domain.weekly import clustered, unclustered, unlisted
    from tests.unit.test_insight import TODAY

    facts = [fact(n, n % 9, gpus=("1002:15bf",), errors=("amdgpu ring gfx timeout",),
                  words=frozenset({"screen", "black", f"w{n % 3}"})) for n in range(8)]
    facts += [fact(100 + n, n, likely=(7,)) for n in range(3)]
    facts += [fact(200, 1, possible=7), fact(201, 2), fact(202, 3, received=None)]
    links = [IssueLink(7, facts[-2].reference, TODAY - timedelta(days=1))]
    view = overview(facts, links, TODAY, iids=[7])
    assert view.clusters
    listed = {k for c in view.clusters for k in c.reports}
    listed.update(f.key for s in view.hot for f in (*s.likely, *s.possible))
    linked = {r for s in view.hot for r in s.confirmed}
    before = [f for f in view.facts if f.key not in listed and f.reference not in linked]
    assert unclustered(view) == before == [f for f in unlisted(view)
                                           if f.key not in clustered(view)]
    assert [f.key for f in before] == ["k202"]
