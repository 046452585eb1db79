/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0-xlk-suspend [--slow] DOMID [TIMEOUT_S]: a suspend that the toolstack
 * then cancels, as `xl save -c` does (Xen's xc_domain_resume, "fast" path):
 * control/shutdown = suspend, wait until the domain is shut down with
 * SHUTDOWN_suspend, set vCPU 0's rax to 1 (the suspend hypercall's return:
 * cancelled) with get/setvcpucontext, then XEN_DOMCTL_resumedomain.
 * While the domain is suspended it checks what a save needs from the guest,
 * read as xl save reads it: shared_info's P2M frame list walks to a P2M of
 * max_pfn distinct MFNs holding the start info MFN of rdx, whose magic is
 * Xen's, and the start info's store and console frames are PFNs that the
 * P2M maps to the MFNs of store/ring-ref and console/ring-ref.
 * --slow resumes as xc_domain_resume's other path does for guests without
 * SUSPEND_CANCEL: rax stays 0 (the guest takes it for a new domain), the
 * start info's store and console PFNs become MFNs again through the P2M.
 * Prints "dom0-xlk-suspend: domain D suspended in N ms", the P2M line,
 * "... resumed (cancelled)" and exits 0; a clear error and exit 1 otherwise.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <hcall.h>
#include <public/domctl.h>
#include <public/sched.h>

static const char *prog = "dom0-xlk-suspend";

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int fail(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    return 1;
}

static int bad(const char *fmt, uint64_t a, uint64_t b)
{
    fprintf(stderr, "%s: ", prog);
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    return -1;
}

static uint64_t shinfo_mfn;
static int slow;

/* The domain's shutdown code, or -1 while it runs; -2 and errno on error. */
static int shutdown_code(struct hcall_privcmd *h, unsigned int domid)
{
    struct xen_domctl d;

    memset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_getdomaininfo;
    d.domain = domid;
    if ( hcall_domctl(h, &d) < 0 )
        return -2;
    if ( d.u.getdomaininfo.domain != domid )
    {
        errno = ESRCH;
        return -2;
    }
    shinfo_mfn = d.u.getdomaininfo.shared_info_frame;
    if ( !(d.u.getdomaininfo.flags & XEN_DOMINF_shutdown) )
        return -1;
    return (d.u.getdomaininfo.flags >> XEN_DOMINF_shutdownshift) &
           XEN_DOMINF_shutdownmask;
}

/* n frames of the domain, read-only (PV: GFN == MFN); NULL after saying why. */
static uint64_t *map(struct hcall_privcmd *h, unsigned int domid,
                     const uint64_t *mfns, size_t n)
{
    void *p = hcall_fmem_map(h, domid, PROT_READ, mfns, NULL, n);

    if ( !p )
        fprintf(stderr, "%s: mapping %zu frame(s) from mfn %#" PRIx64 ": %s\n",
                prog, n, mfns[0], strerror(errno));
    return p;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

static uint64_t xs_u64(struct hcall_xs *xs, unsigned int domid, const char *key)
{
    char path[96], *v;
    uint64_t n = 0;
    size_t len;

    snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, key);
    if ( hcall_xs_read(xs, HCALL_XS_NO_TX, path, &v, &len) < 0 )
        return 0;
    n = strtoull(v, NULL, 10);
    free(v);
    return n;
}

/*
 * The P2M through shared_info's frame list, as a saving toolstack finds
 * it, and the start info at si_mfn (canonicalised by the guest): 0 or -1.
 */
static int check_p2m(struct hcall_privcmd *h, struct hcall_xs *xs,
                     unsigned int domid, uint64_t si_mfn)
{
    uint64_t *sh, *ll = NULL, *l = NULL, *p2m = NULL, *sorted = NULL;
    uint64_t max_pfn, lll, nl, np, si_pfn = ~0ULL, store, cons;
    const start_info_t *si = NULL;
    int rc = -1;

    if ( !(sh = map(h, domid, &shinfo_mfn, 1)) )
        return -1;
    max_pfn = ((shared_info_t *)sh)->arch.max_pfn;
    lll = ((shared_info_t *)sh)->arch.pfn_to_mfn_frame_list_list;
    hcall_fmem_unmap(h, sh, 1);
    np = (max_pfn + 511) / 512;
    nl = (np + 511) / 512;
    if ( max_pfn == 0 || lll == 0 || nl > 512 )
        return bad("no P2M frame list: max_pfn %" PRIu64 ", list list %#" PRIx64,
                   max_pfn, lll);
    if ( !(ll = map(h, domid, &lll, 1)) || !(l = map(h, domid, ll, nl)) ||
         !(p2m = map(h, domid, l, np)) )
        goto out;
    sorted = malloc(max_pfn * sizeof(*sorted));
    if ( !sorted )
        goto out;
    for ( uint64_t pfn = 0; pfn < max_pfn; pfn++ )
    {
        sorted[pfn] = p2m[pfn];
        if ( p2m[pfn] == si_mfn )
            si_pfn = pfn;
    }
    qsort(sorted, max_pfn, sizeof(*sorted), cmp_u64);
    for ( uint64_t i = 1; i < max_pfn; i++ )
        if ( sorted[i] == sorted[i - 1] || !sorted[i - 1] )
        {
            bad("P2M: mfn %#" PRIx64 " twice or zero (%" PRIu64 " pfns)",
                sorted[i], max_pfn);
            goto out;
        }
    if ( si_pfn == ~0ULL )
    {
        bad("P2M: start info mfn %#" PRIx64 " (rdx) not in it (%" PRIu64 " pfns)",
            si_mfn, max_pfn);
        goto out;
    }
    if ( !(si = (const start_info_t *)map(h, domid, &si_mfn, 1)) )
        goto out;
    if ( strncmp(si->magic, "xen-3.0-x86_64", 14) )
    {
        bad("start info at mfn %#" PRIx64 ": bad magic (%" PRIu64 ")", si_mfn, 0);
        goto out;
    }
    store = xs_u64(xs, domid, "store/ring-ref");
    cons = xs_u64(xs, domid, "console/ring-ref");
    if ( si->store_mfn >= max_pfn || p2m[si->store_mfn] != store )
    {
        bad("start info store_mfn %#" PRIx64 ": not the PFN of mfn %#" PRIx64,
            si->store_mfn, store);
        goto out;
    }
    if ( si->console.domU.mfn >= max_pfn || p2m[si->console.domU.mfn] != cons )
    {
        bad("start info console mfn %#" PRIx64 ": not the PFN of mfn %#" PRIx64,
            si->console.domU.mfn, cons);
        goto out;
    }
    printf("%s: P2M ok: %" PRIu64 " pfns through %" PRIu64 " list page(s), "
           "start info pfn %#" PRIx64 ", store pfn %#" PRIx64 ", console pfn %#"
           PRIx64 "\n", prog, max_pfn, nl, si_pfn, (uint64_t)si->store_mfn,
           (uint64_t)si->console.domU.mfn);
    rc = 0;
    if ( slow )
    {
        start_info_t *w = (start_info_t *)hcall_fmem_map(h, domid,
                              PROT_READ | PROT_WRITE, &si_mfn, NULL, 1);

        if ( !w )
        {
            fail("mapping the start info writable");
            rc = -1;
            goto out;
        }
        w->store_mfn = p2m[w->store_mfn];
        w->console.domU.mfn = p2m[w->console.domU.mfn];
        hcall_fmem_unmap(h, w, 1);
    }
 out:
    if ( si )
        hcall_fmem_unmap(h, (void *)si, 1);
    if ( p2m )
        hcall_fmem_unmap(h, p2m, np);
    if ( l )
        hcall_fmem_unmap(h, l, nl);
    if ( ll )
        hcall_fmem_unmap(h, ll, 1);
    free(sorted);
    return rc;
}

/* vCPU 0's rax := 1 (Xen's modify_returncode for a PV guest). */
static int set_cancelled(struct hcall_privcmd *h, struct hcall_xs *xs,
                         unsigned int domid)
{
    struct vcpu_guest_context *ctx = hcall_buf_alloc(h, sizeof(*ctx));
    struct xen_domctl d;
    int rc = -1;

    if ( !ctx )
        return -1;
    memset(ctx, 0, sizeof(*ctx));
    memset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_getvcpucontext;
    d.domain = domid;
    d.u.vcpucontext.vcpu = 0;
    set_xen_guest_handle(d.u.vcpucontext.ctxt, ctx);
    if ( hcall_domctl(h, &d) < 0 )
    {
        fail("getvcpucontext");
        goto out;
    }
    printf("%s: vcpu0 rip %#llx rdx (start info mfn) %#llx\n", prog,
           (unsigned long long)ctx->user_regs.rip,
           (unsigned long long)ctx->user_regs.rdx);
    if ( check_p2m(h, xs, domid, ctx->user_regs.rdx) < 0 )
        goto out;
    if ( slow )
    {
        rc = 0;
        goto out;
    }
    ctx->user_regs.rax = 1;
    d.cmd = XEN_DOMCTL_setvcpucontext;
    if ( hcall_domctl(h, &d) < 0 )
    {
        fail("setvcpucontext");
        goto out;
    }
    rc = 0;
 out:
    hcall_buf_free(h, ctx, sizeof(*ctx));
    return rc;
}

int main(int argc, char **argv)
{
    struct hcall_privcmd *h;
    struct hcall_xs *xs;
    struct xen_domctl d;
    unsigned int domid, timeout_s = 30;
    char path[64];
    double t0;
    int code;

    if ( argc > 1 && !strcmp(argv[1], "--slow") )
        slow = 1, argc--, argv++;
    if ( argc < 2 || argc > 3 )
    {
        fprintf(stderr, "usage: %s [--slow] DOMID [TIMEOUT_S]\n", prog);
        return 1;
    }
    domid = strtoul(argv[1], NULL, 10);
    if ( argc == 3 )
        timeout_s = strtoul(argv[2], NULL, 10);
    h = hcall_privcmd_open();
    if ( !h )
        return fail("opening privcmd");
    xs = hcall_xs_open(0);
    if ( !xs )
        return fail("opening xenstore");

    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
    t0 = now_ms();
    if ( hcall_xs_write(xs, HCALL_XS_NO_TX, path, "suspend", 7) < 0 )
        return fail(path);
    while ( (code = shutdown_code(h, domid)) == -1 )
    {
        if ( now_ms() - t0 > timeout_s * 1e3 )
        {
            fprintf(stderr, "%s: domain %u did not suspend in %u s\n", prog,
                    domid, timeout_s);
            return 1;
        }
        usleep(20000);
    }
    if ( code == -2 )
        return fail("getdomaininfo");
    if ( code != SHUTDOWN_suspend )
    {
        fprintf(stderr, "%s: domain %u shut down with code %d, not suspend\n",
                prog, domid, code);
        return 1;
    }
    printf("%s: domain %u suspended in %.0f ms\n", prog, domid, now_ms() - t0);
    if ( set_cancelled(h, xs, domid) < 0 )
        return 1;
    memset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_resumedomain;
    d.domain = domid;
    if ( hcall_domctl(h, &d) < 0 )
        return fail("resumedomain");
    printf("%s: domain %u resumed (%s)\n", prog, domid,
           slow ? "as a new domain" : "cancelled");
    hcall_xs_close(xs);
    hcall_privcmd_close(h);
    return 0;
}
