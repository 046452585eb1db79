/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Common parts of the fuzz harnesses: the libFuzzer entry point each one
 * defines, a cursor that hands out the input bytes, and FUZZ_CHECK for the
 * invariants (a violation prints where and abort()s, so libFuzzer keeps the
 * input as a crash).
 */
#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

void fuzz_fail(const char *file, int line, const char *what)
    __attribute__((__noreturn__));
#define FUZZ_CHECK(c) do { if (!(c)) fuzz_fail(__FILE__, __LINE__, #c); } while (0)

/* Input bytes, consumed front to back; reads past the end give zeros. */
struct fuzz_in {
    const uint8_t *p;
    size_t left;
};

static inline uint8_t fin_u8(struct fuzz_in *in)
{
    uint8_t v = 0;

    if (in->left) {
        v = *in->p++;
        in->left--;
    }
    return v;
}

static inline uint16_t fin_u16(struct fuzz_in *in)
{
    uint16_t lo = fin_u8(in);

    return (uint16_t)(lo | (fin_u8(in) << 8));
}

static inline uint64_t fin_u64(struct fuzz_in *in)
{
    uint64_t v = 0;

    for (unsigned int i = 0; i < 8; i++)
        v |= (uint64_t)fin_u8(in) << (8 * i);
    return v;
}

/* Up to n bytes (fewer at the end of the input); returns how many. */
static inline size_t fin_bytes(struct fuzz_in *in, void *buf, size_t n)
{
    if (n > in->left)
        n = in->left;
    memcpy(buf, in->p, n);
    in->p += n;
    in->left -= n;
    return n;
}

#endif /* FUZZ_FUZZ_H */
