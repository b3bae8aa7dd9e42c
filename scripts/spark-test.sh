#!/usr/bin/env bash
# The Spark job on the default corpus (local[2], 3 shards) must write what a
# single run writes: every output file equal, the manifest apart from its
# timings and command line. Installs pyspark into a virtualenv when missing
# (needs Java 17).
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
# Both runs write to the same path ($work/out): the report names its folder.
"$bin" run --corpus "$root/Corpus" --lexicon "$root/Lexicons" --out "$work/out" --quiet
mv "$work/out" "$work/single"
"$venv/bin/python" spark/policytrace_spark.py --binary "$bin" --corpus "$root/Corpus" --lexicon "$root/Lexicons" \
  --out "$work/out" --shards 3 --master 'local[2]' 2> "$work/spark.log" || { tail -30 "$work/spark.log"; exit 1; }

"$venv/bin/python" - "$work/single" "$work/out" <<'PY'
import json, os, sys
a, b = sys.argv[1], sys.argv[2]
def files(d):
    out = {}
    for base, _, names in os.walk(d):
        for n in names:
            rel = os.path.relpath(os.path.join(base, n), d)
            if rel.startswith("policytrace.sqlite") or rel.startswith(".staging"):
                continue
            data = open(os.path.join(base, n), "rb").read()
            if rel == "manifest.json":
                m = json.loads(data)
                m.pop("timings"); m.pop("command_line")
                data = json.dumps(m, sort_keys=True).encode()
            out[rel] = data
    return out
x, y = files(a), files(b)
assert sorted(x) == sorted(y), (sorted(x), sorted(y))
bad = [n for n in x if x[n] != y[n]]
assert not bad, f"differ: {bad}"
print(f"spark-test: {len(x)} output files of the Spark job (3 shards, local[2]) equal the single run's")
PY
