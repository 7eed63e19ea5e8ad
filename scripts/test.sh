#!/usr/bin/env bash
# Runs every test: the Swift suites, then the client and SDK conformance suites.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' || true
swift build --build-tests >/dev/null
swift test --skip-build --parallel 2>&1 | tail -n 200
for t in scripts/test.d/*.sh; do
  [ -e "$t" ] || continue
  echo "== $t"
  bash "$t"
done
