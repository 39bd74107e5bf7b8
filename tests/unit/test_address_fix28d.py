"""The guard against replying to the Help Desk judges the address the send would use
(``address.sent_address``: ``address.parse_address`` when the text parses), so the
pane, ``r``, the send-time guard and the counted facts never disagree with the send
(docs/insight.md, "Session 28: fix28d")."""

from __future__ import annotations

import random

from hdtui.domain.address import (
    _PLAIN,
    ComposeError,
    is_ours,
    is_own_address,
    named_address,
    own_addresses,
    parse_address,
    sent_address,
)
from hdtui.domain.compose import reply_draft
from hdtui.domain.insight.facts import report_facts
from hdtui.domain.reply import RenderedReply
from tests.unit.test_insight_trust import _mail_entry, _report_entry

OURS = ("Help Desk <help-desk@demo.invalid>",)
WRAPPED = ("(user@example.org) help-desk@demo.invalid",
           '"x <user@example.org>" <help-desk@demo.invalid>')
"""Texts the send reads as the Help Desk's address while naming a user's first."""
REPLY = RenderedReply(subject="Re: Your Tails report", body="Hello\n", missing=())


def test_the_guard_judges_the_address_the_send_would_use() -> None:
    """Both texts were judged by the first address they name (the user's) while
    ``parse_address``, which the send runs on To, gives the Help Desk's."""
    ours = own_addresses(OURS)
    for text in WRAPPED:
        assert parse_address(text).addr_spec == "help-desk@demo.invalid", text
        assert sent_address(text) == "help-desk@demo.invalid", text
        assert is_own_address(text, OURS), text
        assert is_ours(text, ours), text
    for text in ("(help-desk@demo.invalid) user@example.org",
                 '"help-desk@demo.invalid" <user@example.org>', "user@example.org",
                 "User <USER@example.org>"):
        assert sent_address(text) == "user@example.org", text
        assert not is_own_address(text, OURS), text


def test_a_trailing_dot_is_the_same_domain() -> None:
    """``help-desk@demo.invalid.`` is not sent to (no valid address), and it names the
    Help Desk: ours, and no user's contact."""
    for text in ("help-desk@demo.invalid.", "Desk <help-desk@demo.invalid.>"):
        assert is_own_address(text, OURS), text
        facts = report_facts(_report_entry(text), ours=own_addresses(OURS))
        assert facts.kind == "report" and facts.contact == "", text
    assert not is_own_address("help-desk@demo.invalid.evil.", OURS)


def test_a_reply_to_a_wrapped_own_address_leaves_to_empty_and_is_no_users_contact() -> None:
    """The reply went to the Help Desk itself; the report counted a user whose digest was
    the Help Desk's (``"x <user@…>" <help-desk@…>``)."""
    ours = own_addresses(OURS)
    for text in WRAPPED:
        entry = _report_entry(text)
        draft = reply_draft(entry, REPLY, "Help Desk <help-desk@demo.invalid>")
        assert draft.to == () and "one of the Help Desk's own" in draft.notes[0], text
        assert report_facts(entry, ours=ours).contact == "", text
        assert report_facts(_mail_entry(text), ours=ours).kind != "support", text
    user = _report_entry("(help-desk@demo.invalid) user@example.org")
    (to,) = reply_draft(user, REPLY, OURS[0]).to
    # fix29a: the comment is no name of the To line (it was, unquoted: a line the send
    # refused); the line parses as the one address.
    assert to == "user@example.org" == parse_address(to).addr_spec


def _sent_by_the_parser(text: str) -> str:
    """``sent_address`` as its docstring says, always through ``parse_address``."""
    try:
        return parse_address(text).addr_spec.lower()
    except ComposeError:
        return named_address(text)


def test_the_quick_reading_of_a_plain_address_is_what_the_send_reads() -> None:
    """A bare address and ``Name <addr>`` are read without ``parse_address``: for such
    texts, generated, with names and addresses the send refuses, the two agree."""
    pick = random.Random(28).choice
    atoms = ("a", "Zoe", "help-desk", "x.y", "a+b", "o'brien", "_", "{}", "1", "é", "..",
             ".", "-", "J.", "=?utf-8?q?Z=C3=A9?=", "\u00e9t\u00e9", "!", "%", "`")
    domains = ("demo.invalid", "Example.ORG", "x", "a-b.c", "demo.invalid.", ".x.y", "x..y",
               "bücher.de")
    quick = 0
    for _ in range(4000):
        addr = "".join(pick(atoms) for _ in range(2)) + "@" + pick(domains)
        name = " ".join(pick(atoms) for _ in range(random.Random(len(addr)).randint(0, 3)))
        shape = pick(("{s}{a}{t}", "{s}{n} <{a}>{t}", "{s}{n}<{a}>{t}", "<{a}>"))
        text = shape.format(s=pick(("", " ", "\t")), n=name, a=addr, t=pick(("", " ")))
        assert sent_address(text) == _sent_by_the_parser(text), text
        quick += _PLAIN.fullmatch(text) is not None
    assert quick > 400  # the quick reading was tried (597 of them)


def test_the_address_module_stands_alone() -> None:
    """fix29a: ``sent_address`` imported ``compose`` inside the function, as ``compose``
    imported it: reading an address and judging it are one module that imports no other
    of hdtui, and judging a text that needs the parser loads no message builder."""
    import ast
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    tree = ast.parse((root / "hdtui" / "domain" / "address.py").read_text(encoding="utf-8"))
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)] + [
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [name for name in imported if name.startswith("hdtui")], imported
    code = ("import sys\nfrom hdtui.domain.address import sent_address\n"
            "assert sent_address('(x) User@Example.org') == 'user@example.org'\n"
            "print(sorted(m for m in sys.modules if m.startswith('hdtui')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "['hdtui', 'hdtui.domain', 'hdtui.domain.address']", out
