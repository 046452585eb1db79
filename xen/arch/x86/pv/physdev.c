/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * physdev_op (hc 33): the virtual I/O privilege of a vCPU, i.e. its IOPL
 * (PHYSDEVOP_set_iopl) and its I/O permission bitmap
 * (PHYSDEVOP_set_iobitmap), consulted by the priv-op emulation of
 * in/out/ins/outs/cli/sti. The hardware sub-ops (PIRQs, PCI devices) are
 * arch/x86/physdev.c's. physdev_op_compat (hc 19) reaches the same sub-ops.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/physdev.h>
#include <asm/uaccess.h>
#include <public/physdev.h>

#define IOBMP_BYTES 8192        /* one bit per port, 65536 ports */

static long set_iopl(struct vcpu *v, unsigned long arg)
{
    struct physdev_set_iopl op;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.iopl > 3 )
        return -EINVAL;
    v->arch.pv.iopl = op.iopl << 12;    /* kept as EFLAGS.IOPL bits */
    return 0;
}

static long set_iobitmap(struct vcpu *v, unsigned long arg)
{
    struct physdev_set_iobitmap op;
    unsigned long bitmap;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    bitmap = guest_handle_va(op.bitmap);
    /* The whole bitmap must be nameable, whatever nr_ports says. */
    if ( !guest_range_ok(bitmap, IOBMP_BYTES) || op.nr_ports > 65536 )
        return -EINVAL;
    v->arch.pv.iobmp = bitmap;
    v->arch.pv.iobmp_limit = op.nr_ports;
    return 0;
}

long do_physdev_op(unsigned int cmd, unsigned long arg)
{
    struct vcpu *v = current;

    switch ( cmd )
    {
    case PHYSDEVOP_set_iopl:
        return set_iopl(v, arg);
    case PHYSDEVOP_set_iobitmap:
        return set_iobitmap(v, arg);
    }
    return arch_physdev_op(cmd, arg);
}

/*
 * physdev_op_compat (hc 19), the pre-3.0.2 form: one struct physdev_op
 * holding the command and its argument. As on Xen, the whole struct must
 * be readable, and the sub-op then reads and writes its argument in place
 * (at field u of the guest's buffer).
 */
long do_physdev_op_compat(unsigned long arg)
{
    struct physdev_op op;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    return do_physdev_op(op.cmd, arg + offsetof(struct physdev_op, u));
}
