"""Measures memory in a Python process of its own, the process's shared tables kept from
growing in the measure.

Memory traced around a call counts the growth of the process's shared tables too: a
table that doubles while the call adds its entries is counted whole, and whether it
doubles there depends on what was added to it before. ``WordSet``'s vocabulary and
``facts_codec``'s shared values hold what the tests that ran before added: a process of
its own (``printed``) starts them empty. The interpreter's table of interned strings
holds what every import interned, a number that moves with any change of what is
imported: its doubling from 32,768 to 65,536 slots is a block of 0.96 MB, from 65,536 to
131,072 one of 1.9 MB (480 and 960 bytes a report over 2,000 reports). The strings a
measure's decoding interns are interned before it (``interned``), so that the table gets
no entry in it; the measure adds their size where it counts them (docs/benchmarks.md,
"Session 18: the compact facts' memory tests, whatever ran before").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def printed(script: str) -> str:
    """What ``script`` (dedented) prints, run with this checkout's ``hdtui`` and
    ``tests`` importable; AssertionError with its stderr when it fails."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script)],
                          capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def interned(texts: Iterable[str]) -> list[str]:
    """Every string in the JSON ``texts`` (an object's keys and values, a list's items),
    interned (``sys.intern``); kept by the caller until its measure ends, since a string
    interned and then freed leaves a slot the table does not use again."""
    kept: list[str] = []
    values: list[Any] = [json.loads(text) for text in texts]
    while values:
        value = values.pop()
        if type(value) is str:
            kept.append(sys.intern(value))
        elif type(value) is list:
            values.extend(value)
        elif type(value) is dict:
            values.extend(value)
            values.extend(value.values())
    return kept
