"""Provides load_parsed_css and save_parsed_css: Textual's parsed CSS kept between starts.

The file (``css.pickle`` in the member's cache directory) holds Textual's own rule
objects, pickled: no other format can hold them without rebuilding them, which is the
parse it saves (docs/benchmarks.md, "Session 20: the first frame's CSS and imports").
Because unpickling runs what the file names, a file is read only when it is a regular
file owned by the member and writable by nobody else (mode without group or other
bits), and only classes of Textual, Rich and the few standard types its rules hold are
let through. The file starts with its format version, Textual's version (read from
Textual's ``.dist-info`` name: ``importlib.metadata`` would cost more than the parse)
and Python's; a file of another format, another Textual or another Python, a damaged
or foreign file is ignored and written again at the end of the session. Rules are kept
for the CSS text, the variables (the theme) and Textual's other parse arguments
together, so a changed ``app.tcss`` or theme is parsed again, never served stale.

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
import stat
import sys
from pathlib import Path
from typing import Any

from textual.css.stylesheet import Stylesheet

from hdtui.dist_info import dist_info_version
from hdtui.ui.parsed_css import Parsed, ParsedCss, RememberingStylesheet

FILE_NAME = "css.pickle"
FORMAT = 1
"""The layout of the file: ``(FORMAT, Textual's version, Python's version, start, later)``,
where start and later are pickles of ``parsed_css.Parsed`` (sorted variables to the rules
by ``parsed_css.ParseKey``): the rules the start used, and those used once the main
screen was complete (the dialogs'), unpickled only when a rule is not in the first."""
LIMIT = 4 * 1024 * 1024
"""A file larger than this is not read (hdtui's CSS makes about 200 KB)."""
ALLOWED_MODULES = ("textual.", "rich.")
ALLOWED_GLOBALS = {("functools", "partial"), ("fractions", "Fraction"),
                   ("builtins", "set"), ("builtins", "frozenset")}
"""Besides Textual's and Rich's names: what Textual's rules are pickled with (a selector's
checks are partial functions)."""
DICT_METHODS = ("get", "__contains__")
"""The bound methods of a dict that Textual's ``Styles`` keeps (pickled as ``getattr``)."""


class _Unpickler(pickle.Unpickler):
    """Unpickles only Textual's and Rich's names, a few standard ones, and ``getattr``
    narrowed to the two dict methods ``Styles`` holds. A guard in depth: what keeps
    another user's pickle out is the owner and mode check (``_owned_bytes``)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _dict_method
        if module.startswith(ALLOWED_MODULES) or (module, name) in ALLOWED_GLOBALS:
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
        data = _owned_bytes(directory / FILE_NAME)
    except OSError:
        return ParsedCss()
    if data is None:
        return ParsedCss()
    found = _unpickled(data)
    if not (isinstance(found, tuple) and len(found) == 5 and found[:3] == expected
            and isinstance(found[3], bytes) and isinstance(found[4], bytes)):
        return ParsedCss()
    start, later = _unpickled(found[3]), found[4]
    if not isinstance(start, dict):
        return ParsedCss()

    def read_later() -> Parsed:
        rules = _unpickled(later)
        return rules if isinstance(rules, dict) else {}

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
    path = directory / FILE_NAME
    partial = directory / f"{FILE_NAME}.{os.getpid()}.new"  # two sessions ending at once
    try:
        start, later = (pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
                        for part in parsed.used())
        data = pickle.dumps((*expected, start, later), protocol=pickle.HIGHEST_PROTOCOL)
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if partial.exists() or partial.is_symlink():
            partial.unlink()
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                             0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(partial, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        with contextlib.suppress(OSError):  # a full disk: nothing half-written stays
            partial.unlink()


def _unpickled(data: bytes) -> object:
    """What ``data`` holds, through the narrowed unpickler; None when it is damaged or
    names what is not allowed."""
    try:
        return _Unpickler(io.BytesIO(data)).load()
    except Exception:  # a damaged file: any error unpickling it
        return None


def _owned_bytes(path: Path) -> bytes | None:
    """The bytes of ``path`` if it is a regular file of this user that only this user can
    write, not larger than LIMIT; else None (a missing file raises OSError)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid()
                or info.st_mode & 0o077 or info.st_size > LIMIT):
            return None
        return file.read()
