#include "CBuildInfo.h"

// scripts/build-release.sh writes build-stamp.h (defining the two macros) for the length of a
// release build; other builds have neither.
#if __has_include("build-stamp.h")
#include "build-stamp.h"
#endif
#ifndef ALICLOUDD_BUILD_VERSION
#define ALICLOUDD_BUILD_VERSION ""
#endif
#ifndef ALICLOUDD_BUILD_COMMIT
#define ALICLOUDD_BUILD_COMMIT ""
#endif

const char *alicloudd_build_version(void) { return ALICLOUDD_BUILD_VERSION; }
const char *alicloudd_build_commit(void) { return ALICLOUDD_BUILD_COMMIT; }
