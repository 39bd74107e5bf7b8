"""Fix29a item 2: a user is one address as a reply would reach it (``sent_address``), so
``zoe@example.org,``, ``Zoe <zoe@example.org>`` and ``zoe@example.org`` are one user's
reports; facts saved by the rules before (v103, when they were two users) are counted
again, never read back (docs/insight.md, "Session 29: fix29a")."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from hdtui.config import parse_config
from hdtui.domain.facts_codec import encode
from hdtui.domain.insight import RULES_VERSION
from hdtui.domain.insight.facts import contact_digest, report_facts
from hdtui.domain.insight.per_issue import one_per_user
from hdtui.services.insight import Insight
from hdtui.wiring import build
from tests.support.pgp import KeyPair, whisperback_message, write_maildir
from tests.ui.conftest import ISSUES
from tests.unit.test_insight_trust import _mail_entry, _report_entry

WB = Path(__file__).parent.parent / "data" / "whisperback"
ONE_USER = ("zoe@example.org,", "Zoe <zoe@example.org>", "zoe@example.org",
            "(Zoe) ZOE@example.org", "<zoe@example.org>;")


def test_one_address_as_a_reply_would_reach_it_is_one_user() -> None:
    digests = {report_facts(_report_entry(c)).contact for c in ONE_USER}
    assert len(digests) == 1 and "" not in digests, digests
    assert report_facts(_mail_entry("zoe@example.org,")).contact in digests
    assert contact_digest("zoe@example.net") not in digests
    assert contact_digest("not an address") == contact_digest("") == ""
    facts = [replace(report_facts(_report_entry(c)), key=f"INBOX/{n}")
             for n, c in enumerate(ONE_USER)]
    counted, again = one_per_user(facts)
    assert [f.key for f in counted] == ["INBOX/0"] and len(again) == len(ONE_USER) - 1


def test_facts_saved_by_the_rules_before_are_counted_again(
        xdg: Path, tmp_path: Path, test_key: KeyPair) -> None:
    text = (WB / "tails-7.5-wifi.txt").read_text(encoding="utf-8")
    assert "From: kestrel-742@example.org" in text
    write_maildir(tmp_path / "Maildir", {
        f"17000000{n:02d}.M{n}P1.t": whisperback_message(
            text.replace("From: kestrel-742@example.org", f"From: {contact}"),
            f"{n:02d}1f3e0a9b7d42e6a5f01c3d9e2b7a64", test_key)
        for n, contact in enumerate(ONE_USER[:2])})
    (tmp_path / "issues.json").write_text(json.dumps(ISSUES))
    config = parse_config({"source": {"path": str(tmp_path / "Maildir")},
                           "gpg": {"home": str(test_key.home)},
                           "tracker": {"file": str(tmp_path / "issues.json")},
                           "store": {"path": str(tmp_path / "store.json")},
                           "queue": {"shift_start": False}})
    setup = build(config, False, False)
    try:
        setup.triage.inbox()
        namespace = setup.triage.source.identity
        first = Insight(setup.triage, setup.tracker).facts()
        assert len(first) == 2 and len({f.contact for f in first}) == 1, first
        # The cache as the rules before left it: rules v103, each contact's old digest
        # (its address part as written, "zoe@example.org," with its comma).
        old = {"zoe@example.org,": "acebc34274d984e2", "Zoe <zoe@example.org>":
               "1763c758c09a8e6d"}
        saved = list(setup.triage.store.facts(namespace))
        setup.triage.store.forget_facts(namespace, [row[0] for row in saved])
        by_key = {f.key: f for f in first}
        rows = []
        for key, size, _, fingerprint, _ in saved:
            written = next(c for c in ONE_USER[:2]
                           if c in (setup.triage.full(key).report.contact or ""))
            rows.append((key, size, 103, fingerprint,
                         encode(replace(by_key[key], contact=old[written]))))
        setup.triage.store.put_facts(namespace, rows)
        assert RULES_VERSION > 103
        again = Insight(setup.triage, setup.tracker).facts()
        assert sorted(again, key=lambda f: f.key) == sorted(first, key=lambda f: f.key)
        assert len({f.contact for f in again}) == 1
        assert {r[2] for r in setup.triage.store.facts(namespace, RULES_VERSION)} \
            == {RULES_VERSION}
    finally:
        setup.close()


def test_an_internationalised_domain_and_its_ascii_form_are_one_user() -> None:
    """review29 #5 (rules v108): the same address written in Unicode and in IDNA's ASCII
    form is one user; an ASCII address keeps the digest it had (a plain SHA-256)."""
    import hashlib

    one = {contact_digest(c) for c in ("jane@bücher.de", "Jane <JANE@BÜCHER.de>",
                                       "jane@xn--bcher-kva.de", "jane@bücher.de;")}
    assert len(one) == 1 and "" not in one, one
    assert contact_digest("jane@bucher.de") not in one
    assert contact_digest("jane@xn--bcher-kva.de") == hashlib.sha256(
        b"jane@xn--bcher-kva.de").hexdigest()[:len(contact_digest("jane@x.org"))]
    too_long = "jane@" + "ü" * 70 + ".de"  # a label IDNA cannot write: hashed as written
    assert contact_digest(too_long) == hashlib.sha256(too_long.encode()).hexdigest()[
        :len(contact_digest("jane@x.org"))]
