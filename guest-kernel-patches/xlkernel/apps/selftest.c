/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * selftest: the kernel's facilities, checked from an app; ends with one
 * "Test result:" line (tests/guest/cases/xlkernel.case boots it as the
 * initial domain on both hypervisors). Pages and heap (including memory
 * past the builder's bootstrap mapping), one-shot timers, an event channel
 * looped back to ourselves, grants, the store when there is one, a
 * second vCPU when there is one, and the P2M frame list a toolstack reads
 * to save us.
 */
#include <xlk.h>
#include <xt-mm.h>
#include <sha256.h>

const char app_name[] = "selftest";

static void check_pages(void)
{
    unsigned long before = xlk_free_page_count();
    uint8_t *p = xlk_alloc_pages(64), *q;
    volatile uint8_t *last;

    xt_check(p != NULL, "alloc_pages(64) failed");
    if ( !p )
        return;
    for ( unsigned int i = 0; i < 64 * 4096; i += 4096 )
        xt_check(p[i] == 0 && p[i + 4095] == 0, "page %u not zeroed", i / 4096);
    memset(p, 0x5a, 64 * 4096);
    xt_check(xlk_free_page_count() == before - 64, "free count %lu, want %lu",
             xlk_free_page_count(), before - 64);
    xlk_free_pages(p, 64);
    xt_check(xlk_free_page_count() == before, "pages not given back");

    /* The last page of memory: mapped by the kernel, not the builder. */
    last = (volatile uint8_t *)((xlk_total_pages() - 1) << 12);
    last[0] = 0xa5;
    xt_check(last[0] == 0xa5, "last page (%p) does not keep a byte", last);

    q = xlk_malloc(100);
    p = xlk_malloc(100);
    xt_check(p && q && p != q, "malloc(100) twice: %p %p", p, q);
    xlk_free(p);
    xt_check(xlk_malloc(100) == p, "a freed block is not reused");
    p = xlk_zalloc(3 * 4096);
    xt_check(p && ((unsigned long)p & 15) == 0 && p[3 * 4096 - 1] == 0,
             "zalloc(12 KiB) = %p", p);
    xlk_free(p);
    xlk_free(q);
    printk("selftest: pages and heap ok (%lu KiB free)\n",
           xlk_free_page_count() * 4);
}

static void check_timer(void)
{
    uint64_t t0 = xlk_now_ns(), dt;

    xlk_sleep_ns(20 * XLK_MS);
    dt = xlk_now_ns() - t0;
    xt_check(dt >= 20 * XLK_MS && dt < 2000 * XLK_MS,
             "sleep of 20 ms took %lu us", (unsigned long)(dt / 1000));
    printk("selftest: sleep of 20 ms took %lu us\n", (unsigned long)(dt / 1000));
}

static volatile unsigned int loop_hits;

static void loop_handler(evtchn_port_t port, void *arg)
{
    (void)port, (void)arg;
    loop_hits++;
}

static void check_evtchn(void)
{
    evtchn_port_t a, b;
    uint64_t deadline;
    int rc;

    rc = xlk_evtchn_alloc_unbound(DOMID_SELF, &a);
    if ( rc == 0 )
        rc = xlk_evtchn_bind_interdomain(DOMID_SELF, a, &b);
    if ( rc )
    {
        xt_fail("loop-back event channel: %d", rc);
        return;
    }
    xlk_evtchn_bind(a, loop_handler, NULL);
    xlk_evtchn_bind(b, NULL, NULL);
    loop_hits = 0;
    xlk_evtchn_notify(b);
    deadline = xlk_now_ns() + 1000 * XLK_MS;
    while ( !loop_hits && xlk_now_ns() < deadline )
        xlk_wait(xlk_events(), deadline);
    xt_check(loop_hits == 1, "loop-back event: %u upcalls on port %u",
             loop_hits, a);
    xlk_evtchn_unbind(b);
    xlk_evtchn_unbind(a);
    printk("selftest: event channel loop-back %u -> %u ok\n", b, a);
}

static void check_grants(void)
{
    void *page = xlk_alloc_pages(1);
    int ref = xlk_grant_page(0, page, true);
    grant_entry_v1_t *e;

    xt_check(ref >= GNTTAB_NR_RESERVED_ENTRIES, "grant = %d", ref);
    if ( ref < 0 )
        return;
    e = &xlk_gnttab.table[ref];
    xt_check(e->frame == xlk_virt_to_mfn(page) &&
             (e->flags & (GTF_permit_access | GTF_readonly)) ==
             (GTF_permit_access | GTF_readonly),
             "grant entry %d: frame %#x flags %#x", ref, e->frame, e->flags);
    xt_check(xlk_grant_end(ref) == 0 && e->flags == 0, "grant %d not ended", ref);
    xlk_free_pages(page, 1);
    printk("selftest: grant table of %u entries, ref %d ok\n",
           xlk_gnttab.nr_entries, ref);
}

static void check_store(void)
{
    char v[32];
    int rc;

    if ( !xlk_xs )
    {
        printk("selftest: no store (initial domain)\n");
        return;
    }
    rc = xlk_xs_printf("data/selftest", "%u", 42);
    if ( rc == 0 )
        rc = xlk_xs_read("data/selftest", v, sizeof(v));
    xt_check(rc == 0 && !strcmp(v, "42"), "store write/read data/selftest: %d", rc);
    printk("selftest: store ok\n");
}

/* FIPS 180-2 appendix B.1 and B.2. */
static void check_sha256(void)
{
    static const char *const msg[2] = {
        "abc", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
    };
    static const char *const want[2] = {
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    };
    struct sha256 h;
    uint8_t d[32];
    char hex[65];

    for ( unsigned int i = 0; i < 2; i++ )
    {
        sha256_init(&h);
        sha256_update(&h, msg[i], 1);
        sha256_update(&h, msg[i] + 1, strlen(msg[i]) - 1);
        sha256_final(&h, d);
        sha256_hex(d, hex);
        xt_check(!strcmp(hex, want[i]), "sha256(\"%s\") = %s", msg[i], hex);
    }
}

static volatile unsigned int ap_ran;

static void ap_main(unsigned int id)
{
    ap_ran = id;
}

/* A second vCPU, when there is one, runs a function on our page tables. */
static void check_smp(void)
{
    unsigned int n = xt_nr_vcpus();
    uint64_t deadline;
    long rc;

    if ( n < 2 )
    {
        printk("selftest: one vCPU\n");
        return;
    }
    rc = xt_vcpu_start(1, ap_main);
    xt_check(rc == 0, "vcpu_start(1) = %ld", rc);
    deadline = xlk_now_ns() + 2000 * XLK_MS;
    while ( !rc && ap_ran != 1 && xlk_now_ns() < deadline )
        xlk_sleep_ns(XLK_MS);
    xt_check(ap_ran == 1, "vCPU 1 did not run");
    printk("selftest: %u vCPUs, vCPU 1 ran\n", n);
}

/*
 * shared_info's frame list, walked as a toolstack does but through the
 * M2P (every frame in it is ours): it must give back our own P2M.
 */
static void check_p2m_list(void)
{
    const struct arch_shared_info *a = &xt_shared_info->arch;
    unsigned long n = xlk_total_pages(), np = (n + 511) / 512, bad = 0;
    const unsigned long *ll, *p2m = xt_p2m();

    xt_check(a->max_pfn == n, "shared_info max_pfn %lu, want %lu",
             (unsigned long)a->max_pfn, n);
    if ( !a->pfn_to_mfn_frame_list_list )
    {
        xt_fail("no P2M frame list list in shared_info");
        return;
    }
    ll = (const unsigned long *)(M2P[a->pfn_to_mfn_frame_list_list] << 12);
    for ( unsigned long i = 0; i < np; i++ )
    {
        const unsigned long *l = (const unsigned long *)(M2P[ll[i / 512]] << 12);
        const unsigned long *page = (const unsigned long *)(M2P[l[i % 512]] << 12);

        /* The i-th P2M page, wherever the P2M starts within its page. */
        if ( (unsigned long)page != (((unsigned long)p2m & ~4095UL) + i * 4096) )
            bad++;
    }
    xt_check(bad == 0, "P2M frame list: %lu of %lu pages wrong", bad, np);
    printk("selftest: P2M frame list: %lu pfns, %lu P2M pages\n", n, np);
}

int app_main(void)
{
    check_sha256();
    check_pages();
    check_timer();
    check_evtchn();
    check_grants();
    check_store();
    check_smp();
    check_p2m_list();
    xt_exit();
}
