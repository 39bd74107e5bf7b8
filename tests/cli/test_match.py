"""`hdtui match`: ranking for message files, text and JSON, issue files, bad input."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import DEMO, ROOT, hdtui

DATA = ROOT / "tests" / "data" / "matching"
ISSUES = DATA / "issues.json"


def test_match_prints_ranked_issues_with_reasons(xdg: Path) -> None:
    report = DATA / "reports" / "rtl8723be-en-explicit.eml"
    result = hdtui("match", str(report), "--issues", str(ISSUES), env_root=xdg)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(str(report)) and "Realtek wifi disconnects" in lines[0]
    assert lines[1].split()[0] == "#19113" and "confident" in lines[1]
    assert "PCI 10ec:b723" in lines[2] and lines[2].strip().startswith("matched:")


def test_match_json_for_several_messages(xdg: Path) -> None:
    labels = json.loads((DATA / "labels.json").read_text(encoding="utf-8"))
    names = ["xps7590-en-vague", "sbat-es-mail", "none-android-es-mail"]
    files = [str(DATA / labels[n]["file"]) for n in names]
    result = hdtui("match", "--json", "--issues", str(ISSUES), *files, env_root=xdg)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["issues"] == len(json.loads(ISSUES.read_text(encoding="utf-8")))
    rows = {Path(r["message"]).stem: r for r in data["messages"]}
    for name in names[:2]:
        top = rows[name]["matches"][0]
        assert top["iid"] == labels[name]["label"] and top["confident"]
        assert top["web_url"].endswith(f"/issues/{top['iid']}") and top["signals"]
    assert not any(m["confident"] for m in rows["none-android-es-mail"]["matches"])
    assert all(len(r["matches"]) <= 5 for r in rows.values())


def test_match_without_issues_uses_the_configured_tracker(xdg: Path) -> None:
    # --demo: the demo's tracker and key; an encrypted demo report is decrypted first.
    result = hdtui("--demo", "match", "--json", "--limit", "2", str(DEMO), env_root=xdg)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["messages"]
    wifi = next(r for r in rows if r["report_id"] == "665bce744bdc41648bb1cc4246de2400"
                and r["kind"] == "report")
    assert wifi["decrypt"] == "decrypted" and wifi["matches"][0]["iid"] == 19113
    assert all(len(r["matches"]) <= 2 for r in rows)


def test_bad_issue_file_and_missing_message_exit_2(xdg: Path) -> None:
    report = str(DATA / "reports" / "fsck-en.eml")
    bad = xdg / "bad.json"
    bad.write_text('[{"iid": 1,')
    result = hdtui("match", report, "--issues", str(bad), env_root=xdg)
    assert result.returncode == 2 and "not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr
    not_issues = xdg / "obj.json"
    not_issues.write_text('{"iid": 1}')
    result = hdtui("match", report, "--issues", str(not_issues), env_root=xdg)
    assert result.returncode == 2 and "JSON list" in result.stderr
    result = hdtui("match", str(xdg / "missing.eml"), "--issues", str(ISSUES), env_root=xdg)
    assert result.returncode == 2 and "does not exist" in result.stderr
    result = hdtui("match", report, "--issues", str(xdg / "none.json"), env_root=xdg)
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_nothing_matches_exits_1(xdg: Path) -> None:
    mail = xdg / "mail.eml"
    mail.write_text("From: a@example.org\nTo: support@tails.net\nSubject: hello\n\nhi\n")
    result = hdtui("match", str(mail), "--issues", str(ISSUES), env_root=xdg)
    assert result.returncode == 1 and "no known issue matches" in result.stdout


def test_a_limit_below_one_is_refused_by_the_arguments(xdg: Path) -> None:
    report = str(DATA / "reports" / "rtl8723be-en-explicit.eml")
    for limit in ("0", "-1", "two"):
        result = hdtui("match", report, "--demo", "--limit", limit, env_root=xdg)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert "--limit" in result.stderr and ("below 1" in result.stderr
                                               or "not a whole number" in result.stderr)
    one = hdtui("match", report, "--demo", "--limit", "1", env_root=xdg)
    assert one.returncode in (0, 1) and "Traceback" not in one.stderr, one.stderr


def test_a_product_is_said_once_among_the_reasons(xdg: Path) -> None:
    """fix29a: the README's example said "product Surface Laptop 3, surface-laptop-3,
    surface": the product's key and its words after the product signal. The rankings are
    the matcher's, untouched; only what is shown drops a word a signal names (as the
    known-issues pane did, case aside, and now a product's key too)."""
    from hdtui.domain.match_reasons import reasons

    result = hdtui("--demo", "match", "--limit", "1", str(DEMO), env_root=xdg)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    at = next(n for n, line in enumerate(lines) if "Surface Laptop 3 and 4" in line)
    matched = lines[at + 1].strip()
    assert matched.startswith("matched: product Surface Laptop 3, "), matched
    said = matched.removeprefix("matched: ").split(", ")
    assert "surface-laptop-3" not in said and "surface" not in said, said
    assert reasons(("product Surface Laptop 3", "PCI 10ec:b723"),
                   ("surface-laptop-3", "Surface", "surface-pro", "10ec:b723", "keyboard"),
                   ) == ["product Surface Laptop 3", "PCI 10ec:b723", "surface-pro", "keyboard"]
    # A rule's placed label is shown, but drops no word of the user's.
    assert reasons(("placed by rule: keyboard",), ("keyboard",), "placed by rule: keyboard") \
        == ["placed by rule: keyboard", "keyboard"]
