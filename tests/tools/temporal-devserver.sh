#!/usr/bin/env bash
# Starts and stops a real Temporal dev server for the frontend tests, and fills it with real histories.
#   temporal-devserver.sh start DIR [--bare] [--ui PORT] [server flags: --dynamic-config-value K=V, --ui-codec-endpoint U, ...]
#       start-dev on free 127.0.0.1 ports, HOME and XDG_CONFIG_HOME inside DIR, readiness polled with
#       `temporal operator cluster health`; then frontend_histories.py makes the workflows. Writes DIR/server.env
#       (ADDRESS, TEMPORAL, PYTHON) and DIR/manifest.json. --bare starts the server alone (the benchmark keeps its
#       own history in a database file). --ui PORT serves the Web UI on 127.0.0.1:PORT (UI_ADDRESS in server.env).
#   temporal-devserver.sh stop DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
action="${1:?start or stop}"
dir="${2:?a folder}"
shift 2

if [ "$action" = "stop" ]; then
  if [ -f "$dir/server.pid" ]; then
    pid="$(cat "$dir/server.pid")"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$dir/server.pid"
  fi
  exit 0
fi

bare=""
ui=(--headless)
ui_address=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bare) bare=1; shift ;;
    --ui) ui=(--ui-ip 127.0.0.1 --ui-port "${2:?a port}"); ui_address="127.0.0.1:$2"; shift 2 ;;
    *) break ;;
  esac
done
venv="$("$here/install-peers.sh")"
"$0" stop "$dir"
rm -rf "$dir"
mkdir -p "$dir/home/.config"
free_port() { "$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)"; http_port="$(free_port)"; metrics_port="$(free_port)"
export HOME="$dir/home" XDG_CONFIG_HOME="$dir/home/.config" TEMPORAL_VERSION_CHECK_DISABLED=1
setsid "$venv/bin/temporal" server start-dev "${ui[@]}" --ip 127.0.0.1 --port "$port" --http-port "$http_port" \
  --metrics-port "$metrics_port" --log-level error --namespace compare --namespace family "$@" >"$dir/server.log" 2>&1 </dev/null &
echo $! >"$dir/server.pid"
for _ in $(seq 1 600); do
  if "$venv/bin/temporal" operator cluster health --address "127.0.0.1:$port" >/dev/null 2>&1; then
    ready=1; break
  fi
  kill -0 "$(cat "$dir/server.pid")" 2>/dev/null || { cat "$dir/server.log" >&2; echo "the dev server exited" >&2; exit 1; }
  sleep 0.1
done
[ "${ready:-}" = 1 ] || { echo "the dev server did not become healthy in 60 s" >&2; cat "$dir/server.log" >&2; exit 1; }
cat >"$dir/server.env" <<ENV
ADDRESS=127.0.0.1:$port
HTTP_ADDRESS=127.0.0.1:$http_port
TEMPORAL=$venv/bin/temporal
PYTHON=$venv/bin/python
HOME=$dir/home
UI_ADDRESS=$ui_address
ENV
if [ -z "$bare" ]; then
  timeout 180 "$venv/bin/python" "$here/frontend_histories.py" make "127.0.0.1:$port" "$dir/manifest.json"
fi
echo "Temporal dev server on 127.0.0.1:$port ($dir)"
