#!/usr/bin/env bash
# The frontend benchmark: a history of more than 50,000 events made by a real Python SDK worker (the samples'
# encryption codec) on a real dev server, fetched by `temporal workflow show` and by HistoryLens side by side.
#   bench/frontend-bench.sh [--runs R]        (build first: bash packaging/debian/dev.sh test, or cmake --build)
# The dev server keeps its database in ~/.cache/historylens/bench-history.db, so the history is made once (~3 min).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${HL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/historylens}"
dir="$(mktemp -d "${TMPDIR:-/tmp}/historylens-frontend-bench.XXXXXX")"
trap '"$root/tests/tools/temporal-devserver.sh" stop "$dir/server"; rm -rf "$dir"' EXIT
# shellcheck source=bench/bench-workflow.sh
source "$root/bench/bench-workflow.sh"
HOME="$dir/server/home" "$root/build/bench/historylens-frontend-bench" --address "$ADDRESS" --workflow-id "$workflow" \
  --key 'test-key-id=text:test-key-test-key-test-key-test!' --temporal "$TEMPORAL" --cli "$root/build/app/historylens-cli" "$@"
