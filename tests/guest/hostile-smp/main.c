/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hostile-smp (issue 14): an unprivileged DomU with several vCPUs attacks
 * the hypervisor from all of them at once (tests/guest/cases/
 * multi-hostile.case). Domain 0 only watches: the host must survive, the
 * DomU's frames must all come back (the hypervisor's frame audit of d1
 * runs when domain 0 destroys it and the case forbids any problem), and
 * domain 0 must still work afterwards.
 *
 * DomU ("port=1"): every vCPU but one issues ROUNDS hypercalls with random
 * numbers and garbage arguments (the hole/non-canonical/all-ones/random
 * patterns of hostile-hypercalls), leaving out the calls whose garbage
 * would be accepted by design and break this kernel (iret, stack_switch,
 * set_callbacks, fpu_taskswitch, set_timer_op, vm_assist, sched_op(_compat),
 * nmi_op, callback_op, set_segment_base, vcpu_op; kexec_op and console_io
 * too: Xen answers 0 to unknown kexec sub-ops, and a DomU's console output is
 * rate-limited, not refused). Each must fail (negative result), except
 * memory_op, whose reservation sub-ops return the extents done. The last vCPU races memory ownership changes against the others'
 * mappings of the same frames: XENMEM_exchange, decrease_reservation and
 * populate_physmap of the spare frames that vCPU 0 keeps mapping and
 * unmapping (the XENMEM_exchange steal/unsteal window). With "kill=1" for
 * domain 0 and "forever=1" for the DomU, the DomU never finishes: domain 0
 * destroys it mid-storm, while its vCPUs are inside hypercalls.
 */
#include "../multi/multi.h"

const char test_title[] = "hostile SMP DomU: garbage hypercalls and memory races";

#define ROUNDS   100000
#define NFRAMES  8              /* spare frames raced over */
#define W_RACE   30             /* vCPU 0's window onto them */

static volatile unsigned long race_mfn[NFRAMES];
static volatile unsigned int running, finished;
static unsigned long nr_exch, nr_give, nr_take, nr_maps;
static bool forever;            /* "forever=1": storm until destroyed */
static volatile long stray[XT_MAX_VCPUS];

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static unsigned long garbage(uint64_t *s)
{
    static const unsigned long base[] = {
        0xffff830000000000UL, 0x8000000000000000UL, 0xffffffff00000000UL,
    };
    uint64_t r = next(s);

    /* Low 32 bits never 0..0xfff: no valid sub-op number, no NULL. */
    return (r & 3) == 3 ? r | 0x1000 : base[r & 3] + 0x1000 +
                                      ((r >> 8) & 0x7ffff000UL);
}

static bool excluded(unsigned int nr)
{
    switch ( nr )
    {
    case __HYPERVISOR_iret: case __HYPERVISOR_stack_switch:
    case __HYPERVISOR_set_callbacks: case __HYPERVISOR_fpu_taskswitch:
    case __HYPERVISOR_set_timer_op: case __HYPERVISOR_vm_assist:
    case __HYPERVISOR_sched_op: case __HYPERVISOR_sched_op_compat:
    case __HYPERVISOR_nmi_op: case __HYPERVISOR_callback_op:
    case __HYPERVISOR_set_segment_base: case __HYPERVISOR_vcpu_op:
    case __HYPERVISOR_kexec_op: case __HYPERVISOR_console_io:
        return true;
    }
    return false;
}

/* vCPU 0 (via race_map): map and unmap one raced frame in its window. */
static void race_map(unsigned int id, unsigned int i)
{
    unsigned long mfn = race_mfn[i % NFRAMES];

    if ( id != 0 || !mfn )
        return;
    if ( xt_map(W_RACE, mfn, PTE_P | PTE_RW) == 0 )
    {
        *(volatile uint64_t *)xt_scratch(W_RACE) = i;
        nr_maps++;
    }
    xt_map(W_RACE, 0, 0);
}

static void garbage_calls(unsigned int id)
{
    uint64_t s = 0x9e3779b97f4a7c15UL * (id + 1);

    for ( unsigned int i = 0; i < ROUNDS || forever; i++ )
    {
        unsigned int nr = next(&s) % 48;
        unsigned long a[5];
        long rc;

        if ( excluded(nr) )
            continue;
        for ( unsigned int k = 0; k < 5; k++ )
            a[k] = garbage(&s);
        rc = HC(nr, a[0], a[1], a[2], a[3], a[4]);
        /* memory_op's reservation sub-ops report extents done (cmd >> 6). */
        if ( rc >= 0 && nr != __HYPERVISOR_memory_op )
            stray[id] = nr | ((long)i << 8);
        if ( i % 64 == 0 )
            race_map(id, i);
    }
}

/* The last vCPU: exchange, give back and take again the raced frames. */
static void memory_races(unsigned int id)
{
    for ( unsigned int i = 0; i < ROUNDS / 16 || forever; i++ )
    {
        unsigned int k = i % NFRAMES;
        xen_pfn_t in = race_mfn[k], out = 0;
        xen_memory_exchange_t ex = {
            .in = { .nr_extents = 1, .domid = DOMID_SELF },
            .out = { .nr_extents = 1, .domid = DOMID_SELF },
        };
        xen_memory_reservation_t r = { .nr_extents = 1, .domid = DOMID_SELF };

        set_xen_guest_handle(ex.in.extent_start, &in);
        set_xen_guest_handle(ex.out.extent_start, &out);
        if ( hc_memory_op(XENMEM_exchange, &ex) == 0 && out )
        {
            race_mfn[k] = out;
            nr_exch++;
        }
        if ( i % 4 == 3 )
        {
            in = race_mfn[k];
            set_xen_guest_handle(r.extent_start, &in);
            if ( hc_memory_op(XENMEM_decrease_reservation, &r) == 1 )
            {
                race_mfn[k] = 0;
                nr_give++;
                in = xt_spare_pfn(k);
                if ( hc_memory_op(XENMEM_populate_physmap, &r) == 1 )
                {
                    race_mfn[k] = in;
                    nr_take++;
                }
            }
        }
    }
    (void)id;
}

static void worker(unsigned int id)
{
    __atomic_fetch_add(&running, 1, __ATOMIC_SEQ_CST);
    if ( id == xt_nr_vcpus() - 1 )
        memory_races(id);
    else
        garbage_calls(id);
    __atomic_fetch_add(&finished, 1, __ATOMIC_SEQ_CST);
}

static void domu(void)
{
    unsigned int n = xt_nr_vcpus();

    if ( n < 2 )
        return xt_skip("needs at least 2 vCPUs (vcpus:N in domu=)");
    forever = multi_arg("forever=", 0);
    for ( unsigned int k = 0; k < NFRAMES; k++ )
        race_mfn[k] = xt_spare_mfn(k);
    for ( unsigned int id = 1; id < n; id++ )
        xt_check(xt_vcpu_start(id, worker) == 0, "vCPU %u did not start", id);
    printk("%u vCPUs storming\n", n);
    worker(0);
    while ( finished < n )
        hc_sched_op(SCHEDOP_yield, NULL);
    printk("%lu exchanges, %lu frames given back, %lu taken, %lu mappings\n",
           nr_exch, nr_give, nr_take, nr_maps);
    xt_check(nr_exch && nr_give && nr_take && nr_maps,
             "the memory race did not run");
    for ( unsigned int id = 0; id < n; id++ )
        xt_check(!stray[id], "vCPU %u: hypercall %lu succeeded with garbage "
                 "(round %lu)", id, stray[id] & 0xff, stray[id] >> 8);
    xt_check(xt_map(W_RACE, 0, 0) == 0, "the domain no longer works");
}

static void dom0(void)
{
    static struct xen_domctl dc;
    bool kill = multi_arg("kill=", 0), gone = false;
    uint64_t t;
    long rc;

    if ( kill )
    {
        /* Let the storm run, then destroy the DomU in the middle of it. */
        for ( t = xt_now_ns(); xt_now_ns() - t < 500000000UL; )
            hc_sched_op(SCHEDOP_yield, NULL);
    }
    else
        xt_check(multi_wait_shutdown(1), "d1 did not shut down");
    memset(&dc, 0, sizeof(dc));
    rc = multi_domctl(&dc, XEN_DOMCTL_destroydomain, 1);
    xt_check(rc == 0, "destroydomain(1) = %ld", rc);
    for ( unsigned long i = 0; i < MULTI_SPINS && !gone; i++ )
    {
        memset(&dc, 0, sizeof(dc));
        gone = multi_domctl(&dc, XEN_DOMCTL_getdomaininfo, 1) ||
               dc.u.getdomaininfo.domain != 1;
        hc_sched_op(SCHEDOP_yield, NULL);
    }
    xt_check(gone, "d1 still listed after destroy");
    xt_check(xt_map(W_RACE, xt_spare_mfn(0), PTE_P | PTE_RW) == 0 &&
             xt_map(W_RACE, 0, 0) == 0, "domain 0 cannot map after the storm");
}

void test_main(void)
{
    if ( multi_is_dom0() )
        dom0();
    else
        domu();
}
