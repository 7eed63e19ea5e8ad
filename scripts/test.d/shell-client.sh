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
tmp="$(mktemp -d)"
sock="$tmp/alicloudd.sock"
daemon_pid=""
cleanup() {
  if [ -n "$daemon_pid" ] && kill -TERM "$daemon_pid" 2>/dev/null; then
    for _ in $(seq 1 50); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
"$root/.build/debug/alicloudd" --socket "$sock" --sandbox --sandbox-delay-ms 5 >"$tmp/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 1 100); do
  [ -S "$sock" ] && break
  kill -0 "$daemon_pid" 2>/dev/null || { cat "$tmp/daemon.log" >&2; echo "alicloudd did not start" >&2; exit 1; }
  sleep 0.1
done
ALICLOUDD_SOCKET="$sock" python3 "$root/scripts/shell-snippets.py" "$root/docs/shell-client.md"
