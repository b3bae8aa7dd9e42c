#!/usr/bin/env bash
# Scale benchmark (figures, not a test): builds a replicated corpus, then
# times the release binary on it. Prints throughput (MB/s, docs/s) and peak
# RSS at 1 and 2 threads, the speed-up from 1 to 2, the cost of the store on
# a fresh run, and the cost of rerunning a finished job (nothing changed,
# so it hashes inputs and outputs and rewrites nothing) against the cost of
# hashing the inputs with sha256sum, on one core and on two.
#   Benchmarks/scale/bench.sh                                  # 128 MB of files + 128 MB JSONL
#   FILES_MB=1024 JSONL_MB=1024 Benchmarks/scale/bench.sh      # the full size: ~300,000 files + 1 GB JSONL
#   CSV_MB=512 FILES_MB=0 JSONL_MB=0 Benchmarks/scale/bench.sh # one large CSV file
# WORK (default /tmp/policytrace-scale) holds the corpus and outputs;
# KEEP=1 keeps them afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch=${SCRATCH_PATH:-.build-batch}
FILES_MB=${FILES_MB:-128}
JSONL_MB=${JSONL_MB:-128}
CSV_MB=${CSV_MB:-0}
work=${WORK:-/tmp/policytrace-scale}
corpus=$work/corpus-$FILES_MB-$JSONL_MB-$CSV_MB
mkdir -p "$work"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$corpus" "$work/out"' EXIT
[ -d "$corpus" ] || python3 Benchmarks/scale/generate.py --out "$corpus" --files-mb "$FILES_MB" --jsonl-mb "$JSONL_MB" --csv-mb "$CSV_MB"
swift build -c release --scratch-path "$scratch" --product policytrace >/dev/null
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)/policytrace
mb=$(du -sm --apparent-size "$corpus" | cut -f1)

now() { date +%s.%N; }
# run LABEL ARGS…: one run; prints its figures, leaves its seconds in $secs.
run() {
  local label=$1; shift
  local t0; t0=$(now)
  "$bin" run --corpus "$corpus" --out "$work/out" "$@" > "$work/summary.txt" 2> "$work/progress.txt"
  secs=$(echo "$(now) - $t0" | bc -l)
  local docs rss
  docs=$(sed -n 's/.*MB: \([0-9]*\) documents.*/\1/p' "$work/summary.txt")
  rss=$(sed -n 's/Peak memory (RSS): \(.*\)/\1/p' "$work/summary.txt")
  printf '%-30s %7.1f s  %6.1f MB/s  %8.0f docs/s  peak RSS %s\n' "$label" "$secs" \
    "$(echo "$mb / $secs" | bc -l)" "$(echo "$docs / $secs" | bc -l)" "$rss"
}

echo "corpus: $corpus ($mb MB, $(find "$corpus" -type f | wc -l) files); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$work/out"
run "1 thread, no store" --jobs 1 --no-store; one=$secs
run "2 threads, no store" --jobs 2 --no-store; two=$secs
rm -rf "$work/out"
run "2 threads, store (fresh)" --jobs 2; fresh=$secs
run "2 threads, rerun finished" --jobs 2; resume=$secs
grep -q '^Up to date' "$work/summary.txt" || { echo "bench: the rerun was not up to date" >&2; exit 1; }
t0=$(now); find "$corpus" -type f -print0 | sort -z | xargs -0 cat | sha256sum >/dev/null; hash1=$(echo "$(now) - $t0" | bc -l)
t0=$(now); find "$corpus" -type f -print0 | xargs -0 -n 2000 -P 2 sha256sum >/dev/null; hash2=$(echo "$(now) - $t0" | bc -l)
out_mb=$(du -sm --apparent-size --exclude 'policytrace.sqlite*' "$work/out" | cut -f1)
printf 'hashing the inputs: sha256sum %.1f s (one stream), %.1f s (2 processes); outputs to check: %s MB\n' "$hash1" "$hash2" "$out_mb"
printf 'speed-up 1 -> 2 threads: %.2fx; store cost on a fresh run: %+.0f%%\n' \
  "$(echo "$one / $two" | bc -l)" "$(echo "($fresh / $two - 1) * 100" | bc -l)"
printf 'rerun of a finished job: %.2f s = %.3fx a fresh run, %.2fx sha256sum (one stream), %.2fx sha256sum (2 processes)\n' \
  "$resume" "$(echo "$resume / $fresh" | bc -l)" "$(echo "$resume / $hash1" | bc -l)" "$(echo "$resume / $hash2" | bc -l)"
echo "store: $(du -sm "$work/out/policytrace.sqlite" | cut -f1) MB"
