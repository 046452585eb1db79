/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0-xlk-suspend DOMID [TIMEOUT_S]: a suspend that the toolstack then
 * cancels, as `xl save -c` does (Xen's xc_domain_resume, "fast" path):
 * control/shutdown = suspend, wait until the domain is shut down with
 * SHUTDOWN_suspend, set vCPU 0's rax to 1 (the suspend hypercall's return:
 * cancelled) with get/setvcpucontext, then XEN_DOMCTL_resumedomain.
 * Prints "dom0-xlk-suspend: domain D suspended in N ms, resumed (cancelled)"
 * and exits 0; a clear error and exit 1 otherwise.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    if ( !(d.u.getdomaininfo.flags & XEN_DOMINF_shutdown) )
        return -1;
    return (d.u.getdomaininfo.flags >> XEN_DOMINF_shutdownshift) &
           XEN_DOMINF_shutdownmask;
}

/* vCPU 0's rax := 1 (Xen's modify_returncode for a PV guest). */
static int set_cancelled(struct hcall_privcmd *h, unsigned int domid)
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

    if ( argc < 2 || argc > 3 )
    {
        fprintf(stderr, "usage: %s DOMID [TIMEOUT_S]\n", prog);
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
    if ( set_cancelled(h, domid) < 0 )
        return 1;
    memset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_resumedomain;
    d.domain = domid;
    if ( hcall_domctl(h, &d) < 0 )
        return fail("resumedomain");
    printf("%s: domain %u resumed (cancelled)\n", prog, domid);
    hcall_xs_close(xs);
    hcall_privcmd_close(h);
    return 0;
}
