#!/usr/bin/env bash
# The Spark job in local mode (one SparkSession for 1, 3 and 8 partitions, and
# a retried task) must write what a single run writes: timeline.csv and
# documents.csv byte for byte, the same mentions, KWIC rows and tables
# (spark/test_policytrace_spark.py). Installs pyspark into a virtualenv when
# missing (needs Java 17).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${SCRATCH_PATH:-.build-batch}
root=$PWD
venv=${SPARK_VENV:-$root/$scratch/spark-venv}
if ! "$venv/bin/python" -c "import pyspark" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pyspark
fi
swift build -c release --scratch-path "$scratch" --product policytrace >/dev/null
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)/policytrace

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" spark/test_policytrace_spark.py "$bin" "$root/Corpus" "$root/Lexicons" "$work" 2> "$work/spark.log" \
  || { tail -40 "$work/spark.log"; exit 1; }
