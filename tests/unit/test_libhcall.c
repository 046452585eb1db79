/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libhcall device facilities. On a host without /dev/xen each facility's
 * open must fail cleanly with errno (PASS) and the live part is reported as
 * SKIP with the reason. In a Linux dom0 (Xen 4.17 or Xenolite) the same
 * binary runs end to end: hypercall and domctl, foreign mapping with
 * per-frame errors, an event channel looped back to ourselves, and a page
 * offered with gntalloc, mapped back with gntdev and grant-copied.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "harness.h"
#include <hcall.h>
#include <public/xen.h>
#include <public/version.h>
#include <public/domctl.h>

/* Dom0 is the only place these run live; its domid is 0. */
#define SELF 0

static int have(const char *dev, const char *test)
{
    if (access(dev, R_OK | W_OK) == 0)
        return 1;
    printf("SKIP: libhcall/%s: no %s (not in a Xen dom0)\n", test, dev);
    return 0;
}

static void test_xs_open_errors(void)
{
    char longp[200];

    setenv("XENSTORED_PATH", "/nonexistent/xenstored/socket", 1);
    errno = 0;
    CU_ASSERT_PTR_NULL(hcall_xs_open(HCALL_XS_OPEN_SOCKET));
    CU_ASSERT_EQUAL(errno, ENOENT);
    memset(longp, 'a', sizeof(longp) - 1);
    longp[sizeof(longp) - 1] = '\0';
    CU_ASSERT_PTR_NULL(hcall_xs_open_socket(longp));
    CU_ASSERT_EQUAL(errno, ENAMETOOLONG);
    unsetenv("XENSTORED_PATH");
}

static void test_privcmd(void)
{
    struct hcall_privcmd *h;
    struct xen_domctl op = { .cmd = XEN_DOMCTL_getdomaininfo, .domain = SELF };
    struct xen_domctl *raw;
    long ver;

    if (!have("/dev/xen/privcmd", "privcmd_live")) {
        CU_ASSERT_PTR_NULL(hcall_privcmd_open());
        CU_ASSERT(errno == ENOENT || errno == EACCES);
        return;
    }
    h = hcall_privcmd_open();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    ver = hcall_hypercall(h, __HYPERVISOR_xen_version, XENVER_version,
                          0, 0, 0, 0);
    CU_ASSERT(ver >= 0x40000);
    CU_ASSERT_EQUAL(hcall_domctl(h, &op), 0);
    CU_ASSERT_EQUAL(op.u.getdomaininfo.domain, SELF);
    CU_ASSERT(op.u.getdomaininfo.shared_info_frame != 0);
    /* A stale interface version is refused with EACCES. */
    raw = hcall_buf_alloc(h, sizeof(*raw));
    CU_ASSERT_PTR_NOT_NULL_FATAL(raw);
    memset(raw, 0, sizeof(*raw));
    raw->cmd = XEN_DOMCTL_getdomaininfo;
    raw->interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
    CU_ASSERT_EQUAL(hcall_hypercall(h, __HYPERVISOR_domctl,
                                    (uint64_t)(uintptr_t)raw, 0, 0, 0, 0), -1);
    CU_ASSERT_EQUAL(errno, EACCES);
    hcall_buf_free(h, raw, sizeof(*raw));
    hcall_privcmd_close(h);
}

static void test_fmem(void)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_getdomaininfo, .domain = SELF };
    struct hcall_privcmd *h;
    uint64_t frames[2];
    int err[2] = { 1, 1 };
    void *p;

    if (!have("/dev/xen/privcmd", "fmem_live"))
        return;
    h = hcall_privcmd_open();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    CU_ASSERT_EQUAL_FATAL(hcall_domctl(h, &op), 0);
    /*
     * Our own shared_info frame maps; a frame past any RAM does not. Xen
     * refuses a domain naming itself as the foreign domain by its domid
     * (mmu_update: ESRCH), so our own frames are mapped as DOMID_SELF.
     */
    frames[0] = op.u.getdomaininfo.shared_info_frame;
    frames[1] = 0xffffffffffull;
    p = hcall_fmem_map(h, DOMID_SELF, PROT_READ, frames, err, 2);
    CU_ASSERT_PTR_NOT_NULL(p);
    CU_ASSERT_EQUAL(err[0], 0);
    CU_ASSERT(err[1] < 0);
    if (p)
        CU_ASSERT_EQUAL(hcall_fmem_unmap(h, p, 2), 0);
    /* Without an error array the bad frame fails the whole call. */
    CU_ASSERT_PTR_NULL(hcall_fmem_map(h, DOMID_SELF, PROT_READ, frames,
                                      NULL, 2));
    hcall_privcmd_close(h);
}

/* The next pending port other than skip (unmasked and passed over). */
static int next_port(struct hcall_evtchn *h, int skip)
{
    struct pollfd pfd = { .fd = hcall_evtchn_fd(h), .events = POLLIN };
    int p;

    for (;;) {
        p = hcall_evtchn_pending(h);
        if (p >= 0 && p == skip) {
            hcall_evtchn_unmask(h, (hcall_port_t)p);
            continue;
        }
        if (p >= 0 || errno != EAGAIN)
            return p;
        if (poll(&pfd, 1, 5000) != 1)
            return -1;
    }
}

static void test_evtchn(void)
{
    struct hcall_evtchn *h;
    int a, b, p;

    if (!have("/dev/xen/evtchn", "evtchn_live")) {
        CU_ASSERT_PTR_NULL(hcall_evtchn_open());
        return;
    }
    h = hcall_evtchn_open();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    /* Loop a channel back to ourselves: a is unbound, b connects to it. */
    a = hcall_evtchn_bind_unbound(h, SELF);
    CU_ASSERT(a > 0);
    b = hcall_evtchn_bind_interdomain(h, SELF, (hcall_port_t)a);
    CU_ASSERT(b > 0);
    CU_ASSERT_EQUAL(hcall_evtchn_set_nonblock(h, 1), 0);
    /*
     * Xen also marks b pending when it is bound (for notifications the
     * unbound end may have missed), so b may show up too: skip it.
     */
    CU_ASSERT_EQUAL(hcall_evtchn_notify(h, (hcall_port_t)b), 0);
    CU_ASSERT_EQUAL(next_port(h, b), a);
    CU_ASSERT_EQUAL(hcall_evtchn_unmask(h, (hcall_port_t)a), 0);
    while ((p = hcall_evtchn_pending(h)) == b)
        hcall_evtchn_unmask(h, (hcall_port_t)b);
    CU_ASSERT_EQUAL(p, -1);
    CU_ASSERT_EQUAL(errno, EAGAIN);
    CU_ASSERT_EQUAL(hcall_evtchn_unbind(h, (hcall_port_t)b), 0);
    CU_ASSERT_EQUAL(hcall_evtchn_unbind(h, (hcall_port_t)a), 0);
    CU_ASSERT_EQUAL(hcall_evtchn_unbind(h, (hcall_port_t)a), -1);
    hcall_evtchn_close(h);
}

static void test_grants(void)
{
    struct hcall_gntalloc *ga;
    struct hcall_gntdev *gd;
    struct hcall_gnt_copy_seg seg;
    hcall_gref_t ref;
    char *mine, *mapped, buf[16] = { 0 };

    if (!have("/dev/xen/gntalloc", "gntalloc_live") |
        !have("/dev/xen/gntdev", "gntdev_live")) {
        CU_ASSERT_PTR_NULL(hcall_gntdev_open());
        CU_ASSERT_PTR_NULL(hcall_gntalloc_open());
        return;
    }
    ga = hcall_gntalloc_open();
    gd = hcall_gntdev_open();
    CU_ASSERT_PTR_NOT_NULL_FATAL(ga);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gd);
    mine = hcall_gntalloc_share(ga, SELF, 1, 1, &ref);
    CU_ASSERT_PTR_NOT_NULL_FATAL(mine);
    strcpy(mine, "granted page");
    mapped = hcall_gntdev_map(gd, SELF, &ref, 1, 1);
    CU_ASSERT_PTR_NOT_NULL(mapped);
    if (mapped) {
        CU_ASSERT_STRING_EQUAL(mapped, "granted page");
        mapped[0] = 'G';
        CU_ASSERT_EQUAL(mine[0], 'G');
        CU_ASSERT_EQUAL(hcall_gntdev_unmap(gd, mapped, 1), 0);
    }
    memset(&seg, 0, sizeof(seg));
    seg.src = (struct hcall_gnt_copy_side){ .is_gref = 1, .domid = SELF,
                                            .ref = ref, .offset = 0 };
    seg.dst = (struct hcall_gnt_copy_side){ .virt = buf };
    seg.len = 7;
    CU_ASSERT_EQUAL(hcall_gntdev_copy(gd, &seg, 1), 0);
    CU_ASSERT_EQUAL(seg.status, 0);
    CU_ASSERT_STRING_EQUAL(buf, "Granted");
    CU_ASSERT_EQUAL(hcall_gntalloc_unshare(ga, mine, 1), 0);
    CU_ASSERT_EQUAL(hcall_gntalloc_unshare(ga, mine, 1), -1);
    CU_ASSERT_EQUAL(errno, EINVAL);
    hcall_gntdev_close(gd);
    hcall_gntalloc_close(ga);
}

static CU_TestInfo cases[] = {
    { "xs_open_errors", test_xs_open_errors },
    { "privcmd", test_privcmd },
    { "foreign_memory", test_fmem },
    { "evtchn", test_evtchn },
    { "grants", test_grants },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("libhcall", NULL, NULL, cases);
