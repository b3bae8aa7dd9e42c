#!/usr/bin/env bash
# Family figures (overlap P, R, F1) of a lexicon on the text-pool dev sets, per language, as TSV:
#   split  family  gold  pred  P  R  F1
# Usage (from the repository root): Tests/Gold/pool/figures.sh [LEXICON_PATH]   (default: Lexicons)
# POLICYTRACE overrides the binary (default: a release build of this checkout).
set -euo pipefail
lexicon=${1:-Lexicons}
bin=${POLICYTRACE:-}
if [ -z "$bin" ]; then swift build -c release --product policytrace >/dev/null; bin=.build/release/policytrace; fi
printf 'split\tfamily\tgold\tpred\tP\tR\tF1\n'
for lang in zh-hans zh-hant en; do
    "$bin" evaluate --gold Tests/Gold/pool/${lang}_dev.jsonl --corpus Tests/Gold/pool/$lang/dev --lexicon "$lexicon" --summary |
        grep -E '^(community_exclusion|community_services|exclusion|hukou|migrants|overall \(micro\)) ' |
        sed 's/^overall (micro)/overall/' |
        awk -v n="$lang-dev" '{ printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", n, $1, $2, $3, $4, $5, $6 }'
done
