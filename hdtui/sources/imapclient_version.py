"""Provides ``imported``: imapclient, imported without ``importlib.metadata`` where it can be.

imapclient's ``version`` module asks ``importlib.metadata`` for the package's own version
when imapclient is imported. That lookup imports the metadata machinery (with ``zipfile``,
``csv`` and the email parser that reads the METADATA file) and scans every directory of
``sys.path``: 13-14 ms of CPU of the 37-43 ms that ``import imapclient`` takes, in the
early login's thread, which runs once a warm IMAP start has drawn its first frame
(docs/benchmarks.md, "Session 19: warm first rows").

An installed distribution carries its version in the name of its ``.dist-info``
directory, beside the package (``imapclient-4.1.0.dist-info``): ``imported`` reads it from
there and puts a module holding the two names imapclient's ``version`` module defines
(``version``, ``version_info``, made as that module makes them) in ``sys.modules`` before
imapclient is imported. When the version cannot be read so (another kind of install, more
than one such directory, a version not of the form imapclient's own code expects), or
imapclient then fails to import (a later imapclient asking its ``version`` module for
another name), imapclient is imported as it is, through ``importlib.metadata``.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import threading
from types import ModuleType

from hdtui.dist_info import dist_info_version

PACKAGE = "imapclient"
VERSION_MODULE = f"{PACKAGE}.version"
_lock = threading.Lock()


def imported() -> ModuleType:
    """The imapclient package, imported once (by whichever thread asks first)."""
    with _lock:
        module = sys.modules.get(PACKAGE)
        if module is not None:
            return module
        placed = _place_version()
        try:
            return importlib.import_module(PACKAGE)
        except Exception:
            # Any failure with the stand-in placed (an ImportError, or an AttributeError
            # of a later imapclient reading another name of its version module): nothing
            # of it may stay in sys.modules, or every later import would fail the same way.
            if not placed:
                raise
            for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
                del sys.modules[name]
            return importlib.import_module(PACKAGE)


def installed_version() -> str | None:
    """imapclient's version from the name of its one ``.dist-info`` directory beside the
    package, or None (not found, or not ``MAJOR.MINOR.MICRO`` in digits)."""
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        return None
    locations = list(spec.submodule_search_locations or ()) if spec is not None else []
    if len(locations) != 1:
        return None
    return dist_info_version(PACKAGE, os.path.dirname(os.path.abspath(locations[0])))


def _place_version() -> bool:
    """Put the stand-in for ``imapclient.version`` in ``sys.modules``; whether it was."""
    if VERSION_MODULE in sys.modules:
        return False
    version = installed_version()
    if version is None:
        return False
    major, minor, micro = version.split(".")
    module = ModuleType(VERSION_MODULE, "imapclient's version, read from its .dist-info's name "
                                        "(hdtui.sources.imapclient_version)")
    module.version = version  # type: ignore[attr-defined]
    module.version_info = (int(major), int(minor), int(micro), "final")  # type: ignore[attr-defined]
    sys.modules[VERSION_MODULE] = module
    return True
