#!/usr/bin/env bash
# Prints how many public declarations each module has, largest first: every
# declaration (type, member, function, property, initialiser) whose modifiers
# include `public` or `open`, counted once per line. Members of public types
# count; `@_exported import` lines and prose in multi-line strings do not.
# `package` declarations (seen by the other modules, the CLI, the benchmark
# and the tests of this package, never by another package) are not counted.
#
#   scripts/public-surface.sh            the figure per module
#   scripts/public-surface.sh -v MODULE  that module's public lines
set -euo pipefail
cd "$(dirname "$0")/.."
decl='(struct|enum|class|actor|protocol|extension|typealias|func|init|subscript|var|let|case|static|final|mutating|nonmutating|convenience|required|override|indirect|lazy|nonisolated|private|fileprivate|internal|package)'
pattern="^[[:space:]]*(@[A-Za-z_]+(\([^)]*\))?[[:space:]]+)*(public|open)[[:space:]]+$decl([^A-Za-z0-9_]|$)"
if [ "${1:-}" = -v ]; then
  grep -rnE "$pattern" "Sources/${2:?module}" --include='*.swift' || true
  exit 0
fi
for dir in Sources/PolicyTrace*/; do
  printf '%5d  %s\n' "$(grep -rhE "$pattern" "$dir" --include='*.swift' | wc -l)" "$(basename "$dir")"
done | sort -rn
