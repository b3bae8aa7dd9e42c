#!/usr/bin/env bash
# Checks that two policytrace binaries write the same outputs: speed work must
# never change a count. Runs `run --no-store` with each binary on the corpus
# (one after the other, into the same output path, then moved aside, so that
# paths written into the outputs are the same) and compares every output
# file byte for byte. In manifest.json it ignores only what legitimately
# differs from run to run or binary to binary, and prints those fields.
# With --tag FILE it also compares `policytrace tag FILE` output.
#
#   Benchmarks/commands/compare-outputs.sh [--tag FILE]... OLD NEW CORPUS [-- RUN_OPTIONS...]
#   Benchmarks/commands/compare-outputs.sh /work/baseline/policytrace .build/release/policytrace Corpus
#   Benchmarks/commands/compare-outputs.sh --tag big.txt OLD NEW /tmp/corpus -- --jobs 1
#
# RUN_OPTIONS go to both runs (e.g. --jobs 1, --by year,issuer, --lexicon DIR;
# without --lexicon the repository's Lexicons/ is used). Exit 0: identical;
# 1: some output differs (the files are named, the outputs kept); 2: usage or
# a run failed. WORK (default: a new temporary folder) holds the outputs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

usage() { echo "usage: $0 [--tag FILE]... OLD NEW CORPUS [-- RUN_OPTIONS...]" >&2; exit 2; }
die() { echo "compare-outputs: $*" >&2; exit 2; }

tags=()
positional=()
while [ $# -gt 0 ]; do
  case $1 in
    --tag) [ $# -ge 2 ] || usage; [ -f "$2" ] || die "--tag $2 is not a file"; tags+=("$(realpath "$2")"); shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (run options go after --)" ;;
    *) positional+=("$1"); shift ;;
  esac
done
[ ${#positional[@]} -eq 3 ] || usage
run_options=("$@")
old=${positional[0]} new=${positional[1]} corpus=${positional[2]}
for b in "$old" "$new"; do [ -f "$b" ] && [ -x "$b" ] || die "$b is not an executable file"; done
[ -e "$corpus" ] || die "corpus $corpus does not exist"
old=$(realpath "$old") new=$(realpath "$new") corpus=$(realpath "$corpus")
printf '%s\n' "${run_options[@]}" | grep -q -- '^--lexicon\(=\|$\)' || run_options+=(--lexicon "$repo/Lexicons")
# `tag` takes the lexicon options of the run options (--lexicon, --overlaps), not the others.
tag_options=()
for ((k = 0; k < ${#run_options[@]}; k++)); do
  case ${run_options[k]} in
    --lexicon|--overlaps) tag_options+=("${run_options[k]}" "${run_options[k + 1]:-}"); k=$((k + 1)) ;;
    --lexicon=*|--overlaps=*) tag_options+=("${run_options[k]}") ;;
  esac
done

if [ -n "${WORK:-}" ]; then
  work=$WORK; mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/policytrace-compare.XXXXXX")
fi
rm -rf "$work/out" "$work/old" "$work/new" "$work/tag-old" "$work/tag-new"
identical=0
# Remove the outputs only when they are all identical (kept for a look otherwise).
trap '[ "$identical" = 1 ] && [ -z "${WORK:-}" ] && rm -rf "$work"' EXIT

# One binary's outputs: into $work/out (the same path for both), then aside.
outputs() {
  local bin=$1 side=$2
  if ! "$bin" run --corpus "$corpus" --out "$work/out" --no-store --quiet "${run_options[@]}" 2> "$work/$side.stderr"; then
    cat "$work/$side.stderr" >&2
    die "$bin run failed (stderr above)"
  fi
  mv "$work/out" "$work/$side"
  mkdir -p "$work/tag-$side"
  local i=0
  for f in "${tags[@]}"; do
    "$bin" tag "$f" -o "$work/tag-$side/$i.jsonl" "${tag_options[@]}" 2> "$work/$side.tag.stderr" \
      || { cat "$work/$side.tag.stderr" >&2; die "$bin tag $f failed (stderr above)"; }
    i=$((i + 1))
  done
}
echo "old: $old"
echo "new: $new"
echo "corpus: $corpus; run options: ${run_options[*]}"
outputs "$old" old
outputs "$new" new

differ=()
# Where two files first differ, as cmp says it (cmp exits 1 when they differ).
first_difference() { cmp -- "$1" "$2" 2>&1 | sed 's/.* differ: //' || true; }
# Every file either side wrote, except manifest.json (compared below).
while IFS= read -r rel; do
  [ "$rel" = manifest.json ] && continue
  a=$work/old/$rel b=$work/new/$rel
  if [ ! -e "$a" ]; then differ+=("$rel (only new wrote it)")
  elif [ ! -e "$b" ]; then differ+=("$rel (only old wrote it)")
  elif ! cmp -s "$a" "$b"; then differ+=("$rel ($(first_difference "$a" "$b"))")
  fi
done < <( (cd "$work/old" && find . -type f; cd "$work/new" && find . -type f) | sed 's|^\./||' | sort -u)

# manifest.json without the fields that legitimately differ.
manifest=$(python3 - "$work/old/manifest.json" "$work/new/manifest.json" <<'EOF'
import json, sys

# Fields that differ without any count changing: the run's timings, the
# binary's own path (the first word of the command line), and the matcher's
# description of its internal tables (states and dense rows change with
# speed work on the automaton; the lexicon's pattern count is still compared).
IGNORED = ["timings", "command_line[0]", "lexicon.automaton"]

def pop(doc, field):
    """Removes FIELD from DOC and returns its value (None when absent)."""
    if field == "command_line[0]":
        line = doc.get("command_line") or [None]
        value = line[0]
        doc["command_line"] = line[1:]
        return value
    *parents, last = field.split(".")
    for p in parents:
        doc = doc.get(p) or {}
    return doc.pop(last, None)

old, new = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
print("manifest.json: ignoring " + ", ".join(IGNORED), file=sys.stderr)
for field in IGNORED:
    a, b = pop(old, field), pop(new, field)
    if a != b:
        show = "(differ)" if field == "timings" else f"{json.dumps(a, ensure_ascii=False)} → {json.dumps(b, ensure_ascii=False)}"
        print(f"  ignored {field}: {show}", file=sys.stderr)
diffs = []
def walk(a, b, path):
    if type(a) != type(b) or not isinstance(a, (dict, list)):
        if a != b:
            diffs.append(f"{path or '.'}: {json.dumps(a, ensure_ascii=False)[:80]} → {json.dumps(b, ensure_ascii=False)[:80]}")
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            walk(a.get(k), b.get(k), f"{path}.{k}" if path else k)
    elif len(a) != len(b):
        diffs.append(f"{path}: {len(a)} items → {len(b)} items")
    else:
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{i}]")
walk(old, new, "")
print("; ".join(diffs[:5]) + (f"; … {len(diffs) - 5} more" if len(diffs) > 5 else ""))
EOF
)
[ -z "$manifest" ] || differ+=("manifest.json ($manifest)")

i=0
for f in "${tags[@]}"; do
  cmp -s "$work/tag-old/$i.jsonl" "$work/tag-new/$i.jsonl" \
    || differ+=("tag $f ($(first_difference "$work/tag-old/$i.jsonl" "$work/tag-new/$i.jsonl"))")
  i=$((i + 1))
done

files=$(cd "$work/old" && find . -type f | wc -l)
if [ ${#differ[@]} -eq 0 ]; then
  identical=1
  echo "identical: $files output files${tags:+ and ${#tags[@]} tag output(s)}"
  exit 0
fi
echo "DIFFERENT (${#differ[@]} of $files output files${tags:+ and ${#tags[@]} tag output(s)}):"
printf '  %s\n' "${differ[@]}"
echo "outputs kept in $work/old and $work/new"
exit 1
