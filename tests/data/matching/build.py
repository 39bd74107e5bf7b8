#!/usr/bin/env python3
"""Regenerate the matching development set from the readable sources next to it.

Usage: .venv/bin/python tests/data/matching/build.py   (from the repository root)

Reads reports.toml (labeled reports and mails), hardware.toml (machine profiles, on top of
demo/hardware.toml), distractors.toml (templates for distractor issues), the real known
issues of hdtui/demo/known_issues.json (from the Tails known issues pages, as GitLab REST
issue objects) and, for each untuned set NAME of issue #12 (one line of UNTUNED_STARTS),
reports_NAME.toml (same schema) and hardware_NAME.toml when the set has machines of its
own. Writes issues.json (known issues + distractors), reports/<name>.eml and labels.json,
and for each untuned set reports_NAME/<name>.eml and labels_NAME.json.
WhisperBack reports are written as the decrypted message: the clear headers of the wire
format over the inner entity WhisperBack builds with MIMEText (us-ascii 7bit, or utf-8
base64). Report bodies are rendered by demo/build.py, which reimplements WhisperBack's
layout. Deterministic.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import importlib.util
import json
import shutil
import sys
import tomllib
from email.message import EmailMessage
from email.mime.text import MIMEText
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
OUT = HERE / "reports"
FIRST_DISTRACTOR = 21001
START = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.UTC)
UNTUNED_STARTS = {
    # Written apart from the ranker's tuning, never tuned on.
    "untuned": dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC),
    # By another writer, measured once after ranker changes.
    "untuned2": dt.datetime(2026, 11, 20, 7, 15, tzinfo=dt.UTC),
    # From here on, each a real week's queue by another writer, measured once.
    "untuned3": dt.datetime(2026, 12, 1, 6, 40, tzinfo=dt.UTC),
    "untuned4": dt.datetime(2026, 12, 3, 5, 50, tzinfo=dt.UTC),
    "untuned5": dt.datetime(2026, 12, 4, 6, 10, tzinfo=dt.UTC),
    "untuned6": dt.datetime(2026, 12, 5, 7, 5, tzinfo=dt.UTC),
    "untuned7": dt.datetime(2026, 12, 6, 6, 25, tzinfo=dt.UTC),
    "untuned8": dt.datetime(2026, 12, 7, 5, 45, tzinfo=dt.UTC),
    "untuned9": dt.datetime(2026, 12, 8, 6, 35, tzinfo=dt.UTC),
    "untuned10": dt.datetime(2026, 12, 9, 7, 20, tzinfo=dt.UTC),
    "untuned11": dt.datetime(2026, 12, 10, 6, 55, tzinfo=dt.UTC),
    "untuned12": dt.datetime(2026, 12, 11, 7, 40, tzinfo=dt.UTC),
    "untuned13": dt.datetime(2026, 12, 12, 6, 15, tzinfo=dt.UTC),
    "untuned14": dt.datetime(2026, 12, 19, 6, 50, tzinfo=dt.UTC),
    "untuned15": dt.datetime(2026, 12, 26, 6, 30, tzinfo=dt.UTC),
    "untuned16": dt.datetime(2027, 1, 2, 6, 40, tzinfo=dt.UTC),
    "untuned17": dt.datetime(2027, 1, 9, 7, 10, tzinfo=dt.UTC),
    "untuned18": dt.datetime(2027, 1, 16, 6, 20, tzinfo=dt.UTC),
    "untuned19": dt.datetime(2027, 1, 23, 6, 45, tzinfo=dt.UTC),
    "untuned20": dt.datetime(2027, 1, 30, 6, 30, tzinfo=dt.UTC),
    "untuned21": dt.datetime(2027, 2, 6, 6, 30, tzinfo=dt.UTC),
    "untuned22": dt.datetime(2027, 2, 13, 6, 35, tzinfo=dt.UTC),
    "untuned23": dt.datetime(2027, 2, 20, 6, 40, tzinfo=dt.UTC),
    "untuned24": dt.datetime(2027, 2, 27, 6, 35, tzinfo=dt.UTC),
    "untuned25": dt.datetime(2027, 3, 6, 6, 40, tzinfo=dt.UTC),
    "untuned26": dt.datetime(2027, 3, 13, 6, 45, tzinfo=dt.UTC),
    "untuned27": dt.datetime(2027, 3, 20, 6, 40, tzinfo=dt.UTC),
    "untuned28": dt.datetime(2027, 3, 27, 6, 50, tzinfo=dt.UTC),
    "untuned29": dt.datetime(2027, 4, 3, 7, 40, tzinfo=dt.UTC),
    "untuned30": dt.datetime(2027, 4, 10, 8, 5, tzinfo=dt.UTC),
    "untuned31": dt.datetime(2027, 4, 17, 7, 55, tzinfo=dt.UTC),
    "untuned32": dt.datetime(2027, 4, 24, 7, 55, tzinfo=dt.UTC),
    "untuned33": dt.datetime(2027, 5, 1, 7, 55, tzinfo=dt.UTC),
    "untuned34": dt.datetime(2027, 5, 8, 7, 55, tzinfo=dt.UTC),
    "untuned35": dt.datetime(2027, 5, 15, 7, 55, tzinfo=dt.UTC),
    "untuned36": dt.datetime(2027, 5, 22, 8, 5, tzinfo=dt.UTC),
    "untuned37": dt.datetime(2027, 5, 29, 7, 50, tzinfo=dt.UTC),
    "untuned38": dt.datetime(2027, 6, 5, 8, 10, tzinfo=dt.UTC),
    "untuned39": dt.datetime(2027, 6, 12, 7, 45, tzinfo=dt.UTC),
    "untuned40": dt.datetime(2027, 6, 19, 8, 5, tzinfo=dt.UTC),
    "untuned41": dt.datetime(2027, 6, 26, 7, 50, tzinfo=dt.UTC),
    "untuned42": dt.datetime(2027, 7, 3, 8, 20, tzinfo=dt.UTC),
    "untuned43": dt.datetime(2027, 7, 10, 8, 10, tzinfo=dt.UTC),
    "untuned44": dt.datetime(2027, 7, 17, 8, 0, tzinfo=dt.UTC),
    "untuned45": dt.datetime(2027, 7, 24, 7, 55, tzinfo=dt.UTC),
    "untuned46": dt.datetime(2027, 7, 31, 8, 5, tzinfo=dt.UTC),
    "untuned47": dt.datetime(2027, 8, 7, 8, 0, tzinfo=dt.UTC),
    "untuned48": dt.datetime(2027, 8, 14, 7, 50, tzinfo=dt.UTC),
    "untuned49": dt.datetime(2027, 8, 21, 7, 55, tzinfo=dt.UTC),
    "untuned50": dt.datetime(2027, 8, 28, 8, 10, tzinfo=dt.UTC),
    "untuned51": dt.datetime(2027, 9, 4, 8, 0, tzinfo=dt.UTC),
    "untuned52": dt.datetime(2027, 9, 11, 7, 45, tzinfo=dt.UTC),
    "untuned53": dt.datetime(2027, 9, 18, 8, 0, tzinfo=dt.UTC),
    "untuned54": dt.datetime(2027, 9, 25, 8, 0, tzinfo=dt.UTC),
    "untuned55": dt.datetime(2027, 10, 2, 8, 0, tzinfo=dt.UTC),
    "untuned56": dt.datetime(2027, 10, 9, 8, 0, tzinfo=dt.UTC),
    "untuned57": dt.datetime(2027, 10, 16, 8, 0, tzinfo=dt.UTC),
    "untuned58": dt.datetime(2027, 10, 23, 8, 0, tzinfo=dt.UTC),
    "untuned59": dt.datetime(2027, 10, 30, 8, 0, tzinfo=dt.UTC),
    "untuned60": dt.datetime(2027, 11, 6, 8, 0, tzinfo=dt.UTC),
    "untuned61": dt.datetime(2027, 11, 13, 8, 0, tzinfo=dt.UTC),
    "untuned62": dt.datetime(2027, 11, 20, 8, 0, tzinfo=dt.UTC),
    "untuned63": dt.datetime(2027, 11, 27, 8, 0, tzinfo=dt.UTC),
}
"""The untuned sets (issue #12), each reports_NAME.toml (and hardware_NAME.toml when it
has machines of its own), by its first message's time. A new set is one more line."""


def demo_builder() -> Any:
    """demo/build.py as a module (WhisperBack body layout, sanitisation, debug items)."""
    spec = importlib.util.spec_from_file_location("demo_build", ROOT / "demo" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["demo_build"] = module
    spec.loader.exec_module(module)
    return module


def digest(seed: str, n: int = 32) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:n]


# ------------------------------------------------------------------ hardware profiles

def _replace_class(lines: list[str], marker: str, line: str) -> list[str]:
    for i, old in enumerate(lines):
        if marker in old:
            return [*lines[:i], line, *lines[i + 1:]]
    return [*lines, line]


def profiles() -> dict[str, dict[str, Any]]:
    demo = tomllib.loads((ROOT / "demo" / "hardware.toml").read_text(encoding="utf-8"))
    ours: list[tuple[str, dict[str, Any]]] = []
    own = (f"hardware_{name}.toml" for name in UNTUNED_STARTS)
    for source in ("hardware.toml", *(name for name in own if (HERE / name).exists())):
        ours += tomllib.loads((HERE / source).read_text(encoding="utf-8")).items()
    result: dict[str, dict[str, Any]] = dict(demo)
    for name, spec in ours:
        if name in result:
            raise SystemExit(f"duplicate hardware profile {name}")
        profile = dict(result[spec["base"]]) if "base" in spec else {}
        lspci = [x for x in str(spec.get("lspci", profile.get("lspci", ""))).strip("\n")
                 .split("\n") if x]
        for key, value in spec.items():
            if key in ("base", "lspci"):
                continue
            if key == "wifi":
                lspci = _replace_class(lspci, "Network controller", value)
            elif key == "gpu":
                lspci = _replace_class(lspci, "VGA compatible controller", value)
            elif key == "add_lspci":
                lspci.append(value)
            else:
                profile[key] = value
        profile["lspci"] = "\n".join(lspci)
        result[name] = profile
    return result


# ------------------------------------------------------------------ issues

def rest_issue(iid: int, title: str, description: str, labels: list[str], updated: str,
               state: str = "opened") -> dict[str, Any]:
    return {
        "id": 100000 + iid,
        "iid": iid,
        "project_id": 2,
        "title": title,
        "description": description,
        "state": state,
        "created_at": "2025-01-15T10:00:00Z",
        "updated_at": updated,
        "closed_at": None if state == "opened" else updated,
        "labels": labels,
        "author": {"id": 4211, "username": "hd-rowan", "name": "Rowan", "state": "active",
                   "web_url": "https://gitlab.tails.boum.org/hd-rowan"},
        "assignees": [],
        "web_url": f"https://gitlab.tails.boum.org/tails/tails/-/issues/{iid}",
    }


def describe(what: str, fix: str, seed: int) -> str:
    """A GitLab description in one of the styles Help Desk issues use."""
    versions = ["7.4", "7.5", "7.6", "6.18", "7.2"][seed % 5]
    reports = ", ".join(f"wb://{digest(f'{what}/{n}')}" for n in range(1 + seed % 3))
    styles = [
        f"{what}\n\n### Workaround\n\n{fix}\n\nReports: {reports}\n",
        f"## Problem\n\n{what}\n\nSeen since Tails {versions}.\n\n## Workaround\n\n{fix}\n",
        f"{what}\n\nAffected: Tails {versions} and later.\n\n# Workaround {{#workaround}}\n\n"
        f"{fix}\n\n# We need your feedback {{#we-need-your-feedback}}\n\n"
        "Tell us whether the workaround helps.\n",
        f"{what} {fix}\n\n/cc @foundations-team\n",
    ]
    return styles[seed % len(styles)]


def distractors(src: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    iid = FIRST_DISTRACTOR

    def add(title: str, what: str, fix: str, labels: list[str]) -> None:
        nonlocal iid
        seed = int(digest(title, 8), 16)
        day = dt.date(2024, 1, 1) + dt.timedelta(days=seed % 900)
        state = "closed" if seed % 7 == 0 else "opened"
        out.append(rest_issue(iid, title, describe(what, fix, seed), labels,
                              f"{day.isoformat()}T12:00:00Z", state))
        iid += 1

    for component in src["component"]:
        for title, what, fix in component["items"]:
            add(title, what, fix, list(component["labels"]))
    for index, device in enumerate(src["device"]):
        symptoms = [s for s in src["symptom"] if s["kind"] == device["kind"]]
        for k in range(device["count"]):
            symptom = symptoms[(index * 2 + k) % len(symptoms)]
            fields = {key: device[key] for key in ("chip", "short", "id", "module")}
            add(symptom["title"].format(**fields), symptom["text"].format(**fields),
                symptom["fix"].format(**fields), ["C:Hardware support"])
    symptoms = src["machine_symptom"]
    for index, machine in enumerate(src["machine"]):
        for k in range(4 if machine["kind"] == "laptop" else 2):
            symptom = symptoms[(index * 3 + k) % len(symptoms)]
            add(symptom["title"].format(**machine), symptom["text"].format(**machine),
                symptom["fix"].format(**machine), ["C:Hardware support"])
    return out


# ------------------------------------------------------------------ messages

def report_message(demo: Any, r: dict[str, Any], hw: dict[str, Any], when: dt.datetime) -> bytes:
    body = demo.report_body(r, hw, when - dt.timedelta(minutes=3))
    inner = MIMEText(body)  # exactly what WhisperBack encrypts
    inner["Subject"] = f"Bug report: {r['id']}"
    inner["From"] = "devnull@tails.boum.org"
    inner["To"] = "support@tails.net"
    inner["Date"] = email.utils.format_datetime(when)  # added by the relay
    inner["Message-ID"] = f"<{digest(r['id'], 16)}@relay.tails.net>"
    return inner.as_bytes()


def mail_message(demo: Any, m: dict[str, Any], hw: dict[str, Any] | None,
                 when: dt.datetime) -> bytes:
    text = m["body"].strip("\n") + "\n"
    if m.get("paste_version"):
        text += "\n" + demo.sanitize(demo.tails_version_block(m["paste_version"])) + "\n"
    if hw is not None:
        items = [
            ("/usr/sbin/dmidecode -s system-manufacturer", [hw["manufacturer"]]),
            ("/usr/sbin/dmidecode -s system-product-name", [hw["product"]]),
            ("/usr/bin/lspci -nn", demo.lines(hw["lspci"])),
        ]
        text += demo.render_items(items)
    msg = EmailMessage()
    msg["From"] = m["from"]
    msg["To"] = "support@tails.net"
    msg["Subject"] = m["subject"]
    msg["Date"] = email.utils.format_datetime(when)
    msg["Message-ID"] = f"<{digest(m['name'], 16)}@mail.example>"
    msg.set_content(text)
    return msg.as_bytes()


def build_set(demo: Any, hardware: dict[str, dict[str, Any]], known_iids: set[int],
              source: str, out: Path, labels_file: str, start: dt.datetime) -> str:
    """Write one labeled set (its .eml files and its labels file); return a summary."""
    data = tomllib.loads((HERE / source).read_text(encoding="utf-8"))
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    labels: dict[str, dict[str, Any]] = {}
    entries = [("report", r) for r in data["report"]] + [("mail", m) for m in data["mail"]]
    for n, (kind, item) in enumerate(entries):
        name = item["name"]
        if name in labels:
            raise SystemExit(f"duplicate name {name}")
        label = item["label"]
        if label != "none" and label not in known_iids:
            raise SystemExit(f"{name}: label {label} is not a known issue")
        when = start + dt.timedelta(hours=7 * n)
        if kind == "report":
            r = dict(item)
            r["id"] = digest("report/" + name)
            raw = report_message(demo, r, hardware[item["hardware"]], when)
        else:
            paste = item.get("paste")
            raw = mail_message(demo, item, hardware[paste] if paste else None, when)
        path = out / f"{name}.eml"
        path.write_bytes(raw)
        labels[name] = {"file": f"{out.name}/{name}.eml", "kind": kind, "lang": item["lang"],
                        "hard": bool(item.get("hard", False)),
                        "label": None if label == "none" else int(label)}
    (HERE / labels_file).write_text(json.dumps(labels, indent=1) + "\n", encoding="utf-8")
    hard = sum(1 for v in labels.values() if v["hard"])
    none = sum(1 for v in labels.values() if v["label"] is None)
    return f"{len(labels)} messages ({hard} hard, {none} none)"


def main() -> None:
    demo = demo_builder()
    hardware = profiles()
    known = json.loads((ROOT / "hdtui" / "demo" / "known_issues.json").read_text("utf-8"))
    src = tomllib.loads((HERE / "distractors.toml").read_text(encoding="utf-8"))
    issues = known + distractors(src)
    (HERE / "issues.json").write_text(json.dumps(issues, indent=1, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    known_iids = {int(i["iid"]) for i in known}
    first = build_set(demo, hardware, known_iids, "reports.toml", OUT, "labels.json", START)
    untuned = [f"{name} set: " + build_set(demo, hardware, known_iids, f"reports_{name}.toml",
                                           HERE / f"reports_{name}", f"labels_{name}.json",
                                           start)
               for name, start in UNTUNED_STARTS.items()]
    print(f"{len(issues)} issues ({len(known)} known, {len(issues) - len(known)} distractors), "
          f"{first}; " + "; ".join(untuned))


if __name__ == "__main__":
    main()
