#!/usr/bin/env bash
# The Python client's tests against a real daemon. scripts/test.sh has built .build/debug/alicloudd.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
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
"$root/.build/debug/alicloudd" --socket "$sock" >"$tmp/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 1 100); do
  [ -S "$sock" ] && break
  if ! kill -0 "$daemon_pid" 2>/dev/null; then cat "$tmp/daemon.log" >&2; echo "alicloudd did not start" >&2; exit 1; fi
  sleep 0.1
done
[ -S "$sock" ] || { cat "$tmp/daemon.log" >&2; echo "alicloudd socket did not appear" >&2; exit 1; }
cd "$root/clients/python"
ALICLOUDD_TEST_SOCKET="$sock" python3 -m unittest discover -s tests -t . 2>&1
