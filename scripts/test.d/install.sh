#!/usr/bin/env bash
# The release build, installed by scripts/install.sh into a temporary DESTDIR, runs without the
# Swift runtime: ldd names no libswift, and the installed binaries, started by env -i (no
# LD_LIBRARY_PATH, no PATH), print their stamped version and serve a sandbox call through the
# installed alicloudctl, and talk to a stand-in service manager (NOTIFY_SOCKET). The man pages,
# completions, units and configuration are installed and well-formed; a tree without git still
# gets a version. Prints how long it took.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)
tmp=$(mktemp -d)
daemon_pid=
cleanup() {
  [ -z "$daemon_pid" ] || kill "$daemon_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "install: $*" >&2; exit 1; }

{ read -r version; read -r commit || true; } < <(scripts/version.sh)
stage=$tmp/stage
DESTDIR=$stage scripts/install.sh --prefix /usr/local >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "install.sh failed"; }
built=$(date +%s)
bin=$stage/usr/local/bin

# Linked: libc, libcurl, libcrypto and what they and the C++ runtime need; no Swift runtime.
for b in alicloudd alicloudctl alicloud-sim; do
  [ -x "$bin/$b" ] || fail "$bin/$b not installed"
  ldd "$bin/$b" >"$tmp/ldd" || fail "ldd $b failed"
  ! grep -qi 'swift\|libFoundation\|libdispatch\|BlocksRuntime' "$tmp/ldd" || { cat "$tmp/ldd"; fail "$b links the Swift runtime"; }
  ! grep -q 'not found' "$tmp/ldd" || { cat "$tmp/ldd"; fail "$b misses a library"; }
  needed=$(readelf -d "$bin/$b" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | paste -sd' ')
  for lib in $needed; do
    case "$lib" in
      libc.so.*|libm.so.*|libcurl.so.*|libcrypto.so.*|libstdc++.so.*|libgcc_s.so.*|ld-linux*|libdl.so.*|libpthread.so.*|librt.so.*|libutil.so.*) ;;
      *) fail "$b needs $lib (expected only libc, libcurl, libcrypto and the C/C++ runtime): $needed" ;;
    esac
  done
  echo "install: $b needs $needed"
done

# A clean environment: no PATH, no LD_LIBRARY_PATH, nothing from the toolchain.
for b in alicloudd alicloudctl alicloud-sim; do
  out=$(env -i "$bin/$b" --version) || fail "$b --version failed in a clean environment"
  [ "$out" = "$b $version (protocol 1.0, commit ${commit:0:12})" ] || fail "$b --version printed '$out', expected version $version commit ${commit:0:12}"
done
echo "install: --version: $out"

sock=$tmp/alicloudd.sock
env -i HOME="$tmp" "$bin/alicloudd" --sandbox --sandbox-delay-ms 20 --socket "$sock" 2>"$tmp/daemon.log" &
daemon_pid=$!
ctl() { env -i HOME="$tmp" "$bin/alicloudctl" --socket "$sock" "$@"; }
for _ in $(seq 1 300); do
  ctl ping >/dev/null 2>&1 && break
  kill -0 "$daemon_pid" 2>/dev/null || { cat "$tmp/daemon.log"; fail "the installed alicloudd exited"; }
  sleep 0.1
done
ctl ping | grep -q '"version"' || { cat "$tmp/daemon.log"; fail "daemon.ping did not answer"; }
created=$(ctl vpc create --region cn-hangzhou --vpcName installed --cidrBlock 10.0.0.0/16) || fail "vpc create failed: $created"
echo "$created" | grep -q '"resultCode":"0"' || fail "vpc create: $created"
echo "$created" | grep -q '"vpcId":"vpc-' || fail "vpc create returned no vpc id: $created"
status=$(ctl status)
echo "$status" | grep -q "\"version\":\"$version\"" || fail "daemon.status lacks version $version: $status"
echo "$status" | grep -q "\"commit\":\"$commit\"" || fail "daemon.status lacks commit $commit"
kill -TERM "$daemon_pid"
wait "$daemon_pid" || fail "alicloudd did not stop cleanly"
daemon_pid=
echo "install: a sandbox vpc create through the installed alicloudctl succeeded"

# Under a stand-in service manager: READY=1, watchdog pings, RELOADING=1 on SIGHUP, STOPPING=1.
python3 - "$bin/alicloudd" "$tmp" <<'PY' || fail "the installed alicloudd under NOTIFY_SOCKET"
import os, signal, socket, subprocess, sys, time
daemon, tmp = sys.argv[1], sys.argv[2]
notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
notify.bind(tmp + "/notify")
notify.settimeout(30)
env = {"HOME": tmp, "NOTIFY_SOCKET": tmp + "/notify", "WATCHDOG_USEC": "200000"}
p = subprocess.Popen([daemon, "--sandbox", "--socket", tmp + "/notify.sock"], env=env, stderr=subprocess.DEVNULL)
def expect(line):
    while True:
        message = notify.recv(4096).decode()
        if line in message.split("\n"):
            return message
try:
    assert "MAINPID=%d" % p.pid in expect("READY=1")
    expect("WATCHDOG=1")
    p.send_signal(signal.SIGHUP)
    expect("RELOADING=1")
    p.send_signal(signal.SIGTERM)
    expect("STOPPING=1")
    assert p.wait(30) == 0
finally:
    if p.poll() is None:
        p.kill()
PY
echo "install: under NOTIFY_SOCKET: READY=1, WATCHDOG=1, RELOADING=1 on SIGHUP, STOPPING=1"

# Man pages: present, rendered when man is here, listing every option and operation section.
man1=$stage/usr/local/share/man/man1
man8=$stage/usr/local/share/man/man8
for page in "$man8/alicloudd.8" "$man1/alicloudctl.1" "$man1/alicloud-sim.1"; do
  [ "$(wc -l <"$page")" -gt 40 ] || fail "$page is missing or nearly empty"
  grep -q '^\.SH OPTIONS' "$page" || fail "$page has no OPTIONS section"
  if command -v man >/dev/null; then
    MANWIDTH=100 man -l "$page" 2>/dev/null >"$tmp/page.txt" || fail "man cannot render $page"
    grep -q '^NAME' "$tmp/page.txt" || fail "$page renders without NAME"
  fi
done
grep -q '^\.B \\-\\-sandbox$' "$man8/alicloudd.8" || fail "alicloudd.8 lacks --sandbox"
grep -q 'alicloudctl vpc nat snat_entry modify append' "$man1/alicloudctl.1" || fail "alicloudctl.1 lacks an operation"

# Completions: bash completes words and an operation's flags; zsh parses.
bashc=$stage/usr/local/share/bash-completion/completions/alicloudctl
zshc=$stage/usr/local/share/zsh/site-functions/_alicloudctl
complete_words() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _alicloudctl; printf "%s\n" "${COMPREPLY[@]}"' _ "$bashc" "$@"
}
complete_words alicloudctl vp | grep -qx 'vpc' || fail "bash: 'vp' does not complete to vpc"
complete_words alicloudctl vpc cre | grep -qx 'create' || fail "bash: 'vpc cre' does not complete to create"
complete_words alicloudctl --region r vpc create --vpcN | grep -qx -- '--vpcName' || fail "bash: no --vpcName for vpc create"
complete_words alicloudctl describe vpc/cr | grep -qx 'vpc/create' || fail "bash: describe does not complete methods"
! complete_words alicloudctl vm create --vpcN | grep -q . || fail "bash: vm create offers vpc create's flags"
if command -v zsh >/dev/null; then zsh -n "$zshc" || fail "zsh: $zshc does not parse"; fi
grep -q '^#compdef alicloudctl' "$zshc" || fail "zsh: no #compdef line"

# The units name the installed binary and pass systemd-analyze verify.
units=$stage/usr/local/lib/systemd/system
for u in alicloudd.service alicloudd.socket alicloudd-credentials.path alicloudd-credentials.service; do
  [ -s "$units/$u" ] || fail "$u not installed"
done
grep -q '^ExecStart=/usr/local/bin/alicloudd --config /etc/alicloudd/alicloudd.conf$' "$units/alicloudd.service" || fail "alicloudd.service ExecStart"
grep -q '^Type=notify$' "$units/alicloudd.service" || fail "alicloudd.service is not Type=notify"
if command -v systemd-analyze >/dev/null; then
  mkdir "$tmp/verify"
  for u in "$units"/*; do sed "s|/usr/local/bin/alicloudd|$bin/alicloudd|" "$u" >"$tmp/verify/$(basename "$u")"; done
  systemd-analyze verify "$tmp/verify"/* >"$tmp/verify.log" 2>&1 || { cat "$tmp/verify.log"; fail "systemd-analyze verify"; }
  # Only what it says of our units counts (it also reads the host's units they name).
  ! grep -q alicloudd "$tmp/verify.log" || { cat "$tmp/verify.log"; fail "systemd-analyze verify warned"; }
  echo "install: systemd-analyze verify passed"
else
  echo "install: systemd-analyze not found; units not verified"
fi
[ -s "$stage/etc/alicloudd/alicloudd.conf.sample" ] && [ -s "$stage/etc/alicloudd/alicloudd.conf" ] || fail "configuration not installed"
"$bin/alicloudd" --config "$stage/etc/alicloudd/alicloudd.conf" --socket-group "$(id -gn)" --help >/dev/null || fail "the installed configuration does not parse"
for f in README.md CHANGELOG.md LICENSE operations.md options.md; do
  [ -s "$stage/usr/local/share/doc/alicloudd/$f" ] || fail "doc $f not installed"
done

# Another prefix, reusing the binaries: paths in the units follow it.
DESTDIR=$tmp/usr-stage scripts/install.sh --prefix /usr --bindir-from "$bin" >/dev/null
grep -q '^ExecStart=/usr/bin/alicloudd ' "$tmp/usr-stage/usr/lib/systemd/system/alicloudd.service" || fail "--prefix /usr: unit ExecStart"
[ -x "$tmp/usr-stage/usr/bin/alicloudctl" ] || fail "--prefix /usr: alicloudctl"

# A tree without git: the source's version, commit unknown.
mkdir -p "$tmp/tarball/scripts" "$tmp/tarball/Sources/AliCloudCore"
cp scripts/version.sh "$tmp/tarball/scripts/"
cp Sources/AliCloudCore/Version.swift "$tmp/tarball/Sources/AliCloudCore/"
product=$(sed -n 's/.*static let product = "\([^"]*\)".*/\1/p' Sources/AliCloudCore/Version.swift)
[ "$(cd /tmp && "$tmp/tarball/scripts/version.sh" | head -1)" = "$product" ] || fail "version without git"

echo "install: passed in $(($(date +%s) - started))s (release build and install $((built - started))s)"
