#!/usr/bin/env bash
# Starts and stops tests/tools/fake_frontend.py (a frontend that misbehaves on purpose) for the tests.
#   fake-frontend.sh start DIR    writes DIR/fake.env (FAKE_ADDRESS)
#   fake-frontend.sh stop DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
action="${1:?start or stop}"
dir="${2:?a folder}"
if [ "$action" = "stop" ]; then
  [ -f "$dir/fake.pid" ] && kill -TERM "$(cat "$dir/fake.pid")" 2>/dev/null || true
  rm -f "$dir/fake.pid"
  exit 0
fi
venv="$("$here/install-peers.sh")"
"$0" stop "$dir"
rm -rf "$dir" && mkdir -p "$dir"
setsid "$venv/bin/python" "$here/fake_frontend.py" "$dir/fake.env.partial" >"$dir/fake.log" 2>&1 </dev/null &
echo $! >"$dir/fake.pid"
for _ in $(seq 1 300); do
  [ -s "$dir/fake.env.partial" ] && { mv "$dir/fake.env.partial" "$dir/fake.env"; cat "$dir/fake.env"; exit 0; }
  kill -0 "$(cat "$dir/fake.pid")" 2>/dev/null || { cat "$dir/fake.log" >&2; exit 1; }
  sleep 0.1
done
echo "the fake frontend did not start" >&2
exit 1
