#!/usr/bin/env bash
# Whole-process benchmark of the commands (figures, not a test). Builds the
# inputs (the 64 MB mixed Chinese/English text as one file and as ~20,000
# files of ~3 KB, a ~1 GB JSON Lines corpus, a one-line file), then times
# `policytrace run` and `policytrace tag` as whole processes beside cat,
# ripgrep, pyahocorasick and hyperscan counting the same terms, in the same
# run, and prints MB/s, peak RSS, the ratio to ripgrep and the targets.
#
#   Benchmarks/commands/bench.sh                          # full size
#   TEXT_MB=8 FILES=2000 JSONL_MB=64 Benchmarks/commands/bench.sh   # quick
#   POLICYTRACE=/path/to/policytrace Benchmarks/commands/bench.sh   # no build
#
# Environment (each also a flag of bench.py, e.g. `bench.sh --runs 5`):
#   POLICYTRACE  the binary to time; default: build it (swift build -c release)
#   WORK         inputs and outputs (default /tmp/policytrace-commands); the
#                inputs are kept and reused by later runs of the same sizes
#   TEXT_MB      size of the mixed text (default 64)
#   FILES        how many files the text is cut into (default 20000, which
#                gives ~19,957 files once cuts move to UTF-8 boundaries)
#   JSONL_MB     size of the JSON Lines corpus (default 1024; 0 leaves it out)
#   DENSE_MB     size of the one-line many-mentions text (default 50; 0 leaves it out)
#   RUNS         best of how many runs per command (default 3)
#   RUNS_BIG     runs per command on the JSON Lines corpus (default 1)
#   SEEDS        folder of English seed papers (default ../shared/seeds beside
#                the repository, when present); `none` leaves them out
#   VENV         the Python virtual environment for the peers (default
#                Benchmarks/commands/.venv, git-ignored)
#   DIAGNOSTIC   policytrace-bench binary for the in-process diagnostic
#                (default .build/release/policytrace-bench if it exists; `none` skips)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

die() { echo "bench.sh: $*" >&2; exit 2; }

# ripgrep: Debian's package, when it is missing.
if ! command -v rg >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || die "ripgrep (rg) is not installed and apt-get is not available"
  echo "bench.sh: installing ripgrep" >&2
  # A fresh machine has no package lists: update only when apt knows no candidate.
  if ! apt-cache policy ripgrep 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt-get update -qq >&2
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep >&2
  command -v rg >/dev/null 2>&1 || die "installing ripgrep failed"
fi

# The peers' Python packages, in a virtual environment of their own.
venv=${VENV:-$here/.venv}
if ! "$venv/bin/python" -c 'import ahocorasick, hyperscan, yaml' >/dev/null 2>&1; then
  echo "bench.sh: setting up $venv (pyahocorasick, hyperscan, PyYAML)" >&2
  python3 -m venv "$venv" || die "cannot create a virtual environment at $venv (python3 -m venv)"
  "$venv/bin/pip" install -q --disable-pip-version-check pyahocorasick hyperscan pyyaml >&2 \
    || die "pip could not install pyahocorasick, hyperscan and PyYAML into $venv"
fi

# The binary: the one given, or a release build of this checkout.
if [ -n "${POLICYTRACE:-}" ]; then
  bin=$POLICYTRACE
  [ -x "$bin" ] && [ -f "$bin" ] || die "POLICYTRACE=$bin is not an executable file"
else
  command -v swift >/dev/null 2>&1 || die "swift is not installed; give a binary with POLICYTRACE=/path/to/policytrace"
  echo "bench.sh: building the release binary (swift build -c release --product policytrace)" >&2
  (cd "$repo" && swift build -c release --product policytrace >&2) || die "the release build failed"
  bin=$(cd "$repo" && swift build -c release --show-bin-path)/policytrace
fi

args=(--bin "$bin" --repo "$repo")
[ -n "${WORK:-}" ] && args+=(--work "$WORK")
[ -n "${TEXT_MB:-}" ] && args+=(--text-mb "$TEXT_MB")
[ -n "${FILES:-}" ] && args+=(--files "$FILES")
[ -n "${JSONL_MB:-}" ] && args+=(--jsonl-mb "$JSONL_MB")
[ -n "${DENSE_MB:-}" ] && args+=(--dense-mb "$DENSE_MB")
[ -n "${RUNS:-}" ] && args+=(--runs "$RUNS")
[ -n "${RUNS_BIG:-}" ] && args+=(--runs-big "$RUNS_BIG")
[ -n "${SEEDS:-}" ] && args+=(--seeds "$SEEDS")
[ -n "${DIAGNOSTIC:-}" ] && args+=(--diagnostic "$DIAGNOSTIC")
exec "$venv/bin/python" "$here/bench.py" "${args[@]}" "$@"
