#!/usr/bin/env bash
# The socat and python3 -c snippets of docs/shell-client.md, run against alicloudd --sandbox.
# Installs socat and jq when they are missing. scripts/test.sh has built alicloudd.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
need=()
command -v socat >/dev/null 2>&1 || need+=(socat)
command -v jq >/dev/null 2>&1 || need+=(jq)
if [ ${#need[@]} -gt 0 ]; then
  echo "shell-client: installing ${need[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
. "$root/scripts/lib/sandbox-daemon.sh"
start_sandbox_daemon
ALICLOUDD_SOCKET="$sock" python3 "$root/scripts/shell-snippets.py" "$root/docs/shell-client.md"
