/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Access to guest memory by guest virtual address, through the page tables
 * that are current (the guest's own while a hypercall runs). Every access
 * is range-checked (canonical, outside the hypervisor's L4 slots 256-271,
 * no wrap) and fault-safe: a fault ends the copy through the exception
 * table instead of crashing the hypervisor. Guest handles in hypercall
 * arguments are plain guest virtual addresses (pv-abi-ladder 0.4).
 */
#ifndef ASM_UACCESS_H
#define ASM_UACCESS_H

#include <xen/types.h>
#include <xen/errno.h>
#include <asm/config.h>

/*
 * Exception-table entry: a faulting instruction and where to continue.
 * Both are 32-bit offsets relative to the entry's own fields, so the table
 * needs no relocation in the position-independent image.
 */
struct exception_table_entry {
    int32_t insn, fixup;
};

#define _ASM_EXTABLE(from, to)                      \
    "    .pushsection .ex_table, \"a\"\n"           \
    "    .balign 4\n"                               \
    "    .long " #from " - ., " #to " - .\n"        \
    "    .popsection\n"

/* Fixup address for a fault at rip, or 0. */
unsigned long search_exception_table(unsigned long rip);

/* Is [va, va + len) a range a guest may name? */
static inline bool guest_range_ok(unsigned long va, size_t len)
{
    unsigned long end = va + len;

    if ( end < va )
        return false;
    if ( len == 0 )
        return true;
    /* Lower canonical half, or upper half above the hypervisor's slots. */
    if ( end <= 0x0000800000000000UL )
        return true;
    return va >= HYPERVISOR_VIRT_END_;
}

/* Bytes not copied (0 on success). No range check: use the wrappers. */
unsigned long raw_copy_from_guest(void *dst, const void *src, size_t len);
unsigned long raw_copy_to_guest(void *dst, const void *src, size_t len);
unsigned long raw_clear_guest(void *dst, size_t len);

/* 0, or -EFAULT if the range is not guest memory or any byte faults. */
static inline int copy_from_guest_va(void *dst, unsigned long va, size_t len)
{
    if ( !guest_range_ok(va, len) )
        return -EFAULT;
    return raw_copy_from_guest(dst, (const void *)va, len) ? -EFAULT : 0;
}

static inline int copy_to_guest_va(unsigned long va, const void *src, size_t len)
{
    if ( !guest_range_ok(va, len) )
        return -EFAULT;
    return raw_copy_to_guest((void *)va, src, len) ? -EFAULT : 0;
}

static inline int clear_guest_va(unsigned long va, size_t len)
{
    if ( !guest_range_ok(va, len) )
        return -EFAULT;
    return raw_clear_guest((void *)va, len) ? -EFAULT : 0;
}

/*
 * Handle forms (public headers' XEN_GUEST_HANDLE(type) is struct { type *p; }).
 * nr counts elements; off is an element index.
 */
#define guest_handle_is_null(h)     ((h).p == NULL)
#define guest_handle_va(h)          ((unsigned long)(h).p)
#define copy_from_guest_offset(ptr, h, off, nr)                             \
    copy_from_guest_va((ptr), guest_handle_va(h) + (off) * sizeof(*(h).p),  \
                       (nr) * sizeof(*(h).p))
#define copy_to_guest_offset(h, off, ptr, nr)                               \
    copy_to_guest_va(guest_handle_va(h) + (off) * sizeof(*(h).p), (ptr),    \
                     (nr) * sizeof(*(h).p))
#define copy_from_guest(ptr, h, nr)  copy_from_guest_offset(ptr, h, 0, nr)
#define copy_to_guest(h, ptr, nr)    copy_to_guest_offset(h, 0, ptr, nr)

/* One field of a structure at guest address va. */
#define copy_field_to_guest_va(va, ptr, type, field)                        \
    copy_to_guest_va((va) + offsetof(type, field), &(ptr)->field,           \
                     sizeof((ptr)->field))

/* Single fault-safe 8-byte accesses (e.g. reading guest PTEs or stacks). */
int get_guest_u64(uint64_t *val, unsigned long va);
int put_guest_u64(uint64_t val, unsigned long va);

#endif /* ASM_UACCESS_H */
