"""Finding a user's pasted public key, and judging a key before it is imported (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from hdtui.domain.mail import Kind
from hdtui.domain.message import Message
from hdtui.domain.openpgp import (
    BEGIN,
    END,
    MAX_KEY_BLOCK,
    KeyDetails,
    attachment_key_blocks,
    best_uid,
    check_key,
    entry_key_blocks,
    find_key_blocks,
    is_key_attachment,
    key_state,
    normal_fingerprint,
    short_fingerprint,
    uid_email,
)
from hdtui.domain.queue import DecryptState, Entry
from hdtui.domain.report import parse_report
from hdtui.domain.text import MailText
from hdtui.mime import key_attachments

WB = Path(__file__).parents[1] / "data" / "whisperback"
NOW = datetime(2026, 6, 1, tzinfo=UTC)
FPR = "7904CECA19BCAE4037BCAF071B53C86347FF876B"
BODY = "mDMEZxQ1YhYJKwYBBAHaRw8BAQdAAAAA\ntBlRdWlsbCBPdHRlciA8cXVpbGw+\n=AbCd"
BLOCK = f"{BEGIN}\n\n{BODY}\n{END}"


def report_entry(body: str) -> Entry:
    message = Message(key="INBOX:1", subject=MailText("Bug report: abc123"), encrypted=True)
    return Entry(message, Kind.REPORT, parse_report(body, "abc123"), DecryptState.DECRYPTED)


def mail_entry(text: str) -> Entry:
    return Entry(Message(key="INBOX:2", subject=MailText("help"), text=MailText(text)),
                 Kind.SUPPORT)


# --- finding blocks ----------------------------------------------------------------------


def test_a_block_pasted_in_a_mail_is_found_whole() -> None:
    (block,) = find_key_blocks(f"Hello,\nmy key:\n\n{BLOCK}\n\nThanks\n", "in the mail")
    assert block.text == BLOCK and block.usable and block.where == "in the mail"
    assert block.size > len(BODY)


def test_quoted_and_indented_blocks_lose_their_quote_marks() -> None:
    quoted = "\n".join(f"> > {line}" for line in BLOCK.split("\n"))
    indented = "\n".join(f"    {line}" for line in BLOCK.split("\n"))
    assert find_key_blocks(f"On Monday you wrote:\n{quoted}\n", "x")[0].text == BLOCK
    assert find_key_blocks(indented, "x")[0].text == BLOCK


def test_every_block_is_found_and_a_cut_one_says_so() -> None:
    two = find_key_blocks(f"{BLOCK}\nand my old one\n{BLOCK.replace('AAAA', 'BBBB')}", "x")
    assert len(two) == 2 and all(b.usable for b in two)
    (unended,) = find_key_blocks(f"key:\n{BEGIN}\n\n{BODY}\n", "x")
    assert not unended.usable and "no END line" in unended.problem
    first, second = find_key_blocks(f"{BEGIN}\n\nAAAA\n{BLOCK}", "x")
    assert "a second key block begins" in first.problem and second.text == BLOCK


def test_a_huge_block_is_refused_without_keeping_its_text() -> None:
    line = "A" * 64
    huge = "\n".join([BEGIN, "", *([line] * (MAX_KEY_BLOCK // 64 + 10)), END])
    (block,) = find_key_blocks(huge, "in the mail")
    assert not block.usable and block.text == ""
    assert block.size > MAX_KEY_BLOCK
    assert "more than the 256 kB hdtui reads" in block.problem
    assert "export-minimal" in block.problem


def test_text_without_a_block_has_none() -> None:
    assert find_key_blocks("", "x") == ()
    assert find_key_blocks("-----BEGIN PGP MESSAGE-----\nhQIM\n-----END PGP MESSAGE-----",
                           "x") == ()
    assert find_key_blocks(f"inline {BEGIN} is not a block line", "x") == ()


def test_the_pasted_key_of_a_whisperback_report_is_found() -> None:
    entry = report_entry((WB / "pasted-key.txt").read_text(encoding="utf-8"))
    (block,) = entry_key_blocks(entry)
    assert block.where == "in the report" and block.text.endswith("=FAKE\n" + END)


def test_a_key_in_the_answers_and_one_in_the_debug_information_are_both_found() -> None:
    other = BLOCK.replace("AAAA", "CCCC")
    nested = "\n".join(f"> {line}" for line in other.split("\n"))
    body = (f"Subject: mail\nFrom: zoe@example.org\n\nWhat happened?\n--------------\n\n"
            f"Please answer encrypted:\n{BLOCK}\n\nIt failed.\n\n"
            "======= content of /home/amnesia/Persistent =======\n"
            ">  === content of /home/amnesia/Persistent/key.asc ===\n"
            f"{nested}\n")
    blocks = entry_key_blocks(report_entry(body))
    assert [b.text for b in blocks] == [BLOCK, other]
    assert blocks[1].where.startswith("in the debug information (")


def test_the_same_key_found_twice_is_offered_once() -> None:
    text = f"{BLOCK}\n\nagain, in case:\n\n{BLOCK}\n"
    assert len(entry_key_blocks(mail_entry(text))) == 1
    assert entry_key_blocks(mail_entry("no key here")) == ()


# --- attachments ---------------------------------------------------------------------------


def test_key_attachments_are_told_by_type_or_name_but_not_signatures() -> None:
    assert is_key_attachment("zoe.asc", "text/plain")
    assert is_key_attachment("", "application/pgp-keys; name=x")
    assert is_key_attachment("0x1234.pub", "application/octet-stream")
    assert not is_key_attachment("signature.asc", "application/pgp-signature")
    assert not is_key_attachment("encrypted.asc", "application/pgp-encrypted")
    assert not is_key_attachment("photo.jpg", "image/jpeg")


def test_an_attached_binary_key_says_it_must_be_armoured() -> None:
    (binary,) = attachment_key_blocks("key.gpg", "application/pgp-keys", b"\x99\x01\x0d\x04")
    assert not binary.usable and "ASCII-armoured" in binary.problem
    assert binary.where == "in the attachment key.gpg"
    assert attachment_key_blocks("notes.asc", "text/plain", b"just notes") == ()
    (armoured,) = attachment_key_blocks("zoe.asc", "text/plain",
                                        BLOCK.replace("\n", "\r\n").encode())
    assert armoured.text == BLOCK


def test_key_attachments_are_read_from_the_raw_message() -> None:
    mail = EmailMessage()
    mail["From"] = "zoe@example.org"
    mail["Subject"] = "my key"
    mail.set_content("Here is my key.\n")
    mail.add_attachment(BLOCK.encode(), maintype="application", subtype="pgp-keys",
                        filename="zoe.asc")
    mail.add_attachment(b"-----BEGIN PGP SIGNATURE-----\n", maintype="application",
                        subtype="pgp-signature", filename="signature.asc")
    (block,) = key_attachments(mail.as_bytes())
    assert block.text == BLOCK and block.where == "in the attachment zoe.asc"
    assert key_attachments(b"not mail at all") == ()


# --- judging a key -------------------------------------------------------------------------


def key(**changes: object) -> KeyDetails:
    values: dict[str, object] = {
        "fingerprint": FPR, "uids": ("Zoë <zoe@example.org>",),
        "created": NOW - timedelta(days=300), "expires": NOW + timedelta(days=65),
        "validity": "-", "can_encrypt": True}
    values.update(changes)
    return KeyDetails(**values)  # type: ignore[arg-type]


def test_a_good_key_for_the_reply_address_has_nothing_to_say() -> None:
    check = check_key(key(), ["Zoë <ZOE@example.org>"], NOW)
    assert check.usable and check.warnings == ()
    assert key_state(key(), NOW) == "can encrypt, expires 2026-08-05"
    assert key_state(key(expires=None), NOW) == "can encrypt, does not expire"


def test_unusable_keys_are_refused_with_what_to_ask_the_user() -> None:
    to = ["zoe@example.org"]
    revoked = check_key(key(validity="r", can_encrypt=False), to, NOW)
    assert not revoked.usable and "revoked" in revoked.refusal
    assert "7904 CECA 19BC AE40 37BC AF07 1B53 C863 47FF 876B" in revoked.refusal
    expired = check_key(key(expires=NOW - timedelta(days=1)), to, NOW)
    assert "expired on 2026-05-31" in expired.refusal and "extend" in expired.refusal
    assert "expired" in check_key(key(validity="e", expires=None), to, NOW).refusal
    sign_only = check_key(key(can_encrypt=False), to, NOW)
    assert "no usable encryption subkey" in sign_only.refusal
    secret = check_key(key(secret=True), to, NOW)
    assert "SECRET key" in secret.refusal
    assert "disabled" in check_key(key(validity="d"), to, NOW).refusal


def test_a_key_for_another_address_or_among_others_warns_but_is_usable() -> None:
    check = check_key(key(), ["someone@example.net"], NOW, others=2)
    assert check.usable
    stranger, more = check.warnings
    assert "someone@example.net" in stranger and "user's own key" in stranger
    assert "2 other keys" in more and "only this one is imported" in more


def test_fingerprints_and_user_ids_as_people_read_them() -> None:
    assert short_fingerprint(FPR) == "1B53 C863 47FF 876B"
    assert normal_fingerprint("0x7904 ceca 19bc ae40 37bc  af07 1b53 c863 47ff 876b") == FPR
    assert normal_fingerprint("0x1B53C86347FF876B") is None
    assert uid_email("Zoë Ünïcode <Zoe@Example.org>") == "zoe@example.org"
    assert uid_email("zoe@example.org") == "zoe@example.org"
    assert uid_email("Just a name") == ""
    two = key(uids=("Zoë (work) <zoe@work.example>", "Zoë <zoe@example.org>"))
    assert best_uid(two, ["zoe@example.org"]) == "Zoë <zoe@example.org>"
    assert best_uid(two, ["other@example.org"]) == "Zoë (work) <zoe@work.example>"
