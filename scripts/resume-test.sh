#!/usr/bin/env bash
# kill -9 in the middle of a run, run again: the outputs must equal those of
# an uninterrupted run (manifest apart from timings and command line), and
# the second run must not redo what the first one stored.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${SCRATCH_PATH:-.build-batch}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 Benchmarks/scale/generate.py --out "$work/corpus" --files-mb "${FILES_MB:-24}" --jsonl-mb "${JSONL_MB:-24}" >/dev/null
swift build -c release --scratch-path "$scratch" --product policytrace >/dev/null
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)/policytrace

"$bin" run --corpus "$work/corpus" --out "$work/out" --quiet --jobs 2
mv "$work/out" "$work/clean"

"$bin" run --corpus "$work/corpus" --out "$work/out" --quiet --jobs 2 &
pid=$!
# Kill once the store has grown past a few MB: some files are committed, most are not.
while kill -0 "$pid" 2>/dev/null; do
  size=$({ cat "$work/out/policytrace.sqlite" "$work/out/policytrace.sqlite-wal" 2>/dev/null || true; } | wc -c)
  [ "$size" -gt 16000000 ] && break
  sleep 0.05
done
kill -9 "$pid" 2>/dev/null || { echo "resume-test: the run finished before it could be killed; use a larger corpus" >&2; exit 1; }
wait "$pid" 2>/dev/null || true
[ ! -e "$work/out/timeline.csv" ] || { echo "resume-test: outputs written by a killed run" >&2; exit 1; }

t0=$(date +%s.%N)
"$bin" run --corpus "$work/corpus" --out "$work/out" --quiet --jobs 2
echo "resume-test: resumed in $(echo "$(date +%s.%N) - $t0" | bc -l | cut -c1-5) s"

python3 - "$work/clean" "$work/out" <<'PY'
import json, os, sqlite3, sys
a, b = sys.argv[1:]
def files(d):
    out = {}
    for n in os.listdir(d):
        if n.startswith("policytrace.sqlite") or n.startswith(".staging") or os.path.isdir(os.path.join(d, n)):
            continue
        data = open(os.path.join(d, n), "rb").read()
        if n == "manifest.json":
            m = json.loads(data); m.pop("timings"); m.pop("command_line"); data = json.dumps(m, sort_keys=True).encode()
        out[n] = data
    return out
x, y = files(a), files(b)
assert sorted(x) == sorted(y) and all(x[n] == y[n] for n in x), [n for n in x if x.get(n) != y.get(n)]
db = sqlite3.connect(os.path.join(b, "policytrace.sqlite"))
docs, ids = db.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM documents").fetchone()
assert docs == ids, f"{docs} document rows for {ids} IDs"
runs = dict(db.execute("SELECT run, COUNT(*) FROM files GROUP BY run").fetchall())
assert len(runs) == 2, runs
print(f"resume-test: {len(x)} outputs equal the uninterrupted run's; {docs} documents, no duplicates; files stored per run: {runs}")
PY
