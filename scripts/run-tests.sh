#!/usr/bin/env bash
# Runs the test suite. On Linux it runs inside a private D-Bus session with an unlocked
# gnome-keyring, so keychain tests hit a real Secret Service and never touch the user's own keyring.
# Arguments are passed to vitest (e.g. a file filter).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(uname -s)" = Linux ] && [ -z "${GATEHOUSE_TEST_KEYRING:-}" ]; then
  for tool in dbus-run-session gnome-keyring-daemon; do
    command -v "$tool" >/dev/null || { echo "run-tests: $tool is missing (apt-get install dbus gnome-keyring)" >&2; exit 1; }
  done
  export GATEHOUSE_TEST_KEYRING=1
  exec dbus-run-session -- "$0" "$@"
fi

if [ -n "${GATEHOUSE_TEST_KEYRING:-}" ]; then
  # A throwaway keyring folder: the daemon creates and unlocks a "login" keyring there.
  XDG_DATA_HOME="$(mktemp -d)"
  export XDG_DATA_HOME
  trap 'rm -rf "$XDG_DATA_HOME"' EXIT
  eval "$(printf 'gatehouse-test' | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
fi

node_modules/.bin/vitest run "$@"
