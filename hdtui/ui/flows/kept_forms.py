"""Provides ``offer_kept_forms``: at a start, what the member was writing in a form when
hdtui last ended under them (a dropped connection, SIGTERM, a crash) is offered back, one
form at a time: "You were writing a hand-off note when the connection dropped: open it?"
(docs/store.md, "Forms kept through a hang-up"). Nothing is written anywhere others see
from here: an opened form goes on as it always does (its preview, its confirmation)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from hdtui.domain.kept_form import WHAT, FormKind, KeptForm
from hdtui.ui.flows.autoreply import update_auto_reply
from hdtui.ui.flows.flow import Flow
from hdtui.ui.flows.forward import forward
from hdtui.ui.flows.issue import resume_issue
from hdtui.ui.flows.note import edit_note
from hdtui.ui.flows.shift import hand_off, remind
from hdtui.ui.screens.pick import PickScreen

OPEN = "Open it"
LATER = "Not now: ask again at the next start"
DROP = "Throw it away"
OFFERS = (OPEN, LATER, DROP)

RESUME: dict[FormKind, Callable[[Flow, KeptForm], Awaitable[None]]] = {
    FormKind.HANDOFF: hand_off,
    FormKind.ISSUE: resume_issue,
    FormKind.NOTE: edit_note,
    FormKind.FORWARD: forward,
    FormKind.REMINDER: remind,
    FormKind.AUTO_REPLY: update_auto_reply,
}
"""How each kind of form opens again with what was kept."""
WRITES = frozenset({FormKind.HANDOFF, FormKind.FORWARD, FormKind.AUTO_REPLY})
"""The kinds of form a read-only skim cannot go on with (it refuses their writes)."""
ON_A_MESSAGE = frozenset({FormKind.NOTE, FormKind.FORWARD, FormKind.REMINDER})
"""The kinds of form about one message: the offer names it."""


async def offer_kept_forms(flow: Flow, then: Callable[[], None] | None = None,
                           answered: set[tuple[str, str]] | None = None) -> None:
    """Offer each kept form: open it (it stays kept until what it holds is saved or sent),
    keep it for the next start (escape too), or throw it away; then ``then`` (the
    shift-start screen). The forms are read now, and each again before it is offered: one
    the member opened before the offer came (``N`` on its message) and saved is not
    offered. A hand-off note is not offered in a read-only skim, which cannot write it: it
    stays kept for a shift (as do a forward and the auto-reply's text, writes too).
    ``answered``: the forms (kind, key) answered already this session, never offered
    again in it (the app's ``kept_answered``: a second offer said "Kept" a second time
    after one "Not now", walk26); each answered here is added."""
    store = flow.triage.store
    done = answered if answered is not None else set()
    for listed in await flow.run(store.kept_forms):
        if listed.kind in WRITES and flow.triage.read_only:
            continue
        if (listed.kind.value, listed.key) in done:
            continue
        form = await flow.run(store.kept_form, listed.kind, listed.key)
        if form is None:  # saved or thrown away meanwhile
            continue
        about = flow.triage.describe(form.key) if form.kind in ON_A_MESSAGE else ""
        choice = await flow.ask(PickScreen(
            form.offer(about), OFFERS, form.preview(),
            hint="enter does the one under the cursor · escape: not now (kept)",
            preview_heading="What you had typed:"))
        done.add((form.kind.value, form.key))
        if choice == OPEN:
            await RESUME[form.kind](flow, form)
        elif choice == DROP:
            await flow.run(store.forget_form, form.kind, form.key)
            flow.say(f"Thrown away: {WHAT[form.kind]} you were writing.", "Not kept")
        else:
            flow.say(f"{WHAT[form.kind].capitalize()} you were writing: offered again at "
                     "the next start.", "Kept")
    if then is not None:
        then()
