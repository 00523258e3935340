#!/usr/bin/env bash
# The frontend benchmark: a history of more than 50,000 events made by a real Python SDK worker (the samples'
# encryption codec) on a real dev server, fetched by `temporal workflow show` and by HistoryLens side by side; and its
# timeline, opened cold in the Web UI (Debian's chromium through playwright-core) and in the desktop app.
#   bench/frontend-bench.sh [--runs R]        (build first: bash packaging/debian/dev.sh test, or cmake --build)
# The dev server keeps its database in ~/.cache/historylens/bench-history.db, so the history is made once (~3 min).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${HL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/historylens}"
dir="$(mktemp -d "${TMPDIR:-/tmp}/historylens-frontend-bench.XXXXXX")"
trap '"$root/tests/tools/temporal-devserver.sh" stop "$dir/server"; rm -rf "$dir"' EXIT
HL_BENCH_UI_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
export HL_BENCH_UI_PORT
# shellcheck source=bench/bench-workflow.sh
source "$root/bench/bench-workflow.sh"
run="$(HOME="$dir/server/home" "$TEMPORAL" workflow describe -w "$workflow" --address "$ADDRESS" -o json |
  "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["workflowExecutionInfo"]["execution"]["runId"])')"
HL_WEBUI_DIR="$(dirname "$(dirname "$PYTHON")")/webui" HOME="$dir/server/home" "$root/build/bench/historylens-frontend-bench" \
  --address "$ADDRESS" --workflow-id "$workflow" \
  --key 'test-key-id=text:test-key-test-key-test-key-test!' --temporal "$TEMPORAL" --cli "$root/build/app/historylens-cli" \
  --webui-url "http://127.0.0.1:$HL_BENCH_UI_PORT/namespaces/default/workflows/$workflow/$run/timeline" \
  --webui-script "$root/bench/webui-timeline.mjs" "$@"
