#ifndef CBUILDINFO_H
#define CBUILDINFO_H

/// The version and commit stamped into a build by scripts/build-release.sh
/// (-Xcc -DALICLOUDD_BUILD_VERSION="..." -Xcc -DALICLOUDD_BUILD_COMMIT="..."); empty strings
/// in a build without them.
const char *alicloudd_build_version(void);
const char *alicloudd_build_commit(void);

#endif
