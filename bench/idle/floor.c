/* Baseline for bench/idle-memory.sh: a process linked with the same libcurl and libcrypto as
   alicloudd that does nothing (argument "init": after curl_global_init) and waits. */
#include <curl/curl.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "init") == 0) curl_global_init(CURL_GLOBAL_ALL);
  write(1, "ready\n", 6);
  pause();
  return 0;
}
