#!/usr/bin/env bash
# Proves the simulator speaks the real protocol: the official Alibaba Cloud Python SDK
# (alibabacloud-vpc20160428 on alibabacloud-tea-openapi) calls alicloud-sim with V3 and V1
# signatures. Needs .build/debug/alicloud-sim (scripts/test.sh builds it).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.build/sdk-venv
sim=.build/debug/alicloud-sim
[ -x "$sim" ] || swift build --product alicloud-sim >/dev/null
if ! "$venv/bin/python" -c 'import alibabacloud_vpc20160428, alibabacloud_tea_openapi' 2>/dev/null; then
  python3 -m venv "$venv"
  if ! "$venv/bin/pip" install -q alibabacloud-vpc20160428 alibabacloud-tea-openapi; then
    echo "sdk.sh: FAILED to pip-install the official SDK (alibabacloud-vpc20160428, alibabacloud-tea-openapi)" >&2
    exit 1
  fi
fi
out=$(mktemp)
"$sim" --port 0 --print-port --delay-ms 50 >"$out" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 1 100); do
  [ -s "$out" ] && break
  sleep 0.05
done
port=$(head -n 1 "$out")
[ -n "$port" ] || { echo "sdk.sh: alicloud-sim did not report its port" >&2; exit 1; }
ALICLOUD_SIM_PORT="$port" "$venv/bin/python" -m unittest -v clients/sdk-check/test_sim_with_sdk.py
