#!/usr/bin/env bash
# Installs what hdtui needs on a fresh Debian machine: Debian packages, then a venv.
#   scripts/setup.sh run    GnuPG + the venv with hdtui (what the demo needs)
#   scripts/setup.sh dev    + tmux, NeoMutt and the test tools (what the tests need)
#   scripts/setup.sh bench  + aerc, the other peer benchmarks/ measures beside hdtui
# Idempotent and quick when nothing changed: apt runs only for missing packages and pip
# only when pyproject.toml changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}

packages=(gnupg python3-venv)
extras="."
if [ "$mode" = dev ] || [ "$mode" = bench ]; then
    # NeoMutt: the e2e tests read hdtui's replies and marks in it (skipped without it).
    # faketime: the tests and the demo run on another day (docs/testing.md).
    packages+=(tmux neomutt dovecot-imapd openssl prosody faketime)
    if [ "$mode" = bench ]; then packages+=(aerc); fi
    # CPython's email test data (test/test_email/data), which `hdtui scan` must survive.
    if [ -x /usr/bin/python3 ]; then
        packages+=("libpython$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')-testsuite")
    fi
    extras=".[dev]"
    mode=dev  # the same venv as the tests'
fi

missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv" >&2
    "$python" -m venv .venv
fi
stamp=".venv/.hdtui-$mode-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -e "$stamp" ]; then
    echo "setup: installing hdtui ($extras) into .venv" >&2
    .venv/bin/python -m pip install -q --disable-pip-version-check -e "$extras" 2>&1 \
        | grep -v "is ignored: it is neither a file nor a directory" >&2 || true
    .venv/bin/python -c "import hdtui, textual, gnupg, mailparser, tinydb" >/dev/null
    rm -f .venv/.hdtui-"$mode"-*
    touch "$stamp"
fi
