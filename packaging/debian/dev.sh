#!/usr/bin/env bash
# HistoryLens developer entry point on Debian 12.
#   dev.sh run   install what is missing, build, and open the desktop app on the bundled demo history
#                (without a display: print the decoded demo with historylens-cli)
#   dev.sh test  install what is missing, build, and run every test: the release build's, then the same suite
#                under the sanitizers and a short run of every fuzz target
#   dev.sh package  install what is missing, build, and make the .deb, .rpm and .tar.gz in build/packages
#   dev.sh image    install what is missing, build, and make serve-codec's container image from the .deb
#                   (localhost/historylens-codec:VERSION; packaging/container, docs/deploy.md)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mode="${1:-}"
preset="${HL_PRESET:-default}"
[ "${CI:-}" = "true" ] && preset="${HL_PRESET:-ci}"

case "$mode" in
  run|test|package|image) ;;
  *) echo "usage: $0 run|test|package|image" >&2; exit 2 ;;
esac

install_missing() {
  local wanted missing=()
  mapfile -t wanted < <(grep -v '^\s*#' "$here/build-deps.txt" | grep -v '^\s*$')
  for entry in "${wanted[@]}"; do
    local package="${entry%%:*}" command="${entry#*:}"
    if [ "$command" != "$entry" ] && command -v "$command" >/dev/null 2>&1; then
      continue
    fi
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

install_missing
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
# Paths relative to the checkout and the build folder left out of the hash, so a clone in another folder (as CI
# makes) reuses the cache; a cached object's debug info may then name the folder it was first built in.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-true}"
cd "$root"
cmake --preset "$preset"
cmake --build --preset "$preset"

if [ "$mode" = "package" ]; then
  cd "$root/build"
  exec cpack -G "DEB;RPM;TGZ"
fi
if [ "$mode" = "image" ]; then
  exec bash "$root/packaging/container/build-image.sh" "$root/build"
fi
if [ "$mode" = "run" ]; then
  if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    # The desktop app opens the bundled demo history, decoded with its public demo key.
    exec "$root/build/app/historylens"
  fi
  echo "dev.sh: no display (DISPLAY and WAYLAND_DISPLAY are unset), so instead of the desktop app:" >&2
  echo "dev.sh: the demo history, decoded by historylens-cli" >&2
  # The demo's payloads are encrypted under a published demo key (resources/demo/demokey.h).
  exec "$root/build/app/historylens-cli" show "$root/resources/demo/demo-history.json" \
    --key 'historylens-demo=text:historylens-demo-key-not-secret!'
fi
# The real Temporal peers the frontend tests run against, installed before any test runs.
bash "$root/tests/tools/install-peers.sh" >/dev/null
ctest --preset "$preset"
# The same suite under the address and undefined-behaviour sanitizers (clang 14), then every fuzz target a short
# while from its corpus (docs/fuzzing.md). HL_SKIP_SANITIZERS=1 leaves both out of a quick local run.
if [ "${HL_SKIP_SANITIZERS:-0}" != "1" ]; then
  asan_options=()
  # The github preset's machines lack the shared real histories; the sanitizer build leaves their tests out too.
  [ "$preset" = "github" ] && asan_options=(-DHL_REQUIRE_REAL_FIXTURES=OFF)
  cmake --preset asan "${asan_options[@]}"
  cmake --build --preset asan
  ctest --preset asan
  ctest --preset fuzz
fi
