"""The README's code tree ("## The code") names every module of hdtui's top level and of
its adapter and service packages: a newcomer reads it to find where a thing lives, and
session 25 found twelve modules missing from it (greeting.py, sync_owner.py, ...)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("", "sources", "tracker", "outbound", "releases", "services")
"""hdtui's top level and the packages whose every module the tree lists (domain/ and ui/
are described by what they hold, not file by file)."""


def code_tree() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## The code\n", 1)[1]
    return section.split("```", 2)[1]


def test_the_readme_code_tree_names_every_module() -> None:
    tree = code_tree()
    missing = []
    for package in PACKAGES:
        for module in sorted((ROOT / "hdtui" / package).glob("*.py")):
            if module.name == "__init__.py":
                continue
            if not re.search(rf"(?<![\w.]){re.escape(module.stem)}\b", tree):
                missing.append(f"{package}/{module.name}".lstrip("/"))
    assert not missing, f"not in the README's code tree: {missing}"
