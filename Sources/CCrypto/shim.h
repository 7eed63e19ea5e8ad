#ifndef ALICLOUDD_CCRYPTO_SHIM_H
#define ALICLOUDD_CCRYPTO_SHIM_H
// The low-level digest functions below are deprecated in OpenSSL 3 in favour of EVP, whose
// per-call context and provider set-up costs several times the hashing of a request's few
// hundred bytes. They remain in OpenSSL 3's default build; only these wrappers use them.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <openssl/md5.h>
#include <openssl/aes.h>
#include <openssl/err.h>

/// Which digest `ccrypto_digest` computes.
enum ccrypto_algorithm { ccrypto_sha256 = 0, ccrypto_sha1 = 1, ccrypto_md5 = 2 };

/// The digest of the `count` bytes at `a` followed by the `countB` bytes at `b` into `out`
/// (32, 20 or 16 bytes), computed directly, without an EVP context.
static inline void ccrypto_digest(
    enum ccrypto_algorithm algorithm, const void *a, size_t count, const void *b, size_t countB, unsigned char *out) {
  switch (algorithm) {
  case ccrypto_sha256: {
    SHA256_CTX c;
    SHA256_Init(&c);
    if (count) SHA256_Update(&c, a, count);
    if (countB) SHA256_Update(&c, b, countB);
    SHA256_Final(out, &c);
    break;
  }
  case ccrypto_sha1: {
    SHA_CTX c;
    SHA1_Init(&c);
    if (count) SHA1_Update(&c, a, count);
    if (countB) SHA1_Update(&c, b, countB);
    SHA1_Final(out, &c);
    break;
  }
  case ccrypto_md5: {
    MD5_CTX c;
    MD5_Init(&c);
    if (count) MD5_Update(&c, a, count);
    if (countB) MD5_Update(&c, b, countB);
    MD5_Final(out, &c);
    break;
  }
  }
}
#endif
