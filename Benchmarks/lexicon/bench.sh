#!/usr/bin/env bash
# Lexicon benchmark (figures, not a test): the release binary reads,
# validates and compiles a lexicon of TERMS distinct Chinese terms (100,000
# by default, 2.4 MB of YAML; see generate.py), then tags a one-line file
# with it, first compiling and caching it, then reading it back:
#   Benchmarks/lexicon/bench.sh
#   TERMS=15000 Benchmarks/lexicon/bench.sh
# SCRATCH_PATH (default .build) is the build folder; WORK (default
# /tmp/policytrace-lexicon-bench) holds the lexicon and the cache.
set -euo pipefail
cd "$(dirname "$0")/../.."
TERMS=${TERMS:-100000}
scratch=${SCRATCH_PATH:-.build}
work=${WORK:-/tmp/policytrace-lexicon-bench}
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
python3 Benchmarks/lexicon/generate.py --terms "$TERMS" --out "$work/big.yaml"
swift build -c release --scratch-path "$scratch" --product policytrace >/dev/null
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)/policytrace
printf '推进户籍制度改革，保障农民工权益。\n' > "$work/tiny.txt"

now() { date +%s.%N; }
# step LABEL COMMAND…: runs it once, prints its wall time; its output is in $work/out.txt.
step() {
  local label=$1; shift
  local t0; t0=$(now)
  "$@" > "$work/out.txt"
  printf '%-46s %7.2f s\n' "$label" "$(echo "$(now) - $t0" | bc -l)"
}
echo "$TERMS Chinese terms, $(du -k "$work/big.yaml" | cut -f1) KB of YAML"
step "lexicon validate (read + validate)" "$bin" lexicon validate --lexicon "$work/big.yaml"
sed -n 's/^info: \([0-9]*\) Chinese term.*/  contained-term notes: \1/p' "$work/out.txt"
POLICYTRACE_CACHE=off step "lexicon stats (read + validate + compile)" "$bin" lexicon stats --lexicon "$work/big.yaml"
sed -n 's/^total: .*patterns (\(.*\))$/  automaton: \1/p' "$work/out.txt"
export POLICYTRACE_CACHE=$work/cache
step "tag one line, cold cache (+ write the cache)" "$bin" tag --lexicon "$work/big.yaml" "$work/tiny.txt"
step "tag one line, warm cache" "$bin" tag --lexicon "$work/big.yaml" "$work/tiny.txt"
echo "  cache file: $(du -k "$work"/cache/*.bin | cut -f1) KB"
