#!/usr/bin/env bash
# The serve-codec benchmark (docs/performance.md): requests and payloads per second on 127.0.0.1 for batches of 1, 50
# and 500 payloads, `historylens-cli serve-codec` side by side with a Codec Server made of the Go SDK's HTTP handler
# (converter.NewPayloadCodecHTTPHandler with the samples' AES-GCM codec and the SDK's zlib codec, the same one the
# remote-codec tests use), both holding the same key, measured in the same run by the same load generator (wrk from
# Debian, 2 threads, 8 keep-alive connections; every answer's status is checked).
#   bench/serve-codec-bench.sh [--duration SECONDS] [--runs R]      (build first: cmake --build --preset default)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration=10
runs=2
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: bench/serve-codec-bench.sh [--duration SECONDS] [--runs R]" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo; $sudo apt-get install -y -qq wrk >/dev/null; }
dir="$(mktemp -d "${TMPDIR:-/tmp}/historylens-serve-bench.XXXXXX")"
cleanup() {
  for pid in "$dir"/*.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null; done
  rm -rf "$dir"
}
trap cleanup EXIT
venv="$("$root/tests/tools/install-peers.sh")"
/usr/bin/python3 "$root/bench/make_codec_bodies.py" "$dir" 1 50 500

"$venv/bin/codec-server-go" -keys "$dir/keys.txt" -port-file "$dir/go.port" >"$dir/go.log" 2>&1 &
echo $! >"$dir/go.pid"
"$root/build/app/historylens-cli" serve-codec --listen 127.0.0.1:0 --port-file "$dir/hl.port" --no-keychain \
  --key-file "$dir/keys.txt" --quiet >"$dir/hl.log" 2>&1 &
echo $! >"$dir/hl.pid"
for _ in $(seq 1 100); do [ -s "$dir/go.port" ] && [ -s "$dir/hl.port" ] && break; sleep 0.1; done

cat >"$dir/post.lua" <<'LUA'
local f = io.open(os.getenv("HL_BODY"), "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Namespace"] = "default"
local bad = 0
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
function done(summary, latency, requests)
  io.write(string.format("RESULT %d %.3f %d %d\n", summary.requests, summary.duration / 1e6, bad,
                         summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

measure() { # server url batch -> requests/s (best of runs)
  local best=0
  for _ in $(seq 1 "$runs"); do
    local line
    line="$(HL_BODY="$dir/body-$3.json" wrk -t2 -c8 -d"${duration}s" -s "$dir/post.lua" "$2/decode" | grep '^RESULT')"
    read -r _ requests seconds bad errors <<<"$line"
    [ "$bad" = 0 ] && [ "$errors" = 0 ] || { echo "$1: $bad non-200 answers, $errors socket errors" >&2; exit 1; }
    best="$(python3 -c "print(max($best, $requests / $seconds))")"
  done
  echo "$best"
}

echo "| batch | server | requests/s | payloads/s |"
echo "|---:|---|---:|---:|"
for batch in 1 50 500; do
  go="$(measure go "http://127.0.0.1:$(cat "$dir/go.port")" "$batch")"
  hl="$(measure historylens "http://127.0.0.1:$(cat "$dir/hl.port")" "$batch")"
  printf '| %s | Go SDK handler | %.0f | %.0f |\n' "$batch" "$go" "$(python3 -c "print($go * $batch)")"
  printf '| %s | historylens-cli serve-codec | %.0f | %.0f |\n' "$batch" "$hl" "$(python3 -c "print($hl * $batch)")"
  python3 -c "print(f'|   | ratio | {$hl / $go:.2f}x | |')"
done
