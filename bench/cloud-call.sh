#!/usr/bin/env bash
# The cost of one AliCloud API call, side by side in one run against the same canned server
# (nginx answering DescribeVpcs with one VPC): a C libcurl keep-alive loop (the floor), the
# official Python SDK, our API client in-process, and an idempotent vpc/create of the existing
# VPC through a child daemon's socket. Wall and CPU µs per call and their ratios to the floor.
# Usage: bench/cloud-call.sh [CALLS]
set -euo pipefail
cd "$(dirname "$0")/.."
calls="${1:-3000}"
. bench/cloud-call/server.sh
ensure_tools
swift build -c release --product alicloud-bench >/dev/null
swift build -c release --product alicloudd >/dev/null
bin="$(swift build -c release --show-bin-path)"
start_server
cc -O2 -o "$work/floor" bench/cloud-call/floor.c -lcurl
"$bin/alicloud-bench" cloud-call --url "$url" --calls "$calls" --floor "$work/floor" \
  --python "$venv/bin/python" --daemon "$bin/alicloudd"
