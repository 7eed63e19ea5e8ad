#!/usr/bin/env bash
# Builds in release mode and measures daemon.ping round trips against a raw echo of the same
# frames, at 1, 8 and 64 connections. Extra arguments go to `alicloud-bench ping`.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product alicloud-bench 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' || true
exec "$(swift build -c release --show-bin-path)/alicloud-bench" ping "$@"
