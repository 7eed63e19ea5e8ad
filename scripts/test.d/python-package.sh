#!/usr/bin/env bash
# `pip install ./clients/python` into a fresh venv, then the asyncio example of
# clients/python/README.md, run as it is by that venv's python (outside the source tree) against
# alicloudd --sandbox. pip builds the package offline when the venv can (setuptools with wheel
# support); otherwise it fetches setuptools and wheel to build it. The package needs nothing else.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/scripts/lib/sandbox-daemon.sh"
python3 -m venv "$tmp/venv"
cp -r "$root/clients/python" "$tmp/src"  # the build's scratch files stay out of the checkout
if "$tmp/venv/bin/pip" install -q --no-index --no-build-isolation "$tmp/src" 2>"$tmp/pip.log"; then
  how="offline"
elif "$tmp/venv/bin/pip" install -q "$tmp/src" 2>>"$tmp/pip.log"; then
  how="with setuptools and wheel fetched to build it"
else
  cat "$tmp/pip.log" >&2
  echo "python-package.sh: FAILED to pip install clients/python" >&2
  exit 1
fi
rm -rf "$tmp/src"
version=$("$tmp/venv/bin/python" -c 'import alicloudd_client; print(alicloudd_client.__version__)')
daemon_version=$("$root/.build/debug/alicloudd" --version | awk '{print $2}')
[ "$version" = "$daemon_version" ] || { echo "python-package.sh: package $version, daemon $daemon_version" >&2; exit 1; }
"$tmp/venv/bin/python" - "$root/clients/python/README.md" >"$tmp/example.py" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<!-- example: async -->\n```python\n(.*?)```", text, re.S)
if not m:
    sys.exit("no <!-- example: async --> python block in " + sys.argv[1])
print(m.group(1))
PY
start_sandbox_daemon
cd "$tmp"
out=$(ALICLOUDD_SOCKET="$sock" "$tmp/venv/bin/python" example.py)
echo "$out" | sed "s/^/  example: /"
echo "$out" | grep -q "^daemon $daemon_version$" || { echo "$out" >&2; echo "no version line" >&2; exit 1; }
echo "$out" | grep -Eq "^0 vpc-[0-9a-z]+ $" || { echo "$out" >&2; echo "the example created no VPC" >&2; exit 1; }
echo "$out" | grep -q "^3 pings$" || { echo "$out" >&2; echo "no concurrent pings" >&2; exit 1; }
echo "$out" | grep -q "^error: .*MethodNotFound" || { echo "$out" >&2; echo "no error line" >&2; exit 1; }
grep -q '"call.operator":"alice"\|call.operator=alice' "$tmp/daemon.log" || { echo "the operator was not logged" >&2; exit 1; }
echo "python-package: alicloudd-client $version installed into a fresh venv ($how); the README's asyncio example ran"
