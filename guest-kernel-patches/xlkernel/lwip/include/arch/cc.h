/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lwIP's port header for xlkernel: a freestanding x86_64 kernel without a
 * libc. Diagnostics and asserts go to the kernel console; randomness (TCP
 * initial sequence numbers, ports, DHCP xid) from the TSC and the domain id.
 * Deliberately does not include <xt.h>: lwIP's own sources include glibc's
 * <string.h>, whose prototypes differ in constness from the runtime's.
 */
#ifndef XLK_LWIP_ARCH_CC_H
#define XLK_LWIP_ARCH_CC_H

#include <stdint.h>

#define BYTE_ORDER LITTLE_ENDIAN
#define LWIP_NO_CTYPE_H 1               /* lwIP's own isdigit & co */
#define LWIP_NO_INTTYPES_H 1
#define X8_F  "02x"
#define U16_F "u"
#define S16_F "d"
#define X16_F "x"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "lu"

void xlk_lwip_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xlk_lwip_assert(const char *msg, const char *file, int line)
    __attribute__((noreturn));
uint32_t xlk_lwip_rand(void);

#define LWIP_PLATFORM_DIAG(x)   do { xlk_lwip_diag x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) xlk_lwip_assert(x, __FILE__, __LINE__)
#define LWIP_RAND()             xlk_lwip_rand()

#endif /* XLK_LWIP_ARCH_CC_H */
