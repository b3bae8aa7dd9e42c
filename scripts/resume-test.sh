#!/usr/bin/env bash
# kill -9 in the middle of a run, run again: the outputs must equal those of
# an uninterrupted run (manifest apart from timings and command line), and
# the second run must not redo what the first one stored. A third run finds
# everything up to date and rewrites nothing.
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
# Kill once some files are committed to the store (most are not yet; the
# next window's transaction is likely in flight).
committed() {
  python3 -c 'import sqlite3, sys
try: print(sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True).execute("SELECT COUNT(*) FROM files").fetchone()[0])
except Exception: print(0)' "$work/out/policytrace.sqlite"
}
while kill -0 "$pid" 2>/dev/null; do
  [ "$(committed)" -gt 500 ] && break
  sleep 0.05
done
kill -9 "$pid" 2>/dev/null || { echo "resume-test: the run finished before it could be killed; use a larger corpus" >&2; exit 1; }
wait "$pid" 2>/dev/null || true
[ ! -e "$work/out/timeline.csv" ] || { echo "resume-test: outputs written by a killed run" >&2; exit 1; }

t0=$(date +%s.%N)
"$bin" run --corpus "$work/corpus" --out "$work/out" --quiet --jobs 2
echo "resume-test: resumed in $(echo "$(date +%s.%N) - $t0" | bc -l | cut -c1-5) s"

stamp() { find "$work/out" -maxdepth 1 -type f ! -name 'policytrace.sqlite*' -printf '%f %T@\n' | sort; }
before=$(stamp)
"$bin" run --corpus "$work/corpus" --out "$work/out" --jobs 2 > "$work/third.txt"
grep -q '^Up to date' "$work/third.txt" || { echo "resume-test: the third run was not up to date" >&2; cat "$work/third.txt" >&2; exit 1; }
[ "$(stamp)" = "$before" ] || { echo "resume-test: the up-to-date run rewrote outputs" >&2; exit 1; }
echo "resume-test: third run up to date, nothing rewritten"

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
finished = db.execute("SELECT COUNT(*) FROM runs WHERE finished IS NOT NULL").fetchone()[0]
assert finished == 2, f"{finished} finished runs, expected the resumed one and the up-to-date one"
assert len(runs) == 2, runs
print(f"resume-test: {len(x)} outputs equal the uninterrupted run's; {docs} documents, no duplicates; files stored per run: {runs}")
PY
