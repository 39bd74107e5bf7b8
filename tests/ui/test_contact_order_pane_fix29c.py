"""fix29c: the report pane says "one of the Help Desk's own addresses" of a contact only
when it names no user but ours, as the counts and ``r`` read it, whatever the order."""

from __future__ import annotations

from hdtui.ui.widgets.report_view import head_content
from tests.unit.test_insight_trust import _report_entry

OURS = ("Help Desk <help-desk@demo.invalid>",)
NOTICE = "one of the Help Desk's own addresses, not the user's"


def test_the_pane_calls_ours_only_a_contact_naming_no_user_but_ours() -> None:
    for contact in ("help-desk@demo.invalid, jane@example.org",
                    "jane@example.org, help-desk@demo.invalid"):
        assert NOTICE not in head_content(_report_entry(contact), own=OURS).plain, contact
    for contact in ("help-desk@demo.invalid", "help-desk@demo.invalid, ",
                    "(jane@example.org) help-desk@demo.invalid"):
        assert NOTICE in head_content(_report_entry(contact), own=OURS).plain, contact
