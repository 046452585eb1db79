/* SPDX-License-Identifier: GPL-2.0-only */
/* SHA-256 (FIPS 180-4), freestanding: for apps that check data. */
#ifndef XLK_SHA256_H
#define XLK_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
    uint32_t h[8];
    uint64_t len;               /* bytes hashed so far */
    uint8_t buf[64];
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t out[32]);
/* out: 64 hex digits and a NUL. */
void sha256_hex(const uint8_t digest[32], char out[65]);

#endif /* XLK_SHA256_H */
