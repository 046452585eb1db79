/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sysctl: whole-machine queries for the toolstack (Xen 4.17, interface
 * version 0x15). Control domain only (-EPERM), exact version (-EACCES).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/console.h>
#include <xen/hypercall.h>
#include <xen/page_alloc.h>
#include <xen/sched.h>
#include <asm/smp.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/uaccess.h>
#include <public/domctl.h>
#include <public/sysctl.h>

extern uint64_t cpu_khz;

static long readconsole(struct xen_sysctl_readconsole *rc)
{
    static size_t reader_pos;           /* the non-incremental reader's cursor */
    char buf[256];
    size_t pos = rc->incremental ? rc->index : 0, done = 0, n;

    if ( !rc->incremental )
        reader_pos = 0;
    while ( done < rc->count )
    {
        n = console_read_ring(buf, min(sizeof(buf), (size_t)(rc->count - done)),
                              &pos, false);
        if ( !n )
            break;
        if ( copy_to_guest_va(guest_handle_va(rc->buffer) + done, buf, n) )
            return -EFAULT;
        done += n;
    }
    if ( rc->clear )
        console_read_ring(buf, 0, &reader_pos, true);
    rc->count = done;
    rc->index = pos;
    return 0;
}

static void physinfo(struct xen_sysctl_physinfo *pi)
{
    memset(pi, 0, sizeof(*pi));
    pi->threads_per_core = 1;
    pi->cores_per_socket = num_online_cpus();
    pi->nr_cpus = num_online_cpus();
    pi->max_cpu_id = num_online_cpus() - 1;
    pi->nr_nodes = 1;
    pi->cpu_khz = cpu_khz;
    pi->capabilities = XEN_SYSCTL_PHYSCAP_pv;
    pi->total_pages = max_page;
    pi->free_pages = page_alloc_free_count();
    pi->max_mfn = max_page - 1;
}

static long getdomaininfolist(struct xen_sysctl_getdomaininfolist *l)
{
    struct xen_domctl_getdomaininfo info;
    struct domain *d;
    unsigned int n = 0;

    for_each_domain ( d )
    {
        if ( d->domain_id < l->first_domain )
            continue;
        if ( n >= l->max_domains )
            break;
        getdomaininfo(d, &info);
        if ( copy_to_guest_offset(l->buffer, n, &info, 1) )
            return -EFAULT;
        n++;
    }
    l->num_domains = n;
    return 0;
}

/* One pool (id 0) holding every CPU and every domain; it cannot change. */
static long cpupool_op(struct xen_sysctl_cpupool_op *op)
{
    struct domain *d;
    unsigned int n = 0;
    uint8_t map = 1;                    /* CPU 0 */

    switch ( op->op )
    {
    case XEN_SYSCTL_CPUPOOL_OP_INFO:
        if ( op->cpupool_id != 0 && op->cpupool_id != XEN_SYSCTL_CPUPOOL_PAR_ANY )
            return -ENOENT;
        for_each_domain ( d )
            n++;
        op->cpupool_id = 0;
        op->sched_id = XEN_SCHEDULER_CREDIT;
        op->n_dom = n;
        break;
    case XEN_SYSCTL_CPUPOOL_OP_FREEINFO:
        map = 0;                        /* no CPU outside the pool */
        break;
    case XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN:
        if ( op->cpupool_id != 0 )
            return -ENOENT;
        return domain_by_id(op->domid) ? 0 : -ESRCH;
    case XEN_SYSCTL_CPUPOOL_OP_CREATE:
    case XEN_SYSCTL_CPUPOOL_OP_DESTROY:
    case XEN_SYSCTL_CPUPOOL_OP_ADDCPU:
    case XEN_SYSCTL_CPUPOOL_OP_RMCPU:
        return -EOPNOTSUPP;
    default:
        return -EINVAL;
    }
    if ( guest_handle_va(op->cpumap.bitmap) && op->cpumap.nr_bits &&
         copy_to_guest_va(guest_handle_va(op->cpumap.bitmap), &map, 1) )
        return -EFAULT;
    op->cpumap.nr_bits = 8;
    return 0;
}

long do_sysctl(unsigned long u_sysctl)
{
    struct xen_sysctl op;
    long rc;

    if ( copy_from_guest_va(&op, u_sysctl, sizeof(op)) )
        return -EFAULT;
    if ( op.interface_version != XEN_SYSCTL_INTERFACE_VERSION )
        return -EACCES;
    if ( !current->domain->is_privileged )
        return -EPERM;

    switch ( op.cmd )
    {
    case XEN_SYSCTL_readconsole:
        rc = readconsole(&op.u.readconsole);
        break;
    case XEN_SYSCTL_physinfo:
        physinfo(&op.u.physinfo);
        rc = 0;
        break;
    case XEN_SYSCTL_sched_id:
        op.u.sched_id.sched_id = XEN_SCHEDULER_CREDIT;
        rc = 0;
        break;
    case XEN_SYSCTL_getdomaininfolist:
        rc = getdomaininfolist(&op.u.getdomaininfolist);
        break;
    case XEN_SYSCTL_cpupool_op:
        rc = cpupool_op(&op.u.cpupool_op);
        break;
    default:
        return -ENOSYS;
    }
    if ( !rc && copy_to_guest_va(u_sysctl, &op, sizeof(op)) )
        return -EFAULT;
    return rc;
}
