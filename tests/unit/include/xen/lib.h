/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host shadow of xen/include/xen/lib.h for unit tests: the C library provides
 * the string and printf functions, and BUG_ON/ASSERT/panic fail the running
 * CUnit case instead of stopping a CPU.
 */
#ifndef XEN_LIB_H
#define XEN_LIB_H

#include <xen/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define min(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a < _b ? _a : _b; })
#define max(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })
#define ROUNDUP(x, a)   (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ROUNDDOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))
#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define BUILD_BUG_ON(c) _Static_assert(!(c), #c)
#define __packed    __attribute__((packed))
#define __aligned(a) __attribute__((aligned(a)))
#define __used      __attribute__((used))
#define noreturn    __attribute__((noreturn))
#define noinline    __attribute__((noinline))
#define always_inline inline __attribute__((always_inline))
#define ACCESS_ONCE(x) (*(volatile __typeof__(x) *)&(x))

size_t strlcpy(char *d, const char *s, size_t n);
unsigned long simple_strtoul(const char *s, const char **end, unsigned int base);
unsigned long long parse_size_and_unit(const char *s, const char **end);

#define XENLOG_ERR     "<0>"
#define XENLOG_WARNING "<1>"
#define XENLOG_INFO    "<2>"
#define XENLOG_DEBUG   "<3>"
#define printk(...) fprintf(stderr, __VA_ARGS__)
#define gprintk_ratelimited(...) fprintf(stderr, __VA_ARGS__)

void harness_fatal(const char *file, int line, const char *what);
#define panic(...) harness_fatal(__FILE__, __LINE__, "panic")
#define BUG() harness_fatal(__FILE__, __LINE__, "BUG")
#define BUG_ON(p) do { if (p) harness_fatal(__FILE__, __LINE__, "BUG_ON(" #p ")"); } while (0)
#define ASSERT(p) do { if (!(p)) harness_fatal(__FILE__, __LINE__, "ASSERT(" #p ")"); } while (0)

#endif /* XEN_LIB_H */
