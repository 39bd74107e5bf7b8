"""The insight set's builder warns when a problem written as having no known issue has its
journal line quoted by a known issue (tests/data/insight/build.py, `unfiled_quoted`)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

BUILD = Path(__file__).resolve().parents[1] / "data" / "insight" / "build.py"


def builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("insight_build", BUILD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def problem(ident: str, issue: int, *journal: str) -> dict[str, Any]:
    return {"id": ident, "issue": issue, "journal": list(journal)}


def test_an_unfiled_problem_whose_error_a_known_issue_quotes_is_warned_numbers_aside() -> None:
    build = builder()
    issue = {"iid": 30001, "title": "Disks: cannot eject",
             "description": "The journal shows:\n\n    udisksd[812]: Error unmounting "
                            "/dev/sdc2: target is busy\n"}
    files = [("problems_x.toml", {"problem": [
        problem("eject", 0, "udisksd[{pid}]: Error unmounting /dev/sdb1: target is busy"),
        problem("filed", 30001, "udisksd[{pid}]: Error unmounting /dev/sdb1: target is busy"),
        problem("other", 0, "kernel: usb 1-2: device descriptor read/64, error -71"),
    ]})]
    warnings = build.unfiled_quoted(files, [issue])
    assert len(warnings) == 1
    assert "problems_x.toml: eject" in warnings[0] and "#30001" in warnings[0]


def test_a_short_message_says_nothing() -> None:
    build = builder()
    issue = {"iid": 30002, "title": "t", "description": "ath10k_pci: failed: -110"}
    files = [("p.toml", {"problem": [problem("short", 0, "kernel: failed: -110")]})]
    assert build.unfiled_quoted(files, [issue]) == []


def test_the_sixteenth_parts_mislabel_would_have_been_warned() -> None:
    """The real case: the sixteenth part's eject problem, written as unfiled, is #21454."""
    build = builder()
    files = dict(build.problem_files())
    sixteenth = files["problems_sixteenth.toml"]
    eject = next(p for p in sixteenth["problem"] if p["id"] == "usb-eject-busy")
    background = json.loads((BUILD.parent / "background_issues.json").read_text("utf-8"))
    as_written = [("problems_sixteenth.toml",
                   {"problem": [{**eject, "issue": 0}], "issue": sixteenth.get("issue", [])})]
    every_issue = background + [i for data in files.values() for i in data.get("issue", [])]
    warnings = build.unfiled_quoted(as_written, every_issue)
    assert any("usb-eject-busy" in w and "#21454" in w for w in warnings)
    assert not any("usb-eject-busy" in w for w in build.unfiled_quoted(
        [("problems_sixteenth.toml", sixteenth)], background))
