"""Provides ``run_while_held``: a command run while this process holds the demo's store,
as a member's open TUI holds it, for the commands that read a snapshot of a store in use
(`hdtui stats`, `hdtui followups`: docs/store.md, "Reading a store in use")."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

R = TypeVar("R")


def run_while_held(command: Callable[[], R]) -> tuple[R, bool]:
    """``command``'s result, run while the demo's store is held, and whether every file
    of the store's directory stayed the same, byte for byte."""
    from hdtui.config import Config
    from hdtui.store import LocalStore
    from hdtui.wiring import store_path

    path = store_path(Config(), demo=True)
    owner = LocalStore(path)
    try:
        before = _digests(path.parent)
        result = command()
        after = _digests(path.parent)
    finally:
        owner.close()
    return result, before == after


def _digests(directory: Path) -> dict[str, str]:
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest()
            for f in directory.iterdir() if f.is_file()}
