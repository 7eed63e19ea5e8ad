#ifndef ALICLOUDD_CCURL_H
#define ALICLOUDD_CCURL_H
// Typed wrappers around libcurl's variadic calls, which Swift cannot call directly.
#include <curl/curl.h>

static inline CURLcode ccurl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
typedef size_t (*ccurl_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode ccurl_setopt_write_function(CURL *h, CURLoption o, ccurl_write_callback f) { return curl_easy_setopt(h, o, f); }
static inline CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ccurl_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLSHcode ccurl_share_setopt_long(CURLSH *s, CURLSHoption o, long v) { return curl_share_setopt(s, o, v); }
typedef void (*ccurl_lock_function)(CURL *handle, curl_lock_data data, curl_lock_access access, void *userptr);
typedef void (*ccurl_unlock_function)(CURL *handle, curl_lock_data data, void *userptr);
static inline CURLSHcode ccurl_share_setopt_lock(CURLSH *s, ccurl_lock_function f) { return curl_share_setopt(s, CURLSHOPT_LOCKFUNC, f); }
static inline CURLSHcode ccurl_share_setopt_unlock(CURLSH *s, ccurl_unlock_function f) { return curl_share_setopt(s, CURLSHOPT_UNLOCKFUNC, f); }
static inline CURLSHcode ccurl_share_setopt_pointer(CURLSH *s, CURLSHoption o, void *v) { return curl_share_setopt(s, o, v); }
static inline CURLcode ccurl_setopt_share(CURL *h, CURLSH *s) { return curl_easy_setopt(h, CURLOPT_SHARE, s); }
static inline CURLcode ccurl_global_init_all(void) { return curl_global_init(CURL_GLOBAL_ALL); }

// The multi interface, driven by an event loop (curl_multi_socket_action).
typedef int (*ccurl_socket_callback)(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp);
typedef int (*ccurl_timer_callback)(CURLM *multi, long timeout_ms, void *userp);
static inline CURLMcode ccurl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }
static inline CURLMcode ccurl_multi_setopt_pointer(CURLM *m, CURLMoption o, void *v) { return curl_multi_setopt(m, o, v); }
static inline CURLMcode ccurl_multi_setopt_socket_function(CURLM *m, ccurl_socket_callback f) {
  return curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, f);
}
static inline CURLMcode ccurl_multi_setopt_timer_function(CURLM *m, ccurl_timer_callback f) {
  return curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, f);
}
static inline CURLMcode ccurl_multi_socket_action(CURLM *m, curl_socket_t s, int bits) {
  int running = 0;
  return curl_multi_socket_action(m, s, bits, &running);
}
/// The next finished transfer of `m` and its result; NULL when none is left.
static inline CURL *ccurl_multi_next_done(CURLM *m, CURLcode *result) {
  int queued = 0;
  CURLMsg *msg;
  while ((msg = curl_multi_info_read(m, &queued)) != NULL) {
    if (msg->msg == CURLMSG_DONE) {
      *result = msg->data.result;
      return msg->easy_handle;
    }
  }
  return NULL;
}
static const curl_socket_t ccurl_socket_timeout = CURL_SOCKET_TIMEOUT;

#endif
