"""Writes keymaps/default.toml, and the keys table of README.md, from the bindings declared
in code (run after adding or changing a key).

    .venv/bin/python scripts/keymap_default.py

tests/unit/test_keymap.py fails while the file and the code disagree.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hdtui.ui.keys import display_keys, iter_bindings  # noqa: E402

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
    write_readme_table()


def write_readme_table() -> None:
    """Replace the keys table of README.md (every binding, default and vim keys)."""
    vim = tomllib.loads((ROOT / "keymaps" / "vim.toml").read_text())
    rows = ["| default | vim | action | where | id |", "|---|---|---|---|---|"]
    for where, binding in iter_bindings():
        other = f"`{display_keys(vim[binding.id])}`" if binding.id in vim else ""
        rows.append(f"| `{display_keys(binding.key)}` | {other} | {binding.description} | "
                    f"{where} | `{binding.id}` |")
    readme = (ROOT / "README.md").read_text()
    start = readme.index(rows[0])
    end = readme.index("\n\n", start) + 1
    (ROOT / "README.md").write_text(readme[:start] + "\n".join(rows) + "\n" + readme[end:])


if __name__ == "__main__":
    main()
