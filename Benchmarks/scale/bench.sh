#!/usr/bin/env bash
# Scale benchmark (figures, not a test): builds a replicated corpus, then
# times the release binary on it. Prints throughput (MB/s, docs/s) and peak
# RSS at 1 and 2 threads, the speed-up from 1 to 2, the cost of the store on
# a first run, and the cost of resuming a finished job against the cost of
# hashing the inputs.
#   Benchmarks/scale/bench.sh                       # 128 MB files + 128 MB JSONL
#   FILES_MB=1024 JSONL_MB=1024 Benchmarks/scale/bench.sh   # the full-size run
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch=${SCRATCH_PATH:-.build-batch}
FILES_MB=${FILES_MB:-128}
JSONL_MB=${JSONL_MB:-128}
work=${WORK:-/tmp/policytrace-scale}
corpus=$work/corpus-$FILES_MB-$JSONL_MB
mkdir -p "$work"
[ -d "$corpus" ] || python3 Benchmarks/scale/generate.py --out "$corpus" --files-mb "$FILES_MB" --jsonl-mb "$JSONL_MB"
swift build -c release --scratch-path "$scratch" --product policytrace >/dev/null
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)/policytrace
mb=$(du -sm --apparent-size "$corpus" | cut -f1)

now() { date +%s.%N; }
# run LABEL ARGS…: one run; prints its figures, leaves its seconds in $secs.
run() {
  local label=$1; shift
  local t0; t0=$(now)
  "$bin" run --corpus "$corpus" --out "$work/out" "$@" > "$work/summary.txt"
  secs=$(echo "$(now) - $t0" | bc -l)
  local docs rss
  docs=$(sed -n 's/.*MB: \([0-9]*\) documents.*/\1/p' "$work/summary.txt")
  rss=$(sed -n 's/Peak memory (RSS): \(.*\)/\1/p' "$work/summary.txt")
  printf '%-28s %7.1f s  %6.1f MB/s  %8.0f docs/s  peak RSS %s\n' "$label" "$secs" \
    "$(echo "$mb / $secs" | bc -l)" "$(echo "$docs / $secs" | bc -l)" "$rss"
}

echo "corpus: $corpus ($mb MB, $(find "$corpus" -type f | wc -l) files); $(nproc) cores"
rm -rf "$work/out"
run "1 thread, no store" --jobs 1 --no-store; one=$secs
run "2 threads, no store" --jobs 2 --no-store; two=$secs
rm -rf "$work/out"
run "2 threads, store (fresh)" --jobs 2; fresh=$secs
run "2 threads, resume finished" --jobs 2; resume=$secs
t0=$(now); find "$corpus" -type f -print0 | sort -z | xargs -0 cat | sha256sum >/dev/null; hash=$(echo "$(now) - $t0" | bc -l)
printf 'hashing the inputs (sha256sum): %.1f s\n' "$hash"
printf 'speed-up 1 -> 2 threads: %.2fx; store cost on a fresh run: %+.0f%%; resume = %.2fx a fresh run, %.1fx hashing\n' \
  "$(echo "$one / $two" | bc -l)" "$(echo "($fresh / $two - 1) * 100" | bc -l)" "$(echo "$resume / $fresh" | bc -l)" "$(echo "$resume / $hash" | bc -l)"
echo "store: $(du -sm "$work/out/policytrace.sqlite" | cut -f1) MB"
