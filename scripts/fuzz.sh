#!/bin/sh
# Runs the frame and message fuzzer against an in-process daemon over a real socket.
#   scripts/fuzz.sh [CASES [SEED]]     (defaults: 20000 cases, seed from the clock)
# A finding prints the case number and seed, so the same run can be repeated.
set -eu
cd "$(dirname "$0")/.."
cases=${1:-20000}
seed=${2:-$(date +%s)}
echo "fuzzing $cases connections with seed $seed"
ALICLOUDD_FUZZ_CASES=$cases ALICLOUDD_FUZZ_SEED=$seed swift test --filter FuzzTests 2>&1 | grep -E "fuzz:|case |✘|✔ Test run"
