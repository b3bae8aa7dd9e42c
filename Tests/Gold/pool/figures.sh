#!/usr/bin/env bash
# Family figures (overlap P, R, F1) of a lexicon on the text-pool sets, per language, as TSV:
#   split  family  gold  pred  P  R  F1
# Usage (from the repository root): Tests/Gold/pool/figures.sh [LEXICON_PATH] [SPLIT]   (default: Lexicons dev)
# SPLIT is dev or test (round 1; both tuned on in round 2), or with POOL=Tests/Gold/pool2, test2 (the
# blind set of round 2) or reserve (the blind set of round 3), each scored once after its round.
# POLICYTRACE overrides the binary (default: a release build of this checkout); POOL the pool folder.
set -euo pipefail
lexicon=${1:-Lexicons}
split=${2:-dev}
pool=${POOL:-Tests/Gold/pool}
bin=${POLICYTRACE:-}
if [ -z "$bin" ]; then swift build -c release --product policytrace >/dev/null; bin=.build/release/policytrace; fi
printf 'split\tfamily\tgold\tpred\tP\tR\tF1\n'
for lang in zh-hans zh-hant en; do
    "$bin" evaluate --gold $pool/${lang}_${split}.jsonl --corpus $pool/$lang/$split --lexicon "$lexicon" --summary |
        grep -E '^(community_exclusion|community_services|exclusion|hukou|migrants|overall \(micro\)) ' |
        sed 's/^overall (micro)/overall/' |
        awk -v n="$lang-$split" '{ printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", n, $1, $2, $3, $4, $5, $6 }'
done
