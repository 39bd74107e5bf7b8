"""Pilot tests of importing a user's pasted key from the compose screen, with real gpg and
the real services over a Maildir: the key binding exists only when a key is pasted, the
key is shown and asked about first, and the header then says what the reply is encrypted
to. Bad keys say why, and the draft stays as it was."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import OptionList, Static, TextArea

from hdtui.config import DEFAULT_TEAM_ADDRESSES, bundled_dir
from hdtui.domain.compose import Draft
from hdtui.domain.openpgp import short_fingerprint, spaced_fingerprint
from hdtui.gpg import GpgCrypto
from hdtui.outbound.demo import DemoMailer
from hdtui.replies import load_templates
from hdtui.services.acting import Actions
from hdtui.services.triage import Triage
from hdtui.sources.local import MaildirSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from hdtui.ui.screens.compose import ComposeOutcome, ComposeScreen
from hdtui.ui.screens.confirm import ConfirmScreen
from hdtui.ui.screens.pick import PickScreen
from tests.support.compose_host import ComposeHost
from tests.support.pgp import (
    KeyPair,
    make_key,
    public_block,
    revoke,
    short_tmp,
    whisperback_message,
    write_maildir,
)
from tests.support.pilot import shown

ROOT = Path(__file__).parents[2]
WIFI = (ROOT / "tests" / "data" / "whisperback" / "tails-7.5-wifi.txt").read_text()
CONTACT = "kestrel-742@example.org"
SIZE = (100, 36)


def with_key(block: str) -> str:
    head, debug = WIFI.split("======= content of", 1)
    return f"{head.rstrip()}\n\n{block.strip()}\n\n\n======= content of{debug}"


@dataclass
class Mailbox:
    actions: Actions
    triage: Triage
    desk: KeyPair
    person: KeyPair
    friend: KeyPair

    def draft(self, report_id: str) -> Draft:
        key = next(r.key for r in self.triage.snapshot().rows if r.report_id == report_id)
        template = next(t for t in self.triage.templates if t.language == "en")
        return self.actions.reply(key, template)[0]

    def in_ring(self, fingerprint: str) -> bool:
        return GpgCrypto(self.desk.home).key_for(fingerprint).found


@pytest.fixture
def mailbox(tmp_path: Path) -> Iterator[Mailbox]:
    """Reports with a pasted key, none, a revoked key, and two keys in one block."""
    desk = make_key("help-desk@tails.invalid")
    person = make_key(CONTACT)
    friend = make_key("friend@example.net")
    withdrawn = make_key(CONTACT)
    revoke(withdrawn)
    root = short_tmp("hdc-")
    write_maildir(root / "Maildir", {
        "1.M1.t": whisperback_message(with_key(public_block(person)), "aaaa0001", desk),
        "2.M2.t": whisperback_message(WIFI, "aaaa0002", desk),
        "3.M3.t": whisperback_message(with_key(public_block(withdrawn)), "aaaa0003", desk),
        "4.M4.t": whisperback_message(with_key(public_block(friend, person)), "aaaa0004",
                                      desk),
    })
    withdrawn.close()
    store = LocalStore(tmp_path / "store.json")
    templates, _ = load_templates(bundled_dir("replies"))
    triage = Triage(MaildirSource(root / "Maildir"), GpgCrypto(desk.home), store,
                    StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), templates,
                    DEFAULT_TEAM_ADDRESSES)
    triage.inbox()
    actions = Actions(triage, DemoMailer(tmp_path / "outbox"), GpgCrypto(desk.home), None,
                      None, "Tails Help Desk <help-desk@tails.invalid>", "tails-bugs@boum.org")
    yield Mailbox(actions, triage, desk, person, friend)
    store.close()
    for key in (desk, person, friend):
        key.close()
    shutil.rmtree(root, ignore_errors=True)


async def until(pilot: Pilot[object], condition: Callable[[], bool], what: str) -> None:
    """Wait for a condition (workers run gpg in threads), at most 15 seconds."""
    for _ in range(300):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def text(app: ComposeHost, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def compose(app: ComposeHost) -> ComposeScreen:
    screen = app.screen
    assert isinstance(screen, ComposeScreen), screen
    return screen


async def opened(pilot: Pilot[object], app: ComposeHost) -> ComposeScreen:
    """The compose screen, once its look for a pasted key is over (its workers are
    started once it is mounted: none running before says nothing)."""
    screen: ComposeScreen = await shown(pilot, ComposeScreen, "the compose screen",
                                        timeout=15)
    await until(pilot, lambda: all(w.is_finished for w in screen.workers),  # pending too
                "the key search")
    return screen


async def test_the_import_key_shows_only_with_a_pasted_key(mailbox: Mailbox) -> None:
    app = ComposeHost(mailbox.draft("aaaa0002"), keys=mailbox.actions)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app)
        assert screen.key_blocks == ()
        assert "ctrl+g" not in screen.active_bindings  # hidden from the footer
        assert not screen.query_one("#compose-key", Static).display
        await pilot.press("ctrl+g")
        await pilot.pause(0.2)
        assert app.screen is screen  # nothing asked, nothing imported, and it says why
        assert text(app, "#compose-error") == "No OpenPGP public key is pasted in this message."
    assert not mailbox.in_ring(mailbox.person.fingerprint)


async def test_a_pasted_key_is_shown_asked_about_imported_and_the_header_says_so(
        mailbox: Mailbox) -> None:
    person, desk = mailbox.person, mailbox.desk
    app = ComposeHost(mailbox.draft("aaaa0001"), keys=mailbox.actions)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app)
        assert screen.active_bindings["ctrl+g"].enabled
        assert text(app, "#compose-key") == \
            "A public key is pasted in the report: ctrl+g to import it (asks first)."
        assert "UNENCRYPTED" in text(app, "#compose-encryption")
        # The notice names the key that imports (it said "import the key first").
        assert "(ctrl+g imports the pasted key, then it is encrypted)" in text(
            app, "#compose-encryption")
        body = screen.query_one("#compose-body", TextArea)
        body.move_cursor(body.document.end)
        await pilot.press(*"PS: kept")
        await pilot.press("ctrl+g")
        await until(pilot, asking(app), "the question")
        asked = text(app, "#confirm-body")
        assert spaced_fingerprint(person.fingerprint) in asked
        assert f"User ID: Autogenerated Key <{CONTACT}>" in asked
        assert "State: can encrypt, expires" in asked
        assert "⚠" not in asked  # the user ID is the reply's address: nothing to warn
        assert not mailbox.in_ring(person.fingerprint)  # asking imported nothing
        await pilot.press("y")
        await until(pilot, lambda: "UNENCRYPTED" not in text(app, "#compose-encryption"),
                    "the header to change")
        header = text(app, "#compose-encryption")
        assert header == (f"Encrypted to {short_fingerprint(person.fingerprint)} "
                          f"Autogenerated Key <{CONTACT}> and to the Help Desk key "
                          f"{short_fingerprint(desk.fingerprint)}.")
        assert not screen.query_one("#compose-key", Static).display  # said in the header
        assert not screen.query_one("#compose-encryption").has_class("-unencrypted")
        assert mailbox.in_ring(person.fingerprint)
        await pilot.press("ctrl+s")
        await until(pilot, asking(app), "the send question")
        assert "Encrypted: Encrypted to" in text(app, "#confirm-body")
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.outcome, ComposeOutcome), "the outcome")
    outcome = app.outcome
    assert isinstance(outcome, ComposeOutcome) and outcome.action == "send"
    assert outcome.draft.recipients_keys == (person.fingerprint, desk.fingerprint)
    assert outcome.draft.body.rstrip().endswith("PS: kept")  # the edit survived the import


async def test_no_to_the_question_imports_nothing(mailbox: Mailbox) -> None:
    app = ComposeHost(mailbox.draft("aaaa0001"), keys=mailbox.actions)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app)
        await pilot.press("ctrl+g")
        await until(pilot, asking(app), "the question")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ComposeScreen), "the draft")
        assert "UNENCRYPTED" in text(app, "#compose-encryption")
    assert not mailbox.in_ring(mailbox.person.fingerprint)


async def test_a_revoked_key_says_why_and_is_not_imported(mailbox: Mailbox) -> None:
    app = ComposeHost(mailbox.draft("aaaa0003"), keys=mailbox.actions)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app)
        await pilot.press("ctrl+g")
        error = screen.query_one("#compose-error", Static)
        await until(pilot, lambda: bool(error.display), "the refusal")
        assert text(app, "#compose-error").startswith("Not imported: The key ")
        assert "is revoked" in text(app, "#compose-error")
        assert app.screen is screen and "UNENCRYPTED" in text(app, "#compose-encryption")


async def test_several_keys_are_listed_and_only_the_one_picked_is_imported(
        mailbox: Mailbox) -> None:
    person, friend = mailbox.person, mailbox.friend
    app = ComposeHost(mailbox.draft("aaaa0004"), keys=mailbox.actions)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app)
        await pilot.press("ctrl+g")
        # The screen is pushed before it is composed: wait for its list, not the screen.
        await until(pilot, lambda: isinstance(app.screen, PickScreen)
                    and bool(app.screen.query(OptionList)), "the list of keys")
        options = app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt)
                 for i in range(options.option_count)]
        assert [s.split("  ")[0] for s in shown] == [short_fingerprint(friend.fingerprint),
                                                     short_fingerprint(person.fingerprint)]
        await pilot.press("down", "enter")
        await until(pilot, asking(app), "the question")
        asked = text(app, "#confirm-body")
        assert spaced_fingerprint(person.fingerprint) in asked
        assert "1 other key: only this one is imported" in asked
        await pilot.press("y")
        await until(pilot, lambda: "UNENCRYPTED" not in text(app, "#compose-encryption"),
                    "the header to change")
    assert mailbox.in_ring(person.fingerprint) and not mailbox.in_ring(friend.fingerprint)


def asking(app: App[Any]) -> Callable[[], bool]:
    """A question is on screen, composed (its body can be read)."""
    return lambda: isinstance(app.screen, ConfirmScreen) and bool(
        app.screen.query("#confirm-body"))
