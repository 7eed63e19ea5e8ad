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
#include <openssl/crypto.h>
#include <string.h>

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
/// HMAC (RFC 2104, 64-byte block) of the `messageLength` bytes at `message` under the key at
/// `key` into `out` (32, 20 or 16 bytes): H((K ^ opad) || H((K ^ ipad) || m)). The key's padded
/// copies are wiped before returning.
static inline void ccrypto_hmac(
    enum ccrypto_algorithm algorithm, const void *key, size_t keyLength, const void *message, size_t messageLength,
    unsigned char *out) {
  unsigned char k[64] = {0};
  unsigned char pad[64];
  unsigned char inner[32];
  size_t length = algorithm == ccrypto_sha256 ? 32 : algorithm == ccrypto_sha1 ? 20 : 16;
  if (keyLength > sizeof k) {
    ccrypto_digest(algorithm, key, keyLength, NULL, 0, k);
  } else if (keyLength) {
    memcpy(k, key, keyLength);
  }
  for (size_t i = 0; i < sizeof pad; i++) pad[i] = k[i] ^ 0x36;
  ccrypto_digest(algorithm, pad, sizeof pad, message, messageLength, inner);
  for (size_t i = 0; i < sizeof pad; i++) pad[i] = k[i] ^ 0x5c;
  ccrypto_digest(algorithm, pad, sizeof pad, inner, length, out);
  OPENSSL_cleanse(k, sizeof k);
  OPENSSL_cleanse(pad, sizeof pad);
}
#endif
