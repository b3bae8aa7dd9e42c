#!/usr/bin/env bash
# Throughput of the Spark job in local[2] against a single-machine
# `policytrace run --jobs 2` on the same JSON Lines corpus, and the bytes the
# driver receives (figures, not a test; spark/bench_policytrace_spark.py).
#   spark/bench.sh                      # 1 GB corpus (built in WORK, reused)
#   JSONL_MB=256 spark/bench.sh         # smaller
#   CORPUS=/folder/with/jsonl spark/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${SCRATCH_PATH:-.build}
venv=${SPARK_VENV:-$PWD/$scratch/spark-venv}
if ! "$venv/bin/python" -c "import pyspark" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pyspark
fi
if [ -n "${POLICYTRACE:-}" ]; then bin=$POLICYTRACE; else
  swift build -c release --scratch-path "$scratch" --product policytrace >/dev/null
  bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)/policytrace
fi
mkdir -p "${WORK:=/tmp/policytrace-spark-bench}"
export WORK
"$venv/bin/python" spark/bench_policytrace_spark.py "$bin" 2> "$WORK/spark-bench.log" || { tail -30 "$WORK/spark-bench.log"; exit 1; }
