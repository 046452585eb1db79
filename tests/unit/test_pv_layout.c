/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host tests of the PV start-of-day layout (xen/lib/pv_layout.c), the one
 * computation both the hypervisor's builder and the toolstack's use. The
 * pins were taken from the two builders' own copies before they were merged
 * into this one: a changed figure is a change of the guest ABI's layout.
 */
#include <errno.h>
#include <string.h>

#include <xen/pv_layout.h>

#include "harness.h"

#define VB 0xffffffff80000000ull

/* PFN positions, in struct order; x/y/z the L3, L2 and L1 table counts. */
struct pin {
    uint64_t kernel, kernel_end, initrd, initrd_pages, p2m, p2m_pages;
    uint64_t start_info, store, console, pt, nr_pt;
    unsigned int l3, l2, l1;
    uint64_t stack, mapped;
};

static void check(const struct pv_layout_req *req, const struct pin *p)
{
    struct pv_layout l;

    CU_ASSERT_EQUAL_FATAL(pv_layout_compute(req, &l), 0);
    CU_ASSERT_EQUAL(l.virt_base, req->virt_base);
    CU_ASSERT_EQUAL(l.nr_pages, req->nr_pages);
    CU_ASSERT_EQUAL(l.kernel_pfn, p->kernel);
    CU_ASSERT_EQUAL(l.kernel_end_pfn, p->kernel_end);
    CU_ASSERT_EQUAL(l.initrd_pfn, p->initrd);
    CU_ASSERT_EQUAL(l.initrd_pages, p->initrd_pages);
    CU_ASSERT_EQUAL(l.p2m_pfn, p->p2m);
    CU_ASSERT_EQUAL(l.p2m_pages, p->p2m_pages);
    CU_ASSERT_EQUAL(l.start_info_pfn, p->start_info);
    CU_ASSERT_EQUAL(l.store_pfn, p->store);
    CU_ASSERT_EQUAL(l.console_pfn, p->console);
    CU_ASSERT_EQUAL(l.pt_pfn, p->pt);
    CU_ASSERT_EQUAL(l.nr_pt, p->nr_pt);
    CU_ASSERT_EQUAL(l.nr_l3, p->l3);
    CU_ASSERT_EQUAL(l.nr_l2, p->l2);
    CU_ASSERT_EQUAL(l.nr_l1, p->l1);
    CU_ASSERT_EQUAL(l.stack_pfn, p->stack);
    CU_ASSERT_EQUAL(l.mapped_pages, p->mapped);
    /* Invariants of every layout. */
    CU_ASSERT_EQUAL(l.nr_pt, 1 + l.nr_l3 + l.nr_l2 + l.nr_l1);
    CU_ASSERT_EQUAL(pv_layout_end(&l) % (4 << 20), 0);
    CU_ASSERT(l.mapped_pages >= l.stack_pfn + 1 + 128);   /* 512 KiB */
    CU_ASSERT(l.mapped_pages <= l.nr_pages);
}

/* Linux domU (xl create), 256 MiB, 5 MiB ramdisk. */
static void test_linux_domu(void)
{
    struct pv_layout_req r = { .virt_base = VB, .kstart = VB + 0x1000000,
                               .kend = VB + (40ull << 20) + 123,
                               .nr_pages = 65536, .initrd_len = 5 << 20,
                               .rings = true };
    struct pin p = { 0x1000, 0x2801, 0x2801, 0x500, 0x2d01, 0x80, 0x2d81,
                     0x2d82, 0x2d83, 0x2d84, 27, 1, 1, 24, 0x2d9f, 0x3000 };

    check(&r, &p);
}

/* XTF-like kernel at 1 MiB as a domU, 128 MiB, no ramdisk. */
static void test_xtf_domu(void)
{
    struct pv_layout_req r = { .kstart = 0x100000, .kend = 0x10a000,
                               .nr_pages = 32768, .rings = true };
    struct pin p = { 0x100, 0x10a, 0x10a, 0, 0x10a, 0x40, 0x14a, 0x14b,
                     0x14c, 0x14d, 5, 1, 1, 2, 0x152, 0x400 };

    check(&r, &p);
}

/* The same kernel as the initial domain: no ring pages. */
static void test_xtf_dom0(void)
{
    struct pv_layout_req r = { .kstart = 0x100000, .kend = 0x10a000,
                               .nr_pages = 32768 };
    struct pin p = { 0x100, 0x10a, 0x10a, 0, 0x10a, 0x40, 0x14a, 0, 0,
                     0x14b, 5, 1, 1, 2, 0x150, 0x400 };

    check(&r, &p);
}

/* Debian's Linux as dom0, 1 GiB, 31 MiB initrd mapped after the kernel. */
static void test_linux_dom0(void)
{
    struct pv_layout_req r = { .virt_base = VB, .kstart = VB + 0x1000000,
                               .kend = VB + 0x2c3a123, .nr_pages = 262144,
                               .initrd_len = 31 << 20 };
    struct pin p = { 0x1000, 0x2c3b, 0x2c3b, 0x1f00, 0x4b3b, 0x200, 0x4d3b,
                     0, 0, 0x4d3c, 43, 1, 1, 40, 0x4d67, 0x5000 };

    check(&r, &p);
    /* MOD_START_PFN: the initrd is not mapped, the rest moves down. */
    r.initrd_len = 0;
    p = (struct pin){ 0x1000, 0x2c3b, 0x2c3b, 0, 0x2c3b, 0x200, 0x2e3b,
                      0, 0, 0x2e3c, 27, 1, 1, 24, 0x2e57, 0x3000 };
    check(&r, &p);
}

/* 4 GiB dom0 with a 200 MiB initrd: an 8 MiB P2M, 128 L1 tables. */
static void test_big_dom0(void)
{
    struct pv_layout_req r = { .virt_base = VB, .kstart = VB + 0x1000000,
                               .kend = VB + 0x2c3a123, .nr_pages = 1 << 20,
                               .initrd_len = 200 << 20 };
    struct pin p = { 0x1000, 0x2c3b, 0x2c3b, 0xc800, 0xf43b, 0x800, 0xfc3b,
                     0, 0, 0xfc3c, 131, 1, 1, 128, 0xfcbf, 0x10000 };

    check(&r, &p);
}

static void test_too_small(void)
{
    struct pv_layout_req r = { .virt_base = VB, .kstart = VB + 0x1000000,
                               .kend = VB + (60ull << 20), .nr_pages = 12288,
                               .rings = true };
    struct pv_layout l;

    CU_ASSERT_EQUAL(pv_layout_compute(&r, &l), -ENOMEM);
    CU_ASSERT_EQUAL(l.mapped_pages, 0x4000);        /* for the message */
    CU_ASSERT_EQUAL(l.nr_pt, 35);
}

static void test_invalid(void)
{
    struct pv_layout_req r = { .virt_base = VB + 0x800, .kstart = VB + 0x800,
                               .kend = VB + 0x100000, .nr_pages = 65536 };
    struct pv_layout l;

    CU_ASSERT_EQUAL(pv_layout_compute(&r, &l), -EINVAL);    /* unaligned */
    r.virt_base = VB + 0x200000;
    CU_ASSERT_EQUAL(pv_layout_compute(&r, &l), -EINVAL);    /* kernel below */
    /* A region that would run past 2^64. */
    r = (struct pv_layout_req){ .virt_base = ~0ull << 21,
                                .kstart = ~0ull << 21,
                                .kend = (~0ull << 21) + 0x100000,
                                .nr_pages = 65536 };
    CU_ASSERT_EQUAL(pv_layout_compute(&r, &l), -EINVAL);
}

static CU_TestInfo cases[] = {
    { "linux-domu", test_linux_domu },
    { "xtf-domu", test_xtf_domu },
    { "xtf-dom0", test_xtf_dom0 },
    { "linux-dom0", test_linux_dom0 },
    { "big-dom0", test_big_dom0 },
    { "too-small", test_too_small },
    { "invalid", test_invalid },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("pv_layout", NULL, NULL, cases);
