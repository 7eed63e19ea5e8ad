# Sourced by the scripts/test.d checks that need a daemon: a scratch directory `$tmp` (removed on
# exit, with the daemon stopped), `$sock` in it, and `start_sandbox_daemon [ARGS...]`, which starts
# the debug alicloudd with the simulator on `$sock` (its log in `$tmp/daemon.log`) and returns once
# the socket exists, or fails showing the log. `$root` must be the repository.
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

start_sandbox_daemon() {
  "$root/.build/debug/alicloudd" --socket "$sock" --sandbox --sandbox-delay-ms 5 "$@" >"$tmp/daemon.log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 1 100); do
    [ -S "$sock" ] && return 0
    kill -0 "$daemon_pid" 2>/dev/null || { cat "$tmp/daemon.log" >&2; echo "alicloudd did not start" >&2; exit 1; }
    sleep 0.1
  done
  cat "$tmp/daemon.log" >&2
  echo "alicloudd did not start listening" >&2
  exit 1
}
