"""Provides why an encrypted report could not be read and what to do, pure: reasons, advice().

`hdtui.gpg` names the reason in these words; the report pane adds the advice that fits it
(docs/encryption.md "Bad input on the encrypted path"). Only a missing secret key is a
matter of the member's keyring: a part that is empty, not OpenPGP or corrupt cannot be
read with any key, so pointing at the key there sends the member looking in the wrong place.
"""

from __future__ import annotations

NO_SECRET_KEY = "no secret key for this message in the keyring"
NOT_OPENPGP = "the encrypted part is empty or not OpenPGP data"
CORRUPT = "decryption failed (corrupt or truncated message)"
BAD_ARMOUR = "the encrypted part is not valid OpenPGP data (corrupt armour)"
BAD_CRC = "the armour is corrupt (CRC or base64 error)"
GPG_DID_NOT_RUN = "gpg could not run"

KEY_ADVICE = ("Check that the Help Desk secret key is in the GnuPG home of [gpg] home; "
              "the message stays in the queue.")
DAMAGED_ADVICE = ("The key is not the problem: the message itself holds no readable OpenPGP "
                  "message (damaged on the way, cut short, or never encrypted), so no key "
                  "can read it. It stays in the queue; ask the sender to send it again.")
GPG_ADVICE = ("Check that gpg is installed and that [gpg] home is a GnuPG home this "
              "account can use; the message stays in the queue.")
_DAMAGED = (NOT_OPENPGP, CORRUPT, BAD_ARMOUR, BAD_CRC)


def advice(reason: str) -> str:
    """What to do about a report that could not be decrypted for ``reason``."""
    if reason.startswith(_DAMAGED):
        return DAMAGED_ADVICE
    if reason.startswith(GPG_DID_NOT_RUN):
        return GPG_ADVICE
    # "no secret key …" and gpg's own words, which most often come from the keyring
    return KEY_ADVICE
