#!/usr/bin/env bash
# The Codec Server benchmark (docs/performance.md): a Codec Server made of the Go SDK's HTTP handler that adds 2 ms to
# every request, on 127.0.0.1, then
#   1. the 51,200-event benchmark history decoded through it (historylens-codec-bench; --sweep for other batch sizes);
#   2. `temporal workflow show -o json --codec-endpoint` and `historylens-cli show -o json --codec-endpoint` on the
#      50,000-event workflow of the frontend benchmark (made once by a real Python SDK worker, kept in
#      ~/.cache/historylens/bench-history.db), side by side.
#   bench/codec-bench.sh [--runs R] [--sweep]      (build first: bash packaging/debian/dev.sh test, or cmake --build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${HL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/historylens}"
runs=3
sweep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --sweep) sweep="--sweep"; shift ;;
    *) echo "usage: bench/codec-bench.sh [--runs R] [--sweep]" >&2; exit 2 ;;
  esac
done
dir="$(mktemp -d "${TMPDIR:-/tmp}/historylens-codec-bench.XXXXXX")"
trap '"$root/tests/tools/temporal-devserver.sh" stop "$dir/server"; [ -f "$dir/go.pid" ] && kill "$(cat "$dir/go.pid")" 2>/dev/null; rm -rf "$dir"' EXIT
venv="$("$root/tests/tools/install-peers.sh")"

# The benchmark history's key and the samples-python key the frontend workflow was encrypted with.
printf 'bench=text:historylens-bench-key-32-bytes!!\ntest-key-id=text:test-key-test-key-test-key-test!\n' >"$dir/keys.txt"
"$venv/bin/codec-server-go" -keys "$dir/keys.txt" -latency 2ms -port-file "$dir/go.port" >"$dir/go.log" 2>&1 &
echo $! >"$dir/go.pid"
for _ in $(seq 1 100); do [ -s "$dir/go.port" ] && break; sleep 0.1; done
endpoint="http://127.0.0.1:$(cat "$dir/go.port")"

history="${TMPDIR:-/tmp}/historylens-bench-51200.json"
[ -f "$history" ] || "$root/build/bench/historylens-bench" --events 51200 --runs 1 --file "$history" >/dev/null
echo "== 1. The 51,200-event history through the Codec Server (2 ms added per request)"
"$root/build/bench/historylens-codec-bench" --file "$history" --endpoint "$endpoint" --runs "$runs" $sweep

echo
echo "== 2. temporal workflow show and historylens-cli show, the same workflow, the same Codec Server"
# shellcheck source=bench/bench-workflow.sh
source "$root/bench/bench-workflow.sh"
HOME="$dir/server/home" "$root/build/bench/historylens-codec-bench" --compare --endpoint "$endpoint" --address "$ADDRESS" \
  --workflow-id "$workflow" --temporal "$TEMPORAL" --cli "$root/build/app/historylens-cli" --runs "$runs"
