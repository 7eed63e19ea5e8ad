#!/usr/bin/env bash
# Prints the version and the commit of a build from this tree, on two lines. The version comes
# from the newest release tag (`git describe`: 0.2.0, 0.2.0-3-gabc1234, with -dirty for local
# changes); without a tag, Version.product and the short commit (0.1.0-gabc1234). Outside a git
# checkout (a source tarball): $ALICLOUDD_VERSION and $ALICLOUDD_COMMIT when set, else
# Version.product and an empty commit (shown as "unknown").
set -euo pipefail
cd "$(dirname "$0")/.."
base=$(sed -n 's/.*static let product = "\([^"]*\)".*/\1/p' Sources/AliCloudCore/Version.swift)
version=${ALICLOUDD_VERSION:-}
commit=${ALICLOUDD_COMMIT:-}
if [ -e .git ] && git rev-parse --git-dir >/dev/null 2>&1; then
  [ -n "$commit" ] || commit=$(git rev-parse HEAD)
  if [ -z "$version" ]; then
    dirty=$(git diff --quiet HEAD -- 2>/dev/null || echo "-dirty")
    if described=$(git describe --tags --match 'v[0-9]*' 2>/dev/null); then
      version=${described#v}$dirty
    else
      version="$base-g$(git rev-parse --short=7 HEAD)$dirty"
    fi
  fi
fi
version=${version:-$base}
# Only what is safe inside a C string literal and a file name.
printf '%s\n' "$version" | tr -c 'A-Za-z0-9.+_\n-' '_'
printf '%s\n' "$commit" | tr -c 'A-Za-z0-9\n' '_'
