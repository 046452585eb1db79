/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest debug registers: the set_debugreg/get_debugreg hypercalls and the
 * rules they share with emulated `mov %drN` (pv-abi-ladder 2.6). The
 * guest-visible values live in v->arch.pv.debugreg[]; hardware gets them
 * minus what it must never see (I/O breakpoints are emulated).
 */
#include <xen/lib.h>
#include <asm/config.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/pv/priv-hw.h>
#include <asm/pv/traps.h>

#define DR6_RSVD_ZERO    0x00001000UL   /* bit 12 reads as 0 */
#define DR6_RSVD_ONE     0xffff0ff0UL   /* bits 4-11, 16-31 read as 1 */
#define DR7_RSVD_ZERO    0x0000d800UL   /* bits 11, 12, 14, 15 */
#define DR7_RSVD_ONE     0x00000400UL   /* bit 10 */
#define DR7_ACTIVE_MASK  0x000000ffUL   /* L0-L3, G0-G3 */
#define DR7_GD           (1UL << 13)
#define DR7_RW_IO        2U             /* R/Wn = 10b: I/O breakpoint */

/* Guest DR0-DR3 may only name guest addresses (XSA-444: not the hole). */
static bool breakpoint_addr_ok(unsigned long addr)
{
    return addr < 0x0000800000000000UL || addr >= HYPERVISOR_VIRT_END_;
}

static unsigned long adjust_dr6(unsigned long val)
{
    return (val & ~DR6_RSVD_ZERO) | DR6_RSVD_ONE;
}

static unsigned long adjust_dr7(unsigned long val)
{
    return (val & ~DR7_RSVD_ZERO) | DR7_RSVD_ONE;
}

static unsigned int dr7_rw(unsigned long dr7, unsigned int i)
{
    return (dr7 >> (16 + i * 4)) & 3;
}

static unsigned int dr7_len(unsigned long dr7, unsigned int i)
{
    return (dr7 >> (18 + i * 4)) & 3;
}

/* Enable bits (Ln|Gn) of the guest's I/O breakpoints: emulated only. */
static unsigned long dr7_io_enables(unsigned long dr7)
{
    unsigned long io = 0;

    for ( unsigned int i = 0; i < 4; i++ )
        if ( dr7_rw(dr7, i) == DR7_RW_IO )
            io |= dr7 & (3UL << (i * 2));
    return io;
}

/* DR7 as hardware gets it while v runs. */
static unsigned long hw_dr7(const struct vcpu *v)
{
    unsigned long dr7 = adjust_dr7(v->arch.pv.debugreg[7]);

    return dr7 & ~dr7_io_enables(dr7);
}

static bool guest_cr4_de(const struct vcpu *v)
{
    return v->arch.pv.ctrlreg[4] & X86_CR4_DE;
}

/* Check and canonicalise a DR7 value; 0 or -EPERM. */
static long check_dr7(const struct vcpu *v, unsigned long *val)
{
    unsigned long dr7 = adjust_dr7(*val);

    /* GD would make our own DR accesses fault: never let a guest set it. */
    if ( dr7 & DR7_GD )
        return -EPERM;
    if ( dr7 & DR7_ACTIVE_MASK )
        for ( unsigned int i = 0; i < 4; i++ )
            if ( dr7_rw(dr7, i) == DR7_RW_IO && !guest_cr4_de(v) )
                return -EPERM;
    *val = dr7;
    return 0;
}

long set_debugreg(struct vcpu *v, unsigned int reg, unsigned long value)
{
    bool loaded = v == current;
    long rc;

    switch ( reg )
    {
    case 0 ... 3:
        if ( !breakpoint_addr_ok(value) )
            return -EPERM;
        v->arch.pv.debugreg[reg] = value;
        if ( loaded )
            hw_write_dr(reg, value);
        return 0;

    case 4:
    case 6:
        if ( reg == 4 && guest_cr4_de(v) )
            return -ENODEV;
        if ( value != (uint32_t)value )     /* upper half strictly reserved */
            return -EINVAL;
        v->arch.pv.debugreg[6] = adjust_dr6(value);
        if ( loaded )
            hw_write_dr(6, v->arch.pv.debugreg[6]);
        return 0;

    case 5:
    case 7:
        if ( reg == 5 && guest_cr4_de(v) )
            return -ENODEV;
        if ( value != (uint32_t)value )
            return -EINVAL;
        rc = check_dr7(v, &value);
        if ( rc )
            return rc;
        v->arch.pv.debugreg[7] = value;
        if ( loaded )
            pv_load_debugregs(v);
        return 0;
    }
    return -ENODEV;
}

long get_debugreg(struct vcpu *v, unsigned int reg, unsigned long *value)
{
    switch ( reg )
    {
    case 0 ... 3:
        *value = v->arch.pv.debugreg[reg];
        return 0;
    case 4:
    case 6:
        if ( reg == 4 && guest_cr4_de(v) )
            return -ENODEV;
        *value = adjust_dr6(v->arch.pv.debugreg[6]);
        return 0;
    case 5:
    case 7:
        if ( reg == 5 && guest_cr4_de(v) )
            return -ENODEV;
        *value = adjust_dr7(v->arch.pv.debugreg[7]);
        return 0;
    }
    return -ENODEV;
}

void pv_load_debugregs(const struct vcpu *v)
{
    unsigned long dr7 = hw_dr7(v);

    /* Breakpoint addresses matter only while some breakpoint is enabled. */
    if ( dr7 & DR7_ACTIVE_MASK )
    {
        for ( unsigned int i = 0; i < 4; i++ )
            hw_write_dr(i, v->arch.pv.debugreg[i]);
        hw_write_dr(6, adjust_dr6(v->arch.pv.debugreg[6]));
    }
    hw_write_dr(7, dr7);
}

unsigned int pv_io_breakpoint_match(const struct vcpu *v, unsigned int port,
                                    unsigned int len)
{
    static const unsigned int width[4] = { 1, 2, 8, 4 };
    unsigned long dr7 = adjust_dr7(v->arch.pv.debugreg[7]);
    unsigned long io = dr7_io_enables(dr7);
    unsigned int match = 0;

    if ( !io || !guest_cr4_de(v) )
        return 0;
    for ( unsigned int i = 0; i < 4; i++ )
    {
        unsigned long start = v->arch.pv.debugreg[i];

        if ( !(io & (3UL << (i * 2))) )
            continue;
        if ( start < port + len && start + width[dr7_len(dr7, i)] > port )
            match |= 1U << i;
    }
    return match;
}

long do_set_debugreg(unsigned int reg, unsigned long value)
{
    return set_debugreg(current, reg, value);
}

long do_get_debugreg(unsigned int reg)
{
    unsigned long val;
    long rc = get_debugreg(current, reg, &val);

    return rc ? rc : (long)val;
}
