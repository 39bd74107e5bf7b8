"""Textual's CSS parsed once and remembered (hdtui.ui.parsed_css), kept between starts
(hdtui.css_cache): docs/benchmarks.md, "Session 20: the first frame's CSS and imports"."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from textual.css.stylesheet import Stylesheet, StylesheetParseError

from hdtui import css_cache
from hdtui.css_cache import FILE_NAME, load_parsed_css, save_parsed_css
from hdtui.ui.parsed_css import ParsedCss, RememberingStylesheet

VARIABLES = {"primary": "#0178d4", "text": "#e0e0e0"}
CSS = "#queue { background: $primary; height: 1fr; }\nLabel.dim { color: $text 50%; }"
WHERE = ("app.tcss", "")


def parsed_with(parsed: ParsedCss, css: str = CSS,
                variables: dict[str, str] = VARIABLES) -> RememberingStylesheet:
    stylesheet = RememberingStylesheet(parsed, variables=variables)
    stylesheet.add_source(css, read_from=WHERE)
    stylesheet.parse()
    return stylesheet


def plain(css: str = CSS, variables: dict[str, str] = VARIABLES) -> list[str]:
    stylesheet = Stylesheet(variables=variables)
    stylesheet.add_source(css, read_from=WHERE)
    stylesheet.parse()
    return [rule.css for rule in stylesheet.rules]


def test_a_second_stylesheet_takes_the_rules_the_first_parsed() -> None:
    parsed = ParsedCss()
    first = parsed_with(parsed)
    assert parsed.added
    again = ParsedCss(parsed.parsed)
    second = parsed_with(again)
    assert not again.added  # found, not parsed
    assert second.rules == first.rules
    assert [rule.css for rule in second.rules] == plain()


def test_other_variables_or_other_css_are_parsed_again() -> None:
    parsed = ParsedCss()
    parsed_with(parsed)
    light = {**VARIABLES, "primary": "#ffffff"}
    for css, variables in ((CSS, light), (CSS + "\nFooter { height: 2; }", VARIABLES)):
        again = ParsedCss(parsed.parsed)
        stylesheet = parsed_with(again, css, variables)
        assert again.added
        assert [rule.css for rule in stylesheet.rules] == plain(css, variables)


def test_reparse_after_new_variables_looks_the_rules_up_too() -> None:
    parsed = ParsedCss()
    stylesheet = parsed_with(parsed)
    light = {**VARIABLES, "primary": "#ffffff"}
    stylesheet.set_variables(light)
    stylesheet.reparse()
    assert [rule.css for rule in stylesheet.rules] == plain(CSS, light)
    again = ParsedCss(parsed.parsed)
    other = parsed_with(again, variables=light)
    assert not again.added
    assert other.rules == stylesheet.rules


def test_rules_with_errors_are_not_remembered_and_still_reported() -> None:
    parsed = ParsedCss()
    stylesheet = RememberingStylesheet(parsed, variables=VARIABLES)
    stylesheet.add_source("#queue { height: banana; }", read_from=WHERE)
    with pytest.raises(StylesheetParseError):
        stylesheet.parse()
    assert not parsed.added
    assert parsed.parsed == {}


def saved(tmp_path: Path) -> Path:
    stylesheet = parsed_with(ParsedCss())
    save_parsed_css(tmp_path, stylesheet)
    return tmp_path / FILE_NAME


def test_saved_rules_load_in_the_next_start_owner_only(tmp_path: Path) -> None:
    path = saved(tmp_path)
    assert path.stat().st_mode & 0o777 == 0o600
    loaded = load_parsed_css(tmp_path)
    stylesheet = parsed_with(loaded)
    assert not loaded.added
    assert [rule.css for rule in stylesheet.rules] == plain()


def test_nothing_is_written_when_nothing_was_parsed_or_rules_are_not_remembered(
        tmp_path: Path) -> None:
    path = saved(tmp_path)
    before = path.stat().st_mtime_ns
    os.utime(path, ns=(before - 10**9, before - 10**9))
    save_parsed_css(tmp_path, parsed_with(load_parsed_css(tmp_path)))
    assert path.stat().st_mtime_ns == before - 10**9
    other = tmp_path / "other"
    plain_sheet = Stylesheet(variables=VARIABLES)
    plain_sheet.add_source(CSS, read_from=WHERE)
    plain_sheet.parse()
    save_parsed_css(other, plain_sheet)
    assert not other.exists()


def test_a_file_of_another_format_or_textual_is_ignored_and_written_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = saved(tmp_path)
    written = css_cache.header()
    assert written is not None
    for header in ((written[0] - 1, *written[1:]), (written[0], "0.1.0", written[2]),
                   (written[0], written[1], "3.0.0")):
        parts = pickle.loads(path.read_bytes())[3:]  # our own test's file
        path.write_bytes(pickle.dumps((*header, *parts)))
        loaded = load_parsed_css(tmp_path)
        assert loaded.parsed == {}
        save_parsed_css(tmp_path, parsed_with(loaded))
        assert pickle.loads(path.read_bytes())[:3] == written
    monkeypatch.setattr(css_cache, "dist_info_version", lambda package, parent: None)
    assert load_parsed_css(tmp_path).parsed == {}  # Textual's version unknown: no cache


def test_a_damaged_file_is_ignored(tmp_path: Path) -> None:
    path = saved(tmp_path)
    data = path.read_bytes()
    for damaged in (data[: len(data) // 2], b"", b"not a pickle", pickle.dumps([1, 2])):
        path.write_bytes(damaged)
        assert load_parsed_css(tmp_path).parsed == {}


def test_a_file_others_could_write_or_a_link_is_not_unpickled(tmp_path: Path) -> None:
    path = saved(tmp_path)
    os.chmod(path, 0o620)
    assert load_parsed_css(tmp_path).parsed == {}
    os.chmod(path, 0o600)
    assert load_parsed_css(tmp_path).parsed != {}
    real = tmp_path / "elsewhere.pickle"
    path.rename(real)
    path.symlink_to(real)
    assert load_parsed_css(tmp_path).parsed == {}


def write_owned(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)


class _Runs:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("true",))


class _Reaches:
    """A getattr from a Textual function to its module's globals (and so to ``os``)."""

    def __reduce__(self) -> tuple[object, tuple[object, str]]:
        return (getattr, (Stylesheet.parse, "__globals__"))


def test_a_pickle_naming_anything_but_textual_rules_is_refused(tmp_path: Path) -> None:
    header = css_cache.header()
    assert header is not None
    path = tmp_path / FILE_NAME
    write_owned(path, pickle.dumps((*header, pickle.dumps({(): {("x", WHERE, False, 0, ""):
                                                              _Runs()}}), b"")))
    assert load_parsed_css(tmp_path).parsed == {}
    path.write_bytes(pickle.dumps((*header, pickle.dumps({(): {("x", WHERE, False, 0, ""):
                                                          _Reaches()}}), b"")))
    assert load_parsed_css(tmp_path).parsed == {}
    path.write_bytes(pickle.dumps(_Runs()))
    assert load_parsed_css(tmp_path).parsed == {}


class _ImportsApp:
    """Textual's own import_app, which runs the Python file it is given."""

    def __init__(self, script: Path) -> None:
        self.script = script

    def __reduce__(self) -> tuple[object, tuple[str]]:
        from textual._import_app import import_app

        return (import_app, (str(self.script),))


def test_a_textual_function_outside_the_exact_list_is_refused(tmp_path: Path) -> None:
    header = css_cache.header()
    assert header is not None
    marker = tmp_path / "ran"
    script = tmp_path / "evil.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\n")
    path = tmp_path / FILE_NAME
    rules = {(): {("x", WHERE, False, 0, ""): [_ImportsApp(script)]}}
    for data in (pickle.dumps((*header, pickle.dumps(rules), b"")),
                 pickle.dumps((*header, pickle.dumps({}), pickle.dumps(rules))),
                 pickle.dumps(_ImportsApp(script))):
        write_owned(path, data)
        loaded = load_parsed_css(tmp_path)
        assert loaded.parsed == {}
        loaded.start_done()
        stylesheet = parsed_with(loaded)  # the later part is read, and refused too
        assert not marker.exists()
        assert [rule.css for rule in stylesheet.rules] == plain()


def test_a_file_of_another_shape_is_ignored(tmp_path: Path) -> None:
    header = css_cache.header()
    assert header is not None
    path = tmp_path / FILE_NAME
    for start in ({"variables": 1}, {(): {"css": []}}, {(): {("x", WHERE, False, 0, ""): 1}},
                  {(): {("x", WHERE, False, 0, ""): ["not a rule"]}},
                  {(("a", 1),): {}}, [()]):
        write_owned(path, pickle.dumps((*header, pickle.dumps(start), b"")))
        loaded = load_parsed_css(tmp_path)
        assert loaded.parsed == {}
        assert [rule.css for rule in parsed_with(loaded).rules] == plain()


def test_a_fifo_in_place_of_the_file_does_not_hang_the_start(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / FILE_NAME, 0o600)
    assert load_parsed_css(tmp_path).parsed == {}  # without O_NONBLOCK: blocks forever


def test_the_rules_of_hdtuis_own_css_pass_the_exact_list(tmp_path: Path) -> None:
    """Every name hdtui's rules are pickled with is allowed: app.tcss, dialogs.tcss and the
    default CSS of hdtui's widgets and Textual's."""
    import importlib
    import inspect
    import pkgutil

    import textual.widgets
    from textual.design import ColorSystem

    import hdtui.ui

    classes = [getattr(textual.widgets, name) for name in textual.widgets.__all__]
    for module in pkgutil.walk_packages(hdtui.ui.__path__, "hdtui.ui."):
        classes.extend(vars(importlib.import_module(module.name)).values())
    sources = dict.fromkeys(
        vars(cls)["DEFAULT_CSS"] for found in classes if inspect.isclass(found)
        for cls in found.__mro__ if vars(cls).get("DEFAULT_CSS"))
    parsed = ParsedCss()
    stylesheet = RememberingStylesheet(parsed,
                                       variables=ColorSystem(primary="#0178d4").generate())
    folder = Path(hdtui.ui.__file__).parent
    for name in ("app.tcss", "dialogs.tcss"):
        stylesheet.add_source((folder / name).read_text(), read_from=(name, ""))
    for number, css in enumerate(sources):
        stylesheet.add_source(css, read_from=("default", str(number)), is_default_css=True)
    stylesheet.parse()
    save_parsed_css(tmp_path, stylesheet)
    loaded = load_parsed_css(tmp_path)
    assert [len(found) for found in loaded.parsed.values()] == [len(sources) + 2]


DIALOG = ".dialog { width: 60; border: round $primary; }"
DIALOG_AT = ("dialogs.tcss", "")


def test_rules_used_once_the_screen_is_complete_are_read_only_when_asked(
        tmp_path: Path) -> None:
    parsed = ParsedCss()
    stylesheet = parsed_with(parsed)
    parsed.start_done()
    stylesheet.add_source(DIALOG, read_from=DIALOG_AT)
    stylesheet.parse()
    save_parsed_css(tmp_path, stylesheet)
    loaded = load_parsed_css(tmp_path)
    assert [list(found) for found in loaded.parsed.values()] == [[(CSS, WHERE, False, 0, "")]]
    start = parsed_with(loaded)  # the start's rules: the later part is not read
    assert [list(found) for found in loaded.parsed.values()] == [[(CSS, WHERE, False, 0, "")]]
    loaded.start_done()
    start.add_source(DIALOG, read_from=DIALOG_AT)
    start.parse()  # the dialog's rules: read from the later part, not parsed
    assert not loaded.added
    assert [rule.css for rule in start.rules] == [rule.css for rule in stylesheet.rules]
    assert loaded.used()[1] == {key: {(DIALOG, DIALOG_AT, False, 0, ""): rules}
                                for key, found in loaded.parsed.items()
                                for (css, *_), rules in found.items() if css == DIALOG}
