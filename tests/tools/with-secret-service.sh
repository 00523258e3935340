#!/usr/bin/env bash
# Runs a command against a real, throwaway Secret Service: a fresh HOME, a private D-Bus session, and
# gnome-keyring-daemon unlocked with a throwaway password. Used by the keychain tests.
#   with-secret-service.sh COMMAND [ARGS...]
set -euo pipefail

home="$(mktemp -d "${TMPDIR:-/tmp}/historylens-keyring.XXXXXX")"
trap 'rm -rf "$home"' EXIT
export HOME="$home"
export XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" XDG_CACHE_HOME="$home/.cache"
export XDG_RUNTIME_DIR="$home/runtime"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export HL_TEST_HOME="$home"

exec dbus-run-session -- bash -c '
  eval "$(printf %s throwaway-password | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
  exec "$@"' with-secret-service "$@"
