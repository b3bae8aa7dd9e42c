#!/usr/bin/env bash
# Fuzzes every parser with libFuzzer + AddressSanitizer.
#
#   scripts/fuzz.sh [-t SECONDS] [-c release|debug] [TARGET ...]
#
# Defaults: 60 s per target, all targets, release (optimised, several times
# the inputs per second; debug gives fuller stack traces).
#
# Targets are Fuzz/<target>.swift. The library modules (PolicyTraceText,
# PolicyTraceIngest, Yams and the C shims) are built once by SwiftPM with
# coverage instrumentation and ASan into .build-fuzz, and with testing
# enabled: targets that fuzz one reader directly (HTML, XML, tar, years,
# chronology, configuration) reach it with `@testable import`, since the
# readers are internal behind CorpusReader. Each target is then
# linked against their object files by swiftc with the libFuzzer main.
# Each target runs one at a time from its seeds (Fuzz/corpus/<target>/, read
# only; new inputs go to .build-fuzz/work/<target>/corpus): the html seeds
# include pages nested 300 to 3,000 elements deep, the decode seeds real
# reports with stray bytes (near-UTF-8), whose decoding the decode target
# checks. Any crash, leak,
# timeout or OOM input is copied to Fuzz/crashers/<target>/, where
# FuzzRegressionTests replays it in `swift test`. Exits 1 if any target failed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
config=release
while [ $# -gt 0 ]; do
  case $1 in
    -t) seconds=$2; shift 2 ;;
    -c) config=$2; shift 2 ;;
    *) break ;;
  esac
done
all=(decode html xml jsonl csv chronology config years pdf docx odt ofd zip targz)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

scratch=.build-fuzz
build=$scratch/$config
echo "fuzz: building the instrumented library modules ($config) in $scratch"
mkdir -p "$scratch"
if ! swift build -c "$config" --scratch-path "$scratch" --target PolicyTraceIngest \
    -Xswiftc -enable-testing -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address >"$scratch/build.log" 2>&1; then
  grep -E 'error:' "$scratch/build.log" >&2 || tail -20 "$scratch/build.log" >&2
  echo "fuzz: library build failed (log: $scratch/build.log)" >&2
  exit 2
fi

objects=()
for module in PolicyTraceText PolicyTraceIngest Yams CICU CXML CPoppler CZip CYaml; do
  while IFS= read -r o; do objects+=("$o"); done < <(find "$build/$module.build" -name '*.o' | sort)
done

failed=0
summary=()
for target in "${targets[@]}"; do
  source=Fuzz/$target.swift
  [ -f "$source" ] || { echo "fuzz: no $source" >&2; exit 2; }
  work=$scratch/work/$target
  mkdir -p "$work/corpus" "$work/artifacts"
  rm -f "$work/artifacts"/*
  binary=$scratch/fuzz-$target-$config
  swiftc -sanitize=fuzzer,address $([ "$config" = release ] && echo -O) -use-ld=lld -parse-as-library -I "$build/Modules" \
    -Xcc -fmodule-map-file="$build/CICU.build/module.modulemap" \
    -Xcc -fmodule-map-file="$build/CXML.build/module.modulemap" \
    -Xcc -fmodule-map-file="$build/CPoppler.build/module.modulemap" \
    -Xcc -fmodule-map-file="$build/CZip.build/module.modulemap" \
    -Xcc -fmodule-map-file="$scratch/checkouts/Yams/Sources/CYaml/include/module.modulemap" \
    "$source" "${objects[@]}" -licui18n -licuuc -licudata -lxml2 $(pkg-config --libs poppler-glib libzip zlib) -o "$binary"

  echo "fuzz: $target for ${seconds}s"
  log=$work/log.txt
  status=0
  LSAN_OPTIONS=suppressions=Fuzz/lsan.supp:print_suppressions=0 "$binary" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" "$work/corpus" "Fuzz/corpus/$target" >"$log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  [ -n "$runs" ] || runs=$(grep -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
  crashes=$(find "$work/artifacts" -type f | wc -l)
  if [ "$crashes" -gt 0 ] || [ "$status" -ne 0 ]; then
    failed=1
    mkdir -p "Fuzz/crashers/$target"
    cp "$work/artifacts"/* "Fuzz/crashers/$target/" 2>/dev/null || true
    grep -E 'ERROR|SUMMARY|==[0-9]+==|^    #[0-9]' "$log" | head -40 || true
    summary+=("$target: FAILED (exit $status) after ${runs:-?} inputs; $crashes input(s) in Fuzz/crashers/$target/, log $log")
  else
    summary+=("$target: ${runs:-?} inputs in ${seconds}s, no crash")
  fi
done

echo
printf 'fuzz: %s\n' "${summary[@]}"
exit $failed
