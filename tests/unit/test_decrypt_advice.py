"""What the report pane advises when an encrypted report cannot be read (docs/encryption.md):
the key only when the key is the problem."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hdtui.domain import decrypt_advice
from hdtui.domain.mail import Kind
from hdtui.domain.message import Message
from hdtui.domain.queue import DecryptState, Entry
from hdtui.domain.text import MailText


def _head(reason: str) -> str:
    from hdtui.ui.widgets.report_view import head_content
    message = Message(key="k", subject=MailText("Bug report: 0000000000000000000000000000000a"),
                      sender_address=MailText("devnull@tails.boum.org"),
                      date=datetime(2026, 11, 2, tzinfo=UTC), encrypted=True)
    return head_content(Entry(message, Kind.REPORT, None, DecryptState.FAILED,
                              reason)).plain


@pytest.mark.parametrize("reason", [
    decrypt_advice.NOT_OPENPGP, decrypt_advice.CORRUPT, decrypt_advice.BAD_ARMOUR,
    decrypt_advice.BAD_CRC,
])
def test_a_part_that_is_not_openpgp_or_is_damaged_does_not_blame_the_key(reason: str) -> None:
    head = _head(reason)
    assert f"decrypt: {reason}" in head
    assert "secret key" not in head and "[gpg] home" not in head
    assert "The key is not the problem" in head


def test_a_missing_secret_key_points_at_the_keyring() -> None:
    head = _head(decrypt_advice.NO_SECRET_KEY + " (encrypted to 0x1234)")
    assert "Check that the Help Desk secret key is in the GnuPG home of [gpg] home" in head


def test_gpg_that_cannot_run_points_at_gpg() -> None:
    head = _head(f"{decrypt_advice.GPG_DID_NOT_RUN}: [Errno 2] No such file: 'gpg'")
    assert "Check that gpg is installed" in head and "secret key" not in head
