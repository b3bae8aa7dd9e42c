#!/usr/bin/env bash
# Compiles scripts/library-user/main.swift as another package would, against
# the debug build's modules and without this package's name, so only public
# declarations are visible: what a library user needs (read a corpus, load a
# lexicon, tag, aggregate, export, run the pipeline) stays public. Tests in
# the package cannot check this: they also see `package` declarations.
# Run after `swift build` (or `swift test`); .ci/run does.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build --show-bin-path)
maps=()
for m in "$bin"/*.build/module.modulemap \
  .build/checkouts/Yams/Sources/CYaml/include/module.modulemap \
  .build/checkouts/swift-crypto/Sources/CCryptoBoringSSLShims/include/module.modulemap \
  .build/checkouts/swift-crypto/Sources/CCryptoBoringSSL/include/module.modulemap \
  .build/checkouts/GRDB.swift/Sources/GRDBSQLite/module.modulemap; do
  [ -f "$m" ] && maps+=(-Xcc "-fmodule-map-file=$m")
done
swiftc -typecheck -I "$bin/Modules" -Xcc -I/usr/include/libxml2 "${maps[@]}" scripts/library-user/main.swift
echo "library-user-check: the public surface serves a library user"
