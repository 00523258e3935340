# Sourced by the frontend and Codec Server benchmarks: starts a real dev server on the benchmark's database in
# "$dir/server" and makes sure it holds `invoice-50k` (made once by a real Python SDK worker with the samples'
# encryption codec, about 3½ minutes; the database is kept in $cache/bench-history.db). Sets workflow, ADDRESS,
# TEMPORAL and PYTHON (and UI_ADDRESS, the Web UI, when HL_BENCH_UI_PORT names a port). Needs root, dir and cache set.
workflow=invoice-50k
mkdir -p "$cache"
ui_flags=()
[ -n "${HL_BENCH_UI_PORT:-}" ] && ui_flags=(--ui "$HL_BENCH_UI_PORT")
"$root/tests/tools/temporal-devserver.sh" start "$dir/server" --bare "${ui_flags[@]}" --db-filename "$cache/bench-history.db" \
  --dynamic-config-value limit.historyCount.error=100000 --dynamic-config-value limit.historySize.error=209715200 >/dev/null
# shellcheck disable=SC1091
source "$dir/server/server.env"
if ! HOME="$dir/server/home" "$TEMPORAL" workflow describe -w "$workflow" --address "$ADDRESS" >/dev/null 2>&1; then
  echo "Making $workflow (a real worker prices invoice lines until the history holds 50,500 events)..."
  "$PYTHON" "$root/tests/tools/frontend_histories.py" big "$ADDRESS" "$workflow" 50500
fi
