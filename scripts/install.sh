#!/usr/bin/env bash
# Installs alicloudd as packagers expect:
#   scripts/install.sh [--prefix /usr/local] [--sysconfdir /etc] [--unitdir DIR] [--bindir-from DIR] [--strip]
#   DESTDIR=/tmp/stage scripts/install.sh --prefix /usr
# Builds the release binaries first (scripts/build-release.sh) unless --bindir-from names a
# directory holding them. Installs under $DESTDIR:
#   PREFIX/bin/                          alicloudd, alicloudctl, alicloud-sim
#   PREFIX/share/man/man1, man8/         alicloudctl.1, alicloud-sim.1, alicloudd.8
#   PREFIX/share/bash-completion/completions/alicloudctl, PREFIX/share/zsh/site-functions/_alicloudctl
#   PREFIX/share/doc/alicloudd/          README.md, CHANGELOG.md, LICENSE, operations.md, options.md
#   UNITDIR (PREFIX/lib/systemd/system)  alicloudd.service, alicloudd.socket, alicloudd-credentials.{path,service}
#   SYSCONFDIR/alicloudd/                alicloudd.conf.sample (and alicloudd.conf when absent)
# The units name PREFIX/bin/alicloudd and SYSCONFDIR/alicloudd. Nothing is started or enabled.
# --strip strips the binaries (alicloudd: 85 MB with its symbols, 62 MB without).
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=/usr/local
sysconfdir=/etc
unitdir=
bindir_from=
strip=
destdir=${DESTDIR:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#*=}; shift ;;
    --sysconfdir) sysconfdir=$2; shift 2 ;;
    --sysconfdir=*) sysconfdir=${1#*=}; shift ;;
    --unitdir) unitdir=$2; shift 2 ;;
    --unitdir=*) unitdir=${1#*=}; shift ;;
    --destdir) destdir=$2; shift 2 ;;
    --destdir=*) destdir=${1#*=}; shift ;;
    --bindir-from) bindir_from=$2; shift 2 ;;
    --bindir-from=*) bindir_from=${1#*=}; shift ;;
    --strip) strip=-s; shift ;;
    -h|--help) sed -n '2,16s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$prefix" in /*) ;; *) echo "install.sh: --prefix must be an absolute path" >&2; exit 2 ;; esac
prefix=${prefix%/}
unitdir=${unitdir:-$prefix/lib/systemd/system}
if [ -z "$bindir_from" ]; then
  bindir_from=$(scripts/build-release.sh | tail -1)
fi
for b in alicloudd alicloudctl alicloud-sim; do
  [ -x "$bindir_from/$b" ] || { echo "install.sh: $bindir_from/$b is missing" >&2; exit 1; }
done

root=$destdir
docdir=$prefix/share/doc/alicloudd
install -d "$root$prefix/bin" "$root$prefix/share/man/man1" "$root$prefix/share/man/man8" \
  "$root$prefix/share/bash-completion/completions" "$root$prefix/share/zsh/site-functions" \
  "$root$docdir" "$root$unitdir" "$root$sysconfdir/alicloudd"
for b in alicloudd alicloudctl alicloud-sim; do
  install -m 0755 $strip "$bindir_from/$b" "$root$prefix/bin/$b"
done
install -m 0644 docs/man/alicloudctl.1 docs/man/alicloud-sim.1 "$root$prefix/share/man/man1/"
install -m 0644 docs/man/alicloudd.8 "$root$prefix/share/man/man8/"
install -m 0644 deploy/completions/alicloudctl.bash "$root$prefix/share/bash-completion/completions/alicloudctl"
install -m 0644 deploy/completions/_alicloudctl "$root$prefix/share/zsh/site-functions/_alicloudctl"
install -m 0644 README.md CHANGELOG.md LICENSE docs/operations.md docs/options.md "$root$docdir/"
# The units as shipped name /usr/local/bin and /etc; point them at this prefix and sysconfdir.
for unit in deploy/systemd/*; do
  sed -e "s|/usr/local/bin/|$prefix/bin/|g" -e "s|/usr/local/share/doc/alicloudd/|$docdir/|g" \
    -e "s|/etc/alicloudd/|$sysconfdir/alicloudd/|g" "$unit" >"$root$unitdir/$(basename "$unit")"
  chmod 0644 "$root$unitdir/$(basename "$unit")"
done
install -m 0644 deploy/alicloudd.conf.sample "$root$sysconfdir/alicloudd/alicloudd.conf.sample"
if [ ! -e "$root$sysconfdir/alicloudd/alicloudd.conf" ]; then
  install -m 0640 deploy/alicloudd.conf.sample "$root$sysconfdir/alicloudd/alicloudd.conf"
fi
echo "installed alicloudd $("$root$prefix/bin/alicloudd" --version | cut -d' ' -f2) into $root$prefix"
