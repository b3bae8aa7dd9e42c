#!/usr/bin/env bash
# Family figures (overlap P, R, F1) of a lexicon on every gold split, as TSV:
#   split  family  gold  pred  P  R  F1
# Usage (from the repository root): Tests/Gold/figures.sh [LEXICON_PATH]   (default: Lexicons)
# The English splits need the seed papers in ../shared/seeds. POLICYTRACE overrides the binary.
set -euo pipefail
lexicon=${1:-Lexicons}
bin=${POLICYTRACE:-}
if [ -z "$bin" ]; then swift build -c release --product policytrace >/dev/null; bin=.build/release/policytrace; fi
seeds=../shared/seeds
row() {
    local name=$1; shift
    "$bin" evaluate "$@" --lexicon "$lexicon" --summary |
        grep -E '^(community_exclusion|community_services|exclusion|hukou|migrants|overall \(micro\)) ' |
        sed 's/^overall (micro)/overall/' |
        awk -v n="$name" '{ printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", n, $1, $2, $3, $4, $5, $6 }'
}
printf 'split\tfamily\tgold\tpred\tP\tR\tF1\n'
row zh-dev --gold Tests/Gold/gold.jsonl --corpus Tests/Gold/corpus
row zh-test --gold Tests/Gold/gold_test.jsonl --corpus Tests/Gold/test_corpus
if [ -d "$seeds" ]; then
    row en-dev --gold Tests/Gold/seeds_dev.jsonl --corpus "$seeds"
    row en-heldout --gold Tests/Gold/seeds_heldout.jsonl --corpus "$seeds"
    row en-test --gold Tests/Gold/seeds_test.jsonl --corpus "$seeds"
    row dev --gold Tests/Gold/gold.jsonl --gold Tests/Gold/seeds_dev.jsonl --corpus Tests/Gold/corpus --corpus "$seeds"
    row test --gold Tests/Gold/gold_test.jsonl --gold Tests/Gold/seeds_test.jsonl --corpus Tests/Gold/test_corpus --corpus "$seeds"
else
    echo "seed papers not found in $seeds: English splits skipped" >&2
fi
