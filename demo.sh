#!/usr/bin/env bash
# Sets up hdtui on a fresh Debian machine and opens the bundled demo mailbox.
# Nothing leaves the machine; your own config and store are never touched.
# Extra arguments go to hdtui, e.g. ./demo.sh --read-only  or  ./demo.sh --keymap vim
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh run
exec .venv/bin/hdtui --demo "$@"
