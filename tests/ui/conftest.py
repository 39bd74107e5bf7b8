"""UI fixtures: a small real mailbox (Maildir + GnuPG) and make_app()."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES, bundled_dir
from hdtui.gpg import GpgCrypto
from hdtui.keymap import load_keymap
from hdtui.replies import load_templates
from hdtui.services.triage import Triage
from hdtui.sources.local import MaildirSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from hdtui.ui.app import HdtuiApp
from hdtui.ui.keys import binding_ids, is_valid_key
from tests.support.pgp import KeyPair, short_tmp, whisperback_message, write_maildir

DATA = Path(__file__).parent.parent / "data"
WB = DATA / "whisperback"
ISSUES = [
    {"iid": 101, "title": "Realtek RTL8723BE: no Wi-Fi networks listed",
     "description": "RTL8723BE [10ec:b723] lists no networks.\n\n## Standard reply\n\n"
                    "Add rtl8723be.fwlps=0 rtl8723be.ips=0 to the boot options.\n",
     "labels": ["C:Hardware support"], "state": "opened",
     "web_url": "https://gitlab.tails.boum.org/tails/tails/-/issues/101"},
    {"iid": 17183, "title": "Seahorse fails to import PGP public key", "description": "Seahorse",
     "labels": [], "state": "opened", "web_url": "https://example.invalid/17183"},
]


@pytest.fixture(scope="session")
def ui_mailbox(test_key: KeyPair, other_key: KeyPair) -> Iterator[Path]:
    """Six messages of every kind, written once for the UI tests."""
    root = short_tmp("hdu-")
    messages = {
        "1700000001.M1P1.t": whisperback_message(
            (WB / "tails-7.5-wifi.txt").read_text(encoding="utf-8"),
            "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64", test_key),
        "1700000002.M2P1.t": whisperback_message(
            (WB / "tails-5.14-old-fr.txt").read_text(encoding="utf-8"),
            "72e11dad9c9faf4d5a990800a3349dd", test_key, to="tails-bugs@boum.org"),
        "1700000003.M3P1.t": whisperback_message("Subject: secret\n", "abcdef0123456789abcd",
                                                 other_key),
        "1700000004.M4P1.t": b"From: FT <foundations@tails.net>\nTo: support@tails.net\n"
                             b"Subject: Please count Wi-Fi reports\n"
                             b"Date: Tue, 03 Nov 2026 10:00:00 +0000\n\nHow many?\n",
        "1700000005.M5P1.t": (DATA / "bad" / "markup-subject.eml").read_bytes(),
        "1700000006.M6P1.t": (DATA / "bad" / "binary.bin").read_bytes(),
    }
    write_maildir(root / "Maildir", messages)
    (root / "issues.json").write_text(json.dumps(ISSUES))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def make_app(ui_mailbox: Path, test_key: KeyPair,
             tmp_path: Path) -> Iterator[Callable[..., HdtuiApp]]:
    """Build the real app over the UI mailbox; every store is closed afterwards."""
    stores: list[LocalStore] = []

    def make(read_only: bool = False, keymap: str = "default",
             overrides: dict[str, str] | None = None) -> HdtuiApp:
        store = LocalStore(tmp_path / f"store{len(stores)}.json")
        stores.append(store)
        templates, _ = load_templates(bundled_dir("replies"))
        triage = Triage(MaildirSource(ui_mailbox / "Maildir"), GpgCrypto(test_key.home), store,
                        StaticTracker(ui_mailbox / "issues.json"), templates,
                        DEFAULT_TEAM_ADDRESSES, read_only)
        keys = load_keymap(keymap, overrides or {}, bundled_dir("keymaps"), binding_ids(),
                           is_valid_key)
        return HdtuiApp(triage, keys, keymap, "test mailbox")

    yield make
    for store in stores:
        store.close()


@pytest.fixture(autouse=True)
def _quick_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support.pilot import quick_keys

    quick_keys(monkeypatch)
