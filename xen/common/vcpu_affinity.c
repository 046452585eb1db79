/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * XEN_DOMCTL_setvcpuaffinity / getvcpuaffinity: a vCPU's hard affinity
 * (the pCPUs the scheduler may run it on) and soft affinity (kept and
 * reported only). The guest's bitmaps are byte arrays of nr_bits bits;
 * bits for pCPUs this machine does not have are ignored on the way in and
 * returned as zero (pCPU ids run 0..nr_cpu_ids-1). A set answers with the effective maps: hard & online,
 * and soft & that.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/schedule.h>
#include <asm/smp.h>
#include <asm/uaccess.h>
#include <public/domctl.h>

#define MAP_BYTES sizeof(unsigned long)

static int bitmap_in(const struct xenctl_bitmap *b, unsigned long *map)
{
    unsigned int bits = min(b->nr_bits, nr_cpu_ids);
    uint8_t bytes[MAP_BYTES] = { 0 };

    if ( bits && copy_from_guest_va(bytes, guest_handle_va(b->bitmap),
                                    DIV_ROUND_UP(bits, 8)) )
        return -EFAULT;
    *map = 0;
    for ( unsigned int i = 0; i < bits; i++ )
        if ( (bytes[i / 8] >> (i % 8)) & 1 )
            *map |= 1UL << i;
    return 0;
}

/* Every byte of the guest's map is written: the tail past our pCPUs is 0. */
static int bitmap_out(const struct xenctl_bitmap *b, unsigned long map)
{
    unsigned int nbytes = DIV_ROUND_UP(b->nr_bits, 8);
    unsigned long va = guest_handle_va(b->bitmap);
    uint8_t bytes[MAP_BYTES] = { 0 };
    unsigned int n = min(nbytes, (unsigned int)MAP_BYTES);

    map &= (1UL << nr_cpu_ids) - 1;
    for ( unsigned int i = 0; i < n; i++ )
        bytes[i] = map >> (8 * i);
    if ( n && copy_to_guest_va(va, bytes, n) )
        return -EFAULT;
    if ( nbytes > n && clear_guest_va(va + n, nbytes - n) )
        return -EFAULT;
    return 0;
}

static bool params_invalid(const struct xen_domctl_vcpuaffinity *op)
{
    return !(op->flags & (XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT)) ||
           ((op->flags & XEN_VCPUAFFINITY_HARD) &&
            guest_handle_is_null(op->cpumap_hard.bitmap)) ||
           ((op->flags & XEN_VCPUAFFINITY_SOFT) &&
            guest_handle_is_null(op->cpumap_soft.bitmap));
}

static int set_affinity(struct vcpu *v, struct xen_domctl_vcpuaffinity *op)
{
    unsigned long online = __atomic_load_n(&cpu_online_map, __ATOMIC_ACQUIRE);
    unsigned long hard = v->cpu_hard_affinity, soft = v->cpu_soft_affinity;
    int rc;

    /* Copy in and check both before changing either. */
    if ( (op->flags & XEN_VCPUAFFINITY_HARD) &&
         (rc = bitmap_in(&op->cpumap_hard, &hard)) )
        return rc;
    if ( (op->flags & XEN_VCPUAFFINITY_SOFT) &&
         (rc = bitmap_in(&op->cpumap_soft, &soft)) )
        return rc;
    if ( !(hard & online) )
        return -EINVAL;

    ACCESS_ONCE(v->cpu_soft_affinity) = soft;
    if ( hard != v->cpu_hard_affinity )
    {
        ACCESS_ONCE(v->cpu_hard_affinity) = hard;
        sched_affinity_changed(v);
    }

    if ( (op->flags & XEN_VCPUAFFINITY_HARD) &&
         (rc = bitmap_out(&op->cpumap_hard, hard & online)) )
        return rc;
    if ( op->flags & XEN_VCPUAFFINITY_SOFT )
        return bitmap_out(&op->cpumap_soft, soft & hard & online);
    return 0;
}

int vcpu_affinity_domctl(struct domain *d, uint32_t cmd,
                         struct xen_domctl_vcpuaffinity *op)
{
    struct vcpu *v;
    int rc;

    if ( op->vcpu >= d->max_vcpus )
        return -EINVAL;
    if ( !(v = d->vcpu[op->vcpu]) )
        return -ESRCH;
    if ( params_invalid(op) )
        return -EINVAL;
    if ( cmd == XEN_DOMCTL_setvcpuaffinity )
        return set_affinity(v, op);

    if ( (op->flags & XEN_VCPUAFFINITY_HARD) &&
         (rc = bitmap_out(&op->cpumap_hard, v->cpu_hard_affinity)) )
        return rc;
    if ( op->flags & XEN_VCPUAFFINITY_SOFT )
        return bitmap_out(&op->cpumap_soft, v->cpu_soft_affinity);
    return 0;
}
