#!/usr/bin/env bash
# Runs every fuzz target of a fuzz build for SECONDS each, JOBS at a time, and prints a Markdown table of what each
# reached (executions per second, coverage, corpus), as docs/fuzzing.md reports it.
#   run-all.sh BUILD_DIR SECONDS [JOBS]
set -uo pipefail
build="$(cd "${1:?a fuzz build folder}" && pwd)"
seconds="${2:?seconds}"
jobs="${3:-2}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
targets=$(sed -n 's/^set(HL_FUZZ_TARGETS \(.*\))$/\1/p' "$here/CMakeLists.txt")
printf '%s\n' $targets | xargs -P "$jobs" -I{} "$here/run-fuzzer.sh" "$build" {} "$seconds"
failed=$?
echo
echo "| target | seconds | executions | exec/s | coverage (edges) | features | corpus (files) | corpus (KiB) | peak RSS (MiB) | result |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for target in $targets; do
  stats="$build/fuzz/stats/$target.txt"
  [ -f "$stats" ] || continue
  value() { sed -n "s/^$1:[[:space:]]*//p" "$stats" | head -1; }
  progress="$(value progress)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$progress")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$progress")"
  echo "| $target | $(value seconds) | $(value stat::number_of_executed_units) | $(value stat::average_exec_per_sec) | $cov | $ft |" \
       "$(value corpus_files) | $(( $(value corpus_bytes) / 1024 )) | $(value stat::peak_rss_mb) |" \
       "$([ "$(value exit)" = 0 ] && echo ok || echo FAILED) |"
done
exit $failed
