#!/usr/bin/env bash
# A call from a script, one process per call, against the same canned server (nginx answering
# DescribeVpcs): `alicloudctl vpc create` of the existing VPC through a running daemon, against a
# Python script that makes one DescribeVpcs with the official SDK. N runs each; wall ms per call.
# Usage: bench/scripted-call.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-100}"
. bench/cloud-call/server.sh
ensure_tools
swift build -c release --product alicloudd >/dev/null
swift build -c release --product alicloudctl >/dev/null
bin="$(swift build -c release --show-bin-path)"
start_server
sock="$work/d.sock"
"$bin/alicloudd" --socket "$sock" --state-dir "$work/state" --endpoint "$url" --log-level warning &
daemon_pid=$!
trap 'kill $daemon_pid 2>/dev/null; wait $daemon_pid 2>/dev/null; kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 200); do "$bin/alicloudctl" --socket "$sock" ping >/dev/null 2>&1 && break; sleep 0.05; done
identity="accessKeyId=bench-id;secret=bench-secret"
ctl() {
  "$bin/alicloudctl" --socket "$sock" vpc create --region cn-beijing --identityParams "$identity" \
    --guid "scripted-$$-$1" --vpcId vpc-bench --vpcName bench --cidrBlock 10.0.0.0/16 >/dev/null
}
sdk() { "$venv/bin/python" bench/cloud-call/sdk_once.py "$url" bench-id bench-secret; }
time_runs() { # NAME COMMAND: prints the mean wall ms per run
  local name=$1 start end
  shift
  for i in 1 2 3; do "$@" "warm-$i"; done
  start=$(date +%s%N)
  for i in $(seq "$runs"); do "$@" "$i"; done
  end=$(date +%s%N)
  echo "$(( (end - start) / runs / 1000 ))"
}
ours=$(time_runs ctl ctl)
theirs=$(time_runs sdk sdk)
echo "one process per call, $runs runs each, against $url"
printf 'alicloudctl vpc create (existing VPC, running daemon): %8.1f ms per call\n' "$(echo "$ours / 1000" | bc -l)"
printf 'Python SDK script, one DescribeVpcs:                   %8.1f ms per call\n' "$(echo "$theirs / 1000" | bc -l)"
printf 'ratio (Python / alicloudctl): %.1fx\n' "$(echo "$theirs / $ours" | bc -l)"
