/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fault-safe guest memory copies and the exception table that makes them
 * safe: a #PF/#GP on one of the marked instructions continues at its fixup
 * with the registers as the fault left them (RCX = bytes left for rep movsb).
 * Each copy opens SMAP for just its own instruction (stac ... clac).
 */
#include <xen/lib.h>
#include <asm/uaccess.h>
#include <asm/processor.h>

extern const struct exception_table_entry __ex_table_start[], __ex_table_end[];

unsigned long search_exception_table(unsigned long rip)
{
    const struct exception_table_entry *e;

    for ( e = __ex_table_start; e < __ex_table_end; e++ )
        if ( (unsigned long)&e->insn + e->insn == rip )
            return (unsigned long)&e->fixup + e->fixup;
    return 0;
}

bool x86_smap_on;

/*
 * Copy len bytes, fault-safe; returns the bytes not copied (on a fault
 * inside the qword part it counts the whole rest, partly copied or not).
 * Whole qwords first, then the tail bytes: the hot callers copy 8-byte
 * frames (bounce and iret frames, hypercall arguments), and `rep movsq`
 * does one step per qword where `rep movsb` did one per byte.
 */
static unsigned long copy_guest(void *dst, const void *src, size_t len)
{
    size_t qwords = len / 8, tail = len % 8;

    stac();
    asm volatile ( "1: rep movsq\n"
                   "2:\n"
                   _ASM_EXTABLE(1b, 2b)
                   : "+D" (dst), "+S" (src), "+c" (qwords) :: "memory" );
    if ( !qwords && tail )
        asm volatile ( "1: rep movsb\n"
                       "2:\n"
                       _ASM_EXTABLE(1b, 2b)
                       : "+D" (dst), "+S" (src), "+c" (tail) :: "memory" );
    clac();
    return qwords * 8 + tail;
}

unsigned long raw_copy_from_guest(void *dst, const void *src, size_t len)
{
    return copy_guest(dst, src, len);
}

unsigned long raw_copy_to_guest(void *dst, const void *src, size_t len)
{
    return copy_guest(dst, src, len);
}

unsigned long raw_clear_guest(void *dst, size_t len)
{
    stac();
    asm volatile ( "1: rep stosb\n"
                   "2:\n"
                   _ASM_EXTABLE(1b, 2b)
                   : "+D" (dst), "+c" (len) : "a" (0) : "memory" );
    clac();
    return len;
}

int get_guest_u64(uint64_t *val, unsigned long va)
{
    return copy_from_guest_va(val, va, sizeof(*val));
}

int put_guest_u64(uint64_t val, unsigned long va)
{
    return copy_to_guest_va(va, &val, sizeof(val));
}

int rdmsr_safe(uint32_t msr, uint64_t *val)
{
    uint32_t lo = 0, hi = 0;
    int rc = 0;

    asm volatile ( "1: rdmsr\n"
                   "2:\n"
                   "   .pushsection .fixup, \"ax\"\n"
                   "3: movl $-1, %2\n"
                   "   jmp 2b\n"
                   "   .popsection\n"
                   _ASM_EXTABLE(1b, 3b)
                   : "=a" (lo), "=d" (hi), "+r" (rc) : "c" (msr) );
    *val = ((uint64_t)hi << 32) | lo;
    return rc;
}

int wrmsr_safe(uint32_t msr, uint64_t val)
{
    int rc = 0;

    asm volatile ( "1: wrmsr\n"
                   "2:\n"
                   "   .pushsection .fixup, \"ax\"\n"
                   "3: movl $-1, %0\n"
                   "   jmp 2b\n"
                   "   .popsection\n"
                   _ASM_EXTABLE(1b, 3b)
                   : "+r" (rc) : "c" (msr), "a" ((uint32_t)val),
                     "d" ((uint32_t)(val >> 32)) );
    return rc;
}
