// epoll, eventfd and the thread helpers of the transport's event loops. Glibc's Swift module does not export
// <sys/epoll.h>, and struct epoll_event is packed on x86_64: these wrappers keep its layout on
// the C side.
#pragma once
// No _GNU_SOURCE here: defining it in a header Swift imports next to Glibc gives glibc's types
// two definitions. The helpers that need it live in CEpoll.c.
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <stdlib.h>

static const uint32_t cepoll_in = EPOLLIN;
static const uint32_t cepoll_out = EPOLLOUT;
static const uint32_t cepoll_err = EPOLLERR;
static const uint32_t cepoll_hup = EPOLLHUP;
static const int cepoll_ctl_add = EPOLL_CTL_ADD;
static const int cepoll_ctl_mod = EPOLL_CTL_MOD;
static const int cepoll_ctl_del = EPOLL_CTL_DEL;

static inline int cepoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static inline int cepoll_eventfd(void) { return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); }

/// epoll_ctl with the event's data set to `token`.
static inline int cepoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t token) {
  struct epoll_event ev;
  ev.events = events;
  ev.data.u64 = token;
  return epoll_ctl(epfd, op, fd, &ev);
}

/// A buffer for `capacity` events, for cepoll_wait.
static inline void *cepoll_events_allocate(int capacity) {
  return calloc((size_t)capacity, sizeof(struct epoll_event));
}

static inline void cepoll_events_free(void *events) { free(events); }

static inline int cepoll_wait(int epfd, void *events, int capacity, int timeout) {
  return epoll_wait(epfd, (struct epoll_event *)events, capacity, timeout);
}

static inline uint64_t cepoll_event_token(const void *events, int i) {
  return ((const struct epoll_event *)events)[i].data.u64;
}

static inline uint32_t cepoll_event_bits(const void *events, int i) {
  return ((const struct epoll_event *)events)[i].events;
}

/// Names the calling thread (at most 15 bytes are kept).
void cepoll_name_thread(const char *name);

/// The CPUs in the process's affinity mask; 0 when it cannot be read.
int cepoll_usable_cpus(void);

/// The event loop the calling thread runs (set by the loop's thread for itself), or NULL.
void cepoll_set_current(void *loop);
void *cepoll_current(void);
