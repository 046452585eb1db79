/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Freestanding library and diagnostics used throughout the hypervisor.
 * Host unit tests shadow this header (tests/unit/include/xen/lib.h).
 */
#ifndef XEN_LIB_H
#define XEN_LIB_H

#include <xen/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define min(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a < _b ? _a : _b; })
#define max(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })
#define ROUNDUP(x, a)   (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ROUNDDOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
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

/* string.c */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strstr(const char *hay, const char *needle);
size_t strlcpy(char *d, const char *s, size_t n);
unsigned long simple_strtoul(const char *s, const char **end, unsigned int base);
unsigned long long parse_size_and_unit(const char *s, const char **end);

/* vsnprintf.c */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* console.c: log levels follow Xen's loglvl= names. */
#define XENLOG_ERR     "<0>"
#define XENLOG_WARNING "<1>"
#define XENLOG_INFO    "<2>"
#define XENLOG_DEBUG   "<3>"
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Rate-limited printk for messages a guest can trigger. */
void gprintk_ratelimited(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Crash policy: BUG_ON for hypervisor invariants only (never on a value a
 * guest controls); ASSERT for debug-build hot-path checks.
 */
noreturn void __bug(const char *file, int line, const char *expr);
#define BUG() __bug(__FILE__, __LINE__, "BUG")
#define BUG_ON(p) do { if (unlikely(p)) __bug(__FILE__, __LINE__, #p); } while (0)
#ifdef NDEBUG
#define ASSERT(p) do { if (0 && (p)) {} } while (0)
#else
#define ASSERT(p) BUG_ON(!(p))
#endif

#endif /* XEN_LIB_H */
