"""Provides ``leaving_lines``: what hdtui prints on the terminal as it ends, once the
screen is gone, so that it stays there after the app (docs/keys.md, "Leaving"): what the
member was typing and where it is kept, the GitLab writes still in the outbox (refused by
GitLab, or waiting for it), and each error box still open (ctrl+q leaves over one; a box
that waited for a form to close is said by ``hdtui.cli.tell_waiting_errors``). A
confirmation at the quit would slow every quit and stop ctrl+c; a line printed once the
terminal is back costs nothing and is read after. Pure: the caller counts and prints.
"""

from __future__ import annotations

from collections.abc import Sequence

from hdtui.domain.text import one_line

ERROR_WIDTH = 240
"""Cells an open error box's title or text takes on its exit line: a box can list many
reports, each by the subject its user wrote (review25); the rest is in the app's log."""

PREFIX = "hdtui: "


def _many(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def leaving_lines(refused: int = 0, waiting: int = 0, drafts: int = 0,
                  forms: Sequence[str] = (), errors: Sequence[tuple[str, str]] = (),
                  earlier: Sequence[str] = ()) -> list[str]:
    """The lines to print as hdtui ends ([] when there is nothing to say).

    ``refused``/``waiting``: the GitLab writes in the outbox, refused by GitLab or waiting
    for it; ``drafts``: the drafts open in the editor, kept in the outbox; ``forms``: what
    each form kept holds ("a hand-off note", ``kept_form.WHAT``), offered at the next
    start; ``errors``: (title, message) of each error box still open; ``earlier``: what
    each form kept before this session holds, still kept (answered "Not now", or left
    with the offer open: walk26 saw no line of it). Error text is made one clean line: it
    may quote a server or a message (docs/text-safety.md)."""
    lines = []
    if refused:
        lines.append(f"{PREFIX}{_many(refused, 'GitLab write')} refused by GitLab "
                     f"{'is' if refused == 1 else 'are'} still in the outbox: open it with "
                     "ctrl+o at the next start to copy, retry (r) or drop (x) "
                     f"{'it' if refused == 1 else 'them'}.")
    if waiting:
        lines.append(f"{PREFIX}{_many(waiting, 'GitLab write')} "
                     f"{'waits' if waiting == 1 else 'wait'} for GitLab in the outbox: "
                     "retried at the next start.")
    kept = []
    if drafts:
        kept.append(f"{_many(drafts, 'draft')} (in the outbox, ctrl+o)")
    kept += [f"{what} (offered at the next start)" for what in forms]
    if kept:
        lines.append(f"{PREFIX}kept what you were typing: {'; '.join(kept)}.")
    if earlier:
        lines.append(f"{PREFIX}still kept from before: {'; '.join(earlier)} (offered at "
                     "the next start).")
    lines += [error_line("an error box was still open when you left", title, message)
              for title, message in errors]
    return lines


def error_line(said: str, title: str, message: str) -> str:
    """One error box as one clean line after ``said``, its title and text each cut to
    ``ERROR_WIDTH`` cells: the open ones here, those that waited for a form by
    ``hdtui.cli.tell_waiting_errors``."""
    return f"{PREFIX}{said}: {one_line(title, ERROR_WIDTH)}: {one_line(message, ERROR_WIDTH)}"
