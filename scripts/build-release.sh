#!/usr/bin/env bash
# Builds the release binaries (alicloudd, alicloudctl, alicloud-sim) with the Swift runtime linked
# in (--static-swift-stdlib): on the host they need only libc, libcurl and libcrypto. They are
# stamped with the version and commit of scripts/version.sh (from the git tag), shown by
# --version and daemon.status. Prints the directory holding the binaries on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
{ read -r version; read -r commit || true; } < <(scripts/version.sh)
# The stamp exists only while this build runs, so other builds never pick up a stale one; a
# changed stamp recompiles one C file.
stamp=Sources/CBuildInfo/build-stamp.h
trap 'rm -f "$stamp"' EXIT
printf '#define ALICLOUDD_BUILD_VERSION "%s"\n#define ALICLOUDD_BUILD_COMMIT "%s"\n' "$version" "$commit" >"$stamp"
# A build made without the stamp does not list it among its dependencies, so its appearing alone
# would not recompile the file that includes it.
touch Sources/CBuildInfo/build_info.c
echo "building alicloudd $version (commit ${commit:-unknown}) with the Swift runtime linked statically" >&2
for product in alicloudd alicloudctl alicloud-sim; do
  swift build -c release --static-swift-stdlib --product "$product" >&2
done
swift build -c release --static-swift-stdlib --show-bin-path
