#!/usr/bin/env bash
# Runs the README's pandas recipe ("Loading the outputs in R, pandas and
# Stata") on the default corpus's outputs and checks the types it gives: every
# year column an integer column with missing values (Int64), counts integers,
# rates floats, text as text; then the README's R recipe (Rscript, Debian's
# r-base-core and r-cran-jsonlite, which .ci/run installs), checking the same
# types and that R reads as many rows of each table as pandas does.
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
extract() { awk -v mark="$1" 'index($0, mark) {on = 1; next} on && /^```/ {if (started) exit; started = 1; next} on && started' "$root/README.md"; }
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
with open("rows.tsv", "w") as f:
    for name, df in t.items(): f.write(f"{name}\t{len(df)}\n")
print(f"load-test: the README's pandas recipe loads all {len(t)} outputs with the expected types "
      f"({len(doc)} documents; {ch['year'].isna().sum()} undated chronology events as <NA>; {len(m)} mentions)")
PY
if ! command -v Rscript >/dev/null; then
  echo "load-test: Rscript not installed (apt-get install r-base-core r-cran-jsonlite); R recipe not run" >&2
  exit 1
fi
extract '<!-- R recipe -->' > recipe.R
test -s recipe.R || { echo "load-test: no R recipe in README.md" >&2; exit 1; }
Rscript - <<'R'
source("recipe.R")
expected <- read.delim("rows.tsv", header = FALSE, col.names = c("name", "rows"), stringsAsFactors = FALSE)
stopifnot(setequal(names(tables), expected$name))
for (i in seq_len(nrow(expected)))
  if (nrow(tables[[expected$name[i]]]) != expected$rows[i])
    stop(sprintf("%s: R reads %d rows, pandas %d", expected$name[i], nrow(tables[[expected$name[i]]]), expected$rows[i]))
ints <- c("year", "first_year", "last_year", "peak_year", "line", "row", "start", "end", "page", "mention",
          "tokens", "mentions", "documents", "documents_total", "tokens_total", "low_base")
for (n in names(tables)) for (c in intersect(names(tables[[n]]), ints))
  if (!is.integer(tables[[n]][[c]])) stop(sprintf("%s$%s is %s, not integer", n, c, class(tables[[n]][[c]])[1]))
d <- tables$documents; ch <- tables$chronology; tl <- tables$timeline; k <- tables$kwic
stopifnot(nrow(d) == 72, !anyNA(d$year), all(d$year >= 1949 & d$year <= 2030),
          is.character(d$doc), is.character(d$title), is.character(d$url), all(startsWith(d$url, "http")))
concept_cols <- intersect(names(d), tables$concepts$concept)
stopifnot(length(concept_cols) == nrow(tables$concepts), all(sapply(d[concept_cols], is.integer)), "hukou.reform" %in% names(d))
# Table 1's undated events read as NA, the dated ones as integers.
stopifnot(nrow(ch) == 7, anyNA(ch$year), sum(!is.na(ch$year)) > 0)
stopifnot(is.double(tl$per_10k_tokens), is.double(tl$share_documents), all(tl$low_base %in% c(0L, 1L)),
          all((tl$low_base == 1) == (tl$tokens_total < 1000)))
stopifnot(all(sapply(tables$timeline_wide[setdiff(names(tables$timeline_wide), "year")], is.double)))
peaks <- tables$concepts$peak_year[!is.na(tables$concepts$peak_year)]
stopifnot(length(peaks) > 0, !any(peaks %in% tl$year[tl$low_base == 1]))
stopifnot(nrow(k) > 1000, all(sapply(k[c("doc", "concept", "term", "left", "match", "right")], is.character)), !anyNA(k$left),
          is.integer(k$page), is.character(tables$skipped$file), is.character(tables$skipped$reason))
m <- tables$mentions
stopifnot(!is.null(m), nrow(m) > 1000, is.integer(m$start), is.list(m$concepts), nrow(k) >= nrow(m),
          all(k$start == m$start[k$mention]), all(k$doc == m$doc[k$mention]))
cat(sprintf("load-test: the README's R recipe (R %s) loads all %d outputs with the expected types and pandas' row counts (%d documents; %d undated chronology events as NA; %d mentions; %d low-base timeline rows)\n",
            getRversion(), length(tables), nrow(d), sum(is.na(ch$year)), nrow(m), sum(tl$low_base)))
R
