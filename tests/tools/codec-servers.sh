#!/usr/bin/env bash
# Starts and stops the Codec Servers the tests decode through, on free 127.0.0.1 ports:
#   - Go: the Go SDK's converter.NewPayloadCodecHTTPHandler with the samples' AES-GCM codec and the SDK's zlib codec;
#   - Python: the temporalio SDK's PayloadCodec interface served by aiohttp, with /bad/<mode>/decode routes that
#     misbehave on purpose (codec_server_python.py).
# Both hold the keys of KEYFILE (ID=SPEC lines). The Python one also listens with TLS, its certificate signed by a
# CA made here with openssl (DIR/ca.pem), for 127.0.0.1 and localhost.
#   codec-servers.sh start DIR KEYFILE [--latency 2ms]
#       writes DIR/codec.env (GO_CODEC_URL, PY_CODEC_URL, PY_CODEC_HTTPS_URL, CODEC_CA_FILE)
#   codec-servers.sh stop DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
action="${1:?start or stop}"
dir="${2:?a folder}"

stop_one() {
  local pidfile="$1"
  [ -f "$pidfile" ] || return 0
  local pid
  pid="$(cat "$pidfile")"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

if [ "$action" = "stop" ]; then
  stop_one "$dir/go.pid"
  stop_one "$dir/python.pid"
  exit 0
fi

keys="${3:?a key file}"
latency="0s"
if [ "${4:-}" = "--latency" ]; then latency="${5:?a duration}"; fi
venv="$("$here/install-peers.sh")"
"$0" stop "$dir"
rm -rf "$dir"
mkdir -p "$dir"
"$venv/bin/codec-server-go" -keys "$keys" -latency "$latency" -port-file "$dir/go.port" >"$dir/go.log" 2>&1 </dev/null &
echo $! >"$dir/go.pid"
quiet() { "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; }
quiet openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/ca.key" -out "$dir/ca.pem" -days 30 -subj "/CN=HistoryLens Codec Test CA"
quiet openssl req -newkey rsa:2048 -nodes -keyout "$dir/server.key" -out "$dir/server.csr" -subj "/CN=127.0.0.1"
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext"
quiet openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -out "$dir/server.pem" \
  -days 30 -extfile "$dir/server.ext"
"$venv/bin/python" "$here/codec_server_python.py" "$keys" "$dir/python.port" "$dir/server.pem" "$dir/server.key" \
  "$dir/python-tls.port" >"$dir/python.log" 2>&1 </dev/null &
echo $! >"$dir/python.pid"
for _ in $(seq 1 300); do
  [ -s "$dir/go.port" ] && [ -s "$dir/python.port" ] && [ -s "$dir/python-tls.port" ] && break
  kill -0 "$(cat "$dir/go.pid")" 2>/dev/null || { cat "$dir/go.log" >&2; exit 1; }
  kill -0 "$(cat "$dir/python.pid")" 2>/dev/null || { cat "$dir/python.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$dir/go.port" ] && [ -s "$dir/python.port" ] || { echo "the Codec Servers did not start in 30 s" >&2; exit 1; }
cat >"$dir/codec.env" <<ENV
GO_CODEC_URL=http://127.0.0.1:$(cat "$dir/go.port")
PY_CODEC_URL=http://127.0.0.1:$(cat "$dir/python.port")
PY_CODEC_HTTPS_URL=https://127.0.0.1:$(cat "$dir/python-tls.port")
CODEC_CA_FILE=$dir/ca.pem
ENV
echo "Codec Servers: $(tr '\n' ' ' <"$dir/codec.env")"
