#!/usr/bin/env bash
# PDF reading speed (figures, not a test). Prints the government work reports
# of the default corpus to PDF with headless Chromium (A4, 12-point Noto Serif
# CJK, hard-wrapped lines, a running header and page numbers: what a
# ministry's PDF looks like), copies them until the folder holds about
# PAGES pages, then runs `policytrace run --no-store --jobs 1` on it and
# prints pages/s and MB/s for the read stage (poppler, line joining, year
# resolution) and for the whole process.
#
#   Benchmarks/pdf/bench.sh                 # ~2,000 pages
#   PAGES=500 Benchmarks/pdf/bench.sh       # quick
#   POLICYTRACE=/path/to/policytrace Benchmarks/pdf/bench.sh
#
# Needs chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk)
# and pdfinfo (poppler-utils) to count pages; installs them when missing.
# WORK (default /tmp/policytrace-pdf) keeps the PDFs for later runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${WORK:-/tmp/policytrace-pdf}
pages_wanted=${PAGES:-2000}

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Serif CJK SC" || need+=(fonts-noto-cjk)
command -v pdfinfo >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  echo "bench.sh: installing ${need[*]}" >&2
  apt-cache policy "${need[0]}" 2>/dev/null | grep -q 'Candidate: [0-9]' || apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi

if [ -n "${POLICYTRACE:-}" ]; then
  bin=$POLICYTRACE
else
  (cd "$repo" && swift build -c release --product policytrace >&2)
  bin=$repo/.build/release/policytrace
fi

# The reports as PDFs, once.
src=$work/source
if [ ! -f "$src/.done" ]; then
  mkdir -p "$src"
  python3 - "$repo/Corpus/government_work_reports.jsonl" "$src" <<'PY'
import html, json, sys
corpus, out = sys.argv[1], sys.argv[2]
for r in map(json.loads, open(corpus, encoding="utf-8")):
    if not r.get("year") or int(r["year"]) < 2004:
        continue
    paras = "".join(f"<p>{html.escape(p.strip())}</p>" for p in r["content"].split("\n") if p.strip())
    open(f"{out}/{r['year']}.html", "w", encoding="utf-8").write(f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{html.escape(r['title'])}</title><style>
@page {{ size: A4; margin: 25mm 22mm; @top-center {{ content: "政府工作报告"; font: 9pt 'Noto Serif CJK SC'; }}
  @bottom-center {{ content: "- " counter(page) " -"; font: 9pt 'Noto Serif CJK SC'; }} }}
body {{ font: 12pt/1.8 'Noto Serif CJK SC'; margin: 0; }} p {{ text-indent: 2em; margin: 0; text-align: justify; }}
</style></head><body><h1>{html.escape(r['title'])}</h1>{paras}</body></html>""")
PY
  for f in "$src"/*.html; do
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="${f%.html}.pdf" "file://$f" >/dev/null 2>&1
    rm "$f"
  done
  touch "$src/.done"
fi

# Copies until there are enough pages.
corpus=$work/corpus-$pages_wanted
if [ ! -d "$corpus" ]; then
  mkdir -p "$corpus"
  pages=0 copy=0
  while [ "$pages" -lt "$pages_wanted" ]; do
    for f in "$src"/*.pdf; do
      cp "$f" "$corpus/$(basename "${f%.pdf}")-$copy.pdf"
      pages=$((pages + $(pdfinfo "$f" | awk '/^Pages:/ {print $2}')))
      [ "$pages" -ge "$pages_wanted" ] && break
    done
    copy=$((copy + 1))
  done
fi
pages=0
for f in "$corpus"/*.pdf; do pages=$((pages + $(pdfinfo "$f" | awk '/^Pages:/ {print $2}'))); done
files=$(ls "$corpus" | wc -l)
bytes=$(du -cb "$corpus"/*.pdf | tail -1 | cut -f1)

out=$work/out
rm -rf "$out"
start=$(date +%s.%N)
"$bin" run --no-store --jobs 1 --corpus "$corpus" --out "$out" --lexicon "$repo/Lexicons" >/dev/null 2>&1
end=$(date +%s.%N)
# poppler's own pdftotext over the same files, as the floor.
p0=$(date +%s.%N)
for f in "$corpus"/*.pdf; do pdftotext -q "$f" /dev/null; done
p1=$(date +%s.%N)
python3 - "$out/manifest.json" "$pages" "$files" "$bytes" "$start" "$end" "$p0" "$p1" <<'PY'
import json, sys
manifest, pages, files, size, start, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
poppler = float(sys.argv[8]) - float(sys.argv[7])
m = json.load(open(manifest))
read, wall = m["timings"]["stages"]["read"], end - start
mb = size / 1e6
docs = m["counts"]["documents"]
print(f"PDF corpus: {files} files, {pages} pages, {mb:.1f} MB; {docs} documents, {m['counts']['skipped']} skipped")
print(f"read stage (poppler + line joining + years): {read:.2f} s = {pages / read:,.0f} pages/s, {mb / read:.1f} MB/s")
print(f"whole process (policytrace run --no-store --jobs 1): {wall:.2f} s = {pages / wall:,.0f} pages/s, {mb / wall:.1f} MB/s")
print(f"pdftotext (poppler-utils), one process per file: {poppler:.2f} s = {pages / poppler:,.0f} pages/s, {mb / poppler:.1f} MB/s; read stage / pdftotext = {read / poppler:.2f}x the time")
PY
