#ifndef CBUILDINFO_H
#define CBUILDINFO_H

/// The version and commit stamped into a release build by scripts/build-release.sh (through
/// build-stamp.h beside build_info.c); empty strings in other builds.
const char *alicloudd_build_version(void);
const char *alicloudd_build_commit(void);

#endif
