"""Provides parsed_toml: the table of a TOML file (the config, a keymap), as an earlier
start parsed it when the file's text has not changed since.

Importing Python's ``tomllib`` costs a start about 10 ms of CPU (it compiles its regular
expressions at import), ten times what parsing the config and the keymap takes, and
nothing else before the first frame needs it (docs/benchmarks.md, "Session 26: the
config and the keymap without tomllib"). So each table parsed is kept in ``toml.json``
in the member's cache directory beside the exact text it was parsed from, and a file
whose text is the same is answered from there: a changed file is always parsed again,
whatever its size or time stamps say.

Only a table that JSON holds exactly is kept (strings, integers, floats, booleans, arrays
and tables: a date or a time would come back as another type); one that holds a date is
parsed at every start. The file is read only when it is a regular file of the member's
that no one else can write (``owned_file``); a damaged one, one of another format or of
another shape is ignored and written again; entries of files that are gone are dropped
when it is written. A failure to read or write it is ignored: it only saves time. A file
that is not valid TOML is never kept, so its error is the parser's, as without the cache.
A caller may refuse a table (``keep_if``): the config keeps only a table it accepts, so a
secret written into it (which hdtui refuses to read from a file, docs/config.md) is never
copied to the cache, and an entry kept for an earlier text of that file is dropped.
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hdtui.owned_file import owned_bytes, write_owned

FILE_NAME = "toml.json"
FORMAT = 1
"""The layout of the file: ``{"format": FORMAT, "files": {path: {"text": the file's
text, "table": its table}}}``. A file of another format is ignored and replaced."""
LIMIT = 1024 * 1024
"""A file larger than this is not read (a config and two keymaps make about 10 KB)."""


def parsed_toml(path: Path, cache: Path | None,
                keep_if: Callable[[dict[str, Any]], bool] | None = None) -> dict[str, Any]:
    """The table of the TOML file ``path``, from the cache directory ``cache`` when it
    kept this very text (None: parsed, nothing kept). A table parsed anew is kept only
    when ``keep_if`` (if given) says so. Raises what reading the file raises (OSError,
    UnicodeDecodeError) and, for a text that is not TOML, ``tomllib.TOMLDecodeError`` (a
    ValueError: ``tomllib`` is imported only to parse)."""
    text = path.read_text(encoding="utf-8")
    key = str(path)
    kept = _kept(cache) if cache is not None else {}
    entry = kept.get(key)
    if isinstance(entry, dict) and entry.get("text") == text:
        table = entry.get("table")
        if isinstance(table, dict):
            return table
    import tomllib  # a file not seen before, or changed since

    table = tomllib.loads(text)
    if cache is None:
        return table
    if _exact_in_json(table) and (keep_if is None or keep_if(table)):
        kept[key] = {"text": text, "table": table}
        _keep(cache, kept)
    elif kept.pop(key, None) is not None:  # an earlier text's table: not kept beside this
        _keep(cache, kept)
    return table


def _kept(cache: Path) -> dict[str, Any]:
    """The files' entries in ``cache``'s file; empty when there is none or it is not the
    member's own, damaged, or of another format."""
    try:
        data = owned_bytes(cache / FILE_NAME, LIMIT)
        found = json.loads(data) if data is not None else None
    except (OSError, ValueError):  # a missing or unreadable file; damaged JSON
        return {}
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        return {}
    files = found.get("files")
    return files if isinstance(files, dict) else {}


def _keep(cache: Path, files: dict[str, Any]) -> None:
    """Write ``files`` (those still on disk) to ``cache``'s file; nothing is raised."""
    present = {name: entry for name, entry in files.items() if Path(name).is_file()}
    with contextlib.suppress(OSError, ValueError):
        data = json.dumps({"format": FORMAT, "files": present}, ensure_ascii=False)
        write_owned(cache / FILE_NAME, data.encode("utf-8"))


def _exact_in_json(value: object) -> bool:
    """Whether ``value`` comes back from JSON as it is: no date or time (TOML's other
    types), no float JSON cannot write (an infinity, not a number)."""
    if isinstance(value, dict):
        return all(_exact_in_json(item) for item in value.values())
    if isinstance(value, list):
        return all(_exact_in_json(item) for item in value)
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str | int)  # bool is an int
