#!/usr/bin/env bash
# Per-call cost of VPC DescribeVpcs through the alicloudd API client and through the official
# Alibaba Cloud Python SDK, against the same loopback server, in one run.
# Usage: bench/cloud-call.sh [CALLS]
set -euo pipefail
cd "$(dirname "$0")/.."
calls="${1:-2000}"
venv=bench/.venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import alibabacloud_vpc20160428" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q alibabacloud-vpc20160428 alibabacloud-tea-openapi
fi
swift build -c release --product alicloud-bench >/dev/null
exec "$(swift build -c release --show-bin-path)/alicloud-bench" cloud-call --calls "$calls" --python "$venv/bin/python"
