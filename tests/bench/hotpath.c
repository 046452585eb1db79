/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0 user-space hot paths (tests/bench/hotpath-bench.py, issue 21): the
 * cost of one xen_version(XENVER_version) through /dev/xen/privcmd and of
 * one event round trip through /dev/xen/evtchn (notify a loopback
 * interdomain channel, read the port the upcall queued, unmask it).
 * Booted with `-icount shift=0` a virtual ns is one guest instruction, so
 * the figures are deterministic. The process is pinned to vCPU 0 (where
 * Linux binds the ports) so no IPI or cross-CPU wakeup enters the loop.
 * Prints "HOTPATH: NAME NS" (best of BATCHES batches) and
 * "HOTPATH: done", or "HOTPATH: error ..." and exits 1.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <hcall/evtchn.h>
#include <hcall/privcmd.h>
#include <public/xen.h>
#include <public/version.h>

#define BATCHES 3

/*
 * Called before and after the last batch of each benchmark: the QEMU
 * plugin tests/bench/insn-profile.c counts instructions between two calls.
 */
__attribute__((noinline)) void hotpath_mark(void)
{
    asm volatile("" ::: "memory");
}

static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int fail(const char *what)
{
    printf("HOTPATH: error %s: %s\n", what, strerror(errno));
    return 1;
}

static int bench_version(unsigned long iters, double *best)
{
    struct hcall_privcmd *h = hcall_privcmd_open();

    if (!h)
        return fail("cannot open /dev/xen/privcmd");
    for (int b = 0; b < BATCHES; b++) {
        double t0 = now_ns();

        if (b == BATCHES - 1)
            hotpath_mark();
        for (unsigned long i = 0; i < iters; i++)
            if (hcall_hypercall(h, __HYPERVISOR_xen_version, XENVER_version,
                                0, 0, 0, 0) < 0)
                return fail("xen_version");
        if (b == BATCHES - 1)
            hotpath_mark();
        double ns = (now_ns() - t0) / iters;
        if (b == 0 || ns < *best)
            *best = ns;
    }
    hcall_privcmd_close(h);
    return 0;
}

static int bench_event(unsigned long iters, double *best)
{
    struct hcall_evtchn *h = hcall_evtchn_open();
    int a, b;

    if (!h)
        return fail("cannot open /dev/xen/evtchn");
    a = hcall_evtchn_bind_unbound(h, 0);
    if (a < 0)
        return fail("bind_unbound");
    b = hcall_evtchn_bind_interdomain(h, 0, a);
    if (b < 0)
        return fail("bind_interdomain");
    /* Binding fires b once (a notify may have been lost): drain it. */
    if (hcall_evtchn_set_nonblock(h, 1))
        return fail("O_NONBLOCK");
    for (int p; (p = hcall_evtchn_pending(h)) >= 0;)
        hcall_evtchn_unmask(h, p);
    if (hcall_evtchn_set_nonblock(h, 0))
        return fail("O_NONBLOCK");
    for (int n = 0; n < BATCHES; n++) {
        double t0 = now_ns();

        if (n == BATCHES - 1)
            hotpath_mark();
        for (unsigned long i = 0; i < iters; i++) {
            if (hcall_evtchn_notify(h, b) < 0)
                return fail("notify");
            if (hcall_evtchn_pending(h) != a)
                return fail("read returned another port");
            if (hcall_evtchn_unmask(h, a) < 0)
                return fail("unmask");
        }
        if (n == BATCHES - 1)
            hotpath_mark();
        double ns = (now_ns() - t0) / iters;
        if (n == 0 || ns < *best)
            *best = ns;
    }
    hcall_evtchn_close(h);
    return 0;
}

int main(int argc, char **argv)
{
    unsigned long iters = argc > 1 ? strtoul(argv[1], NULL, 0) : 20000;
    cpu_set_t set;
    double v = 0, e = 0;

    CPU_ZERO(&set);
    CPU_SET(0, &set);
    if (sched_setaffinity(0, sizeof(set), &set))
        return fail("cannot pin to CPU 0");
    if (!iters)
        iters = 1;
    if (bench_version(iters, &v) || bench_event(iters / 4 ? iters / 4 : 1, &e))
        return 1;
    printf("HOTPATH: iters %lu %lu\n", iters, iters / 4 ? iters / 4 : 1);
    printf("HOTPATH: xen_version %.0f\n", v);
    printf("HOTPATH: event_round_trip %.0f\n", e);
    printf("HOTPATH: done\n");
    return 0;
}
