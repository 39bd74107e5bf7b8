"""Provides the labelled insight set (tests/data/insight, issue #10): report entries built
through the real parser, their labels, the known issues and the set's releases.

The set is written by tests/data/insight/build.py from problems.toml (parts "tune" and
"heldout"), problems_fresh.toml (part "fresh": written later by another author, never
tuned on), problems_sealed.toml (part "sealed": written by a third author, never tuned
on, measured once at the end), problems_blind.toml (part "blind": written by a fourth
author after the sealed part had been looked at, measured once at the end of session 5,
then tuned on), problems_final.toml (part "final": written by a fifth author after that,
never looked at, measured once: the final measurement of session 5) and, for each later
part NAME in the builder's LATER_PARTS (from "seventh" on), problems_NAME.toml (written
by another author after the part before it had been measured, from "eighth" on as an
ordinary Help Desk queue, never looked at before its one measurement); this module only
reads reports.toml, the problem files and background_issues.json.
"""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from hdtui.domain.issue import KnownIssue
from hdtui.domain.mail import Kind
from hdtui.domain.message import Message
from hdtui.domain.queue import WHISPERBACK_SENDER, DecryptState, Entry
from hdtui.domain.report import parse_report
from hdtui.domain.text import MailText
from hdtui.tracker.static import issue_from_rest
from tests.data.insight.build import FIRST_FILES, LATER_PARTS
from tests.data.insight.build import PARTS as BUILT_PARTS

DATA = Path(__file__).resolve().parents[1] / "data" / "insight"
NOISE = "noise"
Part = str
"""A part's name (PARTS), or "all"."""
PARTS: tuple[Part, ...] = BUILT_PARTS
"""The parts, in the order they were written: "tune" may be looked at while tuning,
"heldout" was looked at once, "fresh" (problems_fresh.toml) is never tuned on, "sealed"
(problems_sealed.toml) is never tuned on and was measured once, "blind"
(problems_blind.toml) was written after that, measured once at the end of session 5 and
then tuned on, "final" (problems_final.toml) was written after that and is measured only
once: the final measurement of session 5; then each later part of the builder's
LATER_PARTS (problems_NAME.toml), each written by another author after the part before it
had been measured, never looked at, measured only once (and tuned on from then on)."""
PROBLEM_FILES = {**dict(zip(FIRST_FILES, (("tune", "heldout"), ("fresh",), ("sealed",),
                                          ("blind",), ("final",)), strict=True)),
                 **{f"problems_{name}.toml": (name,) for name, _, _ in LATER_PARTS}}
"""Each problem file and the parts its reports went to (each plants one regression)."""


@dataclass(frozen=True, slots=True)
class Label:
    """What a report is, according to the set."""

    key: str
    problem: str
    """The problem id of its problem file (a problem with the same known issue keeps its id
    in all of them), or NOISE for a one-off."""
    issue: int
    """The known issue's iid, 0 when the problem has no known issue."""
    week: int
    """0 = the oldest week of the window, 7 = the 7 days ending on ``today``."""
    date: datetime
    version: str
    lang: str
    part: Part
    regression: bool
    """Whether the report belongs to the planted hardware regression."""
    hardware: str


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled report: the queue entry as hdtui would hold it, and its label."""

    entry: Entry
    label: Label

    @property
    def key(self) -> str:
        """The entry's key (also the label's)."""
        return self.entry.key


@dataclass(frozen=True, slots=True)
class InsightSet:
    """The whole labelled set."""

    cases: tuple[Case, ...]
    issues: tuple[KnownIssue, ...]
    """The known issues: the problems' own and near-miss distractors of every
    problem file, and the background (background_issues.json: the matching set's real known
    issues and distractors, minus copies of this set's problems), about 400 in all."""
    releases: tuple[tuple[str, date], ...]
    """(version, release date), oldest first."""
    today: date
    flags: dict[str, dict[str, tuple[int, ...]]]
    """Per part ("all" and each of PARTS), per problem, the weeks with 2+ reports."""
    regression_group: str
    """The PCI id of the tune and heldout parts' planted hardware regression (a GPU)."""
    regression_version: str
    """The release that brought the planted regressions."""
    regression_groups: dict[str, str]
    """Per part (each of PARTS), the PCI id of its planted regression: the one id every
    machine of the planted problem has."""

    def planted_group(self, part: str) -> str:
        """The PCI id of a part's planted regression ("all" has several: not allowed)."""
        if part not in self.regression_groups:
            raise ValueError(f"no single planted regression for part {part!r}")
        return self.regression_groups[part]

    def part(self, part: Part) -> list[Case]:
        """The cases of one part ("all" for every case), in date order."""
        return [c for c in self.cases if part == "all" or c.label.part == part]

    def without_regression(self, cases: Iterable[Case]) -> list[Case]:
        """The same cases minus the planted regression's reports (a set with none)."""
        return [c for c in cases if not c.label.regression]

    def problem_weeks(self, cases: Sequence[Case]) -> dict[tuple[str, int], list[str]]:
        """(problem, week) -> report keys, for every week a problem has 2+ reports."""
        found: dict[tuple[str, int], list[str]] = {}
        for case in cases:
            if case.label.problem != NOISE:
                found.setdefault((case.label.problem, case.label.week), []).append(case.key)
        return {k: v for k, v in sorted(found.items()) if len(v) >= 2}


def _label(obj: dict[str, Any]) -> Label:
    when = datetime.strptime(obj["date"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    part = obj["part"]
    if part not in PARTS:
        raise ValueError(f"{obj['key']}: unknown part {part!r}")
    return Label(key=obj["key"], problem=obj["problem"], issue=int(obj["issue"]),
                 week=int(obj["week"]), date=when, version=obj["version"], lang=obj["lang"],
                 part=part, regression=bool(obj["regression"]), hardware=obj["hardware"])


def report_entry(key: str, report_id: str, body: str, when: datetime) -> Entry:
    """A decrypted WhisperBack report as the queue holds it, through the real parser."""
    message = Message(key=key, subject=MailText(f"Bug report: {report_id}"),
                      sender_address=MailText(WHISPERBACK_SENDER), date=when,
                      encrypted=True, size=len(body.encode()))
    return Entry(message, Kind.REPORT, parse_report(body, report_id), DecryptState.DECRYPTED)


def issue_objects(problems: dict[str, Any]) -> list[dict[str, Any]]:
    """The known issues of a problem file as GitLab REST issue objects."""
    objects = []
    for item in problems.get("issue", []):
        objects.append({
            "id": 100_000 + item["iid"], "iid": item["iid"], "project_id": 2,
            "title": item["title"], "description": item["description"],
            "state": item.get("state", "opened"), "labels": item.get("labels", []),
            "created_at": item["created_at"], "updated_at": item["created_at"],
            "web_url": f"https://gitlab.tails.boum.org/tails/tails/-/issues/{item['iid']}",
        })
    return objects


def pci_ids(profile: dict[str, Any]) -> set[str]:
    """The vendor:device ids of a hardware profile's lspci lines."""
    return {line.rsplit("[", 1)[1].split("]", 1)[0] for line in profile["lspci"]}


def planted_id(name: str, problems: dict[str, Any], hardware: dict[str, Any]) -> str:
    """The PCI id every machine of a problem file's one planted regression has."""
    planted = [p for p in problems["problem"] if p.get("regression")]
    if len(planted) != 1:
        raise ValueError(f"{name} must plant exactly one regression")
    common = set.intersection(*(pci_ids(hardware[m]) for m in planted[0]["hardware"]))
    if len(common) != 1:
        raise ValueError(f"{name}: the planted machines share {sorted(common)}, not one id")
    return common.pop()


@cache
def load(data: Path = DATA) -> InsightSet:
    """The labelled set (parsed once per process)."""
    reports = tomllib.loads((data / "reports.toml").read_text(encoding="utf-8"))
    files = {name: tomllib.loads((data / name).read_text(encoding="utf-8"))
             for name in PROBLEM_FILES}
    hardware = {name: hw for problems in files.values()
                for name, hw in problems["hardware"].items()}
    cases = []
    for obj in reports["report"]:
        label = _label(obj)
        cases.append(Case(report_entry(label.key, obj["id"], obj["body"], label.date), label))
    background = json.loads((data / "background_issues.json").read_text(encoding="utf-8"))
    own = [o for problems in files.values() for o in issue_objects(problems)]
    iids = Counter(o["iid"] for o in [*own, *background])
    if twice := sorted(iid for iid, n in iids.items() if n > 1):
        raise ValueError(f"known issues defined twice: {twice}")
    issues = tuple(issue_from_rest(o) for o in [*own, *background])
    releases = tuple((v, date.fromisoformat(d)) for v, d in reports["releases"])
    flags = {part: {p: tuple(w) for p, w in weeks.items()}
             for part, weeks in reports["flags"].items()}
    groups = {part: planted_id(name, problems, hardware)
              for name, problems in files.items() for part in PROBLEM_FILES[name]}
    return InsightSet(cases=tuple(cases), issues=issues, releases=releases,
                      today=date.fromisoformat(reports["today"]), flags=flags,
                      regression_group=groups["tune"], regression_version=releases[-1][0],
                      regression_groups=groups)


def summary(cases: Sequence[Case]) -> dict[str, Counter[str]]:
    """Counts per problem, language, week, version and part."""
    return {
        "problem": Counter(c.label.problem for c in cases),
        "lang": Counter(c.label.lang for c in cases),
        "week": Counter(str(c.label.week) for c in cases),
        "version": Counter(c.label.version for c in cases),
        "part": Counter(c.label.part for c in cases),
    }
