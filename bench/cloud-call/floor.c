/* The floor of one AliCloud-shaped API call: a libcurl easy handle kept alive against the same
 * server, one POST per call with an RPC query and the V3 header set, the body discarded.
 * Usage: floor URL CALLS. Prints "WALL_US CPU_US" per call (CPU = user + system, getrusage). */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static size_t sink(char *p, size_t s, size_t n, void *u) {
  (void)p;
  *(size_t *)u += s * n;
  return s * n;
}

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static double cpu_us(void) {
  struct rusage r;
  getrusage(RUSAGE_SELF, &r);
  return (r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1e6 + r.ru_utime.tv_usec + r.ru_stime.tv_usec;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: floor URL CALLS\n");
    return 2;
  }
  int calls = atoi(argv[2]);
  char url[1024];
  snprintf(url, sizeof url, "%s/?RegionId=cn-beijing", argv[1]);
  curl_global_init(CURL_GLOBAL_ALL);
  CURL *h = curl_easy_init();
  struct curl_slist *hs = NULL;
  hs = curl_slist_append(hs, "accept: application/json");
  hs = curl_slist_append(hs, "x-acs-action: DescribeVpcs");
  hs = curl_slist_append(hs, "x-acs-version: 2016-04-28");
  hs = curl_slist_append(hs, "x-acs-date: 2026-01-01T00:00:00Z");
  hs = curl_slist_append(hs, "x-acs-signature-nonce: 0123456789abcdef0123456789abcdef");
  hs = curl_slist_append(hs, "x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  hs = curl_slist_append(hs, "authorization: ACS3-HMAC-SHA256 Credential=bench-id,SignedHeaders=host;x-acs-action;"
                             "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature="
                             "0000000000000000000000000000000000000000000000000000000000000000");
  hs = curl_slist_append(hs, "Expect:");
  size_t bytes = 0;
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hs);
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
  curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &bytes);
  for (int i = 0; i < 50; i++) {
    if (curl_easy_perform(h) != CURLE_OK) {
      fprintf(stderr, "floor: the warm-up request failed\n");
      return 1;
    }
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    fprintf(stderr, "floor: HTTP %ld\n", status);
    return 1;
  }
  double w0 = now_us(), c0 = cpu_us();
  for (int i = 0; i < calls; i++) {
    if (curl_easy_perform(h) != CURLE_OK) {
      fprintf(stderr, "floor: request %d failed\n", i);
      return 1;
    }
  }
  double w1 = now_us(), c1 = cpu_us();
  printf("%.1f %.1f\n", (w1 - w0) / calls, (c1 - c0) / calls);
  curl_slist_free_all(hs);
  curl_easy_cleanup(h);
  return 0;
}
