"""Provides FolderFiles: shared folders kept as message files in a directory, for the demo
(it has no IMAP server): the team folder of hand-off notes and records (docs/shift.md).

Each folder is a directory of ``<uid>.eml`` files under the root; a write takes the next
number. Folders given as ``bundled`` (the demo's note from a previous shift) are copied in
the first time the folder is read, never changed where they ship.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from hdtui.errors import SourceError


class FolderFiles:
    """Shared folders as files (the demo's team folder): the methods of a live mailbox
    the shift service uses for them."""

    def __init__(self, root: Path, bundled: Path | None = None) -> None:
        self.root = root
        self.bundled = bundled

    def folder_name(self, name: str) -> str:
        """The folder's name as it is (``/`` between levels)."""
        return name

    def _dir(self, folder: str) -> Path:
        parts = [p for p in folder.split("/") if p not in ("", ".", "..")]
        path = self.root.joinpath(*parts)
        if not path.exists() and self.bundled is not None:
            shipped = self.bundled.joinpath(*parts)
            if shipped.is_dir():
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                shutil.copytree(shipped, path)
        return path

    def has_folder(self, folder: str) -> bool:
        """Whether the folder's directory exists (or ships with the demo)."""
        return self._dir(folder).is_dir()

    def create_folder(self, folder: str) -> None:
        """Create the folder's directory (owner-only)."""
        try:
            self._dir(folder).mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise SourceError(f"Cannot create {folder}: {error.strerror}.") from error

    def _uids(self, folder: str) -> dict[int, Path]:
        path = self._dir(folder)
        if not path.is_dir():
            return {}
        return {int(p.stem): p for p in path.glob("*.eml") if p.stem.isdigit()}

    def append(self, folder: str, data: bytes, flags: Sequence[str] = ("\\Seen",)) -> None:
        """Write the message as the folder's next file."""
        path = self._dir(folder)
        uid = max(self._uids(folder), default=0) + 1
        try:
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path / f"{uid}.eml", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
        except OSError as error:
            raise SourceError(f"Cannot write to {folder}: {error.strerror}.") from error

    def folder_headers(self, folder: str, fields: Sequence[str]
                       ) -> dict[int, tuple[bytes, datetime | None]] | None:
        """Every message's header (all fields: the callers pick theirs) and its file's
        time; None when the folder does not exist."""
        if not self.has_folder(folder):
            return None
        # The email package is imported by the first read, after the first frame
        # (docs/benchmarks.md, "Warm start imports", session 11).
        from email.parser import BytesHeaderParser
        from email.utils import parsedate_to_datetime

        found: dict[int, tuple[bytes, datetime | None]] = {}
        for uid, path in self._uids(folder).items():
            data = path.read_bytes()
            header = data.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
            parsed = BytesHeaderParser().parsebytes(header)
            when = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            if parsed.get("Date"):
                with contextlib.suppress(TypeError, ValueError):
                    when = parsedate_to_datetime(str(parsed["Date"]))
            found[uid] = (header, when)
        return found

    def folder_bodies(self, folder: str, uids: Sequence[int]) -> dict[int, bytes]:
        """The whole messages by UID."""
        files = self._uids(folder)
        return {uid: files[uid].read_bytes() for uid in uids if uid in files}
