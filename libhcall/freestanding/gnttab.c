/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libhcall for guest kernels: grants. Offering and withdrawing access works
 * on the v1 table directly (the protocol of public/grant_table.h: fill in
 * frame and domid, then publish flags; withdraw only while the hypervisor
 * has neither GTF_reading nor GTF_writing set); mapping and copying are
 * GNTTABOP_* hypercalls.
 */
#include "hcall_guest.h"

static long gnttab_op(struct hcall_gnttab *g, unsigned int cmd, void *arg,
                      unsigned int count)
{
    return hcall_guest_grant_table_op(g->env, cmd, arg, count);
}

int hcall_gnttab_init(struct hcall_gnttab *g, const struct hcall_guest_env *env,
                      void *table, uint32_t nr_entries)
{
    if (!env || !env->hypercall || !table ||
        nr_entries <= GNTTAB_NR_RESERVED_ENTRIES)
        return -XEN_EINVAL;
    g->env = env;
    g->table = table;
    g->nr_entries = nr_entries;
    g->hint = GNTTAB_NR_RESERVED_ENTRIES;
    return 0;
}

int hcall_gnttab_grant(struct hcall_gnttab *g, uint16_t domid, uint64_t frame,
                       int readonly)
{
    uint32_t span = g->nr_entries - GNTTAB_NR_RESERVED_ENTRIES;

    if (frame > UINT32_MAX)             /* v1 entries hold 32-bit frames */
        return -XEN_EINVAL;
    for (uint32_t i = 0; i < span; i++) {
        uint32_t ref = GNTTAB_NR_RESERVED_ENTRIES +
                       (g->hint - GNTTAB_NR_RESERVED_ENTRIES + i) % span;
        grant_entry_v1_t *e = &g->table[ref];

        if (__atomic_load_n(&e->flags, __ATOMIC_ACQUIRE))
            continue;
        e->domid = domid;
        e->frame = (uint32_t)frame;
        /* The grantee may act as soon as it sees the flags: publish last. */
        __atomic_store_n(&e->flags, (uint16_t)(GTF_permit_access |
                         (readonly ? GTF_readonly : 0)), __ATOMIC_RELEASE);
        g->hint = ref + 1 < g->nr_entries ? ref + 1
                                          : GNTTAB_NR_RESERVED_ENTRIES;
        return (int)ref;
    }
    return -XEN_ENOSPC;
}

int hcall_gnttab_end(struct hcall_gnttab *g, hcall_gref_t ref)
{
    grant_entry_v1_t *e;
    uint16_t flags;

    if (ref < GNTTAB_NR_RESERVED_ENTRIES || ref >= g->nr_entries)
        return -XEN_EINVAL;
    e = &g->table[ref];
    flags = __atomic_load_n(&e->flags, __ATOMIC_ACQUIRE);
    do {
        if (!(flags & GTF_permit_access))
            return -XEN_EINVAL;
        if (flags & (GTF_reading | GTF_writing))
            return -XEN_EBUSY;
        /* The hypervisor sets reading/writing with a cmpxchg too. */
    } while (!__atomic_compare_exchange_n(&e->flags, &flags, 0, 0,
                                          __ATOMIC_SEQ_CST, __ATOMIC_ACQUIRE));
    return 0;
}

int hcall_gnttab_map(struct hcall_gnttab *g, uint16_t domid, hcall_gref_t ref,
                     uint64_t host_addr, int writable, grant_handle_t *handle)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = host_addr, .ref = ref, .dom = domid,
        .flags = GNTMAP_host_map | (writable ? 0 : GNTMAP_readonly),
    };
    long rc = gnttab_op(g, GNTTABOP_map_grant_ref, &op, 1);

    if (rc)
        return (int)rc;
    if (op.status != GNTST_okay)
        return op.status == GNTST_bad_domain ? -XEN_ESRCH : -XEN_EINVAL;
    *handle = op.handle;
    return 0;
}

int hcall_gnttab_unmap(struct hcall_gnttab *g, uint64_t host_addr,
                       grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = host_addr,
                                         .handle = handle };
    long rc = gnttab_op(g, GNTTABOP_unmap_grant_ref, &op, 1);

    if (rc)
        return (int)rc;
    return op.status == GNTST_okay ? 0 : -XEN_EINVAL;
}

int hcall_gnttab_copy(struct hcall_gnttab *g, struct gnttab_copy *ops,
                      unsigned int count)
{
    return (int)gnttab_op(g, GNTTABOP_copy, ops, count);
}
