/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory_op (hc 12, pv-abi-ladder 2.3): machphys_mapping values,
 * current/maximum reservation, a decrease/increase round trip that keeps
 * the reservation, populate_physmap, exchange (and XSA-212: a forged
 * nr_exchanged is refused), the continuation cursor in cmd (never trusted
 * where it has no meaning), the domain E820 set/get, the machine E820
 * (-EINVAL into a too small buffer), acquire_resource's checks before its
 * -EOPNOTSUPP (which needs a second domain to reach), add_to_physmap on PV
 * (-EACCES), unknown sub-ops -ENOSYS.
 */
#include <xt-mm.h>

const char test_title[] = "memory_op: reservations, exchange, maps, errors";

static domid_t self = DOMID_SELF;

static long reservation(unsigned int op, xen_pfn_t *list, unsigned long nr,
                        unsigned int order, unsigned int flags)
{
    struct xen_memory_reservation r;

    memset(&r, 0, sizeof(r));
    r.extent_start.p = list;
    r.nr_extents = nr;
    r.extent_order = order;
    r.mem_flags = flags;
    r.domid = DOMID_SELF;
    return hc_memory_op(op, &r);
}

static void machphys(void)
{
    struct xen_machphys_mapping m;
    long rc = hc_memory_op(XENMEM_machphys_mapping, &m);

    printk("machphys_mapping: %ld {%#lx, %#lx, %#lx}\n", rc,
           (unsigned long)m.v_start, (unsigned long)m.v_end,
           (unsigned long)m.max_mfn);
    xt_check(rc == 0 && m.v_start == 0xffff800000000000UL &&
             m.v_end == 0xffff804000000000UL, "machphys_mapping wrong");
    xt_check(m.max_mfn >= xt_spare_mfn(0), "max_mfn %#lx below our frames",
             (unsigned long)m.max_mfn);
    rc = hc_memory_op(XENMEM_machphys_mapping, (void *)0x8000000000000000UL);
    xt_check(rc == -XEN_EFAULT, "machphys_mapping to a bad pointer = %ld", rc);
}

static void stats(long *cur)
{
    long max = hc_memory_op(XENMEM_maximum_reservation, &self);
    long ram = hc_memory_op(XENMEM_maximum_ram_page, NULL);
    long rc;

    *cur = hc_memory_op(XENMEM_current_reservation, &self);
    printk("current %ld maximum %ld max_ram_page %ld nr_pages %lu\n", *cur,
           max, ram, (unsigned long)xt_start_info->nr_pages);
    xt_check(*cur >= (long)xt_start_info->nr_pages && max >= *cur && ram > 0,
             "reservation statistics inconsistent");
    rc = hc_memory_op(XENMEM_current_reservation | (1UL << 6), &self);
    xt_check(rc == -XEN_EINVAL, "current_reservation with a cursor = %ld", rc);
    rc = hc_memory_op(XENMEM_current_reservation, (void *)0x8000000000000000UL);
    xt_check(rc == -XEN_EFAULT, "current_reservation bad pointer = %ld", rc);
}

static void round_trip(long cur)
{
    unsigned long pfn = xt_spare_pfn(0);
    xen_pfn_t list[1] = { xt_spare_mfn(0) };
    struct xen_memory_reservation r;
    long rc;

    rc = reservation(XENMEM_decrease_reservation, list, 1, 0, 0);
    xt_check(rc == 1, "decrease_reservation = %ld, want 1", rc);
    xt_check(hc_memory_op(XENMEM_current_reservation, &self) == cur - 1,
             "current_reservation did not drop");
    rc = reservation(XENMEM_decrease_reservation, list, 1, 0, 0);
    xt_check(rc == 0, "second decrease of the same frame = %ld, want 0", rc);

    rc = reservation(XENMEM_increase_reservation, list, 1, 0, 0);
    xt_check(rc == 1, "increase_reservation = %ld, want 1", rc);
    xt_check(hc_memory_op(XENMEM_current_reservation, &self) == cur,
             "current_reservation did not come back");
    printk("new frame %#lx for pfn %#lx\n", (unsigned long)list[0], pfn);
    /* Keep P2M and M2P in step, as a balloon driver would. */
    xt_p2m()[pfn] = list[0];
    rc = xt_mmu1((list[0] << 12) | MMU_MACHPHYS_UPDATE, pfn, DOMID_SELF);
    xt_check(rc == 0 && M2P[list[0]] == pfn, "machphys of the new frame");

    /* A cursor past nr_extents does nothing and is returned. */
    memset(&r, 0, sizeof(r));
    r.nr_extents = 1;
    r.domid = DOMID_SELF;
    rc = hc_memory_op(XENMEM_increase_reservation | (5UL << 6), &r);
    xt_check(rc == 5, "increase with cursor 5 of 1 = %ld", rc);
    rc = reservation(XENMEM_increase_reservation, list, 1, 30, 0);
    xt_check(rc == 0, "increase with order 30 = %ld, want 0", rc);
    list[0] = 0xfffffffff;
    rc = reservation(XENMEM_decrease_reservation, list, 1, 0, 0);
    xt_check(rc == 0, "decrease of a non-RAM frame = %ld, want 0", rc);
    xt_check(hc_memory_op(XENMEM_current_reservation, &self) == cur,
             "current_reservation changed by failed calls");
}

static void populate(long cur)
{
    unsigned long pfn = xt_spare_pfn(1);
    xen_pfn_t list[1] = { xt_spare_mfn(1) };
    long rc;

    rc = reservation(XENMEM_decrease_reservation, list, 1, 0, 0);
    xt_check(rc == 1, "decrease for populate = %ld", rc);
    list[0] = pfn;
    rc = reservation(XENMEM_populate_physmap, list, 1, 0, 0);
    xt_check(rc == 1, "populate_physmap = %ld", rc);
    xt_check(M2P[list[0]] == pfn, "populate: M2P[%#lx] = %#lx, want %#lx",
             (unsigned long)list[0], M2P[list[0]], pfn);
    xt_p2m()[pfn] = list[0];
    xt_check(hc_memory_op(XENMEM_current_reservation, &self) == cur,
             "current_reservation after populate");
}

static long exchange(struct xen_memory_exchange *x, xen_pfn_t *in,
                     xen_pfn_t *out, unsigned long nr_exchanged)
{
    memset(x, 0, sizeof(*x));
    x->in.extent_start.p = in;
    x->in.nr_extents = 1;
    x->in.domid = DOMID_SELF;
    x->out.extent_start.p = out;
    x->out.nr_extents = 1;
    x->out.domid = DOMID_SELF;
    x->nr_exchanged = nr_exchanged;
    return hc_memory_op(XENMEM_exchange, x);
}

static void exchanges(void)
{
    unsigned long pfn = xt_spare_pfn(2);
    struct xen_memory_exchange x;
    xen_pfn_t in[1] = { xt_spare_mfn(2) }, out[1] = { pfn };
    long rc;

    /* XSA-212: nr_exchanged is checked, never trusted. */
    rc = exchange(&x, in, out, 2);
    xt_check(rc == -XEN_EINVAL, "exchange, nr_exchanged 2 of 1 = %ld", rc);
    rc = exchange(&x, in, out, 1UL << 62);
    xt_check(rc == -XEN_EINVAL, "exchange, nr_exchanged 2^62 = %ld", rc);
    rc = hc_memory_op(XENMEM_exchange | (1UL << 6), &x);
    xt_check(rc == -XEN_EINVAL, "exchange with a cursor = %ld", rc);

    /* A frame still mapped (scratch window 5) cannot be given away. */
    in[0] = xt_p2m()[5];
    rc = exchange(&x, in, out, 0);
    xt_check(rc == -XEN_EINVAL && x.nr_exchanged == 0,
             "exchange of a mapped frame = %ld (done %lu)", rc,
             (unsigned long)x.nr_exchanged);

    in[0] = xt_spare_mfn(2);
    rc = exchange(&x, in, out, 0);
    xt_check(rc == 0 && x.nr_exchanged == 1, "exchange = %ld (done %lu)", rc,
             (unsigned long)x.nr_exchanged);
    xt_check(M2P[out[0]] == pfn, "exchange: M2P[%#lx] = %#lx, want %#lx",
             (unsigned long)out[0], M2P[out[0]], pfn);
    xt_p2m()[pfn] = out[0];
}

static void maps(void)
{
    struct xen_e820_entry set[2] = {
        { .addr = 0, .size = 0xa0000, .type = XEN_E820_RAM },
        { .addr = 0x100000, .size = 0x1000000, .type = XEN_E820_RAM },
    }, get[128];
    struct xen_foreign_memory_map f;
    struct xen_memory_map m;
    long rc;

    memset(&m, 0, sizeof(m));
    m.nr_entries = 4;
    m.buffer.p = get;
    rc = hc_memory_op(XENMEM_memory_map, &m);
    printk("memory_map before set: %ld (%u entries)\n", rc, m.nr_entries);
    xt_check(rc == 0 || rc == -XEN_ENOSYS, "memory_map = %ld", rc);

    memset(&f, 0, sizeof(f));
    f.domid = DOMID_SELF;
    f.map.nr_entries = 2;
    f.map.buffer.p = set;
    rc = hc_memory_op(XENMEM_set_memory_map, &f);
    xt_check(rc == 0, "set_memory_map(self) = %ld", rc);
    m.nr_entries = 4;
    rc = hc_memory_op(XENMEM_memory_map, &m);
    xt_check(rc == 0 && m.nr_entries == 2 && !memcmp(get, set, sizeof(set)),
             "memory_map after set = %ld (%u entries)", rc, m.nr_entries);

    m.nr_entries = 1;
    rc = hc_memory_op(XENMEM_machine_memory_map, &m);
    printk("machine_memory_map into 1 entry: %ld\n", rc);
    m.nr_entries = ARRAY_SIZE(get);
    rc = hc_memory_op(XENMEM_machine_memory_map, &m);
    printk("machine_memory_map: %ld (%u entries)\n", rc, m.nr_entries);
    if ( xt_start_info->flags & SIF_PRIVILEGED )
        xt_check(rc == 0 && m.nr_entries > 0, "machine_memory_map = %ld", rc);
}

static void unsupported(void)
{
    struct xen_mem_acquire_resource r;
    struct xen_add_to_physmap a;
    xen_pfn_t frames[1];
    long rc;

    /*
     * Xen 4.17 checks pad, then wants a remote domain (DOMID_SELF or an
     * unknown id: -ESRCH, the caller's own id: -EPERM), then the type
     * (-EOPNOTSUPP, reachable only with a second domain).
     */
    memset(&r, 0, sizeof(r));
    r.domid = DOMID_SELF;
    r.type = 0xffff;
    r.nr_frames = 1;
    r.frame_list.p = frames;
    r.pad = 1;
    rc = hc_memory_op(XENMEM_acquire_resource, &r);
    xt_check(rc == -XEN_EINVAL, "acquire_resource pad 1 = %ld, want -EINVAL", rc);
    r.pad = 0;
    rc = hc_memory_op(XENMEM_acquire_resource, &r);
    xt_check(rc == -XEN_ESRCH, "acquire_resource DOMID_SELF = %ld, want -ESRCH",
             rc);
    r.domid = 1234;
    rc = hc_memory_op(XENMEM_acquire_resource, &r);
    xt_check(rc == -XEN_ESRCH, "acquire_resource d1234 = %ld, want -ESRCH", rc);
    if ( xt_start_info->flags & SIF_INITDOMAIN )
    {
        r.domid = 0;
        rc = hc_memory_op(XENMEM_acquire_resource, &r);
        xt_check(rc == -XEN_EPERM, "acquire_resource own id = %ld, want -EPERM",
                 rc);
    }
    rc = hc_memory_op(XENMEM_acquire_resource, (void *)0x8000000000000000UL);
    xt_check(rc == -XEN_EFAULT, "acquire_resource bad pointer = %ld", rc);

    memset(&a, 0, sizeof(a));
    a.domid = DOMID_SELF;
    a.space = XENMAPSPACE_shared_info;
    a.gpfn = xt_spare_pfn(3);
    rc = hc_memory_op(XENMEM_add_to_physmap, &a);
    printk("add_to_physmap(shared_info) on PV: %ld\n", rc);
    xt_check(rc == -XEN_EACCES, "add_to_physmap on PV = %ld, want -EACCES", rc);

    for ( unsigned int op = 29; op < 64; op++ )
        xt_check(hc_memory_op(op, NULL) == -XEN_ENOSYS,
                 "memory_op %u not -ENOSYS", op);
}

void test_main(void)
{
    long cur;

    machphys();
    stats(&cur);
    round_trip(cur);
    populate(cur);
    exchanges();
    maps();
    unsupported();
}
