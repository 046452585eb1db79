/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Basic types for the hypervisor. Uses the compiler's freestanding headers, so
 * the same definitions hold in host unit tests.
 */
#ifndef XEN_TYPES_H
#define XEN_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

typedef int64_t s_time_t;          /* system time, ns since boot */
typedef uint16_t domid_t;
typedef unsigned long paddr_t;
#define PRIpaddr "016lx"

/*
 * Frame numbers are type-safe: an MFN (machine frame), a GFN (what a guest puts
 * in its page tables; equal to the MFN for PV) and a PFN (guest pseudo-physical
 * frame) cannot be mixed up without an explicit conversion. Mixing MFN and PFN
 * is the classic PV bug.
 */
#define TYPE_SAFE(_type, _name)                                         \
    typedef struct { _type _name; } _name##_t;                          \
    static inline _name##_t _##_name(_type n) { return (_name##_t){ n }; } \
    static inline _type _name##_x(_name##_t n) { return n._name; }

TYPE_SAFE(unsigned long, mfn)
TYPE_SAFE(unsigned long, gfn)
TYPE_SAFE(unsigned long, pfn)

#define INVALID_MFN_RAW  (~0UL)
#define INVALID_MFN      _mfn(INVALID_MFN_RAW)
#define INVALID_GFN      _gfn(~0UL)
#define INVALID_PFN_RAW  (~0UL)

static inline bool mfn_eq(mfn_t a, mfn_t b) { return mfn_x(a) == mfn_x(b); }
static inline mfn_t mfn_add(mfn_t m, unsigned long i) { return _mfn(mfn_x(m) + i); }

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#endif /* XEN_TYPES_H */
