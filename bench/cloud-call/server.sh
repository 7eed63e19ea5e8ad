# Sourced by bench/cloud-call.sh and bench/scripted-call.sh: installs what the benchmark needs
# (nginx, libcurl headers, the Python SDK in bench/.venv) and starts the canned AliCloud.
# After `start_server`, $url is the server and $work a scratch directory removed on exit.

ensure_tools() {
  if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    apt-get install -y nginx-light >/dev/null 2>&1 || apt-get install -y nginx >/dev/null
  fi
  venv=bench/.venv
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import alibabacloud_vpc20160428" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q alibabacloud-vpc20160428 alibabacloud-tea-openapi
  fi
}

start_server() {
  work=$(mktemp -d /tmp/acd-cloud-call.XXXXXX)
  chmod 755 "$work"
  mkdir -m 777 "$work/nginx"
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  sed -e "s|@PORT@|$port|" -e "s|@DIR@|$work/nginx|g" bench/cloud-call/nginx.conf.in >"$work/nginx/nginx.conf"
  local nginx
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  # A foreground nginx of one process; run unprivileged when started as root.
  local run=()
  if [ "$(id -u)" = 0 ]; then run=(setpriv --reuid=nobody --regid=nogroup --clear-groups); fi
  "${run[@]}" "$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e stderr &
  server_pid=$!
  trap 'kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null; rm -rf "$work"' EXIT
  url="http://127.0.0.1:$port"
  for _ in $(seq 100); do
    if curl -s -o /dev/null -H 'x-acs-action: DescribeVpcs' -X POST "$url/"; then return 0; fi
    sleep 0.05
  done
  echo "the canned server did not start" >&2
  exit 1
}
