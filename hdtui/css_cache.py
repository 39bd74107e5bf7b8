"""Provides load_parsed_css and save_parsed_css: Textual's parsed CSS kept between starts.

The file (``css.pickle`` in the member's cache directory) holds Textual's own rule
objects, pickled: no other format can hold them without rebuilding them, which is the
parse it saves (docs/benchmarks.md, "Session 20: the first frame's CSS and imports").
Because unpickling runs what the file names, a file is read only when it is a regular
file owned by the member and writable by nobody else (mode without group or other
bits), and only the few Textual classes and functions its rules are made of (an exact
list) are let through; what comes out must have the shape of ``parsed_css.Parsed``. The
file starts with its format version, Textual's version (read from Textual's
``.dist-info`` name: ``importlib.metadata`` would cost more than the parse) and Python's;
a file of another format, another Textual or another Python, a damaged or foreign file
(or a FIFO, opened without blocking) is ignored and written again at the end of the
session. Rules are kept for the CSS text, the variables (the theme) and Textual's other
parse arguments together, so a changed ``app.tcss`` or theme is parsed again, never
served stale.

Read before the app starts and written after it ends (``cli.run_tui``), outside the
event loop, with the rules that session used (rules of widgets it did not show are
dropped, so the file does not grow with every change of the CSS); a failure to write is
ignored: the cache only saves time.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import sys
from pathlib import Path
from typing import Any, TypeGuard

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

from hdtui.dist_info import dist_info_version
from hdtui.owned_file import owned_bytes, write_owned
from hdtui.ui.parsed_css import Parsed, ParsedCss, RememberingStylesheet

FILE_NAME = "css.pickle"
FORMAT = 1
"""The layout of the file: ``(FORMAT, Textual's version, Python's version, start, later)``,
where start and later are pickles of ``parsed_css.Parsed`` (sorted variables to the rules
by ``parsed_css.ParseKey``): the rules the start used, and those used once the main
screen was complete (the dialogs'), unpickled only when a rule is not in the first."""
LIMIT = 4 * 1024 * 1024
"""A file larger than this is not read (hdtui's CSS makes about 200 KB)."""
ALLOWED_GLOBALS = frozenset({
    ("textual.color", "Color"),
    ("textual.css.model", "RuleSet"), ("textual.css.model", "Selector"),
    ("textual.css.model", "SelectorSet"), ("textual.css.model", "SelectorType"),
    ("textual.css.model", "CombinatorType"), ("textual.css.model", "_check_class"),
    ("textual.css.model", "_check_id"), ("textual.css.model", "_check_type"),
    ("textual.css.model", "_check_universal"),
    ("textual.css.scalar", "Scalar"), ("textual.css.scalar", "ScalarOffset"),
    ("textual.css.scalar", "Unit"),
    ("textual.css.styles", "Styles"),
    ("textual.geometry", "Spacing"),
    ("textual.layouts.horizontal", "HorizontalLayout"),
    ("textual.layouts.vertical", "VerticalLayout"),
    ("functools", "partial"),
})
"""The only names a file may call: those the rules of hdtui's CSS (app.tcss, dialogs.tcss
and the widgets' default CSS, Textual's included) are pickled with, found by pickling
them; a selector's checks are partial functions of the ``_check_*`` ones. Any other name
(``textual._import_app.import_app`` runs a Python file) makes the file ignored; a rule
that needs a new name is parsed, never unpickled (test_parsed_css checks hdtui's CSS)."""
DICT_METHODS = ("get", "__contains__")
"""The bound methods of a dict that Textual's ``Styles`` keeps (pickled as ``getattr``)."""


class _Unpickler(pickle.Unpickler):
    """Unpickles only the exact names of ALLOWED_GLOBALS and ``getattr`` narrowed to the
    two dict methods ``Styles`` holds. A guard in depth: what keeps another user's pickle
    out is the owner and mode check (``owned_file.owned_bytes``)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _dict_method
        if (module, name) in ALLOWED_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the CSS cache")


def _dict_method(target: object, name: str) -> Any:
    if not isinstance(target, dict) or name not in DICT_METHODS:
        raise pickle.UnpicklingError(f"getattr of {name!r} is not allowed in the CSS cache")
    return getattr(target, name)


def header() -> tuple[int, str, str] | None:
    """The file's header for the Textual and Python running, or None when Textual's
    version cannot be read (then nothing is cached)."""
    textual = sys.modules.get("textual")
    locations = list(getattr(textual, "__path__", ()))
    if len(locations) != 1:
        return None
    version = dist_info_version("textual", os.path.dirname(os.path.abspath(locations[0])))
    if version is None:
        return None
    return FORMAT, version, ".".join(map(str, sys.version_info[:3]))


def load_parsed_css(directory: Path) -> ParsedCss:
    """The parsed CSS kept in ``directory``; an empty one when there is none, or it is
    not the member's own, not of this Textual or Python, or damaged. The start's part is
    unpickled now, the later part when first asked for."""
    expected = header()
    if expected is None:
        return ParsedCss()
    try:
        data = owned_bytes(directory / FILE_NAME, LIMIT)
    except OSError:
        return ParsedCss()
    if data is None:
        return ParsedCss()
    found = _unpickled(data)
    if not (isinstance(found, tuple) and len(found) == 5 and found[:3] == expected
            and isinstance(found[3], bytes) and isinstance(found[4], bytes)):
        return ParsedCss()
    start, later = _unpickled(found[3]), found[4]
    if not _is_parsed(start):
        return ParsedCss()

    def read_later() -> Parsed:
        rules = _unpickled(later)
        return rules if _is_parsed(rules) else {}

    return ParsedCss(start, read_later)


def save_parsed_css(directory: Path, stylesheet: Stylesheet) -> None:
    """Write what this session parsed or used, when ``stylesheet`` remembers its rules
    and parsed anything new; owner-only, replacing the file at once. Nothing is raised:
    the cache only saves time."""
    if not isinstance(stylesheet, RememberingStylesheet):
        return
    parsed = stylesheet.remembered
    expected = header()
    if not parsed.added or expected is None:
        return
    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        start, later = (pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
                        for part in parsed.used())
        data = pickle.dumps((*expected, start, later), protocol=pickle.HIGHEST_PROTOCOL)
        write_owned(directory / FILE_NAME, data)


def _unpickled(data: bytes) -> object:
    """What ``data`` holds, through the narrowed unpickler; None when it is damaged or
    names what is not allowed."""
    try:
        return _Unpickler(io.BytesIO(data)).load()
    except Exception:  # a damaged file: any error unpickling it
        return None


def _is_parsed(found: object) -> TypeGuard[Parsed]:
    """Whether ``found`` has the shape of ``Parsed``: sorted variables (pairs of strings)
    to ParseKeys (CSS text, where it was read from, is default, tie breaker, scope) to
    lists of RuleSet. Anything else is ignored, and the CSS parsed again."""
    def is_strings(value: object, length: int) -> bool:
        return (isinstance(value, tuple) and len(value) == length
                and all(isinstance(part, str) for part in value))

    def is_key(key: object) -> bool:
        return (isinstance(key, tuple) and len(key) == 5 and isinstance(key[0], str)
                and is_strings(key[1], 2) and isinstance(key[2], bool)
                and isinstance(key[3], int) and isinstance(key[4], str))

    return isinstance(found, dict) and all(
        isinstance(variables, tuple) and all(is_strings(pair, 2) for pair in variables)
        and isinstance(by_key, dict) and all(
            is_key(key) and isinstance(rules, list)
            and all(isinstance(rule, RuleSet) for rule in rules)
            for key, rules in by_key.items())
        for variables, by_key in found.items())
