"""``indented`` writes what ``json.dumps(data, indent=2, ensure_ascii=False)`` writes, to
the byte (docs/insight.md, "Session 12: `hdtui stats --json` at 100,000")."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hdtui.indented_json import indented


@pytest.mark.parametrize("data", [
    {},
    [],
    "plain",
    {"issues": [{"iid": 7, "title": "Écran noir \"quoted\" \\ back\nslash\ttab\x01\x7f\u202e",
                 "likely": [], "confirmed": ["wb://1", "wb://2"], "versions": {},
                 "flagged": True, "first_seen": None, "nested": [[], [{}], [[1, -2]]]}],
     "clusters": [], "reports": 100000, "bool": False, "empty": "",
     "keys with \u2028 and 日本語": {"a": None}},
    [1, "two", None, True, [False, {"deep": [{"deeper": ()}]}]],
    ("a tuple", ("inside",)),
    {"seconds": 4.213, "small": 1e-07, "big": 1e+300, "negative": -0.0, "whole": 2.0},
])
def test_the_same_text_as_the_standard_library(data: Any) -> None:
    assert indented(data) == json.dumps(data, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("data", [
    {1: "a number as a key"}, [float("nan")], [float("inf"), -float("inf")],
    {"k": {True: 1, None: 2}},
])
def test_other_shapes_are_written_by_the_standard_library(data: Any) -> None:
    assert indented(data) == json.dumps(data, indent=2, ensure_ascii=False)


def test_what_json_cannot_write_fails_as_it_does() -> None:
    with pytest.raises(TypeError):
        indented({"a": {1, 2}})


def test_a_float_is_written_without_the_standard_library() -> None:
    """``hdtui stats --json`` ends with its seconds: a float sent the whole document to
    ``json.dumps`` after it had been written once."""
    import hdtui.indented_json as module

    called = []
    real = module.json.dumps
    module.json.dumps = lambda *a, **k: called.append(1) or real(*a, **k)  # type: ignore[assignment]
    try:
        assert indented({"reports": [{"a": "b"}], "seconds": 0.25}) == real(
            {"reports": [{"a": "b"}], "seconds": 0.25}, indent=2, ensure_ascii=False)
    finally:
        module.json.dumps = real
    assert not called


def test_text_of_a_str_subclass_is_written_without_the_standard_library() -> None:
    """The issues' titles are ``MailText``: a subclass of ``str`` sent the whole of
    ``hdtui stats --json`` to ``json.dumps`` (docs/insight.md, "Session 14: stats --json at
    100,000"); written here, the same text."""
    import hdtui.indented_json as module
    from hdtui.domain.text import MailText

    data = {"issues": [{"title": MailText("Écran \"noir\"\u202e"), MailText("key"): 1}],
            "reports": [{"a": "b"}]}
    called = []
    real = module.json.dumps
    module.json.dumps = lambda *a, **k: called.append(1) or real(*a, **k)  # type: ignore[assignment]
    try:
        assert indented(data) == real(data, indent=2, ensure_ascii=False)
    finally:
        module.json.dumps = real
    assert not called


@pytest.mark.parametrize("data", [
    {"today": "2026-11-30", "issues": [{"iid": 7, "title": "Écran\u202e", "likely": []}],
     "clusters": [], "reports": 3, "seconds": 0.25, "none": None, "empty": {}},
    {"odd": {1: "a number as a key"}, "nan": [float("nan")], "deep": [[{"a": [1]}]]},
    {},
])
def test_an_object_written_a_value_at_a_time_is_the_same_text(data: dict[str, Any]) -> None:
    from hdtui.indented_json import indented_object

    parts = {key: indented(value, 1) for key, value in data.items()}
    assert indented_object(parts) == json.dumps(data, indent=2, ensure_ascii=False)


def test_an_object_in_pieces_keeps_each_value_whole() -> None:
    """``object_pieces``: the pieces join to ``indented_object``'s text, and each value's
    text is one piece, the very string given (no copy: ``hdtui stats --json`` writes them
    one after the other)."""
    from hdtui.indented_json import indented_object, object_pieces

    values = {"today": '"2026-11-30"', "issues": "[\n    1\n  ]", "seconds": "0.5"}
    pieces = list(object_pieces(values))
    assert "".join(pieces) == indented_object(values)
    for text in values.values():
        assert any(piece is text for piece in pieces)
    assert list(object_pieces({})) == ["{}"]
