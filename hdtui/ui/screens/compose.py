"""Provides ComposeScreen: edit a reply, forward or [FT] draft, then send it or keep it.

The screen shows recipients, subject, whether the message goes encrypted, the member's
notes, the attachment of a forward and the placeholders still to fill, with the body in a
TextArea (or in ``$VISUAL``/``$EDITOR`` with ctrl+e: the app suspends and resumes). Nothing
leaves without a confirmation that sums the message up; the screen never sends itself: it
dismisses with a `ComposeOutcome` the caller acts on (send, or keep the draft).
"""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol

from textual import work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from hdtui.domain.address import format_address, one_line, parse_address
from hdtui.domain.compose import (
    ComposeError,
    Draft,
    DraftKind,
    body_opening,
    clean_body,
)
from hdtui.domain.openpgp import (
    KeyBlock,
    KeyDetails,
    KeyInspection,
    check_key,
    key_state,
    spaced_fingerprint,
)
from hdtui.domain.text import cut
from hdtui.errors import HdtuiError
from hdtui.ui.applicable import explained
from hdtui.ui.keys import display_keys
from hdtui.ui.safe import SafeInput, literal, single_line
from hdtui.ui.safe_text_area import SafeTextArea
from hdtui.ui.screens import DIALOGS_CSS
from hdtui.ui.screens.confirm import ConfirmScreen
from hdtui.ui.screens.pick import PickScreen

FALLBACK_EDITORS: tuple[str, ...] = ("nano", "vi")
"""Editors tried, in order, when neither $VISUAL nor $EDITOR is set."""


class KeyImporter(Protocol):
    """Finds, reads and imports a user's pasted OpenPGP key (``Actions`` fits). Blocking:
    the screen calls it from worker threads."""

    def key_blocks(self, draft: Draft) -> tuple[KeyBlock, ...]:
        """The public key blocks in the message the draft answers (never imports)."""
        ...

    def inspect_keys(self, block: KeyBlock) -> KeyInspection:
        """The keys of a block as gpg reads them, or why it cannot (never imports)."""
        ...

    def import_key(self, block: KeyBlock, fingerprint: str, draft: Draft) -> Draft:
        """Import one key and return the draft encrypted to it; raises HdtuiError."""
        ...


@dataclass(frozen=True, slots=True)
class ComposeOutcome:
    """What the member decided: send the (edited) draft, or keep it for later."""

    action: Literal["send", "keep"]
    draft: Draft


def split_recipients(text: str) -> tuple[str, ...]:
    """Comma-separated recipients, split outside quotes and angle brackets, blanks dropped.

    ``"Doe, Jane" <jane@example.org>, bob@example.org`` is two recipients.
    """
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    angled = False
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "<" and not quoted:
            angled = True
        elif char == ">" and not quoted:
            angled = False
        elif char == "," and not quoted and not angled:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return tuple(part.strip() for part in parts if part.strip())


def check_recipients(text: str, what: str) -> tuple[str, ...]:
    """The recipients of a field, each checked and normalised; ComposeError if one is bad."""
    return tuple(format_address(parse_address(part, what)) for part in split_recipients(text))


def unfilled(names: Sequence[str], *texts: str) -> tuple[str, ...]:
    """The placeholder names still written as ``$name`` or ``${name}`` in any of the texts."""
    found = []
    for name in names:
        pattern = re.compile(rf"\$(?:{re.escape(name)}(?![A-Za-z0-9_])|\{{{re.escape(name)}\}})")
        if any(pattern.search(text) for text in texts):
            found.append(name)
    return tuple(found)


def human_size(size: int) -> str:
    """A byte count as a person reads it: ``512 bytes``, ``12.3 kB``, ``1.5 MB``."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1000 * 1000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1000 / 1000:.1f} MB"


def editor_command(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """The editor to run: $VISUAL, else $EDITOR (split like a shell), else nano, else vi.

    Returns None when none is set or installed. Raises ValueError for a variable a shell
    could not split (an unbalanced quote).
    """
    env = os.environ if environ is None else environ
    for variable in ("VISUAL", "EDITOR"):
        value = env.get(variable, "").strip()
        if value:
            words = shlex.split(value)
            if words:
                return words
    for name in FALLBACK_EDITORS:
        path = shutil.which(name, path=env.get("PATH"))
        if path:
            return [path]
    return None


def run_editor(argv: Sequence[str]) -> subprocess.CompletedProcess[bytes] | OSError:
    """Run the editor on the terminal; an editor that cannot start is returned, not raised."""
    try:
        return subprocess.run(list(argv), check=False)
    except OSError as error:
        return error


REMOVED = "This report was removed from the mailbox by another member or client"
"""What the member is told when the message a draft or the screen is about is gone
(docs/team-mail.md)."""


class ComposeScreen(ModalScreen[ComposeOutcome | None]):
    """A draft being edited; dismissed with a ComposeOutcome ("send" or "keep")."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("ctrl+s", "send_draft", "Send (asks first)", id="send-draft", priority=True),
        Binding("ctrl+e", "edit_in_editor", "Edit in $EDITOR", id="edit-in-editor",
                priority=True),
        Binding("escape", "close_draft", "Close, keep the draft", id="close-draft"),
        Binding("ctrl+g", "import_key", "Import the user's pasted OpenPGP key (asks first)",
                id="import-key", priority=True),
    ]

    def __init__(self, draft: Draft, from_address: str, missing: Sequence[str] = (),
                 title: str = "Reply", keys: KeyImporter | None = None,
                 why: str = "", gone: str = "", cannot_send: str = "") -> None:
        """A compose screen.

        Args:
            draft: The draft to edit (from the hdtui.domain.compose builders).
            from_address: The address the message is sent from (shown only).
            missing: Placeholders the reply could not fill, e.g. ``issue_url``.
            title: What is being written, e.g. "Reply" or "Forward to Foundations Team".
            keys: Finds and imports a key the user pasted; None: no key import offered.
            why: Which standard reply the draft was made from, and why (under the title,
                wrapped: whole at 80 columns).
            gone: Why the message the draft is about is no longer in the mailbox (a kept
                draft opened again after its report was removed), or "".
            cannot_send: Why nothing can be sent (SMTP not set up), or "": said above the
                body and in the confirmation, before the member tries.
        """
        super().__init__()
        self.draft = draft
        self.from_address = from_address
        self.missing = tuple(dict.fromkeys((*missing, *draft.placeholders)))
        self.compose_title = title
        self.keys = keys
        self.key_blocks: tuple[KeyBlock, ...] = ()
        """The public key blocks found in the message answered (the import key shows
        only when there is one)."""
        self.why = why
        self.gone = ""
        self._gone_at_start = gone
        self.cannot_send = cannot_send
        """Why the message this draft is about is gone from the mailbox (another member
        or client removed it), or "" (docs/team-mail.md)."""

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Header fields, notices, then the body."""
        draft = self.draft
        with Vertical(id="compose-dialog", classes="dialog"):
            yield Static(literal(self.compose_title, "bold"), id="compose-title",
                         classes="-with-why" if self.why else "")
            if self.why:
                yield Static(literal(one_line(self.why)), id="compose-why")
            with Horizontal(classes="compose-field"):
                yield Label("From:", classes="compose-label")
                yield Static(literal(self.from_address), id="compose-from")
            with Horizontal(classes="compose-field"):
                yield Label("To:", classes="compose-label")
                yield SafeInput(", ".join(draft.to), id="compose-to",
                            placeholder="address, address…")
            with Horizontal(classes="compose-field"):
                yield Label("Cc:", classes="compose-label")
                yield SafeInput(", ".join(draft.cc), id="compose-cc", placeholder="(none)")
            with Horizontal(classes="compose-field"):
                yield Label("Subject:", classes="compose-label")
                yield SafeInput(draft.subject, id="compose-subject")
            notice = Static(literal(self.notice()),
                            id="compose-encryption")
            notice.set_class(not draft.encrypted, "-unencrypted")
            yield notice
            yield Static(id="compose-key")
            for note in draft.notes:
                yield Static(literal(f"⚠ {note}"), classes="compose-note")
            if draft.attachment is not None:
                yield Static(literal(self.attachment_line()), id="compose-attachment")
            yield Static(id="compose-gone", classes="compose-note")
            if self.cannot_send:
                yield Static(literal(f"⚠ Cannot be sent: {self.cannot_send}"),
                             id="compose-cannot-send")
            yield Static(id="compose-missing")
            yield Static(id="compose-error")
            yield SafeTextArea(draft.body, id="compose-body", soft_wrap=True, language=None)
            yield Static(Content.styled(
                "ctrl+s send… · ctrl+e $EDITOR · escape close, keep · tab next field", "dim"),
                id="compose-keys")

    def on_mount(self) -> None:
        """Start in the body, with the placeholder warnings drawn; look for a pasted key."""
        self.query_one("#compose-error", Static).display = False
        self.query_one("#compose-key", Static).display = False
        self.query_one("#compose-gone", Static).display = False
        if self._gone_at_start:
            self.report_gone(self._gone_at_start)
        self.refresh_missing()
        self.query_one("#compose-body", SafeTextArea).focus()
        if self.keys is not None and self.draft.kind is DraftKind.REPLY:
            self._find_keys(self.keys)

    def attachment_line(self) -> str:
        """What is attached to a forward, and that it goes unchanged."""
        size = len(self.draft.attachment or b"")
        return (f"Attachment: {self.draft.attachment_name} ({human_size(size)}), "
                "attached intact as message/rfc822")

    # --- state -----------------------------------------------------------------------------

    @property
    def body_text(self) -> str:
        """The body as edited."""
        return self.query_one("#compose-body", SafeTextArea).text

    def field(self, name: str) -> str:
        """The text of the To, Cc or Subject input (``to``, ``cc``, ``subject``)."""
        return self.query_one(f"#compose-{name}", SafeInput).value

    def still_missing(self) -> tuple[str, ...]:
        """The placeholders still written literally in the subject or body."""
        return unfilled(self.missing, self.field("subject"), self.body_text)

    def edited_draft(self) -> Draft:
        """The draft with the edits, recipients as typed (for keeping; never fails)."""
        return replace(self.draft, to=split_recipients(self.field("to")),
                       cc=split_recipients(self.field("cc")), subject=self.field("subject"),
                       body=self.body_text)

    def checked_draft(self) -> Draft:
        """The draft with the edits, ready to send; ComposeError says what is wrong."""
        to = check_recipients(self.field("to"), "recipient")
        if not to:
            raise ComposeError("The message has no recipient: fill in To.")
        cc = check_recipients(self.field("cc"), "Cc recipient")
        body = self.body_text
        if not body.strip():
            raise ComposeError("The message is empty: write something first.")
        return replace(self.draft, to=to, cc=cc, subject=one_line(self.field("subject")),
                       body=clean_body(body))

    def refresh_missing(self) -> None:
        """Flag, in red, each placeholder that is still not filled in."""
        widget = self.query_one("#compose-missing", Static)
        names = self.still_missing()
        widget.update(literal("\n".join(f"${name} is not filled in" for name in names)))
        widget.display = bool(names)

    def report_gone(self, why: str) -> None:
        """Say, above the body and when asking before sending, that the message this draft
        is about was removed from the mailbox; the draft stays as it is."""
        self.gone = (f"{why}: a reply still reaches its recipients, but the report cannot "
                     "be marked; escape keeps this draft.")
        line = self.query_one("#compose-gone", Static)
        line.update(literal(f"⚠ {self.gone}"))
        line.display = True

    def show_error(self, message: str) -> None:
        """A red line above the body (an empty message hides it). Nothing when the line
        is not there: a field's change handled while the editor is not composed yet or
        already taken down (CI once: NoMatches after the send's question)."""
        found = self.query("#compose-error").results(Static)
        widget = next(found, None)
        if widget is None:
            return
        widget.update(literal(message))
        widget.display = bool(message)

    def on_text_area_changed(self, event: SafeTextArea.Changed) -> None:
        """Keep the placeholder warnings current."""
        self.refresh_missing()

    def on_input_changed(self, event: SafeInput.Changed) -> None:
        """Keep the warnings current; a recipient being fixed clears the error."""
        self.refresh_missing()
        self.show_error("")

    # --- the user's pasted key (docs/encryption.md) ------------------------------------------

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The import key is in the footer only while a pasted key block was found; pressed
        without one, it says so (hdtui/ui/applicable.py)."""
        return explained(super().active_bindings, self, self._not_now, hidden={"import_key"})

    def _not_now(self, action: str) -> str | None:
        if action == "import_key" and not self.key_blocks:
            return "no OpenPGP public key is pasted in this message"
        return None

    @property
    def import_key_name(self) -> str:
        """The key that imports a pasted key (the member's keymap), named by the encryption
        notice; "" when this editor offers no import."""
        if self.keys is None or self.draft.kind is not DraftKind.REPLY:
            return ""
        return self.shown_key("import-key", "ctrl+g")

    def notice(self) -> str:
        """The encryption notice, naming the import key (docs/encryption.md)."""
        return self.draft.encryption_notice(self.import_key_name, bool(self.key_blocks))

    def shown_key(self, binding_id: str, default: str) -> str:
        """The key bound to a binding id, as the member's keymap has it."""
        keymap = getattr(self.app, "keymap", None)
        keys = keymap.get(binding_id, default) if isinstance(keymap, dict) else default
        return display_keys(str(keys))

    @work(thread=True, group="compose-keys", exit_on_error=False)
    def _find_keys(self, keys: KeyImporter) -> None:
        """Look for pasted key blocks (reads the message; never imports)."""
        try:
            found = keys.key_blocks(self.draft)
        except HdtuiError:
            return  # the reply can still be written; only the import is not offered
        self.app.call_from_thread(self.show_key_blocks, found)

    def show_key_blocks(self, blocks: Sequence[KeyBlock]) -> None:
        """Offer the import key, with where the key was found."""
        if not self.is_attached:
            return  # closed while the message was being read
        self.key_blocks = tuple(blocks)
        self.refresh_bindings()
        line = self.query_one("#compose-key", Static)
        # Once the reply is encrypted the header says to what; the key stays bound.
        line.display = bool(self.key_blocks) and not self.draft.encrypted
        if not self.key_blocks:
            return
        self.query_one("#compose-encryption", Static).update(
            literal(self.notice()))
        where = " and ".join(dict.fromkeys(b.where for b in self.key_blocks))
        what = "A public key is" if len(self.key_blocks) == 1 \
            else f"{len(self.key_blocks)} public key blocks are"
        key = self.shown_key("import-key", "ctrl+g")
        line.update(literal(f"{what} pasted {where}: {key} to import it (asks first)."))

    def action_import_key(self) -> None:
        """Show the pasted key, ask, import it and encrypt the reply to it."""
        if self.keys is None or not self.key_blocks:
            self.show_error("No OpenPGP public key is pasted in this message.")
            return
        self.show_error("")
        self._import_key(self.keys, self.key_blocks)

    @work(exclusive=True, group="compose-import", exit_on_error=False)
    async def _import_key(self, keys: KeyImporter, blocks: tuple[KeyBlock, ...]) -> None:
        """The import, top to bottom: read the keys (gpg, in a thread), pick one when there
        are several, refuse an unusable key, ask, import (in a thread), show the result."""
        to = split_recipients(self.field("to"))
        now = datetime.now(UTC)
        inspections = await asyncio.to_thread(lambda: [keys.inspect_keys(b) for b in blocks])
        errors = [i.error for i in inspections if i.error]
        candidates: list[tuple[KeyBlock, KeyDetails]] = []
        for inspection in inspections:
            for key in inspection.keys:
                if all(key.fingerprint != k.fingerprint for _, k in candidates):
                    candidates.append((inspection.block, key))
        if not candidates:
            self.show_error(" ".join(errors) or "No key could be read from the pasted block.")
            return
        block, key = candidates[0]
        if len(candidates) > 1:
            options = [k.describe(now) for _, k in candidates]
            picked = await self.app.push_screen_wait(PickScreen(
                f"{len(candidates)} keys are pasted: which one is the user's? (only that "
                "one is imported, and only after you say yes)", options,
                hint="enter shows the key under the cursor · escape cancels"))
            if picked is None:
                return
            block, key = candidates[options.index(picked)]
        check = check_key(key, to, now, others=len(candidates) - 1)
        if not check.usable:
            self.show_error(f"Not imported: {check.refusal}")
            return
        yes = await self.app.push_screen_wait(ConfirmScreen(
            "Import this OpenPGP key and encrypt the reply to it?",
            self.key_summary(block, key, check.warnings, now)))
        if not yes:
            return
        try:
            draft = await asyncio.to_thread(keys.import_key, block, key.fingerprint,
                                            self.draft)
        except HdtuiError as error:
            self.show_error(f"Not imported: {error.message}")
            return
        self.set_draft_encryption(draft)
        self.notify(f"Key {key.short} imported: the reply will be encrypted to it.",
                    title="Key imported", markup=False)

    def key_summary(self, block: KeyBlock, key: KeyDetails, warnings: Sequence[str],
                    now: datetime) -> Content:
        """What the import confirmation shows: the key as gpg read it, and the warnings."""
        lines: list[Content] = [
            literal(f"Found {block.where}."),
            Content.assemble(("Fingerprint:\n  ", "bold"),
                             literal(spaced_fingerprint(key.fingerprint))),
        ]
        for uid in key.uids or ("(no user ID)",):
            lines.append(Content.assemble(("User ID: ", "bold"), literal(uid)))
        if key.created is not None:
            lines.append(Content.assemble(("Created: ", "bold"),
                                          literal(f"{key.created:%Y-%m-%d}")))
        lines.append(Content.assemble(("State: ", "bold"), literal(key_state(key, now))))
        for warning in warnings:
            lines.append(literal(f"⚠ {warning}", "yellow"))
        lines.append(literal("Compare the fingerprint with one the user gave elsewhere if "
                             "you can. Yes imports the key into your keyring.", "dim"))
        return Content("\n").join(lines)

    def set_draft_encryption(self, draft: Draft) -> None:
        """Take the encryption (and notes) of an imported-key draft; the edits stay."""
        self.draft = replace(self.draft, encrypt_to=draft.encrypt_to,
                             encrypt_uid=draft.encrypt_uid, helpdesk_key=draft.helpdesk_key,
                             notes=draft.notes)
        notice = self.query_one("#compose-encryption", Static)
        notice.update(literal(self.notice()))
        notice.set_class(not self.draft.encrypted, "-unencrypted")
        self.query_one("#compose-key", Static).display = not self.draft.encrypted
        for widget in self.query(".compose-note"):
            widget.remove()
        if self.draft.notes:
            self.mount_all([Static(literal(f"⚠ {note}"), classes="compose-note")
                            for note in self.draft.notes], after=notice)

    # --- sending ---------------------------------------------------------------------------

    def summary(self, draft: Draft, missing: Sequence[str]) -> Content:
        """What the confirmation shows: recipients, subject, encryption, attachment, gaps,
        and the body's first lines as they will be sent."""
        lines: list[Content] = [
            Content.assemble(("To: ", "bold"), literal(", ".join(draft.to))),
        ]
        if self.gone:
            lines.insert(0, literal(f"⚠ {self.gone}", "bold red"))
        if draft.cc:
            lines.append(Content.assemble(("Cc: ", "bold"), literal(", ".join(draft.cc))))
        lines.append(Content.assemble(("Subject: ", "bold"),
                                      literal(draft.subject or "(no subject)")))
        notice = draft.encryption_notice(self.import_key_name, bool(self.key_blocks))
        if draft.encrypted:
            lines.append(Content.assemble(("Encrypted: ", "bold"), literal(notice)))
        else:
            lines.append(Content.assemble(("NOT encrypted: ", "bold red"),
                                          literal(notice, "bold red")))
        if draft.attachment is not None:
            lines.append(literal(self.attachment_line()))
        for note in draft.notes:
            lines.append(literal(f"⚠ {note}", "yellow"))
        if missing:
            names = ", ".join(f"${name}" for name in missing)
            lines.append(literal(f"Still not filled in: {names}", "bold red"))
        if self.cannot_send:
            lines.append(literal(f"⚠ Cannot be sent: {self.cannot_send}", "bold red"))
        opening, more = body_opening(draft.body)
        which = f" (first lines of {len(opening) + more}):" if more else " (as sent):"
        lines.append(Content.assemble(("Body", "bold"), (which, "dim")))
        # Mail text: literal, one dialog line each (a long line is cut, not wrapped).
        lines.extend(literal("  " + cut(single_line(line), 58))
                     for line in opening or ("(empty)",))
        if more:
            lines.append(literal(f"  … {more} more line{'s' if more > 1 else ''}", "dim"))
        return Content("\n").join(lines)

    def action_send_draft(self) -> None:
        """Check the draft, then ask before sending (twice if placeholders are left)."""
        try:
            draft = self.checked_draft()
        except ComposeError as error:
            self.show_error(f"Cannot send: {error}")
            return
        self.show_error("")
        missing = self.still_missing()

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            if missing:
                names = ", ".join(f"${name}" for name in missing)
                self.app.push_screen(
                    ConfirmScreen(
                        "Send with placeholders not filled in?",
                        f"The message still contains {names}: the recipient would read it "
                        "exactly like that. Send it anyway?"),
                    really)
            else:
                self.dismiss(ComposeOutcome("send", draft))

        def really(yes: bool | None) -> None:
            if yes:
                self.dismiss(ComposeOutcome("send", draft))

        kind = {DraftKind.REPLY: "reply", DraftKind.FORWARD: "forward",
                DraftKind.FT: "[FT] message",
                DraftKind.AUTO_REPLY: "request to update the auto-reply"}[draft.kind]
        self.app.push_screen(ConfirmScreen(f"Send this {kind}?", self.summary(draft, missing)),
                             confirmed)

    def action_close_draft(self) -> None:
        """Close without sending; the caller keeps the draft."""
        self.dismiss(ComposeOutcome("keep", self.edited_draft()))

    # --- external editor -------------------------------------------------------------------

    def action_edit_in_editor(self) -> None:
        """Edit the body in $VISUAL/$EDITOR: the app suspends until the editor exits."""
        try:
            command = editor_command()
        except ValueError as error:
            self.notify(f"$VISUAL or $EDITOR cannot be read: {error}.", severity="error",
                        markup=False)
            return
        if command is None:
            self.notify("No editor: set $VISUAL or $EDITOR (nano and vi are not installed).",
                        severity="error", markup=False)
            return
        area = self.query_one("#compose-body", SafeTextArea)
        handle, name = tempfile.mkstemp(prefix="hdtui-draft-", suffix=".txt")  # mode 0600
        path = Path(name)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(area.text)
            try:
                with self.app.suspend():
                    # Nothing may escape this block: App.suspend resumes only on a
                    # normal exit, an exception would leave the terminal to the editor.
                    result = run_editor([*command, str(path)])
            except SuspendNotSupported:
                self.notify("This terminal cannot hand over to an editor; edit here.",
                            severity="error", markup=False)
                return
            if isinstance(result, OSError):
                self.notify(f"Could not start the editor {command[0]!r}: "
                            f"{result.strerror or result}. The body is unchanged.",
                            severity="error", markup=False)
                return
            if result.returncode != 0:
                self.notify(f"The editor {command[0]!r} exited with status "
                            f"{result.returncode}: the body is unchanged.",
                            severity="error", markup=False)
                return
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError as error:
                self.notify(f"Could not read the edited text back: {error.strerror or error}. "
                            "The body is unchanged.", severity="error", markup=False)
                return
        finally:
            path.unlink(missing_ok=True)
        if text != area.text:
            area.replace(text, (0, 0), area.document.end)  # one undoable edit
        area.focus()
