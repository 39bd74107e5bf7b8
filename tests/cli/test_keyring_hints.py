"""``scan`` and ``match`` say what ``sync`` says of reports they could not decrypt, from the
same function, with real keys: no GnuPG home; nothing decrypted (check the keyring); some
decrypted (the others are encrypted to another key). They used to give the keyring hint
(match) or nothing (scan) whatever the case (docs/encryption.md, "What the commands say of
undecryptable reports")."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdtui.gpg import no_home
from tests.cli.test_first_contact import ISSUES, run, write_config
from tests.support.pgp import KeyPair, kill_agent, whisperback_message

ROOT = Path(__file__).parents[2]
BODY = (ROOT / "tests" / "data" / "whisperback" / "anonymous.txt").read_text()
COMMANDS = {"scan": (), "match": ("--issues", str(ISSUES))}


def reports(folder: Path, *keys: KeyPair) -> Path:
    """A directory of WhisperBack reports, one encrypted to each key."""
    folder.mkdir()
    for number, key in enumerate(keys):
        (folder / f"report{number}.eml").write_bytes(
            whisperback_message(BODY, f"{number:032x}", key))
    return folder


def said(command: str, home: Path, folder: Path) -> str:
    result = run(command, *COMMANDS[command], str(folder), home=home)
    assert result.returncode in (0, 1), result.stderr  # match: 1 when nothing matched
    return result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_no_gnupg_home_is_said_as_such(command: str, xdg: Path, test_key: KeyPair) -> None:
    write_config(xdg, "")  # no [gpg] home, no GNUPGHOME, and no ~/.gnupg
    stderr = said(command, xdg, reports(xdg / "mail", test_key))
    assert stderr == (f"hdtui: 1 encrypted reports not read: {no_home(xdg / '.gnupg')}.\n")
    assert not (xdg / ".gnupg").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_nothing_decrypted_sends_the_member_to_the_keyring(
        command: str, xdg: Path, test_key: KeyPair, other_key: KeyPair) -> None:
    write_config(xdg, f'[gpg]\nhome = "{test_key.home}"\n')
    try:
        stderr = said(command, xdg, reports(xdg / "mail", other_key, other_key))
    finally:
        kill_agent(test_key.home)
    assert stderr.startswith(f"Reports that could not be decrypted: check that [gpg] home "
                             f"({test_key.home}) holds the Help Desk's secret key")
    assert "encrypted to a key this keyring lacks" not in stderr
    why = ("the problems of each report say why it failed." if command == "scan"
           else "`hdtui scan FILE...` says why each report failed.")
    assert stderr.endswith(why + "\n")


@pytest.mark.parametrize("command", COMMANDS)
def test_some_decrypted_says_the_others_are_encrypted_to_another_key(
        command: str, xdg: Path, test_key: KeyPair, other_key: KeyPair) -> None:
    write_config(xdg, f'[gpg]\nhome = "{test_key.home}"\n')
    try:
        stderr = said(command, xdg, reports(xdg / "mail", test_key, other_key, test_key))
    finally:
        kill_agent(test_key.home)
    # The keyring works: the hint to check it would send the member the wrong way.
    assert "check that [gpg] home" not in stderr
    where = ("the problems of each say the key IDs gpg named" if command == "scan"
             else "`hdtui scan FILE...` names, for each, the key IDs gpg named")
    assert stderr == ("1 reports are encrypted to a key this keyring lacks (2 were decrypted "
                      f"with it); {where}.\n")
