"""What hdtui prints as it ends (hdtui.domain.leaving; walk25's defect 7: quitting with 9
refused writes in the outbox said nothing)."""

from __future__ import annotations

from hdtui.domain.leaving import leaving_lines
from hdtui.ui.app import leaving_keys_kept


def test_nothing_waiting_prints_nothing() -> None:
    assert leaving_lines() == []


def test_refused_and_waiting_writes_kept_text_and_unread_errors_are_each_one_line() -> None:
    lines = leaving_lines(refused=9, waiting=1, drafts=1, forms=["a hand-off note"],
                          errors=[("Not linked", "GitLab refused:\n403 \x1b[2Jforbidden")])
    assert lines == [
        "hdtui: 9 GitLab writes refused by GitLab are still in the outbox: open it with "
        "ctrl+o at the next start to copy, retry (r) or drop (x) them.",
        "hdtui: 1 GitLab write waits for GitLab in the outbox: retried at the next start.",
        "hdtui: kept what you were typing: 1 draft (in the outbox, ctrl+o); a hand-off note "
        "(offered at the next start).",
        "hdtui: an error box was still open when you left: Not linked: GitLab refused: 403 "
        "␛[2Jforbidden"]
    assert all("\x1b" not in line and "\n" not in line for line in lines)


def test_a_keymap_giving_ctrl_q_to_quit_leaves_it_to_the_leaving_binding() -> None:
    assert leaving_keys_kept({"quit": "q,ctrl+q", "show-help": "f1"}) == {
        "quit": "q", "show-help": "f1"}
    assert leaving_keys_kept({"quit": "ctrl+c"}) == {}
    assert leaving_keys_kept({"quit": "x"}) == {"quit": "x"}


def test_an_open_error_box_listing_many_reports_is_one_line_cut_short() -> None:
    """review25: a box naming many reports by their users' subjects made one unbounded line
    on the terminal after the exit; it is cut to ``ERROR_WIDTH`` cells, escapes shown."""
    from hdtui.domain.leaving import ERROR_WIDTH

    subjects = "\n".join(f"report {n}: my wifi \x1b[31mdrops\x1b[0m" for n in range(200))
    lines = leaving_lines(0, 0, 0, [], [("Not linked", subjects)])
    assert len(lines) == 1 and "\x1b" not in lines[0]
    assert len(lines[0]) <= len("hdtui: an error box was still open when you left: ") + \
        len("Not linked: ") + ERROR_WIDTH + 5
