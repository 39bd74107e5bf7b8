#!/usr/bin/env bash
# Sets up everything the tests need on a fresh Debian machine, then runs ruff, mypy and
# the whole pytest suite (unit, services against real GnuPG, Pilot, snapshots, tmux).
# Exit status: 0 only if all three pass and pytest ran tests (its "no tests" 5 fails).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh dev

echo "== ruff"
.venv/bin/ruff check hdtui tests demo benchmarks
echo "== mypy (strict)"
.venv/bin/mypy
echo "== pytest"
set +e
.venv/bin/python -m pytest -q "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests: failing the run" >&2
    exit 1
fi
exit "$rc"
