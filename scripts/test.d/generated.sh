#!/usr/bin/env bash
# The generated files match what they are made from: the Swift tables the action facts, the Python
# client's typed helpers protocol/openrpc.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
check() {  # generator, committed file
  python3 "$1" --out "$tmp/out.swift" >/dev/null
  if ! diff -u "$2" "$tmp/out.swift" >"$tmp/diff"; then
    echo "$2 is stale: run $1 and commit the result" >&2
    head -40 "$tmp/diff" >&2
    status=1
  fi
}
check scripts/gen-action-styles.py Sources/AliCloudAPI/ActionStyles.swift
check scripts/gen-sim-actions.py Sources/AliCloudSim/Catalog/SimActionTable.swift
check scripts/gen-python-client.py clients/python/alicloudd_client/operations.py
[ "$status" -eq 0 ] && echo "generated: ActionStyles.swift and SimActionTable.swift match actions.json, the Python client's operations.py matches openrpc.json"
exit "$status"
