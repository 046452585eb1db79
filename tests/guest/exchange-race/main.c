/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * exchange-race: regression test for issue 14, "frame use-after-free in
 * XENMEM_exchange". A stolen in-frame used to keep its owner and a count
 * of 1: another vCPU could map it while the exchange ran, and undoing the
 * steal overwrote that reference, so the unmap freed a frame the domain
 * still had. Booted with two vCPUs (cases/vcpu.case):
 *  - vCPU 0 exchanges a spare frame F for one below 8 KiB, which never
 *    exists: every call steals F, fails to allocate (-ENOMEM) and gives F
 *    back (or finds F mapped and refuses it, -EINVAL);
 *  - vCPU 1 meanwhile maps F writable at a scratch VA, writes it and
 *    unmaps it, over and over (a map may fail while F is stolen);
 *  - afterwards F must still be ours exactly as before: M2P intact, it
 *    maps and keeps what is written, and a real exchange of it succeeds
 *    (only a frame with nothing but the allocator's reference can go).
 * On Xenolite the frame audit at shutdown must also find nothing.
 */
#include <xt-mm.h>

const char test_title[] = "XENMEM_exchange undo racing a mapping of the frame";

#define W_MAP   40                  /* vCPU 1's scratch window */
#define SEC     1000000000ULL
#define RUN_NS  (2 * SEC)

static volatile bool stop;
static volatile unsigned long maps, map_fails, ap_done;
static unsigned long frame;         /* F's mfn */

static long map_frame(unsigned long mfn)
{
    return hc_update_va_mapping(xt_scratch(W_MAP),
                                mfn ? (mfn << 12) | PTE_P | PTE_RW | PTE_A | PTE_D
                                    : 0,
                                UVMF_INVLPG | UVMF_LOCAL);
}

static void mapper(unsigned int id)
{
    (void)id;
    while ( !stop )
    {
        if ( map_frame(frame) )
        {
            map_fails++;
            continue;
        }
        *(volatile unsigned long *)xt_scratch(W_MAP) = maps;
        map_frame(0);
        maps++;
    }
    __atomic_store_n(&ap_done, 1, __ATOMIC_SEQ_CST);
}

static long exchange(unsigned long mfn, xen_pfn_t *out, unsigned int bits)
{
    struct xen_memory_exchange x;
    xen_pfn_t in = mfn;

    memset(&x, 0, sizeof(x));
    x.in.extent_start.p = &in;
    x.in.nr_extents = 1;
    x.in.domid = DOMID_SELF;
    x.out.extent_start.p = out;
    x.out.nr_extents = 1;
    x.out.mem_flags = XENMEMF_address_bits(bits);
    x.out.domid = DOMID_SELF;
    return hc_memory_op(XENMEM_exchange, &x);
}

static void race(void)
{
    unsigned long pfn = xt_spare_pfn(0), nomem = 0, busy = 0;
    uint64_t t0 = xt_now_ns();
    xen_pfn_t out;
    long rc;

    while ( xt_now_ns() - t0 < RUN_NS )
    {
        out = pfn;
        rc = exchange(frame, &out, 13);
        if ( rc == -XEN_ENOMEM )
            nomem++;
        else if ( rc == -XEN_EINVAL )
            busy++;
        else
        {
            xt_fail("exchange for a frame below 8 KiB = %ld", rc);
            break;
        }
    }
    stop = true;
    for ( unsigned int i = 0; i < 200000 && !ap_done; i++ )
        hc_sched_op(SCHEDOP_yield, NULL);
    xt_check(ap_done, "vCPU 1 did not stop");
    printk("exchanges: %lu -ENOMEM, %lu -EINVAL; vCPU 1: %lu maps, %lu refused\n",
           nomem, busy, maps, map_fails);
    xt_check(nomem > 0 && maps > 0, "no race happened");
}

static void check_frame_intact(void)
{
    unsigned long pfn = xt_spare_pfn(0);
    xen_pfn_t out = pfn;
    long rc;

    xt_check(M2P[frame] == pfn, "M2P[%#lx] = %#lx, want %#lx", frame,
             M2P[frame], pfn);
    rc = map_frame(frame);
    xt_check(rc == 0, "frame %#lx no longer maps: %ld", frame, rc);
    if ( rc == 0 )
    {
        *(volatile unsigned long *)xt_scratch(W_MAP) = 0x5a5a5a5a;
        xt_check(*(volatile unsigned long *)xt_scratch(W_MAP) == 0x5a5a5a5a,
                 "frame %#lx does not keep what is written", frame);
        map_frame(0);
    }
    rc = exchange(frame, &out, 0);
    xt_check(rc == 0, "exchange of frame %#lx afterwards = %ld", frame, rc);
    if ( rc == 0 )
    {
        xt_p2m()[pfn] = out;
        xt_check(M2P[out] == pfn, "new frame %#lx: M2P %#lx", (unsigned long)out,
                 M2P[out]);
    }
}

void test_main(void)
{
    long rc;

    frame = xt_spare_mfn(0);
    if ( xt_nr_vcpus() < 2 )
    {
        xt_skip("only one vCPU: boot with dom0_max_vcpus=2");
        return;
    }
    rc = xt_vcpu_start(1, mapper);
    if ( rc )
    {
        xt_error("starting vCPU 1: %ld", rc);
        return;
    }
    race();
    check_frame_intact();
}
