#!/usr/bin/env bash
# The serve-codec benchmark (docs/performance.md): requests and payloads per second on 127.0.0.1 for batches of 1, 50
# and 500 payloads, `historylens-cli serve-codec` side by side with a Codec Server made of the Go SDK's HTTP handler
# (converter.NewPayloadCodecHTTPHandler with the samples' AES-GCM codec and the SDK's zlib codec, the same one the
# remote-codec tests use), both holding the same key, measured in the same run by the same load generator (wrk from
# Debian, 2 threads, 8 keep-alive connections; every answer's status is checked). Then both again at batches of 50
# while bench/slow_clients.py holds 64 slowloris and 1,000 idle connections open against each: throughput and p99
# latency of the legitimate load, alone and under that attack. Last, the 51,200-event benchmark history decoded
# through each by historylens-codec-bench (remote only, every payload sent): whole requests, as a client sees them.
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
# The benchmark history's key (bench/benchhistory.cpp), for the last measurement.
printf 'bench=text:historylens-bench-key-32-bytes!!\n' >>"$dir/keys.txt"

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
  io.write(string.format("RESULT %d %.3f %d %d %.2f\n", summary.requests, summary.duration / 1e6, bad,
                         summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
                         latency:percentile(99) / 1000))
end
LUA

measure() { # server url batch -> "requests/s p99-ms" (the run with the most requests/s)
  local best=0 best_p99=0
  for _ in $(seq 1 "$runs"); do
    local line
    line="$(HL_BODY="$dir/body-$3.json" wrk -t2 -c8 -d"${duration}s" -s "$dir/post.lua" "$2/decode" | grep '^RESULT')"
    read -r _ requests seconds bad errors p99 <<<"$line"
    [ "$bad" = 0 ] && [ "$errors" = 0 ] || { echo "$1: $bad non-200 answers, $errors socket errors" >&2; exit 1; }
    read -r best best_p99 < <(python3 -c "r = $requests / $seconds; print(*((r, $p99) if r > $best else ($best, $best_p99)))")
  done
  echo "$best $best_p99"
}

echo "| batch | server | requests/s | payloads/s |"
echo "|---:|---|---:|---:|"
for batch in 1 50 500; do
  read -r go _ < <(measure go "http://127.0.0.1:$(cat "$dir/go.port")" "$batch")
  read -r hl _ < <(measure historylens "http://127.0.0.1:$(cat "$dir/hl.port")" "$batch")
  printf '| %s | Go SDK handler | %.0f | %.0f |\n' "$batch" "$go" "$(python3 -c "print($go * $batch)")"
  printf '| %s | historylens-cli serve-codec | %.0f | %.0f |\n' "$batch" "$hl" "$(python3 -c "print($hl * $batch)")"
  python3 -c "print(f'|   | ratio | {$hl / $go:.2f}x | |')"
done

# Under attack: the legitimate load at batches of 50, alone and while 64 slowloris and 1,000 idle connections from
# other loopback addresses are held open against the same server.
echo
echo "| server | attack | requests/s | p99 latency (ms) |"
echo "|---|---|---:|---:|"
for server in go hl; do
  name="Go SDK handler"; [ "$server" = hl ] && name="historylens-cli serve-codec"
  port="$(cat "$dir/$server.port")"
  read -r alone alone_p99 < <(measure "$server" "http://127.0.0.1:$port" 50)
  "$venv/bin/python" "$root/bench/slow_clients.py" "$port" 64 1000 &
  echo $! >"$dir/attack.pid"
  sleep 3
  read -r attacked attacked_p99 < <(measure "$server" "http://127.0.0.1:$port" 50)
  kill "$(cat "$dir/attack.pid")"; wait "$(cat "$dir/attack.pid")" 2>/dev/null || true; rm -f "$dir/attack.pid"
  printf '| %s | none | %.0f | %.1f |\n' "$name" "$alone" "$alone_p99"
  printf '| %s | 64 slowloris + 1,000 idle | %.0f | %.1f |\n' "$name" "$attacked" "$attacked_p99"
done

echo
echo "| server | 51,200-event history decoded through it |"
echo "|---|---:|"
history="${TMPDIR:-/tmp}/historylens-bench-51200.json"
[ -f "$history" ] || "$root/build/bench/historylens-bench" --events 51200 --runs 1 --file "$history" >/dev/null
for server in go hl; do
  name="Go SDK handler"; [ "$server" = hl ] && name="historylens-cli serve-codec"
  median="$("$root/build/bench/historylens-codec-bench" --file "$history" --endpoint "http://127.0.0.1:$(cat "$dir/$server.port")" \
    --runs 3 | grep -E '^\| [0-9]' | head -1 | awk -F'|' '{print $6}')"
  printf '| %s | %s |\n' "$name" "$median"
done
