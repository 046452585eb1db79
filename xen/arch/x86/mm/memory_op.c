/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 sub-ops of memory_op (pv-abi-ladder 1.5, 2.3): where the
 * read-only M2P is and which frames back it, the domain's and the
 * machine's E820, and the calls PV domains do not have (add_to_physmap,
 * acquire_resource).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/memory.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/bootinfo.h>
#include <asm/uaccess.h>
#include <asm/pv/mm.h>
#include <public/memory.h>

#define M2P_NR_ENTRIES ((RO_MPT_VIRT_END - RO_MPT_VIRT_START) / 8)
#define M2P_CHUNK      (1UL << L2_PAGETABLE_SHIFT)     /* 2 MiB pages */

static long machphys_mapping(unsigned long arg)
{
    struct xen_machphys_mapping m = {
        .v_start = RO_MPT_VIRT_START,
        .v_end = RO_MPT_VIRT_END,
        .max_mfn = M2P_NR_ENTRIES - 1,
    };

    /* The hardware domain sees the real extent (no memory hot-plug). */
    if ( current->domain == hardware_domain )
        m.max_mfn = max_page - 1;
    return copy_to_guest_va(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

/* The frame backing the M2P's 2 MiB chunk i (walk of the RW mapping). */
static xen_pfn_t m2p_chunk_mfn(unsigned long i)
{
    unsigned long va = RDWR_MPT_VIRT_START + i * M2P_CHUNK;
    intpte_t e = idle_pg_table[l4_table_offset(va)];

    e = ((intpte_t *)mfn_to_virt(pte_mfn(e)))[l3_table_offset(va)];
    e = ((intpte_t *)mfn_to_virt(pte_mfn(e)))[l2_table_offset(va)];
    return mfn_x(pte_mfn(e));
}

static long machphys_mfn_list(unsigned long arg)
{
    struct xen_machphys_mfn_list l;
    unsigned long nr = ROUNDUP(max_page * 8UL, M2P_CHUNK) / M2P_CHUNK, i;

    if ( copy_from_guest_va(&l, arg, sizeof(l)) )
        return -EFAULT;
    for ( i = 0; i < nr && i < l.max_extents; i++ )
    {
        xen_pfn_t mfn = m2p_chunk_mfn(i);

        if ( copy_to_guest_va(guest_handle_va(l.extent_start) + i * 8, &mfn,
                              sizeof(mfn)) )
            return -EFAULT;
    }
    l.nr_extents = i;
    return copy_to_guest_va(arg, &l, sizeof(l)) ? -EFAULT : 0;
}

/* XENMEM_memory_map: the caller's own E820, -ENOSYS if none was set. */
static long memory_map(unsigned long arg)
{
    const struct domain_memory_map *m = current->domain->memory_map;
    struct xen_memory_map map;

    if ( copy_from_guest_va(&map, arg, sizeof(map)) )
        return -EFAULT;
    if ( !m || !m->nr )
        return -ENOSYS;
    map.nr_entries = min(map.nr_entries, m->nr);
    if ( copy_to_guest_va(guest_handle_va(map.buffer), m->e820,
                          map.nr_entries * sizeof(m->e820[0])) ||
         copy_to_guest_va(arg, &map, sizeof(map)) )
        return -EFAULT;
    return 0;
}

/* XENMEM_set_memory_map: the domain itself or its control domain. */
static long set_memory_map(unsigned long arg)
{
    struct xen_foreign_memory_map f;
    struct domain_memory_map *m, *old;
    struct domain *d;

    if ( copy_from_guest_va(&f, arg, sizeof(f)) )
        return -EFAULT;
    if ( f.map.nr_entries > DOMAIN_E820_MAX )
        return -EINVAL;
    d = domain_from_domid(f.domid);
    if ( !d || d->is_dying )
        return -ESRCH;
    if ( !pv_may_target(current->domain, d) )
        return -EPERM;

    m = xmalloc(struct domain_memory_map);
    if ( !m )
        return -ENOMEM;
    m->nr = f.map.nr_entries;
    if ( copy_from_guest_va(m->e820, guest_handle_va(f.map.buffer),
                            m->nr * sizeof(m->e820[0])) )
    {
        xfree(m);
        return -EFAULT;
    }
    spin_lock(&d->lock);
    old = d->memory_map;
    d->memory_map = m;
    spin_unlock(&d->lock);
    xfree(old);
    return 0;
}

/* XENMEM_machine_memory_map: the boot E820, control domain only. */
static long machine_memory_map(unsigned long arg)
{
    struct xen_memory_map map;
    unsigned int i;

    if ( !current->domain->is_privileged )
        return -EPERM;
    if ( copy_from_guest_va(&map, arg, sizeof(map)) )
        return -EFAULT;
    if ( map.nr_entries < boot_info.nr_e820 )
        return -EINVAL;
    for ( i = 0; i < boot_info.nr_e820; i++ )
    {
        struct xen_e820_entry e = {
            .addr = boot_info.e820[i].addr,
            .size = boot_info.e820[i].size,
            .type = boot_info.e820[i].type,
        };

        if ( copy_to_guest_va(guest_handle_va(map.buffer) + i * sizeof(e),
                              &e, sizeof(e)) )
            return -EFAULT;
    }
    map.nr_entries = i;
    return copy_to_guest_va(arg, &map, sizeof(map)) ? -EFAULT : 0;
}

/*
 * XENMEM_acquire_resource: another domain's resource. No resource can be
 * mapped this way yet: after the checks Xen 4.17 makes first (pad, a
 * remote domain, privilege), the exact -EOPNOTSUPP makes callers fall back
 * to the older interfaces.
 */
static long acquire_resource(unsigned long arg)
{
    struct xen_mem_acquire_resource r;
    struct domain *d;

    if ( copy_from_guest_va(&r, arg, sizeof(r)) )
        return -EFAULT;
    if ( r.pad )
        return -EINVAL;
    d = r.domid < DOMID_FIRST_RESERVED ? domain_by_id(r.domid) : NULL;
    if ( !d )
        return -ESRCH;
    if ( d == current->domain || !pv_may_target(current->domain, d) )
        return -EPERM;
    return -EOPNOTSUPP;
}

long arch_memory_op(unsigned int op, unsigned long arg)
{
    switch ( op )
    {
    case XENMEM_machphys_mapping:
        return machphys_mapping(arg);
    case XENMEM_machphys_mfn_list:
        return machphys_mfn_list(arg);
    case XENMEM_memory_map:
        return memory_map(arg);
    case XENMEM_set_memory_map:
        return set_memory_map(arg);
    case XENMEM_machine_memory_map:
        return machine_memory_map(arg);
    case XENMEM_acquire_resource:
        return acquire_resource(arg);
    case XENMEM_add_to_physmap:
        /* PV domains have no physmap to add to. */
        return -EACCES;
    default:
        return -ENOSYS;
    }
}
