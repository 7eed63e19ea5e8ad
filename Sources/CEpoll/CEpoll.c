// Most wrappers are inline in include/CEpoll.h; these need _GNU_SOURCE, which stays out of the
// header Swift imports.
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>

#include "CEpoll.h"

void cepoll_name_thread(const char *name) { pthread_setname_np(pthread_self(), name); }

int cepoll_usable_cpus(void) {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return 0;
  return CPU_COUNT(&set);
}

static __thread void *cepoll_current_loop;

void cepoll_set_current(void *loop) { cepoll_current_loop = loop; }

void *cepoll_current(void) { return cepoll_current_loop; }
