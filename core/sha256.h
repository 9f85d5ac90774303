/* SHA-256 (FIPS 180-4): the checksum of a batch of changes in the sync
 * protocol and the names of attachment files. Written here so that core/
 * needs no crypto library. */
#ifndef LOGE_SHA256_H
#define LOGE_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;		/* bytes hashed so far */
	uint8_t block[64];
	size_t used;		/* bytes waiting in block */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
/* Writes the digest; s must be initialised again before reuse. */
void sha256_final(struct sha256 *s, uint8_t out[32]);
/* The digest as 64 lowercase hex digits and a NUL. */
void sha256_final_hex(struct sha256 *s, char out[65]);
/* One-shot digest of n bytes, in hex. */
void sha256_hex(const void *data, size_t n, char out[65]);

#endif
