#!/usr/bin/env bash
# Runs one fuzz target of a fuzz build (the `fuzz` preset) from its seeds, within the bounds every target must keep:
# an input slower than 1 s, a process past 2 GiB, a single allocation past 2 GiB or a leak is a failure.
#   run-fuzzer.sh BUILD_DIR TARGET SECONDS [bare]
# `bare` starts from an empty corpus without the JSON dictionary: what a fuzzer finds with no hints (the seeds and
# the dictionary steer it to well-formed input, and past some bugs).
# The corpus grows in BUILD_DIR/fuzz/corpus/TARGET across runs; what made a target fail is kept in
# BUILD_DIR/fuzz/artifacts/TARGET/ (add it to tests/data/fuzz-regressions/TARGET/ once fixed). The last statistics
# line goes to BUILD_DIR/fuzz/stats/TARGET.txt.
set -euo pipefail
build="$(cd "${1:?a fuzz build folder}" && pwd)"
target="${2:?a target}"
seconds="${3:?seconds}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fuzz="$build/fuzz"
[ -d "$fuzz/seeds/$target" ] || { echo "no seeds for $target in $fuzz/seeds (run the fuzz_corpus test first)" >&2; exit 1; }
mode="${4:-seeded}"
mkdir -p "$fuzz/corpus/$target" "$fuzz/artifacts/$target" "$fuzz/stats" "$fuzz/logs"
log="$fuzz/logs/$target.log"
hints=(-dict="$here/json.dict")
corpora=("$fuzz/corpus/$target" "$fuzz/seeds/$target")
suffix=""
if [ "$mode" = "bare" ]; then
  bare="$fuzz/corpus-bare/$target"
  rm -rf "$bare" && mkdir -p "$bare"
  hints=()
  corpora=("$bare")
  log="$fuzz/logs/$target-bare.log"
  suffix="-bare"
fi
export HL_FUZZ_DATA_DIR="$fuzz/seeds/data"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
"$fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
  -max_len=65536 "${hints[@]}" -print_final_stats=1 -artifact_prefix="$fuzz/artifacts/$target/" \
  "${corpora[@]}" >"$log" 2>&1 || status=$?
# The last progress line (cov, ft, corp, exec/s, rss) and the final statistics.
progress="$(grep -E '^#[0-9]+' "$log" | tail -1 || true)"
{
  echo "target: $target"
  echo "seconds: $seconds"
  echo "progress: $progress"
  grep -E '^stat::' "$log" || true
  echo "corpus_files: $(find "$fuzz/corpus/$target" -type f | wc -l)"
  echo "corpus_bytes: $(du -sb "$fuzz/corpus/$target" | cut -f1)"
  echo "exit: $status"
} >"$fuzz/stats/$target$suffix.txt"
if [ "$status" -ne 0 ]; then
  echo "fuzz_$target failed (exit $status); the end of its log ($log):" >&2
  tail -60 "$log" >&2
  ls "$fuzz/artifacts/$target" >&2
  exit 1
fi
echo "fuzz_$target: $progress"
