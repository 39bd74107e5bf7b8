"""What the tests skip without is what `scripts/setup.sh dev` installs: on a fresh Debian
machine (a new CI machine, a newcomer's `./test.sh`) a test that skips for a missing
program is a test that never runs. Session 25 found the two NeoMutt end-to-end files
skipped there: NeoMutt came only with `setup.sh bench`, installed by hand on this VM."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_OF = {"tmux": "tmux", "neomutt": "neomutt", "gpg": "gnupg", "faketime": "faketime"}
"""The Debian package that brings each program a test looks for."""


def dev_packages() -> set[str]:
    """The Debian packages `scripts/setup.sh dev` installs (its packages+=(...) lines, the
    bench-only line left out)."""
    script = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    names = set(re.findall(r"^packages=\(([^)]*)\)", script, re.M)[0].split())
    for line in script.splitlines():
        if "packages+=(" in line and "bench" not in line:
            names.update(line.split("packages+=(", 1)[1].split(")", 1)[0].split())
    return names


def test_every_program_a_test_skips_without_is_installed_by_setup_dev() -> None:
    looked_for = {name for path in (ROOT / "tests").rglob("*.py")
                  for name in re.findall(r'shutil\.which\("([\w.-]+)"\)',
                                         path.read_text(encoding="utf-8"))}
    assert looked_for <= PACKAGE_OF.keys(), f"add its package: {looked_for - PACKAGE_OF.keys()}"
    missing = {PACKAGE_OF[name] for name in looked_for} - dev_packages()
    assert not missing, f"scripts/setup.sh dev does not install {missing}"
