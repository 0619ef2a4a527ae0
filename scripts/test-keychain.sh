#!/usr/bin/env sh
# Runs the keychain tests (test/integration/keychain) against a real Secret Service: a
# private D-Bus session with gnome-keyring, unlocked with a throwaway password, in a
# throwaway HOME, so no real keyring is touched. Needs dbus-run-session and
# gnome-keyring-daemon (Debian: apt-get install dbus dbus-x11 gnome-keyring libsecret-1-dev).
set -eu
cd "$(dirname "$0")/.."

for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "test-keychain: $tool is missing; install dbus, dbus-x11 and gnome-keyring (see README, Keychain test)." >&2
    exit 1
  fi
done

REPO=$(pwd)
THROWAWAY_HOME=$(mktemp -d)
trap 'rm -rf "$THROWAWAY_HOME"' EXIT INT TERM
mkdir -p "$THROWAWAY_HOME/run" && chmod 700 "$THROWAWAY_HOME/run"

HOME="$THROWAWAY_HOME" XDG_DATA_HOME="$THROWAWAY_HOME/.local/share" XDG_RUNTIME_DIR="$THROWAWAY_HOME/run" \
  dbus-run-session -- sh -c '
    echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    cd "$1" && ONCALL_KEYCHAIN_TEST=1 npx vitest run test/integration/keychain
  ' sh "$REPO"
