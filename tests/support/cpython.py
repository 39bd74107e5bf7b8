"""Finds the CPython standard library's email test data (test/test_email/data)."""

from __future__ import annotations

import glob
import sysconfig
from pathlib import Path


def email_test_data() -> Path:
    """The data directory; test.sh installs Debian's libpython3.X-testsuite if needed."""
    candidates = [Path(sysconfig.get_paths()["stdlib"]) / "test" / "test_email" / "data"]
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/python3*/test/test_email/data"))]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise AssertionError(
        "CPython's email test data is missing: install Debian's libpython3.X-testsuite "
        "(./test.sh does) or use a Python that ships its test package."
    )
