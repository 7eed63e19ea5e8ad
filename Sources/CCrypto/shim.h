#ifndef ALICLOUDD_CCRYPTO_SHIM_H
#define ALICLOUDD_CCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <openssl/md5.h>
#include <openssl/aes.h>
#include <openssl/err.h>
#endif
