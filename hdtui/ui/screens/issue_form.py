"""Provides IssueFormScreen: edit a prefilled GitLab issue, preview it, then confirm it.

The form warns as soon as the title or description holds an email address (personal data
stays out of GitLab unless the member means it) and says what was kept out of the prefilled
text, pointing at the description lines it is unsure about (then it never says that no
personal data was found). ``ctrl+s`` shows the issue as it will be created; ``y`` there
creates it, and when an address is in it a second ``y`` is needed. While the title or a
section still holds one of the draft's ``TODO:`` placeholders the preview names them and
``y`` is refused (`hdtui.domain.placeholders`); the form keeps what was typed. Nothing is sent from
here: the screen returns the edited draft and the caller creates the issue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Select, Static

from hdtui.domain.gitlab_write import issue_problem
from hdtui.domain.issue_draft import (
    IssueDraft,
    find_addresses,
    parse_labels,
    render_issue,
)
from hdtui.domain.placeholders import unfilled, unfilled_message
from hdtui.domain.redact import describe
from hdtui.ui.applicable import explained
from hdtui.ui.safe import SafeInput, literal, one_line
from hdtui.ui.safe_text_area import SafeTextArea
from hdtui.ui.screens import DIALOGS_CSS

if TYPE_CHECKING:
    from hdtui.domain.kept_form import KeptForm

ADDRESS_WARNING = ("an email address is in the issue: personal data stays out of GitLab "
                   "unless you mean it")
TEAM_PREFIX = "Team: "


class IssueFormScreen(ModalScreen[IssueDraft | None]):
    """Title, description and labels of a new issue; a preview step before it is created."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("ctrl+s", "preview_issue", "Preview the issue", id="create-issue-confirm"),
        Binding("y", "confirm_issue", "Create the issue", id="confirm-create-issue"),
        Binding("escape", "close_issue_form", "Cancel / back to editing",
                id="close-issue-form"),
    ]

    def __init__(self, draft: IssueDraft, team_choices: Sequence[str] = (),
                 keys: Sequence[str] = (), prefilled: IssueDraft | None = None) -> None:
        """``keys``: the reports the issue will link; ``prefilled``: the draft as hdtui
        wrote it, when ``draft`` is one the member edited before (kept through a hang-up)."""
        super().__init__()
        self.draft = draft
        self.keys = tuple(keys)
        self.prefilled = draft if prefilled is None else prefilled
        self.team_choices = tuple(dict.fromkeys(t for t in team_choices if t.strip()))
        self.previewing = False
        self.address_confirmed = False

    def compose(self) -> ComposeResult:
        """The form, and the preview (hidden until ctrl+s); the warning always shows."""
        with Vertical(id="issue-dialog", classes="dialog"):
            yield Static(Content.styled("New GitLab issue", "bold"), id="issue-heading")
            with Vertical(id="issue-edit"):
                yield Static(self._stripped_note(), id="issue-stripped")
                with Horizontal(classes="form-row"):
                    yield Static("Title", classes="form-label")
                    yield SafeInput(self.draft.title, id="issue-title", compact=True)
                with Horizontal(classes="form-row"):
                    yield Static("Labels", classes="form-label")
                    yield SafeInput(", ".join(self.draft.labels), id="issue-labels",
                                placeholder="comma-separated, e.g. C:Persistence, P:High",
                                compact=True)
                if self.team_choices:
                    with Horizontal(classes="form-row"):
                        yield Static("Team", classes="form-label")
                        options = [(literal(t), t) for t in self.team_choices]
                        current = self._current_team()
                        if current is None:
                            yield Select(options, id="issue-team", compact=True)
                        else:
                            yield Select(options, allow_blank=False, value=current,
                                         id="issue-team", compact=True)
                yield Static("Description (GitLab Markdown)")
                yield SafeTextArea(self.draft.description, id="issue-description",
                               soft_wrap=True)
            with Vertical(id="issue-preview"):
                with VerticalScroll(id="issue-preview-scroll"):
                    yield Static("", id="issue-preview-body")
                yield Static("", id="issue-preview-warning")
            yield Static("", id="issue-warning")
            yield Static(Content.styled("ctrl+s preview · tab next field · escape cancels",
                                        "dim"), id="issue-edit-hint")
            yield Static("", id="issue-preview-hint")

    def on_mount(self) -> None:
        """Start in the title, with the warning up to date."""
        self._show_preview(False)
        self.query_one("#issue-title", SafeInput).focus()
        self._update_warning()

    # --- editing -----------------------------------------------------------------------

    def _stripped_note(self) -> Content:
        """What was kept out; lines that may still hold personal data stand out (bold)."""
        note = describe(self.draft.stripped, self.draft.uncertain)
        return literal(note, "bold" if self.draft.uncertain else "dim")

    def _current_team(self) -> str | None:
        for line in self.draft.description.split("\n"):
            if line.startswith(TEAM_PREFIX) and line[len(TEAM_PREFIX):] in self.team_choices:
                return line[len(TEAM_PREFIX):]
        return None

    def edited(self) -> IssueDraft:
        """The draft as the form holds it now."""
        return replace(
            self.draft,
            title=one_line(self.query_one("#issue-title", SafeInput).value),
            description=self.query_one("#issue-description", SafeTextArea).text,
            labels=parse_labels(self.query_one("#issue-labels", SafeInput).value),
        )

    def kept_form(self) -> KeptForm | None:
        """The issue as the form holds it, to keep when hdtui ends under it (docs/store.md,
        "Forms kept through a hang-up"); None when nothing was changed."""
        from hdtui.domain.kept_form import FormKind, KeptForm, issue_key

        draft = self.edited()
        if draft == self.prefilled:
            return None
        return KeptForm(FormKind.ISSUE, issue_key(self.keys), issue=draft, keys=self.keys)

    def addresses(self) -> list[str]:
        """Email addresses in the title and description as they are now."""
        draft = self.edited()
        return find_addresses(f"{draft.title}\n{draft.description}")

    def _update_warning(self) -> None:
        """Warn of an address in the issue, and of a title or description GitLab would
        refuse for its size (docs/gitlab-writes.md), as they are typed."""
        found = self.addresses()
        draft = self.edited()
        lines = [f"⚠ {ADDRESS_WARNING} ({', '.join(found)})"] if found else []
        too_big = issue_problem(draft.title, draft.description)
        if too_big:
            lines.append(f"⚠ {too_big}")
        warning = self.query_one("#issue-warning", Static)
        warning.set_class(bool(lines), "-warning")
        warning.update(literal("\n".join(lines), "bold") if lines else Content(""))

    @on(SafeInput.Changed)
    @on(SafeTextArea.Changed)
    def _changed(self) -> None:
        self.address_confirmed = False
        self._update_warning()

    @on(Select.Changed, "#issue-team")
    def _team_changed(self, event: Select.Changed) -> None:
        """Put the chosen team in the description's ``Team:`` line (added if missing)."""
        if not isinstance(event.value, str):
            return
        area = self.query_one("#issue-description", SafeTextArea)
        lines = area.text.split("\n")
        line = f"{TEAM_PREFIX}{event.value}"
        for index, old in enumerate(lines):
            if old.startswith(TEAM_PREFIX):
                if old != line:
                    lines[index] = line
                    area.text = "\n".join(lines)
                return
        area.text = area.text.rstrip("\n") + f"\n\n{line}\n"

    # --- preview and confirmation --------------------------------------------------------

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """``y`` is in the footer only in the preview; pressed elsewhere (outside the text
        fields) it says to preview first (hdtui/ui/applicable.py)."""
        return explained(super().active_bindings, self, self._not_now,
                         hidden={"confirm_issue"})

    def _not_now(self, action: str) -> str | None:
        if action == "confirm_issue" and not self.previewing:
            return "preview the issue first (ctrl+s)"
        return None

    def _show_preview(self, previewing: bool) -> None:
        self.previewing = previewing
        for selector in ("#issue-edit", "#issue-edit-hint", "#issue-warning"):
            self.query_one(selector).display = not previewing
        for selector in ("#issue-preview", "#issue-preview-hint"):
            self.query_one(selector).display = previewing
        self.refresh_bindings()

    def action_preview_issue(self) -> None:
        """Show the issue exactly as it will be created."""
        draft = self.edited()
        if not draft.title:
            self.notify("The issue needs a title.", severity="error", markup=False)
            self.query_one("#issue-title", SafeInput).focus()
            return
        too_big = issue_problem(draft.title, draft.description)
        if too_big:  # GitLab would refuse it: said here, the draft stays to be shortened
            self.notify(too_big, title="Too long for GitLab", severity="error", markup=False)
            return
        self.query_one("#issue-preview-body", Static).update(literal(render_issue(draft)))
        notes = []
        found = self.addresses()
        if found:
            notes.append(f"⚠ {ADDRESS_WARNING} ({', '.join(found)})")
        if todo := unfilled_message(unfilled(draft.title, draft.description)):
            notes.append(f"⚠ {todo} (escape: back to editing)")
        self.query_one("#issue-preview-warning", Static).update(
            literal("\n".join(notes), "bold") if notes else Content(""))
        self.address_confirmed = False
        self._update_hint()
        self._show_preview(True)
        self.query_one("#issue-preview-scroll").focus()

    def _update_hint(self) -> None:
        draft = self.edited()
        if unfilled(draft.title, draft.description):
            hint = "escape: back to editing, to fill the TODO placeholders (y cannot create it)"
        elif self.addresses() and not self.address_confirmed:
            hint = ("y: this issue contains an email address; y asks once more · "
                    "escape: back to editing")
        elif self.addresses():
            hint = "y again: create it WITH the email address · escape: back to editing"
        else:
            hint = "y: create this issue · escape: back to editing"
        self.query_one("#issue-preview-hint", Static).update(Content.styled(hint, "bold"))

    def action_confirm_issue(self) -> None:
        """Create (return) the issue; with an address in it, only on the second ``y``."""
        if not self.previewing:
            self.notify("Preview the issue first (ctrl+s): y creates it from the preview.",
                        severity="warning", markup=False)
            return
        draft = self.edited()
        if todo := unfilled_message(unfilled(draft.title, draft.description)):
            # Never created with the form's placeholders: the user-facing issue would say
            # TODO, and its feedback section would be offered as a reply (docs/gitlab-writes.md).
            self.notify(f"Not created. {todo}", title="TODO placeholders",
                        severity="error", markup=False)
            return
        if self.addresses() and not self.address_confirmed:
            self.address_confirmed = True
            self._update_hint()
            return
        self.dismiss(self.edited())

    def action_close_issue_form(self) -> None:
        """Back from the preview to the form; from the form, cancel."""
        if self.previewing:
            self._show_preview(False)
            self.query_one("#issue-description", SafeTextArea).focus()
            return
        self.dismiss(None)
