#!/usr/bin/env bash
# The Python client's tests against a real daemon: alicloudd --sandbox with --metrics, so the
# tests make cloud calls and read /metrics with the Prometheus client's parser; and mypy --strict
# on the package. Both tools live in a venv kept under .build; the client itself needs nothing.
# scripts/test.sh has built alicloudd.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.build/py-test-venv"
if ! "$venv/bin/python" -c 'import prometheus_client, mypy' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q prometheus_client mypy || { echo "python.sh: FAILED to pip-install prometheus_client and mypy" >&2; exit 1; }
fi
# The package's type hints hold (it ships py.typed).
(cd "$root/clients/python" && "$venv/bin/python" -m mypy --strict --no-error-summary alicloudd_client) \
  || { echo "python.sh: mypy --strict found errors in alicloudd_client" >&2; exit 1; }
. "$root/scripts/lib/sandbox-daemon.sh"
start_sandbox_daemon --metrics 127.0.0.1:0 --log-format json
metrics=""
for _ in $(seq 1 100); do
  metrics=$(sed -n 's/.*"message":"metrics listening".*"metrics.address":"\([^"]*\)".*/\1/p' "$tmp/daemon.log")
  [ -n "$metrics" ] && break
  sleep 0.1
done
[ -n "$metrics" ] || { cat "$tmp/daemon.log" >&2; echo "alicloudd did not serve metrics" >&2; exit 1; }
cd "$root/clients/python"
ALICLOUDD_TEST_SOCKET="$sock" ALICLOUDD_TEST_METRICS="$metrics" "$venv/bin/python" -m unittest discover -s tests -t . 2>&1
