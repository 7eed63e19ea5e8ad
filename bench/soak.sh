#!/usr/bin/env bash
# Release build of alicloudd, then the resource soak (bench/soak.py). Arguments go to soak.py.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product alicloudd 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' || true
exec python3 bench/soak.py --binary "$(swift build -c release --show-bin-path)/alicloudd" "$@"
