#!/usr/bin/env bash
# Runs the README's pandas recipe ("Loading the outputs in R, pandas and
# Stata") on the default corpus's outputs and checks the types it gives: every
# year column an integer column with missing values (Int64), counts integers,
# rates floats, text as text. Runs the R recipe too when Rscript is installed.
# Installs pandas into a virtualenv when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${SCRATCH_PATH:-.build}
root=$PWD
venv=${PANDAS_VENV:-$root/$scratch/pandas-venv}
if ! "$venv/bin/python" -c "import pandas" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pandas
fi
swift build -c release --scratch-path "$scratch" --product policytrace >/dev/null
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)/policytrace

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" run --corpus "$root/Corpus" --lexicon "$root/Lexicons" --out "$work/Output" --no-store --quiet
# The recipe is the README's code block after the marker, run as written from
# a folder whose Output/ is this run's.
extract() { awk -v mark="$1" 'index($0, mark) {on = 1; next} on && /^```/ {if (started) exit; started = 1; next} on && started' README.md; }
extract '<!-- pandas recipe -->' > "$work/recipe.py"
test -s "$work/recipe.py" || { echo "load-test: no pandas recipe in README.md" >&2; exit 1; }
cd "$work"
"$venv/bin/python" - <<'PY'
import pandas as pd
ns = {}
exec(open("recipe.py", encoding="utf-8").read(), ns)
t = ns["t"]
names = ["mentions", "timeline", "timeline_wide", "documents", "concepts", "top_terms", "kwic", "chronology", "skipped"]
assert sorted(t) == sorted(names), sorted(t)
def kind(df, col):
    k = str(df[col].dtype)
    return "text" if k in ("object", "str", "string") else k
for name, df in t.items():
    for col in df.columns:
        if col in ("year", "first_year", "last_year", "peak_year", "line", "row", "page"):
            assert kind(df, col) == "Int64", f"{name}.{col} is {kind(df, col)}"
        if col in ("start", "end", "tokens", "mentions", "documents", "documents_total", "tokens_total"):
            assert kind(df, col) in ("int64", "Int64"), f"{name}.{col} is {kind(df, col)}"
doc = t["documents"]
assert len(doc) > 70 and doc["year"].notna().sum() > 60, "documents: the dated work reports"
# The default corpus's undated rows are Table 1 events (chronology.csv): blank years read as <NA>.
ch = t["chronology"]
assert ch["year"].isna().sum() > 0 and ch["year"].notna().sum() > 0, "chronology: dated and undated rows"
assert doc["year"].dropna().between(1949, 2030).all()
concept_cols = [c for c in doc.columns if c.split(".")[0] in set(t["concepts"]["concept"].str.split(".").str[0])]
assert concept_cols and all(kind(doc, c) == "int64" for c in concept_cols + ["tokens", "mentions"]), "document counts are integers"
assert all(kind(doc, c) == "text" for c in ("doc", "title", "lang")), "document text columns are text"
tl = t["timeline"]
assert kind(tl, "mentions") == "int64" and kind(tl, "per_10k_tokens") == "float64" and kind(tl, "share_documents") == "float64"
assert all(kind(t["timeline_wide"], c) == "float64" for c in t["timeline_wide"].columns if c != "year")
k = t["kwic"]
assert len(k) > 1000 and all(kind(k, c) == "text" for c in ("doc", "concept", "term", "left", "match", "right"))
assert not k["left"].isna().any(), "an empty context is an empty string, not missing"
m = t["mentions"]
assert len(m) > 1000 and kind(m, "start") in ("int64", "Int64") and isinstance(m["concepts"].iloc[0], list)
assert len(k) >= len(m), "kwic has a row per mention and concept"
print(f"load-test: the README's pandas recipe loads all {len(t)} outputs with the expected types "
      f"({len(doc)} documents; {ch['year'].isna().sum()} undated chronology events as <NA>; {len(m)} mentions)")
PY
if command -v Rscript >/dev/null; then
  awk 'index($0, "<!-- R recipe -->") {on = 1; next} on && /^```/ {if (s) exit; s = 1; next} on && s' "$root/README.md" > recipe.R
  Rscript -e 'source("recipe.R"); stopifnot(is.integer(tables$documents$year), is.numeric(tables$timeline$per_10k_tokens)); cat("load-test: the R recipe loads", length(tables), "tables\n")'
else
  echo "load-test: Rscript not installed, R recipe not run"
fi
