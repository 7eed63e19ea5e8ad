#include "CBuildInfo.h"

#ifndef ALICLOUDD_BUILD_VERSION
#define ALICLOUDD_BUILD_VERSION ""
#endif
#ifndef ALICLOUDD_BUILD_COMMIT
#define ALICLOUDD_BUILD_COMMIT ""
#endif

const char *alicloudd_build_version(void) { return ALICLOUDD_BUILD_VERSION; }
const char *alicloudd_build_commit(void) { return ALICLOUDD_BUILD_COMMIT; }
