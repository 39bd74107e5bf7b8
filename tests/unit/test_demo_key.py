"""The demo key is imported once; later starts do not ask gpg (docs/benchmarks.md, "Warm
start imports", session 9)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hdtui.gpg import GpgCrypto
from hdtui.wiring import DEMO_KEY_IMPORTED, demo_crypto, demo_gpg_home


def test_the_demo_key_is_imported_once_then_gpg_is_not_asked(
        xdg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = demo_crypto()
    home = demo_gpg_home()
    assert first.secret_fingerprints()
    assert (home / DEMO_KEY_IMPORTED).is_file()
    first.stop_agent()

    def asked(self: GpgCrypto) -> list[str]:
        raise AssertionError("gpg was asked for the demo's secret keys")

    with monkeypatch.context() as patch:
        patch.setattr(GpgCrypto, "secret_fingerprints", asked)
        assert demo_crypto().home == home


def test_an_emptied_demo_keyring_gets_the_key_again(xdg: Path) -> None:
    demo_crypto().stop_agent()
    home = demo_gpg_home()
    shutil.rmtree(home / "private-keys-v1.d")  # the mark alone is not trusted
    crypto = demo_crypto()
    try:
        assert crypto.secret_fingerprints()
    finally:
        crypto.stop_agent()
