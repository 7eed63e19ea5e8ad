#!/usr/bin/env bash
# Resident memory of an idle release alicloudd, by mapping, next to a C program and a Swift
# program linked with the same libraries, built and measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product alicloudd 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' || true
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cc -O2 -o "$out/floor-c" bench/idle/floor.c -lcurl -lcrypto
# (Foundation's static library draws a linker warning about mktemp; it is not ours.)
swiftc -O -static-stdlib -o "$out/floor-swift" bench/idle/floor.swift -lcurl -lcrypto 2>&1 | grep -v "is dangerous" >&2 || true
exec python3 bench/idle-memory.py --daemon "$bin/alicloudd" --c-floor "$out/floor-c" --swift-floor "$out/floor-swift"
