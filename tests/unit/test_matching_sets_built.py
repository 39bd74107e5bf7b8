"""The labelled matching sets in the repository are what their builder writes.

`demo/build.py` feeds `tests/data/matching/build.py` (the demo's machines, the WhisperBack
body layout): a change to the demo builder changes the sets' messages, and the committed
`.eml` files are what `benchmarks/match_quality.py` measures. Session 29's set writers found
123 committed messages older than the builder (a demo change of session 28 dropped the
`wlan0` journal line of `wl`-only Broadcom machines and was never rebuilt into the sets;
rebuilding changed no ranking: docs/matching.md, "Session 29"). This test builds the sets
in a copy of their sources and compares every output byte for byte, so that the next such
change is rebuilt (and measured) in the commit that makes it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETS = ROOT / "tests" / "data" / "matching"


def _outputs(folder: Path) -> dict[str, bytes]:
    found = {p.relative_to(folder).as_posix(): p.read_bytes()
             for p in folder.glob("reports*/*.eml")}
    found |= {p.name: p.read_bytes() for p in folder.glob("labels*.json")}
    found["issues.json"] = (folder / "issues.json").read_bytes()
    return found


def test_the_committed_sets_are_what_the_builder_writes(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "demo", tmp_path / "demo",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "hdtui" / "demo").mkdir(parents=True)
    shutil.copy(ROOT / "hdtui" / "demo" / "known_issues.json", tmp_path / "hdtui" / "demo")
    copy = tmp_path / "tests" / "data" / "matching"
    copy.mkdir(parents=True)
    for source in [SETS / "build.py", *SETS.glob("*.toml")]:
        shutil.copy(source, copy)
    built = subprocess.run([sys.executable, str(copy / "build.py")], capture_output=True,
                           text=True, timeout=600, check=False, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    committed, rebuilt = _outputs(SETS), _outputs(copy)
    assert len(committed) > 5000
    assert sorted(committed) == sorted(rebuilt)
    differing = sorted(name for name in committed if committed[name] != rebuilt[name])
    assert differing == [], (
        f"{len(differing)} committed outputs differ from what tests/data/matching/build.py "
        f"writes now (first: {differing[:5]}); rebuild them and measure the spent sets")
