"""Provides ``dist_info_version``: an installed package's version without ``importlib.metadata``.

An installed distribution carries its version in the name of its ``.dist-info`` directory,
beside the package (``imapclient-4.1.0.dist-info``). Reading that name costs one
directory listing; asking ``importlib.metadata`` imports its machinery and scans every
directory of ``sys.path`` (13-14 ms of CPU: docs/benchmarks.md, "Session 19: warm first
rows"). Used for imapclient (``hdtui.sources.imapclient_version``) and to key the cache
of Textual's parsed CSS by Textual's version (``hdtui.css_cache``).
"""

from __future__ import annotations

import os


def dist_info_version(package: str, parent: str) -> str | None:
    """The version of ``package`` from the name of its one ``.dist-info`` directory in
    ``parent`` (the directory holding the package), or None: not found, more than one, or
    not ``MAJOR.MINOR.MICRO`` in digits."""
    try:
        names = os.listdir(parent)
    except OSError:
        return None
    prefix = package.lower() + "-"  # the distribution's name matched case-insensitively
    found = [name[len(prefix):-len(".dist-info")] for name in names
             if name.lower().startswith(prefix) and name.endswith(".dist-info")]
    if len(found) != 1:
        return None
    parts = found[0].split(".")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    return found[0]
