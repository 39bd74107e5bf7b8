"""Writes keymaps/default.toml from the bindings declared in code (run after adding a key).

    .venv/bin/python scripts/keymap_default.py

tests/unit/test_keymap.py fails while the file and the code disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hdtui.ui.keys import iter_bindings  # noqa: E402

HEADER = """\
# hdtui default keymap: "binding-id" = "keys" (comma-separated alternatives).
# These are the keys declared in code (a test keeps them equal). To change one key, copy
# its line into [keymap_overrides] of your config; for a whole set, make your own file and
# name it with `keymap = "path/to/file.toml"`. `?` in the app lists keys and ids.\
"""


def main() -> None:
    lines = [HEADER]
    where_before = None
    for where, binding in iter_bindings():
        if where != where_before:
            lines.append(f"\n# {where}")
            where_before = where
        lines.append(f'"{binding.id}" = "{binding.key}"  # {binding.description}')
    (ROOT / "keymaps" / "default.toml").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
