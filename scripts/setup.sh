#!/usr/bin/env bash
# Installs what hdtui needs on a fresh Debian machine: Debian packages, then a venv.
#   scripts/setup.sh run    GnuPG + the venv with hdtui (what the demo needs)
#   scripts/setup.sh dev    + tmux, NeoMutt and the test tools (what the tests need)
#   scripts/setup.sh bench  + aerc, the other peer benchmarks/ measures beside hdtui
#   scripts/setup.sh [MODE] --dry-run [--as-fresh]
#                           print the apt and service commands it would run, run none
#                           (--as-fresh: as on a machine that has none of the packages;
#                           the flags go before or after MODE)
# Any other argument (a misspelt mode) is refused before anything runs.
# Idempotent and quick when nothing changed: apt runs only for missing packages and pip
# only when pyproject.toml changed since the last install.
#
# The tests start their own Dovecot and Prosody on 127.0.0.1 (docs/testing.md, "What
# the setup installs and what it leaves running"); the system services that come with
# the dovecot-imapd and prosody packages are never wanted. When this script installs
# them, it forbids their start during the install (a policy-rc.d answering 101 for them
# alone: `dovecot` as invoke-rc.d asks on sysv, `dovecot.service`, `dovecot.socket` as
# deb-systemd-invoke asks on systemd) and then stops and disables them (systemctl with systemd, else service and
# update-rc.d). A server that was installed before is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: scripts/setup.sh [run|dev|bench] [--dry-run [--as-fresh]]"
mode=""
dry_run=false
as_fresh=false
for arg in "$@"; do
    case "$arg" in
        --dry-run) dry_run=true ;;
        --as-fresh) as_fresh=true ;;
        run|dev|bench)
            if [ -n "$mode" ]; then
                echo "setup: one mode only ($mode, then $arg)" >&2; echo "$usage" >&2; exit 2
            fi
            mode=$arg ;;
        *) echo "setup: unknown argument '$arg'" >&2; echo "$usage" >&2; exit 2 ;;
    esac
done
mode=${mode:-run}
if $as_fresh && ! $dry_run; then
    echo "setup: --as-fresh goes with --dry-run only" >&2
    exit 2
fi
if [ -n "${SETUP_POLICY_RC_D:-}" ] && ! $dry_run; then
    # invoke-rc.d and deb-systemd-invoke look at /usr/sbin/policy-rc.d only: a policy
    # written elsewhere would let the servers start during a real install.
    echo "setup: SETUP_POLICY_RC_D goes with --dry-run only" >&2
    exit 2
fi
if [ -n "${SETUP_INIT:-}" ] && ! $dry_run; then
    # A real run stops and disables the servers as the machine's own init system asks:
    # told another, it would run commands that leave them running (or fail half-way).
    echo "setup: SETUP_INIT goes with --dry-run only" >&2
    exit 2
fi

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

installed() {  # whether the Debian package $1 is installed (not only its config files)
    ! $as_fresh && [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}
# The system services the dev packages bring, each with the package that ships it.
services=(dovecot:dovecot-core prosody:prosody)

missing=()
for p in "${packages[@]}"; do
    installed "$p" || missing+=("$p")
done
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
run() {  # runs a command as root, or prints it in a dry run
    if $dry_run; then echo "would run: $sudo${sudo:+ }$*"; else $sudo "$@"; fi
}
if ((${#missing[@]})); then
    # Which services this install brings: those whose package is not installed yet.
    new_services=()
    if [ "$mode" = dev ]; then
        for entry in "${services[@]}"; do
            installed "${entry#*:}" || new_services+=("${entry%%:*}")
        done
    fi
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    policy=${SETUP_POLICY_RC_D:-/usr/sbin/policy-rc.d}  # another path: dry runs only (above)
    own_policy=false
    if ((${#new_services[@]})) && [ ! -e "$policy" ]; then
        # invoke-rc.d asks this program before it starts a service: 101 forbids it.
        # By name (invoke-rc.d) or by unit (deb-systemd-invoke: dovecot.service,
        # dovecot.socket, prosody.service).
        pattern=""
        for service in "${new_services[@]}"; do
            pattern="$pattern${pattern:+|}$service|$service.*"
        done
        script="#!/bin/sh
# Written by hdtui's scripts/setup.sh for the install it runs; removed after it.
case \"\$1\" in $pattern) exit 101 ;; esac
exit 0"
        if $dry_run; then
            echo "would write $policy:"
            printf '%s\n' "$script" | sed 's/^/    /'
        else
            trap '$sudo rm -f "$policy"' EXIT
            printf '%s\n' "$script" | $sudo tee "$policy" >/dev/null
            $sudo chmod 755 "$policy"
        fi
        own_policy=true
    fi
    run apt-get update -qq
    if $dry_run; then
        run apt-get install -y -qq "${missing[@]}"
    else
        $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    if $own_policy; then
        run rm -f "$policy"
        $dry_run || trap - EXIT
    fi
    init=${SETUP_INIT:-}  # systemd or sysv; dry runs only (refused above otherwise)
    if [ -z "$init" ]; then
        if [ -d /run/systemd/system ]; then init=systemd; else init=sysv; fi
    fi
    for service in "${new_services[@]}"; do
        echo "setup: the system $service came with this install; the tests start their" \
             "own on 127.0.0.1: stopping and disabling it" >&2
        if [ "$init" = systemd ]; then
            run systemctl disable --now "$service.service"
            # Dovecot also ships a socket unit that would start it on a connection.
            if [ "$service" = dovecot ]; then run systemctl disable --now dovecot.socket; fi
        else
            run service "$service" stop || true
            run update-rc.d "$service" disable
        fi
    done
fi
if $dry_run; then
    ((${#missing[@]})) || echo "setup: every Debian package is installed; nothing to run"
    exit 0
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
